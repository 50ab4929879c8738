/* gst-test-pipeline.c: making test media with GStreamer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the decoder tests and the application's cover tests, which make
 * their audio (and tagged files with covers) with GStreamer's own encoders.
 */

#include "config.h"

#include <math.h>

#include <gst/tag/tag.h>

#include "gst-test-pipeline.h"

/* Runs a gst-launch style description to the end. A "tagger" element, when
 * @tags is given, gets them through GstTagSetter. */
void
test_run_pipeline (const char *description,
                   GstTagList *tags)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) message = NULL;

  pipeline = gst_parse_launch (description, &error);
  g_assert_no_error (error);
  gst_object_ref_sink (pipeline);
  if (tags != NULL)
    {
      g_autoptr(GstElement) tagger = gst_bin_get_by_name (GST_BIN (pipeline), "tagger");

      g_assert_nonnull (tagger);
      gst_tag_setter_merge_tags (GST_TAG_SETTER (tagger), tags, GST_TAG_MERGE_REPLACE);
    }
  bus = gst_element_get_bus (pipeline);
  g_assert_cmpint (gst_element_set_state (pipeline, GST_STATE_PLAYING), !=,
                   GST_STATE_CHANGE_FAILURE);
  message = gst_bus_timed_pop_filtered (bus, 60 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  g_assert_nonnull (message);
  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      g_autoptr(GError) gst_error = NULL;

      gst_message_parse_error (message, &gst_error, NULL);
      g_error ("making a test file with \"%s\": %s", description, gst_error->message);
    }
  gst_element_set_state (pipeline, GST_STATE_NULL);
}

/* @n samples of @y (clipped to [-1, 1)) as a 16-bit PCM mono WAV file at
 * @rate Hz. */
void
test_write_wav (const char  *path,
                const float *y,
                gsize        n,
                guint        rate)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  guint32 u32;
  guint16 u16;

#define PUT(bytes, len) g_byte_array_append (out, (const guint8 *) (bytes), len)
#define PUT32(v) (u32 = GUINT32_TO_LE (v), PUT (&u32, 4))
#define PUT16(v) (u16 = GUINT16_TO_LE (v), PUT (&u16, 2))
  PUT ("RIFF", 4);
  PUT32 ((guint32) (36 + 2 * n));
  PUT ("WAVEfmt ", 8);
  PUT32 (16);
  PUT16 (1);
  PUT16 (1);
  PUT32 (rate);
  PUT32 (rate * 2);
  PUT16 (2);
  PUT16 (16);
  PUT ("data", 4);
  PUT32 ((guint32) (2 * n));
  for (gsize i = 0; i < n; i++)
    PUT16 ((guint16) (gint16) lrint (CLAMP (y[i], -1.0f, 0.99997f) * 32768.0));
#undef PUT16
#undef PUT32
#undef PUT
  g_file_set_contents (path, (const char *) out->data, out->len, &error);
  g_assert_no_error (error);
}
