/* test-frontend-threads.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The front end with a thread of its own (AkinFrontEndOptions.threads = 2)
 * gives the same features and fingerprint, to the bit, as on one thread:
 * for a track that
 * fits the tonality's buffer (its chroma computed at the end, beside the
 * rest), one that outgrows it (the chroma tuning fixed during the pushes),
 * and one that outgrows the front end's window. The thread exists while
 * the track is pushed and is gone afterwards, and an analyser freed
 * half-way or finished without samples behaves as on one thread.
 */

#include "config.h"

#include <string.h>

#include "akin-error.h"
#include "akin-features.h"
#include "akin-fingerprint.h"
#include "akin-front-end.h"
#include "akin-tonality.h"
#include "fixture-signals.h"

static const int chords[][4] = {
  { 45, 57, 60, 64 },   /* A minor */
  { 41, 57, 60, 65 },   /* F */
  { 48, 55, 60, 64 },   /* C */
  { 43, 55, 59, 62 },   /* G */
};

/* Chords under 120 BPM clicks. */
static float *
make_song (double  seconds,
           gsize  *n_samples)
{
  gsize n;
  g_autofree float *clicks = make_click_track (120.0, seconds, &n);
  float *y = make_chords (chords, G_N_ELEMENTS (chords), FIXTURE_RATE * 2, n);

  for (gsize i = 0; i < n; i++)
    y[i] = 0.6f * y[i] + 0.4f * clicks[i];
  *n_samples = n;
  return y;
}

/* The threads of this process. */
static guint
count_threads (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static AkinFeatures *
analyse (const float *y,
         gsize        n,
         guint        threads,
         guint        window)
{
  AkinFrontEndOptions opts;
  g_autoptr(AkinFrontEnd) fe = NULL;
  g_autoptr(GError) error = NULL;
  guint before = count_threads ();
  AkinFeatures *f;

  akin_front_end_options_init (&opts);
  opts.n_mfcc = 16;
  opts.n_mfcc_mel128 = 20;
  opts.keep_mel_db = TRUE;
  opts.timbre = TRUE;
  opts.fingerprint = TRUE;
  opts.window_frames = window;
  opts.threads = threads;
  fe = akin_front_end_new (&opts);
  g_assert_cmpuint (count_threads (), ==, before + (threads >= 2 ? 1 : 0));
  /* Uneven pieces, as a decoder delivers them. */
  for (gsize i = 0; i < n; i += 2205)
    akin_front_end_push (fe, y + i, MIN (2205, n - i));
  f = akin_front_end_finish (fe, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f);
  g_assert_cmpuint (count_threads (), ==, before);
  return f;
}

static void
assert_same_floats (const float *a,
                    const float *b,
                    gsize        n)
{
  g_assert_true ((a == NULL) == (b == NULL));
  if (a != NULL)
    g_assert_cmpmem (a, n * sizeof (float), b, n * sizeof (float));
}

static void
assert_same_features (const AkinFeatures *a,
                      const AkinFeatures *b)
{
  guint cols = a->n_columns;

  g_assert_cmpuint (a->n_samples, ==, b->n_samples);
  g_assert_cmpuint (a->n_frames, ==, b->n_frames);
  g_assert_cmpuint (a->n_columns, ==, b->n_columns);
  g_assert_cmpuint (a->column_frames, ==, b->column_frames);
  assert_same_floats (a->mfcc, b->mfcc, (gsize) a->n_mfcc * cols);
  assert_same_floats (a->mfcc_mel128, b->mfcc_mel128, (gsize) a->n_mfcc_mel128 * cols);
  assert_same_floats (a->mel_db, b->mel_db, (gsize) 256 * cols);
  assert_same_floats (a->rolloff, b->rolloff, cols);
  assert_same_floats (a->onset_envelope, b->onset_envelope, cols);
  g_assert_cmpmem (&a->mel_db_max, sizeof (float), &b->mel_db_max, sizeof (float));
  g_assert_cmpmem (&a->mel_db_floor, sizeof (float), &b->mel_db_floor, sizeof (float));
  g_assert_cmpuint (a->n_slices, ==, b->n_slices);
  assert_same_floats (a->slices, b->slices, (gsize) a->n_slices * a->n_mfcc * AKIN_SLICE_FRAMES);
  g_assert_cmpmem (&a->descriptors, sizeof a->descriptors, &b->descriptors, sizeof b->descriptors);
  g_assert_nonnull (a->timbre);
  g_assert_nonnull (b->timbre);
  g_assert_cmpmem (a->timbre, sizeof *a->timbre, b->timbre, sizeof *b->timbre);
  g_assert_nonnull (a->fingerprint);
  g_assert_nonnull (b->fingerprint);
  g_assert_cmpmem (a->fingerprint->values, a->fingerprint->n_values * sizeof (guint32),
                   b->fingerprint->values, b->fingerprint->n_values * sizeof (guint32));
}

static void
check_same (double seconds,
            guint  window)
{
  gsize n;
  g_autofree float *y = make_song (seconds, &n);
  g_autoptr(AkinFeatures) one = analyse (y, n, 1, window);
  g_autoptr(AkinFeatures) two = analyse (y, n, 2, window);

  /* Something was measured: a key and a tempo near the clicks'. */
  g_assert_cmpint (one->descriptors.key_tonic, >=, 0);
  g_assert_cmpfloat (one->descriptors.tempo_bpm, >, 100.0);
  assert_same_features (one, two);
}

/* 40 s: the chroma of every frame waits for the end (the tonality's buffer
 * holds them all), where the second thread computes it. */
static void
test_short_track (void)
{
  check_same (40.0, 0);
}

/* 100 s: more frames than the tonality buffers, so the chroma tuning is
 * fixed and the buffer projected while samples are still coming. */
static void
test_long_track (void)
{
  g_assert_cmpuint (AKIN_TONALITY_DEFAULT_BUFFER_FRAMES, <, 100 * 22050 / 512);
  check_same (100.0, 0);
}

/* Past a small window: the streaming state of akin-front-end-stream.c is
 * filled on the second thread, and its last chunk on the pushing one. */
static void
test_past_window (void)
{
  check_same (60.0, 1024);
}

/* Freed half-way (a cancelled or failed decode): the thread ends. */
static void
test_abandoned (void)
{
  AkinFrontEndOptions opts;
  gsize n;
  g_autofree float *y = make_song (20.0, &n);
  guint before = count_threads ();
  AkinFrontEnd *fe;

  akin_front_end_options_init (&opts);
  opts.threads = 2;
  opts.fingerprint = TRUE;
  fe = akin_front_end_new (&opts);
  akin_front_end_push (fe, y, n / 2);
  g_assert_cmpuint (count_threads (), ==, before + 1);
  akin_front_end_free (fe);
  g_assert_cmpuint (count_threads (), ==, before);

  /* And without any sample at all. */
  fe = akin_front_end_new (&opts);
  akin_front_end_free (fe);
  g_assert_cmpuint (count_threads (), ==, before);
}

/* No sample: the same error as on one thread. */
static void
test_empty (void)
{
  AkinFrontEndOptions opts;
  g_autoptr(AkinFrontEnd) fe = NULL;
  g_autoptr(AkinFeatures) f = NULL;
  g_autoptr(GError) error = NULL;

  akin_front_end_options_init (&opts);
  opts.threads = 2;
  fe = akin_front_end_new (&opts);
  f = akin_front_end_finish (fe, &error);
  g_assert_error (error, AKIN_ERROR, AKIN_ERROR_EMPTY);
  g_assert_null (f);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/frontend/threads/short-track", test_short_track);
  g_test_add_func ("/frontend/threads/long-track", test_long_track);
  g_test_add_func ("/frontend/threads/past-window", test_past_window);
  g_test_add_func ("/frontend/threads/abandoned", test_abandoned);
  g_test_add_func ("/frontend/threads/empty", test_empty);

  return g_test_run ();
}
