/* akin-cli-train-corpus.c: the songs `akin-cli train` learns from
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Finds the audio files under the corpus folder, analyses them in a thread
 * pool (or reads a cached analysis), names them by SHA-256 for the model's
 * note, and reads the albums they belong to from a manifest.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <string.h>

#include "akin-cli.h"
#include "akin-cli-train.h"

void
corpus_item_clear (CorpusItem *item)
{
  g_clear_object (&item->file);
  g_clear_pointer (&item->slices, g_free);
  g_clear_pointer (&item->sha256, g_free);
}

/* The SHA-256 of the file's bytes, in hex: what the corpus manifests list,
 * so that a model's training songs can be named without their paths. */
static char *
file_sha256 (GFile   *file,
             GError **error)
{
  g_autoptr(GFileInputStream) in = g_file_read (file, NULL, error);
  g_autoptr(GChecksum) sum = NULL;
  g_autofree guint8 *buf = NULL;
  gssize n;

  if (in == NULL)
    return NULL;
  sum = g_checksum_new (G_CHECKSUM_SHA256);
  buf = g_malloc (1 << 16);
  while ((n = g_input_stream_read (G_INPUT_STREAM (in), buf, 1 << 16, NULL, error)) > 0)
    g_checksum_update (sum, buf, n);
  if (n < 0)
    return NULL;
  return g_strdup (g_checksum_get_string (sum));
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* The model's note: how many songs from where, then the first 16 hex
 * digits of each training song's SHA-256, sorted, one a line. The quality
 * report compares them with the corpus manifests to tell which songs a
 * model has heard. */
char *
corpus_training_note (const CorpusItem         *items,
                      guint                     n_items,
                      guint                     n_tracks,
                      const char               *corpus,
                      gboolean                  sample,
                      const char               *groups,
                      const char               *init,
                      const char               *start_2d,
                      const AkinTrainerOptions *options,
                      double                    pitch_shift)
{
  g_autoptr(GPtrArray) hashes = g_ptr_array_new ();
  GString *note = g_string_new (NULL);
  double teacher_share = options->teacher_share;
  double teacher_share_1d = akin_trainer_options_teacher_share (options, AKIN_TRAIN_STAGE_1D);

  g_string_printf (note, "%u songs from %s%s\n", n_tracks, corpus, sample ? " (random sample)" : "");
  if (groups != NULL)
    g_string_append_printf (note, "albums from %s, %.3g of the pairs album mates\n", groups,
                            options->group_positives);
  if (init != NULL)
    g_string_append_printf (note, "started from %s\n", init);
  if (start_2d != NULL)
    g_string_append_printf (note, "2D network taken from %s\n", start_2d);
  if (teacher_share > 0.0 && teacher_share_1d == teacher_share)
    g_string_append_printf (note, "timbre model as teacher, share %.3g, temperature %.3g\n",
                            teacher_share, options->teacher_temperature);
  else if (teacher_share > 0.0 || teacher_share_1d > 0.0)
    g_string_append_printf (note, "timbre model as teacher, share %.3g (1D %.3g), "
                            "temperature %.3g\n", teacher_share, teacher_share_1d,
                            options->teacher_temperature);
  if (options->hard_negatives != 0.0f ||
      akin_trainer_options_hard_negatives (options, AKIN_TRAIN_STAGE_1D) != 0.0f)
    g_string_append_printf (note, "strangers weighed by the timbre model, hardness %.3g "
                            "(1D %.3g)\n", options->hard_negatives,
                            akin_trainer_options_hard_negatives (options, AKIN_TRAIN_STAGE_1D));
  if (options->warm_up_2d > 0 && (groups != NULL || teacher_share > 0.0))
    g_string_append_printf (note, "warm-up of %u 2D epochs on same-song pairs alone\n",
                            options->warm_up_2d);
  if (options->average_2d > 0)
    g_string_append_printf (note, "2D network: the mean of its last %u epochs\n",
                            MIN (options->average_2d, options->epochs_2d));
  if (options->average_1d > 0)
    g_string_append_printf (note, "1D network: the mean of its last %u epochs\n",
                            MIN (options->average_1d, options->epochs_1d));
  if (options->view_slices > 1)
    g_string_append_printf (note, "views of %u slices each, %u slices a batch\n",
                            options->view_slices, options->batch_size);
  else if (options->batch_size != 32)
    g_string_append_printf (note, "views of one slice, %u slices a batch\n",
                            options->batch_size);
  if (pitch_shift > 0.0 || options->augment.tempo > 0.0f)
    g_string_append_printf (note, "pitch and tempo of the views up to %.3g semitones and "
                            "%.3g\n", pitch_shift, options->augment.tempo);
  for (guint i = 0; i < n_items; i++)
    if (items[i].ok && items[i].sha256 != NULL)
      g_ptr_array_add (hashes, items[i].sha256);
  g_ptr_array_sort (hashes, compare_strings);
  g_string_append (note, "songs given to the trainer (SHA-256, first 16 hex digits):\n");
  for (guint i = 0; i < hashes->len; i++)
    g_string_append_printf (note, "%.16s\n", (const char *) hashes->pdata[i]);
  return g_string_free (note, FALSE);
}

/* The cache of analyses: one file per song, named by the SHA-256 of the
 * song's bytes, holding what the trainer reads (the descriptors, the
 * whole-song timbre model and the MFCC slices), behind a header naming the
 * analysis that made it. A file made by another version or other front-end
 * options is not used. */
#define CACHE_MAGIC "akin-train-cache 2"

static char *
cache_header (void)
{
  AkinFrontEndOptions options;

  akin_analysis_front_end_options (&options);
  return g_strdup_printf ("%s\n%s\nmfcc %u slice %u mel128 %u timbre %s\n", CACHE_MAGIC,
                          PACKAGE_VERSION, AKIN_ENCODER_N_MFCC, AKIN_ENCODER_SLICE_FRAMES,
                          options.n_mfcc_mel128, AKIN_TIMBRE_FORMAT_ID);
}

typedef struct
{
  double  tempo_bpm;
  double  rolloff_freq;
  gint32  key_tonic;
  gint32  key_mode;
  guint32 n_slices;
  guint32 pad;
} CacheRecord;

static char *
cache_path (const char *dir,
            const char *sha256)
{
  g_autofree char *name = g_strconcat (sha256, ".akt", NULL);

  return g_build_filename (dir, name, NULL);
}

static gboolean
cache_read (CorpusItem *item,
            const char *dir)
{
  g_autofree char *path = cache_path (dir, item->sha256);
  g_autofree char *header = cache_header ();
  g_autofree char *data = NULL;
  gsize len = 0, hlen = strlen (header), slice = AKIN_ENCODER_N_MFCC * AKIN_ENCODER_SLICE_FRAMES;
  gsize tlen = AKIN_TIMBRE_MODEL_FLOATS * sizeof (float);
  float timbre[AKIN_TIMBRE_MODEL_FLOATS];
  CacheRecord r;

  if (!g_file_get_contents (path, &data, &len, NULL) || len < hlen + sizeof r + tlen ||
      memcmp (data, header, hlen) != 0)
    return FALSE;
  /* copied out: the header's length leaves the floats unaligned */
  memcpy (&r, data + hlen, sizeof r);
  memcpy (timbre, data + hlen + sizeof r, tlen);
  if (r.n_slices == 0 ||
      len != hlen + sizeof r + tlen + (gsize) r.n_slices * slice * sizeof (float) ||
      !akin_timbre_model_from_floats (timbre, AKIN_TIMBRE_MODEL_FLOATS, &item->timbre))
    return FALSE;
  item->slices = g_memdup2 (data + hlen + sizeof r + tlen,
                            (gsize) r.n_slices * slice * sizeof (float));
  item->track.n_slices = r.n_slices;
  item->track.slices = item->slices;
  item->track.descriptors.tempo_bpm = r.tempo_bpm;
  item->track.descriptors.rolloff_freq = r.rolloff_freq;
  item->track.descriptors.key_tonic = r.key_tonic;
  item->track.descriptors.key_mode = (AkinMode) r.key_mode;
  return TRUE;
}

static void
cache_write (const CorpusItem *item,
             const char       *dir)
{
  g_autofree char *path = cache_path (dir, item->sha256);
  g_autofree char *header = cache_header ();
  g_autoptr(GError) error = NULL;
  gsize slice = AKIN_ENCODER_N_MFCC * AKIN_ENCODER_SLICE_FRAMES;
  GByteArray *bytes = g_byte_array_new ();
  CacheRecord r = {
    .tempo_bpm = item->track.descriptors.tempo_bpm,
    .rolloff_freq = item->track.descriptors.rolloff_freq,
    .key_tonic = item->track.descriptors.key_tonic,
    .key_mode = item->track.descriptors.key_mode,
    .n_slices = item->track.n_slices,
  };

  g_byte_array_append (bytes, (const guint8 *) header, strlen (header));
  g_byte_array_append (bytes, (const guint8 *) &r, sizeof r);
  g_byte_array_append (bytes, (const guint8 *) akin_timbre_model_as_floats (&item->timbre),
                       AKIN_TIMBRE_MODEL_FLOATS * sizeof (float));
  g_byte_array_append (bytes, (const guint8 *) item->slices,
                       (guint) ((gsize) r.n_slices * slice * sizeof (float)));
  if (g_mkdir_with_parents (dir, 0755) != 0 ||
      !g_file_set_contents (path, (const char *) bytes->data, bytes->len, &error))
    g_warning ("Could not cache the analysis in %s: %s", path,
               error != NULL ? error->message : g_strerror (errno));
  g_byte_array_unref (bytes);
}

void
corpus_load_one (gpointer data,
                 gpointer user_data)
{
  CorpusItem *item = data;
  LoadState *state = user_data;
  g_autoptr(AkinFeatures) features = NULL;
  g_autoptr(GError) error = NULL;
  AkinFrontEndOptions options;

  item->sha256 = file_sha256 (item->file, &error);
  if (item->sha256 != NULL && state->cache_dir != NULL && cache_read (item, state->cache_dir))
    item->ok = item->cached = TRUE;
  else if (item->sha256 != NULL)
    {
      akin_analysis_front_end_options (&options);
      features = akin_analyze_features (item->file, &options, NULL, NULL, &error);
    }
  if (features != NULL)
    {
      item->slices = akin_features_get_slices (features, AKIN_ENCODER_N_MFCC,
                                               &item->track.n_slices);
      item->track.slices = item->slices;
      akin_track_descriptors_from_features (features, &item->track.descriptors);
      /* A song without a usable frame has a neutral model (n_frames 0). */
      if (features->timbre != NULL)
        item->timbre = *features->timbre;
      item->ok = TRUE;
      if (state->cache_dir != NULL)
        cache_write (item, state->cache_dir);
    }

  g_mutex_lock (&state->mutex);
  state->done++;
  state->cached += item->cached;
  if (!item->ok)
    {
      akin_cli_progress_clear (state->progress);
      akin_cli_printerr (_("skipping %s"), error->message);
      state->failed++;
    }
  g_cond_signal (&state->cond);
  g_mutex_unlock (&state->mutex);
}

/* A song's name in a manifest: its file name without the extension. */
static char *
song_name (GFile *file)
{
  g_autofree char *base = g_file_get_basename (file);
  char *dot = strrchr (base, '.');

  if (dot != NULL && dot != base)
    *dot = '\0';
  return g_steal_pointer (&base);
}

/**
 * corpus_read_albums:
 * @path: a tab-separated file: a song's file name without its extension,
 *   then its album (e.g. the corpus manifest's id and package columns);
 *   other columns and a header line are ignored
 *
 * Returns: (transfer full) (nullable): name → album, or %NULL with a
 *   #G_FILE_ERROR if @path cannot be read
 */
GHashTable *
corpus_read_albums (const char  *path,
                    GError     **error)
{
  g_autoptr(GHashTable) album_of = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (path, &text, NULL, error))
    return NULL;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) cols = g_strsplit (lines[i], "\t", 3);

      if (g_strv_length (cols) >= 2 && cols[0][0] != '\0' && cols[1][0] != '\0')
        g_hash_table_replace (album_of, g_strdup (cols[0]), g_strdup (cols[1]));
    }
  return g_steal_pointer (&album_of);
}

/**
 * corpus_assign_albums:
 * @albums: name → album, from corpus_read_albums()
 * @items: the songs; each listed one gets its album's number (from 1),
 *   the others 0
 * @n_groups: (out): albums with at least one of the songs
 * @n_grouped: (out): songs with an album
 */
void
corpus_assign_albums (GHashTable *albums,
                      CorpusItem *items,
                      guint       n_items,
                      guint      *n_groups,
                      guint      *n_grouped)
{
  g_autoptr(GHashTable) numbers = g_hash_table_new (g_str_hash, g_str_equal);

  *n_groups = *n_grouped = 0;
  for (guint i = 0; i < n_items; i++)
    {
      g_autofree char *name = song_name (items[i].file);
      const char *album = g_hash_table_lookup (albums, name);
      gpointer number;

      items[i].track.group = 0;
      if (album == NULL)
        continue;
      if (!g_hash_table_lookup_extended (numbers, album, NULL, &number))
        {
          number = GUINT_TO_POINTER (++*n_groups);
          g_hash_table_insert (numbers, (gpointer) album, number);
        }
      items[i].track.group = GPOINTER_TO_UINT (number);
      ++*n_grouped;
    }
}

static gboolean
is_audio_name (const char *name)
{
  static const char *const extensions[] = {
    ".ogg", ".oga", ".opus", ".flac", ".mp3", ".wav", ".m4a", ".aac", ".wma", ".aiff", ".aif",
    ".ape", ".wv", ".mka", ".webm", NULL
  };
  g_autofree char *lower = g_ascii_strdown (name, -1);

  for (guint i = 0; extensions[i] != NULL; i++)
    if (g_str_has_suffix (lower, extensions[i]))
      return TRUE;
  return FALSE;
}

void
corpus_collect_files (GFile      *dir,
                      GPtrArray  *out,
                      GError    **error)
{
  g_autoptr(GFileEnumerator) children = NULL;
  GFileInfo *info;

  children = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                        G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, error);
  if (children == NULL)
    return;

  while ((info = g_file_enumerator_next_file (children, NULL, error)) != NULL)
    {
      g_autoptr(GFileInfo) owned = info;
      const char *name = g_file_info_get_name (info);
      g_autoptr(GFile) child = g_file_get_child (dir, name);

      if (name[0] == '.')
        continue;
      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        corpus_collect_files (child, out, NULL);
      else if (g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR && is_audio_name (name))
        g_ptr_array_add (out, g_steal_pointer (&child));
    }
}

int
corpus_compare_files (gconstpointer a,
                      gconstpointer b)
{
  g_autofree char *pa = g_file_get_path (*(GFile **) a);
  g_autofree char *pb = g_file_get_path (*(GFile **) b);

  return g_strcmp0 (pa, pb);
}

