/* akin-decoder-messages.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the decode's calling thread makes of the pipeline's bus messages
 * (akin-decoder-pipeline.c waits for them): tags, with the largest cover
 * image kept; errors, turned into the decode's GError ("not an audio
 * file" for data that is not audio or has no audio stream, GStreamer's
 * catch-all texts reworded for a listener); and the end of the preroll.
 * Errors that a bin kept from the bus (akin-decoder-errors.c) end up here
 * too.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "akin-decoder-private.h"
#include "akin-error.h"

static gsize
sample_size (GstSample *sample)
{
  GstBuffer *buffer = sample != NULL ? gst_sample_get_buffer (sample) : NULL;

  return buffer != NULL ? gst_buffer_get_size (buffer) : 0;
}

static void
keep_largest_image (GstSample        **kept,
                    const GstTagList  *list,
                    const char        *tag)
{
  guint n = gst_tag_list_get_tag_size (list, tag);

  for (guint i = 0; i < n; i++)
    {
      GstSample *sample = NULL;

      if (!gst_tag_list_get_sample_index (list, tag, i, &sample))
        continue;
      if (sample_size (sample) > sample_size (*kept))
        {
          g_clear_pointer (kept, gst_sample_unref);
          *kept = sample;
        }
      else
        gst_sample_unref (sample);
    }
}

static void
decoder_take_tags (AkinDecoderRun *self,
                   GstMessage     *message)
{
  GstTagList *list = NULL;

  gst_message_parse_tag (message, &list);
  _akin_tags_merge (self->tags, list);
  if (self->codec == NULL)
    {
      char *codec = NULL;

      if (gst_tag_list_get_string (list, GST_TAG_AUDIO_CODEC, &codec) && codec != NULL && *codec)
        self->codec = codec;
      else
        g_free (codec);
    }
  keep_largest_image (&self->image, list, GST_TAG_IMAGE);
  keep_largest_image (&self->preview, list, GST_TAG_PREVIEW_IMAGE);
  gst_tag_list_unref (list);
}

gboolean
_akin_decoder_no_audio (AkinDecoderRun *self)
{
  gboolean no_audio;

  /* A stream that is not audio is left unlinked: with no audio beside it,
   * the demuxer stops with a not-linked error (or at its end). */
  g_mutex_lock (&self->lock);
  no_audio = self->other_streams && !self->audio_linked;
  g_mutex_unlock (&self->lock);
  return no_audio;
}

void
_akin_decoder_set_not_audio (AkinDecoderRun  *self,
                             const char      *reason,
                             GError         **error)
{
  g_set_error (error, AKIN_ERROR, AKIN_ERROR_NOT_AUDIO,
               "%s: not an audio file: %s", self->name, reason);
}

/* GStreamer's catch-all texts ("Internal data stream error.", "GStreamer
 * encountered a general stream error.") say nothing to a listener: they
 * are replaced by what the domain and code tell, keeping both (whether a
 * failure is worth retrying depends on them). The original text and the
 * element's debug detail are in the debug log (decoder_take_error()). */
static void
reword_generic (GError *error)
{
  g_autofree char *standard = gst_error_get_message (error->domain, error->code);
  const char *flow_error = g_dgettext ("gstreamer-1.0", "Internal data stream error.");
  const char *reason = NULL;

  if (g_strcmp0 (error->message, standard) != 0
      && g_strcmp0 (error->message, flow_error) != 0
      && g_strcmp0 (error->message, "Internal data stream error.") != 0)
    return;

  if (error->domain == GST_RESOURCE_ERROR)
    {
      if (error->code == GST_RESOURCE_ERROR_NO_SPACE_LEFT)
        reason = _("no space left on the device");
      else if (error->code == GST_RESOURCE_ERROR_NOT_AUTHORIZED)
        reason = _("the file cannot be read: permission denied");
      else
        reason = _("the file could not be read");
    }
  else if (error->domain == GST_STREAM_ERROR
           && (error->code == GST_STREAM_ERROR_CODEC_NOT_FOUND
               || error->code == GST_STREAM_ERROR_NOT_IMPLEMENTED))
    reason = _("no installed decoder reads this kind of audio");
  else if (error->domain == GST_STREAM_ERROR || error->domain == GST_CORE_ERROR
           || error->domain == GST_LIBRARY_ERROR)
    reason = _("the file is damaged or not in a format the installed decoders read");
  if (reason == NULL)
    return;
  g_free (error->message);
  error->message = g_strdup (reason);
}

static void
decoder_take_error (AkinDecoderRun  *self,
                    GstMessage      *message,
                    GError         **error)
{
  g_autoptr(GError) gst_error = NULL;
  g_autofree char *debug = NULL;

  gst_message_parse_error (message, &gst_error, &debug);
  g_debug ("%s: %s (%s)", self->name, gst_error->message, debug ? debug : "");

  /* Data of no known media type (TYPE_NOT_FOUND), a type parsebin refuses
   * outright (WRONG_TYPE: plain text), or media with no audio stream are
   * "not audio"; every other failure keeps GStreamer's domain and code. */
  if (_akin_decoder_no_audio (self)
      || g_error_matches (gst_error, GST_STREAM_ERROR, GST_STREAM_ERROR_TYPE_NOT_FOUND)
      || g_error_matches (gst_error, GST_STREAM_ERROR, GST_STREAM_ERROR_WRONG_TYPE))
    {
      _akin_decoder_set_not_audio (self,
                                   _akin_decoder_no_audio (self) ? "no audio stream"
                                                                 : gst_error->message,
                                   error);
      return;
    }
  reword_generic (gst_error);
  g_prefix_error (&gst_error, "%s: ", self->name);
  g_propagate_error (error, g_steal_pointer (&gst_error));
}

/* Handles one bus message. Sets *async_done when the pipeline has prerolled.
 * Returns FALSE with @error on an error. */
gboolean
_akin_decoder_handle_message (AkinDecoderRun  *self,
                              GstMessage      *message,
                              gboolean        *async_done,
                              GError         **error)
{
  GstMessageType type = GST_MESSAGE_TYPE (message);

  /* GstMessageType is a set of flags: an if chain, not a switch. */
  self->progressed = TRUE;
  if (type == GST_MESSAGE_ERROR)
    {
      decoder_take_error (self, message, error);
      return FALSE;
    }
  if (type == GST_MESSAGE_TAG)
    decoder_take_tags (self, message);
  else if (type == GST_MESSAGE_APPLICATION
           && gst_message_has_name (message, "akin-other-stream-ended")
           && _akin_decoder_no_audio (self))
    {
      _akin_decoder_set_not_audio (self, "no audio stream", error);
      return FALSE;
    }
  else if (type == GST_MESSAGE_ASYNC_DONE && async_done != NULL
           && GST_MESSAGE_SRC (message) == GST_OBJECT (self->pipeline))
    *async_done = TRUE;
  return TRUE;
}

/* Fails with an error that a bin kept from the bus (akin-decoder-errors.c). */
gboolean
_akin_decoder_check_posted_error (AkinDecoderRun  *self,
                                  gint64           last_sample,
                                  GError         **error)
{
  g_autoptr(GstMessage) message = _akin_decoder_take_posted_error (self, last_sample);

  if (message == NULL)
    return TRUE;
  decoder_take_error (self, message, error);
  return FALSE;
}

/* Handles every pending bus message. */
gboolean
_akin_decoder_drain_bus (AkinDecoderRun  *self,
                         gboolean        *async_done,
                         GError         **error)
{
  GstMessage *message;

  while ((message = gst_bus_pop (self->bus)) != NULL)
    {
      gboolean ok = _akin_decoder_handle_message (self, message, async_done, error);

      gst_message_unref (message);
      if (!ok)
        return FALSE;
    }
  return TRUE;
}
