/* akin-similar-pane.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "akin-engine.h"
#include "akin-library-manager.h"
#include "akin-similar-item.h"

G_BEGIN_DECLS

/* How many similar songs the pane lists by default. */
#define AKIN_SIMILAR_PANE_DEFAULT_N_RESULTS 15

/**
 * AkinSimilarPaneState:
 * @AKIN_SIMILAR_PANE_STATE_EMPTY: no anchor (nothing playing)
 * @AKIN_SIMILAR_PANE_STATE_LOADING: a query is running for a new anchor
 * @AKIN_SIMILAR_PANE_STATE_PENDING: the anchor is a library track that has
 *   not been analysed yet
 * @AKIN_SIMILAR_PANE_STATE_ANALYZING: the anchor is a file outside the
 *   library, being analysed
 * @AKIN_SIMILAR_PANE_STATE_LIST: the list of similar songs
 * @AKIN_SIMILAR_PANE_STATE_NO_RESULTS: the query found nothing
 * @AKIN_SIMILAR_PANE_STATE_ERROR: the query or the analysis failed
 *
 * What the pane shows.
 */
typedef enum
{
  AKIN_SIMILAR_PANE_STATE_EMPTY,
  AKIN_SIMILAR_PANE_STATE_LOADING,
  AKIN_SIMILAR_PANE_STATE_PENDING,
  AKIN_SIMILAR_PANE_STATE_ANALYZING,
  AKIN_SIMILAR_PANE_STATE_LIST,
  AKIN_SIMILAR_PANE_STATE_NO_RESULTS,
  AKIN_SIMILAR_PANE_STATE_ERROR,
} AkinSimilarPaneState;

#define AKIN_TYPE_SIMILAR_PANE (akin_similar_pane_get_type ())

G_DECLARE_FINAL_TYPE (AkinSimilarPane, akin_similar_pane, AKIN, SIMILAR_PANE, GtkWidget)

/* Main thread only. */

GtkWidget            *akin_similar_pane_new               (void);
AkinLibraryManager   *akin_similar_pane_get_manager       (AkinSimilarPane            *self);
void                  akin_similar_pane_set_manager       (AkinSimilarPane            *self,
                                                           AkinLibraryManager         *manager);
gint64                akin_similar_pane_get_track_id      (AkinSimilarPane            *self);
void                  akin_similar_pane_set_track_id      (AkinSimilarPane            *self,
                                                           gint64                      track_id);
guint                 akin_similar_pane_get_n_results     (AkinSimilarPane            *self);
void                  akin_similar_pane_set_n_results     (AkinSimilarPane            *self,
                                                           guint                       n_results);
void                  akin_similar_pane_set_file_anchor   (AkinSimilarPane            *self,
                                                           const char                 *uri,
                                                           const char                 *title);
void                  akin_similar_pane_set_vector_anchor (AkinSimilarPane            *self,
                                                           const char                 *uri,
                                                           const char                 *title,
                                                           const float                *vector,
                                                           guint                       dim,
                                                           const AkinTimbreModel      *timbre,
                                                           const AkinTags             *tags,
                                                           const AkinDescriptorRecord *descriptors);
const char           *akin_similar_pane_get_anchor_uri    (AkinSimilarPane            *self);
void                  akin_similar_pane_set_anchor_playable (AkinSimilarPane          *self,
                                                           gboolean                    playable);
void                  akin_similar_pane_show_error        (AkinSimilarPane            *self,
                                                           const char                 *message);
void                  akin_similar_pane_show_items        (AkinSimilarPane            *self,
                                                           const char                 *anchor_title,
                                                           AkinSimilarItem * const    *items,
                                                           guint                       n_items);
AkinSimilarPaneState  akin_similar_pane_get_state         (AkinSimilarPane            *self);
GListModel           *akin_similar_pane_get_items         (AkinSimilarPane            *self);

G_END_DECLS
