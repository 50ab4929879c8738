/* akin-decoder-pipeline.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Any file GStreamer can play → mono float32 at 22050 Hz, through
 *
 *   uridecodebin ! audioconvert ! audioresample
 *     ! audio/x-raw,format=F32LE,channels=1,rate=22050,layout=interleaved ! appsink
 *
 * Threads: everything is synchronous in the calling thread, which must not
 * be the UI thread. No GMainContext is used: the caller pulls samples from
 * the appsink with a short timeout and pops the bus between pulls, checking
 * its GCancellable each time. uridecodebin's signals run in GStreamer's
 * streaming threads and only touch the fields under AkinDecoderRun.lock. Any number
 * of decodes may run at once in different threads.
 *
 * Down-mix and linking are in akin-decoder-graph.c.
 *
 * The appsink holds at most a few buffers, so memory stays bounded whatever
 * the length of the file: the streaming thread blocks until we pull.
 */

#include "config.h"

#include <gst/app/gstappsink.h>
#include <gst/audio/audio.h>
#include <math.h>

#include "akin-decoder-private.h"
#include "akin-error.h"

#define PULL_TIMEOUT     (50 * GST_MSECOND)
/* Before the first buffer: one more second per this many bytes of file. */
#define BYTES_PER_EXTRA_SECOND 10000000.0

/* gst_init_check() once per process, from any thread. Its failure (a broken
 * plugin registry) is kept and reported by every decode. */
gboolean
_akin_decoder_ensure_gst (GError **error)
{
  static GError *init_error;
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      gst_init_check (NULL, NULL, &init_error);
      g_once_init_leave (&initialized, 1);
    }
  if (init_error != NULL)
    {
      g_propagate_prefixed_error (error, g_error_copy (init_error),
                                  "GStreamer could not be initialised: ");
      return FALSE;
    }
  return TRUE;
}

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

static gboolean
decoder_no_audio (AkinDecoderRun *self)
{
  gboolean no_audio;

  g_mutex_lock (&self->lock);
  no_audio = self->no_audio;
  g_mutex_unlock (&self->lock);
  return no_audio;
}

static void
set_not_audio (AkinDecoderRun  *self,
               const char      *reason,
               GError         **error)
{
  g_set_error (error, AKIN_ERROR, AKIN_ERROR_NOT_AUDIO,
               "%s: not an audio file: %s", self->name, reason);
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

  /* Data of no known media type (TYPE_NOT_FOUND), a type decodebin refuses
   * outright (WRONG_TYPE: plain text), or media with no audio stream are
   * "not audio"; every other failure keeps GStreamer's domain and code. */
  if (decoder_no_audio (self)
      || g_error_matches (gst_error, GST_STREAM_ERROR, GST_STREAM_ERROR_TYPE_NOT_FOUND)
      || g_error_matches (gst_error, GST_STREAM_ERROR, GST_STREAM_ERROR_WRONG_TYPE))
    {
      set_not_audio (self, decoder_no_audio (self) ? "no audio stream" : gst_error->message, error);
      return;
    }
  g_prefix_error (&gst_error, "%s: ", self->name);
  g_propagate_error (error, g_steal_pointer (&gst_error));
}

/* Handles one bus message. Sets *async_done when the pipeline has prerolled.
 * Returns FALSE with @error on an error. */
static gboolean
decoder_handle_message (AkinDecoderRun  *self,
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
  else if (type == GST_MESSAGE_APPLICATION && gst_message_has_name (message, "akin-no-audio"))
    {
      set_not_audio (self, "no audio stream", error);
      return FALSE;
    }
  else if (type == GST_MESSAGE_ASYNC_DONE && async_done != NULL
           && GST_MESSAGE_SRC (message) == GST_OBJECT (self->pipeline))
    *async_done = TRUE;
  return TRUE;
}

/* Handles every pending bus message. */
static gboolean
decoder_drain_bus (AkinDecoderRun  *self,
                   gboolean        *async_done,
                   GError         **error)
{
  GstMessage *message;

  while ((message = gst_bus_pop (self->bus)) != NULL)
    {
      gboolean ok = decoder_handle_message (self, message, async_done, error);

      gst_message_unref (message);
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

static gboolean
decoder_start (AkinDecoderRun  *self,
               GstState         state,
               GError         **error)
{
  if (gst_element_set_state (self->pipeline, state) != GST_STATE_CHANGE_FAILURE)
    return TRUE;

  /* The element that failed has posted the reason. */
  if (!decoder_drain_bus (self, NULL, error))
    return FALSE;
  g_set_error (error, GST_CORE_ERROR, GST_CORE_ERROR_STATE_CHANGE,
               "%s: the decoding pipeline could not start", self->name);
  return FALSE;
}

static gint64
stall_limit (const AkinDecodeOptions *options,
             guint64                  size,
             gboolean                 started)
{
  double seconds = options->stall_timeout > 0 ? options->stall_timeout
                                              : AKIN_DECODE_DEFAULT_STALL_TIMEOUT;

  if (!started)
    seconds += (double) size / BYTES_PER_EXTRA_SECOND;
  return (gint64) (seconds * G_USEC_PER_SEC);
}

static gboolean
check_stall (AkinDecoderRun           *self,
             const AkinDecodeOptions  *options,
             guint64                   size,
             gboolean                  started,
             gint64                   *last_progress,
             GError                  **error)
{
  gint64 now = g_get_monotonic_time ();

  if (self->progressed)
    {
      self->progressed = FALSE;
      *last_progress = now;
      return TRUE;
    }
  if (now - *last_progress <= stall_limit (options, size, started))
    return TRUE;
  g_set_error (error, AKIN_ERROR, AKIN_ERROR_TIMEOUT,
               "%s: decoding made no progress for %.1f s",
               self->name, (double) (now - *last_progress) / G_USEC_PER_SEC);
  return FALSE;
}

/* Hands one sample to @func. Sets *stop when the excerpt limit is reached. */
static gboolean
deliver (AkinDecoderRun           *self,
         GstSample                *sample,
         const AkinDecodeOptions  *options,
         guint64                  *delivered,
         AkinDecoderFunc           func,
         gpointer                  user_data,
         gboolean                 *stop,
         GError                  **error)
{
  guint64 max_samples = G_MAXUINT64;
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  GstMapInfo map;
  gsize n;
  gboolean beyond = FALSE;
  gboolean ok = TRUE;

  if (options->max_duration > 0)
    max_samples = (guint64) ceil (options->max_duration * AKIN_SAMPLE_RATE);
  if (buffer == NULL || !gst_buffer_map (buffer, &map, GST_MAP_READ))
    return TRUE;

  n = map.size / sizeof (float);
  if (n > max_samples - *delivered)
    {
      n = max_samples - *delivered;
      beyond = TRUE;
    }
  if (n > 0)
    {
      g_autoptr(GError) local_error = NULL;

      ok = func ((const float *) map.data, n, user_data, &local_error);
      if (!ok)
        {
          if (local_error == NULL)
            g_set_error (&local_error, AKIN_ERROR, AKIN_ERROR_FAILED,
                         "%s: decoding stopped by its consumer", self->name);
          g_propagate_error (error, g_steal_pointer (&local_error));
        }
      *delivered += n;
    }
  gst_buffer_unmap (buffer, &map);

  if (ok && beyond)
    {
      *stop = TRUE;
      if (options->fail_if_longer)
        {
          g_set_error (error, AKIN_ERROR, AKIN_ERROR_TOO_LONG,
                       "%s: the audio is longer than %.0f s", self->name, options->max_duration);
          ok = FALSE;
        }
    }
  return ok;
}

/* With fail_if_longer, refuses at once a stream whose announced duration
 * is clearly beyond the limit, instead of decoding up to the limit first.
 * The margin covers estimates from bitrates (VBR MP3 without an index); the
 * exact check is on the samples delivered. */
static gboolean
check_known_duration (AkinDecoderRun           *self,
                      const AkinDecodeOptions  *options,
                      GError                  **error)
{
  gint64 duration = -1;

  if (!options->fail_if_longer || options->max_duration <= 0)
    return TRUE;
  if (!gst_element_query_duration (self->pipeline, GST_FORMAT_TIME, &duration) || duration <= 0)
    return TRUE;
  if ((double) duration / GST_SECOND <= 1.1 * options->max_duration + 1.0)
    return TRUE;
  g_set_error (error, AKIN_ERROR, AKIN_ERROR_TOO_LONG,
               "%s: the audio is longer than %.0f s (%.0f s)", self->name,
               options->max_duration, (double) duration / GST_SECOND);
  return FALSE;
}

static gboolean
decoder_run (AkinDecoderRun           *self,
             const AkinDecodeOptions  *options,
             guint64                   size,
             AkinDecoderFunc           func,
             gpointer                  user_data,
             guint64                  *delivered,
             GCancellable             *cancellable,
             GError                  **error)
{
  gint64 last_progress = g_get_monotonic_time ();
  gboolean started = FALSE;

  if (!decoder_start (self, GST_STATE_PLAYING, error))
    return FALSE;

  for (;;)
    {
      g_autoptr(GstSample) sample = NULL;
      gboolean stop = FALSE;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (!decoder_drain_bus (self, NULL, error))
        return FALSE;

      sample = gst_app_sink_try_pull_sample (self->sink, PULL_TIMEOUT);
      if (sample != NULL)
        {
          if (!started && !check_known_duration (self, options, error))
            return FALSE;
          started = self->progressed = TRUE;
          if (!deliver (self, sample, options, delivered, func, user_data, &stop, error))
            return FALSE;
          if (stop)
            break;
        }
      else if (gst_app_sink_is_eos (self->sink))
        {
          /* Tags posted just before the end. */
          if (!decoder_drain_bus (self, NULL, error))
            return FALSE;
          break;
        }
      if (!check_stall (self, options, size, started, &last_progress, error))
        return FALSE;
    }

  if (*delivered == 0)
    {
      g_set_error (error, AKIN_ERROR, AKIN_ERROR_EMPTY,
                   "%s: the file holds no audio samples", self->name);
      return FALSE;
    }
  return TRUE;
}

/* Prerolls the pipeline (PAUSED) and collects the tags seen until then,
 * without decoding the rest of the file. */
static gboolean
decoder_preroll (AkinDecoderRun           *self,
                 const AkinDecodeOptions  *options,
                 guint64                   size,
                 GCancellable             *cancellable,
                 GError                  **error)
{
  gint64 last_progress = g_get_monotonic_time ();
  gboolean async_done = FALSE;

  if (!decoder_start (self, GST_STATE_PAUSED, error))
    return FALSE;

  while (!async_done)
    {
      g_autoptr(GstMessage) message = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      message = gst_bus_timed_pop (self->bus, PULL_TIMEOUT);
      if (message != NULL && !decoder_handle_message (self, message, &async_done, error))
        return FALSE;
      if (!check_stall (self, options, size, FALSE, &last_progress, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
_akin_decode_uri (const char               *uri,
                  const char               *name,
                  guint64                   size,
                  AkinDecodeMode            mode,
                  const AkinDecodeOptions  *options,
                  AkinDecoderFunc           func,
                  gpointer                  user_data,
                  AkinDecodeInfo          **info,
                  GBytes                  **cover,
                  GCancellable             *cancellable,
                  GError                  **error)
{
  static const AkinDecodeOptions defaults = { 0 };
  AkinDecoderRun self = { 0 };
  guint64 delivered = 0;
  gboolean ok;

  if (!_akin_decoder_ensure_gst (error))
    return FALSE;
  if (options == NULL)
    options = &defaults;

  self.name = name;
  self.tags = akin_tags_new ();
  g_mutex_init (&self.lock);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    ok = FALSE;
  else if (!_akin_decoder_build (&self, uri, error))
    ok = FALSE;
  else if (mode == AKIN_DECODE_MODE_STREAM)
    ok = decoder_run (&self, options, size, func, user_data, &delivered, cancellable, error);
  else
    ok = decoder_preroll (&self, options, size, cancellable, error);

  if (ok && info != NULL)
    {
      AkinDecodeInfo *result = g_new0 (AkinDecodeInfo, 1);

      result->tags = g_steal_pointer (&self.tags);
      result->n_samples = delivered;
      result->duration = (double) delivered / AKIN_SAMPLE_RATE;
      g_mutex_lock (&self.lock);
      result->source_rate = self.source_rate;
      result->source_channels = self.source_channels;
      g_mutex_unlock (&self.lock);
      result->codec = g_steal_pointer (&self.codec);
      *info = result;
    }
  if (ok && cover != NULL)
    {
      GstSample *best = self.image != NULL ? self.image : self.preview;
      GstBuffer *buffer = best != NULL ? gst_sample_get_buffer (best) : NULL;

      *cover = NULL;
      if (buffer != NULL && gst_buffer_get_size (buffer) > 0)
        {
          GstMapInfo map;

          if (gst_buffer_map (buffer, &map, GST_MAP_READ))
            {
              *cover = g_bytes_new (map.data, map.size);
              gst_buffer_unmap (buffer, &map);
            }
        }
    }

  _akin_decoder_clear (&self);
  return ok;
}
