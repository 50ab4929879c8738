/* akin-browse-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Albums and Artists. Both read their rows with one grouped query
 * (akin_database_list_albums(), _list_artists()) and reload when the
 * library changes, so a large library costs one row per album or artist.
 * Albums are a grid with covers (found by the cover loader from a song of
 * the album, as the playback bar finds them); an album opens its page, its
 * songs in album order, where a song plays with the rest of the album
 * queued after it. Artists are a list; an artist emits ::artist-activated
 * (the window shows that artist's albums). A search entry filters either.
 */

#include "config.h"

#include <glib/gi18n.h>

#include <adwaita.h>

#include "akin-accessible.h"
#include "akin-browse-item.h"
#include "akin-browse-view.h"
#include "akin-cover-loader.h"
#include "akin-playing-mark.h"
#include "akin-track-object.h"
#include "akin-window.h"

/* AkinBrowseView */

struct _AkinBrowseView
{
  GtkWidget           parent_instance;

  AkinLibraryManager *manager;
  AkinBrowseKind      kind;
  char               *artist;        /* the albums shown are this artist's */
  GListStore         *store;
  GtkSortListModel   *sorted;
  GtkFilterListModel *filtered;
  GSettings          *settings;
  AkinBrowseSort      sort;
  AkinCoverLoader    *covers;
  guint               reload_id;

  GtkStack           *stack;
  GtkWidget          *artist_bar;
  GtkLabel           *artist_label;
  GtkSearchEntry     *search_entry;

  /* The album page */
  AkinBrowseItem     *album;
  GArray             *album_tracks;  /* gint64 */
  GListStore         *album_store;   /* AkinTrackObject */
  GtkSingleSelection *album_selection;
  GHashTable         *song_rows;     /* bound rows of the album page */
  GtkLabel           *album_title;
  GtkLabel           *album_artist;
  GtkPicture         *album_cover;
};

G_DEFINE_FINAL_TYPE (AkinBrowseView, akin_browse_view, GTK_TYPE_WIDGET)

enum {
  ARTIST_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

#define COVER_SIZE 160

static void
set_cover (GtkPicture *picture,
           GBytes     *bytes)
{
  g_autoptr(GdkTexture) texture = NULL;
  GtkWidget *placeholder;

  if (bytes != NULL)
    texture = gdk_texture_new_from_bytes (bytes, NULL);
  placeholder = gtk_widget_get_next_sibling (GTK_WIDGET (picture));
  gtk_picture_set_paintable (picture, GDK_PAINTABLE (texture));
  /* A cover that arrives once the view is gone has no placeholder. */
  if (placeholder != NULL)
    gtk_widget_set_visible (placeholder, texture == NULL);
}

static void
on_cover_loaded (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr(GtkPicture) picture = data;
  g_autoptr(GBytes) bytes = akin_cover_loader_load_finish (AKIN_COVER_LOADER (source), result,
                                                           NULL);
  const char *wanted = g_object_get_data (G_OBJECT (picture), "akin-cover-uri");
  const char *loaded = g_object_get_data (G_OBJECT (picture), "akin-loading-uri");

  /* The cell was given another album meanwhile. */
  if (g_strcmp0 (wanted, loaded) == 0)
    set_cover (picture, bytes);
}

static void
show_cover (AkinBrowseView *self,
            GtkPicture     *picture,
            const char     *uri)
{
  g_autoptr(GBytes) bytes = NULL;

  g_object_set_data_full (G_OBJECT (picture), "akin-cover-uri", g_strdup (uri), g_free);
  if (uri == NULL)
    {
      set_cover (picture, NULL);
      return;
    }
  if (akin_cover_loader_lookup (self->covers, uri, &bytes))
    {
      set_cover (picture, bytes);
      return;
    }
  set_cover (picture, NULL);
  g_object_set_data_full (G_OBJECT (picture), "akin-loading-uri", g_strdup (uri), g_free);
  akin_cover_loader_load_async (self->covers, uri, NULL, on_cover_loaded, g_object_ref (picture));
}

/* A cover with a placeholder icon over it until there is one. */
static GtkWidget *
cover_new (int         size,
           GtkWidget **picture_out)
{
  GtkWidget *overlay = gtk_overlay_new ();
  GtkWidget *picture = gtk_picture_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name ("media-optical-symbolic");

  gtk_widget_set_size_request (overlay, size, size);
  gtk_widget_set_overflow (overlay, GTK_OVERFLOW_HIDDEN);
  gtk_widget_add_css_class (overlay, "card");
  gtk_widget_add_css_class (overlay, "album-cover");
  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_COVER);
  gtk_overlay_set_child (GTK_OVERLAY (overlay), picture);
  gtk_image_set_pixel_size (GTK_IMAGE (icon), size / 3);
  gtk_widget_add_css_class (icon, "dim-label");
  gtk_widget_set_halign (icon, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (icon, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (picture), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Album cover"), -1);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), icon);
  *picture_out = picture;
  return overlay;
}

static GtkWidget *
label_new (const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static void
setup_album (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             AkinBrowseView           *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *picture;
  GtkWidget *cover = cover_new (COVER_SIZE, &picture);
  GtkWidget *title = label_new ("heading");
  GtkWidget *artist = label_new ("dim-label");

  gtk_widget_set_size_request (box, COVER_SIZE, -1);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_label_set_max_width_chars (GTK_LABEL (title), 18);
  gtk_label_set_max_width_chars (GTK_LABEL (artist), 18);
  gtk_box_append (GTK_BOX (box), cover);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), artist);
  g_object_set_data (G_OBJECT (box), "akin-picture", picture);
  gtk_list_item_set_child (list_item, box);
}

static void
bind_album (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            AkinBrowseView           *self)
{
  AkinBrowseItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *title = gtk_widget_get_next_sibling (gtk_widget_get_first_child (box));

  gtk_label_set_label (GTK_LABEL (title), akin_browse_item_get_album (item));
  gtk_label_set_label (GTK_LABEL (gtk_widget_get_last_child (box)),
                       akin_browse_item_get_artist (item) != NULL ? akin_browse_item_get_artist (item) : _("Unknown Artist"));
  show_cover (self, g_object_get_data (G_OBJECT (box), "akin-picture"), akin_browse_item_get_cover_uri (item));
}

static void
setup_artist (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              AkinBrowseView           *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 6);
  gtk_box_append (GTK_BOX (box), label_new ("heading"));
  gtk_box_append (GTK_BOX (box), label_new ("dim-label"));
  gtk_list_item_set_child (list_item, box);
}

static void
bind_artist (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             AkinBrowseView           *self)
{
  AkinBrowseItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  g_autofree char *albums = NULL;
  g_autofree char *songs = NULL;
  g_autofree char *counts = NULL;

  albums = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u album", "%u albums", akin_browse_item_get_n_albums (item)),
                            akin_browse_item_get_n_albums (item));
  songs = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u song", "%u songs", akin_browse_item_get_n_tracks (item)),
                           akin_browse_item_get_n_tracks (item));
  /* Translators: "3 albums · 27 songs" */
  counts = g_strdup_printf (_("%s · %s"), albums, songs);
  gtk_label_set_label (GTK_LABEL (gtk_widget_get_first_child (box)), akin_browse_item_get_artist (item));
  gtk_label_set_label (GTK_LABEL (gtk_widget_get_last_child (box)), counts);
}

/* The album page's row of @track_id marks it when it plays. */
static void
update_song_row (GtkWidget *box,
                 gint64     playing_id)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (box), "akin-track-id"));
  gboolean playing = id > 0 && id == playing_id;
  GtkWidget *number = gtk_widget_get_next_sibling (gtk_widget_get_first_child (box));

  akin_playing_mark_set (box, gtk_widget_get_first_child (box), playing);
  gtk_widget_set_visible (number, !playing);
}

/* The playing song is marked and selected on the album page. */
static void
on_playing_changed (GtkWidget *widget,
                    gint64     track_id)
{
  AkinBrowseView *self = AKIN_BROWSE_VIEW (widget);
  GHashTableIter iter;
  gpointer box;
  guint position = GTK_INVALID_LIST_POSITION;

  if (self->song_rows == NULL)
    return;
  g_hash_table_iter_init (&iter, self->song_rows);
  while (g_hash_table_iter_next (&iter, &box, NULL))
    update_song_row (box, track_id);
  for (guint i = 0; self->album_tracks != NULL && i < self->album_tracks->len; i++)
    if (track_id > 0 && g_array_index (self->album_tracks, gint64, i) == track_id)
      position = i;
  if (position != GTK_INVALID_LIST_POSITION
      || gtk_single_selection_get_selected (self->album_selection) != GTK_INVALID_LIST_POSITION)
    gtk_single_selection_set_selected (self->album_selection, position);
}

static void
setup_song (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            AkinBrowseView           *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = akin_playing_icon_new ();
  GtkWidget *number = label_new ("dim-label");
  GtkWidget *title = label_new (NULL);
  GtkWidget *duration = label_new ("dim-label");

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_label_set_width_chars (GTK_LABEL (number), 3);
  gtk_label_set_xalign (GTK_LABEL (number), 1);
  gtk_widget_add_css_class (number, "numeric");
  gtk_widget_add_css_class (duration, "numeric");
  gtk_widget_set_hexpand (title, TRUE);
  gtk_widget_set_size_request (icon, 3 * 8, -1);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), number);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), duration);
  gtk_list_item_set_child (list_item, box);
}

static void
bind_song (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           AkinBrowseView           *self)
{
  AkinTrackObject *track = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *number = gtk_widget_get_next_sibling (gtk_widget_get_first_child (box));
  g_autofree char *position = g_strdup_printf ("%u", gtk_list_item_get_position (list_item) + 1);
  g_autofree char *duration = akin_format_duration (akin_track_object_get_duration (track));

  gtk_label_set_label (GTK_LABEL (number), position);
  gtk_label_set_label (GTK_LABEL (gtk_widget_get_next_sibling (number)),
                       akin_track_object_get_title (track));
  gtk_label_set_label (GTK_LABEL (gtk_widget_get_last_child (box)), duration);
  g_object_set_data (G_OBJECT (box), "akin-track-id",
                     GSIZE_TO_POINTER ((gsize) akin_track_object_get_id (track)));
  g_hash_table_add (self->song_rows, box);
  update_song_row (box, akin_playing_get_track_id (GTK_WIDGET (self)));
}

static void
unbind_song (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             AkinBrowseView           *self)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);

  if (box != NULL && self->song_rows != NULL)
    g_hash_table_remove (self->song_rows, box);
}

static GtkListItemFactory *
factory_new (GCallback setup,
             GCallback bind,
             gpointer  self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", setup, self);
  g_signal_connect (factory, "bind", bind, self);
  return factory;
}

/**
 * akin_browse_view_reload:
 *
 * Reads the albums or artists again (the library calls it when it changes).
 */
void
akin_browse_view_reload (AkinBrowseView *self)
{
  AkinDatabase *db = akin_library_manager_get_database (self->manager);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  g_return_if_fail (AKIN_IS_BROWSE_VIEW (self));

  g_clear_handle_id (&self->reload_id, g_source_remove);
  rows = self->kind == AKIN_BROWSE_ALBUMS ? akin_database_list_albums (db, self->artist, &error)
                                          : akin_database_list_artists (db, &error);
  if (rows == NULL)
    {
      g_warning ("Could not list the library's %s: %s",
                 self->kind == AKIN_BROWSE_ALBUMS ? "albums" : "artists", error->message);
      return;
    }
  for (guint i = 0; i < rows->len; i++)
    g_ptr_array_add (items, akin_browse_item_new (rows->pdata[i]));
  g_list_store_splice (self->store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                       items->pdata, items->len);
}

static gboolean
reload_later (gpointer data)
{
  AkinBrowseView *self = data;

  self->reload_id = 0;
  akin_browse_view_reload (self);
  return G_SOURCE_REMOVE;
}

static void
on_tracks_changed (AkinBrowseView *self)
{
  /* Scans change many songs in a row: one reload for a burst. */
  if (self->reload_id == 0)
    self->reload_id = g_timeout_add (500, reload_later, self);
}

static int
compare_items (gconstpointer a,
               gconstpointer b,
               gpointer      data)
{
  AkinBrowseView *self = data;

  return akin_browse_item_compare ((AkinBrowseItem *) a, (AkinBrowseItem *) b, self->sort);
}

static const char *
sort_key (AkinBrowseView *self)
{
  return self->kind == AKIN_BROWSE_ALBUMS ? "albums-sort" : "artists-sort";
}

static void
on_sort_changed (AkinBrowseView *self)
{
  g_autofree char *text = g_settings_get_string (self->settings, sort_key (self));

  self->sort = akin_browse_sort_from_string (text);
  gtk_sorter_changed (gtk_sort_list_model_get_sorter (self->sorted), GTK_SORTER_CHANGE_DIFFERENT);
}

/* The menu of orders, a GSettings action in the view's `browse` group. */
static GtkWidget *
sort_button_new (AkinBrowseView *self)
{
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GAction) action = g_settings_create_action (self->settings, sort_key (self));
  g_autoptr(GMenu) menu = g_menu_new ();
  GtkWidget *button = gtk_menu_button_new ();
  g_autofree char *signal = g_strconcat ("changed::", sort_key (self), NULL);
  const char *label;

  g_action_map_add_action (G_ACTION_MAP (group), action);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "browse", G_ACTION_GROUP (group));
  if (self->kind == AKIN_BROWSE_ALBUMS)
    {
      g_menu_append (menu, _("By _Artist"), "browse.albums-sort::artist");
      g_menu_append (menu, _("By _Title"), "browse.albums-sort::name");
      g_menu_append (menu, _("By _Year"), "browse.albums-sort::year");
      label = _("Sort Albums");
    }
  else
    {
      g_menu_append (menu, _("By _Name"), "browse.artists-sort::name");
      g_menu_append (menu, _("By _Year"), "browse.artists-sort::year");
      label = _("Sort Artists");
    }
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), G_MENU_MODEL (menu));
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "view-sort-ascending-symbolic");
  gtk_widget_set_tooltip_text (button, label);
  akin_accessible_name_button (button, label);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_signal_connect_object (self->settings, signal, G_CALLBACK (on_sort_changed), self,
                           G_CONNECT_SWAPPED);
  return button;
}

static void
on_search_changed (AkinBrowseView *self)
{
  GtkStringFilter *filter = GTK_STRING_FILTER (gtk_filter_list_model_get_filter (self->filtered));

  gtk_string_filter_set_search (filter, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

/**
 * akin_browse_view_open_album:
 * @position: an album of the (filtered) grid
 *
 * Shows the album's page: its songs in album order.
 *
 * Returns: whether there was such an album
 */
gboolean
akin_browse_view_open_album (AkinBrowseView *self,
                             guint           position)
{
  g_autoptr(AkinBrowseItem) item = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tracks = NULL;

  g_return_val_if_fail (AKIN_IS_BROWSE_VIEW (self), FALSE);

  item = g_list_model_get_item (G_LIST_MODEL (self->filtered), position);
  if (item == NULL || akin_browse_item_get_album (item) == NULL)
    return FALSE;
  g_clear_pointer (&self->album_tracks, g_array_unref);
  self->album_tracks = akin_database_list_album_track_ids (
    akin_library_manager_get_database (self->manager), akin_browse_item_get_album (item), akin_browse_item_get_artist (item), &error);
  if (self->album_tracks == NULL)
    return FALSE;
  tracks = akin_database_get_tracks (akin_library_manager_get_database (self->manager),
                                     (const gint64 *) self->album_tracks->data,
                                     self->album_tracks->len, &error);
  if (tracks == NULL)
    return FALSE;

  g_set_object (&self->album, item);
  g_list_store_remove_all (self->album_store);
  for (guint i = 0; i < tracks->len; i++)
    if (tracks->pdata[i] != NULL)
      {
        g_autoptr(AkinTrackObject) object = akin_track_object_new (tracks->pdata[i]);

        g_list_store_append (self->album_store, object);
      }
  gtk_label_set_label (self->album_title, akin_browse_item_get_album (item));
  gtk_label_set_label (self->album_artist, akin_browse_item_get_artist (item) != NULL ? akin_browse_item_get_artist (item) : "");
  show_cover (self, self->album_cover, akin_browse_item_get_cover_uri (item));
  gtk_stack_set_visible_child_name (self->stack, "album");
  on_playing_changed (GTK_WIDGET (self), akin_playing_get_track_id (GTK_WIDGET (self)));
  return TRUE;
}

/**
 * akin_browse_view_get_album_tracks:
 *
 * Returns: (transfer none) (nullable) (element-type gint64): the open
 *   album's songs, in album order
 */
GArray *
akin_browse_view_get_album_tracks (AkinBrowseView *self)
{
  g_return_val_if_fail (AKIN_IS_BROWSE_VIEW (self), NULL);
  return self->album_tracks;
}

/**
 * akin_browse_view_play_album_track:
 * @index: a song of the open album
 *
 * Plays it, and queues the album's songs after it (instead of what was
 * queued): playing an album plays the album.
 *
 * Returns: whether it plays
 */
gboolean
akin_browse_view_play_album_track (AkinBrowseView *self,
                                   guint           index)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  g_return_val_if_fail (AKIN_IS_BROWSE_VIEW (self), FALSE);

  if (self->album_tracks == NULL || index >= self->album_tracks->len || !AKIN_IS_WINDOW (root))
    return FALSE;
  gtk_widget_activate_action (GTK_WIDGET (self), "queue.clear", NULL);
  akin_playback_play_track (akin_window_get_playback (AKIN_WINDOW (root)),
                            g_array_index (self->album_tracks, gint64, index),
                            AKIN_QUEUE_SOURCE_LIBRARY);
  for (guint i = index + 1; i < self->album_tracks->len; i++)
    gtk_widget_activate_action (GTK_WIDGET (self), "queue.add", "x",
                                g_array_index (self->album_tracks, gint64, i));
  return TRUE;
}

static void
on_grid_activate (AkinBrowseView *self,
                  guint           position)
{
  g_autoptr(AkinBrowseItem) item = g_list_model_get_item (G_LIST_MODEL (self->filtered), position);

  if (item == NULL)
    return;
  if (self->kind == AKIN_BROWSE_ALBUMS)
    akin_browse_view_open_album (self, position);
  else
    g_signal_emit (self, signals[ARTIST_ACTIVATED], 0, akin_browse_item_get_artist (item));
}

static void
on_song_activate (AkinBrowseView *self,
                  guint           position)
{
  akin_browse_view_play_album_track (self, position);
}

static void
on_play_album (AkinBrowseView *self)
{
  akin_browse_view_play_album_track (self, 0);
}

static void
on_back (AkinBrowseView *self)
{
  gtk_stack_set_visible_child_name (self->stack, "grid");
}

/**
 * akin_browse_view_set_artist:
 * @artist: (nullable): show only this album artist's albums, or all
 */
void
akin_browse_view_set_artist (AkinBrowseView *self,
                             const char     *artist)
{
  g_autofree char *label = NULL;

  g_return_if_fail (AKIN_IS_BROWSE_VIEW (self));

  g_free (self->artist);
  self->artist = g_strdup (artist);
  if (self->artist_bar != NULL)
    {
      gtk_widget_set_visible (self->artist_bar, artist != NULL);
      /* Translators: %s is an artist */
      label = artist != NULL ? g_strdup_printf (_("Albums by %s"), artist) : NULL;
      gtk_label_set_label (self->artist_label, label);
    }
  gtk_stack_set_visible_child_name (self->stack, "grid");
  akin_browse_view_reload (self);
}

static void
on_all_artists (AkinBrowseView *self)
{
  akin_browse_view_set_artist (self, NULL);
}

GListModel *
akin_browse_view_get_items (AkinBrowseView *self)
{
  g_return_val_if_fail (AKIN_IS_BROWSE_VIEW (self), NULL);
  return G_LIST_MODEL (self->filtered);
}

static void
akin_browse_view_dispose (GObject *object)
{
  AkinBrowseView *self = AKIN_BROWSE_VIEW (object);
  GtkWidget *child;

  g_clear_handle_id (&self->reload_id, g_source_remove);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  if (self->manager != NULL)
    g_signal_handlers_disconnect_by_data (self->manager, self);
  g_clear_object (&self->manager);
  g_clear_object (&self->store);
  g_clear_object (&self->filtered);
  g_clear_object (&self->sorted);
  g_clear_object (&self->settings);
  g_clear_object (&self->covers);
  g_clear_object (&self->album);
  g_clear_object (&self->album_store);
  g_clear_object (&self->album_selection);
  g_clear_pointer (&self->song_rows, g_hash_table_unref);
  g_clear_pointer (&self->album_tracks, g_array_unref);
  g_clear_pointer (&self->artist, g_free);

  G_OBJECT_CLASS (akin_browse_view_parent_class)->dispose (object);
}

static void
akin_browse_view_class_init (AkinBrowseViewClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = akin_browse_view_dispose;

  /**
   * AkinBrowseView::artist-activated:
   * @artist: the artist
   *
   * An artist of the Artists view was activated.
   */
  signals[ARTIST_ACTIVATED] =
    g_signal_new ("artist-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "browseview");
}

static void
akin_browse_view_init (AkinBrowseView *self)
{
}

static GtkWidget *
scrolled (GtkWidget *child)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), child);
  gtk_widget_set_vexpand (scroller, TRUE);
  return scroller;
}

static GtkWidget *
album_page_new (AkinBrowseView *self)
{
  GtkWidget *page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *back = gtk_button_new_from_icon_name ("go-previous-symbolic");
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *play = gtk_button_new_with_mnemonic (_("_Play"));
  GtkWidget *picture, *cover, *list;
  g_autoptr(GtkListItemFactory) factory = NULL;

  gtk_widget_set_margin_start (header, 12);
  gtk_widget_set_margin_end (header, 12);
  gtk_widget_set_margin_top (header, 12);
  gtk_widget_set_margin_bottom (header, 6);
  gtk_widget_set_valign (back, GTK_ALIGN_START);
  gtk_widget_add_css_class (back, "flat");
  gtk_widget_set_tooltip_text (back, _("All Albums"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (back), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("All Albums"), -1);
  g_signal_connect_swapped (back, "clicked", G_CALLBACK (on_back), self);
  gtk_box_append (GTK_BOX (header), back);
  cover = cover_new (96, &picture);
  self->album_cover = GTK_PICTURE (picture);
  gtk_box_append (GTK_BOX (header), cover);
  self->album_title = GTK_LABEL (label_new ("title-2"));
  gtk_label_set_wrap (self->album_title, TRUE);
  self->album_artist = GTK_LABEL (label_new ("dim-label"));
  gtk_box_append (GTK_BOX (labels), GTK_WIDGET (self->album_title));
  gtk_box_append (GTK_BOX (labels), GTK_WIDGET (self->album_artist));
  gtk_widget_add_css_class (play, "pill");
  gtk_widget_add_css_class (play, "suggested-action");
  gtk_widget_set_halign (play, GTK_ALIGN_START);
  gtk_widget_set_margin_top (play, 6);
  g_signal_connect_swapped (play, "clicked", G_CALLBACK (on_play_album), self);
  gtk_box_append (GTK_BOX (labels), play);
  gtk_widget_set_valign (labels, GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_box_append (GTK_BOX (header), labels);
  gtk_box_append (GTK_BOX (page), header);

  self->album_store = g_list_store_new (AKIN_TYPE_TRACK_OBJECT);
  self->song_rows = g_hash_table_new (NULL, NULL);
  factory = factory_new (G_CALLBACK (setup_song), G_CALLBACK (bind_song), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_song), self);
  /* A song list: a click selects, a double click or Enter plays. */
  self->album_selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->album_store)));
  gtk_single_selection_set_autoselect (self->album_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->album_selection, TRUE);
  list = gtk_list_view_new (GTK_SELECTION_MODEL (g_object_ref (self->album_selection)),
                            g_object_ref (factory));
  gtk_list_view_set_single_click_activate (GTK_LIST_VIEW (list), FALSE);
  gtk_widget_add_css_class (list, "navigation-sidebar");
  g_signal_connect_swapped (list, "activate", G_CALLBACK (on_song_activate), self);
  gtk_box_append (GTK_BOX (page), scrolled (list));
  return page;
}

/**
 * akin_browse_view_new:
 * @manager: the library
 * @kind: albums or artists
 *
 * Returns: (transfer floating): a new view
 */
GtkWidget *
akin_browse_view_new (AkinLibraryManager *manager,
                      AkinBrowseKind      kind)
{
  AkinBrowseView *self;
  GtkWidget *box, *view, *clamp;
  g_autoptr(GtkListItemFactory) factory = NULL;
  GtkStringFilter *filter;

  g_return_val_if_fail (AKIN_IS_LIBRARY_MANAGER (manager), NULL);

  self = g_object_new (AKIN_TYPE_BROWSE_VIEW, NULL);
  self->manager = g_object_ref (manager);
  self->kind = kind;
  self->covers = akin_cover_loader_new ();
  self->store = g_list_store_new (AKIN_TYPE_BROWSE_ITEM);
  self->settings = g_settings_new (AKIN_SETTINGS_SCHEMA_ID);
  {
    g_autofree char *text = g_settings_get_string (self->settings, sort_key (self));

    self->sort = akin_browse_sort_from_string (text);
  }
  self->sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->store)),
                                          GTK_SORTER (gtk_custom_sorter_new (compare_items, self,
                                                                             NULL)));
  filter = gtk_string_filter_new (gtk_property_expression_new (AKIN_TYPE_BROWSE_ITEM, NULL,
                                                               "search-text"));
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->sorted)),
                                              GTK_FILTER (filter));

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  self->search_entry = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  g_object_set (self->search_entry, "placeholder-text",
                kind == AKIN_BROWSE_ALBUMS ? _("Search albums and artists") : _("Search artists"),
                NULL);
  g_signal_connect_swapped (self->search_entry, "search-changed", G_CALLBACK (on_search_changed),
                            self);
  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 520);
  {
    GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

    gtk_widget_set_hexpand (GTK_WIDGET (self->search_entry), TRUE);
    gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->search_entry));
    gtk_box_append (GTK_BOX (row), sort_button_new (self));
    adw_clamp_set_child (ADW_CLAMP (clamp), row);
  }
  gtk_widget_set_margin_top (clamp, 6);
  gtk_widget_set_margin_bottom (clamp, 6);
  gtk_widget_set_margin_start (clamp, 12);
  gtk_widget_set_margin_end (clamp, 12);
  gtk_box_append (GTK_BOX (box), clamp);

  if (kind == AKIN_BROWSE_ALBUMS)
    {
      GtkWidget *all = gtk_button_new_with_mnemonic (_("_All Artists"));

      self->artist_bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      gtk_widget_set_margin_start (self->artist_bar, 18);
      gtk_widget_set_margin_end (self->artist_bar, 12);
      self->artist_label = GTK_LABEL (label_new ("heading"));
      gtk_widget_set_hexpand (GTK_WIDGET (self->artist_label), TRUE);
      gtk_box_append (GTK_BOX (self->artist_bar), GTK_WIDGET (self->artist_label));
      gtk_widget_add_css_class (all, "flat");
      g_signal_connect_swapped (all, "clicked", G_CALLBACK (on_all_artists), self);
      gtk_box_append (GTK_BOX (self->artist_bar), all);
      gtk_widget_set_visible (self->artist_bar, FALSE);
      gtk_box_append (GTK_BOX (box), self->artist_bar);

      factory = factory_new (G_CALLBACK (setup_album), G_CALLBACK (bind_album), self);
      view = gtk_grid_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (
                                  g_object_ref (G_LIST_MODEL (self->filtered)))),
                                g_object_ref (factory));
      gtk_grid_view_set_max_columns (GTK_GRID_VIEW (view), 12);
      gtk_grid_view_set_single_click_activate (GTK_GRID_VIEW (view), TRUE);
      gtk_widget_add_css_class (view, "album-grid");
    }
  else
    {
      factory = factory_new (G_CALLBACK (setup_artist), G_CALLBACK (bind_artist), self);
      view = gtk_list_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (
                                  g_object_ref (G_LIST_MODEL (self->filtered)))),
                                g_object_ref (factory));
      gtk_list_view_set_single_click_activate (GTK_LIST_VIEW (view), TRUE);
      gtk_widget_add_css_class (view, "navigation-sidebar");
    }
  g_signal_connect_swapped (view, "activate", G_CALLBACK (on_grid_activate), self);
  gtk_box_append (GTK_BOX (box), scrolled (view));

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_set_transition_type (self->stack, GTK_STACK_TRANSITION_TYPE_SLIDE_LEFT_RIGHT);
  gtk_stack_add_named (self->stack, box, "grid");
  if (kind == AKIN_BROWSE_ALBUMS)
    gtk_stack_add_named (self->stack, album_page_new (self), "album");
  gtk_widget_set_parent (GTK_WIDGET (self->stack), GTK_WIDGET (self));
  akin_playing_follow (GTK_WIDGET (self), on_playing_changed);

  g_signal_connect_object (manager, "tracks-changed", G_CALLBACK (on_tracks_changed), self,
                           G_CONNECT_SWAPPED);
  akin_browse_view_reload (self);
  return GTK_WIDGET (self);
}
