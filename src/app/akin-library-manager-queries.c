/* akin-library-manager-queries.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the panes ask the library for: a track, the progress and problems
 * of the analysis (on the main thread), and, each answered in a worker
 * thread, the similar songs of a track or of a song outside the library
 * (finished rows from akin_similarity_find_async(), held back until the
 * index is loaded), and the full analysis of a file (for the spectrogram,
 * or to find songs like a file outside the library). The index and the
 * model are shared with the workers.
 */

#include "config.h"


#include "akin-engine.h"
#include "akin-library-manager-private.h"

/* The task data of a query: the request until the engine takes it. */
typedef struct
{
  AkinSimilarityRequest *request;
} Pending;

static void
pending_free (Pending *pending)
{
  akin_similarity_request_free (pending->request);
  g_free (pending);
}

static void
find_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GPtrArray *rows = akin_similarity_find_finish (result, &error);

  if (rows == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, rows, (GDestroyNotify) g_ptr_array_unref);
}

/* Hands the request to the engine, which answers with finished rows read
 * on its worker's own connection. */
static void
start_find (AkinLibraryManager *self,
            GTask              *task)
{
  Pending *pending = g_task_get_task_data (task);

  akin_similarity_find_async (self->index, self->db_path, g_steal_pointer (&pending->request),
                              g_task_get_cancellable (task), find_done, g_object_ref (task));
}

/* Called once the initial index load has finished (or failed): runs the
 * queries that were waiting for it. */
void
_akin_library_manager_index_ready (AkinLibraryManager *self)
{
  g_autoptr(GPtrArray) waiting = g_steal_pointer (&self->waiting_queries);

  self->index_ready = TRUE;
  self->waiting_queries = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; waiting != NULL && i < waiting->len; i++)
    {
      GTask *task = g_ptr_array_index (waiting, i);

      if (!g_task_return_error_if_cancelled (task))
        start_find (self, task);
    }
}

/**
 * akin_library_manager_find_similar_async:
 * @request: (transfer full): what to find (a library track, or a song
 *   outside the library with its vector of the manager's model)
 * @cancellable: (nullable): cancels the query
 * @callback: called on the main thread
 * @user_data: its data
 *
 * Finds the songs most like the request's anchor, never the anchor itself,
 * as finished rows (akin_similarity_find_async()). Until the index holds
 * the library, an answer would be wrong ("not analysed"), not just late:
 * such queries wait for the load.
 */
void
akin_library_manager_find_similar_async (AkinLibraryManager    *self,
                                         AkinSimilarityRequest *request,
                                         GCancellable          *cancellable,
                                         GAsyncReadyCallback    callback,
                                         gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  Pending *pending;

  g_return_if_fail (AKIN_IS_LIBRARY_MANAGER (self));
  g_return_if_fail (request != NULL);

  pending = g_new0 (Pending, 1);
  pending->request = request;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, akin_library_manager_find_similar_async);
  g_task_set_task_data (task, pending, (GDestroyNotify) pending_free);
  g_task_set_return_on_cancel (task, TRUE);
  if (!self->index_ready)
    g_ptr_array_add (self->waiting_queries, g_steal_pointer (&task));
  else
    start_find (self, task);
}

/**
 * akin_library_manager_find_similar_finish:
 * @error: %G_IO_ERROR_CANCELLED, %AKIN_ERROR_NOT_ANALYZED, …
 *
 * Returns: (transfer full) (element-type AkinSimilarityRow) (nullable):
 *   the rows, best first, each with its reasons
 */
GPtrArray *
akin_library_manager_find_similar_finish (AkinLibraryManager  *self,
                                          GAsyncResult        *result,
                                          GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  GFile           *file;
  gboolean         keep_mel_db;
  AkinSharedModel *model;   /* nullable */
  char            *db_path;
} FileJob;

static void
file_job_free (FileJob *job)
{
  g_free (job->db_path);
  g_object_unref (job->file);
  g_clear_pointer (&job->model, _akin_shared_model_unref);
  g_free (job);
}

static void
analyze_file_thread (GTask        *task,
                     gpointer      source,
                     gpointer      data,
                     GCancellable *cancellable)
{
  FileJob *job = data;
  g_autoptr(AkinTrackAnalysis) analysis = g_new0 (AkinTrackAnalysis, 1);
  AkinFrontEndOptions options;
  GError *error = NULL;

  akin_analysis_front_end_options (&options);
  options.keep_mel_db = job->keep_mel_db;
  analysis->features = akin_analyze_features (job->file, &options, &analysis->info,
                                              cancellable, &error);
  if (analysis->features != NULL && job->model != NULL)
    {
      const AkinModel *model = job->model->model;
      g_autoptr(AkinEncoderWorkspace) workspace = akin_encoder_workspace_new (model);

      analysis->dim = akin_model_get_vector_size (model);
      analysis->vector = g_new (float, analysis->dim);
      analysis->model_id = g_strdup (akin_model_get_id (model));
      if (!akin_embed_features (model, workspace, analysis->features, analysis->vector, &error))
        g_clear_pointer (&analysis->features, akin_features_unref);
    }
  /* A copy or an excerpt of a library song is that song. */
  if (analysis->features != NULL && analysis->features->fingerprint != NULL)
    {
      g_autoptr(AkinDatabase) db = akin_database_open (job->db_path, AKIN_DATABASE_FLAGS_NONE, NULL);
      g_autoptr(GArray) copies = NULL;
      gint64 recording = 0;

      if (db != NULL)
        copies = akin_recordings_find_in_library (db, analysis->features->fingerprint, NULL, NULL);
      if (copies != NULL && copies->len > 0)
        {
          analysis->library_copy = g_array_index (copies, AkinRecordingMatch, 0).track_id;
          if (akin_database_get_recording (db, analysis->library_copy, &recording, NULL)
              && recording > 0)
            analysis->library_copy = recording;
        }
    }
  if (analysis->features == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&analysis),
                           (GDestroyNotify) akin_track_analysis_free);
}

/**
 * akin_library_manager_analyze_file_async:
 * @file: any audio file
 * @keep_mel_db: also keep the mel dB matrix (for the spectrogram view)
 * @cancellable: (nullable): cancels the analysis
 * @callback: called on the main thread
 * @user_data: its data
 *
 * Decodes and analyses @file in a worker thread: features and, when the
 * model is loaded, the vector; and whether the library holds its recording
 * (#AkinTrackAnalysis.library_copy).
 */
void
akin_library_manager_analyze_file_async (AkinLibraryManager  *self,
                                         GFile               *file,
                                         gboolean             keep_mel_db,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  FileJob *job;

  g_return_if_fail (AKIN_IS_LIBRARY_MANAGER (self));
  g_return_if_fail (G_IS_FILE (file));

  job = g_new0 (FileJob, 1);
  job->file = g_object_ref (file);
  job->keep_mel_db = keep_mel_db;
  job->db_path = g_strdup (self->db_path);
  job->model = self->model != NULL ? _akin_shared_model_ref (self->model) : NULL;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, akin_library_manager_analyze_file_async);
  g_task_set_task_data (task, job, (GDestroyNotify) file_job_free);
  g_task_run_in_thread (task, analyze_file_thread);
}

/**
 * akin_library_manager_analyze_file_finish:
 * @error: %G_IO_ERROR_CANCELLED, or why the file could not be analysed
 *
 * Returns: (transfer full) (nullable): the analysis
 */
AkinTrackAnalysis *
akin_library_manager_analyze_file_finish (AkinLibraryManager  *self,
                                          GAsyncResult        *result,
                                          GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * akin_library_manager_get_progress:
 * @progress: (out caller-allocates): the progress of the current or last run
 */
void
akin_library_manager_get_progress (AkinLibraryManager   *self,
                                   AkinAnalyzerProgress *progress)
{
  g_return_if_fail (AKIN_IS_LIBRARY_MANAGER (self));
  g_return_if_fail (progress != NULL);

  *progress = self->progress;
  progress->paused = self->paused;
}

/**
 * akin_library_manager_dup_problems:
 *
 * What the last finished run could not scan or analyse, with the errors.
 * Tracks that failed in earlier runs are in the database
 * (akin_database_list_failed()).
 *
 * Returns: (transfer full) (element-type AkinAnalyzerProblem): the problems
 */
GPtrArray *
akin_library_manager_dup_problems (AkinLibraryManager *self)
{
  GPtrArray *copy;

  g_return_val_if_fail (AKIN_IS_LIBRARY_MANAGER (self), NULL);

  copy = g_ptr_array_new_with_free_func ((GDestroyNotify) akin_analyzer_problem_free);
  for (guint i = 0; i < self->problems->len; i++)
    {
      const AkinAnalyzerProblem *p = g_ptr_array_index (self->problems, i);
      AkinAnalyzerProblem *c = g_new0 (AkinAnalyzerProblem, 1);

      c->uri = g_strdup (p->uri);
      c->error = g_error_copy (p->error);
      g_ptr_array_add (copy, c);
    }
  return copy;
}

/**
 * akin_library_manager_add_playback_problem:
 * @uri: a file the player could not play
 * @message: why, translated
 *
 * Records that @uri could not be played (replacing what an earlier try
 * said), for the problems dialog.
 */
void
akin_library_manager_add_playback_problem (AkinLibraryManager *self,
                                           const char         *uri,
                                           const char         *message)
{
  AkinAnalyzerProblem *p;

  g_return_if_fail (AKIN_IS_LIBRARY_MANAGER (self));
  g_return_if_fail (uri != NULL && message != NULL);

  for (guint i = 0; i < self->playback_problems->len; i++)
    if (g_strcmp0 (((AkinAnalyzerProblem *) self->playback_problems->pdata[i])->uri, uri) == 0)
      g_ptr_array_remove_index (self->playback_problems, i--);
  p = g_new0 (AkinAnalyzerProblem, 1);
  p->uri = g_strdup (uri);
  p->error = g_error_new_literal (AKIN_ERROR, AKIN_ERROR_FAILED, message);
  g_ptr_array_add (self->playback_problems, p);
}

/**
 * akin_library_manager_dup_playback_problems:
 *
 * The files the player could not play since the start, oldest first.
 *
 * Returns: (transfer full) (element-type AkinAnalyzerProblem): the problems
 */
GPtrArray *
akin_library_manager_dup_playback_problems (AkinLibraryManager *self)
{
  GPtrArray *copy;

  g_return_val_if_fail (AKIN_IS_LIBRARY_MANAGER (self), NULL);

  copy = g_ptr_array_new_with_free_func ((GDestroyNotify) akin_analyzer_problem_free);
  for (guint i = 0; i < self->playback_problems->len; i++)
    {
      const AkinAnalyzerProblem *p = g_ptr_array_index (self->playback_problems, i);
      AkinAnalyzerProblem *c = g_new0 (AkinAnalyzerProblem, 1);

      c->uri = g_strdup (p->uri);
      c->error = g_error_copy (p->error);
      g_ptr_array_add (copy, c);
    }
  return copy;
}

/**
 * akin_library_manager_get_track:
 * @track_id: a track
 *
 * Returns: (transfer full) (nullable): the track, read through the UI's
 *   connection, or %NULL when there is no such track
 */
AkinTrack *
akin_library_manager_get_track (AkinLibraryManager *self,
                                gint64              track_id)
{
  g_autoptr(GError) error = NULL;
  AkinTrack *track;

  g_return_val_if_fail (AKIN_IS_LIBRARY_MANAGER (self), NULL);

  track = akin_database_get_track (self->db, track_id, &error);
  if (track == NULL && !g_error_matches (error, AKIN_ERROR, AKIN_ERROR_NOT_FOUND))
    g_debug ("Could not read track %" G_GINT64_FORMAT ": %s", track_id, error->message);
  return track;
}
