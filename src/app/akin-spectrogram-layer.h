/* akin-spectrogram-layer.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "akin-engine.h"

G_BEGIN_DECLS

#define AKIN_TYPE_SPECTROGRAM_LAYER (akin_spectrogram_layer_get_type ())

G_DECLARE_FINAL_TYPE (AkinSpectrogramLayer, akin_spectrogram_layer, AKIN, SPECTROGRAM_LAYER,
                      GtkWidget)

void akin_spectrogram_layer_set_levels (AkinSpectrogramLayer *self,
                                        GBytes               *levels,
                                        guint                 rows,
                                        guint                 frames,
                                        AkinColormap          colormap);

G_END_DECLS
