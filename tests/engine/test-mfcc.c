/* test-mfcc.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The front end against the reference fixtures (librosa 0.9.2 oracle) with
 * the tolerances the fixtures recommend, and the slicing for the encoders.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "akin-error.h"
#include "akin-front-end.h"
#include "akin-mel.h"
#include "akin-mfcc.h"
#include "akin-stft.h"
#include "fixture-signals.h"

static AkinFeatures *
analyse (const float *y,
         gsize        n,
         gsize        chunk)
{
  AkinFrontEndOptions opts;
  g_autoptr(AkinFrontEnd) fe = NULL;
  g_autoptr(GError) error = NULL;
  AkinFeatures *features;

  akin_front_end_options_init (&opts);
  opts.n_mfcc = 13;
  opts.n_mfcc_mel128 = 20;
  opts.keep_mel_db = TRUE;
  fe = akin_front_end_new (&opts);
  for (gsize done = 0; done < n; done += chunk)
    akin_front_end_push (fe, y + done, MIN (chunk, n - done));
  features = akin_front_end_finish (fe, &error);
  g_assert_no_error (error);
  g_assert_nonnull (features);
  return features;
}

/* Compares a [rows][T] matrix with the fixture's frames 0–63, per-row
 * means and population standard deviations. */
static void
check_matrix (JsonObject  *expected,
              const float *m,
              guint        n_rows,
              guint        n_frames,
              double       abs_tol,
              double       rel_tol,
              double       stat_abs_tol,
              double      *worst)
{
  JsonArray *frames = json_object_get_array_member (expected, "frames_0_63");
  JsonArray *mean = json_object_get_array_member (expected, "mean");
  JsonArray *std = json_object_get_array_member (expected, "std");

  g_assert_cmpuint (json_array_get_length (frames), ==, n_rows);
  for (guint r = 0; r < n_rows; r++)
    {
      JsonArray *row = json_array_get_array_element (frames, r);
      const float *v = m + (gsize) r * n_frames;
      double s = 0.0, s2 = 0.0, mu, sd, ref;

      g_assert_cmpuint (json_array_get_length (row), ==, MIN (64, n_frames));
      for (guint t = 0; t < MIN (64, n_frames); t++)
        {
          ref = fixture_get_double (row, t);
          g_assert_false (isnan (v[t]));
          *worst = MAX (*worst, fabs (v[t] - ref));
          if (!(fabs (v[t] - ref) <= abs_tol + rel_tol * fabs (ref)))
            g_error ("row %u frame %u: %.6f, expected %.6f", r, t, v[t], ref);
        }

      for (guint t = 0; t < n_frames; t++)
        s += v[t];
      mu = s / n_frames;
      for (guint t = 0; t < n_frames; t++)
        s2 += (v[t] - mu) * (v[t] - mu);
      sd = sqrt (s2 / n_frames);

      ref = fixture_get_double (mean, r);
      if (!(fabs (mu - ref) <= stat_abs_tol + rel_tol * fabs (ref)))
        g_error ("row %u mean %.6f, expected %.6f", r, mu, ref);
      ref = fixture_get_double (std, r);
      if (!(fabs (sd - ref) <= stat_abs_tol + rel_tol * fabs (ref)))
        g_error ("row %u std %.6f, expected %.6f", r, sd, ref);
    }
}

static void
test_fixture (gconstpointer data)
{
  const char *name = data;
  g_autoptr(JsonObject) expected = fixture_load (name);
  g_autoptr(AkinFeatures) f = NULL;
  g_autofree float *y = NULL;
  JsonObject *rolloff, *tempo;
  JsonArray *per_frame, *onset;
  gsize n;
  guint exact = 0;
  double worst_db = 0.0, worst_mfcc = 0.0, worst_mfcc20 = 0.0, worst_onset = 0.0;
  double sum_all = 0.0;

  y = fixture_signal_make (name, &n);
  fixture_check_signal (expected, y, n);

  /* An odd chunk size, so frames straddle push boundaries. */
  f = analyse (y, n, 4097);
  g_assert_cmpuint (f->n_samples, ==, n);
  g_assert_cmpint (f->n_frames, ==, json_object_get_int_member (expected, "n_frames"));

  check_matrix (json_object_get_object_member (expected, "mel256_db"),
                f->mel_db, 256, f->n_frames, 0.01, 0.0, 2e-3, &worst_db);
  check_matrix (json_object_get_object_member (expected, "mfcc13"),
                f->mfcc, 13, f->n_frames, 5e-3, 1e-5, 2e-3, &worst_mfcc);
  check_matrix (json_object_get_object_member (expected, "mfcc20_mel128"),
                f->mfcc_mel128, 20, f->n_frames, 5e-3, 1e-5, 2e-3, &worst_mfcc20);

  rolloff = json_object_get_object_member (expected, "rolloff");
  per_frame = json_object_get_array_member (rolloff, "per_frame");
  g_assert_cmpuint (json_array_get_length (per_frame), ==, f->n_frames);
  for (guint t = 0; t < f->n_frames; t++)
    {
      double ref = fixture_get_double (per_frame, t);
      double bin = AKIN_SAMPLE_RATE / (double) AKIN_N_FFT;

      /* The fixture rounds to 6 digits, so compare bin indices. */
      long ref_bin = lround (ref / bin);
      long got_bin = lround (f->rolloff[t] / bin);

      sum_all += f->rolloff[t];
      g_assert_cmpfloat (fabs (f->rolloff[t] - got_bin * bin), <, 1e-3);
      if (got_bin == ref_bin)
        exact++;
      else
        g_assert_cmpint (labs (got_bin - ref_bin), ==, 1);
    }
  g_assert_cmpuint (exact * 100, >=, 99 * f->n_frames);
  g_assert_cmpfloat (fabs (f->descriptors.rolloff_mean_all
                           - json_object_get_double_member (rolloff, "mean")), <=, 0.5);
  g_assert_cmpfloat (fabs (sum_all / f->n_frames - f->descriptors.rolloff_mean_all), <=, 1e-6);

  tempo = json_object_get_object_member (expected, "tempo");
  onset = json_object_get_array_member (tempo, "onset_env");
  g_assert_cmpuint (json_array_get_length (onset), ==, f->n_frames);
  for (guint t = 0; t < f->n_frames; t++)
    {
      double d = fabs (f->onset_envelope[t] - fixture_get_double (onset, t));

      worst_onset = MAX (worst_onset, d);
      g_assert_cmpfloat (d, <=, 1e-3);
    }
  g_assert_cmpint (f->descriptors.tempo_lag, ==, json_object_get_int_member (tempo, "lag"));
  g_assert_cmpfloat (fabs (f->descriptors.tempo_librosa_bpm
                           - json_object_get_double_member (tempo, "bpm")), <, 1e-6);

  g_test_message ("%s: T %u, worst |Δ| mel dB %.2g, MFCC-13 %.2g, MFCC-20 %.2g, onset %.2g, "
                  "roll-off exact %u/%u, tempo %.4f (refined %.3f)",
                  name, f->n_frames, worst_db, worst_mfcc, worst_mfcc20, worst_onset,
                  exact, f->n_frames, f->descriptors.tempo_librosa_bpm, f->descriptors.tempo_bpm);
}

static void
test_silence_floor (void)
{
  g_autofree float *y = g_new0 (float, 30000);
  g_autoptr(AkinFeatures) f = analyse (y, 30000, 30000);

  /* Digital silence: every band at the −100 dB floor, never NaN or -inf. */
  g_assert_cmpfloat (f->mel_db_max, ==, -100.0f);
  g_assert_cmpfloat (f->mel_db_floor, ==, -100.0f);
  for (gsize i = 0; i < (gsize) 256 * f->n_frames; i++)
    g_assert_cmpfloat (f->mel_db[i], ==, -100.0f);
  for (guint t = 0; t < f->n_frames; t++)
    {
      g_assert_cmpfloat (fabs (f->mfcc[t] - (-1600.0)), <, 1e-3);
      for (guint q = 1; q < f->n_mfcc; q++)
        g_assert_cmpfloat (fabs (f->mfcc[(gsize) q * f->n_frames + t]), <, 1e-3);
      g_assert_cmpfloat (f->rolloff[t], ==, 0.0f);
      g_assert_cmpfloat (f->onset_envelope[t], ==, 0.0f);
    }
  g_assert_cmpfloat (f->descriptors.tempo_bpm, ==, 0.0);
  g_assert_cmpuint (f->descriptors.n_silent_frames, ==, f->n_frames);
  g_assert_cmpfloat (f->descriptors.rolloff_freq, ==, 0.0);
}

static void
test_empty (void)
{
  g_autoptr(AkinFrontEnd) fe = akin_front_end_new (NULL);
  g_autoptr(GError) error = NULL;
  AkinFeatures *f = akin_front_end_finish (fe, &error);

  g_assert_null (f);
  g_assert_error (error, AKIN_ERROR, AKIN_ERROR_EMPTY);
}

static void
test_mel_bank (void)
{
  const AkinMelBank *b256 = akin_mel_bank_get (256);
  const AkinMelBank *b128 = akin_mel_bank_get (128);

  g_assert_true (b256 == akin_mel_bank_get (256));
  g_assert_cmpuint (b256->n_bands, ==, 256);
  g_assert_cmpuint (b128->n_bands, ==, 128);
  /* The Slaney scale: linear up to 1 kHz = 15 mel, then logarithmic. */
  g_assert_cmpfloat_with_epsilon (akin_hz_to_mel (1000.0), 15.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (akin_hz_to_mel (6400.0), 42.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (akin_mel_to_hz (akin_hz_to_mel (3210.0)), 3210.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (b256->edges_hz[257], 11025.0, 1e-6);

  /* Area normalisation: each triangle's weights sum to about 2 / (e2 − e0)
   * times its width in bins over two, i.e. the filters have equal area in Hz. */
  for (guint b = 0; b < 256; b++)
    {
      double area = 0.0;

      for (guint i = 0; i < b256->length[b]; i++)
        area += b256->weights[b256->offset[b] + i];
      area *= AKIN_SAMPLE_RATE / (double) AKIN_N_FFT;
      if (b > 128)
        g_assert_cmpfloat (fabs (area - 1.0), <, 0.05);
      if (b > 0)
        g_assert_cmpuint (b256->first[b], >=, b256->first[b - 1]);
    }
}

static AkinFeatures *
make_features (guint n_frames,
               guint n_mfcc)
{
  AkinFeatures *f = akin_features_new ((guint64) (n_frames - 1) * AKIN_HOP, n_frames);

  f->n_mfcc = n_mfcc;
  f->mfcc = g_new (float, (gsize) n_mfcc * n_frames);
  for (guint q = 0; q < n_mfcc; q++)
    for (guint t = 0; t < n_frames; t++)
      f->mfcc[(gsize) q * n_frames + t] = q * 100000.0f + t;
  f->mel_db_max = -10.0f;
  f->mel_db_floor = -90.0f;
  return f;
}

static void
test_slices (void)
{
  static const struct { guint frames, slices; } cases[] = {
    { 1, 1 }, { 100, 1 }, { 255, 1 }, { 256, 1 }, { 383, 1 }, { 384, 2 },
    { 512, 2 }, { 639, 2 }, { 640, 3 }, { 10000, 39 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(AkinFeatures) f = make_features (cases[i].frames, 16);
      g_autofree float *s = NULL;
      guint n = 0;
      float pad0 = (float) (16.0 * -90.0);

      g_assert_cmpuint (akin_features_count_slices (cases[i].frames), ==, cases[i].slices);
      s = akin_features_get_slices (f, 16, &n);
      g_assert_cmpuint (n, ==, cases[i].slices);

      for (guint k = 0; k < n; k++)
        for (guint q = 0; q < 16; q++)
          for (guint j = 0; j < AKIN_SLICE_FRAMES; j++)
            {
              guint t = k * AKIN_SLICE_FRAMES + j;
              float v = s[((gsize) k * 16 + q) * AKIN_SLICE_FRAMES + j];

              if (t < cases[i].frames)
                g_assert_cmpfloat (v, ==, q * 100000.0f + t);
              else
                g_assert_cmpfloat (v, ==, q == 0 ? pad0 : 0.0f);
            }
    }
}

static void
test_slices_short_track (void)
{
  /* One second of noise: 44 frames, one slice, padded with the MFCC of a
   * frame at the track's clip floor. */
  g_autofree float *y = g_new (float, AKIN_SAMPLE_RATE);
  g_autoptr(AkinFeatures) f = NULL;
  g_autofree float *s = NULL;
  float pad[13];
  guint32 x = 1;
  guint n = 0;

  for (guint i = 0; i < AKIN_SAMPLE_RATE; i++)
    {
      x = x * 1664525u + 1013904223u;
      y[i] = (float) (x / 4294967296.0 - 0.5) * 0.2f;
    }
  f = analyse (y, AKIN_SAMPLE_RATE, 1000);
  g_assert_cmpuint (f->n_frames, ==, 44);
  g_assert_cmpfloat (f->mel_db_floor, ==, f->mel_db_max - 80.0f);

  s = akin_features_get_slices (f, 13, &n);
  g_assert_cmpuint (n, ==, 1);
  akin_mfcc_of_constant (f->mel_db_floor, 256, 13, pad);
  g_assert_cmpfloat (pad[0], ==, (float) (16.0 * f->mel_db_floor));
  for (guint q = 0; q < 13; q++)
    {
      g_assert_cmpfloat (s[q * AKIN_SLICE_FRAMES + 10], ==, f->mfcc[q * 44 + 10]);
      g_assert_cmpfloat (s[q * AKIN_SLICE_FRAMES + 44], ==, pad[q]);
      g_assert_cmpfloat (s[q * AKIN_SLICE_FRAMES + 255], ==, pad[q]);
    }
}

static void
assert_same_features (const AkinFeatures *a,
                      const AkinFeatures *b)
{
  gsize n = a->n_frames;

  g_assert_cmpuint (a->n_frames, ==, b->n_frames);
  g_assert_cmpmem (a->mfcc, n * a->n_mfcc * sizeof (float), b->mfcc, n * b->n_mfcc * sizeof (float));
  g_assert_cmpmem (a->mfcc_mel128, n * 20 * sizeof (float), b->mfcc_mel128, n * 20 * sizeof (float));
  g_assert_cmpmem (a->mel_db, n * 256 * sizeof (float), b->mel_db, n * 256 * sizeof (float));
  g_assert_cmpmem (a->rolloff, n * sizeof (float), b->rolloff, n * sizeof (float));
  g_assert_cmpmem (a->onset_envelope, n * sizeof (float), b->onset_envelope, n * sizeof (float));
  g_assert_cmpfloat (a->descriptors.tempo_bpm, ==, b->descriptors.tempo_bpm);
  g_assert_cmpfloat (a->descriptors.rolloff_mean, ==, b->descriptors.rolloff_mean);
}

static void
test_chunking (void)
{
  /* The result does not depend on how the samples are pushed. */
  gsize n;
  g_autofree float *y = fixture_signal_make ("b_clicks_120bpm", &n);
  g_autoptr(AkinFeatures) whole = analyse (y, n, n);
  g_autoptr(AkinFeatures) small = analyse (y, n, 333);

  assert_same_features (whole, small);
}

typedef struct
{
  const float *y;
  gsize        n;
} Job;

static gpointer
analyse_in_thread (gpointer data)
{
  Job *job = data;

  return analyse (job->y, job->n, 2048);
}

static void
test_threads (void)
{
  /* Several analysers at once, each starting cold on the shared mel banks
   * and FFT plans (built lazily on first use), give identical results. */
  gsize n;
  g_autofree float *y = fixture_signal_make ("e_noise_xorshift", &n);
  Job job = { y, n / 4 };
  GThread *threads[4];
  AkinFeatures *results[4];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("analyse", analyse_in_thread, &job);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    results[i] = g_thread_join (threads[i]);
  for (guint i = 1; i < G_N_ELEMENTS (threads); i++)
    assert_same_features (results[0], results[i]);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    akin_features_unref (results[i]);
}

/* power_to_db's logarithm against log10 in double, over 1e-12…1e12 (values
 * below 1e-10 clamp to -100 dB) and at exact powers of ten: within half a
 * float ulp of the dB value plus the final float product's rounding. */
static void
test_power_to_db_accuracy (void)
{
  const gsize n = 200001;
  g_autofree float *x = g_new (float, n);
  g_autofree float *db = g_new (float, n);

  for (gsize i = 0; i < n; i++)
    x[i] = (float) pow (10.0, -12.0 + 24.0 * (double) i / (n - 1));
  memcpy (db, x, n * sizeof (float));
  /* top_db large enough that nothing is clipped. */
  akin_power_to_db (db, n, 1000.0f);

  for (gsize i = 0; i < n; i++)
    {
      double ref = 10.0 * log10 (MAX (1e-10, (double) MAX (1e-10f, x[i])));

      g_assert_cmpfloat (fabs (db[i] - ref), <=, 1.5e-7 * fabs (ref) + 1e-9);
    }
  for (int e = -10; e <= 10; e++)
    {
      float v = (float) pow (10.0, e);
      float out = v;

      akin_power_to_db (&out, 1, 1000.0f);
      g_assert_cmpfloat (fabs (out - 10.0 * log10 ((double) v)), <=, 1e-5);
    }
}

/* The pitch-shift matrix against the MFCC of the shifted envelope itself:
 * a smooth mel-dB envelope (two broad bumps, what 16 coefficients can
 * describe) is read at every band's centre divided by 2^(s/12); its MFCC
 * must be the matrix times the unshifted MFCC, far closer than the
 * unshifted MFCC are. 0 semitones give the identity. */
static double
envelope_db (double mel)
{
  return 20.0 * exp (-pow ((mel - 14.0) / 7.0, 2.0)) +
         12.0 * exp (-pow ((mel - 32.0) / 8.0, 2.0)) - 40.0;
}

static void
test_pitch_shift_matrix (void)
{
  const guint n = 256, q = 16;
  const AkinMelBank *bank = akin_mel_bank_get (n);
  float m[16 * 16], plain[16], shifted[16];
  float db[256], db_shifted[256];

  akin_mfcc_pitch_shift_matrix (n, q, 0.0, m);
  for (guint r = 0; r < q; r++)
    for (guint c = 0; c < q; c++)
      g_assert_cmpfloat_with_epsilon (m[r * q + c], r == c ? 1.0 : 0.0, 1e-6);

  for (double s = -2.0; s <= 2.0; s += 1.0)
    {
      double ratio = pow (2.0, s / 12.0), err = 0.0, moved = 0.0;

      if (s == 0.0)
        continue;
      for (guint b = 0; b < n; b++)
        {
          db[b] = (float) envelope_db (akin_hz_to_mel (bank->edges_hz[b + 1]));
          db_shifted[b] = (float) envelope_db (akin_hz_to_mel (bank->edges_hz[b + 1] / ratio));
        }
      akin_mfcc_compute (db, n, 1, q, plain);
      akin_mfcc_compute (db_shifted, n, 1, q, shifted);
      akin_mfcc_pitch_shift_matrix (n, q, s, m);
      for (guint r = 0; r < q; r++)
        {
          double predicted = 0.0;

          for (guint c = 0; c < q; c++)
            predicted += m[r * q + c] * plain[c];
          err += pow (predicted - shifted[r], 2.0);
          moved += pow (plain[r] - shifted[r], 2.0);
        }
      g_test_message ("%+.0f semitones: MFCC moved by %.3f, the matrix misses by %.3f", s,
                      sqrt (moved), sqrt (err));
      g_assert_cmpfloat (sqrt (moved), >, 5.0);
      g_assert_cmpfloat (sqrt (err), <, 0.1 * sqrt (moved));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/mfcc/threads", test_threads);
  g_test_add_func ("/mfcc/mel-bank", test_mel_bank);
  g_test_add_func ("/mfcc/chunking", test_chunking);
  fixture_add_tests ("/mfcc/fixture", test_fixture);
  g_test_add_func ("/mfcc/silence-floor", test_silence_floor);
  g_test_add_func ("/mfcc/power-to-db-accuracy", test_power_to_db_accuracy);
  g_test_add_func ("/mfcc/empty", test_empty);
  g_test_add_func ("/mfcc/slices", test_slices);
  g_test_add_func ("/mfcc/pitch-shift-matrix", test_pitch_shift_matrix);
  g_test_add_func ("/mfcc/slices-short-track", test_slices_short_track);

  return g_test_run ();
}
