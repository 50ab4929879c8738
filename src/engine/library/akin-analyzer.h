/* akin-analyzer.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "akin-analysis-result.h"
#include "akin-database.h"

G_BEGIN_DECLS

#define AKIN_TYPE_ANALYZER (akin_analyzer_get_type ())

G_DECLARE_FINAL_TYPE (AkinAnalyzer, akin_analyzer, AKIN, ANALYZER, GObject)

/**
 * AkinAnalyzerPhase:
 * @AKIN_ANALYZER_PHASE_IDLE: not running
 * @AKIN_ANALYZER_PHASE_SCANNING: walking the folders
 * @AKIN_ANALYZER_PHASE_ANALYZING: analysing the queued tracks
 * @AKIN_ANALYZER_PHASE_FINISHED: the run is over (completed, failed or cancelled)
 */
typedef enum
{
  AKIN_ANALYZER_PHASE_IDLE,
  AKIN_ANALYZER_PHASE_SCANNING,
  AKIN_ANALYZER_PHASE_ANALYZING,
  AKIN_ANALYZER_PHASE_FINISHED,
} AkinAnalyzerPhase;

/**
 * AkinAnalyzerProgress:
 * @phase: where the run is
 * @n_found: audio files the scan has seen so far
 * @n_total: tracks queued for analysis
 * @n_done: tracks analysed and stored
 * @n_failed: tracks whose analysis failed (see akin_analyzer_dup_problems())
 * @n_skipped: queued tracks another analyzer took, or that no longer needed
 *   analysis when their turn came
 * @n_active: tracks being analysed right now (after a pause, the analyzer
 *   is idle once this reaches 0)
 * @eta_us: estimated time left in microseconds, -1 when unknown
 * @paused: whether the analyzer is paused
 *
 * A snapshot of a run's progress. @n_done + @n_failed + @n_skipped reaches
 * @n_total when the run completes.
 */
typedef struct
{
  AkinAnalyzerPhase phase;
  guint             n_found;
  guint             n_total;
  guint             n_done;
  guint             n_failed;
  guint             n_skipped;
  guint             n_active;
  gint64            eta_us;
  gboolean          paused;
} AkinAnalyzerProgress;

/**
 * AkinAnalyzerProblem:
 * @uri: the file or folder
 * @error: what went wrong with it
 *
 * One thing a run could not scan or analyse.
 */
typedef struct
{
  char   *uri;
  GError *error;
} AkinAnalyzerProblem;

void akin_analyzer_problem_free (AkinAnalyzerProblem *problem);

/**
 * AkinAnalyzerProgressFunc:
 * @analyzer: the analyzer
 * @progress: the progress now, valid during the call
 * @user_data: closure data
 *
 * Receives progress: on the progress context for akin_analyzer_run_async(),
 * in the caller's thread for akin_analyzer_run_sync().
 */
typedef void (*AkinAnalyzerProgressFunc) (AkinAnalyzer               *analyzer,
                                          const AkinAnalyzerProgress *progress,
                                          gpointer                    user_data);

/**
 * AkinAnalyzerStoredFunc:
 * @analyzer: the analyzer
 * @db: the worker's connection, which stored @result
 * @track_id: the track
 * @result: its analysis, as stored, valid during the call
 * @user_data: closure data
 *
 * Called in the worker thread, with no lock held, right after a track's
 * analysis is stored and before it is counted as done (so before the
 * progress and ::track-analyzed that report it): for work that belongs
 * with the stored result, such as putting it in a similarity index, done
 * without reading it back. Several workers may call it at once.
 */
typedef void (*AkinAnalyzerStoredFunc) (AkinAnalyzer             *analyzer,
                                        AkinDatabase             *db,
                                        gint64                    track_id,
                                        const AkinAnalysisResult *result,
                                        gpointer                  user_data);

AkinAnalyzer *akin_analyzer_new                (const char               *db_path,
                                                const char               *model_id);
const char   *akin_analyzer_get_model_id       (AkinAnalyzer             *self);
void          akin_analyzer_set_analyze_func   (AkinAnalyzer             *self,
                                                AkinAnalyzeFunc           func,
                                                gpointer                  user_data,
                                                GDestroyNotify            destroy);
void          akin_analyzer_set_progress_func  (AkinAnalyzer             *self,
                                                AkinAnalyzerProgressFunc  func,
                                                gpointer                  user_data,
                                                GDestroyNotify            destroy);
void          akin_analyzer_set_stored_func    (AkinAnalyzer             *self,
                                                AkinAnalyzerStoredFunc    func,
                                                gpointer                  user_data,
                                                GDestroyNotify            destroy);
void          akin_analyzer_set_n_workers      (AkinAnalyzer             *self,
                                                guint                     n_workers);
guint         akin_analyzer_get_n_workers      (AkinAnalyzer             *self);
void          akin_analyzer_set_retry_failed   (AkinAnalyzer             *self,
                                                gboolean                  retry_failed);
void          akin_analyzer_add_folder         (AkinAnalyzer             *self,
                                                GFile                    *folder);

gboolean      akin_analyzer_run_sync           (AkinAnalyzer             *self,
                                                GCancellable             *cancellable,
                                                GError                  **error);
void          akin_analyzer_run_async          (AkinAnalyzer             *self,
                                                GCancellable             *cancellable,
                                                GAsyncReadyCallback       callback,
                                                gpointer                  user_data);
gboolean      akin_analyzer_run_finish         (AkinAnalyzer             *self,
                                                GAsyncResult             *result,
                                                GError                  **error);

void          akin_analyzer_pause              (AkinAnalyzer             *self);
void          akin_analyzer_resume             (AkinAnalyzer             *self);
void          akin_analyzer_get_progress       (AkinAnalyzer             *self,
                                                AkinAnalyzerProgress     *progress);
GPtrArray    *akin_analyzer_dup_problems       (AkinAnalyzer             *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AkinAnalyzerProblem, akin_analyzer_problem_free)

G_END_DECLS
