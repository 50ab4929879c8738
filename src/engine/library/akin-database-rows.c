/* akin-database-rows.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a list view of the whole library needs: the ids of every visible
 * track in one sort order and filter (one query, a few bytes per track,
 * so 100 000 tracks cost under a megabyte), and the rows of a window of
 * those ids, with the analysed tempo and key joined from the descriptors.
 * Threads: as for every AkinDatabase call, from the connection's thread.
 */

#include "config.h"

#include <string.h>

#include "akin-database-private.h"
#include "akin-error.h"

/* Rows fetched by one statement of akin_database_get_tracks(). */
#define ROWS_PER_QUERY 64

#define ROW_COLUMNS                                                             \
  "t.id, t.uri, t.size, t.mtime, t.content_hash, t.title, t.artist, t.album, " \
  "t.album_artist, t.genre, t.date, t.track_number, t.has_cover, t.duration, "  \
  "t.status, t.last_error, t.added, t.analyzed, t.updated, t.disc_number, "     \
  "d.tempo_bpm, d.key_signature"

#define ROW_FILTER                                                              \
  " WHERE t.status != 'missing' AND (?1 IS NULL"                                \
  " OR t.title LIKE ?1 ESCAPE '\\' OR t.artist LIKE ?1 ESCAPE '\\'"             \
  " OR t.album LIKE ?1 ESCAPE '\\' OR t.genre LIKE ?1 ESCAPE '\\'"              \
  " OR akin_file_name (t.uri) LIKE ?1 ESCAPE '\\')"

/* Each entry is a comma-separated sort key; every part gets the direction. */
static const char * const order_keys[] = {
  [AKIN_TRACK_SORT_ID] = "t.id",
  /* Untitled songs (not analysed yet) come by file name. */
  [AKIN_TRACK_SORT_TITLE] = "t.title IS NULL, t.title COLLATE NOCASE, t.uri",
  /* An artist's songs come by album, then in album order. */
  [AKIN_TRACK_SORT_ARTIST] = "t.artist IS NULL, t.artist COLLATE NOCASE, "
                             "t.album COLLATE NOCASE, t.disc_number, t.track_number, "
                             "t.title IS NULL, t.title COLLATE NOCASE, t.uri",
  [AKIN_TRACK_SORT_ALBUM] = "t.album IS NULL, t.album COLLATE NOCASE, t.disc_number, "
                            "t.track_number, t.uri",
  [AKIN_TRACK_SORT_GENRE] = "t.genre IS NULL, t.genre COLLATE NOCASE",
  [AKIN_TRACK_SORT_DATE] = "t.date IS NULL, t.date",
  [AKIN_TRACK_SORT_DURATION] = "t.duration",
  [AKIN_TRACK_SORT_ADDED] = "t.added",
  [AKIN_TRACK_SORT_URI] = "t.uri",
  [AKIN_TRACK_SORT_BPM] = "d.tempo_bpm IS NULL, d.tempo_bpm",
  /* Round the circle of fifths, each major key followed by its relative
   * minor (akin_key_fifths_rank()); keys that name no key come last. */
  [AKIN_TRACK_SORT_KEY] = "akin_key_rank (d.key_signature) IS NULL, "
                          "akin_key_rank (d.key_signature)",
  [AKIN_TRACK_SORT_STATUS] = "t.status",
};

/* Same escaping as the list queries in akin-database-tracks.c. */
static void
bind_search (sqlite3_stmt *stmt,
             const char   *search)
{
  GString *pattern;

  if (search == NULL || *search == '\0')
    {
      sqlite3_bind_null (stmt, 1);
      return;
    }
  pattern = g_string_new ("%");
  for (const char *p = search; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *p);
    }
  g_string_append_c (pattern, '%');
  _akin_bind_text (stmt, 1, pattern->str);
  g_string_free (pattern, TRUE);
}

/**
 * akin_database_list_track_ids:
 * @self: a connection
 * @search: (nullable): as for akin_database_count_tracks()
 * @sort: the column to sort by. Ties are broken by id, except that the
 *   artist order continues by album, track number, title and file, the
 *   album order by track number and file, and the title order by file;
 *   empty values come last in either direction.
 * @descending: reverse the order
 * @error: the reason
 *
 * The ids of every matching track that is not missing, in order: what a
 * list model keeps in memory to page rows in with akin_database_get_tracks().
 *
 * Returns: (transfer full) (element-type gint64) (nullable): the ids
 */
GArray *
akin_database_list_track_ids (AkinDatabase  *self,
                              const char    *search,
                              AkinTrackSort  sort,
                              gboolean       descending,
                              GError       **error)
{
  g_autoptr(AkinCachedStmt) stmt = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GString) order = g_string_new (NULL);
  g_autofree char *sql = NULL;
  g_auto(GStrv) parts = NULL;
  const char *dir = descending ? "DESC" : "ASC";
  int rc;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (sort < G_N_ELEMENTS (order_keys), NULL);

  parts = g_strsplit (order_keys[sort], ", ", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      /* "x IS NULL" keeps empty values last whatever the direction. */
      gboolean null_flag = g_str_has_suffix (parts[i], " IS NULL");

      g_string_append_printf (order, "%s %s, ", parts[i], null_flag ? "ASC" : dir);
    }
  g_string_append_printf (order, "t.id %s", dir);
  /* The join costs a lookup per track; only the tempo and key orders need it. */
  sql = g_strdup_printf ("SELECT t.id FROM tracks t%s" ROW_FILTER " ORDER BY %s",
                         strstr (order_keys[sort], "d.") != NULL
                         ? " LEFT JOIN descriptors d ON d.track_id = t.id" : "",
                         order->str);

  if (!(stmt = _akin_database_prepare (self, sql, error)))
    return NULL;
  bind_search (stmt, search);

  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    {
      _akin_database_set_error (self->db, rc, error, "listing track ids");
      return NULL;
    }
  return g_steal_pointer (&ids);
}

static AkinTrack *
row_from_stmt (sqlite3_stmt *stmt)
{
  AkinTrack *track = _akin_track_from_row (stmt);

  track->tempo_bpm = sqlite3_column_type (stmt, 20) == SQLITE_NULL
                     ? 0.0 : sqlite3_column_double (stmt, 20);
  track->key_signature = _akin_column_dup (stmt, 21);
  return track;
}

/**
 * akin_database_get_tracks:
 * @self: a connection
 * @ids: (array length=n_ids): track ids
 * @n_ids: how many
 * @error: the reason
 *
 * Reads the rows of @ids, with their tempo and key, in a few statements
 * (one per 64 ids) instead of one per track.
 *
 * Returns: (transfer full) (element-type AkinTrack) (nullable): @n_ids
 *   entries, the track of @ids[i] at i, or %NULL where that track no
 *   longer exists
 */
GPtrArray *
akin_database_get_tracks (AkinDatabase  *self,
                          const gint64  *ids,
                          guint          n_ids,
                          GError       **error)
{
  g_autoptr(AkinCachedStmt) stmt = NULL;
  g_autoptr(GPtrArray) tracks = NULL;
  g_autoptr(GHashTable) positions = NULL;
  g_autoptr(GString) sql = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (ids != NULL || n_ids == 0, NULL);

  tracks = g_ptr_array_new_full (n_ids, (GDestroyNotify) akin_track_free);
  g_ptr_array_set_size (tracks, n_ids);
  if (n_ids == 0)
    return g_steal_pointer (&tracks);

  sql = g_string_new ("SELECT " ROW_COLUMNS " FROM tracks t"
                      " LEFT JOIN descriptors d ON d.track_id = t.id WHERE t.id IN (");
  for (guint i = 1; i <= ROWS_PER_QUERY; i++)
    g_string_append_printf (sql, i > 1 ? ", ?%u" : "?%u", i);
  g_string_append_c (sql, ')');
  if (!(stmt = _akin_database_prepare (self, sql->str, error)))
    return NULL;

  /* An id may be asked for twice; each position gets its own copy. */
  positions = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                     (GDestroyNotify) g_array_unref);
  for (guint i = 0; i < n_ids; i++)
    {
      GArray *at = g_hash_table_lookup (positions, &ids[i]);

      if (at == NULL)
        {
          at = g_array_new (FALSE, FALSE, sizeof (guint));
          g_hash_table_insert (positions, (gpointer) &ids[i], at);
        }
      g_array_append_val (at, i);
    }

  for (guint start = 0; start < n_ids; start += ROWS_PER_QUERY)
    {
      guint n = MIN (ROWS_PER_QUERY, n_ids - start);
      int rc;

      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);   /* unused slots match nothing */
      for (guint i = 0; i < n; i++)
        sqlite3_bind_int64 (stmt, (int) i + 1, ids[start + i]);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);
          GArray *at = g_hash_table_lookup (positions, &id);
          AkinTrack *track = row_from_stmt (stmt);

          g_assert (at != NULL);
          for (guint j = 0; j < at->len; j++)
            {
              guint pos = g_array_index (at, guint, j);

              if (g_ptr_array_index (tracks, pos) == NULL)
                g_ptr_array_index (tracks, pos) = j + 1 < at->len ? akin_track_copy (track)
                                                                   : g_steal_pointer (&track);
            }
          akin_track_free (track);
        }
      if (rc != SQLITE_DONE)
        {
          _akin_database_set_error (self->db, rc, error, "reading tracks");
          return NULL;
        }
    }
  return g_steal_pointer (&tracks);
}
