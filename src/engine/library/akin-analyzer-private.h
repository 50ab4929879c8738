/* akin-analyzer-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by akin-analyzer.c (the object, progress delivery),
 * akin-analyzer-run.c (the coordinator and the workers) and
 * akin-analyzer-scan.c (the folder walk).
 */

#pragma once

#include "akin-analyzer.h"
#include "akin-database.h"

G_BEGIN_DECLS

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
  AkinAnalyzerStoredFunc    stored_func;
  gpointer                  stored_data;
  GDestroyNotify            stored_destroy;
  guint                     n_workers;
  gboolean                  retry_failed;

  GMutex                    mutex;       /* guards everything below */
  GCond                     cond;
  GPtrArray                *folders;     /* GFile */
  Run                      *run;
  AkinAnalyzerProgress      progress;
  GPtrArray                *problems;
  GArray                   *analyzed;    /* gint64 ids stored since the last delivery */
  gboolean                  paused;
  gboolean                  idle_pending;
  gint64                    active_since;  /* analysis time, for the ETA */
  gint64                    active_us;
};

/* akin-analyzer.c: must hold self->mutex. */
void       _akin_analyzer_changed_locked (AkinAnalyzer  *self);

/* akin-analyzer.c: takes the mutex. */
void       _akin_analyzer_deliver_sync   (AkinAnalyzer  *self);

/* akin-analyzer.c: thread-safe, callable from the scanning thread. */
void       _akin_analyzer_report_problem (AkinAnalyzer  *self,
                                          const char    *uri,
                                          const GError  *error);
void       _akin_analyzer_count_found    (AkinAnalyzer  *self);
GPtrArray *_akin_analyzer_dup_folders    (AkinAnalyzer  *self);

/* akin-analyzer-scan.c: walks the folders and brings the tracks table up
 * to date (new, changed, moved and missing files). Returns FALSE only for
 * cancellation or a database failure; unreadable files and folders are
 * reported as problems. */
gboolean   _akin_analyzer_scan           (AkinAnalyzer  *self,
                                          AkinDatabase  *db,
                                          GCancellable  *cancellable,
                                          GError       **error);

/* For the tests (akin-analyzer.c). */
gboolean      akin_analyzer_is_running         (AkinAnalyzer             *self);

G_END_DECLS
