/* akin-decoder-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Internals shared by the decoder's files and its tests.
 */

#pragma once

#include <gst/app/gstappsink.h>
#include <gst/gst.h>

#include "akin-decoder.h"

G_BEGIN_DECLS

/* Decoded float audio at this rate skips audioconvert and audioresample:
 * akin-decoder-decimate.c halves it to %AKIN_SAMPLE_RATE. */
#define AKIN_DECODER_DECIMATED_RATE 44100

typedef struct _AkinDecimator AkinDecimator;

AkinDecimator *_akin_decimator_new      (void);
void           _akin_decimator_free     (AkinDecimator        *self);
void           _akin_decimator_reset    (AkinDecimator        *self);
gboolean       _akin_decimator_is_empty (const AkinDecimator  *self);
gsize          _akin_decimator_push     (AkinDecimator        *self,
                                         const float          *frames,
                                         gsize                 n_frames,
                                         guint                 channels,
                                         const float         **out);
gsize          _akin_decimator_finish   (AkinDecimator        *self,
                                         const float         **out);

/* The stall limit's watch (akin-decoder-watchdog.c), the calling thread's. */
typedef struct
{
  gint64    wall;       /* monotonic time of the last update */
  gint64    step;       /* µs of the decode's time between the last two updates */
  gint64    stalled;    /* µs without progress, less the waits for a CPU */
  GArray   *times;      /* ThreadTimes of the decode's threads at the last look */
  int       caller;     /* the calling thread's id */
  gboolean  schedstat;  /* the threads' waits can be read */
  guint     activity;   /* AkinDecoderRun.activity at the last check */
} AkinStallWatch;

/* One decode: the pipeline and what it has reported so far. */
typedef struct
{
  const char  *name;
  GstElement  *pipeline;
  GstElement  *convert;
  GstElement  *filter;
  GstAppSink  *sink;
  GstBus      *bus;

  /* Written from streaming threads. */
  GMutex       lock;
  gboolean     audio_linked;
  GstPad      *audio_pad;        /* the exposed pad being decoded */
  GstPad      *pending_pad;      /* another one, maybe the next song */
  GMutex       link_lock;        /* held while an exposed pad is classified or linked */
  GstPad      *linked_pad;       /* the exposed pad last linked (link_lock) */
  gboolean     other_streams;    /* a stream that is not audio was exposed */
  guint        source_rate;
  guint        source_channels;
  GstMessage  *posted_error;     /* kept by akin-decoder-errors.c */
  gint64       posted_at;
  GArray      *thread_ids;       /* the streaming threads running now (int) */
  guint        n_starting;       /* streaming threads started, not running yet */
  gint64       starting_since;   /* when the first of them was started */
  GstTaskPool *pool;             /* starts them (akin-decoder-threads.c) */

  /* The consumer, called in the streaming thread (set before it starts). */
  const AkinDecodeOptions *options;
  AkinDecoderFunc          func;
  gpointer                 user_data;
  GCancellable            *cancellable;
  guint64                  max_samples;
  /* The streaming thread's until the pipeline stops, or until it posts
   * "akin-stopped" after setting @stopped. */
  guint64      delivered;
  gboolean     stopped;
  GError      *stream_error;
  AkinDecimator *decimator;
  gboolean     matrix_set;       /* audioconvert has a mix matrix */
  int          n_buffers;        /* atomic: the calling thread watches it */
  int          activity;         /* atomic: buffers, and returns from the consumer */
  int          in_consumer;      /* atomic: the consumer is at work */

  /* The calling thread only. */
  AkinTags    *tags;
  char        *codec;
  GstSample   *image;     /* the largest GST_TAG_IMAGE so far */
  GstSample   *preview;   /* the largest GST_TAG_PREVIEW_IMAGE so far */
  gboolean     progressed;
  AkinStallWatch watch;
  gboolean     posted_seen;      /* posted_error has been seen here */
  gint64       posted_for;       /* µs of the decode's time since then */
} AkinDecoderRun;

gboolean _akin_decoder_ensure_gst (GError           **error);
gboolean _akin_decoder_build      (AkinDecoderRun       *self,
                                   const char           *uri,
                                   GstAppSinkCallbacks  *callbacks,
                                   GstPadProbeCallback   on_sink_event,
                                   GError              **error);
void     _akin_decoder_clear      (AkinDecoderRun    *self);
void     _akin_decoder_watch_errors       (AkinDecoderRun *self);
void     _akin_decoder_own_threads        (AkinDecoderRun *self);
void     _akin_decoder_unwatch_errors     (AkinDecoderRun *self);
GstMessage *_akin_decoder_take_posted_error (AkinDecoderRun *self,
                                             gint64          last_sample);
void     _akin_decoder_thread_starting (AkinDecoderRun *self);
void     _akin_decoder_thread_not_started (AkinDecoderRun *self);
void     _akin_decoder_thread_enter   (AkinDecoderRun *self);
void     _akin_decoder_thread_leave   (AkinDecoderRun *self);
void     _akin_stall_watch_init       (AkinDecoderRun *self);
void     _akin_stall_watch_update     (AkinDecoderRun *self);
gboolean _akin_stall_watch_span_over  (AkinDecoderRun *self,
                                       gint64         *span,
                                       gint64          limit);
gboolean _akin_stall_watch_check      (AkinDecoderRun           *self,
                                       const AkinDecodeOptions  *options,
                                       guint64                   size,
                                       gboolean                  started,
                                       GError                  **error);
void     _akin_stall_watch_clear      (AkinStallWatch *watch);
gboolean _akin_decoder_handle_message     (AkinDecoderRun  *self,
                                           GstMessage      *message,
                                           gboolean        *async_done,
                                           GError         **error);
gboolean _akin_decoder_drain_bus          (AkinDecoderRun  *self,
                                           gboolean        *async_done,
                                           GError         **error);
gboolean _akin_decoder_check_posted_error (AkinDecoderRun  *self,
                                           gint64           last_sample,
                                           GError         **error);
gboolean _akin_decoder_no_audio           (AkinDecoderRun  *self);
void     _akin_decoder_set_not_audio      (AkinDecoderRun  *self,
                                           const char      *reason,
                                           GError         **error);
void     _akin_tags_merge         (AkinTags          *tags,
                                   const GstTagList  *list);

typedef enum
{
  AKIN_DECODE_MODE_STREAM,  /* decode everything, hand it to the callback */
  AKIN_DECODE_MODE_COVER,   /* preroll only, collect the tags and images */
} AkinDecodeMode;

/* Decodes @uri with no check on the file itself: the public functions check
 * the GFile first and then call this. @name names the source in error
 * messages; @size (0 when unknown) scales the first-buffer allowance. In
 * cover mode @func is unused and *@cover is set (maybe to %NULL) on success.
 * Tests use it to decode sources a GFile check would refuse (a FIFO). */
gboolean _akin_decode_uri         (const char              *uri,
                                   const char              *name,
                                   guint64                  size,
                                   AkinDecodeMode           mode,
                                   const AkinDecodeOptions *options,
                                   AkinDecoderFunc          func,
                                   gpointer                 user_data,
                                   AkinDecodeInfo         **info,
                                   GBytes                 **cover,
                                   GCancellable            *cancellable,
                                   GError                 **error);

/* For the tests: the whole file decoded at once (akin-decoder.c). */
float    *akin_decode_all_full    (GFile                   *file,
                                   const AkinDecodeOptions *options,
                                   gsize                   *n_samples,
                                   AkinDecodeInfo         **info,
                                   GCancellable            *cancellable,
                                   GError                 **error);

G_END_DECLS
