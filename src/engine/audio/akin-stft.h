/* akin-stft.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The analysis front end's fixed parameters (librosa 0.9.2 conventions). */
#define AKIN_SAMPLE_RATE 22050
#define AKIN_N_FFT       2048
#define AKIN_HOP         512
#define AKIN_N_BINS      (AKIN_N_FFT / 2 + 1)

/**
 * AkinStftFrameFunc:
 * @frame: index of the frame, from 0
 * @power: %AKIN_N_BINS values of |X|², float32
 * @magnitude: %AKIN_N_BINS values of |X|
 * @user_data: closure data
 *
 * Receives one STFT frame. Both arrays belong to the #AkinStft and are only
 * valid during the call.
 */
typedef void (*AkinStftFrameFunc) (guint        frame,
                                   const float *power,
                                   const float *magnitude,
                                   gpointer     user_data);

typedef struct _AkinStft AkinStft;

AkinStft    *akin_stft_new          (AkinStftFrameFunc  func,
                                     gpointer           user_data);
void         akin_stft_free         (AkinStft          *self);
void         akin_stft_push         (AkinStft          *self,
                                     const float       *samples,
                                     gsize              n_samples);
void         akin_stft_finish       (AkinStft          *self);
guint64      akin_stft_get_n_samples (const AkinStft   *self);
guint        akin_stft_get_n_frames (const AkinStft    *self);

guint        akin_stft_frames_for_samples (guint64      n_samples);
const float *akin_stft_get_window   (void);

void         akin_fftw_planner_lock   (void);
void         akin_fftw_planner_unlock (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AkinStft, akin_stft_free)

G_END_DECLS
