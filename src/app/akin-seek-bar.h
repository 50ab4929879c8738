/* akin-seek-bar.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define AKIN_TYPE_SEEK_BAR (akin_seek_bar_get_type ())

G_DECLARE_FINAL_TYPE (AkinSeekBar, akin_seek_bar, AKIN, SEEK_BAR, GtkWidget)

GtkWidget *akin_seek_bar_new          (void);
void       akin_seek_bar_set_position (AkinSeekBar *self,
                                       double       seconds);
double     akin_seek_bar_get_position (AkinSeekBar *self);
void       akin_seek_bar_set_duration (AkinSeekBar *self,
                                       double       seconds);
double     akin_seek_bar_get_duration (AkinSeekBar *self);

G_END_DECLS
