/* akin-database-files.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a folder scan writes: new files, changed files, moved files, files
 * gone missing, and the folders themselves. A file is identified by its
 * URI; a file whose URI is new but whose content hash and size match a
 * track whose file is gone is the same track moved (it keeps its id, tags,
 * descriptors and vectors).
 * Threads: as for every AkinDatabase call, from the connection's thread.
 */

#include "config.h"

#include "akin-database-private.h"
#include "akin-error.h"

/**
 * akin_database_add_file:
 * @self: a connection
 * @uri: the file's URI
 * @size: its size in bytes
 * @mtime: its modification time in microseconds since the epoch
 * @content_hash: (nullable): its content hash
 * @error: the reason
 *
 * Adds a pending track for a new file. When another connection added the
 * same URI meanwhile, that row is kept and its id returned.
 *
 * Returns: the track id, 0 on error
 */
gint64
akin_database_add_file (AkinDatabase *self,
                        const char   *uri,
                        guint64       size,
                        gint64        mtime,
                        const char   *content_hash,
                        GError      **error)
{
  g_autoptr(AkinCachedStmt) insert = NULL;
  g_autoptr(AkinCachedStmt) select = NULL;
  gint64 now = _akin_database_now ();
  int rc;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (uri != NULL, 0);

  insert = _akin_database_prepare (self,
                                   "INSERT INTO tracks (uri, size, mtime, content_hash, added, updated)"
                                   " VALUES (?1, ?2, ?3, ?4, ?5, ?5) ON CONFLICT (uri) DO NOTHING",
                                   error);
  if (insert == NULL)
    return 0;
  _akin_bind_text (insert, 1, uri);
  sqlite3_bind_int64 (insert, 2, (gint64) size);
  sqlite3_bind_int64 (insert, 3, mtime);
  _akin_bind_text (insert, 4, content_hash);
  sqlite3_bind_int64 (insert, 5, now);
  if (!_akin_database_step_done (self, insert, error))
    return 0;

  if (!(select = _akin_database_prepare (self, "SELECT id FROM tracks WHERE uri = ?1", error)))
    return 0;
  _akin_bind_text (select, 1, uri);
  rc = sqlite3_step (select);
  if (rc != SQLITE_ROW)
    {
      _akin_database_set_error (self->db, rc, error, "adding a file");
      return 0;
    }
  return sqlite3_column_int64 (select, 0);
}

/**
 * akin_database_update_file:
 * @self: a connection
 * @track_id: the track
 * @size: the file's size now
 * @mtime: its modification time now
 * @content_hash: (nullable): its content hash now
 * @content_changed: whether the content differs from what was analysed:
 *   the track then goes back to pending and loses its descriptors and
 *   vectors; otherwise only the file identity is refreshed
 * @error: the reason
 *
 * Records that a known file was found again by a scan; a missing track
 * that reappears comes back (analysed if it was, pending otherwise).
 *
 * Returns: %TRUE on success
 */
gboolean
akin_database_update_file (AkinDatabase *self,
                           gint64        track_id,
                           guint64       size,
                           gint64        mtime,
                           const char   *content_hash,
                           gboolean      content_changed,
                           GError      **error)
{
  g_autoptr(AkinCachedStmt) update = NULL;

  g_return_val_if_fail (self != NULL, FALSE);

  if (content_changed)
    {
      g_autoptr(AkinCachedStmt) del_vectors = NULL;
      g_autoptr(AkinCachedStmt) del_descriptors = NULL;
      g_autoptr(AkinCachedStmt) del_timbre = NULL;

      if (!akin_database_begin (self, error))
        return FALSE;
      update = _akin_database_prepare (self,
                                       "UPDATE tracks SET size = ?2, mtime = ?3, content_hash = ?4,"
                                       " status = 'pending', last_error = NULL, analyzed = 0,"
                                       " claim_owner = NULL, claim_pid = 0, claim_expires = 0,"
                                       " updated = ?5 WHERE id = ?1", error);
      del_vectors = _akin_database_prepare (self, "DELETE FROM vectors WHERE track_id = ?1", error);
      del_descriptors = _akin_database_prepare (self, "DELETE FROM descriptors WHERE track_id = ?1",
                                                error);
      del_timbre = _akin_database_prepare (self, "DELETE FROM timbre WHERE track_id = ?1", error);
      if (update == NULL || del_vectors == NULL || del_descriptors == NULL || del_timbre == NULL)
        goto fail;
      sqlite3_bind_int64 (update, 1, track_id);
      sqlite3_bind_int64 (update, 2, (gint64) size);
      sqlite3_bind_int64 (update, 3, mtime);
      _akin_bind_text (update, 4, content_hash);
      sqlite3_bind_int64 (update, 5, _akin_database_now ());
      sqlite3_bind_int64 (del_vectors, 1, track_id);
      sqlite3_bind_int64 (del_descriptors, 1, track_id);
      sqlite3_bind_int64 (del_timbre, 1, track_id);
      if (!_akin_database_step_done (self, update, error)
          || !_akin_database_step_done (self, del_vectors, error)
          || !_akin_database_step_done (self, del_descriptors, error)
          || !_akin_database_step_done (self, del_timbre, error))
        goto fail;
      return akin_database_commit (self, error);

    fail:
      akin_database_rollback (self);
      return FALSE;
    }

  update = _akin_database_prepare (self,
                                   "UPDATE tracks SET size = ?2, mtime = ?3,"
                                   " content_hash = coalesce (?4, content_hash),"
                                   " status = CASE WHEN status = 'failed' THEN 'pending'"
                                   "   WHEN status != 'missing' THEN status"
                                   "   WHEN analyzed > 0 THEN 'analyzed' ELSE 'pending' END,"
                                   " updated = ?5 WHERE id = ?1", error);
  if (update == NULL)
    return FALSE;
  sqlite3_bind_int64 (update, 1, track_id);
  sqlite3_bind_int64 (update, 2, (gint64) size);
  sqlite3_bind_int64 (update, 3, mtime);
  _akin_bind_text (update, 4, content_hash);
  sqlite3_bind_int64 (update, 5, _akin_database_now ());
  return _akin_database_step_done (self, update, error);
}

/**
 * akin_database_move_track:
 * @self: a connection
 * @track_id: the track whose file moved
 * @new_uri: where it is now (no other track may have this URI)
 * @size: the file's size
 * @mtime: its modification time
 * @error: the reason
 *
 * Points a track at its file's new location, keeping its id and analysis.
 *
 * Returns: %TRUE on success
 */
gboolean
akin_database_move_track (AkinDatabase *self,
                          gint64        track_id,
                          const char   *new_uri,
                          guint64       size,
                          gint64        mtime,
                          GError      **error)
{
  g_autoptr(AkinCachedStmt) stmt = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (new_uri != NULL, FALSE);

  stmt = _akin_database_prepare (self,
                                 "UPDATE tracks SET uri = ?2, size = ?3, mtime = ?4,"
                                 " status = CASE WHEN status != 'missing' THEN status"
                                 "   WHEN analyzed > 0 THEN 'analyzed' ELSE 'pending' END,"
                                 " updated = ?5 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, track_id);
  _akin_bind_text (stmt, 2, new_uri);
  sqlite3_bind_int64 (stmt, 3, (gint64) size);
  sqlite3_bind_int64 (stmt, 4, mtime);
  sqlite3_bind_int64 (stmt, 5, _akin_database_now ());
  return _akin_database_step_done (self, stmt, error);
}

/**
 * akin_database_find_by_hash:
 * @self: a connection
 * @content_hash: a content hash
 * @size: the file size that goes with it
 * @error: the reason
 *
 * Returns: (transfer full) (element-type AkinTrack) (nullable): the tracks
 *   with that content, missing ones first
 */
GPtrArray *
akin_database_find_by_hash (AkinDatabase *self,
                            const char   *content_hash,
                            guint64       size,
                            GError      **error)
{
  g_autoptr(AkinCachedStmt) stmt = NULL;
  g_autoptr(GPtrArray) tracks = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (content_hash != NULL, NULL);

  stmt = _akin_database_prepare (self, "SELECT " AKIN_TRACK_COLUMNS " FROM tracks"
                                 " WHERE content_hash = ?1 AND size = ?2"
                                 " ORDER BY status != 'missing', id", error);
  if (stmt == NULL)
    return NULL;
  _akin_bind_text (stmt, 1, content_hash);
  sqlite3_bind_int64 (stmt, 2, (gint64) size);
  tracks = g_ptr_array_new_with_free_func ((GDestroyNotify) akin_track_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (tracks, _akin_track_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      _akin_database_set_error (self->db, rc, error, "finding a file by content");
      return NULL;
    }
  return g_steal_pointer (&tracks);
}

/**
 * akin_database_list_ids_under:
 * @self: a connection
 * @folder_uri: a folder's URI
 * @include_missing: whether to list missing tracks too
 * @error: the reason
 *
 * Returns: (transfer full) (element-type gint64) (nullable): the ids of the
 *   tracks whose file is inside @folder_uri, at any depth
 */
GArray *
akin_database_list_ids_under (AkinDatabase *self,
                              const char   *folder_uri,
                              gboolean      include_missing,
                              GError      **error)
{
  g_autoptr(AkinCachedStmt) stmt = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autofree char *prefix = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (folder_uri != NULL, NULL);

  prefix = g_str_has_suffix (folder_uri, "/") ? g_strdup (folder_uri)
                                               : g_strconcat (folder_uri, "/", NULL);
  stmt = _akin_database_prepare (self, "SELECT id FROM tracks"
                                 " WHERE substr (uri, 1, length (?1)) = ?1"
                                 " AND (?2 OR status != 'missing') ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  _akin_bind_text (stmt, 1, prefix);
  sqlite3_bind_int (stmt, 2, include_missing != FALSE);
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    {
      _akin_database_set_error (self->db, rc, error, "listing a folder");
      return NULL;
    }
  return g_steal_pointer (&ids);
}

/**
 * akin_database_mark_missing:
 * @self: a connection
 * @track_id: a track whose file is gone
 * @error: the reason
 *
 * Marks the track missing: it leaves the list and the similarity index but
 * keeps its analysis, so it comes back as it was if the file reappears or
 * turns up elsewhere (a move). akin_database_clean_missing() deletes it.
 *
 * Returns: %TRUE on success
 */
gboolean
akin_database_mark_missing (AkinDatabase *self,
                            gint64        track_id,
                            GError      **error)
{
  g_autoptr(AkinCachedStmt) stmt = NULL;

  g_return_val_if_fail (self != NULL, FALSE);

  stmt = _akin_database_prepare (self, "UPDATE tracks SET status = 'missing', updated = ?2,"
                                 " claim_owner = NULL, claim_pid = 0, claim_expires = 0"
                                 " WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, track_id);
  sqlite3_bind_int64 (stmt, 2, _akin_database_now ());
  return _akin_database_step_done (self, stmt, error);
}

/**
 * akin_database_clean_missing:
 * @self: a connection
 * @n_removed: (out) (optional): how many tracks were deleted
 * @error: the reason
 *
 * Deletes every missing track with its descriptors and vectors.
 *
 * Returns: %TRUE on success
 */
gboolean
akin_database_clean_missing (AkinDatabase *self,
                             guint        *n_removed,
                             GError      **error)
{
  g_autoptr(AkinCachedStmt) stmt = NULL;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!(stmt = _akin_database_prepare (self, "DELETE FROM tracks WHERE status = 'missing'", error)))
    return FALSE;
  if (!_akin_database_step_done (self, stmt, error))
    return FALSE;
  if (n_removed != NULL)
    *n_removed = (guint) sqlite3_changes (self->db);
  return TRUE;
}

/**
 * akin_database_add_folder:
 * @self: a connection
 * @uri: a folder's URI
 * @error: the reason
 *
 * Remembers a library folder (no effect when it is known).
 *
 * Returns: %TRUE on success
 */
gboolean
akin_database_add_folder (AkinDatabase *self,
                          const char   *uri,
                          GError      **error)
{
  g_autoptr(AkinCachedStmt) stmt = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (uri != NULL, FALSE);

  stmt = _akin_database_prepare (self, "INSERT INTO folders (uri, added) VALUES (?1, ?2)"
                                 " ON CONFLICT (uri) DO NOTHING", error);
  if (stmt == NULL)
    return FALSE;
  _akin_bind_text (stmt, 1, uri);
  sqlite3_bind_int64 (stmt, 2, _akin_database_now ());
  return _akin_database_step_done (self, stmt, error);
}

/**
 * akin_database_remove_folder:
 * @self: a connection
 * @uri: a folder's URI
 * @error: the reason
 *
 * Forgets a library folder; its tracks stay until a scan marks them missing.
 *
 * Returns: %TRUE on success
 */
gboolean
akin_database_remove_folder (AkinDatabase *self,
                             const char   *uri,
                             GError      **error)
{
  g_autoptr(AkinCachedStmt) stmt = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (uri != NULL, FALSE);

  if (!(stmt = _akin_database_prepare (self, "DELETE FROM folders WHERE uri = ?1", error)))
    return FALSE;
  _akin_bind_text (stmt, 1, uri);
  return _akin_database_step_done (self, stmt, error);
}

/**
 * akin_database_list_folders:
 * @self: a connection
 * @error: the reason
 *
 * Returns: (transfer full) (nullable): the library folders' URIs, sorted
 */
GStrv
akin_database_list_folders (AkinDatabase *self,
                            GError      **error)
{
  g_autoptr(AkinCachedStmt) stmt = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  int rc;

  g_return_val_if_fail (self != NULL, NULL);

  if (!(stmt = _akin_database_prepare (self, "SELECT uri FROM folders ORDER BY uri", error)))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    {
      _akin_database_set_error (self->db, rc, error, "listing folders");
      return NULL;
    }
  return g_strv_builder_end (builder);
}
