/* akin-stft.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A streaming short-time Fourier transform with librosa 0.9.2's framing:
 * n_fft 2048, hop 512, periodic Hann window, centred frames with 1024 zeros
 * of padding at both ends, so a signal of N samples gives 1 + floor(N/512)
 * frames. Samples are pushed in chunks of any size; each complete frame is
 * handed to a callback as power and magnitude spectra, so no caller ever
 * holds a whole track's spectrogram.
 *
 * Threads: FFTW's planner is not thread-safe, its execute functions are. The
 * single r2c plan is made once under akin_fftw_planner_lock() and then
 * executed with the new-array interface on buffers owned by each AkinStft,
 * so any number of threads may run their own AkinStft at once.
 */

#include "config.h"

#include <fftw3.h>
#include <math.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "akin-stft.h"

struct _AkinStft
{
  AkinStftFrameFunc func;
  gpointer          user_data;

  float            *buffer;     /* BUFFER_CAPACITY samples of the padded signal */
  gsize             start;      /* first sample of the next frame in buffer */
  gsize             filled;     /* end of the valid samples in buffer */
  float            *frame;      /* windowed frame, FFTW-aligned */
  fftwf_complex    *spectrum;   /* AKIN_N_BINS */
  float            *power;
  float            *magnitude;

  guint64           n_samples;
  guint             n_frames;
  gboolean          finished;
};

/* Frames are read in place at buffer + start, which moves by a hop per
 * frame; the fewer than AKIN_N_FFT samples left over are moved back to the
 * front only when the end of the buffer is reached, i.e. once every
 * (BUFFER_CAPACITY - AKIN_N_FFT) / AKIN_HOP ≈ 28 frames, not once a frame. */
typedef float v4sf __attribute__ ((vector_size (16)));

#define BUFFER_CAPACITY (AKIN_N_FFT * 8)

static GMutex planner_mutex;

void
akin_fftw_planner_lock (void)
{
  g_mutex_lock (&planner_mutex);
}

void
akin_fftw_planner_unlock (void)
{
  g_mutex_unlock (&planner_mutex);
}

const float *
akin_stft_get_window (void)
{
  static float *window;

  if (g_once_init_enter (&window))
    {
      float *w = g_new (float, AKIN_N_FFT);

      /* Periodic Hann: the denominator is N, not N - 1 (scipy fftbins=True). */
      for (guint j = 0; j < AKIN_N_FFT; j++)
        w[j] = (float) (0.5 - 0.5 * cos (2.0 * G_PI * j / AKIN_N_FFT));
      g_once_init_leave (&window, w);
    }

  return window;
}

static fftwf_plan
get_plan (void)
{
  static fftwf_plan plan;

  if (g_once_init_enter (&plan))
    {
      float *in = fftwf_alloc_real (AKIN_N_FFT);
      fftwf_complex *out = fftwf_alloc_complex (AKIN_N_BINS);
      fftwf_plan p;

      /* FFTW_ESTIMATE keeps the chosen algorithm, and so every bit of the
       * output, the same from run to run; FFTW_MEASURE could pick a
       * different plan each time and make vectors differ in their last bits. */
      akin_fftw_planner_lock ();
      p = fftwf_plan_dft_r2c_1d (AKIN_N_FFT, in, out, FFTW_ESTIMATE);
      akin_fftw_planner_unlock ();

      fftwf_free (in);
      fftwf_free (out);
      g_once_init_leave (&plan, p);
    }

  return plan;
}

guint
akin_stft_frames_for_samples (guint64 n_samples)
{
  return (guint) (1 + n_samples / AKIN_HOP);
}

/**
 * akin_stft_new:
 * @func: (scope notified): called once per frame, in order
 * @user_data: passed to @func
 *
 * Returns: (transfer full): a new transform, fed with akin_stft_push()
 */
AkinStft *
akin_stft_new (AkinStftFrameFunc func,
               gpointer          user_data)
{
  AkinStft *self;

  g_return_val_if_fail (func != NULL, NULL);

  self = g_new0 (AkinStft, 1);
  self->func = func;
  self->user_data = user_data;
  self->buffer = g_new0 (float, BUFFER_CAPACITY);
  self->frame = fftwf_alloc_real (AKIN_N_FFT);
  self->spectrum = fftwf_alloc_complex (AKIN_N_BINS);
  self->power = g_new (float, AKIN_N_BINS);
  self->magnitude = g_new (float, AKIN_N_BINS);

  /* centre=True: the padded signal starts with n_fft/2 zeros. */
  self->filled = AKIN_N_FFT / 2;

  get_plan ();

  return self;
}

void
akin_stft_free (AkinStft *self)
{
  if (self == NULL)
    return;

  g_free (self->buffer);
  fftwf_free (self->frame);
  fftwf_free (self->spectrum);
  g_free (self->power);
  g_free (self->magnitude);
  g_free (self);
}

static void
emit_frame (AkinStft *self)
{
  const float *window = akin_stft_get_window ();
  const float *samples = self->buffer + self->start;
  /* Local copies: the stores below could otherwise alias the struct's
   * pointers (the project builds with -fno-strict-aliasing) and force a
   * reload of each of them at every bin. */
  float *frame = self->frame;
  const fftwf_complex *spectrum = self->spectrum;
  float *power = self->power;
  float *magnitude = self->magnitude;

  guint k = 0;

  /* Four samples per vector (AKIN_N_FFT is a multiple of 4). */
  for (guint j = 0; j < AKIN_N_FFT; j += 4)
    {
      v4sf x, w;

      memcpy (&x, samples + j, sizeof x);
      memcpy (&w, window + j, sizeof w);
      x *= w;
      memcpy (frame + j, &x, sizeof x);
    }

  fftwf_execute_dft_r2c (get_plan (), frame, self->spectrum);

#ifdef __SSE2__
  /* Four bins at a time: the same float operations, and sqrtps rounds
   * exactly like sqrtf, so every bit matches the scalar loop below. */
  for (; k + 4 <= AKIN_N_BINS; k += 4)
    {
      __m128 a = _mm_loadu_ps (&spectrum[k][0]);      /* re0 im0 re1 im1 */
      __m128 b = _mm_loadu_ps (&spectrum[k + 2][0]);  /* re2 im2 re3 im3 */
      __m128 re = _mm_shuffle_ps (a, b, _MM_SHUFFLE (2, 0, 2, 0));
      __m128 im = _mm_shuffle_ps (a, b, _MM_SHUFFLE (3, 1, 3, 1));
      __m128 mag = _mm_sqrt_ps (_mm_add_ps (_mm_mul_ps (re, re), _mm_mul_ps (im, im)));

      _mm_storeu_ps (magnitude + k, mag);
      _mm_storeu_ps (power + k, _mm_mul_ps (mag, mag));
    }
#endif
  for (; k < AKIN_N_BINS; k++)
    {
      float re = spectrum[k][0];
      float im = spectrum[k][1];
      float mag = sqrtf (re * re + im * im);

      /* librosa takes np.abs() of the complex64 STFT, then squares it. */
      magnitude[k] = mag;
      power[k] = mag * mag;
    }

  self->func (self->n_frames, power, magnitude, self->user_data);
  self->n_frames++;
}

/* Emits every frame the buffer holds, keeping at most max_frames from being
 * exceeded: the last frames are only emitted once the total is known. */
static void
drain (AkinStft *self,
       guint     max_frames)
{
  while (self->filled - self->start >= AKIN_N_FFT && self->n_frames < max_frames)
    {
      emit_frame (self);
      self->start += AKIN_HOP;
    }
}

/* Makes room at the end of the buffer, moving what is not consumed yet to
 * the front when the end is reached. Returns how many samples fit. */
static gsize
make_room (AkinStft *self)
{
  if (self->filled == BUFFER_CAPACITY)
    {
      gsize kept = self->filled - self->start;

      g_assert (kept < AKIN_N_FFT || self->finished);
      memmove (self->buffer, self->buffer + self->start, kept * sizeof (float));
      self->start = 0;
      self->filled = kept;
    }

  return BUFFER_CAPACITY - self->filled;
}

/**
 * akin_stft_push:
 * @self: a transform
 * @samples: (array length=n_samples): mono samples at %AKIN_SAMPLE_RATE
 * @n_samples: how many
 *
 * Appends samples; every frame that is now complete is passed to the callback
 * before this returns.
 */
void
akin_stft_push (AkinStft    *self,
                const float *samples,
                gsize        n_samples)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (!self->finished);
  g_return_if_fail (samples != NULL || n_samples == 0);

  self->n_samples += n_samples;

  while (n_samples > 0)
    {
      gsize n = MIN (make_room (self), n_samples);

      memcpy (self->buffer + self->filled, samples, n * sizeof (float));
      self->filled += n;
      samples += n;
      n_samples -= n;
      drain (self, G_MAXUINT);
    }
}

/**
 * akin_stft_finish:
 * @self: a transform
 *
 * Pads the end of the signal with n_fft/2 zeros and emits the remaining
 * frames, so that exactly akin_stft_frames_for_samples() frames were emitted.
 */
void
akin_stft_finish (AkinStft *self)
{
  guint total;
  gsize pad = AKIN_N_FFT / 2;

  g_return_if_fail (self != NULL);
  g_return_if_fail (!self->finished);

  self->finished = TRUE;
  total = akin_stft_frames_for_samples (self->n_samples);

  while (pad > 0)
    {
      gsize n = MIN (pad, make_room (self));

      memset (self->buffer + self->filled, 0, n * sizeof (float));
      self->filled += n;
      pad -= n;
      drain (self, total);
    }

  g_assert (self->n_frames == total);
}

guint64
akin_stft_get_n_samples (const AkinStft *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_samples;
}

guint
akin_stft_get_n_frames (const AkinStft *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_frames;
}
