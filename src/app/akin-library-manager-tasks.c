/* akin-library-manager-tasks.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The manager's work outside the analyzer: each job is a GTask run in a
 * worker thread with its own database connection, whose result is applied
 * on the main thread (the folders, which follow the `music-folders`
 * setting; the initial index; folder monitors). The similar songs and
 * single-file analyses the panes ask for are in
 * akin-library-manager-queries.c.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "akin-library-manager-private.h"

/* Folders deeper or more numerous than this are still scanned, only not
 * watched (inotify watches are a limited resource). */
#define MAX_MONITORS 4000

AkinSharedModel *
_akin_shared_model_new (AkinModel *model)
{
  AkinSharedModel *shared = g_atomic_rc_box_new0 (AkinSharedModel);

  shared->model = model;
  return shared;
}

AkinSharedModel *
_akin_shared_model_ref (AkinSharedModel *shared)
{
  return g_atomic_rc_box_acquire (shared);
}

static void
shared_model_clear (gpointer data)
{
  AkinSharedModel *shared = data;

  akin_model_free (shared->model);
}

void
_akin_shared_model_unref (AkinSharedModel *shared)
{
  g_atomic_rc_box_release_full (shared, shared_model_clear);
}

/* Opens a connection for the calling worker thread. */
static AkinDatabase *
open_worker_db (GTask   *task,
                GError **error)
{
  AkinLibraryManager *self = g_task_get_source_object (task);

  return akin_database_open (self->db_path, AKIN_DATABASE_FLAGS_NONE, error);
}

/* The index ------------------------------------------------------------ */

static void
load_index_thread (GTask        *task,
                   gpointer      source,
                   gpointer      data,
                   GCancellable *cancellable)
{
  AkinLibraryManager *self = source;
  g_autoptr(AkinDatabase) db = NULL;
  GError *error = NULL;

  /* The whole library at once: vectors, timbre models and the statistics
   * the combined similarity needs, built aside and swapped in. */
  if ((db = open_worker_db (task, &error)) == NULL
      || !akin_similarity_index_load_from_database (self->index, db, data, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
load_index_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  AkinLibraryManager *self = AKIN_LIBRARY_MANAGER (source);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_debug ("The similarity index could not be loaded: %s", error->message);
  else
    g_debug ("The index holds %u vectors", akin_similarity_index_get_size (self->index));

  _akin_library_manager_index_ready (self);
}

/* Fills the (empty, thread-safe) index in a worker, so a large library
 * does not delay the first window. */
void
_akin_library_manager_load_index (AkinLibraryManager *self)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, load_index_done, NULL);

  g_task_set_source_tag (task, _akin_library_manager_load_index);
  g_task_set_task_data (task, g_strdup (akin_library_manager_get_model_id (self)), g_free);
  g_task_run_in_thread (task, load_index_thread);
}

/* The analysis run grouped the new tracks with their other copies, which
 * may have been indexed before: each track of a recording held more than
 * once gets its recording's key. */
void
_akin_library_manager_index_recordings (AkinLibraryManager *self)
{
  g_autoptr(GError) error = NULL;

  if (self->db != NULL
      && !akin_similarity_index_update_recordings (self->index, self->db, &error))
    g_debug ("The recordings could not be read: %s", error->message);
}

/* Stores the mutual proximity statistics the index computed for the tracks
 * analysed since it was loaded, so the next start reads them. Called when
 * an analysis run ends: one short write on the main connection, rather
 * than one per track while the analyzers hold the write lock. */
void
_akin_library_manager_save_index_statistics (AkinLibraryManager *self)
{
  g_autoptr(GError) error = NULL;

  if (self->db != NULL && !akin_similarity_index_save_statistics (self->index, self->db, &error))
    g_debug ("The similarity statistics were not stored: %s", error->message);
}

/* Folders -------------------------------------------------------------- */

typedef struct
{
  GStrv      add;
  GStrv      remove;
  GArray    *retired;   /* out: ids of tracks under removed folders */
} FolderJob;

static void
folder_job_free (FolderJob *job)
{
  g_strfreev (job->add);
  g_strfreev (job->remove);
  g_clear_pointer (&job->retired, g_array_unref);
  g_free (job);
}

static gboolean
retire_folder (AkinDatabase *db,
               const char   *uri,
               GStrv         kept,
               GArray       *retired,
               GError      **error)
{
  g_autoptr(GArray) ids = akin_database_list_ids_under (db, uri, FALSE, error);

  if (ids == NULL || !akin_database_remove_folder (db, uri, error))
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autoptr(AkinTrack) track = akin_database_get_track (db, id, NULL);
      gboolean still_in_library = FALSE;

      /* A song inside another (e.g. enclosing) folder stays. */
      for (guint j = 0; track != NULL && kept[j] != NULL; j++)
        if (g_str_has_prefix (track->uri, kept[j]) && strcmp (kept[j], uri) != 0)
          still_in_library = TRUE;
      if (still_in_library)
        continue;
      if (!akin_database_mark_missing (db, id, error))
        return FALSE;
      g_array_append_val (retired, id);
    }
  return TRUE;
}

static void
folder_job_thread (GTask        *task,
                   gpointer      source,
                   gpointer      data,
                   GCancellable *cancellable)
{
  FolderJob *job = data;
  g_autoptr(AkinDatabase) db = NULL;
  g_auto(GStrv) kept = NULL;
  GError *error = NULL;

  if ((db = open_worker_db (task, &error)) == NULL || !akin_database_begin (db, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  for (guint i = 0; job->add[i] != NULL; i++)
    if (!akin_database_add_folder (db, job->add[i], &error))
      goto fail;
  if ((kept = akin_database_list_folders (db, &error)) == NULL)
    goto fail;
  for (guint i = 0; job->remove[i] != NULL; i++)
    if (!retire_folder (db, job->remove[i], kept, job->retired, &error))
      goto fail;
  /* A failed commit has already ended (and rolled back) the transaction. */
  if (!akin_database_commit (db, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
  return;

fail:
  akin_database_rollback (db);
  g_task_return_error (task, error);
}

static void
folder_job_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  AkinLibraryManager *self = AKIN_LIBRARY_MANAGER (source);
  FolderJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_signal_emit_by_name (self, "problem-reported", error->message);
      return;
    }
  for (guint i = 0; i < job->retired->len; i++)
    akin_similarity_index_remove (self->index, g_array_index (job->retired, gint64, i));
  if (job->retired->len > 0)
    _akin_library_manager_emit_tracks_changed (self);
  if (job->add[0] != NULL)
    akin_library_manager_rescan (self);
  else
    _akin_library_manager_update_monitors (self);
}

static void
run_folder_job (AkinLibraryManager *self,
                GStrv               add,
                GStrv               remove)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, folder_job_done, NULL);
  FolderJob *job = g_new0 (FolderJob, 1);

  job->add = add;
  job->remove = remove;
  job->retired = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->n_folder_jobs++;
  g_task_set_source_tag (task, run_folder_job);
  g_task_set_task_data (task, job, (GDestroyNotify) folder_job_free);
  g_task_run_in_thread (task, folder_job_thread);
}

/**
 * akin_library_manager_check_folder:
 * @folder: a folder the user chose
 *
 * Whether @folder is a directory that can be read, so that adding it to the
 * `music-folders` setting makes sense; if not, says why through
 * #AkinLibraryManager::problem-reported.
 *
 * Returns: %TRUE when @folder can be added
 */
gboolean
akin_library_manager_check_folder (AkinLibraryManager *self,
                                   GFile              *folder)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;

  g_return_val_if_fail (AKIN_IS_LIBRARY_MANAGER (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (folder), FALSE);

  /* A local stat, cheap enough here; the walk itself runs in a worker. */
  info = g_file_query_info (folder, G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                            G_FILE_ATTRIBUTE_ACCESS_CAN_READ, G_FILE_QUERY_INFO_NONE,
                            NULL, &error);
  if (info != NULL && g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY
      && g_file_info_get_attribute_boolean (info, G_FILE_ATTRIBUTE_ACCESS_CAN_READ))
    return TRUE;

  name = g_file_get_parse_name (folder);
  if (error != NULL)
    /* Translators: %s is a folder, then the reason */
    message = g_strdup_printf (_("“%s” cannot be read: %s"), name, error->message);
  else
    message = g_strdup_printf (_("“%s” is not a folder that can be read"), name);
  g_signal_emit_by_name (self, "problem-reported", message);
  return FALSE;
}

/* Adds and removes folders in the database to match @uris (the setting),
 * in one folder job that ends in one scan. */
static void
sync_folders (AkinLibraryManager *self,
              const char * const *uris)
{
  g_autoptr(GStrvBuilder) add = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) remove = g_strv_builder_new ();
  g_auto(GStrv) known = NULL;
  g_autoptr(GError) error = NULL;
  gboolean adding;
  GStrv added;

  if ((known = akin_database_list_folders (self->db, &error)) == NULL)
    {
      g_signal_emit_by_name (self, "problem-reported", error->message);
      return;
    }
  for (guint i = 0; uris[i] != NULL; i++)
    if (!g_strv_contains ((const char * const *) known, uris[i]))
      g_strv_builder_add (add, uris[i]);
  for (guint i = 0; known[i] != NULL; i++)
    if (!g_strv_contains (uris, known[i]))
      g_strv_builder_add (remove, known[i]);
  added = g_strv_builder_end (add);
  adding = added[0] != NULL;
  run_folder_job (self, added, g_strv_builder_end (remove));
  /* New folders are scanned once they are stored. */
  if (!adding)
    akin_library_manager_rescan (self);
}

static void
on_music_folders_changed (AkinLibraryManager *self)
{
  g_auto(GStrv) folders = g_settings_get_strv (self->folder_settings, "music-folders");

  sync_folders (self, (const char * const *) folders);
}

/**
 * akin_library_manager_follow_folders:
 * @settings: the application's settings (a `music-folders` key)
 *
 * Makes the setting the one source of truth of the library's folders. The
 * setting is what the user sees and edits, but folders added by akin-cli,
 * or a setting reset, must not empty the library: first the database's
 * folders join the setting. From then on every change of the setting is
 * one folder job and one scan; at once, the library rescans.
 */
void
akin_library_manager_follow_folders (AkinLibraryManager *self,
                                     GSettings          *settings)
{
  g_auto(GStrv) folders = NULL;
  g_auto(GStrv) known = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) merged = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean changed = FALSE;

  g_return_if_fail (AKIN_IS_LIBRARY_MANAGER (self));
  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (self->folder_settings == NULL);

  self->folder_settings = g_object_ref (settings);
  g_signal_connect_object (settings, "changed::music-folders",
                           G_CALLBACK (on_music_folders_changed), self, G_CONNECT_SWAPPED);

  folders = g_settings_get_strv (settings, "music-folders");
  known = akin_library_manager_dup_folders (self);
  /* Folders are URIs; a path written by hand (or by an older demo script)
   * would be the same folder twice. */
  for (guint i = 0; folders[i] != NULL; i++)
    if (folders[i][0] == '/')
      {
        g_autoptr(GFile) file = g_file_new_for_path (folders[i]);

        g_free (folders[i]);
        folders[i] = g_file_get_uri (file);
        changed = TRUE;
      }
  for (guint i = 0; folders[i] != NULL; i++)
    if (g_hash_table_add (seen, folders[i]))
      g_strv_builder_add (builder, folders[i]);
    else
      changed = TRUE;
  for (guint i = 0; known[i] != NULL; i++)
    if (!g_strv_contains ((const char * const *) folders, known[i]))
      {
        g_strv_builder_add (builder, known[i]);
        changed = TRUE;
      }
  merged = g_strv_builder_end (builder);
  if (changed)
    g_settings_set_strv (settings, "music-folders", (const char * const *) merged);
  else
    on_music_folders_changed (self);
}

/**
 * akin_library_manager_dup_folders:
 *
 * Returns: (transfer full): the URIs of the library's folders
 */
GStrv
akin_library_manager_dup_folders (AkinLibraryManager *self)
{
  g_autoptr(GError) error = NULL;
  GStrv folders;

  g_return_val_if_fail (AKIN_IS_LIBRARY_MANAGER (self), NULL);

  folders = akin_database_list_folders (self->db, &error);
  return folders != NULL ? folders : g_new0 (char *, 1);
}

/* Monitors ------------------------------------------------------------- */

static void
walk_dirs (GFile        *dir,
           GPtrArray    *out,
           GHashTable   *seen,
           guint         depth,
           GCancellable *cancellable)
{
  g_autoptr(GFileEnumerator) e = NULL;
  g_autoptr(GFileInfo) info = NULL;

  if (out->len >= MAX_MONITORS || depth > 64 || g_cancellable_is_cancelled (cancellable))
    return;
  info = g_file_query_info (dir, G_FILE_ATTRIBUTE_ID_FILE, G_FILE_QUERY_INFO_NONE, NULL, NULL);
  if (info == NULL || !g_hash_table_add (seen, g_strdup (g_file_info_get_attribute_string (
                                                  info, G_FILE_ATTRIBUTE_ID_FILE))))
    return;
  g_ptr_array_add (out, g_object_ref (dir));
  e = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                 G_FILE_ATTRIBUTE_STANDARD_TYPE, G_FILE_QUERY_INFO_NONE,
                                 cancellable, NULL);
  while (e != NULL)
    {
      GFileInfo *child = NULL;
      GFile *child_file = NULL;

      if (!g_file_enumerator_iterate (e, &child, &child_file, cancellable, NULL) || child == NULL)
        break;
      if (g_file_info_get_file_type (child) == G_FILE_TYPE_DIRECTORY)
        walk_dirs (child_file, out, seen, depth + 1, cancellable);
    }
}

static void
walk_thread (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  GStrv folders = data;
  GPtrArray *dirs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; folders[i] != NULL; i++)
    {
      g_autoptr(GFile) folder = g_file_new_for_uri (folders[i]);

      walk_dirs (folder, dirs, seen, 0, cancellable);
    }
  g_task_return_pointer (task, dirs, (GDestroyNotify) g_ptr_array_unref);
}

/* Whether a change to @file may change the library: a song, or a folder
 * (a deleted one cannot be asked, so anything without an extension).
 * Hidden files and databases are ignored, so a library file kept in a
 * music folder does not rescan itself. */
static gboolean
may_be_music (GFile *file)
{
  g_autofree char *name = file != NULL ? g_file_get_basename (file) : NULL;
  g_autofree char *type = NULL;
  const char *dot;

  if (name == NULL || name[0] == '.')
    return FALSE;
  if ((dot = strrchr (name, '.')) == NULL)
    return TRUE;
  type = g_content_type_guess (name, NULL, 0, NULL);
  return g_content_type_is_a (type, "audio/*") || g_str_has_prefix (type, "audio/")
         || g_content_type_equals (type, "application/ogg");
}

static void
on_monitor_changed (AkinLibraryManager *self,
                    GFile              *file,
                    GFile              *other,
                    GFileMonitorEvent   event)
{
  if (!may_be_music (file) && !may_be_music (other))
    return;
  switch (event)
    {
    case G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT:
    case G_FILE_MONITOR_EVENT_DELETED:
    case G_FILE_MONITOR_EVENT_CREATED:
    case G_FILE_MONITOR_EVENT_MOVED_IN:
    case G_FILE_MONITOR_EVENT_MOVED_OUT:
    case G_FILE_MONITOR_EVENT_RENAMED:
    case G_FILE_MONITOR_EVENT_MOVED:
    case G_FILE_MONITOR_EVENT_UNMOUNTED:
      _akin_library_manager_queue_rescan (self);
      break;
    case G_FILE_MONITOR_EVENT_CHANGED:   /* CHANGES_DONE_HINT follows */
    case G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED:
    case G_FILE_MONITOR_EVENT_PRE_UNMOUNT:
    default:
      break;
    }
}

static void
walk_done (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  AkinLibraryManager *self = AKIN_LIBRARY_MANAGER (source);
  g_autoptr(GPtrArray) dirs = g_task_propagate_pointer (G_TASK (result), NULL);
  g_autoptr(GHashTable) old = NULL;

  if (dirs == NULL || GPOINTER_TO_UINT (data) != self->monitor_serial)
    return;

  /* Keep the monitors of directories still there, drop the others. */
  old = g_steal_pointer (&self->monitors);
  self->monitors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  for (guint i = 0; i < dirs->len; i++)
    {
      GFile *dir = g_ptr_array_index (dirs, i);
      char *uri = g_file_get_uri (dir);
      gpointer key = NULL, monitor = NULL;

      if (g_hash_table_steal_extended (old, uri, &key, &monitor))
        g_free (key);
      else if ((monitor = g_file_monitor_directory (dir, G_FILE_MONITOR_WATCH_MOVES, NULL, NULL)))
        g_signal_connect_object (monitor, "changed", G_CALLBACK (on_monitor_changed), self,
                                 G_CONNECT_SWAPPED);
      if (monitor != NULL)
        g_hash_table_insert (self->monitors, uri, monitor);
      else
        g_free (uri);
    }
}

/* Re-walks the folders (in a worker) and watches every directory. */
void
_akin_library_manager_update_monitors (AkinLibraryManager *self)
{
  g_autoptr(GTask) task = NULL;

  self->monitor_serial++;
  task = g_task_new (self, self->cancellable, walk_done, GUINT_TO_POINTER (self->monitor_serial));
  g_task_set_source_tag (task, _akin_library_manager_update_monitors);
  g_task_set_task_data (task, akin_library_manager_dup_folders (self), (GDestroyNotify) g_strfreev);
  g_task_run_in_thread (task, walk_thread);
}

/* How many directories are watched (for the tests). */
guint
_akin_library_manager_get_n_runs (AkinLibraryManager *self)
{
  return self->n_runs;
}

guint
_akin_library_manager_get_n_folder_jobs (AkinLibraryManager *self)
{
  return self->n_folder_jobs;
}

guint
_akin_library_manager_get_n_monitors (AkinLibraryManager *self)
{
  return g_hash_table_size (self->monitors);
}

/**
 * akin_library_manager_clean_missing:
 * @n_removed: (out) (optional): how many tracks were forgotten
 * @error: the reason
 *
 * Forgets the songs whose files are gone (with their analyses). One DELETE
 * statement, fast enough for the main thread.
 *
 * Returns: %TRUE on success
 */
gboolean
akin_library_manager_clean_missing (AkinLibraryManager *self,
                                    guint              *n_removed,
                                    GError            **error)
{
  guint n = 0;

  g_return_val_if_fail (AKIN_IS_LIBRARY_MANAGER (self), FALSE);

  if (!akin_database_clean_missing (self->db, &n, error))
    return FALSE;
  if (n_removed != NULL)
    *n_removed = n;
  if (n > 0)
    _akin_library_manager_emit_tracks_changed (self);
  return TRUE;
}
