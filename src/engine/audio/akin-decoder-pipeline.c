/* akin-decoder-pipeline.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Any file GStreamer can play → mono float32 at 22050 Hz, through the
 * pipeline of akin-decoder-graph.c.
 *
 * Threads: the consumer's callback runs in the pipeline's one streaming
 * thread (the demuxer's), from the appsink's new-sample callback, right
 * after the samples are converted: no queue, no hand-off. The calling
 * thread, which must not be the UI thread, only waits on the bus with a
 * short timeout, handling its messages (tags and errors in
 * akin-decoder-messages.c, the end here) and checking its GCancellable and
 * the stall limit (akin-decoder-watchdog.c) each time.
 * No GMainContext is used.
 * parsebin's signals run in streaming threads and only touch the fields
 * under AkinDecoderRun.lock. Any number of decodes may run at once in
 * different threads.
 *
 * The streaming thread blocks in the callback while the consumer works, so
 * memory stays bounded whatever the length of the file. When the consumer
 * fails, the excerpt is complete or the decode is cancelled, the callback
 * returns GST_FLOW_FLUSHING, which stops the demuxer without an error
 * message, and posts "akin-stopped" for the calling thread.
 */

#include "config.h"

#include <gst/app/gstappsink.h>
#include <gst/audio/audio.h>
#include <math.h>

#include "akin-decoder-private.h"
#include "akin-error.h"

#define POLL_TIMEOUT     (50 * GST_MSECOND)

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

static gboolean
decoder_start (AkinDecoderRun  *self,
               GstState         state,
               GError         **error)
{
  if (gst_element_set_state (self->pipeline, state) != GST_STATE_CHANGE_FAILURE)
    return TRUE;

  /* The element that failed has posted the reason. */
  if (!_akin_decoder_drain_bus (self, NULL, error))
    return FALSE;
  g_set_error (error, GST_CORE_ERROR, GST_CORE_ERROR_STATE_CHANGE,
               "%s: the decoding pipeline could not start", self->name);
  return FALSE;
}

/* Streaming thread: hands samples to the consumer. Sets *stop when the
 * excerpt limit is reached. */
static gboolean
deliver (AkinDecoderRun  *self,
         const float     *samples,
         gsize            n,
         gboolean        *stop,
         GError         **error)
{
  const AkinDecodeOptions *options = self->options;
  gboolean beyond = FALSE;
  gboolean ok = TRUE;

  if (n > self->max_samples - self->delivered)
    {
      n = self->max_samples - self->delivered;
      beyond = TRUE;
    }
  if (n > 0)
    {
      g_autoptr(GError) local_error = NULL;

      g_atomic_int_set (&self->in_consumer, TRUE);
      ok = self->func (samples, n, self->user_data, &local_error);
      g_atomic_int_set (&self->in_consumer, FALSE);
      g_atomic_int_inc (&self->activity);
      if (!ok)
        {
          if (local_error == NULL)
            g_set_error (&local_error, AKIN_ERROR, AKIN_ERROR_FAILED,
                         "%s: decoding stopped by its consumer", self->name);
          g_propagate_error (error, g_steal_pointer (&local_error));
        }
      self->delivered += n;
    }

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

/* Streaming thread: the 22.05 kHz samples a decimated stream still owes. */
static gboolean
deliver_decimator_tail (AkinDecoderRun  *self,
                        gboolean        *stop,
                        GError         **error)
{
  const float *samples;
  gsize n;

  if (_akin_decimator_is_empty (self->decimator))
    return TRUE;
  n = _akin_decimator_finish (self->decimator, &samples);
  _akin_decimator_reset (self->decimator);
  return deliver (self, samples, n, stop, error);
}

/* Streaming thread: one decoded buffer, mono at 22.05 kHz already, or at
 * 44.1 kHz for the decimator (see on_convert_event()). */
static gboolean
deliver_buffer (AkinDecoderRun  *self,
                GstSample       *sample,
                gboolean        *stop,
                GError         **error)
{
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  GstCaps *caps = gst_sample_get_caps (sample);
  GstStructure *structure;
  GstMapInfo map;
  int rate = 0;
  int channels = 1;
  gboolean ok;

  if (buffer == NULL || caps == NULL || gst_caps_is_empty (caps))
    return TRUE;
  structure = gst_caps_get_structure (caps, 0);
  gst_structure_get_int (structure, "rate", &rate);
  gst_structure_get_int (structure, "channels", &channels);
  if (channels <= 0 || !gst_buffer_map (buffer, &map, GST_MAP_READ))
    return TRUE;

  if (rate == AKIN_DECODER_DECIMATED_RATE)
    {
      const float *samples;
      gsize n = _akin_decimator_push (self->decimator, (const float *) map.data,
                                      map.size / sizeof (float) / (guint) channels,
                                      (guint) channels, &samples);

      ok = deliver (self, samples, n, stop, error);
    }
  else
    {
      /* A chained stream's song at another rate: the previous one's last
       * samples first. */
      ok = deliver_decimator_tail (self, stop, error)
           && (*stop || deliver (self, (const float *) map.data, map.size / sizeof (float),
                                 stop, error));
    }
  gst_buffer_unmap (buffer, &map);
  return ok;
}

/* Streaming thread: stops the stream after the consumer's error, the
 * excerpt's end or a cancel. */
static GstFlowReturn
stop_stream (AkinDecoderRun *self,
             GstElement     *sink,
             GError         *error)
{
  self->stopped = TRUE;
  self->stream_error = error;
  gst_element_post_message (sink,
                            gst_message_new_application (GST_OBJECT (sink),
                                                         gst_structure_new_empty ("akin-stopped")));
  return GST_FLOW_FLUSHING;
}

/* Streaming thread: the appsink's new-sample callback. */
static GstFlowReturn
on_new_sample (GstAppSink *sink,
               gpointer    user_data)
{
  AkinDecoderRun *self = user_data;
  g_autoptr(GstSample) sample = NULL;
  g_autoptr(GError) error = NULL;
  gboolean stop = FALSE;

  if (self->stopped)
    return GST_FLOW_FLUSHING;
  sample = gst_app_sink_pull_sample (sink);
  if (sample == NULL)
    return GST_FLOW_FLUSHING;
  g_atomic_int_inc (&self->n_buffers);
  g_atomic_int_inc (&self->activity);

  if (!g_cancellable_set_error_if_cancelled (self->cancellable, &error)
      && deliver_buffer (self, sample, &stop, &error)
      && !stop)
    return GST_FLOW_OK;
  return stop_stream (self, GST_ELEMENT (sink), g_steal_pointer (&error));
}

/* Streaming thread: at the end of the stream, before the appsink posts it,
 * the decimator's last samples. */
static GstPadProbeReturn
on_sink_event (GstPad          *pad,
               GstPadProbeInfo *info,
               gpointer         user_data)
{
  AkinDecoderRun *self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean stop = FALSE;

  if (GST_EVENT_TYPE (GST_PAD_PROBE_INFO_EVENT (info)) != GST_EVENT_EOS || self->stopped)
    return GST_PAD_PROBE_OK;
  if (!deliver_decimator_tail (self, &stop, &error))
    {
      stop_stream (self, GST_ELEMENT (self->sink), g_steal_pointer (&error));
      return GST_PAD_PROBE_DROP;
    }
  return GST_PAD_PROBE_OK;
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

/* Waits for the end of the stream, or the consumer's stop, or an error,
 * while the streaming thread hands the samples to the consumer. */
static gboolean
decoder_run (AkinDecoderRun           *self,
             const AkinDecodeOptions  *options,
             guint64                   size,
             GCancellable             *cancellable,
             GError                  **error)
{
  gint64 last_sample = 0;
  int seen = 0;
  gboolean done = FALSE;
  gboolean prerolled = FALSE;
  gboolean playing = FALSE;

  /* PAUSED, then PLAYING from this thread once prerolled: asked for
   * PLAYING at once, the pipeline would go on to PLAYING from a thread of
   * GStreamer's shared pool (gst_element_call_async()), which this thread
   * may not create at its lower priority (see akin-decoder-threads.c). */
  _akin_stall_watch_init (self);
  if (!decoder_start (self, GST_STATE_PAUSED, error))
    return FALSE;

  while (!done)
    {
      g_autoptr(GstMessage) message = NULL;
      int n_buffers;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      message = gst_bus_timed_pop (self->bus, POLL_TIMEOUT);
      if (message != NULL)
        {
          GstMessageType type = GST_MESSAGE_TYPE (message);

          if (type == GST_MESSAGE_EOS
              || (type == GST_MESSAGE_APPLICATION
                  && gst_message_has_name (message, "akin-stopped")))
            done = TRUE;
          else if (!_akin_decoder_handle_message (self, message, &prerolled, error))
            return FALSE;
        }
      /* A pipeline that prerolled while it was still changing state
       * returns SUCCESS rather than ASYNC and may post no ASYNC_DONE: its
       * state says it all the same. */
      if (!playing && !prerolled)
        {
          GstState current = GST_STATE_VOID_PENDING;

          prerolled = gst_element_get_state (self->pipeline, &current, NULL, 0)
                        == GST_STATE_CHANGE_SUCCESS
                      && current == GST_STATE_PAUSED;
        }
      if (prerolled && !playing)
        {
          playing = TRUE;
          if (!decoder_start (self, GST_STATE_PLAYING, error))
            return FALSE;
        }

      n_buffers = g_atomic_int_get (&self->n_buffers);
      if (n_buffers != seen)
        {
          if (seen == 0 && !check_known_duration (self, options, error))
            return FALSE;
          seen = n_buffers;
          last_sample = g_get_monotonic_time ();
        }
      if (done)
        break;
      _akin_stall_watch_update (self);
      if (!_akin_decoder_check_posted_error (self, last_sample, error)
          || !_akin_stall_watch_check (self, options, size, seen > 0, error))
        return FALSE;
    }

  /* Tags posted just before the end. */
  if (!_akin_decoder_drain_bus (self, NULL, error))
    return FALSE;
  /* Stops the streaming thread, so what it wrote can be read. */
  gst_element_set_state (self->pipeline, GST_STATE_NULL);
  if (self->stream_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->stream_error));
      return FALSE;
    }
  if (self->delivered == 0 && _akin_decoder_no_audio (self))
    {
      _akin_decoder_set_not_audio (self, "no audio stream", error);
      return FALSE;
    }
  if (self->delivered == 0)
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
  gboolean async_done = FALSE;

  _akin_stall_watch_init (self);
  if (!decoder_start (self, GST_STATE_PAUSED, error))
    return FALSE;

  while (!async_done)
    {
      g_autoptr(GstMessage) message = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      message = gst_bus_timed_pop (self->bus, POLL_TIMEOUT);
      if (message != NULL && !_akin_decoder_handle_message (self, message, &async_done, error))
        return FALSE;
      _akin_stall_watch_update (self);
      if (!async_done && !_akin_decoder_check_posted_error (self, 0, error))
        return FALSE;
      if (!_akin_stall_watch_check (self, options, size, FALSE, error))
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
  GstAppSinkCallbacks callbacks = { .new_sample = on_new_sample };
  AkinDecoderRun self = { 0 };
  gboolean ok;

  if (!_akin_decoder_ensure_gst (error))
    return FALSE;
  if (options == NULL)
    options = &defaults;

  self.name = name;
  self.tags = akin_tags_new ();
  self.options = options;
  self.func = func;
  self.user_data = user_data;
  self.cancellable = cancellable;
  self.max_samples = G_MAXUINT64;
  if (options->max_duration > 0)
    self.max_samples = (guint64) ceil (options->max_duration * AKIN_SAMPLE_RATE);
  self.decimator = _akin_decimator_new ();
  self.thread_ids = g_array_new (FALSE, FALSE, sizeof (int));
  g_mutex_init (&self.lock);
  g_mutex_init (&self.link_lock);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    ok = FALSE;
  else if (!_akin_decoder_build (&self, uri, &callbacks, on_sink_event, error))
    ok = FALSE;
  else if (mode == AKIN_DECODE_MODE_STREAM)
    ok = decoder_run (&self, options, size, cancellable, error);
  else
    ok = decoder_preroll (&self, options, size, cancellable, error);

  if (ok && info != NULL)
    {
      AkinDecodeInfo *result = g_new0 (AkinDecodeInfo, 1);

      result->tags = g_steal_pointer (&self.tags);
      result->n_samples = self.delivered;
      result->duration = (double) self.delivered / AKIN_SAMPLE_RATE;
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
