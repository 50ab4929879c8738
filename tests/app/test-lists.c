/* test-lists.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every list of songs, in a real window with real playback (libvlc's dummy
 * output) under Xvfb: the playing song is marked (and selected) in the song
 * list, on the album page and in the similar list, and the mark moves with
 * the next song; and one activation rule: in a list of songs a click
 * selects and a double click or Enter (the list's `activate`) plays, while
 * the albums grid and the artists list, which only open a page, open it on
 * a single click; the orders of the song list, the albums and the
 * artists, kept for the next window; and a file libvlc cannot play, listed
 * in the problems dialog. Skips without a display.
 */

#include "config.h"

#include "app-test-library.h"
#include "app-test-session.h"
#include "app-test-wait.h"
#include "app-test-window.h"
#include "test-tmpdir.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "akin-browse-view.h"
#include "akin-library-model.h"
#include "akin-library-view.h"
#include "akin-problems-dialog.h"
#include "akin-queue-pane.h"
#include "akin-similar-controller.h"
#include "akin-similar-row.h"
#include "akin-window-private.h"

#define DEADLINE_US (30 * G_USEC_PER_SEC)
#define SPIN_UNTIL(func, data) app_test_spin_until ((func), (data), DEADLINE_US)

typedef AppTestLibrary Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  app_test_reset_settings ();
  app_test_library_set_up (f, "akin-lists-XXXXXX", 4, 8.0);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  app_test_reset_settings ();
  app_test_library_tear_down (f);
}

static gint64
id_at (Fixture *f,
       guint    i)
{
  return g_array_index (f->ids, gint64, i);
}

static AkinWindow *
new_window (AkinLibraryManager *manager)
{
  AkinWindow *window = app_test_window_new (manager, "ListsTest");

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (SPIN_UNTIL (app_test_widget_mapped, window));
  g_assert_true (SPIN_UNTIL (app_test_model_filled,
                             akin_library_view_get_model (
                               AKIN_LIBRARY_VIEW (akin_window_get_library_view (window)))));
  return window;
}

static AkinSimilarController *
window_controller (AkinWindow *window)
{
  return g_object_get_data (G_OBJECT (window), "akin-similar-controller");
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
  AkinPlayback *playback = akin_window_get_playback (w->window);

  return akin_playback_get_current_track_id (playback) == w->id
         && akin_player_get_state (akin_playback_get_player (playback)) == AKIN_PLAYER_STATE_PLAYING;
}

static void
assert_plays (AkinWindow *window,
              gint64      id)
{
  WaitTrack w = { window, id };

  if (!SPIN_UNTIL (track_playing, &w))
    g_error ("waited for track %" G_GINT64_FORMAT " to play; current %" G_GINT64_FORMAT, id,
             akin_playback_get_current_track_id (akin_window_get_playback (window)));
}

/* Album page rows carry their track id; a marked one has the `playing`
 * style class and shows the speaker. Counts the marked rows and whether
 * @id is among them. */
static void
count_marked_songs (GtkWidget *widget,
                    gint64     id,
                    guint     *n_marked,
                    gboolean  *found)
{
  gpointer data = g_object_get_data (G_OBJECT (widget), "akin-track-id");

  if (data != NULL && gtk_widget_get_mapped (widget)
      && gtk_widget_has_css_class (widget, "playing"))
    {
      GtkWidget *icon = gtk_widget_get_first_child (widget);

      g_assert_true (GTK_IS_IMAGE (icon) && gtk_widget_get_visible (icon));
      (*n_marked)++;
      if (GPOINTER_TO_SIZE (data) == (gsize) id)
        *found = TRUE;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    count_marked_songs (c, id, n_marked, found);
}

typedef struct
{
  GtkWidget *widget;
  gint64     id;
} WaitMark;

static gboolean
album_marks (gpointer data)
{
  WaitMark *w = data;
  guint n = 0;
  gboolean found = FALSE;

  count_marked_songs (w->widget, w->id, &n, &found);
  return n == 1 && found;
}

static void
count_marked_similar (GtkWidget *widget,
                      gint64     id,
                      guint     *n_marked,
                      gboolean  *found)
{
  if (AKIN_IS_SIMILAR_ROW (widget) && akin_similar_row_get_playing (AKIN_SIMILAR_ROW (widget)))
    {
      AkinSimilarItem *item = akin_similar_row_get_item (AKIN_SIMILAR_ROW (widget));

      g_assert_true (gtk_widget_has_css_class (widget, "playing"));
      (*n_marked)++;
      if (item != NULL && akin_similar_item_get_track_id (item) == id)
        *found = TRUE;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    count_marked_similar (c, id, n_marked, found);
}

static gboolean
similar_marks (gpointer data)
{
  WaitMark *w = data;
  guint n = 0;
  gboolean found = FALSE;

  count_marked_similar (w->widget, w->id, &n, &found);
  return n == 1 && found;
}

static guint
selected_position (GtkWidget *list_view)
{
  GtkSelectionModel *model = gtk_list_view_get_model (GTK_LIST_VIEW (list_view));

  g_assert_true (GTK_IS_SINGLE_SELECTION (model));
  return gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (model));
}

/* The similar list shows songs 2, 3 and 4 (as if found similar to a file
 * chosen with Find Similar), whatever plays. */
static void
show_similar (Fixture         *f,
              AkinSimilarList *list)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 1; i < 4; i++)
    {
      g_autofree char *title = g_strdup_printf ("Song %u", i + 1);

      g_ptr_array_add (items, akin_similar_item_new (id_at (f, i), i, 0.9f - 0.1f * i, NULL,
                                                     title, "Artist", "Album", NULL));
    }
  akin_similar_list_show_items (list, "A File", (AkinSimilarItem **) items->pdata, items->len);
}

/* The playing song is marked in the song list, on its album's page and in
 * the similar list, and selected where it is listed; the next song moves
 * every mark. */
static void
test_playing_marked (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AkinLibraryManager) manager = akin_library_manager_new (f->db_path, &error);
  AkinWindow *window;
  AkinLibraryView *songs;
  AkinBrowseView *albums;
  AkinSimilarController *controller;
  AkinSimilarList *list;
  GtkWidget *pane, *album_list, *similar_list;
  WaitMark mark;

  g_assert_no_error (error);
  window = new_window (manager);
  controller = window_controller (window);
  songs = AKIN_LIBRARY_VIEW (akin_window_get_library_view (window));
  albums = AKIN_BROWSE_VIEW (akin_window_get_browse_view (window, AKIN_BROWSE_ALBUMS));
  list = akin_similar_controller_get_list (controller);
  pane = GTK_WIDGET (akin_similar_controller_get_pane (controller));
  similar_list = app_test_find_child (pane, GTK_TYPE_LIST_VIEW);

  /* Song 3: track 1 of Album B. */
  akin_playback_play_track (akin_window_get_playback (window), id_at (f, 2),
                            AKIN_QUEUE_SOURCE_LIBRARY);
  assert_plays (window, id_at (f, 2));
  g_assert_true (akin_library_view_is_marked_playing (songs, id_at (f, 2)));
  g_assert_false (akin_library_view_is_marked_playing (songs, id_at (f, 3)));

  adw_view_stack_set_visible_child_name (window->browse_stack, "albums");
  g_assert_true (akin_browse_view_open_album (albums, 1));
  album_list = app_test_find_child (gtk_stack_get_visible_child (
                             GTK_STACK (app_test_find_child (GTK_WIDGET (albums), GTK_TYPE_STACK))),
                           GTK_TYPE_LIST_VIEW);
  mark = (WaitMark) { GTK_WIDGET (albums), id_at (f, 2) };
  g_assert_true (SPIN_UNTIL (album_marks, &mark));
  g_assert_cmpuint (selected_position (album_list), ==, 0);

  gtk_stack_set_visible_child_name (window->side_stack, "similar");
  show_similar (f, list);
  mark = (WaitMark) { pane, id_at (f, 2) };
  g_assert_true (SPIN_UNTIL (similar_marks, &mark));
  g_assert_cmpuint (selected_position (similar_list), ==, 1);

  /* The next song: every mark moves. */
  akin_playback_play_track (akin_window_get_playback (window), id_at (f, 3),
                            AKIN_QUEUE_SOURCE_LIBRARY);
  assert_plays (window, id_at (f, 3));
  g_assert_true (akin_library_view_is_marked_playing (songs, id_at (f, 3)));
  g_assert_false (akin_library_view_is_marked_playing (songs, id_at (f, 2)));
  mark = (WaitMark) { GTK_WIDGET (albums), id_at (f, 3) };
  g_assert_true (SPIN_UNTIL (album_marks, &mark));
  g_assert_cmpuint (selected_position (album_list), ==, 1);
  show_similar (f, list);
  mark = (WaitMark) { pane, id_at (f, 3) };
  g_assert_true (SPIN_UNTIL (similar_marks, &mark));
  g_assert_cmpuint (selected_position (similar_list), ==, 2);

  akin_playback_stop (akin_window_get_playback (window));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* One rule: lists of songs select on a click and play on activation (a
 * double click or Enter); the grid of albums and the list of artists open
 * on a single click. */
static void
test_activation (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AkinLibraryManager) manager = akin_library_manager_new (f->db_path, &error);
  AkinWindow *window;
  AkinSimilarController *controller;
  GtkWidget *albums, *artists, *album_list, *similar_list, *queue_list, *column_view;

  g_assert_no_error (error);
  window = new_window (manager);
  controller = window_controller (window);
  albums = akin_window_get_browse_view (window, AKIN_BROWSE_ALBUMS);
  artists = akin_window_get_browse_view (window, AKIN_BROWSE_ARTISTS);

  /* Songs: the song list, an album's page, the similar list, the queue. */
  column_view = app_test_find_child (akin_window_get_library_view (window), GTK_TYPE_COLUMN_VIEW);
  g_assert_false (gtk_column_view_get_single_click_activate (GTK_COLUMN_VIEW (column_view)));
  g_assert_true (GTK_IS_SINGLE_SELECTION (gtk_column_view_get_model (GTK_COLUMN_VIEW (column_view))));

  g_assert_true (akin_browse_view_open_album (AKIN_BROWSE_VIEW (albums), 0));
  album_list = app_test_find_child (gtk_stack_get_child_by_name (
                             GTK_STACK (app_test_find_child (albums, GTK_TYPE_STACK)), "album"),
                           GTK_TYPE_LIST_VIEW);
  g_assert_false (gtk_list_view_get_single_click_activate (GTK_LIST_VIEW (album_list)));
  g_assert_cmpuint (selected_position (album_list), ==, GTK_INVALID_LIST_POSITION);

  similar_list = app_test_find_child (GTK_WIDGET (akin_similar_controller_get_pane (controller)),
                             GTK_TYPE_LIST_VIEW);
  g_assert_false (gtk_list_view_get_single_click_activate (GTK_LIST_VIEW (similar_list)));
  show_similar (f, akin_similar_controller_get_list (controller));
  g_assert_cmpuint (selected_position (similar_list), ==, GTK_INVALID_LIST_POSITION);

  queue_list = app_test_find_child (app_test_find_child (GTK_WIDGET (window), AKIN_TYPE_QUEUE_PANE),
                           GTK_TYPE_LIST_VIEW);
  g_assert_false (gtk_list_view_get_single_click_activate (GTK_LIST_VIEW (queue_list)));

  /* Pages: albums and artists. */
  g_assert_true (gtk_grid_view_get_single_click_activate (
                   GTK_GRID_VIEW (app_test_find_child (albums, GTK_TYPE_GRID_VIEW))));
  g_assert_true (gtk_list_view_get_single_click_activate (
                   GTK_LIST_VIEW (app_test_find_child (artists, GTK_TYPE_LIST_VIEW))));

  /* Activating a similar row plays its song; an album row, its song. */
  g_signal_emit_by_name (similar_list, "activate", 2);
  assert_plays (window, id_at (f, 3));
  g_signal_emit_by_name (album_list, "activate", 1);
  assert_plays (window, id_at (f, 1));

  akin_playback_stop (akin_window_get_playback (window));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The albums' (or artists') names in the view's order. */
static char *
browse_order (GtkWidget *view)
{
  GListModel *items = akin_browse_view_get_items (AKIN_BROWSE_VIEW (view));
  GString *order = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(AkinBrowseItem) item = g_list_model_get_item (items, i);
      const char *album = akin_browse_item_get_album (item);

      g_string_append_printf (order, "%s%s", i > 0 ? ", " : "",
                              album != NULL ? album : akin_browse_item_get_artist (item));
    }
  return g_string_free (order, FALSE);
}

/* The song list's order, the albums' and the artists' are chosen in the
 * window and are the same in the next one. */
static void
test_sort_remembered (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AkinLibraryManager) manager = NULL;
  g_autoptr(GSettings) settings = g_settings_new (AKIN_SETTINGS_SCHEMA_ID);
  AkinWindow *window;
  sqlite3 *db = NULL;

  /* Album A (songs 1, 2) is of 2010, album B (songs 3, 4) of 1999. */
  g_assert_cmpint (sqlite3_open (f->db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE tracks SET date = CASE album WHEN 'Album A'"
                                 " THEN '2010-03-01' ELSE '1999' END", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (db);
  manager = akin_library_manager_new (f->db_path, &error);
  g_assert_no_error (error);

  for (guint round = 0; round < 2; round++)
    {
      GtkWidget *albums, *artists, *column_view;
      AkinLibraryModel *model;
      g_autofree char *album_order = NULL;
      g_autofree char *artist_order = NULL;
      gboolean descending = FALSE;

      window = new_window (manager);
      albums = akin_window_get_browse_view (window, AKIN_BROWSE_ALBUMS);
      artists = akin_window_get_browse_view (window, AKIN_BROWSE_ARTISTS);
      model = akin_library_view_get_model (AKIN_LIBRARY_VIEW (akin_window_get_library_view (window)));

      if (round == 0)
        {
          /* The defaults: by artist. */
          album_order = browse_order (albums);
          g_assert_cmpstr (album_order, ==, "Album A, Album B");
          g_clear_pointer (&album_order, g_free);
          g_assert_cmpint (akin_library_model_get_sort (model, &descending), ==,
                           AKIN_TRACK_SORT_ARTIST);

          /* Chosen: titles from the last, albums and artists by year. */
          {
            g_autoptr(GtkColumnViewColumn) title = NULL;
            g_autofree char *kept = NULL;

            column_view = app_test_find_child (akin_window_get_library_view (window), GTK_TYPE_COLUMN_VIEW);
            title = g_list_model_get_item (gtk_column_view_get_columns (GTK_COLUMN_VIEW (column_view)),
                                           0);
            gtk_column_view_sort_by_column (GTK_COLUMN_VIEW (column_view), title,
                                            GTK_SORT_DESCENDING);
            kept = g_settings_get_string (settings, "songs-sort");
            g_assert_cmpstr (kept, ==, "title");
            g_assert_true (g_settings_get_boolean (settings, "songs-sort-descending"));
          }
          g_assert_true (gtk_widget_activate_action (albums, "browse.albums-sort", "s", "year"));
          g_assert_true (gtk_widget_activate_action (artists, "browse.artists-sort", "s", "year"));
        }

      /* In the window where they were chosen, and in the next one. */
      g_assert_cmpint (akin_library_model_get_sort (model, &descending), ==, AKIN_TRACK_SORT_TITLE);
      g_assert_true (descending);
      g_assert_true (SPIN_UNTIL (app_test_model_filled, model));
      g_assert_cmpint (akin_library_model_get_track_id (model, 0), ==, id_at (f, 3));
      album_order = browse_order (albums);
      g_assert_cmpstr (album_order, ==, "Album B, Album A");
      artist_order = browse_order (artists);
      g_assert_cmpstr (artist_order, ==, "Artist B, Artist A");

      gtk_window_destroy (GTK_WINDOW (window));
    }
}

static gboolean
has_playback_problem (gpointer data)
{
  g_autoptr(GPtrArray) problems = akin_library_manager_dup_playback_problems (data);

  return problems->len > 0;
}

/* A file libvlc cannot play is listed in the problems dialog, with the
 * reason the player gave; trying it again lists it once. */
static void
test_unplayable (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AkinLibraryManager) manager = akin_library_manager_new (f->db_path, &error);
  g_autofree char *path = g_build_filename (f->music, "broken.ogg", NULL);
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GtkWidget) dialog = NULL;
  const AkinAnalyzerProblem *problem;
  GtkListBoxRow *row;
  AkinWindow *window;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, "OggS but not really an Ogg file", -1, &error));
  window = new_window (manager);

  for (guint i = 0; i < 2; i++)
    {
      akin_playback_play_uri (akin_window_get_playback (window), uri, NULL);
      g_assert_true (SPIN_UNTIL (has_playback_problem, manager));
      akin_playback_stop (akin_window_get_playback (window));
    }
  problems = akin_library_manager_dup_playback_problems (manager);
  g_assert_cmpuint (problems->len, ==, 1);
  problem = g_ptr_array_index (problems, 0);
  g_assert_cmpstr (problem->uri, ==, uri);
  g_assert_cmpstr (problem->error->message, ==,
                   "Could not play “broken.ogg”: the file cannot be read or is not in a "
                   "supported audio format");

  dialog = g_object_ref_sink (akin_problems_dialog_new (manager));
  row = gtk_list_box_get_row_at_index (
    akin_problems_dialog_get_unplayable_box (AKIN_PROBLEMS_DIALOG (dialog)), 0);
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "broken.ogg");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   problem->error->message);
  g_assert_null (gtk_list_box_get_row_at_index (
    akin_problems_dialog_get_unplayable_box (AKIN_PROBLEMS_DIALOG (dialog)), 1));

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  GTestDBus *bus;
  int        status;

  if (app_test_skip_without_display ("the list tests"))
    return 77;

  g_test_init (&argc, &argv, NULL);
  g_setenv ("AKIN_VLC_AOUT", "adummy", TRUE);
  bus = app_test_session_up ();

  g_test_add ("/lists/playing-marked", Fixture, NULL, fixture_set_up, test_playing_marked,
              fixture_tear_down);
  g_test_add ("/lists/activation", Fixture, NULL, fixture_set_up, test_activation,
              fixture_tear_down);
  g_test_add ("/lists/sort-remembered", Fixture, NULL, fixture_set_up, test_sort_remembered,
              fixture_tear_down);
  g_test_add ("/lists/unplayable", Fixture, NULL, fixture_set_up, test_unplayable,
              fixture_tear_down);

  status = g_test_run ();
  g_test_dbus_stop (bus);
  return status;
}
