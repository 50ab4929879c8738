/* akin-spectrogram-image.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "akin-colormap.h"

G_BEGIN_DECLS

guint8 *akin_spectrogram_render     (const float  *matrix,
                                     guint         n_rows,
                                     guint         n_frames,
                                     float         vmin,
                                     float         vmax,
                                     AkinColormap  map);
gboolean akin_spectrogram_write_png (const guint8 *rgb,
                                     guint         width,
                                     guint         height,
                                     const char   *path,
                                     GError      **error);

/* The colour range, in standard deviations, of a row-standardised matrix. */
#define AKIN_SPECTROGRAM_Z_RANGE 2.5f

float   *akin_spectrogram_standardize_rows (const float *matrix,
                                            guint        n_rows,
                                            guint        n_frames);

G_END_DECLS
