/* akin-tonality.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Tuning, chroma and key of a track, fed one STFT frame at a time, with
 * librosa 0.9.2's definitions (the numbers in tests/data come from an oracle
 * that is bit-identical to librosa):
 *
 *  - tuning: estimate_tuning() on the magnitude spectrogram. piptrack keeps
 *    the local maxima above 0.1 × the frame maximum between 150 and 4000 Hz,
 *    refined by parabolic interpolation; the peaks whose magnitude reaches the
 *    median over the whole track vote in a 100-bin histogram of pitch
 *    residuals, and the left edge of the fullest bin is the answer. Peaks are
 *    few, so each is stored for the whole track as its magnitude and its
 *    histogram bin (5 bytes), and the median is taken at the end
 *    (akin-tonality-tuning.c).
 *
 *  - chroma: chroma_stft() re-estimates the tuning on the POWER spectrogram
 *    and builds its 12 × 1025 filter bank for that tuning, so no frame can be
 *    projected before the last one has been seen. To keep memory bounded for
 *    any length, power frames are buffered (in chunks, never more than
 *    max_buffered_frames of them, by default 4096 ≈ 95 s ≈ 16.8 MB): a track
 *    that fits gets its chroma tuning from all its frames, exactly as
 *    librosa; for a longer track the chroma tuning is fixed from the peaks of
 *    the buffered first frames when the buffer is full, the buffer is
 *    projected and freed, and the rest of the track streams through that
 *    bank. A recording's tuning rarely drifts, so its first minute and a
 *    half is a fair sample, and one tuning bin only moves the bank by a
 *    hundredth of a semitone. The result says how many frames the chroma
 *    tuning came from (chroma_tuning_frames).
 *
 *    There are only 100 possible tunings, so the banks are built once per
 *    tuning bin and shared, immutable, by every instance (g_once per bin,
 *    in akin-tonality-tuning.c).
 *    Each frame is W·P (12 × 1025 multiply-adds, accumulated in float32 as
 *    librosa's product is),
 *    divided by its maximum, and added to the per-class sums.
 *
 *  - keys from the chroma sums: the Krumhansl–Kessler 24-key correlation, and
 *    the prototype's binary major-mask rule with its z-score, kept for
 *    compatibility with its metadata (akin-tonality-key.c).
 *
 * Threads: an AkinTonality is used by one thread at a time; any number of
 * them may run in parallel.
 */

#include "config.h"

#include <float.h>
#include <string.h>
#ifdef __SSE2__
#include <pmmintrin.h>
#endif

#include "akin-simd.h"
#include "akin-stft.h"
#include "akin-tonality.h"
#include "akin-tonality-private.h"

#define CHUNK_FRAMES 256            /* power frames per buffer chunk, 1 MB */

struct _AkinTonality
{
  guint               max_buffered;
  AkinChromaFrameFunc chroma_func;
  gpointer            chroma_data;

  guint               n_frames;
  guint               max_tuning_frames;
  AkinPeakSet         magnitude_peaks;  /* the first max_tuning_frames frames */
  AkinPeakSet         power_peaks;      /* buffered frames, until the chroma tuning is fixed */

  GPtrArray          *chunks;           /* float[≤ CHUNK_FRAMES × AKIN_N_BINS] each */
  guint               n_buffered;
  guint               buffered_peak;

  const float        *bank;             /* AKIN_N_BINS × 12, NULL until the tuning is fixed */
  int                 chroma_bin;
  guint               chroma_tuning_frames;
  guint               n_projected;
  double              sums[12];
  gboolean            finished;
};

typedef float v8sf __attribute__ ((vector_size (32)));

/* The projection runs eight lanes wide on two bins at a time, whose 24
 * weights are three vectors: classes 0–7 of bin k, classes 8–11 of bin k
 * and 0–3 of bin k + 1, classes 4–11 of bin k + 1. Each lane sums one class
 * of the even or of the odd bins in order, and the two are added at the
 * end, as they were four lanes wide: the same bits in either build.
 *
 * Far from its class's centre a weight falls to about 5 × 10⁻³² (a
 * Gaussian of six semitones over a width of one), and its products with
 * the power of quiet bins are subnormal floats, which x86 processors
 * compute in microcode, a hundred times slower: they made the projection
 * ten times slower than its arithmetic. The products are taken with
 * subnormals flushed to zero. A product below the smallest normal float
 * (2⁻¹²⁶) changes a float sum only when that sum is below 2⁻¹⁰¹, so the
 * chroma is the same to the bit unless a class's whole sum is about 300 dB
 * below full scale. */
static AKIN_SIMD_CLONES void
project_frame (AkinTonality *self,
               const float  *power)
{
  const v8sf *w = (const v8sf *) (gconstpointer) self->bank;
  v8sf even = { 0 }, mixed = { 0 }, odd = { 0 };
  float acc[12];
  float chroma[12];
  float max = 0.0f;
  guint k;
#ifdef __SSE2__
  unsigned int csr = _mm_getcsr ();

  _mm_setcsr (csr | _MM_FLUSH_ZERO_ON | _MM_DENORMALS_ZERO_ON);
#endif

  g_assert (self->bank != NULL);

  /* acc[c] = Σ_k w[k][c] · p[k] in float32, as librosa's float32 product
   * does. */
  for (k = 0; k + 2 <= AKIN_N_BINS; k += 2, w += 3)
    {
      float p = power[k], q = power[k + 1];
      v8sf pp = { p, p, p, p, p, p, p, p };
      v8sf pq = { p, p, p, p, q, q, q, q };
      v8sf qq = { q, q, q, q, q, q, q, q };

      even += w[0] * pp;
      mixed += w[1] * pq;
      odd += w[2] * qq;
    }
  for (int c = 0; c < 8; c++)
    acc[c] = even[c];
  for (int c = 0; c < 4; c++)
    acc[8 + c] = mixed[c];
  if (k < AKIN_N_BINS)
    {
      const float *last = (const float *) (gconstpointer) w;

      for (int c = 0; c < 12; c++)
        acc[c] += last[c] * power[k];
    }
  for (int c = 0; c < 4; c++)
    acc[c] += mixed[4 + c];
  for (int c = 0; c < 8; c++)
    acc[4 + c] += odd[c];
#ifdef __SSE2__
  _mm_setcsr (csr);
#endif

  for (int c = 0; c < 12; c++)
    {
      chroma[c] = acc[c];
      max = MAX (max, chroma[c]);
    }

  /* util.normalize(norm=inf): frames whose maximum is below the smallest
   * normal float32 are left as they are. */
  if (!(max < FLT_MIN))
    for (int c = 0; c < 12; c++)
      chroma[c] = chroma[c] / max;

  for (int c = 0; c < 12; c++)
    self->sums[c] += chroma[c];

  if (self->chroma_func != NULL)
    self->chroma_func (self->n_projected, chroma, self->chroma_data);
  self->n_projected++;
}

static void
buffer_frame (AkinTonality *self,
              const float  *power)
{
  guint chunk = self->n_buffered / CHUNK_FRAMES;
  guint offset = self->n_buffered % CHUNK_FRAMES;
  float *frames;

  g_assert (self->n_buffered < self->max_buffered);

  if (chunk == self->chunks->len)
    {
      guint room = MIN (CHUNK_FRAMES, self->max_buffered - chunk * CHUNK_FRAMES);

      g_ptr_array_add (self->chunks, g_new (float, (gsize) room * AKIN_N_BINS));
    }

  frames = g_ptr_array_index (self->chunks, chunk);
  memcpy (frames + (gsize) offset * AKIN_N_BINS, power, AKIN_N_BINS * sizeof (float));
  self->n_buffered++;
  self->buffered_peak = MAX (self->buffered_peak, self->n_buffered);
}

/* Fixes the chroma tuning from the buffered frames' peaks, projects the
 * buffer through that bank, and frees the buffer. */
static void
fix_chroma_tuning (AkinTonality *self)
{
  g_assert (self->bank == NULL);

  self->chroma_bin = _akin_peak_set_tuning_bin (&self->power_peaks);
  self->bank = _akin_chroma_bank (self->chroma_bin);
  self->chroma_tuning_frames = self->n_buffered;
  _akin_peak_set_clear (&self->power_peaks);

  for (guint i = 0; i < self->n_buffered; i++)
    {
      const float *frames = g_ptr_array_index (self->chunks, i / CHUNK_FRAMES);

      project_frame (self, frames + (gsize) (i % CHUNK_FRAMES) * AKIN_N_BINS);
    }

  g_ptr_array_set_size (self->chunks, 0);
  self->n_buffered = 0;
}

/**
 * akin_tonality_new_full:
 * @max_buffered_frames: the most power frames held before the chroma tuning
 *   is fixed (at least 1); %AKIN_TONALITY_DEFAULT_BUFFER_FRAMES normally
 *
 * Creates an accumulator. Tracks of at most @max_buffered_frames frames get
 * exactly librosa's chroma; longer tracks take the chroma tuning from their
 * first @max_buffered_frames frames. Memory stays below
 * @max_buffered_frames × 4100 bytes plus 5 bytes per magnitude peak.
 *
 * Returns: (transfer full): a new accumulator, for one track, to be used
 *   from one thread at a time
 */
AkinTonality *
akin_tonality_new_full (guint max_buffered_frames)
{
  AkinTonality *self;

  g_return_val_if_fail (max_buffered_frames >= 1, NULL);

  self = g_new0 (AkinTonality, 1);
  self->max_buffered = max_buffered_frames;
  self->max_tuning_frames = G_MAXUINT;
  _akin_peak_set_init (&self->magnitude_peaks);
  _akin_peak_set_init (&self->power_peaks);
  self->chunks = g_ptr_array_new_with_free_func (g_free);
  self->chroma_bin = -1;

  return self;
}

/**
 * akin_tonality_new:
 *
 * akin_tonality_new_full() with %AKIN_TONALITY_DEFAULT_BUFFER_FRAMES.
 *
 * Returns: (transfer full): a new accumulator; any thread may create one
 */
AkinTonality *
akin_tonality_new (void)
{
  return akin_tonality_new_full (AKIN_TONALITY_DEFAULT_BUFFER_FRAMES);
}

/**
 * akin_tonality_set_max_tuning_frames:
 * @self: an accumulator, before its first frame
 * @max_frames: how many frames the tuning (#AkinTonalityResult.tuning) is
 *   estimated from, at least 1
 *
 * By default the tuning comes from every frame, which keeps 5 bytes per
 * spectral peak of the whole track. A limit keeps that bounded: the tuning
 * of a longer track comes from its first @max_frames frames, as the chroma
 * tuning does from its buffer (a recording's tuning rarely drifts).
 */
void
akin_tonality_set_max_tuning_frames (AkinTonality *self,
                                     guint         max_frames)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (max_frames >= 1);
  g_return_if_fail (self->n_frames == 0);

  self->max_tuning_frames = max_frames;
}

/**
 * akin_tonality_free:
 * @self: (nullable) (transfer full): an accumulator
 */
void
akin_tonality_free (AkinTonality *self)
{
  if (self == NULL)
    return;

  _akin_peak_set_clear (&self->magnitude_peaks);
  _akin_peak_set_clear (&self->power_peaks);
  g_clear_pointer (&self->chunks, g_ptr_array_unref);
  g_free (self);
}

/**
 * akin_tonality_set_chroma_func:
 * @self: an accumulator, before its first frame
 * @func: (nullable): receives each max-normalised chroma frame, in order
 * @user_data: passed to @func
 *
 * @func runs in the thread that pushes the frames or calls
 * akin_tonality_finish(), possibly many frames late (see #AkinChromaFrameFunc).
 */
void
akin_tonality_set_chroma_func (AkinTonality        *self,
                               AkinChromaFrameFunc  func,
                               gpointer             user_data)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (self->n_frames == 0);

  self->chroma_func = func;
  self->chroma_data = user_data;
}

/**
 * akin_tonality_push_frame:
 * @self: an accumulator
 * @power: (array fixed-size=1025): |X|² of the next STFT frame
 * @magnitude: (array fixed-size=1025): |X| of the same frame
 *
 * Adds one frame, as #AkinStft delivers them. The arrays are copied as
 * needed; the caller keeps them.
 */
void
akin_tonality_push_frame (AkinTonality *self,
                          const float  *power,
                          const float  *magnitude)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (power != NULL && magnitude != NULL);
  g_return_if_fail (!self->finished);

  if (self->n_frames < self->max_tuning_frames)
    _akin_peak_set_collect (magnitude, &self->magnitude_peaks);

  if (self->bank == NULL && self->n_buffered == self->max_buffered)
    fix_chroma_tuning (self);

  if (self->bank == NULL)
    {
      _akin_peak_set_collect (power, &self->power_peaks);
      buffer_frame (self, power);
    }
  else
    {
      project_frame (self, power);
    }

  self->n_frames++;
}

/**
 * akin_tonality_finish:
 * @self: an accumulator
 * @result: (out caller-allocates): receives the tuning, chroma sums and keys
 *
 * Ends the track: projects what is still buffered and computes the keys.
 * Call it once; only akin_tonality_free() may follow. A track without frames
 * or without sound gives tuning 0 and undefined keys (see
 * #AkinTonalityResult), never an error.
 */
void
akin_tonality_finish (AkinTonality       *self,
                      AkinTonalityResult *result)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (result != NULL);
  g_return_if_fail (!self->finished);

  self->finished = TRUE;

  if (self->bank == NULL)
    fix_chroma_tuning (self);
  g_assert (self->n_projected == self->n_frames);

  memset (result, 0, sizeof *result);
  result->tuning = _akin_tuning_from_bin (_akin_peak_set_tuning_bin (&self->magnitude_peaks));
  result->chroma_tuning = _akin_tuning_from_bin (self->chroma_bin);
  result->n_frames = self->n_frames;
  result->chroma_tuning_frames = self->chroma_tuning_frames;
  memcpy (result->chroma_sums, self->sums, sizeof self->sums);
  _akin_tonality_compute_keys (result);

  _akin_peak_set_clear (&self->magnitude_peaks);
}

/**
 * akin_tonality_get_buffered_frames_peak:
 * @self: an accumulator
 *
 * Returns: the most power frames held at once so far; never more than the
 *   buffer size given to akin_tonality_new_full()
 */
guint
akin_tonality_get_buffered_frames_peak (const AkinTonality *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->buffered_peak;
}
