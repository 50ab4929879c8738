/* akin-cover-loader.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Finds the cover of a track off the main thread: the image embedded in its
 * tags, else a cover file next to it (cover.jpg, folder.png…). Remembers the
 * last few answers, including "none", so going back and forth in the queue
 * does not decode the same file again. The window owns one and feeds the
 * playback bar and MPRIS through the now-playing record.
 */

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <string.h>

#include "akin-cover-loader.h"
#include "akin-engine.h"

/* Recent answers kept; a cover is rarely above a few hundred kB. */
#define CACHE_SIZE 16
/* Larger files next to a song are not covers we want to load. */
#define MAX_COVER_FILE_SIZE (32 * 1024 * 1024)

typedef struct
{
  char   *uri;
  GBytes *cover; /* NULL: the track has none */
} CacheEntry;

struct _AkinCoverLoader
{
  GObject parent_instance;
  GQueue  cache; /* CacheEntry*, most recent first */
};

G_DEFINE_FINAL_TYPE (AkinCoverLoader, akin_cover_loader, G_TYPE_OBJECT)

static void
cache_entry_free (gpointer data)
{
  CacheEntry *entry = data;

  g_free (entry->uri);
  g_clear_pointer (&entry->cover, g_bytes_unref);
  g_free (entry);
}

static void
akin_cover_loader_finalize (GObject *object)
{
  AkinCoverLoader *self = AKIN_COVER_LOADER (object);

  g_queue_clear_full (&self->cache, cache_entry_free);
  G_OBJECT_CLASS (akin_cover_loader_parent_class)->finalize (object);
}

static void
akin_cover_loader_class_init (AkinCoverLoaderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = akin_cover_loader_finalize;
}

static void
akin_cover_loader_init (AkinCoverLoader *self)
{
  g_queue_init (&self->cache);
}

/**
 * akin_cover_loader_new:
 *
 * Main thread.
 *
 * Returns: (transfer full): a loader with an empty cache
 */
AkinCoverLoader *
akin_cover_loader_new (void)
{
  return g_object_new (AKIN_TYPE_COVER_LOADER, NULL);
}

static GList *
cache_find (AkinCoverLoader *self,
            const char      *uri)
{
  for (GList *l = self->cache.head; l != NULL; l = l->next)
    if (strcmp (((CacheEntry *) l->data)->uri, uri) == 0)
      return l;
  return NULL;
}

static void
cache_store (AkinCoverLoader *self,
             const char      *uri,
             GBytes          *cover)
{
  GList      *link = cache_find (self, uri);
  CacheEntry *entry;

  if (link != NULL)
    {
      cache_entry_free (link->data);
      g_queue_delete_link (&self->cache, link);
    }
  entry = g_new0 (CacheEntry, 1);
  entry->uri = g_strdup (uri);
  entry->cover = cover != NULL ? g_bytes_ref (cover) : NULL;
  g_queue_push_head (&self->cache, entry);
  while (self->cache.length > CACHE_SIZE)
    cache_entry_free (g_queue_pop_tail (&self->cache));
}

/**
 * akin_cover_loader_lookup:
 * @uri: a track
 * @cover: (out) (transfer full) (nullable): the cached cover, %NULL when the
 *   track has none
 *
 * Answers from the cache without blocking. Main thread.
 *
 * Returns: %TRUE if @uri's answer is cached
 */
gboolean
akin_cover_loader_lookup (AkinCoverLoader *self,
                          const char      *uri,
                          GBytes         **cover)
{
  GList *link;

  g_return_val_if_fail (AKIN_IS_COVER_LOADER (self), FALSE);
  g_return_val_if_fail (uri != NULL, FALSE);
  g_return_val_if_fail (cover != NULL, FALSE);

  *cover = NULL;
  if ((link = cache_find (self, uri)) == NULL)
    return FALSE;
  g_queue_unlink (&self->cache, link);
  g_queue_push_head_link (&self->cache, link);
  if (((CacheEntry *) link->data)->cover != NULL)
    *cover = g_bytes_ref (((CacheEntry *) link->data)->cover);
  return TRUE;
}

static gboolean
pixbuf_can_load (const char *format_name)
{
  g_autoptr(GSList) formats = gdk_pixbuf_get_formats ();

  for (GSList *l = formats; l != NULL; l = l->next)
    if (g_strcmp0 (gdk_pixbuf_format_get_name (l->data), format_name) == 0)
      return TRUE;
  return FALSE;
}

/* Lower is better: the stem first, then the extension. -1: not a cover. */
static int
cover_rank (const char *name,
            gboolean    webp)
{
  static const char *const stems[] = { "cover", "folder", "front", "album" };
  static const char *const extensions[] = { "jpg", "jpeg", "png", "webp" };
  g_autofree char *lower = g_utf8_strdown (name, -1);
  const char *dot = strrchr (lower, '.');

  if (dot == NULL)
    return -1;
  for (guint s = 0; s < G_N_ELEMENTS (stems); s++)
    {
      if (strlen (stems[s]) != (gsize) (dot - lower) || strncmp (lower, stems[s], dot - lower) != 0)
        continue;
      for (guint e = 0; e < G_N_ELEMENTS (extensions); e++)
        if (strcmp (dot + 1, extensions[e]) == 0 && (webp || e != 3))
          return (int) (s * G_N_ELEMENTS (extensions) + e);
    }
  return -1;
}

/**
 * akin_cover_find_in_folder:
 * @file: a track
 * @cancellable: (nullable): a #GCancellable
 *
 * Looks for cover.jpg/png, folder.*, front.*, album.* (any case; also .jpeg,
 * and .webp when gdk-pixbuf can load it) in @file's folder. Blocks: call it
 * from a worker.
 *
 * Returns: (transfer full) (nullable): the file's contents, or %NULL
 */
GBytes *
akin_cover_find_in_folder (GFile        *file,
                           GCancellable *cancellable)
{
  g_autoptr(GFile) parent = NULL;
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GFile) best = NULL;
  int best_rank = G_MAXINT;
  gboolean webp;
  GFileInfo *info;
  char *contents = NULL;
  gsize length = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if ((parent = g_file_get_parent (file)) == NULL)
    return NULL;
  children = g_file_enumerate_children (parent,
                                        G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                        G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                                        G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                        G_FILE_QUERY_INFO_NONE, cancellable, NULL);
  if (children == NULL)
    return NULL;

  webp = pixbuf_can_load ("webp");
  while (g_file_enumerator_iterate (children, &info, NULL, cancellable, NULL) && info != NULL)
    {
      int rank;

      if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR
          || g_file_info_get_size (info) <= 0 || g_file_info_get_size (info) > MAX_COVER_FILE_SIZE)
        continue;
      rank = cover_rank (g_file_info_get_name (info), webp);
      if (rank >= 0 && rank < best_rank)
        {
          best_rank = rank;
          g_clear_object (&best);
          best = g_file_get_child (parent, g_file_info_get_name (info));
        }
    }

  if (best == NULL || !g_file_load_contents (best, cancellable, &contents, &length, NULL, NULL))
    return NULL;
  return g_bytes_new_take (contents, length);
}

static void
load_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  g_autoptr(GFile) file = g_file_new_for_uri (task_data);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) cover = NULL;

  /* An unreadable tag is no reason to give up on the folder. */
  cover = akin_decode_cover (file, cancellable, &error);
  if (cover == NULL && !g_cancellable_is_cancelled (cancellable))
    cover = akin_cover_find_in_folder (file, cancellable);

  if (g_task_return_error_if_cancelled (task))
    return;
  g_task_return_pointer (task, g_steal_pointer (&cover), (GDestroyNotify) g_bytes_unref);
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  AkinCoverLoader *self = AKIN_COVER_LOADER (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) cover = g_task_propagate_pointer (G_TASK (result), &error);

  if (error != NULL)
    {
      g_task_return_error (outer, g_steal_pointer (&error));
      return;
    }
  cache_store (self, g_task_get_task_data (outer), cover);
  g_task_return_pointer (outer, g_steal_pointer (&cover), (GDestroyNotify) g_bytes_unref);
}

/**
 * akin_cover_loader_load_async:
 * @uri: a track
 * @cancellable: (nullable): cancel when another track starts
 *
 * Finds @uri's cover in a worker thread (the cache answers at once).
 * Main thread; @callback runs on it.
 */
void
akin_cover_loader_load_async (AkinCoverLoader     *self,
                              const char          *uri,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) worker = NULL;
  GBytes *cover = NULL;

  g_return_if_fail (AKIN_IS_COVER_LOADER (self));
  g_return_if_fail (uri != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, akin_cover_loader_load_async);
  g_task_set_task_data (task, g_strdup (uri), g_free);

  if (akin_cover_loader_lookup (self, uri, &cover))
    {
      g_task_return_pointer (task, cover, cover != NULL ? (GDestroyNotify) g_bytes_unref : NULL);
      return;
    }

  /* The worker's own task lets on_loaded fill the cache on the main thread. */
  worker = g_task_new (self, cancellable, on_loaded, g_steal_pointer (&task));
  g_task_set_source_tag (worker, akin_cover_loader_load_async);
  g_task_set_task_data (worker, g_strdup (uri), g_free);
  g_task_set_return_on_cancel (worker, TRUE);
  g_task_run_in_thread (worker, load_worker);
}

/**
 * akin_cover_loader_load_finish:
 *
 * Returns: (transfer full) (nullable): the encoded image, or %NULL when the
 *   track has none (no error) or on error (only %G_IO_ERROR_CANCELLED)
 */
GBytes *
akin_cover_loader_load_finish (AkinCoverLoader  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (AKIN_IS_COVER_LOADER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
