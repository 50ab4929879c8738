/* test-stft.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "akin-stft.h"

typedef struct
{
  guint    n_frames;
  GArray  *power;      /* all frames, AKIN_N_BINS each */
} Collected;

static void
collect_frame (guint        frame,
               const float *power,
               const float *magnitude,
               gpointer     user_data)
{
  Collected *c = user_data;

  g_assert_cmpuint (frame, ==, c->n_frames);
  for (guint k = 0; k < AKIN_N_BINS; k++)
    g_assert_cmpfloat_with_epsilon (power[k], magnitude[k] * magnitude[k],
                                    1e-6 * (1.0 + power[k]));
  g_array_append_vals (c->power, power, AKIN_N_BINS);
  c->n_frames++;
}

static float *
make_tone (gsize  n,
           double freq)
{
  float *y = g_new (float, n);

  for (gsize i = 0; i < n; i++)
    y[i] = (float) (0.5 * sin (((2.0 * G_PI) * freq) * (double) i / 22050.0));
  return y;
}

static void
run_stft (const float *y,
          gsize        n,
          gsize        chunk,
          Collected   *c)
{
  g_autoptr(AkinStft) stft = akin_stft_new (collect_frame, c);

  c->n_frames = 0;
  c->power = g_array_new (FALSE, FALSE, sizeof (float));
  for (gsize done = 0; done < n; done += chunk)
    akin_stft_push (stft, y + done, MIN (chunk, n - done));
  akin_stft_finish (stft);
  g_assert_cmpuint (akin_stft_get_n_frames (stft), ==, c->n_frames);
  g_assert_cmpuint (akin_stft_get_n_samples (stft), ==, n);
}

static void
test_frame_count (void)
{
  /* T = 1 + floor(N / 512) for the centred STFT, including the edge cases. */
  const gsize lengths[] = { 0, 1, 511, 512, 513, 2047, 2048, 22050, 220500 };

  for (guint i = 0; i < G_N_ELEMENTS (lengths); i++)
    {
      g_autofree float *y = make_tone (lengths[i], 440.0);
      Collected c;

      run_stft (y, lengths[i], 1000, &c);
      g_assert_cmpuint (c.n_frames, ==, 1 + lengths[i] / 512);
      g_assert_cmpuint (c.n_frames, ==, akin_stft_frames_for_samples (lengths[i]));
      g_array_unref (c.power);
    }
}

static void
test_window_periodic (void)
{
  const float *w = akin_stft_get_window ();

  /* Periodic Hann: w[0] = 0, w[N/2] = 1 and symmetric around N/2. */
  g_assert_cmpfloat (w[0], ==, 0.0f);
  g_assert_cmpfloat_with_epsilon (w[1024], 1.0f, 1e-7);
  g_assert_cmpfloat_with_epsilon (w[512], 0.5f, 1e-7);
  g_assert_cmpfloat_with_epsilon (w[1], w[2047], 1e-7);
  g_assert_cmpfloat_with_epsilon (w[1], 0.5 - 0.5 * cos (2.0 * G_PI / 2048.0), 1e-9);
}

/* Chunking must not change a single bit of the output. */
static void
test_chunking_invariant (void)
{
  const gsize n = 50000;
  g_autofree float *y = make_tone (n, 1234.5);
  const gsize chunks[] = { 1, 37, 512, 4096, 50000 };
  Collected ref;

  run_stft (y, n, 333, &ref);
  for (guint i = 0; i < G_N_ELEMENTS (chunks); i++)
    {
      Collected c;

      run_stft (y, n, chunks[i], &c);
      g_assert_cmpuint (c.n_frames, ==, ref.n_frames);
      g_assert_cmpmem (c.power->data, c.power->len * sizeof (float),
                       ref.power->data, ref.power->len * sizeof (float));
      g_array_unref (c.power);
    }
  g_array_unref (ref.power);
}

/* Frame t against a direct double-precision DFT of the centred, zero-padded,
 * Hann-windowed signal: the first frames, frames after the internal buffer
 * has wrapped around several times (it holds 16384 samples), and the last,
 * which reaches into the end padding. */
static void
test_against_direct_dft (void)
{
  const gsize n = 60000;
  g_autofree float *y = g_new (float, n);
  const guint frames[] = { 0, 1, 5, 11, 40, 57, 116, 117 };
  Collected c;

  for (gsize i = 0; i < n; i++)
    y[i] = (float) (0.3 * sin (2.0 * G_PI * 440.0 * i / 22050.0) +
                    0.2 * sin (2.0 * G_PI * 3000.0 * i / 22050.0 + 0.4) +
                    0.01 * (double) ((i * 7919) % 101) / 101.0);

  run_stft (y, n, 700, &c);
  g_assert_cmpuint (c.n_frames, ==, 1 + n / 512);

  for (guint f = 0; f < G_N_ELEMENTS (frames); f++)
    {
      guint t = frames[f];
      const float *power = &g_array_index (c.power, float, t * AKIN_N_BINS);
      double max_power = 0;

      for (guint k = 0; k < AKIN_N_BINS; k++)
        max_power = MAX (max_power, power[k]);

      for (guint k = 0; k < AKIN_N_BINS; k += 7)
        {
          double re = 0, im = 0;

          for (guint j = 0; j < AKIN_N_FFT; j++)
            {
              gint64 idx = (gint64) t * 512 + j - 1024;
              double x = (idx >= 0 && idx < (gint64) n) ? y[idx] : 0.0;
              double w = 0.5 - 0.5 * cos (2.0 * G_PI * j / 2048.0);

              re += w * x * cos (2.0 * G_PI * j * k / 2048.0);
              im -= w * x * sin (2.0 * G_PI * j * k / 2048.0);
            }
          g_assert_cmpfloat_with_epsilon (power[k], re * re + im * im,
                                          1e-5 * max_power + 1e-4 * (re * re + im * im));
        }
    }
  g_array_unref (c.power);
}

static void
test_tone_peak (void)
{
  const gsize n = 22050;
  g_autofree float *y = make_tone (n, 1000.0);
  Collected c;
  const float *power;
  guint argmax = 0;

  run_stft (y, n, n, &c);
  power = &g_array_index (c.power, float, 20 * AKIN_N_BINS);
  for (guint k = 1; k < AKIN_N_BINS; k++)
    if (power[k] > power[argmax])
      argmax = k;
  /* 1000 Hz lies at bin 1000 * 2048 / 22050 = 92.88. */
  g_assert_cmpuint (argmax, ==, 93);
  g_array_unref (c.power);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/stft/frame-count", test_frame_count);
  g_test_add_func ("/stft/window-periodic", test_window_periodic);
  g_test_add_func ("/stft/chunking-invariant", test_chunking_invariant);
  g_test_add_func ("/stft/direct-dft", test_against_direct_dft);
  g_test_add_func ("/stft/tone-peak", test_tone_peak);

  return g_test_run ();
}
