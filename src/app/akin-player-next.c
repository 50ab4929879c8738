/* akin-player-next.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The next track, prepared before the current one ends. libvlc 3 has no
 * gapless playback of its own, and loading a file into a media player when
 * the previous one has ended leaves a silence of a few hundred milliseconds
 * (opening, demuxing, starting the decoder and the audio output;
 * bench/bench-gap measures it). So the next track is loaded into a second
 * media player, started silently and paused (and rewound) as soon as it
 * plays; when that track is loaded for real (akin_player_set_uri() at the
 * end of the current one), the two players change places and play() only
 * resumes it. The ended player is stopped and released afterwards, off the
 * path between the two songs.
 */

#include "config.h"

#include "akin-player-private.h"

typedef struct
{
  GWeakRef player;
  int      generation;
} NextEvent;

static void
next_event_free (gpointer data)
{
  NextEvent *event = data;

  g_weak_ref_clear (&event->player);
  g_free (event);
}

/* Main thread: the next track plays (silently): pause it at its start. */
static gboolean
dispatch_next_playing (gpointer data)
{
  NextEvent *event = data;
  g_autoptr(AkinPlayer) self = g_weak_ref_get (&event->player);

  if (self == NULL || self->next_player == NULL
      || event->generation != g_atomic_int_get (&self->next_generation) || self->next_ready)
    return G_SOURCE_REMOVE;

  libvlc_media_player_set_pause (self->next_player, 1);
  libvlc_media_player_set_time (self->next_player, 0);
  self->next_ready = TRUE;
  g_debug ("next track ready: %s", self->next_uri);
  return G_SOURCE_REMOVE;
}

/* A libvlc thread: post to the main context, as akin-player-events.c does. */
static void
on_next_playing (const libvlc_event_t *vlc_event,
                 void                 *data)
{
  AkinPlayer *self = data;
  NextEvent *event = g_new0 (NextEvent, 1);
  GSource *source;

  g_weak_ref_init (&event->player, self);
  event->generation = g_atomic_int_get (&self->next_generation);
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, dispatch_next_playing, event, next_event_free);
  g_source_set_static_name (source, "[akin] next track event");
  g_source_attach (source, self->context);
  g_source_unref (source);
}

static void
detach_next (AkinPlayer *self)
{
  libvlc_event_detach (libvlc_media_player_event_manager (self->next_player),
                       libvlc_MediaPlayerPlaying, on_next_playing, self);
}

/* An ended player, stopped and released once the next one has started. */
static gboolean
release_player (gpointer data)
{
  libvlc_media_player_t *player = data;

  libvlc_media_player_stop (player);
  libvlc_media_player_release (player);
  return G_SOURCE_REMOVE;
}

/**
 * _akin_player_drop_next:
 *
 * Forgets the prepared next track, if any. Main thread only.
 */
void
_akin_player_drop_next (AkinPlayer *self)
{
  g_atomic_int_inc (&self->next_generation);
  if (self->next_player != NULL)
    {
      detach_next (self);
      libvlc_media_player_stop (self->next_player);
      g_clear_pointer (&self->next_player, libvlc_media_player_release);
    }
  g_clear_pointer (&self->next_uri, g_free);
  self->next_ready = FALSE;
}

/**
 * _akin_player_take_next:
 * @uri: the track being loaded
 *
 * When @uri is the prepared next track, and it is ready, makes its media
 * player the current one (paused at 0, with the player's volume) and
 * returns %TRUE; the caller then treats it as a freshly loaded track.
 * Main thread only.
 */
gboolean
_akin_player_take_next (AkinPlayer *self,
                        const char *uri)
{
  libvlc_media_player_t *ended;

  if (uri == NULL || g_strcmp0 (uri, self->next_uri) != 0)
    return FALSE;
  if (!self->next_ready)
    {
      _akin_player_drop_next (self);
      return FALSE;
    }

  g_atomic_int_inc (&self->next_generation);
  detach_next (self);
  _akin_player_detach_events (self);
  ended = self->media_player;
  self->media_player = g_steal_pointer (&self->next_player);
  g_clear_pointer (&self->next_uri, g_free);
  self->next_ready = FALSE;
  _akin_player_attach_events (self);
  libvlc_audio_set_volume (self->media_player, (int) (self->volume * 100 + 0.5));
  g_idle_add_full (G_PRIORITY_LOW, release_player, ended, NULL);
  return TRUE;
}

/**
 * akin_player_prepare_next:
 * @uri: (nullable): the track that will most likely be loaded next, or
 *   %NULL for none
 *
 * Opens @uri in the background, silently, and keeps it paused at its
 * start, so that akin_player_set_uri() with @uri followed by
 * akin_player_play() starts it without the delay of opening it. Loading
 * another track works as before. Main thread only.
 */
void
akin_player_prepare_next (AkinPlayer *self,
                          const char *uri)
{
  libvlc_media_t *media;

  g_return_if_fail (AKIN_IS_PLAYER (self));

  if (g_strcmp0 (uri, self->next_uri) == 0)
    return;
  _akin_player_drop_next (self);
  if (uri == NULL || self->vlc == NULL || g_strcmp0 (uri, self->uri) == 0)
    return;

  self->next_player = libvlc_media_player_new (self->vlc);
  if (self->next_player == NULL)
    return;
  self->next_uri = g_strdup (uri);
  media = libvlc_media_new_location (self->vlc, uri);
  libvlc_media_player_set_media (self->next_player, media);
  libvlc_media_release (media);
  libvlc_audio_set_volume (self->next_player, 0);
  libvlc_event_attach (libvlc_media_player_event_manager (self->next_player),
                       libvlc_MediaPlayerPlaying, on_next_playing, self);
  libvlc_media_player_play (self->next_player);
}

/**
 * akin_player_get_next_uri:
 *
 * Returns: (nullable): the track akin_player_prepare_next() holds, ready or
 *   still opening
 */
const char *
akin_player_get_next_uri (AkinPlayer *self)
{
  g_return_val_if_fail (AKIN_IS_PLAYER (self), NULL);
  return self->next_uri;
}
