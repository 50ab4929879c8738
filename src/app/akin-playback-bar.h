/* akin-playback-bar.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "akin-playback.h"

G_BEGIN_DECLS

#define AKIN_TYPE_PLAYBACK_BAR (akin_playback_bar_get_type ())

G_DECLARE_FINAL_TYPE (AkinPlaybackBar, akin_playback_bar, AKIN, PLAYBACK_BAR, GtkWidget)

GtkWidget      *akin_playback_bar_new          (void);
AkinPlayback   *akin_playback_bar_get_playback (AkinPlaybackBar *self);
void            akin_playback_bar_set_playback (AkinPlaybackBar *self,
                                                AkinPlayback    *playback);

G_END_DECLS
