/* akin-database-albums.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The library by album and by artist, for the browse views: one grouped
 * query each, so that a library of 100 000 songs is read once in SQL and
 * the views hold one row per album or artist. An album is its name and its
 * album artist (the artist tag when there is no album artist), so two
 * albums of the same name by different artists stay apart.
 */

#include "config.h"

#include "akin-database-private.h"

#define ALBUM_ARTIST "COALESCE (NULLIF (album_artist, ''), NULLIF (artist, ''))"

/* The earliest year of the songs' dates (which start with the year, see
 * AkinTags), NULL when none says. */
#define FIRST_YEAR "MIN (NULLIF (CAST (substr (date, 1, 4) AS INTEGER), 0))"

void
akin_album_free (AkinAlbum *album)
{
  if (album == NULL)
    return;
  g_free (album->name);
  g_free (album->artist);
  g_free (album->cover_uri);
  g_free (album);
}

/**
 * akin_database_list_albums:
 * @artist: (nullable): only this album artist's albums
 * @error: the reason
 *
 * Every album of the library (songs without an album tag are in none),
 * by artist then name, each with its number of songs, its year (the
 * earliest its songs give) and the URI of its first song, where a cover can
 * be looked for.
 *
 * Returns: (transfer full) (element-type AkinAlbum) (nullable): the albums
 */
GPtrArray *
akin_database_list_albums (AkinDatabase  *self,
                           const char    *artist,
                           GError       **error)
{
  g_autoptr(AkinCachedStmt) stmt = NULL;
  g_autoptr(GPtrArray) albums = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);

  stmt = _akin_database_prepare (self,
    "SELECT album, " ALBUM_ARTIST " AS a, COUNT (*),"
    "  (SELECT t2.uri FROM tracks t2 WHERE t2.album = t.album AND t2.status != 'missing'"
    "     ORDER BY t2.disc_number, t2.track_number, t2.uri LIMIT 1), " FIRST_YEAR
    " FROM tracks t WHERE status != 'missing' AND album IS NOT NULL AND album != ''"
    "  AND (?1 IS NULL OR a = ?1)"
    " GROUP BY album, a ORDER BY a IS NULL, a COLLATE NOCASE, album COLLATE NOCASE", error);
  if (stmt == NULL)
    return NULL;
  if (artist != NULL)
    _akin_bind_text (stmt, 1, artist);

  albums = g_ptr_array_new_with_free_func ((GDestroyNotify) akin_album_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AkinAlbum *album = g_new0 (AkinAlbum, 1);

      album->name = _akin_column_dup (stmt, 0);
      album->artist = _akin_column_dup (stmt, 1);
      album->n_tracks = (guint) sqlite3_column_int (stmt, 2);
      album->cover_uri = _akin_column_dup (stmt, 3);
      album->year = (guint) sqlite3_column_int (stmt, 4);
      g_ptr_array_add (albums, album);
    }
  if (rc != SQLITE_DONE)
    {
      _akin_database_set_error (self->db, rc, error, "listing albums");
      return NULL;
    }
  return g_steal_pointer (&albums);
}

/**
 * akin_database_list_artists:
 * @error: the reason
 *
 * Every album artist (the artist when a song has none), by name, each as
 * an #AkinAlbum whose @name is %NULL, @artist the artist, @n_tracks the
 * number of songs, @n_albums the number of albums and @year the earliest
 * year of its songs.
 *
 * Returns: (transfer full) (element-type AkinAlbum) (nullable): the artists
 */
GPtrArray *
akin_database_list_artists (AkinDatabase  *self,
                            GError       **error)
{
  g_autoptr(AkinCachedStmt) stmt = NULL;
  g_autoptr(GPtrArray) artists = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);

  stmt = _akin_database_prepare (self,
    "SELECT " ALBUM_ARTIST " AS a, COUNT (*),"
    "  COUNT (DISTINCT NULLIF (album, '')), MIN (uri), " FIRST_YEAR
    " FROM tracks WHERE status != 'missing' AND a IS NOT NULL"
    " GROUP BY a ORDER BY a COLLATE NOCASE", error);
  if (stmt == NULL)
    return NULL;

  artists = g_ptr_array_new_with_free_func ((GDestroyNotify) akin_album_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AkinAlbum *artist = g_new0 (AkinAlbum, 1);

      artist->artist = _akin_column_dup (stmt, 0);
      artist->n_tracks = (guint) sqlite3_column_int (stmt, 1);
      artist->n_albums = (guint) sqlite3_column_int (stmt, 2);
      artist->cover_uri = _akin_column_dup (stmt, 3);
      artist->year = (guint) sqlite3_column_int (stmt, 4);
      g_ptr_array_add (artists, artist);
    }
  if (rc != SQLITE_DONE)
    {
      _akin_database_set_error (self->db, rc, error, "listing artists");
      return NULL;
    }
  return g_steal_pointer (&artists);
}

/**
 * akin_database_list_album_track_ids:
 * @album: an album's name
 * @artist: (nullable): its album artist, as akin_database_list_albums() gave it
 * @error: the reason
 *
 * The album's songs in album order: by disc number (songs without one
 * first: an album on one disc rarely says so), then track number (songs
 * without one last), then title and file.
 *
 * Returns: (transfer full) (element-type gint64) (nullable): their tracks
 */
GArray *
akin_database_list_album_track_ids (AkinDatabase  *self,
                                     const char    *album,
                                     const char    *artist,
                                     GError       **error)
{
  g_autoptr(AkinCachedStmt) stmt = NULL;
  g_autoptr(GArray) ids = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (album != NULL, NULL);

  stmt = _akin_database_prepare (self,
    "SELECT id FROM tracks WHERE status != 'missing' AND album = ?1"
    "  AND " ALBUM_ARTIST " IS ?2"
    " ORDER BY disc_number, track_number = 0, track_number, title COLLATE NOCASE, uri", error);
  if (stmt == NULL)
    return NULL;
  _akin_bind_text (stmt, 1, album);
  if (artist != NULL)
    _akin_bind_text (stmt, 2, artist);

  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    {
      _akin_database_set_error (self->db, rc, error, "listing an album's songs");
      return NULL;
    }
  return g_steal_pointer (&ids);
}
