/* akin-similar-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One row of the similar list: rank, title, artist, the similarity as a
 * percentage and a level bar, and the reason (whole in the tooltip). The pane's list factory sets
 * the item (and clears it when the row is recycled).
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "akin-playing-mark.h"
#include "akin-similar-row.h"

struct _AkinSimilarRow
{
  GtkWidget        parent_instance;

  AkinSimilarItem *item;
  GtkWidget       *playing_icon;
  gboolean         playing;

  /* Template children */
  GtkLabel        *rank_label;
  GtkLabel        *title_label;
  GtkLabel        *artist_label;
  GtkLabel        *reason_label;
  GtkLabel        *score_label;
  GtkLevelBar     *level_bar;
};

G_DEFINE_FINAL_TYPE (AkinSimilarRow, akin_similar_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static int
score_percent (float score)
{
  return (int) lroundf (CLAMP (score, 0.0f, 1.0f) * 100.0f);
}

static void
set_text (GtkLabel   *label,
          const char *text)
{
  gtk_label_set_label (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
}

static void
update (AkinSimilarRow *self)
{
  AkinSimilarItem *item = self->item;
  g_autofree char *rank = NULL;
  g_autofree char *percent = NULL;
  g_autoptr(GString) tooltip = NULL;
  const char *artist, *album, *reason;
  float score;

  if (item == NULL)
    {
      set_text (self->rank_label, NULL);
      set_text (self->title_label, NULL);
      set_text (self->artist_label, NULL);
      set_text (self->reason_label, NULL);
      set_text (self->score_label, NULL);
      gtk_level_bar_set_value (self->level_bar, 0);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self), NULL);
      return;
    }

  score = akin_similar_item_get_score (item);
  artist = akin_similar_item_get_artist (item);
  album = akin_similar_item_get_album (item);
  rank = g_strdup_printf ("%u", akin_similar_item_get_rank (item));
  /* Translators: a similarity in percent, e.g. "87 %" */
  percent = g_strdup_printf (_("%d %%"), score_percent (score));

  set_text (self->rank_label, rank);
  gtk_widget_set_visible (GTK_WIDGET (self->rank_label), !self->playing);
  set_text (self->title_label, akin_similar_item_get_title (item));
  set_text (self->artist_label, artist);
  set_text (self->reason_label, akin_similar_item_get_reason (item));
  set_text (self->score_label, percent);
  gtk_level_bar_set_value (self->level_bar, CLAMP (score, 0.0f, 1.0f));

  tooltip = g_string_new (akin_similar_item_get_title (item));
  if (artist != NULL && *artist != '\0')
    g_string_append_printf (tooltip, "\n%s", artist);
  if (album != NULL && *album != '\0')
    g_string_append_printf (tooltip, "\n%s", album);
  g_string_append_c (tooltip, '\n');
  /* Translators: %d is a percentage */
  g_string_append_printf (tooltip, _("%d %% similar"), score_percent (score));
  /* The row shows two lines of the reason; the tooltip all of it. */
  reason = akin_similar_item_get_reason (item);
  if (reason != NULL && *reason != '\0')
    g_string_append_printf (tooltip, "\n%s", reason);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), tooltip->str);
}

static void
akin_similar_row_dispose (GObject *object)
{
  AkinSimilarRow *self = AKIN_SIMILAR_ROW (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), AKIN_TYPE_SIMILAR_ROW);
  /* Template children without an id are not cleared by the call above. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->item);

  G_OBJECT_CLASS (akin_similar_row_parent_class)->dispose (object);
}

static void
akin_similar_row_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  AkinSimilarRow *self = AKIN_SIMILAR_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
akin_similar_row_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  AkinSimilarRow *self = AKIN_SIMILAR_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      akin_similar_row_set_item (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
akin_similar_row_class_init (AkinSimilarRowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = akin_similar_row_dispose;
  object_class->get_property = akin_similar_row_get_property;
  object_class->set_property = akin_similar_row_set_property;

  /**
   * AkinSimilarRow:item:
   *
   * The entry the row shows.
   */
  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, AKIN_TYPE_SIMILAR_ITEM,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/akinplayer/Akin/ui/akin-similar-row.ui");
  gtk_widget_class_bind_template_child (widget_class, AkinSimilarRow, rank_label);
  gtk_widget_class_bind_template_child (widget_class, AkinSimilarRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, AkinSimilarRow, artist_label);
  gtk_widget_class_bind_template_child (widget_class, AkinSimilarRow, reason_label);
  gtk_widget_class_bind_template_child (widget_class, AkinSimilarRow, score_label);
  gtk_widget_class_bind_template_child (widget_class, AkinSimilarRow, level_bar);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "similarrow");
}

static void
akin_similar_row_init (AkinSimilarRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* In the rank's place while the song plays. */
  self->playing_icon = akin_playing_icon_new ();
  gtk_widget_set_valign (self->playing_icon, GTK_ALIGN_START);
  gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (GTK_WIDGET (self->rank_label))),
                              self->playing_icon, NULL);
  update (self);
}

GtkWidget *
akin_similar_row_new (void)
{
  return g_object_new (AKIN_TYPE_SIMILAR_ROW, NULL);
}

/**
 * akin_similar_row_get_item:
 *
 * Returns: (nullable) (transfer none): the item shown
 */
AkinSimilarItem *
akin_similar_row_get_item (AkinSimilarRow *self)
{
  g_return_val_if_fail (AKIN_IS_SIMILAR_ROW (self), NULL);
  return self->item;
}

/**
 * akin_similar_row_set_item:
 * @item: (nullable): the entry to show
 */
void
akin_similar_row_set_item (AkinSimilarRow  *self,
                           AkinSimilarItem *item)
{
  g_return_if_fail (AKIN_IS_SIMILAR_ROW (self));
  g_return_if_fail (item == NULL || AKIN_IS_SIMILAR_ITEM (item));

  if (!g_set_object (&self->item, item))
    return;
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

/**
 * akin_similar_row_set_playing:
 * @playing: whether the row's song plays
 *
 * Marks the row as the playing song: a speaker in the rank's place, the
 * title in bold.
 */
void
akin_similar_row_set_playing (AkinSimilarRow *self,
                              gboolean        playing)
{
  g_return_if_fail (AKIN_IS_SIMILAR_ROW (self));

  self->playing = !!playing;
  akin_playing_mark_set (GTK_WIDGET (self), self->playing_icon, self->playing);
  gtk_widget_set_visible (GTK_WIDGET (self->rank_label), !self->playing);
}

gboolean
akin_similar_row_get_playing (AkinSimilarRow *self)
{
  g_return_val_if_fail (AKIN_IS_SIMILAR_ROW (self), FALSE);
  return self->playing;
}
