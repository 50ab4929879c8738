/* akin-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "akin-browse-view.h"
#include "akin-library-manager.h"
#include "akin-playback.h"
#include "akin-spectrogram-view.h"

G_BEGIN_DECLS

#define AKIN_TYPE_WINDOW (akin_window_get_type ())

G_DECLARE_FINAL_TYPE (AkinWindow, akin_window, AKIN, WINDOW, AdwApplicationWindow)

/* Main thread only. */

AkinWindow          *akin_window_new                  (AdwApplication *application,
                                                       AkinPlayback   *playback);
AkinPlayback        *akin_window_get_playback         (AkinWindow     *self);
void                 akin_window_add_music_folder     (AkinWindow     *self,
                                                       GFile          *folder);
void                 akin_window_show_toast           (AkinWindow     *self,
                                                       const char     *message);
GtkBox              *akin_window_get_library_view_slot (AkinWindow    *self);
GtkBox              *akin_window_get_similar_pane_slot (AkinWindow    *self);
AkinSpectrogramView *akin_window_get_spectrogram_view (AkinWindow     *self);

/* The library part of the window (akin-window-library.c). */
void                 akin_window_set_library_manager  (AkinWindow         *self,
                                                       AkinLibraryManager *manager);
AkinLibraryManager  *akin_window_get_library_manager  (AkinWindow         *self);
GtkWidget           *akin_window_get_library_view     (AkinWindow         *self);
void                 akin_window_show_library_error   (AkinWindow         *self,
                                                       const GError       *error);

GtkWidget          *akin_window_get_browse_view      (AkinWindow         *self,
                                                      AkinBrowseKind      kind);
gboolean            akin_window_drop_files           (AkinWindow         *self,
                                                      GSList             *files);
GFile              *akin_window_dup_xdg_music_folder (AkinWindow         *self);
GtkBox             *akin_window_get_queue_pane_slot  (AkinWindow         *self);
void                akin_window_show_side_page       (AkinWindow         *self,
                                                      const char         *name);

G_END_DECLS
