/* akin-front-end-threads.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The front end's second thread (AkinFrontEndOptions.threads = 2, see
 * akin-front-end.c): pushed samples go in blocks of BLOCK_SAMPLES to a
 * thread of its own (akin-block-worker.c), which runs the STFT, and so
 * everything on_frame() does, and the fingerprint, in the same order as on
 * one thread; at the end it finishes the fingerprint and the tonality while
 * the pushing thread computes the rest.
 */

#include "config.h"

#include "akin-front-end-state.h"
#include "akin-tempo.h"

/* About 1.5 s of audio per hand-over, and a ring of sixteen blocks
 * (2 MiB): the decoder goes on while the worker opens Chromaprint on its
 * first block, about 20 ms, in which a fast decoder produces 5-10 s of
 * audio. */
#define BLOCK_SAMPLES 32768
#define N_BLOCKS      16

/* The worker's functions (opts.threads >= 2): each block goes through the
 * STFT (and so on_frame()); after the last one the STFT emits its last
 * frames; then the tonality is finished while the pushing thread goes on. */
static void
worker_block (const float *samples,
              gsize        n_samples,
              gpointer     user_data)
{
  AkinFrontEnd *self = user_data;

  /* The tempo's FFT plans, made once per process, would otherwise be made
   * at the end of the track on the pushing thread. */
  if (akin_stft_get_n_samples (self->stft) == 0)
    akin_tempo_prepare ();
  akin_stft_push (self->stft, samples, n_samples);
  if (self->opts.fingerprint)
    {
      /* Opening Chromaprint the first time costs as much as a few seconds
       * of audio: here, not before the decode starts. */
      if (self->fingerprinter == NULL)
        self->fingerprinter = akin_fingerprinter_new ();
      akin_fingerprinter_push (self->fingerprinter, samples, n_samples);
    }
}

static void
worker_flush (gpointer user_data)
{
  AkinFrontEnd *self = user_data;

  if (akin_stft_get_n_samples (self->stft) > 0)
    akin_stft_finish (self->stft);
}

static void
worker_finish (gpointer user_data)
{
  AkinFrontEnd *self = user_data;

  if (self->fingerprinter != NULL)
    self->fingerprint = akin_fingerprinter_finish (self->fingerprinter);
  akin_tonality_finish (self->tonality, &self->tonality_result);
}

/* The tonality's result and the fingerprint: from the worker, or computed
 * here. */
void
_akin_front_end_finish_tonality (AkinFrontEnd       *self,
                                 AkinTonalityResult *result,
                                 AkinFeatures       *features)
{
  if (self->worker != NULL)
    {
      _akin_block_worker_join (g_steal_pointer (&self->worker));
      *result = self->tonality_result;
      features->fingerprint = g_steal_pointer (&self->fingerprint);
    }
  else
    {
      akin_tonality_finish (self->tonality, result);
      if (self->fingerprinter != NULL)
        features->fingerprint = akin_fingerprinter_finish (self->fingerprinter);
    }
}

void
_akin_front_end_start_worker (AkinFrontEnd *self)
{
  self->worker = _akin_block_worker_new (BLOCK_SAMPLES, N_BLOCKS, worker_block, worker_flush,
                                         worker_finish, self);
}
