/* test-playback.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What plays next, in a real window with real playback (libvlc's dummy
 * output) under Xvfb: Play Next and Add to Queue from the song menu,
 * reordering and removing in the queue pane, repeat one and all, shuffle,
 * and resuming the song, its position and the queue in a new window.
 * Skips without a display.
 */

#include "config.h"

#include "app-test-library.h"
#include "app-test-session.h"
#include "app-test-wait.h"
#include "app-test-window.h"
#include "test-tmpdir.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "akin-application.h"
#include "akin-browse-view.h"
#include "akin-library-model.h"
#include "akin-library-view.h"
#include "akin-queue-pane.h"
#include "akin-similar-controller.h"
#include "akin-window-private.h"

/* Generous: reaching it is a failure, never a measurement. */
#define DEADLINE_US (30 * G_USEC_PER_SEC)
#define SPIN_UNTIL(func, data) app_test_spin_until ((func), (data), DEADLINE_US)

typedef AppTestLibrary Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  double seconds = data != NULL ? *(const double *) data : 8.0;

  app_test_reset_settings ();
  app_test_library_set_up (f, "akin-playback-XXXXXX", 4, seconds);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  app_test_reset_settings ();
  app_test_library_tear_down (f);
}

static AkinWindow *
new_window (AkinLibraryManager *manager)
{
  AkinWindow *window = app_test_window_new (manager, "PlaybackTest");

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (SPIN_UNTIL (app_test_widget_mapped, window));
  g_assert_true (SPIN_UNTIL (app_test_model_filled,
                             akin_library_view_get_model (
                               AKIN_LIBRARY_VIEW (akin_window_get_library_view (window)))));
  return window;
}

static AkinQueue *
window_queue (AkinWindow *window)
{
  return akin_playback_get_queue (akin_window_get_playback (window));
}

typedef struct
{
  AkinWindow *window;
  gint64      id;
} WaitTrack;

static gboolean
track_playing (gpointer data)
{
  WaitTrack *w = data;
  AkinPlayer *player = akin_playback_get_player (akin_window_get_playback (w->window));

  return akin_playback_get_current_track_id (akin_window_get_playback (w->window)) == w->id
         && akin_player_get_state (player) == AKIN_PLAYER_STATE_PLAYING
         && akin_player_get_position (player) > 0.05;
}

static void
assert_plays (AkinWindow *window,
              gint64      id)
{
  WaitTrack w = { window, id };
  g_autoptr(AkinTrack) track = NULL;

  if (!SPIN_UNTIL (track_playing, &w))
    g_error ("waited for track %" G_GINT64_FORMAT " to play; current %" G_GINT64_FORMAT
             ", state %d, position %.2f", id, akin_playback_get_current_track_id (akin_window_get_playback (window)),
             akin_player_get_state (akin_playback_get_player (akin_window_get_playback (window))),
             akin_player_get_position (akin_playback_get_player (akin_window_get_playback (window))));
  track = akin_library_manager_get_track (akin_window_get_library_manager (window), id);
  g_assert_cmpstr (akin_player_get_uri (akin_playback_get_player (akin_window_get_playback (window))), ==, track->uri);
}

static gint64
row_id (AkinWindow *window,
        guint       position)
{
  AkinLibraryView *view = AKIN_LIBRARY_VIEW (akin_window_get_library_view (window));

  return akin_library_model_get_track_id (akin_library_view_get_model (view), position);
}

static gint64
queued_id (AkinWindow *window,
           guint       position)
{
  g_autoptr(AkinTrackObject) item = g_list_model_get_item (
    akin_queue_get_up_next (window_queue (window)), position);

  return item != NULL ? akin_track_object_get_id (item) : -1;
}

/* Activates an item of the song menu of @position, as a click would. */
static void
menu_choose (AkinWindow *window,
             guint       position,
             const char *action)
{
  AkinLibraryView *view = AKIN_LIBRARY_VIEW (akin_window_get_library_view (window));
  GtkWidget *menu = akin_library_view_popup_menu (view, position, 10, 10);
  GMenuModel *model;
  g_autoptr(GVariant) target = NULL;
  gboolean found = FALSE;

  g_assert_nonnull (menu);
  model = gtk_popover_menu_get_menu_model (GTK_POPOVER_MENU (menu));
  for (int i = 0; i < g_menu_model_get_n_items (model); i++)
    {
      g_autofree char *name = NULL;

      g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_ACTION, "s", &name);
      if (g_strcmp0 (name, action) != 0)
        continue;
      target = g_menu_model_get_item_attribute_value (model, i, G_MENU_ATTRIBUTE_TARGET, NULL);
      g_assert_cmpint (g_variant_get_int64 (target), ==, row_id (window, position));
      found = TRUE;
    }
  g_assert_true (found);
  gtk_popover_popdown (GTK_POPOVER (menu));
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (window), action, target));
}

/* Play Next and Add to Queue change what plays next; the queue can be
 * reordered and emptied; the list goes on where it was. */
static void
test_queue (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AkinLibraryManager) manager = akin_library_manager_new (f->db_path, &error);
  AkinWindow *window;
  AkinLibraryView *view;
  AkinQueuePane *pane;
  gint64 r[4];

  g_assert_no_error (error);
  window = new_window (manager);
  view = AKIN_LIBRARY_VIEW (akin_window_get_library_view (window));
  for (guint i = 0; i < 4; i++)
    r[i] = row_id (window, i);
  pane = AKIN_QUEUE_PANE (gtk_widget_get_first_child (GTK_WIDGET (akin_window_get_queue_pane_slot (window))));
  g_assert_true (AKIN_IS_QUEUE_PANE (pane));

  g_assert_true (akin_library_view_play_position (view, 0));
  assert_plays (window, r[0]);

  /* Add to Queue row 3, then Play Next row 2 (from the keyboard, on the
   * selected row), then Add to Queue row 1: 2, 3, 1. */
  menu_choose (window, 3, "queue.add");
  akin_library_view_popup_menu (view, 2, -1, -1);
  g_assert_cmpint (akin_library_view_get_selected_track (view), ==, r[2]);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "library.play-next", NULL));
  menu_choose (window, 1, "queue.add");
  g_assert_cmpint (queued_id (window, 0), ==, r[2]);
  g_assert_cmpint (queued_id (window, 1), ==, r[3]);
  g_assert_cmpint (queued_id (window, 2), ==, r[1]);

  /* Dragged in the pane: row 1's song before row 2's; then 3 removed. */
  g_assert_true (akin_queue_pane_drop (pane, 2, 0));
  g_assert_cmpint (queued_id (window, 0), ==, r[1]);
  g_assert_cmpint (queued_id (window, 1), ==, r[2]);
  akin_queue_remove (window_queue (window), 2);
  g_assert_cmpuint (g_list_model_get_n_items (akin_queue_get_up_next (window_queue (window))), ==, 2);

  /* Next plays the queue in order, then the list after the first song. */
  gtk_widget_activate_action (GTK_WIDGET (window), "player.next", NULL);
  assert_plays (window, r[1]);
  gtk_widget_activate_action (GTK_WIDGET (window), "player.next", NULL);
  assert_plays (window, r[2]);
  g_assert_cmpuint (g_list_model_get_n_items (akin_queue_get_up_next (window_queue (window))), ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (window), "player.next", NULL);
  assert_plays (window, r[1]);

  /* A queued song activated in the pane plays at once; Clear empties. */
  menu_choose (window, 3, "queue.add");
  menu_choose (window, 0, "queue.add");
  g_signal_emit_by_name (akin_queue_pane_get_list_view (pane), "activate", 1);
  assert_plays (window, r[0]);
  g_assert_cmpint (queued_id (window, 0), ==, r[3]);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "queue.clear", NULL));
  g_assert_cmpint (queued_id (window, 0), ==, -1);

  akin_player_stop (akin_playback_get_player (akin_window_get_playback (window)));
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
saw_end (gpointer data)
{
  return *(guint *) data > 0;
}

static void
count_end (AkinPlayer *player,
           guint      *n)
{
  (*n)++;
}

/* Repeat one plays a song that ended again; repeat all starts the list
 * again after its last song. */
static void
test_repeat (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AkinLibraryManager) manager = akin_library_manager_new (f->db_path, &error);
  g_autoptr(GSettings) settings = g_settings_new (AKIN_SETTINGS_SCHEMA_ID);
  AkinWindow *window;
  AkinPlayer *player;
  AkinLibraryView *view;
  guint n_ended = 0;

  g_assert_no_error (error);
  window = new_window (manager);
  player = akin_playback_get_player (akin_window_get_playback (window));
  view = AKIN_LIBRARY_VIEW (akin_window_get_library_view (window));
  g_signal_connect (player, "end-of-stream", G_CALLBACK (count_end), &n_ended);

  g_settings_set_string (settings, "repeat", "one");
  g_assert_cmpint (akin_queue_get_repeat (window_queue (window)), ==, AKIN_QUEUE_REPEAT_ONE);
  g_assert_true (akin_library_view_play_position (view, 1));
  assert_plays (window, row_id (window, 1));
  g_assert_true (SPIN_UNTIL (saw_end, &n_ended));
  assert_plays (window, row_id (window, 1));

  /* Repeat all: from the last song to the first. (Stopped first: the
   * repeated song must not end meanwhile, under the new rule.) */
  akin_player_stop (player);
  g_settings_set_string (settings, "repeat", "all");
  n_ended = 0;
  g_assert_true (akin_library_view_play_position (view, 3));
  assert_plays (window, row_id (window, 3));
  g_assert_true (SPIN_UNTIL (saw_end, &n_ended));
  assert_plays (window, row_id (window, 0));

  akin_player_stop (player);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Shuffle: every other song once before any repeats; previous goes back
 * through what played. */
static void
test_shuffle (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AkinLibraryManager) manager = akin_library_manager_new (f->db_path, &error);
  g_autoptr(GSettings) settings = g_settings_new (AKIN_SETTINGS_SCHEMA_ID);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  gint64 order[4];
  AkinWindow *window;

  g_assert_no_error (error);
  window = new_window (manager);
  g_settings_set_boolean (settings, "shuffle", TRUE);
  g_assert_true (akin_queue_get_shuffle (window_queue (window)));

  g_assert_true (akin_library_view_play_position (
                   AKIN_LIBRARY_VIEW (akin_window_get_library_view (window)), 2));
  order[0] = row_id (window, 2);
  assert_plays (window, order[0]);
  g_hash_table_add (seen, &order[0]);
  for (guint i = 1; i < 4; i++)
    {
      order[i] = akin_queue_peek_next (window_queue (window));
      g_assert_cmpint (order[i], >, 0);
      g_assert_false (g_hash_table_contains (seen, &order[i]));
      g_hash_table_add (seen, &order[i]);
      gtk_widget_activate_action (GTK_WIDGET (window), "player.next", NULL);
      assert_plays (window, order[i]);
    }
  gtk_widget_activate_action (GTK_WIDGET (window), "player.previous", NULL);
  assert_plays (window, order[2]);

  akin_player_stop (akin_playback_get_player (akin_window_get_playback (window)));
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
is_playing (gpointer data)
{
  return akin_player_get_state (data) == AKIN_PLAYER_STATE_PLAYING;
}

static gboolean
position_past (gpointer data)
{
  return akin_player_get_position (data) >= 3.0
         && akin_player_get_state (data) == AKIN_PLAYER_STATE_PLAYING;
}

/* Closing the window keeps the song, its position and the queue; a new
 * window has them back, paused, and plays on from there. */
static void
test_resume (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AkinLibraryManager) manager = akin_library_manager_new (f->db_path, &error);
  AkinWindow *window;
  AkinPlayer *player;
  gint64 song, queued;
  double position;

  g_assert_no_error (error);
  window = new_window (manager);
  player = akin_playback_get_player (akin_window_get_playback (window));
  song = row_id (window, 1);
  queued = row_id (window, 3);
  g_assert_true (akin_library_view_play_position (
                   AKIN_LIBRARY_VIEW (akin_window_get_library_view (window)), 1));
  assert_plays (window, song);
  akin_player_seek (player, 2.5);
  akin_player_pause (player);
  menu_choose (window, 3, "queue.add");
  position = akin_player_get_position (player);
  g_assert_cmpfloat (position, >=, 2.5);
  /* What closing the window (or Ctrl+Q) does. */
  g_object_ref (player);
  gtk_window_close (GTK_WINDOW (window));
  akin_player_stop (player);
  g_object_unref (player);

  window = new_window (manager);
  player = akin_playback_get_player (akin_window_get_playback (window));
  {
    g_autoptr(AkinTrack) track = akin_library_manager_get_track (manager, song);

    g_assert_cmpstr (akin_player_get_uri (player), ==, track->uri);
    g_assert_cmpstr (akin_now_playing_get_title (akin_playback_get_now_playing (akin_window_get_playback (window))), ==,
                     track->tags.title);
  }
  g_assert_cmpint (akin_player_get_state (player), !=, AKIN_PLAYER_STATE_PLAYING);
  g_assert_cmpfloat_with_epsilon (akin_player_get_position (player), position, 0.001);
  /* Before it plays, the length comes from the library and the song can be
   * moved: the playback bar shows both. */
  {
    g_autoptr(AkinTrack) track = akin_library_manager_get_track (manager, song);

    g_assert_cmpfloat (track->duration, >, 0);
    g_assert_cmpfloat_with_epsilon (akin_player_get_duration (player), track->duration, 0.01);
  }
  g_assert_true (akin_player_get_resumed (player));
  g_assert_true (akin_player_get_can_seek (player));
  akin_player_seek (player, position - 0.5);
  g_assert_cmpfloat_with_epsilon (akin_player_get_position (player), position - 0.5, 0.001);
  position -= 0.5;
  g_assert_cmpint (akin_playback_get_current_track_id (akin_window_get_playback (window)), ==, song);
  g_assert_cmpint (queued_id (window, 0), ==, queued);
  g_assert_true (gtk_revealer_get_reveal_child (window->playback_revealer));

  /* Play goes on from there, not from the start: once libvlc reports
   * time again, it is past the resumed position. */
  gtk_widget_activate_action (GTK_WIDGET (window), "player.play-pause", NULL);
  g_assert_true (SPIN_UNTIL (is_playing, player));
  {
    gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC / 2;

    while (g_get_monotonic_time () < until)
      g_main_context_iteration (NULL, FALSE);
  }
  g_assert_cmpfloat (akin_player_get_position (player), >=, position - 0.1);
  g_assert_true (SPIN_UNTIL (position_past, player));

  akin_player_stop (player);
  gtk_window_destroy (GTK_WINDOW (window));
}

static gint64
album_track (AkinBrowseView *view,
             guint           i)
{
  return g_array_index (akin_browse_view_get_album_tracks (view), gint64, i);
}

/* Albums and Artists list what the tagged library holds; an album's page
 * lists its songs in track order, and a song of it plays with the rest of
 * the album queued after it; an artist shows its albums. */
static void
test_browse (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AkinLibraryManager) manager = akin_library_manager_new (f->db_path, &error);
  AkinWindow *window;
  AkinBrowseView *albums, *artists;
  GListModel *items;

  g_assert_no_error (error);
  window = new_window (manager);
  albums = AKIN_BROWSE_VIEW (akin_window_get_browse_view (window, AKIN_BROWSE_ALBUMS));
  artists = AKIN_BROWSE_VIEW (akin_window_get_browse_view (window, AKIN_BROWSE_ARTISTS));

  /* Song i is on album A (the first half) or B, by artist A or B. */
  items = akin_browse_view_get_items (albums);
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(AkinBrowseItem) item = g_list_model_get_item (items, i);

      g_assert_cmpstr (akin_browse_item_get_album (item), ==, i == 0 ? "Album A" : "Album B");
      g_assert_cmpstr (akin_browse_item_get_artist (item), ==, i == 0 ? "Artist A" : "Artist B");
      g_assert_cmpuint (akin_browse_item_get_n_tracks (item), ==, 2);
    }
  items = akin_browse_view_get_items (artists);
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, 2);

  /* Album B: songs 3 and 4, tracks 1 and 2. */
  g_assert_true (akin_browse_view_open_album (albums, 1));
  g_assert_cmpuint (akin_browse_view_get_album_tracks (albums)->len, ==, 2);
  g_assert_cmpint (album_track (albums, 0), ==, g_array_index (f->ids, gint64, 2));
  g_assert_cmpint (album_track (albums, 1), ==, g_array_index (f->ids, gint64, 3));
  g_assert_true (akin_browse_view_play_album_track (albums, 0));
  assert_plays (window, g_array_index (f->ids, gint64, 2));
  g_assert_cmpint (queued_id (window, 0), ==, g_array_index (f->ids, gint64, 3));
  g_assert_cmpint (queued_id (window, 1), ==, -1);
  gtk_widget_activate_action (GTK_WIDGET (window), "player.next", NULL);
  assert_plays (window, g_array_index (f->ids, gint64, 3));

  /* An artist activated: the albums view shows that artist's albums. */
  g_signal_emit_by_name (artists, "artist-activated", "Artist A");
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (window->browse_stack), ==, "albums");
  items = akin_browse_view_get_items (albums);
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, 1);
  {
    g_autoptr(AkinBrowseItem) item = g_list_model_get_item (items, 0);

    g_assert_cmpstr (akin_browse_item_get_album (item), ==, "Album A");
  }
  akin_browse_view_set_artist (albums, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (akin_browse_view_get_items (albums)), ==, 2);

  akin_player_stop (akin_playback_get_player (akin_window_get_playback (window)));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Files dropped on the window play, the rest queued; a folder is only
 * offered, not added; a file outside the library plays too. */
static void
test_drop (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AkinLibraryManager) manager = akin_library_manager_new (f->db_path, &error);
  g_autoptr(GSettings) settings = g_settings_new (AKIN_SETTINGS_SCHEMA_ID);
  g_autofree char *third = g_build_filename (f->music, "song-03.wav", NULL);
  g_autofree char *fourth = g_build_filename (f->music, "song-04.wav", NULL);
  g_autofree char *outside = g_build_filename (f->dir, "outside.wav", NULL);
  g_autoptr(GFile) outside_file = g_file_new_for_path (outside);
  g_autofree char *outside_uri = g_file_get_uri (outside_file);
  GSList *files = NULL;
  g_auto(GStrv) folders = NULL;
  AkinWindow *window;

  g_assert_no_error (error);
  window = new_window (manager);
  files = g_slist_append (files, g_file_new_for_path (third));
  files = g_slist_append (files, g_file_new_for_path (f->music));
  files = g_slist_append (files, g_file_new_for_path (fourth));
  g_assert_true (akin_window_drop_files (window, files));
  assert_plays (window, g_array_index (f->ids, gint64, 2));
  g_assert_cmpint (queued_id (window, 0), ==, g_array_index (f->ids, gint64, 3));
  folders = g_settings_get_strv (settings, "music-folders");
  g_assert_cmpuint (g_strv_length (folders), ==, 0);
  g_slist_free_full (files, g_object_unref);

  app_test_write_wav (outside, 500.0, 4.0);
  files = g_slist_append (NULL, g_object_ref (outside_file));
  g_assert_true (akin_window_drop_files (window, files));
  g_slist_free_full (files, g_object_unref);
  {
    gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
    AkinPlayer *player = akin_playback_get_player (akin_window_get_playback (window));

    while ((g_strcmp0 (akin_player_get_uri (player), outside_uri) != 0
            || akin_player_get_state (player) != AKIN_PLAYER_STATE_PLAYING)
           && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, FALSE);
    g_assert_cmpstr (akin_player_get_uri (player), ==, outside_uri);
    g_assert_cmpint (akin_player_get_state (player), ==, AKIN_PLAYER_STATE_PLAYING);
  }

  akin_player_stop (akin_playback_get_player (akin_window_get_playback (window)));
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
two_columns (gpointer data)
{
  AkinWindow *window = data;

  return akin_library_view_get_n_visible_columns (
           AKIN_LIBRARY_VIEW (akin_window_get_library_view (window))) == 2
         && gtk_widget_get_width (GTK_WIDGET (window)) <= 360;
}

/* Whether @widget lies inside the window, all of it. */
static void
assert_inside (AkinWindow *window,
               GtkWidget  *widget)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_get_mapped (widget));
  g_assert_true (gtk_widget_compute_bounds (widget, GTK_WIDGET (window), &bounds));
  g_assert_cmpfloat (bounds.origin.x, >=, 0);
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (GTK_WIDGET (window)));
  g_assert_cmpfloat (bounds.size.width, >, 0);
}

static void
check_controls (GtkWidget  *widget,
                AkinWindow *window,
                guint      *n)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_BUTTON (widget) || GTK_IS_MENU_BUTTON (widget) || GTK_IS_SCALE_BUTTON (widget))
    {
      assert_inside (window, widget);
      (*n)++;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    check_controls (c, window, n);
}

/* At 360 pixels (a phone) the window fits: the list keeps title and
 * artist, the side pane folds away, the views move to a bar at the
 * bottom, and every control shown is inside the window. */
static void
test_narrow (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AkinLibraryManager) manager = akin_library_manager_new (f->db_path, &error);
  g_autoptr(GSettings) settings = g_settings_new (AKIN_SETTINGS_SCHEMA_ID);
  AkinWindow *window;
  guint n_controls = 0;

  g_assert_no_error (error);
  g_settings_set_int (settings, "window-width", 360);
  g_settings_set_int (settings, "window-height", 700);
  window = new_window (manager);
  g_assert_true (akin_library_view_play_position (
                   AKIN_LIBRARY_VIEW (akin_window_get_library_view (window)), 0));
  assert_plays (window, row_id (window, 0));
  g_assert_true (SPIN_UNTIL (two_columns, window));
  {
    gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC / 2;

    while (g_get_monotonic_time () < until)
      g_main_context_iteration (NULL, FALSE);
  }
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 360);
  g_assert_true (adw_flap_get_folded (window->flap));
  g_assert_false (adw_flap_get_reveal_flap (window->flap));
  check_controls (GTK_WIDGET (window), window, &n_controls);
  /* Previous, play, next, shuffle, repeat, volume, the pane toggle, the
   * menu, the window's close button and the three views. */
  g_assert_cmpuint (n_controls, >=, 9);
  assert_inside (window, GTK_WIDGET (window->playback_bar));

  akin_player_stop (akin_playback_get_player (akin_window_get_playback (window)));
  gtk_window_destroy (GTK_WINDOW (window));
  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
}

int
main (int   argc,
      char *argv[])
{
  /* Short, but longer than libvlc reads ahead (1 s): a shorter file ends
   * almost at once under the adummy output, before a test can see it play. */
  static const double short_songs = 3.0;
  GTestDBus *bus;
  int status;

  if (app_test_skip_without_display ("the playback tests"))
    return 77;

  g_test_init (&argc, &argv, NULL);
  g_setenv ("AKIN_VLC_AOUT", "adummy", TRUE);
  bus = app_test_session_up ();

  g_test_add ("/playback/queue", Fixture, NULL, fixture_set_up, test_queue, fixture_tear_down);
  g_test_add ("/playback/repeat", Fixture, &short_songs, fixture_set_up, test_repeat,
              fixture_tear_down);
  g_test_add ("/playback/shuffle", Fixture, NULL, fixture_set_up, test_shuffle,
              fixture_tear_down);
  g_test_add ("/playback/resume", Fixture, NULL, fixture_set_up, test_resume, fixture_tear_down);
  g_test_add ("/playback/browse", Fixture, NULL, fixture_set_up, test_browse, fixture_tear_down);
  g_test_add ("/playback/drop", Fixture, NULL, fixture_set_up, test_drop, fixture_tear_down);
  g_test_add ("/playback/narrow", Fixture, NULL, fixture_set_up, test_narrow, fixture_tear_down);

  status = g_test_run ();
  g_test_dbus_stop (bus);
  return status;
}
