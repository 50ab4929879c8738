/* byte-analysis.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The toy format: a line "AKINTEST", then "key=value" lines (title,
 * artist, album, length), an empty line, then exactly "length" payload
 * bytes. The analysis reads the whole file, checks it like a decoder would
 * (empty, wrong magic, truncated payload, unreadable), takes the tags from
 * the header and derives a 32-value vector from the payload bytes: value j
 * is the mean of (byte - 127.5) over the bytes at positions ≡ j (mod 32),
 * plus a small term from their count so no vector is all zeros. Different
 * payloads give different vectors; the same payload always the same one.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "akin-error.h"
#include "byte-analysis.h"

#define MAGIC "AKINTEST\n"

GBytes *
byte_analysis_make_file (const char *title,
                         const char *artist,
                         const char *album,
                         guint32     seed,
                         gsize       payload_length)
{
  GString *s = g_string_new (MAGIC);
  GRand *rand = g_rand_new_with_seed (seed);

  if (title != NULL)
    g_string_append_printf (s, "title=%s\n", title);
  if (artist != NULL)
    g_string_append_printf (s, "artist=%s\n", artist);
  if (album != NULL)
    g_string_append_printf (s, "album=%s\n", album);
  g_string_append_printf (s, "length=%" G_GSIZE_FORMAT "\n\n", payload_length);
  for (gsize i = 0; i < payload_length; i++)
    g_string_append_c (s, (char) g_rand_int_range (rand, 0, 256));
  g_rand_free (rand);
  return g_string_free_to_bytes (s);
}

typedef struct
{
  char  *title, *artist, *album;
  gsize  length;
  gsize  payload_offset;
} Header;

static void
header_clear (Header *h)
{
  g_free (h->title);
  g_free (h->artist);
  g_free (h->album);
}

static gboolean parse_header (GBytes *contents, Header *h, GError **error);

/* On failure @h holds nothing. */
static gboolean
parse (GBytes  *contents,
       Header  *h,
       GError **error)
{
  if (parse_header (contents, h, error))
    return TRUE;
  header_clear (h);
  return FALSE;
}

static gboolean
parse_header (GBytes  *contents,
       Header  *h,
       GError **error)
{
  gsize size;
  const char *data = g_bytes_get_data (contents, &size);
  gsize pos = strlen (MAGIC);
  gboolean have_length = FALSE;

  memset (h, 0, sizeof *h);
  if (size == 0)
    {
      g_set_error_literal (error, AKIN_ERROR, AKIN_ERROR_EMPTY, "the file is empty");
      return FALSE;
    }
  if (size < pos || memcmp (data, MAGIC, pos) != 0)
    {
      g_set_error_literal (error, AKIN_ERROR, AKIN_ERROR_NOT_AUDIO,
                           "not an audio file (unknown format)");
      return FALSE;
    }
  for (;;)
    {
      const char *end = memchr (data + pos, '\n', size - pos);
      g_autofree char *line = NULL;

      if (end == NULL)
        {
          g_set_error_literal (error, AKIN_ERROR, AKIN_ERROR_NOT_AUDIO, "truncated header");
          return FALSE;
        }
      line = g_strndup (data + pos, end - (data + pos));
      pos = end - data + 1;
      if (*line == '\0')
        break;
      if (g_str_has_prefix (line, "title="))
        h->title = g_strdup (line + 6);
      else if (g_str_has_prefix (line, "artist="))
        h->artist = g_strdup (line + 7);
      else if (g_str_has_prefix (line, "album="))
        h->album = g_strdup (line + 6);
      else if (g_str_has_prefix (line, "length="))
        {
          h->length = strtoul (line + 7, NULL, 10);
          have_length = TRUE;
        }
    }
  if (!have_length || h->length == 0)
    {
      g_set_error_literal (error, AKIN_ERROR, AKIN_ERROR_EMPTY, "no audio stream");
      return FALSE;
    }
  if (size - pos < h->length)
    {
      g_set_error (error, AKIN_ERROR, AKIN_ERROR_NOT_AUDIO,
                   "truncated: %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " bytes",
                   size - pos, h->length);
      return FALSE;
    }
  h->payload_offset = pos;
  return TRUE;
}

static void
payload_vector (const guchar *p,
                gsize         n,
                float        *v)
{
  double sum[BYTE_ANALYSIS_DIM] = { 0 };
  gsize count[BYTE_ANALYSIS_DIM] = { 0 };

  for (gsize i = 0; i < n; i++)
    {
      sum[i % BYTE_ANALYSIS_DIM] += p[i] - 127.5;
      count[i % BYTE_ANALYSIS_DIM]++;
    }
  for (guint j = 0; j < BYTE_ANALYSIS_DIM; j++)
    v[j] = (float) ((count[j] ? sum[j] / count[j] : 0.0) + 1.0 / (1.0 + count[j]));
}

gboolean
byte_analysis_vector (GBytes  *contents,
                      float   *vector,
                      GError **error)
{
  Header h;

  if (!parse (contents, &h, error))
    return FALSE;
  payload_vector ((const guchar *) g_bytes_get_data (contents, NULL) + h.payload_offset,
                  h.length, vector);
  header_clear (&h);
  return TRUE;
}

gboolean
byte_analysis_analyze (GFile               *file,
                       gpointer             user_data,
                       AkinAnalysisResult **result,
                       GCancellable        *cancellable,
                       GError             **error)
{
  ByteAnalysis *config = user_data;
  g_autoptr(AkinAnalysisResult) r = NULL;
  g_autoptr(GBytes) contents = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = g_file_get_parse_name (file);
  float vector[BYTE_ANALYSIS_DIM];
  Header h;

  if (config != NULL && config->delay_ms > 0)
    for (guint waited = 0; waited < config->delay_ms; waited += 5)
      {
        if (g_cancellable_set_error_if_cancelled (cancellable, error))
          return FALSE;
        g_usleep (5000);
      }

  contents = g_file_load_bytes (file, cancellable, NULL, &local_error);
  if (contents == NULL)
    {
      g_set_error (error, local_error->domain, local_error->code, "%s: %s", name,
                   local_error->message);
      return FALSE;
    }
  if (!parse (contents, &h, &local_error))
    {
      g_set_error (error, local_error->domain, local_error->code, "%s: %s", name,
                   local_error->message);
      return FALSE;
    }
  payload_vector ((const guchar *) g_bytes_get_data (contents, NULL) + h.payload_offset,
                  h.length, vector);

  r = akin_analysis_result_new ();
  r->tags.title = g_steal_pointer (&h.title);
  r->tags.artist = g_steal_pointer (&h.artist);
  r->tags.album = g_steal_pointer (&h.album);
  r->duration = h.length / 1000.0;
  r->has_descriptors = TRUE;
  r->descriptors.filename = g_file_get_basename (file);
  if (!g_utf8_validate (r->descriptors.filename, -1, NULL))
    {
      g_free (r->descriptors.filename);
      r->descriptors.filename = g_strdup (name);
    }
  r->descriptors.title = g_strdup (r->tags.title);
  r->descriptors.samplefreq = 22050;
  r->descriptors.sample_points = h.length;
  r->descriptors.duration = r->duration;
  r->descriptors.tempo_bpm = 60.0 + (vector[0] + 128.0) / 2.0;
  r->descriptors.rolloff_freq = 1000.0 + 10.0 * (vector[1] + 128.0);
  r->descriptors.tonic = g_strdup ("C");
  r->descriptors.key_signature = g_strdup ("C Major");
  akin_analysis_result_set_vector (r, BYTE_ANALYSIS_MODEL, vector, BYTE_ANALYSIS_DIM);
  r->has_timbre = TRUE;
  akin_timbre_model_fit (NULL, 0, &r->timbre);   /* neutral: no frames */
  r->fingerprinted = TRUE;                       /* and no fingerprint */
  header_clear (&h);
  if (config != NULL)
    g_atomic_int_inc (&config->n_calls);
  *result = g_steal_pointer (&r);
  return TRUE;
}
