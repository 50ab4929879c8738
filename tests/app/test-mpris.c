/* test-mpris.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The MPRIS service on a private session bus, driven the way desktop tools
 * do it: `gdbus call` reads Identity and PlaybackStatus and sends
 * PlayPause; PropertiesChanged and Metadata are checked over a second
 * connection.
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <math.h>

#include "akin-playback.h"
#include "mpris/akin-mpris.h"

#define DEADLINE_US (15 * G_USEC_PER_SEC)
#define MPRIS_PATH  "/org/mpris/MediaPlayer2"

typedef gboolean (*Condition) (gpointer data);

static gboolean
spin_until (Condition condition,
            gpointer  data)
{
  gint64 deadline = g_get_monotonic_time () + DEADLINE_US;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return TRUE;
}

typedef struct
{
  gboolean done;
  char    *output;
} Call;

static void
on_call_done (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Call             *call = data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &call->output, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (G_SUBPROCESS (source)));
  call->done = TRUE;
}

static gboolean
call_is_done (gpointer data)
{
  return ((Call *) data)->done;
}

/* Runs `gdbus call` while this process keeps serving the bus. */
static char *
gdbus_call (const char *bus_name,
            const char *method,
            ...)
{
  g_autoptr(GPtrArray)   argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError)      error = NULL;
  Call                   call = { 0 };
  va_list                args;
  const char            *arg;

  g_ptr_array_add (argv, (char *) "gdbus");
  g_ptr_array_add (argv, (char *) "call");
  g_ptr_array_add (argv, (char *) "--session");
  g_ptr_array_add (argv, (char *) "--dest");
  g_ptr_array_add (argv, (char *) bus_name);
  g_ptr_array_add (argv, (char *) "--object-path");
  g_ptr_array_add (argv, (char *) MPRIS_PATH);
  g_ptr_array_add (argv, (char *) "--method");
  g_ptr_array_add (argv, (char *) method);
  va_start (args, method);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char *const *) argv->pdata, G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, on_call_done, &call);
  g_assert_true (spin_until (call_is_done, &call));
  g_strstrip (call.output);
  return call.output;
}

/* Runs a command (playerctl, say) while this process serves the bus. */
static char *
run_command (const char *const *argv)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError)      error = NULL;
  Call                   call = { 0 };

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, on_call_done, &call);
  g_assert_true (spin_until (call_is_done, &call));
  g_strstrip (call.output);
  return call.output;
}

static char *
get_property (const char *bus_name,
              const char *iface,
              const char *name)
{
  return gdbus_call (bus_name, "org.freedesktop.DBus.Properties.Get", iface, name, NULL);
}

static char *
write_wav (const char *dir)
{
  const guint32         rate = 22050, n = rate * 3;
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autofree char      *path = g_build_filename (dir, "tone.wav", NULL);
  g_autoptr(GError)     error = NULL;
  guint32               header[] = { GUINT32_TO_LE (16), GUINT32_TO_LE (0x00010001),
                                     GUINT32_TO_LE (rate), GUINT32_TO_LE (rate * 2),
                                     GUINT32_TO_LE (0x00100002) };
  guint32               size;

  g_byte_array_append (out, (const guint8 *) "RIFF", 4);
  size = GUINT32_TO_LE (36 + n * 2);
  g_byte_array_append (out, (const guint8 *) &size, 4);
  g_byte_array_append (out, (const guint8 *) "WAVEfmt ", 8);
  g_byte_array_append (out, (const guint8 *) header, sizeof header);
  g_byte_array_append (out, (const guint8 *) "data", 4);
  size = GUINT32_TO_LE (n * 2);
  g_byte_array_append (out, (const guint8 *) &size, 4);
  for (guint32 i = 0; i < n; i++)
    {
      gint16 v = GINT16_TO_LE ((gint16) (6000 * sin (2 * G_PI * 440 * i / rate)));

      g_byte_array_append (out, (const guint8 *) &v, 2);
    }
  g_file_set_contents (path, (const char *) out->data, out->len, &error);
  g_assert_no_error (error);
  return g_filename_to_uri (path, NULL, NULL);
}

typedef struct
{
  gboolean name_owned;
  gboolean saw_playing;
  gint64   seeked_to; /* µs, -1 until Seeked arrives */
} State;

static void
on_name_appeared (GDBusConnection *connection,
                  const char      *name,
                  const char      *owner,
                  gpointer         data)
{
  ((State *) data)->name_owned = TRUE;
}

static void
on_properties_changed (GDBusConnection *connection,
                       const char      *sender,
                       const char      *path,
                       const char      *iface,
                       const char      *signal,
                       GVariant        *parameters,
                       gpointer         data)
{
  State                  *state = data;
  g_autoptr(GVariant)     changed = g_variant_get_child_value (parameters, 1);
  const char             *status;

  if (g_variant_lookup (changed, "PlaybackStatus", "&s", &status) &&
      g_str_equal (status, "Playing"))
    state->saw_playing = TRUE;
}

static void
on_seeked (GDBusConnection *connection,
           const char      *sender,
           const char      *path,
           const char      *iface,
           const char      *signal,
           GVariant        *parameters,
           gpointer         data)
{
  g_variant_get (parameters, "(x)", &((State *) data)->seeked_to);
}

static gboolean
has_seeked (gpointer data)
{
  return ((State *) data)->seeked_to >= 0;
}

static gboolean
name_is_owned (gpointer data)
{
  return ((State *) data)->name_owned;
}

static gboolean
saw_playing (gpointer data)
{
  return ((State *) data)->saw_playing;
}

static void
test_mpris_over_the_bus (void)
{
  g_autoptr(GTestDBus)       bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_autoptr(GApplication)    app = NULL;
  g_autoptr(AkinPlayback)    playback = NULL;
  AkinPlayer                *player;
  g_autoptr(AkinMpris)       mpris = NULL;
  g_autoptr(GDBusConnection) observer = NULL;
  g_autoptr(GError)          error = NULL;
  g_autoptr(GVariant)        metadata = NULL;
  g_autoptr(AkinNowPlaying)  now_playing = NULL;
  g_autofree char           *dir = NULL;
  g_autofree char           *uri = NULL;
  g_autofree char           *out = NULL;
  g_autofree char           *path = NULL;
  State                      state = { FALSE, FALSE, -1 };
  const char                *bus_name;
  const char                *title, *trackid;
  guint                      watch, subscription, seeked_subscription;

  g_test_dbus_up (bus);

  app = g_application_new ("io.github.akinplayer.Akin.Test", G_APPLICATION_NON_UNIQUE);
  playback = akin_playback_new ();
  player = akin_playback_get_player (playback);
  dir = g_dir_make_tmp ("akin-mpris-XXXXXX", &error);
  g_assert_no_error (error);
  uri = write_wav (dir);

  mpris = akin_mpris_new (app, playback);
  bus_name = akin_mpris_get_bus_name (mpris);
  g_assert_true (g_str_has_prefix (bus_name, "org.mpris.MediaPlayer2.Akin"));

  observer = g_dbus_connection_new_for_address_sync (
    g_test_dbus_get_bus_address (bus),
    G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
    NULL, NULL, &error);
  g_assert_no_error (error);
  watch = g_bus_watch_name_on_connection (observer, bus_name, G_BUS_NAME_WATCHER_FLAGS_NONE,
                                          on_name_appeared, NULL, &state, NULL);
  subscription = g_dbus_connection_signal_subscribe (observer, NULL,
                                                     "org.freedesktop.DBus.Properties",
                                                     "PropertiesChanged", MPRIS_PATH,
                                                     "org.mpris.MediaPlayer2.Player",
                                                     G_DBUS_SIGNAL_FLAGS_NONE,
                                                     on_properties_changed, &state, NULL);
  seeked_subscription = g_dbus_connection_signal_subscribe (observer, NULL,
                                                            "org.mpris.MediaPlayer2.Player",
                                                            "Seeked", MPRIS_PATH, NULL,
                                                            G_DBUS_SIGNAL_FLAGS_NONE, on_seeked,
                                                            &state, NULL);
  g_assert_true (spin_until (name_is_owned, &state));

  out = get_property (bus_name, "org.mpris.MediaPlayer2", "Identity");
  g_assert_cmpstr (out, ==, "(<'Akin'>,)");
  g_clear_pointer (&out, g_free);
  out = get_property (bus_name, "org.mpris.MediaPlayer2", "HasTrackList");
  g_assert_cmpstr (out, ==, "(<false>,)");
  g_clear_pointer (&out, g_free);
  out = get_property (bus_name, "org.mpris.MediaPlayer2.Player", "PlaybackStatus");
  g_assert_cmpstr (out, ==, "(<'Stopped'>,)");
  g_clear_pointer (&out, g_free);

  /* The last session's song, resumed at its position, is paused. */
  akin_player_set_uri_at (player, uri, 1.0, 0);
  out = get_property (bus_name, "org.mpris.MediaPlayer2.Player", "PlaybackStatus");
  g_assert_cmpstr (out, ==, "(<'Paused'>,)");
  g_clear_pointer (&out, g_free);
  /* Unloaded, so that the track below starts at its beginning. */
  akin_player_set_uri (player, NULL);

  /* Load a track with a title, then start it over the bus. */
  akin_player_set_uri (player, uri);
  now_playing = akin_now_playing_new (uri, "Test Tone", "Akin Tests", "Signals", NULL);
  akin_playback_set_now_playing (playback, now_playing);

  out = gdbus_call (bus_name, "org.mpris.MediaPlayer2.Player.PlayPause", NULL);
  g_assert_cmpstr (out, ==, "()");
  g_clear_pointer (&out, g_free);

  g_assert_true (spin_until (saw_playing, &state));
  g_assert_cmpint (akin_player_get_state (player), ==, AKIN_PLAYER_STATE_PLAYING);
  out = get_property (bus_name, "org.mpris.MediaPlayer2.Player", "PlaybackStatus");
  g_assert_cmpstr (out, ==, "(<'Playing'>,)");
  g_clear_pointer (&out, g_free);

  out = get_property (bus_name, "org.mpris.MediaPlayer2.Player", "Metadata");
  metadata = g_variant_parse (NULL, out, NULL, NULL, &error);
  g_assert_no_error (error);
  {
    g_autoptr(GVariant) boxed = g_variant_get_child_value (metadata, 0);
    g_autoptr(GVariant) dict = g_variant_get_variant (boxed);

    g_assert_true (g_variant_lookup (dict, "xesam:title", "&s", &title));
    g_assert_cmpstr (title, ==, "Test Tone");
    g_assert_true (g_variant_lookup (dict, "mpris:trackid", "&o", &trackid));
    g_assert_true (g_variant_is_object_path (trackid));
  }

  /* A relative seek moves the player and is announced with Seeked. */
  g_assert_true (akin_player_get_can_seek (player));
  out = gdbus_call (bus_name, "org.mpris.MediaPlayer2.Player.Seek", "1500000", NULL);
  g_assert_cmpstr (out, ==, "()");
  g_clear_pointer (&out, g_free);
  g_assert_true (spin_until (has_seeked, &state));
  g_assert_cmpint (state.seeked_to, >=, 1500000);
  g_assert_cmpfloat (akin_player_get_position (player), >=, 1.5);

  /* Shuffle and LoopStatus are the `shuffle` and `repeat` settings. */
  {
    g_autoptr(GSettings) settings = g_settings_new ("io.github.akinplayer.Akin");
    g_autofree char *playerctl = g_find_program_in_path ("playerctl");
    g_autofree char *repeat = NULL;

    g_settings_reset (settings, "shuffle");
    g_settings_reset (settings, "repeat");
    out = get_property (bus_name, "org.mpris.MediaPlayer2.Player", "Shuffle");
    g_assert_cmpstr (out, ==, "(<false>,)");
    g_clear_pointer (&out, g_free);
    out = get_property (bus_name, "org.mpris.MediaPlayer2.Player", "LoopStatus");
    g_assert_cmpstr (out, ==, "(<'None'>,)");
    g_clear_pointer (&out, g_free);

    out = gdbus_call (bus_name, "org.freedesktop.DBus.Properties.Set",
                      "org.mpris.MediaPlayer2.Player", "Shuffle", "<true>", NULL);
    g_clear_pointer (&out, g_free);
    g_assert_true (g_settings_get_boolean (settings, "shuffle"));
    out = gdbus_call (bus_name, "org.freedesktop.DBus.Properties.Set",
                      "org.mpris.MediaPlayer2.Player", "LoopStatus", "<'Playlist'>", NULL);
    g_clear_pointer (&out, g_free);
    repeat = g_settings_get_string (settings, "repeat");
    g_assert_cmpstr (repeat, ==, "all");

    /* Changed in the app: read back over the bus. */
    g_settings_set_string (settings, "repeat", "one");
    out = get_property (bus_name, "org.mpris.MediaPlayer2.Player", "LoopStatus");
    g_assert_cmpstr (out, ==, "(<'Track'>,)");
    g_clear_pointer (&out, g_free);

    /* What a user types: `playerctl shuffle off`, `playerctl loop none`. */
    if (playerctl != NULL)
      {
        const char *shuffle_off[] = { playerctl, "--player=Akin", "shuffle", "Off", NULL };
        const char *shuffle_get[] = { playerctl, "--player=Akin", "shuffle", NULL };
        const char *loop_none[] = { playerctl, "--player=Akin", "loop", "None", NULL };
        const char *loop_get[] = { playerctl, "--player=Akin", "loop", NULL };

        g_free (run_command (shuffle_off));
        g_assert_false (g_settings_get_boolean (settings, "shuffle"));
        out = run_command (shuffle_get);
        g_assert_cmpstr (out, ==, "Off");
        g_clear_pointer (&out, g_free);
        g_free (run_command (loop_none));
        g_clear_pointer (&repeat, g_free);
        repeat = g_settings_get_string (settings, "repeat");
        g_assert_cmpstr (repeat, ==, "off");
        out = run_command (loop_get);
        g_assert_cmpstr (out, ==, "None");
        g_clear_pointer (&out, g_free);
      }
    else
      g_test_message ("playerctl is not installed: checked over gdbus only");
    g_settings_reset (settings, "shuffle");
    g_settings_reset (settings, "repeat");
  }

  akin_player_stop (player);
  g_dbus_connection_signal_unsubscribe (observer, seeked_subscription);
  g_dbus_connection_signal_unsubscribe (observer, subscription);
  g_bus_unwatch_name (watch);
  g_clear_object (&mpris);
  g_clear_object (&observer);

  path = g_filename_from_uri (uri, NULL, NULL);
  g_unlink (path);
  g_rmdir (dir);
  g_test_dbus_down (bus);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *daemon = g_find_program_in_path ("dbus-daemon");
  g_autofree char *gdbus = g_find_program_in_path ("gdbus");

  if (daemon == NULL || gdbus == NULL)
    {
      g_printerr ("dbus-daemon or gdbus missing: skipping\n");
      return 77;
    }

  g_test_init (&argc, &argv, NULL);
  g_setenv ("AKIN_VLC_AOUT", "adummy", TRUE);

  g_test_add_func ("/mpris/over-the-bus", test_mpris_over_the_bus);

  return g_test_run ();
}
