/* akin-mel.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Slaney mel filter banks, built once per size and applied sparsely: each
 * triangle only covers a few FFT bins (the widest 256-band filter spans
 * about 27 of the 1025, and no bin falls in more than two filters), so
 * storing each band's non-zero run makes the product over 100 times cheaper
 * than the dense 256 × 1025 one.
 *
 * Threads: banks are built once (g_once) and read-only afterwards, so every
 * function here may be called from any thread.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "akin-mel.h"
#include "akin-stft.h"

typedef double v2d __attribute__ ((vector_size (16)));
typedef double v4d __attribute__ ((vector_size (32)));
typedef float v4sf __attribute__ ((vector_size (16)));

#define F_SP        (200.0 / 3.0)
#define MIN_LOG_HZ  1000.0
#define MIN_LOG_MEL (MIN_LOG_HZ / F_SP)
#define LOG_STEP    (log (6.4) / 27.0)

/**
 * akin_hz_to_mel:
 * @hz: a frequency in Hz
 *
 * Returns: the Slaney mel value: linear below 1 kHz, logarithmic above.
 */
double
akin_hz_to_mel (double hz)
{
  if (hz >= MIN_LOG_HZ)
    return MIN_LOG_MEL + log (hz / MIN_LOG_HZ) / LOG_STEP;
  return hz / F_SP;
}

/**
 * akin_mel_to_hz:
 * @mel: a Slaney mel value
 *
 * Returns: the frequency in Hz, the inverse of akin_hz_to_mel().
 */
double
akin_mel_to_hz (double mel)
{
  if (mel >= MIN_LOG_MEL)
    return MIN_LOG_HZ * exp (LOG_STEP * (mel - MIN_LOG_MEL));
  return F_SP * mel;
}

static AkinMelBank *
build_bank (guint n_bands)
{
  AkinMelBank *bank = g_new0 (AkinMelBank, 1);
  double *edges = g_new (double, n_bands + 2);
  guint *first = g_new0 (guint, n_bands);
  guint *length = g_new0 (guint, n_bands);
  guint *offset = g_new0 (guint, n_bands);
  GArray *weights = g_array_new (FALSE, FALSE, sizeof (float));
  guint *pair_offset;
  guint n_pairs = 0;
  double *pairs;
  double max_mel = akin_hz_to_mel (AKIN_SAMPLE_RATE / 2.0);

  for (guint i = 0; i < n_bands + 2; i++)
    edges[i] = akin_mel_to_hz (max_mel * i / (n_bands + 1));

  for (guint b = 0; b < n_bands; b++)
    {
      double lower_width = edges[b + 1] - edges[b];
      double upper_width = edges[b + 2] - edges[b + 1];
      double enorm = 2.0 / (edges[b + 2] - edges[b]);
      gboolean started = FALSE;

      offset[b] = weights->len;
      for (guint k = 0; k < AKIN_N_BINS; k++)
        {
          /* librosa's fft_frequencies: linspace(0, sr/2, 1025). */
          double f = (double) AKIN_SAMPLE_RATE / 2.0 * k / (AKIN_N_BINS - 1);
          double lower = (f - edges[b]) / lower_width;
          double upper = (edges[b + 2] - f) / upper_width;
          float w = (float) (MAX (0.0, MIN (lower, upper)) * enorm);

          if (w > 0.0f)
            {
              if (!started)
                first[b] = k;
              started = TRUE;
              g_assert (first[b] + length[b] == k);
              g_array_append_val (weights, w);
              length[b]++;
            }
          else if (started)
            break;
        }
      /* With sr 22050 and n_fft 2048, neither size has an empty filter. */
      g_assert (length[b] > 0);
    }

  pair_offset = g_new (guint, n_bands);
  for (guint b = 0; b < n_bands; b++)
    {
      pair_offset[b] = n_pairs;
      n_pairs += (length[b] + 1) / 2;
    }
  pairs = g_aligned_alloc0 (n_pairs, 2 * sizeof (double), 16);
  for (guint b = 0; b < n_bands; b++)
    for (guint i = 0; i < length[b]; i++)
      pairs[2 * pair_offset[b] + i] = g_array_index (weights, float, offset[b] + i);

  bank->n_bands = n_bands;
  bank->edges_hz = edges;
  bank->pairs = pairs;
  bank->pair_offset = pair_offset;
  bank->first = first;
  bank->length = length;
  bank->offset = offset;
  bank->weights = (float *) (gpointer) g_array_free (weights, FALSE);

  return bank;
}

/**
 * akin_mel_bank_get:
 * @n_bands: 256 or 128
 *
 * Returns the shared bank of that size, building it on first use. Any thread
 * may call this.
 *
 * Returns: (transfer none): the bank, valid for the life of the process
 */
const AkinMelBank *
akin_mel_bank_get (guint n_bands)
{
  static AkinMelBank *bank256;
  static AkinMelBank *bank128;
  AkinMelBank **slot;

  g_return_val_if_fail (n_bands == 256 || n_bands == 128, NULL);

  slot = n_bands == 256 ? &bank256 : &bank128;
  if (g_once_init_enter (slot))
    g_once_init_leave (slot, build_bank (n_bands));

  return *slot;
}

/**
 * akin_mel_bank_apply:
 * @bank: a bank
 * @power: %AKIN_N_BINS power values of one frame
 * @out: (out caller-allocates): @bank->n_bands mel power values
 *
 * Computes out = W · power for one frame. Accumulates in double and rounds
 * once, which is closer to the exact product than librosa's float32 matrix
 * product (the difference is far inside the fixture tolerances). Two bins
 * at a time: even and odd bins go to separate lanes, summed at the end.
 */
void
akin_mel_bank_apply (const AkinMelBank *bank,
                     const float       *power,
                     float             *out)
{
  double p[AKIN_N_BINS + 1];

  guint k;

  /* Two conversions per instruction (cvtps2pd); the extra zero lets a band
   * that ends at the last bin read a full pair. */
  for (k = 0; k + 4 <= AKIN_N_BINS; k += 4)
    {
      v4sf f;
      v4d d;

      memcpy (&f, power + k, sizeof f);
      d = __builtin_convertvector (f, v4d);
      memcpy (p + k, &d, sizeof d);
    }
  for (; k < AKIN_N_BINS; k++)
    p[k] = power[k];
  p[AKIN_N_BINS] = 0.0;

  for (guint b = 0; b < bank->n_bands; b++)
    {
      const v2d *w = (const v2d *) (gconstpointer) bank->pairs + bank->pair_offset[b];
      const double *x = p + bank->first[b];
      guint n_pairs = (bank->length[b] + 1) / 2;
      v2d acc = { 0.0, 0.0 };

      for (guint i = 0; i < n_pairs; i++)
        {
          v2d v;

          memcpy (&v, x + 2 * i, sizeof v);
          acc += w[i] * v;
        }
      out[b] = (float) (acc[0] + acc[1]);
    }
}
