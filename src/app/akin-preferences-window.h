/* akin-preferences-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "akin-library-manager.h"

G_BEGIN_DECLS

#define AKIN_TYPE_PREFERENCES_WINDOW (akin_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (AkinPreferencesWindow, akin_preferences_window, AKIN, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

/* Main thread only. */
GtkWidget *akin_preferences_window_new           (GtkWindow             *parent,
                                                  AkinLibraryManager    *manager);
guint      akin_preferences_window_get_n_folders (AkinPreferencesWindow *self);

G_END_DECLS
