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
 * streaming threads and only touch the fields under Decoder.lock. Any number
 * of decodes may run at once in different threads.
 *
 * Down-mix: audioconvert's default matrix for 5.1 → mono is not a mean (it
 * weights FL, FR and LFE 0.21, FC 0.15, the surrounds 0.11). The analysis
 * follows librosa's to_mono(), the plain mean of all channels, so an explicit
 * 1×N matrix of 1/N is set on audioconvert once the decoded pad's channel
 * count is known. For stereo it equals the default, (L + R) / 2.
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
#define SINK_MAX_BUFFERS 16
/* Before the first buffer: one more second per this many bytes of file. */
#define BYTES_PER_EXTRA_SECOND 10000000.0

typedef struct
{
  const char  *name;
  GstElement  *pipeline;
  GstElement  *convert;
  GstAppSink  *sink;
  GstBus      *bus;

  /* Written from streaming threads. */
  GMutex       lock;
  gboolean     audio_linked;
  gboolean     group_complete;   /* no-more-pads came after the last pad */
  gboolean     no_audio;
  guint        source_rate;
  guint        source_channels;

  /* The calling thread only. */
  AkinTags    *tags;
  char        *codec;
  GstSample   *image;     /* the largest GST_TAG_IMAGE so far */
  GstSample   *preview;   /* the largest GST_TAG_PREVIEW_IMAGE so far */
  gboolean     progressed;
} Decoder;

void
_akin_decoder_ensure_gst (void)
{
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      g_autoptr(GError) error = NULL;

      if (!gst_init_check (NULL, NULL, &error))
        g_error ("GStreamer could not be initialised: %s", error->message);
      g_once_init_leave (&initialized, 1);
    }
}

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

/* Streaming thread: links the first decoded audio pad of each group of
 * pads, ignores the others. */
static void
on_pad_added (GstElement *decodebin,
              GstPad     *pad,
              gpointer    user_data)
{
  Decoder *self = user_data;
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

  if (channels > 0)
    set_mean_mix_matrix (self->convert, channels);
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
  Decoder *self = user_data;
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

static gboolean
decoder_build (Decoder     *self,
               const char  *uri,
               GError     **error)
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
  g_signal_connect (decodebin, "pad-added", G_CALLBACK (on_pad_added), self);
  g_signal_connect (decodebin, "no-more-pads", G_CALLBACK (on_no_more_pads), self);
  self->bus = gst_pipeline_get_bus (GST_PIPELINE (self->pipeline));
  return TRUE;
}

static void
decoder_clear (Decoder *self)
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
decoder_take_tags (Decoder    *self,
                   GstMessage *message)
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
decoder_no_audio (Decoder *self)
{
  gboolean no_audio;

  g_mutex_lock (&self->lock);
  no_audio = self->no_audio;
  g_mutex_unlock (&self->lock);
  return no_audio;
}

static void
set_not_audio (Decoder     *self,
               const char  *reason,
               GError     **error)
{
  g_set_error (error, AKIN_ERROR, AKIN_ERROR_NOT_AUDIO,
               "%s: not an audio file: %s", self->name, reason);
}

static void
decoder_take_error (Decoder     *self,
                    GstMessage  *message,
                    GError     **error)
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
decoder_handle_message (Decoder     *self,
                        GstMessage  *message,
                        gboolean    *async_done,
                        GError     **error)
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
decoder_drain_bus (Decoder   *self,
                   gboolean  *async_done,
                   GError   **error)
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
decoder_start (Decoder   *self,
               GstState   state,
               GError   **error)
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
check_stall (Decoder                  *self,
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
deliver (Decoder                  *self,
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
check_known_duration (Decoder                  *self,
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
decoder_run (Decoder                  *self,
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
decoder_preroll (Decoder                  *self,
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
  Decoder self = { 0 };
  guint64 delivered = 0;
  gboolean ok;

  _akin_decoder_ensure_gst ();
  if (options == NULL)
    options = &defaults;

  self.name = name;
  self.tags = akin_tags_new ();
  g_mutex_init (&self.lock);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    ok = FALSE;
  else if (!decoder_build (&self, uri, error))
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

  decoder_clear (&self);
  return ok;
}
