/* akin-analyzer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * AkinAnalyzer scans folders for audio files and analyses the new and
 * changed ones into the library database.
 *
 * Threading model
 * ---------------
 * A run has one coordinating thread and N workers:
 *
 * - The coordinator is the caller's thread for akin_analyzer_run_sync()
 *   and a thread of its own for akin_analyzer_run_async(). It opens its own
 *   database connection, walks the folders (akin-analyzer-scan.c), lists
 *   the tracks needing analysis for the model, starts the workers and waits
 *   for them.
 * - The workers run in a GThreadPool of N threads (default: the number of
 *   processors). Each worker opens its own database connection, then takes
 *   track ids off the shared queue until it is empty. For each it claims
 *   the track in the database (so other analyzers, in this process or
 *   another, never analyse it too), calls the AkinAnalyzeFunc with no lock
 *   held, and stores the result or the failure in one transaction.
 * - Everything shared (queue cursor, counters, pause flag, problems) is
 *   guarded by one GMutex; a GCond wakes paused workers and the waiting
 *   coordinator.
 * - Progress goes out at most once per pending idle: a change schedules one
 *   G_PRIORITY_LOW idle on the run's GMainContext (the thread-default
 *   context of the caller of akin_analyzer_run_async()) unless one is
 *   already pending, and the idle reads the latest counters when it runs.
 *   The final progress and then the GTask's result are delivered from that
 *   same idle, so a caller always sees the last progress before the
 *   completion. In synchronous mode the coordinator calls the progress
 *   function itself, in the caller's thread, whenever counters changed.
 * - Pause stops workers before their next track (running analyses finish);
 *   cancel (the GCancellable) stops them too, and is passed down to the
 *   analysis function. Claims still held at the end are released.
 *
 * Files that failed are stored with status 'failed' and the error message,
 * and listed by akin_analyzer_dup_problems() with their GError.
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include "akin-analyzer-private.h"
#include "akin-database.h"
#include "akin-error.h"

/* A claim held this long by a live process is considered abandoned. */
#define LEASE_SECONDS (30 * 60)

typedef struct
{
  AkinAnalyzer *self;
  GCancellable *cancellable;
  GTask        *task;          /* async runs only */
  GMainContext *context;       /* async runs only: progress and result go here */
  GThread      *thread;        /* async runs only: the coordinator */
  GArray       *queue;         /* track ids to analyse */
  guint         next;          /* next index of queue to hand out */
  guint         n_running;     /* workers that have not finished */
  GError       *error;         /* why the run failed */
  gboolean      finished;
  gboolean      sync;
  guint64       serial;        /* bumped by every progress change */
} Run;

struct _AkinAnalyzer
{
  GObject                   parent_instance;

  char                     *db_path;
  char                     *model_id;
  char                     *owner;       /* claim token, unique per analyzer */
  AkinAnalyzeFunc           func;
  gpointer                  func_data;
  GDestroyNotify            func_destroy;
  AkinAnalyzerProgressFunc  progress_func;
  gpointer                  progress_data;
  GDestroyNotify            progress_destroy;
  guint                     n_workers;

  GMutex                    mutex;       /* guards everything below */
  GCond                     cond;
  GPtrArray                *folders;     /* GFile */
  Run                      *run;
  AkinAnalyzerProgress      progress;
  GPtrArray                *problems;
  gboolean                  paused;
  gboolean                  idle_pending;
  gint64                    active_since;  /* analysis time, for the ETA */
  gint64                    active_us;
};

G_DEFINE_FINAL_TYPE (AkinAnalyzer, akin_analyzer, G_TYPE_OBJECT)

/**
 * akin_analyzer_problem_free:
 * @problem: (transfer full) (nullable): a problem
 */
void
akin_analyzer_problem_free (AkinAnalyzerProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->uri);
  g_clear_error (&problem->error);
  g_free (problem);
}

static void
akin_analyzer_finalize (GObject *object)
{
  AkinAnalyzer *self = AKIN_ANALYZER (object);

  g_assert (self->run == NULL);

  if (self->func_destroy != NULL)
    self->func_destroy (self->func_data);
  if (self->progress_destroy != NULL)
    self->progress_destroy (self->progress_data);
  g_clear_pointer (&self->folders, g_ptr_array_unref);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_free (self->db_path);
  g_free (self->model_id);
  g_free (self->owner);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (akin_analyzer_parent_class)->finalize (object);
}

static void
akin_analyzer_class_init (AkinAnalyzerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = akin_analyzer_finalize;
}

static void
akin_analyzer_init (AkinAnalyzer *self)
{
  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
  self->folders = g_ptr_array_new_with_free_func (g_object_unref);
  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) akin_analyzer_problem_free);
  self->n_workers = MAX (1, g_get_num_processors ());
  self->owner = g_strdup_printf ("%d:%08x%08x", (int) getpid (), g_random_int (), g_random_int ());
  self->progress.eta_us = -1;
}

/**
 * akin_analyzer_new:
 * @db_path: the library database file (each thread opens its own connection)
 * @model_id: the id of the model whose vectors the analysis function makes;
 *   tracks with no vector for it are (re-)analysed
 *
 * Returns: (transfer full): a new analyzer. Any thread; then use it from
 *   the thread that created it (its progress goes to that thread's context).
 */
AkinAnalyzer *
akin_analyzer_new (const char *db_path,
                   const char *model_id)
{
  AkinAnalyzer *self;

  g_return_val_if_fail (db_path != NULL, NULL);
  g_return_val_if_fail (model_id != NULL, NULL);

  self = g_object_new (AKIN_TYPE_ANALYZER, NULL);
  self->db_path = g_strdup (db_path);
  self->model_id = g_strdup (model_id);
  return self;
}

const char *
akin_analyzer_get_model_id (AkinAnalyzer *self)
{
  g_return_val_if_fail (AKIN_IS_ANALYZER (self), NULL);
  return self->model_id;
}

/**
 * akin_analyzer_set_analyze_func:
 * @self: an analyzer, not running
 * @func: the per-file analysis, called from worker threads
 * @user_data: its data, shared by all workers
 * @destroy: (nullable): frees @user_data
 */
void
akin_analyzer_set_analyze_func (AkinAnalyzer    *self,
                                AkinAnalyzeFunc  func,
                                gpointer         user_data,
                                GDestroyNotify   destroy)
{
  g_return_if_fail (AKIN_IS_ANALYZER (self));
  g_return_if_fail (self->run == NULL);

  if (self->func_destroy != NULL)
    self->func_destroy (self->func_data);
  self->func = func;
  self->func_data = user_data;
  self->func_destroy = destroy;
}

/**
 * akin_analyzer_set_progress_func:
 * @self: an analyzer, not running
 * @func: (nullable): receives progress (see #AkinAnalyzerProgressFunc)
 * @user_data: its data
 * @destroy: (nullable): frees @user_data
 */
void
akin_analyzer_set_progress_func (AkinAnalyzer             *self,
                                 AkinAnalyzerProgressFunc  func,
                                 gpointer                  user_data,
                                 GDestroyNotify            destroy)
{
  g_return_if_fail (AKIN_IS_ANALYZER (self));
  g_return_if_fail (self->run == NULL);

  if (self->progress_destroy != NULL)
    self->progress_destroy (self->progress_data);
  self->progress_func = func;
  self->progress_data = user_data;
  self->progress_destroy = destroy;
}

/**
 * akin_analyzer_set_n_workers:
 * @self: an analyzer, not running
 * @n_workers: how many files to analyse at once; 0 for the number of processors
 */
void
akin_analyzer_set_n_workers (AkinAnalyzer *self,
                             guint         n_workers)
{
  g_return_if_fail (AKIN_IS_ANALYZER (self));
  g_return_if_fail (self->run == NULL);

  self->n_workers = n_workers > 0 ? n_workers : MAX (1, g_get_num_processors ());
}

guint
akin_analyzer_get_n_workers (AkinAnalyzer *self)
{
  g_return_val_if_fail (AKIN_IS_ANALYZER (self), 0);
  return self->n_workers;
}

/**
 * akin_analyzer_add_folder:
 * @self: an analyzer, not running
 * @folder: a folder to scan recursively
 */
void
akin_analyzer_add_folder (AkinAnalyzer *self,
                          GFile        *folder)
{
  g_return_if_fail (AKIN_IS_ANALYZER (self));
  g_return_if_fail (G_IS_FILE (folder));

  g_mutex_lock (&self->mutex);
  g_ptr_array_add (self->folders, g_object_ref (folder));
  g_mutex_unlock (&self->mutex);
}

static gpointer
ref_copy (gconstpointer src,
          gpointer      data)
{
  return g_object_ref ((gpointer) src);
}

GPtrArray *
_akin_analyzer_dup_folders (AkinAnalyzer *self)
{
  GPtrArray *copy;

  g_mutex_lock (&self->mutex);
  copy = g_ptr_array_copy (self->folders, ref_copy, NULL);
  g_ptr_array_set_free_func (copy, g_object_unref);
  g_mutex_unlock (&self->mutex);
  return copy;
}

/* Must hold the mutex. */
static void
snapshot_locked (AkinAnalyzer         *self,
                 AkinAnalyzerProgress *out)
{
  guint processed = self->progress.n_done + self->progress.n_failed;
  guint left;
  gint64 active = self->active_us;

  *out = self->progress;
  out->paused = self->paused;
  out->eta_us = -1;
  if (self->active_since > 0)
    active += g_get_monotonic_time () - self->active_since;
  left = out->n_total - MIN (out->n_total, processed + out->n_skipped);
  if (out->phase == AKIN_ANALYZER_PHASE_ANALYZING && processed > 0)
    out->eta_us = (gint64) ((double) active / processed * left);
  else if (out->phase == AKIN_ANALYZER_PHASE_FINISHED)
    out->eta_us = 0;
}

static gboolean
progress_idle (gpointer data)
{
  AkinAnalyzer *self = data;
  AkinAnalyzerProgress progress;
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  Run *run;

  g_mutex_lock (&self->mutex);
  self->idle_pending = FALSE;
  snapshot_locked (self, &progress);
  run = self->run;
  if (run != NULL && run->finished)
    {
      task = g_steal_pointer (&run->task);
      error = g_steal_pointer (&run->error);
      self->run = NULL;
    }
  else
    run = NULL;
  g_mutex_unlock (&self->mutex);

  if (self->progress_func != NULL)
    self->progress_func (self, &progress, self->progress_data);

  if (run != NULL)
    {
      g_thread_join (run->thread);
      g_clear_object (&run->cancellable);
      g_clear_pointer (&run->queue, g_array_unref);
      g_main_context_unref (run->context);
      g_free (run);
      if (error != NULL)
        g_task_return_error (task, error);
      else
        g_task_return_boolean (task, TRUE);
    }
  return G_SOURCE_REMOVE;
}

/* Must hold the mutex. Records that the counters changed. */
static void
changed_locked (AkinAnalyzer *self)
{
  Run *run = self->run;

  g_assert (run != NULL);
  run->serial++;
  if (!run->sync && !self->idle_pending)
    {
      GSource *source = g_idle_source_new ();

      self->idle_pending = TRUE;
      g_source_set_priority (source, G_PRIORITY_LOW);
      g_source_set_callback (source, progress_idle, g_object_ref (self), g_object_unref);
      g_source_set_static_name (source, "[akin] analyzer progress");
      g_source_attach (source, run->context);
      g_source_unref (source);
    }
  g_cond_broadcast (&self->cond);
}

void
_akin_analyzer_report_problem (AkinAnalyzer *self,
                               const char   *uri,
                               const GError *error)
{
  AkinAnalyzerProblem *problem = g_new0 (AkinAnalyzerProblem, 1);

  problem->uri = g_strdup (uri);
  problem->error = g_error_copy (error);
  g_mutex_lock (&self->mutex);
  g_ptr_array_add (self->problems, problem);
  g_mutex_unlock (&self->mutex);
}

static void deliver_sync (AkinAnalyzer *self);

/* Called by the scan, in the coordinating thread. */
void
_akin_analyzer_count_found (AkinAnalyzer *self)
{
  gboolean sync;

  g_mutex_lock (&self->mutex);
  self->progress.n_found++;
  changed_locked (self);
  sync = self->run->sync;
  g_mutex_unlock (&self->mutex);
  if (sync)
    deliver_sync (self);
}

static void
count (AkinAnalyzer *self,
       guint        *counter)
{
  g_mutex_lock (&self->mutex);
  (*counter)++;
  changed_locked (self);
  g_mutex_unlock (&self->mutex);
}

static void
fail_track (AkinAnalyzer *self,
            AkinDatabase *db,
            gint64        track_id,
            const char   *uri,
            const GError *error)
{
  g_autoptr(GError) store_error = NULL;

  _akin_analyzer_report_problem (self, uri, error);
  if (!akin_database_store_failure (db, track_id, error->message, &store_error))
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
        fail_track (self, db, track_id, uri, error);
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
  if (error == NULL && akin_database_store_analysis (db, track_id, result, &error))
    {
      count (self, &self->progress.n_done);
      return;
    }
  fail_track (self, db, track_id, uri, error);
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
          g_mutex_unlock (&self->mutex);
          analyze_one (run, db, track_id);
          g_mutex_lock (&self->mutex);
        }
    }
  run->n_running--;
  changed_locked (self);
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
deliver_sync (AkinAnalyzer *self)
{
  AkinAnalyzerProgress progress;

  g_mutex_lock (&self->mutex);
  snapshot_locked (self, &progress);
  g_mutex_unlock (&self->mutex);
  if (self->progress_func != NULL)
    self->progress_func (self, &progress, self->progress_data);
}

static void
set_phase (AkinAnalyzer      *self,
           AkinAnalyzerPhase  phase)
{
  g_mutex_lock (&self->mutex);
  self->progress.phase = phase;
  changed_locked (self);
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
          deliver_sync (self);
          g_mutex_lock (&self->mutex);
          continue;
        }
      g_cond_wait (&self->cond, &self->mutex);
    }
  g_mutex_unlock (&self->mutex);
  g_thread_pool_free (pool, FALSE, TRUE);
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
        deliver_sync (self);
      if (_akin_analyzer_scan (self, db, run->cancellable, &error)
          && (run->queue = akin_database_list_needing_analysis (db, self->model_id, &error)))
        {
          g_mutex_lock (&self->mutex);
          self->progress.phase = AKIN_ANALYZER_PHASE_ANALYZING;
          self->progress.n_total = run->queue->len;
          changed_locked (self);
          g_mutex_unlock (&self->mutex);
          analyze_queue (run);
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
  changed_locked (self);
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
  deliver_sync (self);

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

/**
 * akin_analyzer_pause:
 * @self: an analyzer
 *
 * Stops handing out tracks; analyses under way finish. Any thread.
 */
void
akin_analyzer_pause (AkinAnalyzer *self)
{
  g_return_if_fail (AKIN_IS_ANALYZER (self));

  g_mutex_lock (&self->mutex);
  if (!self->paused)
    {
      self->paused = TRUE;
      if (self->active_since > 0)
        {
          self->active_us += g_get_monotonic_time () - self->active_since;
          self->active_since = 0;
        }
      if (self->run != NULL)
        changed_locked (self);
    }
  g_mutex_unlock (&self->mutex);
}

/**
 * akin_analyzer_resume:
 * @self: an analyzer
 *
 * Undoes akin_analyzer_pause(). Any thread.
 */
void
akin_analyzer_resume (AkinAnalyzer *self)
{
  g_return_if_fail (AKIN_IS_ANALYZER (self));

  g_mutex_lock (&self->mutex);
  if (self->paused)
    {
      self->paused = FALSE;
      if (self->run != NULL && self->progress.phase == AKIN_ANALYZER_PHASE_ANALYZING)
        self->active_since = g_get_monotonic_time ();
      if (self->run != NULL)
        changed_locked (self);
      g_cond_broadcast (&self->cond);
    }
  g_mutex_unlock (&self->mutex);
}

/**
 * akin_analyzer_is_running:
 * @self: an analyzer
 *
 * Returns: whether a run is under way (until its result is delivered). Any thread.
 */
gboolean
akin_analyzer_is_running (AkinAnalyzer *self)
{
  gboolean running;

  g_return_val_if_fail (AKIN_IS_ANALYZER (self), FALSE);
  g_mutex_lock (&self->mutex);
  running = self->run != NULL;
  g_mutex_unlock (&self->mutex);
  return running;
}

/**
 * akin_analyzer_get_progress:
 * @self: an analyzer
 * @progress: (out caller-allocates): the progress of the current or last run
 *
 * Any thread.
 */
void
akin_analyzer_get_progress (AkinAnalyzer         *self,
                            AkinAnalyzerProgress *progress)
{
  g_return_if_fail (AKIN_IS_ANALYZER (self));
  g_return_if_fail (progress != NULL);

  g_mutex_lock (&self->mutex);
  snapshot_locked (self, progress);
  g_mutex_unlock (&self->mutex);
}

/**
 * akin_analyzer_dup_problems:
 * @self: an analyzer
 *
 * Lists what the current or last run could not scan or analyse: unreadable
 * folders, dangling or looping symbolic links, and files whose analysis
 * failed, each with its error. Any thread.
 *
 * Returns: (transfer full) (element-type AkinAnalyzerProblem): the problems
 */
GPtrArray *
akin_analyzer_dup_problems (AkinAnalyzer *self)
{
  GPtrArray *copy;

  g_return_val_if_fail (AKIN_IS_ANALYZER (self), NULL);

  copy = g_ptr_array_new_with_free_func ((GDestroyNotify) akin_analyzer_problem_free);
  g_mutex_lock (&self->mutex);
  for (guint i = 0; i < self->problems->len; i++)
    {
      const AkinAnalyzerProblem *p = g_ptr_array_index (self->problems, i);
      AkinAnalyzerProblem *c = g_new0 (AkinAnalyzerProblem, 1);

      c->uri = g_strdup (p->uri);
      c->error = g_error_copy (p->error);
      g_ptr_array_add (copy, c);
    }
  g_mutex_unlock (&self->mutex);
  return copy;
}
