/* akin-similarity-find.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The similar songs of an anchor as finished rows: the index's top-k, then
 * each match's track and descriptors read on the caller's (in the
 * asynchronous form, the worker's own) database connection, and the
 * reasons built from the explanation the query left in each match. The
 * similar pane, Play Similar and `akin-cli similar` all take their lists
 * from here.
 *
 * Also here: akin_similarity_index_add_stored(), which the analyzer's
 * stored callback calls in its worker to put a freshly stored analysis in
 * the index without reading it back.
 */

#include "config.h"

#include "akin-error.h"
#include "akin-similarity-find.h"

struct _AkinSimilarityRequest
{
  gint64                track_id;       /* > 0: a library track; else the song below */
  float                *vector;
  guint                 dim;
  AkinTimbreModel      *timbre;         /* nullable */
  char                 *keys[4];        /* artist, album artist, album, content hash */
  AkinDescriptorRecord  descriptors;    /* zeroed when unknown */
  char                 *exclude_uri;    /* nullable */
  guint                 k;
  AkinSimilarityFlags   flags;
};

/**
 * akin_similarity_row_free:
 * @row: (nullable): a row
 */
void
akin_similarity_row_free (AkinSimilarityRow *row)
{
  if (row == NULL)
    return;
  g_free (row->uri);
  g_free (row->title);
  g_free (row->artist);
  g_free (row->album);
  akin_similarity_why_clear (&row->why);
  g_free (row);
}

/**
 * akin_similarity_request_new_for_track:
 * @track_id: a library track, the anchor (never one of its own rows)
 * @k: how many rows, 1 to %AKIN_SIMILARITY_MAX_K
 * @flags: the rules
 *
 * Returns: (transfer full): a request
 */
AkinSimilarityRequest *
akin_similarity_request_new_for_track (gint64              track_id,
                                       guint               k,
                                       AkinSimilarityFlags flags)
{
  AkinSimilarityRequest *self = g_new0 (AkinSimilarityRequest, 1);

  g_return_val_if_fail (track_id > 0, self);

  self->track_id = track_id;
  self->k = k;
  self->flags = flags;
  return self;
}

/**
 * akin_similarity_request_new_for_song:
 * @vector: (array length=dim): the song's vector, of the index's model; copied
 * @dim: its length
 * @timbre: (nullable): its timbre model, copied; with it the song is ranked
 *   as a library song would be, without it by its vector only
 * @keys: (nullable): its tags and content hash, copied, for the rules
 * @descriptors: (nullable): its descriptors, copied, for the reasons
 * @k: how many rows, 1 to %AKIN_SIMILARITY_MAX_K
 * @flags: the rules
 *
 * A request for a song that is not in the library.
 *
 * Returns: (transfer full): a request
 */
AkinSimilarityRequest *
akin_similarity_request_new_for_song (const float                *vector,
                                      guint                       dim,
                                      const AkinTimbreModel      *timbre,
                                      const AkinSimilarityKeys   *keys,
                                      const AkinDescriptorRecord *descriptors,
                                      guint                       k,
                                      AkinSimilarityFlags         flags)
{
  AkinSimilarityRequest *self = g_new0 (AkinSimilarityRequest, 1);

  g_return_val_if_fail (vector != NULL && dim > 0, self);

  self->track_id = 0;
  self->vector = g_memdup2 (vector, sizeof (float) * dim);
  self->dim = dim;
  self->timbre = timbre != NULL ? g_memdup2 (timbre, sizeof *timbre) : NULL;
  if (keys != NULL)
    {
      self->keys[0] = g_strdup (keys->artist);
      self->keys[1] = g_strdup (keys->album_artist);
      self->keys[2] = g_strdup (keys->album);
      self->keys[3] = g_strdup (keys->content_hash);
    }
  if (descriptors != NULL)
    {
      akin_descriptor_record_copy (&self->descriptors, descriptors);
    }
  self->k = k;
  self->flags = flags;
  return self;
}

/**
 * akin_similarity_request_set_exclude_uri:
 * @uri: (nullable): a file whose library entry must not be a row (the
 *   anchor song's own file, when it is in the library under another entry)
 */
void
akin_similarity_request_set_exclude_uri (AkinSimilarityRequest *self,
                                         const char            *uri)
{
  g_return_if_fail (self != NULL);

  g_free (self->exclude_uri);
  self->exclude_uri = g_strdup (uri);
}

/**
 * akin_similarity_request_free:
 * @self: (nullable): a request
 */
void
akin_similarity_request_free (AkinSimilarityRequest *self)
{
  if (self == NULL)
    return;
  g_free (self->vector);
  g_free (self->timbre);
  for (guint i = 0; i < G_N_ELEMENTS (self->keys); i++)
    g_free (self->keys[i]);
  akin_descriptor_record_clear (&self->descriptors);
  g_free (self->exclude_uri);
  g_free (self);
}

static AkinSimilarityRow *
row_new (AkinDatabase               *db,
         const AkinSimilarityMatch  *match,
         const AkinTrack            *track,
         const AkinDescriptorRecord *anchor)
{
  AkinSimilarityRow *row = g_new0 (AkinSimilarityRow, 1);
  AkinDescriptorRecord other = { 0 };
  gboolean has_other, has_timbre, has_encoders;

  row->track_id = match->track_id;
  row->score = match->score;
  row->uri = g_strdup (track->uri);
  row->title = g_strdup (track->tags.title);
  row->artist = g_strdup (track->tags.artist);
  row->album = g_strdup (track->tags.album);
  row->duration = track->duration;

  /* The query left each match's explanation; the descriptors add the rest
   * (a track without them gets no descriptor reasons). */
  akin_similarity_why_from_match (match, &row->why);
  has_timbre = row->why.has[AKIN_SIMILARITY_ASPECT_TIMBRE];
  has_encoders = row->why.has[AKIN_SIMILARITY_ASPECT_ENCODERS];
  /* A weak match's words name no similarity of sound; its contributions
   * stay. */
  if (match->score < AKIN_SIMILARITY_WEAK_MATCH)
    {
      row->why.has[AKIN_SIMILARITY_ASPECT_TIMBRE] = FALSE;
      row->why.has[AKIN_SIMILARITY_ASPECT_ENCODERS] = FALSE;
    }
  has_other = akin_database_get_descriptors (db, match->track_id, &other, NULL);
  akin_similarity_why_describe (&row->why, anchor, has_other ? &other : NULL);
  row->why.has[AKIN_SIMILARITY_ASPECT_TIMBRE] = has_timbre;
  row->why.has[AKIN_SIMILARITY_ASPECT_ENCODERS] = has_encoders;
  akin_descriptor_record_clear (&other);
  return row;
}

/**
 * akin_similarity_find:
 * @index: the similarity index
 * @db: a database connection of the calling thread
 * @request: what to find
 * @cancellable: (nullable): stops between rows
 * @error: %AKIN_ERROR_NOT_ANALYZED when the anchor track is not in the
 *   index, %AKIN_ERROR_DIMENSION_MISMATCH for a vector of another length,
 *   %G_IO_ERROR_CANCELLED
 *
 * Runs the query and reads each match's track and descriptors through @db
 * to build the rows, best first: at most the request's k, never the anchor
 * nor the excluded file, and no track that left the library meanwhile.
 * Any thread.
 *
 * Returns: (transfer full) (element-type AkinSimilarityRow) (nullable):
 *   the rows
 */
GPtrArray *
akin_similarity_find (AkinSimilarityIndex          *index,
                      AkinDatabase                 *db,
                      const AkinSimilarityRequest  *request,
                      GCancellable                 *cancellable,
                      GError                      **error)
{
  g_autoptr(GArray) matches = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  AkinDescriptorRecord library_anchor = { 0 };
  const AkinDescriptorRecord *anchor = NULL;
  /* One more, in case the excluded file comes up. */
  guint k = request->k + (request->exclude_uri != NULL ? 1 : 0);

  g_return_val_if_fail (index != NULL, NULL);
  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (request->track_id > 0)
    {
      matches = akin_similarity_index_query_track (index, request->track_id, k, request->flags,
                                                   error);
      akin_database_get_descriptors (db, request->track_id, &library_anchor, NULL);
      anchor = &library_anchor;
    }
  else
    {
      AkinSimilarityKeys keys = {
        request->keys[0], request->keys[1], request->keys[2], request->keys[3],
      };

      matches = akin_similarity_index_query_external (index, request->vector, request->dim,
                                                      request->timbre, &keys, k, request->flags,
                                                      error);
      anchor = &request->descriptors;   /* all unknown without them */
    }
  if (matches == NULL)
    {
      akin_descriptor_record_clear (&library_anchor);
      return NULL;
    }

  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) akin_similarity_row_free);
  for (guint i = 0; i < matches->len && rows->len < request->k; i++)
    {
      const AkinSimilarityMatch *m = &g_array_index (matches, AkinSimilarityMatch, i);
      g_autoptr(AkinTrack) track = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          akin_descriptor_record_clear (&library_anchor);
          return NULL;
        }
      if (m->track_id == request->track_id)
        continue;
      if ((track = akin_database_get_track (db, m->track_id, NULL)) == NULL)
        continue;
      if (request->exclude_uri != NULL && g_strcmp0 (track->uri, request->exclude_uri) == 0)
        continue;
      g_ptr_array_add (rows, row_new (db, m, track, anchor));
    }
  akin_descriptor_record_clear (&library_anchor);
  return g_steal_pointer (&rows);
}

typedef struct
{
  AkinSimilarityIndex   *index;
  char                  *db_path;
  AkinSimilarityRequest *request;
} FindData;

static void
find_data_free (FindData *data)
{
  akin_similarity_index_unref (data->index);
  g_free (data->db_path);
  akin_similarity_request_free (data->request);
  g_free (data);
}

static void
find_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  FindData *data = task_data;
  g_autoptr(AkinDatabase) db = NULL;
  GError *error = NULL;
  GPtrArray *rows = NULL;

  if ((db = akin_database_open (data->db_path, AKIN_DATABASE_FLAGS_NONE, &error)) != NULL)
    rows = akin_similarity_find (data->index, db, data->request, cancellable, &error);
  if (rows == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, rows, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * akin_similarity_find_async:
 * @index: the similarity index (a reference is kept until the end)
 * @db_path: the library database, opened by the worker for its own reads
 * @request: (transfer full): what to find
 * @cancellable: (nullable): cancels the search
 * @callback: called on the thread-default main context of the caller
 * @user_data: its data
 *
 * akin_similarity_find() in a worker thread with its own connection: the
 * caller gets finished rows and reads nothing itself.
 */
void
akin_similarity_find_async (AkinSimilarityIndex   *index,
                            const char            *db_path,
                            AkinSimilarityRequest *request,
                            GCancellable          *cancellable,
                            GAsyncReadyCallback    callback,
                            gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  FindData *data;

  g_return_if_fail (index != NULL);
  g_return_if_fail (db_path != NULL);
  g_return_if_fail (request != NULL);

  data = g_new0 (FindData, 1);
  data->index = akin_similarity_index_ref (index);
  data->db_path = g_strdup (db_path);
  data->request = request;
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, akin_similarity_find_async);
  g_task_set_task_data (task, data, (GDestroyNotify) find_data_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, find_thread);
}

/**
 * akin_similarity_find_finish:
 * @result: the result given to the callback
 * @error: as for akin_similarity_find(), or why the database could not be
 *   opened
 *
 * Returns: (transfer full) (element-type AkinSimilarityRow) (nullable):
 *   the rows, best first
 */
GPtrArray *
akin_similarity_find_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == akin_similarity_find_async,
                        NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * akin_similarity_index_add_stored:
 * @index: the similarity index
 * @db: the connection that stored @result, of the calling thread
 * @track_id: the track
 * @result: its analysis, as just stored
 * @error: why the track could not be added
 *
 * Puts a freshly stored analysis in the index: the vector and timbre
 * model from @result, the rules' keys from the track's stored row (which
 * holds the content hash). For an analyzer's stored callback
 * (akin_analyzer_set_stored_func()), in its worker thread. Any thread.
 *
 * Returns: %TRUE on success
 */
gboolean
akin_similarity_index_add_stored (AkinSimilarityIndex       *index,
                                  AkinDatabase              *db,
                                  gint64                     track_id,
                                  const AkinAnalysisResult  *result,
                                  GError                   **error)
{
  g_autoptr(AkinTrack) track = NULL;
  g_autofree char *content_key = NULL;
  AkinSimilarityKeys keys;
  gint64 best_copy = 0;

  g_return_val_if_fail (index != NULL, FALSE);
  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  if ((track = akin_database_get_track (db, track_id, error)) == NULL)
    return FALSE;
  /* Copies of one recording count once in merged queries. */
  content_key = akin_database_get_content_key (db, track, &best_copy);
  keys = (AkinSimilarityKeys) { track->tags.artist, track->tags.album_artist, track->tags.album,
                                content_key, best_copy };
  if (!akin_similarity_index_set (index, track_id, result->vector, result->dim, &keys, error))
    return FALSE;
  /* The timbre half of the combined similarity; without a model the track
   * is compared by its vector alone until rescanned. */
  if (result->has_timbre)
    return akin_similarity_index_set_timbre (index, track_id, &result->timbre, error);
  return TRUE;
}
