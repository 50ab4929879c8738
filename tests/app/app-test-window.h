/* app-test-window.h: a window as the application makes it, for GUI tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "akin-library-manager.h"
#include "akin-window.h"

G_BEGIN_DECLS

AkinWindow *app_test_window_new (AkinLibraryManager *manager,
                                 const char         *name);

G_END_DECLS
