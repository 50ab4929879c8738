/* bench-frontend.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Times the analysis front end:
 *
 *   bench-frontend [SECONDS | FILE.f32] [DECODE-MS-PER-AUDIO-SECOND] [RUNS]
 *
 * on SECONDS (default 60) of synthetic white noise, or on a raw file of
 * mono float32 samples at 22050 Hz, e.g. a song decoded with
 *
 *   gst-launch-1.0 -q filesrc location=song.ogg ! decodebin ! audioconvert !
 *     audioresample ! audio/x-raw,format=F32LE,channels=1,rate=22050 !
 *     filesink location=song.f32
 *
 * It prints the thread CPU time per second of audio of the whole front end
 * (from runs without a profile), and its split by stage (STFT; mel + MFCC;
 * roll-off; onset + tempo; tuning + chroma + key; per-frame and end-of-track
 * work together) from profiled runs, less the measured cost of the profile's
 * clock reads. Given the decode cost of the same song (CPU ms per audio
 * second, e.g. from `/usr/bin/time` or `perf stat` on the pipeline above
 * ending in fakesink), it also prints each figure as a fraction of it.
 * Each figure is the least over RUNS runs (default 3) of each kind.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "akin-front-end.h"
#include "akin-front-end-private.h"
#include "akin-stft.h"

static const char *const stage_names[AKIN_N_STAGES] = {
  [AKIN_STAGE_STFT] = "STFT",
  [AKIN_STAGE_MEL_MFCC] = "mel256 + dB + MFCC",
  [AKIN_STAGE_ROLLOFF] = "roll-off",
  [AKIN_STAGE_ONSET_TEMPO] = "mel128 + onset + tempo",
  [AKIN_STAGE_TONALITY] = "tuning + chroma + key",
};

typedef struct
{
  double total;
  double push;
  double finish;
  double stages[AKIN_N_STAGES];
} Timings;

static double
thread_cpu_time (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* The CPU time of one read of the thread CPU clock. */
static double
clock_read_cost (void)
{
  const int n = 20000;
  double best = G_MAXDOUBLE;

  for (int r = 0; r < 5; r++)
    {
      double t0 = thread_cpu_time ();
      double t1;

      for (int i = 0; i < n; i++)
        thread_cpu_time ();
      t1 = thread_cpu_time ();
      best = MIN (best, (t1 - t0) / (n + 1));
    }
  return best;
}

static float *
make_noise (gsize n)
{
  float *y = g_new (float, n);
  guint32 x = 2463534242u;

  for (gsize i = 0; i < n; i++)
    {
      x ^= x << 13;
      x ^= x >> 17;
      x ^= x << 5;
      y[i] = (float) (0.1 * (2.0 * (x / 4294967296.0) - 1.0));
    }
  return y;
}

/* One analysis of y; with @profiled, fills only the stages, less
 * @read_cost per clock read; otherwise only the totals. */
static AkinFeatures *
run_once (const float               *y,
          gsize                      n,
          const AkinFrontEndOptions *opts,
          gboolean                   profiled,
          double                     read_cost,
          Timings                   *timings,
          GError                   **error)
{
  g_autoptr(AkinFrontEnd) fe = NULL;
  AkinFrontEndProfile profile = { { 0 } };
  AkinFeatures *f;
  double t0, t1, t2;

  t0 = thread_cpu_time ();
  fe = akin_front_end_new (opts);
  if (profiled)
    _akin_front_end_set_profile (fe, &profile);
  for (gsize done = 0; done < n; done += 4096)
    akin_front_end_push (fe, y + done, MIN (4096, n - done));
  t1 = thread_cpu_time ();
  f = akin_front_end_finish (fe, error);
  t2 = thread_cpu_time ();

  if (profiled)
    for (int s = 0; s < AKIN_N_STAGES; s++)
      timings->stages[s] = MAX (0.0, profile.seconds[s] - profile.marks[s] * read_cost);
  else
    {
      timings->total = t2 - t0;
      timings->push = t1 - t0;
      timings->finish = t2 - t1;
    }
  return f;
}

static void
print_line (const char *name,
            double      seconds_cpu,
            double      audio_seconds,
            double      decode_ms)
{
  double ms = seconds_cpu * 1000.0 / audio_seconds;

  if (decode_ms > 0.0)
    printf ("  %-26s %7.3f ms/s  %5.3f× decode\n", name, ms, ms / decode_ms);
  else
    printf ("  %-26s %7.3f ms/s\n", name, ms);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree float *y = NULL;
  g_autoptr(AkinFeatures) f = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  AkinFrontEndOptions opts;
  const char *what = argc > 1 ? argv[1] : "60";
  double decode_ms = argc > 2 ? g_ascii_strtod (argv[2], NULL) : 0.0;
  int runs = argc > 3 ? MAX (1, atoi (argv[3])) : 3;
  double read_cost, seconds, sum = 0.0;
  Timings best, timings;
  gsize n;

  if (g_file_test (what, G_FILE_TEST_IS_REGULAR))
    {
      gchar *contents;
      gsize length;

      if (!g_file_get_contents (what, &contents, &length, &error))
        {
          g_printerr ("%s\n", error->message);
          return EXIT_FAILURE;
        }
      n = length / sizeof (float);
      y = (float *) (gpointer) contents;
    }
  else
    {
      n = (gsize) (g_ascii_strtod (what, NULL) * AKIN_SAMPLE_RATE);
      y = make_noise (n);
    }
  if (n == 0)
    return EXIT_FAILURE;
  seconds = (double) n / AKIN_SAMPLE_RATE;

  akin_front_end_options_init (&opts);
  opts.n_mfcc = 16;
  opts.expected_samples = n;

  /* Build the shared tables and plans outside the timed region: ten
   * seconds of noise reach every stage, the tempo's FFT plans included. */
  {
    g_autofree float *warm = make_noise (10 * AKIN_SAMPLE_RATE);
    g_autoptr(AkinFrontEnd) fe = akin_front_end_new (&opts);
    g_autoptr(AkinFeatures) warm_features = NULL;

    akin_front_end_push (fe, warm, 10 * AKIN_SAMPLE_RATE);
    warm_features = akin_front_end_finish (fe, NULL);
  }
  read_cost = clock_read_cost ();

  f = run_once (y, n, &opts, FALSE, read_cost, &best, &error);
  if (f == NULL)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  for (int s = 0; s < AKIN_N_STAGES; s++)
    best.stages[s] = G_MAXDOUBLE;
  for (int r = 0; r < 2 * runs - 1; r++)
    {
      gboolean profiled = r % 2 == 0;
      g_autoptr(AkinFeatures) again = run_once (y, n, &opts, profiled, read_cost, &timings, NULL);

      if (profiled)
        for (int s = 0; s < AKIN_N_STAGES; s++)
          best.stages[s] = MIN (best.stages[s], timings.stages[s]);
      else
        {
          best.total = MIN (best.total, timings.total);
          best.push = MIN (best.push, timings.push);
          best.finish = MIN (best.finish, timings.finish);
        }
    }

  key = akin_descriptors_dup_key_signature (&f->descriptors);
  printf ("%.1f s of audio, %u frames; tempo %.4f BPM, roll-off %.4f Hz, tuning %.2f, "
          "chroma tuning %.2f, key %s\nchroma sums:",
          seconds, f->n_frames, f->descriptors.tempo_bpm, f->descriptors.rolloff_mean,
          f->descriptors.tuning, f->descriptors.chroma_tuning, key);
  for (int c = 0; c < 12; c++)
    printf (" %.9g", f->descriptors.chroma_sums[c]);
  printf ("\n");

  printf ("thread CPU time per second of audio, least of %d run%s:\n", runs, runs > 1 ? "s" : "");
  print_line ("front end, total", best.total, seconds, decode_ms);
  print_line ("  per frame (push)", best.push, seconds, decode_ms);
  print_line ("  end of track (finish)", best.finish, seconds, decode_ms);
  printf ("by stage (profiled runs, less %.2f µs per clock read):\n", read_cost * 1e6);
  for (int s = 0; s < AKIN_N_STAGES; s++)
    {
      print_line (stage_names[s], best.stages[s], seconds, decode_ms);
      sum += best.stages[s];
    }
  print_line ("sum of the stages", sum, seconds, decode_ms);

  return EXIT_SUCCESS;
}
