/* akin-library-manager-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by akin-library-manager.c (the object, runs, progress),
 * akin-library-manager-tasks.c (folders and monitors, the index load) and
 * akin-library-manager-queries.c (similar songs and file analyses in
 * worker threads).
 */

#pragma once

#include "akin-engine.h"
#include "akin-library-manager.h"

G_BEGIN_DECLS

/* The model outlives the manager while a worker still uses it. */
typedef struct
{
  AkinModel *model;
} AkinSharedModel;

struct _AkinLibraryManager
{
  GObject               parent_instance;

  char                 *db_path;
  AkinDatabase         *db;            /* the main thread's connection */
  AkinSharedModel      *model;         /* NULL when it could not be loaded */
  GError               *model_error;
  AkinSimilarityIndex  *index;
  GCancellable         *cancellable;   /* cancelled when the manager goes */

  AkinAnalyzer         *analyzer;      /* of the current or last run */
  AkinAnalyzerProgress  progress;
  GPtrArray            *problems;      /* of the last finished run */
  GPtrArray            *playback_problems; /* since the start, newest last */
  GError               *error;
  guint                 n_workers;
  gboolean              analyzing;
  gboolean              paused;
  gboolean              rescan_pending;
  gboolean              retry_failed;   /* the next run retries every failed song */
  guint                 rescan_source;
  guint                 changed_source;
  guint                 index_source;
  gboolean              index_ready;   /* the initial load has finished */
  GPtrArray            *waiting_queries; /* GTasks asked before that */

  GHashTable           *monitors;      /* directory URI → GFileMonitor */
  guint                 monitor_serial;

  GSettings            *folder_settings; /* `music-folders`, followed */
  guint                 n_runs;        /* analyzer runs started */
  guint                 n_folder_jobs; /* folder jobs started */
};

AkinSharedModel *_akin_shared_model_new   (AkinModel       *model);
AkinSharedModel *_akin_shared_model_ref   (AkinSharedModel *shared);
void             _akin_shared_model_unref (AkinSharedModel *shared);

void     _akin_library_manager_emit_tracks_changed (AkinLibraryManager *self);
void     _akin_library_manager_queue_rescan        (AkinLibraryManager *self);
void     _akin_library_manager_update_monitors     (AkinLibraryManager *self);
void     _akin_library_manager_load_index          (AkinLibraryManager *self);
void     _akin_library_manager_index_ready         (AkinLibraryManager *self);
guint    _akin_library_manager_get_n_monitors      (AkinLibraryManager *self);
guint    _akin_library_manager_get_n_runs          (AkinLibraryManager *self);
guint    _akin_library_manager_get_n_folder_jobs   (AkinLibraryManager *self);
void     _akin_library_manager_save_index_statistics (AkinLibraryManager *self);
void     _akin_library_manager_index_recordings      (AkinLibraryManager *self);

G_END_DECLS
