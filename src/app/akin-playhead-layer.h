/* akin-playhead-layer.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define AKIN_TYPE_PLAYHEAD_LAYER (akin_playhead_layer_get_type ())

G_DECLARE_FINAL_TYPE (AkinPlayheadLayer, akin_playhead_layer, AKIN, PLAYHEAD_LAYER, GtkWidget)

void     akin_playhead_layer_set_position (AkinPlayheadLayer *self,
                                           double             seconds);
void     akin_playhead_layer_set_duration (AkinPlayheadLayer *self,
                                           double             seconds);
void     akin_playhead_layer_set_playing  (AkinPlayheadLayer *self,
                                           gboolean           playing);
gboolean akin_playhead_layer_get_playing  (AkinPlayheadLayer *self);

G_END_DECLS
