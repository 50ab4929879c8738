/* akin-queue-pane.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "akin-queue.h"

G_BEGIN_DECLS

#define AKIN_TYPE_QUEUE_PANE (akin_queue_pane_get_type ())

G_DECLARE_FINAL_TYPE (AkinQueuePane, akin_queue_pane, AKIN, QUEUE_PANE, GtkWidget)

GtkWidget   *akin_queue_pane_new          (AkinQueue     *queue);
GtkListView *akin_queue_pane_get_list_view (AkinQueuePane *self);
gboolean     akin_queue_pane_drop          (AkinQueuePane *self,
                                            guint          from,
                                            guint          to);

G_END_DECLS
