/* akin-similar-pane.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The side pane that displays an AkinSimilarList (akin-similar-list.c: the
 * anchor, the queries and the items live there, not here): a page for each
 * of the list's states, the anchor's title, and the items as rows of a
 * GtkListView. Activating a row emits AkinSimilarPane::track-activated, and
 * whoever owns the pane plays it. The header holds the Play Similar toggle
 * and the rules (skip the same artist / album), all GSettings actions in
 * the `similar` group.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "akin-accessible.h"
#include "akin-app-enums.h"
#include "akin-playing-mark.h"
#include "akin-similar-pane.h"
#include "akin-similar-row.h"

struct _AkinSimilarPane
{
  GtkWidget           parent_instance;

  AkinSimilarList    *list;
  GtkSingleSelection *selection;
  GHashTable         *rows;            /* bound AkinSimilarRows */
  GBinding           *analyzing_binding;
  GSettings          *settings;
  GSimpleActionGroup *actions;
  gboolean            anchor_playable;

  /* Template children */
  GtkStack           *stack;
  GtkListView        *list_view;
  GtkLabel           *anchor_label;
  GtkButton          *play_anchor_button;
  GtkMenuButton      *options_button;
  GtkSpinner         *pending_spinner;
  AdwStatusPage      *pending_page;
  AdwStatusPage      *error_page;
};

G_DEFINE_FINAL_TYPE (AkinSimilarPane, akin_similar_pane, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LIST,
  N_PROPS
};

enum {
  TRACK_ACTIVATED,
  PLAY_ANCHOR_REQUESTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

static const char * const state_pages[] = {
  [AKIN_SIMILAR_LIST_STATE_EMPTY] = "empty",
  [AKIN_SIMILAR_LIST_STATE_LOADING] = "loading",
  [AKIN_SIMILAR_LIST_STATE_PENDING] = "pending",
  [AKIN_SIMILAR_LIST_STATE_ANALYZING] = "analyzing",
  [AKIN_SIMILAR_LIST_STATE_LIST] = "list",
  [AKIN_SIMILAR_LIST_STATE_NO_RESULTS] = "no-results",
  [AKIN_SIMILAR_LIST_STATE_ERROR] = "error",
};

static void
show_state (AkinSimilarPane *self)
{
  AkinSimilarListState state = self->list != NULL ? akin_similar_list_get_state (self->list)
                                                  : AKIN_SIMILAR_LIST_STATE_EMPTY;
  const char *error = self->list != NULL ? akin_similar_list_get_error (self->list) : NULL;

  if (state == AKIN_SIMILAR_LIST_STATE_ERROR)
    adw_status_page_set_description (self->error_page, error);
  gtk_stack_set_visible_child_name (self->stack, state_pages[state]);
}

static void
show_title (AkinSimilarPane *self)
{
  const char *title = self->list != NULL ? akin_similar_list_get_title (self->list) : NULL;

  gtk_label_set_label (self->anchor_label, title != NULL ? title : "");
  gtk_widget_set_visible (GTK_WIDGET (self->anchor_label), title != NULL && *title != '\0');
}

static void
show_play_anchor (AkinSimilarPane *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->play_anchor_button),
                          self->anchor_playable && self->list != NULL
                          && akin_similar_list_get_anchor_uri (self->list) != NULL);
}

/* A new anchor is not playable until the owner says so. */
static void
on_anchor_changed (AkinSimilarPane *self)
{
  self->anchor_playable = FALSE;
  show_play_anchor (self);
}

static void
on_list_activate (AkinSimilarPane *self,
                  guint            position)
{
  g_autoptr(AkinSimilarItem) item = NULL;

  if (self->list == NULL)
    return;
  item = g_list_model_get_item (G_LIST_MODEL (self->list), position);
  if (item != NULL)
    g_signal_emit (self, signals[TRACK_ACTIVATED], 0, item);
}

static void
on_play_anchor_clicked (AkinSimilarPane *self)
{
  g_signal_emit (self, signals[PLAY_ANCHOR_REQUESTED], 0);
}

static void
update_row (AkinSimilarRow *row,
            gint64          playing_id)
{
  AkinSimilarItem *item = akin_similar_row_get_item (row);

  akin_similar_row_set_playing (row, item != NULL && playing_id > 0
                                       && akin_similar_item_get_track_id (item) == playing_id);
}

/* The playing song, when listed, is marked and selected. */
static void
on_playing_changed (GtkWidget *widget,
                    gint64     track_id)
{
  AkinSimilarPane *self = AKIN_SIMILAR_PANE (widget);
  GHashTableIter iter;
  gpointer row;
  guint position = GTK_INVALID_LIST_POSITION;
  GListModel *items;

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, &row, NULL))
    update_row (row, track_id);

  if (self->selection == NULL)
    return;
  items = G_LIST_MODEL (self->selection);
  for (guint i = 0; track_id > 0 && i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(AkinSimilarItem) item = g_list_model_get_item (items, i);

      if (akin_similar_item_get_track_id (item) == track_id)
        {
          position = i;
          break;
        }
    }
  gtk_single_selection_set_selected (self->selection, position);
}

static void
on_items_changed (AkinSimilarPane *self)
{
  on_playing_changed (GTK_WIDGET (self), akin_playing_get_track_id (GTK_WIDGET (self)));
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  data)
{
  gtk_list_item_set_child (list_item, akin_similar_row_new ());
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          AkinSimilarPane          *self)
{
  AkinSimilarRow *row = AKIN_SIMILAR_ROW (gtk_list_item_get_child (list_item));

  akin_similar_row_set_item (row, gtk_list_item_get_item (list_item));
  g_hash_table_add (self->rows, row);
  update_row (row, akin_playing_get_track_id (GTK_WIDGET (self)));
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            AkinSimilarPane          *self)
{
  AkinSimilarRow *row = AKIN_SIMILAR_ROW (gtk_list_item_get_child (list_item));

  akin_similar_row_set_item (row, NULL);
  if (self->rows != NULL)
    g_hash_table_remove (self->rows, row);
}

static void
akin_similar_pane_dispose (GObject *object)
{
  AkinSimilarPane *self = AKIN_SIMILAR_PANE (object);
  GtkWidget *child;

  akin_similar_pane_set_list (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), AKIN_TYPE_SIMILAR_PANE);
  /* Template children without an id are not cleared by the call above. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->actions);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->rows, g_hash_table_unref);

  G_OBJECT_CLASS (akin_similar_pane_parent_class)->dispose (object);
}

static void
akin_similar_pane_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  AkinSimilarPane *self = AKIN_SIMILAR_PANE (object);

  switch (prop_id)
    {
    case PROP_LIST:
      g_value_set_object (value, self->list);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
akin_similar_pane_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  AkinSimilarPane *self = AKIN_SIMILAR_PANE (object);

  switch (prop_id)
    {
    case PROP_LIST:
      akin_similar_pane_set_list (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
akin_similar_pane_class_init (AkinSimilarPaneClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = akin_similar_pane_dispose;
  object_class->get_property = akin_similar_pane_get_property;
  object_class->set_property = akin_similar_pane_set_property;

  /**
   * AkinSimilarPane:list:
   *
   * The similar songs shown.
   */
  properties[PROP_LIST] =
    g_param_spec_object ("list", NULL, NULL, AKIN_TYPE_SIMILAR_LIST,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * AkinSimilarPane::track-activated:
   * @item: the activated entry
   *
   * The user activated a row: play its track.
   */
  signals[TRACK_ACTIVATED] =
    g_signal_new ("track-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, AKIN_TYPE_SIMILAR_ITEM);

  /**
   * AkinSimilarPane::play-anchor-requested:
   *
   * The user asked to play the anchor file (see
   * akin_similar_pane_set_anchor_playable()).
   */
  signals[PLAY_ANCHOR_REQUESTED] =
    g_signal_new ("play-anchor-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (AKIN_TYPE_SIMILAR_ROW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/akinplayer/Akin/ui/akin-similar-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, AkinSimilarPane, stack);
  gtk_widget_class_bind_template_child (widget_class, AkinSimilarPane, options_button);
  gtk_widget_class_bind_template_child (widget_class, AkinSimilarPane, list_view);
  gtk_widget_class_bind_template_child (widget_class, AkinSimilarPane, anchor_label);
  gtk_widget_class_bind_template_child (widget_class, AkinSimilarPane, play_anchor_button);
  gtk_widget_class_bind_template_child (widget_class, AkinSimilarPane, pending_spinner);
  gtk_widget_class_bind_template_child (widget_class, AkinSimilarPane, pending_page);
  gtk_widget_class_bind_template_child (widget_class, AkinSimilarPane, error_page);
  gtk_widget_class_bind_template_callback (widget_class, on_list_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_play_anchor_clicked);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "similarpane");
}

static void
akin_similar_pane_init (AkinSimilarPane *self)
{
  static const char * const keys[] = { "skip-same-artist", "skip-same-album", "play-similar" };
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  self->rows = g_hash_table_new (NULL, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), self);
  gtk_list_view_set_factory (self->list_view, factory);
  akin_playing_follow (GTK_WIDGET (self), on_playing_changed);

  self->settings = g_settings_new (AKIN_SETTINGS_SCHEMA_ID);
  self->actions = g_simple_action_group_new ();
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autoptr(GAction) action = g_settings_create_action (self->settings, keys[i]);

      g_action_map_add_action (G_ACTION_MAP (self->actions), action);
    }
  gtk_widget_insert_action_group (GTK_WIDGET (self), "similar", G_ACTION_GROUP (self->actions));

  akin_accessible_name_button (GTK_WIDGET (self->options_button), _("Similar Songs Options"));

  show_title (self);
  show_state (self);
}

GtkWidget *
akin_similar_pane_new (void)
{
  return g_object_new (AKIN_TYPE_SIMILAR_PANE, NULL);
}

/**
 * akin_similar_pane_get_list:
 *
 * Returns: (nullable) (transfer none): the list shown
 */
AkinSimilarList *
akin_similar_pane_get_list (AkinSimilarPane *self)
{
  g_return_val_if_fail (AKIN_IS_SIMILAR_PANE (self), NULL);
  return self->list;
}

/**
 * akin_similar_pane_set_list:
 * @list: (nullable): the similar songs to show
 *
 * Shows @list: its state, its anchor's title and its items. The pending
 * note spins while the list's library manager analyses.
 */
void
akin_similar_pane_set_list (AkinSimilarPane *self,
                            AkinSimilarList *list)
{
  AkinLibraryManager *manager;

  g_return_if_fail (AKIN_IS_SIMILAR_PANE (self));
  g_return_if_fail (list == NULL || AKIN_IS_SIMILAR_LIST (list));

  if (self->list == list)
    return;

  if (self->list != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->list, self);
      g_clear_pointer (&self->analyzing_binding, g_binding_unbind);
    }
  g_set_object (&self->list, list);
  g_clear_object (&self->selection);
  if (list != NULL)
    {
      /* A song list: a click selects, a double click or Enter plays. */
      self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (list)));
      gtk_single_selection_set_autoselect (self->selection, FALSE);
      gtk_single_selection_set_can_unselect (self->selection, TRUE);
    }
  if (self->list_view != NULL)
    gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  if (list != NULL)
    {
      g_signal_connect_object (list, "items-changed", G_CALLBACK (on_items_changed), self,
                               G_CONNECT_SWAPPED | G_CONNECT_AFTER);
      g_signal_connect_object (list, "notify::state", G_CALLBACK (show_state), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (list, "notify::error", G_CALLBACK (show_state), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (list, "notify::title", G_CALLBACK (show_title), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (list, "notify::anchor-uri", G_CALLBACK (on_anchor_changed), self,
                               G_CONNECT_SWAPPED);
      if ((manager = akin_similar_list_get_manager (list)) != NULL)
        self->analyzing_binding = g_object_bind_property (manager, "analyzing",
                                                          self->pending_spinner, "spinning",
                                                          G_BINDING_SYNC_CREATE);
    }

  if (!gtk_widget_in_destruction (GTK_WIDGET (self)))
    {
      show_title (self);
      show_state (self);
      show_play_anchor (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIST]);
}

/**
 * akin_similar_pane_set_anchor_playable:
 *
 * Shows the header's play button while the list's anchor is a file outside
 * the library that is not playing; it emits
 * AkinSimilarPane::play-anchor-requested.
 */
void
akin_similar_pane_set_anchor_playable (AkinSimilarPane *self,
                                       gboolean         playable)
{
  g_return_if_fail (AKIN_IS_SIMILAR_PANE (self));

  self->anchor_playable = !!playable;
  show_play_anchor (self);
}
