/* akin-decoder-watchdog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The decoder's stall limit: a decode that makes no progress (no decoded
 * buffer, no bus message) for options->stall_timeout seconds fails with
 * AKIN_ERROR_TIMEOUT, so a file that hangs GStreamer (a demuxer waiting
 * forever, a read that never returns) costs a scan seconds, not the rest
 * of the run.
 *
 * What counts is the time the decode could have used, not the time on the
 * wall. On a busy machine (analysis runs at a lower priority, beside other
 * work) the decode's threads can wait seconds for a CPU: a wall clock then
 * sees "no progress" in a decode that was only never given the chance,
 * and a good song failed with "decoding made no progress for 10.0 s". So
 * the time that the decode's threads (the calling thread and its own
 * streaming threads, akin-decoder-threads.c) spent runnable but waiting
 * for a CPU is taken out: Linux counts it per thread in
 * /proc/self/task/TID/schedstat (run_delay). A decode whose threads sleep
 * (blocked in a read, a lock, a wait that never ends) or run without
 * result still reaches the limit, as before.
 *
 * The kernel adds a wait to run_delay only when the thread gets a CPU, so
 * a wait still going on is not counted yet. It began after the thread's
 * last start on a CPU, which came after the look before the one that saw
 * its times change: while a streaming thread is runnable, the time since
 * then is left out before the limit is applied. A thread that keeps
 * running (a decoder in a loop) shows new times at every look, so that
 * leaves out little. Time spent in the consumer (the callback that takes
 * the samples) is progress too: the consumer may wait for threads of its
 * own, and the limit is about the decoder.
 *
 * Where schedstat cannot be read, the wall clock is used.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "akin-decoder-private.h"
#include "akin-error.h"

/* A thread's times, from /proc/self/task/TID/schedstat, in ns. */
typedef struct
{
  int     tid;
  guint64 run_time;   /* on a CPU */
  guint64 run_delay;  /* runnable, waiting for a CPU */
  gint64  ran_after;  /* monotonic time before its last start on a CPU */
} ThreadTimes;

static int
current_tid (void)
{
#ifdef SYS_gettid
  return (int) syscall (SYS_gettid);
#else
  return 0;
#endif
}

/* Reads a small /proc file of this process into @buffer. */
static gboolean
read_proc (const char *path,
           char       *buffer,
           gsize       size)
{
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  gssize n;

  if (fd < 0)
    return FALSE;
  do
    n = read (fd, buffer, size - 1);
  while (n < 0 && errno == EINTR);
  close (fd);
  if (n <= 0)
    return FALSE;
  buffer[n] = '\0';
  return TRUE;
}

static gboolean
read_times (int          tid,
            ThreadTimes *times)
{
  char path[64];
  char buffer[128];
  char *end;

  g_snprintf (path, sizeof path, "/proc/self/task/%d/schedstat", tid);
  if (!read_proc (path, buffer, sizeof buffer))
    return FALSE;
  times->tid = tid;
  times->run_time = g_ascii_strtoull (buffer, &end, 10);
  if (end == buffer)
    return FALSE;
  times->run_delay = g_ascii_strtoull (end, &end, 10);
  return TRUE;
}

/* Whether the thread is runnable (on a CPU or waiting for one): state R in
 * /proc/self/task/TID/stat, after the name in parentheses. */
static gboolean
is_runnable (int tid)
{
  char path[64];
  char buffer[512];
  const char *name_end;

  g_snprintf (path, sizeof path, "/proc/self/task/%d/stat", tid);
  if (!read_proc (path, buffer, sizeof buffer))
    return FALSE;
  name_end = strrchr (buffer, ')');
  return name_end != NULL && name_end[1] == ' ' && name_end[2] == 'R';
}

static const ThreadTimes *
find_times (GArray *array,
            int     tid)
{
  for (guint i = 0; i < array->len; i++)
    if (g_array_index (array, ThreadTimes, i).tid == tid)
      return &g_array_index (array, ThreadTimes, i);
  return NULL;
}

/* Streaming threads (akin-decoder-threads.c): one is about to be started
 * (in the thread that starts it), or could not be; it starts running; it
 * ends. Until it runs it is runnable, and its id is not known yet. */
void
_akin_decoder_thread_starting (AkinDecoderRun *self)
{
  g_mutex_lock (&self->lock);
  if (self->n_starting++ == 0)
    self->starting_since = g_get_monotonic_time ();
  g_mutex_unlock (&self->lock);
}

void
_akin_decoder_thread_not_started (AkinDecoderRun *self)
{
  g_mutex_lock (&self->lock);
  self->n_starting--;
  g_mutex_unlock (&self->lock);
}

void
_akin_decoder_thread_enter (AkinDecoderRun *self)
{
  int tid = current_tid ();

  g_mutex_lock (&self->lock);
  g_assert (self->n_starting > 0);
  self->n_starting--;
  g_array_append_val (self->thread_ids, tid);
  g_mutex_unlock (&self->lock);
}

void
_akin_decoder_thread_leave (AkinDecoderRun *self)
{
  int tid = current_tid ();

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->thread_ids->len; i++)
    if (g_array_index (self->thread_ids, int, i) == tid)
      {
        g_array_remove_index_fast (self->thread_ids, i);
        break;
      }
  g_mutex_unlock (&self->lock);
}

/* Reads the times of the decode's threads: the calling thread, then the
 * streaming threads running now. Returns the µs they waited for a CPU
 * since the last look, at @previous (a new streaming thread's whole wait:
 * it was started for this decode). Replaces the watch's table. */
static gint64
look (AkinDecoderRun *self,
      gint64          previous)
{
  AkinStallWatch *watch = &self->watch;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (int));
  GArray *times = g_array_new (FALSE, FALSE, sizeof (ThreadTimes));
  guint64 waited = 0;

  g_array_append_val (ids, watch->caller);
  g_mutex_lock (&self->lock);
  g_array_append_vals (ids, self->thread_ids->data, self->thread_ids->len);
  g_mutex_unlock (&self->lock);

  for (guint i = 0; i < ids->len; i++)
    {
      int tid = g_array_index (ids, int, i);
      const ThreadTimes *before = find_times (watch->times, tid);
      ThreadTimes current;

      /* A thread that has just ended, its last wait unread: no matter. */
      if (!read_times (tid, &current))
        continue;
      if (before == NULL)
        waited += current.run_delay;
      else if (current.run_delay >= before->run_delay)
        waited += current.run_delay - before->run_delay;
      if (before == NULL || current.run_time != before->run_time
          || current.run_delay != before->run_delay)
        current.ran_after = previous;
      else
        current.ran_after = before->ran_after;
      g_array_append_val (times, current);
    }

  g_array_unref (watch->times);
  watch->times = times;
  return (gint64) (waited / 1000);
}

/* The longest wait for a CPU that may be going on now, not counted yet:
 * since the last start of a streaming thread that is runnable, or since a
 * streaming thread was started that has not run yet. */
static gint64
pending_wait (AkinDecoderRun *self,
              gint64          now)
{
  AkinStallWatch *watch = &self->watch;
  gint64 longest = 0;

  g_mutex_lock (&self->lock);
  if (self->n_starting > 0)
    longest = now - self->starting_since;
  g_mutex_unlock (&self->lock);

  /* The first is the calling thread: running, it is looking. */
  for (guint i = 1; i < watch->times->len; i++)
    {
      const ThreadTimes *times = &g_array_index (watch->times, ThreadTimes, i);

      if (now - times->ran_after > longest && is_runnable (times->tid))
        longest = now - times->ran_after;
    }
  return longest;
}

/* Calling thread, before the pipeline starts. */
void
_akin_stall_watch_init (AkinDecoderRun *self)
{
  AkinStallWatch *watch = &self->watch;
  ThreadTimes caller;

  watch->wall = g_get_monotonic_time ();
  watch->step = 0;
  watch->stalled = 0;
  watch->activity = 0;
  watch->times = g_array_new (FALSE, FALSE, sizeof (ThreadTimes));
  watch->caller = current_tid ();
  /* Without schedstat, the wall clock. */
  watch->schedstat = watch->caller != 0 && read_times (watch->caller, &caller);
  if (watch->schedstat)
    {
      caller.ran_after = watch->wall;
      g_array_append_val (watch->times, caller);
    }
}

void
_akin_stall_watch_clear (AkinStallWatch *watch)
{
  g_clear_pointer (&watch->times, g_array_unref);
}

/* The limit, in µs of the decode's time. Before the first buffer, one more
 * second per BYTES_PER_EXTRA_SECOND of file, for opening and scanning large
 * files. */
#define BYTES_PER_EXTRA_SECOND 10000000.0

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

/* Calling thread, after each wait on the bus, before the checks below:
 * measures the decode's time since the last call, the wall clock's less
 * the time the decode's threads waited for a CPU meanwhile. */
void
_akin_stall_watch_update (AkinDecoderRun *self)
{
  AkinStallWatch *watch = &self->watch;
  gint64 now = g_get_monotonic_time ();
  gint64 waited = 0;

  if (watch->schedstat)
    waited = look (self, watch->wall);
  watch->step = now - watch->wall - waited;
  watch->wall = now;
}

/* Adds the decode's time measured by the last update to @span (µs), and
 * tells whether @span is now over @limit, not counting a wait for a CPU
 * that may be going on. Two threads waiting at once count twice: @span
 * never goes below zero. */
gboolean
_akin_stall_watch_span_over (AkinDecoderRun *self,
                             gint64         *span,
                             gint64          limit)
{
  AkinStallWatch *watch = &self->watch;

  *span = MAX (*span + watch->step, 0);
  return *span > limit
         && !(watch->schedstat && *span - pending_wait (self, watch->wall) <= limit);
}

/* Calling thread, after _akin_stall_watch_update(): fails with
 * AKIN_ERROR_TIMEOUT once the decode has gone without progress for longer
 * than the limit, not counting the time its threads waited for a CPU.
 * Progress: a bus message handled (self->progressed), a new buffer, or the
 * consumer at work since the last call. */
gboolean
_akin_stall_watch_check (AkinDecoderRun           *self,
                         const AkinDecodeOptions  *options,
                         guint64                   size,
                         gboolean                  started,
                         GError                  **error)
{
  AkinStallWatch *watch = &self->watch;
  guint activity = (guint) g_atomic_int_get (&self->activity);

  if (activity != watch->activity || g_atomic_int_get (&self->in_consumer))
    self->progressed = TRUE;
  watch->activity = activity;
  if (self->progressed)
    {
      self->progressed = FALSE;
      watch->stalled = 0;
      return TRUE;
    }

  if (!_akin_stall_watch_span_over (self, &watch->stalled, stall_limit (options, size, started)))
    return TRUE;
  g_set_error (error, AKIN_ERROR, AKIN_ERROR_TIMEOUT,
               "%s: decoding made no progress for %.1f s",
               self->name, (double) watch->stalled / G_USEC_PER_SEC);
  return FALSE;
}
