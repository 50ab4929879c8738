/* akin-content-hash.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A fast identity for a file's content, used to recognise a file that was
 * moved or renamed: the SHA-1 of the file size (8 bytes, little-endian),
 * the first 64 KiB and the last 64 KiB (the whole file when it is shorter
 * than 128 KiB). It reads at most 128 KiB whatever the file's size. Two
 * different files only collide if they have the same size and the same
 * first and last 64 KiB, which for audio files means the same headers,
 * tags and stream ends: good enough to keep a moved track's analysis,
 * never used to skip analysing a file at a new location when its old one
 * still exists.
 */

#include "config.h"

#include "akin-content-hash.h"

static gboolean
hash_range (GInputStream  *in,
            GChecksum     *checksum,
            guchar        *buffer,
            gsize          length,
            GCancellable  *cancellable,
            GError       **error)
{
  gsize got = 0;

  if (!g_input_stream_read_all (in, buffer, length, &got, cancellable, error))
    return FALSE;
  if (got != length)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                           "The file changed while it was read");
      return FALSE;
    }
  g_checksum_update (checksum, buffer, length);
  return TRUE;
}

/**
 * akin_content_hash_file:
 * @file: a regular file
 * @size: (out) (optional): the size that was hashed
 * @cancellable: (nullable): a #GCancellable
 * @error: a #G_IO_ERROR
 *
 * Computes the content hash described at the top of this file. Blocking
 * I/O: call it from a worker thread (any thread).
 *
 * Returns: (transfer full) (nullable): 40 lower-case hex digits
 */
char *
akin_content_hash_file (GFile         *file,
                        guint64       *size,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GChecksum) checksum = NULL;
  g_autofree guchar *buffer = NULL;
  guint64 length;
  guint64 le_length;
  gsize head;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (!(in = g_file_read (file, cancellable, error)))
    return NULL;
  info = g_file_input_stream_query_info (in, G_FILE_ATTRIBUTE_STANDARD_SIZE, cancellable, error);
  if (info == NULL)
    return NULL;
  length = (guint64) g_file_info_get_size (info);

  checksum = g_checksum_new (G_CHECKSUM_SHA1);
  le_length = GUINT64_TO_LE (length);
  g_checksum_update (checksum, (const guchar *) &le_length, sizeof le_length);

  buffer = g_malloc (AKIN_CONTENT_HASH_CHUNK);
  head = (gsize) MIN (length, (guint64) AKIN_CONTENT_HASH_CHUNK);
  if (!hash_range (G_INPUT_STREAM (in), checksum, buffer, head, cancellable, error))
    return NULL;
  if (length > AKIN_CONTENT_HASH_CHUNK)
    {
      guint64 tail_start = MAX ((guint64) AKIN_CONTENT_HASH_CHUNK, length - AKIN_CONTENT_HASH_CHUNK);

      if (!g_seekable_seek (G_SEEKABLE (in), (goffset) tail_start, G_SEEK_SET, cancellable, error)
          || !hash_range (G_INPUT_STREAM (in), checksum, buffer, (gsize) (length - tail_start),
                          cancellable, error))
        return NULL;
    }
  if (size != NULL)
    *size = length;
  return g_strdup (g_checksum_get_string (checksum));
}
