/* akin-front-end.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * AkinFrontEnd: the streaming analysis of one track. Samples are pushed as
 * they are decoded; each STFT frame is reduced on the spot to what the
 * whole-track steps still need:
 *
 *   mel256 power  256 floats   (dB, MFCC, spectrogram)
 *   mel128 power  128 floats   (onset envelope, MFCC-20)
 *   roll-off        1 float
 *   silent flag     1 byte
 *
 * i.e. 1541 bytes per frame, about 66 KB per second of audio (4 MB per
 * minute), instead of the 8 KB per frame of a kept power spectrogram (the
 * arrays grow by doubling, so up to twice that unless
 * AkinFrontEndOptions.expected_samples sizes them up front). The tonality
 * accumulator keeps its own state (see akin-tonality.c); so does the
 * optional timbre accumulator (spectral contrast of every 4th frame, 32
 * bytes each, see akin-timbre-contrast.c). At the end the
 * dB conversion works in place; the results add 4 bytes per frame per MFCC
 * row, 8 for roll-off and onset, and 1 KB per frame for the mel dB matrix
 * when it is kept. At the end, where the
 * whole-track maximum is known, the dB clip, MFCC, onset envelope, tempo and
 * descriptors are computed and the per-frame storage is released.
 *
 * That per-frame storage is bounded by a window (AkinFrontEndOptions
 * .window_frames, ten minutes by default: about 40 MB). A track that
 * outgrows it is handed to akin-front-end-stream.c, which processes the
 * buffered frames and then every following chunk of frames as they come,
 * clipping against the maximum seen so far, and keeps fixed-size state:
 * running sums, the tempogram, reservoirs of encoder slices and timbre
 * frames, and the matrices at display resolution. Tracks within the window
 * are computed exactly as before.
 *
 * Threads: one AkinFrontEnd is used by one thread at a time; any number of
 * them may run in parallel. With AkinFrontEndOptions.threads = 2 it starts
 * a thread of its own (akin-front-end-threads.c): pushed samples are copied
 * into blocks and everything on_frame() does runs there,
 * in the same order as on one thread, so the results are the same to the
 * bit; so does the fingerprint (its Chromaprint context made there, on the
 * first block). At the end that thread finishes the fingerprint and the
 * tonality (the chroma of the buffered frames, the largest end-of-track
 * step for tracks that fit the tonality's buffer) while the pushing thread
 * computes the rest: the 256-band dB and MFCC, and beside them, on a
 * short-lived thread, the 128-band half (onset envelope, timbre, tempo).
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <time.h>

#include "akin-block-worker.h"
#include "akin-error.h"
#include "akin-fingerprint.h"
#include "akin-front-end.h"
#include "akin-front-end-private.h"
#include "akin-front-end-state.h"
#include "akin-front-end-stream.h"
#include "akin-mel.h"
#include "akin-mfcc.h"
#include "akin-stft.h"
#include "akin-tempo.h"
#include "akin-timbre.h"
#include "akin-tonality.h"

#define ROLL_PERCENT 0.9f

/* A frame is silent when its windowed energy is that of a signal below
 * −100 dBFS RMS: Σ_k |X_k|² over the one-sided spectrum is about
 * (n_fft · Σ w² / 2) · mean square = 786432 · mean square for the periodic
 * Hann window, so the bound is 786432 · 1e-10. This is under 16-bit
 * quantisation noise, so fades and dither keep their roll-off but digital
 * silence and near-silence (decoder noise) do not pull the mean to 0 Hz. */
#define SILENCE_ENERGY (786432.0 * 1e-10)

/* The profile's clock: this thread's CPU time, so that time other
 * processes take on a shared machine is not charged to any stage. Reading it
 * is a system call of about 0.7 µs, charged to the stage being closed; each
 * stage counts its marks so that a benchmark can subtract that cost. */
static double
profile_clock (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

#define NO_STAGE (-1)

/* With a profile attached, charges the time since the last mark to @stage
 * (an AkinFrontEndStage, or NO_STAGE); otherwise does nothing. */
static void
profile_mark (AkinFrontEnd *self,
              int           stage)
{
  double now;

  if (self->profile == NULL)
    return;
  now = profile_clock ();
  if (stage >= 0)
    {
      self->profile->seconds[stage] += now - self->lap;
      self->profile->marks[stage]++;
    }
  self->lap = now;
}

void
_akin_front_end_set_profile (AkinFrontEnd        *self,
                             AkinFrontEndProfile *profile)
{
  g_return_if_fail (self != NULL);
  /* The profile's clock is the calling thread's. */
  g_return_if_fail (self->worker == NULL);
  self->profile = profile;
}

/**
 * akin_front_end_options_init:
 * @opts: (out caller-allocates): options
 *
 * Fills in the defaults: 13 MFCC from 256 bands, no 128-band MFCC, no
 * mel dB matrix kept.
 */
void
akin_front_end_options_init (AkinFrontEndOptions *opts)
{
  g_return_if_fail (opts != NULL);

  *opts = (AkinFrontEndOptions) {
    .n_mfcc = 13,
    .n_mfcc_mel128 = 0,
    .keep_mel_db = FALSE,
    .expected_samples = 0,
    .timbre = FALSE,
    .fingerprint = FALSE,
    .window_frames = 0,
    .threads = 0,
  };
}

/* The lowest bin whose cumulative magnitude (float32, as librosa sums it)
 * reaches 90 % of the frame's total, bin 0 when the total is 0; and whether
 * the frame is silent. The two sums run in one loop so that their chains of
 * dependent additions overlap; the cumulative sums of non-negative values
 * never decrease, so the bin is found by bisection. */
static float
frame_rolloff (AkinFrontEnd *self,
               const float  *power,
               const float  *magnitude,
               guint8       *silent)
{
  float *c = self->cumulative;
  double energy[2] = { 0.0, 0.0 };
  float threshold;
  float acc = 0.0f;
  guint lo = 0;
  guint hi = AKIN_N_BINS - 1;

  for (guint k = 0; k < AKIN_N_BINS; k++)
    {
      acc += magnitude[k];
      c[k] = acc;
      energy[k % 2] += power[k];
    }
  *silent = energy[0] + energy[1] < SILENCE_ENERGY;
  threshold = ROLL_PERCENT * c[AKIN_N_BINS - 1];

  /* The first k with c[k] >= threshold; c[last] >= threshold always. */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (c[mid] >= threshold)
        hi = mid;
      else
        lo = mid + 1;
    }

  return (float) ((double) lo * AKIN_SAMPLE_RATE / AKIN_N_FFT);
}

/* Hands the buffered frames to the streaming state (creating it when the
 * window is full) and empties the buffers; after the window they are kept
 * one chunk long. */
static void
hand_over (AkinFrontEnd *self)
{
  guint n = self->rolloff->len;

  if (self->stream == NULL)
    self->stream = _akin_front_end_stream_new (&self->opts, self->window);
  _akin_front_end_stream_take (self->stream, n,
                               (float *) (gpointer) self->mel256->data,
                               (float *) (gpointer) self->mel128->data,
                               (const float *) (gpointer) self->rolloff->data,
                               self->silent->data, self->timbre);
  if (self->timbre != NULL)
    akin_timbre_accumulator_clear (self->timbre);

  if (n > AKIN_STREAM_CHUNK_FRAMES)
    {
      /* Give the window's memory back: from now on a chunk is enough. */
      g_array_unref (self->mel256);
      g_array_unref (self->mel128);
      g_array_unref (self->rolloff);
      g_byte_array_unref (self->silent);
      self->mel256 = g_array_sized_new (FALSE, FALSE, sizeof (float),
                                        AKIN_STREAM_CHUNK_FRAMES * 256);
      self->mel128 = g_array_sized_new (FALSE, FALSE, sizeof (float),
                                        AKIN_STREAM_CHUNK_FRAMES * 128);
      self->rolloff = g_array_sized_new (FALSE, FALSE, sizeof (float), AKIN_STREAM_CHUNK_FRAMES);
      self->silent = g_byte_array_sized_new (AKIN_STREAM_CHUNK_FRAMES);
    }
  else
    {
      g_array_set_size (self->mel256, 0);
      g_array_set_size (self->mel128, 0);
      g_array_set_size (self->rolloff, 0);
      g_byte_array_set_size (self->silent, 0);
    }
}

static void
on_frame (guint        frame,
          const float *power,
          const float *magnitude,
          gpointer     user_data)
{
  AkinFrontEnd *self = user_data;
  guint8 silent;
  float rolloff;
  guint n256;
  guint n128;

  profile_mark (self, AKIN_STAGE_STFT);
  if (self->rolloff->len == (self->stream == NULL ? self->window : AKIN_STREAM_CHUNK_FRAMES))
    hand_over (self);
  n256 = self->mel256->len;
  n128 = self->mel128->len;
  g_array_set_size (self->mel256, n256 + 256);
  akin_mel_bank_apply (self->bank256, power, &g_array_index (self->mel256, float, n256));
  profile_mark (self, AKIN_STAGE_MEL_MFCC);
  g_array_set_size (self->mel128, n128 + 128);
  akin_mel_bank_apply (self->bank128, power, &g_array_index (self->mel128, float, n128));
  profile_mark (self, AKIN_STAGE_ONSET_TEMPO);

  rolloff = frame_rolloff (self, power, magnitude, &silent);
  g_array_append_val (self->rolloff, rolloff);
  g_byte_array_append (self->silent, &silent, 1);
  profile_mark (self, AKIN_STAGE_ROLLOFF);

  if (self->timbre != NULL && frame % AKIN_TIMBRE_FRAME_STEP == 0)
    akin_timbre_accumulator_push (self->timbre, magnitude, silent);
  self->peak_buffered = MAX (self->peak_buffered, self->rolloff->len);

  akin_tonality_push_frame (self->tonality, power, magnitude);
  profile_mark (self, AKIN_STAGE_TONALITY);
}

/**
 * akin_front_end_new:
 * @opts: (nullable): options, %NULL for the defaults
 *
 * Creates an analyser for one track. Any thread may create one; from then
 * on it is used by one thread at a time.
 *
 * Returns: (transfer full): a new analyser, free with akin_front_end_free()
 */
AkinFrontEnd *
akin_front_end_new (const AkinFrontEndOptions *opts)
{
  AkinFrontEnd *self;
  guint reserve = 0;

  g_return_val_if_fail (opts == NULL || (opts->n_mfcc >= 1 && opts->n_mfcc <= 256), NULL);
  g_return_val_if_fail (opts == NULL || opts->n_mfcc_mel128 <= 128, NULL);

  self = g_new0 (AkinFrontEnd, 1);
  if (opts != NULL)
    self->opts = *opts;
  else
    akin_front_end_options_init (&self->opts);

  self->window = self->opts.window_frames > 0 ? self->opts.window_frames
                                              : AKIN_FRONT_END_WINDOW_FRAMES;
  self->window = MAX (self->window, AKIN_FRONT_END_MIN_WINDOW_FRAMES);
  if (self->opts.expected_samples > 0)
    reserve = MIN (akin_stft_frames_for_samples (self->opts.expected_samples), self->window);

  self->bank256 = akin_mel_bank_get (256);
  self->bank128 = akin_mel_bank_get (128);
  self->mel256 = g_array_sized_new (FALSE, FALSE, sizeof (float), reserve * 256);
  self->mel128 = g_array_sized_new (FALSE, FALSE, sizeof (float), reserve * 128);
  self->rolloff = g_array_sized_new (FALSE, FALSE, sizeof (float), reserve);
  self->silent = g_byte_array_sized_new (reserve);
  self->cumulative = g_new (float, AKIN_N_BINS);
  self->tonality = akin_tonality_new ();
  akin_tonality_set_max_tuning_frames (self->tonality, self->window);
  if (self->opts.timbre)
    self->timbre = akin_timbre_accumulator_new ();
  self->stft = akin_stft_new (on_frame, self);
  if (self->opts.threads >= 2)
    _akin_front_end_start_worker (self);
  else if (self->opts.fingerprint)
    self->fingerprinter = akin_fingerprinter_new ();

  return self;
}

/**
 * akin_front_end_free:
 * @self: (nullable) (transfer full): an analyser
 *
 * Frees the analyser, finished or not. Features it returned stay valid.
 */
void
akin_front_end_free (AkinFrontEnd *self)
{
  if (self == NULL)
    return;

  /* First, so that its thread touches nothing freed below. */
  g_clear_pointer (&self->worker, _akin_block_worker_abandon);
  g_clear_pointer (&self->fingerprinter, akin_fingerprinter_free);
  g_clear_pointer (&self->fingerprint, akin_fingerprint_free);
  g_clear_pointer (&self->stft, akin_stft_free);
  g_clear_pointer (&self->tonality, akin_tonality_free);
  g_clear_pointer (&self->timbre, akin_timbre_accumulator_free);
  g_clear_pointer (&self->mel256, g_array_unref);
  g_clear_pointer (&self->mel128, g_array_unref);
  g_clear_pointer (&self->rolloff, g_array_unref);
  g_clear_pointer (&self->silent, g_byte_array_unref);
  g_clear_pointer (&self->stream, _akin_front_end_stream_free);
  g_free (self->cumulative);
  g_free (self);
}

/**
 * akin_front_end_push:
 * @self: an analyser
 * @samples: (array length=n_samples): mono float samples at 22050 Hz
 * @n_samples: how many
 *
 * Analyses the frames these samples complete. Chunks may have any size.
 * Called from the thread that uses the analyser, typically the decoding
 * worker, as buffers arrive.
 */
/* For tests: the most frames held in the per-frame buffers at once. */
guint
_akin_front_end_get_peak_buffered_frames (const AkinFrontEnd *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->peak_buffered;
}

void
akin_front_end_push (AkinFrontEnd *self,
                     const float  *samples,
                     gsize         n_samples)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (!self->finished);

  if (self->worker != NULL)
    {
      _akin_block_worker_push (self->worker, samples, n_samples);
      return;
    }
  profile_mark (self, NO_STAGE);
  akin_stft_push (self->stft, samples, n_samples);
  profile_mark (self, AKIN_STAGE_STFT);
  if (self->fingerprinter != NULL)
    akin_fingerprinter_push (self->fingerprinter, samples, n_samples);
  profile_mark (self, NO_STAGE);
}

static float *
transpose (const float *frame_major,
           guint        n_rows,
           guint        n_frames)
{
  float *out = g_new (float, (gsize) n_rows * n_frames);

  for (guint t = 0; t < n_frames; t++)
    for (guint r = 0; r < n_rows; r++)
      out[(gsize) r * n_frames + t] = frame_major[(gsize) t * n_rows + r];

  return out;
}

static void
fill_rolloff (AkinFrontEnd *self,
              AkinFeatures *features)
{
  AkinDescriptors *desc = &features->descriptors;
  const float *rolloff = (const float *) (gpointer) self->rolloff->data;
  double sum_all = 0.0;
  double sum_sounding = 0.0;
  guint n_silent = 0;
  guint n = features->n_frames;

  for (guint t = 0; t < n; t++)
    {
      sum_all += rolloff[t];
      if (self->silent->data[t])
        n_silent++;
      else
        sum_sounding += rolloff[t];
    }

  desc->rolloff_mean_all = sum_all / n;
  desc->n_silent_frames = n_silent;
  desc->rolloff_mean = n_silent < n ? sum_sounding / (n - n_silent) : 0.0;
  desc->rolloff_freq = akin_round_half_even (desc->rolloff_mean, 0);
}

/* The timbre model from the accumulated contrast and the MFCC-20 of the
 * same (every AKIN_TIMBRE_FRAME_STEP-th) frames of the clipped 128-band dB,
 * which are exactly those rows of AkinFeatures.mfcc_mel128. */
static AkinTimbreModel *
fit_timbre (AkinTimbreAccumulator *timbre,
            const float           *mel128_db,
            guint                  n_frames)
{
  guint n_sub = akin_timbre_accumulator_get_n_frames (timbre);
  g_autofree float *sub = g_new (float, (gsize) MAX (n_sub, 1) * 128);
  g_autofree float *mfcc = g_new (float, (gsize) MAX (n_sub, 1) * AKIN_TIMBRE_N_MFCC);
  AkinTimbreModel *model = g_new (AkinTimbreModel, 1);

  g_assert (n_sub == (n_frames + AKIN_TIMBRE_FRAME_STEP - 1) / AKIN_TIMBRE_FRAME_STEP);
  for (guint i = 0; i < n_sub; i++)
    memcpy (sub + (gsize) i * 128, mel128_db + (gsize) i * AKIN_TIMBRE_FRAME_STEP * 128,
            128 * sizeof (float));
  akin_mfcc_compute (sub, 128, n_sub, AKIN_TIMBRE_N_MFCC, mfcc);
  akin_timbre_accumulator_finish (timbre, mfcc, model);
  return model;
}

/* The 128-band half of the end of a track (onset envelope, MFCC-20,
 * timbre model, tempo): it needs nothing of the 256-band half (dB, MFCC),
 * so with a second thread the two run side by side. */
typedef struct
{
  AkinFrontEnd      *self;
  AkinFeatures      *features;
  guint              n;
  AkinTempoEstimate  tempo;
} Mel128Job;

static gpointer
finish_mel128 (gpointer data)
{
  Mel128Job *job = data;
  AkinFrontEnd *self = job->self;
  AkinFeatures *features = job->features;
  float *mel128 = (float *) (gpointer) self->mel128->data;
  guint n = job->n;

  /* 128 bands, with their own global clip: onset envelope and tempo. */
  akin_power_to_db (mel128, (gsize) n * 128, AKIN_TOP_DB);
  features->onset_envelope = g_new (float, n);
  akin_onset_envelope (mel128, 128, n, features->onset_envelope);
  if (self->opts.n_mfcc_mel128 > 0)
    {
      features->n_mfcc_mel128 = self->opts.n_mfcc_mel128;
      features->mfcc_mel128 = g_new (float, (gsize) features->n_mfcc_mel128 * n);
      akin_mfcc_compute (mel128, 128, n, features->n_mfcc_mel128, features->mfcc_mel128);
    }
  if (self->timbre != NULL)
    features->timbre = fit_timbre (self->timbre, mel128, n);
  g_clear_pointer (&self->mel128, g_array_unref);

  akin_tempo_estimate (features->onset_envelope, n, &job->tempo);
  return NULL;
}

/**
 * akin_front_end_finish:
 * @self: an analyser
 * @error: return location for an error
 *
 * Ends the track: flushes the last frames and computes the whole-track
 * results. The analyser cannot be used afterwards, except to be freed.
 * Called from the thread that uses the analyser; it costs a third to a half of
 * the whole analysis (see bench/bench-frontend.c), so never on the main loop.
 *
 * Returns: (transfer full): the features, or %NULL with %AKIN_ERROR_EMPTY
 *   when no sample was pushed
 */
AkinFeatures *
akin_front_end_finish (AkinFrontEnd  *self,
                       GError       **error)
{
  g_autoptr(AkinFeatures) features = NULL;
  AkinTonalityResult tonality;
  Mel128Job mel128 = { 0 };
  GThread *mel128_thread = NULL;
  AkinDescriptors *desc;
  float *mel256;
  guint64 n_samples;
  guint n;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (!self->finished, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self->finished = TRUE;
  profile_mark (self, NO_STAGE);
  /* The worker's frames are all in once it is closed. */
  if (self->worker != NULL)
    _akin_block_worker_close (self->worker);
  n_samples = akin_stft_get_n_samples (self->stft);
  if (n_samples == 0)
    {
      g_set_error_literal (error, AKIN_ERROR, AKIN_ERROR_EMPTY,
                           "No audio samples to analyse");
      return NULL;
    }

  if (self->worker == NULL)
    akin_stft_finish (self->stft);
  profile_mark (self, AKIN_STAGE_STFT);
  n = akin_stft_get_n_frames (self->stft);

  features = akin_features_new (n_samples, n);
  desc = &features->descriptors;
  desc->samplefreq = AKIN_SAMPLE_RATE;
  desc->sample_points = n_samples;
  desc->duration = (double) n_samples / AKIN_SAMPLE_RATE;

  if (self->stream != NULL)
    {
      hand_over (self);
      _akin_front_end_stream_finish (self->stream, features);
      profile_mark (self, AKIN_STAGE_MEL_MFCC);
      _akin_front_end_finish_tonality (self, &tonality, features);
      akin_descriptors_set_tonality (desc, &tonality);
      profile_mark (self, AKIN_STAGE_TONALITY);
      return g_steal_pointer (&features);
    }
  g_assert (self->rolloff->len == n);

  mel128 = (Mel128Job) { .self = self, .features = features, .n = n };
  /* With a second thread, the 128-band half runs beside this one (the
   * worker only has the tonality and fingerprint left to finish). */
  if (self->worker != NULL)
    mel128_thread = g_thread_new ("akin-tempo", finish_mel128, &mel128);

  /* 256 bands: dB against the whole track's maximum, MFCC, optional matrix. */
  mel256 = (float *) (gpointer) self->mel256->data;
  features->mel_db_floor = akin_power_to_db (mel256, (gsize) n * 256, AKIN_TOP_DB);
  features->mel_db_max = -G_MAXFLOAT;
  for (gsize i = 0; i < (gsize) n * 256; i++)
    features->mel_db_max = MAX (features->mel_db_max, mel256[i]);
  features->n_mfcc = self->opts.n_mfcc;
  features->mfcc = g_new (float, (gsize) features->n_mfcc * n);
  akin_mfcc_compute (mel256, 256, n, features->n_mfcc, features->mfcc);
  if (self->opts.keep_mel_db)
    features->mel_db = transpose (mel256, 256, n);
  g_clear_pointer (&self->mel256, g_array_unref);
  profile_mark (self, AKIN_STAGE_MEL_MFCC);

  if (mel128_thread != NULL)
    g_thread_join (mel128_thread);
  else
    finish_mel128 (&mel128);
  desc->tempo_lag = mel128.tempo.lag;
  desc->tempo_librosa_bpm = mel128.tempo.librosa_bpm;
  desc->tempo_bpm = mel128.tempo.bpm;
  profile_mark (self, AKIN_STAGE_ONSET_TEMPO);

  fill_rolloff (self, features);
  features->rolloff = g_memdup2 (self->rolloff->data, (gsize) n * sizeof (float));
  profile_mark (self, AKIN_STAGE_ROLLOFF);

  _akin_front_end_finish_tonality (self, &tonality, features);
  akin_descriptors_set_tonality (desc, &tonality);
  profile_mark (self, AKIN_STAGE_TONALITY);

  return g_steal_pointer (&features);
}
