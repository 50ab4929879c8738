/* akin-library-manager.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The application's library: the UI's database connection, the model, the
 * similarity index and the background analysis, on the main thread.
 *
 * Threads: every function and signal is on the main thread. The work runs
 * elsewhere: a run of AkinAnalyzer (a fresh analyzer per run, so the number
 * of workers can change between runs) scans the folders and analyses in
 * its own threads; its workers put each stored analysis in the index
 * themselves (index_stored()) and it hands progress and analysed track ids
 * back to the main loop. The index is loaded, folders are walked for
 * monitors and removed folders are retired by GTasks with their own
 * connections (akin-library-manager-tasks.c); similar songs come as
 * finished rows from akin_similarity_find_async()
 * (akin-library-manager-queries.c). The main thread only reads single rows.
 *
 * Folders live in the database (so akin-cli sees them too); the
 * `music-folders` setting is their one source of truth, which the manager
 * follows (akin_library_manager_follow_folders()).
 * Each directory under a folder has a GFileMonitor; a change schedules a
 * rescan a few seconds later, which only analyses what is new or changed.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "akin-library-manager-private.h"
#include "akin-engine.h"

/* Quiet time after a file change before the folders are rescanned. */
#define RESCAN_DELAY_MS 3000
/* At most this often, tracks-changed while a scan finds files. */
#define CHANGED_DELAY_MS 1000

G_DEFINE_FINAL_TYPE (AkinLibraryManager, akin_library_manager, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ANALYZING,
  PROP_PAUSED,
  PROP_N_DONE,
  PROP_N_FAILED,
  PROP_N_TOTAL,
  PROP_ETA_SECONDS,
  PROP_ERROR,
  N_PROPS
};

enum {
  TRACK_ANALYZED,
  TRACKS_CHANGED,
  PROBLEM_REPORTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

static void start_run (AkinLibraryManager *self);

static void
akin_library_manager_dispose (GObject *object)
{
  AkinLibraryManager *self = AKIN_LIBRARY_MANAGER (object);

  /* Statistics of tracks analysed in a run that did not end. */
  if (self->index != NULL)
    _akin_library_manager_save_index_statistics (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->rescan_source, g_source_remove);
  g_clear_handle_id (&self->changed_source, g_source_remove);
  g_clear_handle_id (&self->index_source, g_source_remove);
  g_clear_pointer (&self->monitors, g_hash_table_unref);
  if (self->folder_settings != NULL)
    g_signal_handlers_disconnect_by_data (self->folder_settings, self);
  g_clear_object (&self->folder_settings);
  /* Queries still waiting for the index see the cancelled manager. */
  if (self->waiting_queries != NULL && self->waiting_queries->len > 0)
    _akin_library_manager_index_ready (self);
  g_clear_pointer (&self->waiting_queries, g_ptr_array_unref);

  G_OBJECT_CLASS (akin_library_manager_parent_class)->dispose (object);
}

static void
akin_library_manager_finalize (GObject *object)
{
  AkinLibraryManager *self = AKIN_LIBRARY_MANAGER (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->analyzer);
  g_clear_pointer (&self->model, _akin_shared_model_unref);
  g_clear_pointer (&self->index, akin_similarity_index_unref);
  g_clear_pointer (&self->db, akin_database_close);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->playback_problems, g_ptr_array_unref);
  g_clear_error (&self->error);
  g_clear_error (&self->model_error);
  g_free (self->db_path);

  G_OBJECT_CLASS (akin_library_manager_parent_class)->finalize (object);
}

static void
akin_library_manager_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  AkinLibraryManager *self = AKIN_LIBRARY_MANAGER (object);

  switch (prop_id)
    {
    case PROP_ANALYZING:
      g_value_set_boolean (value, self->analyzing);
      break;
    case PROP_PAUSED:
      g_value_set_boolean (value, self->paused);
      break;
    case PROP_N_DONE:
      g_value_set_uint (value, self->progress.n_done);
      break;
    case PROP_N_FAILED:
      g_value_set_uint (value, self->progress.n_failed);
      break;
    case PROP_N_TOTAL:
      g_value_set_uint (value, self->progress.n_total);
      break;
    case PROP_ETA_SECONDS:
      g_value_set_double (value, self->progress.eta_us < 0 ? -1.0
                                 : self->progress.eta_us / (double) G_USEC_PER_SEC);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
akin_library_manager_class_init (AkinLibraryManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags   flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = akin_library_manager_dispose;
  object_class->finalize = akin_library_manager_finalize;
  object_class->get_property = akin_library_manager_get_property;

  /* Whether a scan or an analysis is under way. */
  properties[PROP_ANALYZING] = g_param_spec_boolean ("analyzing", NULL, NULL, FALSE, flags);
  properties[PROP_PAUSED] = g_param_spec_boolean ("paused", NULL, NULL, FALSE, flags);
  /* Of the current or last run: songs analysed, failed, and queued. */
  properties[PROP_N_DONE] = g_param_spec_uint ("n-done", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_N_FAILED] = g_param_spec_uint ("n-failed", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_N_TOTAL] = g_param_spec_uint ("n-total", NULL, NULL, 0, G_MAXUINT, 0, flags);
  /* Time left in the current run, < 0 when unknown. */
  properties[PROP_ETA_SECONDS] = g_param_spec_double ("eta-seconds", NULL, NULL, -1, G_MAXDOUBLE,
                                                      -1, flags);
  /* Why the last run could not use the library (e.g. a damaged database). */
  properties[PROP_ERROR] = g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * AkinLibraryManager::track-analyzed:
   * @track_id: the track
   *
   * A track's analysis is stored and its vector is already in the index.
   */
  signals[TRACK_ANALYZED] =
    g_signal_new ("track-analyzed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  /**
   * AkinLibraryManager::tracks-changed:
   *
   * Tracks were added, removed, marked missing or failed, or their tags
   * changed: lists re-read the library.
   */
  signals[TRACKS_CHANGED] =
    g_signal_new ("tracks-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);

  /**
   * AkinLibraryManager::problem-reported:
   * @message: a translated sentence for the user
   *
   * Something the user asked for failed, e.g. a folder cannot be read; the
   * window shows it as a toast.
   */
  signals[PROBLEM_REPORTED] =
    g_signal_new ("problem-reported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
akin_library_manager_init (AkinLibraryManager *self)
{
  self->progress.eta_us = -1;
  self->n_workers = 0;
  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) akin_analyzer_problem_free);
  self->playback_problems = g_ptr_array_new_with_free_func ((GDestroyNotify) akin_analyzer_problem_free);
  self->monitors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

void
_akin_library_manager_emit_tracks_changed (AkinLibraryManager *self)
{
  g_clear_handle_id (&self->changed_source, g_source_remove);
  g_signal_emit (self, signals[TRACKS_CHANGED], 0);
}

static gboolean
changed_timeout (gpointer data)
{
  AkinLibraryManager *self = data;

  self->changed_source = 0;
  g_signal_emit (self, signals[TRACKS_CHANGED], 0);
  return G_SOURCE_REMOVE;
}

static void
queue_tracks_changed (AkinLibraryManager *self)
{
  if (self->changed_source == 0)
    self->changed_source = g_timeout_add (CHANGED_DELAY_MS, changed_timeout, self);
}

static void
set_error (AkinLibraryManager *self,
           const GError       *error)
{
  if (self->error == NULL && error == NULL)
    return;
  g_clear_error (&self->error);
  if (error != NULL)
    self->error = g_error_copy (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static GWeakRef *
weak_ref_new (gpointer object)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, object);
  return ref;
}

static void
weak_ref_free (GWeakRef *ref)
{
  g_weak_ref_clear (ref);
  g_free (ref);
}

static void
on_progress (AkinAnalyzer               *analyzer,
             const AkinAnalyzerProgress *progress,
             gpointer                    data)
{
  g_autoptr(AkinLibraryManager) self = g_weak_ref_get (data);
  AkinAnalyzerProgress old;

  if (self == NULL || analyzer != self->analyzer)
    return;
  old = self->progress;
  self->progress = *progress;

  g_object_freeze_notify (G_OBJECT (self));
  if (old.n_done != progress->n_done)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_DONE]);
  if (old.n_failed != progress->n_failed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_FAILED]);
  if (old.n_total != progress->n_total)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_TOTAL]);
  if (old.eta_us != progress->eta_us)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ETA_SECONDS]);
  g_object_thaw_notify (G_OBJECT (self));

  /* The scan adds and retires tracks; a failed analysis changes a row. */
  if (old.phase == AKIN_ANALYZER_PHASE_SCANNING && progress->phase != old.phase)
    _akin_library_manager_emit_tracks_changed (self);
  else if (old.n_found != progress->n_found || old.n_failed != progress->n_failed)
    queue_tracks_changed (self);
}

/* In the analyzer's worker, right after it stored @result: the index
 * takes the vector and timbre model from the result itself, not from
 * reads on the main thread. */
static void
index_stored (AkinAnalyzer             *analyzer,
              AkinDatabase             *db,
              gint64                    track_id,
              const AkinAnalysisResult *result,
              gpointer                  user_data)
{
  AkinSimilarityIndex *index = user_data;
  g_autoptr(GError) error = NULL;

  if (!akin_similarity_index_add_stored (index, db, track_id, result, &error))
    g_debug ("Track %" G_GINT64_FORMAT " is not in the index: %s", track_id, error->message);
}

static void
on_track_analyzed (AkinLibraryManager *self,
                   gint64              track_id,
                   AkinAnalyzer       *analyzer)
{
  /* The analyzer's worker already put the track in the index (index_stored()). */
  g_signal_emit (self, signals[TRACK_ANALYZED], 0, track_id);
}

static void
set_analyzing (AkinLibraryManager *self,
               gboolean            analyzing)
{
  if (self->analyzing == analyzing)
    return;
  self->analyzing = analyzing;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANALYZING]);
}

static void
run_done (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  g_autoptr(AkinLibraryManager) self = g_weak_ref_get (data);
  AkinAnalyzer *analyzer = AKIN_ANALYZER (source);
  g_autoptr(GError) error = NULL;

  weak_ref_free (data);
  if (self == NULL)
    return;
  if (!akin_analyzer_run_finish (analyzer, result, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_debug ("The library could not be scanned: %s", error->message);
      set_error (self, error);
    }
  else if (error == NULL)
    set_error (self, NULL);

  if (analyzer != self->analyzer || g_cancellable_is_cancelled (self->cancellable))
    return;

  g_ptr_array_unref (self->problems);
  self->problems = akin_analyzer_dup_problems (analyzer);
  _akin_library_manager_index_recordings (self);
  _akin_library_manager_save_index_statistics (self);
  set_analyzing (self, FALSE);
  _akin_library_manager_emit_tracks_changed (self);
  _akin_library_manager_update_monitors (self);

  if (self->rescan_pending)
    start_run (self);
}

static gboolean
analyze_with_shared_model (GFile               *file,
                           gpointer             data,
                           AkinAnalysisResult **result,
                           GCancellable        *cancellable,
                           GError             **error)
{
  AkinSharedModel *shared = data;

  return akin_library_analyze_file (file, shared->model, result, cancellable, error);
}

static void
start_run (AkinLibraryManager *self)
{
  g_auto(GStrv) folders = NULL;
  g_autoptr(GError) error = NULL;

  self->rescan_pending = FALSE;
  if (self->model == NULL)
    return;

  folders = akin_database_list_folders (self->db, &error);
  if (folders == NULL)
    {
      set_error (self, error);
      return;
    }

  g_clear_object (&self->analyzer);
  self->analyzer = akin_analyzer_new (self->db_path, akin_model_get_id (self->model->model));
  akin_analyzer_set_analyze_func (self->analyzer, analyze_with_shared_model,
                                  _akin_shared_model_ref (self->model),
                                  (GDestroyNotify) _akin_shared_model_unref);
  /* A run holds no reference to us: what it delivers after we are gone
   * is dropped. */
  akin_analyzer_set_progress_func (self->analyzer, on_progress, weak_ref_new (self),
                                   (GDestroyNotify) weak_ref_free);
  akin_analyzer_set_stored_func (self->analyzer, index_stored,
                                 akin_similarity_index_ref (self->index),
                                 (GDestroyNotify) akin_similarity_index_unref);
  akin_analyzer_set_n_workers (self->analyzer, self->n_workers);
  akin_analyzer_set_retry_failed (self->analyzer, self->retry_failed);
  self->retry_failed = FALSE;
  for (guint i = 0; folders[i] != NULL; i++)
    {
      g_autoptr(GFile) folder = g_file_new_for_uri (folders[i]);

      akin_analyzer_add_folder (self->analyzer, folder);
    }
  g_signal_connect_object (self->analyzer, "track-analyzed", G_CALLBACK (on_track_analyzed),
                           self, G_CONNECT_SWAPPED);
  if (self->paused)
    akin_analyzer_pause (self->analyzer);

  memset (&self->progress, 0, sizeof self->progress);
  self->progress.eta_us = -1;
  self->progress.phase = AKIN_ANALYZER_PHASE_SCANNING;
  set_analyzing (self, TRUE);
  self->n_runs++;
  akin_analyzer_run_async (self->analyzer, self->cancellable, run_done, weak_ref_new (self));
}

static gboolean
load_index_idle (gpointer data)
{
  AkinLibraryManager *self = data;

  self->index_source = 0;
  _akin_library_manager_load_index (self);
  return G_SOURCE_REMOVE;
}

/**
 * akin_library_manager_new:
 * @db_path: (nullable): the database, or %NULL for
 *   akin_library_default_database_path()
 * @error: why the database could not be opened
 *
 * Opens (creating if needed) the database and loads the default model. A
 * missing or damaged model is not an error here: the library can still be
 * browsed and played, and akin_library_manager_get_model_error() says why
 * songs are not analysed. The index fills in the background.
 *
 * Returns: (transfer full) (nullable): the manager
 */
AkinLibraryManager *
akin_library_manager_new (const char  *db_path,
                          GError     **error)
{
  g_autoptr(AkinLibraryManager) self = NULL;
  g_autofree char *dir = NULL;
  AkinModel *model;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (AKIN_TYPE_LIBRARY_MANAGER, NULL);
  self->db_path = db_path != NULL ? g_strdup (db_path) : akin_library_default_database_path ();
  dir = g_path_get_dirname (self->db_path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create the folder “%s”: %s"), dir, g_strerror (saved));
      return NULL;
    }
  self->db = akin_database_open (self->db_path, AKIN_DATABASE_FLAGS_NONE, error);
  if (self->db == NULL)
    return NULL;

  self->cancellable = g_cancellable_new ();
  self->waiting_queries = g_ptr_array_new_with_free_func (g_object_unref);
  model = akin_model_load_default (&self->model_error);
  if (model != NULL)
    {
      AkinSimilarityWeights weights;

      self->model = _akin_shared_model_new (model);
      self->index = akin_similarity_index_new (akin_model_get_vector_size (model));
      akin_similarity_index_set_mode (self->index, AKIN_SIMILARITY_MODE_COMBINED);
      akin_similarity_weights_from_model (model, &weights);
      akin_similarity_index_set_weights (self->index, &weights);
      /* Shortly after start-up, so the first window comes first. Not an
       * idle source: while a song plays the playhead redraws every frame
       * and a low-priority idle might never run, leaving every similarity
       * query waiting for the index. */
      self->index_source = g_timeout_add_full (G_PRIORITY_DEFAULT, 100, load_index_idle, self,
                                               NULL);
    }
  else
    {
      g_message ("Songs will not be analysed: %s", self->model_error->message);
      self->index = akin_similarity_index_new (0);
      self->index_ready = TRUE;
    }

  return g_steal_pointer (&self);
}

/**
 * akin_library_manager_get_database:
 *
 * Returns: (transfer none): the main thread's connection
 */
AkinDatabase *
akin_library_manager_get_database (AkinLibraryManager *self)
{
  g_return_val_if_fail (AKIN_IS_LIBRARY_MANAGER (self), NULL);
  return self->db;
}

/**
 * akin_library_manager_get_database_path:
 *
 * Returns: the database file, for connections of other threads
 */
const char *
akin_library_manager_get_database_path (AkinLibraryManager *self)
{
  g_return_val_if_fail (AKIN_IS_LIBRARY_MANAGER (self), NULL);
  return self->db_path;
}

/**
 * akin_library_manager_get_model:
 *
 * Returns: (transfer none) (nullable): the model, %NULL when it could not
 *   be loaded; shared read-only with the workers
 */
const AkinModel *
akin_library_manager_get_model (AkinLibraryManager *self)
{
  g_return_val_if_fail (AKIN_IS_LIBRARY_MANAGER (self), NULL);
  return self->model != NULL ? self->model->model : NULL;
}

/**
 * akin_library_manager_get_model_error:
 *
 * Returns: (transfer none) (nullable): why there is no model
 */
const GError *
akin_library_manager_get_model_error (AkinLibraryManager *self)
{
  g_return_val_if_fail (AKIN_IS_LIBRARY_MANAGER (self), NULL);
  return self->model_error;
}

/**
 * akin_library_manager_get_model_id:
 *
 * Returns: (nullable): the id of the model whose vectors are indexed
 */
const char *
akin_library_manager_get_model_id (AkinLibraryManager *self)
{
  g_return_val_if_fail (AKIN_IS_LIBRARY_MANAGER (self), NULL);
  return self->model != NULL ? akin_model_get_id (self->model->model) : NULL;
}

/**
 * akin_library_manager_get_index:
 *
 * Returns: (transfer none): the similarity index; it may be shared with
 *   other threads through akin_similarity_index_ref()
 */
AkinSimilarityIndex *
akin_library_manager_get_index (AkinLibraryManager *self)
{
  g_return_val_if_fail (AKIN_IS_LIBRARY_MANAGER (self), NULL);
  return self->index;
}

/**
 * akin_library_manager_get_error:
 *
 * Returns: (transfer none) (nullable): why the last run failed
 */
const GError *
akin_library_manager_get_error (AkinLibraryManager *self)
{
  g_return_val_if_fail (AKIN_IS_LIBRARY_MANAGER (self), NULL);
  return self->error;
}

/**
 * akin_library_manager_rescan:
 *
 * Scans every folder for new, changed and removed songs and analyses what
 * needs it, in the background. During a run, another run follows it.
 */
void
akin_library_manager_rescan (AkinLibraryManager *self)
{
  g_return_if_fail (AKIN_IS_LIBRARY_MANAGER (self));

  g_clear_handle_id (&self->rescan_source, g_source_remove);
  if (self->analyzing)
    self->rescan_pending = TRUE;
  else
    start_run (self);
}

/**
 * akin_library_manager_retry_failed:
 *
 * Like akin_library_manager_rescan(), and the run analyses again every
 * song that failed, whatever the reason (the problems dialog's “Try
 * Again”).
 */
void
akin_library_manager_retry_failed (AkinLibraryManager *self)
{
  g_return_if_fail (AKIN_IS_LIBRARY_MANAGER (self));

  self->retry_failed = TRUE;
  akin_library_manager_rescan (self);
}

static gboolean
rescan_timeout (gpointer data)
{
  AkinLibraryManager *self = data;

  self->rescan_source = 0;
  akin_library_manager_rescan (self);
  return G_SOURCE_REMOVE;
}

void
_akin_library_manager_queue_rescan (AkinLibraryManager *self)
{
  g_clear_handle_id (&self->rescan_source, g_source_remove);
  self->rescan_source = g_timeout_add (RESCAN_DELAY_MS, rescan_timeout, self);
}

/**
 * akin_library_manager_set_n_workers:
 * @n_workers: songs analysed at once, 0 for one per processor
 *
 * Takes effect with the next run.
 */
void
akin_library_manager_set_n_workers (AkinLibraryManager *self,
                                    guint               n_workers)
{
  g_return_if_fail (AKIN_IS_LIBRARY_MANAGER (self));
  self->n_workers = n_workers;
}

/**
 * akin_library_manager_pause:
 *
 * Stops starting new analyses (those under way finish), until
 * akin_library_manager_resume(); it lasts across runs.
 */
void
akin_library_manager_pause (AkinLibraryManager *self)
{
  g_return_if_fail (AKIN_IS_LIBRARY_MANAGER (self));

  if (self->paused)
    return;
  self->paused = TRUE;
  if (self->analyzer != NULL)
    akin_analyzer_pause (self->analyzer);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
}

void
akin_library_manager_resume (AkinLibraryManager *self)
{
  g_return_if_fail (AKIN_IS_LIBRARY_MANAGER (self));

  if (!self->paused)
    return;
  self->paused = FALSE;
  if (self->analyzer != NULL)
    akin_analyzer_resume (self->analyzer);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
}
