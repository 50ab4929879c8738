/* akin-features.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "akin-descriptors.h"
#include "akin-fingerprint.h"
#include "akin-timbre.h"

G_BEGIN_DECLS

#define AKIN_SLICE_FRAMES 256  /* frames per encoder slice, 5.94 s */

/**
 * AkinFeatures:
 * @n_samples: samples analysed
 * @n_frames: STFT frames T = 1 + floor (@n_samples / 512)
 * @n_columns: columns of the per-frame matrices and arrays (@mfcc,
 *   @mfcc_mel128, @mel_db, @rolloff, @onset_envelope): @n_frames for a track
 *   that fits the front end's window (#AkinFrontEndOptions.window_frames,
 *   ten minutes by default), fewer for a longer track
 * @column_frames: frames per column: 1 inside the window; for a longer
 *   track a power of two, each column holding the mean of its frames (the
 *   last column may cover fewer), so that a track of any length is kept at
 *   display resolution
 * @n_mfcc: rows of @mfcc
 * @mfcc: MFCC from the 256-band mel dB, row-major [@n_mfcc][@n_columns]
 * @n_mfcc_mel128: rows of @mfcc_mel128, 0 when not computed
 * @mfcc_mel128: (nullable): MFCC from the 128-band mel dB (librosa's
 *   `mfcc(y)` configuration), [@n_mfcc_mel128][@n_columns]
 * @mel_db: (nullable): the 256-band mel dB, [256][@n_columns], row 0 the
 *   lowest band; only when the front end was asked to keep it
 * @mel_db_max: the maximum of the 256-band dB matrix
 * @mel_db_floor: its clip floor, max (@mel_db_max − 80, −100): every band of
 *   a silent frame has this value
 * @rolloff: per column, the 90 % roll-off frequency in Hz (0 for silent frames)
 * @onset_envelope: per column, the onset strength (librosa's median aggregation)
 * @descriptors: the track's descriptors
 * @timbre: (nullable): the whole-song timbre model, when the front end was
 *   asked for it
 * @fingerprint: (nullable): the acoustic fingerprint, when it was asked for
 *   (#AkinFrontEndOptions.fingerprint) and the audio has one
 * @n_slices: slices in @slices, 0 for a track inside the window
 * @slice_stride: for a longer track, @slices holds every @slice_stride-th
 *   encoder slice of the track (see akin_features_get_slices())
 * @slices: (nullable): for a track longer than the window, the kept encoder
 *   slices, @n_slices × @n_mfcc × %AKIN_SLICE_FRAMES; %NULL otherwise
 *
 * Everything the front end extracts from one track. Matrices use librosa's
 * orientation: one row per band or coefficient, frames along the row. The
 * struct is immutable once returned and reference counted; any thread may
 * read it and take or drop references.
 */
typedef struct
{
  guint64          n_samples;
  guint            n_frames;
  guint            n_columns;
  guint            column_frames;
  guint            n_mfcc;
  float           *mfcc;
  guint            n_mfcc_mel128;
  float           *mfcc_mel128;
  float           *mel_db;
  float            mel_db_max;
  float            mel_db_floor;
  float           *rolloff;
  float           *onset_envelope;
  AkinDescriptors  descriptors;
  AkinTimbreModel *timbre;
  AkinFingerprint *fingerprint;
  guint            n_slices;
  guint            slice_stride;
  float           *slices;
} AkinFeatures;

AkinFeatures *akin_features_new        (guint64             n_samples,
                                        guint               n_frames);
AkinFeatures *akin_features_ref        (AkinFeatures       *self);
void          akin_features_unref      (AkinFeatures       *self);
float        *akin_features_get_slices (const AkinFeatures *self,
                                        guint               n_coef,
                                        guint              *n_slices);
guint         akin_features_count_slices (guint             n_frames);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AkinFeatures, akin_features_unref)

G_END_DECLS
