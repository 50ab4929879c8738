/* akin-similarity.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The similarity index: every track vector of one model, L2-normalised, in
 * one contiguous array of rows (stride a multiple of 4 floats, zero-padded,
 * 64-byte aligned), with parallel arrays of track ids and of the rules'
 * keys (artist, album, content hash) interned as integers, 0 meaning "no
 * value". A query is a dot product against every row (cosine, since rows
 * and query are normalised) and a top-k selection in a bounded min-heap.
 *
 * This file builds and updates the index; queries are in
 * akin-similarity-query.c and the scoring kernel and the heap in
 * akin-similarity-kernel.c.
 *
 * Threads: an index is reference-counted and may be shared between threads.
 * Queries take a reader lock (any number run at once); set() and remove()
 * take the writer lock and wait for running queries.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "akin-error.h"
#include "akin-similarity-private.h"

#define ALIGNMENT  64

/**
 * akin_similarity_index_new:
 * @dim: the vectors' length; 0 to take it from the first vector added
 *
 * Returns: (transfer full): an empty index. Any thread.
 */
AkinSimilarityIndex *
akin_similarity_index_new (guint dim)
{
  AkinSimilarityIndex *self = g_new0 (AkinSimilarityIndex, 1);

  g_atomic_ref_count_init (&self->ref_count);
  g_rw_lock_init (&self->lock);
  self->dim = dim;
  self->stride = (dim + 3) & ~3u;
  self->by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->interned = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  _akin_similarity_combined_init (self);
  return self;
}

/**
 * akin_similarity_index_ref:
 * @self: an index
 *
 * Returns: (transfer full): @self, with one more reference. Any thread.
 */
AkinSimilarityIndex *
akin_similarity_index_ref (AkinSimilarityIndex *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * akin_similarity_index_unref:
 * @self: (transfer full): an index
 *
 * Drops a reference; the last one frees the index. Any thread, but not
 * while the same thread is inside a call on @self.
 */
void
akin_similarity_index_unref (AkinSimilarityIndex *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_aligned_free (self->rows);
  g_free (self->ids);
  g_free (self->artist);
  g_free (self->album);
  g_free (self->content);
  g_hash_table_unref (self->by_id);
  g_hash_table_unref (self->interned);
  _akin_similarity_combined_clear (self);
  g_rw_lock_clear (&self->lock);
  g_free (self);
}

/**
 * akin_similarity_index_get_dim:
 * @self: an index
 *
 * Returns: the vectors' length (0 while an index made with 0 is empty)
 */
guint
akin_similarity_index_get_dim (AkinSimilarityIndex *self)
{
  guint dim;

  g_return_val_if_fail (self != NULL, 0);
  g_rw_lock_reader_lock (&self->lock);
  dim = self->dim;
  g_rw_lock_reader_unlock (&self->lock);
  return dim;
}

/**
 * akin_similarity_index_get_size:
 * @self: an index
 *
 * Returns: how many tracks the index holds
 */
guint
akin_similarity_index_get_size (AkinSimilarityIndex *self)
{
  gsize n;

  g_return_val_if_fail (self != NULL, 0);
  g_rw_lock_reader_lock (&self->lock);
  n = self->n;
  g_rw_lock_reader_unlock (&self->lock);
  return (guint) n;
}

gssize
_akin_similarity_index_find_row (AkinSimilarityIndex *self,
          gint64               track_id)
{
  gpointer value = g_hash_table_lookup (self->by_id, &track_id);

  return value != NULL ? (gssize) GPOINTER_TO_SIZE (value) - 1 : -1;
}

/**
 * akin_similarity_index_contains:
 * @self: an index
 * @track_id: a track
 *
 * Returns: whether @track_id has a vector in the index
 */
gboolean
akin_similarity_index_contains (AkinSimilarityIndex *self,
                                gint64               track_id)
{
  gboolean found;

  g_return_val_if_fail (self != NULL, FALSE);
  g_rw_lock_reader_lock (&self->lock);
  found = _akin_similarity_index_find_row (self, track_id) >= 0;
  g_rw_lock_reader_unlock (&self->lock);
  return found;
}

/* Case- and normalisation-insensitive text of a tag, NULL when empty. */
static char *
key_text (const char *prefix,
          const char *a,
          const char *b)
{
  g_autofree char *joined = NULL;
  g_autofree char *normal = NULL;

  if (a == NULL || *a == '\0' || (prefix[0] == 'l' && (b == NULL || *b == '\0')))
    return NULL;
  joined = g_strconcat (prefix, a, b != NULL ? "\x1f" : NULL, b, NULL);
  g_strstrip (joined);
  if (!g_utf8_validate (joined, -1, NULL))
    return g_steal_pointer (&joined);
  normal = g_utf8_normalize (joined, -1, G_NORMALIZE_ALL_COMPOSE);
  return g_utf8_casefold (normal, -1);
}

/* Must hold the writer lock, or be building an index no one else sees. */
static guint32
intern_key (AkinSimilarityIndex *self,
            char                *text)   /* (transfer full) (nullable) */
{
  gpointer value;
  guint32 key;

  if (text == NULL)
    return 0;
  value = g_hash_table_lookup (self->interned, text);
  if (value != NULL)
    {
      g_free (text);
      return GPOINTER_TO_UINT (value);
    }
  key = g_hash_table_size (self->interned) + 1;
  g_hash_table_insert (self->interned, text, GUINT_TO_POINTER (key));
  return key;
}

/* Looks a key up without adding it (reader lock): unknown text matches no row. */
static guint32
lookup_key (AkinSimilarityIndex *self,
            char                *text)   /* (transfer full) (nullable) */
{
  guint32 key;

  if (text == NULL)
    return 0;
  key = GPOINTER_TO_UINT (g_hash_table_lookup (self->interned, text));
  g_free (text);
  return key;
}

static const char *
album_owner (const AkinSimilarityKeys *keys)
{
  if (keys->album_artist != NULL && keys->album_artist[0] != '\0')
    return keys->album_artist;
  return keys->artist != NULL ? keys->artist : "";
}

gboolean
_akin_similarity_normalise_into (float       *dest,
                guint        stride,
                const float *vector,
                guint        dim,
                GError     **error)
{
  double norm = 0.0;

  for (guint j = 0; j < dim; j++)
    norm += (double) vector[j] * (double) vector[j];
  norm = sqrt (norm);
  if (!(norm > 0.0) || !isfinite (norm))
    {
      g_set_error_literal (error, AKIN_ERROR, AKIN_ERROR_INVALID_ARGUMENT,
                           "A zero or non-finite vector has no direction to compare");
      return FALSE;
    }
  for (guint j = 0; j < dim; j++)
    dest[j] = (float) (vector[j] / norm);
  for (guint j = dim; j < stride; j++)
    dest[j] = 0.0f;
  return TRUE;
}

/* Reader lock held: the rule keys of an external anchor (unknown text gets
 * 0, which matches no row). */
void
_akin_similarity_index_anchor_keys (AkinSimilarityIndex      *self,
                                    const AkinSimilarityKeys *keys,
                                    Anchor                   *anchor)
{
  anchor->artist = lookup_key (self, key_text ("a:", keys->artist, NULL));
  anchor->album = lookup_key (self, key_text ("l:", album_owner (keys), keys->album));
  anchor->content = lookup_key (self, key_text ("h:", keys->content_hash, NULL));
}

static void
grow (AkinSimilarityIndex *self,
      gboolean             stride_changed)
{
  gsize old_capacity = self->capacity;
  gsize capacity = MAX (64, self->capacity * 2);
  float *rows = g_aligned_alloc (capacity * self->stride, sizeof (float), ALIGNMENT);

  if (self->n > 0)
    memcpy (rows, self->rows, self->n * self->stride * sizeof (float));
  g_aligned_free (self->rows);
  self->rows = rows;
  self->ids = g_renew (gint64, self->ids, capacity);
  self->artist = g_renew (guint32, self->artist, capacity);
  self->album = g_renew (guint32, self->album, capacity);
  self->content = g_renew (guint32, self->content, capacity);
  self->capacity = capacity;
  _akin_similarity_combined_grow (self, old_capacity, stride_changed);
}

/**
 * akin_similarity_index_set:
 * @self: an index
 * @track_id: the track
 * @vector: (array length=dim): its vector, any length but zero (it is normalised)
 * @dim: the index's dimension
 * @keys: (nullable): the track's tags and content hash, for the rules
 * @error: %AKIN_ERROR_DIMENSION_MISMATCH, or %AKIN_ERROR_INVALID_ARGUMENT
 *   for a zero or non-finite vector
 *
 * Adds a track, or replaces its vector and keys. Any thread; waits for
 * running queries.
 *
 * Returns: %TRUE on success
 */
gboolean
akin_similarity_index_set (AkinSimilarityIndex      *self,
                           gint64                    track_id,
                           const float              *vector,
                           guint                     dim,
                           const AkinSimilarityKeys *keys,
                           GError                  **error)
{
  AkinSimilarityKeys no_keys = { 0 };
  gboolean stride_changed = FALSE;
  gboolean is_new;
  gssize row;
  gboolean ok = FALSE;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (vector != NULL, FALSE);
  g_return_val_if_fail (dim > 0, FALSE);

  if (keys == NULL)
    keys = &no_keys;

  g_rw_lock_writer_lock (&self->lock);
  if (self->dim == 0 && self->n == 0)
    {
      self->dim = dim;
      self->stride = (dim + 3) & ~3u;
      g_clear_pointer (&self->rows, g_aligned_free);
      self->capacity = 0;
      stride_changed = TRUE;
    }
  if (dim != self->dim)
    {
      g_set_error (error, AKIN_ERROR, AKIN_ERROR_DIMENSION_MISMATCH,
                   "A vector of %u values cannot join an index of %u", dim, self->dim);
      goto out;
    }
  row = _akin_similarity_index_find_row (self, track_id);
  if (row < 0)
    {
      if (self->n == self->capacity)
        grow (self, stride_changed);
      row = (gssize) self->n;
    }
  if (!_akin_similarity_normalise_into (self->rows + (gsize) row * self->stride, self->stride, vector, dim, error))
    goto out;
  is_new = (gsize) row == self->n;
  if (is_new)
    {
      self->n++;
      g_hash_table_insert (self->by_id, g_memdup2 (&track_id, sizeof track_id),
                           GSIZE_TO_POINTER ((gsize) row + 1));
    }
  self->ids[row] = track_id;
  self->artist[row] = intern_key (self, key_text ("a:", keys->artist, NULL));
  self->album[row] = intern_key (self, key_text ("l:", album_owner (keys), keys->album));
  self->content[row] = intern_key (self, key_text ("h:", keys->content_hash, NULL));
  _akin_similarity_combined_row_set (self, (gsize) row, is_new);
  ok = TRUE;

out:
  g_rw_lock_writer_unlock (&self->lock);
  return ok;
}

/**
 * akin_similarity_index_remove:
 * @self: an index
 * @track_id: a track
 *
 * Removes a track (the last row takes its place). Any thread.
 *
 * Returns: whether the track was in the index
 */
gboolean
akin_similarity_index_remove (AkinSimilarityIndex *self,
                              gint64               track_id)
{
  gssize row;
  gsize last;

  g_return_val_if_fail (self != NULL, FALSE);

  g_rw_lock_writer_lock (&self->lock);
  row = _akin_similarity_index_find_row (self, track_id);
  if (row < 0)
    {
      g_rw_lock_writer_unlock (&self->lock);
      return FALSE;
    }
  g_hash_table_remove (self->by_id, &track_id);
  _akin_similarity_combined_removed (self, (gsize) row);
  last = self->n - 1;
  if ((gsize) row != last)
    {
      memcpy (self->rows + (gsize) row * self->stride, self->rows + last * self->stride,
              self->stride * sizeof (float));
      self->ids[row] = self->ids[last];
      self->artist[row] = self->artist[last];
      self->album[row] = self->album[last];
      self->content[row] = self->content[last];
      _akin_similarity_combined_row_move (self, (gsize) row, last);
      g_hash_table_insert (self->by_id, g_memdup2 (&self->ids[row], sizeof (gint64)),
                           GSIZE_TO_POINTER ((gsize) row + 1));
    }
  self->n = last;
  g_rw_lock_writer_unlock (&self->lock);
  return TRUE;
}

static void
add_from_database (gint64          track_id,
                   const float    *vector,
                   guint           dim,
                   const AkinTags *tags,
                   const char     *content_hash,
                   gpointer        user_data)
{
  gpointer *closure = user_data;
  AkinSimilarityIndex *self = closure[0];
  GError **error = closure[1];
  AkinSimilarityKeys keys = { tags->artist, tags->album_artist, tags->album, content_hash };

  if (*error == NULL)
    akin_similarity_index_set (self, track_id, vector, dim, &keys, error);
}

static void
add_timbre_from_database (gint64                 track_id,
                          const AkinTimbreModel *model,
                          gpointer               user_data)
{
  AkinSimilarityIndex *self = user_data;

  /* Tracks without a vector of the model are not in the index. */
  if (akin_similarity_index_contains (self, track_id))
    akin_similarity_index_set_timbre (self, track_id, model, NULL);
}

/**
 * akin_similarity_index_new_from_database:
 * @db: a connection
 * @model_id: the model whose vectors to load
 * @dim: the model's vector length; 0 to take it from the first vector
 * @error: the reason, %AKIN_ERROR_DIMENSION_MISMATCH when stored vectors
 *   disagree on their length
 *
 * Builds an index of every vector of @model_id (missing tracks excluded),
 * with the tracks' timbre models, in %AKIN_SIMILARITY_MODE_COMBINED. The
 * mutual proximity statistics cost one timbre divergence per track and
 * reference track (at most %AKIN_SIMILARITY_TIMBRE_REFERENCES), about
 * 2.3 ms per track. From @db's thread; the index may then be shared.
 *
 * Returns: (transfer full) (nullable): the index
 */
AkinSimilarityIndex *
akin_similarity_index_new_from_database (AkinDatabase *db,
                                         const char   *model_id,
                                         guint         dim,
                                         GError      **error)
{
  g_autoptr(AkinSimilarityIndex) self = NULL;
  g_autoptr(GError) local_error = NULL;
  gpointer closure[2];

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (model_id != NULL, NULL);

  self = akin_similarity_index_new (dim);
  _akin_similarity_index_begin_build (self);
  closure[0] = self;
  closure[1] = &local_error;
  if (!akin_database_foreach_vector (db, model_id, add_from_database, closure, error))
    return NULL;
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (!akin_database_foreach_timbre (db, add_timbre_from_database, self, error))
    return NULL;
  _akin_similarity_index_finish_build (self);
  self->mode = AKIN_SIMILARITY_MODE_COMBINED;
  return g_steal_pointer (&self);
}

/**
 * akin_similarity_index_load_from_database:
 * @self: an index, possibly shared with other threads and being queried
 * @db: a connection
 * @model_id: the model whose vectors to load
 * @error: as for akin_similarity_index_new_from_database()
 *
 * Replaces everything @self holds with what
 * akin_similarity_index_new_from_database() would build (the vectors and
 * timbre models of @db, the statistics, %AKIN_SIMILARITY_MODE_COMBINED).
 * The new contents are built aside, without any lock; queries meanwhile
 * see the old ones, and the swap waits for running queries. For an index
 * that the app shares before the library is loaded. From @db's thread.
 *
 * Returns: %TRUE on success (@self is unchanged otherwise)
 */
gboolean
akin_similarity_index_load_from_database (AkinSimilarityIndex *self,
                                          AkinDatabase        *db,
                                          const char          *model_id,
                                          GError             **error)
{
  enum { start = G_STRUCT_OFFSET (AkinSimilarityIndex, dim) };
  g_autoptr(AkinSimilarityIndex) fresh = NULL;
  guint8 tmp[sizeof (AkinSimilarityIndex) - start];

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (model_id != NULL, FALSE);

  fresh = akin_similarity_index_new_from_database (db, model_id,
                                                   akin_similarity_index_get_dim (self), error);
  if (fresh == NULL)
    return FALSE;

  /* Swap everything after the reference count and the lock (the first
   * two members); the old contents leave with @fresh. */
  g_rw_lock_writer_lock (&self->lock);
  memcpy (tmp, (guint8 *) self + start, sizeof tmp);
  memcpy ((guint8 *) self + start, (guint8 *) fresh + start, sizeof tmp);
  memcpy ((guint8 *) fresh + start, tmp, sizeof tmp);
  g_rw_lock_writer_unlock (&self->lock);
  return TRUE;
}

const float *
_akin_similarity_index_peek_rows (AkinSimilarityIndex *self,
                                  gsize               *n,
                                  guint               *stride)
{
  *n = self->n;
  *stride = self->stride;
  return self->rows;
}
