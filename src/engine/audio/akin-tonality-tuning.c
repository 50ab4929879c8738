/* akin-tonality-tuning.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tuning of a set of STFT frames and the chroma filter bank for a
 * tuning, with librosa 0.9.2's definitions (see akin-tonality.c, which
 * feeds them):
 *
 *  - peaks: piptrack keeps the local maxima above 0.1 × the frame maximum
 *    between 150 and 4000 Hz, refined by parabolic interpolation. Each is
 *    stored as its magnitude and the histogram bin of its pitch residual
 *    (5 bytes), so a whole track's peaks fit in memory;
 *
 *  - tuning: estimate_tuning()'s 100-bin histogram of the residuals of the
 *    peaks whose magnitude reaches their median; the left edge of the
 *    fullest bin is the answer;
 *
 *  - chroma bank: filters.chroma()'s 12 × 1025 weights for one of the 100
 *    tuning bins, built once per bin and shared.
 *
 * Float32 steps are kept in float32 where librosa computes in float32
 * (piptrack, the residuals), because the histogram bins and the median
 * threshold are sensitive to the last bit.
 */

#include "config.h"

#include <float.h>
#include <math.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "akin-median.h"
#include "akin-stft.h"
#include "akin-tonality-private.h"

#define N_TUNING_BINS 100
#define ZERO_TUNING_BIN 50          /* left edge 0.0: the answer when no peak exists */
#define PIPTRACK_K_MIN 14           /* first bin with f >= 150 Hz */
#define PIPTRACK_K_MAX 371          /* last bin with f < 4000 Hz */

void
_akin_peak_set_init (AkinPeakSet *set)
{
  set->mags = g_array_new (FALSE, FALSE, sizeof (float));
  set->bins = g_array_new (FALSE, FALSE, sizeof (guint8));
}

void
_akin_peak_set_clear (AkinPeakSet *set)
{
  g_clear_pointer (&set->mags, g_array_unref);
  g_clear_pointer (&set->bins, g_array_unref);
}

/* np.linspace(-0.5, 0.5, 101)[i]: arange × step, then + start, last = stop. */
static double
tuning_edge (int i)
{
  g_assert (i >= 0 && i <= N_TUNING_BINS);
  if (i == N_TUNING_BINS)
    return 0.5;
  return (double) i * (1.0 / N_TUNING_BINS) + -0.5;
}

/* np.histogram with explicit edges: bin i holds e_i <= r < e_{i+1}, the last
 * bin is closed; the comparison is in double. -1 when r falls outside. */
static int
residual_bin (float residual)
{
  double r = residual;
  int i;

  if (!(r >= -0.5 && r <= 0.5))
    return -1;

  i = CLAMP ((int) floor ((r + 0.5) * N_TUNING_BINS), 0, N_TUNING_BINS - 1);
  while (i > 0 && r < tuning_edge (i))
    i--;
  while (i < N_TUNING_BINS - 1 && r >= tuning_edge (i + 1))
    i++;

  return i;
}

/* pitch_tuning(): the residual of a frequency against 12-TET at A440, in
 * float32 as librosa computes it, mapped to [-0.5, 0.5). */
static float
pitch_residual (float pitch)
{
  float octs = log2f (pitch / 27.5f);
  float x = 12.0f * octs;
  float r;

  /* fmodf (x, 1): removing the integer part of a float is exact, so for
   * any x an int holds this is the same value without the library call. */
  if (fabsf (x) < 1e9f)
    r = x - (float) (gint32) x;
  else
    r = fmodf (x, 1.0f);

  /* np.mod: the result takes the sign of the divisor. */
  if (r != 0.0f && r < 0.0f)
    r += 1.0f;
  if (r >= 0.5f)
    r -= 1.0f;

  return r;
}

typedef float v4sf __attribute__ ((vector_size (16)));
typedef gint32 v4si __attribute__ ((vector_size (16)));

/* The largest of the AKIN_N_BINS values of a frame. Exact in any order, so
 * it runs four lanes wide. */
static float
frame_max (const float *S)
{
  v4sf lanes = { 0.0f, 0.0f, 0.0f, 0.0f };
  float max = 0.0f;
  guint k;

  for (k = 0; k + 4 <= AKIN_N_BINS; k += 4)
    {
      v4sf v;
      v4si greater;

      memcpy (&v, S + k, sizeof v);
      greater = lanes > v;
      lanes = (v4sf) (((v4si) lanes & greater) | ((v4si) v & ~greater));
    }
  for (int i = 0; i < 4; i++)
    max = MAX (max, lanes[i]);
  for (; k < AKIN_N_BINS; k++)
    max = MAX (max, S[k]);

  return max;
}

/* At most every other bin of the range is a strict local maximum. */
#define MOST_PEAKS ((PIPTRACK_K_MAX - PIPTRACK_K_MIN) / 2 + 1)

/* The bins k of PIPTRACK_K_MIN…PIPTRACK_K_MAX where piptrack finds a peak,
 * in order, into @bins (MOST_PEAKS + 1 slots: the last takes the writes
 * after the last possible peak); returns how many.
 *
 * librosa thresholds S at ref (values at or below become 0) and then asks
 * for Z[k] > Z[k-1] and Z[k] >= Z[k+1]. S is non-negative and ref >= 0, so
 * that is the same as the test below on S itself: a neighbour zeroed by the
 * threshold is below S[k] anyway. The bins are gathered four per comparison,
 * or without branches, since in noisy frames whether a bin is a peak is a
 * coin toss that a branch predictor cannot learn. */
static guint
find_peak_bins (const float *S,
                float        ref,
                guint       *bins)
{
  guint n = 0;
  guint k = PIPTRACK_K_MIN;

#ifdef __SSE2__
  const __m128 r = _mm_set1_ps (ref);

  for (; k + 4 <= PIPTRACK_K_MAX + 1; k += 4)
    {
      __m128 x = _mm_loadu_ps (S + k);
      __m128 peak = _mm_and_ps (_mm_and_ps (_mm_cmpgt_ps (x, r),
                                            _mm_cmpgt_ps (x, _mm_loadu_ps (S + k - 1))),
                                _mm_cmpge_ps (x, _mm_loadu_ps (S + k + 1)));
      int mask = _mm_movemask_ps (peak);

      for (guint i = 0; mask != 0; i++, mask >>= 1)
        if (mask & 1)
          {
            g_assert (n < MOST_PEAKS);
            bins[n++] = k + i;
          }
    }
#endif
  for (; k <= PIPTRACK_K_MAX; k++)
    {
      bins[MIN (n, MOST_PEAKS)] = k;
      n += (S[k] > ref) & (S[k] > S[k - 1]) & (S[k] >= S[k + 1]);
    }
  g_assert (n <= MOST_PEAKS);

  return n;
}

/* piptrack() on one frame of S (magnitude or power), appending the peaks
 * with a positive pitch to @set. Only bins PIPTRACK_K_MIN…PIPTRACK_K_MAX
 * (150 Hz ≤ f < 4000 Hz) can give a pitch that piptrack keeps, so nothing
 * is computed for the others. */
void
_akin_peak_set_collect (const float *S,
                        AkinPeakSet *set)
{
  guint candidates[MOST_PEAKS + 1];
  guint n_candidates = find_peak_bins (S, 0.1f * frame_max (S), candidates);
  guint n = set->mags->len;
  float *mags;
  guint8 *bins;

  g_array_set_size (set->mags, n + n_candidates);
  g_array_set_size (set->bins, n + n_candidates);
  mags = (float *) (gpointer) set->mags->data;
  bins = (guint8 *) set->bins->data;

  for (guint i = 0; i < n_candidates; i++)
    {
      guint k = candidates[i];
      float avg, d, shift, dskew, pitch;
      int b;

      avg = 0.5f * (S[k + 1] - S[k - 1]);
      d = 2.0f * S[k] - S[k + 1] - S[k - 1];
      shift = avg / (d + (fabsf (d) < FLT_MIN ? 1.0f : 0.0f));
      dskew = 0.5f * avg * shift;
      /* The bin index is an int64, so librosa forms the pitch in double. */
      pitch = (float) (((double) k + (double) shift) * (double) AKIN_SAMPLE_RATE /
                       AKIN_N_FFT);

      if (!(pitch > 0.0f))
        continue;

      b = residual_bin (pitch_residual (pitch));
      if (b < 0)
        continue;
      g_assert (n < set->mags->len);
      mags[n] = S[k] + dskew;
      bins[n] = (guint8) b;
      n++;
    }

  g_array_set_size (set->mags, n);
  g_array_set_size (set->bins, n);
}

/* estimate_tuning()'s histogram: the bin of the answer, ZERO_TUNING_BIN when
 * there are no peaks. */
int
_akin_peak_set_tuning_bin (const AkinPeakSet *set)
{
  guint n = set->mags->len;
  const float *mags = (const float *) set->mags->data;
  const guint8 *bins = (const guint8 *) set->bins->data;
  g_autofree float *scratch = NULL;
  guint counts[N_TUNING_BINS] = { 0 };
  float median;
  int best = 0;

  if (n == 0)
    return ZERO_TUNING_BIN;

  scratch = g_memdup2 (mags, n * sizeof (float));
  median = akin_median_float (scratch, n);

  for (guint i = 0; i < n; i++)
    if (mags[i] >= median)
      counts[bins[i]]++;

  for (int i = 1; i < N_TUNING_BINS; i++)
    if (counts[i] > counts[best])
      best = i;

  return best;
}

double
_akin_tuning_from_bin (int bin)
{
  return bin == ZERO_TUNING_BIN ? 0.0 : tuning_edge (bin);
}

/* filters.chroma(sr, 2048, tuning, n_chroma 12, ctroct 5, octwidth 2,
 * norm 2, base_c), rounded to float32 as librosa stores it, bin-major
 * (AKIN_N_BINS rows of 12, 32-byte aligned) for the projection loop. */
static float *
build_chroma_bank (double tuning)
{
  double q[AKIN_N_BINS + 1];
  double a440 = 440.0 * pow (2.0, tuning / 12.0);
  float *bank = g_aligned_alloc (AKIN_N_BINS * 12, sizeof (float), 32);

  for (guint k = 1; k <= AKIN_N_BINS; k++)
    {
      double f = (double) k * ((double) AKIN_SAMPLE_RATE / AKIN_N_FFT);

      q[k] = 12.0 * log2 (f / (a440 / 16.0));
    }
  /* The 0 Hz bin is put 1.5 octaves below bin 1. */
  q[0] = q[1] - 18.0;

  for (guint k = 0; k < AKIN_N_BINS; k++)
    {
      double bw = MAX (q[k + 1] - q[k], 1.0);
      double w[12];
      double norm = 0.0;
      double x, octave;

      for (int c = 0; c < 12; c++)
        {
          double D = fmod (q[k] - c + 6.0 + 120.0, 12.0) - 6.0;
          double t = 2.0 * D / bw;

          w[c] = exp (-0.5 * (t * t));
          norm += w[c] * w[c];
        }
      norm = sqrt (norm);
      if (norm < DBL_MIN)
        norm = 1.0;

      x = (q[k] / 12.0 - 5.0) / 2.0;
      octave = exp (-0.5 * (x * x));

      /* base_c: row i is the A-based row (i + 3) mod 12. */
      for (int c = 0; c < 12; c++)
        bank[k * 12 + c] = (float) (w[(c + 3) % 12] / norm * octave);
    }

  return bank;
}

const float *
_akin_chroma_bank (int tuning_bin)
{
  static float *banks[N_TUNING_BINS];

  g_return_val_if_fail (tuning_bin >= 0 && tuning_bin < N_TUNING_BINS, NULL);

  if (g_once_init_enter (&banks[tuning_bin]))
    g_once_init_leave (&banks[tuning_bin],
                       build_chroma_bank (_akin_tuning_from_bin (tuning_bin)));

  return banks[tuning_bin];
}
