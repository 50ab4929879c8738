/* app-test-wait.h: spinning the main loop until something happens
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

gboolean app_test_spin_until    (gboolean  (*func) (gpointer),
                                 gpointer    data,
                                 gint64      timeout_us);
gboolean app_test_model_filled  (gpointer    library_model);
gboolean app_test_widget_mapped (gpointer    widget);
GtkWidget *app_test_find_child  (GtkWidget  *widget,
                                 GType       type);

G_END_DECLS
