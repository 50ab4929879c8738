/* akin-mpris-dbus.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The org.mpris.MediaPlayer2 and org.mpris.MediaPlayer2.Player interfaces:
 * introspection data, property values and method calls, all answered from
 * AkinPlayer and the now-playing record.
 */

#include "config.h"

#include "akin-mpris-private.h"

static const char introspection_xml[] =
  "<node>"
  "  <interface name='org.mpris.MediaPlayer2'>"
  "    <method name='Raise'/>"
  "    <method name='Quit'/>"
  "    <property name='CanQuit' type='b' access='read'/>"
  "    <property name='CanRaise' type='b' access='read'/>"
  "    <property name='HasTrackList' type='b' access='read'/>"
  "    <property name='Identity' type='s' access='read'/>"
  "    <property name='DesktopEntry' type='s' access='read'/>"
  "    <property name='SupportedUriSchemes' type='as' access='read'/>"
  "    <property name='SupportedMimeTypes' type='as' access='read'/>"
  "  </interface>"
  "  <interface name='org.mpris.MediaPlayer2.Player'>"
  "    <method name='Next'/>"
  "    <method name='Previous'/>"
  "    <method name='Pause'/>"
  "    <method name='PlayPause'/>"
  "    <method name='Stop'/>"
  "    <method name='Play'/>"
  "    <method name='Seek'><arg direction='in' name='Offset' type='x'/></method>"
  "    <method name='SetPosition'>"
  "      <arg direction='in' name='TrackId' type='o'/>"
  "      <arg direction='in' name='Position' type='x'/>"
  "    </method>"
  "    <method name='OpenUri'><arg direction='in' name='Uri' type='s'/></method>"
  "    <signal name='Seeked'><arg name='Position' type='x'/></signal>"
  "    <property name='PlaybackStatus' type='s' access='read'/>"
  "    <property name='Rate' type='d' access='readwrite'/>"
  "    <property name='Metadata' type='a{sv}' access='read'/>"
  "    <property name='Volume' type='d' access='readwrite'/>"
  "    <property name='Shuffle' type='b' access='readwrite'/>"
  "    <property name='LoopStatus' type='s' access='readwrite'/>"
  "    <property name='Position' type='x' access='read'/>"
  "    <property name='MinimumRate' type='d' access='read'/>"
  "    <property name='MaximumRate' type='d' access='read'/>"
  "    <property name='CanGoNext' type='b' access='read'/>"
  "    <property name='CanGoPrevious' type='b' access='read'/>"
  "    <property name='CanPlay' type='b' access='read'/>"
  "    <property name='CanPause' type='b' access='read'/>"
  "    <property name='CanSeek' type='b' access='read'/>"
  "    <property name='CanControl' type='b' access='read'/>"
  "  </interface>"
  "</node>";

static const char *const mime_types[] = {
  "audio/aac", "audio/flac", "audio/mp4", "audio/mpeg", "audio/ogg", "audio/opus",
  "audio/x-flac", "audio/x-m4a", "audio/x-vorbis+ogg", "audio/x-wav", "audio/wav",
  "audio/webm", NULL
};

static const char *const uri_schemes[] = { "file", NULL };

GDBusNodeInfo *
_akin_mpris_node_info_new (void)
{
  return g_dbus_node_info_new_for_xml (introspection_xml, NULL);
}

static char *
track_id (AkinMpris *self)
{
  const char      *uri = akin_player_get_uri (self->player);
  g_autofree char *sum = NULL;

  if (uri == NULL)
    return g_strdup (NO_TRACK_PATH);
  sum = g_compute_checksum_for_string (G_CHECKSUM_SHA1, uri, -1);
  return g_strconcat (TRACK_PATH, sum, NULL);
}

static GVariant *
build_metadata (AkinMpris *self)
{
  GVariantBuilder  builder;
  g_autofree char *id = track_id (self);
  const char      *uri = akin_player_get_uri (self->player);
  double           duration = akin_player_get_duration (self->player);
  AkinNowPlaying  *np = akin_playback_get_now_playing (self->playback);

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&builder, "{sv}", "mpris:trackid", g_variant_new_object_path (id));
  if (uri == NULL)
    return g_variant_builder_end (&builder);

  g_variant_builder_add (&builder, "{sv}", "xesam:url", g_variant_new_string (uri));
  if (duration > 0)
    g_variant_builder_add (&builder, "{sv}", "mpris:length",
                           g_variant_new_int64 ((gint64) (duration * G_USEC_PER_SEC)));

  /* The record may still describe the previous track for a moment. */
  if (np != NULL && g_strcmp0 (akin_now_playing_get_uri (np), uri) == 0)
    {
      const char *artist = akin_now_playing_get_artist (np);
      const char *album = akin_now_playing_get_album (np);

      g_variant_builder_add (&builder, "{sv}", "xesam:title",
                             g_variant_new_string (akin_now_playing_get_title (np)));
      if (artist != NULL)
        {
          const char *artists[] = { artist, NULL };

          g_variant_builder_add (&builder, "{sv}", "xesam:artist",
                                 g_variant_new_strv (artists, -1));
        }
      if (album != NULL)
        g_variant_builder_add (&builder, "{sv}", "xesam:album", g_variant_new_string (album));
      if (self->art_url != NULL)
        g_variant_builder_add (&builder, "{sv}", "mpris:artUrl",
                               g_variant_new_string (self->art_url));
    }

  return g_variant_builder_end (&builder);
}

static const char *
playback_status (AkinMpris *self)
{
  switch (akin_player_get_state (self->player))
    {
    case AKIN_PLAYER_STATE_PLAYING:
      return "Playing";
    case AKIN_PLAYER_STATE_PAUSED:
      return "Paused";
    case AKIN_PLAYER_STATE_STOPPED:
    default:
      /* The last session's song, back where it was, waits as if paused. */
      return akin_player_get_resumed (self->player) ? "Paused" : "Stopped";
    }
}

GVariant *
_akin_mpris_get_property_value (AkinMpris  *self,
                    const char *name)
{
  gboolean loaded = akin_player_get_uri (self->player) != NULL;

  if (g_str_equal (name, "CanQuit") || g_str_equal (name, "CanRaise") ||
      g_str_equal (name, "CanControl"))
    return g_variant_new_boolean (TRUE);
  if (g_str_equal (name, "HasTrackList"))
    return g_variant_new_boolean (FALSE);
  if (g_str_equal (name, "Identity"))
    return g_variant_new_string ("Akin");
  if (g_str_equal (name, "DesktopEntry"))
    return g_variant_new_string (APP_ID);
  if (g_str_equal (name, "SupportedUriSchemes"))
    return g_variant_new_strv (uri_schemes, -1);
  if (g_str_equal (name, "SupportedMimeTypes"))
    return g_variant_new_strv (mime_types, -1);
  if (g_str_equal (name, "PlaybackStatus"))
    return g_variant_new_string (playback_status (self));
  if (g_str_equal (name, "Rate") || g_str_equal (name, "MinimumRate") ||
      g_str_equal (name, "MaximumRate"))
    return g_variant_new_double (1.0);
  if (g_str_equal (name, "Metadata"))
    return build_metadata (self);
  if (g_str_equal (name, "Volume"))
    return g_variant_new_double (akin_player_get_volume (self->player));
  if (g_str_equal (name, "Shuffle"))
    return g_variant_new_boolean (akin_playback_get_shuffle (self->playback));
  if (g_str_equal (name, "LoopStatus"))
    {
      AkinQueueRepeat repeat = akin_playback_get_repeat (self->playback);

      return g_variant_new_string (repeat == AKIN_QUEUE_REPEAT_ALL ? "Playlist"
                                   : repeat == AKIN_QUEUE_REPEAT_ONE ? "Track" : "None");
    }
  if (g_str_equal (name, "Position"))
    return g_variant_new_int64 (
      (gint64) (akin_player_get_position (self->player) * G_USEC_PER_SEC));
  if (g_str_equal (name, "CanGoNext"))
    return g_variant_new_boolean (akin_playback_get_has_next (self->playback));
  if (g_str_equal (name, "CanGoPrevious"))
    return g_variant_new_boolean (akin_playback_get_can_go_previous (self->playback));
  if (g_str_equal (name, "CanPlay") || g_str_equal (name, "CanPause"))
    return g_variant_new_boolean (loaded);
  if (g_str_equal (name, "CanSeek"))
    return g_variant_new_boolean (akin_player_get_can_seek (self->player));
  return NULL;
}

static void
root_method_call (GDBusConnection       *connection,
                  const char            *sender,
                  const char            *object_path,
                  const char            *interface_name,
                  const char            *method_name,
                  GVariant              *parameters,
                  GDBusMethodInvocation *invocation,
                  gpointer               data)
{
  AkinMpris *self = data;

  if (g_str_equal (method_name, "Raise"))
    g_application_activate (self->application);
  else if (g_str_equal (method_name, "Quit"))
    g_action_group_activate_action (G_ACTION_GROUP (self->application), "quit", NULL);
  g_dbus_method_invocation_return_value (invocation, NULL);
}

static void
player_method_call (GDBusConnection       *connection,
                    const char            *sender,
                    const char            *object_path,
                    const char            *interface_name,
                    const char            *method_name,
                    GVariant              *parameters,
                    GDBusMethodInvocation *invocation,
                    gpointer               data)
{
  AkinMpris *self = data;

  if (g_str_equal (method_name, "Next"))
    akin_playback_next (self->playback);
  else if (g_str_equal (method_name, "Previous"))
    akin_playback_previous (self->playback);
  else if (g_str_equal (method_name, "Pause"))
    akin_playback_pause (self->playback);
  else if (g_str_equal (method_name, "PlayPause"))
    akin_playback_toggle (self->playback);
  else if (g_str_equal (method_name, "Stop"))
    akin_playback_stop (self->playback);
  else if (g_str_equal (method_name, "Play"))
    akin_playback_play (self->playback);
  else if (g_str_equal (method_name, "Seek"))
    {
      gint64 offset;

      g_variant_get (parameters, "(x)", &offset);
      akin_player_seek (self->player,
                        akin_player_get_position (self->player) + offset / (double) G_USEC_PER_SEC);
    }
  else if (g_str_equal (method_name, "SetPosition"))
    {
      const char      *path;
      gint64           position;
      g_autofree char *current = track_id (self);

      g_variant_get (parameters, "(&ox)", &path, &position);
      /* The spec: ignore requests for another track or outside this one. */
      if (g_str_equal (path, current) && position >= 0 &&
          position <= akin_player_get_duration (self->player) * G_USEC_PER_SEC)
        akin_player_seek (self->player, position / (double) G_USEC_PER_SEC);
    }
  else if (g_str_equal (method_name, "OpenUri"))
    {
      const char      *uri;
      g_autoptr(GFile) file = NULL;

      g_variant_get (parameters, "(&s)", &uri);
      if (!g_str_has_prefix (uri, "file:"))
        {
          g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR,
                                                 G_DBUS_ERROR_NOT_SUPPORTED,
                                                 "Only file: URIs can be opened");
          return;
        }
      file = g_file_new_for_uri (uri);
      g_application_open (self->application, &file, 1, "");
    }
  g_dbus_method_invocation_return_value (invocation, NULL);
}

static GVariant *
get_property (GDBusConnection *connection,
              const char      *sender,
              const char      *object_path,
              const char      *interface_name,
              const char      *property_name,
              GError         **error,
              gpointer         data)
{
  GVariant *value = _akin_mpris_get_property_value (data, property_name);

  if (value == NULL)
    g_set_error (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_PROPERTY, "No property %s",
                 property_name);
  return value;
}

static gboolean
set_property (GDBusConnection *connection,
              const char      *sender,
              const char      *object_path,
              const char      *interface_name,
              const char      *property_name,
              GVariant        *value,
              GError         **error,
              gpointer         data)
{
  AkinMpris *self = data;

  if (g_str_equal (property_name, "Volume"))
    akin_player_set_volume (self->player, g_variant_get_double (value));
  else if (g_str_equal (property_name, "Shuffle"))
    akin_playback_set_shuffle (self->playback, g_variant_get_boolean (value));
  else if (g_str_equal (property_name, "LoopStatus"))
    {
      const char *status = g_variant_get_string (value, NULL);
      int repeat = g_str_equal (status, "Playlist") ? AKIN_QUEUE_REPEAT_ALL
                   : g_str_equal (status, "Track") ? AKIN_QUEUE_REPEAT_ONE
                   : g_str_equal (status, "None") ? AKIN_QUEUE_REPEAT_OFF : -1;

      if (repeat < 0)
        {
          g_set_error (error, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS,
                       "LoopStatus is None, Track or Playlist, not %s", status);
          return FALSE;
        }
      akin_playback_set_repeat (self->playback, repeat);
    }
  /* Rate: only 1.0 is supported, and the spec lets us ignore the rest. */
  return TRUE;
}

const GDBusInterfaceVTable _akin_mpris_root_vtable = { root_method_call, get_property, NULL };
const GDBusInterfaceVTable _akin_mpris_player_vtable = {
  player_method_call, get_property, set_property
};

