/* akin-decoder-graph.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Builds and tears down the decoder's pipeline, and plugs a decoder onto
 * each audio stream parsebin exposes (in GStreamer's streaming threads):
 *
 *   SOURCE ! parsebin ! DECODER ! audioconvert ! audioresample
 *     ! audio/x-raw,format=F32LE,channels=1,rate=22050 ! appsink
 *
 * but for float at 44.1 kHz (most music), which audioconvert and
 * audioresample pass through, to be halved by akin-decoder-decimate.c in
 * the same thread (see on_convert_event()).
 *
 * One streaming thread per song: parsebin adds no queue (decodebin would add
 * a multiqueue after the demuxer, and the appsink was drained by another
 * thread), so the demuxer's thread reads, demuxes, decodes, converts and
 * hands the samples to the consumer (akin-decoder-pipeline.c), with no
 * thread hand-off and no wake-up per buffer.
 *
 * DECODER is the highest-ranked audio decoder GStreamer has for the stream's
 * caps, as decodebin would choose; raw audio (WAV, AIFF) needs none.
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
#include <gst/pbutils/pbutils.h>

#include "akin-decoder-private.h"

/* Decoders built on GstAudioDecoder gather their output into buffers of at
 * least this much audio, so every element after them, and the consumer,
 * runs once per block rather than once per codec frame (a Vorbis packet is
 * 128 to 1024 samples). */
#define DECODER_BLOCK (100 * GST_MSECOND)

/* A 1×N matrix of 1/N (the mean), or with @identity an N×N identity. */
static void
set_mix_matrix (GstElement *convert,
                guint       channels,
                gboolean    identity)
{
  GValue matrix = G_VALUE_INIT;

  g_assert (channels > 0);

  g_value_init (&matrix, GST_TYPE_ARRAY);
  for (guint r = 0; r < (identity ? channels : 1); r++)
    {
      GValue row = G_VALUE_INIT;

      g_value_init (&row, GST_TYPE_ARRAY);
      for (guint c = 0; c < channels; c++)
        {
          GValue weight = G_VALUE_INIT;

          g_value_init (&weight, G_TYPE_FLOAT);
          g_value_set_float (&weight, identity ? (r == c ? 1.0f : 0.0f) : 1.0f / (float) channels);
          gst_value_array_append_and_take_value (&row, &weight);
        }
      gst_value_array_append_and_take_value (&matrix, &row);
    }
  g_object_set_property (G_OBJECT (convert), "mix-matrix", &matrix);
  g_value_unset (&matrix);
}

/* What the appsink takes from audioresample, but for decimated streams.
 * Native-endian float, i.e. F32LE on every machine we build for, so the
 * mapped buffer can be read as float[]. */
static GstCaps *
mono_caps (void)
{
  return gst_caps_new_simple ("audio/x-raw",
                              "format", G_TYPE_STRING, GST_AUDIO_NE (F32),
                              "channels", G_TYPE_INT, 1,
                              "rate", G_TYPE_INT, AKIN_SAMPLE_RATE,
                              "layout", G_TYPE_STRING, "interleaved",
                              NULL);
}

/* A sticky event of a pad parsebin exposes. The ghost pad holds none of
 * its own until the first event goes through; its target may already. */
static GstEvent *
exposed_event (GstPad       *pad,
               GstEventType  type)
{
  GstEvent *event = gst_pad_get_sticky_event (pad, type, 0);

  if (event == NULL && GST_IS_GHOST_PAD (pad))
    {
      g_autoptr(GstPad) target = gst_ghost_pad_get_target (GST_GHOST_PAD (pad));

      if (target != NULL)
        event = gst_pad_get_sticky_event (target, type, 0);
    }
  return event;
}

/* The caps of an exposed pad, %NULL while they are not known: a parser may
 * expose its pad before it has read the stream (MPEG audio does), and the
 * pad's query then answers with a template (any MPEG audio layer) that fits
 * the wrong decoders. */
static GstCaps *
exposed_caps (GstPad *pad)
{
  g_autoptr(GstEvent) event = exposed_event (pad, GST_EVENT_CAPS);
  GstCaps *caps = NULL;

  if (event == NULL)
    return NULL;
  gst_event_parse_caps (event, &caps);
  return gst_caps_ref (caps);
}

static void link_exposed (AkinDecoderRun *self,
                          GstPad         *pad,
                          GstCaps        *caps);
static GstPadProbeReturn on_exposed_data (GstPad          *pad,
                                          GstPadProbeInfo *info,
                                          gpointer         user_data);

/* What on_exposed_data() sees. */
#define EXPOSED_DATA (GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM | GST_PAD_PROBE_TYPE_BUFFER \
                      | GST_PAD_PROBE_TYPE_BUFFER_LIST)

/* Streaming thread, when the decoded stream ends: if another audio pad has
 * come meanwhile and has not ended too, it is the next song of a chained
 * stream. The finished stream (its decoder, or its raw pad) lets go of
 * audioconvert, the next one is linked in its place, and the end is not
 * the decode's: returns TRUE to drop it. The finished decoder stays in the
 * bin, idle, until the pipeline stops. */
static gboolean
switch_to_pending (AkinDecoderRun *self)
{
  g_autoptr(GstPad) next = NULL;
  g_autoptr(GstPad) finished = NULL;
  g_autoptr(GstPad) convert_sink = NULL;
  g_autoptr(GstPad) convert_peer = NULL;
  g_autoptr(GstPad) finished_peer = NULL;
  g_autoptr(GstEvent) next_eos = NULL;
  g_autoptr(GstCaps) caps = NULL;

  g_mutex_lock (&self->lock);
  next = g_steal_pointer (&self->pending_pad);
  if (next != NULL)
    {
      finished = g_steal_pointer (&self->audio_pad);
      self->audio_pad = gst_object_ref (next);
    }
  g_mutex_unlock (&self->lock);
  if (next == NULL)
    return FALSE;
  next_eos = exposed_event (next, GST_EVENT_EOS);
  if (next_eos != NULL)
    return FALSE;

  convert_sink = gst_element_get_static_pad (self->convert, "sink");
  convert_peer = gst_pad_get_peer (convert_sink);
  if (convert_peer != NULL)
    gst_pad_unlink (convert_peer, convert_sink);
  finished_peer = finished != NULL ? gst_pad_get_peer (finished) : NULL;
  if (finished_peer != NULL)
    gst_pad_unlink (finished, finished_peer);

  gst_pad_add_probe (next, EXPOSED_DATA, on_exposed_data, self, NULL);
  caps = exposed_caps (next);
  if (caps != NULL)
    link_exposed (self, next, caps);
  return TRUE;
}

/* Streaming thread: before audioconvert sees new caps (a stream's start,
 * a chained stream's next song, or a decoder that changes its channel
 * count mid-stream, e.g. HE-AAC with parametric stereo), chooses what
 * they go through:
 *  - float at 44.1 kHz: nothing; the capsfilter takes these very caps, so
 *    audioconvert and audioresample pass the buffers through, and the
 *    consumer's side decimates them (akin-decoder-decimate.c);
 *  - anything else: audioconvert with the mean matrix for their channel
 *    count, then audioresample to mono 22.05 kHz.
 * The end of the decoded stream may be a chained song's: see
 * switch_to_pending(). The first decoded caps give the source's rate and
 * channels: a parser's caps may lack them, or differ from the codec's. */
static GstPadProbeReturn
on_convert_event (GstPad          *pad,
                  GstPadProbeInfo *info,
                  gpointer         user_data)
{
  AkinDecoderRun *self = user_data;
  GstEvent *event = GST_PAD_PROBE_INFO_EVENT (info);
  GstCaps *caps = NULL;
  GstAudioInfo audio;
  guint channels;

  if (GST_EVENT_TYPE (event) == GST_EVENT_EOS)
    return switch_to_pending (self) ? GST_PAD_PROBE_DROP : GST_PAD_PROBE_OK;
  if (GST_EVENT_TYPE (event) != GST_EVENT_CAPS)
    return GST_PAD_PROBE_OK;
  gst_event_parse_caps (event, &caps);
  if (caps == NULL || !gst_audio_info_from_caps (&audio, caps)
      || GST_AUDIO_INFO_CHANNELS (&audio) <= 0)
    return GST_PAD_PROBE_OK;
  channels = (guint) GST_AUDIO_INFO_CHANNELS (&audio);

  if (GST_AUDIO_INFO_FORMAT (&audio) == GST_AUDIO_FORMAT_F32
      && GST_AUDIO_INFO_LAYOUT (&audio) == GST_AUDIO_LAYOUT_INTERLEAVED
      && GST_AUDIO_INFO_RATE (&audio) == AKIN_DECODER_DECIMATED_RATE)
    {
      /* A matrix, once set, cannot be taken away: make it a no-op. */
      if (self->matrix_set)
        set_mix_matrix (self->convert, channels, TRUE);
      g_object_set (self->filter, "caps", caps, NULL);
    }
  else
    {
      g_autoptr(GstCaps) mono = mono_caps ();

      set_mix_matrix (self->convert, channels, FALSE);
      self->matrix_set = TRUE;
      g_object_set (self->filter, "caps", mono, NULL);
    }

  g_mutex_lock (&self->lock);
  if (self->source_channels == 0)
    {
      self->source_rate = (guint) MAX (GST_AUDIO_INFO_RATE (&audio), 0);
      self->source_channels = channels;
    }
  g_mutex_unlock (&self->lock);
  return GST_PAD_PROBE_OK;
}

/* The audio decoders that accept @caps, the highest rank first. */
static GList *
find_decoders (GstCaps *caps)
{
  GList *all = gst_element_factory_list_get_elements (GST_ELEMENT_FACTORY_TYPE_DECODER
                                                      | GST_ELEMENT_FACTORY_TYPE_MEDIA_AUDIO,
                                                      GST_RANK_MARGINAL);
  GList *fitting = gst_element_factory_list_filter (all, caps, GST_PAD_SINK, FALSE);

  gst_plugin_feature_list_free (all);
  return g_list_sort (fitting, gst_plugin_feature_rank_compare_func);
}

/* Streaming thread: adds a decoder for @pad's encoded audio, links it
 * between @pad and audioconvert and starts it. Tries the decoders in rank
 * order until one starts and links. Returns FALSE with an error posted when
 * none does. */
static gboolean
plug_decoder (AkinDecoderRun *self,
              GstElement     *parsebin,
              GstPad         *pad,
              GstCaps        *caps,
              GstPad         *convert_sink)
{
  GList *factories = find_decoders (caps);
  gboolean linked = FALSE;

  for (GList *l = factories; l != NULL && !linked; l = l->next)
    {
      GstElement *decoder = gst_element_factory_create (l->data, NULL);
      g_autoptr(GstPad) decoder_sink = NULL;
      g_autoptr(GstPad) decoder_src = NULL;

      if (decoder == NULL)
        continue;
      if (g_object_class_find_property (G_OBJECT_GET_CLASS (decoder), "min-latency") != NULL
          && GST_IS_AUDIO_DECODER (decoder))
        g_object_set (decoder, "min-latency", (gint64) DECODER_BLOCK, NULL);
      gst_bin_add (GST_BIN (self->pipeline), decoder);
      decoder_sink = gst_element_get_static_pad (decoder, "sink");
      decoder_src = gst_element_get_static_pad (decoder, "src");
      /* Upstream first: linked to audioconvert, the decoder would accept
       * only what audioconvert takes now (a chained song's channel count
       * may differ from the previous song's, see on_convert_event()). */
      if (decoder_sink != NULL && decoder_src != NULL
          && GST_PAD_LINK_SUCCESSFUL (gst_pad_link (pad, decoder_sink))
          && GST_PAD_LINK_SUCCESSFUL (gst_pad_link (decoder_src, convert_sink))
          && gst_element_sync_state_with_parent (decoder))
        {
          linked = TRUE;
          break;
        }
      /* This one would not start or link: take it out, try the next. */
      if (decoder_src != NULL && gst_pad_is_linked (decoder_src))
        gst_pad_unlink (decoder_src, convert_sink);
      if (decoder_sink != NULL && gst_pad_is_linked (decoder_sink))
        gst_pad_unlink (pad, decoder_sink);
      gst_element_set_state (decoder, GST_STATE_NULL);
      gst_bin_remove (GST_BIN (self->pipeline), decoder);
    }

  if (!linked)
    {
      g_autofree char *description = gst_pb_utils_get_codec_description (caps);

      gst_element_post_message (parsebin,
                                gst_missing_decoder_message_new (parsebin, caps));
      GST_ELEMENT_ERROR (parsebin, STREAM, CODEC_NOT_FOUND,
                         ("No decoder for %s is installed",
                          description != NULL ? description : "this audio format"),
                         ("no audio decoder accepts %" GST_PTR_FORMAT, caps));
    }
  gst_plugin_feature_list_free (factories);
  return linked;
}

/* Streaming thread: links an exposed audio pad, whose caps are now known,
 * to audioconvert, through a decoder unless it is raw audio. */
static void
link_audio (AkinDecoderRun *self,
            GstPad         *pad,
            GstCaps        *caps)
{
  g_autoptr(GstElement) parsebin = gst_pad_get_parent_element (pad);
  g_autoptr(GstPad) convert_sink = gst_element_get_static_pad (self->convert, "sink");

  if (gst_structure_has_name (gst_caps_get_structure (caps, 0), "audio/x-raw"))
    {
      if (GST_PAD_LINK_FAILED (gst_pad_link (pad, convert_sink)))
        GST_ELEMENT_ERROR (parsebin, CORE, NEGOTIATION, (NULL),
                           ("could not link the raw audio to audioconvert"));
      return;
    }
  plug_decoder (self, parsebin, pad, caps, convert_sink);
}

/* Links @pad, the audio pad being decoded, once its caps are known. Two
 * threads may get here at once with the same caps: parsebin may expose a
 * parser's pad from another thread than the parser's own (an MP3 with an
 * ID3v2 tag: id3demux's thread exposes mpegaudioparse's pad, which runs a
 * thread of its own in pull mode), and both threads send the pad's pending
 * sticky events, its caps included, through on_exposed_data(). The first
 * links the pad; the other waits for it (the caps event or buffer it is
 * pushing then goes to the decoder) and does nothing. Linked twice, the
 * second link would fail for every decoder and post "No decoder for ...". */
static void
link_exposed (AkinDecoderRun *self,
              GstPad         *pad,
              GstCaps        *caps)
{
  gboolean decoded;

  g_mutex_lock (&self->link_lock);
  g_mutex_lock (&self->lock);
  decoded = self->audio_pad == pad;
  g_mutex_unlock (&self->lock);
  if (decoded && self->linked_pad != pad)
    {
      gst_object_replace ((GstObject **) &self->linked_pad, GST_OBJECT (pad));
      link_audio (self, pad, caps);
    }
  g_mutex_unlock (&self->link_lock);
}

/* Any thread that pushes on an exposed pad, until its first caps or
 * buffer: links the pad on its caps, when they were not known as it was
 * exposed (link_exposed() leaves alone a pad that is not the one decoded).
 * A buffer whose caps went by before the probe was added waits until
 * on_pad_added() has linked the pad, or left it unlinked. */
static GstPadProbeReturn
on_exposed_data (GstPad          *pad,
                 GstPadProbeInfo *info,
                 gpointer         user_data)
{
  AkinDecoderRun *self = user_data;

  if (GST_PAD_PROBE_INFO_TYPE (info) & GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM)
    {
      GstEvent *event = GST_PAD_PROBE_INFO_EVENT (info);
      GstCaps *caps = NULL;

      if (GST_EVENT_TYPE (event) != GST_EVENT_CAPS)
        return GST_PAD_PROBE_OK;
      gst_event_parse_caps (event, &caps);
      /* Linked now, the pad sends its sticky events, these caps included,
       * to the decoder before the next buffer. */
      link_exposed (self, pad, caps);
      return GST_PAD_PROBE_REMOVE;
    }

  /* Once the probe returns, the pad sends the sticky events that linking
   * it made pending, then the buffer. */
  g_mutex_lock (&self->link_lock);
  g_mutex_unlock (&self->link_lock);
  return GST_PAD_PROBE_REMOVE;
}

/* Tells the calling thread that a stream that is not audio has ended: if
 * no audio has come by then, there is none. */
static void
post_other_stream_ended (GstPad *pad)
{
  g_autoptr(GstElement) parsebin = gst_pad_get_parent_element (pad);

  if (parsebin != NULL)
    gst_element_post_message (parsebin,
                              gst_message_new_application (GST_OBJECT (parsebin),
                                                           gst_structure_new_empty ("akin-other-stream-ended")));
}

/* Streaming thread: an event on a stream that is not audio. */
static GstPadProbeReturn
on_other_stream_event (GstPad          *pad,
                       GstPadProbeInfo *info,
                       gpointer         user_data)
{
  if (GST_EVENT_TYPE (GST_PAD_PROBE_INFO_EVENT (info)) != GST_EVENT_EOS)
    return GST_PAD_PROBE_OK;
  post_other_stream_ended (pad);
  return GST_PAD_PROBE_REMOVE;
}

/* on_pad_added(), under link_lock: decides what @pad is. */
static void
classify_pad (AkinDecoderRun *self,
              GstPad         *pad)
{
  g_autoptr(GstCaps) caps = exposed_caps (pad);
  g_autoptr(GstCaps) template = NULL;

  if (caps == NULL)
    template = gst_pad_query_caps (pad, NULL);
  if ((caps == NULL || gst_caps_is_empty (caps))
      && (template == NULL || gst_caps_is_empty (template)))
    return;
  if (!g_str_has_prefix (gst_structure_get_name (gst_caps_get_structure (caps != NULL ? caps
                                                                                    : template,
                                                                         0)),
                         "audio/"))
    {
      g_autoptr(GstEvent) eos = exposed_event (pad, GST_EVENT_EOS);

      /* Left unlinked: with no audio beside it, the demuxer's not-linked
       * error, or the stream's end, means "no audio stream". */
      g_mutex_lock (&self->lock);
      self->other_streams = TRUE;
      g_mutex_unlock (&self->lock);
      if (eos != NULL)
        post_other_stream_ended (pad);
      else
        gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, on_other_stream_event,
                           NULL, NULL);
      return;
    }

  /* The first audio pad is decoded. Another one that comes while it plays
   * is kept aside: if it comes because the first stream has sent all its
   * data (a chained Ogg's next song), it takes over at the first's end
   * (see switch_to_pending()); a second track beside the first is never
   * linked. */
  g_mutex_lock (&self->lock);
  self->audio_linked = TRUE;
  if (self->audio_pad != NULL)
    {
      if (self->pending_pad == NULL)
        self->pending_pad = gst_object_ref (pad);
      g_mutex_unlock (&self->lock);
      return;
    }
  self->audio_pad = gst_object_ref (pad);
  g_mutex_unlock (&self->lock);

  /* Otherwise on_exposed_data() links it. */
  if (caps != NULL)
    {
      gst_object_replace ((GstObject **) &self->linked_pad, GST_OBJECT (pad));
      link_audio (self, pad, caps);
    }
}

/* Plugs the first audio pad of each group of pads, ignores the others.
 *
 * The thread that exposes @pad is not always the one that streams through
 * it (see link_exposed()): the streaming thread may send the pad's caps,
 * then a buffer, while this runs. Unlinked, the pad would refuse the
 * buffer (not-linked) and the parser fail the decode. So the probe that
 * links the pad goes on first, under link_lock: from then on, the
 * streaming thread's caps or first buffer wait in on_exposed_data() until
 * this has decided what the pad is, and linked it if its caps are known.
 * (Data the streaming thread pushes between parsebin's activating the pad
 * and this handler is out of reach.) */
static void
on_pad_added (GstElement *parsebin,
              GstPad     *pad,
              gpointer    user_data)
{
  AkinDecoderRun *self = user_data;

  g_mutex_lock (&self->link_lock);
  gst_pad_add_probe (pad, EXPOSED_DATA, on_exposed_data, self, NULL);
  classify_pad (self, pad);
  g_mutex_unlock (&self->link_lock);
}

gboolean
_akin_decoder_build (AkinDecoderRun       *self,
                     const char           *uri,
                     GstAppSinkCallbacks  *callbacks,
                     GstPadProbeCallback   on_sink_event,
                     GError              **error)
{
  g_autoptr(GError) source_error = NULL;
  GstElement *source = gst_element_make_from_uri (GST_URI_SRC, uri, NULL, &source_error);
  GstElement *parsebin = gst_element_factory_make ("parsebin", NULL);
  GstElement *convert = gst_element_factory_make ("audioconvert", NULL);
  GstElement *resample = gst_element_factory_make ("audioresample", NULL);
  GstElement *filter = gst_element_factory_make ("capsfilter", NULL);
  GstElement *sink = gst_element_factory_make ("appsink", NULL);
  g_autoptr(GstCaps) caps = NULL;

  if (source == NULL || parsebin == NULL || convert == NULL || resample == NULL
      || filter == NULL || sink == NULL)
    {
      if (source == NULL && source_error != NULL)
        g_set_error (error, GST_CORE_ERROR, GST_CORE_ERROR_MISSING_PLUGIN,
                     "%s: no GStreamer element reads this location: %s", self->name,
                     source_error->message);
      else
        g_set_error (error, GST_CORE_ERROR, GST_CORE_ERROR_MISSING_PLUGIN,
                     "%s: a GStreamer element the decoder needs is not installed "
                     "(parsebin, audioconvert, audioresample, capsfilter, appsink)",
                     self->name);
      g_clear_pointer (&source, gst_object_unref);
      g_clear_pointer (&parsebin, gst_object_unref);
      g_clear_pointer (&convert, gst_object_unref);
      g_clear_pointer (&resample, gst_object_unref);
      g_clear_pointer (&filter, gst_object_unref);
      g_clear_pointer (&sink, gst_object_unref);
      return FALSE;
    }

  caps = mono_caps ();
  g_object_set (filter, "caps", caps, NULL);
  g_object_set (sink,
                "sync", FALSE,
                "emit-signals", FALSE,
                "enable-last-sample", FALSE,
                "wait-on-eos", FALSE,
                NULL);
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), callbacks, self, NULL);

  self->pipeline = gst_pipeline_new (NULL);
  gst_object_ref_sink (self->pipeline);
  _akin_decoder_watch_errors (self);
  self->convert = convert;
  self->filter = filter;
  self->sink = GST_APP_SINK (sink);
  gst_bin_add_many (GST_BIN (self->pipeline), source, parsebin, convert, resample, filter, sink,
                    NULL);
  if (!gst_element_link (source, parsebin)
      || !gst_element_link_many (convert, resample, filter, sink, NULL))
    {
      g_set_error (error, GST_CORE_ERROR, GST_CORE_ERROR_NEGOTIATION,
                   "%s: could not link the decoder's elements", self->name);
      return FALSE;
    }
  {
    g_autoptr(GstPad) convert_sink = gst_element_get_static_pad (convert, "sink");

    g_autoptr(GstPad) sink_pad = gst_element_get_static_pad (sink, "sink");

    gst_pad_add_probe (convert_sink, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, on_convert_event,
                       self, NULL);
    gst_pad_add_probe (sink_pad, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, on_sink_event, self, NULL);
  }
  g_signal_connect (parsebin, "pad-added", G_CALLBACK (on_pad_added), self);
  self->bus = gst_pipeline_get_bus (GST_PIPELINE (self->pipeline));
  _akin_decoder_own_threads (self);
  return TRUE;
}

void
_akin_decoder_clear (AkinDecoderRun *self)
{
  if (self->pipeline != NULL)
    {
      /* Joins every streaming thread, so no signal handler or appsink
       * callback runs after this. */
      gst_element_set_state (self->pipeline, GST_STATE_NULL);
      _akin_decoder_unwatch_errors (self);
      gst_clear_object (&self->pipeline);
    }
  /* No thread of the pool runs any more. */
  gst_clear_object (&self->pool);
  g_clear_pointer (&self->thread_ids, g_array_unref);
  _akin_stall_watch_clear (&self->watch);
  gst_clear_object (&self->bus);
  g_clear_pointer (&self->image, gst_sample_unref);
  g_clear_pointer (&self->preview, gst_sample_unref);
  g_clear_pointer (&self->tags, akin_tags_free);
  g_clear_pointer (&self->codec, g_free);
  g_clear_error (&self->stream_error);
  gst_clear_object (&self->audio_pad);
  gst_clear_object (&self->pending_pad);
  gst_clear_object (&self->linked_pad);
  g_clear_pointer (&self->decimator, _akin_decimator_free);
  g_mutex_clear (&self->lock);
  g_mutex_clear (&self->link_lock);
}
