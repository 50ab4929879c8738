/* akin-library-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The song list: a search bar over a GtkColumnView of AkinLibraryModel.
 * Sorting is the model's (one SQL query), not a GtkSortListModel's, so it
 * never reads every row: each column carries a sorter that is only used to
 * find out which column the user picked, and in which direction (GTK 4.8
 * has no public getter for the column view sorter's primary column).
 * Activating a row plays it in the window and makes it the current track.
 * Cells come from signal factories (no template to parse per cell) and bind
 * their widget to one property of the row's AkinTrackObject. The title
 * cell marks the window's current track with a speaker, and the selection
 * follows the playing song.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "akin-accessible.h"
#include "akin-library-view.h"
#include "akin-playing-mark.h"
#include "akin-window.h"

struct _AkinLibraryView
{
  GtkWidget            parent_instance;

  AkinLibraryManager  *manager;
  AkinLibraryModel    *model;
  GSettings           *settings;        /* the sort order is kept there */
  GtkSingleSelection  *selection;
  gint64               selected_id;
  int                  probed_column;   /* set by the column sorters */
  GObject             *probe[2];        /* two objects to compare */
  gint64               playing_id;      /* the window's current track */
  GHashTable          *title_cells;     /* bound title cells (GtkBox) */
  AkinPlayback        *watched_playback;
  GtkWidget           *context_menu;
  guint                columns_id;
  GtkWidget           *width_probe;
  int                  narrow_width;

  /* Template children */
  GtkSearchBar        *search_bar;
  GtkSearchEntry      *search_entry;
  GtkStack            *stack;
  GtkScrolledWindow   *scroller;
  GtkColumnView       *column_view;
  GtkColumnViewColumn *title_column;
  GtkColumnViewColumn *artist_column;
  GtkColumnViewColumn *album_column;
  GtkColumnViewColumn *duration_column;
  GtkColumnViewColumn *bpm_column;
  GtkColumnViewColumn *key_column;
  GtkColumnViewColumn *status_column;
};

G_DEFINE_FINAL_TYPE (AkinLibraryView, akin_library_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MANAGER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  AkinLibraryView *view;
  AkinTrackSort    sort;
} ColumnProbe;

static int
record_column (gconstpointer a,
               gconstpointer b,
               gpointer      data)
{
  ColumnProbe *probe = data;

  probe->view->probed_column = (int) probe->sort;
  return GTK_ORDERING_SMALLER;
}

/* The sorts the columns offer, as the `songs-sort` setting names them. */
static const struct
{
  const char    *name;
  AkinTrackSort  sort;
} sort_names[] = {
  { "title", AKIN_TRACK_SORT_TITLE },
  { "artist", AKIN_TRACK_SORT_ARTIST },
  { "album", AKIN_TRACK_SORT_ALBUM },
  { "duration", AKIN_TRACK_SORT_DURATION },
  { "bpm", AKIN_TRACK_SORT_BPM },
  { "key", AKIN_TRACK_SORT_KEY },
  { "status", AKIN_TRACK_SORT_STATUS },
};

static void
remember_sort (AkinLibraryView *self,
               AkinTrackSort    sort,
               gboolean         descending)
{
  for (guint i = 0; i < G_N_ELEMENTS (sort_names); i++)
    if (sort_names[i].sort == sort)
      {
        g_settings_set_string (self->settings, "songs-sort", sort_names[i].name);
        g_settings_set_boolean (self->settings, "songs-sort-descending", descending);
      }
}

static void
on_sorter_changed (AkinLibraryView *self)
{
  GtkSorter *sorter;
  GtkOrdering order;

  /* Columns leaving a column view that is being disposed change its sorter. */
  if (self->column_view == NULL || gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;
  sorter = gtk_column_view_get_sorter (self->column_view);

  /* The column view's sorter asks the primary column's sorter first and
   * inverts its answer when the column sorts descending. (The items must
   * differ: an item always equals itself without any sorter being asked.) */
  self->probed_column = -1;
  order = gtk_sorter_compare (sorter, self->probe[0], self->probe[1]);
  if (self->probed_column < 0)
    akin_library_model_set_sort (self->model, AKIN_TRACK_SORT_ARTIST, FALSE);
  else
    {
      akin_library_model_set_sort (self->model, (AkinTrackSort) self->probed_column,
                                   order == GTK_ORDERING_LARGER);
      remember_sort (self, (AkinTrackSort) self->probed_column, order == GTK_ORDERING_LARGER);
    }
}

static void
set_column_sort (AkinLibraryView     *self,
                 GtkColumnViewColumn *column,
                 AkinTrackSort        sort)
{
  ColumnProbe *probe = g_new0 (ColumnProbe, 1);
  g_autoptr(GtkSorter) sorter = NULL;

  probe->view = self;
  probe->sort = sort;
  sorter = GTK_SORTER (gtk_custom_sorter_new (record_column, probe, g_free));
  gtk_column_view_column_set_sorter (column, sorter);
}

typedef enum
{
  CELL_TEXT,
  CELL_NUMBER,
  CELL_DETAIL,
  CELL_STATUS,
} CellKind;

typedef struct
{
  const char *property;
  CellKind    kind;
} Cell;

static const Cell cells[] = {
  { "title", CELL_TEXT },
  { "artist", CELL_TEXT },
  { "album", CELL_TEXT },
  { "duration-text", CELL_NUMBER },
  { "bpm-text", CELL_NUMBER },
  { "key", CELL_DETAIL },
  { "status-icon-name", CELL_STATUS },
};

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  data)
{
  const Cell *cell = data;
  GtkWidget *widget;

  if (cell->kind == CELL_STATUS)
    {
      widget = gtk_image_new ();
      gtk_widget_add_css_class (widget, "track-status");
    }
  else
    {
      widget = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (widget), cell->kind == CELL_NUMBER ? 1.0f : 0.0f);
      gtk_label_set_ellipsize (GTK_LABEL (widget), PANGO_ELLIPSIZE_END);
      gtk_label_set_single_line_mode (GTK_LABEL (widget), TRUE);
      if (cell->kind == CELL_NUMBER)
        gtk_widget_add_css_class (widget, "numeric");
      if (cell->kind != CELL_TEXT)
        gtk_widget_add_css_class (widget, "dim-label");
    }
  g_object_set_data (G_OBJECT (widget), "akin-list-item", list_item);
  gtk_list_item_set_child (list_item, widget);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  data)
{
  const Cell *cell = data;
  GObject *track = gtk_list_item_get_item (list_item);
  GtkWidget *widget = gtk_list_item_get_child (list_item);
  GBinding *binding;

  binding = g_object_bind_property (track, cell->property, widget,
                                    cell->kind == CELL_STATUS ? "icon-name" : "label",
                                    G_BINDING_SYNC_CREATE);
  g_object_set_data (G_OBJECT (list_item), "akin-binding", binding);
  if (cell->kind == CELL_STATUS)
    {
      binding = g_object_bind_property (track, "status-tooltip", widget, "tooltip-text",
                                        G_BINDING_SYNC_CREATE);
      g_object_set_data (G_OBJECT (list_item), "akin-tooltip-binding", binding);
    }
}

static void
unbind_cell (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  data)
{
  const char *keys[] = { "akin-binding", "akin-tooltip-binding" };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      GBinding *binding = g_object_steal_data (G_OBJECT (list_item), keys[i]);

      if (binding != NULL)
        g_binding_unbind (binding);
    }
}

/* The title cell: a speaker beside the title of the playing song. */
static void
update_title_cell (AkinLibraryView *self,
                   GtkWidget       *box)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (box), "akin-track-id"));
  gboolean playing = id > 0 && id == self->playing_id;

  akin_playing_mark_set (box, gtk_widget_get_first_child (box), playing);
}

static void
setup_title_cell (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  AkinLibraryView          *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *icon = akin_playing_icon_new ();
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  g_object_set_data (G_OBJECT (box), "akin-list-item", list_item);
  gtk_list_item_set_child (list_item, box);
}

static void
bind_title_cell (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 AkinLibraryView          *self)
{
  AkinTrackObject *track = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GBinding *binding;

  binding = g_object_bind_property (track, "title", gtk_widget_get_last_child (box), "label",
                                    G_BINDING_SYNC_CREATE);
  g_object_set_data (G_OBJECT (list_item), "akin-binding", binding);
  g_object_set_data (G_OBJECT (box), "akin-track-id",
                     GSIZE_TO_POINTER ((gsize) akin_track_object_get_id (track)));
  g_hash_table_add (self->title_cells, box);
  update_title_cell (self, box);
}

static void
unbind_title_cell (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   AkinLibraryView          *self)
{
  GBinding *binding = g_object_steal_data (G_OBJECT (list_item), "akin-binding");
  GtkWidget *box = gtk_list_item_get_child (list_item);

  if (binding != NULL)
    g_binding_unbind (binding);
  if (box != NULL)
    {
      g_object_set_data (G_OBJECT (box), "akin-track-id", NULL);
      g_hash_table_remove (self->title_cells, box);
    }
}

static void
teardown_title_cell (GtkSignalListItemFactory *factory,
                     GtkListItem              *list_item,
                     AkinLibraryView          *self)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);

  if (box != NULL)
    g_hash_table_remove (self->title_cells, box);
}

static void
set_title_factory (AkinLibraryView *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_title_cell), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_title_cell), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_title_cell), self);
  g_signal_connect (factory, "teardown", G_CALLBACK (teardown_title_cell), self);
  gtk_column_view_column_set_factory (self->title_column, factory);
}

static void
on_current_track_changed (AkinLibraryView *self)
{
  GHashTableIter iter;
  gpointer box;
  gint64 id = -1;
  guint position;

  id = akin_playback_get_current_track_id (self->watched_playback);
  if (id == self->playing_id)
    return;
  self->playing_id = id;

  g_hash_table_iter_init (&iter, self->title_cells);
  while (g_hash_table_iter_next (&iter, &box, NULL))
    update_title_cell (self, box);

  /* The selection follows the playing song. */
  if (id > 0 && (position = akin_library_model_find_track (self->model, id)) != G_MAXUINT)
    {
      self->selected_id = id;
      gtk_single_selection_set_selected (self->selection, position);
    }
}

/**
 * akin_library_view_get_selected_track:
 *
 * Returns: the selected song's track, or -1
 */
gint64
akin_library_view_get_selected_track (AkinLibraryView *self)
{
  guint position;

  g_return_val_if_fail (AKIN_IS_LIBRARY_VIEW (self), -1);

  position = gtk_single_selection_get_selected (self->selection);
  if (position == GTK_INVALID_LIST_POSITION)
    return -1;
  return akin_library_model_get_track_id (self->model, position);
}

/**
 * akin_library_view_popup_menu:
 * @position: a row
 * @x: where to point, in the column view's coordinates (-1: its middle)
 * @y: as @x
 *
 * Selects the row and shows its menu: Play Next and Add to Queue.
 *
 * Returns: (transfer none) (nullable): the menu, or %NULL for no such row
 */
GtkWidget *
akin_library_view_popup_menu (AkinLibraryView *self,
                              guint            position,
                              double           x,
                              double           y)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenuItem) play_next = NULL;
  g_autoptr(GMenuItem) add = NULL;
  gint64 id;
  GdkRectangle rect;

  g_return_val_if_fail (AKIN_IS_LIBRARY_VIEW (self), NULL);

  id = akin_library_model_get_track_id (self->model, position);
  if (id <= 0)
    return NULL;
  gtk_single_selection_set_selected (self->selection, position);
  self->selected_id = id;

  play_next = g_menu_item_new (_("Play _Next"), NULL);
  g_menu_item_set_action_and_target_value (play_next, "queue.play-next", g_variant_new_int64 (id));
  g_menu_append_item (menu, play_next);
  add = g_menu_item_new (_("_Add to Queue"), NULL);
  g_menu_item_set_action_and_target_value (add, "queue.add", g_variant_new_int64 (id));
  g_menu_append_item (menu, add);

  if (self->context_menu == NULL)
    {
      self->context_menu = gtk_popover_menu_new_from_model (NULL);
      gtk_widget_set_parent (self->context_menu, GTK_WIDGET (self->column_view));
      gtk_popover_set_has_arrow (GTK_POPOVER (self->context_menu), FALSE);
      gtk_widget_set_halign (self->context_menu, GTK_ALIGN_START);
    }
  gtk_popover_menu_set_menu_model (GTK_POPOVER_MENU (self->context_menu), G_MENU_MODEL (menu));
  if (x < 0 || y < 0)
    {
      x = gtk_widget_get_width (GTK_WIDGET (self->column_view)) / 2.0;
      y = gtk_widget_get_height (GTK_WIDGET (self->column_view)) / 2.0;
    }
  rect = (GdkRectangle) { (int) x, (int) y, 1, 1 };
  gtk_popover_set_pointing_to (GTK_POPOVER (self->context_menu), &rect);
  gtk_popover_popup (GTK_POPOVER (self->context_menu));
  return self->context_menu;
}

static void
on_secondary_click (GtkGestureClick *gesture,
                    int              n_press,
                    double           x,
                    double           y,
                    AkinLibraryView *self)
{
  GtkWidget *picked = gtk_widget_pick (GTK_WIDGET (self->column_view), x, y, GTK_PICK_DEFAULT);

  for (; picked != NULL && picked != GTK_WIDGET (self->column_view);
       picked = gtk_widget_get_parent (picked))
    {
      GtkListItem *item = g_object_get_data (G_OBJECT (picked), "akin-list-item");

      if (item != NULL)
        {
          akin_library_view_popup_menu (self, gtk_list_item_get_position (item), x, y);
          gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
          return;
        }
    }
}

static gboolean
on_menu_key (GtkWidget *widget,
             GVariant  *args,
             gpointer   data)
{
  AkinLibraryView *self = AKIN_LIBRARY_VIEW (widget);
  guint position = gtk_single_selection_get_selected (self->selection);

  if (position == GTK_INVALID_LIST_POSITION)
    return FALSE;
  return akin_library_view_popup_menu (self, position, -1, -1) != NULL;
}

/**
 * akin_library_view_get_playing_track:
 *
 * Returns: the track the list marks as playing (the playback's
 *   `current-track-id`), or -1
 */
gint64
akin_library_view_get_playing_track (AkinLibraryView *self)
{
  g_return_val_if_fail (AKIN_IS_LIBRARY_VIEW (self), -1);
  return self->playing_id;
}

/**
 * akin_library_view_is_marked_playing:
 * @track_id: a track
 *
 * Returns: whether a row on screen shows @track_id as the playing song
 */
gboolean
akin_library_view_is_marked_playing (AkinLibraryView *self,
                                     gint64           track_id)
{
  GHashTableIter iter;
  gpointer box;

  g_return_val_if_fail (AKIN_IS_LIBRARY_VIEW (self), FALSE);

  g_hash_table_iter_init (&iter, self->title_cells);
  while (g_hash_table_iter_next (&iter, &box, NULL))
    if (GPOINTER_TO_SIZE (g_object_get_data (box, "akin-track-id")) == (gsize) track_id
        && gtk_widget_get_visible (gtk_widget_get_first_child (box)))
      return TRUE;
  return FALSE;
}

static void
set_cell_factory (GtkColumnViewColumn *column,
                  const Cell          *cell)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), (gpointer) cell);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), (gpointer) cell);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell), (gpointer) cell);
  gtk_column_view_column_set_factory (column, factory);
}

static void
update_page (AkinLibraryView *self)
{
  const char *page = "list";

  if (g_list_model_get_n_items (G_LIST_MODEL (self->model)) == 0)
    page = akin_library_model_get_search (self->model) != NULL ? "no-results" : "empty";
  gtk_stack_set_visible_child_name (self->stack, page);
}

static void
on_model_refreshed (AkinLibraryView *self)
{
  guint position;

  /* Keep the selected song selected when it moved. */
  if (self->selected_id < 0)
    return;
  position = akin_library_model_find_track (self->model, self->selected_id);
  if (position != G_MAXUINT
      && position != gtk_single_selection_get_selected (self->selection))
    gtk_single_selection_set_selected (self->selection, position);
}

static void
on_selection_changed (AkinLibraryView *self)
{
  guint position = gtk_single_selection_get_selected (self->selection);
  gint64 id = akin_library_model_get_track_id (self->model, position);

  /* A refresh may unselect for a moment; the id is kept until another row
   * is chosen. */
  if (id >= 0)
    self->selected_id = id;
}

static void
on_search_changed (AkinLibraryView *self)
{
  /* GtkSearchEntry already waits for a pause in typing (150 ms). */
  akin_library_model_set_search (self->model, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
on_stop_search (AkinLibraryView *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

static void
on_search_activate (AkinLibraryView *self)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0)
    akin_library_view_play_position (self, 0);
}

static void
on_activate (AkinLibraryView *self,
             guint            position)
{
  akin_library_view_play_position (self, position);
}

/**
 * akin_library_view_play_position:
 * @position: a row
 *
 * Plays the song at @position in the window and makes it the current track.
 *
 * Returns: whether there was a song to play
 */
gboolean
akin_library_view_play_position (AkinLibraryView *self,
                                 guint            position)
{
  g_autoptr(AkinTrackObject) item = NULL;
  GtkRoot *root;

  g_return_val_if_fail (AKIN_IS_LIBRARY_VIEW (self), FALSE);

  item = g_list_model_get_item (G_LIST_MODEL (self->model), position);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (item == NULL || !AKIN_IS_WINDOW (root) || akin_track_object_get_uri (item)[0] == '\0')
    return FALSE;

  return akin_playback_play_track (akin_window_get_playback (AKIN_WINDOW (root)),
                                   akin_track_object_get_id (item), AKIN_QUEUE_SOURCE_LIBRARY);
}

/**
 * akin_library_view_play_track:
 * @track_id: a track in the list
 *
 * Returns: whether the track is in the list and now plays
 */
gboolean
akin_library_view_play_track (AkinLibraryView *self,
                              gint64           track_id)
{
  guint position;

  g_return_val_if_fail (AKIN_IS_LIBRARY_VIEW (self), FALSE);

  position = akin_library_model_find_track (self->model, track_id);
  return position != G_MAXUINT && akin_library_view_play_position (self, position);
}

/**
 * akin_library_view_get_neighbour_track:
 * @track_id: a track, or -1 for the list's first (+1) or last (-1) song
 * @direction: +1 for the next song in the list as shown, -1 for the
 *   previous, 0 for a random song of the list
 *
 * For a queue that follows the list: the song after or before @track_id
 * in the current sort order and search.
 *
 * Returns: its id, or -1 when @track_id is not shown or is at that end
 */
gint64
akin_library_view_get_neighbour_track (AkinLibraryView *self,
                                       gint64           track_id,
                                       int              direction)
{
  guint position, n;

  g_return_val_if_fail (AKIN_IS_LIBRARY_VIEW (self), -1);
  g_return_val_if_fail (direction >= -1 && direction <= 1, -1);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  if (n == 0)
    return -1;
  if (direction == 0)
    return akin_library_model_get_track_id (self->model, g_random_int_range (0, (gint32) n));
  if (track_id <= 0)
    return akin_library_model_get_track_id (self->model, direction > 0 ? 0 : n - 1);

  position = akin_library_model_find_track (self->model, track_id);
  if (position == G_MAXUINT || (direction < 0 && position == 0))
    return -1;
  return akin_library_model_get_track_id (self->model, position + direction);
}

/**
 * akin_library_view_get_model:
 *
 * Returns: (transfer none): the list's model
 */
AkinLibraryModel *
akin_library_view_get_model (AkinLibraryView *self)
{
  g_return_val_if_fail (AKIN_IS_LIBRARY_VIEW (self), NULL);
  return self->model;
}

/**
 * akin_library_view_set_search_mode:
 * @search_mode: whether the search bar is shown
 */
void
akin_library_view_set_search_mode (AkinLibraryView *self,
                                   gboolean         search_mode)
{
  g_return_if_fail (AKIN_IS_LIBRARY_VIEW (self));
  gtk_search_bar_set_search_mode (self->search_bar, search_mode);
}

static void
akin_library_view_root (GtkWidget *widget)
{
  AkinLibraryView *self = AKIN_LIBRARY_VIEW (widget);
  GtkRoot *root;

  GTK_WIDGET_CLASS (akin_library_view_parent_class)->root (widget);

  /* Ctrl+F is `win.search`; typing anywhere in the window starts a search. */
  root = gtk_widget_get_root (widget);
  if (G_IS_ACTION_MAP (root))
    {
      g_autoptr(GPropertyAction) action = g_property_action_new ("search", self->search_bar,
                                                                 "search-mode-enabled");

      g_action_map_add_action (G_ACTION_MAP (root), G_ACTION (action));
    }
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (root));

  if (AKIN_IS_WINDOW (root))
    {
      self->watched_playback = akin_window_get_playback (AKIN_WINDOW (root));
      g_signal_connect_object (self->watched_playback, "notify::current-track-id",
                               G_CALLBACK (on_current_track_changed), self, G_CONNECT_SWAPPED);
      on_current_track_changed (self);
    }
}

static void
akin_library_view_unroot (GtkWidget *widget)
{
  AkinLibraryView *self = AKIN_LIBRARY_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (G_IS_ACTION_MAP (root))
    g_action_map_remove_action (G_ACTION_MAP (root), "search");
  gtk_search_bar_set_key_capture_widget (self->search_bar, NULL);
  if (self->watched_playback != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->watched_playback, on_current_track_changed,
                                            self);
      self->watched_playback = NULL;
    }

  GTK_WIDGET_CLASS (akin_library_view_parent_class)->unroot (widget);
}

/* Below these widths, the columns after them give way: the list stays
 * readable down to a phone's 360 pixels. */
static const struct {
  int    min_width;
  gsize  offset;
} column_widths[] = {
  { 860, G_STRUCT_OFFSET (AkinLibraryView, status_column) },
  { 760, G_STRUCT_OFFSET (AkinLibraryView, key_column) },
  { 680, G_STRUCT_OFFSET (AkinLibraryView, bpm_column) },
  { 560, G_STRUCT_OFFSET (AkinLibraryView, album_column) },
  { 460, G_STRUCT_OFFSET (AkinLibraryView, duration_column) },
};

static gboolean
apply_columns (gpointer data)
{
  AkinLibraryView *self = data;
  int width = gtk_widget_get_width (self->width_probe);

  self->columns_id = 0;
  for (guint i = 0; i < G_N_ELEMENTS (column_widths); i++)
    {
      GtkColumnViewColumn *column = G_STRUCT_MEMBER (GtkColumnViewColumn *, self,
                                                     column_widths[i].offset);

      gtk_column_view_column_set_visible (column, width >= column_widths[i].min_width);
    }
  /* The column view leaves its expanding columns at their minimum width
   * inside a scrolled window that may scroll sideways: narrow, the two
   * columns left share the width. */
  /* GTK 4.8's column view does not share out the room among the expanding
   * columns once others were hidden: title, artist and album get it here,
   * 4 : 3 : 3, from what the fixed columns leave. */
  {
    GtkColumnViewColumn *fixed[] = { self->duration_column, self->bpm_column,
                                     self->key_column, self->status_column };
    gboolean album = gtk_column_view_column_get_visible (self->album_column);
    int room = width - 24;

    for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
      if (gtk_column_view_column_get_visible (fixed[i]))
        room -= gtk_column_view_column_get_fixed_width (fixed[i]);
    room = MAX (room, 120);
    gtk_column_view_column_set_fixed_width (self->title_column, room * (album ? 4 : 11) / (album ? 10 : 20));
    gtk_column_view_column_set_fixed_width (self->artist_column, room * (album ? 3 : 9) / (album ? 10 : 20));
    if (album)
      gtk_column_view_column_set_fixed_width (self->album_column, room * 3 / 10);
  }
  return G_SOURCE_REMOVE;
}

/* A drawing area of no height across the view reports its width (GTK 4.8
 * gives a widget with a layout manager no size_allocate of its own). */
static void
on_width_probe_resize (GtkDrawingArea  *probe,
                       int              width,
                       int              height,
                       AkinLibraryView *self)
{
  /* Not during the allocation: a column shown or hidden asks for a new one. */
  for (guint i = 0; i < G_N_ELEMENTS (column_widths); i++)
    {
      GtkColumnViewColumn *column = G_STRUCT_MEMBER (GtkColumnViewColumn *, self,
                                                     column_widths[i].offset);

      if (gtk_column_view_column_get_visible (column) != (width >= column_widths[i].min_width)
          && self->columns_id == 0)
        self->columns_id = g_idle_add (apply_columns, self);
    }
  /* Narrow, the two columns left follow the width; crossing into wide, the
   * list stops scrolling sideways. */
  if (self->columns_id == 0 && self->narrow_width != width)
    self->columns_id = g_idle_add (apply_columns, self);
  self->narrow_width = width;
}

/**
 * akin_library_view_get_n_visible_columns:
 *
 * Returns: how many columns the list shows at its width
 */
guint
akin_library_view_get_n_visible_columns (AkinLibraryView *self)
{
  GListModel *columns;
  guint n = 0;

  g_return_val_if_fail (AKIN_IS_LIBRARY_VIEW (self), 0);

  columns = gtk_column_view_get_columns (self->column_view);
  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      n += gtk_column_view_column_get_visible (column);
    }
  return n;
}

static void
akin_library_view_constructed (GObject *object)
{
  AkinLibraryView *self = AKIN_LIBRARY_VIEW (object);

  G_OBJECT_CLASS (akin_library_view_parent_class)->constructed (object);

  g_assert (AKIN_IS_LIBRARY_MANAGER (self->manager));

  self->model = akin_library_model_new (self->manager);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_object (self->model, "items-changed", G_CALLBACK (update_page), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "refreshed", G_CALLBACK (on_model_refreshed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "refreshed", G_CALLBACK (update_page), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "selection-changed",
                           G_CALLBACK (on_selection_changed), self, G_CONNECT_SWAPPED);

  {
    GtkColumnViewColumn *columns[] = { self->title_column, self->artist_column,
                                       self->album_column, self->duration_column,
                                       self->bpm_column, self->key_column, self->status_column };

    G_STATIC_ASSERT (G_N_ELEMENTS (columns) == G_N_ELEMENTS (cells));
    for (guint i = 1; i < G_N_ELEMENTS (columns); i++)
      set_cell_factory (columns[i], &cells[i]);
    set_title_factory (self);
  }
  set_column_sort (self, self->title_column, AKIN_TRACK_SORT_TITLE);
  set_column_sort (self, self->artist_column, AKIN_TRACK_SORT_ARTIST);
  set_column_sort (self, self->album_column, AKIN_TRACK_SORT_ALBUM);
  set_column_sort (self, self->duration_column, AKIN_TRACK_SORT_DURATION);
  set_column_sort (self, self->bpm_column, AKIN_TRACK_SORT_BPM);
  set_column_sort (self, self->key_column, AKIN_TRACK_SORT_KEY);
  set_column_sort (self, self->status_column, AKIN_TRACK_SORT_STATUS);
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (on_sorter_changed), self, G_CONNECT_SWAPPED);
  /* The order of the last session. */
  {
    GtkColumnViewColumn *columns[] = { self->title_column, self->artist_column,
                                       self->album_column, self->duration_column,
                                       self->bpm_column, self->key_column, self->status_column };
    g_autofree char *name = g_settings_get_string (self->settings, "songs-sort");
    gboolean descending = g_settings_get_boolean (self->settings, "songs-sort-descending");
    GtkColumnViewColumn *column = self->artist_column;

    G_STATIC_ASSERT (G_N_ELEMENTS (columns) == G_N_ELEMENTS (sort_names));
    for (guint i = 0; i < G_N_ELEMENTS (sort_names); i++)
      if (g_strcmp0 (sort_names[i].name, name) == 0)
        column = columns[i];
    gtk_column_view_sort_by_column (self->column_view, column,
                                    descending ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
  }
  {
    GtkGesture *click = gtk_gesture_click_new ();

    gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
    g_signal_connect (click, "pressed", G_CALLBACK (on_secondary_click), self);
    gtk_widget_add_controller (GTK_WIDGET (self->column_view), GTK_EVENT_CONTROLLER (click));
  }
  update_page (self);
}

static void
akin_library_view_dispose (GObject *object)
{
  AkinLibraryView *self = AKIN_LIBRARY_VIEW (object);

  g_clear_pointer (&self->context_menu, gtk_widget_unparent);
  g_clear_pointer (&self->width_probe, gtk_widget_unparent);
  g_clear_handle_id (&self->columns_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), AKIN_TYPE_LIBRARY_VIEW);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->manager);
  g_clear_object (&self->settings);
  g_clear_object (&self->probe[0]);
  g_clear_object (&self->probe[1]);

  G_OBJECT_CLASS (akin_library_view_parent_class)->dispose (object);
}

static void
akin_library_view_finalize (GObject *object)
{
  AkinLibraryView *self = AKIN_LIBRARY_VIEW (object);

  g_clear_pointer (&self->title_cells, g_hash_table_unref);

  G_OBJECT_CLASS (akin_library_view_parent_class)->finalize (object);
}

static void
akin_library_view_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  AkinLibraryView *self = AKIN_LIBRARY_VIEW (object);

  switch (prop_id)
    {
    case PROP_MANAGER:
      self->manager = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
akin_library_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  AkinLibraryView *self = AKIN_LIBRARY_VIEW (object);

  switch (prop_id)
    {
    case PROP_MANAGER:
      g_value_set_object (value, self->manager);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
akin_library_view_class_init (AkinLibraryViewClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = akin_library_view_constructed;
  object_class->dispose = akin_library_view_dispose;
  object_class->finalize = akin_library_view_finalize;
  object_class->get_property = akin_library_view_get_property;
  object_class->set_property = akin_library_view_set_property;
  widget_class->root = akin_library_view_root;
  widget_class->unroot = akin_library_view_unroot;

  properties[PROP_MANAGER] =
    g_param_spec_object ("manager", NULL, NULL, AKIN_TYPE_LIBRARY_MANAGER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (AKIN_TYPE_TRACK_OBJECT);

  /* The row menu from the keyboard. */
  gtk_widget_class_add_binding (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, on_menu_key, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Menu, 0, on_menu_key, NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "libraryview");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/akinplayer/Akin/ui/akin-library-view.ui");
  gtk_widget_class_bind_template_child (widget_class, AkinLibraryView, search_bar);
  gtk_widget_class_bind_template_child (widget_class, AkinLibraryView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, AkinLibraryView, stack);
  gtk_widget_class_bind_template_child (widget_class, AkinLibraryView, scroller);
  gtk_widget_class_bind_template_child (widget_class, AkinLibraryView, column_view);
  gtk_widget_class_bind_template_child (widget_class, AkinLibraryView, title_column);
  gtk_widget_class_bind_template_child (widget_class, AkinLibraryView, artist_column);
  gtk_widget_class_bind_template_child (widget_class, AkinLibraryView, album_column);
  gtk_widget_class_bind_template_child (widget_class, AkinLibraryView, duration_column);
  gtk_widget_class_bind_template_child (widget_class, AkinLibraryView, bpm_column);
  gtk_widget_class_bind_template_child (widget_class, AkinLibraryView, key_column);
  gtk_widget_class_bind_template_child (widget_class, AkinLibraryView, status_column);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_activate);
}

static void
akin_library_view_init (AkinLibraryView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
  self->selected_id = -1;
  self->playing_id = -1;
  self->title_cells = g_hash_table_new (NULL, NULL);
  self->settings = g_settings_new (AKIN_SETTINGS_SCHEMA_ID);
  self->probe[0] = g_object_new (G_TYPE_OBJECT, NULL);
  self->probe[1] = g_object_new (G_TYPE_OBJECT, NULL);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  self->width_probe = gtk_drawing_area_new ();
  gtk_widget_set_hexpand (self->width_probe, TRUE);
  gtk_widget_set_can_target (self->width_probe, FALSE);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->width_probe),
                               GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  g_signal_connect (self->width_probe, "resize", G_CALLBACK (on_width_probe_resize), self);
  gtk_widget_set_parent (self->width_probe, GTK_WIDGET (self));
  akin_accessible_name_inner_buttons (GTK_WIDGET (self->search_bar), _("Close Search"));
}

/**
 * akin_library_view_new:
 * @manager: the library
 *
 * Returns: (transfer floating): a new view of every song
 */
AkinLibraryView *
akin_library_view_new (AkinLibraryManager *manager)
{
  g_return_val_if_fail (AKIN_IS_LIBRARY_MANAGER (manager), NULL);
  return g_object_new (AKIN_TYPE_LIBRARY_VIEW, "manager", manager, NULL);
}
