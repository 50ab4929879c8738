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

/**
 * app_test_find_child:
 * @widget: where to look
 * @type: a widget type
 *
 * Returns: (transfer none) (nullable): the first widget of @type under
 *   @widget, @widget itself included, depth first
 */
GtkWidget *
app_test_find_child (GtkWidget *widget,
                     GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = app_test_find_child (c, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}
