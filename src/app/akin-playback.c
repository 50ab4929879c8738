/* akin-playback.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one owner of playback state, a plain object the application owns
 * (as Amberol's audio player and gnome-text-editor's session are): the
 * AkinPlayer (libvlc), the queue (AkinQueue: the list order, the similar
 * list, Play Similar, the songs queued by hand, shuffle and repeat), what
 * is shown about the current track (AkinNowPlaying, with its cover) and
 * resuming at the next start (akin-playback-resume.c).
 *
 * The window, its playback bar and MPRIS read and bind its properties
 * (current-track-id, now-playing, state, position, has-next, has-previous,
 * can-go-previous, shuffle, repeat, play-similar) and call its methods
 * (next, previous, play, pause, ...) directly. Whatever loads a track
 * outside this object (akin_player_set_uri() on its player) is followed:
 * a file of the library becomes the current track by its URI. The song
 * that comes next is opened ahead in the player, so that it follows
 * without a gap.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "akin-app-enums.h"
#include "akin-engine.h"
#include "akin-playback-private.h"
#include "akin-track-object.h"

G_DEFINE_FINAL_TYPE (AkinPlayback, akin_playback, G_TYPE_OBJECT)

GParamSpec *_akin_playback_properties[AKIN_PLAYBACK_N_PROPS];
#define properties _akin_playback_properties

enum {
  SIGNAL_ERROR,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_flag (AkinPlayback *self,
          gboolean     *field,
          gboolean      value,
          guint         prop)
{
  value = !!value;
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static AkinTrack *get_track (AkinPlayback *self,
                             gint64        track_id);

/* The song that comes next is opened ahead, so that it follows the current
 * one without a gap (akin-player-next.c). Between two songs (stopped) the
 * prepared one stays: it is the one about to be loaded. */
static void
prepare_next (AkinPlayback *self)
{
  g_autoptr(AkinTrack) track = NULL;

  if (akin_player_get_uri (self->player) == NULL)
    {
      akin_player_prepare_next (self->player, NULL);
      return;
    }
  if (akin_player_get_state (self->player) == AKIN_PLAYER_STATE_STOPPED)
    return;
  if (akin_queue_get_repeat (self->queue) != AKIN_QUEUE_REPEAT_ONE)
    track = get_track (self, akin_queue_peek_next (self->queue));
  akin_player_prepare_next (self->player, track != NULL ? track->uri : NULL);
}

/* With Play Similar on, its choice for the next song is in the queue (the
 * Queue page shows it) as soon as the current song's similar list is
 * known, not picked silently at the end. */
static void
sync_similar_pick (AkinPlayback *self)
{
  gint64 want = akin_queue_get_similar_choice (self->queue);
  gint64 have = akin_queue_get_pick (self->queue);
  g_autoptr(AkinTrack) track = NULL;
  g_autoptr(AkinTrackObject) item = NULL;

  if (want == have)
    return;
  if (want > 0 && (track = get_track (self, want)) != NULL)
    item = akin_track_object_new (track);
  /* Emits ::changed again, which finds the choice in place. */
  if (item != NULL || have > 0)
    akin_queue_set_pick (self->queue, (GObject *) item);
}

/* The queue changed, or the player's track: what the properties say. */
static void
update_navigation (AkinPlayback *self)
{
  gint64 current;
  gboolean has_previous;

  sync_similar_pick (self);
  current = akin_queue_get_current (self->queue);
  has_previous = akin_queue_peek_previous (self->queue) > 0;

  if (current != self->current_track_id)
    {
      self->current_track_id = current;
      g_object_notify_by_pspec (G_OBJECT (self), properties[AKIN_PLAYBACK_PROP_CURRENT_TRACK_ID]);
    }
  set_flag (self, &self->has_next, akin_queue_peek_next (self->queue) > 0,
            AKIN_PLAYBACK_PROP_HAS_NEXT);
  set_flag (self, &self->has_previous, has_previous, AKIN_PLAYBACK_PROP_HAS_PREVIOUS);
  set_flag (self, &self->can_go_previous,
            has_previous || akin_player_get_uri (self->player) != NULL,
            AKIN_PLAYBACK_PROP_CAN_GO_PREVIOUS);
  prepare_next (self);
}

static AkinTrack *
get_track (AkinPlayback *self,
           gint64        track_id)
{
  if (self->manager == NULL || track_id <= 0)
    return NULL;
  return akin_library_manager_get_track (self->manager, track_id);
}

/* Loads @uri (again from its start when it is loaded already). */
static void
load (AkinPlayback   *self,
      const char     *uri,
      AkinNowPlaying *now_playing)
{
  self->starting = TRUE;
  if (g_strcmp0 (akin_player_get_uri (self->player), uri) == 0)
    akin_player_stop (self->player);
  akin_player_set_uri (self->player, uri);
  self->starting = FALSE;
  akin_playback_set_now_playing (self, now_playing);
}

/* A file loaded by URI: the library track it is, if any, becomes current
 * (a library file opened by name also gets its tags shown). */
static void
follow_uri (AkinPlayback *self)
{
  const char *uri = akin_player_get_uri (self->player);
  g_autoptr(AkinTrack) track = NULL;
  AkinQueueSource source = AKIN_QUEUE_SOURCE_LIBRARY;

  if (uri != NULL && self->manager != NULL)
    track = akin_database_get_track_by_uri (akin_library_manager_get_database (self->manager),
                                            uri, NULL);
  if (track == NULL)
    {
      akin_queue_set_current (self->queue, -1, NULL, AKIN_QUEUE_SOURCE_NONE);
      return;
    }

  if (track->id == akin_queue_get_current (self->queue))
    source = akin_queue_get_source (self->queue);
  akin_queue_set_current (self->queue, track->id, track->tags.artist, source);

  if (track->tags.title != NULL || track->tags.artist != NULL)
    {
      AkinNowPlaying *np = self->now_playing;
      g_autoptr(AkinNowPlaying) better = NULL;

      if (np != NULL && (akin_now_playing_get_artist (np) != NULL
                         || g_strcmp0 (akin_now_playing_get_uri (np), uri) != 0))
        return;
      better = akin_now_playing_new (uri,
                                     track->tags.title != NULL ? track->tags.title
                                     : np != NULL ? akin_now_playing_get_title (np) : NULL,
                                     track->tags.artist, track->tags.album,
                                     np != NULL ? akin_now_playing_get_cover (np) : NULL);
      akin_playback_set_now_playing (self, better);
    }
}

static void
on_player_uri_changed (AkinPlayback *self)
{
  if (!self->starting)
    follow_uri (self);
  update_navigation (self);
}

static void
on_player_state_changed (AkinPlayback *self)
{
  prepare_next (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[AKIN_PLAYBACK_PROP_STATE]);
}

static void
on_player_position_changed (AkinPlayback *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[AKIN_PLAYBACK_PROP_POSITION]);
}

static void
on_end_of_stream (AkinPlayback *self)
{
  const char *uri = akin_player_get_uri (self->player);

  /* Repeat one: the song again, from its start. */
  if (akin_queue_get_repeat (self->queue) == AKIN_QUEUE_REPEAT_ONE && uri != NULL)
    {
      gint64 current = akin_queue_get_current (self->queue);

      if (current <= 0 || !akin_playback_play_track (self, current,
                                                     akin_queue_get_source (self->queue)))
        {
          g_autoptr(AkinNowPlaying) np = self->now_playing != NULL
                                           ? akin_now_playing_ref (self->now_playing) : NULL;
          g_autofree char *again = g_strdup (uri);

          akin_playback_play_uri (self, again, np);
        }
      return;
    }
  if (self->has_next)
    akin_playback_next (self);
}

static void
akin_playback_dispose (GObject *object)
{
  AkinPlayback *self = AKIN_PLAYBACK (object);

  if (self->player != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->player, self);
      akin_player_stop (self->player);
    }
  if (self->queue != NULL)
    g_signal_handlers_disconnect_by_data (self->queue, self);
  _akin_playback_clear_cover (self);
  g_clear_object (&self->cover_loader);
  g_clear_object (&self->settings);
  g_clear_object (&self->manager);
  g_clear_object (&self->queue);
  g_clear_object (&self->player);
  g_clear_pointer (&self->now_playing, akin_now_playing_unref);

  G_OBJECT_CLASS (akin_playback_parent_class)->dispose (object);
}

static void
akin_playback_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  AkinPlayback *self = AKIN_PLAYBACK (object);

  switch (prop_id)
    {
    case AKIN_PLAYBACK_PROP_PLAYER:
      g_value_set_object (value, self->player);
      break;
    case AKIN_PLAYBACK_PROP_NOW_PLAYING:
      g_value_set_boxed (value, self->now_playing);
      break;
    case AKIN_PLAYBACK_PROP_CURRENT_TRACK_ID:
      g_value_set_int64 (value, self->current_track_id);
      break;
    case AKIN_PLAYBACK_PROP_STATE:
      g_value_set_enum (value, akin_player_get_state (self->player));
      break;
    case AKIN_PLAYBACK_PROP_POSITION:
      g_value_set_double (value, akin_player_get_position (self->player));
      break;
    case AKIN_PLAYBACK_PROP_HAS_NEXT:
      g_value_set_boolean (value, self->has_next);
      break;
    case AKIN_PLAYBACK_PROP_HAS_PREVIOUS:
      g_value_set_boolean (value, self->has_previous);
      break;
    case AKIN_PLAYBACK_PROP_CAN_GO_PREVIOUS:
      g_value_set_boolean (value, self->can_go_previous);
      break;
    case AKIN_PLAYBACK_PROP_SHUFFLE:
      g_value_set_boolean (value, akin_queue_get_shuffle (self->queue));
      break;
    case AKIN_PLAYBACK_PROP_REPEAT:
      g_value_set_enum (value, akin_queue_get_repeat (self->queue));
      break;
    case AKIN_PLAYBACK_PROP_PLAY_SIMILAR:
      g_value_set_boolean (value, akin_queue_get_play_similar (self->queue));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
akin_playback_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  AkinPlayback *self = AKIN_PLAYBACK (object);

  switch (prop_id)
    {
    case AKIN_PLAYBACK_PROP_NOW_PLAYING:
      akin_playback_set_now_playing (self, g_value_get_boxed (value));
      break;
    case AKIN_PLAYBACK_PROP_SHUFFLE:
      akin_playback_set_shuffle (self, g_value_get_boolean (value));
      break;
    case AKIN_PLAYBACK_PROP_REPEAT:
      akin_playback_set_repeat (self, g_value_get_enum (value));
      break;
    case AKIN_PLAYBACK_PROP_PLAY_SIMILAR:
      akin_playback_set_play_similar (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
akin_playback_class_init (AkinPlaybackClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = akin_playback_dispose;
  object_class->get_property = akin_playback_get_property;
  object_class->set_property = akin_playback_set_property;

  properties[AKIN_PLAYBACK_PROP_PLAYER] =
    g_param_spec_object ("player", NULL, NULL, AKIN_TYPE_PLAYER,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * AkinPlayback:now-playing:
   *
   * Title, artist, album and cover of the current track, for the playback
   * bar, the window title and MPRIS.
   */
  properties[AKIN_PLAYBACK_PROP_NOW_PLAYING] =
    g_param_spec_boxed ("now-playing", NULL, NULL, AKIN_TYPE_NOW_PLAYING, rw);
  /**
   * AkinPlayback:current-track-id:
   *
   * The library track that is playing, -1 when none is (or the file is
   * not in the library). The lists and the similar pane follow it.
   */
  properties[AKIN_PLAYBACK_PROP_CURRENT_TRACK_ID] =
    g_param_spec_int64 ("current-track-id", NULL, NULL, -1, G_MAXINT64, -1, ro);
  properties[AKIN_PLAYBACK_PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, AKIN_TYPE_PLAYER_STATE, AKIN_PLAYER_STATE_STOPPED, ro);
  properties[AKIN_PLAYBACK_PROP_POSITION] =
    g_param_spec_double ("position", NULL, NULL, 0, G_MAXDOUBLE, 0, ro);
  /**
   * AkinPlayback:has-next:
   *
   * Whether akin_playback_next() would move to another track.
   */
  properties[AKIN_PLAYBACK_PROP_HAS_NEXT] =
    g_param_spec_boolean ("has-next", NULL, NULL, FALSE, ro);
  /**
   * AkinPlayback:has-previous:
   *
   * Whether there is a track before the current one.
   */
  properties[AKIN_PLAYBACK_PROP_HAS_PREVIOUS] =
    g_param_spec_boolean ("has-previous", NULL, NULL, FALSE, ro);
  /**
   * AkinPlayback:can-go-previous:
   *
   * Whether akin_playback_previous() does anything: a track is loaded
   * (previous then restarts it) or there is a previous track.
   */
  properties[AKIN_PLAYBACK_PROP_CAN_GO_PREVIOUS] =
    g_param_spec_boolean ("can-go-previous", NULL, NULL, FALSE, ro);
  /**
   * AkinPlayback:shuffle:
   *
   * Whether next picks a random song of the list (GSettings `shuffle`).
   */
  properties[AKIN_PLAYBACK_PROP_SHUFFLE] =
    g_param_spec_boolean ("shuffle", NULL, NULL, FALSE, rw);
  /**
   * AkinPlayback:repeat:
   *
   * What happens at the end of the list or of a song (GSettings `repeat`;
   * MPRIS LoopStatus).
   */
  properties[AKIN_PLAYBACK_PROP_REPEAT] =
    g_param_spec_enum ("repeat", NULL, NULL, AKIN_TYPE_QUEUE_REPEAT, AKIN_QUEUE_REPEAT_OFF, rw);
  /**
   * AkinPlayback:play-similar:
   *
   * Whether next picks the most similar unplayed track (GSettings
   * `play-similar`).
   */
  properties[AKIN_PLAYBACK_PROP_PLAY_SIMILAR] =
    g_param_spec_boolean ("play-similar", NULL, NULL, FALSE, rw);
  g_object_class_install_properties (object_class, AKIN_PLAYBACK_N_PROPS, properties);

  /**
   * AkinPlayback::error:
   * @message: a translated message
   *
   * A track could not be played (the player's own errors come from
   * AkinPlayer::error).
   */
  signals[SIGNAL_ERROR] =
    g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
akin_playback_init (AkinPlayback *self)
{
  self->current_track_id = -1;
  self->player = akin_player_new ();
  self->queue = akin_queue_new ();
  self->settings = g_settings_new (AKIN_SETTINGS_SCHEMA_ID);

  g_signal_connect_object (self->queue, "changed", G_CALLBACK (update_navigation), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->player, "notify::uri", G_CALLBACK (on_player_uri_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->player, "notify::state", G_CALLBACK (on_player_state_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->player, "notify::position",
                           G_CALLBACK (on_player_position_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->player, "end-of-stream", G_CALLBACK (on_end_of_stream), self,
                           G_CONNECT_SWAPPED);

  g_settings_bind (self->settings, "volume", self->player, "volume", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "shuffle", self, "shuffle", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "repeat", self, "repeat", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "play-similar", self, "play-similar", G_SETTINGS_BIND_DEFAULT);
}

/**
 * akin_playback_new:
 *
 * Returns: (transfer full): a playback with its own player and an empty
 *   queue
 */
AkinPlayback *
akin_playback_new (void)
{
  return g_object_new (AKIN_TYPE_PLAYBACK, NULL);
}

/**
 * akin_playback_get_player:
 *
 * Returns: (transfer none): the player (for seeking, the volume and its
 *   errors; tracks are started through this object)
 */
AkinPlayer *
akin_playback_get_player (AkinPlayback *self)
{
  g_return_val_if_fail (AKIN_IS_PLAYBACK (self), NULL);
  return self->player;
}

/**
 * akin_playback_get_queue:
 *
 * The queue: the Queue page shows and edits its songs queued by hand, and
 * the library view gives it its order (akin_queue_set_neighbour_func()).
 *
 * Returns: (transfer none): the queue
 */
AkinQueue *
akin_playback_get_queue (AkinPlayback *self)
{
  g_return_val_if_fail (AKIN_IS_PLAYBACK (self), NULL);
  return self->queue;
}

/**
 * akin_playback_set_library_manager:
 * @manager: (nullable): the library tracks are played from
 *
 * The first library also brings back the last session's song, paused, and
 * its queue (akin_playback_restore_resume()).
 */
void
akin_playback_set_library_manager (AkinPlayback       *self,
                                   AkinLibraryManager *manager)
{
  g_return_if_fail (AKIN_IS_PLAYBACK (self));
  g_return_if_fail (manager == NULL || AKIN_IS_LIBRARY_MANAGER (manager));

  if (!g_set_object (&self->manager, manager))
    return;
  if (manager != NULL && !self->resumed)
    {
      self->resumed = TRUE;
      akin_playback_restore_resume (self);
    }
}

AkinLibraryManager *
akin_playback_get_library_manager (AkinPlayback *self)
{
  g_return_val_if_fail (AKIN_IS_PLAYBACK (self), NULL);
  return self->manager;
}

gint64
akin_playback_get_current_track_id (AkinPlayback *self)
{
  g_return_val_if_fail (AKIN_IS_PLAYBACK (self), -1);
  return self->current_track_id;
}

AkinPlayerState
akin_playback_get_state (AkinPlayback *self)
{
  g_return_val_if_fail (AKIN_IS_PLAYBACK (self), AKIN_PLAYER_STATE_STOPPED);
  return akin_player_get_state (self->player);
}

double
akin_playback_get_position (AkinPlayback *self)
{
  g_return_val_if_fail (AKIN_IS_PLAYBACK (self), 0);
  return akin_player_get_position (self->player);
}

gboolean
akin_playback_get_has_next (AkinPlayback *self)
{
  g_return_val_if_fail (AKIN_IS_PLAYBACK (self), FALSE);
  return self->has_next;
}

gboolean
akin_playback_get_has_previous (AkinPlayback *self)
{
  g_return_val_if_fail (AKIN_IS_PLAYBACK (self), FALSE);
  return self->has_previous;
}

gboolean
akin_playback_get_can_go_previous (AkinPlayback *self)
{
  g_return_val_if_fail (AKIN_IS_PLAYBACK (self), FALSE);
  return self->can_go_previous;
}

gboolean
akin_playback_get_shuffle (AkinPlayback *self)
{
  g_return_val_if_fail (AKIN_IS_PLAYBACK (self), FALSE);
  return akin_queue_get_shuffle (self->queue);
}

void
akin_playback_set_shuffle (AkinPlayback *self,
                           gboolean      shuffle)
{
  g_return_if_fail (AKIN_IS_PLAYBACK (self));

  if (akin_queue_get_shuffle (self->queue) == !!shuffle)
    return;
  akin_queue_set_shuffle (self->queue, shuffle);
  g_object_notify_by_pspec (G_OBJECT (self), properties[AKIN_PLAYBACK_PROP_SHUFFLE]);
}

AkinQueueRepeat
akin_playback_get_repeat (AkinPlayback *self)
{
  g_return_val_if_fail (AKIN_IS_PLAYBACK (self), AKIN_QUEUE_REPEAT_OFF);
  return akin_queue_get_repeat (self->queue);
}

void
akin_playback_set_repeat (AkinPlayback    *self,
                          AkinQueueRepeat  repeat)
{
  g_return_if_fail (AKIN_IS_PLAYBACK (self));

  if (akin_queue_get_repeat (self->queue) == repeat)
    return;
  akin_queue_set_repeat (self->queue, repeat);
  g_object_notify_by_pspec (G_OBJECT (self), properties[AKIN_PLAYBACK_PROP_REPEAT]);
}

gboolean
akin_playback_get_play_similar (AkinPlayback *self)
{
  g_return_val_if_fail (AKIN_IS_PLAYBACK (self), FALSE);
  return akin_queue_get_play_similar (self->queue);
}

void
akin_playback_set_play_similar (AkinPlayback *self,
                                gboolean      play_similar)
{
  g_return_if_fail (AKIN_IS_PLAYBACK (self));

  if (akin_queue_get_play_similar (self->queue) == !!play_similar)
    return;
  akin_queue_set_play_similar (self->queue, play_similar);
  g_object_notify_by_pspec (G_OBJECT (self), properties[AKIN_PLAYBACK_PROP_PLAY_SIMILAR]);
}

/**
 * akin_playback_play_uri:
 * @uri: the file to play
 * @now_playing: (nullable): what to show about it; %NULL derives a title
 *   from the file name
 *
 * Loads @uri (from its start again when it is loaded already) and plays
 * it. A file of the library becomes the current track; previous and next
 * then follow the library order.
 */
void
akin_playback_play_uri (AkinPlayback   *self,
                        const char     *uri,
                        AkinNowPlaying *now_playing)
{
  g_autoptr(AkinNowPlaying) fallback = NULL;

  g_return_if_fail (AKIN_IS_PLAYBACK (self));
  g_return_if_fail (uri != NULL);

  if (now_playing == NULL)
    now_playing = fallback = akin_now_playing_new_for_uri (uri);
  load (self, uri, now_playing);
  follow_uri (self);
  akin_player_play (self->player);
}

/**
 * akin_playback_play_track:
 * @track_id: a library track
 * @source: the list previous and next walk through from there
 *
 * Plays @track_id. A track no longer in the library is reported through
 * #AkinPlayback::error.
 *
 * Returns: whether the track was found and started
 */
gboolean
akin_playback_play_track (AkinPlayback    *self,
                          gint64           track_id,
                          AkinQueueSource  source)
{
  g_autoptr(AkinTrack) track = NULL;
  g_autoptr(AkinNowPlaying) np = NULL;

  g_return_val_if_fail (AKIN_IS_PLAYBACK (self), FALSE);

  track = get_track (self, track_id);
  if (track == NULL)
    {
      g_signal_emit (self, signals[SIGNAL_ERROR], 0, _("This song is no longer in the library"));
      return FALSE;
    }

  /* Without a title, the record shows the file name. */
  np = akin_now_playing_new (track->uri,
                             track->tags.title != NULL && *track->tags.title != '\0'
                               ? track->tags.title : NULL,
                             track->tags.artist, track->tags.album, NULL);
  load (self, track->uri, np);
  akin_queue_set_current (self->queue, track_id, track->tags.artist, source);
  akin_player_play (self->player);
  return TRUE;
}

/**
 * akin_playback_play_from_list:
 * @list: (array length=n_list): a similar list, in its order
 * @track_id: the entry of @list to play
 *
 * Plays @track_id; previous and next then walk through @list (a copy).
 *
 * Returns: whether the track was found and started
 */
gboolean
akin_playback_play_from_list (AkinPlayback             *self,
                              const AkinQueueCandidate *list,
                              guint                     n_list,
                              gint64                    track_id)
{
  g_return_val_if_fail (AKIN_IS_PLAYBACK (self), FALSE);

  akin_queue_set_similar_list (self->queue, list, n_list);
  return akin_playback_play_track (self, track_id, AKIN_QUEUE_SOURCE_SIMILAR);
}

/**
 * akin_playback_set_candidates:
 * @anchor_id: the track the candidates are similar to
 * @candidates: (array length=n_candidates): its similar tracks
 *
 * Play Similar's candidates while @anchor_id is current.
 */
void
akin_playback_set_candidates (AkinPlayback             *self,
                              gint64                    anchor_id,
                              const AkinQueueCandidate *candidates,
                              guint                     n_candidates)
{
  g_return_if_fail (AKIN_IS_PLAYBACK (self));

  akin_queue_set_candidates (self->queue, anchor_id, candidates, n_candidates);
}

/**
 * akin_playback_queue_track:
 * @track_id: a library track
 * @play_next: %TRUE to queue it first (Play Next), %FALSE last (Add to Queue)
 *
 * Returns: whether the track is in the library and was queued
 */
gboolean
akin_playback_queue_track (AkinPlayback *self,
                           gint64        track_id,
                           gboolean      play_next)
{
  g_autoptr(AkinTrack) track = NULL;
  g_autoptr(AkinTrackObject) item = NULL;

  g_return_val_if_fail (AKIN_IS_PLAYBACK (self), FALSE);

  if ((track = get_track (self, track_id)) == NULL)
    return FALSE;
  item = akin_track_object_new (track);
  akin_queue_add (self->queue, G_OBJECT (item), play_next);
  return TRUE;
}

/**
 * akin_playback_play_queued:
 * @position: a song queued by hand
 *
 * Takes it out of the queue and plays it; the list goes on from where it
 * was afterwards.
 *
 * Returns: whether there was a song at @position and it started
 */
gboolean
akin_playback_play_queued (AkinPlayback *self,
                           guint         position)
{
  AkinQueueSource source;
  gint64 id;

  g_return_val_if_fail (AKIN_IS_PLAYBACK (self), FALSE);

  source = akin_queue_get_source (self->queue);
  id = akin_queue_play_queued (self->queue, position);
  return id > 0 && akin_playback_play_track (self, id, source);
}

/**
 * akin_playback_next:
 *
 * Plays what comes next (see akin_queue_peek_next()), if anything does.
 */
void
akin_playback_next (AkinPlayback *self)
{
  AkinQueueSource source;
  gint64 id;

  g_return_if_fail (AKIN_IS_PLAYBACK (self));

  source = akin_queue_get_source (self->queue);
  id = akin_queue_next (self->queue);
  if (id > 0)
    akin_playback_play_track (self, id, source);
}

/**
 * akin_playback_previous:
 *
 * Near the start of a track (AKIN_RESTART_THRESHOLD) with a track before
 * it, plays that one; otherwise starts the current track again.
 */
void
akin_playback_previous (AkinPlayback *self)
{
  g_return_if_fail (AKIN_IS_PLAYBACK (self));

  if (self->has_previous && akin_player_get_position (self->player) < AKIN_RESTART_THRESHOLD)
    {
      AkinQueueSource source = akin_queue_get_source (self->queue);
      gint64 id = akin_queue_previous (self->queue);

      if (id > 0)
        akin_playback_play_track (self, id, source);
      return;
    }

  if (akin_player_get_uri (self->player) == NULL)
    return;
  if (akin_player_get_state (self->player) == AKIN_PLAYER_STATE_STOPPED)
    akin_player_play (self->player);
  else
    akin_player_seek (self->player, 0);
}

void
akin_playback_play (AkinPlayback *self)
{
  g_return_if_fail (AKIN_IS_PLAYBACK (self));
  akin_player_play (self->player);
}

void
akin_playback_pause (AkinPlayback *self)
{
  g_return_if_fail (AKIN_IS_PLAYBACK (self));
  akin_player_pause (self->player);
}

void
akin_playback_toggle (AkinPlayback *self)
{
  g_return_if_fail (AKIN_IS_PLAYBACK (self));
  akin_player_toggle (self->player);
}

void
akin_playback_stop (AkinPlayback *self)
{
  g_return_if_fail (AKIN_IS_PLAYBACK (self));
  akin_player_stop (self->player);
}

void
akin_playback_seek (AkinPlayback *self,
                    double        seconds)
{
  g_return_if_fail (AKIN_IS_PLAYBACK (self));
  akin_player_seek (self->player, seconds);
}
