/* akin-front-end.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "akin-features.h"

G_BEGIN_DECLS

/**
 * AkinFrontEndOptions:
 * @n_mfcc: MFCC rows kept from the 256-band mel dB (1–256; default 13, the
 *   prototype's; the encoders use 16)
 * @n_mfcc_mel128: MFCC rows computed from the 128-band mel dB (0–128; 0, the
 *   default, skips them; 20 matches librosa's `mfcc(y)`)
 * @keep_mel_db: keep the 256-band mel dB matrix (for the spectrogram view)
 * @timbre: fit the whole-song timbre model (#AkinTimbreModel, from every
 *   %AKIN_TIMBRE_FRAME_STEP-th frame) into #AkinFeatures.timbre
 * @fingerprint: also compute the acoustic fingerprint (#AkinFingerprint)
 *   into #AkinFeatures.fingerprint; done by akin_analyze_features() beside
 *   the front end, from the same samples
 * @expected_samples: a hint (0 = unknown) used to size the per-frame
 *   storage up front instead of growing it
 *
 * What akin_front_end_finish() computes. Initialise with
 * akin_front_end_options_init() so fields added later get their defaults.
 */
typedef struct
{
  guint    n_mfcc;
  guint    n_mfcc_mel128;
  gboolean keep_mel_db;
  guint64  expected_samples;
  gboolean timbre;
  gboolean fingerprint;
} AkinFrontEndOptions;

typedef struct _AkinFrontEnd AkinFrontEnd;

void          akin_front_end_options_init (AkinFrontEndOptions       *opts);
AkinFrontEnd *akin_front_end_new          (const AkinFrontEndOptions *opts);
void          akin_front_end_free         (AkinFrontEnd              *self);
void          akin_front_end_push         (AkinFrontEnd              *self,
                                           const float               *samples,
                                           gsize                      n_samples);
AkinFeatures *akin_front_end_finish       (AkinFrontEnd              *self,
                                           GError                   **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AkinFrontEnd, akin_front_end_free)

G_END_DECLS
