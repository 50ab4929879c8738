/* akin-decoder-errors.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Errors that never reach the pipeline's bus. A bin may keep a child's
 * messages to itself: parsebin (like decodebin) filters the errors of an
 * element it is still starting (to try another one if the start fails),
 * and drops them when the start succeeds. qtdemux posts "This file
 * contains no playable streams" from its own thread during that start, so
 * for some files, some of the time, the decode saw nothing and waited for
 * its stall timeout.
 *
 * A GstTracer hook sees every message an element posts, before any bin
 * handles it. Each decode registers its pipeline; the first error posted
 * inside it is kept, and the decode fails with it when nothing else has
 * happened for a moment (an error the pipeline recovers from, by plugging
 * another element, is followed by samples, or its element is gone). The
 * moment is measured as the stall limit is: in time the decode could run.
 */

#include "config.h"

#include "akin-decoder-private.h"

/* How long a decode waits for what follows an error kept from the hook, in
 * µs of the decode's time. */
#define POSTED_ERROR_GRACE (300 * G_TIME_SPAN_MILLISECOND)

typedef GstTracer AkinErrorTracer;
typedef GstTracerClass AkinErrorTracerClass;

static GType akin_error_tracer_get_type (void);

G_DEFINE_TYPE (AkinErrorTracer, akin_error_tracer, GST_TYPE_TRACER)

static void
akin_error_tracer_class_init (AkinErrorTracerClass *klass)
{
}

static void
akin_error_tracer_init (AkinErrorTracer *self)
{
}

/* pipeline → AkinDecoderRun, for the decodes running now */
static GMutex runs_lock;
static GHashTable *runs;

static GstObject *
top_level (GstObject *object)
{
  GstObject *top = gst_object_ref (object);
  GstObject *parent;

  while ((parent = gst_object_get_parent (top)) != NULL)
    {
      gst_object_unref (top);
      top = parent;
    }
  return top;
}

static void
on_post_message (GObject    *tracer,
                 GstClockTime ts,
                 GstElement *element,
                 GstMessage *message)
{
  g_autoptr(GstObject) top = NULL;
  AkinDecoderRun *run;

  if (GST_MESSAGE_TYPE (message) != GST_MESSAGE_ERROR || GST_MESSAGE_SRC (message) == NULL)
    return;
  top = top_level (GST_MESSAGE_SRC (message));

  g_mutex_lock (&runs_lock);
  run = runs != NULL ? g_hash_table_lookup (runs, top) : NULL;
  if (run != NULL)
    {
      g_mutex_lock (&run->lock);
      if (run->posted_error == NULL)
        {
          run->posted_error = gst_message_ref (message);
          run->posted_at = g_get_monotonic_time ();
        }
      g_mutex_unlock (&run->lock);
    }
  g_mutex_unlock (&runs_lock);
}

static gpointer
install_tracer (gpointer data)
{
  GstTracer *tracer = g_object_new (akin_error_tracer_get_type (), NULL);

  /* The hook keeps its own reference for the life of the process. */
  gst_object_ref_sink (tracer);
  gst_tracing_register_hook (tracer, "element-post-message-pre", G_CALLBACK (on_post_message));
  gst_object_unref (tracer);
  return NULL;
}

void
_akin_decoder_watch_errors (AkinDecoderRun *self)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, install_tracer, NULL);
  g_mutex_lock (&runs_lock);
  if (runs == NULL)
    runs = g_hash_table_new (NULL, NULL);
  g_hash_table_insert (runs, self->pipeline, self);
  g_mutex_unlock (&runs_lock);
}

void
_akin_decoder_unwatch_errors (AkinDecoderRun *self)
{
  g_mutex_lock (&runs_lock);
  if (runs != NULL)
    g_hash_table_remove (runs, self->pipeline);
  g_mutex_unlock (&runs_lock);
  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->posted_error, gst_message_unref);
  g_mutex_unlock (&self->lock);
}

/* Calling thread, after _akin_stall_watch_update(): returns the error kept
 * from the hook (a new reference) once it has stood for POSTED_ERROR_GRACE
 * of the decode's time with no sample since and its element still in the
 * pipeline; otherwise %NULL. @last_sample: when the last sample came.
 *
 * The grace counts the time the decode could run, as the stall limit does
 * (akin-decoder-watchdog.c): a decode whose threads wait for a CPU right
 * after an element's error would otherwise fail with that error before it
 * had the chance to recover from it. It begins when this thread first sees
 * the error, after its next wait on the bus. */
GstMessage *
_akin_decoder_take_posted_error (AkinDecoderRun *self,
                                 gint64          last_sample)
{
  GstMessage *message = NULL;
  GstObject *src;
  gboolean kept;

  g_mutex_lock (&self->lock);
  kept = self->posted_error != NULL;
  g_mutex_unlock (&self->lock);
  if (!kept)
    return NULL;
  if (!self->posted_seen)
    {
      self->posted_seen = TRUE;
      self->posted_for = 0;
      return NULL;
    }
  if (!_akin_stall_watch_span_over (self, &self->posted_for, POSTED_ERROR_GRACE))
    return NULL;

  g_mutex_lock (&self->lock);
  src = GST_MESSAGE_SRC (self->posted_error);
  if (last_sample >= self->posted_at
      || !gst_object_has_as_ancestor (src, GST_OBJECT (self->pipeline)))
    /* Recovered from: another element took over. */
    g_clear_pointer (&self->posted_error, gst_message_unref);
  else
    message = g_steal_pointer (&self->posted_error);
  g_mutex_unlock (&self->lock);
  self->posted_seen = FALSE;
  return message;
}
