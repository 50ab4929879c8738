/* akin-mpris.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * MPRIS 2 (https://specifications.freedesktop.org/mpris-spec/latest/) over
 * GDBus: the org.mpris.MediaPlayer2 and org.mpris.MediaPlayer2.Player
 * interfaces at /org/mpris/MediaPlayer2. It observes AkinPlayer and the
 * now-playing record the application binds to it, never widgets. Property
 * changes are gathered and sent in one PropertiesChanged per main loop turn;
 * Position is not signalled (the spec says so) except through Seeked when
 * it jumps. Raise and Quit go through the GApplication; Next and Previous
 * are re-emitted as signals for whoever owns the queue.
 */

#include "config.h"

#include <math.h>

#include "akin-application.h"
#include "akin-mpris-private.h"

G_DEFINE_FINAL_TYPE (AkinMpris, akin_mpris, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PLAYER,
  PROP_NOW_PLAYING,
  PROP_CAN_GO_NEXT,
  PROP_CAN_GO_PREVIOUS,
  N_PROPS
};

enum {
  NEXT_REQUESTED,
  PREVIOUS_REQUESTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

static gboolean
flush_changes (gpointer data)
{
  AkinMpris      *self = data;
  GVariantBuilder changed;
  GHashTableIter  iter;
  gpointer        name;

  self->flush_id = 0;
  if (self->connection == NULL || g_hash_table_size (self->changed) == 0)
    {
      g_hash_table_remove_all (self->changed);
      return G_SOURCE_REMOVE;
    }

  g_variant_builder_init (&changed, G_VARIANT_TYPE_VARDICT);
  g_hash_table_iter_init (&iter, self->changed);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    g_variant_builder_add (&changed, "{sv}", (const char *) name,
                           _akin_mpris_get_property_value (self, name));
  g_hash_table_remove_all (self->changed);

  g_dbus_connection_emit_signal (self->connection, NULL, MPRIS_PATH,
                                 "org.freedesktop.DBus.Properties", "PropertiesChanged",
                                 g_variant_new ("(sa{sv}as)", PLAYER_IFACE, &changed, NULL),
                                 NULL);
  return G_SOURCE_REMOVE;
}

static void
queue_change (AkinMpris  *self,
              const char *name)
{
  g_hash_table_add (self->changed, (gpointer) g_intern_string (name));
  if (self->flush_id == 0)
    self->flush_id = g_idle_add_full (G_PRIORITY_DEFAULT, flush_changes, self, NULL);
}

static void
on_state_changed (AkinMpris *self)
{
  self->last_position = akin_player_get_position (self->player);
  self->last_position_time = g_get_monotonic_time ();
  queue_change (self, "PlaybackStatus");
}

static void
on_uri_changed (AkinMpris *self)
{
  self->last_position = 0;
  self->last_position_time = g_get_monotonic_time ();
  queue_change (self, "Metadata");
  queue_change (self, "CanPlay");
  queue_change (self, "CanPause");
}

static void
on_uri_or_duration_changed (AkinMpris *self)
{
  queue_change (self, "Metadata");
}

static void
on_volume_changed (AkinMpris *self)
{
  queue_change (self, "Volume");
}

static void
on_shuffle_changed (AkinMpris *self)
{
  queue_change (self, "Shuffle");
}

static void
on_repeat_changed (AkinMpris *self)
{
  queue_change (self, "LoopStatus");
}

static void
on_can_seek_changed (AkinMpris *self)
{
  queue_change (self, "CanSeek");
}

/* Position moves continuously while playing; only a jump away from where
 * it should be by now is a seek. */
static void
on_position_changed (AkinMpris *self)
{
  double position = akin_player_get_position (self->player);
  gint64 now = g_get_monotonic_time ();
  double expected = self->last_position;

  if (akin_player_get_state (self->player) == AKIN_PLAYER_STATE_PLAYING)
    expected += (now - self->last_position_time) / (double) G_USEC_PER_SEC;

  self->last_position = position;
  self->last_position_time = now;

  if (fabs (position - expected) > SEEK_TOLERANCE_S && self->connection != NULL &&
      akin_player_get_state (self->player) != AKIN_PLAYER_STATE_STOPPED)
    g_dbus_connection_emit_signal (self->connection, NULL, MPRIS_PATH, PLAYER_IFACE, "Seeked",
                                   g_variant_new ("(x)", (gint64) (position * G_USEC_PER_SEC)),
                                   NULL);
}

static void
on_bus_acquired (GDBusConnection *connection,
                 const char      *name,
                 gpointer         data)
{
  AkinMpris        *self = data;
  g_autoptr(GError) error = NULL;

  self->connection = g_object_ref (connection);
  self->root_registration =
    g_dbus_connection_register_object (connection, MPRIS_PATH, self->node_info->interfaces[0],
                                       &_akin_mpris_root_vtable, self, NULL, &error);
  if (self->root_registration != 0)
    self->player_registration =
      g_dbus_connection_register_object (connection, MPRIS_PATH, self->node_info->interfaces[1],
                                         &_akin_mpris_player_vtable, self, NULL, &error);
  if (error != NULL)
    g_warning ("MPRIS is not available: %s", error->message);
}

static void
on_name_lost (GDBusConnection *connection,
              const char      *name,
              gpointer         data)
{
  g_debug ("MPRIS bus name %s not owned", name);
}

static void
on_cover_written (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr(AkinMpris) self = data;
  g_autoptr(GError)    error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Cover not cached: %s", error->message);
      return;
    }

  g_free (self->art_url);
  self->art_url = g_file_get_uri (G_FILE (source));
  queue_change (self, "Metadata");
}

/* MPRIS wants the cover as a URI: keep it in the cache, named by content. */
static void
update_art_url (AkinMpris *self)
{
  GBytes           *cover = NULL;
  g_autofree char  *sum = NULL;
  g_autofree char  *path = NULL;
  g_autoptr(GFile)  file = NULL;

  g_cancellable_cancel (self->art_cancellable);
  g_clear_object (&self->art_cancellable);
  g_clear_pointer (&self->art_url, g_free);
  if (self->now_playing != NULL)
    cover = akin_now_playing_get_cover (self->now_playing);
  if (cover == NULL)
    return;

  sum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA1, cover);
  path = g_build_filename (g_get_user_cache_dir (), "akin", "covers", sum, NULL);
  file = g_file_new_for_path (path);
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      self->art_url = g_file_get_uri (file);
      return;
    }

  {
    g_autofree char *dir = g_path_get_dirname (path);

    g_mkdir_with_parents (dir, 0700);
  }
  self->art_cancellable = g_cancellable_new ();
  g_file_replace_contents_bytes_async (file, cover, NULL, FALSE, G_FILE_CREATE_PRIVATE,
                                       self->art_cancellable, on_cover_written,
                                       g_object_ref (self));
}

static void
akin_mpris_constructed (GObject *object)
{
  AkinMpris *self = AKIN_MPRIS (object);

  G_OBJECT_CLASS (akin_mpris_parent_class)->constructed (object);

  g_assert (AKIN_IS_PLAYER (self->player));

  g_signal_connect_object (self->player, "notify::state", G_CALLBACK (on_state_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->player, "notify::uri", G_CALLBACK (on_uri_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->player, "notify::position", G_CALLBACK (on_position_changed),
                           self, G_CONNECT_SWAPPED);
  /* mpris:length is part of Metadata. */
  g_signal_connect_object (self->player, "notify::duration",
                           G_CALLBACK (on_uri_or_duration_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->player, "notify::volume", G_CALLBACK (on_volume_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->player, "notify::can-seek", G_CALLBACK (on_can_seek_changed),
                           self, G_CONNECT_SWAPPED);
}

static void
akin_mpris_dispose (GObject *object)
{
  AkinMpris *self = AKIN_MPRIS (object);

  g_clear_handle_id (&self->owner_id, g_bus_unown_name);
  if (self->connection != NULL)
    {
      if (self->root_registration != 0)
        g_dbus_connection_unregister_object (self->connection, self->root_registration);
      if (self->player_registration != 0)
        g_dbus_connection_unregister_object (self->connection, self->player_registration);
      self->root_registration = self->player_registration = 0;
      g_clear_object (&self->connection);
    }
  g_clear_handle_id (&self->flush_id, g_source_remove);
  g_cancellable_cancel (self->art_cancellable);
  g_clear_object (&self->art_cancellable);
  g_clear_object (&self->player);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  self->application = NULL;

  G_OBJECT_CLASS (akin_mpris_parent_class)->dispose (object);
}

static void
akin_mpris_finalize (GObject *object)
{
  AkinMpris *self = AKIN_MPRIS (object);

  g_clear_pointer (&self->now_playing, akin_now_playing_unref);
  g_clear_pointer (&self->node_info, g_dbus_node_info_unref);
  g_clear_pointer (&self->changed, g_hash_table_unref);
  g_clear_pointer (&self->bus_name, g_free);
  g_clear_pointer (&self->art_url, g_free);

  G_OBJECT_CLASS (akin_mpris_parent_class)->finalize (object);
}

static void
akin_mpris_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  AkinMpris *self = AKIN_MPRIS (object);

  switch (prop_id)
    {
    case PROP_PLAYER:
      g_value_set_object (value, self->player);
      break;
    case PROP_NOW_PLAYING:
      g_value_set_boxed (value, self->now_playing);
      break;
    case PROP_CAN_GO_NEXT:
      g_value_set_boolean (value, self->can_go_next);
      break;
    case PROP_CAN_GO_PREVIOUS:
      g_value_set_boolean (value, self->can_go_previous);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
akin_mpris_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  AkinMpris *self = AKIN_MPRIS (object);

  switch (prop_id)
    {
    case PROP_PLAYER:
      self->player = g_value_dup_object (value);
      break;
    case PROP_NOW_PLAYING:
      akin_mpris_set_now_playing (self, g_value_get_boxed (value));
      break;
    case PROP_CAN_GO_NEXT:
      akin_mpris_set_can_go_next (self, g_value_get_boolean (value));
      break;
    case PROP_CAN_GO_PREVIOUS:
      akin_mpris_set_can_go_previous (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
akin_mpris_class_init (AkinMprisClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = akin_mpris_constructed;
  object_class->dispose = akin_mpris_dispose;
  object_class->finalize = akin_mpris_finalize;
  object_class->get_property = akin_mpris_get_property;
  object_class->set_property = akin_mpris_set_property;

  properties[PROP_PLAYER] =
    g_param_spec_object ("player", NULL, NULL, AKIN_TYPE_PLAYER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NOW_PLAYING] =
    g_param_spec_boxed ("now-playing", NULL, NULL, AKIN_TYPE_NOW_PLAYING,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_GO_NEXT] =
    g_param_spec_boolean ("can-go-next", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_GO_PREVIOUS] =
    g_param_spec_boolean ("can-go-previous", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * AkinMpris::next-requested:
   *
   * A Next call arrived while #AkinMpris:can-go-next.
   */
  signals[NEXT_REQUESTED] =
    g_signal_new ("next-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * AkinMpris::previous-requested:
   *
   * A Previous call arrived while #AkinMpris:can-go-previous.
   */
  signals[PREVIOUS_REQUESTED] =
    g_signal_new ("previous-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
akin_mpris_init (AkinMpris *self)
{
  self->node_info = _akin_mpris_node_info_new ();
  g_assert (self->node_info != NULL);
  self->changed = g_hash_table_new (NULL, NULL);
  self->settings = g_settings_new (AKIN_SETTINGS_SCHEMA_ID);
  g_signal_connect_object (self->settings, "changed::shuffle", G_CALLBACK (on_shuffle_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::repeat", G_CALLBACK (on_repeat_changed),
                           self, G_CONNECT_SWAPPED);
  /* A development build can run beside a released one. */
#ifdef DEVELOPMENT_BUILD
  self->bus_name = g_strdup ("org.mpris.MediaPlayer2.Akin.Devel");
#else
  self->bus_name = g_strdup ("org.mpris.MediaPlayer2.Akin");
#endif
}

/**
 * akin_mpris_new:
 * @application: receives Raise (activate), Quit (the `quit` action) and
 *   OpenUri (open); not referenced, it must outlive the service
 * @player: the player to expose
 *
 * Owns the MPRIS bus name on the session bus and serves the player there
 * until the object is disposed.
 *
 * Returns: (transfer full): the service
 */
AkinMpris *
akin_mpris_new (GApplication *application,
                AkinPlayer   *player)
{
  AkinMpris *self;

  g_return_val_if_fail (G_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (AKIN_IS_PLAYER (player), NULL);

  self = g_object_new (AKIN_TYPE_MPRIS, "player", player, NULL);
  self->application = application;
  self->owner_id = g_bus_own_name (G_BUS_TYPE_SESSION, self->bus_name, G_BUS_NAME_OWNER_FLAGS_NONE,
                                   on_bus_acquired, NULL, on_name_lost, self, NULL);
  return self;
}

/**
 * akin_mpris_get_bus_name:
 *
 * Returns: (transfer none): the well-known name the service owns (or tries to)
 */
const char *
akin_mpris_get_bus_name (AkinMpris *self)
{
  g_return_val_if_fail (AKIN_IS_MPRIS (self), NULL);
  return self->bus_name;
}

/**
 * akin_mpris_set_now_playing:
 * @now_playing: (nullable): title, artist, album and cover of the current track
 */
void
akin_mpris_set_now_playing (AkinMpris      *self,
                            AkinNowPlaying *now_playing)
{
  g_return_if_fail (AKIN_IS_MPRIS (self));

  if (self->now_playing == now_playing)
    return;

  g_clear_pointer (&self->now_playing, akin_now_playing_unref);
  if (now_playing != NULL)
    self->now_playing = akin_now_playing_ref (now_playing);
  update_art_url (self);
  queue_change (self, "Metadata");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOW_PLAYING]);
}

void
akin_mpris_set_can_go_next (AkinMpris *self,
                            gboolean   can_go_next)
{
  g_return_if_fail (AKIN_IS_MPRIS (self));

  can_go_next = !!can_go_next;
  if (self->can_go_next == can_go_next)
    return;
  self->can_go_next = can_go_next;
  queue_change (self, "CanGoNext");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_GO_NEXT]);
}

void
akin_mpris_set_can_go_previous (AkinMpris *self,
                                gboolean   can_go_previous)
{
  g_return_if_fail (AKIN_IS_MPRIS (self));

  can_go_previous = !!can_go_previous;
  if (self->can_go_previous == can_go_previous)
    return;
  self->can_go_previous = can_go_previous;
  queue_change (self, "CanGoPrevious");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_GO_PREVIOUS]);
}

void
_akin_mpris_emit_next_requested (AkinMpris *self)
{
  g_signal_emit (self, signals[NEXT_REQUESTED], 0);
}

void
_akin_mpris_emit_previous_requested (AkinMpris *self)
{
  g_signal_emit (self, signals[PREVIOUS_REQUESTED], 0);
}
