/* app-test-window.c: a window as the application makes it, for GUI tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "app-test-window.h"
#include "akin-playback.h"

/**
 * app_test_window_new:
 * @manager: (nullable): the library it shows
 * @name: the test's name, part of the application id (each window gets an
 *   application of its own, registered, with a new #AkinPlayback)
 *
 * Returns: (transfer none): a window, not yet presented; it keeps its
 *   application alive
 */
AkinWindow *
app_test_window_new (AkinLibraryManager *manager,
                     const char         *name)
{
  static guint serial;
  g_autofree char *id = g_strdup_printf ("io.github.akinplayer.Akin.%s%u", name, ++serial);
  AdwApplication *app = adw_application_new (id, G_APPLICATION_NON_UNIQUE);
  g_autoptr(AkinPlayback) playback = akin_playback_new ();
  g_autoptr(GError) error = NULL;
  AkinWindow *window;

  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  window = akin_window_new (app, playback);
  g_object_set_data_full (G_OBJECT (window), "app", app, g_object_unref);
  if (manager != NULL)
    akin_window_set_library_manager (window, manager);
  return window;
}
