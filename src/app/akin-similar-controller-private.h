/* akin-similar-controller-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by akin-similar-controller.c (following the playback, the pane's
 * rows, actions) and akin-similar-controller-analysis.c (analyses and the
 * spectrogram).
 */

#pragma once

#include "akin-similar-controller.h"

G_BEGIN_DECLS

typedef struct
{
  char              *uri;
  AkinTrackAnalysis *analysis;
} CacheEntry;

typedef struct
{
  GCancellable *cancellable;
  char         *uri;
} Job;

struct _AkinSimilarController
{
  GObject               parent_instance;

  AkinWindow           *window;       /* owns us */
  AkinPlayback         *playback;
  AkinPlayer           *player;
  AkinLibraryManager   *manager;
  GSettings            *settings;
  AkinSimilarList      *list;
  AkinSimilarPane      *pane;

  GQueue                cache;        /* CacheEntry, most recent first */
  Job                   play_job;     /* the playing file */
  Job                   anchor_job;   /* a file chosen with Find Similar */
  AkinFeatures         *playing_features;
  guint                 sync_id;

  GtkFileChooserNative *chooser;
};

void  _akin_similar_controller_cache_entry_free  (gpointer               data);
void  _akin_similar_controller_job_cancel        (Job                   *job);
char *_akin_similar_controller_dup_file_title    (const char            *uri);
void  _akin_similar_controller_feed_spectrogram  (AkinSimilarController *self);
void  _akin_similar_controller_start_analysis    (AkinSimilarController *self,
                                                  Job                   *job,
                                                  const char            *uri);

G_END_DECLS
