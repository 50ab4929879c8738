/* test-timbre.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The whole-song timbre model: the Gaussian against a direct computation,
 * the divergences' properties on synthesised sounds, mutual proximity,
 * spectral contrast of a tone against noise, the front-end wiring, and
 * degenerate input (silence, a few samples, singular covariances).
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "akin-front-end.h"
#include "akin-stft.h"
#include "akin-timbre.h"

#define D AKIN_TIMBRE_DIM

static guint
packed (guint i,
        guint j)
{
  if (i > j)
    {
      guint t = i;
      i = j;
      j = t;
    }
  return i * D - i * (i - 1) / 2 + (j - i);
}

static void
unpack (const float *p,
        double      *full)
{
  for (guint i = 0; i < D; i++)
    for (guint j = 0; j < D; j++)
      full[i * D + j] = p[packed (i, j)];
}

/* ln det by Gaussian elimination with partial pivoting. */
static double
logdet_direct (const double *a_in)
{
  double a[D * D];
  double s = 0.0;

  memcpy (a, a_in, sizeof a);
  for (guint c = 0; c < D; c++)
    {
      guint piv = c;

      for (guint r = c + 1; r < D; r++)
        if (fabs (a[r * D + c]) > fabs (a[piv * D + c]))
          piv = r;
      if (piv != c)
        for (guint k = 0; k < D; k++)
          {
            double t = a[c * D + k];
            a[c * D + k] = a[piv * D + k];
            a[piv * D + k] = t;
          }
      s += log (fabs (a[c * D + c]));
      for (guint r = c + 1; r < D; r++)
        {
          double f = a[r * D + c] / a[c * D + c];

          for (guint k = c; k < D; k++)
            a[r * D + k] -= f * a[c * D + k];
        }
    }
  return s;
}

static void
assert_model_finite (const AkinTimbreModel *m)
{
  const float *f = akin_timbre_model_as_floats (m);

  for (guint i = 0; i < AKIN_TIMBRE_MODEL_FLOATS; i++)
    g_assert_true (isfinite (f[i]));
}

/* max |cov · icov − I| */
static double
inverse_error (const AkinTimbreModel *m)
{
  double c[D * D], ic[D * D], e = 0.0;

  unpack (m->cov, c);
  unpack (m->icov, ic);
  for (guint i = 0; i < D; i++)
    for (guint j = 0; j < D; j++)
      {
        double s = 0.0;

        for (guint k = 0; k < D; k++)
          s += c[i * D + k] * ic[k * D + j];
        e = MAX (e, fabs (s - (i == j ? 1.0 : 0.0)));
      }
  return e;
}

/* Correlated frames with per-dimension scales like real MFCC/contrast. */
static float *
make_frames (guint   n,
             guint32 seed,
             double  shift)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  float *x = g_new (float, (gsize) n * D);

  for (guint t = 0; t < n; t++)
    {
      double prev = 0.0;

      for (guint k = 0; k < D; k++)
        {
          double z = g_rand_double_range (rand, -1.0, 1.0) + g_rand_double_range (rand, -1.0, 1.0);

          x[(gsize) t * D + k] = (float) (shift + 10.0 / (k + 1) * z + 0.5 * prev);
          prev = z;
        }
    }
  return x;
}

static void
test_fit_known (void)
{
  const guint n = 600;
  g_autofree float *x = make_frames (n, 7, 3.0);
  AkinTimbreModel m;
  double mean[D] = { 0 }, cov[D * D] = { 0 }, mc[D * D];
  double trace = 0.0, ridge;

  akin_timbre_model_fit (x, n, &m);
  assert_model_finite (&m);
  g_assert_cmpfloat (m.n_frames, ==, n);

  for (guint t = 0; t < n; t++)
    for (guint k = 0; k < D; k++)
      mean[k] += x[t * D + k] / (double) n;
  for (guint t = 0; t < n; t++)
    for (guint i = 0; i < D; i++)
      for (guint j = 0; j < D; j++)
        cov[i * D + j] += (x[t * D + i] - mean[i]) * (x[t * D + j] - mean[j]) / (n - 1.0);
  for (guint i = 0; i < D; i++)
    trace += cov[i * D + i];
  ridge = 1e-3 * trace / D + 1e-2;

  unpack (m.cov, mc);
  for (guint i = 0; i < D; i++)
    {
      g_assert_cmpfloat_with_epsilon (m.mean[i], mean[i], 1e-4 * (1.0 + fabs (mean[i])));
      for (guint j = 0; j < D; j++)
        {
          double expect = cov[i * D + j] + (i == j ? ridge : 0.0);

          g_assert_cmpfloat_with_epsilon (mc[i * D + j], expect, 1e-4 * (1.0 + fabs (expect)));
        }
    }
  g_assert_cmpfloat (inverse_error (&m), <, 1e-4);
  g_assert_cmpfloat_with_epsilon (m.logdet, logdet_direct (mc), 1e-3 * fabs (m.logdet) + 1e-3);
}

static void
test_floats_round_trip (void)
{
  g_autofree float *x = make_frames (100, 3, 0.0);
  AkinTimbreModel m, back;
  float bad[AKIN_TIMBRE_MODEL_FLOATS];

  akin_timbre_model_fit (x, 100, &m);
  g_assert_true (akin_timbre_model_from_floats (akin_timbre_model_as_floats (&m),
                                                AKIN_TIMBRE_MODEL_FLOATS, &back));
  g_assert_cmpmem (&m, sizeof m, &back, sizeof back);
  g_assert_false (akin_timbre_model_from_floats (akin_timbre_model_as_floats (&m),
                                                 AKIN_TIMBRE_MODEL_FLOATS - 1, &back));
  memcpy (bad, akin_timbre_model_as_floats (&m), sizeof bad);
  bad[5] = NAN;
  g_assert_false (akin_timbre_model_from_floats (bad, AKIN_TIMBRE_MODEL_FLOATS, &back));
}

/* Synthesised sounds, all at the same level. */
typedef enum { NOISE, TONE } Kind;

static float *
make_sound (Kind    kind,
            double  freq,
            guint32 seed,
            gsize   n)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  float *y = g_new (float, n);

  for (gsize i = 0; i < n; i++)
    {
      double noise = g_rand_double_range (rand, -1.0, 1.0);

      if (kind == NOISE)
        y[i] = (float) (0.3 * noise);
      else
        y[i] = (float) (0.3 * sin (2.0 * G_PI * freq * i / AKIN_SAMPLE_RATE) + 0.003 * noise);
    }
  return y;
}

static AkinFeatures *
analyse (const float *y,
         gsize        n,
         guint        n_mfcc_mel128)
{
  g_autoptr(AkinFrontEnd) fe = NULL;
  g_autoptr(GError) error = NULL;
  AkinFrontEndOptions opts;
  AkinFeatures *f;

  akin_front_end_options_init (&opts);
  opts.timbre = TRUE;
  opts.n_mfcc_mel128 = n_mfcc_mel128;
  fe = akin_front_end_new (&opts);
  for (gsize done = 0; done < n; done += 5000)
    akin_front_end_push (fe, y + done, MIN (5000, n - done));
  f = akin_front_end_finish (fe, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->timbre);
  assert_model_finite (f->timbre);
  return f;
}

static AkinTimbreModel
model_of_sound (Kind kind, double freq, guint32 seed)
{
  const gsize n = 12 * AKIN_SAMPLE_RATE;
  g_autofree float *y = make_sound (kind, freq, seed, n);
  g_autoptr(AkinFeatures) f = analyse (y, n, 0);

  return *f->timbre;
}

static void
test_divergence_properties (gconstpointer data)
{
  AkinTimbreDivergence kind = GPOINTER_TO_INT (data);
  AkinTimbreModel noise1 = model_of_sound (NOISE, 0, 1);
  AkinTimbreModel noise2 = model_of_sound (NOISE, 0, 2);
  AkinTimbreModel tone1 = model_of_sound (TONE, 440.0, 3);
  AkinTimbreModel tone2 = model_of_sound (TONE, 2500.0, 4);
  AkinTimbreModel copy = tone1;
  const AkinTimbreModel *all[] = { &noise1, &noise2, &tone1, &tone2 };
  double nn, nt, tt;

  /* Identical models. */
  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    g_assert_cmpfloat (akin_timbre_divergence (all[i], all[i], kind), ==, 0.0);
  g_assert_cmpfloat (akin_timbre_divergence (&tone1, &copy, kind), ==, 0.0);

  /* Symmetric, positive, finite. */
  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    for (guint j = i + 1; j < G_N_ELEMENTS (all); j++)
      {
        double ab = akin_timbre_divergence (all[i], all[j], kind);
        double ba = akin_timbre_divergence (all[j], all[i], kind);

        g_assert_true (isfinite (ab));
        g_assert_cmpfloat (ab, >, 0.0);
        g_assert_cmpfloat_with_epsilon (ab, ba, 1e-9 * ab);
      }

  /* Two noises are closer than a noise and a tone, or two tones. Two
   * noises are not at 0: 65 frames in 27 dimensions estimate a covariance
   * only roughly, and the divergences see that estimation noise. */
  nn = akin_timbre_divergence (&noise1, &noise2, kind);
  nt = akin_timbre_divergence (&noise1, &tone1, kind);
  tt = akin_timbre_divergence (&tone1, &tone2, kind);
  g_test_message ("noise-noise %g, noise-tone %g, tone-tone %g", nn, nt, tt);
  g_assert_cmpfloat (nn * 4.0, <, nt);
  g_assert_cmpfloat (nn * 4.0, <, tt);
}

static void
test_mutual_proximity (void)
{
  enum { N = 8 };
  AkinTimbreModel models[N];
  AkinTimbreNorm norms[N];
  AkinTimbreNorm lone;

  /* Two clusters of four: shifts 0, 0.2, 0.4, 0.6 and 5, 5.2, … */
  for (guint i = 0; i < N; i++)
    {
      g_autofree float *x = make_frames (300, 100 + i, (i < N / 2 ? 0.0 : 5.0) + 0.2 * (i % 4));

      akin_timbre_model_fit (x, 300, &models[i]);
    }
  for (guint i = 0; i < N; i++)
    {
      akin_timbre_norm_compute (&models[i], models, N, AKIN_TIMBRE_DIVERGENCE_JS, &norms[i]);
      g_assert_cmpfloat (norms[i].mean, >, 0.0);
      g_assert_cmpfloat (norms[i].std, >, 0.0);
    }

  for (guint i = 0; i < N; i++)
    for (guint j = 0; j < N; j++)
      {
        double d = akin_timbre_divergence (&models[i], &models[j], AKIN_TIMBRE_DIVERGENCE_JS);
        double ab = akin_timbre_mutual_proximity (d, &norms[i], &norms[j]);
        double ba = akin_timbre_mutual_proximity (d, &norms[j], &norms[i]);

        g_assert_cmpfloat (ab, >=, 0.0);
        g_assert_cmpfloat (ab, <=, 1.0);
        g_assert_cmpfloat (ab, ==, ba);
      }

  /* A copy of the track among the references is the track itself: left
   * out of its statistics, exactly as the same address is. */
  {
    AkinTimbreModel copies[N];
    AkinTimbreNorm via_copy;

    memcpy (copies, models, sizeof copies);
    akin_timbre_norm_compute (&models[2], copies, N, AKIN_TIMBRE_DIVERGENCE_JS, &via_copy);
    g_assert_cmpfloat (via_copy.mean, ==, norms[2].mean);
    g_assert_cmpfloat (via_copy.std, ==, norms[2].std);
  }

  /* Same cluster beats the other cluster. */
  {
    double dn = akin_timbre_divergence (&models[0], &models[1], AKIN_TIMBRE_DIVERGENCE_JS);
    double df = akin_timbre_divergence (&models[0], &models[5], AKIN_TIMBRE_DIVERGENCE_JS);

    g_assert_cmpfloat (akin_timbre_mutual_proximity (dn, &norms[0], &norms[1]), >,
                       akin_timbre_mutual_proximity (df, &norms[0], &norms[5]));
  }

  /* The whole matrix at once is the index's comparison of every pair: the
   * statistics over the other models of the set, JS, mutual proximity. */
  {
    g_autofree float *sim = akin_timbre_similarity_matrix (models, N);

    for (guint i = 0; i < N; i++)
      for (guint j = 0; j < N; j++)
        {
          double d = akin_timbre_divergence (&models[i], &models[j], AKIN_TIMBRE_DIVERGENCE_JS);

          if (i == j)
            g_assert_cmpfloat (sim[i * N + j], ==, 1.0f);
          else
            g_assert_cmpfloat_with_epsilon (sim[i * N + j],
                                            akin_timbre_mutual_proximity (d, &norms[i],
                                                                          &norms[j]),
                                            1e-5);
          g_assert_cmpfloat (sim[i * N + j], ==, sim[j * N + i]);
        }
    g_assert_cmpfloat (sim[0 * N + 1], >, sim[0 * N + 5]);
  }

  /* Degenerate: no other reference gives std 0, and MP still in [0, 1]. */
  akin_timbre_norm_compute (&models[0], models, 1, AKIN_TIMBRE_DIVERGENCE_JS, &lone);
  g_assert_cmpfloat (lone.mean, ==, 0.0);
  g_assert_cmpfloat (lone.std, ==, 0.0);
  for (double d = 0.0; d < 3.0; d += 0.5)
    {
      double s = akin_timbre_mutual_proximity (d, &lone, &norms[1]);

      g_assert_cmpfloat (s, >=, 0.0);
      g_assert_cmpfloat (s, <=, 1.0);
    }
  g_assert_cmpfloat (akin_timbre_mutual_proximity (NAN, &norms[0], &norms[1]), ==, 0.0);
}

typedef struct
{
  double sum[AKIN_TIMBRE_N_CONTRAST];
  guint  n;
} ContrastMean;

static void
on_frame (guint frame, const float *power, const float *magnitude, gpointer user_data)
{
  ContrastMean *cm = user_data;
  float c[AKIN_TIMBRE_N_CONTRAST];

  akin_spectral_contrast_frame (magnitude, c);
  for (guint b = 0; b < AKIN_TIMBRE_N_CONTRAST; b++)
    {
      g_assert_true (isfinite (c[b]));
      g_assert_cmpfloat (c[b], >=, 0.0);
      cm->sum[b] += c[b];
    }
  cm->n++;
}

static void
contrast_of (Kind kind, double freq, double *mean)
{
  const gsize n = 2 * AKIN_SAMPLE_RATE;
  g_autofree float *y = make_sound (kind, freq, 9, n);
  ContrastMean cm = { { 0 }, 0 };
  g_autoptr(AkinStft) stft = akin_stft_new (on_frame, &cm);

  akin_stft_push (stft, y, n);
  akin_stft_finish (stft);
  for (guint b = 0; b < AKIN_TIMBRE_N_CONTRAST; b++)
    mean[b] = cm.sum[b] / cm.n;
}

static void
test_contrast_tone_vs_noise (void)
{
  double tone[AKIN_TIMBRE_N_CONTRAST], noise[AKIN_TIMBRE_N_CONTRAST];
  float silent[AKIN_N_BINS] = { 0 };
  float c[AKIN_TIMBRE_N_CONTRAST];

  /* 1000 Hz lies in the band 800–1600 Hz, band 3. */
  contrast_of (TONE, 1000.0, tone);
  contrast_of (NOISE, 0.0, noise);
  for (guint b = 0; b < AKIN_TIMBRE_N_CONTRAST; b++)
    g_test_message ("band %u: tone %.1f dB, noise %.1f dB", b, tone[b], noise[b]);
  g_assert_cmpfloat (tone[3], >, noise[3] + 20.0);
  for (guint b = 0; b < AKIN_TIMBRE_N_CONTRAST; b++)
    {
      g_assert_cmpfloat (noise[b], <, 30.0);
      if (b != 3)
        g_assert_cmpfloat (tone[3], >, tone[b]);
    }

  /* Digital silence: no contrast at all. */
  akin_spectral_contrast_frame (silent, c);
  for (guint b = 0; b < AKIN_TIMBRE_N_CONTRAST; b++)
    g_assert_cmpfloat (c[b], ==, 0.0);
}

/* The model's MFCC part is the MFCC-20 of every 4th frame. */
static void
test_frontend_wiring (void)
{
  const gsize n = 3 * AKIN_SAMPLE_RATE + 123;
  g_autofree float *y = make_sound (TONE, 700.0, 5, n);
  g_autoptr(AkinFeatures) f = analyse (y, n, 20);
  g_autoptr(AkinFrontEnd) plain = akin_front_end_new (NULL);
  g_autoptr(AkinFeatures) pf = NULL;
  g_autoptr(GError) error = NULL;
  guint used = 0;

  for (guint q = 0; q < AKIN_TIMBRE_N_MFCC; q++)
    {
      double s = 0.0;

      used = 0;
      for (guint t = 0; t < f->n_frames; t += AKIN_TIMBRE_FRAME_STEP, used++)
        s += f->mfcc_mel128[(gsize) q * f->n_frames + t];
      s /= used;
      g_assert_cmpfloat_with_epsilon (f->timbre->mean[q], s, 1e-3 * (1.0 + fabs (s)));
    }
  g_assert_cmpfloat (f->timbre->n_frames, ==, used);

  /* Off by default. */
  akin_front_end_push (plain, y, n);
  pf = akin_front_end_finish (plain, &error);
  g_assert_no_error (error);
  g_assert_null (pf->timbre);
}

static void
test_robustness (void)
{
  AkinTimbreModel m, noise = model_of_sound (NOISE, 0, 11);
  float one[D];
  g_autofree float *flat = NULL;

  /* Silence, one second and a few samples. */
  {
    g_autofree float *zeros = g_new0 (float, AKIN_SAMPLE_RATE);
    g_autoptr(AkinFeatures) f = analyse (zeros, AKIN_SAMPLE_RATE, 0);
    g_autoptr(AkinFeatures) g = analyse (zeros, 100, 0);

    g_assert_cmpfloat (f->timbre->n_frames, >, 0);
    g_assert_cmpfloat (g->timbre->n_frames, ==, 1);
    for (guint k = 0; k < 2; k++)
      {
        double d1 = akin_timbre_divergence (f->timbre, &noise, k);
        double d2 = akin_timbre_divergence (g->timbre, f->timbre, k);

        g_assert_true (isfinite (d1) && d1 > 0.0);
        g_assert_true (isfinite (d2) && d2 >= 0.0);
      }
  }

  /* No frame: a neutral model. */
  akin_timbre_model_fit (NULL, 0, &m);
  assert_model_finite (&m);
  g_assert_cmpfloat (m.n_frames, ==, 0);
  g_assert_cmpfloat (m.logdet, ==, 0.0);

  /* One frame, and frames in a 2-D subspace: singular sample covariances. */
  for (guint k = 0; k < D; k++)
    one[k] = (float) k;
  akin_timbre_model_fit (one, 1, &m);
  assert_model_finite (&m);
  g_assert_cmpfloat (inverse_error (&m), <, 1e-3);

  flat = g_new (float, 50 * D);
  for (guint t = 0; t < 50; t++)
    for (guint k = 0; k < D; k++)
      flat[t * D + k] = (float) (100.0 * sin (t) * (k % 2) + 30.0 * cos (3.0 * t) * (k % 3 == 0));
  akin_timbre_model_fit (flat, 50, &m);
  assert_model_finite (&m);
  g_assert_cmpfloat (inverse_error (&m), <, 1e-3);
  for (guint k = 0; k < 2; k++)
    g_assert_true (isfinite (akin_timbre_divergence (&m, &noise, k)));

  /* Non-finite input values count as 0. */
  flat[7] = NAN;
  flat[20] = INFINITY;
  akin_timbre_model_fit (flat, 50, &m);
  assert_model_finite (&m);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/timbre/fit-known", test_fit_known);
  g_test_add_func ("/timbre/floats-round-trip", test_floats_round_trip);
  g_test_add_data_func ("/timbre/divergence/js", GINT_TO_POINTER (AKIN_TIMBRE_DIVERGENCE_JS),
                        test_divergence_properties);
  g_test_add_data_func ("/timbre/divergence/skl", GINT_TO_POINTER (AKIN_TIMBRE_DIVERGENCE_SKL),
                        test_divergence_properties);
  g_test_add_func ("/timbre/mutual-proximity", test_mutual_proximity);
  g_test_add_func ("/timbre/contrast-tone-vs-noise", test_contrast_tone_vs_noise);
  g_test_add_func ("/timbre/frontend-wiring", test_frontend_wiring);
  g_test_add_func ("/timbre/robustness", test_robustness);

  return g_test_run ();
}
