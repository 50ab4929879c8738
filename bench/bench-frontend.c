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
 * It prints the thread CPU time per second of audio of the whole front end,
 * and the split by stage (STFT; mel + MFCC; roll-off; onset + tempo;
 * tuning + chroma + key; per-frame and end-of-track work together) from a
 * second, profiled run, whose clock marks cost about 1 % more. With the decode cost of the same song (CPU ms per audio second,
 * measured e.g. with `perf stat` on the pipeline above ending in fakesink),
 * it also prints each figure as a fraction of the decode time. With RUNS
 * (default 3) each analysis is repeated and each figure is the least over
 * the runs, which filters out the time other processes take from a shared
 * machine (the stage split is wall time of the analysing thread).
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "akin-frontend.h"
#include "akin-frontend-private.h"
#include "akin-stft.h"

static double
thread_cpu_time (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
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

typedef struct
{
  double              total;
  double              push;
  double              finish;
  AkinFrontEndProfile stages;
} Timings;

static AkinFeatures *
run_once (const float               *y,
          gsize                      n,
          const AkinFrontEndOptions *opts,
          gboolean                   profiled,
          Timings                   *timings,
          GError                   **error)
{
  g_autoptr(AkinFrontEnd) fe = NULL;
  AkinFeatures *f;
  double t0, t1, t2;

  memset (timings, 0, sizeof *timings);
  t0 = thread_cpu_time ();
  fe = akin_front_end_new (opts);
  if (profiled)
    _akin_front_end_set_profile (fe, &timings->stages);
  for (gsize done = 0; done < n; done += 4096)
    akin_front_end_push (fe, y + done, MIN (4096, n - done));
  t1 = thread_cpu_time ();
  f = akin_front_end_finish (fe, error);
  t2 = thread_cpu_time ();

  timings->total = t2 - t0;
  timings->push = t1 - t0;
  timings->finish = t2 - t1;
  return f;
}

static void
keep_least (double *best,
            double  value)
{
  *best = MIN (*best, value);
}

static void
print_stage (const char *name,
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
  g_autoptr(AkinFrontEnd) fe = NULL;
  g_autoptr(AkinFeatures) f = NULL;
  g_autoptr(GError) error = NULL;
  AkinFrontEndProfile *best_stages;
  AkinFrontEndOptions opts;
  const char *what = argc > 1 ? argv[1] : "60";
  double decode_ms = argc > 2 ? g_ascii_strtod (argv[2], NULL) : 0.0;
  int runs = argc > 3 ? MAX (1, atoi (argv[3])) : 3;
  g_autofree char *key = NULL;
  Timings best, timings;
  double seconds, stages;
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
    g_autoptr(AkinFeatures) warm_features = NULL;

    fe = akin_front_end_new (&opts);
    akin_front_end_push (fe, warm, 10 * AKIN_SAMPLE_RATE);
    warm_features = akin_front_end_finish (fe, NULL);
    g_clear_pointer (&fe, akin_front_end_free);
  }

  f = run_once (y, n, &opts, FALSE, &best, &error);
  if (f == NULL)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  best_stages = &best.stages;
  for (int r = 0; r < 2 * runs - 1; r++)
    {
      gboolean profiled = r % 2 == 0;
      g_autoptr(AkinFeatures) again = run_once (y, n, &opts, profiled, &timings, NULL);

      if (profiled)
        {
          AkinFrontEndProfile *st = &timings.stages;

          if (r == 0)
            *best_stages = *st;
          keep_least (&best_stages->stft, st->stft);
          keep_least (&best_stages->mel_mfcc, st->mel_mfcc);
          keep_least (&best_stages->rolloff, st->rolloff);
          keep_least (&best_stages->onset_tempo, st->onset_tempo);
          keep_least (&best_stages->tonality, st->tonality);
        }
      else
        {
          keep_least (&best.total, timings.total);
          keep_least (&best.push, timings.push);
          keep_least (&best.finish, timings.finish);
        }
    }

  stages = best_stages->stft + best_stages->mel_mfcc + best_stages->rolloff +
           best_stages->onset_tempo + best_stages->tonality;
  key = akin_descriptors_dup_key_signature (&f->descriptors);
  printf ("%.1f s of audio, %u frames; tempo %.4f BPM, roll-off %.4f Hz, tuning %.2f, "
          "chroma tuning %.2f, key %s\nchroma sums:",
          seconds, f->n_frames, f->descriptors.tempo_bpm, f->descriptors.rolloff_mean,
          f->descriptors.tuning, f->descriptors.chroma_tuning, key);
  for (int c = 0; c < 12; c++)
    printf (" %.9g", f->descriptors.chroma_sums[c]);
  printf ("\n");
  printf ("thread CPU time per second of audio%s:\n",
          runs > 1 ? ", least of the runs" : "");
  print_stage ("front end, total", best.total, seconds, decode_ms);
  print_stage ("  per frame (push)", best.push, seconds, decode_ms);
  print_stage ("  end of track (finish)", best.finish, seconds, decode_ms);
  printf ("by stage (profiled run, thread wall time):\n");
  print_stage ("STFT", best_stages->stft, seconds, decode_ms);
  print_stage ("mel256 + dB + MFCC", best_stages->mel_mfcc, seconds, decode_ms);
  print_stage ("roll-off", best_stages->rolloff, seconds, decode_ms);
  print_stage ("mel128 + onset + tempo", best_stages->onset_tempo, seconds, decode_ms);
  print_stage ("tuning + chroma + key", best_stages->tonality, seconds, decode_ms);
  print_stage ("sum of the stages", stages, seconds, decode_ms);

  return EXIT_SUCCESS;
}
