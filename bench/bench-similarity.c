/* bench-similarity.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Times a top-10 similarity query over 10 000, 100 000 and 1 000 000 random
 * 32-value vectors, and compares it with the fastest plain pass over the
 * same array (a vectorised sum of every float). A query can never beat that
 * pass: the ratio says how close to memory speed the query runs. Each figure
 * is the median of several runs, query and pass interleaved.
 *
 * Then times combined queries (encoders' vectors of 32 and 64 values,
 * summary vectors, timbre models with mutual proximity on the shortlist)
 * over 10 000 and 100 000 tracks with synthetic timbre models. Building
 * such an index costs one divergence per track and reference track, so the
 * benchmark uses a sample of 50 references (the query's cost does not
 * depend on it) and prints the build time it measured and the one a full
 * sample would take, and the resident memory the index took.
 *
 *   bench-similarity [MAX_N]
 */

#include "config.h"

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "akin-similarity-private.h"
#include "bench-process.h"

#define DIM 32

static volatile float sink;

static float
stream_sum (const float *restrict data,
            gsize                 n_floats)
{
#if defined(__GNUC__)
  typedef float v4sf __attribute__ ((vector_size (16)));
  v4sf a = { 0 }, b = { 0 }, c = { 0 }, d = { 0 }, x;
  gsize i = 0;

  for (; i + 16 <= n_floats; i += 16)
    {
      memcpy (&x, data + i, sizeof x);
      a += x;
      memcpy (&x, data + i + 4, sizeof x);
      b += x;
      memcpy (&x, data + i + 8, sizeof x);
      c += x;
      memcpy (&x, data + i + 12, sizeof x);
      d += x;
    }
  a = (a + b) + (c + d);
  return a[0] + a[1] + a[2] + a[3];
#else
  float s[4] = { 0 };

  for (gsize i = 0; i < n_floats; i++)
    s[i % 4] += data[i];
  return s[0] + s[1] + s[2] + s[3];
#endif
}

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

#define N_BASES 256
#define BENCH_REFS 50

/* Combined queries over synthetic libraries of up to @max_n tracks. */
static void
bench_combined (guint max_n)
{
  static const guint sizes[] = { 10000, 100000 };
  static const guint dims[] = { 32, 64 };
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autofree AkinTimbreModel *bases = g_new (AkinTimbreModel, N_BASES);
  g_autofree float *frames = g_new (float, 200 * AKIN_TIMBRE_DIM);

  for (guint b = 0; b < N_BASES; b++)
    {
      double offset = g_rand_double_range (rand, -3, 3), spread = g_rand_double_range (rand, 0.2, 3);

      for (guint f = 0; f < 200 * AKIN_TIMBRE_DIM; f++)
        frames[f] = (float) (offset * ((f % AKIN_TIMBRE_DIM) % 4)
                             + spread * g_rand_double_range (rand, -1, 1));
      akin_timbre_model_fit (frames, 200, &bases[b]);
    }

  printf ("\n%10s %4s %6s %14s %14s %12s %16s %12s\n", "tracks", "dim", "runs", "combined (ms)",
          "external (ms)", "build (s)", "build, 1000 refs", "index (MB)");
  for (guint s = 0; s < G_N_ELEMENTS (sizes) && sizes[s] <= max_n; s++)
    for (guint d = 0; d < G_N_ELEMENTS (dims); d++)
      {
        guint n = sizes[s], dim = dims[d], runs = 21;
        g_autoptr(AkinSimilarityIndex) index = NULL;
        g_autofree double *query_ms = g_new (double, runs);
        g_autofree double *external_ms = g_new (double, runs);
        g_autofree float *v = g_new (float, dim);
        AkinTimbreModel model;
        gint64 t0, t1;
        double rss0;

        malloc_trim (0);
        rss0 = bench_rss_mb ();
        t0 = g_get_monotonic_time ();
        index = akin_similarity_index_new (dim);
        _akin_similarity_index_set_max_references (index, BENCH_REFS);
        _akin_similarity_index_begin_build (index);
        for (guint i = 0; i < n; i++)
          {
            for (guint j = 0; j < dim; j++)
              v[j] = (float) g_rand_double_range (rand, -1.0, 1.0);
            akin_similarity_index_set (index, i + 1, v, dim, NULL, NULL);
            /* Distinct models: a base model with its mean moved a little. */
            model = bases[i % N_BASES];
            model.mean[i % AKIN_TIMBRE_DIM] += (float) g_rand_double_range (rand, -0.5, 0.5);
            akin_similarity_index_set_timbre (index, i + 1, &model, NULL);
          }
        _akin_similarity_index_finish_build (index);
        akin_similarity_index_set_mode (index, AKIN_SIMILARITY_MODE_COMBINED);
        t1 = g_get_monotonic_time ();
        rss0 = bench_rss_mb () - rss0;

        for (guint r = 0; r < runs; r++)
          {
            g_autoptr(GArray) result = NULL;
            g_autoptr(GArray) external = NULL;
            gint64 a, b, c;

            a = g_get_monotonic_time ();
            result = akin_similarity_index_query_track (index, 1 + (r * 7919) % n, 10,
                                                        AKIN_SIMILARITY_MERGE_DUPLICATES, NULL);
            b = g_get_monotonic_time ();
            external = akin_similarity_index_query_external (index, v, dim, &bases[r], NULL, 10, 0,
                                                             NULL);
            c = g_get_monotonic_time ();
            g_assert (result != NULL && result->len == 10 && external != NULL);
            query_ms[r] = (b - a) / 1000.0;
            external_ms[r] = (c - b) / 1000.0;
          }
        qsort (query_ms, runs, sizeof (double), compare_double);
        qsort (external_ms, runs, sizeof (double), compare_double);
        printf ("%10u %4u %6u %14.3f %14.3f %12.1f %14.0f s %12.1f\n", n, dim, runs,
                query_ms[runs / 2], external_ms[runs / 2], (t1 - t0) / 1e6,
                (t1 - t0) / 1e6 * AKIN_SIMILARITY_TIMBRE_REFERENCES / BENCH_REFS, rss0);
      }
}

int
main (int   argc,
      char *argv[])
{
  static const guint sizes[] = { 10000, 100000, 1000000 };
  guint max_n = argc > 1 ? (guint) atoi (argv[1]) : 1000000;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);

  printf ("%10s %6s %14s %14s %8s\n", "vectors", "runs", "top-10 (ms)", "stream (ms)", "ratio");
  for (guint s = 0; s < G_N_ELEMENTS (sizes) && sizes[s] <= max_n; s++)
    {
      guint n = sizes[s];
      guint runs = n >= 1000000 ? 15 : n >= 100000 ? 41 : 201;
      g_autoptr(AkinSimilarityIndex) index = akin_similarity_index_new (DIM);
      g_autofree double *query_ms = g_new (double, runs);
      g_autofree double *stream_ms = g_new (double, runs);
      const float *rows;
      gsize n_rows;
      guint stride;
      float v[DIM];

      for (guint i = 0; i < n; i++)
        {
          for (guint j = 0; j < DIM; j++)
            v[j] = (float) g_rand_double_range (rand, -1.0, 1.0);
          akin_similarity_index_set (index, i + 1, v, DIM, NULL, NULL);
        }
      rows = _akin_similarity_index_peek_rows (index, &n_rows, &stride);

      for (guint r = 0; r < runs; r++)
        {
          g_autoptr(GArray) result = NULL;
          gint64 t0, t1, t2;

          t0 = g_get_monotonic_time ();
          result = akin_similarity_index_query_track (index, 1 + (r * 7919) % n, 10, 0, NULL);
          t1 = g_get_monotonic_time ();
          sink = stream_sum (rows, n_rows * stride);
          t2 = g_get_monotonic_time ();
          g_assert (result != NULL && result->len == 10);
          query_ms[r] = (t1 - t0) / 1000.0;
          stream_ms[r] = (t2 - t1) / 1000.0;
        }
      qsort (query_ms, runs, sizeof (double), compare_double);
      qsort (stream_ms, runs, sizeof (double), compare_double);
      printf ("%10u %6u %14.3f %14.3f %8.2f\n", n, runs, query_ms[runs / 2], stream_ms[runs / 2],
              query_ms[runs / 2] / stream_ms[runs / 2]);
    }

  bench_combined (MIN (max_n, 100000));
  return 0;
}
