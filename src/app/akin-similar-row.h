/* akin-similar-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "akin-similar-item.h"

G_BEGIN_DECLS

#define AKIN_TYPE_SIMILAR_ROW (akin_similar_row_get_type ())

G_DECLARE_FINAL_TYPE (AkinSimilarRow, akin_similar_row, AKIN, SIMILAR_ROW, GtkWidget)

GtkWidget       *akin_similar_row_new      (void);
AkinSimilarItem *akin_similar_row_get_item (AkinSimilarRow  *self);
void             akin_similar_row_set_item (AkinSimilarRow  *self,
                                            AkinSimilarItem *item);

void             akin_similar_row_set_playing (AkinSimilarRow  *self,
                                               gboolean         playing);
gboolean         akin_similar_row_get_playing (AkinSimilarRow  *self);

G_END_DECLS
