/* akin-similar-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The songs most similar to an anchor (usually the playing song), as a
 * GListModel of AkinSimilarItem, best first: no widget, so the side pane
 * only displays it and Play Similar takes its candidates from it.
 *
 * Setting #AkinSimilarList:track-id starts a query through the library
 * manager, off the main thread: akin_similarity_find_async() returns
 * finished rows (tracks and reasons read in the worker), which become the
 * items; nothing is read here. A newer query replaces the cancellable, and a
 * result is matched with the cancellable of its own query, so a late result
 * of an older one is dropped. An anchor outside the library is given as a
 * vector once the caller has analysed it (akin_similar_list_set_file_anchor()
 * says it is being analysed until then). A library track that is not
 * analysed yet is pending, and the list fills in when the manager announces
 * its analysis. The rules (skip the same artist / album) are GSettings keys;
 * changing one queries again.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "akin-app-enums.h"
#include "akin-similar-list.h"

struct _AkinSimilarList
{
  GObject               parent_instance;

  AkinLibraryManager   *manager;         /* nullable */
  GSettings            *settings;
  GCancellable         *cancellable;
  GPtrArray            *items;           /* AkinSimilarItem */

  gint64                track_id;
  guint                 n_results;
  AkinSimilarListState  state;
  char                 *title;           /* the anchor's, for a header */
  char                 *error;

  /* An anchor outside the library */
  char                 *anchor_uri;
  char                 *anchor_title;
  float                *anchor_vector;
  guint                 anchor_dim;
  AkinTimbreModel      *anchor_timbre;   /* nullable */
  AkinTags             *anchor_tags;     /* nullable */
  AkinDescriptorRecord  anchor_record;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AkinSimilarList, akin_similar_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_MANAGER,
  PROP_TRACK_ID,
  PROP_N_RESULTS,
  PROP_STATE,
  PROP_TITLE,
  PROP_ERROR,
  PROP_ANCHOR_URI,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
list_get_item_type (GListModel *model)
{
  return AKIN_TYPE_SIMILAR_ITEM;
}

static guint
list_get_n_items (GListModel *model)
{
  return AKIN_SIMILAR_LIST (model)->items->len;
}

static gpointer
list_get_item (GListModel *model,
               guint       position)
{
  AkinSimilarList *self = AKIN_SIMILAR_LIST (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = list_get_item_type;
  iface->get_n_items = list_get_n_items;
  iface->get_item = list_get_item;
}

/* Replaces every item with @items (stolen). */
static void
replace_items (AkinSimilarList *self,
               GPtrArray       *items)
{
  guint removed = self->items->len;

  if (removed == 0 && items->len == 0)
    {
      g_ptr_array_unref (items);
      return;
    }
  g_ptr_array_unref (self->items);
  self->items = items;
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, items->len);
}

static void
remove_all (AkinSimilarList *self)
{
  replace_items (self, g_ptr_array_new_with_free_func (g_object_unref));
}

static void
set_state (AkinSimilarList      *self,
           AkinSimilarListState  state)
{
  if (state != AKIN_SIMILAR_LIST_STATE_LIST)
    remove_all (self);
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_title (AkinSimilarList *self,
           const char      *title)
{
  if (title != NULL && *title == '\0')
    title = NULL;
  if (g_strcmp0 (self->title, title) == 0)
    return;
  g_free (self->title);
  self->title = g_strdup (title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

static void
cancel_query (AkinSimilarList *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

static void
clear_external_anchor (AkinSimilarList *self)
{
  g_clear_pointer (&self->anchor_uri, g_free);
  g_clear_pointer (&self->anchor_title, g_free);
  g_clear_pointer (&self->anchor_vector, g_free);
  g_clear_pointer (&self->anchor_timbre, g_free);
  g_clear_pointer (&self->anchor_tags, akin_tags_free);
  self->anchor_dim = 0;
  akin_descriptor_record_clear (&self->anchor_record);
}

/* The title to show: the tag, or the file name without extension. */
static char *
dup_display_title (const char *title,
                   const char *uri)
{
  g_autofree char *basename = NULL;
  char *dot;

  if (title != NULL && *title != '\0')
    return g_strdup (title);

  {
    g_autoptr(GFile) file = g_file_new_for_uri (uri);

    basename = g_file_get_basename (file);
  }
  if (basename == NULL || !g_utf8_validate (basename, -1, NULL))
    {
      g_free (basename);
      basename = g_filename_display_basename (uri);
    }
  if ((dot = strrchr (basename, '.')) != NULL && dot != basename)
    *dot = '\0';
  return g_steal_pointer (&basename);
}

static AkinSimilarityFlags
query_flags (AkinSimilarList *self)
{
  AkinSimilarityFlags flags = AKIN_SIMILARITY_MERGE_DUPLICATES;

  if (g_settings_get_boolean (self->settings, "skip-same-artist"))
    flags |= AKIN_SIMILARITY_SKIP_SAME_ARTIST;
  if (g_settings_get_boolean (self->settings, "skip-same-album"))
    flags |= AKIN_SIMILARITY_SKIP_SAME_ALBUM;
  return flags;
}

/* Turns the engine's finished rows into items; nothing is read here. */
static void
show_rows (AkinSimilarList *self,
           const char      *title,
           GPtrArray       *rows)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < rows->len; i++)
    {
      const AkinSimilarityRow *row = g_ptr_array_index (rows, i);
      g_autofree char *item_title = dup_display_title (row->title, row->uri);

      g_ptr_array_add (items, akin_similar_item_new (row->track_id, items->len + 1, row->score,
                                                     row->uri, item_title, row->artist,
                                                     row->album, row->why.text));
    }
  akin_similar_list_show_items (self, title, (AkinSimilarItem **) items->pdata, items->len);
}

typedef struct
{
  AkinSimilarList *self;
  GCancellable    *cancellable;
} QueryData;

static void
query_data_free (QueryData *data)
{
  g_object_unref (data->self);
  g_object_unref (data->cancellable);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (QueryData, query_data_free)

static void
on_query_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(QueryData) data = user_data;
  AkinSimilarList *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  rows = akin_library_manager_find_similar_finish (AKIN_LIBRARY_MANAGER (source), result, &error);
  /* A newer query (or the list's disposal) replaced this one, even if it
   * finished before noticing. */
  if (data->cancellable != self->cancellable || self->manager == NULL)
    return;
  g_clear_object (&self->cancellable);

  if (g_error_matches (error, AKIN_ERROR, AKIN_ERROR_NOT_ANALYZED) && self->track_id > 0)
    set_state (self, AKIN_SIMILAR_LIST_STATE_PENDING);
  else if (error != NULL)
    akin_similar_list_show_error (self, error->message);
  else
    show_rows (self, self->track_id > 0 ? self->title : self->anchor_title, rows);
}

/* A library anchor that is waiting for analysis, failed or went missing
 * needs no query. Returns whether to query. */
static gboolean
check_track_status (AkinSimilarList *self)
{
  g_autoptr(AkinTrack) track = akin_library_manager_get_track (self->manager, self->track_id);
  g_autofree char *title = NULL;
  g_autofree char *message = NULL;

  if (track == NULL)
    {
      akin_similar_list_show_error (self, _("This song is no longer in the library"));
      return FALSE;
    }

  title = dup_display_title (track->tags.title, track->uri);
  set_title (self, title);

  switch (track->status)
    {
    case AKIN_TRACK_STATUS_PENDING:
      set_state (self, AKIN_SIMILAR_LIST_STATE_PENDING);
      return FALSE;
    case AKIN_TRACK_STATUS_FAILED:
      /* Translators: %s is the reason, e.g. a decoder error */
      message = g_strdup_printf (_("Akin could not analyse this song: %s"),
                                 track->last_error != NULL ? track->last_error : _("unknown error"));
      akin_similar_list_show_error (self, message);
      return FALSE;
    case AKIN_TRACK_STATUS_MISSING:
      akin_similar_list_show_error (self, _("The file of this song was not found"));
      return FALSE;
    case AKIN_TRACK_STATUS_ANALYZED:
    default:
      return TRUE;
    }
}

static void
start_query (AkinSimilarList *self)
{
  AkinSimilarityRequest *request;
  QueryData *data;

  cancel_query (self);

  if (self->manager == NULL || (self->track_id <= 0 && self->anchor_uri == NULL))
    {
      set_title (self, NULL);
      set_state (self, AKIN_SIMILAR_LIST_STATE_EMPTY);
      return;
    }

  if (self->track_id <= 0 && self->anchor_vector == NULL)
    {
      set_state (self, AKIN_SIMILAR_LIST_STATE_ANALYZING);
      return;
    }

  if (self->track_id > 0 && !check_track_status (self))
    return;

  self->cancellable = g_cancellable_new ();
  data = g_new0 (QueryData, 1);
  data->self = g_object_ref (self);
  data->cancellable = g_object_ref (self->cancellable);

  /* A new query for the same anchor (other rules) keeps the list meanwhile. */
  if (self->state != AKIN_SIMILAR_LIST_STATE_LIST || self->items->len == 0)
    set_state (self, AKIN_SIMILAR_LIST_STATE_LOADING);

  if (self->track_id > 0)
    {
      request = akin_similarity_request_new_for_track (self->track_id, self->n_results,
                                                       query_flags (self));
    }
  else
    {
      const AkinTags *tags = self->anchor_tags;
      AkinSimilarityKeys keys = {
        tags != NULL ? tags->artist : NULL,
        tags != NULL ? tags->album_artist : NULL,
        tags != NULL ? tags->album : NULL,
        NULL,
      };

      request = akin_similarity_request_new_for_song (self->anchor_vector, self->anchor_dim,
                                                      self->anchor_timbre, &keys,
                                                      &self->anchor_record, self->n_results,
                                                      query_flags (self));
      /* A vector query knows nothing of the file: leave the anchor's own
       * library entry out. */
      akin_similarity_request_set_exclude_uri (request, self->anchor_uri);
    }
  akin_library_manager_find_similar_async (self->manager, request, self->cancellable,
                                           on_query_done, data);
}

static void
on_track_analyzed (AkinSimilarList *self,
                   gint64           track_id)
{
  /* The anchor became searchable. A query already running may have been
   * answered from an index without it: asked again too. */
  if (track_id == self->track_id && (self->state == AKIN_SIMILAR_LIST_STATE_PENDING
                                     || self->state == AKIN_SIMILAR_LIST_STATE_LOADING))
    start_query (self);
}

static void
on_rules_changed (AkinSimilarList *self)
{
  if (self->state == AKIN_SIMILAR_LIST_STATE_LIST
      || self->state == AKIN_SIMILAR_LIST_STATE_NO_RESULTS
      || self->state == AKIN_SIMILAR_LIST_STATE_LOADING)
    start_query (self);
}

static void
akin_similar_list_dispose (GObject *object)
{
  AkinSimilarList *self = AKIN_SIMILAR_LIST (object);

  cancel_query (self);
  if (self->manager != NULL)
    g_signal_handlers_disconnect_by_data (self->manager, self);
  g_clear_object (&self->manager);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (akin_similar_list_parent_class)->dispose (object);
}

static void
akin_similar_list_finalize (GObject *object)
{
  AkinSimilarList *self = AKIN_SIMILAR_LIST (object);

  clear_external_anchor (self);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (akin_similar_list_parent_class)->finalize (object);
}

static void
akin_similar_list_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  AkinSimilarList *self = AKIN_SIMILAR_LIST (object);

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
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    case PROP_ANCHOR_URI:
      g_value_set_string (value, self->anchor_uri);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
akin_similar_list_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  AkinSimilarList *self = AKIN_SIMILAR_LIST (object);

  switch (prop_id)
    {
    case PROP_MANAGER:
      self->manager = g_value_dup_object (value);
      if (self->manager != NULL)
        g_signal_connect_object (self->manager, "track-analyzed",
                                 G_CALLBACK (on_track_analyzed), self, G_CONNECT_SWAPPED);
      break;
    case PROP_TRACK_ID:
      akin_similar_list_set_track_id (self, g_value_get_int64 (value));
      break;
    case PROP_N_RESULTS:
      akin_similar_list_set_n_results (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
akin_similar_list_class_init (AkinSimilarListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = akin_similar_list_dispose;
  object_class->finalize = akin_similar_list_finalize;
  object_class->get_property = akin_similar_list_get_property;
  object_class->set_property = akin_similar_list_set_property;

  /**
   * AkinSimilarList:manager:
   *
   * The library manager that answers the queries; without one the list
   * only holds what akin_similar_list_show_items() gives it.
   */
  properties[PROP_MANAGER] =
    g_param_spec_object ("manager", NULL, NULL, AKIN_TYPE_LIBRARY_MANAGER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * AkinSimilarList:track-id:
   *
   * The library track whose similar songs are listed, -1 for none (or for
   * an anchor outside the library). Setting it starts a query and cancels
   * the previous one.
   */
  properties[PROP_TRACK_ID] =
    g_param_spec_int64 ("track-id", NULL, NULL, -1, G_MAXINT64, -1,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * AkinSimilarList:n-results:
   *
   * How many similar songs to list.
   */
  properties[PROP_N_RESULTS] =
    g_param_spec_uint ("n-results", NULL, NULL, 1, 100, AKIN_SIMILAR_LIST_DEFAULT_N_RESULTS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * AkinSimilarList:state:
   *
   * Where the list stands.
   */
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, AKIN_TYPE_SIMILAR_LIST_STATE,
                       AKIN_SIMILAR_LIST_STATE_EMPTY,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * AkinSimilarList:title:
   *
   * The anchor's title, %NULL when it is not known.
   */
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * AkinSimilarList:error:
   *
   * In the error state, the translated reason.
   */
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * AkinSimilarList:anchor-uri:
   *
   * The anchor outside the library, %NULL for none; notified whenever the
   * anchor changes.
   */
  properties[PROP_ANCHOR_URI] =
    g_param_spec_string ("anchor-uri", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
akin_similar_list_init (AkinSimilarList *self)
{
  self->track_id = -1;
  self->n_results = AKIN_SIMILAR_LIST_DEFAULT_N_RESULTS;
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->settings = g_settings_new (AKIN_SETTINGS_SCHEMA_ID);
  g_signal_connect_object (self->settings, "changed::skip-same-artist",
                           G_CALLBACK (on_rules_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::skip-same-album",
                           G_CALLBACK (on_rules_changed), self, G_CONNECT_SWAPPED);
}

/**
 * akin_similar_list_new:
 * @manager: (nullable): the library manager that answers the queries
 *
 * Returns: (transfer full): an empty list
 */
AkinSimilarList *
akin_similar_list_new (AkinLibraryManager *manager)
{
  g_return_val_if_fail (manager == NULL || AKIN_IS_LIBRARY_MANAGER (manager), NULL);

  return g_object_new (AKIN_TYPE_SIMILAR_LIST, "manager", manager, NULL);
}

/**
 * akin_similar_list_get_manager:
 *
 * Returns: (nullable) (transfer none): the library manager
 */
AkinLibraryManager *
akin_similar_list_get_manager (AkinSimilarList *self)
{
  g_return_val_if_fail (AKIN_IS_SIMILAR_LIST (self), NULL);
  return self->manager;
}

/**
 * akin_similar_list_get_track_id:
 *
 * Returns: the library track the items are similar to, -1 for none or for
 *   an anchor outside the library
 */
gint64
akin_similar_list_get_track_id (AkinSimilarList *self)
{
  g_return_val_if_fail (AKIN_IS_SIMILAR_LIST (self), -1);
  return self->track_id;
}

/**
 * akin_similar_list_set_track_id:
 * @track_id: a library track, or -1 for none
 *
 * Lists the songs similar to @track_id (asynchronously), dropping any
 * anchor outside the library.
 */
void
akin_similar_list_set_track_id (AkinSimilarList *self,
                                gint64           track_id)
{
  g_return_if_fail (AKIN_IS_SIMILAR_LIST (self));

  track_id = MAX (track_id, -1);
  if (track_id == 0)
    track_id = -1;
  if (self->track_id == track_id && self->anchor_uri == NULL
      && self->state != AKIN_SIMILAR_LIST_STATE_ERROR)
    return;

  if (self->anchor_uri != NULL)
    {
      clear_external_anchor (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANCHOR_URI]);
    }
  if (self->track_id != track_id)
    remove_all (self);
  self->track_id = track_id;
  set_title (self, NULL);
  start_query (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRACK_ID]);
}

guint
akin_similar_list_get_n_results (AkinSimilarList *self)
{
  g_return_val_if_fail (AKIN_IS_SIMILAR_LIST (self), 0);
  return self->n_results;
}

void
akin_similar_list_set_n_results (AkinSimilarList *self,
                                 guint            n_results)
{
  g_return_if_fail (AKIN_IS_SIMILAR_LIST (self));
  g_return_if_fail (n_results >= 1 && n_results <= 100);

  if (self->n_results == n_results)
    return;
  self->n_results = n_results;
  on_rules_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_RESULTS]);
}

/**
 * akin_similar_list_set_file_anchor:
 * @uri: a file outside the library
 * @title: (nullable): what to call it
 *
 * Makes @uri the anchor, being analysed; give its vector with
 * akin_similar_list_set_vector_anchor() when the analysis is done, or
 * akin_similar_list_show_error() when it failed.
 */
void
akin_similar_list_set_file_anchor (AkinSimilarList *self,
                                   const char      *uri,
                                   const char      *title)
{
  g_autofree char *uri_copy = g_strdup (uri);
  g_autofree char *title_copy = g_strdup (title);

  g_return_if_fail (AKIN_IS_SIMILAR_LIST (self));
  g_return_if_fail (uri != NULL);

  cancel_query (self);
  clear_external_anchor (self);
  if (self->track_id != -1)
    {
      self->track_id = -1;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRACK_ID]);
    }
  self->anchor_uri = g_steal_pointer (&uri_copy);
  self->anchor_title = g_steal_pointer (&title_copy);
  set_title (self, self->anchor_title);
  set_state (self, AKIN_SIMILAR_LIST_STATE_ANALYZING);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANCHOR_URI]);
}

/**
 * akin_similar_list_set_vector_anchor:
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
akin_similar_list_set_vector_anchor (AkinSimilarList            *self,
                                     const char                 *uri,
                                     const char                 *title,
                                     const float                *vector,
                                     guint                       dim,
                                     const AkinTimbreModel      *timbre,
                                     const AkinTags             *tags,
                                     const AkinDescriptorRecord *descriptors)
{
  g_return_if_fail (AKIN_IS_SIMILAR_LIST (self));
  g_return_if_fail (uri != NULL);
  g_return_if_fail (vector != NULL && dim > 0);

  akin_similar_list_set_file_anchor (self, uri, title);
  self->anchor_vector = g_memdup2 (vector, sizeof (float) * dim);
  self->anchor_dim = dim;
  if (timbre != NULL)
    self->anchor_timbre = g_memdup2 (timbre, sizeof *timbre);
  if (tags != NULL)
    self->anchor_tags = akin_tags_copy (tags);
  if (descriptors != NULL)
    akin_descriptor_record_copy (&self->anchor_record, descriptors);
  start_query (self);
}

/**
 * akin_similar_list_get_anchor_uri:
 *
 * Returns: (nullable): the anchor outside the library, if any
 */
const char *
akin_similar_list_get_anchor_uri (AkinSimilarList *self)
{
  g_return_val_if_fail (AKIN_IS_SIMILAR_LIST (self), NULL);
  return self->anchor_uri;
}

/**
 * akin_similar_list_get_title:
 *
 * Returns: (nullable): the anchor's title
 */
const char *
akin_similar_list_get_title (AkinSimilarList *self)
{
  g_return_val_if_fail (AKIN_IS_SIMILAR_LIST (self), NULL);
  return self->title;
}

/**
 * akin_similar_list_get_error:
 *
 * Returns: (nullable): in the error state, the reason
 */
const char *
akin_similar_list_get_error (AkinSimilarList *self)
{
  g_return_val_if_fail (AKIN_IS_SIMILAR_LIST (self), NULL);
  return self->error;
}

AkinSimilarListState
akin_similar_list_get_state (AkinSimilarList *self)
{
  g_return_val_if_fail (AKIN_IS_SIMILAR_LIST (self), AKIN_SIMILAR_LIST_STATE_EMPTY);
  return self->state;
}

/**
 * akin_similar_list_show_error:
 * @message: a translated reason
 *
 * Empties the list into the error state, e.g. when analysing an anchor
 * file failed.
 */
void
akin_similar_list_show_error (AkinSimilarList *self,
                              const char      *message)
{
  g_return_if_fail (AKIN_IS_SIMILAR_LIST (self));
  g_return_if_fail (message != NULL);

  cancel_query (self);
  if (g_strcmp0 (self->error, message) != 0)
    {
      g_free (self->error);
      self->error = g_strdup (message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
    }
  set_state (self, AKIN_SIMILAR_LIST_STATE_ERROR);
}

/**
 * akin_similar_list_show_items:
 * @anchor_title: (nullable): the anchor's title
 * @items: (array length=n_items): the entries, best first
 *
 * Holds a finished list; the list does this itself when a query returns.
 */
void
akin_similar_list_show_items (AkinSimilarList         *self,
                              const char              *anchor_title,
                              AkinSimilarItem * const *items,
                              guint                    n_items)
{
  GPtrArray *copy;

  g_return_if_fail (AKIN_IS_SIMILAR_LIST (self));
  g_return_if_fail (items != NULL || n_items == 0);

  copy = g_ptr_array_new_full (n_items, g_object_unref);
  for (guint i = 0; i < n_items; i++)
    g_ptr_array_add (copy, g_object_ref (items[i]));
  set_title (self, anchor_title);
  if (n_items == 0)
    {
      g_ptr_array_unref (copy);
      set_state (self, AKIN_SIMILAR_LIST_STATE_NO_RESULTS);
      return;
    }
  /* The state first: whoever hears of the new items finds the list state. */
  if (self->state != AKIN_SIMILAR_LIST_STATE_LIST)
    {
      self->state = AKIN_SIMILAR_LIST_STATE_LIST;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  replace_items (self, copy);
}
