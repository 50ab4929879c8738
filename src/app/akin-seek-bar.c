/* akin-seek-bar.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The playback bar's position slider. The player moves it through
 * akin_seek_bar_set_position(); only the user's own input (pointer, keys,
 * scrolling) reaches GtkRange::change-value, which is turned into
 * AkinSeekBar::seek-requested. A programmatic update can therefore never
 * loop back into a seek.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "akin-seek-bar.h"

struct _AkinSeekBar
{
  GtkWidget  parent_instance;
  GtkScale  *scale;
};

G_DEFINE_FINAL_TYPE (AkinSeekBar, akin_seek_bar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_POSITION,
  PROP_DURATION,
  N_PROPS
};

enum {
  SEEK_REQUESTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

static gboolean
on_change_value (GtkRange      *range,
                 GtkScrollType  scroll,
                 double         value,
                 AkinSeekBar   *self)
{
  GtkAdjustment *adjustment = gtk_range_get_adjustment (range);

  g_assert (AKIN_IS_SEEK_BAR (self));

  value = CLAMP (value, 0, gtk_adjustment_get_upper (adjustment));
  g_signal_emit (self, signals[SEEK_REQUESTED], 0, value);

  /* Let the range move the knob under the pointer too. */
  return FALSE;
}

static void
akin_seek_bar_dispose (GObject *object)
{
  AkinSeekBar *self = AKIN_SEEK_BAR (object);

  g_clear_pointer ((GtkWidget **) &self->scale, gtk_widget_unparent);

  G_OBJECT_CLASS (akin_seek_bar_parent_class)->dispose (object);
}

static void
akin_seek_bar_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  AkinSeekBar *self = AKIN_SEEK_BAR (object);

  switch (prop_id)
    {
    case PROP_POSITION:
      g_value_set_double (value, akin_seek_bar_get_position (self));
      break;
    case PROP_DURATION:
      g_value_set_double (value, akin_seek_bar_get_duration (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
akin_seek_bar_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  AkinSeekBar *self = AKIN_SEEK_BAR (object);

  switch (prop_id)
    {
    case PROP_POSITION:
      akin_seek_bar_set_position (self, g_value_get_double (value));
      break;
    case PROP_DURATION:
      akin_seek_bar_set_duration (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
akin_seek_bar_class_init (AkinSeekBarClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = akin_seek_bar_dispose;
  object_class->get_property = akin_seek_bar_get_property;
  object_class->set_property = akin_seek_bar_set_property;

  properties[PROP_POSITION] =
    g_param_spec_double ("position", NULL, NULL, 0, G_MAXDOUBLE, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DURATION] =
    g_param_spec_double ("duration", NULL, NULL, 0, G_MAXDOUBLE, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * AkinSeekBar::seek-requested:
   * @seconds: where the user wants to go
   *
   * The user moved the slider. Never emitted for akin_seek_bar_set_position().
   */
  signals[SEEK_REQUESTED] =
    g_signal_new ("seek-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_DOUBLE);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "seekbar");
}

static void
akin_seek_bar_init (AkinSeekBar *self)
{
  GtkAdjustment *adjustment = gtk_adjustment_new (0, 0, 0, 5, 30, 0);

  self->scale = GTK_SCALE (gtk_scale_new (GTK_ORIENTATION_HORIZONTAL, adjustment));
  gtk_scale_set_draw_value (self->scale, FALSE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->scale), TRUE);
  /* Translators: accessible name of the seek bar, the playback position in the song */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->scale),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Position"), -1);
  gtk_widget_set_parent (GTK_WIDGET (self->scale), GTK_WIDGET (self));
  g_signal_connect_object (self->scale, "change-value", G_CALLBACK (on_change_value), self, 0);
}

GtkWidget *
akin_seek_bar_new (void)
{
  return g_object_new (AKIN_TYPE_SEEK_BAR, NULL);
}

/**
 * akin_seek_bar_set_position:
 * @seconds: the player's position
 *
 * Moves the knob without emitting #AkinSeekBar::seek-requested.
 */
void
akin_seek_bar_set_position (AkinSeekBar *self,
                            double       seconds)
{
  g_return_if_fail (AKIN_IS_SEEK_BAR (self));

  if (gtk_range_get_value (GTK_RANGE (self->scale)) == seconds)
    return;
  gtk_range_set_value (GTK_RANGE (self->scale), seconds);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
}

double
akin_seek_bar_get_position (AkinSeekBar *self)
{
  g_return_val_if_fail (AKIN_IS_SEEK_BAR (self), 0);
  return gtk_range_get_value (GTK_RANGE (self->scale));
}

/**
 * akin_seek_bar_set_duration:
 * @seconds: the track's length, or 0 when unknown (the slider is then insensitive)
 */
void
akin_seek_bar_set_duration (AkinSeekBar *self,
                            double       seconds)
{
  GtkAdjustment *adjustment;

  g_return_if_fail (AKIN_IS_SEEK_BAR (self));

  adjustment = gtk_range_get_adjustment (GTK_RANGE (self->scale));
  if (gtk_adjustment_get_upper (adjustment) == seconds)
    return;
  gtk_adjustment_set_upper (adjustment, MAX (seconds, 0));
  gtk_widget_set_sensitive (GTK_WIDGET (self->scale), seconds > 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION]);
}

double
akin_seek_bar_get_duration (AkinSeekBar *self)
{
  g_return_val_if_fail (AKIN_IS_SEEK_BAR (self), 0);
  return gtk_adjustment_get_upper (gtk_range_get_adjustment (GTK_RANGE (self->scale)));
}
