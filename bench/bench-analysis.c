/* bench-analysis.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What analysing a song costs beside decoding it. For every audio file
 * given (or every file in the folders given), in one run and one thread of
 * work at a time, it measures the process CPU time (GStreamer's threads
 * included) of:
 *
 *   codec         the codec's own decode (bench-codec.c): parsebin and the
 *                 decoder, nothing converted, the yardstick
 *   decode        Akin's decoder alone, samples touched and dropped
 *   + fingerprint decode and the acoustic fingerprint (Chromaprint) alone
 *   + MFCC        decode, STFT, 256-band mel, dB and MFCC
 *   + descriptors the whole front end (tempo, roll-off, tuning, chroma, key)
 *                 and the fingerprint, as the library analyses a file
 *   + encoders    the front end and both autoencoders (with --model, or the
 *                 shipped model when it is found)
 *
 * and prints the CPU time per song of each stage and its ratios to the
 * codec and to Akin's decode alone, and the fingerprint's share of the
 * whole analysis (its stage minus decode, over the last stage). Each file
 * is decoded once per stage; stages take turns file by
 * file so that a change in machine load hits them alike.
 *
 * Musly is not packaged for Debian. Built from its sources
 * (https://github.com/CPJKU/musly), its command-line program is measured
 * in the same run with --musly PATH: `musly -N -c COLLECTION` once, then
 * `musly -c COLLECTION -a FILE` for each file, taking its turn with the
 * stages above (one process per file, so its start-up is counted; Musly
 * decodes a 30-second excerpt of each song). Its songs and audio seconds
 * per CPU second are printed beside Akin's.
 *
 *   bench-analysis [--model MODEL] [--limit N] [--musly PATH] FILE|DIR…
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <sys/resource.h>

#include "akin-analysis.h"
#include "akin-mel.h"
#include "akin-mfcc.h"
#include "akin-stft.h"
#include "bench-codec.h"
#include "bench-process.h"

enum {
  STAGE_CODEC, STAGE_DECODE, STAGE_FINGERPRINT, STAGE_MFCC, STAGE_FRONT_END, STAGE_ENCODERS,
  N_STAGES
};

static const char *const stage_names[N_STAGES] = {
  "codec", "decode", "+ fingerprint", "+ MFCC", "+ descriptors", "+ encoders",
};

static gboolean
fingerprint_push (const float  *samples,
                  gsize         n_samples,
                  gpointer      user_data,
                  GError      **error)
{
  akin_fingerprinter_push (user_data, samples, n_samples);
  return TRUE;
}

static gboolean
touch_samples (const float  *samples,
               gsize         n_samples,
               gpointer      user_data,
               GError      **error)
{
  double *sum = user_data;

  for (gsize i = 0; i < n_samples; i++)
    *sum += samples[i];
  return TRUE;
}

/* The MFCC stage on its own: what the spectrogram and the encoders need,
 * without any descriptor. */
typedef struct
{
  AkinStft          *stft;
  const AkinMelBank *bank;
  GArray            *mel;
} MfccOnly;

static void
mfcc_frame (guint        frame,
            const float *power,
            const float *magnitude,
            gpointer     user_data)
{
  MfccOnly *m = user_data;
  guint old = m->mel->len;

  g_array_set_size (m->mel, old + m->bank->n_bands);
  akin_mel_bank_apply (m->bank, power, &g_array_index (m->mel, float, old));
}

static gboolean
mfcc_push (const float  *samples,
           gsize         n_samples,
           gpointer      user_data,
           GError      **error)
{
  MfccOnly *m = user_data;

  akin_stft_push (m->stft, samples, n_samples);
  return TRUE;
}

static gboolean
run_mfcc_only (GFile   *file,
               GError **error)
{
  MfccOnly m = { NULL, akin_mel_bank_get (256), g_array_new (FALSE, FALSE, sizeof (float)) };
  g_autofree float *db = NULL;
  g_autofree float *mfcc = NULL;
  guint n_frames;
  gboolean ok;

  m.stft = akin_stft_new (mfcc_frame, &m);
  ok = akin_decode_stream (file, mfcc_push, &m, NULL, NULL, error);
  if (ok)
    {
      akin_stft_finish (m.stft);
      n_frames = akin_stft_get_n_frames (m.stft);
      /* The front end stores mel rows by frame too, then converts to dB
       * over the whole track and takes the DCT; do the same work here. */
      db = g_new (float, (gsize) n_frames * 256);
      for (guint t = 0; t < n_frames; t++)
        for (guint b = 0; b < 256; b++)
          db[(gsize) b * n_frames + t] = g_array_index (m.mel, float, (gsize) t * 256 + b);
      akin_power_to_db (db, (gsize) n_frames * 256, AKIN_TOP_DB);
      mfcc = g_new (float, (gsize) n_frames * AKIN_ENCODER_N_MFCC);
      akin_mfcc_compute (db, 256, n_frames, AKIN_ENCODER_N_MFCC, mfcc);
    }
  akin_stft_free (m.stft);
  g_array_unref (m.mel);
  return ok;
}

static gboolean
run_stage (guint                 stage,
           GFile                *file,
           const AkinModel      *model,
           AkinEncoderWorkspace *workspace,
           double               *audio_seconds,
           GError              **error)
{
  switch (stage)
    {
    case STAGE_CODEC:
      {
        g_autofree char *path = g_file_get_path (file);

        return bench_codec_decode (path, error);
      }
    case STAGE_DECODE:
      {
        g_autoptr(AkinDecodeInfo) info = NULL;
        double sum = 0;

        if (!akin_decode_stream (file, touch_samples, &sum, &info, NULL, error))
          return FALSE;
        *audio_seconds = info->duration;
        return TRUE;
      }
    case STAGE_FINGERPRINT:
      {
        g_autoptr(AkinFingerprinter) fingerprinter = akin_fingerprinter_new ();
        g_autoptr(AkinFingerprint) fingerprint = NULL;

        if (!akin_decode_stream (file, fingerprint_push, fingerprinter, NULL, NULL, error))
          return FALSE;
        fingerprint = akin_fingerprinter_finish (fingerprinter);
        return TRUE;
      }
    case STAGE_MFCC:
      return run_mfcc_only (file, error);
    case STAGE_FRONT_END:
      {
        g_autoptr(AkinFeatures) features = NULL;
        AkinFrontEndOptions options;

        akin_analysis_front_end_options (&options);
        features = akin_analyze_features (file, &options, NULL, NULL, error);
        return features != NULL;
      }
    case STAGE_ENCODERS:
      {
        g_autoptr(AkinTrackAnalysis) analysis = NULL;

        analysis = akin_analyze_track (file, model, workspace, NULL, error);
        return analysis != NULL;
      }
    default:
      g_assert_not_reached ();
    }
}

static double
children_cpu (void)
{
  struct rusage usage;

  getrusage (RUSAGE_CHILDREN, &usage);
  return (double) usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6
         + (double) usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

/* Runs Musly's program; returns the CPU time it took, or a negative value
 * after printing why it failed. */
static double
run_musly (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  double before = children_cpu ();
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL,
                     G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                     NULL, NULL, &status, &error)
      || !g_spawn_check_wait_status (status, &error))
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return -1.0;
    }
  return children_cpu () - before;
}

static void
collect (const char *path,
         GPtrArray  *files)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        if (name[0] != '.')
          g_ptr_array_add (names, g_build_filename (path, name, NULL));
      g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
      for (guint i = 0; i < names->len; i++)
        if (g_file_test (names->pdata[i], G_FILE_TEST_IS_REGULAR))
          g_ptr_array_add (files, g_strdup (names->pdata[i]));
    }
  else
    {
      g_ptr_array_add (files, g_strdup (path));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(AkinModel) model = NULL;
  g_autoptr(AkinEncoderWorkspace) workspace = NULL;
  g_auto(GStrv) paths = NULL;
  g_autofree char *model_path = NULL;
  g_autofree char *musly = NULL;
  g_autofree char *musly_dir = NULL;
  g_autofree char *collection = NULL;
  double musly_cpu = 0, musly_audio = 0;
  double cpu[N_STAGES] = { 0 };
  double audio = 0;
  guint n_songs = 0, n_stages, limit = 0;
  const GOptionEntry entries[] = {
    { "model", 'm', 0, G_OPTION_ARG_FILENAME, &model_path, "Model for the encoder stage", "FILE" },
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, "Use the first N files only", "N" },
    { "musly", 0, 0, G_OPTION_ARG_FILENAME, &musly, "Musly's program, to measure beside Akin",
      "PATH" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &paths, NULL, "FILE|DIR..." },
    { NULL }
  };

  context = g_option_context_new ("FILE|DIR... - what analysis costs beside decoding");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || paths == NULL)
    {
      g_printerr ("%s\n", error != NULL ? error->message : "no file given");
      return 2;
    }

  for (guint i = 0; paths[i] != NULL; i++)
    collect (paths[i], files);
  if (limit > 0 && files->len > limit)
    g_ptr_array_set_size (files, limit);

  akin_nn_blas_single_thread ();
  model = model_path != NULL ? akin_model_load (model_path, &error)
                             : akin_model_load_default (&error);
  if (model == NULL)
    {
      g_printerr ("No model (%s): the encoder stage is left out.\n", error->message);
      g_clear_error (&error);
      n_stages = STAGE_ENCODERS;
    }
  else
    {
      workspace = akin_encoder_workspace_new (model);
      n_stages = N_STAGES;
    }

  if (musly != NULL)
    {
      const char *init_argv[] = { musly, "-N", "-c", NULL, NULL };

      musly_dir = g_dir_make_tmp ("bench-musly-XXXXXX", &error);
      if (musly_dir == NULL)
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      collection = g_build_filename (musly_dir, "collection.musly", NULL);
      init_argv[3] = collection;
      if (run_musly (init_argv) < 0)
        return 1;
    }

  for (guint i = 0; i < files->len; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (files->pdata[i]);
      double song_cpu[N_STAGES];
      double song_musly = 0;
      double seconds = 0;
      gboolean ok = TRUE;

      for (guint s = 0; s < n_stages && ok; s++)
        {
          double start = bench_cpu_seconds ();

          ok = run_stage (s, file, model, workspace, &seconds, &error);
          song_cpu[s] = bench_cpu_seconds () - start;
        }
      if (ok && musly != NULL)
        {
          const char *add_argv[] = { musly, "-c", collection, "-a", files->pdata[i], NULL };

          song_musly = run_musly (add_argv);
          ok = song_musly >= 0;
          if (!ok)
            g_set_error (&error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: Musly failed",
                         (const char *) files->pdata[i]);
        }
      if (!ok)
        {
          g_printerr ("skipping %s\n", error->message);
          g_clear_error (&error);
          continue;
        }

      for (guint s = 0; s < n_stages; s++)
        cpu[s] += song_cpu[s];
      musly_cpu += song_musly;
      /* Musly's default analyses 30 seconds of each song. */
      musly_audio += MIN (seconds, 30.0);
      audio += seconds;
      n_songs++;
    }

  if (n_songs == 0 || cpu[STAGE_CODEC] <= 0 || cpu[STAGE_DECODE] <= 0)
    {
      g_printerr ("No song was analysed.\n");
      return 1;
    }

  g_print ("%u songs, %.1f minutes of audio, %.1f s on average\n\n", n_songs, audio / 60,
           audio / n_songs);
  g_print ("%-14s %14s %16s %10s %10s\n", "stage", "CPU s per song", "ms per audio s",
           "x codec", "x decode");
  for (guint s = 0; s < n_stages; s++)
    g_print ("%-14s %14.3f %16.2f %10.2f %10.2f\n", stage_names[s], cpu[s] / n_songs,
             1000 * cpu[s] / audio, cpu[s] / cpu[STAGE_CODEC], cpu[s] / cpu[STAGE_DECODE]);
  g_print ("\nAkin's decode: %.2f x the codec's (target <= 1.3)\n",
           cpu[STAGE_DECODE] / cpu[STAGE_CODEC]);
  g_print ("Front end (MFCC + descriptors): %.2f x decode alone\n",
           cpu[STAGE_FRONT_END] / cpu[STAGE_DECODE]);
  if (n_stages == N_STAGES)
    {
      g_print ("Encoders: %.2f x decode alone\n",
               (cpu[STAGE_ENCODERS] - cpu[STAGE_FRONT_END]) / cpu[STAGE_DECODE]);
      g_print ("Whole analysis: %.2f x the codec's decode (target <= 2), %.2f x Akin's decode, "
               "%.2f songs and %.0f audio seconds per CPU second\n",
               cpu[STAGE_ENCODERS] / cpu[STAGE_CODEC], cpu[STAGE_ENCODERS] / cpu[STAGE_DECODE],
               n_songs / cpu[STAGE_ENCODERS], audio / cpu[STAGE_ENCODERS]);
    }
  g_print ("Fingerprint: %.1f %% of the whole analysis (%s; target <= 5 %%)\n",
           100 * (cpu[STAGE_FINGERPRINT] - cpu[STAGE_DECODE]) / cpu[n_stages - 1],
           n_stages == N_STAGES ? "with the encoders" : "front end only");
  if (musly != NULL && musly_cpu > 0)
    {
      g_print ("Musly (%s): %.2f songs and %.0f analysed audio seconds (at most 30 per song) "
               "per CPU second; Akin's whole analysis %.2f x Musly's audio seconds per CPU "
               "second (target >= 2)\n", musly, n_songs / musly_cpu, musly_audio / musly_cpu,
               (audio / cpu[n_stages - 1]) / (musly_audio / musly_cpu));
    }
  else
    {
      g_print ("Musly: not measured. It is not packaged for Debian: build it from its sources "
               "(https://github.com/CPJKU/musly) and pass --musly PATH/TO/musly.\n");
    }
  if (musly_dir != NULL)
    {
      g_unlink (collection);
      g_rmdir (musly_dir);
    }

  return 0;
}
