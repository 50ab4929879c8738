/* test-tempo.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Tempo: librosa's lag choice on the fixture's own onset envelope, and the
 * refined tempo on synthetic click tracks.
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "akin-front-end.h"
#include "akin-median.h"
#include "akin-tempo.h"
#include "fixture-signals.h"

static void
test_fixture_envelope (void)
{
  /* Tempo alone, fed with the oracle's envelope for signal (b). */
  g_autoptr(JsonObject) expected = fixture_load ("b_clicks_120bpm");
  JsonObject *tempo = json_object_get_object_member (expected, "tempo");
  JsonArray *onset = json_object_get_array_member (tempo, "onset_env");
  guint n = json_array_get_length (onset);
  g_autofree float *env = g_new (float, n);
  AkinTempoEstimate est;

  for (guint t = 0; t < n; t++)
    env[t] = (float) fixture_get_double (onset, t);

  akin_tempo_estimate (env, n, &est);
  g_assert_cmpuint (est.lag, ==, 22);
  g_assert_cmpfloat (fabs (est.librosa_bpm - 117.45383522727273), <, 1e-6);
  g_assert_cmpfloat (fabs (est.librosa_bpm - json_object_get_double_member (tempo, "bpm")), <, 1e-6);
  /* The oracle's margin between lag 22 and lag 21 is 0.0784. */
  g_assert_cmpfloat (fabs (est.score_margin - 0.07836), <, 2e-3);
  g_test_message ("fixture (b): librosa %.4f BPM, refined %.3f BPM", est.librosa_bpm, est.bpm);
  g_assert_cmpfloat (fabs (est.bpm - 120.0), <, 0.02 * 120.0);
}

static void
test_zero_envelope (void)
{
  float env[500] = { 0 };
  AkinTempoEstimate est;

  akin_tempo_estimate (env, G_N_ELEMENTS (env), &est);
  g_assert_cmpuint (est.lag, ==, 0);
  g_assert_cmpfloat (est.bpm, ==, 0.0);
  g_assert_cmpfloat (est.librosa_bpm, ==, 0.0);
}

static void
test_click_track (gconstpointer data)
{
  double bpm = GPOINTER_TO_UINT (data);
  g_autofree float *y = NULL;
  g_autoptr(AkinFrontEnd) fe = akin_front_end_new (NULL);
  g_autoptr(AkinFeatures) f = NULL;
  g_autoptr(GError) error = NULL;
  const char *relation = NULL;
  double got;
  gsize n;

  y = make_click_track (bpm, 30.0, &n);
  akin_front_end_push (fe, y, n);
  f = akin_front_end_finish (fe, &error);
  g_assert_no_error (error);

  got = f->descriptors.tempo_bpm;
  if (fabs (got - bpm) <= 0.02 * bpm)
    relation = "same";
  else if (fabs (got - 2.0 * bpm) <= 0.02 * 2.0 * bpm)
    relation = "double";
  else if (fabs (got - 0.5 * bpm) <= 0.02 * 0.5 * bpm)
    relation = "half";

  g_test_message ("%.0f BPM clicks: refined %.3f BPM (%s), librosa %.3f BPM (lag %u)",
                  bpm, got, relation != NULL ? relation : "WRONG",
                  f->descriptors.tempo_librosa_bpm, f->descriptors.tempo_lag);
  g_assert_nonnull (relation);
}

static int
compare_floats (const void *a,
                const void *b)
{
  float x = *(const float *) a;
  float y = *(const float *) b;

  return (x > y) - (x < y);
}

/* Quickselect against a full sort, on odd and even lengths, with many ties
 * (values drawn from a few levels) and without. */
static void
test_median (void)
{
  GRand *rand = g_rand_new_with_seed (7);

  for (guint trial = 0; trial < 400; trial++)
    {
      gsize n = 1 + trial % 37 + (trial % 5 == 0 ? 500 : 0);
      gboolean ties = trial % 2 == 0;
      g_autofree float *v = g_new (float, n);
      g_autofree float *sorted = NULL;
      float expected;

      for (gsize i = 0; i < n; i++)
        v[i] = ties ? (float) g_rand_int_range (rand, 0, 4) : (float) g_rand_double (rand);
      sorted = g_memdup2 (v, n * sizeof (float));
      qsort (sorted, n, sizeof (float), compare_floats);
      expected = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0f;

      for (gsize k = 0; k < n; k += 1 + n / 7)
        {
          g_autofree float *w = g_memdup2 (v, n * sizeof (float));
          float kth = akin_select_kth (w, n, k);

          g_assert_cmpfloat (kth, ==, sorted[k]);
          for (gsize i = 0; i < n; i++)
            g_assert_true (i < k ? w[i] <= kth : i > k ? w[i] >= kth : w[i] == kth);
        }
      g_assert_cmpfloat (akin_median_float (v, n), ==, expected);
    }

  g_rand_free (rand);
}

int
main (int   argc,
      char *argv[])
{
  static const guint tempi[] = { 70, 90, 120, 140, 170 };

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tempo/fixture-envelope", test_fixture_envelope);
  g_test_add_func ("/tempo/zero-envelope", test_zero_envelope);
  g_test_add_func ("/tempo/median", test_median);
  for (guint i = 0; i < G_N_ELEMENTS (tempi); i++)
    {
      g_autofree char *path = g_strdup_printf ("/tempo/clicks/%u", tempi[i]);

      g_test_add_data_func (path, GUINT_TO_POINTER (tempi[i]), test_click_track);
    }

  return g_test_run ();
}
