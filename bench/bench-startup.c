/* bench-startup.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How fast the app starts on a large library: builds a database of N
 * synthetic songs (tags, descriptors and a vector each, inserted through
 * the engine, with a model made here so the index loads them too), then
 * launches the app on it with AKIN_BENCH_STARTUP=1 and reads what it
 * prints: the monotonic time of its first frame and of the first frame
 * showing the filled song list, and its resident memory then. Prints the
 * median of a few launches (the first one warms the page cache).
 *
 *   bench-startup AKIN_BINARY [N (default 100000)] [RUNS (default 3)]
 *
 * AKIN_BINARY must be built with -Dbench_hooks=true (the shipped program
 * has no hooks). Needs a display (e.g. xvfb-run) and the build's settings
 * schema (GSETTINGS_SCHEMA_DIR). Targets: first frame < 1 s, memory < 300 MB.
 * With AKIN_BENCH_KEEP=1 the library is kept (its path is printed), to
 * run the app on it by hand.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>

#include "akin-model.h"
#include "bench-library.h"

typedef struct
{
  double first_frame_s;
  double list_frame_s;
  double rss_mb;
} Launch;

static gboolean
launch (const char *binary,
        GStrv       env,
        Launch     *out)
{
  const char *argv[] = { binary, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  g_auto(GStrv) lines = NULL;
  gint64 start = g_get_monotonic_time ();
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &output,
                     NULL, &status, &error))
    {
      g_printerr ("%s\n", error->message);
      return FALSE;
    }
  *out = (Launch) { -1, -1, -1 };
  lines = g_strsplit (output, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      gint64 value;

      if (sscanf (lines[i], "first-frame-monotonic-us %" G_GINT64_FORMAT, &value) == 1)
        out->first_frame_s = (value - start) / 1e6;
      else if (sscanf (lines[i], "list-frame-monotonic-us %" G_GINT64_FORMAT, &value) == 1)
        out->list_frame_s = (value - start) / 1e6;
      else if (sscanf (lines[i], "vm-rss-kb %" G_GINT64_FORMAT, &value) == 1)
        out->rss_mb = value / 1024.0;
    }
  return out->first_frame_s > 0 && out->rss_mb > 0;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof *values, compare_double);
  return values[n / 2];
}

int
main (int   argc,
      char *argv[])
{
  guint n = argc > 2 ? (guint) atoi (argv[2]) : 100000;
  guint runs = argc > 3 ? (guint) atoi (argv[3]) : 3;
  g_autofree char *dir = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *model_path = NULL;
  g_autoptr(AkinModel) model = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = NULL;
  g_autofree double *first = NULL, *list = NULL, *rss = NULL;
  gint64 t0;
  guint ok = 0;

  if (argc < 2)
    {
      g_printerr ("Usage: bench-startup AKIN_BINARY [N] [RUNS]\n");
      return 2;
    }

  dir = g_dir_make_tmp ("akin-bench-startup-XXXXXX", &error);
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

  env = g_get_environ ();
  env = g_environ_setenv (env, "AKIN_DATABASE", db_path, TRUE);
  env = g_environ_setenv (env, "AKIN_MODEL", model_path, TRUE);
  env = g_environ_setenv (env, "AKIN_BENCH_STARTUP", "1", TRUE);
  env = g_environ_setenv (env, "GSETTINGS_BACKEND", "memory", TRUE);
  env = g_environ_setenv (env, "AKIN_VLC_AOUT", "adummy", TRUE);
  env = g_environ_setenv (env, "NO_AT_BRIDGE", "1", TRUE);

  first = g_new (double, runs + 1);
  list = g_new (double, runs + 1);
  rss = g_new (double, runs + 1);
  for (guint i = 0; i <= runs; i++)
    {
      Launch l;

      if (!launch (argv[1], env, &l))
        g_error ("The app did not report its start-up (is there a display?)");
      printf ("launch %u%s: first frame %.3f s, list shown %.3f s, VmRSS %.1f MB\n", i,
              i == 0 ? " (cold)" : "", l.first_frame_s, l.list_frame_s, l.rss_mb);
      if (i == 0)
        continue;
      first[ok] = l.first_frame_s;
      list[ok] = l.list_frame_s;
      rss[ok] = l.rss_mb;
      ok++;
    }
  printf ("median of %u: first frame %.3f s (target < 1 s), list shown %.3f s, "
          "VmRSS %.1f MB (target < 300 MB)\n", ok, median (first, ok), median (list, ok),
          median (rss, ok));

  if (g_getenv ("AKIN_BENCH_KEEP") != NULL)
    {
      printf ("kept: AKIN_DATABASE=%s AKIN_MODEL=%s\n", db_path, model_path);
      return 0;
    }
  for (guint i = 0; i < 3; i++)
    {
      const char *suffixes[] = { "", "-wal", "-shm" };
      g_autofree char *p = g_strconcat (db_path, suffixes[i], NULL);

      g_remove (p);
    }
  g_remove (model_path);
  g_rmdir (dir);
  return 0;
}
