/* akin-similar-pane.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "akin-similar-list.h"

G_BEGIN_DECLS

#define AKIN_TYPE_SIMILAR_PANE (akin_similar_pane_get_type ())

G_DECLARE_FINAL_TYPE (AkinSimilarPane, akin_similar_pane, AKIN, SIMILAR_PANE, GtkWidget)

/* Main thread only. */

GtkWidget       *akin_similar_pane_new                 (void);
AkinSimilarList *akin_similar_pane_get_list            (AkinSimilarPane *self);
void             akin_similar_pane_set_list            (AkinSimilarPane *self,
                                                        AkinSimilarList *list);
void             akin_similar_pane_set_anchor_playable (AkinSimilarPane *self,
                                                        gboolean         playable);

G_END_DECLS
