/* akin-library-manager.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The application's view of the music library: one object, owned by
 * AkinApplication and used from the main thread only, that holds the UI's
 * database connection, the shipped model, the similarity index and the
 * background analyzer, and turns their work into main-loop signals.
 */

#pragma once

#include <gio/gio.h>

#include "akin-engine.h"

G_BEGIN_DECLS

#define AKIN_TYPE_LIBRARY_MANAGER (akin_library_manager_get_type ())

G_DECLARE_FINAL_TYPE (AkinLibraryManager, akin_library_manager, AKIN, LIBRARY_MANAGER, GObject)

/* Construction: opens (creating if needed) the database at @db_path, or at
 * akin_library_default_database_path() when NULL, loads the default model
 * and builds the index from the vectors of that model. A damaged database
 * or a missing/damaged model is an error the window explains. */
AkinLibraryManager  *akin_library_manager_new          (const char          *db_path,
                                                        GError             **error);

AkinDatabase        *akin_library_manager_get_database (AkinLibraryManager  *self);
const AkinModel     *akin_library_manager_get_model    (AkinLibraryManager  *self);
const char          *akin_library_manager_get_model_id (AkinLibraryManager  *self);
AkinSimilarityIndex *akin_library_manager_get_index    (AkinLibraryManager  *self);
const char          *akin_library_manager_get_database_path (AkinLibraryManager *self);
const GError        *akin_library_manager_get_model_error (AkinLibraryManager *self);
const GError        *akin_library_manager_get_error    (AkinLibraryManager  *self);

/* Folders: the GSettings `music-folders` key is their one source of
 * truth; the manager follows it (one change, one folder job, one scan).
 * Adding a folder is writing the setting, after
 * akin_library_manager_check_folder(). */
void                 akin_library_manager_follow_folders (AkinLibraryManager *self,
                                                        GSettings           *settings);
gboolean             akin_library_manager_check_folder (AkinLibraryManager  *self,
                                                        GFile               *folder);
GStrv                akin_library_manager_dup_folders  (AkinLibraryManager  *self);
void                 akin_library_manager_rescan       (AkinLibraryManager  *self);
void                 akin_library_manager_retry_failed (AkinLibraryManager  *self);
void                 akin_library_manager_set_n_workers (AkinLibraryManager *self,
                                                        guint                n_workers);
void                 akin_library_manager_pause        (AkinLibraryManager  *self);
void                 akin_library_manager_resume       (AkinLibraryManager  *self);
void                 akin_library_manager_get_progress (AkinLibraryManager  *self,
                                                        AkinAnalyzerProgress *progress);
GPtrArray           *akin_library_manager_dup_problems (AkinLibraryManager  *self);
void                 akin_library_manager_add_playback_problem (AkinLibraryManager *self,
                                                               const char         *uri,
                                                               const char         *message);
GPtrArray           *akin_library_manager_dup_playback_problems (AkinLibraryManager *self);
gboolean             akin_library_manager_clean_missing (AkinLibraryManager *self,
                                                        guint               *n_removed,
                                                        GError             **error);

/* Tracks, read through the UI's connection. */
AkinTrack           *akin_library_manager_get_track    (AkinLibraryManager  *self,
                                                        gint64               track_id);

/* Similar songs of a library track (never the track itself), off the main
 * thread; the result is a GArray of AkinSimilarityMatch, best first. */
/* The similar songs of a library track or of a song outside the library,
 * as finished rows (AkinSimilarityRow), from a worker. */
void                 akin_library_manager_find_similar_async  (AkinLibraryManager    *self,
                                                               AkinSimilarityRequest *request,
                                                               GCancellable          *cancellable,
                                                               GAsyncReadyCallback    callback,
                                                               gpointer               user_data);
GPtrArray           *akin_library_manager_find_similar_finish (AkinLibraryManager  *self,
                                                               GAsyncResult        *result,
                                                               GError             **error);

/* The full analysis of any file (in the library or not) in a worker
 * thread: features (with the mel dB matrix when @keep_mel_db) and, when
 * the model is loaded, the vector. Used for the spectrogram of the playing
 * song and for "Find Similar to a File…". */
void                 akin_library_manager_analyze_file_async  (AkinLibraryManager  *self,
                                                               GFile               *file,
                                                               gboolean             keep_mel_db,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
AkinTrackAnalysis   *akin_library_manager_analyze_file_finish (AkinLibraryManager  *self,
                                                               GAsyncResult        *result,
                                                               GError             **error);

/* Signals (all emitted on the main thread):
 *   "track-analyzed" (gint64 track_id): stored and already in the index
 *   "tracks-changed" (): tracks were added, removed, marked missing or
 *                        their tags changed; list models refresh
 *   "problem-reported" (const char *message): e.g. an unreadable folder
 * Properties (notify on the main thread, at most once per main-loop turn):
 *   "analyzing" (boolean), "paused" (boolean), "n-done", "n-failed",
 *   "n-total" (uint), "eta-seconds" (double, < 0 when unknown),
 *   "error" (GError, nullable): why the last run could not use the library
 */

G_END_DECLS
