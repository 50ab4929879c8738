/* test-widgets.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Smoke tests of the application's widgets; they need a display (the test
 * runner provides Xvfb) and skip without one.
 */

#include "config.h"

#include <gmodule.h>

#include "app-test-session.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "akin-application.h"
#include "akin-seek-bar.h"
#include "akin-spectrogram-view.h"
#include "akin-track-object.h"
#include "akin-window-private.h"

/* Generous: reaching it is a failure, never a measurement. */
#define DEADLINE_US (10 * G_USEC_PER_SEC)

static gboolean
spin_until_mapped (GtkWidget *widget)
{
  gint64 deadline = g_get_monotonic_time () + DEADLINE_US;

  while (!gtk_widget_get_mapped (widget) || gtk_widget_get_width (widget) == 0)
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
    }
  return TRUE;
}

static gboolean
count_tick (GtkWidget     *widget,
            GdkFrameClock *clock,
            gpointer       data)
{
  (*(guint *) data)++;
  return G_SOURCE_CONTINUE;
}

/* Waits until @widget has been through a few frames, so what it draws is
 * up to date. */
static gboolean
wait_for_frames (GtkWidget *widget)
{
  gint64 deadline = g_get_monotonic_time () + DEADLINE_US;
  guint  ticks = 0;
  guint  id = gtk_widget_add_tick_callback (widget, count_tick, &ticks, NULL);

  gtk_widget_queue_draw (widget);
  while (ticks < 3)
    {
      if (g_get_monotonic_time () > deadline)
        break;
      g_main_context_iteration (NULL, TRUE);
    }
  gtk_widget_remove_tick_callback (widget, id);
  return ticks >= 3;
}

static gboolean
action_enabled (GSimpleActionGroup *group,
                const char         *name)
{
  return g_action_group_get_action_enabled (G_ACTION_GROUP (group), name);
}

static void
test_window_status_page (void)
{
  g_autoptr(AdwApplication) app = adw_application_new ("io.github.akinplayer.Akin.Test",
                                                       G_APPLICATION_NON_UNIQUE);
  g_autoptr(AkinPlayback)   playback = akin_playback_new ();
  AkinPlayer               *player = akin_playback_get_player (playback);
  g_autoptr(GSettings)      settings = g_settings_new ("io.github.akinplayer.Akin");
  g_autoptr(GError)         error = NULL;
  AkinTrack                 track = { .id = 7, .uri = (char *) "file:///nowhere/next.ogg" };
  g_autoptr(AkinTrackObject) queued = akin_track_object_new (&track);
  const char               *folders[] = { "file:///music", NULL };
  AkinWindow               *window;
  GtkWidget                *page;

  g_settings_reset (settings, "music-folders");
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  window = akin_window_new (app, playback);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (spin_until_mapped (GTK_WIDGET (window)));

  /* No music folder yet: the status page with its button. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->main_stack), ==, "empty");
  page = gtk_stack_get_visible_child (window->main_stack);
  g_assert_true (ADW_IS_STATUS_PAGE (page));
  g_assert_true (gtk_widget_get_mapped (page));
  g_assert_false (gtk_revealer_get_reveal_child (window->playback_revealer));

  /* Nothing loaded: no dead transport controls. */
  g_assert_false (action_enabled (window->player_actions, "play-pause"));
  g_assert_false (action_enabled (window->player_actions, "previous"));
  g_assert_false (action_enabled (window->player_actions, "next"));
  g_assert_true (action_enabled (window->library_actions, "add-folder"));

  /* A loaded track enables play and previous (restart), not next. */
  akin_player_set_uri (player, "file:///nowhere/song.ogg");
  g_assert_true (gtk_revealer_get_reveal_child (window->playback_revealer));
  g_assert_true (action_enabled (window->player_actions, "play-pause"));
  g_assert_true (action_enabled (window->player_actions, "previous"));
  g_assert_false (action_enabled (window->player_actions, "next"));
  /* A queued song enables next. */
  akin_queue_add (akin_playback_get_queue (playback), G_OBJECT (queued), FALSE);
  g_assert_true (action_enabled (window->player_actions, "next"));

  /* A known music folder shows the library slot instead. */
  g_settings_set_strv (settings, "music-folders", folders);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->main_stack), ==, "library");
  g_assert_true (gtk_widget_is_ancestor (GTK_WIDGET (akin_window_get_library_view_slot (window)),
                                         gtk_stack_get_visible_child (window->main_stack)));

  g_settings_reset (settings, "music-folders");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A first run offers the user's music folder (XDG_MUSIC_DIR) by name. */
static void
test_window_offers_xdg_music (void)
{
  g_autoptr(AdwApplication) app = adw_application_new ("io.github.akinplayer.Akin.Test2",
                                                       G_APPLICATION_NON_UNIQUE);
  g_autoptr(AkinPlayback)   playback = akin_playback_new ();
  g_autoptr(GSettings)      settings = g_settings_new ("io.github.akinplayer.Akin");
  g_autoptr(GError)         error = NULL;
  g_autofree char          *dir = g_dir_make_tmp ("akin-xdg-XXXXXX", &error);
  g_autofree char          *music = g_build_filename (dir, "My Music", NULL);
  g_autofree char          *dirs = g_build_filename (g_get_user_config_dir (), "user-dirs.dirs",
                                                     NULL);
  g_autofree char          *line = g_strdup_printf ("XDG_MUSIC_DIR=\"%s\"\n", music);
  g_autoptr(GFile)          music_file = g_file_new_for_path (music);
  g_autofree char          *uri = g_file_get_uri (music_file);
  g_auto(GStrv)             folders = NULL;
  AkinWindow               *window;

  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir (music, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (g_get_user_config_dir (), 0700), ==, 0);
  g_file_set_contents (dirs, line, -1, &error);
  g_assert_no_error (error);
  g_reload_user_special_dirs_cache ();
  g_settings_reset (settings, "music-folders");
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  window = akin_window_new (app, playback);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->main_stack), ==, "empty");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->xdg_music_button)));
  g_assert_nonnull (strstr (gtk_button_get_label (window->xdg_music_button), "My Music"));
  gtk_widget_activate_action (GTK_WIDGET (window), "library.add-xdg-music", NULL);
  folders = g_settings_get_strv (settings, "music-folders");
  g_assert_cmpuint (g_strv_length (folders), ==, 1);
  g_assert_cmpstr (folders[0], ==, uri);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->main_stack), ==, "library");

  gtk_window_destroy (GTK_WINDOW (window));
  g_settings_reset (settings, "music-folders");
  g_unlink (dirs);
  g_reload_user_special_dirs_cache ();
  g_rmdir (music);
  g_rmdir (dir);
}

/* The whole application: a file handed over by a file manager or the
 * command line opens the window and is loaded into the player. */
/* OpenBLAS's thread count, or 0 when the BLAS is another one; @set > 0
 * sets it first. */
static int
blas_threads (int set)
{
  GModule *self = g_module_open (NULL, G_MODULE_BIND_LAZY);
  int (*get_num_threads) (void) = NULL;
  void (*set_num_threads) (int) = NULL;
  int n = 0;

  if (g_module_symbol (self, "openblas_get_num_threads", (gpointer *) &get_num_threads)
      && g_module_symbol (self, "openblas_set_num_threads", (gpointer *) &set_num_threads))
    {
      if (set > 0)
        set_num_threads (set);
      n = get_num_threads ();
    }
  g_module_close (self);
  return n;
}

static void
test_application_open (void)
{
  g_autoptr(AkinApplication) app = akin_application_new ();
  g_autoptr(GError)          error = NULL;
  g_autoptr(GFile)           file = g_file_new_for_path ("/nonexistent/Some Song.ogg");
  g_autofree char           *uri = g_file_get_uri (file);
  AkinWindow                *window;
  AkinNowPlaying            *now_playing;
  /* What OpenBLAS runs with on a machine with cores to spare. */
  int blas_before = blas_threads (2);

  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  /* The analyzer runs one song per core: the application makes OpenBLAS
   * run its products on the calling thread, as akin-cli does, instead of
   * waking (and spinning) a worker per core for each small product. */
  if (blas_before >= 2)
    g_assert_cmpint (blas_threads (0), ==, 1);
  g_assert_true (g_application_get_flags (G_APPLICATION (app)) & G_APPLICATION_HANDLES_OPEN);

  g_application_open (G_APPLICATION (app), &file, 1, "");
  window = AKIN_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_true (AKIN_IS_WINDOW (window));
  g_assert_true (akin_window_get_playback (window) == akin_application_get_playback (app));
  g_assert_cmpstr (akin_player_get_uri (akin_playback_get_player (akin_window_get_playback (window))), ==, uri);

  now_playing = akin_playback_get_now_playing (akin_window_get_playback (window));
  g_assert_nonnull (now_playing);
  g_assert_cmpstr (akin_now_playing_get_title (now_playing), ==, "Some Song");
  g_assert_null (akin_now_playing_get_artist (now_playing));

  /* The application's own actions. */
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "about"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "quit"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "preferences"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "new-library"));
  /* The application's library is the window's. */
  g_assert_nonnull (akin_application_get_library_manager (app));
  g_assert_true (akin_window_get_library_manager (window) ==
                 akin_application_get_library_manager (app));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Renders @widget as it is now and returns its pixels (BGRA, premultiplied). */
static GBytes *
render_widget (GtkWidget *widget,
               int       *width,
               int       *height)
{
  g_autoptr(GdkPaintable)  paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot)   snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture)    texture = NULL;
  GskRenderer             *renderer;
  guint8                  *pixels;

  g_assert_true (wait_for_frames (widget));
  *width = gtk_widget_get_width (widget);
  *height = gtk_widget_get_height (widget);
  gdk_paintable_snapshot (paintable, snapshot, *width, *height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, *width, *height));
  g_assert_cmpint (gdk_texture_get_width (texture), ==, *width);

  pixels = g_malloc ((gsize) *width * *height * 4);
  gdk_texture_download (texture, pixels, (gsize) *width * 4);
  return g_bytes_new_take (pixels, (gsize) *width * *height * 4);
}

static guint
count_distinct_colours (GBytes *image)
{
  gsize                 size;
  const guint32        *pixels = g_bytes_get_data (image, &size);
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);

  for (gsize i = 0; i < size / 4; i++)
    g_hash_table_add (seen, GUINT_TO_POINTER (pixels[i]));
  return g_hash_table_size (seen);
}

static gsize
count_different_pixels (GBytes *a,
                        GBytes *b)
{
  gsize          size;
  const guint32 *pa = g_bytes_get_data (a, &size);
  const guint32 *pb = g_bytes_get_data (b, NULL);
  gsize          n = 0;

  g_assert_cmpuint (size, ==, g_bytes_get_size (b));
  for (gsize i = 0; i < size / 4; i++)
    n += pa[i] != pb[i];
  return n;
}

static void
test_spectrogram_renders (void)
{
  const guint          rows = 13, frames = 600;
  g_autofree float    *rising = g_new (float, rows * frames);
  g_autofree float    *falling = g_new (float, rows * frames);
  GtkWidget           *window = gtk_window_new ();
  GtkWidget           *view = akin_spectrogram_view_new ();
  g_autoptr(GBytes)    empty = NULL;
  g_autoptr(GBytes)    first = NULL;
  g_autoptr(GBytes)    second = NULL;
  int                  width, height;

  for (guint r = 0; r < rows; r++)
    for (guint f = 0; f < frames; f++)
      {
        rising[r * frames + f] = (float) f / frames + 0.1f * r;
        falling[r * frames + f] = (float) (frames - f) / frames;
      }

  gtk_widget_set_size_request (view, 400, 160);
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (spin_until_mapped (view));
  g_assert_false (akin_spectrogram_view_has_data (AKIN_SPECTROGRAM_VIEW (view)));
  empty = render_widget (view, &width, &height);

  akin_spectrogram_view_set_data (AKIN_SPECTROGRAM_VIEW (view), rising, rows, frames,
                                  512.0 / 22050, "mfcc");
  g_assert_cmpstr (akin_spectrogram_view_get_kind (AKIN_SPECTROGRAM_VIEW (view)), ==, "mfcc");
  g_assert_cmpfloat_with_epsilon (akin_spectrogram_view_get_duration (AKIN_SPECTROGRAM_VIEW (view)),
                                  frames * 512.0 / 22050, 1e-9);
  first = render_widget (view, &width, &height);
  g_assert_cmpint (width, >=, 400);

  /* The matrix covers most of the view, and a gradient across 400 px
   * shows most of the 256 colours of the map. */
  g_assert_cmpuint (count_different_pixels (empty, first), >, (gsize) 400 * 100);
  g_assert_cmpuint (count_distinct_colours (first), >, count_distinct_colours (empty) + 150);

  akin_spectrogram_view_set_data (AKIN_SPECTROGRAM_VIEW (view), falling, rows, frames,
                                  512.0 / 22050, "mel");
  second = render_widget (view, &width, &height);
  /* Most of the spectrogram area changes with the matrix. */
  g_assert_cmpuint (count_different_pixels (first, second), >, (gsize) 400 * 100);

  akin_spectrogram_view_clear (AKIN_SPECTROGRAM_VIEW (view));
  g_assert_false (akin_spectrogram_view_has_data (AKIN_SPECTROGRAM_VIEW (view)));
  g_assert_null (akin_spectrogram_view_get_kind (AKIN_SPECTROGRAM_VIEW (view)));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
on_seek_requested (AkinSeekBar *bar,
                   double       seconds,
                   double      *last)
{
  last[0] += 1;
  last[1] = seconds;
}

static void
test_seek_bar_programmatic (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *bar = akin_seek_bar_new ();
  GtkWidget *scale;
  double     requests[2] = { 0, -1 }; /* count, last seconds */

  gtk_window_set_child (GTK_WINDOW (window), bar);
  g_signal_connect (bar, "seek-requested", G_CALLBACK (on_seek_requested), requests);

  akin_seek_bar_set_duration (AKIN_SEEK_BAR (bar), 100);
  for (double t = 0; t <= 20; t += 0.25)
    akin_seek_bar_set_position (AKIN_SEEK_BAR (bar), t);
  g_assert_cmpfloat (akin_seek_bar_get_position (AKIN_SEEK_BAR (bar)), ==, 20);
  g_object_set (bar, "position", 10.0, NULL);
  g_assert_cmpfloat (requests[0], ==, 0);

  /* The user's own input (here a key step of 5 s) is a seek request. */
  scale = gtk_widget_get_first_child (bar);
  g_assert_true (GTK_IS_SCALE (scale));
  g_signal_emit_by_name (scale, "move-slider", GTK_SCROLL_STEP_FORWARD);
  g_assert_cmpfloat (requests[0], ==, 1);
  g_assert_cmpfloat (requests[1], ==, 15);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  GTestDBus           *bus;
  int                  status;

  if (app_test_skip_without_display ("the widget tests"))
    return 77;

  g_test_init (&argc, &argv, NULL);
  g_setenv ("AKIN_VLC_AOUT", "adummy", TRUE);

  bus = app_test_session_up ();

  g_test_add_func ("/widgets/window/status-page", test_window_status_page);
  g_test_add_func ("/widgets/window/offers-xdg-music", test_window_offers_xdg_music);
  g_test_add_func ("/widgets/application/open", test_application_open);
  g_test_add_func ("/widgets/spectrogram/renders", test_spectrogram_renders);
  g_test_add_func ("/widgets/seek-bar/programmatic", test_seek_bar_programmatic);

  status = g_test_run ();
  /* Neither g_test_dbus_down() nor the last unref: GTK keeps its bus
   * connection to the end, and they would wait for it to go away. */
  g_test_dbus_stop (bus);
  return status;
}
