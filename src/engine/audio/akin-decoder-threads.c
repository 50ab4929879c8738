/* akin-decoder-threads.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The decoder's streaming threads are plain threads started by the thread
 * that starts the pipeline, not threads of GStreamer's default task pool.
 *
 * Why: analysis runs at a lower priority (the analyzer's threads raise
 * their nice value) and a new thread inherits its creator's priority. The
 * default task pool is a shared GThreadPool, and GLib gives every thread
 * of the shared pools the scheduler settings of the thread that made the
 * first shared pool (the main thread, at the normal priority): a streaming
 * thread started by an analysis worker would have to raise its own
 * priority, which a normal user may not do ("Failed to set scheduler
 * settings: Operation not permitted", once per scan). A thread of its own
 * keeps the worker's priority without asking for anything.
 *
 * Each decode has a pool of its own, so its threads are known: the stall
 * limit takes out the time they wait for a CPU (akin-decoder-watchdog.c).
 */

#include "config.h"

#include "akin-decoder-private.h"

#define AKIN_TYPE_DECODER_TASK_POOL (akin_decoder_task_pool_get_type ())
G_DECLARE_FINAL_TYPE (AkinDecoderTaskPool, akin_decoder_task_pool, AKIN, DECODER_TASK_POOL,
                      GstTaskPool)

struct _AkinDecoderTaskPool
{
  GstTaskPool     parent_instance;
  AkinDecoderRun *run;  /* outlives every thread the pool starts */
};

G_DEFINE_FINAL_TYPE (AkinDecoderTaskPool, akin_decoder_task_pool, GST_TYPE_TASK_POOL)

typedef struct
{
  AkinDecoderRun     *run;
  GstTaskPoolFunction func;
  gpointer            data;
} Job;

static gpointer
run_job (gpointer data)
{
  Job *job = data;

  _akin_decoder_thread_enter (job->run);
  job->func (job->data);
  _akin_decoder_thread_leave (job->run);
  g_free (job);
  return NULL;
}

/* The default pool makes its GThreadPool here: nothing to prepare. */
static void
pool_prepare (GstTaskPool  *pool,
              GError      **error)
{
}

static void
pool_cleanup (GstTaskPool *pool)
{
}

static gpointer
pool_push (GstTaskPool          *pool,
           GstTaskPoolFunction   func,
           gpointer              user_data,
           GError              **error)
{
  Job *job = g_new (Job, 1);
  GThread *thread;

  job->run = AKIN_DECODER_TASK_POOL (pool)->run;
  job->func = func;
  job->data = user_data;
  _akin_decoder_thread_starting (job->run);
  thread = g_thread_try_new ("akin-stream", run_job, job, error);
  if (thread == NULL)
    {
      _akin_decoder_thread_not_started (job->run);
      g_free (job);
    }
  return thread;
}

/* gst_task_join() calls this once the task's function has returned. */
static void
pool_join (GstTaskPool *pool,
           gpointer     id)
{
  g_thread_join (id);
}

static void
akin_decoder_task_pool_class_init (AkinDecoderTaskPoolClass *klass)
{
  GstTaskPoolClass *pool_class = GST_TASK_POOL_CLASS (klass);

  pool_class->prepare = pool_prepare;
  pool_class->cleanup = pool_cleanup;
  pool_class->push = pool_push;
  pool_class->join = pool_join;
}

static void
akin_decoder_task_pool_init (AkinDecoderTaskPool *self)
{
}

/* Each task is given the pool as it is created, from the thread that
 * creates it (the message is posted synchronously). */
static GstBusSyncReply
on_sync_message (GstBus     *bus,
                 GstMessage *message,
                 gpointer    user_data)
{
  AkinDecoderRun *self = user_data;
  GstStreamStatusType type;
  GstElement *owner;
  const GValue *value;

  if (GST_MESSAGE_TYPE (message) != GST_MESSAGE_STREAM_STATUS)
    return GST_BUS_PASS;
  gst_message_parse_stream_status (message, &type, &owner);
  value = gst_message_get_stream_status_object (message);
  if (type == GST_STREAM_STATUS_TYPE_CREATE && value != NULL
      && G_VALUE_HOLDS (value, GST_TYPE_TASK))
    gst_task_set_pool (g_value_get_object (value), self->pool);
  return GST_BUS_PASS;
}

/* The pipeline's streaming threads are this decode's, in self->pool, and
 * known in self->thread_ids while they run. The pipeline must be stopped
 * (its threads joined) before @self goes. */
void
_akin_decoder_own_threads (AkinDecoderRun *self)
{
  AkinDecoderTaskPool *pool = g_object_new (AKIN_TYPE_DECODER_TASK_POOL, NULL);

  pool->run = self;
  self->pool = gst_object_ref_sink (GST_TASK_POOL (pool));
  gst_bus_set_sync_handler (self->bus, on_sync_message, self, NULL);
}
