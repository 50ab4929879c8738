/* bench-responsiveness.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How responsive the app stays:
 *
 * 1. Main-loop stalls during a scan: makes a folder of songs (synthetic
 *    WAV files, or copies of the first ones of a corpus folder), launches
 *    the app on an empty library with AKIN_BENCH_SCAN=FOLDER and reads the
 *    lateness of a 10 ms main-loop timer over the whole scan (maximum and
 *    99th percentile; target < 50 ms).
 * 2. Song change to similar list: builds a library of N synthetic songs
 *    (random vectors of a model made here) and launches the app with
 *    AKIN_BENCH_SIMILAR=SONGS, which plays that many random songs and
 *    reports the time from each change to the similar pane's list (median
 *    and maximum; target < 50 ms).
 *
 *   bench-responsiveness AKIN_BINARY [N (100000)] [SONGS (20)] [FILES (40)] [CORPUS_DIR]
 *
 * AKIN_BINARY must be built with -Dbench_hooks=true (the shipped program
 * has no hooks). Needs a display (xvfb-run) and a session bus
 * (dbus-run-session), and the build's settings schema (GSETTINGS_SCHEMA_DIR). Prints the load average
 * too: the figures only mean something next to it.
 *
 * GTK draws with Cairo here (GSK_RENDERER=cairo) unless GSK_RENDERER is
 * set: under Xvfb its OpenGL renderer runs on llvmpipe, software OpenGL,
 * which took three quarters of both cores and some 35 ms of every song
 * change in a profile (perf), so the figures measured the rasteriser rather
 * than Akin. A desktop with a GPU draws in a fraction of that.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <gst/gst.h>
#include <stdio.h>
#include <stdlib.h>

#include "akin-model.h"
#include "bench-library.h"

#define SONG_SECONDS 20
#define RATE         22050

static void
print_load (const char *when)
{
  g_autofree char *load = NULL;

  if (g_file_get_contents ("/proc/loadavg", &load, NULL, NULL))
    printf ("load average %s: %s", when, load);
}

static void
run_pipeline (const char *description)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = gst_parse_launch (description, &error);
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) message = NULL;

  if (pipeline == NULL)
    g_error ("%s", error->message);
  bus = gst_element_get_bus (pipeline);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  message = gst_bus_timed_pop_filtered (bus, GST_CLOCK_TIME_NONE,
                                        GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    g_error ("Could not write %s", description);
  gst_element_set_state (pipeline, GST_STATE_NULL);
}

static void
make_songs (const char *folder,
            guint       n_files,
            const char *corpus)
{
  static const char *const waves[] = { "sine", "square", "saw", "triangle", "pink-noise" };

  if (corpus != NULL)
    {
      g_autoptr(GDir) dir = g_dir_open (corpus, 0, NULL);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      const char *name;

      if (dir == NULL)
        g_error ("Cannot read %s", corpus);
      while ((name = g_dir_read_name (dir)) != NULL)
        if (g_str_has_suffix (name, ".ogg"))
          g_ptr_array_add (names, g_strdup (name));
      g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
      for (guint i = 0; i < names->len && i < n_files; i++)
        {
          g_autofree char *from = g_build_filename (corpus, names->pdata[i], NULL);
          g_autofree char *to = g_build_filename (folder, names->pdata[i], NULL);
          g_autoptr(GFile) source = g_file_new_for_path (from);
          g_autoptr(GFile) target = g_file_new_for_path (to);
          g_autoptr(GError) error = NULL;

          if (!g_file_copy (source, target, G_FILE_COPY_NONE, NULL, NULL, NULL, &error))
            g_error ("%s", error->message);
        }
      return;
    }

  for (guint i = 0; i < n_files; i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/song-%02u.wav", folder, i);
      g_autofree char *description = NULL;

      description = g_strdup_printf ("audiotestsrc wave=%s freq=%u samplesperbuffer=%u "
                                     "num-buffers=%u ! audio/x-raw,format=S16LE,rate=%u,"
                                     "channels=1 ! wavenc ! filesink location=\"%s\"",
                                     waves[i % G_N_ELEMENTS (waves)], 110 + 37 * i, RATE,
                                     SONG_SECONDS, RATE, path);
      run_pipeline (description);
    }
}

/* Runs the app and passes on what it prints (key value lines). */
static char *
launch (const char *binary,
        GStrv       env)
{
  const char *argv[] = { binary, NULL };
  g_autoptr(GError) error = NULL;
  char *output = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &output,
                     NULL, &status, &error))
    g_error ("%s", error->message);
  return output;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

int
main (int   argc,
      char *argv[])
{
  guint n = argc > 2 ? (guint) atoi (argv[2]) : 100000;
  const char *songs = argc > 3 ? argv[3] : "20";
  guint n_files = argc > 4 ? (guint) atoi (argv[4]) : 40;
  const char *corpus = argc > 5 ? argv[5] : NULL;
  g_autofree char *dir = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *scan_db = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *model_path = NULL;
  g_autofree char *output = NULL;
  g_autoptr(AkinModel) model = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) base = NULL;
  g_auto(GStrv) env = NULL;
  gint64 t0;

  if (argc < 2)
    {
      g_printerr ("Usage: bench-responsiveness AKIN_BINARY [N] [SONGS] [FILES] [CORPUS_DIR]\n");
      return 2;
    }
  gst_init (&argc, &argv);

  dir = g_dir_make_tmp ("akin-bench-responsiveness-XXXXXX", &error);
  if (dir == NULL)
    g_error ("%s", error->message);
  base = g_get_environ ();
  base = g_environ_setenv (base, "GSETTINGS_BACKEND", "memory", TRUE);
  base = g_environ_setenv (base, "AKIN_VLC_AOUT", "adummy", TRUE);
  base = g_environ_setenv (base, "NO_AT_BRIDGE", "1", TRUE);
  base = g_environ_setenv (base, "GSK_RENDERER", "cairo", FALSE);
  print_load ("at start");

  /* 1. Stalls during a scan */
  folder = g_build_filename (dir, "music", NULL);
  g_mkdir (folder, 0700);
  make_songs (folder, n_files, corpus);
  scan_db = g_build_filename (dir, "scan.db", NULL);
  env = g_strdupv (base);
  env = g_environ_setenv (env, "AKIN_DATABASE", scan_db, TRUE);
  env = g_environ_setenv (env, "AKIN_BENCH_SCAN", folder, TRUE);
  t0 = g_get_monotonic_time ();
  output = launch (argv[1], env);
  printf ("scan of %u %s files took %.1f s\n%s", n_files, corpus != NULL ? "corpus" : "synthetic",
          (g_get_monotonic_time () - t0) / 1e6, output);
  g_clear_pointer (&output, g_free);
  g_clear_pointer (&env, g_strfreev);
  print_load ("after the scan");

  /* 2. Song change to similar list */
  db_path = g_build_filename (dir, "library.db", NULL);
  model_path = bench_library_make_model (dir);
  if ((model = akin_model_load (model_path, &error)) == NULL)
    g_error ("%s", error->message);
  t0 = g_get_monotonic_time ();
  bench_library_fill (db_path, akin_model_get_id (model), akin_model_get_vector_size (model), n);
  printf ("library: %u songs written in %.1f s\n", n, (g_get_monotonic_time () - t0) / 1e6);
  printf ("first index build (computes and stores the timbre statistics): %.1f s\n",
          bench_library_warm (db_path, akin_model_get_id (model),
                              akin_model_get_vector_size (model)));
  env = g_strdupv (base);
  env = g_environ_setenv (env, "AKIN_DATABASE", db_path, TRUE);
  env = g_environ_setenv (env, "AKIN_MODEL", model_path, TRUE);
  env = g_environ_setenv (env, "AKIN_BENCH_SIMILAR", songs, TRUE);
  output = launch (argv[1], env);
  printf ("%s", output);
  print_load ("at the end");

  remove_tree (dir);
  return 0;
}
