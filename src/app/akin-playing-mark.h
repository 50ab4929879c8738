/* akin-playing-mark.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Called with the window's playing track (-1 for none). */
typedef void (*AkinPlayingFunc) (GtkWidget *widget,
                                 gint64     track_id);

GtkWidget *akin_playing_icon_new      (void);
void       akin_playing_mark_set      (GtkWidget       *row,
                                       GtkWidget       *icon,
                                       gboolean         playing);
gboolean   akin_playing_mark_get      (GtkWidget       *row);
void       akin_playing_follow        (GtkWidget       *widget,
                                       AkinPlayingFunc  func);
gint64     akin_playing_get_track_id  (GtkWidget       *widget);

G_END_DECLS
