/* akin-similar-pane.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The side pane's list of the songs most similar to the anchor (usually the
 * playing song). Setting #AkinSimilarPane:track-id starts a query through
 * the library manager, off the main thread; a newer query replaces the
 * cancellable, so a late result of an older one is dropped. An anchor
 * outside the library is given as a vector once the caller has analysed
 * it (akin_similar_pane_set_file_anchor() shows a spinner until then). A
 * library track that is not analysed yet shows a note, and the list fills
 * in when the manager announces its analysis.
 *
 * Queries live in akin-similar-pane-query.c.
 *
 * The list is a GtkListView over a GListStore of AkinSimilarItem; activating
 * a row emits AkinSimilarPane::track-activated, and whoever owns the pane
 * plays it. The header holds the Play Similar toggle and the rules (skip
 * the same artist / album), all GSettings actions in the `similar` group.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "akin-accessible.h"
#include "akin-app-enums.h"
#include "akin-similar-pane-private.h"
#include "akin-similar-row.h"

G_DEFINE_FINAL_TYPE (AkinSimilarPane, akin_similar_pane, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MANAGER,
  PROP_TRACK_ID,
  PROP_N_RESULTS,
  PROP_STATE,
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
  [AKIN_SIMILAR_PANE_STATE_EMPTY] = "empty",
  [AKIN_SIMILAR_PANE_STATE_LOADING] = "loading",
  [AKIN_SIMILAR_PANE_STATE_PENDING] = "pending",
  [AKIN_SIMILAR_PANE_STATE_ANALYZING] = "analyzing",
  [AKIN_SIMILAR_PANE_STATE_LIST] = "list",
  [AKIN_SIMILAR_PANE_STATE_NO_RESULTS] = "no-results",
  [AKIN_SIMILAR_PANE_STATE_ERROR] = "error",
};

void
_akin_similar_pane_set_state (AkinSimilarPane      *self,
                              AkinSimilarPaneState  state)
{
  gtk_stack_set_visible_child_name (self->stack, state_pages[state]);
  if (state != AKIN_SIMILAR_PANE_STATE_LIST)
    g_list_store_remove_all (self->items);
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

void
_akin_similar_pane_set_anchor_title (AkinSimilarPane *self,
                                     const char      *title)
{
  gtk_label_set_label (self->anchor_label, title != NULL ? title : "");
  gtk_widget_set_visible (GTK_WIDGET (self->anchor_label), title != NULL && *title != '\0');
}

static void
clear_external_anchor (AkinSimilarPane *self)
{
  g_clear_pointer (&self->anchor_uri, g_free);
  g_clear_pointer (&self->anchor_title, g_free);
  g_clear_pointer (&self->anchor_vector, g_free);
  g_clear_pointer (&self->anchor_timbre, g_free);
  g_clear_pointer (&self->anchor_tags, akin_tags_free);
  self->anchor_dim = 0;
  akin_descriptor_record_clear (&self->anchor_record);
}


static void
on_track_analyzed (AkinSimilarPane *self,
                   gint64           track_id)
{
  /* The anchor became searchable, or the list may gain a better match. */
  if (track_id == self->track_id && self->state == AKIN_SIMILAR_PANE_STATE_PENDING)
    _akin_similar_pane_start_query (self);
}

static void
on_rules_changed (AkinSimilarPane *self)
{
  if (self->state == AKIN_SIMILAR_PANE_STATE_LIST
      || self->state == AKIN_SIMILAR_PANE_STATE_NO_RESULTS
      || self->state == AKIN_SIMILAR_PANE_STATE_LOADING)
    _akin_similar_pane_start_query (self);
}

static void
on_list_activate (AkinSimilarPane *self,
                  guint            position)
{
  g_autoptr(AkinSimilarItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), position);

  if (item != NULL)
    g_signal_emit (self, signals[TRACK_ACTIVATED], 0, item);
}

static void
on_play_anchor_clicked (AkinSimilarPane *self)
{
  g_signal_emit (self, signals[PLAY_ANCHOR_REQUESTED], 0);
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
          gpointer                  data)
{
  akin_similar_row_set_item (AKIN_SIMILAR_ROW (gtk_list_item_get_child (list_item)),
                             gtk_list_item_get_item (list_item));
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  data)
{
  akin_similar_row_set_item (AKIN_SIMILAR_ROW (gtk_list_item_get_child (list_item)), NULL);
}

static void
akin_similar_pane_dispose (GObject *object)
{
  AkinSimilarPane *self = AKIN_SIMILAR_PANE (object);
  GtkWidget *child;

  _akin_similar_pane_cancel_query (self);
  akin_similar_pane_set_manager (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), AKIN_TYPE_SIMILAR_PANE);
  /* Template children without an id are not cleared by the call above. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->actions);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (akin_similar_pane_parent_class)->dispose (object);
}

static void
akin_similar_pane_finalize (GObject *object)
{
  AkinSimilarPane *self = AKIN_SIMILAR_PANE (object);

  clear_external_anchor (self);
  g_clear_pointer (&self->track_title, g_free);
  g_clear_object (&self->items);

  G_OBJECT_CLASS (akin_similar_pane_parent_class)->finalize (object);
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
    case PROP_MANAGER:
      g_value_set_object (value, self->manager);
      break;
    case PROP_TRACK_ID:
      g_value_set_int64 (value, self->track_id);
      break;
    case PROP_N_RESULTS:
      g_value_set_uint (value, self->n_results);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
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
    case PROP_MANAGER:
      akin_similar_pane_set_manager (self, g_value_get_object (value));
      break;
    case PROP_TRACK_ID:
      akin_similar_pane_set_track_id (self, g_value_get_int64 (value));
      break;
    case PROP_N_RESULTS:
      akin_similar_pane_set_n_results (self, g_value_get_uint (value));
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
  object_class->finalize = akin_similar_pane_finalize;
  object_class->get_property = akin_similar_pane_get_property;
  object_class->set_property = akin_similar_pane_set_property;

  /**
   * AkinSimilarPane:manager:
   *
   * The library manager that answers the queries.
   */
  properties[PROP_MANAGER] =
    g_param_spec_object ("manager", NULL, NULL, AKIN_TYPE_LIBRARY_MANAGER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * AkinSimilarPane:track-id:
   *
   * The library track whose similar songs are listed, -1 for none. Setting
   * it starts a query and cancels the previous one.
   */
  properties[PROP_TRACK_ID] =
    g_param_spec_int64 ("track-id", NULL, NULL, -1, G_MAXINT64, -1,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * AkinSimilarPane:n-results:
   *
   * How many similar songs to list.
   */
  properties[PROP_N_RESULTS] =
    g_param_spec_uint ("n-results", NULL, NULL, 1, 100, AKIN_SIMILAR_PANE_DEFAULT_N_RESULTS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * AkinSimilarPane:state:
   *
   * What the pane shows.
   */
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, AKIN_TYPE_SIMILAR_PANE_STATE,
                       AKIN_SIMILAR_PANE_STATE_EMPTY,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

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
  g_autoptr(GtkNoSelection) selection = NULL;

  self->track_id = -1;
  self->n_results = AKIN_SIMILAR_PANE_DEFAULT_N_RESULTS;
  self->items = g_list_store_new (AKIN_TYPE_SIMILAR_ITEM);

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->items)));
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));

  self->settings = g_settings_new (AKIN_SETTINGS_SCHEMA_ID);
  self->actions = g_simple_action_group_new ();
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autoptr(GAction) action = g_settings_create_action (self->settings, keys[i]);

      g_action_map_add_action (G_ACTION_MAP (self->actions), action);
    }
  gtk_widget_insert_action_group (GTK_WIDGET (self), "similar", G_ACTION_GROUP (self->actions));
  g_signal_connect_object (self->settings, "changed::skip-same-artist",
                           G_CALLBACK (on_rules_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::skip-same-album",
                           G_CALLBACK (on_rules_changed), self, G_CONNECT_SWAPPED);

  akin_accessible_name_button (GTK_WIDGET (self->options_button), _("Similar Songs Options"));

  _akin_similar_pane_set_anchor_title (self, NULL);
  _akin_similar_pane_set_state (self, AKIN_SIMILAR_PANE_STATE_EMPTY);
}

GtkWidget *
akin_similar_pane_new (void)
{
  return g_object_new (AKIN_TYPE_SIMILAR_PANE, NULL);
}

/**
 * akin_similar_pane_get_manager:
 *
 * Returns: (nullable) (transfer none): the library manager
 */
AkinLibraryManager *
akin_similar_pane_get_manager (AkinSimilarPane *self)
{
  g_return_val_if_fail (AKIN_IS_SIMILAR_PANE (self), NULL);
  return self->manager;
}

/**
 * akin_similar_pane_set_manager:
 * @manager: (nullable): the library manager
 *
 * Queries go through @manager; its `track-analyzed` signal fills in a
 * pending anchor and its `analyzing` property spins the pending note.
 */
void
akin_similar_pane_set_manager (AkinSimilarPane    *self,
                               AkinLibraryManager *manager)
{
  g_return_if_fail (AKIN_IS_SIMILAR_PANE (self));
  g_return_if_fail (manager == NULL || AKIN_IS_LIBRARY_MANAGER (manager));

  if (self->manager == manager)
    return;

  if (self->manager != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->manager, self);
      g_clear_pointer (&self->analyzing_binding, g_binding_unbind);
    }
  g_set_object (&self->manager, manager);
  if (manager != NULL)
    {
      g_signal_connect_object (manager, "track-analyzed", G_CALLBACK (on_track_analyzed), self,
                               G_CONNECT_SWAPPED);
      self->analyzing_binding = g_object_bind_property (manager, "analyzing",
                                                        self->pending_spinner, "spinning",
                                                        G_BINDING_SYNC_CREATE);
    }

  if (!gtk_widget_in_destruction (GTK_WIDGET (self)))
    _akin_similar_pane_start_query (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MANAGER]);
}

gint64
akin_similar_pane_get_track_id (AkinSimilarPane *self)
{
  g_return_val_if_fail (AKIN_IS_SIMILAR_PANE (self), -1);
  return self->track_id;
}

/**
 * akin_similar_pane_set_track_id:
 * @track_id: a library track, or -1 for none
 *
 * Lists the songs similar to @track_id (asynchronously), dropping any
 * anchor outside the library.
 */
void
akin_similar_pane_set_track_id (AkinSimilarPane *self,
                                gint64           track_id)
{
  g_return_if_fail (AKIN_IS_SIMILAR_PANE (self));

  track_id = MAX (track_id, -1);
  if (track_id == 0)
    track_id = -1;
  if (self->track_id == track_id && self->anchor_uri == NULL
      && self->state != AKIN_SIMILAR_PANE_STATE_ERROR)
    return;

  clear_external_anchor (self);
  gtk_widget_set_visible (GTK_WIDGET (self->play_anchor_button), FALSE);
  if (self->track_id != track_id)
    g_list_store_remove_all (self->items);
  self->track_id = track_id;
  g_clear_pointer (&self->track_title, g_free);
  _akin_similar_pane_set_anchor_title (self, NULL);
  _akin_similar_pane_start_query (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRACK_ID]);
}

guint
akin_similar_pane_get_n_results (AkinSimilarPane *self)
{
  g_return_val_if_fail (AKIN_IS_SIMILAR_PANE (self), 0);
  return self->n_results;
}

void
akin_similar_pane_set_n_results (AkinSimilarPane *self,
                                 guint            n_results)
{
  g_return_if_fail (AKIN_IS_SIMILAR_PANE (self));
  g_return_if_fail (n_results >= 1 && n_results <= 100);

  if (self->n_results == n_results)
    return;
  self->n_results = n_results;
  on_rules_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_RESULTS]);
}

/**
 * akin_similar_pane_set_file_anchor:
 * @uri: a file outside the library
 * @title: (nullable): what to call it
 *
 * Makes @uri the anchor and shows that it is being analysed; give its
 * vector with akin_similar_pane_set_vector_anchor() when the analysis is
 * done, or akin_similar_pane_show_error() when it failed.
 */
void
akin_similar_pane_set_file_anchor (AkinSimilarPane *self,
                                   const char      *uri,
                                   const char      *title)
{
  g_autofree char *uri_copy = g_strdup (uri);
  g_autofree char *title_copy = g_strdup (title);

  g_return_if_fail (AKIN_IS_SIMILAR_PANE (self));
  g_return_if_fail (uri != NULL);

  _akin_similar_pane_cancel_query (self);
  clear_external_anchor (self);
  gtk_widget_set_visible (GTK_WIDGET (self->play_anchor_button), FALSE);
  if (self->track_id != -1)
    {
      self->track_id = -1;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRACK_ID]);
    }
  self->anchor_uri = g_steal_pointer (&uri_copy);
  self->anchor_title = g_steal_pointer (&title_copy);
  _akin_similar_pane_set_anchor_title (self, self->anchor_title);
  _akin_similar_pane_set_state (self, AKIN_SIMILAR_PANE_STATE_ANALYZING);
}

/**
 * akin_similar_pane_set_vector_anchor:
 * @uri: the analysed file
 * @title: (nullable): what to call it
 * @vector: (array length=dim): its vector
 * @dim: the vector's length
 * @timbre: (nullable): its timbre model: with it the file is ranked as a
 *   library song would be, without it by its vector only
 * @tags: (nullable): its tags, for the rules (skip the same artist, album)
 * @descriptors: (nullable): its descriptors, for the reasons
 *
 * Lists the library songs most similar to a file outside the library.
 */
void
akin_similar_pane_set_vector_anchor (AkinSimilarPane            *self,
                                     const char                 *uri,
                                     const char                 *title,
                                     const float                *vector,
                                     guint                       dim,
                                     const AkinTimbreModel      *timbre,
                                     const AkinTags             *tags,
                                     const AkinDescriptorRecord *descriptors)
{
  g_return_if_fail (AKIN_IS_SIMILAR_PANE (self));
  g_return_if_fail (uri != NULL);
  g_return_if_fail (vector != NULL && dim > 0);

  akin_similar_pane_set_file_anchor (self, uri, title);
  self->anchor_vector = g_memdup2 (vector, sizeof (float) * dim);
  self->anchor_dim = dim;
  if (timbre != NULL)
    self->anchor_timbre = g_memdup2 (timbre, sizeof *timbre);
  if (tags != NULL)
    self->anchor_tags = akin_tags_copy (tags);
  if (descriptors != NULL)
    akin_descriptor_record_copy (&self->anchor_record, descriptors);
  _akin_similar_pane_start_query (self);
}

/**
 * akin_similar_pane_get_anchor_uri:
 *
 * Returns: (nullable): the anchor outside the library, if any
 */
const char *
akin_similar_pane_get_anchor_uri (AkinSimilarPane *self)
{
  g_return_val_if_fail (AKIN_IS_SIMILAR_PANE (self), NULL);
  return self->anchor_uri;
}

/**
 * akin_similar_pane_set_anchor_playable:
 *
 * Shows the header's play button for an anchor outside the library that
 * is not playing; it emits AkinSimilarPane::play-anchor-requested.
 */
void
akin_similar_pane_set_anchor_playable (AkinSimilarPane *self,
                                       gboolean         playable)
{
  g_return_if_fail (AKIN_IS_SIMILAR_PANE (self));

  gtk_widget_set_visible (GTK_WIDGET (self->play_anchor_button),
                          playable && self->anchor_uri != NULL);
}

/**
 * akin_similar_pane_show_error:
 * @message: a translated reason
 *
 * Replaces the list with an error page, e.g. when analysing an anchor
 * file failed.
 */
void
akin_similar_pane_show_error (AkinSimilarPane *self,
                              const char      *message)
{
  g_return_if_fail (AKIN_IS_SIMILAR_PANE (self));
  g_return_if_fail (message != NULL);

  _akin_similar_pane_cancel_query (self);
  adw_status_page_set_description (self->error_page, message);
  _akin_similar_pane_set_state (self, AKIN_SIMILAR_PANE_STATE_ERROR);
}

/**
 * akin_similar_pane_show_items:
 * @anchor_title: (nullable): the anchor's title for the header
 * @items: (array length=n_items): the entries, best first
 *
 * Shows a finished list; the pane does this itself when a query returns.
 */
void
akin_similar_pane_show_items (AkinSimilarPane         *self,
                              const char              *anchor_title,
                              AkinSimilarItem * const *items,
                              guint                    n_items)
{
  g_return_if_fail (AKIN_IS_SIMILAR_PANE (self));
  g_return_if_fail (items != NULL || n_items == 0);

  _akin_similar_pane_set_anchor_title (self, anchor_title);
  g_list_store_splice (self->items, 0, g_list_model_get_n_items (G_LIST_MODEL (self->items)),
                       (gpointer *) items, n_items);
  _akin_similar_pane_set_state (self, n_items > 0 ? AKIN_SIMILAR_PANE_STATE_LIST : AKIN_SIMILAR_PANE_STATE_NO_RESULTS);
}

AkinSimilarPaneState
akin_similar_pane_get_state (AkinSimilarPane *self)
{
  g_return_val_if_fail (AKIN_IS_SIMILAR_PANE (self), AKIN_SIMILAR_PANE_STATE_EMPTY);
  return self->state;
}

/**
 * akin_similar_pane_get_items:
 *
 * Returns: (transfer none): the listed AkinSimilarItems, best first
 */
GListModel *
akin_similar_pane_get_items (AkinSimilarPane *self)
{
  g_return_val_if_fail (AKIN_IS_SIMILAR_PANE (self), NULL);
  return G_LIST_MODEL (self->items);
}
