/* akin-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "akin-now-playing.h"
#include "akin-player.h"
#include "akin-spectrogram-view.h"

G_BEGIN_DECLS

#define AKIN_TYPE_WINDOW (akin_window_get_type ())

G_DECLARE_FINAL_TYPE (AkinWindow, akin_window, AKIN, WINDOW, AdwApplicationWindow)

/* Main thread only. */

AkinWindow          *akin_window_new                  (AdwApplication *application,
                                                       AkinPlayer     *player);
AkinPlayer          *akin_window_get_player           (AkinWindow     *self);
AkinNowPlaying      *akin_window_get_now_playing      (AkinWindow     *self);
void                 akin_window_set_now_playing      (AkinWindow     *self,
                                                       AkinNowPlaying *now_playing);
void                 akin_window_play_uri             (AkinWindow     *self,
                                                       const char     *uri,
                                                       AkinNowPlaying *now_playing);
void                 akin_window_set_has_next         (AkinWindow     *self,
                                                       gboolean        has_next);
void                 akin_window_set_has_previous     (AkinWindow     *self,
                                                       gboolean        has_previous);
void                 akin_window_show_toast           (AkinWindow     *self,
                                                       const char     *message);
GtkBox              *akin_window_get_library_view_slot (AkinWindow    *self);
GtkBox              *akin_window_get_similar_pane_slot (AkinWindow    *self);
AkinSpectrogramView *akin_window_get_spectrogram_view (AkinWindow     *self);

G_END_DECLS
