/* akin-playback-bar.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "akin-now-playing.h"
#include "akin-player.h"

G_BEGIN_DECLS

#define AKIN_TYPE_PLAYBACK_BAR (akin_playback_bar_get_type ())

G_DECLARE_FINAL_TYPE (AkinPlaybackBar, akin_playback_bar, AKIN, PLAYBACK_BAR, GtkWidget)

GtkWidget      *akin_playback_bar_new             (void);
AkinPlayer     *akin_playback_bar_get_player      (AkinPlaybackBar *self);
void            akin_playback_bar_set_player      (AkinPlaybackBar *self,
                                                   AkinPlayer      *player);
AkinNowPlaying *akin_playback_bar_get_now_playing (AkinPlaybackBar *self);
void            akin_playback_bar_set_now_playing (AkinPlaybackBar *self,
                                                   AkinNowPlaying  *now_playing);

G_END_DECLS
