/* akin-tempo.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Onset-strength envelope and global tempo with librosa 0.9.2 semantics
 * (`onset.onset_strength(aggregate=np.median)` followed by `beat.tempo` with
 * its defaults), plus a refined tempo that is not quantised to 2583.98/lag.
 *
 * The tempogram is the per-frame autocorrelation of 344-frame windows of the
 * envelope. Computed directly that is 344² multiply-adds per frame; here each
 * window goes through a 768-point real FFT (≥ 2·344 − 1, so the circular
 * correlation equals the linear one), |X|² and the inverse transform.
 *
 * Threads: the two FFTW plans are made once under akin_fftw_planner_lock();
 * every call owns its buffers, so any thread may call these functions.
 */

#include "config.h"

#include <fftw3.h>
#include <math.h>
#include <string.h>

#include "akin-median.h"
#include "akin-stft.h"
#include "akin-tempo.h"

#define AC_HALF       (AKIN_TEMPO_AC_SIZE / 2)
#define AC_FFT        768
#define START_BPM     120.0
#define MAX_TEMPO_BPM 320.0

typedef struct
{
  fftw_plan forward;
  fftw_plan inverse;
} Plans;

static const Plans *
get_plans (void)
{
  static Plans *plans;

  if (g_once_init_enter (&plans))
    {
      Plans *p = g_new0 (Plans, 1);
      double *real = fftw_alloc_real (AC_FFT);
      fftw_complex *spectrum = fftw_alloc_complex (AC_FFT / 2 + 1);

      akin_fftw_planner_lock ();
      p->forward = fftw_plan_dft_r2c_1d (AC_FFT, real, spectrum, FFTW_ESTIMATE);
      p->inverse = fftw_plan_dft_c2r_1d (AC_FFT, spectrum, real, FFTW_ESTIMATE);
      akin_fftw_planner_unlock ();

      fftw_free (real);
      fftw_free (spectrum);
      g_once_init_leave (&plans, p);
    }

  return plans;
}

/* Median of n non-negative values as numpy computes it (the mean of the
 * two middle values when n is even). Most onset differences are exactly 0,
 * so only the positive ones are gathered and searched. */
static float
median_of_rectified (const float *values,
                     guint        n,
                     float       *scratch)
{
  guint n_pos = 0;
  guint zeros;
  guint hi = n / 2;
  guint lo = n % 2 == 0 ? hi - 1 : hi;
  float a, b;

  for (guint i = 0; i < n; i++)
    if (values[i] > 0.0f)
      scratch[n_pos++] = values[i];
  zeros = n - n_pos;

  if (hi < zeros)
    return 0.0f;

  b = akin_select_kth (scratch, n_pos, hi - zeros);
  if (lo == hi)
    return b;
  if (lo < zeros)
    a = 0.0f;
  else
    {
      /* After selecting, everything below index hi - zeros is ≤ b. */
      a = scratch[0];
      for (guint i = 1; i < hi - zeros; i++)
        a = MAX (a, scratch[i]);
    }
  return (a + b) / 2.0f;
}

/**
 * akin_onset_envelope:
 * @mel_db: (array): frame-major mel dB, @n_frames rows of @n_bands values,
 *   already clipped at the track's global maximum − 80 dB
 * @n_bands: bands per frame (128 for librosa's default)
 * @n_frames: T
 * @envelope: (out caller-allocates): T values
 *
 * The median over bands of max(0, S[t+1] − S[t]), shifted right by 3 frames
 * (lag 1 plus n_fft / (2 · hop)) with zeros in front and truncated to T, as
 * librosa's centred onset_strength does. Any thread may call this.
 */
void
akin_onset_envelope (const float *mel_db,
                     guint        n_bands,
                     guint        n_frames,
                     float       *envelope)
{
  g_autofree float *diff = g_new (float, n_bands);
  g_autofree float *scratch = g_new (float, n_bands);
  const guint shift = 1 + AKIN_N_FFT / (2 * AKIN_HOP);

  g_return_if_fail (mel_db != NULL || n_frames == 0);
  g_return_if_fail (envelope != NULL || n_frames == 0);

  for (guint t = 0; t < MIN (shift, n_frames); t++)
    envelope[t] = 0.0f;

  /* envelope[t] = o[t − 3] with o[j] built from frames j and j + 1; the
   * last two o values fall beyond T and are dropped. */
  for (guint t = shift; t < n_frames; t++)
    {
      const float *prev = mel_db + (gsize) (t - shift) * n_bands;

      envelope[t] = akin_onset_strength (prev, prev + n_bands, n_bands, diff, scratch);
    }
}

/**
 * akin_onset_strength:
 * @prev: @n_bands dB values of a frame
 * @next: those of the frame after it
 * @n_bands: bands per frame
 * @diff: scratch space for @n_bands floats
 * @scratch: scratch space for @n_bands floats
 *
 * One onset envelope value: the median over bands of max(0, @next − @prev).
 * akin_onset_envelope() puts the value of frames j and j + 1 at j + 3.
 *
 * Returns: the onset strength
 */
float
akin_onset_strength (const float *prev,
                     const float *next,
                     guint        n_bands,
                     float       *diff,
                     float       *scratch)
{
  for (guint b = 0; b < n_bands; b++)
    diff[b] = MAX (0.0f, next[b] - prev[b]);
  return median_of_rectified (diff, n_bands, scratch);
}

typedef double v2d __attribute__ ((vector_size (16)));
typedef gint64 v2di __attribute__ ((vector_size (16)));
typedef float v4sf __attribute__ ((vector_size (16)));

/* max_i |x[i]| for even n, in two independent chains (exact in any order). */
static double
max_abs (const double *x,
         guint         n)
{
  double even = 0.0;
  double odd = 0.0;

  g_assert (n % 2 == 0);
  for (guint i = 0; i < n; i += 2)
    {
      even = MAX (even, fabs (x[i]));
      odd = MAX (odd, fabs (x[i + 1]));
    }

  return MAX (even, odd);
}

/* acc[i] += x[i] / divisor for even n, two lanes wide: the same division
 * per element as a scalar loop. */
static void
add_scaled (double       *acc,
            const double *x,
            double        divisor,
            guint         n)
{
  const v2d d = { divisor, divisor };

  g_assert (n % 2 == 0);
  for (guint i = 0; i < n; i += 2)
    {
      v2d a, v;

      memcpy (&a, acc + i, sizeof a);
      memcpy (&v, x + i, sizeof v);
      a += v / d;
      memcpy (acc + i, &a, sizeof a);
    }
}

/* real[j] = v[j] · window[j] for the AKIN_TEMPO_AC_SIZE samples of a
 * frame, four at a time; returns whether any product is non-zero. */
static gboolean
window_frame (const float  *v,
              const double *window,
              double       *real)
{
  const v2d zero = { 0.0, 0.0 };
  v2di any = { 0, 0 };

  G_STATIC_ASSERT (AKIN_TEMPO_AC_SIZE % 4 == 0);
  for (guint j = 0; j < AKIN_TEMPO_AC_SIZE; j += 4)
    {
      v4sf x;
      v2d lo, hi, w_lo, w_hi;

      memcpy (&x, v + j, sizeof x);
      memcpy (&w_lo, window + j, sizeof w_lo);
      memcpy (&w_hi, window + j + 2, sizeof w_hi);
      lo = (v2d) { x[0], x[1] } * w_lo;
      hi = (v2d) { x[2], x[3] } * w_hi;
      any |= (lo != zero) | (hi != zero);
      memcpy (real + j, &lo, sizeof lo);
      memcpy (real + j + 2, &hi, sizeof hi);
    }

  return (any[0] | any[1]) != 0;
}

/* spectrum[k] = |spectrum[k]|² + 0i, two bins at a time: the same
 * re·re + im·im per bin as a scalar loop. */
static void
power_spectrum (fftw_complex *spectrum,
                guint         n_bins)
{
  guint k;

  for (k = 0; k + 2 <= n_bins; k += 2)
    {
      v2d a, b, p;

      memcpy (&a, spectrum[k], sizeof a);
      memcpy (&b, spectrum[k + 1], sizeof b);
      a *= a;
      b *= b;
      p = (v2d) { a[0], b[0] } + (v2d) { a[1], b[1] };
      spectrum[k][0] = p[0];
      spectrum[k][1] = 0.0;
      spectrum[k + 1][0] = p[1];
      spectrum[k + 1][1] = 0.0;
    }
  for (; k < n_bins; k++)
    {
      double re = spectrum[k][0];
      double im = spectrum[k][1];

      spectrum[k][0] = re * re + im * im;
      spectrum[k][1] = 0.0;
    }
}

/* The tempogram accumulator: librosa's tempogram (win_length 344,
 * centre=True with linear_ramp padding, norm=inf) summed over frames as the
 * envelope arrives. Window t covers padded[t … t + 343], where padded[p] is
 * envelope[p − 172] inside the track and a ramp from the edge value to 0
 * outside it; so window t can be summed once envelope[t + 171] is known, and
 * only the last AKIN_TEMPO_AC_SIZE padded values are kept. The windows are
 * added in frame order, exactly as the whole-envelope computation did. */
struct _AkinTempogram
{
  double        tg[AKIN_TEMPO_AC_SIZE];
  double        window[AKIN_TEMPO_AC_SIZE];
  double       *real;
  fftw_complex *spectrum;
  float         padded[2 * AKIN_TEMPO_AC_SIZE];  /* padded[base …] */
  guint         len;          /* values held in padded */
  guint64       base;         /* padded index of padded[0] */
  guint64       n_frames;     /* envelope values pushed */
  guint64       n_windows;    /* windows summed */
  float         last;
  gboolean      any;          /* a non-zero envelope value was pushed */
};

/**
 * akin_tempo_prepare:
 *
 * Makes the FFT plans every tempo estimate shares (once per process, a few
 * milliseconds), so that a thread with time to spare can take that cost
 * off the end of a track. Any thread; optional.
 */
void
akin_tempo_prepare (void)
{
  (void) get_plans ();
}

/**
 * akin_tempogram_new:
 *
 * Returns: (transfer full): an empty accumulator; one thread at a time uses it
 */
AkinTempogram *
akin_tempogram_new (void)
{
  AkinTempogram *self = g_new0 (AkinTempogram, 1);

  (void) get_plans ();
  for (guint j = 0; j < AKIN_TEMPO_AC_SIZE; j++)
    self->window[j] = 0.5 - 0.5 * cos (2.0 * G_PI * j / AKIN_TEMPO_AC_SIZE);
  self->real = fftw_alloc_real (AC_FFT);
  self->spectrum = fftw_alloc_complex (AC_FFT / 2 + 1);
  return self;
}

void
akin_tempogram_free (AkinTempogram *self)
{
  if (self == NULL)
    return;
  fftw_free (self->real);
  fftw_free (self->spectrum);
  g_free (self);
}

static void
tempogram_append (AkinTempogram *self,
                  float          value)
{
  if (self->len == G_N_ELEMENTS (self->padded))
    {
      /* Keep the last AKIN_TEMPO_AC_SIZE − 1 values: a window needs no more. */
      guint drop = self->len - (AKIN_TEMPO_AC_SIZE - 1);

      memmove (self->padded, self->padded + drop, (self->len - drop) * sizeof (float));
      self->len -= drop;
      self->base += drop;
    }
  self->padded[self->len++] = value;
}

/* Sums every window whose last padded value is held. */
static void
tempogram_sum_windows (AkinTempogram *self)
{
  const Plans *plans = get_plans ();

  while (self->n_windows + AKIN_TEMPO_AC_SIZE <= self->base + self->len)
    {
      const float *v = self->padded + (self->n_windows - self->base);
      double peak;

      self->n_windows++;
      /* An all-zero window has an all-zero autocorrelation: nothing to add. */
      if (!window_frame (v, self->window, self->real))
        continue;
      memset (self->real + AKIN_TEMPO_AC_SIZE, 0,
              (AC_FFT - AKIN_TEMPO_AC_SIZE) * sizeof (double));

      fftw_execute_dft_r2c (plans->forward, self->real, self->spectrum);
      power_spectrum (self->spectrum, AC_FFT / 2 + 1);
      fftw_execute_dft_c2r (plans->inverse, self->spectrum, self->real);

      peak = max_abs (self->real, AKIN_TEMPO_AC_SIZE);
      /* librosa's normalize() leaves columns below the smallest double alone. */
      if (peak < 2.2250738585072014e-308)
        peak = 1.0;
      add_scaled (self->tg, self->real, peak, AKIN_TEMPO_AC_SIZE);
    }
}

/**
 * akin_tempogram_push:
 * @self: an accumulator
 * @envelope: (array length=n): the next onset envelope values
 * @n: how many
 *
 * Adds the windows these values complete. Memory stays fixed whatever the
 * length of the envelope.
 */
void
akin_tempogram_push (AkinTempogram *self,
                     const float   *envelope,
                     gsize          n)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (envelope != NULL || n == 0);

  for (gsize i = 0; i < n; i++)
    {
      float value = envelope[i];

      if (self->n_frames == 0)
        {
          /* linear_ramp padding: from 0 at the far end up to the edge value. */
          for (guint d = AC_HALF; d >= 1; d--)
            tempogram_append (self, value * (float) (AC_HALF - d) / (float) AC_HALF);
        }
      tempogram_append (self, value);
      self->last = value;
      self->any = self->any || value != 0.0f;
      self->n_frames++;
      tempogram_sum_windows (self);
    }
}

/* Adds the last windows (over the end padding); returns FALSE when the
 * envelope was all zero. @tg gets the mean over frames. */
static gboolean
tempogram_finish (AkinTempogram *self,
                  double        *tg)
{
  if (!self->any)
    return FALSE;

  for (guint d = 1; d <= AC_HALF && self->n_windows < self->n_frames; d++)
    {
      tempogram_append (self, self->last * (float) (AC_HALF - d) / (float) AC_HALF);
      tempogram_sum_windows (self);
    }
  g_assert (self->n_windows == self->n_frames);

  for (guint l = 0; l < AKIN_TEMPO_AC_SIZE; l++)
    tg[l] = self->tg[l] / self->n_frames;
  return TRUE;
}

/* Vertex offset of the parabola through (−1, a), (0, b), (1, c), in
 * [−0.5, 0.5]; 0 when b is not a local maximum. */
static double
parabolic_offset (double a,
                  double b,
                  double c)
{
  double denom = a - 2.0 * b + c;

  if (!(denom < 0.0) || b < a || b < c)
    return 0.0;
  return CLAMP (0.5 * (a - c) / denom, -0.5, 0.5);
}

static double
peak_near (const double *tg,
           double        centre,
           double        min_height,
           gboolean     *found)
{
  int lo = MAX (1, (int) floor (centre) - 2);
  int hi = MIN (AKIN_TEMPO_AC_SIZE - 2, (int) ceil (centre) + 2);
  int best = -1;

  for (int l = lo; l <= hi; l++)
    if (tg[l] >= tg[l - 1] && tg[l] >= tg[l + 1] && tg[l] >= min_height
        && (best < 0 || tg[l] > tg[best]))
      best = l;

  *found = best > 0;
  if (best <= 0)
    return centre;
  return best + parabolic_offset (tg[best - 1], tg[best], tg[best + 1]);
}

/* Refines the integer best lag with the peaks of the mean tempogram at its
 * multiples: the m-th peak sits near m · period, so its position (to within
 * a fraction of a frame, by parabolic interpolation) pins the period down m
 * times more finely. The period is the least-squares slope through the
 * origin of peak position against m, using the multiples up to lag 256
 * (beyond that the Hann-windowed autocorrelation carries little energy) and
 * stopping at the first multiple without a clear peak (at least a quarter of
 * the best lag's height). The result stays within one frame of librosa's
 * lag, so the refined tempo never leaves the neighbourhood (or the octave)
 * that librosa chose; for signals without a steady pulse it is no more
 * meaningful than librosa's. */
static double
refine_period (const double *tg,
               guint         lag)
{
  double period = lag;
  double min_height = 0.25 * tg[lag];
  double sum_mp;
  double sum_mm;

  if (lag + 1 < AKIN_TEMPO_AC_SIZE)
    period = lag + parabolic_offset (tg[lag - 1], tg[lag], tg[lag + 1]);
  sum_mp = period;
  sum_mm = 1.0;

  for (guint m = 2; m * period + 3.0 < 256.0; m++)
    {
      gboolean found;
      double p = peak_near (tg, m * period, min_height, &found);

      if (!found)
        break;
      sum_mp += m * p;
      sum_mm += (double) m * m;
      period = sum_mp / sum_mm;
    }

  return CLAMP (period, lag - 1.0, lag + 1.0);
}

/**
 * akin_tempogram_finish:
 * @self: an accumulator
 * @estimate: (out caller-allocates): the tempo of the pushed envelope
 *
 * The same result as akin_tempo_estimate() on the whole envelope. The
 * accumulator cannot be pushed to afterwards.
 */
void
akin_tempogram_finish (AkinTempogram     *self,
                       AkinTempoEstimate *estimate)
{
  double tg[AKIN_TEMPO_AC_SIZE];
  double best_score = -INFINITY;
  double second_score = -INFINITY;
  guint best = 0;

  g_return_if_fail (self != NULL);
  g_return_if_fail (estimate != NULL);

  memset (estimate, 0, sizeof *estimate);
  if (!tempogram_finish (self, tg))
    return;

  for (guint l = 1; l < AKIN_TEMPO_AC_SIZE; l++)
    {
      double bpm = AKIN_TEMPO_FRAME_BPM / l;
      double prior;
      double score;

      if (bpm >= MAX_TEMPO_BPM)
        continue;
      prior = -0.5 * pow (log2 (bpm) - log2 (START_BPM), 2.0);
      /* The autocorrelation of a non-negative signal is non-negative; FFT
       * rounding can leave −1e-17 where it is exactly 0. */
      score = log1p (1e6 * MAX (tg[l], 0.0)) + prior;
      if (score > best_score)
        {
          second_score = best_score;
          best_score = score;
          best = l;
        }
      else if (score > second_score)
        second_score = score;
    }

  g_assert (best > 0);
  estimate->lag = best;
  estimate->librosa_bpm = AKIN_TEMPO_FRAME_BPM / best;
  estimate->score_margin = best_score - second_score;
  estimate->period = refine_period (tg, best);
  estimate->bpm = AKIN_TEMPO_FRAME_BPM / estimate->period;
}

/**
 * akin_tempo_estimate:
 * @envelope: (array length=n_frames): the onset envelope
 * @n_frames: T
 * @estimate: (out caller-allocates): the result
 *
 * librosa's global tempo: mean autocorrelation tempogram weighted by a
 * log-normal prior around 120 BPM (σ one octave), lags of 320 BPM and faster
 * excluded, first maximum of ln(1 + 10⁶·tg) + prior. An all-zero envelope
 * (silence, steady tones) gives lag 0 and 0 BPM, as in `beat_track`.
 * Any thread may call this; #AkinTempogram computes the same from an
 * envelope that arrives in pieces.
 */
void
akin_tempo_estimate (const float       *envelope,
                     guint              n_frames,
                     AkinTempoEstimate *estimate)
{
  g_autoptr(AkinTempogram) tempogram = NULL;

  g_return_if_fail (estimate != NULL);
  g_return_if_fail (envelope != NULL || n_frames == 0);

  tempogram = akin_tempogram_new ();
  akin_tempogram_push (tempogram, envelope, n_frames);
  akin_tempogram_finish (tempogram, estimate);
}
