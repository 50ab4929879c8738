/* bench-index-build.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What building the similarity index from a library database costs: fills
 * a database with N synthetic songs (a vector and a timbre model each, as
 * bench-startup does), then builds the index from it a few times in a row,
 * printing the CPU time (every thread) and the wall time of each build and
 * the resident memory the index holds. The first build of a fresh database
 * computes the mutual proximity statistics; the following ones find them
 * stored.
 *
 *   bench-index-build [N (default 10000)] [BUILDS (default 3)]
 */

#include "config.h"

#include <glib/gstdio.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>

#include "akin-similarity.h"
#include "bench-library.h"
#include "bench-process.h"

#define MODEL_ID "bench-model"
#define DIM      64

int
main (int   argc,
      char *argv[])
{
  guint n = argc > 1 ? (guint) atoi (argv[1]) : 10000;
  guint builds = argc > 2 ? (guint) atoi (argv[2]) : 3;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("akin-bench-index-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "library.db", NULL);
  g_autoptr(AkinDatabase) db = NULL;
  gint64 t0 = g_get_monotonic_time ();

  bench_library_fill (path, MODEL_ID, DIM, n);
  printf ("library: %u songs written in %.1f s\n", n, (g_get_monotonic_time () - t0) / 1e6);
  if ((db = akin_database_open (path, 0, &error)) == NULL)
    g_error ("%s", error->message);

  for (guint b = 0; b < builds; b++)
    {
      AkinSimilarityIndex *index;
      double cpu, before;
      gint64 wall;

      malloc_trim (0);
      before = bench_rss_mb ();
      cpu = bench_cpu_seconds ();
      wall = g_get_monotonic_time ();
      index = akin_similarity_index_new_from_database (db, MODEL_ID, DIM, &error);
      if (index == NULL)
        g_error ("%s", error->message);
      cpu = bench_cpu_seconds () - cpu;
      printf ("build %u: %u tracks, CPU %.2f s, wall %.2f s, index %.1f MB (%.0f bytes per track)\n",
              b, akin_similarity_index_get_size (index), cpu,
              (g_get_monotonic_time () - wall) / 1e6, bench_rss_mb () - before,
              (bench_rss_mb () - before) * 1048576.0 / n);
      akin_similarity_index_unref (index);
    }

  g_clear_pointer (&db, akin_database_close);
  for (guint i = 0; i < 3; i++)
    {
      const char *suffixes[] = { "", "-wal", "-shm" };
      g_autofree char *p = g_strconcat (path, suffixes[i], NULL);

      g_remove (p);
    }
  g_rmdir (dir);
  return 0;
}
