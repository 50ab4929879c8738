/* akin-time-axis.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The ruler under the spectrogram: a tick and an "m:ss" label every N
 * seconds, N being the smallest round interval whose labels do not collide
 * at the current width.
 */

#include "config.h"

#include "akin-time-axis.h"

#define TICK_HEIGHT 4
#define LABEL_GAP   16

static const double intervals[] = { 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600 };

struct _AkinTimeAxis
{
  GtkWidget parent_instance;
  double    duration;
};

G_DEFINE_FINAL_TYPE (AkinTimeAxis, akin_time_axis, GTK_TYPE_WIDGET)

static PangoLayout *
create_label (AkinTimeAxis *self,
              double        seconds)
{
  gint64           s = (gint64) (seconds + 0.5);
  g_autofree char *text = NULL;

  if (s >= 3600)
    text = g_strdup_printf ("%d:%02d:%02d", (int) (s / 3600), (int) (s / 60 % 60), (int) (s % 60));
  else
    text = g_strdup_printf ("%d:%02d", (int) (s / 60), (int) (s % 60));
  return gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
}

static double
pick_interval (AkinTimeAxis *self,
               int           width)
{
  g_autoptr(PangoLayout) widest = create_label (self, self->duration);
  int                    label_width;

  pango_layout_get_pixel_size (widest, &label_width, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (intervals); i++)
    if (intervals[i] / self->duration * width >= label_width + LABEL_GAP)
      return intervals[i];
  return 0;
}

static void
akin_time_axis_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_VERTICAL)
    {
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, "0:00");
      int                    height;

      pango_layout_get_pixel_size (layout, NULL, &height);
      *minimum = *natural = height + TICK_HEIGHT;
    }
  else
    *minimum = *natural = 0;
}

static void
akin_time_axis_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  AkinTimeAxis *self = AKIN_TIME_AXIS (widget);
  int           width = gtk_widget_get_width (widget);
  double        interval;
  GdkRGBA       color;

  if (self->duration <= 0 || width <= 0)
    return;

  interval = pick_interval (self, width);
  if (interval <= 0)
    return;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);

  for (double t = 0; t <= self->duration; t += interval)
    {
      g_autoptr(PangoLayout) layout = create_label (self, t);
      double                 x = floor (t / self->duration * (width - 1));
      int                    label_width;

      pango_layout_get_pixel_size (layout, &label_width, NULL);
      gtk_snapshot_append_color (snapshot, &color, &GRAPHENE_RECT_INIT (x, 0, 1, TICK_HEIGHT));
      if (x + 3 + label_width > width)
        break;
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x + 3, TICK_HEIGHT - 2));
      gtk_snapshot_append_layout (snapshot, layout, &color);
      gtk_snapshot_restore (snapshot);
    }
}

static void
akin_time_axis_class_init (AkinTimeAxisClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->measure = akin_time_axis_measure;
  widget_class->snapshot = akin_time_axis_snapshot;
  gtk_widget_class_set_css_name (widget_class, "timeaxis");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_PRESENTATION);
}

static void
akin_time_axis_init (AkinTimeAxis *self)
{
}

void
akin_time_axis_set_duration (AkinTimeAxis *self,
                             double        seconds)
{
  g_return_if_fail (AKIN_IS_TIME_AXIS (self));

  self->duration = MAX (seconds, 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * akin_time_axis_get_interval:
 *
 * Returns: the seconds between labels at the current width, or 0 when
 *   nothing is drawn
 */
double
akin_time_axis_get_interval (AkinTimeAxis *self)
{
  int width;

  g_return_val_if_fail (AKIN_IS_TIME_AXIS (self), 0);

  width = gtk_widget_get_width (GTK_WIDGET (self));
  if (self->duration <= 0 || width <= 0)
    return 0;
  return pick_interval (self, width);
}
