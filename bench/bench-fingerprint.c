/* bench-fingerprint.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Finding a track's copies in a large library: builds the fingerprint
 * index (akin-fingerprint-index.c) of N synthetic songs (100 000 by
 * default) of 2 to 6 minutes, then looks up, one at a time:
 *
 *   own      a song of the library itself (left out: no copy to find)
 *   lossy    a copy of a library song with 6 % of its bits flipped (about
 *            what MP3 at 64 kb/s does to a fingerprint)
 *   excerpt  10 seconds from the middle of a library song, 6 % flipped
 *
 * and prints the CPU time per lookup (median and worst; the thread's own
 * CPU time, so that other work on the machine does not count), how many
 * found their
 * song, and the same against a plain scan that compares the query with
 * every song at one offset only (a lower bound of what an unindexed
 * search costs), as a ratio measured in the same run.
 *
 * Synthetic fingerprints: each value is the previous one with every bit
 * flipped with probability 1/4, as consecutive Chromaprint values of real
 * music share most of their bits.
 *
 *   bench-fingerprint [--tracks N] [--queries Q] [--seed S]
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "akin-recordings.h"
#include "bench-process.h"

#define ITEMS_PER_MINUTE (60.0 / AKIN_FINGERPRINT_ITEM_SECONDS)

static guint32
random_flips (GRand  *rand,
              double  p)
{
  guint32 mask = 0;

  for (guint b = 0; b < 32; b++)
    if (g_rand_double (rand) < p)
      mask |= 1u << b;
  return mask;
}

static AkinFingerprint *
make_song (GRand *rand)
{
  guint n = (guint) (g_rand_double_range (rand, 2, 6) * ITEMS_PER_MINUTE);
  AkinFingerprint *fp = g_new0 (AkinFingerprint, 1);
  guint32 v = g_rand_int (rand);

  fp->values = g_new (guint32, n);
  fp->n_values = n;
  for (guint i = 0; i < n; i++)
    {
      /* Flipping each bit with p = 1/4: the xor of two 1/2-masks. */
      v ^= g_rand_int (rand) & g_rand_int (rand);
      fp->values[i] = v;
    }
  return fp;
}

static AkinFingerprint *
degrade (GRand                 *rand,
         const AkinFingerprint *song,
         guint                  start,
         guint                  n)
{
  AkinFingerprint *fp = g_new0 (AkinFingerprint, 1);

  n = MIN (n, song->n_values - start);
  fp->values = g_new (guint32, n);
  fp->n_values = n;
  for (guint i = 0; i < n; i++)
    fp->values[i] = song->values[start + i] ^ random_flips (rand, 0.06);
  return fp;
}

/* This thread's CPU time in ms: what a lookup costs, whatever the load. */
static double
thread_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* The unindexed baseline: the query against every song at offset 0. */
static gint64
plain_scan (AkinFingerprint      **songs,
            guint                  n_songs,
            const AkinFingerprint *query)
{
  gint64 best = -1;
  guint best_bits = G_MAXUINT;

  for (guint s = 0; s < n_songs; s++)
    {
      guint n = MIN (songs[s]->n_values, query->n_values), bits = 0;

      for (guint i = 0; i < n; i++)
        bits += (guint) __builtin_popcount (songs[s]->values[i] ^ query->values[i]);
      bits += 16 * (query->n_values - n);
      if (bits < best_bits)
        {
          best_bits = bits;
          best = s + 1;
        }
    }
  return best;
}

int
main (int   argc,
      char *argv[])
{
  static const char *const kinds[] = { "own", "lossy", "excerpt" };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = NULL;
  g_autoptr(AkinFingerprintIndex) index = NULL;
  g_autofree AkinFingerprint **songs = NULL;
  gint n_tracks = 100000, n_queries = 200, seed = 1;
  double start, build_s, rss_before;
  guint64 n_values = 0;
  const GOptionEntry entries[] = {
    { "tracks", 'n', 0, G_OPTION_ARG_INT, &n_tracks, "Songs in the library (100000)", "N" },
    { "queries", 'q', 0, G_OPTION_ARG_INT, &n_queries, "Lookups of each kind (200)", "Q" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Random seed (1)", "S" },
    { NULL }
  };

  context = g_option_context_new ("- finding a track's copies in a large library");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || n_tracks < 1 || n_queries < 1)
    {
      g_printerr ("%s\n", error != NULL ? error->message : "bad arguments");
      return 2;
    }

  rand = g_rand_new_with_seed ((guint32) seed);
  rss_before = bench_rss_mb ();
  songs = g_new (AkinFingerprint *, n_tracks);
  index = akin_fingerprint_index_new ();
  for (gint i = 0; i < n_tracks; i++)
    {
      songs[i] = make_song (rand);
      n_values += songs[i]->n_values;
      akin_fingerprint_index_add (index, i + 1, akin_fingerprint_copy (songs[i]));
    }

  /* The first lookup builds the postings. */
  start = g_get_monotonic_time ();
  {
    g_autoptr(GArray) m = akin_fingerprint_index_find (index, songs[0], 1);
  }
  build_s = (g_get_monotonic_time () - start) / 1e6;
  g_print ("%d songs, %.1f minutes on average; index built in %.2f s, %.0f MB "
           "(postings %.0f MB, fingerprints %.0f MB)\n\n",
           n_tracks, n_values / ITEMS_PER_MINUTE / n_tracks, build_s,
           bench_rss_mb () - rss_before, akin_fingerprint_index_get_memory (index) / 1e6,
           n_values * 4 / 1e6);

  g_print ("CPU time per lookup:\n");
  g_print ("%-8s %10s %10s %10s %8s\n", "query", "median ms", "worst ms", "mean ms", "found");
  for (guint kind = 0; kind < G_N_ELEMENTS (kinds); kind++)
    {
      g_autofree double *ms = g_new (double, n_queries);
      double sum = 0;
      guint found = 0;

      for (gint q = 0; q < n_queries; q++)
        {
          guint s = g_rand_int_range (rand, 0, n_tracks);
          g_autoptr(AkinFingerprint) query = NULL;
          g_autoptr(GArray) matches = NULL;
          double t;

          if (kind == 0)
            query = akin_fingerprint_copy (songs[s]);
          else if (kind == 1)
            query = degrade (rand, songs[s], 0, songs[s]->n_values);
          else
            query = degrade (rand, songs[s], songs[s]->n_values / 2 - 40, 81);
          t = thread_cpu_ms ();
          matches = akin_fingerprint_index_find (index, query, kind == 0 ? s + 1 : 0);
          ms[q] = thread_cpu_ms () - t;
          sum += ms[q];
          if (kind == 0 ? matches->len == 0
                        : (matches->len == 1
                           && g_array_index (matches, AkinRecordingMatch, 0).track_id == s + 1))
            found++;
        }
      qsort (ms, n_queries, sizeof (double), compare_double);
      g_print ("%-8s %10.3f %10.3f %10.3f %7.1f%%\n", kinds[kind], ms[n_queries / 2],
               ms[n_queries - 1], sum / n_queries, 100.0 * found / n_queries);
    }

  /* The unindexed baseline, on a few lossy copies. */
  {
    double indexed = 0, plain = 0;
    guint n = MIN (n_queries, 10);

    for (guint q = 0; q < n; q++)
      {
        guint s = g_rand_int_range (rand, 0, n_tracks);
        g_autoptr(AkinFingerprint) query = degrade (rand, songs[s], 0, songs[s]->n_values);
        g_autoptr(GArray) matches = NULL;
        double t = thread_cpu_ms ();

        matches = akin_fingerprint_index_find (index, query, 0);
        indexed += thread_cpu_ms () - t;
        t = thread_cpu_ms ();
        if (plain_scan (songs, n_tracks, query) != s + 1)
          g_printerr ("the plain scan missed a copy\n");
        plain += thread_cpu_ms () - t;
      }
    g_print ("\nlossy lookup vs. a plain scan of every song at one offset: %.0f x faster "
             "(%.3f ms vs %.1f ms)\n", plain / indexed, indexed / n, plain / n);
  }

  for (gint i = 0; i < n_tracks; i++)
    akin_fingerprint_free (songs[i]);
  return 0;
}
