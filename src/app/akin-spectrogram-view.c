/* akin-spectrogram-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shows the spectrogram of the playing song under a moving playhead, with a
 * time axis below; a click or a drag asks to seek there. Layers, bottom to
 * top, in a GtkOverlay: AkinSpectrogramLayer (the matrix), then
 * AkinPlayheadLayer; AkinTimeAxis sits under the overlay.
 *
 * The view only draws. Whoever computes the matrix (off the main thread)
 * passes it to akin_spectrogram_view_set_data(), which copies it and turns it
 * into 0–255 levels once; the window feeds position and playing state from
 * the player.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "akin-playhead-layer.h"
#include "akin-spectrogram-layer.h"
#include "akin-spectrogram-view.h"
#include "akin-time-axis.h"

struct _AkinSpectrogramView
{
  GtkWidget             parent_instance;

  char                 *kind;
  double                duration;
  double                position;
  gboolean              playing;
  double                drag_start_x;

  GtkOverlay           *overlay;
  AkinSpectrogramLayer *spectrogram_layer;
  AkinPlayheadLayer    *playhead_layer;
  GtkLabel             *empty_label;
  GtkSpinner           *spinner;
  gboolean              loading;
  AkinTimeAxis         *time_axis;
};

G_DEFINE_FINAL_TYPE (AkinSpectrogramView, akin_spectrogram_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_KIND,
  PROP_DURATION,
  PROP_POSITION,
  PROP_PLAYING,
  N_PROPS
};

enum {
  SEEK_REQUESTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

static void
request_seek_at (AkinSpectrogramView *self,
                 double               x)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self->overlay));

  if (self->duration <= 0 || width <= 0)
    return;
  g_signal_emit (self, signals[SEEK_REQUESTED], 0, CLAMP (x / width, 0, 1) * self->duration);
}

static void
on_drag_begin (AkinSpectrogramView *self,
               double               x,
               double               y,
               GtkGestureDrag      *gesture)
{
  g_assert (AKIN_IS_SPECTROGRAM_VIEW (self));

  self->drag_start_x = x;
  request_seek_at (self, x);
}

static void
on_drag_update (AkinSpectrogramView *self,
                double               offset_x,
                double               offset_y,
                GtkGestureDrag      *gesture)
{
  g_assert (AKIN_IS_SPECTROGRAM_VIEW (self));

  request_seek_at (self, self->drag_start_x + offset_x);
}

/* Levels 0–255. MFCC rows live on very different scales (c0 is overall
 * loudness), so each row is scaled on its own; the bands of a mel
 * spectrogram share one dB scale. Non-finite values map to 0. */
static GBytes *
make_levels (const float *matrix,
             guint        rows,
             guint        frames,
             gboolean     per_row)
{
  gsize   n = (gsize) rows * frames;
  guint8 *levels = g_malloc (n);
  guint   n_groups = per_row ? rows : 1;
  gsize   group_size = per_row ? frames : n;

  for (guint g = 0; g < n_groups; g++)
    {
      const float *in = matrix + g * group_size;
      guint8      *out = levels + g * group_size;
      float        lo = G_MAXFLOAT, hi = -G_MAXFLOAT;

      for (gsize i = 0; i < group_size; i++)
        if (isfinite (in[i]))
          {
            lo = MIN (lo, in[i]);
            hi = MAX (hi, in[i]);
          }

      for (gsize i = 0; i < group_size; i++)
        {
          if (!isfinite (in[i]) || hi <= lo)
            out[i] = 0;
          else
            out[i] = (guint8) lrintf ((in[i] - lo) / (hi - lo) * 255.f);
        }
    }

  return g_bytes_new_take (levels, n);
}

static void
akin_spectrogram_view_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), AKIN_TYPE_SPECTROGRAM_VIEW);
  /* Unnamed template children are direct children too (GtkBoxLayout). */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL;)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (akin_spectrogram_view_parent_class)->dispose (object);
}

static void
akin_spectrogram_view_finalize (GObject *object)
{
  AkinSpectrogramView *self = AKIN_SPECTROGRAM_VIEW (object);

  g_clear_pointer (&self->kind, g_free);

  G_OBJECT_CLASS (akin_spectrogram_view_parent_class)->finalize (object);
}

static void
akin_spectrogram_view_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  AkinSpectrogramView *self = AKIN_SPECTROGRAM_VIEW (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_string (value, self->kind);
      break;
    case PROP_DURATION:
      g_value_set_double (value, self->duration);
      break;
    case PROP_POSITION:
      g_value_set_double (value, self->position);
      break;
    case PROP_PLAYING:
      g_value_set_boolean (value, self->playing);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
akin_spectrogram_view_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  AkinSpectrogramView *self = AKIN_SPECTROGRAM_VIEW (object);

  switch (prop_id)
    {
    case PROP_POSITION:
      akin_spectrogram_view_set_position (self, g_value_get_double (value));
      break;
    case PROP_PLAYING:
      akin_spectrogram_view_set_playing (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
akin_spectrogram_view_class_init (AkinSpectrogramViewClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = akin_spectrogram_view_dispose;
  object_class->finalize = akin_spectrogram_view_finalize;
  object_class->get_property = akin_spectrogram_view_get_property;
  object_class->set_property = akin_spectrogram_view_set_property;

  /**
   * AkinSpectrogramView:kind:
   *
   * What the matrix is ("mfcc" or "mel"), as given to set_data(); %NULL
   * when the view is empty.
   */
  properties[PROP_KIND] =
    g_param_spec_string ("kind", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * AkinSpectrogramView:duration:
   *
   * Seconds covered by the matrix: frames × seconds per frame.
   */
  properties[PROP_DURATION] =
    g_param_spec_double ("duration", NULL, NULL, 0, G_MAXDOUBLE, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * AkinSpectrogramView:position:
   *
   * Where the playhead is, in seconds.
   */
  properties[PROP_POSITION] =
    g_param_spec_double ("position", NULL, NULL, 0, G_MAXDOUBLE, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * AkinSpectrogramView:playing:
   *
   * Whether the playhead advances on its own between position updates.
   */
  properties[PROP_PLAYING] =
    g_param_spec_boolean ("playing", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * AkinSpectrogramView::seek-requested:
   * @seconds: the time under the pointer
   *
   * The user clicked or dragged on the spectrogram.
   */
  signals[SEEK_REQUESTED] =
    g_signal_new ("seek-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_DOUBLE);

  g_type_ensure (AKIN_TYPE_SPECTROGRAM_LAYER);
  g_type_ensure (AKIN_TYPE_PLAYHEAD_LAYER);
  g_type_ensure (AKIN_TYPE_TIME_AXIS);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/akinplayer/Akin/ui/akin-spectrogram-view.ui");
  gtk_widget_class_bind_template_child (widget_class, AkinSpectrogramView, overlay);
  gtk_widget_class_bind_template_child (widget_class, AkinSpectrogramView, spectrogram_layer);
  gtk_widget_class_bind_template_child (widget_class, AkinSpectrogramView, playhead_layer);
  gtk_widget_class_bind_template_child (widget_class, AkinSpectrogramView, empty_label);
  gtk_widget_class_bind_template_child (widget_class, AkinSpectrogramView, spinner);
  gtk_widget_class_bind_template_child (widget_class, AkinSpectrogramView, time_axis);
  gtk_widget_class_bind_template_callback (widget_class, on_drag_begin);
  gtk_widget_class_bind_template_callback (widget_class, on_drag_update);

  gtk_widget_class_set_css_name (widget_class, "spectrogramview");
}

static void
akin_spectrogram_view_init (AkinSpectrogramView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->overlay),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Spectrogram"), -1);
}

/* "No Spectrogram" when there is none, a spinner while one is computed. */
static void
update_placeholder (AkinSpectrogramView *self)
{
  gboolean empty = self->kind == NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), empty && !self->loading);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), empty && self->loading);
  gtk_spinner_set_spinning (self->spinner, empty && self->loading);
}

/**
 * akin_spectrogram_view_set_loading:
 * @loading: whether the playing song's matrix is being computed
 *
 * An empty view shows a spinner instead of "No Spectrogram" while
 * @loading; akin_spectrogram_view_set_data() and _clear() end it.
 */
void
akin_spectrogram_view_set_loading (AkinSpectrogramView *self,
                                   gboolean             loading)
{
  g_return_if_fail (AKIN_IS_SPECTROGRAM_VIEW (self));

  self->loading = !!loading;
  update_placeholder (self);
}

/**
 * akin_spectrogram_view_get_loading:
 *
 * Returns: whether the view shows a spinner
 */
gboolean
akin_spectrogram_view_get_loading (AkinSpectrogramView *self)
{
  g_return_val_if_fail (AKIN_IS_SPECTROGRAM_VIEW (self), FALSE);
  return self->loading && self->kind == NULL;
}

GtkWidget *
akin_spectrogram_view_new (void)
{
  return g_object_new (AKIN_TYPE_SPECTROGRAM_VIEW, NULL);
}

/**
 * akin_spectrogram_view_set_data:
 * @matrix: (array) (nullable): @rows × @frames values, row-major (all frames
 *   of row 0 first); row 0 is the lowest band or coefficient and is drawn at
 *   the bottom. %NULL clears the view.
 * @rows: number of rows (bands or coefficients)
 * @frames: number of frames (columns)
 * @seconds_per_frame: seconds per column: the hop, 512 / 22050, times
 *   #AkinFeatures.column_frames (more than one frame for a long track)
 * @kind: (nullable): "mfcc" (viridis, each row scaled on its own) or "mel"
 *   (magma, one scale for the whole matrix)
 *
 * Copies the matrix. Main thread only; the matrix is computed elsewhere.
 */
void
akin_spectrogram_view_set_data (AkinSpectrogramView *self,
                                const float         *matrix,
                                guint                rows,
                                guint                frames,
                                double               seconds_per_frame,
                                const char          *kind)
{
  g_autoptr(GBytes) levels = NULL;
  gboolean          is_mfcc = g_strcmp0 (kind, "mel") != 0;

  g_return_if_fail (AKIN_IS_SPECTROGRAM_VIEW (self));
  g_return_if_fail (matrix == NULL || (rows > 0 && frames > 0 && seconds_per_frame > 0));

  if (matrix != NULL)
    levels = make_levels (matrix, rows, frames, is_mfcc);

  akin_spectrogram_layer_set_levels (self->spectrogram_layer, levels, rows, frames,
                                     is_mfcc ? AKIN_COLORMAP_VIRIDIS : AKIN_COLORMAP_MAGMA);

  g_free (self->kind);
  self->kind = matrix != NULL ? g_strdup (kind != NULL ? kind : "mfcc") : NULL;
  self->duration = matrix != NULL ? frames * seconds_per_frame : 0;

  akin_playhead_layer_set_duration (self->playhead_layer, self->duration);
  akin_time_axis_set_duration (self->time_axis, self->duration);
  self->loading = FALSE;
  update_placeholder (self);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self->overlay), matrix != NULL ? "pointer" : NULL);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION]);
}

/**
 * akin_spectrogram_view_clear:
 *
 * Empties the view, e.g. while the next song's matrix is computed.
 */
void
akin_spectrogram_view_clear (AkinSpectrogramView *self)
{
  akin_spectrogram_view_set_data (self, NULL, 0, 0, 0, NULL);
}

gboolean
akin_spectrogram_view_has_data (AkinSpectrogramView *self)
{
  g_return_val_if_fail (AKIN_IS_SPECTROGRAM_VIEW (self), FALSE);
  return self->kind != NULL;
}

/**
 * akin_spectrogram_view_get_kind:
 *
 * Returns: (nullable) (transfer none): "mfcc", "mel" or %NULL when empty
 */
const char *
akin_spectrogram_view_get_kind (AkinSpectrogramView *self)
{
  g_return_val_if_fail (AKIN_IS_SPECTROGRAM_VIEW (self), NULL);
  return self->kind;
}

double
akin_spectrogram_view_get_duration (AkinSpectrogramView *self)
{
  g_return_val_if_fail (AKIN_IS_SPECTROGRAM_VIEW (self), 0);
  return self->duration;
}

double
akin_spectrogram_view_get_position (AkinSpectrogramView *self)
{
  g_return_val_if_fail (AKIN_IS_SPECTROGRAM_VIEW (self), 0);
  return self->position;
}

void
akin_spectrogram_view_set_position (AkinSpectrogramView *self,
                                    double               seconds)
{
  g_return_if_fail (AKIN_IS_SPECTROGRAM_VIEW (self));

  seconds = MAX (seconds, 0);
  if (self->position == seconds)
    return;
  self->position = seconds;
  akin_playhead_layer_set_position (self->playhead_layer, seconds);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
}

gboolean
akin_spectrogram_view_get_playing (AkinSpectrogramView *self)
{
  g_return_val_if_fail (AKIN_IS_SPECTROGRAM_VIEW (self), FALSE);
  return self->playing;
}

void
akin_spectrogram_view_set_playing (AkinSpectrogramView *self,
                                   gboolean             playing)
{
  g_return_if_fail (AKIN_IS_SPECTROGRAM_VIEW (self));

  playing = !!playing;
  if (self->playing == playing)
    return;
  self->playing = playing;
  akin_playhead_layer_set_playing (self->playhead_layer, playing);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
}
