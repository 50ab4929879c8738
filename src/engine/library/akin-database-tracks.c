/* akin-database-tracks.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Read-side queries on the library: single tracks, the sorted and filtered
 * windows a list view pages through, counts, descriptors and vectors.
 * Threads: as for every AkinDatabase call, from the connection's thread.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "akin-database-private.h"
#include "akin-error.h"

static const char * const status_names[AKIN_TRACK_STATUS_N] = {
  "pending", "analyzed", "failed", "missing",
};

/**
 * akin_track_status_to_string:
 * @status: a status
 *
 * Returns: the name stored in the database, e.g. "analyzed"
 */
const char *
akin_track_status_to_string (AkinTrackStatus status)
{
  g_return_val_if_fail (status < AKIN_TRACK_STATUS_N, NULL);
  return status_names[status];
}

static AkinTrackStatus
status_from_string (const char *name)
{
  for (guint i = 0; i < AKIN_TRACK_STATUS_N; i++)
    if (g_strcmp0 (name, status_names[i]) == 0)
      return (AkinTrackStatus) i;
  return AKIN_TRACK_STATUS_PENDING;
}

/**
 * akin_track_free:
 * @track: (nullable) (transfer full): a track
 *
 * Frees @track. Any thread.
 */
void
akin_track_free (AkinTrack *track)
{
  if (track == NULL)
    return;
  g_free (track->uri);
  g_free (track->content_hash);
  g_free (track->last_error);
  g_free (track->key_signature);
  akin_tags_clear_fields (&track->tags);
  g_free (track);
}

/**
 * akin_track_copy:
 * @track: a track
 *
 * Returns: (transfer full): a deep copy. Any thread.
 */
AkinTrack *
akin_track_copy (const AkinTrack *track)
{
  AkinTrack *copy;

  g_return_val_if_fail (track != NULL, NULL);

  copy = g_new0 (AkinTrack, 1);
  *copy = *track;
  copy->uri = g_strdup (track->uri);
  copy->content_hash = g_strdup (track->content_hash);
  copy->last_error = g_strdup (track->last_error);
  copy->key_signature = g_strdup (track->key_signature);
  memset (&copy->tags, 0, sizeof copy->tags);
  akin_tags_copy_fields (&copy->tags, &track->tags);
  return copy;
}

AkinTrack *
_akin_track_from_row (sqlite3_stmt *stmt)
{
  AkinTrack *track = g_new0 (AkinTrack, 1);

  track->id = sqlite3_column_int64 (stmt, 0);
  track->uri = _akin_column_dup (stmt, 1);
  track->size = (guint64) sqlite3_column_int64 (stmt, 2);
  track->mtime = sqlite3_column_int64 (stmt, 3);
  track->content_hash = _akin_column_dup (stmt, 4);
  track->tags.title = _akin_column_dup (stmt, 5);
  track->tags.artist = _akin_column_dup (stmt, 6);
  track->tags.album = _akin_column_dup (stmt, 7);
  track->tags.album_artist = _akin_column_dup (stmt, 8);
  track->tags.genre = _akin_column_dup (stmt, 9);
  track->tags.date = _akin_column_dup (stmt, 10);
  track->tags.track_number = (guint) sqlite3_column_int (stmt, 11);
  track->tags.has_cover = sqlite3_column_int (stmt, 12) != 0;
  track->duration = sqlite3_column_double (stmt, 13);
  track->status = status_from_string ((const char *) sqlite3_column_text (stmt, 14));
  track->last_error = _akin_column_dup (stmt, 15);
  track->added = sqlite3_column_int64 (stmt, 16);
  track->analyzed = sqlite3_column_int64 (stmt, 17);
  track->updated = sqlite3_column_int64 (stmt, 18);
  track->tags.disc_number = (guint) sqlite3_column_int (stmt, 19);
  return track;
}

static AkinTrack *
fetch_one (AkinDatabase   *self,
           AkinCachedStmt *stmt,
           const char     *what,
           GError        **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    return _akin_track_from_row (stmt);
  if (rc == SQLITE_DONE)
    g_set_error (error, AKIN_ERROR, AKIN_ERROR_NOT_FOUND, "No track %s in the library", what);
  else
    _akin_database_set_error (self->db, rc, error, "reading a track");
  return NULL;
}

/**
 * akin_database_get_track:
 * @self: a connection
 * @track_id: a track id
 * @error: %AKIN_ERROR_NOT_FOUND when there is no such track
 *
 * Returns: (transfer full) (nullable): the track
 */
AkinTrack *
akin_database_get_track (AkinDatabase *self,
                         gint64        track_id,
                         GError      **error)
{
  g_autoptr(AkinCachedStmt) stmt = NULL;
  g_autofree char *what = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  stmt = _akin_database_prepare (self, "SELECT " AKIN_TRACK_COLUMNS " FROM tracks WHERE id = ?1",
                                 error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, track_id);
  what = g_strdup_printf ("with id %" G_GINT64_FORMAT, track_id);
  return fetch_one (self, stmt, what, error);
}

/**
 * akin_database_get_track_by_uri:
 * @self: a connection
 * @uri: a file URI, as g_file_get_uri() gives it
 * @error: %AKIN_ERROR_NOT_FOUND when no track has that URI
 *
 * Returns: (transfer full) (nullable): the track
 */
AkinTrack *
akin_database_get_track_by_uri (AkinDatabase *self,
                                const char   *uri,
                                GError      **error)
{
  g_autoptr(AkinCachedStmt) stmt = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (uri != NULL, NULL);

  stmt = _akin_database_prepare (self, "SELECT " AKIN_TRACK_COLUMNS " FROM tracks WHERE uri = ?1",
                                 error);
  if (stmt == NULL)
    return NULL;
  _akin_bind_text (stmt, 1, uri);
  return fetch_one (self, stmt, uri, error);
}

/* A LIKE pattern matching @search anywhere, with % _ and \ escaped. */
static char *
make_like_pattern (const char *search)
{
  GString *pattern = g_string_new ("%");

  for (const char *p = search; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *p);
    }
  g_string_append_c (pattern, '%');
  return g_string_free (pattern, FALSE);
}

#define LIST_FILTER                                                       \
  " WHERE status != 'missing' AND (?1 IS NULL"                            \
  " OR title LIKE ?1 ESCAPE '\\' OR artist LIKE ?1 ESCAPE '\\'"           \
  " OR album LIKE ?1 ESCAPE '\\' OR genre LIKE ?1 ESCAPE '\\'"           \
  " OR akin_file_name (uri) LIKE ?1 ESCAPE '\\')"

static void
bind_search (sqlite3_stmt *stmt,
             const char   *search)
{
  if (search != NULL && *search != '\0')
    {
      g_autofree char *pattern = make_like_pattern (search);

      _akin_bind_text (stmt, 1, pattern);
    }
  else
    sqlite3_bind_null (stmt, 1);
}

/**
 * akin_database_count_tracks:
 * @self: a connection
 * @search: (nullable): a case-insensitive (for ASCII) substring of the
 *   title, artist, album, genre or file name; %NULL or "" for all tracks
 * @n_tracks: (out): how many tracks match, missing ones excluded
 * @error: the reason
 *
 * Counts what akin_database_list_tracks() pages through. Run both inside
 * akin_database_begin_read() so they agree while a scan writes.
 *
 * Returns: %TRUE on success
 */
gboolean
akin_database_count_tracks (AkinDatabase *self,
                            const char   *search,
                            guint        *n_tracks,
                            GError      **error)
{
  g_autoptr(AkinCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (n_tracks != NULL, FALSE);

  if (!(stmt = _akin_database_prepare (self, "SELECT count(*) FROM tracks" LIST_FILTER, error)))
    return FALSE;
  bind_search (stmt, search);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _akin_database_set_error (self->db, rc, error, "counting tracks");
      return FALSE;
    }
  *n_tracks = (guint) sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

static const char * const sort_columns[] = {
  [AKIN_TRACK_SORT_ID] = "id",
  [AKIN_TRACK_SORT_TITLE] = "title IS NULL, title COLLATE NOCASE",
  [AKIN_TRACK_SORT_ARTIST] = "artist IS NULL, artist COLLATE NOCASE",
  [AKIN_TRACK_SORT_ALBUM] = "album IS NULL, album COLLATE NOCASE",
  [AKIN_TRACK_SORT_GENRE] = "genre IS NULL, genre COLLATE NOCASE",
  [AKIN_TRACK_SORT_DATE] = "date IS NULL, date",
  [AKIN_TRACK_SORT_DURATION] = "duration",
  [AKIN_TRACK_SORT_ADDED] = "added",
  [AKIN_TRACK_SORT_URI] = "uri",
};

/**
 * akin_database_list_tracks:
 * @self: a connection
 * @search: (nullable): as for akin_database_count_tracks()
 * @sort: the column to sort by; ties are broken by id
 * @descending: reverse the order
 * @offset: how many matching tracks to skip
 * @limit: the most to return
 * @error: the reason
 *
 * Fetches one window of the sorted, filtered track list (missing tracks
 * excluded), e.g. for a #GListModel that pages rows in on demand.
 *
 * Returns: (transfer full) (element-type AkinTrack) (nullable): the tracks
 */
GPtrArray *
akin_database_list_tracks (AkinDatabase  *self,
                           const char    *search,
                           AkinTrackSort  sort,
                           gboolean       descending,
                           guint          offset,
                           guint          limit,
                           GError       **error)
{
  g_autoptr(AkinCachedStmt) stmt = NULL;
  g_autoptr(GPtrArray) tracks = NULL;
  g_autofree char *sql = NULL;
  g_auto(GStrv) parts = NULL;
  g_autoptr(GString) order = g_string_new (NULL);
  int rc;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (sort < G_N_ELEMENTS (sort_columns), NULL);

  /* Every column of the sort key gets the direction, then the id. */
  parts = g_strsplit (sort_columns[sort], ", ", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    g_string_append_printf (order, "%s %s, ", parts[i], descending ? "DESC" : "ASC");
  g_string_append_printf (order, "id %s", descending ? "DESC" : "ASC");
  sql = g_strdup_printf ("SELECT " AKIN_TRACK_COLUMNS " FROM tracks" LIST_FILTER
                         " ORDER BY %s LIMIT ?2 OFFSET ?3", order->str);

  if (!(stmt = _akin_database_prepare (self, sql, error)))
    return NULL;
  bind_search (stmt, search);
  sqlite3_bind_int64 (stmt, 2, limit);
  sqlite3_bind_int64 (stmt, 3, offset);

  tracks = g_ptr_array_new_with_free_func ((GDestroyNotify) akin_track_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (tracks, _akin_track_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      _akin_database_set_error (self->db, rc, error, "listing tracks");
      return NULL;
    }
  return g_steal_pointer (&tracks);
}

/**
 * akin_database_count_by_status:
 * @self: a connection
 * @counts: (out caller-allocates): the counts
 * @error: the reason
 *
 * Returns: %TRUE on success
 */
gboolean
akin_database_count_by_status (AkinDatabase     *self,
                               AkinStatusCounts *counts,
                               GError          **error)
{
  g_autoptr(AkinCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (counts != NULL, FALSE);

  memset (counts, 0, sizeof *counts);
  stmt = _akin_database_prepare (self, "SELECT status, count(*) FROM tracks GROUP BY status",
                                 error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AkinTrackStatus status = status_from_string ((const char *) sqlite3_column_text (stmt, 0));
      guint n = (guint) sqlite3_column_int64 (stmt, 1);

      counts->n[status] += n;
      counts->total += n;
    }
  if (rc != SQLITE_DONE)
    {
      _akin_database_set_error (self->db, rc, error, "counting tracks");
      return FALSE;
    }
  return TRUE;
}

/* Runs @sql, whose one parameter is @status's name, and reads the one
 * integer of its one row. */
static gboolean
status_query (AkinDatabase    *self,
              const char      *sql,
              AkinTrackStatus  status,
              gint64          *value,
              GError         **error)
{
  g_autoptr(AkinCachedStmt) stmt = _akin_database_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, akin_track_status_to_string (status), -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _akin_database_set_error (self->db, rc, error, "counting tracks");
      return FALSE;
    }
  *value = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

/**
 * akin_database_count_with_status:
 * @self: a connection
 * @status: a status
 * @n_tracks: (out): how many tracks have @status
 * @error: the reason
 *
 * Counts through the status index: the cost grows with the answer, not
 * with the library, so the main thread may ask after every change as long
 * as the status is a rare one (failed, pending).
 *
 * Returns: %TRUE on success
 */
gboolean
akin_database_count_with_status (AkinDatabase    *self,
                                 AkinTrackStatus  status,
                                 guint           *n_tracks,
                                 GError         **error)
{
  gint64 n = 0;
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (n_tracks != NULL, FALSE);

  ok = status_query (self, "SELECT count(*) FROM tracks WHERE status = ?", status, &n, error);
  *n_tracks = ok ? (guint) n : 0;
  return ok;
}

/**
 * akin_database_has_tracks_besides:
 * @self: a connection
 * @status: a status
 * @result: (out): whether some track has another status than @status
 * @error: the reason
 *
 * Whether the library holds any track whose status is not @status, e.g.
 * any track that is not missing. Stops at the first such track.
 *
 * Returns: %TRUE on success
 */
gboolean
akin_database_has_tracks_besides (AkinDatabase    *self,
                                  AkinTrackStatus  status,
                                  gboolean        *result,
                                  GError         **error)
{
  gint64 any = 0;
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  ok = status_query (self, "SELECT EXISTS (SELECT 1 FROM tracks WHERE status <> ?)", status,
                     &any, error);
  *result = ok && any != 0;
  return ok;
}

/**
 * akin_database_list_failed:
 * @self: a connection
 * @error: the reason
 *
 * Returns: (transfer full) (element-type AkinTrack) (nullable): the tracks
 *   whose analysis failed, by URI, each with its last_error
 */
GPtrArray *
akin_database_list_failed (AkinDatabase *self,
                           GError      **error)
{
  g_autoptr(AkinCachedStmt) stmt = NULL;
  g_autoptr(GPtrArray) tracks = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);

  stmt = _akin_database_prepare (self, "SELECT " AKIN_TRACK_COLUMNS " FROM tracks"
                                 " WHERE status = 'failed' ORDER BY uri", error);
  if (stmt == NULL)
    return NULL;
  tracks = g_ptr_array_new_with_free_func ((GDestroyNotify) akin_track_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (tracks, _akin_track_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      _akin_database_set_error (self->db, rc, error, "listing failures");
      return NULL;
    }
  return g_steal_pointer (&tracks);
}

/**
 * akin_database_get_descriptors:
 * @self: a connection
 * @track_id: a track
 * @record: (out caller-allocates): the descriptors; clear them with
 *   akin_descriptor_record_clear()
 * @error: %AKIN_ERROR_NOT_ANALYZED when the track has none
 *
 * Returns: %TRUE when @record was filled
 */
gboolean
akin_database_get_descriptors (AkinDatabase         *self,
                               gint64                track_id,
                               AkinDescriptorRecord *record,
                               GError              **error)
{
  g_autoptr(AkinCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (record != NULL, FALSE);

  memset (record, 0, sizeof *record);
  stmt = _akin_database_prepare (self,
                                 "SELECT filename, title, samplefreq, sample_points, tempo_bpm,"
                                 " rolloff_freq, tuning, duration, tonic, key_signature,"
                                 " z_dist_avg_to_tonic FROM descriptors WHERE track_id = ?1",
                                 error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, track_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, AKIN_ERROR, AKIN_ERROR_NOT_ANALYZED,
                   "Track %" G_GINT64_FORMAT " has no descriptors", track_id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      _akin_database_set_error (self->db, rc, error, "reading descriptors");
      return FALSE;
    }
  record->filename = _akin_column_dup (stmt, 0);
  record->title = _akin_column_dup (stmt, 1);
  record->samplefreq = (guint) sqlite3_column_int (stmt, 2);
  record->sample_points = (guint64) sqlite3_column_int64 (stmt, 3);
  record->tempo_bpm = sqlite3_column_double (stmt, 4);
  record->rolloff_freq = sqlite3_column_double (stmt, 5);
  record->tuning = sqlite3_column_double (stmt, 6);
  record->duration = sqlite3_column_double (stmt, 7);
  record->tonic = _akin_column_dup (stmt, 8);
  record->key_signature = _akin_column_dup (stmt, 9);
  /* SQLite stores NaN as NULL: read it back as NaN, not 0. */
  record->z_dist_avg_to_tonic = sqlite3_column_type (stmt, 10) == SQLITE_NULL
                                ? NAN : sqlite3_column_double (stmt, 10);
  return TRUE;
}

/**
 * akin_database_get_vector:
 * @self: a connection
 * @track_id: a track
 * @model_id: the model whose vector is wanted
 * @dim: (out): the vector's length
 * @error: %AKIN_ERROR_NOT_ANALYZED when there is none for that model
 *
 * Returns: (transfer full) (nullable): the vector, g_free() it
 */
float *
akin_database_get_vector (AkinDatabase *self,
                          gint64        track_id,
                          const char   *model_id,
                          guint        *dim,
                          GError      **error)
{
  g_autoptr(AkinCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (model_id != NULL, NULL);
  g_return_val_if_fail (dim != NULL, NULL);

  stmt = _akin_database_prepare (self, "SELECT dim, data FROM vectors"
                                 " WHERE track_id = ?1 AND model_id = ?2", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, track_id);
  _akin_bind_text (stmt, 2, model_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *dim = (guint) sqlite3_column_int (stmt, 0);
      g_assert ((gsize) sqlite3_column_bytes (stmt, 1) == *dim * sizeof (float));
      return g_memdup2 (sqlite3_column_blob (stmt, 1), *dim * sizeof (float));
    }
  if (rc == SQLITE_DONE)
    g_set_error (error, AKIN_ERROR, AKIN_ERROR_NOT_ANALYZED,
                 "Track %" G_GINT64_FORMAT " has no vector for model %s", track_id, model_id);
  else
    _akin_database_set_error (self->db, rc, error, "reading a vector");
  return NULL;
}

/**
 * akin_database_foreach_vector:
 * @self: a connection
 * @model_id: a model id
 * @func: (scope call): called for each vector of that model, by track id
 * @user_data: closure data
 * @error: the reason
 *
 * Streams every stored vector of @model_id (of tracks that are not
 * missing) with the keys the similarity rules need. The content key is
 * "recording:ID" for a track whose recording the fingerprints found (ID
 * its best copy, see akin-recordings.c), else the content hash. Runs in one read
 * transaction, so it sees one consistent snapshot.
 *
 * Returns: %TRUE on success
 */
gboolean
akin_database_foreach_vector (AkinDatabase   *self,
                              const char     *model_id,
                              AkinVectorFunc  func,
                              gpointer        user_data,
                              GError        **error)
{
  g_autoptr(AkinCachedStmt) stmt = NULL;
  g_autofree float *aligned = NULL;   /* blobs carry no alignment guarantee */
  guint aligned_dim = 0;
  int rc;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (model_id != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  stmt = _akin_database_prepare (self,
                                 "SELECT t.id, v.dim, v.data, t.artist, t.album_artist, t.album,"
                                 " COALESCE ((SELECT 'recording:' || f.recording FROM fingerprints f"
                                 "   WHERE f.track_id = t.id AND f.recording > 0"
                                 "   AND length (f.data) > 0), t.content_hash)"
                                 " FROM vectors v JOIN tracks t ON t.id = v.track_id"
                                 " WHERE v.model_id = ?1 AND t.status != 'missing' ORDER BY t.id",
                                 error);
  if (stmt == NULL)
    return FALSE;
  _akin_bind_text (stmt, 1, model_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AkinTags keys = { 0 };
      guint dim = (guint) sqlite3_column_int (stmt, 1);
      const void *data = sqlite3_column_blob (stmt, 2);

      g_assert ((gsize) sqlite3_column_bytes (stmt, 2) == dim * sizeof (float));
      if (dim > aligned_dim)
        {
          aligned = g_renew (float, aligned, dim);
          aligned_dim = dim;
        }
      memcpy (aligned, data, dim * sizeof (float));
      keys.artist = (char *) sqlite3_column_text (stmt, 3);
      keys.album_artist = (char *) sqlite3_column_text (stmt, 4);
      keys.album = (char *) sqlite3_column_text (stmt, 5);
      func (sqlite3_column_int64 (stmt, 0), aligned, dim, &keys,
            (const char *) sqlite3_column_text (stmt, 6), user_data);
    }
  if (rc != SQLITE_DONE)
    {
      _akin_database_set_error (self->db, rc, error, "reading vectors");
      return FALSE;
    }
  return TRUE;
}
