/* akin-browse-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "akin-browse-item.h"
#include "akin-library-manager.h"

G_BEGIN_DECLS

/**
 * AkinBrowseKind:
 * @AKIN_BROWSE_ALBUMS: a grid of albums with their covers; an album opens
 *   its page of songs
 * @AKIN_BROWSE_ARTISTS: a list of artists; an artist shows its albums
 */
typedef enum
{
  AKIN_BROWSE_ALBUMS,
  AKIN_BROWSE_ARTISTS,
} AkinBrowseKind;

#define AKIN_TYPE_BROWSE_VIEW (akin_browse_view_get_type ())

G_DECLARE_FINAL_TYPE (AkinBrowseView, akin_browse_view, AKIN, BROWSE_VIEW, GtkWidget)

GtkWidget  *akin_browse_view_new            (AkinLibraryManager *manager,
                                             AkinBrowseKind      kind);
GListModel *akin_browse_view_get_items      (AkinBrowseView     *self);
void        akin_browse_view_reload         (AkinBrowseView     *self);
void        akin_browse_view_set_artist     (AkinBrowseView     *self,
                                             const char         *artist);
gboolean    akin_browse_view_open_album     (AkinBrowseView     *self,
                                             guint               position);
GArray     *akin_browse_view_get_album_tracks (AkinBrowseView   *self);
gboolean    akin_browse_view_play_album_track (AkinBrowseView   *self,
                                             guint               index);

G_END_DECLS
