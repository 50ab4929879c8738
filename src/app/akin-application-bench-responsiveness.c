/* akin-application-bench-responsiveness.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The responsiveness benchmark's hooks (bench/bench-responsiveness.c).
 *
 * AKIN_BENCH_SCAN=FOLDER adds FOLDER to the library as the user would (the
 * music-folders setting), plays its first song so the playhead redraws
 * every frame, and meanwhile runs a 10 ms timer on the main loop that
 * records how late it fires. When the scan is over it prints the number of
 * ticks and the lateness's maximum and 99th percentile, then quits.
 *
 * AKIN_BENCH_SIMILAR=N plays N random library songs one after another (as
 * activating them in the library does) and prints, for each, the time from
 * the song change to the similar pane showing its list, then the median and
 * the maximum of all but the first (which may wait for the similarity index
 * to load at start-up, and is printed apart), and quits.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "akin-application.h"
#include "akin-library-view.h"
#include "akin-similar-pane.h"
#include "akin-window.h"

#define TICK_MS 10

typedef struct
{
  GtkWidget *window;
  GArray    *lateness_us; /* gint64 */
  gint64     last_tick;
  guint      tick_id;
  gboolean   scan_started;

  /* AKIN_BENCH_SIMILAR */
  guint      n_songs;
  guint      n_done;
  gint64     expected_id;
  gint64     change_time;
  GArray    *latency_us; /* gint64 */
  guint      n_timeouts;
  guint      timeout_id;
} Bench;

static Bench bench;

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static double
percentile_ms (GArray *values,
               double  p)
{
  guint i;

  if (values->len == 0)
    return -1;
  g_array_sort (values, compare_gint64);
  i = (guint) (p * (values->len - 1) + 0.5);
  return g_array_index (values, gint64, i) / 1000.0;
}

static gboolean
on_tick (gpointer data)
{
  gint64 now = g_get_monotonic_time ();
  gint64 late = now - bench.last_tick - TICK_MS * 1000;

  g_array_append_val (bench.lateness_us, late);
  bench.last_tick = now;
  return G_SOURCE_CONTINUE;
}

static void
start_ticks (void)
{
  bench.lateness_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  bench.last_tick = g_get_monotonic_time ();
  bench.tick_id = g_timeout_add (TICK_MS, on_tick, NULL);
}

static void
print_stalls (const char *what)
{
  printf ("%s-ticks %u\n", what, bench.lateness_us->len);
  printf ("%s-stall-max-ms %.1f\n", what, percentile_ms (bench.lateness_us, 1.0));
  printf ("%s-stall-p99-ms %.1f\n", what, percentile_ms (bench.lateness_us, 0.99));
  printf ("%s-stall-median-ms %.1f\n", what, percentile_ms (bench.lateness_us, 0.5));
}

static void
finish (void)
{
  g_clear_handle_id (&bench.tick_id, g_source_remove);
  fflush (stdout);
  g_application_quit (g_application_get_default ());
}

/* Scan */

static void
on_analyzing_changed (AkinLibraryManager *manager)
{
  gboolean analyzing = FALSE;
  guint n_done = 0, n_failed = 0;

  g_object_get (manager, "analyzing", &analyzing, "n-done", &n_done, "n-failed", &n_failed, NULL);
  if (analyzing)
    {
      bench.scan_started = TRUE;
      return;
    }
  if (!bench.scan_started)
    return;
  g_signal_handlers_disconnect_by_func (manager, on_analyzing_changed, NULL);
  printf ("scan-analysed %u\nscan-failed %u\n", n_done, n_failed);
  print_stalls ("scan");
  finish ();
}

static void
start_scan (const char *folder)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (folder);
  g_autofree char *uri = g_file_get_uri (file);
  g_autoptr(GSettings) settings = g_settings_new (AKIN_SETTINGS_SCHEMA_ID);
  g_autoptr(GFileEnumerator) children = NULL;
  AkinLibraryManager *manager = akin_window_get_library_manager (AKIN_WINDOW (bench.window));
  const char *folders[] = { uri, NULL };
  GFileInfo *info;

  g_assert (manager != NULL);
  g_signal_connect (manager, "notify::analyzing", G_CALLBACK (on_analyzing_changed), NULL);
  start_ticks ();

  /* Something plays: the playhead redraws every frame while the scan runs. */
  children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NONE, NULL, NULL);
  while (children != NULL && g_file_enumerator_iterate (children, &info, NULL, NULL, NULL)
         && info != NULL)
    {
      g_autoptr(GFile) child = g_file_get_child (file, g_file_info_get_name (info));
      g_autofree char *child_uri = g_file_get_uri (child);

      akin_playback_play_uri (akin_window_get_playback (AKIN_WINDOW (bench.window)), child_uri,
                              NULL);
      break;
    }

  g_settings_set_strv (settings, "music-folders", folders);
}

/* Similar pane */

static AkinSimilarList *
find_list (void)
{
  GtkBox *slot = akin_window_get_similar_pane_slot (AKIN_WINDOW (bench.window));
  GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (slot));

  return AKIN_IS_SIMILAR_PANE (child) ? akin_similar_pane_get_list (AKIN_SIMILAR_PANE (child))
                                      : NULL;
}

static gboolean play_next (gpointer data);

/* A song whose list never comes is counted and skipped. */
static gboolean
on_song_timeout (gpointer data)
{
  bench.timeout_id = 0;
  printf ("similar-song %u id %" G_GINT64_FORMAT " timed out\n", bench.n_done, bench.expected_id);
  bench.expected_id = -1;
  bench.n_timeouts++;
  bench.n_done++;
  play_next (NULL);
  return G_SOURCE_REMOVE;
}

static void
on_list_state (AkinSimilarList *list)
{
  AkinSimilarListState state = akin_similar_list_get_state (list);
  gint64 latency;

  if (bench.expected_id <= 0 || akin_similar_list_get_track_id (list) != bench.expected_id
      || state == AKIN_SIMILAR_LIST_STATE_LOADING)
    return;
  latency = g_get_monotonic_time () - bench.change_time;
  g_clear_handle_id (&bench.timeout_id, g_source_remove);
  printf ("similar-song %u id %" G_GINT64_FORMAT " state %d latency-ms %.2f\n", bench.n_done,
          bench.expected_id, (int) state, latency / 1000.0);
  /* The first change right after start-up may wait for the index to load:
   * reported on its own. */
  if (bench.n_done == 0)
    {
      printf ("similar-first-ms %.2f\n", latency / 1000.0);
      /* Stalls too are measured from here on, past start-up. */
      g_array_set_size (bench.lateness_us, 0);
    }
  else if (state == AKIN_SIMILAR_LIST_STATE_LIST)
    g_array_append_val (bench.latency_us, latency);
  bench.expected_id = -1;
  bench.n_done++;
  /* Let the list paint before the next change. */
  g_timeout_add (150, play_next, NULL);
}

static gboolean
play_next (gpointer data)
{
  GtkWidget *view = akin_window_get_library_view (AKIN_WINDOW (bench.window));
  AkinLibraryModel *model = akin_library_view_get_model (AKIN_LIBRARY_VIEW (view));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_autoptr(GObject) item = NULL;
  guint position;

  if (bench.n_done == bench.n_songs || n == 0)
    {
      printf ("similar-songs %u\nsimilar-timeouts %u\n", bench.latency_us->len,
              bench.n_timeouts);
      printf ("similar-median-ms %.2f\n", percentile_ms (bench.latency_us, 0.5));
      printf ("similar-max-ms %.2f\n", percentile_ms (bench.latency_us, 1.0));
      print_stalls ("similar");
      finish ();
      return G_SOURCE_REMOVE;
    }

  position = g_random_int_range (0, (gint32) n);
  item = g_list_model_get_item (G_LIST_MODEL (model), position);
  g_object_get (item, "id", &bench.expected_id, NULL);
  bench.change_time = g_get_monotonic_time ();
  bench.timeout_id = g_timeout_add_seconds (10, on_song_timeout, NULL);
  akin_library_view_play_position (AKIN_LIBRARY_VIEW (view), position);
  return G_SOURCE_REMOVE;
}

static void start_similar (void);

static void
on_list_refreshed (AkinLibraryModel *model)
{
  g_signal_handlers_disconnect_by_func (model, on_list_refreshed, NULL);
  start_similar ();
}

static void
start_similar (void)
{
  GtkWidget *view = akin_window_get_library_view (AKIN_WINDOW (bench.window));
  AkinLibraryModel *model;
  AkinSimilarList *list = find_list ();

  g_assert (view != NULL && list != NULL);
  model = akin_library_view_get_model (AKIN_LIBRARY_VIEW (view));
  if (akin_library_model_get_loading (model))
    {
      g_signal_connect (model, "refreshed", G_CALLBACK (on_list_refreshed), NULL);
      return;
    }
  bench.latency_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_signal_connect (list, "notify::state", G_CALLBACK (on_list_state), NULL);
  g_signal_connect (list, "notify::track-id", G_CALLBACK (on_list_state), NULL);
  start_ticks ();
  play_next (NULL);
}

static void
on_first_paint (GdkFrameClock *clock,
                GtkWidget     *window)
{
  const char *folder = g_getenv ("AKIN_BENCH_SCAN");

  g_signal_handlers_disconnect_by_func (clock, on_first_paint, window);
  if (folder != NULL)
    start_scan (folder);
  else
    start_similar ();
}

static gboolean
on_bench_timeout (gpointer data)
{
  printf ("bench-timed-out 1\n");
  if (bench.lateness_us != NULL)
    print_stalls ("partial");
  finish ();
  return G_SOURCE_REMOVE;
}

static void
on_realize (GtkWidget *window)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (on_first_paint), window);
}

/* Called for the first window when AKIN_BENCH_SCAN or AKIN_BENCH_SIMILAR
 * is set. */
void
_akin_application_bench_responsiveness (GtkWidget *window)
{
  const char *n = g_getenv ("AKIN_BENCH_SIMILAR");

  bench.window = window;
  bench.expected_id = -1;
  bench.n_songs = n != NULL ? (guint) MAX (1, atoi (n)) : 0;
  g_signal_connect (window, "realize", G_CALLBACK (on_realize), NULL);
  g_timeout_add_seconds (300, on_bench_timeout, NULL);
}
