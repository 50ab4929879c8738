/* akin-accessible.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void akin_accessible_name_button (GtkWidget  *button,
                                  const char *label);
void akin_accessible_name_inner_buttons (GtkWidget  *widget,
                                         const char *label);

G_END_DECLS
