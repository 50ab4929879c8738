/* bench-frontend.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Times the analysis front end on synthetic white noise:
 *
 *   bench-frontend [SECONDS]    (default 60)
 *
 * and prints the cost per second of audio for the whole front end (STFT,
 * mel, roll-off, tonality, dB, MFCC, onset, tempo) and for the whole-track
 * step at the end alone.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "akin-frontend.h"
#include "akin-stft.h"

int
main (int   argc,
      char *argv[])
{
  double seconds = argc > 1 ? g_ascii_strtod (argv[1], NULL) : 60.0;
  gsize n = (gsize) (seconds * AKIN_SAMPLE_RATE);
  g_autofree float *y = g_new (float, n);
  g_autoptr(AkinFrontEnd) fe = NULL;
  g_autoptr(AkinFeatures) f = NULL;
  g_autoptr(GError) error = NULL;
  AkinFrontEndOptions opts;
  guint32 x = 2463534242u;
  gint64 t0, t1, t2;

  if (n == 0)
    return EXIT_FAILURE;

  for (gsize i = 0; i < n; i++)
    {
      x ^= x << 13;
      x ^= x >> 17;
      x ^= x << 5;
      y[i] = (float) (0.1 * (2.0 * (x / 4294967296.0) - 1.0));
    }

  akin_front_end_options_init (&opts);
  opts.n_mfcc = 16;
  opts.expected_samples = n;

  /* Build the shared tables and plans outside the timed region. */
  fe = akin_front_end_new (&opts);
  akin_front_end_push (fe, y, MIN (n, 4096));
  g_clear_pointer (&fe, akin_front_end_free);

  t0 = g_get_monotonic_time ();
  fe = akin_front_end_new (&opts);
  for (gsize done = 0; done < n; done += 4096)
    akin_front_end_push (fe, y + done, MIN (4096, n - done));
  t1 = g_get_monotonic_time ();
  f = akin_front_end_finish (fe, &error);
  t2 = g_get_monotonic_time ();

  if (f == NULL)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }

  printf ("%.0f s of audio, %u frames: %.3f ms per audio second "
          "(per-frame %.3f, end of track %.3f); tempo %.2f BPM\n",
          seconds, f->n_frames, (t2 - t0) / 1000.0 / seconds,
          (t1 - t0) / 1000.0 / seconds, (t2 - t1) / 1000.0 / seconds,
          f->descriptors.tempo_bpm);

  return EXIT_SUCCESS;
}
