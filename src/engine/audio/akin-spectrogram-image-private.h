/* akin-spectrogram-image-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For the tests: the value range a spectrogram is drawn with
 * (akin-spectrogram-image.c).
 */

#pragma once

#include "akin-spectrogram-image.h"

G_BEGIN_DECLS

void    akin_spectrogram_auto_range (const float  *matrix,
                                     gsize         n_values,
                                     float        *vmin,
                                     float        *vmax);

G_END_DECLS
