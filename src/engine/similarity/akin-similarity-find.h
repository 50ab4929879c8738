/* akin-similarity-find.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "akin-similarity.h"
#include "akin-similarity-why.h"

G_BEGIN_DECLS

/* Below this score (shown as a percentage) a match is weak: the words of
 * its reasons name no similarity of sound or timbre, which beside a low
 * percentage would contradict it (a part of the score may be high while
 * the whole is low). The contributions stay. */
#define AKIN_SIMILARITY_WEAK_MATCH 0.25f

/**
 * AkinSimilarityRow:
 * @track_id: the similar track
 * @score: its similarity to the anchor (see #AkinSimilarityMatch)
 * @uri: its file
 * @title: (nullable): its title tag
 * @artist: (nullable): its artist tag
 * @album: (nullable): its album tag
 * @duration: its duration in seconds, 0 when unknown
 * @why: why it is similar, with the translated words in @why.text
 *
 * One finished row of a similar-songs list: everything a list, a queue or
 * a command line shows of a match. Free with akin_similarity_row_free().
 */
typedef struct
{
  gint64             track_id;
  float              score;
  char              *uri;
  char              *title;
  char              *artist;
  char              *album;
  double             duration;
  AkinSimilarityWhy  why;
} AkinSimilarityRow;

void akin_similarity_row_free (AkinSimilarityRow *row);

typedef struct _AkinSimilarityRequest AkinSimilarityRequest;

AkinSimilarityRequest *akin_similarity_request_new_for_track (gint64                      track_id,
                                                              guint                       k,
                                                              AkinSimilarityFlags         flags);
AkinSimilarityRequest *akin_similarity_request_new_for_song  (const float                *vector,
                                                              guint                       dim,
                                                              const AkinTimbreModel      *timbre,
                                                              const AkinSimilarityKeys   *keys,
                                                              const AkinDescriptorRecord *descriptors,
                                                              guint                       k,
                                                              AkinSimilarityFlags         flags);
void                   akin_similarity_request_set_exclude_uri (AkinSimilarityRequest    *self,
                                                              const char                 *uri);
void                   akin_similarity_request_free          (AkinSimilarityRequest      *self);

GPtrArray *akin_similarity_find        (AkinSimilarityIndex          *index,
                                        AkinDatabase                 *db,
                                        const AkinSimilarityRequest  *request,
                                        GCancellable                 *cancellable,
                                        GError                      **error);
void       akin_similarity_find_async  (AkinSimilarityIndex          *index,
                                        const char                   *db_path,
                                        AkinSimilarityRequest        *request,
                                        GCancellable                 *cancellable,
                                        GAsyncReadyCallback           callback,
                                        gpointer                      user_data);
GPtrArray *akin_similarity_find_finish (GAsyncResult                 *result,
                                        GError                      **error);

gboolean   akin_similarity_index_add_stored (AkinSimilarityIndex       *index,
                                             AkinDatabase              *db,
                                             gint64                     track_id,
                                             const AkinAnalysisResult  *result,
                                             GError                   **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AkinSimilarityRow, akin_similarity_row_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AkinSimilarityRequest, akin_similarity_request_free)

G_END_DECLS
