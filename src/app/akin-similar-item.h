/* akin-similar-item.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define AKIN_TYPE_SIMILAR_ITEM (akin_similar_item_get_type ())

G_DECLARE_FINAL_TYPE (AkinSimilarItem, akin_similar_item, AKIN, SIMILAR_ITEM, GObject)

AkinSimilarItem *akin_similar_item_new        (gint64           track_id,
                                               guint            rank,
                                               float            score,
                                               const char      *uri,
                                               const char      *title,
                                               const char      *artist,
                                               const char      *album,
                                               const char      *reason);
gint64           akin_similar_item_get_track_id (AkinSimilarItem *self);
guint            akin_similar_item_get_rank   (AkinSimilarItem *self);
float            akin_similar_item_get_score  (AkinSimilarItem *self);
const char      *akin_similar_item_get_uri    (AkinSimilarItem *self);
const char      *akin_similar_item_get_title  (AkinSimilarItem *self);
const char      *akin_similar_item_get_artist (AkinSimilarItem *self);
const char      *akin_similar_item_get_album  (AkinSimilarItem *self);
const char      *akin_similar_item_get_reason (AkinSimilarItem *self);

G_END_DECLS
