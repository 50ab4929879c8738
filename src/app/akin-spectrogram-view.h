/* akin-spectrogram-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define AKIN_TYPE_SPECTROGRAM_VIEW (akin_spectrogram_view_get_type ())

G_DECLARE_FINAL_TYPE (AkinSpectrogramView, akin_spectrogram_view, AKIN, SPECTROGRAM_VIEW, GtkWidget)

GtkWidget  *akin_spectrogram_view_new          (void);
void        akin_spectrogram_view_set_data     (AkinSpectrogramView *self,
                                                const float         *matrix,
                                                guint                rows,
                                                guint                frames,
                                                double               seconds_per_frame,
                                                const char          *kind);
void        akin_spectrogram_view_clear        (AkinSpectrogramView *self);
void        akin_spectrogram_view_set_loading  (AkinSpectrogramView *self,
                                                gboolean             loading);
gboolean    akin_spectrogram_view_get_loading  (AkinSpectrogramView *self);
gboolean    akin_spectrogram_view_has_data     (AkinSpectrogramView *self);
const char *akin_spectrogram_view_get_kind     (AkinSpectrogramView *self);
double      akin_spectrogram_view_get_duration (AkinSpectrogramView *self);
double      akin_spectrogram_view_get_position (AkinSpectrogramView *self);
void        akin_spectrogram_view_set_position (AkinSpectrogramView *self,
                                                double               seconds);
gboolean    akin_spectrogram_view_get_playing  (AkinSpectrogramView *self);
void        akin_spectrogram_view_set_playing  (AkinSpectrogramView *self,
                                                gboolean             playing);

G_END_DECLS
