/* akin-accessible.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Names for controls that only show an icon. A tooltip is not a name for a
 * screen reader in GTK 4.8, and composite buttons (GtkMenuButton,
 * GtkScaleButton) put the button a screen reader focuses inside them, so
 * the name goes on the widget and on every button within it.
 */

#include "config.h"

#include "akin-accessible.h"

/**
 * akin_accessible_name_inner_buttons:
 * @widget: a composite widget (a search bar, say)
 * @label: the translated name for the buttons inside it
 *
 * Names the buttons @widget has inside it, outside its popovers.
 */
void
akin_accessible_name_inner_buttons (GtkWidget  *widget,
                                    const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      /* A popover's buttons have names of their own. */
      if (GTK_IS_POPOVER (child))
        continue;
      if (GTK_IS_BUTTON (child))
        gtk_accessible_update_property (GTK_ACCESSIBLE (child),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      akin_accessible_name_inner_buttons (child, label);
    }
}

/**
 * akin_accessible_name_button:
 * @button: a button, menu button, toggle button or scale button
 * @label: its translated name, as a tooltip would give it
 *
 * Gives @button (and the buttons inside it) an accessible name.
 */
void
akin_accessible_name_button (GtkWidget  *button,
                             const char *label)
{
  g_return_if_fail (GTK_IS_WIDGET (button));
  g_return_if_fail (label != NULL);

  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  akin_accessible_name_inner_buttons (button, label);
}
