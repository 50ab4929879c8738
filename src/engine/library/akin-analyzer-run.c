/* akin-analyzer-run.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One analyzer run: the coordinating thread (scan, queue, wait) and the
 * workers of the GThreadPool. The threading model is described at the top
 * of akin-analyzer.c.
 */

#include "config.h"

#include <string.h>
#ifdef __linux__
#include <sys/resource.h>
#endif

#include "akin-analyzer-private.h"
#include "akin-database.h"
#include "akin-error.h"
#include "akin-recordings.h"

/* How much lower than the caller's the analysis threads' priority is. */
#define ANALYSIS_NICE 10

/* A claim held this long by a live process is considered abandoned. */
#define LEASE_SECONDS (30 * 60)

static void
count (AkinAnalyzer *self,
       guint        *counter)
{
  g_mutex_lock (&self->mutex);
  (*counter)++;
  _akin_analyzer_changed_locked (self);
  g_mutex_unlock (&self->mutex);
}

/* Marks the track failed. A @transient failure (the file could not be read,
 * the disk was full) is tried again at the next run. */
static void
fail_track (AkinAnalyzer *self,
            AkinDatabase *db,
            gint64        track_id,
            const char   *uri,
            const GError *error,
            gboolean      transient)
{
  g_autoptr(GError) store_error = NULL;
  gboolean stored;

  _akin_analyzer_report_problem (self, uri, error);
  if (transient)
    stored = akin_database_store_transient_failure (db, track_id, error->message, &store_error);
  else
    stored = akin_database_store_failure (db, track_id, error->message, &store_error);
  if (!stored)
    _akin_analyzer_report_problem (self, uri, store_error);
  count (self, &self->progress.n_failed);
}

static void
analyze_one (Run          *run,
             AkinDatabase *db,
             gint64        track_id)
{
  AkinAnalyzer *self = run->self;
  g_autoptr(AkinAnalysisResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *uri = NULL;

  if (!akin_database_claim_track (db, track_id, self->model_id, self->owner, LEASE_SECONDS,
                                  &uri, &error))
    {
      if (error != NULL)
        {
          g_autofree char *what = g_strdup_printf ("track %" G_GINT64_FORMAT, track_id);

          _akin_analyzer_report_problem (self, what, error);
          count (self, &self->progress.n_failed);
        }
      else
        count (self, &self->progress.n_skipped);
      return;
    }

  file = g_file_new_for_uri (uri);
  if (!self->func (file, self->func_data, &result, run->cancellable, &error))
    {
      if (error == NULL)
        g_set_error (&error, AKIN_ERROR, AKIN_ERROR_FAILED, "%s could not be analysed", uri);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail_track (self, db, track_id, uri, error, akin_error_is_transient (error));
      /* A cancelled track keeps its claim until the run releases it. */
      return;
    }
  if (result == NULL || result->vector == NULL || result->dim == 0)
    g_set_error (&error, AKIN_ERROR, AKIN_ERROR_FAILED,
                 "The analysis of %s gave no vector", uri);
  else if (g_strcmp0 (result->model_id, self->model_id) != 0)
    g_set_error (&error, AKIN_ERROR, AKIN_ERROR_MODEL_MISMATCH,
                 "The analysis of %s used model %s instead of %s",
                 uri, result->model_id, self->model_id);
  if (error != NULL)
    {
      fail_track (self, db, track_id, uri, error, FALSE);
      return;
    }
  if (akin_database_store_analysis (db, track_id, result, &error))
    {
      if (self->stored_func != NULL)
        self->stored_func (self, db, track_id, result, self->stored_data);
      g_mutex_lock (&self->mutex);
      self->progress.n_done++;
      g_array_append_val (self->analyzed, track_id);
      _akin_analyzer_changed_locked (self);
      g_mutex_unlock (&self->mutex);
      return;
    }
  /* The analysis was fine, the database could not take it (a full disk):
   * the song is analysed again next time. */
  fail_track (self, db, track_id, uri, error, TRUE);
}

static void
worker (gpointer data,
        gpointer user_data)
{
  Run *run = user_data;
  AkinAnalyzer *self = run->self;
  g_autoptr(AkinDatabase) db = NULL;
  g_autoptr(GError) error = NULL;

  db = akin_database_open (self->db_path, AKIN_DATABASE_FLAGS_NONE, &error);
  if (db == NULL)
    {
      _akin_analyzer_report_problem (self, self->db_path, error);
      g_mutex_lock (&self->mutex);
      if (run->error == NULL)
        run->error = g_steal_pointer (&error);
    }
  else
    {
      g_mutex_lock (&self->mutex);
      for (;;)
        {
          gint64 track_id;

          while (self->paused && !g_cancellable_is_cancelled (run->cancellable))
            g_cond_wait (&self->cond, &self->mutex);
          if (g_cancellable_is_cancelled (run->cancellable) || run->next >= run->queue->len)
            break;
          track_id = g_array_index (run->queue, gint64, run->next++);
          self->progress.n_active++;
          g_mutex_unlock (&self->mutex);
          analyze_one (run, db, track_id);
          g_mutex_lock (&self->mutex);
          self->progress.n_active--;
          _akin_analyzer_changed_locked (self);
        }
    }
  run->n_running--;
  _akin_analyzer_changed_locked (self);
  g_mutex_unlock (&self->mutex);
}

static void
wake_on_cancel (GCancellable *cancellable,
                gpointer      data)
{
  AkinAnalyzer *self = data;

  g_mutex_lock (&self->mutex);
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);
}

static void
set_phase (AkinAnalyzer      *self,
           AkinAnalyzerPhase  phase)
{
  g_mutex_lock (&self->mutex);
  self->progress.phase = phase;
  _akin_analyzer_changed_locked (self);
  g_mutex_unlock (&self->mutex);
}

/* The workers' part of a run: start them, wait, deliver progress in sync mode. */
static void
analyze_queue (Run *run)
{
  AkinAnalyzer *self = run->self;
  guint n_workers = MIN (self->n_workers, run->queue->len);
  GThreadPool *pool;
  guint64 delivered = 0;

  if (n_workers == 0)
    return;
  pool = g_thread_pool_new (worker, run, (int) n_workers, TRUE, NULL);
  g_mutex_lock (&self->mutex);
  self->active_since = g_get_monotonic_time ();
  run->n_running = n_workers;
  g_mutex_unlock (&self->mutex);
  for (guint i = 0; i < n_workers; i++)
    g_thread_pool_push (pool, GUINT_TO_POINTER (i + 1), NULL);

  g_mutex_lock (&self->mutex);
  while (run->n_running > 0)
    {
      if (run->sync && run->serial != delivered)
        {
          delivered = run->serial;
          g_mutex_unlock (&self->mutex);
          _akin_analyzer_deliver_sync (self);
          g_mutex_lock (&self->mutex);
          continue;
        }
      g_cond_wait (&self->cond, &self->mutex);
    }
  g_mutex_unlock (&self->mutex);
  g_thread_pool_free (pool, FALSE, TRUE);
}

/* The new fingerprints join their recordings. A failure here is reported
 * as a problem: the analyses are stored, and the next run tries again. */
static void
update_recordings (AkinAnalyzer *self,
                   AkinDatabase *db,
                   GCancellable *cancellable)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  if (!akin_recordings_update (db, problems, NULL, cancellable, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    _akin_analyzer_report_problem (self, self->db_path, error);
  g_mutex_lock (&self->mutex);
  for (guint i = 0; i < problems->len; i++)
    g_ptr_array_add (self->problems, problems->pdata[i]);
  g_mutex_unlock (&self->mutex);
}

typedef struct
{
  gint64  id;
  guint64 size;
} QueuedTrack;

static int
compare_largest_first (gconstpointer a,
                       gconstpointer b)
{
  const QueuedTrack *x = a, *y = b;

  if (x->size != y->size)
    return x->size > y->size ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

/* Puts the largest files first. The workers take the queue in order, so
 * the song analysed alone at the end, while the other cores have nothing
 * left, is a short one rather than whichever has the last id. A file's
 * size is a fair proxy for its length in one library. Left as it is when
 * the sizes cannot be read. */
static void
order_largest_first (AkinDatabase *db,
                     GArray       *queue)
{
  g_autoptr(GPtrArray) tracks = NULL;
  g_autoptr(GArray) items = NULL;

  if (queue->len < 2)
    return;
  tracks = akin_database_get_tracks (db, (const gint64 *) (gconstpointer) queue->data,
                                     queue->len, NULL);
  if (tracks == NULL)
    return;
  items = g_array_sized_new (FALSE, FALSE, sizeof (QueuedTrack), queue->len);
  for (guint i = 0; i < queue->len; i++)
    {
      const AkinTrack *track = tracks->pdata[i];
      QueuedTrack item = { g_array_index (queue, gint64, i), track != NULL ? track->size : 0 };

      g_array_append_val (items, item);
    }
  g_array_sort (items, compare_largest_first);
  for (guint i = 0; i < queue->len; i++)
    g_array_index (queue, gint64, i) = g_array_index (items, QueuedTrack, i).id;
}

/* A whole run, in the coordinating thread. Returns with run->error set on failure. */
static void
run_blocking (Run *run)
{
  AkinAnalyzer *self = run->self;
  g_autoptr(AkinDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  gulong handler;

  handler = g_cancellable_connect (run->cancellable, G_CALLBACK (wake_on_cancel), self, NULL);

  if (self->func == NULL)
    g_set_error_literal (&error, AKIN_ERROR, AKIN_ERROR_INVALID_ARGUMENT,
                         "No analysis function was set");
  else if ((db = akin_database_open (self->db_path, AKIN_DATABASE_CHECK_INTEGRITY, &error)))
    {
      set_phase (self, AKIN_ANALYZER_PHASE_SCANNING);
      if (run->sync)
        _akin_analyzer_deliver_sync (self);
      if (_akin_analyzer_scan (self, db, run->cancellable, &error)
          && (!self->retry_failed || akin_database_retry_failed (db, NULL, &error))
          && (run->queue = akin_database_list_needing_analysis (db, self->model_id, &error)))
        {
          order_largest_first (db, run->queue);
          g_mutex_lock (&self->mutex);
          self->progress.phase = AKIN_ANALYZER_PHASE_ANALYZING;
          self->progress.n_total = run->queue->len;
          _akin_analyzer_changed_locked (self);
          g_mutex_unlock (&self->mutex);
          analyze_queue (run);
          if (!g_cancellable_is_cancelled (run->cancellable))
            update_recordings (self, db, run->cancellable);
        }
      if (!akin_database_release_claims (db, self->owner, error == NULL ? &error : NULL))
        g_debug ("Could not release the analysis claims");
    }

  g_cancellable_disconnect (run->cancellable, handler);

  g_mutex_lock (&self->mutex);
  if (error == NULL && run->error != NULL)
    error = g_steal_pointer (&run->error);
  if (error == NULL && g_cancellable_is_cancelled (run->cancellable))
    g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "The scan was cancelled");
  g_clear_error (&run->error);
  run->error = g_steal_pointer (&error);
  if (self->active_since > 0)
    self->active_us += g_get_monotonic_time () - self->active_since;
  self->active_since = 0;
  self->progress.phase = AKIN_ANALYZER_PHASE_FINISHED;
  run->finished = TRUE;
  _akin_analyzer_changed_locked (self);
  g_mutex_unlock (&self->mutex);
}

/* Must hold the mutex. */
static Run *
start_run_locked (AkinAnalyzer *self,
                  GCancellable *cancellable,
                  gboolean      sync)
{
  Run *run = g_new0 (Run, 1);

  run->self = self;
  run->sync = sync;
  run->cancellable = cancellable != NULL ? g_object_ref (cancellable) : g_cancellable_new ();
  memset (&self->progress, 0, sizeof self->progress);
  self->progress.eta_us = -1;
  self->active_us = 0;
  self->active_since = 0;
  g_ptr_array_set_size (self->problems, 0);
  g_array_set_size (self->analyzed, 0);
  self->run = run;
  return run;
}

/**
 * akin_analyzer_run_sync:
 * @self: an analyzer, not running
 * @cancellable: (nullable): cancels the run
 * @error: %G_IO_ERROR_CANCELLED, %G_IO_ERROR_PENDING when already running,
 *   or why the database could not be used
 *
 * Scans the folders and analyses what needs it, blocking the calling
 * thread; the progress function is called in this thread. Files that could
 * not be analysed do not make the run fail: see akin_analyzer_dup_problems().
 * For the command line; the app uses akin_analyzer_run_async().
 *
 * Returns: %TRUE when the run completed
 */
gboolean
akin_analyzer_run_sync (AkinAnalyzer  *self,
                        GCancellable  *cancellable,
                        GError       **error)
{
  Run *run;
  GError *run_error;

  g_return_val_if_fail (AKIN_IS_ANALYZER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_mutex_lock (&self->mutex);
  if (self->run != NULL)
    {
      g_mutex_unlock (&self->mutex);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PENDING, "The analyzer is already running");
      return FALSE;
    }
  run = start_run_locked (self, cancellable, TRUE);
  g_mutex_unlock (&self->mutex);

  run_blocking (run);
  _akin_analyzer_deliver_sync (self);

  g_mutex_lock (&self->mutex);
  self->run = NULL;
  g_mutex_unlock (&self->mutex);
  run_error = g_steal_pointer (&run->error);
  g_clear_object (&run->cancellable);
  g_clear_pointer (&run->queue, g_array_unref);
  g_free (run);
  if (run_error != NULL)
    {
      g_propagate_error (error, run_error);
      return FALSE;
    }
  return TRUE;
}

static gpointer
coordinator (gpointer data)
{
#ifdef __linux__
  /* Analysis is background work: on Linux the nice value belongs to the
   * thread and new threads inherit it, so the workers and their GStreamer
   * streaming threads give way to the UI thread when the cores are busy.
   * Failing to lower the priority is harmless. */
  int nice = getpriority (PRIO_PROCESS, 0);

  (void) setpriority (PRIO_PROCESS, 0, MIN (nice + ANALYSIS_NICE, 19));
#endif
  run_blocking (data);
  return NULL;
}

/**
 * akin_analyzer_run_async:
 * @self: an analyzer, not running
 * @cancellable: (nullable): cancels the run
 * @callback: called on the calling thread's thread-default main context
 *   when the run is over, after the last progress
 * @user_data: its data
 *
 * Like akin_analyzer_run_sync() without blocking: progress and the result
 * are delivered on the calling thread's thread-default main context.
 */
void
akin_analyzer_run_async (AkinAnalyzer        *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Run *run;

  g_return_if_fail (AKIN_IS_ANALYZER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, akin_analyzer_run_async);

  g_mutex_lock (&self->mutex);
  if (self->run != NULL)
    {
      g_mutex_unlock (&self->mutex);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               "The analyzer is already running");
      return;
    }
  run = start_run_locked (self, cancellable, FALSE);
  run->task = g_object_ref (task);
  run->context = g_main_context_ref_thread_default ();
  run->thread = g_thread_new ("akin-analyzer", coordinator, run);
  g_mutex_unlock (&self->mutex);
}

/**
 * akin_analyzer_run_finish:
 * @self: an analyzer
 * @result: the result given to the callback
 * @error: as for akin_analyzer_run_sync()
 *
 * Returns: %TRUE when the run completed
 */
gboolean
akin_analyzer_run_finish (AkinAnalyzer  *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

