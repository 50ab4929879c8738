/* akin-analyzer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * AkinAnalyzer scans folders for audio files and analyses the new and
 * changed ones into the library database.
 *
 * Threading model
 * ---------------
 * A run has one coordinating thread and N workers (akin-analyzer-run.c):
 *
 * - The coordinator is the caller's thread for akin_analyzer_run_sync()
 *   and a thread of its own for akin_analyzer_run_async(). It opens its own
 *   database connection, walks the folders (akin-analyzer-scan.c), lists
 *   the tracks needing analysis for the model (the largest files first, so
 *   that the last song analysed alone is a short one), starts the workers
 *   and waits
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
 *   A stored callback (akin_analyzer_set_stored_func()) runs in the worker
 *   right after each store, with its connection and the result, before
 *   the track is counted.
 *   ::track-analyzed is emitted, once per stored track, right after the
 *   progress delivery that counted it, in that same thread.
 * - Pause stops workers before their next track (running analyses finish;
 *   the progress's n_active says when none is left); it lasts until
 *   akin_analyzer_resume(), across runs. Cancel (the GCancellable) stops
 *   the workers too, and is passed down to the analysis function. Claims
 *   still held at the end are released.
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

G_DEFINE_FINAL_TYPE (AkinAnalyzer, akin_analyzer, G_TYPE_OBJECT)

enum {
  TRACK_ANALYZED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

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
  if (self->stored_destroy != NULL)
    self->stored_destroy (self->stored_data);
  g_clear_pointer (&self->folders, g_ptr_array_unref);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->analyzed, g_array_unref);
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

  /**
   * AkinAnalyzer::track-analyzed:
   * @analyzer: the analyzer
   * @track_id: a track whose analysis was just stored
   *
   * Emitted for each analysed track, just after a progress delivery: on
   * the run's main context for akin_analyzer_run_async(), in the caller's
   * thread for akin_analyzer_run_sync(). Add the track to a similarity
   * index here (its vector is in the database).
   */
  signals[TRACK_ANALYZED] =
    g_signal_new ("track-analyzed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
akin_analyzer_init (AkinAnalyzer *self)
{
  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
  self->folders = g_ptr_array_new_with_free_func (g_object_unref);
  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) akin_analyzer_problem_free);
  self->analyzed = g_array_new (FALSE, FALSE, sizeof (gint64));
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

/**
 * akin_analyzer_get_model_id:
 * @self: an analyzer
 *
 * Returns: the model id given to akin_analyzer_new(). Any thread.
 */
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
 * akin_analyzer_set_stored_func:
 * @self: an analyzer, not running
 * @func: (nullable): called for each stored analysis (see
 *   #AkinAnalyzerStoredFunc), in the worker threads
 * @user_data: its data, used from those threads
 * @destroy: (nullable): frees @user_data
 */
void
akin_analyzer_set_stored_func (AkinAnalyzer           *self,
                               AkinAnalyzerStoredFunc  func,
                               gpointer                user_data,
                               GDestroyNotify          destroy)
{
  g_return_if_fail (AKIN_IS_ANALYZER (self));
  g_return_if_fail (self->run == NULL);

  if (self->stored_destroy != NULL)
    self->stored_destroy (self->stored_data);
  self->stored_func = func;
  self->stored_data = user_data;
  self->stored_destroy = destroy;
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

/**
 * akin_analyzer_set_retry_failed:
 * @self: an analyzer, not running
 * @retry_failed: whether the next run analyses again every failed song
 *
 * Without it, a run analyses again only the songs whose failure may have
 * passed (akin_error_is_transient()) and those whose file changed.
 */
void
akin_analyzer_set_retry_failed (AkinAnalyzer *self,
                                gboolean      retry_failed)
{
  g_return_if_fail (AKIN_IS_ANALYZER (self));
  g_return_if_fail (self->run == NULL);

  self->retry_failed = retry_failed;
}

/**
 * akin_analyzer_get_n_workers:
 * @self: an analyzer
 *
 * Returns: how many files a run analyses at once
 */
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

/* Hands out progress and the tracks analysed since the last delivery, in
 * the thread that owns the run's results. */
static void
deliver (AkinAnalyzer               *self,
         const AkinAnalyzerProgress *progress,
         GArray                     *analyzed)
{
  if (self->progress_func != NULL)
    self->progress_func (self, progress, self->progress_data);
  for (guint i = 0; i < analyzed->len; i++)
    g_signal_emit (self, signals[TRACK_ANALYZED], 0, g_array_index (analyzed, gint64, i));
}

/* Must hold the mutex. */
static GArray *
steal_analyzed_locked (AkinAnalyzer *self)
{
  GArray *analyzed = self->analyzed;

  self->analyzed = g_array_new (FALSE, FALSE, sizeof (gint64));
  return analyzed;
}

static gboolean
progress_idle (gpointer data)
{
  AkinAnalyzer *self = data;
  AkinAnalyzerProgress progress;
  g_autoptr(GTask) task = NULL;
  g_autoptr(GArray) analyzed = NULL;
  GError *error = NULL;
  Run *run;

  g_mutex_lock (&self->mutex);
  self->idle_pending = FALSE;
  snapshot_locked (self, &progress);
  analyzed = steal_analyzed_locked (self);
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

  deliver (self, &progress, analyzed);

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
void
_akin_analyzer_changed_locked (AkinAnalyzer *self)
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

void
_akin_analyzer_deliver_sync (AkinAnalyzer *self)
{
  AkinAnalyzerProgress progress;
  g_autoptr(GArray) analyzed = NULL;

  g_mutex_lock (&self->mutex);
  snapshot_locked (self, &progress);
  analyzed = steal_analyzed_locked (self);
  g_mutex_unlock (&self->mutex);
  deliver (self, &progress, analyzed);
}

/* Called by the scan, in the coordinating thread. */
void
_akin_analyzer_count_found (AkinAnalyzer *self)
{
  gboolean sync;

  g_mutex_lock (&self->mutex);
  self->progress.n_found++;
  _akin_analyzer_changed_locked (self);
  sync = self->run->sync;
  g_mutex_unlock (&self->mutex);
  if (sync)
    _akin_analyzer_deliver_sync (self);
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
        _akin_analyzer_changed_locked (self);
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
        _akin_analyzer_changed_locked (self);
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
