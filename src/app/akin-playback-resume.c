/* akin-playback-resume.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What AkinPlayback shows about the current track (AkinNowPlaying, and the
 * cover found for it by a worker) and resuming: the song, its position and
 * the queue are kept in GSettings when the window closes, and the next
 * start loads them again, paused.
 */

#include "config.h"

#include "akin-engine.h"
#include "akin-playback-private.h"

void
_akin_playback_clear_cover (AkinPlayback *self)
{
  g_cancellable_cancel (self->cover_cancellable);
  g_clear_object (&self->cover_cancellable);
  g_clear_pointer (&self->cover_uri, g_free);
}

/**
 * akin_playback_get_now_playing:
 *
 * Returns: (nullable) (transfer none): what is shown about the current track
 */
AkinNowPlaying *
akin_playback_get_now_playing (AkinPlayback *self)
{
  g_return_val_if_fail (AKIN_IS_PLAYBACK (self), NULL);
  return self->now_playing;
}

static void
apply_now_playing (AkinPlayback   *self,
                   AkinNowPlaying *now_playing)
{
  if (self->now_playing == now_playing)
    return;

  g_clear_pointer (&self->now_playing, akin_now_playing_unref);
  if (now_playing != NULL)
    self->now_playing = akin_now_playing_ref (now_playing);
  g_object_notify_by_pspec (G_OBJECT (self),
                            _akin_playback_properties[AKIN_PLAYBACK_PROP_NOW_PLAYING]);
}

static void
on_cover_loaded (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(AkinPlayback) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) cover = NULL;
  g_autoptr(AkinNowPlaying) with_cover = NULL;

  cover = akin_cover_loader_load_finish (AKIN_COVER_LOADER (source), result, &error);
  /* A newer song cancelled this lookup and owns the fields below. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cover_cancellable);
  g_clear_pointer (&self->cover_uri, g_free);

  if (cover == NULL || self->now_playing == NULL
      || akin_now_playing_get_cover (self->now_playing) != NULL)
    return;
  with_cover = akin_now_playing_copy_with_cover (self->now_playing, cover);
  apply_now_playing (self, with_cover);
}

/**
 * akin_playback_set_now_playing:
 * @now_playing: (nullable): title, artist, album and cover of the current track
 *
 * What the playback bar, the window title and MPRIS show, e.g. once the
 * library knows the tags of the playing file. A record without a cover is
 * shown at once; the cover (embedded, or a cover file in the track's
 * folder) follows when a worker has found it, as a new record.
 */
void
akin_playback_set_now_playing (AkinPlayback   *self,
                               AkinNowPlaying *now_playing)
{
  g_autoptr(AkinNowPlaying) with_cover = NULL;
  g_autoptr(GBytes) cover = NULL;
  const char *uri;

  g_return_if_fail (AKIN_IS_PLAYBACK (self));

  if (self->now_playing == now_playing)
    return;

  uri = now_playing != NULL ? akin_now_playing_get_uri (now_playing) : NULL;
  if (g_strcmp0 (uri, self->cover_uri) != 0)
    _akin_playback_clear_cover (self);

  if (now_playing != NULL && akin_now_playing_get_cover (now_playing) == NULL)
    {
      if (self->cover_loader == NULL)
        self->cover_loader = akin_cover_loader_new ();
      if (akin_cover_loader_lookup (self->cover_loader, uri, &cover))
        {
          if (cover != NULL)
            now_playing = with_cover = akin_now_playing_copy_with_cover (now_playing, cover);
        }
      else if (self->cover_uri == NULL)
        {
          self->cover_uri = g_strdup (uri);
          self->cover_cancellable = g_cancellable_new ();
          akin_cover_loader_load_async (self->cover_loader, uri, self->cover_cancellable,
                                        on_cover_loaded, g_object_ref (self));
        }
    }

  apply_now_playing (self, now_playing);
}

/**
 * akin_playback_save_resume:
 *
 * Keeps the song, its position and the queue in GSettings, for
 * akin_playback_restore_resume() at the next start. The window calls it
 * when it closes.
 */
void
akin_playback_save_resume (AkinPlayback *self)
{
  const char *uri;
  g_autoptr(GArray) ids = NULL;
  GVariant *queue;

  g_return_if_fail (AKIN_IS_PLAYBACK (self));

  uri = akin_player_get_uri (self->player);
  ids = akin_queue_dup_up_next_ids (self->queue);
  queue = g_variant_new_fixed_array (G_VARIANT_TYPE_INT64, ids->data, ids->len, sizeof (gint64));
  g_settings_delay (self->settings);
  g_settings_set_string (self->settings, "resume-uri", uri != NULL ? uri : "");
  g_settings_set_int64 (self->settings, "resume-track-id",
                        uri != NULL ? self->current_track_id : -1);
  g_settings_set_double (self->settings, "resume-position",
                         uri != NULL ? akin_player_get_position (self->player) : 0.0);
  g_settings_set_value (self->settings, "resume-queue", queue);
  g_settings_apply (self->settings);
}

/**
 * akin_playback_restore_resume:
 *
 * Loads the last session's song, paused where it was, and its queue,
 * unless a track is loaded already (a file handed over at start wins) or
 * the song's file is gone.
 *
 * Returns: whether a song was loaded
 */
gboolean
akin_playback_restore_resume (AkinPlayback *self)
{
  g_autofree char *uri = NULL;
  g_autoptr(GVariant) queue = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(AkinTrack) track = NULL;
  g_autoptr(AkinNowPlaying) np = NULL;
  gint64 track_id;
  const gint64 *ids;
  gsize n_ids = 0;

  g_return_val_if_fail (AKIN_IS_PLAYBACK (self), FALSE);

  uri = g_settings_get_string (self->settings, "resume-uri");
  if (akin_player_get_uri (self->player) != NULL || *uri == '\0')
    return FALSE;
  file = g_file_new_for_uri (uri);
  if (!g_file_query_exists (file, NULL))
    return FALSE;

  track_id = g_settings_get_int64 (self->settings, "resume-track-id");
  if (track_id > 0 && self->manager != NULL
      && (track = akin_library_manager_get_track (self->manager, track_id)) != NULL
      && g_strcmp0 (track->uri, uri) != 0)
    g_clear_pointer (&track, akin_track_free);
  if (track != NULL && track->tags.title != NULL && *track->tags.title != '\0')
    np = akin_now_playing_new (uri, track->tags.title, track->tags.artist, track->tags.album,
                               NULL);
  else
    np = akin_now_playing_new_for_uri (uri);

  /* The player's URI is followed: a library file becomes the current track. */
  akin_playback_set_now_playing (self, np);
  /* The library knows the length that libvlc tells only once it plays. */
  akin_player_set_uri_at (self->player, uri,
                          g_settings_get_double (self->settings, "resume-position"),
                          track != NULL ? track->duration : 0);

  queue = g_settings_get_value (self->settings, "resume-queue");
  ids = g_variant_get_fixed_array (queue, &n_ids, sizeof (gint64));
  for (gsize i = 0; i < n_ids; i++)
    akin_playback_queue_track (self, ids[i], FALSE);
  return TRUE;
}
