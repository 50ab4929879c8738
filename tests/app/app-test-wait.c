/* app-test-wait.c: spinning the main loop until something happens
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "app-test-wait.h"

#include "akin-library-model.h"

/* Iterates the default main context until @func (@data) is true; FALSE
 * when @timeout_us passed first. */
gboolean
app_test_spin_until (gboolean (*func) (gpointer),
                     gpointer   data,
                     gint64     timeout_us)
{
  gint64 deadline = g_get_monotonic_time () + timeout_us;

  while (!func (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return TRUE;
}

/* An AkinLibraryModel has loaded and holds rows. */
gboolean
app_test_model_filled (gpointer library_model)
{
  return !akin_library_model_get_loading (library_model)
         && g_list_model_get_n_items (G_LIST_MODEL (library_model)) > 0;
}

gboolean
app_test_widget_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}
