/* test-frontend-stream.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A track longer than the front end's window streams with bounded state
 * and matches the whole-track computation: the same song analysed with a
 * small window (so the test stays short) and with a window larger than the
 * song.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "akin-features.h"
#include "akin-front-end.h"
#include "akin-front-end-private.h"
#include "fixture-signals.h"

#define WINDOW      1024                  /* frames, 23.8 s */
#define SECONDS     90.0                  /* 3876 frames: 15 slices */
#define COLUMN_CAP  (WINDOW / 4)
#define SLICE_CAP   (2 * (WINDOW / AKIN_SLICE_FRAMES))
#define WINDOW_SAMPLES ((gsize) (WINDOW - 1) * 512)

static const int chords[][4] = {
  { 45, 57, 60, 64 },   /* A minor */
  { 41, 57, 60, 65 },   /* F */
  { 48, 55, 60, 64 },   /* C */
  { 43, 55, 59, 62 },   /* G */
};

/* Chords under 120 BPM clicks; the part after the window scaled by
 * @tail_gain. */
static float *
make_song (float  tail_gain,
           gsize *n_samples)
{
  gsize n_clicks;
  g_autofree float *clicks = make_click_track (120.0, SECONDS, &n_clicks);
  gsize n = n_clicks;
  float *y = make_chords (chords, G_N_ELEMENTS (chords), FIXTURE_RATE * 2, n);

  for (gsize i = 0; i < n; i++)
    {
      y[i] = 0.6f * y[i] + 0.4f * clicks[i];
      if (i >= WINDOW_SAMPLES + 512)
        y[i] *= tail_gain;
    }
  *n_samples = n;
  return y;
}

static AkinFeatures *
analyse (const float *y,
         gsize        n,
         guint        window,
         guint       *peak_buffered)
{
  AkinFrontEndOptions opts;
  g_autoptr(AkinFrontEnd) fe = NULL;
  g_autoptr(GError) error = NULL;
  AkinFeatures *f;

  akin_front_end_options_init (&opts);
  opts.n_mfcc = 16;
  opts.n_mfcc_mel128 = 20;
  opts.keep_mel_db = TRUE;
  opts.timbre = TRUE;
  opts.window_frames = window;
  fe = akin_front_end_new (&opts);
  /* Uneven pieces, as a decoder delivers them. */
  for (gsize i = 0; i < n; i += 3001)
    akin_front_end_push (fe, y + i, MIN (3001, n - i));
  f = akin_front_end_finish (fe, &error);
  g_assert_no_error (error);
  *peak_buffered = _akin_front_end_get_peak_buffered_frames (fe);
  return f;
}

/* The mean over @streamed's columns of @exact's frames, row @r of a
 * [rows][n_frames] matrix. */
static double
column_mean (const float *exact,
             guint        n_frames,
             guint        r,
             guint        c,
             guint        column_frames)
{
  guint start = c * column_frames;
  guint end = MIN (start + column_frames, n_frames);
  double sum = 0.0;

  for (guint t = start; t < end; t++)
    sum += exact[(gsize) r * n_frames + t];
  return sum / (end - start);
}

static void
check_bounded (const AkinFeatures *s,
               guint               peak_buffered)
{
  g_assert_cmpuint (peak_buffered, ==, WINDOW);
  g_assert_cmpuint (s->n_columns, <=, COLUMN_CAP);
  g_assert_cmpuint (s->column_frames, >, 1);
  g_assert_cmpuint ((s->n_columns - 1) * s->column_frames, <, s->n_frames);
  g_assert_cmpuint (s->n_columns * s->column_frames, >=, s->n_frames);
  g_assert_nonnull (s->slices);
  g_assert_cmpuint (s->n_slices, <=, SLICE_CAP);
  g_assert_cmpuint (s->n_slices, >=, SLICE_CAP / 2);
  g_assert_cmpfloat (s->timbre->n_frames, <=, WINDOW / 4);
}

/* The loudest moment inside the window: every value the streaming path
 * computes equals the whole-track one; what it keeps is a bounded sample
 * of it. */
static void
test_peak_in_window (void)
{
  gsize n;
  g_autofree float *y = make_song (0.5f, &n);
  guint peak_exact, peak_stream;
  g_autoptr(AkinFeatures) e = analyse (y, n, 0, &peak_exact);
  g_autoptr(AkinFeatures) s = analyse (y, n, WINDOW, &peak_stream);
  g_autofree float *exact_slices = NULL;
  g_autofree float *stream_slices = NULL;
  guint n_exact_slices, n_stream_slices;
  double worst = 0.0;
  double divergence;

  g_assert_cmpuint (e->n_frames, ==, s->n_frames);
  g_assert_cmpuint (e->n_frames, >, 3 * WINDOW);
  g_assert_cmpuint (peak_exact, ==, e->n_frames);
  g_assert_cmpuint (e->n_columns, ==, e->n_frames);
  g_assert_null (e->slices);
  check_bounded (s, peak_stream);

  /* The dB range and the descriptors that are running sums or streamed
   * exactly: bit for bit. */
  g_assert_cmpfloat (s->mel_db_max, ==, e->mel_db_max);
  g_assert_cmpfloat (s->mel_db_floor, ==, e->mel_db_floor);
  g_assert_cmpuint (s->descriptors.tempo_lag, ==, e->descriptors.tempo_lag);
  g_assert_cmpfloat (s->descriptors.tempo_bpm, ==, e->descriptors.tempo_bpm);
  g_assert_cmpfloat (s->descriptors.rolloff_mean, ==, e->descriptors.rolloff_mean);
  g_assert_cmpfloat (s->descriptors.rolloff_mean_all, ==, e->descriptors.rolloff_mean_all);
  g_assert_cmpuint (s->descriptors.n_silent_frames, ==, e->descriptors.n_silent_frames);
  g_assert_cmpint (s->descriptors.key_tonic, ==, e->descriptors.key_tonic);
  g_assert_cmpint (s->descriptors.key_mode, ==, e->descriptors.key_mode);
  g_assert_cmpfloat (fabs (s->descriptors.tuning - e->descriptors.tuning), <=, 0.02);

  /* The kept slices are the whole-track slices at their indices. */
  exact_slices = akin_features_get_slices (e, 16, &n_exact_slices);
  stream_slices = akin_features_get_slices (s, 16, &n_stream_slices);
  g_assert_cmpuint (n_exact_slices, ==, akin_features_count_slices (e->n_frames));
  g_assert_cmpuint (n_stream_slices, ==, s->n_slices);
  g_assert_cmpuint (s->slice_stride, >, 1);
  for (guint k = 0; k < n_stream_slices; k++)
    {
      gsize size = (gsize) 16 * AKIN_SLICE_FRAMES;

      g_assert_cmpuint (k * s->slice_stride, <, n_exact_slices);
      g_assert_cmpmem (stream_slices + k * size, size * sizeof (float),
                       exact_slices + (gsize) k * s->slice_stride * size, size * sizeof (float));
    }
  g_assert_cmpuint (n_stream_slices, ==, (n_exact_slices + s->slice_stride - 1) / s->slice_stride);

  /* Display columns: the means of the whole-track frames they cover. */
  for (guint c = 0; c < s->n_columns; c++)
    {
      for (guint q = 0; q < 16; q++)
        {
          double want = column_mean (e->mfcc, e->n_frames, q, c, s->column_frames);
          double d = fabs (s->mfcc[(gsize) q * s->n_columns + c] - want);

          g_assert_cmpfloat (d, <=, 1e-3 + 1e-5 * fabs (want));
          worst = MAX (worst, d);
        }
      for (guint b = 0; b < 256; b += 5)
        {
          double want = column_mean (e->mel_db, e->n_frames, b, c, s->column_frames);

          g_assert_cmpfloat (fabs (s->mel_db[(gsize) b * s->n_columns + c] - want), <=, 1e-3);
        }
      g_assert_cmpfloat (fabs (s->onset_envelope[c] - column_mean (e->onset_envelope, e->n_frames,
                                                                   0, c, s->column_frames)),
                         <=, 1e-4);
      g_assert_cmpfloat (fabs (s->rolloff[c] - column_mean (e->rolloff, e->n_frames, 0, c,
                                                            s->column_frames)), <=, 1e-2);
    }

  /* The timbre model from a sample of the frames: close to the whole one. */
  divergence = akin_timbre_divergence (e->timbre, s->timbre, AKIN_TIMBRE_DIVERGENCE_DEFAULT);
  g_test_message ("%u frames, %u columns of %u, %u slices every %u, worst MFCC column %.2g, "
                  "timbre divergence %.4f from %.0f of %.0f frames",
                  s->n_frames, s->n_columns, s->column_frames, s->n_slices, s->slice_stride,
                  worst, divergence, s->timbre->n_frames, e->timbre->n_frames);
  g_assert_cmpfloat (divergence, <, 0.2);
}

/* A louder part after the window: the streamed clip floor is lower than the
 * whole track's before the peak arrives, so bands more than 80 dB below the
 * peak keep values the whole-track clip raises: never above the exact value,
 * never by more than the peak's rise. */
static void
test_peak_after_window (void)
{
  gsize n;
  g_autofree float *y = make_song (4.0f, &n);
  guint peak_exact, peak_stream;
  g_autoptr(AkinFeatures) e = analyse (y, n, 0, &peak_exact);
  g_autoptr(AkinFeatures) s = analyse (y, n, WINDOW, &peak_stream);
  float window_max = -G_MAXFLOAT;
  double rise;
  double largest = 0.0;

  check_bounded (s, peak_stream);
  for (guint b = 0; b < 256; b++)
    for (guint t = 0; t < WINDOW; t++)
      window_max = MAX (window_max, e->mel_db[(gsize) b * e->n_frames + t]);
  rise = e->mel_db_max - window_max;
  g_assert_cmpfloat (rise, >, 6.0);
  g_assert_cmpfloat (s->mel_db_max, ==, e->mel_db_max);
  g_assert_cmpfloat (s->mel_db_floor, ==, e->mel_db_floor);

  for (guint b = 0; b < 256; b++)
    for (guint c = 0; c < s->n_columns; c++)
      {
        double want = column_mean (e->mel_db, e->n_frames, b, c, s->column_frames);
        double d = want - s->mel_db[(gsize) b * s->n_columns + c];

        g_assert_cmpfloat (d, >=, -1e-3);
        g_assert_cmpfloat (d, <=, rise + 1e-3);
        largest = MAX (largest, d);
      }
  g_test_message ("peak rises %.1f dB after the window; largest column difference %.2f dB; "
                  "tempo %.3f vs %.3f BPM", rise, largest, s->descriptors.tempo_bpm,
                  e->descriptors.tempo_bpm);
  /* The difference exists (the test can see it) and stays local. */
  g_assert_cmpfloat (largest, >, 0.0);
  g_assert_cmpfloat (fabs (s->descriptors.tempo_bpm - e->descriptors.tempo_bpm), <=,
                     0.01 * e->descriptors.tempo_bpm);
  g_assert_cmpfloat (s->descriptors.rolloff_mean, ==, e->descriptors.rolloff_mean);
}

/* A track that exactly fills the window is computed whole. */
static void
test_within_window (void)
{
  gsize n;
  g_autofree float *y = make_song (1.0f, &n);
  guint peak;
  g_autoptr(AkinFeatures) f = analyse (y, WINDOW_SAMPLES, WINDOW, &peak);

  g_assert_cmpuint (f->n_frames, ==, WINDOW);
  g_assert_cmpuint (peak, ==, WINDOW);
  g_assert_cmpuint (f->n_columns, ==, WINDOW);
  g_assert_cmpuint (f->column_frames, ==, 1);
  g_assert_null (f->slices);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/frontend/stream/peak-in-window", test_peak_in_window);
  g_test_add_func ("/frontend/stream/peak-after-window", test_peak_after_window);
  g_test_add_func ("/frontend/stream/within-window", test_within_window);

  return g_test_run ();
}
