/* akin-library-model.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The library as a GListModel of AkinTrackObject, for a GtkColumnView of
 * any size. It keeps only the ids of the visible tracks, in the current
 * sort order and filter (one query, run in a worker thread with its own
 * connection, a few bytes per track). Rows are read on demand through the
 * UI's connection, a page of 64 at a time, into a cache keyed by track id.
 * Objects no widget holds any more are dropped from the cache when it
 * grows, so memory follows what is on screen, not the library's size.
 *
 * When the manager reports changes, the id list is read again and only
 * the range that differs (common prefix and suffix kept) is announced, so
 * rows, selection and scroll stay where they were when songs are appended;
 * cached objects are refreshed in place and notify their properties.
 */

#include "config.h"

#include "akin-library-model.h"

#define PAGE_SIZE     64
#define CACHE_TARGET  1024
/* A re-sort after analyses waits at least this long, and at least ten
 * times what the last id query took, so a huge library is not re-sorted
 * continuously while it is being analysed. */
#define RESORT_DELAY_MS 1000

struct _AkinLibraryModel
{
  GObject             parent_instance;

  AkinLibraryManager *manager;
  GArray             *ids;        /* gint64, the visible order */
  GHashTable         *cache;      /* gint64 * → AkinTrackObject */
  AkinTrackSort       sort;
  gboolean            descending;
  char               *search;

  GCancellable       *cancellable;
  gboolean            loading;
  gboolean            again;      /* a query is wanted after the running one */
  gint64              query_us;   /* how long the last query took */
  guint               resort_source;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AkinLibraryModel, akin_library_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

enum {
  REFRESHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

static GType
get_item_type (GListModel *model)
{
  return AKIN_TYPE_TRACK_OBJECT;
}

static guint
get_n_items (GListModel *model)
{
  return AKIN_LIBRARY_MODEL (model)->ids->len;
}

/* Drops the objects only the cache holds. */
static gboolean
unused (gpointer key,
        gpointer value,
        gpointer data)
{
  return G_OBJECT (value)->ref_count == 1;
}

static void
fetch_page (AkinLibraryModel *self,
            guint             position)
{
  AkinDatabase *db = akin_library_manager_get_database (self->manager);
  guint start = position - position % PAGE_SIZE;
  guint end = MIN (start + PAGE_SIZE, self->ids->len);
  g_autoptr(GArray) wanted = g_array_sized_new (FALSE, FALSE, sizeof (gint64), PAGE_SIZE);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;

  if (g_hash_table_size (self->cache) > CACHE_TARGET)
    g_hash_table_foreach_remove (self->cache, unused, NULL);

  for (guint i = start; i < end; i++)
    {
      gint64 id = g_array_index (self->ids, gint64, i);

      if (!g_hash_table_contains (self->cache, &id))
        g_array_append_val (wanted, id);
    }
  rows = akin_database_get_tracks (db, (gint64 *) wanted->data, wanted->len, &error);
  if (rows == NULL)
    g_debug ("Could not read the library: %s", error->message);
  for (guint i = 0; i < wanted->len; i++)
    {
      gint64 id = g_array_index (wanted, gint64, i);
      AkinTrack *track = rows != NULL ? g_ptr_array_index (rows, i) : NULL;
      AkinTrackObject *item = track != NULL ? akin_track_object_new (track)
                                            : akin_track_object_new_placeholder (id);

      g_hash_table_insert (self->cache, g_memdup2 (&id, sizeof id), item);
    }
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  AkinLibraryModel *self = AKIN_LIBRARY_MODEL (model);
  AkinTrackObject *item;
  gint64 id;

  if (position >= self->ids->len)
    return NULL;
  id = g_array_index (self->ids, gint64, position);
  item = g_hash_table_lookup (self->cache, &id);
  if (item == NULL)
    {
      fetch_page (self, position);
      item = g_hash_table_lookup (self->cache, &id);
    }
  g_assert (item != NULL);
  return g_object_ref (item);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

/* Re-reads the rows of the cached objects that are still in use. */
static void
refresh_cached (AkinLibraryModel *self)
{
  AkinDatabase *db = akin_library_manager_get_database (self->manager);
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_foreach_remove (self->cache, unused, NULL);
  if (g_hash_table_size (self->cache) == 0)
    return;
  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), g_hash_table_size (self->cache));
  g_hash_table_iter_init (&iter, self->cache);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_array_append_val (ids, *(gint64 *) key);
  rows = akin_database_get_tracks (db, (gint64 *) ids->data, ids->len, NULL);
  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      AkinTrack *track = g_ptr_array_index (rows, i);

      if (track != NULL)
        akin_track_object_update (g_hash_table_lookup (self->cache, &track->id), track);
    }
}

typedef struct
{
  char          *db_path;
  char          *search;
  AkinTrackSort  sort;
  gboolean       descending;
  gint64         elapsed_us;
} IdQuery;

static void
id_query_free (IdQuery *query)
{
  g_free (query->db_path);
  g_free (query->search);
  g_free (query);
}

static void
id_query_thread (GTask        *task,
                 gpointer      source,
                 gpointer      data,
                 GCancellable *cancellable)
{
  IdQuery *query = data;
  g_autoptr(AkinDatabase) db = NULL;
  GError *error = NULL;
  gint64 start = g_get_monotonic_time ();
  GArray *ids = NULL;

  if ((db = akin_database_open (query->db_path, AKIN_DATABASE_FLAGS_NONE, &error)))
    ids = akin_database_list_track_ids (db, query->search, query->sort, query->descending,
                                        &error);
  query->elapsed_us = g_get_monotonic_time () - start;
  if (ids == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, ids, (GDestroyNotify) g_array_unref);
}

static void start_query (AkinLibraryModel *self);

static void
set_loading (AkinLibraryModel *self,
             gboolean          loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* Announces the one range where @ids differs from the current list. */
static void
replace_ids (AkinLibraryModel *self,
             GArray           *ids)
{
  const gint64 *a = (const gint64 *) self->ids->data;
  const gint64 *b = (const gint64 *) ids->data;
  guint n_old = self->ids->len, n_new = ids->len;
  guint prefix = 0, suffix = 0;

  while (prefix < n_old && prefix < n_new && a[prefix] == b[prefix])
    prefix++;
  while (suffix < n_old - prefix && suffix < n_new - prefix
         && a[n_old - 1 - suffix] == b[n_new - 1 - suffix])
    suffix++;

  g_array_unref (self->ids);
  self->ids = g_array_ref (ids);
  if (prefix != n_old || prefix != n_new)
    g_list_model_items_changed (G_LIST_MODEL (self), prefix, n_old - prefix - suffix,
                                n_new - prefix - suffix);
}

static void
id_query_done (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  AkinLibraryModel *self = AKIN_LIBRARY_MODEL (source);
  IdQuery *query = g_task_get_task_data (G_TASK (result));
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;

  ids = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->query_us = query->elapsed_us;
  g_debug ("Listed %u tracks in %.1f ms", ids != NULL ? ids->len : 0, query->elapsed_us / 1000.0);
  if (self->again)
    {
      start_query (self);
      return;
    }
  /* Rows already shown may have changed; rows the new range brings in are
   * read fresh. */
  refresh_cached (self);
  if (ids == NULL)
    g_debug ("Could not list the library: %s", error->message);
  else
    replace_ids (self, ids);
  set_loading (self, FALSE);
  g_signal_emit (self, signals[REFRESHED], 0);
}

static void
start_query (AkinLibraryModel *self)
{
  g_autoptr(GTask) task = NULL;
  IdQuery *query = g_new0 (IdQuery, 1);

  self->again = FALSE;
  query->db_path = g_strdup (akin_library_manager_get_database_path (self->manager));
  query->search = g_strdup (self->search);
  query->sort = self->sort;
  query->descending = self->descending;
  task = g_task_new (self, self->cancellable, id_query_done, NULL);
  g_task_set_source_tag (task, start_query);
  g_task_set_task_data (task, query, (GDestroyNotify) id_query_free);
  set_loading (self, TRUE);
  g_task_run_in_thread (task, id_query_thread);
}

/**
 * akin_library_model_refresh:
 *
 * Reads the list again in the background (one query at a time: a refresh
 * asked for during a query runs after it).
 */
void
akin_library_model_refresh (AkinLibraryModel *self)
{
  g_return_if_fail (AKIN_IS_LIBRARY_MODEL (self));

  g_clear_handle_id (&self->resort_source, g_source_remove);
  if (self->loading)
    self->again = TRUE;
  else
    start_query (self);
}

static gboolean
resort_timeout (gpointer data)
{
  AkinLibraryModel *self = data;

  self->resort_source = 0;
  akin_library_model_refresh (self);
  return G_SOURCE_REMOVE;
}

static void
on_track_analyzed (AkinLibraryModel *self,
                   gint64            track_id)
{
  AkinTrackObject *item = g_hash_table_lookup (self->cache, &track_id);

  if (item != NULL)
    {
      g_autoptr(GPtrArray) rows = akin_database_get_tracks (
        akin_library_manager_get_database (self->manager), &track_id, 1, NULL);

      if (rows != NULL && g_ptr_array_index (rows, 0) != NULL)
        akin_track_object_update (item, g_ptr_array_index (rows, 0));
    }

  /* An analysis brings tags, tempo and key: where the track belongs in the
   * order, and whether it matches the search, may change. */
  if (self->resort_source == 0
      && (self->search != NULL || (self->sort != AKIN_TRACK_SORT_ID
                                   && self->sort != AKIN_TRACK_SORT_ADDED
                                   && self->sort != AKIN_TRACK_SORT_URI)))
    {
      guint delay = MAX (RESORT_DELAY_MS, (guint) (10 * self->query_us / 1000));

      self->resort_source = g_timeout_add (delay, resort_timeout, self);
    }
}

static void
akin_library_model_dispose (GObject *object)
{
  AkinLibraryModel *self = AKIN_LIBRARY_MODEL (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->resort_source, g_source_remove);

  G_OBJECT_CLASS (akin_library_model_parent_class)->dispose (object);
}

static void
akin_library_model_finalize (GObject *object)
{
  AkinLibraryModel *self = AKIN_LIBRARY_MODEL (object);

  g_clear_object (&self->manager);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->cache, g_hash_table_unref);
  g_free (self->search);

  G_OBJECT_CLASS (akin_library_model_parent_class)->finalize (object);
}

static void
akin_library_model_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  AkinLibraryModel *self = AKIN_LIBRARY_MODEL (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
akin_library_model_class_init (AkinLibraryModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = akin_library_model_dispose;
  object_class->finalize = akin_library_model_finalize;
  object_class->get_property = akin_library_model_get_property;

  /* Whether the list is being read again. */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * AkinLibraryModel::refreshed:
   *
   * A refresh finished: the list is up to date with the database.
   */
  signals[REFRESHED] =
    g_signal_new ("refreshed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
}

static void
akin_library_model_init (AkinLibraryModel *self)
{
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->cache = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  self->cancellable = g_cancellable_new ();
  self->sort = AKIN_TRACK_SORT_ARTIST;
}

/**
 * akin_library_model_new:
 * @manager: the library
 *
 * Returns: (transfer full): a model of every song, sorted by artist; it
 *   fills in the background and follows the manager's changes
 */
AkinLibraryModel *
akin_library_model_new (AkinLibraryManager *manager)
{
  AkinLibraryModel *self;

  g_return_val_if_fail (AKIN_IS_LIBRARY_MANAGER (manager), NULL);

  self = g_object_new (AKIN_TYPE_LIBRARY_MODEL, NULL);
  self->manager = g_object_ref (manager);
  g_signal_connect_object (manager, "tracks-changed", G_CALLBACK (akin_library_model_refresh),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (manager, "track-analyzed", G_CALLBACK (on_track_analyzed), self,
                           G_CONNECT_SWAPPED);
  start_query (self);
  return self;
}

/**
 * akin_library_model_set_sort:
 * @sort: the column
 * @descending: reverse the order
 */
void
akin_library_model_set_sort (AkinLibraryModel *self,
                             AkinTrackSort     sort,
                             gboolean          descending)
{
  g_return_if_fail (AKIN_IS_LIBRARY_MODEL (self));

  descending = !!descending;
  if (self->sort == sort && self->descending == descending)
    return;
  self->sort = sort;
  self->descending = descending;
  akin_library_model_refresh (self);
}

AkinTrackSort
akin_library_model_get_sort (AkinLibraryModel *self,
                             gboolean         *descending)
{
  g_return_val_if_fail (AKIN_IS_LIBRARY_MODEL (self), AKIN_TRACK_SORT_ID);

  if (descending != NULL)
    *descending = self->descending;
  return self->sort;
}

/**
 * akin_library_model_set_search:
 * @search: (nullable): text to find in the title, artist, album, genre or file name
 */
void
akin_library_model_set_search (AkinLibraryModel *self,
                               const char       *search)
{
  g_return_if_fail (AKIN_IS_LIBRARY_MODEL (self));

  if (search != NULL && *search == '\0')
    search = NULL;
  if (g_strcmp0 (self->search, search) == 0)
    return;
  g_free (self->search);
  self->search = g_strdup (search);
  akin_library_model_refresh (self);
}

const char *
akin_library_model_get_search (AkinLibraryModel *self)
{
  g_return_val_if_fail (AKIN_IS_LIBRARY_MODEL (self), NULL);
  return self->search;
}

gboolean
akin_library_model_get_loading (AkinLibraryModel *self)
{
  g_return_val_if_fail (AKIN_IS_LIBRARY_MODEL (self), FALSE);
  return self->loading;
}

/**
 * akin_library_model_get_track_id:
 * @position: a position
 *
 * Returns: the id of the track at @position, without reading its row; -1
 *   past the end
 */
gint64
akin_library_model_get_track_id (AkinLibraryModel *self,
                                 guint             position)
{
  g_return_val_if_fail (AKIN_IS_LIBRARY_MODEL (self), -1);

  if (position >= self->ids->len)
    return -1;
  return g_array_index (self->ids, gint64, position);
}

/**
 * akin_library_model_find_track:
 * @track_id: a track
 *
 * Returns: its position, or %GTK_INVALID_LIST_POSITION (G_MAXUINT) when
 *   it is not in the list
 */
guint
akin_library_model_find_track (AkinLibraryModel *self,
                               gint64            track_id)
{
  const gint64 *ids;

  g_return_val_if_fail (AKIN_IS_LIBRARY_MODEL (self), G_MAXUINT);

  ids = (const gint64 *) self->ids->data;
  for (guint i = 0; i < self->ids->len; i++)
    if (ids[i] == track_id)
      return i;
  return G_MAXUINT;
}

/**
 * akin_library_model_get_n_cached:
 *
 * Returns: how many rows are held in memory (a small multiple of what is
 *   on screen)
 */
guint
akin_library_model_get_n_cached (AkinLibraryModel *self)
{
  g_return_val_if_fail (AKIN_IS_LIBRARY_MODEL (self), 0);
  return g_hash_table_size (self->cache);
}
