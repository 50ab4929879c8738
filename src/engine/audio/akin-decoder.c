/* akin-decoder.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The decoder's public entry points: checks on the file itself, then the
 * pipeline in akin-decoder-pipeline.c; akin_decode_all() collects a whole
 * track into one array.
 */

#include "config.h"

#include <string.h>

#include "akin-decoder-private.h"
#include "akin-error.h"

/**
 * akin_file_display_name:
 * @file: a file
 *
 * The name that messages give @file: its path as UTF-8 when it is local
 * (bytes that are not UTF-8 shown as U+FFFD, as g_filename_display_name()
 * does), else its parse name. g_file_get_parse_name() would turn a whole
 * path into an escaped URI for one byte that is not UTF-8.
 *
 * Returns: (transfer full): the name
 */
char *
akin_file_display_name (GFile *file)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  path = g_file_get_path (file);
  if (path != NULL)
    return g_filename_display_name (path);
  return g_file_get_parse_name (file);
}

/* Refuses what would only fail later, or hang: missing files, directories,
 * FIFOs and devices, unreadable and empty files. Returns the file's size. */
static gboolean
check_file (GFile         *file,
            const char    *name,
            guint64       *size,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GFileInfo) file_info = NULL;

  file_info = g_file_query_info (file,
                                 G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                                 G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                                 G_FILE_ATTRIBUTE_ACCESS_CAN_READ,
                                 G_FILE_QUERY_INFO_NONE, cancellable, error);
  if (file_info == NULL)
    return FALSE;

  switch (g_file_info_get_file_type (file_info))
    {
    case G_FILE_TYPE_REGULAR:
      break;
    case G_FILE_TYPE_DIRECTORY:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY, "%s is a directory", name);
      return FALSE;
    case G_FILE_TYPE_UNKNOWN:
    case G_FILE_TYPE_SYMBOLIC_LINK:
    case G_FILE_TYPE_SPECIAL:
    case G_FILE_TYPE_SHORTCUT:
    case G_FILE_TYPE_MOUNTABLE:
    default:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                   "%s is not a regular file", name);
      return FALSE;
    }
  if (g_file_info_has_attribute (file_info, G_FILE_ATTRIBUTE_ACCESS_CAN_READ)
      && !g_file_info_get_attribute_boolean (file_info, G_FILE_ATTRIBUTE_ACCESS_CAN_READ))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   "%s cannot be read: permission denied", name);
      return FALSE;
    }
  *size = (guint64) g_file_info_get_size (file_info);
  if (*size == 0)
    {
      g_set_error (error, AKIN_ERROR, AKIN_ERROR_EMPTY, "%s: the file is empty", name);
      return FALSE;
    }
  return TRUE;
}

static gboolean
decode_file (GFile                    *file,
             AkinDecodeMode            mode,
             const AkinDecodeOptions  *options,
             AkinDecoderFunc           func,
             gpointer                  user_data,
             AkinDecodeInfo          **info,
             GBytes                  **cover,
             GCancellable             *cancellable,
             GError                  **error)
{
  g_autofree char *name = akin_file_display_name (file);
  g_autofree char *uri = NULL;
  guint64 size = 0;

  if (!check_file (file, name, &size, cancellable, error))
    return FALSE;
  uri = g_file_get_uri (file);
  return _akin_decode_uri (uri, name, size, mode, options, func, user_data, info, cover,
                     cancellable, error);
}

/**
 * akin_decode_stream_full:
 * @file: the audio file
 * @options: (nullable): decoding settings, %NULL for the defaults
 * @func: (scope call): receives the samples, chunk by chunk, in this thread
 * @user_data: closure data for @func
 * @info: (out) (optional) (transfer full): set on success; free with
 *   akin_decode_info_free()
 * @cancellable: (nullable): checked between buffers
 * @error: return location for an error
 *
 * Decodes @file to mono float32 at %AKIN_SAMPLE_RATE, calling @func on each
 * decoded chunk; memory use does not depend on the file's length.
 *
 * Errors: %G_IO_ERROR_NOT_FOUND, %G_IO_ERROR_IS_DIRECTORY,
 * %G_IO_ERROR_NOT_REGULAR_FILE, %G_IO_ERROR_PERMISSION_DENIED before any
 * decoding; %AKIN_ERROR_EMPTY for an empty file or one that decodes to no
 * samples; %AKIN_ERROR_NOT_AUDIO for data of no known type or with no audio
 * stream; %AKIN_ERROR_TIMEOUT when the decode stalls; %AKIN_ERROR_TOO_LONG
 * (with @options->fail_if_longer); %G_IO_ERROR_CANCELLED; the error @func
 * returned, unchanged; any other GStreamer error with its own domain and
 * code, the message prefixed with the file name.
 *
 * Thread: any thread but the UI thread; it blocks for the whole decode.
 *
 * Returns: %TRUE when the file decoded to the end (or to @options->max_duration)
 */
gboolean
akin_decode_stream_full (GFile                    *file,
                         const AkinDecodeOptions  *options,
                         AkinDecoderFunc           func,
                         gpointer                  user_data,
                         AkinDecodeInfo          **info,
                         GCancellable             *cancellable,
                         GError                  **error)
{
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (info != NULL)
    *info = NULL;
  return decode_file (file, AKIN_DECODE_MODE_STREAM, options, func, user_data, info, NULL,
                      cancellable, error);
}

/**
 * akin_decode_stream:
 * @file: the audio file
 * @func: (scope call): receives the samples, chunk by chunk, in this thread
 * @user_data: closure data for @func
 * @info: (out) (optional) (transfer full): set on success
 * @cancellable: (nullable): checked between buffers
 * @error: return location for an error
 *
 * akin_decode_stream_full() with the default options.
 *
 * Thread: any thread but the UI thread.
 *
 * Returns: %TRUE when the file decoded to the end
 */
gboolean
akin_decode_stream (GFile            *file,
                    AkinDecoderFunc   func,
                    gpointer          user_data,
                    AkinDecodeInfo  **info,
                    GCancellable     *cancellable,
                    GError          **error)
{
  return akin_decode_stream_full (file, NULL, func, user_data, info, cancellable, error);
}

/**
 * akin_decode_cover:
 * @file: the audio file
 * @cancellable: (nullable): checked while waiting
 * @error: return location for an error
 *
 * Reads the embedded cover: the largest image tagged as %GST_TAG_IMAGE, else
 * the largest %GST_TAG_PREVIEW_IMAGE. Only the start of the file is decoded
 * (until the pipeline prerolls), so it is cheap. Errors as for
 * akin_decode_stream_full().
 *
 * Thread: any thread but the UI thread.
 *
 * Returns: (transfer full) (nullable): the encoded image (PNG, JPEG…), or
 *   %NULL with no error when the file has no cover
 */
GBytes *
akin_decode_cover (GFile         *file,
                   GCancellable  *cancellable,
                   GError       **error)
{
  GBytes *cover = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!decode_file (file, AKIN_DECODE_MODE_COVER, NULL, NULL, NULL, NULL, &cover, cancellable,
                    error))
    return NULL;
  return cover;
}

typedef struct
{
  float *data;
  gsize  length;
  gsize  capacity;
} Collector;

static gboolean
collect (const float  *samples,
         gsize         n_samples,
         gpointer      user_data,
         GError      **error)
{
  Collector *c = user_data;

  if (c->length + n_samples > c->capacity)
    {
      /* Grows by half, not by doubling, so a long track does not reserve
       * nearly twice its size. */
      c->capacity = MAX (c->length + n_samples, c->capacity + c->capacity / 2);
      c->capacity = MAX (c->capacity, (gsize) AKIN_SAMPLE_RATE * 10);
      c->data = g_renew (float, c->data, c->capacity);
    }
  memcpy (c->data + c->length, samples, n_samples * sizeof (float));
  c->length += n_samples;
  return TRUE;
}

/**
 * akin_decode_all_full:
 * @file: the audio file
 * @options: (nullable): decoding settings, %NULL for the defaults
 * @n_samples: (out): the number of samples returned
 * @info: (out) (optional) (transfer full): set on success
 * @cancellable: (nullable): checked between buffers
 * @error: return location for an error
 *
 * Decodes @file into one array. At most %AKIN_DECODE_ALL_MAX_DURATION
 * seconds are held: longer audio fails with %AKIN_ERROR_TOO_LONG, unless
 * @options asks for a shorter excerpt (@options->max_duration), which is then
 * cut as akin_decode_stream_full() would. Errors as for
 * akin_decode_stream_full().
 *
 * Thread: any thread but the UI thread.
 *
 * Returns: (transfer full) (array length=n_samples): mono float32 samples at
 *   %AKIN_SAMPLE_RATE, free with g_free(); %NULL on error
 */
float *
akin_decode_all_full (GFile                    *file,
                      const AkinDecodeOptions  *options,
                      gsize                    *n_samples,
                      AkinDecodeInfo          **info,
                      GCancellable             *cancellable,
                      GError                  **error)
{
  AkinDecodeOptions bounded = { 0 };
  Collector c = { 0 };

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (n_samples != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  *n_samples = 0;
  if (options != NULL)
    bounded = *options;
  if (bounded.max_duration <= 0 || bounded.max_duration > AKIN_DECODE_ALL_MAX_DURATION)
    {
      bounded.max_duration = AKIN_DECODE_ALL_MAX_DURATION;
      bounded.fail_if_longer = TRUE;
    }

  if (!akin_decode_stream_full (file, &bounded, collect, &c, info, cancellable, error))
    {
      g_free (c.data);
      return NULL;
    }
  *n_samples = c.length;
  return g_renew (float, c.data, c.length);
}

/**
 * akin_decode_all:
 * @file: the audio file
 * @n_samples: (out): the number of samples returned
 * @info: (out) (optional) (transfer full): set on success
 * @cancellable: (nullable): checked between buffers
 * @error: return location for an error
 *
 * akin_decode_all_full() with the default options.
 *
 * Thread: any thread but the UI thread.
 *
 * Returns: (transfer full) (array length=n_samples): the samples, or %NULL
 */
float *
akin_decode_all (GFile           *file,
                 gsize           *n_samples,
                 AkinDecodeInfo **info,
                 GCancellable    *cancellable,
                 GError         **error)
{
  return akin_decode_all_full (file, NULL, n_samples, info, cancellable, error);
}
