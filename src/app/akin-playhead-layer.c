/* akin-playhead-layer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The top layer of AkinSpectrogramView: a thin line at the playback
 * position. The player reports the position only a few times per second, so
 * while playing a tick callback advances the line with the frame clock from
 * the last reported position; paused or stopped, no callback runs and the
 * line only moves when a new position is set.
 */

#include "config.h"

#include "akin-playhead-layer.h"

#define LINE_WIDTH 2.0

struct _AkinPlayheadLayer
{
  GtkWidget parent_instance;

  double    position;      /* last position set, seconds */
  gint64    position_time; /* frame time when it was set, µs; 0 = not yet known */
  double    shown;         /* where the line is drawn, seconds */
  double    duration;
  guint     tick_id;
};

G_DEFINE_FINAL_TYPE (AkinPlayheadLayer, akin_playhead_layer, GTK_TYPE_WIDGET)

static gboolean
on_tick (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       data)
{
  AkinPlayheadLayer *self = AKIN_PLAYHEAD_LAYER (widget);
  gint64             now = gdk_frame_clock_get_frame_time (clock);

  if (self->position_time == 0)
    self->position_time = now;

  self->shown = self->position + (now - self->position_time) / (double) G_USEC_PER_SEC;
  if (self->duration > 0)
    self->shown = MIN (self->shown, self->duration);
  gtk_widget_queue_draw (widget);

  return G_SOURCE_CONTINUE;
}

static void
akin_playhead_layer_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  AkinPlayheadLayer *self = AKIN_PLAYHEAD_LAYER (widget);
  int                width = gtk_widget_get_width (widget);
  int                height = gtk_widget_get_height (widget);
  GdkRGBA            color;
  double             x;

  if (self->duration <= 0 || width <= 0)
    return;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  x = CLAMP (self->shown / self->duration, 0, 1) * (width - LINE_WIDTH);
  gtk_snapshot_append_color (snapshot, &color,
                             &GRAPHENE_RECT_INIT (round (x), 0, LINE_WIDTH, height));
}

static void
akin_playhead_layer_class_init (AkinPlayheadLayerClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->snapshot = akin_playhead_layer_snapshot;
  gtk_widget_class_set_css_name (widget_class, "playhead");
}

static void
akin_playhead_layer_init (AkinPlayheadLayer *self)
{
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
}

void
akin_playhead_layer_set_position (AkinPlayheadLayer *self,
                                  double             seconds)
{
  GdkFrameClock *clock;

  g_return_if_fail (AKIN_IS_PLAYHEAD_LAYER (self));

  clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));
  self->position = MAX (seconds, 0);
  self->position_time = clock != NULL ? gdk_frame_clock_get_frame_time (clock) : 0;
  self->shown = self->position;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
akin_playhead_layer_set_duration (AkinPlayheadLayer *self,
                                  double             seconds)
{
  g_return_if_fail (AKIN_IS_PLAYHEAD_LAYER (self));

  self->duration = MAX (seconds, 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * akin_playhead_layer_set_playing:
 * @playing: whether the line should advance on its own between positions
 */
void
akin_playhead_layer_set_playing (AkinPlayheadLayer *self,
                                 gboolean           playing)
{
  g_return_if_fail (AKIN_IS_PLAYHEAD_LAYER (self));

  if (playing && self->tick_id == 0)
    {
      self->position_time = 0;
      self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), on_tick, NULL, NULL);
    }
  else if (!playing && self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
      self->shown = self->position;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

gboolean
akin_playhead_layer_get_playing (AkinPlayheadLayer *self)
{
  g_return_val_if_fail (AKIN_IS_PLAYHEAD_LAYER (self), FALSE);
  return self->tick_id != 0;
}
