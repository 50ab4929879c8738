/* akin-timbre-contrast.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Spectral contrast per frame and the accumulator that turns a song's
 * frames into its timbre model.
 *
 * Spectral contrast follows librosa's `spectral_contrast` (fmin 200 Hz,
 * 6 octaves, quantile 0.02) on the magnitude spectrum: 7 bands with edges
 * 0, 200, 400, …, 6400 Hz and the Nyquist frequency; band k > 0 also takes
 * the bin just below its lower edge, the last band every bin up to Nyquist,
 * and bands below the last drop their top bin. In each band the mean of the
 * ⌈2 %⌉ (at least one) smallest magnitudes is the valley, the mean of as many
 * largest ones the peak, and the contrast is 10·log10 (peak / valley), both
 * floored at 1e-10 as librosa's power_to_db does. librosa also clips each
 * whole-song dB array at its maximum − 80 dB; the per-frame version caps
 * the contrast at 80 dB instead, which only matters for near-silent bands.
 *
 * Threads: akin_spectral_contrast_frame() is reentrant; an accumulator is
 * used by one thread at a time.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "akin-stft.h"
#include "akin-timbre.h"

#define CONTRAST_FMIN     200.0
#define CONTRAST_QUANTILE 0.02
#define CONTRAST_MAX_DB   80.0f
#define AMIN              1e-10f
#define MAX_K             16      /* bins averaged per end, at most */

typedef struct
{
  guint first;   /* first bin of the band */
  guint n;       /* bins sorted */
  guint k;       /* bins averaged at each end */
} Band;

static Band bands[AKIN_TIMBRE_N_CONTRAST];

static gpointer
init_bands (gpointer data)
{
  double edges[AKIN_TIMBRE_N_CONTRAST + 1];

  edges[0] = 0.0;
  for (guint b = 1; b <= AKIN_TIMBRE_N_CONTRAST; b++)
    edges[b] = CONTRAST_FMIN * (double) (1u << (b - 1));

  for (guint b = 0; b < AKIN_TIMBRE_N_CONTRAST; b++)
    {
      gint lo = -1, hi = -1;
      guint count;

      for (guint k = 0; k < AKIN_N_BINS; k++)
        {
          double f = (double) k * AKIN_SAMPLE_RATE / AKIN_N_FFT;

          if (f >= edges[b] && f <= edges[b + 1])
            {
              if (lo < 0)
                lo = (gint) k;
              hi = (gint) k;
            }
        }
      g_assert (lo >= 0);
      if (b > 0)
        lo--;
      if (b == AKIN_TIMBRE_N_CONTRAST - 1)
        hi = AKIN_N_BINS - 1;
      count = (guint) (hi - lo + 1);
      bands[b].first = (guint) lo;
      bands[b].n = b < AKIN_TIMBRE_N_CONTRAST - 1 ? count - 1 : count;
      bands[b].k = MAX (1u, (guint) rint (CONTRAST_QUANTILE * count));
      g_assert (bands[b].k <= MAX_K && bands[b].k <= bands[b].n);
    }
  return NULL;
}

/* Keeps the @k smallest values seen, ascending, in @low, and the @k
 * largest, descending, in @high: O(n) for the small k of the bands (1 to
 * 9), where sorting the band every frame cost half the front end. */
static void
band_extremes (const float *values,
               guint        n,
               guint        k,
               float       *low,
               float       *high)
{
  guint filled = 0;

  for (guint i = 0; i < n; i++)
    {
      float v = values[i];
      guint j;

      if (filled < k)
        {
          for (j = filled; j > 0 && low[j - 1] > v; j--)
            low[j] = low[j - 1];
          low[j] = v;
          for (j = filled; j > 0 && high[j - 1] < v; j--)
            high[j] = high[j - 1];
          high[j] = v;
          filled++;
          continue;
        }
      if (v < low[k - 1])
        {
          for (j = k - 1; j > 0 && low[j - 1] > v; j--)
            low[j] = low[j - 1];
          low[j] = v;
        }
      if (v > high[k - 1])
        {
          for (j = k - 1; j > 0 && high[j - 1] < v; j--)
            high[j] = high[j - 1];
          high[j] = v;
        }
    }
}

/**
 * akin_spectral_contrast_frame:
 * @magnitude: %AKIN_N_BINS values of |X| of one STFT frame
 * @contrast: (out caller-allocates): %AKIN_TIMBRE_N_CONTRAST values in dB,
 *   lowest band first
 *
 * Spectral contrast of one frame (see the top of this file). Any thread.
 */
void
akin_spectral_contrast_frame (const float *magnitude,
                              float       *contrast)
{
  static GOnce once = G_ONCE_INIT;
  float low[MAX_K], high[MAX_K];

  g_return_if_fail (magnitude != NULL && contrast != NULL);

  g_once (&once, init_bands, NULL);

  for (guint b = 0; b < AKIN_TIMBRE_N_CONTRAST; b++)
    {
      const Band *band = &bands[b];
      double valley = 0.0, peak = 0.0;
      float db;

      band_extremes (magnitude + band->first, band->n, band->k, low, high);
      for (guint i = 0; i < band->k; i++)
        {
          valley += low[i];
          peak += high[i];
        }
      valley /= band->k;
      peak /= band->k;
      db = 10.0f * (log10f (MAX ((float) peak, AMIN)) - log10f (MAX ((float) valley, AMIN)));
      contrast[b] = isfinite (db) ? MIN (db, CONTRAST_MAX_DB) : 0.0f;
    }
}

struct _AkinTimbreAccumulator
{
  GArray *contrast;   /* float, AKIN_TIMBRE_N_CONTRAST per pushed frame */
  GArray *silent;     /* gboolean per pushed frame */
};

/**
 * akin_timbre_accumulator_new:
 *
 * Collects the frames of one song for its timbre model: the caller pushes
 * the magnitude spectrum of every %AKIN_TIMBRE_FRAME_STEP-th STFT frame, and
 * at the end the MFCC-20 of the same frames. About 32 bytes per pushed
 * frame. Any thread may create one; then one thread at a time uses it.
 *
 * Returns: (transfer full): a new accumulator
 */
AkinTimbreAccumulator *
akin_timbre_accumulator_new (void)
{
  AkinTimbreAccumulator *self = g_new0 (AkinTimbreAccumulator, 1);

  self->contrast = g_array_new (FALSE, FALSE, sizeof (float));
  self->silent = g_array_new (FALSE, FALSE, sizeof (gboolean));
  return self;
}

/**
 * akin_timbre_accumulator_free:
 * @self: (nullable) (transfer full): an accumulator
 */
void
akin_timbre_accumulator_free (AkinTimbreAccumulator *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->contrast);
  g_array_unref (self->silent);
  g_free (self);
}

/**
 * akin_timbre_accumulator_push:
 * @self: an accumulator
 * @magnitude: %AKIN_N_BINS values of |X|
 * @silent: whether the frame is (digital) silence; silent frames are left
 *   out of the model unless the whole song is silent
 */
void
akin_timbre_accumulator_push (AkinTimbreAccumulator *self,
                              const float           *magnitude,
                              gboolean               silent)
{
  float c[AKIN_TIMBRE_N_CONTRAST];

  g_return_if_fail (self != NULL && magnitude != NULL);

  akin_spectral_contrast_frame (magnitude, c);
  g_array_append_vals (self->contrast, c, AKIN_TIMBRE_N_CONTRAST);
  silent = !!silent;
  g_array_append_val (self->silent, silent);
}

/**
 * akin_timbre_accumulator_get_n_frames:
 * @self: an accumulator
 *
 * Returns: frames pushed so far
 */
guint
akin_timbre_accumulator_get_n_frames (const AkinTimbreAccumulator *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->silent->len;
}

/**
 * akin_timbre_accumulator_get_frame:
 * @self: an accumulator
 * @i: a pushed frame, below akin_timbre_accumulator_get_n_frames()
 * @silent: (out) (optional): whether it was silent
 *
 * Returns: (array fixed-size=7): its %AKIN_TIMBRE_N_CONTRAST contrast values,
 *   valid until the next push or clear
 */
const float *
akin_timbre_accumulator_get_frame (const AkinTimbreAccumulator *self,
                                   guint                        i,
                                   gboolean                    *silent)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (i < self->silent->len, NULL);

  if (silent != NULL)
    *silent = g_array_index (self->silent, gboolean, i);
  return &g_array_index (self->contrast, float, (gsize) i * AKIN_TIMBRE_N_CONTRAST);
}

/**
 * akin_timbre_accumulator_clear:
 * @self: an accumulator
 *
 * Forgets the pushed frames, for a caller that takes them as they come
 * (akin_timbre_accumulator_get_frame()) instead of fitting them all at the
 * end; their memory is kept for the next frames.
 */
void
akin_timbre_accumulator_clear (AkinTimbreAccumulator *self)
{
  g_return_if_fail (self != NULL);
  g_array_set_size (self->contrast, 0);
  g_array_set_size (self->silent, 0);
}

/**
 * akin_timbre_accumulator_finish:
 * @self: an accumulator
 * @mfcc: (nullable): the MFCC-20 of the pushed frames, coefficient-major
 *   [%AKIN_TIMBRE_N_MFCC][n], n = akin_timbre_accumulator_get_n_frames();
 *   %NULL only when n is 0
 * @model: (out caller-allocates): the song's timbre model
 *
 * Fits the model on the non-silent frames (all of them if every frame is
 * silent). The accumulator may be freed or pushed to further afterwards.
 */
void
akin_timbre_accumulator_finish (AkinTimbreAccumulator *self,
                                const float           *mfcc,
                                AkinTimbreModel       *model)
{
  g_autofree float *frames = NULL;
  const gboolean *silent;
  const float *contrast;
  guint n, n_sounding = 0, out = 0;

  g_return_if_fail (self != NULL && model != NULL);
  n = self->silent->len;
  g_return_if_fail (n == 0 || mfcc != NULL);

  silent = (const gboolean *) (gpointer) self->silent->data;
  contrast = (const float *) (gpointer) self->contrast->data;
  for (guint t = 0; t < n; t++)
    n_sounding += !silent[t];

  frames = g_new (float, (gsize) MAX (n, 1) * AKIN_TIMBRE_DIM);
  for (guint t = 0; t < n; t++)
    {
      float *row = frames + (gsize) out * AKIN_TIMBRE_DIM;

      if (n_sounding > 0 && silent[t])
        continue;
      for (guint q = 0; q < AKIN_TIMBRE_N_MFCC; q++)
        row[q] = mfcc[(gsize) q * n + t];
      memcpy (row + AKIN_TIMBRE_N_MFCC, contrast + (gsize) t * AKIN_TIMBRE_N_CONTRAST,
              AKIN_TIMBRE_N_CONTRAST * sizeof (float));
      out++;
    }

  akin_timbre_model_fit (frames, out, model);
}
