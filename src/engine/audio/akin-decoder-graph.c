/* akin-decoder-graph.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Builds and tears down the decoder's pipeline, and links uridecodebin's
 * decoded audio to it as pads appear (in GStreamer's streaming threads).
 *
 * Down-mix: audioconvert's default matrix for 5.1 → mono is not a mean (it
 * weights FL, FR and LFE 0.21, FC 0.15, the surrounds 0.11). The analysis
 * follows librosa's to_mono(), the plain mean of all channels, so an explicit
 * 1×N matrix of 1/N is set on audioconvert whenever caps with N channels
 * reach it. For stereo it equals the default, (L + R) / 2.
 */

#include "config.h"

#include <gst/app/gstappsink.h>
#include <gst/audio/audio.h>

#include "akin-decoder-private.h"

/* The appsink's queue: the streaming thread blocks when it is full. */
#define SINK_MAX_BUFFERS 16

static void
set_mean_mix_matrix (GstElement *convert,
                     guint       channels)
{
  GValue matrix = G_VALUE_INIT;
  GValue row = G_VALUE_INIT;

  g_assert (channels > 0);

  g_value_init (&matrix, GST_TYPE_ARRAY);
  g_value_init (&row, GST_TYPE_ARRAY);
  for (guint c = 0; c < channels; c++)
    {
      GValue weight = G_VALUE_INIT;

      g_value_init (&weight, G_TYPE_FLOAT);
      g_value_set_float (&weight, 1.0f / (float) channels);
      gst_value_array_append_and_take_value (&row, &weight);
    }
  gst_value_array_append_and_take_value (&matrix, &row);
  g_object_set_property (G_OBJECT (convert), "mix-matrix", &matrix);
  g_value_unset (&matrix);
}

/* Streaming thread: before audioconvert sees new caps, sets the matrix for
 * their channel count (a chained stream's next song, or a decoder that
 * changes its channel count mid-stream, e.g. HE-AAC with parametric
 * stereo). */
static GstPadProbeReturn
on_convert_event (GstPad          *pad,
                  GstPadProbeInfo *info,
                  gpointer         user_data)
{
  GstElement *convert = user_data;
  GstEvent *event = GST_PAD_PROBE_INFO_EVENT (info);
  GstCaps *caps = NULL;
  int channels = 0;

  if (GST_EVENT_TYPE (event) != GST_EVENT_CAPS)
    return GST_PAD_PROBE_OK;
  gst_event_parse_caps (event, &caps);
  if (caps != NULL && !gst_caps_is_empty (caps)
      && gst_structure_get_int (gst_caps_get_structure (caps, 0), "channels", &channels)
      && channels > 0)
    set_mean_mix_matrix (convert, (guint) channels);
  return GST_PAD_PROBE_OK;
}

/* Streaming thread: links the first decoded audio pad of each group of
 * pads, ignores the others. */
static void
on_pad_added (GstElement *decodebin,
              GstPad     *pad,
              gpointer    user_data)
{
  AkinDecoderRun *self = user_data;
  g_autoptr(GstCaps) caps = NULL;
  g_autoptr(GstPad) sink_pad = NULL;
  GstStructure *structure;
  int rate = 0;
  int channels = 0;
  gboolean relink;

  caps = gst_pad_get_current_caps (pad);
  if (caps == NULL)
    caps = gst_pad_query_caps (pad, NULL);
  if (caps == NULL || gst_caps_is_empty (caps))
    return;
  structure = gst_caps_get_structure (caps, 0);
  if (!g_str_has_prefix (gst_structure_get_name (structure), "audio/"))
    return;
  gst_structure_get_int (structure, "rate", &rate);
  gst_structure_get_int (structure, "channels", &channels);

  /* One audio stream per group of pads. A pad that comes after the group
   * was complete starts the next group (a chained Ogg's next song): it
   * replaces the previous, drained pad. */
  g_mutex_lock (&self->lock);
  if (self->audio_linked && !self->group_complete)
    {
      g_mutex_unlock (&self->lock);
      return;
    }
  relink = self->audio_linked;
  self->audio_linked = TRUE;
  self->group_complete = FALSE;
  if (!relink)
    {
      self->source_rate = MAX (rate, 0);
      self->source_channels = MAX (channels, 0);
    }
  g_mutex_unlock (&self->lock);

  sink_pad = gst_element_get_static_pad (self->convert, "sink");
  if (relink)
    {
      g_autoptr(GstPad) previous = gst_pad_get_peer (sink_pad);

      if (previous != NULL)
        gst_pad_unlink (previous, sink_pad);
    }
  if (GST_PAD_LINK_FAILED (gst_pad_link (pad, sink_pad)))
    GST_ELEMENT_ERROR (decodebin, CORE, NEGOTIATION, (NULL),
                       ("could not link the decoded audio to audioconvert"));
}

/* Streaming thread: every stream has been exposed. */
static void
on_no_more_pads (GstElement *decodebin,
                 gpointer    user_data)
{
  AkinDecoderRun *self = user_data;
  gboolean no_audio;

  g_mutex_lock (&self->lock);
  self->group_complete = TRUE;
  no_audio = self->no_audio = !self->audio_linked;
  g_mutex_unlock (&self->lock);

  if (no_audio)
    gst_element_post_message (decodebin,
                              gst_message_new_application (GST_OBJECT (decodebin),
                                                           gst_structure_new_empty ("akin-no-audio")));
}

gboolean
_akin_decoder_build (AkinDecoderRun  *self,
                     const char      *uri,
                     GError         **error)
{
  GstElement *decodebin = gst_element_factory_make ("uridecodebin", NULL);
  GstElement *convert = gst_element_factory_make ("audioconvert", NULL);
  GstElement *resample = gst_element_factory_make ("audioresample", NULL);
  GstElement *filter = gst_element_factory_make ("capsfilter", NULL);
  GstElement *sink = gst_element_factory_make ("appsink", NULL);
  g_autoptr(GstCaps) caps = NULL;

  if (decodebin == NULL || convert == NULL || resample == NULL || filter == NULL || sink == NULL)
    {
      g_set_error (error, GST_CORE_ERROR, GST_CORE_ERROR_MISSING_PLUGIN,
                   "%s: a GStreamer element the decoder needs is not installed "
                   "(uridecodebin, audioconvert, audioresample, capsfilter, appsink)",
                   self->name);
      g_clear_pointer (&decodebin, gst_object_unref);
      g_clear_pointer (&convert, gst_object_unref);
      g_clear_pointer (&resample, gst_object_unref);
      g_clear_pointer (&filter, gst_object_unref);
      g_clear_pointer (&sink, gst_object_unref);
      return FALSE;
    }

  /* Native-endian float, i.e. F32LE on every machine we build for, so the
   * mapped buffer can be read as float[]. */
  caps = gst_caps_new_simple ("audio/x-raw",
                              "format", G_TYPE_STRING, GST_AUDIO_NE (F32),
                              "channels", G_TYPE_INT, 1,
                              "rate", G_TYPE_INT, AKIN_SAMPLE_RATE,
                              "layout", G_TYPE_STRING, "interleaved",
                              NULL);
  g_object_set (decodebin, "uri", uri, NULL);
  g_object_set (filter, "caps", caps, NULL);
  g_object_set (sink,
                "sync", FALSE,
                "emit-signals", FALSE,
                "max-buffers", SINK_MAX_BUFFERS,
                "drop", FALSE,
                "enable-last-sample", FALSE,
                NULL);

  self->pipeline = gst_pipeline_new (NULL);
  gst_object_ref_sink (self->pipeline);
  self->convert = convert;
  self->sink = GST_APP_SINK (sink);
  gst_bin_add_many (GST_BIN (self->pipeline), decodebin, convert, resample, filter, sink, NULL);
  if (!gst_element_link_many (convert, resample, filter, sink, NULL))
    {
      g_set_error (error, GST_CORE_ERROR, GST_CORE_ERROR_NEGOTIATION,
                   "%s: could not link the decoder's elements", self->name);
      return FALSE;
    }
  {
    g_autoptr(GstPad) convert_sink = gst_element_get_static_pad (convert, "sink");

    gst_pad_add_probe (convert_sink, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, on_convert_event,
                       convert, NULL);
  }
  g_signal_connect (decodebin, "pad-added", G_CALLBACK (on_pad_added), self);
  g_signal_connect (decodebin, "no-more-pads", G_CALLBACK (on_no_more_pads), self);
  self->bus = gst_pipeline_get_bus (GST_PIPELINE (self->pipeline));
  return TRUE;
}

void
_akin_decoder_clear (AkinDecoderRun *self)
{
  if (self->pipeline != NULL)
    {
      /* Joins every streaming thread, so no signal handler runs after this. */
      gst_element_set_state (self->pipeline, GST_STATE_NULL);
      gst_clear_object (&self->pipeline);
    }
  gst_clear_object (&self->bus);
  g_clear_pointer (&self->image, gst_sample_unref);
  g_clear_pointer (&self->preview, gst_sample_unref);
  g_clear_pointer (&self->tags, akin_tags_free);
  g_clear_pointer (&self->codec, g_free);
  g_mutex_clear (&self->lock);
}
