/* akin-similarity-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Building an index from the library database, and keeping the mutual
 * proximity statistics there (akin-database-norms.c) so that the next
 * index does not compute them again.
 *
 * What is stored: the reference sample of the timbre format (each
 * reference's id and a copy of its AkinSimilarityTimbre, so the sample does
 * not depend on the reference tracks staying in the library or keeping
 * their model), and each track's statistics tagged with the sample's
 * identity (a digest of the references' ids and models, the format and the
 * divergence). Building reads the sample and the statistics of that
 * identity, computes only the missing ones (new tracks, tracks analysed
 * again: storing a timbre model deletes the track's statistics), or
 * chooses a new sample when the rules of akin-similarity-combined.c say
 * so, and writes back what it computed through the connection it was
 * given. A connection that cannot write (read-only file, lock held too
 * long) only costs the computation next time: the index is built all the
 * same.
 *
 * Threads: from the connection's thread.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "akin-error.h"
#include "akin-similarity-private.h"

typedef struct
{
  GArray *ids;      /* gint64 */
  GArray *models;   /* AkinSimilarityTimbre */
  gboolean damaged;
} SampleReader;

static void
read_reference (gint64        track_id,
                gconstpointer data,
                gsize         size,
                gpointer      user_data)
{
  SampleReader *reader = user_data;
  AkinSimilarityTimbre model;

  if (size != sizeof model)
    {
      reader->damaged = TRUE;
      return;
    }
  memcpy (&model, data, sizeof model);
  for (guint i = 0; i < AKIN_TIMBRE_DIM; i++)
    if (!isfinite (model.mean[i]) || !(model.var[i] > 0.0f) || !isfinite (model.var[i]))
      reader->damaged = TRUE;
  if (!isfinite (model.logdet))
    reader->damaged = TRUE;
  g_array_append_val (reader->ids, track_id);
  g_array_append_val (reader->models, model);
}

static void
read_norm (gint64                track_id,
           const AkinTimbreNorm *norm,
           gpointer              user_data)
{
  AkinSimilarityIndex *self = user_data;
  gssize row = _akin_similarity_index_find_row (self, track_id);

  if (row < 0 || !self->has_timbre[row] || !isfinite (norm->mean) || !isfinite (norm->std))
    return;
  self->norm[row] = *norm;
  self->norm_state[row] = AKIN_NORM_STORED;
  self->norms_loaded++;
}

/*
 * _akin_similarity_index_load_statistics:
 * @self: an index being built (after its timbre models, before
 *   _akin_similarity_index_finish_build())
 * @db: a connection
 *
 * Installs the stored reference sample of %AKIN_TIMBRE_FORMAT_ID, if any
 * and sound, and the stored statistics of that sample for the index's
 * tracks. A damaged sample is ignored (a new one is chosen).
 */
gboolean
_akin_similarity_index_load_statistics (AkinSimilarityIndex *self,
                                        AkinDatabase        *db,
                                        GError             **error)
{
  SampleReader reader = { g_array_new (FALSE, FALSE, sizeof (gint64)),
                          g_array_new (FALSE, FALSE, sizeof (AkinSimilarityTimbre)), FALSE };
  gboolean ok;

  g_assert (self->defer_norms);
  ok = akin_database_foreach_timbre_reference (db, AKIN_TIMBRE_FORMAT_ID, read_reference, &reader,
                                               error);
  if (ok && !reader.damaged && reader.ids->len > 0)
    {
      _akin_similarity_set_references (self, (const gint64 *) (gpointer) reader.ids->data,
                                       (const AkinSimilarityTimbre *) (gpointer) reader.models->data,
                                       reader.ids->len);
      /* A sample that is not full took every model there was. */
      self->refs_n = self->n_refs;
      self->sample_dirty = FALSE;
      ok = akin_database_foreach_timbre_norm (db, AKIN_TIMBRE_FORMAT_ID, self->sample_id, read_norm,
                                              self, error);
    }
  g_array_unref (reader.ids);
  g_array_unref (reader.models);
  return ok;
}

/* What a failed write leaves to write next time (unless computed again
 * meanwhile). */
static void
mark_unsaved (AkinSimilarityIndex *self,
              GArray              *ids,
              const char          *sample_id)   /* (nullable): the sample was not written */
{
  g_rw_lock_writer_lock (&self->lock);
  for (guint i = 0; i < ids->len; i++)
    {
      gssize row = _akin_similarity_index_find_row (self, g_array_index (ids, gint64, i));

      if (row >= 0 && self->has_timbre[row] && self->norm_state[row] == AKIN_NORM_STORED)
        self->norm_state[row] = AKIN_NORM_DIRTY;
    }
  if (sample_id != NULL && strcmp (sample_id, self->sample_id) == 0)
    self->sample_dirty = TRUE;
  g_rw_lock_writer_unlock (&self->lock);
}

/**
 * akin_similarity_index_save_statistics:
 * @self: an index
 * @db: a writable connection to the library it was built from
 * @error: the reason nothing was written
 *
 * Writes what the index computed and the database does not hold yet: the
 * reference sample when the index chose it, and the mutual proximity
 * statistics of the tracks added since (akin_similarity_index_set_timbre()),
 * in one transaction. The next index built from @db then reads them
 * instead of computing them. akin_similarity_index_new_from_database()
 * calls it itself; call it after adding timbre models to a built index.
 * From @db's thread; takes the index's writer lock briefly.
 *
 * Returns: %TRUE on success (what was not written is tried again next time)
 */
gboolean
akin_similarity_index_save_statistics (AkinSimilarityIndex *self,
                                       AkinDatabase        *db,
                                       GError             **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) norms = g_array_new (FALSE, FALSE, sizeof (AkinTimbreNorm));
  g_autofree gint64 *ref_ids = NULL;
  g_autofree AkinSimilarityTimbre *refs = NULL;
  guint n_refs = 0;
  char sample_id[sizeof self->sample_id];
  gboolean write_sample, ok;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (db != NULL, FALSE);

  g_rw_lock_writer_lock (&self->lock);
  if (self->defer_norms)
    {
      g_rw_lock_writer_unlock (&self->lock);
      return TRUE;
    }
  for (gsize i = 0; i < self->n; i++)
    if (self->has_timbre[i] && self->norm_state[i] == AKIN_NORM_DIRTY)
      {
        g_array_append_val (ids, self->ids[i]);
        g_array_append_val (norms, self->norm[i]);
        self->norm_state[i] = AKIN_NORM_STORED;
      }
  write_sample = self->sample_dirty && self->n_refs > 0;
  if (write_sample)
    {
      n_refs = self->n_refs;
      ref_ids = g_memdup2 (self->ref_ids, n_refs * sizeof (gint64));
      refs = g_memdup2 (self->refs, n_refs * sizeof (AkinSimilarityTimbre));
      self->sample_dirty = FALSE;
    }
  memcpy (sample_id, self->sample_id, sizeof sample_id);
  g_rw_lock_writer_unlock (&self->lock);

  if (ids->len == 0 && !write_sample)
    return TRUE;
  if (!akin_database_begin (db, error))
    {
      mark_unsaved (self, ids, write_sample ? sample_id : NULL);
      return FALSE;
    }
  ok = TRUE;
  if (write_sample)
    ok = akin_database_set_timbre_references (db, AKIN_TIMBRE_FORMAT_ID, ref_ids, refs,
                                              sizeof (AkinSimilarityTimbre), n_refs, error);
  if (ok)
    ok = akin_database_store_timbre_norms (db, AKIN_TIMBRE_FORMAT_ID, sample_id,
                                           (const gint64 *) (gpointer) ids->data,
                                           (const AkinTimbreNorm *) (gpointer) norms->data,
                                           ids->len, error);
  if (ok)
    ok = akin_database_commit (db, error);
  else
    akin_database_rollback (db);
  if (!ok)
    mark_unsaved (self, ids, write_sample ? sample_id : NULL);
  return ok;
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
  AkinSimilarityKeys keys = { tags->artist, tags->album_artist, tags->album, content_hash, 0 };

  /* The database names a recording "recording:ID" (akin_database_foreach_vector()). */
  if (content_hash != NULL && g_str_has_prefix (content_hash, "recording:"))
    keys.best_copy = g_ascii_strtoll (content_hash + strlen ("recording:"), NULL, 10);

  if (*error != NULL)
    return;
  if (!akin_similarity_index_set (self, track_id, vector, dim, &keys, error)
      && (g_error_matches (*error, AKIN_ERROR, AKIN_ERROR_INVALID_ARGUMENT)
          || g_error_matches (*error, AKIN_ERROR, AKIN_ERROR_DIMENSION_MISMATCH)))
    {
      /* A damaged row (zero, not finite, of another length): left out,
       * not the end of every query. */
      g_debug ("Track %" G_GINT64_FORMAT ": %s", track_id, (*error)->message);
      g_clear_error (error);
      if (self->damaged == NULL)
        self->damaged = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_array_append_val (self->damaged, track_id);
    }
}

/* The damaged vectors are removed: the tracks are analysed again at the
 * next scan. A failure to write is not an error (they stay left out). */
static void
forget_damaged (AkinSimilarityIndex *self,
                AkinDatabase        *db,
                const char          *model_id)
{
  g_autoptr(GError) error = NULL;

  if (self->damaged == NULL)
    return;
  if (!akin_database_forget_vectors (db, model_id, (const gint64 *) (gpointer) self->damaged->data,
                                     self->damaged->len, &error))
    g_debug ("The damaged vectors were not removed from %s: %s", akin_database_get_path (db),
             error->message);
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
 * with the tracks' timbre models, except damaged vectors (zero, not finite
 * or of another length): those are left out, removed from @db so that the
 * next scan analyses their tracks again, and listed by
 * akin_similarity_index_dup_damaged(); the index is built all the same, in %AKIN_SIMILARITY_MODE_COMBINED. The
 * mutual proximity statistics are read from @db; those missing or stale
 * cost one timbre divergence per track and reference track (at most
 * %AKIN_SIMILARITY_TIMBRE_REFERENCES), about 2.3 ms per track, and are
 * written back to @db (see the top of akin-similarity-store.c; a failure
 * to write is not an error). From @db's thread; the index may then be
 * shared.
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

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (model_id != NULL, NULL);

  self = akin_similarity_index_new (dim);
  if (!_akin_similarity_index_fill_from_database (self, db, model_id, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* Fills a new, empty index as akin_similarity_index_new_from_database()
 * describes (the tests set its sample size first). */
gboolean
_akin_similarity_index_fill_from_database (AkinSimilarityIndex *self,
                                           AkinDatabase        *db,
                                           const char          *model_id,
                                           GError             **error)
{
  g_autoptr(GError) local_error = NULL;
  gpointer closure[2];

  g_assert (self->n == 0);
  _akin_similarity_index_begin_build (self);
  closure[0] = self;
  closure[1] = &local_error;
  if (!akin_database_foreach_vector (db, model_id, add_from_database, closure, error))
    return FALSE;
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  forget_damaged (self, db, model_id);
  if (!akin_database_foreach_timbre (db, add_timbre_from_database, self, error)
      || !_akin_similarity_index_load_statistics (self, db, error))
    return FALSE;
  _akin_similarity_index_finish_build (self);
  self->mode = AKIN_SIMILARITY_MODE_COMBINED;
  if (!akin_similarity_index_save_statistics (self, db, &local_error))
    g_debug ("The similarity statistics were not stored in %s: %s",
             akin_database_get_path (db), local_error->message);
  return TRUE;
}

/**
 * akin_similarity_index_dup_damaged:
 * @self: an index built from a database
 *
 * Returns: (transfer full) (element-type gint64): the tracks whose stored
 *   vector was damaged and left out of the index (maybe none)
 */
GArray *
akin_similarity_index_dup_damaged (AkinSimilarityIndex *self)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_return_val_if_fail (self != NULL, ids);

  g_rw_lock_reader_lock (&self->lock);
  if (self->damaged != NULL)
    g_array_append_vals (ids, self->damaged->data, self->damaged->len);
  g_rw_lock_reader_unlock (&self->lock);
  return ids;
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


/**
 * akin_similarity_index_update_recordings:
 * @self: an index
 * @db: the library, from the calling thread
 * @error: why the recordings could not be read
 *
 * Gives every indexed track of a recording held in more than one file its
 * recording's key (akin_database_get_content_key()), e.g. after an
 * analysis run found copies of tracks indexed before.
 *
 * Returns: %TRUE on success
 */
gboolean
akin_similarity_index_update_recordings (AkinSimilarityIndex  *self,
                                         AkinDatabase         *db,
                                         GError              **error)
{
  g_autoptr(GArray) members = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (db != NULL, FALSE);

  if ((members = akin_database_list_recordings (db, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < members->len; i++)
    {
      const AkinRecordingMember *m = &g_array_index (members, AkinRecordingMember, i);
      g_autofree char *key = g_strdup_printf ("recording:%" G_GINT64_FORMAT, m->recording);

      akin_similarity_index_set_recording (self, m->track_id, key, m->recording);
    }
  return TRUE;
}
