/* akin-frontend-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "akin-frontend.h"

G_BEGIN_DECLS

/* Time spent in each stage of one AkinFrontEnd, in seconds, per frame and at
 * the end of the track together:
 *   stft:        framing, window, FFT, power and magnitude
 *   mel_mfcc:    256-band mel, its dB and the MFCC
 *   rolloff:     roll-off and the silence flag, their means
 *   onset_tempo: 128-band mel, its dB, the onset envelope and the tempo
 *                (and the optional 128-band MFCC)
 *   tonality:    tuning, chroma and keys
 * For benchmarks. The stages are timed with the monotonic clock, which is
 * cheap enough to read five times a frame, so they include any time the
 * thread was preempted: compare them on an idle machine or take the least
 * of several runs. Nothing is read when no profile is attached. */
typedef struct
{
  double stft;
  double mel_mfcc;
  double rolloff;
  double onset_tempo;
  double tonality;
} AkinFrontEndProfile;

/* Attaches @profile (owned by the caller, zeroed by it, alive until the
 * analyser is finished) before the first push; NULL detaches. */
void _akin_front_end_set_profile (AkinFrontEnd        *self,
                                  AkinFrontEndProfile *profile);

G_END_DECLS
