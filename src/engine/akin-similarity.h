/* akin-similarity.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "akin-database.h"

G_BEGIN_DECLS

/* The largest k a query accepts. */
#define AKIN_SIMILARITY_MAX_K 1000

/**
 * AkinSimilarityFlags:
 * @AKIN_SIMILARITY_FLAGS_NONE: plain top-k
 * @AKIN_SIMILARITY_SKIP_SAME_ARTIST: leave out tracks by the anchor's artist
 * @AKIN_SIMILARITY_SKIP_SAME_ALBUM: leave out tracks from the anchor's album
 *   (same album artist, or artist, and same album title)
 * @AKIN_SIMILARITY_MERGE_DUPLICATES: tracks with the same content hash count
 *   once (the best-scoring copy is kept), and copies of the anchor itself
 *   are left out
 *
 * Rules applied to a query. Tags are compared case-insensitively; a track
 * with an empty tag never matches on it.
 */
typedef enum
{
  AKIN_SIMILARITY_FLAGS_NONE       = 0,
  AKIN_SIMILARITY_SKIP_SAME_ARTIST = 1 << 0,
  AKIN_SIMILARITY_SKIP_SAME_ALBUM  = 1 << 1,
  AKIN_SIMILARITY_MERGE_DUPLICATES = 1 << 2,
} AkinSimilarityFlags;

/**
 * AkinSimilarityKeys:
 * @artist: (nullable): the artist tag
 * @album_artist: (nullable): the album artist tag
 * @album: (nullable): the album tag
 * @content_hash: (nullable): the file's content hash
 *
 * What the rules compare, for a track in the index or an external anchor.
 */
typedef struct
{
  const char *artist;
  const char *album_artist;
  const char *album;
  const char *content_hash;
} AkinSimilarityKeys;

/**
 * AkinSimilarityMatch:
 * @track_id: a similar track
 * @score: the cosine similarity to the anchor, in [-1, 1]
 */
typedef struct
{
  gint64 track_id;
  float  score;
} AkinSimilarityMatch;

typedef struct _AkinSimilarityIndex AkinSimilarityIndex;

AkinSimilarityIndex *akin_similarity_index_new           (guint                      dim);
AkinSimilarityIndex *akin_similarity_index_new_from_database (AkinDatabase          *db,
                                                          const char                *model_id,
                                                          guint                      dim,
                                                          GError                   **error);
AkinSimilarityIndex *akin_similarity_index_ref           (AkinSimilarityIndex       *self);
void                 akin_similarity_index_unref         (AkinSimilarityIndex       *self);
guint                akin_similarity_index_get_dim       (AkinSimilarityIndex       *self);
guint                akin_similarity_index_get_size      (AkinSimilarityIndex       *self);
gboolean             akin_similarity_index_contains      (AkinSimilarityIndex       *self,
                                                          gint64                     track_id);
gboolean             akin_similarity_index_set           (AkinSimilarityIndex       *self,
                                                          gint64                     track_id,
                                                          const float               *vector,
                                                          guint                      dim,
                                                          const AkinSimilarityKeys  *keys,
                                                          GError                   **error);
gboolean             akin_similarity_index_remove        (AkinSimilarityIndex       *self,
                                                          gint64                     track_id);
GArray              *akin_similarity_index_query_track   (AkinSimilarityIndex       *self,
                                                          gint64                     track_id,
                                                          guint                      k,
                                                          AkinSimilarityFlags        flags,
                                                          GError                   **error);
GArray              *akin_similarity_index_query_vector  (AkinSimilarityIndex       *self,
                                                          const float               *vector,
                                                          guint                      dim,
                                                          const AkinSimilarityKeys  *keys,
                                                          guint                      k,
                                                          AkinSimilarityFlags        flags,
                                                          GError                   **error);
void                 akin_similarity_index_query_track_async (AkinSimilarityIndex *self,
                                                          gint64                     track_id,
                                                          guint                      k,
                                                          AkinSimilarityFlags        flags,
                                                          GCancellable              *cancellable,
                                                          GAsyncReadyCallback        callback,
                                                          gpointer                   user_data);
void                 akin_similarity_index_query_vector_async (AkinSimilarityIndex *self,
                                                          const float               *vector,
                                                          guint                      dim,
                                                          const AkinSimilarityKeys  *keys,
                                                          guint                      k,
                                                          AkinSimilarityFlags        flags,
                                                          GCancellable              *cancellable,
                                                          GAsyncReadyCallback        callback,
                                                          gpointer                   user_data);
GArray              *akin_similarity_index_query_finish  (GAsyncResult              *result,
                                                          GError                   **error);

/* The scoring kernel, exposed for the benchmark: out[i] = rows[i] · query
 * for @n rows of @stride floats (a multiple of 4) whose first @dim count. */
void                 akin_similarity_score_rows          (const float               *rows,
                                                          gsize                      n,
                                                          guint                      stride,
                                                          const float               *query,
                                                          float                     *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AkinSimilarityIndex, akin_similarity_index_unref)

G_END_DECLS
