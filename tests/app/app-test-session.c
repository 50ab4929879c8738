/* app-test-session.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What every GUI test needs before its first widget: a display (or a skip
 * with exit status 77), a private session bus and libadwaita.
 */

#include "config.h"

#include <adwaita.h>

#include "app-test-session.h"

/* TRUE, after saying so, when there is no display to test @what on. */
gboolean
app_test_skip_without_display (const char *what)
{
  if (g_getenv ("DISPLAY") != NULL || g_getenv ("WAYLAND_DISPLAY") != NULL)
    return FALSE;

  g_printerr ("No display: skipping %s\n", what);
  return TRUE;
}

/* Call after g_test_init(). GtkApplication wants a session bus: this gives
 * it a private one. Bringing the bus up unsets DISPLAY (against X11 bus
 * autolaunch), so DISPLAY is put back; the private bus has no accessibility
 * service, so GTK is told not to look for one. Stop the returned bus with
 * g_test_dbus_stop() after g_test_run(); GTK keeps its connection to the
 * bus until exit, so neither g_test_dbus_down() nor a last unref. */
GTestDBus *
app_test_session_up (void)
{
  g_autofree char *display = g_strdup (g_getenv ("DISPLAY"));
  GTestDBus *bus = g_test_dbus_new (G_TEST_DBUS_NONE);

  g_test_dbus_up (bus);
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);
  g_setenv ("GTK_A11Y", "none", TRUE);
  adw_init ();

  return bus;
}

/**
 * app_test_reset_settings:
 *
 * Resets every key of Akin's settings (music folders, views, sorts,
 * shuffle and repeat, the resumed song, the window's size, …), so that a
 * test starts as a first run does whatever the one before it left.
 */
void
app_test_reset_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new (AKIN_SETTINGS_SCHEMA_ID);
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);
}
