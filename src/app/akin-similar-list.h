/* akin-similar-list.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "akin-engine.h"
#include "akin-library-manager.h"
#include "akin-similar-item.h"

G_BEGIN_DECLS

/* How many similar songs the list holds by default. */
#define AKIN_SIMILAR_LIST_DEFAULT_N_RESULTS 15

/**
 * AkinSimilarListState:
 * @AKIN_SIMILAR_LIST_STATE_EMPTY: no anchor (nothing playing)
 * @AKIN_SIMILAR_LIST_STATE_LOADING: a query is running for a new anchor
 * @AKIN_SIMILAR_LIST_STATE_PENDING: the anchor is a library track that has
 *   not been analysed yet
 * @AKIN_SIMILAR_LIST_STATE_ANALYZING: the anchor is a file outside the
 *   library, being analysed
 * @AKIN_SIMILAR_LIST_STATE_LIST: the similar songs are listed
 * @AKIN_SIMILAR_LIST_STATE_NO_RESULTS: the query found nothing
 * @AKIN_SIMILAR_LIST_STATE_ERROR: the query or the analysis failed
 *
 * Where the list stands.
 */
typedef enum
{
  AKIN_SIMILAR_LIST_STATE_EMPTY,
  AKIN_SIMILAR_LIST_STATE_LOADING,
  AKIN_SIMILAR_LIST_STATE_PENDING,
  AKIN_SIMILAR_LIST_STATE_ANALYZING,
  AKIN_SIMILAR_LIST_STATE_LIST,
  AKIN_SIMILAR_LIST_STATE_NO_RESULTS,
  AKIN_SIMILAR_LIST_STATE_ERROR,
} AkinSimilarListState;

#define AKIN_TYPE_SIMILAR_LIST (akin_similar_list_get_type ())

G_DECLARE_FINAL_TYPE (AkinSimilarList, akin_similar_list, AKIN, SIMILAR_LIST, GObject)

/* Main thread only. */

AkinSimilarList      *akin_similar_list_new               (AkinLibraryManager         *manager);
AkinLibraryManager   *akin_similar_list_get_manager       (AkinSimilarList            *self);
gint64                akin_similar_list_get_track_id      (AkinSimilarList            *self);
void                  akin_similar_list_set_track_id      (AkinSimilarList            *self,
                                                           gint64                      track_id);
guint                 akin_similar_list_get_n_results     (AkinSimilarList            *self);
void                  akin_similar_list_set_n_results     (AkinSimilarList            *self,
                                                           guint                       n_results);
void                  akin_similar_list_set_file_anchor   (AkinSimilarList            *self,
                                                           const char                 *uri,
                                                           const char                 *title);
void                  akin_similar_list_set_vector_anchor (AkinSimilarList            *self,
                                                           const char                 *uri,
                                                           const char                 *title,
                                                           const float                *vector,
                                                           guint                       dim,
                                                           const AkinTimbreModel      *timbre,
                                                           const AkinTags             *tags,
                                                           const AkinDescriptorRecord *descriptors);
const char           *akin_similar_list_get_anchor_uri    (AkinSimilarList            *self);
const char           *akin_similar_list_get_title         (AkinSimilarList            *self);
const char           *akin_similar_list_get_error         (AkinSimilarList            *self);
AkinSimilarListState  akin_similar_list_get_state         (AkinSimilarList            *self);
void                  akin_similar_list_show_error        (AkinSimilarList            *self,
                                                           const char                 *message);
void                  akin_similar_list_show_items        (AkinSimilarList            *self,
                                                           const char                 *anchor_title,
                                                           AkinSimilarItem * const    *items,
                                                           guint                       n_items);

G_END_DECLS
