/* akin-mel.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * AkinMelBank:
 * @n_bands: number of mel bands (256 or 128)
 * @first: per band, the first FFT bin with a non-zero weight
 * @length: per band, how many consecutive bins have a non-zero weight
 * @offset: per band, where its weights start in @weights
 * @weights: all non-zero weights, band after band, float32 as librosa stores them
 * @edges_hz: the @n_bands + 2 band edges in Hz
 *
 * A Slaney mel filter bank (librosa 0.9.2 `filters.mel` with htk=False,
 * norm='slaney', fmin 0, fmax sr/2) over the %AKIN_N_BINS bins of the
 * 2048-point FFT at 22050 Hz, stored sparsely. Banks are immutable and shared.
 */
typedef struct
{
  guint        n_bands;
  const guint *first;
  const guint *length;
  const guint *offset;
  const float *weights;
  const double *edges_hz;
  /* private: the weights as doubles, each band's run zero-padded to an even
   * length and starting at pair_offset[b] pairs into the 16-byte aligned
   * pairs array, for two-lane accumulation. */
  const double *pairs;
  const guint  *pair_offset;
} AkinMelBank;

const AkinMelBank *akin_mel_bank_get   (guint              n_bands);
void               akin_mel_bank_apply (const AkinMelBank *bank,
                                        const float       *power,
                                        float             *out);

double             akin_hz_to_mel      (double             hz);
double             akin_mel_to_hz      (double             mel);

G_END_DECLS
