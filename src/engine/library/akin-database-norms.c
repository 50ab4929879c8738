/* akin-database-norms.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The similarity index's mutual proximity statistics, kept between runs:
 * the reference sample of a timbre format (tracks ids and a copy of what
 * the index compares of their models, an opaque blob here) and
 * each track's mean and standard deviation of divergences to it, tagged
 * with the sample's identity. See akin-similarity-store.c for what they
 * mean and when they are used.
 *
 * Threads: as for every AkinDatabase call, from the connection's thread.
 */

#include "config.h"

#include "akin-database-private.h"
#include "akin-error.h"

/**
 * akin_database_foreach_timbre_reference:
 * @self: a connection
 * @format_id: the timbre format (%AKIN_TIMBRE_FORMAT_ID)
 * @func: (scope call): called for each reference, by track id
 * @user_data: closure data
 * @error: the reason
 *
 * Streams the stored reference sample of @format_id (nothing when there is
 * none), in track id order. A reference's data is only valid during the
 * call and carries no alignment guarantee: copy it.
 *
 * Returns: %TRUE on success
 */
gboolean
akin_database_foreach_timbre_reference (AkinDatabase             *self,
                                        const char               *format_id,
                                        AkinTimbreReferenceFunc   func,
                                        gpointer                  user_data,
                                        GError                  **error)
{
  g_autoptr(AkinCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (format_id != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  stmt = _akin_database_prepare (self, "SELECT track_id, data FROM timbre_references"
                                 " WHERE format_id = ?1 ORDER BY track_id", error);
  if (stmt == NULL)
    return FALSE;
  _akin_bind_text (stmt, 1, format_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gsize size = (gsize) sqlite3_column_bytes (stmt, 1);
      const void *data = sqlite3_column_blob (stmt, 1);

      func (sqlite3_column_int64 (stmt, 0), size > 0 ? data : "", size, user_data);
    }
  if (rc != SQLITE_DONE)
    {
      _akin_database_set_error (self->db, rc, error, "reading the timbre reference sample");
      return FALSE;
    }
  return TRUE;
}

/**
 * akin_database_set_timbre_references:
 * @self: a connection
 * @format_id: the timbre format
 * @ids: (array length=n): the references' track ids
 * @data: (array): @n × @size bytes, reference-major
 * @size: bytes per reference
 * @n: how many references
 * @error: the reason
 *
 * Replaces the reference sample of @format_id, in one transaction.
 *
 * Returns: %TRUE on success (nothing changed otherwise)
 */
gboolean
akin_database_set_timbre_references (AkinDatabase  *self,
                                     const char    *format_id,
                                     const gint64  *ids,
                                     gconstpointer  data,
                                     gsize          size,
                                     guint          n,
                                     GError       **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (format_id != NULL, FALSE);
  g_return_val_if_fail (n == 0 || (ids != NULL && data != NULL && size > 0), FALSE);

  if (!akin_database_begin (self, error))
    return FALSE;
  {
    g_autoptr(AkinCachedStmt) stmt = _akin_database_prepare (
      self, "DELETE FROM timbre_references WHERE format_id = ?1", error);

    if (stmt == NULL)
      goto fail;
    _akin_bind_text (stmt, 1, format_id);
    if (!_akin_database_step_done (self, stmt, error))
      goto fail;
  }
  for (guint r = 0; r < n; r++)
    {
      g_autoptr(AkinCachedStmt) stmt = _akin_database_prepare (
        self, "INSERT INTO timbre_references (format_id, track_id, data) VALUES (?1, ?2, ?3)",
        error);

      if (stmt == NULL)
        goto fail;
      _akin_bind_text (stmt, 1, format_id);
      sqlite3_bind_int64 (stmt, 2, ids[r]);
      sqlite3_bind_blob (stmt, 3, (const guint8 *) data + (gsize) r * size, (int) size,
                         SQLITE_STATIC);
      if (!_akin_database_step_done (self, stmt, error))
        goto fail;
    }
  return akin_database_commit (self, error);

fail:
  akin_database_rollback (self);
  return FALSE;
}

/**
 * akin_database_foreach_timbre_norm:
 * @self: a connection
 * @format_id: the timbre format
 * @sample: the identity of the reference sample the statistics must be of
 * @func: (scope call): called for each track's statistics
 * @user_data: closure data
 * @error: the reason
 *
 * Streams the stored mutual proximity statistics of @format_id computed
 * against the sample @sample; those of any other sample are stale and
 * left out.
 *
 * Returns: %TRUE on success
 */
gboolean
akin_database_foreach_timbre_norm (AkinDatabase        *self,
                                   const char          *format_id,
                                   const char          *sample,
                                   AkinTimbreNormFunc   func,
                                   gpointer             user_data,
                                   GError             **error)
{
  g_autoptr(AkinCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (format_id != NULL && sample != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  stmt = _akin_database_prepare (self, "SELECT track_id, mean, std FROM timbre_norms"
                                 " WHERE format_id = ?1 AND sample = ?2", error);
  if (stmt == NULL)
    return FALSE;
  _akin_bind_text (stmt, 1, format_id);
  _akin_bind_text (stmt, 2, sample);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AkinTimbreNorm norm = { (float) sqlite3_column_double (stmt, 1),
                              (float) sqlite3_column_double (stmt, 2) };

      func (sqlite3_column_int64 (stmt, 0), &norm, user_data);
    }
  if (rc != SQLITE_DONE)
    {
      _akin_database_set_error (self->db, rc, error, "reading mutual proximity statistics");
      return FALSE;
    }
  return TRUE;
}

/**
 * akin_database_store_timbre_norms:
 * @self: a connection
 * @format_id: the timbre format
 * @sample: the identity of the reference sample they were computed against
 * @ids: (array length=n): tracks
 * @norms: (array length=n): their statistics
 * @n: how many
 * @error: the reason
 *
 * Stores (or replaces) tracks' mutual proximity statistics, in one
 * transaction. Tracks no longer in the library are skipped.
 *
 * Returns: %TRUE on success (nothing changed otherwise)
 */
gboolean
akin_database_store_timbre_norms (AkinDatabase          *self,
                                  const char            *format_id,
                                  const char            *sample,
                                  const gint64          *ids,
                                  const AkinTimbreNorm  *norms,
                                  guint                  n,
                                  GError               **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (format_id != NULL && sample != NULL, FALSE);
  g_return_val_if_fail (n == 0 || (ids != NULL && norms != NULL), FALSE);

  if (!akin_database_begin (self, error))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AkinCachedStmt) stmt = _akin_database_prepare (
        self, "INSERT OR REPLACE INTO timbre_norms (track_id, format_id, sample, mean, std)"
              " SELECT id, ?2, ?3, ?4, ?5 FROM tracks WHERE id = ?1", error);

      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, ids[i]);
      _akin_bind_text (stmt, 2, format_id);
      _akin_bind_text (stmt, 3, sample);
      sqlite3_bind_double (stmt, 4, norms[i].mean);
      sqlite3_bind_double (stmt, 5, norms[i].std);
      if (!_akin_database_step_done (self, stmt, error))
        goto fail;
    }
  return akin_database_commit (self, error);

fail:
  akin_database_rollback (self);
  return FALSE;
}
