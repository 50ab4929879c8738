/* akin-similarity-index.c
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
 * This file builds and updates the index; building from a database is in
 * akin-similarity-store.c, queries in akin-similarity-query.c and the
 * scoring kernel and the heap in akin-similarity-kernel.c.
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
  g_free (self->best_copy);
  g_hash_table_unref (self->by_id);
  g_hash_table_unref (self->interned);
  g_clear_pointer (&self->damaged, g_array_unref);
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
  self->best_copy = g_renew (gint64, self->best_copy, capacity);
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
  self->best_copy[row] = keys->best_copy;
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
      self->best_copy[row] = self->best_copy[last];
      _akin_similarity_combined_row_move (self, (gsize) row, last);
      g_hash_table_insert (self->by_id, g_memdup2 (&self->ids[row], sizeof (gint64)),
                           GSIZE_TO_POINTER ((gsize) row + 1));
    }
  self->n = last;
  g_rw_lock_writer_unlock (&self->lock);
  return TRUE;
}

/**
 * akin_similarity_index_set_recording:
 * @self: an index
 * @track_id: a track
 * @content_key: (nullable): its content key (see #AkinSimilarityKeys)
 * @best_copy: the best copy of its recording, 0 when unknown
 *
 * Changes the key by which merged queries count a track's copies once,
 * keeping its vector and tags. Any thread; waits for running queries.
 *
 * Returns: whether the track is in the index
 */
gboolean
akin_similarity_index_set_recording (AkinSimilarityIndex *self,
                                     gint64               track_id,
                                     const char          *content_key,
                                     gint64               best_copy)
{
  gssize row;

  g_return_val_if_fail (self != NULL, FALSE);

  g_rw_lock_writer_lock (&self->lock);
  row = _akin_similarity_index_find_row (self, track_id);
  if (row >= 0)
    {
      self->content[row] = intern_key (self, key_text ("h:", content_key, NULL));
      self->best_copy[row] = best_copy;
    }
  g_rw_lock_writer_unlock (&self->lock);
  return row >= 0;
}

/* Reader lock held. The id a query reports for @row: with @merge, its
 * recording's best copy when that is in the index. */
gint64
_akin_similarity_index_shown_id (AkinSimilarityIndex *self,
                                 gsize                row,
                                 gboolean             merge)
{
  if (merge && self->best_copy[row] != 0 && self->best_copy[row] != self->ids[row]
      && _akin_similarity_index_find_row (self, self->best_copy[row]) >= 0)
    return self->best_copy[row];
  return self->ids[row];
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
