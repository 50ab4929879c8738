/* akin-mpris.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * MPRIS 2 (https://specifications.freedesktop.org/mpris-spec/latest/) over
 * GDBus: the org.mpris.MediaPlayer2 and org.mpris.MediaPlayer2.Player
 * interfaces at /org/mpris/MediaPlayer2. It observes the application's
 * AkinPlayback (and its player), never widgets, and calls its methods:
 * Next is akin_playback_next(), one hop. Property changes are gathered
 * and sent in one PropertiesChanged per main loop turn; Position is not
 * signalled (the spec says so) except through Seeked when it jumps. Raise
 * and Quit go through the GApplication.
 */

#include "config.h"

#include <math.h>

#include "akin-mpris-private.h"

G_DEFINE_FINAL_TYPE (AkinMpris, akin_mpris, G_TYPE_OBJECT)

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
on_has_next_changed (AkinMpris *self)
{
  queue_change (self, "CanGoNext");
}

static void
on_can_go_previous_changed (AkinMpris *self)
{
  queue_change (self, "CanGoPrevious");
}

static void update_art_url (AkinMpris *self);

static void
on_now_playing_changed (AkinMpris *self)
{
  update_art_url (self);
  queue_change (self, "Metadata");
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
  AkinNowPlaying   *np = akin_playback_get_now_playing (self->playback);
  GBytes           *cover = NULL;
  g_autofree char  *sum = NULL;
  g_autofree char  *path = NULL;
  g_autoptr(GFile)  file = NULL;

  g_cancellable_cancel (self->art_cancellable);
  g_clear_object (&self->art_cancellable);
  g_clear_pointer (&self->art_url, g_free);
  if (np != NULL)
    cover = akin_now_playing_get_cover (np);
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
watch_playback (AkinMpris    *self,
                AkinPlayback *playback)
{
  self->playback = g_object_ref (playback);
  self->player = g_object_ref (akin_playback_get_player (self->playback));
  g_signal_connect_object (self->playback, "notify::now-playing",
                           G_CALLBACK (on_now_playing_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->playback, "notify::has-next", G_CALLBACK (on_has_next_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->playback, "notify::can-go-previous",
                           G_CALLBACK (on_can_go_previous_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->playback, "notify::shuffle", G_CALLBACK (on_shuffle_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->playback, "notify::repeat", G_CALLBACK (on_repeat_changed),
                           self, G_CONNECT_SWAPPED);
  update_art_url (self);

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
  g_clear_object (&self->playback);
  self->application = NULL;

  G_OBJECT_CLASS (akin_mpris_parent_class)->dispose (object);
}

static void
akin_mpris_finalize (GObject *object)
{
  AkinMpris *self = AKIN_MPRIS (object);

  g_clear_pointer (&self->node_info, g_dbus_node_info_unref);
  g_clear_pointer (&self->changed, g_hash_table_unref);
  g_clear_pointer (&self->bus_name, g_free);
  g_clear_pointer (&self->art_url, g_free);

  G_OBJECT_CLASS (akin_mpris_parent_class)->finalize (object);
}

static void
akin_mpris_class_init (AkinMprisClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = akin_mpris_dispose;
  object_class->finalize = akin_mpris_finalize;
}

static void
akin_mpris_init (AkinMpris *self)
{
  self->node_info = _akin_mpris_node_info_new ();
  g_assert (self->node_info != NULL);
  self->changed = g_hash_table_new (NULL, NULL);
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
 * @playback: the playback to expose and control
 *
 * Owns the MPRIS bus name on the session bus and serves the player there
 * until the object is disposed.
 *
 * Returns: (transfer full): the service
 */
AkinMpris *
akin_mpris_new (GApplication *application,
                AkinPlayback *playback)
{
  AkinMpris *self;

  g_return_val_if_fail (G_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (AKIN_IS_PLAYBACK (playback), NULL);

  self = g_object_new (AKIN_TYPE_MPRIS, NULL);
  watch_playback (self, playback);
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
