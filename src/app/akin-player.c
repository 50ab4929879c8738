/* akin-player.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Threading model
 * ---------------
 * AkinPlayer is a main-thread object: every property changes, and every
 * signal is emitted, in the main context that was the thread default when the
 * player was created. libvlc runs decoding and output in threads of its own and
 * delivers its events (playing, paused, end reached, error, length and
 * seekability changes) on those threads. The event callback only copies the
 * event into a PlayerEvent and attaches an idle source to the main context; it
 * never touches the player's state and never calls back into libvlc, which
 * libvlc forbids from inside its callbacks and which would deadlock on the
 * event lock. The idle handler applies the event on the main thread.
 *
 * An idle handler holds only a weak reference to the player, so events that
 * arrive after the player is gone are dropped. Each event also carries the
 * media generation it was raised for; set_uri() bumps the generation, so
 * late events of the previous track (its "stopped", a final "end reached")
 * cannot move the state of the new one.
 *
 * The position is read with libvlc_media_player_get_time() from a main-thread
 * timer that runs only while playing, which coalesces libvlc's much more
 * frequent time-changed events into a few notifications per second.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "akin-app-enums.h"
#include "akin-player-private.h"

#define POSITION_INTERVAL_MS 200
/* Timer ticks ignored after a seek, so a reading taken before libvlc has
 * moved does not make the position jump back for a moment. */
#define TICKS_AFTER_SEEK 2

G_DEFINE_FINAL_TYPE (AkinPlayer, akin_player, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_URI,
  PROP_STATE,
  PROP_POSITION,
  PROP_DURATION,
  PROP_VOLUME,
  PROP_CAN_SEEK,
  N_PROPS
};

enum {
  END_OF_STREAM,
  ERROR,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

void
_akin_player_set_state (AkinPlayer      *self,
                        AkinPlayerState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  /* A resumed track starts where it was left. */
  if (state == AKIN_PLAYER_STATE_PLAYING && self->pending_start > 0 && self->media_player != NULL)
    {
      libvlc_media_player_set_time (self->media_player,
                                    (libvlc_time_t) (self->pending_start * 1000));
      self->ticks_to_skip = TICKS_AFTER_SEEK;
      _akin_player_set_position (self, self->pending_start);
    }
  self->pending_start = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

void
_akin_player_set_position (AkinPlayer *self,
                           double      position)
{
  if (self->position == position)
    return;
  self->position = position;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
}

void
_akin_player_set_duration (AkinPlayer *self,
                           double      duration)
{
  if (self->duration == duration)
    return;
  self->duration = duration;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION]);
}

void
_akin_player_set_can_seek (AkinPlayer *self,
                           gboolean    can_seek)
{
  can_seek = !!can_seek;
  if (self->can_seek == can_seek)
    return;
  self->can_seek = can_seek;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_SEEK]);
}

gboolean
_akin_player_update_position (gpointer data)
{
  AkinPlayer    *self = data;
  libvlc_time_t  time;

  g_assert (AKIN_IS_PLAYER (self));

  if (self->ticks_to_skip > 0)
    {
      self->ticks_to_skip--;
      return G_SOURCE_CONTINUE;
    }

  time = libvlc_media_player_get_time (self->media_player);
  if (time >= 0)
    _akin_player_set_position (self, time / 1000.0);

  if (self->duration <= 0)
    {
      libvlc_time_t length = libvlc_media_player_get_length (self->media_player);

      if (length > 0)
        _akin_player_set_duration (self, length / 1000.0);
    }

  return G_SOURCE_CONTINUE;
}

void
_akin_player_start_position_timer (AkinPlayer *self)
{
  if (self->position_id == 0)
    self->position_id = g_timeout_add (POSITION_INTERVAL_MS, _akin_player_update_position, self);
}

void
_akin_player_stop_position_timer (AkinPlayer *self)
{
  g_clear_handle_id (&self->position_id, g_source_remove);
}

char *
_akin_player_display_name_for_uri (const char *uri)
{
  g_autofree char *path = g_filename_from_uri (uri, NULL, NULL);

  if (path != NULL)
    return g_filename_display_basename (path);
  return g_strdup (uri);
}

void
_akin_player_emit_error (AkinPlayer *self,
                         const char *message)
{
  g_signal_emit (self, signals[ERROR], 0, message);
}

/* Brings libvlc back to its idle state after the end or a failure, so the
 * next play() starts the track from the beginning. Main thread only. */
void
_akin_player_finish_track (AkinPlayer *self)
{
  _akin_player_stop_position_timer (self);
  libvlc_media_player_stop (self->media_player);
  _akin_player_set_state (self, AKIN_PLAYER_STATE_STOPPED);
  _akin_player_set_position (self, 0);
}

static gboolean
ensure_backend (AkinPlayer *self)
{
  if (self->media_player != NULL)
    return TRUE;
  _akin_player_emit_error (self,
                           _("Playback is not available: the VLC library could not be started"));
  return FALSE;
}

static void
akin_player_dispose (GObject *object)
{
  AkinPlayer *self = AKIN_PLAYER (object);

  _akin_player_stop_position_timer (self);
  _akin_player_drop_next (self);

  if (self->media_player != NULL)
    {
      _akin_player_detach_events (self);
      libvlc_media_player_stop (self->media_player);
      g_clear_pointer (&self->media_player, libvlc_media_player_release);
    }
  g_clear_pointer (&self->vlc, libvlc_release);

  G_OBJECT_CLASS (akin_player_parent_class)->dispose (object);
}

static void
akin_player_finalize (GObject *object)
{
  AkinPlayer *self = AKIN_PLAYER (object);

  g_clear_pointer (&self->uri, g_free);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (akin_player_parent_class)->finalize (object);
}

static void
akin_player_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  AkinPlayer *self = AKIN_PLAYER (object);

  switch (prop_id)
    {
    case PROP_URI:
      g_value_set_string (value, self->uri);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_POSITION:
      g_value_set_double (value, self->position);
      break;
    case PROP_DURATION:
      g_value_set_double (value, self->duration);
      break;
    case PROP_VOLUME:
      g_value_set_double (value, self->volume);
      break;
    case PROP_CAN_SEEK:
      g_value_set_boolean (value, self->can_seek);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
akin_player_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  AkinPlayer *self = AKIN_PLAYER (object);

  switch (prop_id)
    {
    case PROP_URI:
      akin_player_set_uri (self, g_value_get_string (value));
      break;
    case PROP_VOLUME:
      akin_player_set_volume (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
akin_player_class_init (AkinPlayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = akin_player_dispose;
  object_class->finalize = akin_player_finalize;
  object_class->get_property = akin_player_get_property;
  object_class->set_property = akin_player_set_property;

  /**
   * AkinPlayer:uri:
   *
   * The URI of the current track, or %NULL. Setting it stops playback.
   */
  properties[PROP_URI] =
    g_param_spec_string ("uri", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * AkinPlayer:state:
   *
   * Whether the current track is stopped, playing or paused.
   */
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       AKIN_TYPE_PLAYER_STATE, AKIN_PLAYER_STATE_STOPPED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * AkinPlayer:position:
   *
   * The playback position in seconds, updated a few times per second while
   * playing and at once after a seek.
   */
  properties[PROP_POSITION] =
    g_param_spec_double ("position", NULL, NULL, 0, G_MAXDOUBLE, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * AkinPlayer:duration:
   *
   * The length of the current track in seconds, or 0 while it is unknown
   * (libvlc learns it once playback starts).
   */
  properties[PROP_DURATION] =
    g_param_spec_double ("duration", NULL, NULL, 0, G_MAXDOUBLE, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * AkinPlayer:volume:
   *
   * The output volume, from 0 (silent) to 1 (unchanged).
   */
  properties[PROP_VOLUME] =
    g_param_spec_double ("volume", NULL, NULL, 0, 1, 1,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * AkinPlayer:can-seek:
   *
   * Whether akin_player_seek() can move within the current track.
   */
  properties[PROP_CAN_SEEK] =
    g_param_spec_boolean ("can-seek", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * AkinPlayer::end-of-stream:
   *
   * The current track played to its end. The player is stopped at position
   * 0 when this is emitted, so a queue can set the next URI right away.
   */
  signals[END_OF_STREAM] =
    g_signal_new ("end-of-stream", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * AkinPlayer::error:
   * @message: a translated message for the user, naming the file
   *
   * The current track could not be played. The player is stopped.
   */
  signals[ERROR] =
    g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
akin_player_init (AkinPlayer *self)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  const char *aout = g_getenv ("AKIN_VLC_AOUT");

  self->context = g_main_context_ref_thread_default ();
  self->volume = 1.0;

  g_ptr_array_add (args, g_strdup ("--no-video"));
  g_ptr_array_add (args, g_strdup ("--quiet"));
  g_ptr_array_add (args, g_strdup ("--no-xlib"));
  g_ptr_array_add (args, g_strdup ("--no-metadata-network-access"));
  /* Tests and headless machines run with AKIN_VLC_AOUT=adummy. */
  if (aout != NULL && *aout != '\0')
    g_ptr_array_add (args, g_strdup_printf ("--aout=%s", aout));

  self->vlc = libvlc_new ((int) args->len, (const char *const *) args->pdata);
  if (self->vlc == NULL)
    {
      g_warning ("libvlc_new() failed: %s", libvlc_errmsg () ? libvlc_errmsg () : "unknown error");
      return;
    }
  libvlc_set_user_agent (self->vlc, "Akin", "Akin/" PACKAGE_VERSION);
  libvlc_set_app_id (self->vlc, APP_ID, PACKAGE_VERSION, APP_ID);

  self->media_player = libvlc_media_player_new (self->vlc);
  if (self->media_player == NULL)
    {
      g_warning ("libvlc_media_player_new() failed");
      return;
    }

  _akin_player_attach_events (self);
}

/**
 * akin_player_new:
 *
 * Creates a player bound to the calling thread's default main context,
 * where all its notifications are delivered. Main thread only.
 *
 * Returns: (transfer full): a new #AkinPlayer
 */
AkinPlayer *
akin_player_new (void)
{
  return g_object_new (AKIN_TYPE_PLAYER, NULL);
}

/**
 * akin_player_set_uri:
 * @uri: (nullable): a URI such as `file:///…/song.ogg`, or %NULL to unload
 *
 * Loads a track without starting it; the player is stopped at 0.
 * Call akin_player_play() to start it. Main thread only.
 */
void
akin_player_set_uri (AkinPlayer *self,
                     const char *uri)
{
  gboolean prepared = FALSE;

  g_return_if_fail (AKIN_IS_PLAYER (self));

  if (g_strcmp0 (self->uri, uri) == 0)
    return;

  _akin_player_stop_position_timer (self);
  self->ticks_to_skip = 0;
  self->pending_start = 0;

  /* The prepared next track is open and paused at its start already. */
  prepared = self->media_player != NULL && _akin_player_take_next (self, uri);
  if (!prepared && self->media_player != NULL)
    {
      libvlc_media_t *media = NULL;

      if (uri != NULL)
        media = libvlc_media_new_location (self->vlc, uri);
      /* Stops the previous track synchronously; its last events carry the
       * old generation and are dropped. */
      libvlc_media_player_set_media (self->media_player, media);
      g_clear_pointer (&media, libvlc_media_release);
    }
  g_atomic_int_inc (&self->generation);

  g_free (self->uri);
  self->uri = g_strdup (uri);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URI]);

  _akin_player_set_state (self, AKIN_PLAYER_STATE_STOPPED);
  _akin_player_set_position (self, 0);
  /* A prepared track told its length and seekability while it opened. */
  _akin_player_set_duration (self, prepared ? MAX (libvlc_media_player_get_length (
                                                     self->media_player), 0) / 1000.0 : 0);
  _akin_player_set_can_seek (self, prepared && libvlc_media_player_is_seekable (
                                                  self->media_player));
}

/**
 * akin_player_set_uri_at:
 * @uri: (nullable): the track to load
 * @position: where it starts when played, in seconds
 * @duration: the track's length if known (e.g. from the library), or 0
 *
 * Loads @uri stopped, as akin_player_set_uri() does, with its position at
 * @position; the first akin_player_play() starts there. For resuming the
 * song of the last session: libvlc tells the length only once it plays, so
 * @duration stands in until then, and akin_player_seek() moves where the
 * song will start (#AkinPlayer:can-seek is set).
 */
void
akin_player_set_uri_at (AkinPlayer *self,
                        const char *uri,
                        double      position,
                        double      duration)
{
  g_return_if_fail (AKIN_IS_PLAYER (self));

  akin_player_set_uri (self, uri);
  if (uri == NULL || position <= 0)
    return;
  /* The length first, so that a seek bar can place the position. */
  if (duration > 0 && self->duration <= 0)
    _akin_player_set_duration (self, duration);
  self->pending_start = position;
  _akin_player_set_position (self, position);
  _akin_player_set_can_seek (self, TRUE);
}

/**
 * akin_player_get_resumed:
 *
 * Returns: %TRUE while a track loaded with akin_player_set_uri_at() waits
 *   to be played from its position (it can be seeked already)
 */
gboolean
akin_player_get_resumed (AkinPlayer *self)
{
  g_return_val_if_fail (AKIN_IS_PLAYER (self), FALSE);
  return self->state == AKIN_PLAYER_STATE_STOPPED && self->pending_start > 0;
}

/**
 * akin_player_get_uri:
 *
 * Returns: (nullable) (transfer none): the current track's URI
 */
const char *
akin_player_get_uri (AkinPlayer *self)
{
  g_return_val_if_fail (AKIN_IS_PLAYER (self), NULL);
  return self->uri;
}

AkinPlayerState
akin_player_get_state (AkinPlayer *self)
{
  g_return_val_if_fail (AKIN_IS_PLAYER (self), AKIN_PLAYER_STATE_STOPPED);
  return self->state;
}

double
akin_player_get_position (AkinPlayer *self)
{
  g_return_val_if_fail (AKIN_IS_PLAYER (self), 0);
  return self->position;
}

double
akin_player_get_duration (AkinPlayer *self)
{
  g_return_val_if_fail (AKIN_IS_PLAYER (self), 0);
  return self->duration;
}

gboolean
akin_player_get_can_seek (AkinPlayer *self)
{
  g_return_val_if_fail (AKIN_IS_PLAYER (self), FALSE);
  return self->can_seek;
}

double
akin_player_get_volume (AkinPlayer *self)
{
  g_return_val_if_fail (AKIN_IS_PLAYER (self), 0);
  return self->volume;
}

/**
 * akin_player_set_volume:
 * @volume: from 0 (silent) to 1 (unchanged); clamped
 *
 * Main thread only.
 */
void
akin_player_set_volume (AkinPlayer *self,
                        double      volume)
{
  g_return_if_fail (AKIN_IS_PLAYER (self));

  volume = CLAMP (volume, 0.0, 1.0);
  if (self->volume == volume)
    return;

  self->volume = volume;
  if (self->media_player != NULL)
    libvlc_audio_set_volume (self->media_player, (int) (volume * 100 + 0.5));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VOLUME]);
}

/**
 * akin_player_play:
 *
 * Starts or resumes the current track. The state becomes
 * %AKIN_PLAYER_STATE_PLAYING once libvlc reports it; a track that cannot be
 * played emits #AkinPlayer::error instead. Main thread only.
 */
void
akin_player_play (AkinPlayer *self)
{
  g_return_if_fail (AKIN_IS_PLAYER (self));

  if (self->uri == NULL || !ensure_backend (self))
    return;

  self->play_serial++;
  if (libvlc_media_player_play (self->media_player) != 0)
    {
      g_autofree char *name = _akin_player_display_name_for_uri (self->uri);
      g_autofree char *message = g_strdup_printf (_("Could not play “%s”"), name);

      _akin_player_emit_error (self, message);
    }
}

/**
 * akin_player_pause:
 *
 * Pauses the current track if it is playing. Main thread only.
 */
void
akin_player_pause (AkinPlayer *self)
{
  g_return_if_fail (AKIN_IS_PLAYER (self));

  if (self->state == AKIN_PLAYER_STATE_PLAYING && self->media_player != NULL)
    libvlc_media_player_set_pause (self->media_player, 1);
}

/**
 * akin_player_toggle:
 *
 * Pauses when playing, plays otherwise. Main thread only.
 */
void
akin_player_toggle (AkinPlayer *self)
{
  g_return_if_fail (AKIN_IS_PLAYER (self));

  if (self->state == AKIN_PLAYER_STATE_PLAYING)
    akin_player_pause (self);
  else
    akin_player_play (self);
}

/**
 * akin_player_stop:
 *
 * Stops playback and rewinds to 0; the track stays loaded. Main thread only.
 */
void
akin_player_stop (AkinPlayer *self)
{
  g_return_if_fail (AKIN_IS_PLAYER (self));

  if (self->media_player != NULL)
    _akin_player_finish_track (self);
}

/**
 * akin_player_seek:
 * @seconds: the new position, clamped to the track
 *
 * Moves within a playing or paused track; does nothing when the track
 * cannot seek or is stopped. #AkinPlayer:position changes at once.
 * Main thread only.
 */
void
akin_player_seek (AkinPlayer *self,
                  double      seconds)
{
  g_return_if_fail (AKIN_IS_PLAYER (self));

  if (self->state == AKIN_PLAYER_STATE_STOPPED && self->pending_start > 0)
    {
      /* Resumed but not started: move where it will start. */
      self->pending_start = MAX (seconds, 0.001);
      _akin_player_set_position (self, self->pending_start);
      return;
    }
  if (!self->can_seek || self->state == AKIN_PLAYER_STATE_STOPPED || self->media_player == NULL)
    return;

  seconds = MAX (seconds, 0.0);
  if (self->duration > 0)
    seconds = MIN (seconds, self->duration);

  libvlc_media_player_set_time (self->media_player, (libvlc_time_t) (seconds * 1000));
  self->ticks_to_skip = TICKS_AFTER_SEEK;
  _akin_player_set_position (self, seconds);
}

void
_akin_player_emit_end_of_stream (AkinPlayer *self)
{
  g_signal_emit (self, signals[END_OF_STREAM], 0);
}
