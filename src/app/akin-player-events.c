/* akin-player-events.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libvlc's media player events, carried from libvlc's threads to the main
 * context: on_vlc_event() runs on a libvlc thread and only copies the event
 * into an idle source; dispatch_event() applies it on the main thread. See
 * the threading model at the top of akin-player.c.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "akin-player-private.h"

static const libvlc_event_type_t watched_events[] = {
  libvlc_MediaPlayerPlaying,
  libvlc_MediaPlayerPaused,
  libvlc_MediaPlayerStopped,
  libvlc_MediaPlayerEndReached,
  libvlc_MediaPlayerEncounteredError,
  libvlc_MediaPlayerLengthChanged,
  libvlc_MediaPlayerSeekableChanged,
};

typedef struct
{
  GWeakRef            player;
  int                 generation;
  libvlc_event_type_t type;
  gint64              value;
} PlayerEvent;

static void
player_event_free (gpointer data)
{
  PlayerEvent *event = data;

  g_weak_ref_clear (&event->player);
  g_free (event);
}

static void
emit_unplayable (AkinPlayer *self)
{
  g_autofree char *name = _akin_player_display_name_for_uri (self->uri);
  g_autofree char *message = NULL;

  /* Translators: %s is a file name */
  message = g_strdup_printf (_("Could not play “%s”: the file cannot be read or is not "
                               "in a supported audio format"),
                             name);
  _akin_player_emit_error (self, message);
}

/* Whether libvlc found an audio stream in the current media. Main thread. */
static gboolean
media_has_audio (AkinPlayer *self)
{
  libvlc_media_t        *media = libvlc_media_player_get_media (self->media_player);
  libvlc_media_track_t **tracks = NULL;
  unsigned               n_tracks;
  gboolean               found = FALSE;

  if (media == NULL)
    return FALSE;

  n_tracks = libvlc_media_tracks_get (media, &tracks);
  for (unsigned i = 0; i < n_tracks; i++)
    found |= tracks[i]->i_type == libvlc_track_audio;
  libvlc_media_tracks_release (tracks, n_tracks);
  libvlc_media_release (media);

  return found;
}

static gboolean
dispatch_event (gpointer data)
{
  PlayerEvent           *event = data;
  g_autoptr(AkinPlayer)  self = g_weak_ref_get (&event->player);

  g_debug ("libvlc event %s (%" G_GINT64_FORMAT ")", libvlc_event_type_name (event->type),
           event->value);

  if (self == NULL || event->generation != g_atomic_int_get (&self->generation))
    return G_SOURCE_REMOVE;

  switch (event->type)
    {
    case libvlc_MediaPlayerPlaying:
      libvlc_audio_set_volume (self->media_player, (int) (self->volume * 100 + 0.5));
      _akin_player_set_state (self, AKIN_PLAYER_STATE_PLAYING);
      _akin_player_start_position_timer (self);
      break;

    case libvlc_MediaPlayerPaused:
      _akin_player_stop_position_timer (self);
      self->ticks_to_skip = 0;
      _akin_player_update_position (self);
      _akin_player_set_state (self, AKIN_PLAYER_STATE_PAUSED);
      break;

    case libvlc_MediaPlayerStopped:
      _akin_player_stop_position_timer (self);
      _akin_player_set_state (self, AKIN_PLAYER_STATE_STOPPED);
      _akin_player_set_position (self, 0);
      break;

    case libvlc_MediaPlayerEndReached:
      /* libvlc "plays" a file that no demuxer takes as audio (a text file
       * opens as subtitles, for example) and simply reaches its end. */
      if (!media_has_audio (self))
        {
          _akin_player_finish_track (self);
          emit_unplayable (self);
        }
      else if (self->next_ready)
        {
          int generation = g_atomic_int_get (&self->generation);
          guint play_serial = self->play_serial;

          /* The next track is ready: whoever loads it at the end of this
           * one gets it at once; stopping this player waits until then
           * (or happens when the ended player is released). Nobody loaded
           * or played anything: it stops now. */
          _akin_player_stop_position_timer (self);
          _akin_player_set_state (self, AKIN_PLAYER_STATE_STOPPED);
          _akin_player_set_position (self, 0);
          _akin_player_emit_end_of_stream (self);
          if (g_atomic_int_get (&self->generation) == generation
              && self->play_serial == play_serial)
            _akin_player_finish_track (self);
        }
      else
        {
          _akin_player_finish_track (self);
          _akin_player_emit_end_of_stream (self);
        }
      break;

    case libvlc_MediaPlayerEncounteredError:
      _akin_player_finish_track (self);
      emit_unplayable (self);
      break;

    case libvlc_MediaPlayerLengthChanged:
      _akin_player_set_duration (self, MAX (event->value, 0) / 1000.0);
      break;

    case libvlc_MediaPlayerSeekableChanged:
      _akin_player_set_can_seek (self, event->value != 0);
      break;

    default:
      g_assert_not_reached ();
    }

  return G_SOURCE_REMOVE;
}

/* Runs on a libvlc thread: copy, post, return. */
static void
on_vlc_event (const libvlc_event_t *vlc_event,
              void                 *data)
{
  AkinPlayer  *self = data;
  PlayerEvent *event = g_new0 (PlayerEvent, 1);
  GSource     *source;

  g_weak_ref_init (&event->player, self);
  event->generation = g_atomic_int_get (&self->generation);
  event->type = vlc_event->type;

  if (vlc_event->type == libvlc_MediaPlayerLengthChanged)
    event->value = vlc_event->u.media_player_length_changed.new_length;
  else if (vlc_event->type == libvlc_MediaPlayerSeekableChanged)
    event->value = vlc_event->u.media_player_seekable_changed.new_seekable;

  /* An idle source, not g_main_context_invoke(): invoke() would run the
   * handler right here on the libvlc thread whenever the main context
   * happens to be free. */
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, dispatch_event, event, player_event_free);
  g_source_set_static_name (source, "[akin] player event");
  g_source_attach (source, self->context);
  g_source_unref (source);
}

void
_akin_player_attach_events (AkinPlayer *self)
{
  libvlc_event_manager_t *manager = libvlc_media_player_event_manager (self->media_player);

  for (guint i = 0; i < G_N_ELEMENTS (watched_events); i++)
    libvlc_event_attach (manager, watched_events[i], on_vlc_event, self);
}

/* Detaching takes libvlc's event lock, so once this returns no callback can
 * still be running with a pointer to @self. */
void
_akin_player_detach_events (AkinPlayer *self)
{
  libvlc_event_manager_t *manager = libvlc_media_player_event_manager (self->media_player);

  for (guint i = 0; i < G_N_ELEMENTS (watched_events); i++)
    libvlc_event_detach (manager, watched_events[i], on_vlc_event, self);
}
