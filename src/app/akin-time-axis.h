/* akin-time-axis.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define AKIN_TYPE_TIME_AXIS (akin_time_axis_get_type ())

G_DECLARE_FINAL_TYPE (AkinTimeAxis, akin_time_axis, AKIN, TIME_AXIS, GtkWidget)

void   akin_time_axis_set_duration  (AkinTimeAxis *self,
                                     double        seconds);
double akin_time_axis_get_interval  (AkinTimeAxis *self);

G_END_DECLS
