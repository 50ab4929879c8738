/* test-similarity-combined.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The combined similarity checked against a direct computation written
 * here in double precision from its definition: each part's similarities
 * to the anchor z-normalised over the candidates, averaged, squashed by
 * akin_similarity_display_score(). With fewer tracks than the shortlist and
 * the reference sample, the index must give the exact answer.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "akin-error.h"
#include "akin-similarity-private.h"

#define DIM 8
#define N   40

typedef struct
{
  guint           n;
  gint64          ids[N + 1];
  float           vectors[(N + 1) * DIM];
  gboolean        has_timbre[N + 1];
  AkinTimbreModel timbre[N + 1];
} Library;

/* Random vectors; timbre models fitted on frames whose mean and spread
 * depend on the track, so divergences differ. */
static Library *
make_library (guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  Library *lib = g_new0 (Library, 1);
  g_autofree float *frames = g_new (float, 60 * AKIN_TIMBRE_DIM);

  lib->n = N + 1;   /* the last one is kept out of the index, as an outside song */
  for (guint i = 0; i < lib->n; i++)
    {
      double offset = g_rand_double_range (rand, -2, 2), spread = g_rand_double_range (rand, 0.3, 2);

      lib->ids[i] = 1000 + 7 * i;
      for (guint j = 0; j < DIM; j++)
        lib->vectors[i * DIM + j] = (float) (g_rand_double_range (rand, -1, 1) + (j == 0 ? 3 : 0));
      for (guint f = 0; f < 60 * AKIN_TIMBRE_DIM; f++)
        frames[f] = (float) (offset * (f % 3) + spread * g_rand_double_range (rand, -1, 1));
      lib->has_timbre[i] = i % 9 != 4;   /* a few tracks analysed before timbre models */
      akin_timbre_model_fit (frames, 60, &lib->timbre[i]);
    }
  return lib;
}

static AkinSimilarityIndex *
make_index (const Library *lib,
            guint          n)
{
  AkinSimilarityIndex *index = akin_similarity_index_new (DIM);

  _akin_similarity_index_begin_build (index);
  for (guint i = 0; i < n; i++)
    g_assert_true (akin_similarity_index_set (index, lib->ids[i], lib->vectors + i * DIM, DIM,
                                              NULL, NULL));
  for (guint i = 0; i < n; i++)
    if (lib->has_timbre[i])
      g_assert_true (akin_similarity_index_set_timbre (index, lib->ids[i], &lib->timbre[i], NULL));
  _akin_similarity_index_finish_build (index);
  akin_similarity_index_set_mode (index, AKIN_SIMILARITY_MODE_COMBINED);
  return index;
}

/* z-scores @dim columns of the selected rows (population deviation; a
 * constant column stays 0) and L2-normalises each row; @x is n × dim. */
static void
standardise (double         *x,
             guint           n,
             guint           dim,
             const gboolean *select,
             guint           n_stats)   /* rows 0 … n_stats - 1 give the statistics */
{
  for (guint j = 0; j < dim; j++)
    {
      double s = 0, s2 = 0, m, sd;
      guint c = 0;

      for (guint i = 0; i < n_stats; i++)
        if (select[i])
          {
            s += x[i * dim + j];
            s2 += x[i * dim + j] * x[i * dim + j];
            c++;
          }
      m = s / c;
      sd = sqrt (MAX (s2 / c - m * m, 0));
      for (guint i = 0; i < n; i++)
        x[i * dim + j] = sd > 1e-7 ? (x[i * dim + j] - m) / sd : 0;
    }
  for (guint i = 0; i < n; i++)
    {
      double norm = 0;

      for (guint j = 0; j < dim; j++)
        norm += x[i * dim + j] * x[i * dim + j];
      norm = sqrt (norm);
      for (guint j = 0; j < dim; j++)
        x[i * dim + j] = norm > 1e-12 ? x[i * dim + j] / norm : 0;
    }
}

static double
dot (const double *a,
     const double *b,
     guint         dim)
{
  double s = 0;

  for (guint j = 0; j < dim; j++)
    s += a[j] * b[j];
  return s;
}

/* Adds the part @sim (n values, valid where @ok) normalised over the
 * candidates (every row but @anchor) to @sum. */
static void
add_part (double         *sum,
          const double   *sim,
          const gboolean *ok,
          guint           n,
          guint           anchor,
          double          weight)
{
  double s = 0, s2 = 0, m, sd;
  guint c = 0;

  for (guint i = 0; i < n; i++)
    if (i != anchor && ok[i])
      {
        s += sim[i];
        s2 += sim[i] * sim[i];
        c++;
      }
  m = s / c;
  sd = sqrt (MAX (s2 / c - m * m, 0));
  for (guint i = 0; i < n; i++)
    if (i != anchor && ok[i] && sd > 1e-12)
      sum[i] += weight * (sim[i] - m) / sd;
}

/* The expected scores of rows 0 … n_index - 1 for the anchor @anchor (a
 * row of the index, or n_index for the outside song); @weights (nullable:
 * equal) weigh the three parts in the combined mode when all three count. */
static void
direct_scores_weighted (const Library      *lib,
                        guint               n_index,
                        guint               anchor,
                        AkinSimilarityMode  mode,
                        const double       *weights,
                        double             *scores)
{
  guint n = n_index + 1;   /* the index's rows, then the outside song */
  g_autofree double *ae = g_new (double, n * DIM);
  g_autofree double *su = g_new (double, n * AKIN_SIMILARITY_SUMMARY_DIM);
  g_autofree gboolean *all = g_new (gboolean, n);
  g_autofree gboolean *timbred = g_new (gboolean, n);
  g_autofree double *sim = g_new (double, n);
  g_autofree AkinTimbreModel *refs = g_new (AkinTimbreModel, n);
  g_autofree AkinTimbreNorm *norms = g_new (AkinTimbreNorm, n);
  guint n_refs = 0;
  double parts = 0;
  gboolean others = mode != AKIN_SIMILARITY_MODE_AE_ONLY && lib->has_timbre[anchor];
  gboolean weighted = weights != NULL && mode == AKIN_SIMILARITY_MODE_COMBINED && others;
  double w_ae = weighted ? weights[0] : 1, w_su = weighted ? weights[1] : 1;
  double w_tm = weighted ? weights[2] : 1;

  for (guint i = 0; i < n; i++)
    {
      guint src = i < n_index ? i : lib->n - 1;
      const AkinTimbreModel *t = &lib->timbre[src];
      double norm = 0;

      for (guint j = 0; j < DIM; j++)
        norm += (double) lib->vectors[src * DIM + j] * lib->vectors[src * DIM + j];
      /* The index keeps L2-normalised vectors (as float) and z-scores those. */
      for (guint j = 0; j < DIM; j++)
        ae[i * DIM + j] = (float) (lib->vectors[src * DIM + j] / sqrt (norm));
      for (guint d = 0, diag = 0; d < AKIN_TIMBRE_DIM; diag += AKIN_TIMBRE_DIM - d, d++)
        {
          su[i * AKIN_SIMILARITY_SUMMARY_DIM + d] = t->mean[d];
          su[i * AKIN_SIMILARITY_SUMMARY_DIM + AKIN_TIMBRE_DIM + d] = sqrtf (t->cov[diag]);
        }
      all[i] = TRUE;
      timbred[i] = lib->has_timbre[src] || i == n_index;
      if (i < n_index && lib->has_timbre[src])
        refs[n_refs++] = *t;
    }
  standardise (ae, n, DIM, all, n_index);
  standardise (su, n, AKIN_SIMILARITY_SUMMARY_DIM, timbred, n_index);
  for (guint i = 0; i < n; i++)
    akin_timbre_norm_compute (&lib->timbre[i < n_index ? i : lib->n - 1], refs, n_refs,
                              AKIN_TIMBRE_DIVERGENCE_JS, &norms[i]);

  memset (scores, 0, n * sizeof (double));
  if (mode != AKIN_SIMILARITY_MODE_OTHERS_ONLY || !others)
    {
      for (guint i = 0; i < n; i++)
        sim[i] = dot (ae + i * DIM, ae + anchor * DIM, DIM);
      add_part (scores, sim, all, n_index, anchor, w_ae);
      parts += w_ae;
    }
  if (others)
    {
      const AkinTimbreModel *ta = &lib->timbre[anchor < n_index ? anchor : lib->n - 1];

      for (guint i = 0; i < n; i++)
        sim[i] = dot (su + i * AKIN_SIMILARITY_SUMMARY_DIM, su + anchor * AKIN_SIMILARITY_SUMMARY_DIM,
                      AKIN_SIMILARITY_SUMMARY_DIM);
      add_part (scores, sim, timbred, n_index, anchor, w_su);
      for (guint i = 0; i < n_index; i++)
        sim[i] = timbred[i] ? akin_timbre_mutual_proximity (
                                akin_timbre_divergence (ta, &lib->timbre[i],
                                                        AKIN_TIMBRE_DIVERGENCE_JS),
                                &norms[anchor], &norms[i])
                            : 0;
      add_part (scores, sim, timbred, n_index, anchor, w_tm);
      parts += w_su + w_tm;
    }
  for (guint i = 0; i < n_index; i++)
    scores[i] = tanh (0.5 * scores[i] / parts);
}

static void
direct_scores (const Library      *lib,
               guint               n_index,
               guint               anchor,
               AkinSimilarityMode  mode,
               double             *scores)
{
  direct_scores_weighted (lib, n_index, anchor, mode, NULL, scores);
}

static void
assert_scores (const Library *lib,
               GArray        *got,
               const double  *expected,
               guint          n_expected)
{
  g_assert_cmpuint (got->len, ==, n_expected);
  for (guint m = 0; m < got->len; m++)
    {
      const AkinSimilarityMatch *match = &g_array_index (got, AkinSimilarityMatch, m);
      guint row = (guint) ((match->track_id - 1000) / 7);

      g_assert_cmpfloat_with_epsilon (match->score, expected[row], 2e-4);
      if (m > 0)
        g_assert_cmpfloat (match->score, <=, g_array_index (got, AkinSimilarityMatch, m - 1).score);
    }
}

/* Every mode, several anchors, whole rankings: the index's scores are the
 * definition's (the shortlist holds every track, so nothing is cut). */
static void
test_against_direct (void)
{
  g_autofree Library *lib = make_library (1);
  g_autoptr(AkinSimilarityIndex) index = make_index (lib, N);
  static const AkinSimilarityMode modes[] = {
    AKIN_SIMILARITY_MODE_AE_ONLY, AKIN_SIMILARITY_MODE_OTHERS_ONLY, AKIN_SIMILARITY_MODE_COMBINED,
  };
  double expected[N + 1];

  for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
    {
      akin_similarity_index_set_mode (index, modes[m]);
      g_assert_cmpint (akin_similarity_index_get_mode (index), ==, modes[m]);
      for (guint anchor = 0; anchor < N; anchor += 2)   /* 4 and 22 have no timbre model */
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(GArray) got = akin_similarity_index_query_track (index, lib->ids[anchor], N,
                                                                     0, &error);

          g_assert_no_error (error);
          direct_scores (lib, N, anchor, modes[m], expected);
          assert_scores (lib, got, expected, N - 1);
        }
    }
}

/* The combined mode with unequal weights is the weighted mean of the
 * normalised parts; each explanation's parts add up to its combined value
 * and keep the unweighted normalised similarities; the other modes ignore
 * the weights; sanitised weights read back. */
static void
test_weights (void)
{
  g_autofree Library *lib = make_library (5);
  g_autoptr(AkinSimilarityIndex) index = make_index (lib, N);
  const AkinSimilarityWeights weights = { 0.5f, 1.0f, 2.0f };
  const double w[3] = { 0.5, 1.0, 2.0 };
  double expected[N + 1];
  AkinSimilarityWeights back;

  akin_similarity_index_get_weights (index, &back);
  g_assert_cmpfloat (back.encoders, ==, 1.0f);
  g_assert_cmpfloat (back.timbre, ==, 1.0f);
  akin_similarity_index_set_weights (index, &weights);
  for (guint anchor = 0; anchor < N; anchor += 3)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) got = akin_similarity_index_query_track (index, lib->ids[anchor], N, 0,
                                                                 &error);

      g_assert_no_error (error);
      direct_scores_weighted (lib, N, anchor, AKIN_SIMILARITY_MODE_COMBINED, w, expected);
      assert_scores (lib, got, expected, N - 1);
      for (guint m = 0; m < got->len; m++)
        {
          const AkinSimilarityExplanation *e =
            &g_array_index (got, AkinSimilarityMatch, m).explanation;

          g_assert_cmpfloat_with_epsilon (e->encoders + e->summary + e->timbre, e->combined, 1e-5);
          if (e->has_timbre)
            {
              g_assert_cmpfloat_with_epsilon (e->encoders, 0.5f * e->encoders_normalised / 3.5f,
                                              1e-5);
              g_assert_cmpfloat_with_epsilon (e->timbre, 2.0f * e->timbre_normalised / 3.5f, 1e-5);
            }
        }

      /* a single view is not weighted */
      akin_similarity_index_set_mode (index, AKIN_SIMILARITY_MODE_OTHERS_ONLY);
      g_clear_pointer (&got, g_array_unref);
      got = akin_similarity_index_query_track (index, lib->ids[anchor], N, 0, &error);
      g_assert_no_error (error);
      direct_scores (lib, N, anchor, AKIN_SIMILARITY_MODE_OTHERS_ONLY, expected);
      assert_scores (lib, got, expected, N - 1);
      akin_similarity_index_set_mode (index, AKIN_SIMILARITY_MODE_COMBINED);
    }

  /* a part weighted 0 counts in no explanation */
  {
    const AkinSimilarityWeights no_encoders = { 0.0f, 1.0f, 1.0f };
    g_autoptr(GError) error = NULL;
    g_autoptr(GArray) got = NULL;

    akin_similarity_index_set_weights (index, &no_encoders);
    got = akin_similarity_index_query_track (index, lib->ids[0], N, 0, &error);
    g_assert_no_error (error);
    for (guint m = 0; m < got->len; m++)
      {
        const AkinSimilarityExplanation *e =
          &g_array_index (got, AkinSimilarityMatch, m).explanation;

        g_assert_false (e->has_encoders);
        g_assert_cmpfloat (e->encoders, ==, 0.0f);
      }
  }

  /* negative and non-finite weights count as 0; all 0 means equal */
  {
    const AkinSimilarityWeights odd = { -1.0f, NAN, 2.0f };
    const AkinSimilarityWeights none = { 0.0f, -3.0f, 0.0f };

    akin_similarity_index_set_weights (index, &odd);
    akin_similarity_index_get_weights (index, &back);
    g_assert_cmpfloat (back.encoders, ==, 0.0f);
    g_assert_cmpfloat (back.summary, ==, 0.0f);
    g_assert_cmpfloat (back.timbre, ==, 2.0f);
    akin_similarity_index_set_weights (index, &none);
    akin_similarity_index_get_weights (index, &back);
    g_assert_cmpfloat (back.encoders, ==, 1.0f);
    g_assert_cmpfloat (back.summary, ==, 1.0f);
    g_assert_cmpfloat (back.timbre, ==, 1.0f);
  }
}

/* In one part alone, the normalised similarities over the candidates have
 * mean 0 and standard deviation 1 for every anchor. */
static void
test_per_anchor_normalisation (void)
{
  g_autofree Library *lib = make_library (2);
  g_autoptr(AkinSimilarityIndex) index = make_index (lib, N);

  akin_similarity_index_set_mode (index, AKIN_SIMILARITY_MODE_AE_ONLY);
  for (guint anchor = 0; anchor < N; anchor += 5)
    {
      g_autoptr(GArray) got = akin_similarity_index_query_track (index, lib->ids[anchor], N, 0,
                                                                 NULL);
      double s = 0, s2 = 0;

      g_assert_cmpuint (got->len, ==, N - 1);
      for (guint m = 0; m < got->len; m++)
        {
          double z = 2.0 * atanh (g_array_index (got, AkinSimilarityMatch, m).score);

          s += z;
          s2 += z * z;
        }
      g_assert_cmpfloat_with_epsilon (s / got->len, 0.0, 1e-4);
      g_assert_cmpfloat_with_epsilon (sqrt (s2 / got->len - (s / got->len) * (s / got->len)), 1.0,
                                      1e-3);
    }
}

/* A song outside the library: its mutual proximity statistics are computed
 * against the reference sample at query time. */
static void
test_external (void)
{
  g_autofree Library *lib = make_library (3);
  g_autoptr(AkinSimilarityIndex) index = make_index (lib, N);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) got = NULL;
  g_autoptr(GArray) vector_only = NULL;
  g_autoptr(GArray) ae_only = NULL;
  double expected[N + 1];

  lib->has_timbre[N] = TRUE;
  got = akin_similarity_index_query_external (index, lib->vectors + N * DIM, DIM, &lib->timbre[N],
                                              NULL, N, 0, &error);
  g_assert_no_error (error);
  direct_scores (lib, N, N, AKIN_SIMILARITY_MODE_COMBINED, expected);
  assert_scores (lib, got, expected, N);

  /* Without its timbre model, only the encoders' part can be compared. */
  vector_only = akin_similarity_index_query_vector (index, lib->vectors + N * DIM, DIM, NULL, N, 0,
                                                    &error);
  akin_similarity_index_set_mode (index, AKIN_SIMILARITY_MODE_AE_ONLY);
  ae_only = akin_similarity_index_query_external (index, lib->vectors + N * DIM, DIM,
                                                  &lib->timbre[N], NULL, N, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vector_only->len, ==, ae_only->len);
  for (guint m = 0; m < ae_only->len; m++)
    {
      g_assert_cmpint (g_array_index (vector_only, AkinSimilarityMatch, m).track_id, ==,
                       g_array_index (ae_only, AkinSimilarityMatch, m).track_id);
      g_assert_cmpfloat (g_array_index (vector_only, AkinSimilarityMatch, m).score, ==,
                         g_array_index (ae_only, AkinSimilarityMatch, m).score);
    }
}

/* explain() splits a query's score into parts that add up to it. */
static void
test_explain (void)
{
  g_autofree Library *lib = make_library (4);
  g_autoptr(AkinSimilarityIndex) index = make_index (lib, N);
  g_autoptr(GArray) got = akin_similarity_index_query_track (index, lib->ids[1], 10, 0, NULL);
  AkinSimilarityExplanation e;

  g_assert_cmpuint (got->len, ==, 10);
  for (guint m = 0; m < got->len; m++)
    {
      const AkinSimilarityMatch *match = &g_array_index (got, AkinSimilarityMatch, m);

      g_assert_true (akin_similarity_explain (index, lib->ids[1], match->track_id, &e));
      g_assert_cmpfloat (e.score, ==, match->score);
      g_assert_cmpfloat_with_epsilon (e.encoders + e.summary + e.timbre, e.combined, 1e-5);
      g_assert_cmpfloat_with_epsilon (akin_similarity_display_score (e.combined), e.score, 1e-6);
      g_assert_cmpfloat (e.timbre_proximity, >=, 0.0f);
      g_assert_cmpfloat (e.timbre_proximity, <=, 1.0f);
      if (!e.has_timbre)
        g_assert_true (e.summary == 0.0f && e.timbre == 0.0f);
    }
  /* A track without a timbre model (row 4) has an encoders' part only. */
  g_assert_true (akin_similarity_explain (index, lib->ids[1], lib->ids[4], &e));
  g_assert_false (e.has_timbre);
  g_assert_cmpfloat (e.encoders, ==, e.combined);
  g_assert_false (akin_similarity_explain (index, lib->ids[1], 5, &e));
  g_assert_false (akin_similarity_explain (index, lib->ids[1], lib->ids[1], &e));

  akin_similarity_index_set_mode (index, AKIN_SIMILARITY_MODE_AE_ONLY);
  g_assert_true (akin_similarity_explain (index, lib->ids[1], lib->ids[2], &e));
  g_assert_true (e.summary == 0.0f && e.timbre == 0.0f && e.encoders == e.combined);
}

/* Adding tracks one at a time keeps a usable index: every query answers,
 * removed tracks leave, and timbre for an unknown track is refused. */
static void
test_incremental (void)
{
  g_autofree Library *lib = make_library (5);
  g_autoptr(AkinSimilarityIndex) index = akin_similarity_index_new (0);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) got = NULL;

  akin_similarity_index_set_mode (index, AKIN_SIMILARITY_MODE_COMBINED);
  g_assert_false (akin_similarity_index_set_timbre (index, 1, &lib->timbre[0], &error));
  g_assert_error (error, AKIN_ERROR, AKIN_ERROR_NOT_ANALYZED);
  g_clear_error (&error);
  for (guint i = 0; i < N; i++)
    {
      g_assert_true (akin_similarity_index_set (index, lib->ids[i], lib->vectors + i * DIM, DIM,
                                                NULL, &error));
      g_assert_true (akin_similarity_index_set_timbre (index, lib->ids[i], &lib->timbre[i],
                                                       &error));
      g_clear_pointer (&got, g_array_unref);
      got = akin_similarity_index_query_track (index, lib->ids[i], 5, 0, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (got->len, ==, MIN (i, 5));
    }
  /* The track itself is its closest song from outside. */
  g_clear_pointer (&got, g_array_unref);
  got = akin_similarity_index_query_external (index, lib->vectors + 7 * DIM, DIM, &lib->timbre[7],
                                              NULL, 1, 0, &error);
  g_assert_cmpint (g_array_index (got, AkinSimilarityMatch, 0).track_id, ==, lib->ids[7]);

  for (guint i = 0; i < N; i += 2)
    g_assert_true (akin_similarity_index_remove (index, lib->ids[i]));
  g_clear_pointer (&got, g_array_unref);
  got = akin_similarity_index_query_track (index, lib->ids[1], N, 0, &error);
  g_assert_cmpuint (got->len, ==, N / 2 - 1);
  for (guint m = 0; m < got->len; m++)
    g_assert_cmpint ((g_array_index (got, AkinSimilarityMatch, m).track_id - 1000) / 7 % 2, ==, 1);
}

/* The database path: an index built from the library equals one built by
 * hand, and an index shared beforehand can be filled in place. */
static void
test_database (void)
{
  g_autofree Library *lib = make_library (6);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("akin-simc-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "library.db", NULL);
  AkinDatabase *db = akin_database_open (path, 0, &error);
  g_autoptr(AkinSimilarityIndex) by_hand = NULL;
  g_autoptr(AkinSimilarityIndex) built = NULL;
  g_autoptr(AkinSimilarityIndex) shared = akin_similarity_index_new (DIM);
  Library stored = { 0 };

  g_assert_no_error (error);
  for (guint i = 0; i < N; i++)
    {
      g_autofree char *uri = g_strdup_printf ("file:///m/%u.ogg", i);
      g_autoptr(AkinAnalysisResult) r = akin_analysis_result_new ();
      gint64 id = akin_database_add_file (db, uri, i, i, NULL, &error);

      akin_analysis_result_set_vector (r, "m", lib->vectors + i * DIM, DIM);
      r->has_timbre = lib->has_timbre[i];
      r->timbre = lib->timbre[i];
      g_assert_true (akin_database_store_analysis (db, id, r, &error));
      stored.ids[i] = id;
      stored.has_timbre[i] = lib->has_timbre[i];
      stored.timbre[i] = lib->timbre[i];
      memcpy (stored.vectors + i * DIM, lib->vectors + i * DIM, DIM * sizeof (float));
    }
  stored.n = N;
  g_assert_no_error (error);

  by_hand = make_index (&stored, N);
  built = akin_similarity_index_new_from_database (db, "m", DIM, &error);
  g_assert_no_error (error);
  g_assert_true (akin_similarity_index_load_from_database (shared, db, "m", &error));
  g_assert_no_error (error);
  g_assert_cmpint (akin_similarity_index_get_mode (shared), ==, AKIN_SIMILARITY_MODE_COMBINED);
  g_assert_cmpuint (akin_similarity_index_get_size (shared), ==, N);
  for (guint i = 0; i < N; i += 4)
    {
      g_autoptr(GArray) a = akin_similarity_index_query_track (by_hand, stored.ids[i], 10, 0, NULL);
      g_autoptr(GArray) b = akin_similarity_index_query_track (built, stored.ids[i], 10, 0, NULL);
      g_autoptr(GArray) c = akin_similarity_index_query_track (shared, stored.ids[i], 10, 0, NULL);

      g_assert_cmpuint (a->len, ==, 10);
      g_assert_cmpuint (b->len, ==, 10);
      g_assert_cmpuint (c->len, ==, 10);
      for (guint m = 0; m < a->len; m++)
        {
          g_assert_cmpint (g_array_index (a, AkinSimilarityMatch, m).track_id, ==,
                           g_array_index (b, AkinSimilarityMatch, m).track_id);
          g_assert_cmpint (g_array_index (a, AkinSimilarityMatch, m).track_id, ==,
                           g_array_index (c, AkinSimilarityMatch, m).track_id);
          g_assert_cmpfloat (g_array_index (a, AkinSimilarityMatch, m).score, ==,
                             g_array_index (c, AkinSimilarityMatch, m).score);
        }
    }

  akin_database_close (db);
  {
    g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (listing)) != NULL)
      {
        g_autofree char *file = g_build_filename (dir, name, NULL);

        g_unlink (file);
      }
  }
  g_rmdir (dir);
}

/* The index's compact timbre models (correlations in 16-bit fixed point)
 * give the divergence of the full models to within 0.2 %, even for
 * strongly correlated dimensions, and exactly 0 between identical ones. */
static void
test_compact_timbre (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (9);
  g_autofree float *frames = g_new (float, 80 * AKIN_TIMBRE_DIM);
  AkinTimbreModel full[6];
  AkinSimilarityTimbre compact[6];

  for (guint m = 0; m < G_N_ELEMENTS (full); m++)
    {
      double mix = 0.2 * m;   /* 0: independent dimensions … 1: one shared factor */

      for (guint t = 0; t < 80; t++)
        {
          double shared = g_rand_double_range (rand, -1, 1);

          for (guint d = 0; d < AKIN_TIMBRE_DIM; d++)
            frames[t * AKIN_TIMBRE_DIM + d] =
              (float) ((1 + d % 5) * (mix * shared + (1 - mix) * g_rand_double_range (rand, -1, 1))
                       + 0.1 * m);
        }
      akin_timbre_model_fit (frames, 80, &full[m]);
      _akin_similarity_timbre_from_model (&full[m], &compact[m]);
    }
  for (guint a = 0; a < G_N_ELEMENTS (full); a++)
    for (guint b = 0; b < G_N_ELEMENTS (full); b++)
      {
        double exact = akin_timbre_divergence (&full[a], &full[b], AKIN_TIMBRE_DIVERGENCE_JS);
        double got = _akin_similarity_timbre_divergence (&compact[a], &compact[b]);

        if (a == b)
          g_assert_cmpfloat (got, ==, 0.0);
        else
          g_assert_cmpfloat_with_epsilon (got, exact, 2e-3 * exact);
      }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/similarity-combined/against-direct", test_against_direct);
  g_test_add_func ("/similarity-combined/per-anchor-normalisation", test_per_anchor_normalisation);
  g_test_add_func ("/similarity-combined/external", test_external);
  g_test_add_func ("/similarity-combined/weights", test_weights);
  g_test_add_func ("/similarity-combined/explain", test_explain);
  g_test_add_func ("/similarity-combined/incremental", test_incremental);
  g_test_add_func ("/similarity-combined/database", test_database);
  g_test_add_func ("/similarity-combined/compact-timbre", test_compact_timbre);
  return g_test_run ();
}
