/* akin-database-fingerprints.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fingerprints table: reading the stored fingerprints, and the
 * recording each track belongs to (written by akin-recordings.c).
 *
 * Threads: as for every AkinDatabase call, from the connection's thread.
 */

#include "config.h"

#include "akin-database-private.h"
#include "akin-error.h"

#define ROW_COLUMNS                                                       \
  "f.track_id, f.data, f.recording, f.lossless, t.size, t.duration, t.uri"

static void
row_from_stmt (sqlite3_stmt           *stmt,
               AkinFingerprintRow     *row)
{
  row->track_id = sqlite3_column_int64 (stmt, 0);
  row->data = sqlite3_column_blob (stmt, 1);
  row->size = (gsize) sqlite3_column_bytes (stmt, 1);
  row->recording = sqlite3_column_int64 (stmt, 2);
  row->lossless = sqlite3_column_int (stmt, 3) != 0;
  row->file_size = (guint64) sqlite3_column_int64 (stmt, 4);
  row->duration = sqlite3_column_double (stmt, 5);
  row->uri = (const char *) sqlite3_column_text (stmt, 6);
}

/**
 * akin_database_foreach_fingerprint:
 * @self: a connection
 * @func: (scope call): called for each stored fingerprint, by track id
 * @user_data: closure data
 * @error: the reason
 *
 * Streams the fingerprints of the current definition of every analysed
 * track that has one (not the empty rows of audio without one), from one
 * snapshot. The data is as stored: decode it with
 * akin_fingerprint_decode(), which recognises damage.
 *
 * Returns: %TRUE on success
 */
gboolean
akin_database_foreach_fingerprint (AkinDatabase           *self,
                                   AkinFingerprintRowFunc  func,
                                   gpointer                user_data,
                                   GError                **error)
{
  g_autoptr(AkinCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  stmt = _akin_database_prepare (self, "SELECT " ROW_COLUMNS " FROM fingerprints f"
                                 " JOIN tracks t ON t.id = f.track_id"
                                 " WHERE t.status = 'analyzed' AND f.version = ?1"
                                 " AND length (f.data) > 0 ORDER BY f.track_id", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, AKIN_FINGERPRINT_VERSION);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AkinFingerprintRow row;

      row_from_stmt (stmt, &row);
      func (&row, user_data);
    }
  if (rc != SQLITE_DONE)
    {
      _akin_database_set_error (self->db, rc, error, "reading fingerprints");
      return FALSE;
    }
  return TRUE;
}

/**
 * akin_database_get_fingerprint:
 * @self: a connection
 * @track_id: a track
 * @error: %AKIN_ERROR_NOT_FOUND when the track has no fingerprint row of
 *   the current definition
 *
 * Returns: (transfer full) (nullable): the stored bytes, empty when the
 *   audio has no fingerprint
 */
GBytes *
akin_database_get_fingerprint (AkinDatabase  *self,
                               gint64         track_id,
                               GError       **error)
{
  g_autoptr(AkinCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);

  stmt = _akin_database_prepare (self, "SELECT data FROM fingerprints WHERE track_id = ?1"
                                 " AND version = ?2", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, track_id);
  sqlite3_bind_int (stmt, 2, AKIN_FINGERPRINT_VERSION);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return g_bytes_new (sqlite3_column_blob (stmt, 0), (gsize) sqlite3_column_bytes (stmt, 0));
  if (rc == SQLITE_DONE)
    g_set_error (error, AKIN_ERROR, AKIN_ERROR_NOT_FOUND,
                 "Track %" G_GINT64_FORMAT " has no fingerprint", track_id);
  else
    _akin_database_set_error (self->db, rc, error, "reading a fingerprint");
  return NULL;
}

/**
 * akin_database_set_recordings:
 * @self: a connection
 * @ids: (array length=n): tracks
 * @recordings: (array length=n): the recording of each, by the id of its
 *   best copy
 * @n: how many
 * @error: the reason
 *
 * Writes the recordings in one transaction.
 *
 * Returns: %TRUE on success (nothing is written otherwise)
 */
gboolean
akin_database_set_recordings (AkinDatabase  *self,
                              const gint64  *ids,
                              const gint64  *recordings,
                              guint          n,
                              GError       **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (!akin_database_begin (self, error))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AkinCachedStmt) stmt = NULL;

      stmt = _akin_database_prepare (self, "UPDATE fingerprints SET recording = ?2"
                                     " WHERE track_id = ?1", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, ids[i]);
      sqlite3_bind_int64 (stmt, 2, recordings[i]);
      if (!_akin_database_step_done (self, stmt, error))
        goto fail;
    }
  return akin_database_commit (self, error);

fail:
  akin_database_rollback (self);
  return FALSE;
}

/**
 * akin_database_list_recordings:
 * @self: a connection
 * @error: the reason
 *
 * Lists the recordings that more than one present track holds: for each,
 * its tracks, the best copy (the one naming the recording) first, then by
 * id. Two consecutive members with the same @recording are one group.
 *
 * Returns: (transfer full) (element-type AkinRecordingMember) (nullable):
 *   the members, by recording
 */
GArray *
akin_database_list_recordings (AkinDatabase  *self,
                               GError       **error)
{
  g_autoptr(AkinCachedStmt) stmt = NULL;
  g_autoptr(GArray) members = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);

  stmt = _akin_database_prepare (self,
                                 "SELECT f.recording, f.track_id, f.lossless FROM fingerprints f"
                                 " JOIN tracks t ON t.id = f.track_id"
                                 " WHERE t.status = 'analyzed' AND f.recording > 0"
                                 " AND f.recording IN (SELECT g.recording FROM fingerprints g"
                                 "   JOIN tracks u ON u.id = g.track_id"
                                 "   WHERE u.status = 'analyzed' AND g.recording > 0"
                                 "   GROUP BY g.recording HAVING count (*) > 1)"
                                 " ORDER BY f.recording, f.track_id != f.recording, f.track_id",
                                 error);
  if (stmt == NULL)
    return NULL;
  members = g_array_new (FALSE, FALSE, sizeof (AkinRecordingMember));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AkinRecordingMember m = {
        sqlite3_column_int64 (stmt, 0),
        sqlite3_column_int64 (stmt, 1),
        sqlite3_column_int (stmt, 2) != 0,
      };

      g_array_append_val (members, m);
    }
  if (rc != SQLITE_DONE)
    {
      _akin_database_set_error (self->db, rc, error, "listing recordings");
      return NULL;
    }
  return g_steal_pointer (&members);
}

/**
 * akin_database_get_recording:
 * @self: a connection
 * @track_id: a track
 * @recording: (out): its recording (the id of its best copy), 0 when it
 *   has none yet or its audio has no fingerprint
 * @error: the reason
 *
 * Returns: %TRUE on success
 */
gboolean
akin_database_get_recording (AkinDatabase  *self,
                             gint64         track_id,
                             gint64        *recording,
                             GError       **error)
{
  g_autoptr(AkinCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (recording != NULL, FALSE);

  stmt = _akin_database_prepare (self, "SELECT CASE WHEN length (data) > 0 THEN recording"
                                 " ELSE 0 END FROM fingerprints WHERE track_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, track_id);
  rc = sqlite3_step (stmt);
  *recording = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _akin_database_set_error (self->db, rc, error, "reading a recording");
      return FALSE;
    }
  return TRUE;
}

/**
 * akin_database_get_content_key:
 * @self: a connection
 * @track: a track
 * @best_copy: (out): the best copy of its recording, 0 when unknown
 *
 * The content key the similarity index merges copies by
 * (#AkinSimilarityKeys), as akin_database_foreach_vector() gives it: the
 * track's recording when the fingerprints found it, else its content hash.
 *
 * Returns: (transfer full) (nullable): the key
 */
char *
akin_database_get_content_key (AkinDatabase    *self,
                               const AkinTrack *track,
                               gint64          *best_copy)
{
  gint64 recording = 0;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (track != NULL, NULL);
  g_return_val_if_fail (best_copy != NULL, NULL);

  *best_copy = 0;
  if (akin_database_get_recording (self, track->id, &recording, NULL) && recording > 0)
    {
      *best_copy = recording;
      return g_strdup_printf ("recording:%" G_GINT64_FORMAT, recording);
    }
  return g_strdup (track->content_hash);
}
