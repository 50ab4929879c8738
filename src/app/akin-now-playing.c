/* akin-now-playing.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "akin-now-playing.h"

struct _AkinNowPlaying
{
  gatomicrefcount ref_count;
  char           *uri;
  char           *title;
  char           *artist;
  char           *album;
  GBytes         *cover;
};

G_DEFINE_BOXED_TYPE (AkinNowPlaying, akin_now_playing, akin_now_playing_ref,
                     akin_now_playing_unref)

static char *
nonempty_dup (const char *s)
{
  return s != NULL && *s != '\0' ? g_strdup (s) : NULL;
}

/**
 * akin_now_playing_new:
 * @uri: the track's URI
 * @title: (nullable): the title; %NULL derives one from the file name
 * @artist: (nullable): the artist
 * @album: (nullable): the album
 * @cover: (nullable): the encoded cover image (PNG, JPEG…) as found in the tags
 *
 * Any thread.
 *
 * Returns: (transfer full): a new record
 */
AkinNowPlaying *
akin_now_playing_new (const char *uri,
                      const char *title,
                      const char *artist,
                      const char *album,
                      GBytes     *cover)
{
  AkinNowPlaying *self;

  g_return_val_if_fail (uri != NULL, NULL);

  self = g_new0 (AkinNowPlaying, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->uri = g_strdup (uri);
  self->title = nonempty_dup (title);
  self->artist = nonempty_dup (artist);
  self->album = nonempty_dup (album);
  self->cover = cover != NULL ? g_bytes_ref (cover) : NULL;

  if (self->title == NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_uri (uri);
      g_autofree char  *basename = g_file_get_basename (file);
      g_autofree char  *display = NULL;
      char             *dot;

      display = basename != NULL ? g_filename_display_name (basename) : g_strdup (uri);
      dot = strrchr (display, '.');
      if (dot != NULL && dot != display)
        *dot = '\0';
      self->title = g_steal_pointer (&display);
    }

  return self;
}

/**
 * akin_now_playing_new_for_uri:
 * @uri: the track's URI
 *
 * A record with only a title taken from the file name, for a file played
 * before its tags are known. Any thread.
 *
 * Returns: (transfer full): a new record
 */
AkinNowPlaying *
akin_now_playing_new_for_uri (const char *uri)
{
  return akin_now_playing_new (uri, NULL, NULL, NULL, NULL);
}

/**
 * akin_now_playing_copy_with_cover:
 * @cover: (nullable): the encoded cover image
 *
 * The same record with @cover instead of its own. Any thread.
 *
 * Returns: (transfer full): a new record
 */
AkinNowPlaying *
akin_now_playing_copy_with_cover (AkinNowPlaying *self,
                                  GBytes         *cover)
{
  g_return_val_if_fail (self != NULL, NULL);

  return akin_now_playing_new (self->uri, self->title, self->artist, self->album, cover);
}

AkinNowPlaying *
akin_now_playing_ref (AkinNowPlaying *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
akin_now_playing_unref (AkinNowPlaying *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->uri);
  g_free (self->title);
  g_free (self->artist);
  g_free (self->album);
  g_clear_pointer (&self->cover, g_bytes_unref);
  g_free (self);
}

const char *
akin_now_playing_get_uri (AkinNowPlaying *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->uri;
}

/**
 * akin_now_playing_get_title:
 *
 * Returns: (transfer none): the title, never %NULL
 */
const char *
akin_now_playing_get_title (AkinNowPlaying *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->title;
}

/**
 * akin_now_playing_get_artist:
 *
 * Returns: (nullable) (transfer none): the artist
 */
const char *
akin_now_playing_get_artist (AkinNowPlaying *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->artist;
}

/**
 * akin_now_playing_get_album:
 *
 * Returns: (nullable) (transfer none): the album
 */
const char *
akin_now_playing_get_album (AkinNowPlaying *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->album;
}

/**
 * akin_now_playing_get_cover:
 *
 * Returns: (nullable) (transfer none): the encoded cover image
 */
GBytes *
akin_now_playing_get_cover (AkinNowPlaying *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->cover;
}
