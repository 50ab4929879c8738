/* akin-library-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "akin-library-manager.h"
#include "akin-library-model.h"

G_BEGIN_DECLS

#define AKIN_TYPE_LIBRARY_VIEW (akin_library_view_get_type ())

G_DECLARE_FINAL_TYPE (AkinLibraryView, akin_library_view, AKIN, LIBRARY_VIEW, GtkWidget)

/* Main thread only. */

AkinLibraryView  *akin_library_view_new                (AkinLibraryManager *manager);
AkinLibraryModel *akin_library_view_get_model          (AkinLibraryView    *self);
gint64            akin_library_view_get_neighbour_track (AkinLibraryView   *self,
                                                        gint64              track_id,
                                                        int                 direction);
gboolean          akin_library_view_play_track         (AkinLibraryView    *self,
                                                        gint64              track_id);
gboolean          akin_library_view_play_position      (AkinLibraryView    *self,
                                                        guint               position);
void              akin_library_view_set_search_mode    (AkinLibraryView    *self,
                                                        gboolean            search_mode);
gint64            akin_library_view_get_playing_track  (AkinLibraryView    *self);
guint             akin_library_view_get_n_visible_columns (AkinLibraryView *self);
gint64            akin_library_view_get_selected_track (AkinLibraryView    *self);
GtkWidget        *akin_library_view_popup_menu         (AkinLibraryView    *self,
                                                        guint               position,
                                                        double              x,
                                                        double              y);
gboolean          akin_library_view_is_marked_playing  (AkinLibraryView    *self,
                                                        gint64              track_id);

G_END_DECLS
