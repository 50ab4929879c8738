/* akin-tempo.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* librosa beat.tempo defaults at 22050 Hz, hop 512. */
#define AKIN_TEMPO_AC_SIZE   344  /* floor(8 s · 22050 / 512) frames */
#define AKIN_TEMPO_FRAME_BPM 2583.984375  /* 60 · 22050 / 512: bpm = this / lag */

/**
 * AkinTempoEstimate:
 * @lag: librosa's best lag in frames, 0 when the envelope is all zero
 * @librosa_bpm: %AKIN_TEMPO_FRAME_BPM / @lag (librosa `beat.tempo`), 0 when
 *   @lag is 0
 * @period: the refined beat period in frames (fractional), 0 when @lag is 0
 * @bpm: %AKIN_TEMPO_FRAME_BPM / @period, the refined tempo, 0 when @lag is 0
 * @score_margin: score of the best lag minus the best other lag's score
 */
typedef struct
{
  guint  lag;
  double librosa_bpm;
  double period;
  double bpm;
  double score_margin;
} AkinTempoEstimate;

void akin_onset_envelope (const float       *mel_db,
                          guint              n_bands,
                          guint              n_frames,
                          float             *envelope);
float akin_onset_strength (const float       *prev,
                          const float       *next,
                          guint              n_bands,
                          float             *diff,
                          float             *scratch);
void akin_tempo_estimate (const float       *envelope,
                          guint              n_frames,
                          AkinTempoEstimate *estimate);

typedef struct _AkinTempogram AkinTempogram;

void           akin_tempo_prepare    (void);
AkinTempogram *akin_tempogram_new    (void);
void           akin_tempogram_free   (AkinTempogram     *self);
void           akin_tempogram_push   (AkinTempogram     *self,
                                      const float       *envelope,
                                      gsize              n);
void           akin_tempogram_finish (AkinTempogram     *self,
                                      AkinTempoEstimate *estimate);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AkinTempogram, akin_tempogram_free)

G_END_DECLS
