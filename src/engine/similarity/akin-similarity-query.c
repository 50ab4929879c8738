/* akin-similarity-query.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Top-k queries on an AkinSimilarityIndex: score every row a block at a
 * time (akin-similarity-kernel.c), let only the rows that beat the heap's
 * current minimum reach the rule checks and the heap, then sort the heap.
 * Queries hold the index's reader lock for the whole scan.
 */

#include "config.h"

#include "akin-error.h"
#include "akin-similarity-private.h"

#define BLOCK 1024

static int
compare_matches (gconstpointer a,
                 gconstpointer b)
{
  const AkinSimilarityMatch *x = a, *y = b;

  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  return x->track_id < y->track_id ? -1 : (x->track_id > y->track_id);
}

/* Holds the reader lock. @query has self->stride floats, normalised. */
static GArray *
run_query (AkinSimilarityIndex *self,
           const float         *query,
           const Anchor        *anchor,
           guint                k,
           AkinSimilarityFlags  flags)
{
  g_autofree HeapEntry *heap = g_new (HeapEntry, MAX (k, 1));
  gboolean merge = (flags & AKIN_SIMILARITY_MERGE_DUPLICATES) != 0;
  gboolean skip_artist = (flags & AKIN_SIMILARITY_SKIP_SAME_ARTIST) != 0 && anchor->artist != 0;
  gboolean skip_album = (flags & AKIN_SIMILARITY_SKIP_SAME_ALBUM) != 0 && anchor->album != 0;
  gboolean skip_copies = merge && anchor->content != 0;
  float scores[BLOCK];
  GArray *matches;
  guint n_heap = 0;

  for (gsize start = 0; start < self->n && k > 0; start += BLOCK)
    {
      gsize len = MIN ((gsize) BLOCK, self->n - start);

      akin_similarity_score_rows (self->rows + start * self->stride, len, self->stride, query,
                                  scores);
      for (gsize i = 0; i < len; i++)
        {
          gsize row = start + i;
          HeapEntry candidate;

          if (n_heap == k && scores[i] < heap[0].score)
            continue;
          if ((anchor->has_id && self->ids[row] == anchor->anchor_id)
              || (skip_artist && self->artist[row] == anchor->artist)
              || (skip_album && self->album[row] == anchor->album)
              || (skip_copies && self->content[row] == anchor->content))
            continue;
          candidate.score = scores[i];
          candidate.id = _akin_similarity_index_shown_id (self, row, merge);
          candidate.group = merge ? self->content[row] : 0;
          _akin_similarity_heap_offer (heap, &n_heap, k, candidate, merge);
        }
    }

  matches = g_array_sized_new (FALSE, FALSE, sizeof (AkinSimilarityMatch), n_heap);
  for (guint i = 0; i < n_heap; i++)
    {
      AkinSimilarityMatch m = { heap[i].id, CLAMP (heap[i].score, -1.0f, 1.0f) };

      m.explanation.score = m.explanation.combined = m.explanation.encoders =
        m.explanation.encoders_cosine = m.score;
      m.explanation.has_encoders = TRUE;

      g_array_append_val (matches, m);
    }
  g_array_sort (matches, compare_matches);
  return matches;
}

static gboolean
check_k (guint    k,
         GError **error)
{
  if (k > AKIN_SIMILARITY_MAX_K)
    {
      g_set_error (error, AKIN_ERROR, AKIN_ERROR_INVALID_ARGUMENT,
                   "At most %d similar tracks can be asked for, not %u", AKIN_SIMILARITY_MAX_K, k);
      return FALSE;
    }
  return TRUE;
}

/**
 * akin_similarity_index_query_track:
 * @self: an index
 * @track_id: the anchor, a track in the index
 * @k: how many tracks to return, at most %AKIN_SIMILARITY_MAX_K
 * @flags: the rules
 * @error: %AKIN_ERROR_NOT_ANALYZED when the anchor is not in the index,
 *   %AKIN_ERROR_INVALID_ARGUMENT when @k is too large
 *
 * Finds the @k tracks most similar to @track_id (never @track_id itself),
 * best first; fewer when the index holds fewer. Any thread; it scans the
 * whole index, so call it off the main loop for large libraries.
 *
 * Returns: (transfer full) (element-type AkinSimilarityMatch) (nullable): the matches
 */
GArray *
akin_similarity_index_query_track (AkinSimilarityIndex *self,
                                   gint64               track_id,
                                   guint                k,
                                   AkinSimilarityFlags  flags,
                                   GError             **error)
{
  g_autofree float *query = NULL;
  GArray *matches;
  Anchor anchor;
  gssize row;

  g_return_val_if_fail (self != NULL, NULL);

  if (!check_k (k, error))
    return NULL;
  g_rw_lock_reader_lock (&self->lock);
  row = _akin_similarity_index_find_row (self, track_id);
  if (row < 0)
    {
      g_rw_lock_reader_unlock (&self->lock);
      g_set_error (error, AKIN_ERROR, AKIN_ERROR_NOT_ANALYZED,
                   "Track %" G_GINT64_FORMAT " has no vector in the similarity index", track_id);
      return NULL;
    }
  anchor.has_id = TRUE;
  anchor.anchor_id = track_id;
  anchor.artist = self->artist[row];
  anchor.album = self->album[row];
  anchor.content = self->content[row];
  if (self->mode != AKIN_SIMILARITY_MODE_COSINE)
    matches = _akin_similarity_combined_query (self, row, NULL, NULL, &anchor, k, flags);
  else
    {
      query = g_memdup2 (self->rows + (gsize) row * self->stride, self->stride * sizeof (float));
      matches = run_query (self, query, &anchor, k, flags);
    }
  g_rw_lock_reader_unlock (&self->lock);
  return matches;
}

/* A query for an anchor given by its vector (and, for the combined
 * similarity, its timbre model): a song outside the library. */
static GArray *
query_anchor (AkinSimilarityIndex      *self,
              const float              *vector,
              guint                     dim,
              const AkinTimbreModel    *timbre,
              const AkinSimilarityKeys *keys,
              guint                     k,
              AkinSimilarityFlags       flags,
              GError                  **error)
{
  AkinSimilarityKeys no_keys = { 0 };
  g_autofree float *query = NULL;
  GArray *matches = NULL;
  Anchor anchor = { 0 };

  g_assert (self != NULL);
  g_assert (vector != NULL);

  if (keys == NULL)
    keys = &no_keys;
  if (!check_k (k, error))
    return NULL;

  g_rw_lock_reader_lock (&self->lock);
  if (self->n == 0)
    {
      matches = g_array_new (FALSE, FALSE, sizeof (AkinSimilarityMatch));
      goto out;
    }
  if (dim != self->dim)
    {
      g_set_error (error, AKIN_ERROR, AKIN_ERROR_DIMENSION_MISMATCH,
                   "A vector of %u values cannot be compared with an index of %u", dim, self->dim);
      goto out;
    }
  query = g_new (float, self->stride);
  if (!_akin_similarity_normalise_into (query, self->stride, vector, dim, error))
    goto out;
  _akin_similarity_index_anchor_keys (self, keys, &anchor);
  if (self->mode != AKIN_SIMILARITY_MODE_COSINE)
    matches = _akin_similarity_combined_query (self, -1, query, timbre, &anchor, k, flags);
  else
    matches = run_query (self, query, &anchor, k, flags);

out:
  g_rw_lock_reader_unlock (&self->lock);
  return matches;
}


/**
 * akin_similarity_index_query_vector:
 * @self: an index
 * @vector: (array length=dim): the anchor's vector, e.g. of a song that is
 *   not in the library (it is normalised)
 * @dim: the index's dimension
 * @keys: (nullable): the anchor's tags and content hash, for the rules
 * @k: how many tracks to return, at most %AKIN_SIMILARITY_MAX_K
 * @flags: the rules
 * @error: %AKIN_ERROR_DIMENSION_MISMATCH, %AKIN_ERROR_INVALID_ARGUMENT
 *
 * Like akin_similarity_index_query_track() for an external anchor, scored
 * by its vector only (akin_similarity_index_query_external() adds its
 * timbre model). With
 * %AKIN_SIMILARITY_MERGE_DUPLICATES and a content hash in @keys, library
 * copies of the anchor's file are left out. Any thread.
 *
 * Returns: (transfer full) (element-type AkinSimilarityMatch) (nullable): the matches
 */
GArray *
akin_similarity_index_query_vector (AkinSimilarityIndex      *self,
                                    const float              *vector,
                                    guint                     dim,
                                    const AkinSimilarityKeys *keys,
                                    guint                     k,
                                    AkinSimilarityFlags       flags,
                                    GError                  **error)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (vector != NULL, NULL);

  return query_anchor (self, vector, dim, NULL, keys, k, flags, error);
}

/**
 * akin_similarity_index_query_external:
 * @self: an index
 * @vector: (array length=dim): the anchor's vector (it is normalised)
 * @dim: the index's dimension
 * @timbre: (nullable): the anchor's timbre model; without it only the
 *   encoders' part is used
 * @keys: (nullable): the anchor's tags and content hash, for the rules
 * @k: how many tracks to return, at most %AKIN_SIMILARITY_MAX_K
 * @flags: the rules
 * @error: %AKIN_ERROR_DIMENSION_MISMATCH, %AKIN_ERROR_INVALID_ARGUMENT
 *
 * akin_similarity_index_query_vector() with the anchor's timbre model, for
 * a song outside the library: its mutual proximity statistics are
 * computed against the reference sample now. Any thread.
 *
 * Returns: (transfer full) (element-type AkinSimilarityMatch) (nullable): the matches
 */
GArray *
akin_similarity_index_query_external (AkinSimilarityIndex      *self,
                                      const float              *vector,
                                      guint                     dim,
                                      const AkinTimbreModel    *timbre,
                                      const AkinSimilarityKeys *keys,
                                      guint                     k,
                                      AkinSimilarityFlags       flags,
                                      GError                  **error)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (vector != NULL, NULL);

  return query_anchor (self, vector, dim, timbre, keys, k, flags, error);
}
