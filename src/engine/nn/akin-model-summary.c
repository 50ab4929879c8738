/* akin-model-summary.c: what a query needs of a model file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A command that never analyses a song (a query of the library) needs a
 * model's id, its vectors' size and its combination's weights, not its
 * networks: this reads them by stepping over everything else, checking
 * the layout as akin-model-load.c does. See akin-model.c for the format.
 */

#include "config.h"

#include "akin-bytes.h"
#include "akin-error.h"
#include "akin-model-private.h"
#include "akin-model.h"

#define HEADER_SIZE 24
#define MAX_STRING  65536

static void
skip_bytes (AkinByteReader *r,
            guint64         n)
{
  if (n > G_MAXSIZE)
    r->overrun = TRUE;
  else if (_akin_reader_has (r, (gsize) n))
    r->pos += (gsize) n;
}

static void
skip_floats (AkinByteReader *r,
             guint64         n)
{
  if (n > G_MAXUINT64 / 4)
    r->overrun = TRUE;
  else
    skip_bytes (r, 4 * n);
}

/* Steps over a network: its shape and its weights, unread. */
static gboolean
skip_net (AkinByteReader *r,
          const char     *name,
          GError        **error)
{
  guint32 n_blocks;

  skip_bytes (r, 8);                    /* in_h, in_w */
  n_blocks = _akin_get_u32 (r);
  if (!r->overrun && (n_blocks < 1 || n_blocks > AKIN_NET_MAX_BLOCKS))
    return _akin_model_invalid (error, name, "it describes an impossible autoencoder");
  skip_bytes (r, 4 * (guint64) n_blocks + 4);   /* filters, latent activation */
  skip_floats (r, _akin_get_u64 (r));
  return !r->overrun || _akin_model_invalid (error, name, "it is truncated");
}

/* Steps over a table of statistics; returns its count. */
static guint32
skip_stats (AkinByteReader *r)
{
  guint32 n = _akin_get_u32 (r);

  skip_floats (r, 2 * (guint64) n);
  return n;
}

/* Steps over one member (see parse_member()); returns its vector size, or
 * 0 with an error. */
static guint32
skip_member (AkinByteReader *r,
             const char     *name,
             GError        **error)
{
  guint32 size;

  if (!skip_net (r, name, error) || !skip_net (r, name, error))
    return 0;
  skip_stats (r);                       /* MFCC */
  skip_stats (r);                       /* fusion */
  skip_bytes (r, 4 + 4 + 8 + 7 * 4 + 2 * 4);
  skip_bytes (r, _akin_get_u32 (r));    /* note */
  skip_bytes (r, 3 * 4);
  size = skip_stats (r);
  if (r->overrun)
    return _akin_model_invalid (error, name, "it is truncated"), 0;
  if (size == 0 || size % 2 != 0)
    return _akin_model_invalid (error, name, "its vectors have an impossible size"), 0;
  return size;
}

/**
 * akin_model_summary_load:
 * @path: (nullable): a model file, or %NULL for the one
 *   akin_model_load_default() reads
 * @error: return location for an error
 *
 * Reads what a query of the library needs of a model (its id, its vectors'
 * size and its combination's weights) without reading its networks: for
 * commands that never analyse a song. The layout is checked as
 * akin_model_load() checks it, but not the checksum nor the architecture
 * (a damaged file is refused when a song is next analysed with it). Any
 * thread.
 *
 * Returns: (transfer full) (nullable): the summary, or %NULL with the
 *   errors of akin_model_load() (and %G_IO_ERROR_NOT_FOUND when @path is
 *   %NULL and there is no model)
 */
AkinModelSummary *
akin_model_summary_load (const char  *path,
                         GError     **error)
{
  g_autofree char *default_file = NULL;
  g_autoptr (GMappedFile) mapped = NULL;
  g_autoptr (AkinModelSummary) summary = g_new0 (AkinModelSummary, 1);
  const guint8 *data;
  gsize len;
  guint32 version, size, n_more;
  guint64 payload_len;
  AkinByteReader r = { 0 };
  GError *local_error = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (path == NULL && (path = default_file = _akin_model_default_path (error)) == NULL)
    return NULL;
  if ((mapped = g_mapped_file_new (path, FALSE, &local_error)) == NULL)
    {
      /* The same error as akin_model_load()'s. */
      g_set_error_literal (error, G_IO_ERROR, g_io_error_from_file_error (local_error->code),
                           local_error->message);
      g_error_free (local_error);
      return NULL;
    }
  data = (const guint8 *) g_mapped_file_get_contents (mapped);
  len = g_mapped_file_get_length (mapped);
  if (!_akin_model_check_header (data, len, path, &version, &payload_len, error))
    return NULL;

  r.data = data + HEADER_SIZE;
  r.len = payload_len;
  if ((summary->id = _akin_get_str (&r, MAX_STRING)) == NULL)
    return _akin_model_invalid (error, path, "it is truncated"), NULL;
  if ((size = skip_member (&r, path, error)) == 0)
    return NULL;
  summary->vector_size = size;
  if (version >= 5)
    skip_bytes (&r, 4);                 /* pooling */
  n_more = version >= 6 ? _akin_get_u32 (&r) : 0;
  if (!r.overrun && n_more > AKIN_MODEL_MAX_MEMBERS - 1)
    return _akin_model_invalid (error, path, "it has too many members"), NULL;
  for (guint i = 0; i < n_more && !r.overrun; i++)
    {
      if ((size = skip_member (&r, path, error)) == 0)
        return NULL;
      summary->vector_size += size;
      skip_bytes (&r, 4);               /* pooling */
    }
  if (r.overrun)
    return _akin_model_invalid (error, path, "it is truncated"), NULL;
  if (!_akin_model_read_combination (&r, version, path, summary->combination, error))
    return NULL;
  return g_steal_pointer (&summary);
}

/**
 * akin_model_summary_free:
 * @summary: (transfer full) (nullable): a summary
 */
void
akin_model_summary_free (AkinModelSummary *summary)
{
  if (summary == NULL)
    return;
  g_free (summary->id);
  g_free (summary);
}
