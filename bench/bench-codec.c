/* bench-codec.c: the yardstick of the decode benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The codec's own decode of a file through the same GStreamer plug-ins the
 * decoder uses, and nothing else:
 *
 *   filesrc ! parsebin ! DECODER ! fakesink
 *
 * DECODER is the highest-ranked audio decoder for the stream's caps (what
 * decodebin would pick). No queue, no conversion, no resampling: the
 * demuxer's streaming thread reads, demuxes and decodes, and the decoded
 * buffers are dropped. What a decode costs beyond this is Akin's.
 */

#include "config.h"

#include <gst/gst.h>

#include "bench-codec.h"

typedef struct
{
  GstElement *pipeline;
  gboolean    linked;
} Codec;

static GstElement *
make_decoder (GstCaps *caps)
{
  GList *factories = gst_element_factory_list_get_elements (GST_ELEMENT_FACTORY_TYPE_DECODER
                                                            | GST_ELEMENT_FACTORY_TYPE_MEDIA_AUDIO,
                                                            GST_RANK_MARGINAL);
  GList *fitting = gst_element_factory_list_filter (factories, caps, GST_PAD_SINK, FALSE);
  GstElement *decoder = NULL;

  fitting = g_list_sort (fitting, gst_plugin_feature_rank_compare_func);
  if (fitting != NULL)
    decoder = gst_element_factory_create (fitting->data, NULL);
  gst_plugin_feature_list_free (fitting);
  gst_plugin_feature_list_free (factories);
  return decoder;
}

/* The caps of a pad parsebin exposes. Its ghost pad has none of its own
 * until the first event goes through, and its query answers with a
 * template (any MPEG audio layer, say) that fits the wrong decoders: the
 * parser's own pad knows the stream's exact caps. */
static GstCaps *
exposed_caps (GstPad *pad)
{
  GstCaps *caps = gst_pad_get_current_caps (pad);

  if (caps == NULL && GST_IS_GHOST_PAD (pad))
    {
      g_autoptr(GstPad) target = gst_ghost_pad_get_target (GST_GHOST_PAD (pad));

      if (target != NULL)
        caps = gst_pad_get_current_caps (target);
    }
  return caps;
}

static void
link_decoder (Codec   *codec,
              GstPad  *pad,
              GstCaps *caps)
{
  GstElement *decoder = NULL;
  GstElement *sink = gst_element_factory_make ("fakesink", NULL);
  g_autoptr(GstPad) sink_pad = NULL;

  g_object_set (sink, "sync", FALSE, NULL);
  gst_bin_add (GST_BIN (codec->pipeline), sink);
  if (!gst_structure_has_name (gst_caps_get_structure (caps, 0), "audio/x-raw"))
    {
      decoder = make_decoder (caps);
      if (decoder == NULL)
        {
          g_autoptr(GstElement) parsebin = gst_pad_get_parent_element (pad);

          GST_ELEMENT_ERROR (parsebin, STREAM, CODEC_NOT_FOUND, (NULL), ("no decoder"));
          return;
        }
      gst_bin_add (GST_BIN (codec->pipeline), decoder);
      gst_element_link (decoder, sink);
      gst_element_sync_state_with_parent (decoder);
    }
  gst_element_sync_state_with_parent (sink);
  sink_pad = gst_element_get_static_pad (decoder != NULL ? decoder : sink, "sink");
  gst_pad_link (pad, sink_pad);
}

static GstPadProbeReturn
on_exposed_event (GstPad          *pad,
                  GstPadProbeInfo *info,
                  gpointer         user_data)
{
  GstEvent *event = GST_PAD_PROBE_INFO_EVENT (info);
  GstCaps *caps = NULL;

  if (GST_EVENT_TYPE (event) != GST_EVENT_CAPS)
    return GST_PAD_PROBE_OK;
  gst_event_parse_caps (event, &caps);
  link_decoder (user_data, pad, caps);
  return GST_PAD_PROBE_REMOVE;
}

/* The first audio stream, decoded as soon as its caps are known (the
 * decoder that fits them depends on details such as the MPEG layer). */
static void
on_pad_added (GstElement *parsebin,
              GstPad     *pad,
              gpointer    user_data)
{
  Codec *codec = user_data;
  g_autoptr(GstCaps) caps = exposed_caps (pad);
  g_autoptr(GstCaps) template = caps == NULL ? gst_pad_query_caps (pad, NULL) : NULL;
  GstCaps *known = caps != NULL ? caps : template;

  if (codec->linked || known == NULL || gst_caps_is_empty (known)
      || !g_str_has_prefix (gst_structure_get_name (gst_caps_get_structure (known, 0)), "audio/"))
    return;
  codec->linked = TRUE;
  if (caps != NULL)
    link_decoder (codec, pad, caps);
  else
    gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, on_exposed_event, codec, NULL);
}

gboolean
bench_codec_decode (const char  *path,
                    GError     **error)
{
  Codec codec = { 0 };
  GstElement *source;
  GstElement *parsebin;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) message = NULL;
  gboolean ok;

  gst_init (NULL, NULL);
  source = gst_element_factory_make ("filesrc", NULL);
  parsebin = gst_element_factory_make ("parsebin", NULL);
  codec.pipeline = gst_pipeline_new (NULL);
  g_object_set (source, "location", path, NULL);
  gst_bin_add_many (GST_BIN (codec.pipeline), source, parsebin, NULL);
  gst_element_link (source, parsebin);
  g_signal_connect (parsebin, "pad-added", G_CALLBACK (on_pad_added), &codec);

  bus = gst_pipeline_get_bus (GST_PIPELINE (codec.pipeline));
  gst_element_set_state (codec.pipeline, GST_STATE_PLAYING);
  message = gst_bus_timed_pop_filtered (bus, GST_CLOCK_TIME_NONE,
                                        GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  ok = GST_MESSAGE_TYPE (message) == GST_MESSAGE_EOS;
  if (!ok)
    {
      gst_message_parse_error (message, error, NULL);
      g_prefix_error (error, "%s: ", path);
    }
  gst_element_set_state (codec.pipeline, GST_STATE_NULL);
  gst_object_unref (codec.pipeline);
  return ok;
}
