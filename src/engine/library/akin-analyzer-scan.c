/* akin-analyzer-scan.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The folder walk of an analyzer run, in the coordinating thread with its
 * own database connection.
 *
 * - Recursion follows symbolic links to folders, but never enters the same
 *   folder twice (folders are recognised by their device and inode, GIO's
 *   "id::file"), so a link loop ends at once and is reported.
 * - Only files that look like audio by their name (extension, or GIO's
 *   name-based content type) are considered; nothing is opened to decide.
 *   FIFOs, sockets and devices under such names are listed as problems.
 * - A file is known by its URI (g_file_get_uri(): any bytes in the name
 *   survive). A known file whose size and mtime are unchanged is left
 *   alone; otherwise its content hash tells whether it really changed. A
 *   new URI whose content hash matches a track whose file is gone is a
 *   move: the track keeps its id and analysis.
 * - After the walk, tracks under a scanned folder that were not seen are
 *   marked missing, except under folders that could not be read (an
 *   unmounted disk or a permission problem does not empty the library).
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "akin-analyzer-private.h"
#include "akin-content-hash.h"
#include "akin-error.h"

#define MAX_DEPTH 128

#define ATTRIBUTES                                                        \
  G_FILE_ATTRIBUTE_STANDARD_NAME ","                                      \
  G_FILE_ATTRIBUTE_STANDARD_TYPE ","                                      \
  G_FILE_ATTRIBUTE_STANDARD_SIZE ","                                      \
  G_FILE_ATTRIBUTE_STANDARD_FAST_CONTENT_TYPE ","                         \
  G_FILE_ATTRIBUTE_TIME_MODIFIED ","                                      \
  G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC ","                                 \
  G_FILE_ATTRIBUTE_UNIX_MODE ","                                          \
  G_FILE_ATTRIBUTE_ID_FILE

typedef struct
{
  AkinAnalyzer *analyzer;
  AkinDatabase *db;
  GCancellable *cancellable;
  GHashTable   *visited;       /* "id::file" of folders entered */
  GHashTable   *seen;          /* gint64 ids of tracks found */
  GPtrArray    *failed_dirs;   /* URIs (ending in '/') not read completely */
} Scan;

static const char * const audio_extensions[] = {
  "aac", "ac3", "aif", "aifc", "aiff", "alac", "ape", "au", "dff", "dsf", "flac", "m4a",
  "m4b", "mka", "mp2", "mp3", "mpc", "oga", "ogg", "opus", "snd", "spx", "tta", "wav",
  "wave", "webm", "wma", "wv",
};

static gboolean
looks_like_audio (GFileInfo *info)
{
  const char *name = g_file_info_get_name (info);
  const char *dot = strrchr (name, '.');
  const char *type;

  if (dot != NULL && dot[1] != '\0' && strlen (dot + 1) <= 5)
    {
      char ext[8];
      gsize i;

      for (i = 0; dot[1 + i] != '\0'; i++)
        ext[i] = g_ascii_tolower (dot[1 + i]);
      ext[i] = '\0';
      for (i = 0; i < G_N_ELEMENTS (audio_extensions); i++)
        if (strcmp (ext, audio_extensions[i]) == 0)
          return TRUE;
    }
  type = g_file_info_get_attribute_string (info, G_FILE_ATTRIBUTE_STANDARD_FAST_CONTENT_TYPE);
  return type != NULL && g_str_has_prefix (type, "audio/");
}

static void
problem (Scan       *scan,
         GFile      *file,
         GError     *error)     /* (transfer full) */
{
  g_autofree char *uri = g_file_get_uri (file);

  _akin_analyzer_report_problem (scan->analyzer, uri, error);
  g_error_free (error);
}

static void
folder_failed (Scan  *scan,
               GFile *folder)
{
  g_autofree char *uri = g_file_get_uri (folder);

  g_ptr_array_add (scan->failed_dirs, g_str_has_suffix (uri, "/") ? g_strdup (uri)
                                                                  : g_strconcat (uri, "/", NULL));
}

static void
mark_seen (Scan  *scan,
           gint64 id)
{
  g_hash_table_add (scan->seen, g_memdup2 (&id, sizeof id));
}

/* Brings one audio file's track up to date. FALSE on a database error. */
static gboolean
sync_file (Scan       *scan,
           GFile      *file,
           GFileInfo  *info,
           GError    **error)
{
  g_autofree char *uri = g_file_get_uri (file);
  g_autoptr(AkinTrack) track = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *hash = NULL;
  guint64 size = (guint64) g_file_info_get_size (info);
  gint64 mtime;
  gint64 id;

  mtime = (gint64) g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED)
          * G_USEC_PER_SEC
          + g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC);

  _akin_analyzer_count_found (scan->analyzer);
  track = akin_database_get_track_by_uri (scan->db, uri, &local_error);
  if (track == NULL && !g_error_matches (local_error, AKIN_ERROR, AKIN_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  g_clear_error (&local_error);

  if (track != NULL)
    {
      mark_seen (scan, track->id);
      if (track->size == size && track->mtime == mtime)
        return track->status != AKIN_TRACK_STATUS_MISSING
               || akin_database_update_file (scan->db, track->id, size, mtime, NULL, FALSE, error);
    }

  /* An unreadable file still gets its track: its analysis will fail with
   * the reason, and the reason is what the user needs to see. */
  hash = akin_content_hash_file (file, &size, scan->cancellable, &local_error);
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (track != NULL)
    return akin_database_update_file (scan->db, track->id, size, mtime, hash,
                                      hash == NULL || g_strcmp0 (hash, track->content_hash) != 0,
                                      error);

  if (hash != NULL)
    {
      g_autoptr(GPtrArray) same = akin_database_find_by_hash (scan->db, hash, size, error);

      if (same == NULL)
        return FALSE;
      for (guint i = 0; i < same->len; i++)
        {
          const AkinTrack *old = g_ptr_array_index (same, i);
          g_autoptr(GFile) old_file = g_file_new_for_uri (old->uri);

          if (old->status == AKIN_TRACK_STATUS_MISSING
              || !g_file_query_exists (old_file, scan->cancellable))
            {
              g_debug ("%s moved to %s", old->uri, uri);
              mark_seen (scan, old->id);
              return akin_database_move_track (scan->db, old->id, uri, size, mtime, error);
            }
        }
    }

  id = akin_database_add_file (scan->db, uri, size, mtime, hash, error);
  if (id == 0)
    return FALSE;
  mark_seen (scan, id);
  return TRUE;
}

static void
broken_link (Scan  *scan,
             GFile *file)
{
  g_autofree char *name = akin_file_display_name (file);
  g_autofree char *path = g_file_get_path (file);
  GStatBuf buf;
  int code = G_IO_ERROR_NOT_FOUND;
  const char *reason = "no target";

  /* GIO falls back to the link itself when following fails; stat() says why. */
  if (path != NULL && g_stat (path, &buf) != 0)
    {
      int saved_errno = errno;

      code = g_io_error_from_errno (saved_errno);
      reason = g_strerror (saved_errno);
    }
  problem (scan, file, g_error_new (G_IO_ERROR, code, "%s: broken symbolic link (%s)",
                                    name, reason));
}

/* A FIFO, socket or device under an audio name: listed, never opened (a
 * FIFO would block the scan until something writes to it). */
static void
special_file (Scan      *scan,
              GFile     *file,
              GFileInfo *info)
{
  g_autofree char *name = akin_file_display_name (file);
  guint32 mode = g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_UNIX_MODE);
  GError *error;

  if (S_ISFIFO (mode))
    error = g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                         _("%s: a named pipe (FIFO), not a file; skipped"), name);
  else if (S_ISSOCK (mode))
    error = g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                         _("%s: a socket, not a file; skipped"), name);
  else if (S_ISCHR (mode) || S_ISBLK (mode))
    error = g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                         _("%s: a device, not a file; skipped"), name);
  else
    error = g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                         _("%s: not a regular file; skipped"), name);
  problem (scan, file, error);
}

static gboolean
scan_folder (Scan     *scan,
             GFile    *folder,
             guint     depth,
             GError  **error)
{
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GError) local_error = NULL;

  if (depth > MAX_DEPTH)
    {
      g_autofree char *name = akin_file_display_name (folder);

      problem (scan, folder, g_error_new (G_IO_ERROR, G_IO_ERROR_TOO_MANY_LINKS,
                                          "%s: folders nested too deep", name));
      folder_failed (scan, folder);
      return TRUE;
    }

  children = g_file_enumerate_children (folder, ATTRIBUTES, G_FILE_QUERY_INFO_NONE,
                                        scan->cancellable, &local_error);
  if (children == NULL)
    goto unreadable;

  for (;;)
    {
      GFileInfo *info;
      GFile *child;

      if (!g_file_enumerator_iterate (children, &info, &child, scan->cancellable, &local_error))
        goto unreadable;
      if (info == NULL)
        break;

      switch (g_file_info_get_file_type (info))
        {
        case G_FILE_TYPE_DIRECTORY:
          {
            const char *id = g_file_info_get_attribute_string (info, G_FILE_ATTRIBUTE_ID_FILE);

            if (id != NULL && !g_hash_table_add (scan->visited, g_strdup (id)))
              {
                g_autofree char *name = akin_file_display_name (child);

                problem (scan, child,
                         g_error_new (G_IO_ERROR, G_IO_ERROR_TOO_MANY_LINKS,
                                      "%s: folder already scanned through another path "
                                      "(symbolic link loop)", name));
                break;
              }
            if (!scan_folder (scan, child, depth + 1, error))
              return FALSE;
          }
          break;

        case G_FILE_TYPE_SYMBOLIC_LINK:
          /* Following the link failed: dangling, or a loop of links. */
          if (looks_like_audio (info))
            broken_link (scan, child);
          break;

        case G_FILE_TYPE_REGULAR:
          if (looks_like_audio (info) && !sync_file (scan, child, info, error))
            return FALSE;
          break;

        case G_FILE_TYPE_SPECIAL:
          if (looks_like_audio (info))
            special_file (scan, child, info);
          break;

        case G_FILE_TYPE_UNKNOWN:
        case G_FILE_TYPE_SHORTCUT:
        case G_FILE_TYPE_MOUNTABLE:
        default:
          break;
        }
    }
  return TRUE;

unreadable:
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  problem (scan, folder, g_steal_pointer (&local_error));
  folder_failed (scan, folder);
  return TRUE;
}

static gboolean
under_failed_folder (Scan       *scan,
                     const char *uri)
{
  for (guint i = 0; i < scan->failed_dirs->len; i++)
    if (g_str_has_prefix (uri, g_ptr_array_index (scan->failed_dirs, i)))
      return TRUE;
  return FALSE;
}

static gboolean
mark_unseen_missing (Scan     *scan,
                     GFile    *root,
                     GError  **error)
{
  g_autofree char *root_uri = g_file_get_uri (root);
  g_autoptr(GArray) ids = akin_database_list_ids_under (scan->db, root_uri, FALSE, error);

  if (ids == NULL)
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autoptr(AkinTrack) track = NULL;

      if (g_hash_table_contains (scan->seen, &id))
        continue;
      if (!(track = akin_database_get_track (scan->db, id, error)))
        return FALSE;
      if (under_failed_folder (scan, track->uri))
        continue;
      if (!akin_database_mark_missing (scan->db, id, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
_akin_analyzer_scan (AkinAnalyzer  *self,
                     AkinDatabase  *db,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(GPtrArray) folders = _akin_analyzer_dup_folders (self);
  Scan scan = {
    .analyzer = self,
    .db = db,
    .cancellable = cancellable,
    .visited = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL),
    .seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL),
    .failed_dirs = g_ptr_array_new_with_free_func (g_free),
  };
  gboolean ok = TRUE;

  for (guint i = 0; ok && i < folders->len; i++)
    {
      GFile *root = g_ptr_array_index (folders, i);
      g_autoptr(GFileInfo) info = NULL;
      g_autoptr(GError) local_error = NULL;

      info = g_file_query_info (root, G_FILE_ATTRIBUTE_ID_FILE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                G_FILE_QUERY_INFO_NONE, cancellable, &local_error);
      if (info == NULL || g_file_info_get_file_type (info) != G_FILE_TYPE_DIRECTORY)
        {
          g_autofree char *name = akin_file_display_name (root);

          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              ok = FALSE;
              break;
            }
          if (local_error == NULL)
            local_error = g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY,
                                       "%s is not a folder", name);
          problem (&scan, root, g_steal_pointer (&local_error));
          continue;
        }
      if (g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_ID_FILE)
          && !g_hash_table_add (scan.visited,
                                g_strdup (g_file_info_get_attribute_string (info,
                                                                            G_FILE_ATTRIBUTE_ID_FILE))))
        continue;   /* the same folder given twice */

      /* Tracks under folders that could not be read are spared. */
      ok = scan_folder (&scan, root, 0, error) && mark_unseen_missing (&scan, root, error);
    }

  g_hash_table_unref (scan.visited);
  g_hash_table_unref (scan.seen);
  g_ptr_array_unref (scan.failed_dirs);
  return ok;
}
