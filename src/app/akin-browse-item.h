/* akin-browse-item.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "akin-engine.h"

G_BEGIN_DECLS

/**
 * AkinBrowseSort:
 * @AKIN_BROWSE_SORT_ARTIST: by artist, then album name
 * @AKIN_BROWSE_SORT_NAME: by name (the album's, or the artist's for an
 *   artist)
 * @AKIN_BROWSE_SORT_YEAR: by year (the earliest of the songs; unknown
 *   last), then artist and album
 *
 * The orders of the Albums and Artists views (the `albums-sort` and
 * `artists-sort` settings).
 */
typedef enum
{
  AKIN_BROWSE_SORT_ARTIST,
  AKIN_BROWSE_SORT_NAME,
  AKIN_BROWSE_SORT_YEAR,
} AkinBrowseSort;

#define AKIN_TYPE_BROWSE_ITEM (akin_browse_item_get_type ())

G_DECLARE_FINAL_TYPE (AkinBrowseItem, akin_browse_item, AKIN, BROWSE_ITEM, GObject)

AkinBrowseItem *akin_browse_item_new           (const AkinAlbum *album);
const char     *akin_browse_item_get_album     (AkinBrowseItem  *self);
const char     *akin_browse_item_get_artist    (AkinBrowseItem  *self);
guint           akin_browse_item_get_n_tracks  (AkinBrowseItem  *self);
guint           akin_browse_item_get_n_albums  (AkinBrowseItem  *self);
const char     *akin_browse_item_get_cover_uri (AkinBrowseItem  *self);
guint           akin_browse_item_get_year      (AkinBrowseItem  *self);
int             akin_browse_item_compare       (AkinBrowseItem  *a,
                                                AkinBrowseItem  *b,
                                                AkinBrowseSort   sort);
AkinBrowseSort  akin_browse_sort_from_string   (const char      *text);

G_END_DECLS
