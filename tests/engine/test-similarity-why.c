/* test-similarity-why.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "Why similar" on a small real index: the index aspects match
 * akin_similarity_explain() and the scores of an external query; the
 * timbre words follow the timbre part and the sound words the encoders'
 * part (a pair alike in timbre only, and one alike in the encoders' view
 * only); a mode without a part leaves its aspect out. LANGUAGE=C.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "akin-error.h"
#include "akin-similarity-private.h"
#include "akin-similarity-why.h"

#define DIM    8
#define N      40
#define FRAMES 60

/* Track ids: 1 the anchor, 2 its timbre twin (encoders' vector opposite),
 * 3 its vector twin (a far timbre), 100… the rest. */
#define ANCHOR       1
#define TIMBRE_TWIN  2
#define VECTOR_TWIN  3

typedef struct
{
  guint           n;
  gint64          ids[N];
  float           vectors[N * DIM];
  AkinTimbreModel timbre[N];
} Library;

static void
fit (GRand           *rand,
     double           offset,
     double           spread,
     AkinTimbreModel *model)
{
  g_autofree float *frames = g_new (float, FRAMES * AKIN_TIMBRE_DIM);

  for (guint f = 0; f < FRAMES * AKIN_TIMBRE_DIM; f++)
    frames[f] = (float) (offset * (f % 3) + spread * g_rand_double_range (rand, -1, 1));
  akin_timbre_model_fit (frames, FRAMES, model);
}

static Library *
make_library (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (17);
  Library *lib = g_new0 (Library, 1);

  lib->n = N;
  for (guint i = 0; i < N; i++)
    {
      lib->ids[i] = i < 3 ? (gint64) i + 1 : 100 + (gint64) i;
      for (guint j = 0; j < DIM; j++)
        lib->vectors[i * DIM + j] = (float) g_rand_double_range (rand, -1, 1);
      fit (rand, g_rand_double_range (rand, -1, 1), g_rand_double_range (rand, 0.5, 1.5),
           &lib->timbre[i]);
    }
  /* The timbre twin: the anchor's timbre model, the opposite vector. */
  lib->timbre[1] = lib->timbre[0];
  for (guint j = 0; j < DIM; j++)
    lib->vectors[DIM + j] = -lib->vectors[j];
  /* The vector twin: nearly the anchor's vector, a timbre far from all. */
  for (guint j = 0; j < DIM; j++)
    lib->vectors[2 * DIM + j] = lib->vectors[j] + (j == 0 ? 0.01f : 0.0f);
  fit (rand, 6.0, 4.0, &lib->timbre[2]);
  return lib;
}

static AkinSimilarityIndex *
make_index (const Library      *lib,
            guint               n,
            AkinSimilarityMode  mode)
{
  AkinSimilarityIndex *index = akin_similarity_index_new (DIM);

  for (guint i = 0; i < n; i++)
    g_assert_true (akin_similarity_index_set (index, lib->ids[i], lib->vectors + i * DIM, DIM,
                                              NULL, NULL));
  for (guint i = 0; i < n; i++)
    g_assert_true (akin_similarity_index_set_timbre (index, lib->ids[i], &lib->timbre[i], NULL));
  akin_similarity_index_set_mode (index, mode);
  return index;
}

static void
why_one (AkinSimilarityIndex *index,
         gint64               anchor,
         gint64               other,
         AkinSimilarityWhy   *why)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (akin_similarity_why (index, anchor, other, NULL, NULL, why, &error));
  g_assert_no_error (error);
}

/* The index aspects are those akin_similarity_explain() reports, pair by
 * pair, in each mode that has parts. */
static void
test_matches_explain (void)
{
  static const AkinSimilarityMode modes[] = {
    AKIN_SIMILARITY_MODE_COMBINED, AKIN_SIMILARITY_MODE_OTHERS_ONLY, AKIN_SIMILARITY_MODE_AE_ONLY,
  };
  g_autofree Library *lib = make_library ();

  for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
    {
      g_autoptr(AkinSimilarityIndex) index = make_index (lib, N, modes[m]);

      for (guint a = 0; a < N; a += 7)
        {
          g_autofree AkinSimilarityWhy *whys = g_new0 (AkinSimilarityWhy, N);
          g_autoptr(GError) error = NULL;

          g_assert_true (akin_similarity_why_explain (index, lib->ids[a], lib->ids, N, whys,
                                                      &error));
          g_assert_no_error (error);
          for (guint o = 0; o < N; o++)
            {
              AkinSimilarityExplanation e;
              const AkinSimilarityExplanation *w = &whys[o].explanation;

              if (o == a)
                {
                  g_assert_false (whys[o].has_explanation);
                  continue;
                }
              g_assert_true (akin_similarity_explain (index, lib->ids[a], lib->ids[o], &e));
              g_assert_true (whys[o].has_explanation);
              g_assert_cmpfloat_with_epsilon (w->score, e.score, 1e-6);
              g_assert_cmpfloat_with_epsilon (w->combined, e.combined, 1e-5);
              g_assert_cmpfloat_with_epsilon (w->encoders, e.encoders, 1e-5);
              g_assert_cmpfloat_with_epsilon (w->summary, e.summary, 1e-5);
              g_assert_cmpfloat_with_epsilon (w->timbre, e.timbre, 1e-5);
              g_assert_cmpfloat_with_epsilon (w->timbre_proximity, e.timbre_proximity, 1e-6);
              g_assert_cmpint (w->has_timbre, ==, e.has_timbre);
              g_assert_cmpint (whys[o].has[AKIN_SIMILARITY_ASPECT_TIMBRE], ==,
                               modes[m] != AKIN_SIMILARITY_MODE_AE_ONLY);
              g_assert_cmpint (whys[o].has[AKIN_SIMILARITY_ASPECT_ENCODERS], ==,
                               modes[m] != AKIN_SIMILARITY_MODE_OTHERS_ONLY);
              /* The scale: tanh of half the part's own z-score. */
              if (modes[m] == AKIN_SIMILARITY_MODE_COMBINED)
                {
                  g_assert_cmpfloat_with_epsilon (whys[o].contribution[AKIN_SIMILARITY_ASPECT_TIMBRE],
                                                  tanh (1.5 * e.timbre), 1e-5);
                  g_assert_cmpfloat_with_epsilon (whys[o].contribution[AKIN_SIMILARITY_ASPECT_ENCODERS],
                                                  tanh (1.5 * e.encoders), 1e-5);
                }
            }
        }
    }
}

/* A query's matches carry the explanation its own statistics give: the
 * same as akin_similarity_explain() for each match, with or without rules,
 * and the why made from a match is the why of the pair. */
static void
test_match_explanations (void)
{
  static const AkinSimilarityMode modes[] = {
    AKIN_SIMILARITY_MODE_COMBINED, AKIN_SIMILARITY_MODE_OTHERS_ONLY, AKIN_SIMILARITY_MODE_AE_ONLY,
    AKIN_SIMILARITY_MODE_COSINE,
  };
  g_autofree Library *lib = make_library ();

  for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
    {
      g_autoptr(AkinSimilarityIndex) index = make_index (lib, N, modes[m]);

      for (guint a = 0; a < N; a += 9)
        {
          g_autoptr(GArray) matches = NULL;
          g_autoptr(GError) error = NULL;

          matches = akin_similarity_index_query_track (index, lib->ids[a], 10,
                                                       AKIN_SIMILARITY_FLAGS_NONE, &error);
          g_assert_no_error (error);
          g_assert_cmpuint (matches->len, ==, 10);
          for (guint i = 0; i < matches->len; i++)
            {
              const AkinSimilarityMatch *match = &g_array_index (matches, AkinSimilarityMatch, i);
              AkinSimilarityExplanation e;
              AkinSimilarityWhy from_match = { 0 }, pair = { 0 };

              g_assert_true (akin_similarity_explain (index, lib->ids[a], match->track_id, &e));
              g_assert_cmpfloat_with_epsilon (match->explanation.score, match->score, 1e-6);
              g_assert_cmpfloat_with_epsilon (match->explanation.score, e.score, 1e-6);
              g_assert_cmpfloat_with_epsilon (match->explanation.encoders, e.encoders, 1e-5);
              g_assert_cmpfloat_with_epsilon (match->explanation.timbre, e.timbre, 1e-5);
              g_assert_cmpint (match->explanation.has_timbre, ==, e.has_timbre);
              g_assert_cmpuint (match->explanation.n_parts, ==, e.n_parts);
              g_assert_cmpuint (e.n_parts, ==, modes[m] == AKIN_SIMILARITY_MODE_COSINE ? 0 :
                                               modes[m] == AKIN_SIMILARITY_MODE_COMBINED ? 3 :
                                               modes[m] == AKIN_SIMILARITY_MODE_OTHERS_ONLY ? 2 : 1);

              akin_similarity_why_from_match (match, &from_match);
              g_assert_true (akin_similarity_why (index, lib->ids[a], match->track_id, NULL, NULL,
                                                  &pair, &error));
              for (guint k = 0; k < AKIN_SIMILARITY_N_ASPECTS; k++)
                {
                  if (k != AKIN_SIMILARITY_ASPECT_TIMBRE && k != AKIN_SIMILARITY_ASPECT_ENCODERS)
                    continue;
                  g_assert_cmpint (from_match.has[k], ==, pair.has[k]);
                  g_assert_cmpfloat_with_epsilon (from_match.contribution[k],
                                                  pair.contribution[k], 1e-5);
                }
              akin_similarity_why_clear (&from_match);
              akin_similarity_why_clear (&pair);
            }
        }
    }
}

/* A pair alike in timbre only speaks of timbre; a pair alike in the
 * encoders' view only speaks of the sound, never of timbre. */
static void
test_timbre_words_follow_timbre_part (void)
{
  g_autofree Library *lib = make_library ();
  g_autoptr(AkinSimilarityIndex) index = make_index (lib, N, AKIN_SIMILARITY_MODE_COMBINED);
  g_auto(AkinSimilarityWhy) timbre_twin = { 0 };
  g_auto(AkinSimilarityWhy) vector_twin = { 0 };

  why_one (index, ANCHOR, TIMBRE_TWIN, &timbre_twin);
  why_one (index, ANCHOR, VECTOR_TWIN, &vector_twin);

  g_test_message ("timbre twin: timbre %.3f encoders %.3f; vector twin: timbre %.3f encoders %.3f",
                  timbre_twin.contribution[AKIN_SIMILARITY_ASPECT_TIMBRE],
                  timbre_twin.contribution[AKIN_SIMILARITY_ASPECT_ENCODERS],
                  vector_twin.contribution[AKIN_SIMILARITY_ASPECT_TIMBRE],
                  vector_twin.contribution[AKIN_SIMILARITY_ASPECT_ENCODERS]);
  /* The twin is the closest timbre of 39 candidates (z ≈ 2.9), the vector
   * twin the closest vector (z ≈ 2.5). */
  g_assert_cmpfloat (timbre_twin.contribution[AKIN_SIMILARITY_ASPECT_TIMBRE], >=, 0.75f);
  g_assert_cmpfloat (timbre_twin.contribution[AKIN_SIMILARITY_ASPECT_ENCODERS], <, -0.5f);
  g_assert_cmpstr (timbre_twin.text, ==, "close timbre");

  g_assert_cmpfloat (vector_twin.contribution[AKIN_SIMILARITY_ASPECT_ENCODERS], >=, 0.75f);
  g_assert_cmpfloat (vector_twin.contribution[AKIN_SIMILARITY_ASPECT_TIMBRE], <, 0.0f);
  g_assert_cmpstr (vector_twin.text, ==, "very similar sound");

  /* The query's score ranks the two alike; the words do not come from it. */
  g_assert_cmpfloat (fabsf (timbre_twin.explanation.score - vector_twin.explanation.score), <, 0.9f);
}

/* With descriptors too: the text orders every aspect by its contribution. */
static void
test_with_descriptors (void)
{
  g_autofree Library *lib = make_library ();
  g_autoptr(AkinSimilarityIndex) index = make_index (lib, N, AKIN_SIMILARITY_MODE_COMBINED);
  g_auto(AkinSimilarityWhy) why = { 0 };
  AkinDescriptorRecord anchor = { 0 }, other = { 0 };
  g_autoptr(GError) error = NULL;

  anchor.key_signature = (char *) "A Minor";
  anchor.tempo_bpm = 120;
  anchor.rolloff_freq = 4000;
  other.key_signature = (char *) "C Major";
  other.tempo_bpm = 124;
  other.rolloff_freq = 2000;
  g_assert_true (akin_similarity_why (index, ANCHOR, TIMBRE_TWIN, &anchor, &other, &why, &error));
  /* Timbre 0.895, tempo 1 − (ln 1.033 / ln 1.1)² = 0.88, relative key 0.75;
   * an octave darker and the opposite vector say nothing. */
  g_assert_cmpstr (why.text, ==,
                   "close timbre · 124 vs 120 BPM · relative key (C major / A minor)");
  g_assert_cmpfloat (why.contribution[AKIN_SIMILARITY_ASPECT_BRIGHTNESS], ==, -1.0f);

  akin_similarity_why_clear (&why);
  g_assert_false (akin_similarity_why (index, 999, TIMBRE_TWIN, &anchor, &other, &why, &error));
  g_assert_error (error, AKIN_ERROR, AKIN_ERROR_NOT_ANALYZED);
  g_assert_null (why.text);
}

/* The plain cosine has no timbre part: the aspect is absent, and the
 * encoders' contribution is the cosine. */
static void
test_cosine_mode (void)
{
  g_autofree Library *lib = make_library ();
  g_autoptr(AkinSimilarityIndex) index = make_index (lib, N, AKIN_SIMILARITY_MODE_COSINE);
  g_auto(AkinSimilarityWhy) why = { 0 };
  double dot = 0, na = 0, nb = 0;

  for (guint j = 0; j < DIM; j++)
    {
      dot += lib->vectors[j] * lib->vectors[5 * DIM + j];
      na += lib->vectors[j] * lib->vectors[j];
      nb += lib->vectors[5 * DIM + j] * lib->vectors[5 * DIM + j];
    }
  why_one (index, ANCHOR, lib->ids[5], &why);
  g_assert_false (why.has[AKIN_SIMILARITY_ASPECT_TIMBRE]);
  g_assert_true (why.has[AKIN_SIMILARITY_ASPECT_ENCODERS]);
  g_assert_cmpfloat_with_epsilon (why.contribution[AKIN_SIMILARITY_ASPECT_ENCODERS],
                                  dot / sqrt (na * nb), 1e-5);

  akin_similarity_why_clear (&why);
  why_one (index, ANCHOR, TIMBRE_TWIN, &why);
  g_assert_false (why.has[AKIN_SIMILARITY_ASPECT_TIMBRE]);
  g_assert_cmpfloat_with_epsilon (why.contribution[AKIN_SIMILARITY_ASPECT_ENCODERS], -1.0, 1e-5);
  g_assert_cmpstr (why.text, ==, "");
}

/* A song outside the library: the explanation's score is the external
 * query's, its timbre part is there with a timbre model and absent
 * without one. */
static void
test_external (void)
{
  g_autofree Library *lib = make_library ();
  /* Track 0 (the anchor) stays out of the index. */
  g_autoptr(AkinSimilarityIndex) index = akin_similarity_index_new (DIM);
  g_autoptr(GArray) matches = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree AkinSimilarityWhy *whys = NULL;
  g_autofree AkinSimilarityWhy *plain = NULL;
  g_autofree gint64 *ids = NULL;

  for (guint i = 1; i < N; i++)
    {
      g_assert_true (akin_similarity_index_set (index, lib->ids[i], lib->vectors + i * DIM, DIM,
                                                NULL, NULL));
      g_assert_true (akin_similarity_index_set_timbre (index, lib->ids[i], &lib->timbre[i], NULL));
    }
  akin_similarity_index_set_mode (index, AKIN_SIMILARITY_MODE_COMBINED);

  matches = akin_similarity_index_query_external (index, lib->vectors, DIM, &lib->timbre[0], NULL,
                                                  N, AKIN_SIMILARITY_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (matches->len, ==, N - 1);
  ids = g_new (gint64, matches->len);
  for (guint i = 0; i < matches->len; i++)
    ids[i] = g_array_index (matches, AkinSimilarityMatch, i).track_id;

  whys = g_new0 (AkinSimilarityWhy, matches->len);
  g_assert_true (akin_similarity_why_explain_external (index, lib->vectors, DIM, &lib->timbre[0],
                                                       ids, matches->len, whys, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < matches->len; i++)
    {
      g_assert_true (whys[i].has_explanation);
      g_assert_true (whys[i].explanation.has_timbre);
      g_assert_true (whys[i].has[AKIN_SIMILARITY_ASPECT_TIMBRE]);
      g_assert_cmpfloat_with_epsilon (whys[i].explanation.score,
                                      g_array_index (matches, AkinSimilarityMatch, i).score, 1e-6);
      if (ids[i] == TIMBRE_TWIN)
        g_assert_cmpfloat (whys[i].contribution[AKIN_SIMILARITY_ASPECT_TIMBRE], >=, 0.75f);
    }

  /* Without its timbre model: the encoders alone, as the query. */
  plain = g_new0 (AkinSimilarityWhy, matches->len);
  g_assert_true (akin_similarity_why_explain_external (index, lib->vectors, DIM, NULL, ids,
                                                       matches->len, plain, &error));
  for (guint i = 0; i < matches->len; i++)
    {
      g_assert_false (plain[i].has[AKIN_SIMILARITY_ASPECT_TIMBRE]);
      g_assert_true (plain[i].has[AKIN_SIMILARITY_ASPECT_ENCODERS]);
    }

  /* A neighbour not in the index gets nothing; a wrong dimension fails. */
  {
    gint64 missing = 4242;
    AkinSimilarityWhy none = { 0 };

    g_assert_true (akin_similarity_why_explain_external (index, lib->vectors, DIM, NULL, &missing,
                                                         1, &none, &error));
    g_assert_false (none.has_explanation);
    g_assert_false (none.has[AKIN_SIMILARITY_ASPECT_ENCODERS]);
    g_assert_false (akin_similarity_why_explain_external (index, lib->vectors, DIM - 1, NULL,
                                                          &missing, 1, &none, &error));
    g_assert_error (error, AKIN_ERROR, AKIN_ERROR_DIMENSION_MISMATCH);
  }
}

/* A song outside the library when the library is empty (the first song
 * played while the first scan runs): nothing to explain, and no crash on
 * the missing statistics, in every mode. */
static void
test_external_empty_index (void)
{
  g_autofree Library *lib = make_library ();
  g_autoptr(AkinSimilarityIndex) index = akin_similarity_index_new (DIM);
  g_autoptr(GError) error = NULL;
  const AkinSimilarityMode modes[] = { AKIN_SIMILARITY_MODE_COMBINED, AKIN_SIMILARITY_MODE_COSINE,
                                       AKIN_SIMILARITY_MODE_AE_ONLY };

  for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
    {
      gint64 missing = 7;
      AkinSimilarityWhy none = { 0 };

      akin_similarity_index_set_mode (index, modes[m]);
      g_assert_true (akin_similarity_why_explain_external (index, lib->vectors, DIM,
                                                           &lib->timbre[0], NULL, 0, NULL,
                                                           &error));
      g_assert_true (akin_similarity_why_explain_external (index, lib->vectors, DIM,
                                                           &lib->timbre[0], &missing, 1, &none,
                                                           &error));
      g_assert_no_error (error);
      g_assert_false (none.has_explanation);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/similarity-why/matches-explain", test_matches_explain);
  g_test_add_func ("/similarity-why/match-explanations", test_match_explanations);
  g_test_add_func ("/similarity-why/timbre-words", test_timbre_words_follow_timbre_part);
  g_test_add_func ("/similarity-why/with-descriptors", test_with_descriptors);
  g_test_add_func ("/similarity-why/cosine-mode", test_cosine_mode);
  g_test_add_func ("/similarity-why/external", test_external);
  g_test_add_func ("/similarity-why/external-empty-index", test_external_empty_index);

  return g_test_run ();
}
