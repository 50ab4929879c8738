/* akin-queue-pane.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The songs queued by hand (AkinQueue's up-next list), in the side pane:
 * each row with its title and artist, a button that removes it, and a drag
 * handle (a row dropped on another takes its place). Activating a row
 * plays it at once (::play-requested); Clear empties the queue.
 */

#include "config.h"

#include <glib/gi18n.h>

#include <adwaita.h>

#include "akin-accessible.h"
#include "akin-queue-pane.h"
#include "akin-track-object.h"

struct _AkinQueuePane
{
  GtkWidget    parent_instance;

  AkinQueue   *queue;
  GtkStack    *stack;
  GtkListView *list_view;
  GtkLabel    *count_label;
  GtkWidget   *clear_button;
};

G_DEFINE_FINAL_TYPE (AkinQueuePane, akin_queue_pane, GTK_TYPE_WIDGET)

enum {
  PLAY_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static guint
item_position (GtkListItem *list_item)
{
  return gtk_list_item_get_position (list_item);
}

static void
on_remove_clicked (GtkButton   *button,
                   GtkListItem *list_item)
{
  AkinQueuePane *self = g_object_get_data (G_OBJECT (button), "akin-pane");

  akin_queue_remove (self->queue, item_position (list_item));
}

static GdkContentProvider *
on_drag_prepare (GtkDragSource *source,
                 double         x,
                 double         y,
                 GtkListItem   *list_item)
{
  return gdk_content_provider_new_typed (G_TYPE_UINT, item_position (list_item));
}

/**
 * akin_queue_pane_drop:
 * @from: the position of the row dragged
 * @to: the position of the row it was dropped on
 *
 * What a drop in the list does: the dragged song takes the place of the
 * one it was dropped on.
 *
 * Returns: whether the queue changed
 */
gboolean
akin_queue_pane_drop (AkinQueuePane *self,
                      guint          from,
                      guint          to)
{
  guint n;

  g_return_val_if_fail (AKIN_IS_QUEUE_PANE (self), FALSE);

  n = g_list_model_get_n_items (akin_queue_get_up_next (self->queue));
  if (from >= n || to >= n || from == to)
    return FALSE;
  akin_queue_move (self->queue, from, to);
  return TRUE;
}

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         GtkListItem   *list_item)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target));
  AkinQueuePane *self = g_object_get_data (G_OBJECT (row), "akin-pane");

  return akin_queue_pane_drop (self, g_value_get_uint (value), item_position (list_item));
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           AkinQueuePane            *self)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *handle = gtk_image_new_from_icon_name ("list-drag-handle-symbolic");
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *artist = gtk_label_new (NULL);
  GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
  GtkDragSource *drag = gtk_drag_source_new ();
  GtkDropTarget *drop = gtk_drop_target_new (G_TYPE_UINT, GDK_ACTION_MOVE);

  gtk_widget_set_margin_top (row, 6);
  gtk_widget_set_margin_bottom (row, 6);
  gtk_widget_add_css_class (handle, "dim-label");
  gtk_accessible_update_property (GTK_ACCESSIBLE (handle), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Drag to Reorder"), -1);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (artist), 0);
  gtk_label_set_ellipsize (GTK_LABEL (artist), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (artist, "caption");
  gtk_widget_add_css_class (artist, "dim-label");
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_box_append (GTK_BOX (labels), title);
  gtk_box_append (GTK_BOX (labels), artist);
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove From Queue"));
  akin_accessible_name_button (remove, _("Remove From Queue"));
  g_object_set_data (G_OBJECT (remove), "akin-pane", self);
  g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_clicked), list_item);

  gtk_drag_source_set_actions (drag, GDK_ACTION_MOVE);
  g_signal_connect (drag, "prepare", G_CALLBACK (on_drag_prepare), list_item);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (drag));
  g_object_set_data (G_OBJECT (row), "akin-pane", self);
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop), list_item);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (drop));

  gtk_box_append (GTK_BOX (row), handle);
  gtk_box_append (GTK_BOX (row), labels);
  gtk_box_append (GTK_BOX (row), remove);
  gtk_list_item_set_child (list_item, row);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          AkinQueuePane            *self)
{
  AkinTrackObject *track = gtk_list_item_get_item (list_item);
  GtkWidget *row = gtk_list_item_get_child (list_item);
  GtkWidget *labels = gtk_widget_get_next_sibling (gtk_widget_get_first_child (row));
  const char *artist = akin_track_object_get_artist (track);
  g_autofree char *line = NULL;

  /* Play Similar's choice says so. */
  if (akin_track_object_get_id (track) == akin_queue_get_pick (self->queue))
    line = artist != NULL && *artist != '\0'
             /* Translators: the queued song Play Similar chose; %s is its artist */
             ? g_strdup_printf (_("Play Similar · %s"), artist)
             : g_strdup (_("Play Similar"));
  else
    line = g_strdup (artist != NULL ? artist : "");

  gtk_label_set_label (GTK_LABEL (gtk_widget_get_first_child (labels)),
                       akin_track_object_get_title (track));
  gtk_label_set_label (GTK_LABEL (gtk_widget_get_last_child (labels)), line);
  gtk_widget_set_visible (gtk_widget_get_last_child (labels), *line != '\0');
}

static void
on_activate (AkinQueuePane *self,
             guint          position)
{
  g_signal_emit (self, signals[PLAY_REQUESTED], 0, position);
}

static void
on_clear_clicked (AkinQueuePane *self)
{
  akin_queue_clear (self->queue);
}

static void
update (AkinQueuePane *self)
{
  guint n = g_list_model_get_n_items (akin_queue_get_up_next (self->queue));
  g_autofree char *count = NULL;

  /* Translators: the number of songs in the queue */
  count = n > 0 ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u song", "%u songs", n), n)
                : g_strdup ("");
  gtk_label_set_label (self->count_label, count);
  gtk_widget_set_sensitive (self->clear_button, n > 0);
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "list" : "empty");
}

static void
akin_queue_pane_dispose (GObject *object)
{
  AkinQueuePane *self = AKIN_QUEUE_PANE (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->queue);

  G_OBJECT_CLASS (akin_queue_pane_parent_class)->dispose (object);
}

static void
akin_queue_pane_class_init (AkinQueuePaneClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = akin_queue_pane_dispose;

  /**
   * AkinQueuePane::play-requested:
   * @position: the queued song's position
   *
   * A row was activated: play that song now.
   */
  signals[PLAY_REQUESTED] =
    g_signal_new ("play-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "queuepane");
}

static void
akin_queue_pane_init (AkinQueuePane *self)
{
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
}

GtkWidget *
akin_queue_pane_new (AkinQueue *queue)
{
  AkinQueuePane *self;
  GtkWidget *header, *heading, *status, *scroller;
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkNoSelection *selection;

  g_return_val_if_fail (AKIN_IS_QUEUE (queue), NULL);

  self = g_object_new (AKIN_TYPE_QUEUE_PANE, NULL);
  self->queue = g_object_ref (queue);

  header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_start (header, 12);
  gtk_widget_set_margin_end (header, 6);
  gtk_widget_set_margin_top (header, 6);
  gtk_widget_set_margin_bottom (header, 6);
  heading = gtk_label_new (_("Up Next"));
  gtk_widget_add_css_class (heading, "heading");
  gtk_box_append (GTK_BOX (header), heading);
  self->count_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->count_label), "dim-label");
  gtk_widget_set_hexpand (GTK_WIDGET (self->count_label), TRUE);
  gtk_label_set_xalign (self->count_label, 0);
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->count_label));
  self->clear_button = gtk_button_new_from_icon_name ("edit-clear-all-symbolic");
  gtk_widget_add_css_class (self->clear_button, "flat");
  gtk_widget_set_tooltip_text (self->clear_button, _("Clear Queue"));
  akin_accessible_name_button (self->clear_button, _("Clear Queue"));
  g_signal_connect_swapped (self->clear_button, "clicked", G_CALLBACK (on_clear_clicked), self);
  gtk_box_append (GTK_BOX (header), self->clear_button);
  gtk_widget_set_parent (header, GTK_WIDGET (self));

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  status = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "view-list-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (status), _("Queue Is Empty"));
  adw_status_page_set_description (ADW_STATUS_PAGE (status),
                                   _("Right-click a song and choose Play Next or Add to Queue"));
  gtk_widget_add_css_class (status, "compact");
  gtk_stack_add_named (self->stack, status, "empty");

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  selection = gtk_no_selection_new (g_object_ref (akin_queue_get_up_next (queue)));
  self->list_view = GTK_LIST_VIEW (gtk_list_view_new (GTK_SELECTION_MODEL (selection),
                                                      g_object_ref (factory)));
  gtk_widget_add_css_class (GTK_WIDGET (self->list_view), "navigation-sidebar");
  g_signal_connect_swapped (self->list_view, "activate", G_CALLBACK (on_activate), self);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->list_view));
  gtk_stack_add_named (self->stack, scroller, "list");
  gtk_widget_set_parent (GTK_WIDGET (self->stack), GTK_WIDGET (self));

  g_signal_connect_object (akin_queue_get_up_next (queue), "items-changed", G_CALLBACK (update),
                           self, G_CONNECT_SWAPPED);
  update (self);
  return GTK_WIDGET (self);
}

/**
 * akin_queue_pane_get_list_view:
 *
 * Returns: (transfer none): the list of queued songs
 */
GtkListView *
akin_queue_pane_get_list_view (AkinQueuePane *self)
{
  g_return_val_if_fail (AKIN_IS_QUEUE_PANE (self), NULL);
  return self->list_view;
}
