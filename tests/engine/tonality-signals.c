/* tonality-signals.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The reference signals of the fixtures, regenerated from their closed-form
 * recipes: every sample in double with the C library's sin/exp/pow, the phase
 * formed as ((2π·f)·n)/22050 in double, one cast to float at the end.
 */

#include "config.h"

#include <math.h>

#include "tonality-signals.h"

double
midi_hz (int p)
{
  return 440.0 * pow (2.0, (p - 69) / 12.0);
}

double
sine (double freq,
      gsize  n)
{
  return sin (((2.0 * G_PI) * freq) * (double) n / 22050.0);
}

/* Chords of a bass note (amplitude 0.15) and three notes (0.2 each), each
 * held for @segment samples with 20 ms linear fades; the phase runs on. */
float *
make_chords (const int (*chords)[4],
             guint     n_chords,
             gsize     segment,
             gsize     n)
{
  float *y = g_new (float, n);

  for (gsize i = 0; i < n; i++)
    {
      gsize j = i / segment;
      double m = (double) (i - j * segment);
      const int *chord = chords[j % n_chords];
      double x = 0.15 * sine (midi_hz (chord[0]), i);
      double g;

      for (int t = 1; t < 4; t++)
        x = x + 0.2 * sine (midi_hz (chord[t]), i);
      g = MIN (1.0, MIN (m / 441.0, ((double) segment - m) / 441.0));
      y[i] = (float) (g * x);
    }

  return y;
}

float *
make_fixture_signal (const char *name,
                     gsize       n)
{
  static const int a_minor[4][4] = {
    { 45, 57, 60, 64 }, { 50, 62, 65, 69 }, { 40, 52, 56, 59 }, { 45, 57, 60, 64 }
  };
  static const int c_major[4][4] = {
    { 48, 60, 64, 67 }, { 41, 65, 69, 72 }, { 43, 55, 59, 62 }, { 48, 60, 64, 67 }
  };
  float *y;

  if (g_str_equal (name, "c_a_minor_prog"))
    return make_chords (a_minor, 4, 44100, n);
  if (g_str_equal (name, "d_c_major_prog"))
    return make_chords (c_major, 4, 44100, n);

  y = g_new0 (float, n);
  if (g_str_equal (name, "a_tone_440_880"))
    {
      for (gsize i = 0; i < n; i++)
        y[i] = (float) (0.5 * sine (440.0, i) + 0.25 * sine (880.0, i));
    }
  else if (g_str_equal (name, "b_clicks_120bpm"))
    {
      for (gsize k = 0; k < 32; k++)
        for (gsize m = 0; m <= 220 && 11025 * k + m < n; m++)
          y[11025 * k + m] = (float) ((0.8 * exp (-(double) m / 55.125)) * sine (1000.0, m));
    }
  else if (g_str_equal (name, "e_noise_xorshift"))
    {
      guint32 x = 2463534242u;

      for (gsize i = 0; i < n; i++)
        {
          x ^= x << 13;
          x ^= x >> 17;
          x ^= x << 5;
          y[i] = (float) (0.1 * (2.0 * (x / 4294967296.0) - 1.0));
        }
    }
  else if (g_str_equal (name, "f_tone_446"))
    {
      for (gsize i = 0; i < n; i++)
        y[i] = (float) (0.5 * sine (446.0, i));
    }
  else
    {
      g_assert_cmpstr (name, ==, "g_silence");
    }

  return y;
}
