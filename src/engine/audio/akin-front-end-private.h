/* akin-front-end-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "akin-front-end.h"

G_BEGIN_DECLS

/* The stages of the analysis, as a profile splits them (per-frame and
 * end-of-track work together):
 *   STFT:        framing, window, FFT, power and magnitude
 *   MEL_MFCC:    256-band mel, its dB and the MFCC
 *   ROLLOFF:     roll-off and the silence flag, their means
 *   ONSET_TEMPO: 128-band mel, its dB, the onset envelope and the tempo
 *                (and the optional 128-band MFCC)
 *   TONALITY:    tuning, chroma and keys */
typedef enum
{
  AKIN_STAGE_STFT,
  AKIN_STAGE_MEL_MFCC,
  AKIN_STAGE_ROLLOFF,
  AKIN_STAGE_ONSET_TEMPO,
  AKIN_STAGE_TONALITY,
  AKIN_N_STAGES
} AkinFrontEndStage;

/* For benchmarks: the thread CPU time charged to each stage, in seconds,
 * and how many clock reads closed an interval of it. Each read costs a
 * system call that is charged to the stage it closes, so the true time of
 * a stage is seconds minus marks × the cost of one read (which the caller
 * measures). Nothing is read when no profile is attached. */
typedef struct
{
  double  seconds[AKIN_N_STAGES];
  guint64 marks[AKIN_N_STAGES];
} AkinFrontEndProfile;

/* Attaches @profile (owned by the caller, zeroed by it, alive until the
 * analyser is finished) before the first push; NULL detaches. */
void _akin_front_end_set_profile (AkinFrontEnd        *self,
                                  AkinFrontEndProfile *profile);

guint _akin_front_end_get_peak_buffered_frames (const AkinFrontEnd *self);

G_END_DECLS
