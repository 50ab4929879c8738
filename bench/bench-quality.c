/* bench-quality.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Recommendation quality on a labelled corpus, in three steps that cache
 * their results so experiments rerun in seconds:
 *
 *   bench-quality analyse CORPUS_DIR CACHE_DIR
 *       decodes every .ogg (.oga, .mp3, .flac, .wav, .opus) file of CORPUS_DIR once
 *       through the shipped front end (16 MFCCs + timbre model) and writes
 *       CACHE_DIR/ID.akq: descriptors, timbre model, MFCC slices. It also
 *       decodes every file a second time into a no-op callback and writes
 *       the CPU times of both to CACHE_DIR/timing.tsv.
 *   bench-quality encode CACHE_DIR MODEL AE_DIR
 *       runs the model's encoders over the cached slices and writes
 *       AE_DIR/ID.ae: per slice the 2D latent and the final code.
 *   bench-quality lists CACHE_DIR AE_DIR OUT_DIR
 *       writes one neighbour list per similarity system to OUT_DIR/NAME.tsv
 *       (see bench-quality-systems.c); AE_DIR "-" leaves out the systems
 *       that need the encoders.
 *
 *   bench-quality timbre-cost CORPUS_DIR N
 *       decodes the first N songs into memory and times the front end over
 *       them with and without the timbre model (CPU, no decoding inside).
 *
 * Song ids are file names without their extension. bench/quality-systems.sh runs
 * the three steps and scores the lists.
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "akin-analysis.h"
#include "bench-quality.h"
#include "bench-process.h"

#define AKQ_MAGIC "AKINQ001"
#define AE_MAGIC  "AKINAE01"

static gboolean
is_audio_name (const char *name)
{
  static const char *const exts[] = { ".ogg", ".oga", ".mp3", ".flac", ".wav", ".opus" };

  for (guint i = 0; i < G_N_ELEMENTS (exts); i++)
    if (g_str_has_suffix (name, exts[i]))
      return TRUE;
  return FALSE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* Sorted names in @dir that satisfy @pred. */
static GPtrArray *
list_dir (const char *dir,
          gboolean  (*pred) (const char *))
{
  g_autoptr(GDir) d = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  d = g_dir_open (dir, 0, &error);
  if (d == NULL)
    g_error ("%s", error->message);
  while ((name = g_dir_read_name (d)) != NULL)
    if (pred (name))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  return names;
}

static char *
id_of (const char *name)
{
  const char *dot = strrchr (name, '.');

  return g_strndup (name, dot ? (gsize) (dot - name) : strlen (name));
}

static gboolean
noop (const float *samples, gsize n, gpointer user_data, GError **error)
{
  return TRUE;
}

static void
write_or_die (FILE *f, const void *data, gsize size, const char *path)
{
  if (size > 0 && fwrite (data, 1, size, f) != size)
    g_error ("%s: write failed", path);
}

static void
read_or_die (FILE *f, void *data, gsize size, const char *path)
{
  if (size > 0 && fread (data, 1, size, f) != size)
    g_error ("%s: truncated", path);
}

static int
cmd_analyse (const char *corpus,
             const char *cache)
{
  g_autoptr(GPtrArray) names = list_dir (corpus, is_audio_name);
  g_autofree char *timing_path = g_build_filename (cache, "timing.tsv", NULL);
  double total_decode = 0, total_analysis = 0, total_audio = 0;
  FILE *timing;

  g_mkdir_with_parents (cache, 0755);
  timing = fopen (timing_path, "w");
  if (timing == NULL)
    g_error ("%s: cannot write", timing_path);
  fprintf (timing, "id\tduration_s\tdecode_cpu_s\tanalysis_cpu_s\n");

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (corpus, names->pdata[i], NULL);
      g_autofree char *id = id_of (names->pdata[i]);
      g_autofree char *out_name = g_strconcat (id, ".akq", NULL);
      g_autofree char *out_path = g_build_filename (cache, out_name, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(AkinFeatures) features = NULL;
      g_autoptr(AkinDecodeInfo) info = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree float *slices = NULL;
      AkinFrontEndOptions options;
      AkinTrackDescriptors td;
      double t0, t_decode, t_analysis;
      guint32 header[2];
      float meta[5];
      FILE *f;

      t0 = bench_cpu_seconds ();
      if (!akin_decode_stream (file, noop, NULL, NULL, NULL, &error))
        {
          g_printerr ("skipping %s: %s\n", path, error->message);
          continue;
        }
      t_decode = bench_cpu_seconds () - t0;

      /* The library analysis' front end, plus the timbre model. */
      akin_analysis_front_end_options (&options);
      options.timbre = TRUE;
      t0 = bench_cpu_seconds ();
      features = akin_analyze_features (file, &options, &info, NULL, &error);
      t_analysis = bench_cpu_seconds () - t0;
      if (features == NULL)
        {
          g_printerr ("skipping %s: %s\n", path, error->message);
          continue;
        }

      slices = akin_features_get_slices (features, AKIN_ENCODER_N_MFCC, &header[0]);
      header[1] = features->n_frames;
      akin_track_descriptors_from_features (features, &td);
      meta[0] = (float) features->descriptors.duration;
      meta[1] = (float) td.tempo_bpm;
      meta[2] = (float) td.rolloff_freq;
      meta[3] = (float) td.key_tonic;
      meta[4] = (float) td.key_mode;

      f = fopen (out_path, "wb");
      if (f == NULL)
        g_error ("%s: cannot write", out_path);
      write_or_die (f, AKQ_MAGIC, 8, out_path);
      write_or_die (f, header, sizeof header, out_path);
      write_or_die (f, meta, sizeof meta, out_path);
      write_or_die (f, akin_timbre_model_as_floats (features->timbre),
                    AKIN_TIMBRE_MODEL_FLOATS * sizeof (float), out_path);
      write_or_die (f, slices,
                    (gsize) header[0] * AKIN_ENCODER_N_MFCC * AKIN_SLICE_FRAMES * sizeof (float),
                    out_path);
      fclose (f);

      fprintf (timing, "%s\t%.3f\t%.4f\t%.4f\n", id, features->descriptors.duration, t_decode,
               t_analysis);
      fflush (timing);
      total_decode += t_decode;
      total_analysis += t_analysis;
      total_audio += features->descriptors.duration;
      g_printerr ("\r%u/%u %s", i + 1, names->len, id);
    }
  fclose (timing);
  g_printerr ("\n");
  g_print ("audio %.0f s; decode CPU %.1f s; decode + front end CPU %.1f s (%.2f x decode)\n",
           total_audio, total_decode, total_analysis,
           total_decode > 0 ? total_analysis / total_decode : 0.0);
  return 0;
}

static gboolean
is_akq_name (const char *name)
{
  return g_str_has_suffix (name, ".akq");
}

/**
 * bench_quality_read_song:
 * @path: a CACHE_DIR/ID.akq file
 * @song: (out caller-allocates): header, descriptors and timbre model
 * @slices: (out) (optional) (transfer full): the MFCC slices
 */
void
bench_quality_read_song (const char *path,
                         BenchSong  *song,
                         float     **slices)
{
  char magic[8];
  guint32 header[2];
  float meta[5];
  float timbre[AKIN_TIMBRE_MODEL_FLOATS];
  FILE *f = fopen (path, "rb");

  if (f == NULL)
    g_error ("%s: cannot read", path);
  read_or_die (f, magic, 8, path);
  if (memcmp (magic, AKQ_MAGIC, 8) != 0)
    g_error ("%s: not a cache file", path);
  read_or_die (f, header, sizeof header, path);
  read_or_die (f, meta, sizeof meta, path);
  read_or_die (f, timbre, sizeof timbre, path);
  song->n_slices = header[0];
  song->n_frames = header[1];
  song->duration = meta[0];
  song->descriptors.tempo_bpm = meta[1];
  song->descriptors.rolloff_freq = meta[2];
  song->descriptors.key_tonic = (int) meta[3];
  song->descriptors.key_mode = (AkinMode) meta[4];
  if (!akin_timbre_model_from_floats (timbre, AKIN_TIMBRE_MODEL_FLOATS, &song->timbre))
    g_error ("%s: bad timbre model", path);
  if (slices != NULL)
    {
      gsize n = (gsize) song->n_slices * AKIN_ENCODER_N_MFCC * AKIN_SLICE_FRAMES;

      *slices = g_new (float, n);
      read_or_die (f, *slices, n * sizeof (float), path);
    }
  fclose (f);
}

static int
cmd_encode (const char *cache,
            const char *model_path,
            const char *ae_dir)
{
  g_autoptr(GPtrArray) names = list_dir (cache, is_akq_name);
  g_autoptr(AkinModel) model = NULL;
  g_autoptr(AkinEncoderWorkspace) ws = NULL;
  g_autoptr(GError) error = NULL;
  double cpu = 0, audio = 0;
  guint32 sizes[3];

  model = akin_model_load (model_path, &error);
  if (model == NULL)
    g_error ("%s", error->message);
  ws = akin_encoder_workspace_new (model);
  g_mkdir_with_parents (ae_dir, 0755);
  /* A model of several members: each slice's latents and codes are its
   * members', one after the other. */
  sizes[1] = sizes[2] = 0;
  for (guint m = 0; m < akin_model_get_n_members (model); m++)
    {
      sizes[1] += akin_model_get_member (model, m)->net2d->latent_size;
      sizes[2] += akin_model_get_member (model, m)->net1d->latent_size;
    }

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *in_path = g_build_filename (cache, names->pdata[i], NULL);
      g_autofree char *id = id_of (names->pdata[i]);
      g_autofree char *out_name = g_strconcat (id, ".ae", NULL);
      g_autofree char *out_path = g_build_filename (ae_dir, out_name, NULL);
      g_autofree float *slices = NULL;
      g_autofree float *latents = NULL;
      g_autofree float *codes = NULL;
      BenchSong song;
      double t0;
      FILE *f;

      bench_quality_read_song (in_path, &song, &slices);
      sizes[0] = song.n_slices;
      latents = g_new (float, (gsize) song.n_slices * sizes[1]);
      codes = g_new (float, (gsize) song.n_slices * sizes[2]);
      t0 = bench_cpu_seconds ();
      for (guint m = 0, lat_at = 0, code_at = 0; m < akin_model_get_n_members (model); m++)
        {
          const AkinModel *member = akin_model_get_member (model, m);
          gsize l = member->net2d->latent_size, c = member->net1d->latent_size;
          g_autofree float *ml = g_new (float, (gsize) song.n_slices * l);
          g_autofree float *mc = g_new (float, (gsize) song.n_slices * c);

          if (!akin_encoder_encode_slices (member, m == 0 ? ws : NULL, slices, song.n_slices,
                                           &song.descriptors, ml, NULL, mc, &error))
            g_error ("%s: %s", id, error->message);
          for (guint k = 0; k < song.n_slices; k++)
            {
              memcpy (latents + (gsize) k * sizes[1] + lat_at, ml + k * l, l * sizeof (float));
              memcpy (codes + (gsize) k * sizes[2] + code_at, mc + k * c, c * sizeof (float));
            }
          lat_at += l;
          code_at += c;
        }
      cpu += bench_cpu_seconds () - t0;
      audio += song.duration;

      f = fopen (out_path, "wb");
      if (f == NULL)
        g_error ("%s: cannot write", out_path);
      write_or_die (f, AE_MAGIC, 8, out_path);
      write_or_die (f, sizes, sizeof sizes, out_path);
      write_or_die (f, latents, (gsize) sizes[0] * sizes[1] * sizeof (float), out_path);
      write_or_die (f, codes, (gsize) sizes[0] * sizes[2] * sizeof (float), out_path);
      fclose (f);
    }
  g_print ("encoders: %.1f s CPU for %.0f s of audio (%s)\n", cpu, audio,
           akin_model_get_id (model));
  {
    g_autofree char *p = g_build_filename (ae_dir, "encode-cpu.txt", NULL);
    g_autofree char *s = g_strdup_printf ("%.4f\n", cpu);

    g_file_set_contents (p, s, -1, NULL);
  }
  return 0;
}

/**
 * bench_quality_read_ae:
 * @path: an AE_DIR/ID.ae file
 * @song: (inout): gets its latents and codes
 */
void
bench_quality_read_ae (const char *path,
                       BenchSong  *song)
{
  char magic[8];
  guint32 sizes[3];
  FILE *f = fopen (path, "rb");

  if (f == NULL)
    g_error ("%s: cannot read (run the encode step)", path);
  read_or_die (f, magic, 8, path);
  if (memcmp (magic, AE_MAGIC, 8) != 0)
    g_error ("%s: not an encoder cache file", path);
  read_or_die (f, sizes, sizeof sizes, path);
  if (sizes[0] != song->n_slices)
    g_error ("%s: %u slices, the song has %u", path, sizes[0], song->n_slices);
  song->latent_size = sizes[1];
  song->code_size = sizes[2];
  song->latents = g_new (float, (gsize) sizes[0] * sizes[1]);
  song->codes = g_new (float, (gsize) sizes[0] * sizes[2]);
  read_or_die (f, song->latents, (gsize) sizes[0] * sizes[1] * sizeof (float), path);
  read_or_die (f, song->codes, (gsize) sizes[0] * sizes[2] * sizeof (float), path);
  fclose (f);
}

static int
cmd_lists (const char *cache,
           const char *ae_dir,
           const char *out_dir)
{
  g_autoptr(GPtrArray) names = list_dir (cache, is_akq_name);
  BenchSong *songs = g_new0 (BenchSong, names->len);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (cache, names->pdata[i], NULL);
      g_autofree char *ae_name = NULL;
      g_autofree char *ae_path = NULL;

      songs[i].id = id_of (names->pdata[i]);
      bench_quality_read_song (path, &songs[i], NULL);
      ae_name = g_strconcat (songs[i].id, ".ae", NULL);
      ae_path = g_build_filename (ae_dir, ae_name, NULL);
      if (!g_str_equal (ae_dir, "-"))
        bench_quality_read_ae (ae_path, &songs[i]);
    }

  g_mkdir_with_parents (out_dir, 0755);
  bench_quality_write_systems (songs, names->len, out_dir);

  for (guint i = 0; i < names->len; i++)
    {
      g_free (songs[i].id);
      g_free (songs[i].latents);
      g_free (songs[i].codes);
    }
  g_free (songs);
  return 0;
}

static double
time_front_end (const float *y,
                gsize        n,
                gboolean     timbre)
{
  g_autoptr(AkinFrontEnd) fe = NULL;
  g_autoptr(AkinFeatures) f = NULL;
  AkinFrontEndOptions options;
  double t0 = bench_cpu_seconds ();

  akin_analysis_front_end_options (&options);
  options.timbre = timbre;
  options.expected_samples = n;
  fe = akin_front_end_new (&options);
  akin_front_end_push (fe, y, n);
  f = akin_front_end_finish (fe, NULL);
  g_assert (f != NULL);
  return bench_cpu_seconds () - t0;
}

static int
cmd_timbre_cost (const char *corpus,
                 guint       n_songs)
{
  g_autoptr(GPtrArray) names = list_dir (corpus, is_audio_name);
  double with = 0, without = 0, audio = 0;

  for (guint i = 0; i < MIN (n_songs, names->len); i++)
    {
      g_autofree char *path = g_build_filename (corpus, names->pdata[i], NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GError) error = NULL;
      g_autofree float *y = NULL;
      gsize n;

      y = akin_decode_all (file, &n, NULL, NULL, &error);
      if (y == NULL)
        g_error ("%s", error->message);
      /* Alternate the order so warm caches favour neither. */
      if (i % 2 == 0)
        {
          without += time_front_end (y, n, FALSE);
          with += time_front_end (y, n, TRUE);
        }
      else
        {
          with += time_front_end (y, n, TRUE);
          without += time_front_end (y, n, FALSE);
        }
      audio += (double) n / AKIN_SAMPLE_RATE;
    }
  g_print ("front end over %.0f s of audio: %.2f s CPU without the timbre model, %.2f s with "
           "(+%.1f %%)\n", audio, without, with, 100.0 * (with - without) / without);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 4 && g_str_equal (argv[1], "analyse"))
    return cmd_analyse (argv[2], argv[3]);
  if (argc == 5 && g_str_equal (argv[1], "encode"))
    return cmd_encode (argv[2], argv[3], argv[4]);
  if (argc == 5 && g_str_equal (argv[1], "lists"))
    return cmd_lists (argv[2], argv[3], argv[4]);
  if (argc == 4 && g_str_equal (argv[1], "timbre-cost"))
    return cmd_timbre_cost (argv[2], (guint) g_ascii_strtoull (argv[3], NULL, 10));

  g_printerr ("usage: %s analyse CORPUS_DIR CACHE_DIR\n"
              "       %s encode CACHE_DIR MODEL AE_DIR\n"
              "       %s lists CACHE_DIR AE_DIR OUT_DIR\n"
              "       %s timbre-cost CORPUS_DIR N\n",
              argv[0], argv[0], argv[0], argv[0]);
  return 2;
}
