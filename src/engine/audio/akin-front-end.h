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
 *   of the pushed samples into #AkinFeatures.fingerprint
 * @expected_samples: a hint (0 = unknown) used to size the per-frame
 *   storage up front instead of growing it
 * @window_frames: the most frames whose mel power is kept for the exact
 *   whole-track computation (0, the default, means
 *   %AKIN_FRONT_END_WINDOW_FRAMES, ten minutes; at least
 *   %AKIN_FRONT_END_MIN_WINDOW_FRAMES). A longer track streams past it
 *   with fixed memory: see #AkinFeatures.n_columns and
 *   #AkinFeatures.slices. Smaller values are for tests.
 * @threads: 0 or 1 (the default): all the work on the thread that pushes
 *   and finishes; 2: the spectral work (STFT, mel bands, roll-off, timbre,
 *   tuning and chroma) and the fingerprint on a thread of its own, fed with
 *   blocks of samples, and the end-of-track chroma beside the rest of
 *   akin_front_end_finish().
 *   The results are the same to the bit; the wall time is shorter when a
 *   core is free, the CPU time a little longer. For one song analysed
 *   while the user waits; a scan that keeps every core busy gains nothing.
 *
 * What akin_front_end_finish() computes. Initialise with
 * akin_front_end_options_init() so fields added later get their defaults.
 */
/* Ten minutes of frames (1 + 600 · 22050 / 512): every track up to ten
 * minutes is analysed exactly as the model was trained. */
#define AKIN_FRONT_END_WINDOW_FRAMES     25840
#define AKIN_FRONT_END_MIN_WINDOW_FRAMES 512

typedef struct
{
  guint    n_mfcc;
  guint    n_mfcc_mel128;
  gboolean keep_mel_db;
  guint64  expected_samples;
  gboolean timbre;
  gboolean fingerprint;
  guint    window_frames;
  guint    threads;
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
