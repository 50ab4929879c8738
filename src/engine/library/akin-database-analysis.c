/* akin-database-analysis.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The analysis side of the library: which tracks need analysing for a
 * model, claiming one for a worker, and storing a result or a failure.
 *
 * Claims: several analyzers (threads of one process, or processes) may
 * work on one database. A worker takes a track with one UPDATE that only
 * succeeds if the track still needs analysis and nobody else holds a live
 * claim on it; SQLite runs each write alone, so two workers never both win.
 * A claim is live while its lease has not lapsed and its process exists
 * (akin_pid_alive(), registered in akin-database.c): claims of a killed
 * analyzer are taken over at once by the next scan. Storing a result or a
 * failure releases the claim.
 *
 * Threads: as for every AkinDatabase call, from the connection's thread.
 */

#include "config.h"

#include <math.h>
#include <unistd.h>

#include "akin-database-private.h"
#include "akin-error.h"

/* ?1 is the model id. An analysed track needs analysing again when it has
 * no vector from the model, no timbre model of the current format or no
 * fingerprint row of the current definition. */
#define NEEDS_ANALYSIS                                                    \
  "(t.status = 'pending'"                                                 \
  " OR (t.status = 'failed' AND t.failure_transient != 0)"                \
  " OR (t.status = 'analyzed' AND (NOT EXISTS"                            \
  " (SELECT 1 FROM vectors v WHERE v.track_id = t.id AND v.model_id = ?1)" \
  " OR NOT EXISTS (SELECT 1 FROM timbre m WHERE m.track_id = t.id"        \
  "   AND m.format_id = '" AKIN_TIMBRE_FORMAT_ID "')"                     \
  " OR NOT EXISTS (SELECT 1 FROM fingerprints p WHERE p.track_id = t.id"  \
  "   AND p.version = " G_STRINGIFY (AKIN_FINGERPRINT_VERSION) "))))"

/**
 * akin_database_list_needing_analysis:
 * @self: a connection
 * @model_id: the current model's id
 * @error: the reason
 *
 * Lists the tracks to analyse: pending ones, and analysed ones with no
 * vector for @model_id (a new model means re-analysis) or no timbre model
 * of format %AKIN_TIMBRE_FORMAT_ID (tracks analysed by older versions), and
 * failed ones whose failure may have gone away (see
 * akin_database_store_transient_failure()). Other failed tracks and missing
 * ones are not listed; a failed track is retried when its file changes or
 * after akin_database_retry_failed().
 *
 * Returns: (transfer full) (element-type gint64) (nullable): track ids, ascending
 */
GArray *
akin_database_list_needing_analysis (AkinDatabase *self,
                                     const char   *model_id,
                                     GError      **error)
{
  g_autoptr(AkinCachedStmt) stmt = NULL;
  g_autoptr(GArray) ids = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (model_id != NULL, NULL);

  stmt = _akin_database_prepare (self, "SELECT t.id FROM tracks t WHERE " NEEDS_ANALYSIS
                                 " ORDER BY t.id", error);
  if (stmt == NULL)
    return NULL;
  _akin_bind_text (stmt, 1, model_id);
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    {
      _akin_database_set_error (self->db, rc, error, "listing tracks to analyse");
      return NULL;
    }
  return g_steal_pointer (&ids);
}

/**
 * akin_database_claim_track:
 * @self: a connection
 * @track_id: the track to analyse
 * @model_id: the model it will be analysed with
 * @owner: a token unique to the claiming analyzer
 * @lease_seconds: how long the claim holds if this process stays alive but
 *   never stores a result
 * @uri: (out) (optional) (transfer full): the track's URI, when claimed
 * @error: the reason
 *
 * Atomically claims a track for analysis. Fails without an error (returns
 * %FALSE, @error unset) when the track no longer needs analysis or another
 * live analyzer holds it.
 *
 * Returns: %TRUE when the caller now owns the track's analysis
 */
gboolean
akin_database_claim_track (AkinDatabase *self,
                           gint64        track_id,
                           const char   *model_id,
                           const char   *owner,
                           guint         lease_seconds,
                           char        **uri,
                           GError      **error)
{
  g_autoptr(AkinCachedStmt) stmt = NULL;
  gint64 now = _akin_database_now ();
  int rc;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (model_id != NULL, FALSE);
  g_return_val_if_fail (owner != NULL, FALSE);

  stmt = _akin_database_prepare (self,
                                 "UPDATE tracks AS t SET claim_owner = ?3, claim_pid = ?4,"
                                 " claim_expires = ?5 + ?6"
                                 " WHERE t.id = ?2 AND " NEEDS_ANALYSIS
                                 " AND (t.claim_owner IS NULL OR t.claim_owner = ?3"
                                 "   OR t.claim_expires < ?5 OR NOT akin_pid_alive (t.claim_pid))"
                                 " RETURNING uri", error);
  if (stmt == NULL)
    return FALSE;
  _akin_bind_text (stmt, 1, model_id);
  sqlite3_bind_int64 (stmt, 2, track_id);
  _akin_bind_text (stmt, 3, owner);
  sqlite3_bind_int64 (stmt, 4, (gint64) getpid ());
  sqlite3_bind_int64 (stmt, 5, now);
  sqlite3_bind_int64 (stmt, 6, lease_seconds);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return FALSE;
  if (rc != SQLITE_ROW)
    {
      _akin_database_set_error (self->db, rc, error, "claiming a track");
      return FALSE;
    }
  if (uri != NULL)
    *uri = _akin_column_dup (stmt, 0);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      if (uri != NULL)
        g_clear_pointer (uri, g_free);
      _akin_database_set_error (self->db, rc, error, "claiming a track");
      return FALSE;
    }
  return TRUE;
}

/**
 * akin_database_release_claims:
 * @self: a connection
 * @owner: the token given to akin_database_claim_track()
 * @error: the reason
 *
 * Drops every claim @owner still holds (after a cancelled scan).
 *
 * Returns: %TRUE on success
 */
gboolean
akin_database_release_claims (AkinDatabase *self,
                              const char   *owner,
                              GError      **error)
{
  g_autoptr(AkinCachedStmt) stmt = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (owner != NULL, FALSE);

  stmt = _akin_database_prepare (self, "UPDATE tracks SET claim_owner = NULL, claim_pid = 0,"
                                 " claim_expires = 0 WHERE claim_owner = ?1", error);
  if (stmt == NULL)
    return FALSE;
  _akin_bind_text (stmt, 1, owner);
  return _akin_database_step_done (self, stmt, error);
}

static gboolean
check_result (gint64                    track_id,
              const AkinAnalysisResult *result,
              GError                  **error)
{
  if (result->vector == NULL || result->dim == 0 || result->model_id == NULL)
    {
      g_set_error (error, AKIN_ERROR, AKIN_ERROR_INVALID_ARGUMENT,
                   "The analysis of track %" G_GINT64_FORMAT " gave no vector", track_id);
      return FALSE;
    }
  for (guint i = 0; i < result->dim; i++)
    if (!isfinite (result->vector[i]))
      {
        g_set_error (error, AKIN_ERROR, AKIN_ERROR_INVALID_ARGUMENT,
                     "The analysis of track %" G_GINT64_FORMAT " gave a non-finite vector",
                     track_id);
        return FALSE;
      }
  if (result->has_timbre)
    {
      const float *floats = akin_timbre_model_as_floats (&result->timbre);

      for (guint i = 0; i < AKIN_TIMBRE_MODEL_FLOATS; i++)
        if (!isfinite (floats[i]))
          {
            g_set_error (error, AKIN_ERROR, AKIN_ERROR_INVALID_ARGUMENT,
                         "The analysis of track %" G_GINT64_FORMAT " gave a non-finite timbre model",
                         track_id);
            return FALSE;
          }
    }
  return TRUE;
}

static gboolean
store_timbre (AkinDatabase          *self,
              gint64                 track_id,
              const AkinTimbreModel *model,
              GError               **error)
{
  g_autoptr(AkinCachedStmt) stmt = NULL;

  stmt = _akin_database_prepare (self, "INSERT OR REPLACE INTO timbre (track_id, format_id, data)"
                                 " VALUES (?1, ?2, ?3)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, track_id);
  _akin_bind_text (stmt, 2, AKIN_TIMBRE_FORMAT_ID);
  sqlite3_bind_blob (stmt, 3, akin_timbre_model_as_floats (model),
                     (int) (AKIN_TIMBRE_MODEL_FLOATS * sizeof (float)), SQLITE_TRANSIENT);
  if (!_akin_database_step_done (self, stmt, error))
    return FALSE;
  g_clear_pointer (&stmt, _akin_cached_stmt_reset);

  /* The track's mutual proximity statistics were of the old model. */
  stmt = _akin_database_prepare (self, "DELETE FROM timbre_norms WHERE track_id = ?1"
                                 " AND format_id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, track_id);
  _akin_bind_text (stmt, 2, AKIN_TIMBRE_FORMAT_ID);
  return _akin_database_step_done (self, stmt, error);
}

/* An empty blob records that the audio has no fingerprint: such a track
 * is its own recording at once and is never compared. */
static gboolean
store_fingerprint (AkinDatabase          *self,
                   gint64                 track_id,
                   const AkinFingerprint *fingerprint,
                   gboolean               lossless,
                   GError               **error)
{
  g_autoptr(AkinCachedStmt) stmt = NULL;
  g_autoptr(GBytes) data = NULL;
  gsize size = 0;
  gconstpointer bytes = "";

  if (fingerprint != NULL)
    {
      data = akin_fingerprint_encode (fingerprint);
      bytes = g_bytes_get_data (data, &size);
    }
  stmt = _akin_database_prepare (self, "INSERT OR REPLACE INTO fingerprints (track_id, version,"
                                 " data, lossless, recording) VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, track_id);
  sqlite3_bind_int (stmt, 2, AKIN_FINGERPRINT_VERSION);
  sqlite3_bind_blob (stmt, 3, bytes, (int) size, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 4, lossless != FALSE);
  sqlite3_bind_int64 (stmt, 5, fingerprint != NULL ? 0 : track_id);
  return _akin_database_step_done (self, stmt, error);
}

static gboolean
store_descriptors (AkinDatabase               *self,
                   gint64                      track_id,
                   const AkinDescriptorRecord *d,
                   GError                    **error)
{
  g_autoptr(AkinCachedStmt) stmt = NULL;

  stmt = _akin_database_prepare (self,
                                 "INSERT OR REPLACE INTO descriptors (track_id, filename, title,"
                                 " samplefreq, sample_points, tempo_bpm, rolloff_freq, tuning,"
                                 " duration, tonic, key_signature, z_dist_avg_to_tonic)"
                                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                                 error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, track_id);
  _akin_bind_text (stmt, 2, d->filename);
  _akin_bind_text (stmt, 3, d->title);
  sqlite3_bind_int64 (stmt, 4, d->samplefreq);
  sqlite3_bind_int64 (stmt, 5, (gint64) d->sample_points);
  sqlite3_bind_double (stmt, 6, d->tempo_bpm);
  sqlite3_bind_double (stmt, 7, d->rolloff_freq);
  sqlite3_bind_double (stmt, 8, d->tuning);
  sqlite3_bind_double (stmt, 9, d->duration);
  _akin_bind_text (stmt, 10, d->tonic);
  _akin_bind_text (stmt, 11, d->key_signature);
  sqlite3_bind_double (stmt, 12, d->z_dist_avg_to_tonic);
  return _akin_database_step_done (self, stmt, error);
}

/**
 * akin_database_store_analysis:
 * @self: a connection
 * @track_id: the analysed track
 * @result: what the analysis produced: a vector (with its model id) is
 *   required; tags, duration, descriptors and the timbre model are stored
 *   as given
 * @error: %AKIN_ERROR_NOT_FOUND when the track is gone,
 *   %AKIN_ERROR_INVALID_ARGUMENT for a result without a finite vector
 *
 * Stores one analysis in one transaction: tags, duration, status
 * 'analyzed', descriptors, the vector, the timbre model and the fingerprint
 * (which then waits for akin_recordings_update() to compare it), and releases
 * the track's claim. A result without a timbre model leaves the track
 * listed by akin_database_list_needing_analysis().
 *
 * Returns: %TRUE on success (nothing is written otherwise)
 */
gboolean
akin_database_store_analysis (AkinDatabase             *self,
                              gint64                    track_id,
                              const AkinAnalysisResult *result,
                              GError                  **error)
{
  g_autoptr(AkinCachedStmt) track = NULL;
  g_autoptr(AkinCachedStmt) vector = NULL;
  gint64 now = _akin_database_now ();

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  if (!check_result (track_id, result, error))
    return FALSE;
  if (!akin_database_begin (self, error))
    return FALSE;

  track = _akin_database_prepare (self,
                                  "UPDATE tracks SET title = ?2, artist = ?3, album = ?4,"
                                  " album_artist = ?5, genre = ?6, date = ?7, track_number = ?8,"
                                  " has_cover = ?9, duration = ?10, disc_number = ?12,"
                                  " status = 'analyzed',"
                                  " last_error = NULL, analyzed = ?11, updated = ?11,"
                                  " claim_owner = NULL, claim_pid = 0, claim_expires = 0"
                                  " WHERE id = ?1", error);
  if (track == NULL)
    goto fail;
  sqlite3_bind_int64 (track, 1, track_id);
  _akin_bind_text (track, 2, result->tags.title);
  _akin_bind_text (track, 3, result->tags.artist);
  _akin_bind_text (track, 4, result->tags.album);
  _akin_bind_text (track, 5, result->tags.album_artist);
  _akin_bind_text (track, 6, result->tags.genre);
  _akin_bind_text (track, 7, result->tags.date);
  sqlite3_bind_int64 (track, 8, result->tags.track_number);
  sqlite3_bind_int (track, 9, result->tags.has_cover != FALSE);
  sqlite3_bind_double (track, 10, result->duration);
  sqlite3_bind_int64 (track, 11, now);
  sqlite3_bind_int64 (track, 12, result->tags.disc_number);
  if (!_akin_database_step_done (self, track, error))
    goto fail;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, AKIN_ERROR, AKIN_ERROR_NOT_FOUND,
                   "No track with id %" G_GINT64_FORMAT " in the library", track_id);
      goto fail;
    }

  if (result->has_descriptors && !store_descriptors (self, track_id, &result->descriptors, error))
    goto fail;

  vector = _akin_database_prepare (self, "INSERT OR REPLACE INTO vectors (track_id, model_id, dim,"
                                   " data) VALUES (?1, ?2, ?3, ?4)", error);
  if (vector == NULL)
    goto fail;
  sqlite3_bind_int64 (vector, 1, track_id);
  _akin_bind_text (vector, 2, result->model_id);
  sqlite3_bind_int64 (vector, 3, result->dim);
  sqlite3_bind_blob (vector, 4, result->vector, (int) (result->dim * sizeof (float)),
                     SQLITE_TRANSIENT);
  if (!_akin_database_step_done (self, vector, error))
    goto fail;
  if (result->has_timbre && !store_timbre (self, track_id, &result->timbre, error))
    goto fail;
  if (result->fingerprinted
      && !store_fingerprint (self, track_id, result->fingerprint, result->lossless, error))
    goto fail;

  return akin_database_commit (self, error);

fail:
  akin_database_rollback (self);
  return FALSE;
}

/**
 * akin_database_store_failure:
 * @self: a connection
 * @track_id: the track that could not be analysed
 * @reason: a message naming the file and the reason
 * @error: the reason this failed
 *
 * Marks the track failed with @reason and releases its claim.
 *
 * Returns: %TRUE on success
 */
static gboolean
store_failure (AkinDatabase *self,
               gint64        track_id,
               const char   *reason,
               gboolean      transient,
               GError      **error)
{
  g_autoptr(AkinCachedStmt) stmt = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (reason != NULL, FALSE);

  stmt = _akin_database_prepare (self, "UPDATE tracks SET status = 'failed', last_error = ?2,"
                                 " failure_transient = ?4,"
                                 " updated = ?3, claim_owner = NULL, claim_pid = 0,"
                                 " claim_expires = 0 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, track_id);
  _akin_bind_text (stmt, 2, reason);
  sqlite3_bind_int64 (stmt, 3, _akin_database_now ());
  sqlite3_bind_int (stmt, 4, transient ? 1 : 0);
  return _akin_database_step_done (self, stmt, error);
}

gboolean
akin_database_store_failure (AkinDatabase *self,
                             gint64        track_id,
                             const char   *reason,
                             GError      **error)
{
  return store_failure (self, track_id, reason, FALSE, error);
}

/**
 * akin_database_store_transient_failure:
 * @self: a connection
 * @track_id: the track that could not be analysed this time
 * @reason: a message naming the file and the reason
 * @error: the reason this failed
 *
 * Like akin_database_store_failure(), for a failure that may go away by
 * itself (akin_error_is_transient()): the track is analysed again at the
 * next scan.
 *
 * Returns: %TRUE on success
 */
gboolean
akin_database_store_transient_failure (AkinDatabase *self,
                                       gint64        track_id,
                                       const char   *reason,
                                       GError      **error)
{
  return store_failure (self, track_id, reason, TRUE, error);
}

/**
 * akin_database_retry_failed:
 * @self: a connection
 * @n_retried: (out) (optional): how many tracks will be analysed again
 * @error: the reason
 *
 * Makes every failed track pending again, whatever its failure, so that
 * the next run analyses it (akin-cli scan --retry-failed, the app's “Try
 * Again”).
 *
 * Returns: %TRUE on success
 */
gboolean
akin_database_retry_failed (AkinDatabase *self,
                            guint        *n_retried,
                            GError      **error)
{
  g_autoptr(AkinCachedStmt) stmt = NULL;

  g_return_val_if_fail (self != NULL, FALSE);

  stmt = _akin_database_prepare (self, "UPDATE tracks SET status = 'pending', last_error = NULL,"
                                 " failure_transient = 0, updated = ?1 WHERE status = 'failed'",
                                 error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, _akin_database_now ());
  if (!_akin_database_step_done (self, stmt, error))
    return FALSE;
  if (n_retried != NULL)
    *n_retried = (guint) sqlite3_changes (self->db);
  return TRUE;
}

/**
 * akin_database_forget_vectors:
 * @self: a connection
 * @model_id: the model the vectors are from
 * @track_ids: (array length=n): tracks whose vector is damaged
 * @n: how many
 * @error: the reason
 *
 * Removes the tracks' vectors of @model_id in one transaction, so that the
 * next scan analyses them again (see akin_database_list_needing_analysis()).
 *
 * Returns: %TRUE on success
 */
gboolean
akin_database_forget_vectors (AkinDatabase *self,
                              const char   *model_id,
                              const gint64 *track_ids,
                              guint         n,
                              GError      **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (model_id != NULL, FALSE);
  g_return_val_if_fail (n == 0 || track_ids != NULL, FALSE);

  if (!akin_database_begin (self, error))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AkinCachedStmt) stmt = _akin_database_prepare (
        self, "DELETE FROM vectors WHERE track_id = ?1 AND model_id = ?2", error);

      if (stmt == NULL)
        {
          akin_database_rollback (self);
          return FALSE;
        }
      sqlite3_bind_int64 (stmt, 1, track_ids[i]);
      _akin_bind_text (stmt, 2, model_id);
      if (!_akin_database_step_done (self, stmt, error))
        {
          akin_database_rollback (self);
          return FALSE;
        }
    }
  return akin_database_commit (self, error);
}
