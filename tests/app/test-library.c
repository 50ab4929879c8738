/* test-library.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The application's library: the manager scanning and analysing a folder
 * of synthesised songs with a tiny model built here, the paged list model
 * over a database of a few thousand rows, the list view playing a row, the
 * problems dialog, preferences, and the damaged-library page. Each test has
 * its own database in a temporary directory. Needs a display (skips
 * without one; tools/run-tests provides Xvfb).
 */

#include "config.h"

#include "app-test-session.h"
#include "app-test-wait.h"
#include "app-test-window.h"
#include "test-tmpdir.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "akin-application.h"
#include "akin-encoder.h"
#include "akin-library-manager-private.h"
#include "akin-library-model.h"
#include "akin-library-view.h"
#include "akin-preferences-window.h"
#include "akin-problems-dialog.h"
#include "akin-window-private.h"

/* Generous: reaching it is a failure, never a measurement. */
#define DEADLINE_US (20 * G_USEC_PER_SEC)
#define SPIN_UNTIL(func, data) app_test_spin_until ((func), (data), DEADLINE_US)

typedef struct
{
  AkinLibraryManager *manager;
  guint               before;
} RunsSince;

/* An analyzer run has begun (or ended) since @before was read: the folder
 * job that starts it goes through a worker first, so "finished" can still
 * be the state from before it. */
static gboolean
run_started (gpointer data)
{
  RunsSince *since = data;

  return _akin_library_manager_get_n_runs (since->manager) > since->before;
}

typedef struct
{
  char *dir;
  char *db_path;
  char *music;
} Fixture;

static char *model_path;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = g_settings_new (AKIN_SETTINGS_SCHEMA_ID);

  f->dir = g_dir_make_tmp ("akin-library-XXXXXX", &error);
  g_assert_no_error (error);
  f->db_path = g_build_filename (f->dir, "library.db", NULL);
  f->music = g_build_filename (f->dir, "music", NULL);
  g_assert_cmpint (g_mkdir (f->music, 0700), ==, 0);
  g_settings_reset (settings, "music-folders");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (AKIN_SETTINGS_SCHEMA_ID);

  g_settings_reset (settings, "music-folders");
  test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->db_path);
  g_free (f->music);
}

/* Spins the main loop until *@flag (a gboolean) or @func says done. */

static gboolean
model_loaded (gpointer data)
{
  return !akin_library_model_get_loading (data);
}


/* A mono 16-bit WAV of @seconds of a tone at @freq Hz with a little noise. */
static void
write_wav (const char *path,
           double      freq,
           double      seconds)
{
  const guint rate = 22050;
  guint n = (guint) (rate * seconds);
  g_autofree gint16 *pcm = g_new (gint16, n);
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  guint32 u32;
  guint16 u16;
  guint32 seed = 12345;

  for (guint i = 0; i < n; i++)
    {
      seed = seed * 1664525u + 1013904223u;
      pcm[i] = (gint16) (12000 * sin (2 * G_PI * freq * i / rate)
                         + 500 * ((double) (seed >> 16) / 65536.0 - 0.5));
    }
#define PUT(bytes, len) g_byte_array_append (out, (const guint8 *) (bytes), len)
  PUT ("RIFF", 4);
  u32 = GUINT32_TO_LE (36 + n * 2);
  PUT (&u32, 4);
  PUT ("WAVEfmt ", 8);
  u32 = GUINT32_TO_LE (16);
  PUT (&u32, 4);
  u16 = GUINT16_TO_LE (1);
  PUT (&u16, 2);
  PUT (&u16, 2);  /* one channel */
  u32 = GUINT32_TO_LE (rate);
  PUT (&u32, 4);
  u32 = GUINT32_TO_LE (rate * 2);
  PUT (&u32, 4);
  u16 = GUINT16_TO_LE (2);
  PUT (&u16, 2);
  u16 = GUINT16_TO_LE (16);
  PUT (&u16, 2);
  PUT ("data", 4);
  u32 = GUINT32_TO_LE (n * 2);
  PUT (&u32, 4);
  for (guint i = 0; i < n; i++)
    {
      gint16 s = GINT16_TO_LE (pcm[i]);

      PUT (&s, 2);
    }
#undef PUT
  g_file_set_contents (path, (const char *) out->data, out->len, &error);
  g_assert_no_error (error);
}

/* Three tones and one file that only pretends to be audio. */
static void
write_songs (Fixture *f)
{
  const double freqs[] = { 220.0, 440.0, 880.0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *bad = g_build_filename (f->music, "broken.wav", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (freqs); i++)
    {
      g_autofree char *name = g_strdup_printf ("tone-%u.wav", (guint) freqs[i]);
      g_autofree char *path = g_build_filename (f->music, name, NULL);

      write_wav (path, freqs[i], 6.0);
    }
  g_file_set_contents (bad, "RIFF this is not a wave file at all", -1, &error);
  g_assert_no_error (error);
}

static AkinWindow *
new_window (AkinLibraryManager *manager)
{
  AkinWindow *window = app_test_window_new (manager, "LibraryTest");

  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
on_problem_reported (AkinLibraryManager *manager,
                     const char         *message,
                     gpointer            data)
{
  g_free (*(char **) data);
  *(char **) data = g_strdup (message);
}

/* An empty library shows the "Add Your Music" page; a folder that cannot
 * be read is reported, not added. */
static void
test_window_empty (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AkinLibraryManager) manager = akin_library_manager_new (f->db_path, &error);
  g_autoptr(GFile) nowhere = g_file_new_for_path ("/nonexistent/akin-music");
  g_autofree char *problem = NULL;
  g_auto(GStrv) folders = NULL;
  AkinWindow *window;

  g_assert_no_error (error);
  window = new_window (manager);
  g_signal_connect (manager, "problem-reported", G_CALLBACK (on_problem_reported), &problem);
  akin_window_add_music_folder (window, nowhere);
  g_assert_nonnull (problem);
  g_assert_nonnull (strstr (problem, "/nonexistent/akin-music"));
  folders = akin_library_manager_dup_folders (manager);
  g_assert_cmpuint (g_strv_length (folders), ==, 0);
  {
    g_autoptr(GSettings) settings = g_settings_new (AKIN_SETTINGS_SCHEMA_ID);
    g_auto(GStrv) setting = g_settings_get_strv (settings, "music-folders");

    g_assert_cmpuint (g_strv_length (setting), ==, 0);
  }
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->main_stack), ==, "empty");
  g_assert_nonnull (akin_window_get_library_view (window));
  /* Ctrl+F has an action to go to. */
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (window), "search"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (window->library_actions), "rescan"));
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
analysis_finished (gpointer data)
{
  AkinLibraryManager *manager = data;
  AkinAnalyzerProgress p;
  gboolean analyzing;

  g_object_get (manager, "analyzing", &analyzing, NULL);
  akin_library_manager_get_progress (manager, &p);
  return !analyzing && p.phase == AKIN_ANALYZER_PHASE_FINISHED;
}

typedef struct
{
  AkinLibraryModel *model;
  guint             n;
} WaitItems;

static gboolean
has_items (gpointer data)
{
  WaitItems *w = data;

  return !akin_library_model_get_loading (w->model)
         && g_list_model_get_n_items (G_LIST_MODEL (w->model)) == w->n;
}

static void
on_track_analyzed (AkinLibraryManager *manager,
                   gint64              track_id,
                   gpointer            data)
{
  /* Recommendable at once: the vector is in the index before the signal. */
  g_assert_true (akin_similarity_index_contains (akin_library_manager_get_index (manager),
                                                 track_id));
  (*(guint *) data)++;
}

static gboolean
folder_watched (gpointer data)
{
  return _akin_library_manager_get_n_monitors (data) == 1;
}

static gboolean
player_advanced (gpointer data)
{
  return akin_player_get_position (data) > 0.3;
}

/* A folder added through the window is scanned and analysed; the list
 * fills; a row plays when activated; the problems list names the bad file. */
static void
test_add_folder (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AkinLibraryManager) manager = NULL;
  g_autoptr(GFile) folder = g_file_new_for_path (f->music);
  g_autoptr(AkinTrackObject) bad = NULL;
  g_autoptr(GtkWidget) problems = NULL;
  AkinLibraryView *view;
  AkinLibraryModel *model;
  AkinWindow *window;
  GtkColumnView *column_view;
  GtkListBox *list;
  AdwActionRow *row;
  WaitItems wait;
  guint n_analyzed = 0;
  guint runs_before, jobs_before;
  g_autoptr(GSettings) settings = g_settings_new (AKIN_SETTINGS_SCHEMA_ID);
  guint bad_pos = G_MAXUINT, good_pos = G_MAXUINT;
  gint64 good_id;

  write_songs (f);
  manager = akin_library_manager_new (f->db_path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (akin_library_manager_get_model (manager));
  akin_library_manager_set_n_workers (manager, 2);
  g_signal_connect (manager, "track-analyzed", G_CALLBACK (on_track_analyzed), &n_analyzed);
  window = new_window (manager);

  /* The library follows the setting, as the application makes it do. */
  akin_library_manager_follow_folders (manager, settings);
  g_assert_true (SPIN_UNTIL (analysis_finished, manager));
  runs_before = _akin_library_manager_get_n_runs (manager);
  jobs_before = _akin_library_manager_get_n_folder_jobs (manager);

  /* What library.add-folder does once the user picked the folder. */
  akin_window_add_music_folder (window, folder);
  {
    RunsSince since = { manager, runs_before };

    g_assert_true (SPIN_UNTIL (run_started, &since));
  }
  g_assert_true (SPIN_UNTIL (analysis_finished, manager));
  /* Let anything still queued run: a second job or scan would start now. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_true (SPIN_UNTIL (analysis_finished, manager));

  /* One addition: one folder job, one analyzer run. */
  g_assert_cmpuint (_akin_library_manager_get_n_folder_jobs (manager) - jobs_before, ==, 1);
  g_assert_cmpuint (_akin_library_manager_get_n_runs (manager) - runs_before, ==, 1);

  g_assert_cmpuint (n_analyzed, ==, 3);
  g_assert_cmpuint (akin_similarity_index_get_size (akin_library_manager_get_index (manager)), ==, 3);
  {
    g_auto(GStrv) folders = akin_library_manager_dup_folders (manager);
    g_autofree char *uri = g_file_get_uri (folder);

    g_assert_cmpuint (g_strv_length (folders), ==, 1);
    g_assert_cmpstr (folders[0], ==, uri);
  }

  view = AKIN_LIBRARY_VIEW (akin_window_get_library_view (window));
  model = akin_library_view_get_model (view);
  wait = (WaitItems) { model, 4 };
  g_assert_true (SPIN_UNTIL (has_items, &wait));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->main_stack), ==, "library");

  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(AkinTrackObject) item = g_list_model_get_item (G_LIST_MODEL (model), i);

      if (akin_track_object_get_status (item) == AKIN_TRACK_STATUS_FAILED)
        bad_pos = i;
      else
        {
          g_assert_cmpint (akin_track_object_get_status (item), ==, AKIN_TRACK_STATUS_ANALYZED);
          g_assert_cmpfloat (akin_track_object_get_duration (item), >, 5.9);
          g_assert_cmpfloat (akin_track_object_get_bpm (item), >, 0.0);
          good_pos = i;
        }
    }
  g_assert_cmpuint (bad_pos, !=, G_MAXUINT);
  bad = g_list_model_get_item (G_LIST_MODEL (model), bad_pos);
  g_assert_cmpstr (akin_track_object_get_title (bad), ==, "broken");
  g_assert_nonnull (akin_track_object_get_last_error (bad));

  /* The problems dialog lists the bad file with its reason. */
  problems = g_object_ref_sink (akin_problems_dialog_new (manager));
  g_assert_cmpuint (akin_problems_dialog_get_n_problems (AKIN_PROBLEMS_DIALOG (problems)), ==, 1);
  list = akin_problems_dialog_get_list_box (AKIN_PROBLEMS_DIALOG (problems));
  row = ADW_ACTION_ROW (gtk_list_box_get_row_at_index (list, 0));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "broken.wav");
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==,
                   akin_track_object_get_last_error (bad));

  /* “Try Again” closes the dialog and analyses the failed file again
   * (a plain rescan leaves a file that is not audio alone). */
  {
    GtkButton *retry = akin_problems_dialog_get_retry_button (AKIN_PROBLEMS_DIALOG (problems));
    AkinAnalyzerProgress p;

    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (retry)));
    akin_library_manager_rescan (manager);
    g_assert_true (SPIN_UNTIL (analysis_finished, manager));
    akin_library_manager_get_progress (manager, &p);
    g_assert_cmpuint (p.n_failed, ==, 0);

    gtk_window_present (GTK_WINDOW (problems));
    g_signal_emit_by_name (retry, "clicked");
    g_assert_false (gtk_widget_get_visible (problems));
    g_assert_true (SPIN_UNTIL (analysis_finished, manager));
    akin_library_manager_get_progress (manager, &p);
    g_assert_cmpuint (p.n_failed, ==, 1);
    g_assert_cmpuint (p.n_done, ==, 0);
  }
  gtk_window_destroy (GTK_WINDOW (problems));

  /* The neighbours follow the list. */
  g_assert_cmpint (akin_library_view_get_neighbour_track (view,
                     akin_library_model_get_track_id (model, 0), 1), ==,
                   akin_library_model_get_track_id (model, 1));
  g_assert_cmpint (akin_library_view_get_neighbour_track (view,
                     akin_library_model_get_track_id (model, 0), -1), ==, -1);
  g_assert_cmpint (akin_library_view_get_neighbour_track (view,
                     akin_library_model_get_track_id (model, 3), 1), ==, -1);

  /* A click on a column header sorts the model by that column. */
  column_view = GTK_COLUMN_VIEW (app_test_find_child (GTK_WIDGET (view), GTK_TYPE_COLUMN_VIEW));
  g_assert_nonnull (column_view);
  {
    g_autoptr(GtkColumnViewColumn) title = g_list_model_get_item (
      gtk_column_view_get_columns (column_view), 0);
    gboolean descending = FALSE;

    g_assert_cmpint (akin_library_model_get_sort (model, NULL), ==, AKIN_TRACK_SORT_ARTIST);
    gtk_column_view_sort_by_column (column_view, title, GTK_SORT_DESCENDING);
    g_assert_cmpint (akin_library_model_get_sort (model, &descending), ==, AKIN_TRACK_SORT_TITLE);
    g_assert_true (descending);
    wait = (WaitItems) { model, 4 };
    g_assert_true (SPIN_UNTIL (has_items, &wait));
    {
      /* "tone-880" … "tone-220", the untitled broken file last. */
      g_autoptr(AkinTrackObject) first = g_list_model_get_item (G_LIST_MODEL (model), 0);
      g_autoptr(AkinTrackObject) last = g_list_model_get_item (G_LIST_MODEL (model), 3);

      g_assert_cmpstr (akin_track_object_get_title (first), ==, "tone-880");
      g_assert_cmpstr (akin_track_object_get_title (last), ==, "broken");
    }
  }

  /* Activating a row (double-click, Enter) plays it. */
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(AkinTrackObject) item = g_list_model_get_item (G_LIST_MODEL (model), i);

      if (akin_track_object_get_status (item) == AKIN_TRACK_STATUS_ANALYZED)
        good_pos = i;
    }
  good_id = akin_library_model_get_track_id (model, good_pos);
  g_signal_emit_by_name (column_view, "activate", good_pos);
  g_assert_cmpint (akin_playback_get_current_track_id (akin_window_get_playback (window)), ==, good_id);
  g_assert_true (SPIN_UNTIL (player_advanced, akin_playback_get_player (akin_window_get_playback (window))));
  {
    g_autoptr(AkinTrack) track = akin_library_manager_get_track (manager, good_id);

    g_assert_cmpstr (akin_player_get_uri (akin_playback_get_player (akin_window_get_playback (window))), ==, track->uri);
  }

  /* Similar songs of an analysed track, never itself. */
  {
    g_autoptr(GArray) matches = akin_similarity_index_query_track (
      akin_library_manager_get_index (manager), good_id, 10, 0, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (matches->len, ==, 2);
    for (guint i = 0; i < matches->len; i++)
      g_assert_cmpint (g_array_index (matches, AkinSimilarityMatch, i).track_id, !=, good_id);
  }

  /* A song copied into the folder while the app runs is found. */
  {
    g_autofree char *path = g_build_filename (f->music, "late-arrival.wav", NULL);
    g_autofree char *tmp = g_build_filename (f->dir, "late-arrival.wav", NULL);

    n_analyzed = 0;
    g_assert_true (SPIN_UNTIL (folder_watched, manager));
    write_wav (tmp, 330.0, 6.0);
    g_assert_cmpint (g_rename (tmp, path), ==, 0);
    wait = (WaitItems) { model, 5 };
    g_assert_true (SPIN_UNTIL (has_items, &wait));
    g_assert_true (SPIN_UNTIL (analysis_finished, manager));
    g_assert_cmpuint (n_analyzed, ==, 1);
  }

  akin_player_stop (akin_playback_get_player (akin_window_get_playback (window)));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A folder written as a path (as an older demo script did) and as a URI
 * is one folder, a URI, in the setting and in the library. */
static void
test_folder_paths (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AkinLibraryManager) manager = NULL;
  g_autoptr(GSettings) settings = g_settings_new (AKIN_SETTINGS_SCHEMA_ID);
  g_autoptr(GFile) folder = g_file_new_for_path (f->music);
  g_autofree char *uri = g_file_get_uri (folder);
  const char *both[] = { f->music, uri, NULL };
  g_auto(GStrv) folders = NULL;
  g_auto(GStrv) known = NULL;

  write_songs (f);
  g_settings_set_strv (settings, "music-folders", both);
  manager = akin_library_manager_new (f->db_path, &error);
  g_assert_no_error (error);
  akin_library_manager_follow_folders (manager, settings);
  folders = g_settings_get_strv (settings, "music-folders");
  g_assert_cmpuint (g_strv_length (folders), ==, 1);
  g_assert_cmpstr (folders[0], ==, uri);
  g_assert_true (SPIN_UNTIL (analysis_finished, manager));
  known = akin_library_manager_dup_folders (manager);
  g_assert_cmpuint (g_strv_length (known), ==, 1);
  g_assert_cmpstr (known[0], ==, uri);
}

/* A few thousand rows straight into the database. */
static void
fill_database (const char *path,
               guint       n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AkinDatabase) db = akin_database_open (path, 0, &error);

  g_assert_no_error (error);
  g_assert_true (akin_database_begin (db, &error));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *uri = g_strdup_printf ("file:///music/%05u.ogg", i);
      g_autoptr(AkinAnalysisResult) r = akin_analysis_result_new ();
      gint64 id = akin_database_add_file (db, uri, 1000 + i, i, NULL, &error);
      float v[8];

      g_assert_no_error (error);
      /* Titles in a scrambled order, so sorting by title is not by id. */
      r->tags.title = g_strdup_printf ("Title %05u", (i * 7919) % n);
      r->tags.artist = g_strdup_printf ("Artist %u", i % 37);
      r->duration = 60 + i % 300;
      for (guint k = 0; k < G_N_ELEMENTS (v); k++)
        v[k] = (float) ((i + k) % 11);
      akin_analysis_result_set_vector (r, "other-model", v, G_N_ELEMENTS (v));
      if (!akin_database_store_analysis (db, id, r, &error))
        g_error ("%s", error->message);
    }
  g_assert_true (akin_database_commit (db, &error));
}

/* The list model over many rows: counts, order, search, and paging. */
static void
test_model_paging (Fixture       *f,
                   gconstpointer  data)
{
  const guint n = 3000;
  g_autoptr(GError) error = NULL;
  g_autoptr(AkinLibraryManager) manager = NULL;
  g_autoptr(AkinLibraryModel) model = NULL;
  g_autoptr(GArray) expected = NULL;
  AkinDatabase *db;
  guint n_matching = 0;
  GRand *rand = g_rand_new_with_seed (42);

  fill_database (f->db_path, n);
  manager = akin_library_manager_new (f->db_path, &error);
  g_assert_no_error (error);
  db = akin_library_manager_get_database (manager);
  model = akin_library_model_new (manager);
  g_assert_true (SPIN_UNTIL (model_loaded, model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (model)) == AKIN_TYPE_TRACK_OBJECT);

  /* Random rows are right, and reading them does not read the library. */
  expected = akin_database_list_track_ids (db, NULL, AKIN_TRACK_SORT_ARTIST, FALSE, &error);
  g_assert_no_error (error);
  for (guint k = 0; k < 40; k++)
    {
      guint pos = (guint) g_rand_int_range (rand, 0, (gint32) n);
      g_autoptr(AkinTrackObject) item = g_list_model_get_item (G_LIST_MODEL (model), pos);
      g_autoptr(AkinTrack) track = NULL;

      g_assert_cmpint (akin_track_object_get_id (item), ==, g_array_index (expected, gint64, pos));
      track = akin_database_get_track (db, akin_track_object_get_id (item), &error);
      g_assert_cmpstr (akin_track_object_get_title (item), ==, track->tags.title);
    }
  g_assert_cmpuint (akin_library_model_get_n_cached (model), <=, 40 * 64);
  g_assert_cmpuint (akin_library_model_get_n_cached (model), <, n);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), n));

  /* Sorted by title, descending: "Title 02999" first. */
  akin_library_model_set_sort (model, AKIN_TRACK_SORT_TITLE, TRUE);
  g_assert_true (SPIN_UNTIL (model_loaded, model));
  {
    g_autoptr(AkinTrackObject) first = g_list_model_get_item (G_LIST_MODEL (model), 0);
    g_autoptr(AkinTrackObject) last = g_list_model_get_item (G_LIST_MODEL (model), n - 1);

    g_assert_cmpstr (akin_track_object_get_title (first), ==, "Title 02999");
    g_assert_cmpstr (akin_track_object_get_title (last), ==, "Title 00000");
  }

  /* Search: every song with "12" in its title, artist or file name,
   * counted here independently of SQL. */
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *title = g_strdup_printf ("Title %05u", (i * 7919) % n);
      g_autofree char *artist = g_strdup_printf ("Artist %u", i % 37);
      g_autofree char *file_name = g_strdup_printf ("%05u.ogg", i);

      if (strstr (title, "12") != NULL || strstr (artist, "12") != NULL
          || strstr (file_name, "12") != NULL)
        n_matching++;
    }
  akin_library_model_set_search (model, "12");
  g_assert_true (SPIN_UNTIL (model_loaded, model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n_matching);
  for (guint i = 0; i < n_matching; i += 17)
    {
      g_autoptr(AkinTrackObject) item = g_list_model_get_item (G_LIST_MODEL (model), i);

      g_assert_true (strstr (akin_track_object_get_title (item), "12") != NULL
                     || strstr (akin_track_object_get_artist (item), "12") != NULL
                     || strstr (strrchr (akin_track_object_get_uri (item), '/'), "12") != NULL);
    }
  akin_library_model_set_search (model, "no such song");
  g_assert_true (SPIN_UNTIL (model_loaded, model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  akin_library_model_set_search (model, NULL);
  g_assert_true (SPIN_UNTIL (model_loaded, model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n);
  g_rand_free (rand);
}

/* The key column goes round the circle of fifths, each major key followed
 * by its relative minor, unknown keys last either way; not alphabetically. */
static void
test_model_key_order (Fixture       *f,
                      gconstpointer  data)
{
  /* Stored in this (alphabetical) order, so ids do not give the answer;
   * NULL: a song without a key. */
  static const char * const stored[] = {
    NULL, "A Major", "A Minor", "Bb Major", "C Major", "D Minor", "E Minor", "Eb Minor",
    "F Major", "F# Major", "G Major",
  };
  static const char * const ascending[] = {
    "C Major", "A Minor", "G Major", "E Minor", "A Major", "F# Major", "Eb Minor", "Bb Major",
    "F Major", "D Minor", NULL,
  };
  static const char * const descending[] = {
    "D Minor", "F Major", "Bb Major", "Eb Minor", "F# Major", "A Major", "E Minor", "G Major",
    "A Minor", "C Major", NULL,
  };
  const guint n = G_N_ELEMENTS (stored);
  g_autoptr(GError) error = NULL;
  g_autoptr(AkinLibraryManager) manager = NULL;
  g_autoptr(AkinLibraryModel) model = NULL;

  {
    g_autoptr(AkinDatabase) db = akin_database_open (f->db_path, 0, &error);

    g_assert_no_error (error);
    for (guint i = 0; i < n; i++)
      {
        g_autofree char *uri = g_strdup_printf ("file:///music/key-%02u.ogg", i);
        g_autoptr(AkinAnalysisResult) r = akin_analysis_result_new ();
        gint64 id = akin_database_add_file (db, uri, 1000 + i, i, NULL, &error);
        float v[8] = { 1, (float) i };

        g_assert_no_error (error);
        r->tags.title = g_strdup_printf ("Song %02u", i);
        r->duration = 60;
        r->has_descriptors = TRUE;
        r->descriptors.tempo_bpm = 100;
        r->descriptors.rolloff_freq = 3000;
        r->descriptors.key_signature = g_strdup (stored[i]);
        akin_analysis_result_set_vector (r, "other-model", v, G_N_ELEMENTS (v));
        g_assert_true (akin_database_store_analysis (db, id, r, &error));
        g_assert_no_error (error);
      }
  }
  manager = akin_library_manager_new (f->db_path, &error);
  g_assert_no_error (error);
  model = akin_library_model_new (manager);
  g_assert_true (SPIN_UNTIL (model_loaded, model));

  for (guint pass = 0; pass < 2; pass++)
    {
      const char * const *expected = pass == 0 ? ascending : descending;

      akin_library_model_set_sort (model, AKIN_TRACK_SORT_KEY, pass == 1);
      g_assert_true (SPIN_UNTIL (model_loaded, model));
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(AkinTrackObject) item = g_list_model_get_item (G_LIST_MODEL (model), i);

          g_assert_cmpstr (akin_track_object_get_key (item), ==, expected[i]);
        }
    }
}

/* The preferences window lists the music folders. */
static void
test_preferences (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AkinLibraryManager) manager = akin_library_manager_new (f->db_path, &error);
  g_autoptr(GSettings) settings = g_settings_new (AKIN_SETTINGS_SCHEMA_ID);
  const char *folders[] = { "file:///music/a", "file:///music/b", NULL };
  GtkWidget *prefs;

  g_assert_no_error (error);
  g_settings_set_strv (settings, "music-folders", folders);
  prefs = akin_preferences_window_new (NULL, manager);
  gtk_window_present (GTK_WINDOW (prefs));
  g_assert_true (SPIN_UNTIL (app_test_widget_mapped, prefs));
  g_assert_cmpuint (akin_preferences_window_get_n_folders (AKIN_PREFERENCES_WINDOW (prefs)), ==, 2);
  g_settings_set_strv (settings, "music-folders", folders + 1);
  g_assert_cmpuint (akin_preferences_window_get_n_folders (AKIN_PREFERENCES_WINDOW (prefs)), ==, 1);
  gtk_window_destroy (GTK_WINDOW (prefs));
}

static gboolean
is_library_page (gpointer data)
{
  AkinWindow *window = data;

  return g_strcmp0 (gtk_stack_get_visible_child_name (window->main_stack), "error") != 0;
}

/* A library file that is not a database: the window explains it, and
 * "Start a New Library" keeps the old file beside the new one. */
static void
test_damaged_library (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(AkinApplication) app = akin_application_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;
  gboolean kept = FALSE;
  AkinWindow *window;

  g_file_set_contents (f->db_path, "this is certainly not an SQLite database, just some text "
                       "long enough to look like a file header and more", -1, &error);
  g_assert_no_error (error);
  g_setenv ("AKIN_DATABASE", f->db_path, TRUE);

  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));
  window = AKIN_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_null (akin_application_get_library_manager (app));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->main_stack), ==, "error");
  g_assert_nonnull (adw_status_page_get_description (window->error_page));

  g_action_group_activate_action (G_ACTION_GROUP (app), "new-library", NULL);
  g_assert_true (SPIN_UNTIL (is_library_page, window));
  g_assert_nonnull (akin_application_get_library_manager (app));
  g_assert_true (akin_window_get_library_manager (window) ==
                 akin_application_get_library_manager (app));

  dir = g_dir_open (f->dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "library.db.damaged-"))
      {
        g_autofree char *path = g_build_filename (f->dir, name, NULL);
        g_autofree char *contents = NULL;

        g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
        g_assert_true (g_str_has_prefix (contents, "this is certainly not"));
        kept = TRUE;
      }
  g_assert_true (kept);

  gtk_window_destroy (GTK_WINDOW (window));
  g_unsetenv ("AKIN_DATABASE");
}

/* A deterministic model of the shipped architecture with random weights:
 * enough for the analysis path, cheap to make. */
static void
make_model (const char *dir)
{
  AkinNetSpec spec2d, spec1d;
  g_autoptr(AkinModel) model = NULL;
  g_autoptr(GError) error = NULL;
  AkinRng rng;

  akin_encoder_default_spec_2d (&spec2d);
  akin_encoder_default_spec_1d (&spec1d);
  model = akin_model_new (&spec2d, &spec1d, &error);
  g_assert_no_error (error);
  akin_rng_init (&rng, 7);
  akin_net_init_weights (model->net2d, &rng);
  akin_net_init_weights (model->net1d, &rng);
  model_path = g_build_filename (dir, "test.model", NULL);
  g_assert_true (akin_model_save (model, model_path, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *model_dir = NULL;
  GTestDBus *bus;
  int status;

  if (app_test_skip_without_display ("the library tests"))
    return 77;

  g_test_init (&argc, &argv, NULL);
  g_setenv ("AKIN_VLC_AOUT", "adummy", TRUE);

  bus = app_test_session_up ();

  model_dir = g_dir_make_tmp ("akin-model-XXXXXX", NULL);
  make_model (model_dir);
  g_setenv ("AKIN_MODEL", model_path, TRUE);

#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/library/window/empty", test_window_empty);
  ADD ("/library/add-folder", test_add_folder);
  ADD ("/library/folder-paths", test_folder_paths);
  ADD ("/library/model/paging", test_model_paging);
  ADD ("/library/model/key-order", test_model_key_order);
  ADD ("/library/preferences", test_preferences);
  ADD ("/library/damaged", test_damaged_library);
#undef ADD

  status = g_test_run ();
  test_remove_tree (model_dir);
  g_free (model_path);
  g_test_dbus_stop (bus);
  return status;
}
