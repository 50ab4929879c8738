/* akin-cli-train.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * akin-cli train --corpus DIR -o MODEL: analyses the songs of a folder (in
 * parallel), trains the two autoencoders on them and writes the model and a
 * training report.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "akin-engine.h"
#include "akin-cli.h"
#include "akin-cli-progress.h"
#include "akin-cli-train.h"

static void
on_train_progress (const AkinTrainProgress *p,
                   gpointer                 user_data)
{
  AkinCliProgress *progress = user_data;
  g_autofree char *label = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *eta = NULL;
  double fraction = ((p->epoch - 1) + (double) p->batch / MAX (1, p->n_batches)) / p->n_epochs;

  eta = akin_cli_format_eta (fraction > 0 ? p->elapsed / fraction - p->elapsed : -1);
  label = g_strdup_printf (_("Training the %s autoencoder"),
                           p->stage == AKIN_TRAIN_STAGE_2D ? "2D" : "1D");
  if (p->val_loss >= 0)
    detail = g_strdup_printf (_("epoch %u/%u, batch %u/%u, loss %.4f, validation %.4f, ETA %s"),
                              p->epoch, p->n_epochs, p->batch, p->n_batches, p->train_loss,
                              p->val_loss, eta);
  else
    detail = g_strdup_printf (_("epoch %u/%u, batch %u/%u, loss %.4f, ETA %s"), p->epoch,
                              p->n_epochs, p->batch, p->n_batches, p->train_loss, eta);
  akin_cli_progress_update (progress, label, fraction, detail);
}

/* "64,32,16" → the 1D network's blocks; the input width stays. */
static gboolean
parse_filters (const char  *text,
               AkinNetSpec *spec)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  guint n = g_strv_length (parts);

  if (n < 1 || n > AKIN_NET_MAX_BLOCKS)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      guint64 v;

      if (!g_ascii_string_to_unsigned (g_strstrip (parts[i]), 10, 1, 256, &v, NULL))
        return FALSE;
      spec->filters[i] = (guint) v;
    }
  spec->n_blocks = n;
  return TRUE;
}

static int
train_main (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GFile) corpus_dir = NULL;
  g_autoptr(AkinCliProgress) progress = NULL;
  g_autoptr(AkinModel) model = NULL;
  g_autoptr(AkinTrainReport) report = NULL;
  g_autoptr(GArray) tracks = NULL;
  g_autofree CorpusItem *items = NULL;
  g_autofree char *corpus = NULL;
  g_autofree char *output = NULL;
  g_autofree char *report_path = NULL;
  g_autofree char *checkpoint = NULL;
  gboolean resume = FALSE;
  g_autofree char *note = NULL;
  g_autofree char *start_2d_path = NULL;
  g_autoptr(AkinModel) start_2d = NULL;
  g_autofree char *init_path = NULL;
  g_autoptr(AkinModel) init = NULL;
  g_autofree char *groups_path = NULL;
  g_autoptr(GHashTable) albums = NULL;
  g_autofree char *cache_dir = NULL;
  double group_positives = -1.0;
  g_autofree char *filters_1d = NULL;
  double descriptor_weight = -1.0;
  double teacher_share = 0.0, teacher_temperature = -1.0, teacher_share_1d = -1.0;
  double hard_negatives = 0.0, hard_negatives_1d = NAN;
  g_autofree char *pooling = NULL;
  g_autofree float *teacher = NULL;
  AkinTrainerOptions options;
  LoadState state = { 0 };
  GThreadPool *pool;
  gint limit = 0, epochs = 0, epochs_1d = 0, jobs = 0, warm_up = 0, batch_size = 0;
  gint view_slices = 0, average_1d = 0, average_2d = 0, members = 1;
  gint64 seed = 1;
  double contrastive = -1.0, contrastive_1d = -1.0, temperature = -1.0, augment = -1.0;
  double pitch_shift = 0.0, tempo_change = 0.0;
  g_autofree float *pitch = NULL;
  const GOptionEntry entries[] = {
    { "corpus", 0, 0, G_OPTION_ARG_FILENAME, &corpus, N_("Train on the songs under DIR"),
      N_("DIR") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the model to MODEL"),
      N_("MODEL") },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit,
      N_("Train on a random sample of N songs (default: all)"), N_("N") },
    { "epochs", 0, 0, G_OPTION_ARG_INT, &epochs,
      N_("Epochs for each network (default 30)"), N_("N") },
    { "epochs-1d", 0, 0, G_OPTION_ARG_INT, &epochs_1d,
      N_("Epochs for the 1D network (default: as --epochs)"), N_("N") },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, N_("Random seed (default 1)"), N_("S") },
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs,
      N_("Songs analysed at once, and threads of training (at most 2; default: one per "
         "core)"), N_("N") },
    { "contrastive", 0, 0, G_OPTION_ARG_DOUBLE, &contrastive,
      N_("Weight λ of the same-song contrastive loss added to the 2D network's "
         "reconstruction loss; 0 trains on reconstruction alone (default 0.3)"), N_("λ") },
    { "contrastive-1d", 0, 0, G_OPTION_ARG_DOUBLE, &contrastive_1d,
      N_("The same for the 1D network; each view carries another song's descriptors, so "
         "that they cannot match the pair by themselves (default 0.3)"), N_("λ") },
    { "temperature", 0, 0, G_OPTION_ARG_DOUBLE, &temperature,
      N_("Temperature of the contrastive loss (default 0.1)"), N_("T") },
    { "augment", 0, 0, G_OPTION_ARG_DOUBLE, &augment,
      N_("Scale of the perturbations of the contrastive views: 1 is ±0.5 of c0, 0.1 of "
         "the other coefficients and a mask of up to 32 frames; 0 turns them off "
         "(default 1)"), N_("X") },
    { "start-2d", 0, 0, G_OPTION_ARG_FILENAME, &start_2d_path,
      N_("Take the 2D network of MODEL as it is and train only the 1D network; give the "
         "songs and seed MODEL was trained with"), N_("MODEL") },
    { "init", 0, 0, G_OPTION_ARG_FILENAME, &init_path,
      N_("Start both networks from MODEL’s weights instead of random ones (fine-tuning)"),
      N_("MODEL") },
    { "albums", 0, 0, G_OPTION_ARG_FILENAME, &groups_path,
      N_("Read which album each song belongs to from FILE (tab-separated: the file name "
         "without its extension, then the album; a corpus manifest’s first two columns). "
         "Songs of one album become each other’s contrastive partners, the songs are split "
         "by album, and the epochs kept are those whose validation songs find their album "
         "mates best"), N_("FILE") },
    { "album-positives", 0, 0, G_OPTION_ARG_DOUBLE, &group_positives,
      N_("With --albums, the share of contrastive pairs made of two songs of one album "
         "rather than two slices of one song (default 0.5)"), N_("P") },
    { "filters-1d", 0, 0, G_OPTION_ARG_STRING, &filters_1d,
      N_("Filters of each block of the 1D network, comma-separated (default 64,32,16,8,8,16); "
         "the code is twice the last block's filters"), N_("N,N,…") },
    { "descriptor-weight", 0, 0, G_OPTION_ARG_DOUBLE, &descriptor_weight,
      N_("Weight of the descriptors (key, roll-off, tempo) beside the 2D latent in the 1D "
         "network's input (default 1)"), N_("W") },
    { "teacher", 0, 0, G_OPTION_ARG_DOUBLE, &teacher_share,
      N_("Share β of each contrastive row's target spread over the other songs of the "
         "batch by how alike their whole-song timbre models are, so that the encoders "
         "learn to rank strangers as the timbre model does; 0 turns it off (default 0)"),
      N_("β") },
    { "teacher-1d", 0, 0, G_OPTION_ARG_DOUBLE, &teacher_share_1d,
      N_("The same share for the 1D network (default: as --teacher)"), N_("β") },
    { "teacher-temperature", 0, 0, G_OPTION_ARG_DOUBLE, &teacher_temperature,
      N_("Temperature of the teacher's softmax over its standardised similarities "
         "(default 0.5)"), N_("T") },
    { "hard-negatives", 0, 0, G_OPTION_ARG_DOUBLE, &hard_negatives,
      N_("Weigh each other song of a contrastive batch by exp(γ × how alike the whole-song "
         "timbre models are, standardised): γ > 0 pushes away hardest the songs the timbre "
         "model confuses, γ < 0 least (γ from −16 to 16; default 0: all alike)"), N_("γ") },
    { "hard-negatives-1d", 0, 0, G_OPTION_ARG_DOUBLE, &hard_negatives_1d,
      N_("The same for the 1D network (default: as --hard-negatives)"), N_("γ") },
    { "pitch-shift", 0, 0, G_OPTION_ARG_DOUBLE, &pitch_shift,
      N_("Play each view of the 2D network's contrastive pairs up to S semitones higher or "
         "lower, in steps of a quarter tone, by moving its mel envelope (default 0: never)"),
      N_("S") },
    { "tempo-change", 0, 0, G_OPTION_ARG_DOUBLE, &tempo_change,
      N_("Play each view of the 2D network's contrastive pairs up to F faster or slower, "
         "a fraction: 0.08 is up to 8 percent (default 0: never)"), N_("F") },
    { "batch-size", 0, 0, G_OPTION_ARG_INT, &batch_size,
      N_("Slices per mini-batch; with a contrastive weight, two slices of each of N/2 "
         "songs, the other songs' being each slice's negatives (default 32)"), N_("N") },
    { "view-slices", 0, 0, G_OPTION_ARG_INT, &view_slices,
      N_("Make each view of a contrastive pair the mean of K slices of its song, so that "
         "pairs compare songs rather than moments; a batch then holds N/(2K) songs "
         "(default 1)"), N_("K") },
    { "average-2d", 0, 0, G_OPTION_ARG_INT, &average_2d,
      N_("Keep the mean of the 2D network's weights after each of its last N epochs "
         "instead of the epoch with the best validation (default 0: the best epoch)"),
      N_("N") },
    { "average-1d", 0, 0, G_OPTION_ARG_INT, &average_1d,
      N_("Keep the mean of the 1D network's weights after each of its last N epochs "
         "instead of the epoch with the best validation (default 0: the best epoch)"),
      N_("N") },
    { "warm-up", 0, 0, G_OPTION_ARG_INT, &warm_up,
      N_("Train the 2D network's first N epochs on pairs of slices of one song alone; "
         "album partners and the teacher join after them (default 0)"), N_("N") },
    { "pooling", 0, 0, G_OPTION_ARG_STRING, &pooling,
      N_("How a song's slice codes become its vector: “mean-std” (their mean and standard "
         "deviation, the default) or “mean-max” (their mean and maximum)"), N_("HOW") },
    { "members", 0, 0, G_OPTION_ARG_INT, &members,
      N_("Train K pairs of networks with seeds S to S + K − 1 and join them into one model "
         "whose vector is theirs side by side, so that their similarities are averaged "
         "(default 1)"), N_("K") },
    { "cache", 0, 0, G_OPTION_ARG_FILENAME, &cache_dir,
      N_("Keep each song’s analysis in DIR, named by the file’s SHA-256, and read it "
         "from there on the next run instead of decoding the song again"), N_("DIR") },
    { "report", 0, 0, G_OPTION_ARG_FILENAME, &report_path,
      N_("Write the training report to FILE (default: MODEL.tsv)"), N_("FILE") },
    { "checkpoint", 0, 0, G_OPTION_ARG_FILENAME, &checkpoint,
      N_("After every epoch, write the training state to FILE (default: MODEL.checkpoint; "
         "removed when the model is written)"), N_("FILE") },
    { "resume", 0, 0, G_OPTION_ARG_NONE, &resume,
      N_("Go on from the checkpoint of a run that was stopped; give the same songs and "
         "options. The model is the one the whole run would have made"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("— train the encoders on a folder of songs"));
  g_option_context_set_summary (context,
                                _("Analyses the songs under DIR, splits them by song into "
                                  "training and validation sets, trains the 2D autoencoder on "
                                  "MFCC slices and then the 1D autoencoder on the fused "
                                  "vectors, keeping the best validation epoch of each. With a "
                                  "contrastive weight, each batch is made of two slices of "
                                  "each of several songs, far apart and perturbed, and the "
                                  "network learns to tell which belong together; the epoch "
                                  "with the best same-song retrieval on the validation songs "
                                  "is kept."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      akin_cli_printerr ("%s", error->message);
      return 2;
    }
  if (corpus == NULL || output == NULL || argc > 1)
    {
      akin_cli_printerr ("%s", _("give --corpus DIR and -o MODEL; see “akin-cli train --help”"));
      return 2;
    }

  if (members < 1 || members > AKIN_MODEL_MAX_MEMBERS)
    {
      akin_cli_printerr (_("--members needs 1 to %u"), AKIN_MODEL_MAX_MEMBERS);
      return 2;
    }
  if (members > 1 && checkpoint != NULL)
    {
      akin_cli_printerr ("%s", _("--checkpoint names the checkpoint of one member; with "
                                 "--members each member has its own, beside MODEL"));
      return 2;
    }
  if (checkpoint == NULL)
    checkpoint = g_strconcat (output, ".checkpoint", NULL);
  if (resume && members == 1 && !g_file_test (checkpoint, G_FILE_TEST_IS_REGULAR))
    {
      akin_cli_printerr (_("There is no checkpoint %s to resume from"), checkpoint);
      return 1;
    }
  if (resume && members > 1)
    {
      g_autofree char *first = train_member_path (output, 0);
      g_autofree char *first_checkpoint = g_strconcat (first, ".checkpoint", NULL);

      if (!g_file_test (first, G_FILE_TEST_IS_REGULAR) &&
          !g_file_test (first_checkpoint, G_FILE_TEST_IS_REGULAR))
        {
          akin_cli_printerr (_("There is neither %s nor %s to resume from"), first,
                             first_checkpoint);
          return 1;
        }
    }

  if (start_2d_path != NULL && (start_2d = akin_model_load (start_2d_path, &error)) == NULL)
    {
      akin_cli_printerr ("%s", error->message);
      return 1;
    }

  if (init_path != NULL && (init = akin_model_load (init_path, &error)) == NULL)
    {
      akin_cli_printerr ("%s", error->message);
      return 1;
    }
  if (group_positives > 1.0 || (group_positives >= 0.0 && groups_path == NULL))
    {
      akin_cli_printerr ("%s", _("--album-positives needs --albums and a share from 0 to 1"));
      return 2;
    }
  /* Mistakes in the options are told before the songs are analysed. */
  akin_trainer_options_init (&options);
  if (g_strcmp0 (pooling, "mean-max") == 0)
    options.pooling = AKIN_POOLING_MEAN_MAX;
  else if (pooling != NULL && g_strcmp0 (pooling, "mean-std") != 0)
    {
      akin_cli_printerr (_("--pooling: “%s” is neither “mean-std” nor “mean-max”"), pooling);
      return 2;
    }
  if (!(teacher_share >= 0.0 && teacher_share <= 1.0) ||
      (teacher_share_1d != -1.0 && !(teacher_share_1d >= 0.0 && teacher_share_1d <= 1.0)) ||
      (teacher_temperature != -1.0 && !(teacher_temperature > 0.0)))
    {
      akin_cli_printerr ("%s", _("--teacher and --teacher-1d need a share from 0 to 1, "
                                 "--teacher-temperature a positive number"));
      return 2;
    }
  if (!(fabs (hard_negatives) <= 16.0) ||
      !(isnan (hard_negatives_1d) || fabs (hard_negatives_1d) <= 16.0))
    {
      akin_cli_printerr ("%s", _("--hard-negatives and --hard-negatives-1d need a number "
                                 "from −16 to 16"));
      return 2;
    }
  if (!(pitch_shift >= 0.0 && pitch_shift <= 12.0) ||
      !(tempo_change >= 0.0 && tempo_change < 0.5))
    {
      akin_cli_printerr ("%s", _("--pitch-shift needs 0 to 12 semitones, --tempo-change a "
                                 "share from 0 to below 0.5"));
      return 2;
    }
  if (pitch_shift > 0.0)
    {
      /* A quarter tone apart, from −S to S. */
      guint n = 2 * (guint) ceil (4.0 * pitch_shift - 1e-9) + 1;
      guint h = AKIN_ENCODER_N_MFCC;

      pitch = g_new (float, (gsize) n * h * h);
      for (guint k = 0; k < n; k++)
        akin_mfcc_pitch_shift_matrix (256, h, pitch_shift * (2.0 * k / (n - 1) - 1.0),
                                      pitch + (gsize) k * h * h);
      options.augment.pitch = pitch;
      options.augment.n_pitch = n;
    }
  options.augment.tempo = (float) tempo_change;
  if (batch_size != 0 && (batch_size < 4 || batch_size > 1024))
    {
      akin_cli_printerr ("%s", _("--batch-size needs 4 to 1024 slices"));
      return 2;
    }
  if (batch_size != 0)
    options.batch_size = (guint) batch_size;
  if (view_slices != 0 && (view_slices < 1 || view_slices > 64))
    {
      akin_cli_printerr ("%s", _("--view-slices needs 1 to 64 slices"));
      return 2;
    }
  options.view_slices = (guint) view_slices;
  if (average_2d < 0 || average_1d < 0)
    {
      /* TRANSLATORS: %s is the option, --average-2d or --average-1d */
      akin_cli_printerr (_("%s needs a number of epochs, 0 or more"),
                         average_2d < 0 ? "--average-2d" : "--average-1d");
      return 2;
    }
  options.average_2d = (guint) average_2d;
  options.average_1d = (guint) average_1d;
  if (warm_up < 0)
    {
      akin_cli_printerr ("%s", _("--warm-up needs a number of epochs, 0 or more"));
      return 2;
    }
  options.warm_up_2d = (guint) warm_up;
  if (filters_1d != NULL && !parse_filters (filters_1d, &options.spec1d))
    {
      akin_cli_printerr (_("--filters-1d: “%s” is not 1 to %u numbers from 1 to 256"),
                         filters_1d, AKIN_NET_MAX_BLOCKS);
      return 2;
    }
  if (groups_path != NULL && (albums = corpus_read_albums (groups_path, &error)) == NULL)
    {
      akin_cli_printerr ("%s", error->message);
      return 1;
    }

  corpus_dir = g_file_new_for_commandline_arg (corpus);
  corpus_collect_files (corpus_dir, files, &error);
  if (error != NULL)
    {
      akin_cli_printerr ("%s", error->message);
      return 1;
    }
  g_ptr_array_sort (files, corpus_compare_files);

  if (limit > 0 && (guint) limit < files->len)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed ((guint32) seed);

      /* A seeded Fisher–Yates shuffle, then the first N in path order. */
      for (guint i = files->len - 1; i > 0; i--)
        {
          guint j = g_rand_int_range (rand, 0, i + 1);
          gpointer tmp = files->pdata[i];

          files->pdata[i] = files->pdata[j];
          files->pdata[j] = tmp;
        }
      g_ptr_array_set_size (files, limit);
      g_ptr_array_sort (files, corpus_compare_files);
    }

  if (files->len < 2)
    {
      akin_cli_printerr (_("%s holds fewer than two songs"), corpus);
      return 1;
    }

  akin_nn_blas_single_thread ();
  progress = akin_cli_progress_new ();
  state.progress = progress;
  state.cache_dir = cache_dir;
  g_mutex_init (&state.mutex);
  g_cond_init (&state.cond);

  items = g_new0 (CorpusItem, files->len);
  pool = g_thread_pool_new (corpus_load_one, &state, jobs > 0 ? jobs : (gint) g_get_num_processors (),
                            TRUE, NULL);
  for (guint i = 0; i < files->len; i++)
    {
      items[i].file = g_object_ref (files->pdata[i]);
      g_thread_pool_push (pool, &items[i], NULL);
    }

  g_mutex_lock (&state.mutex);
  while (state.done < files->len)
    {
      g_autofree char *detail = g_strdup_printf (_("%u of %u"), state.done, files->len);

      akin_cli_progress_update (progress, _("Analysing songs"), (double) state.done / files->len,
                                detail);
      g_cond_wait (&state.cond, &state.mutex);
    }
  g_mutex_unlock (&state.mutex);
  g_thread_pool_free (pool, FALSE, TRUE);
  akin_cli_progress_clear (progress);

  if (albums != NULL)
    {
      guint n_groups = 0, n_grouped = 0;

      corpus_assign_albums (albums, items, files->len, &n_groups, &n_grouped);
      /* Translators: songs of the corpus listed in the albums file, then the number of albums */
      g_printerr (ngettext ("%u song has an album (%u albums).\n",
                            "%u songs have an album (%u albums).\n", n_grouped),
                  n_grouped, n_groups);
    }
  if (state.cached > 0)
    g_printerr (ngettext ("Read %u analysis from the cache.\n",
                          "Read %u analyses from the cache.\n", state.cached),
                state.cached);

  tracks = g_array_new (FALSE, FALSE, sizeof (AkinTrainingTrack));
  for (guint i = 0; i < files->len; i++)
    if (items[i].ok)
      g_array_append_val (tracks, items[i].track);
  /* Translators: the number of songs analysed, then how many of the others failed */
  g_printerr (ngettext ("Analysed %u song (%u failed).\n", "Analysed %u songs (%u failed).\n",
                        tracks->len),
              tracks->len, state.failed);

  options.seed = (guint64) seed;
  if (epochs > 0)
    options.epochs_2d = options.epochs_1d = epochs;
  if (epochs_1d > 0)
    options.epochs_1d = epochs_1d;
  if (contrastive >= 0.0)
    options.contrastive_weight_2d = (float) contrastive;
  if (contrastive_1d >= 0.0)
    options.contrastive_weight_1d = (float) contrastive_1d;
  if (temperature > 0.0)
    options.temperature = (float) temperature;
  if (augment >= 0.0)
    {
      options.augment.c0_gain *= (float) augment;
      options.augment.row_offset *= (float) augment;
      options.augment.max_mask = (guint) (options.augment.max_mask * augment + 0.5);
    }
  if (tracks->len < 2)
    {
      for (guint i = 0; i < files->len; i++)
        corpus_item_clear (&items[i]);
      g_mutex_clear (&state.mutex);
      g_cond_clear (&state.cond);
      if (tracks->len == 0)
        akin_cli_printerr (_("No song under %s could be analysed"), corpus);
      else
        akin_cli_printerr (_("Only one song under %s could be analysed; training needs two"),
                           corpus);
      return 1;
    }

  if (descriptor_weight >= 0.0)
    options.descriptor_weight = (float) descriptor_weight;
  if (groups_path != NULL)
    options.group_positives = group_positives >= 0.0 ? (float) group_positives : 0.5f;
  options.init = init;
  options.teacher_share = (float) teacher_share;
  if (teacher_share_1d >= 0.0)
    options.teacher_share_1d = (float) teacher_share_1d;
  if (teacher_temperature > 0.0)
    options.teacher_temperature = (float) teacher_temperature;
  options.hard_negatives = (float) hard_negatives;
  options.hard_negatives_1d = (float) hard_negatives_1d;
  if (akin_trainer_options_uses_teacher (&options))
    {
      g_autofree AkinTimbreModel *models = g_new (AkinTimbreModel, tracks->len);
      guint k = 0;

      for (guint i = 0; i < files->len; i++)
        if (items[i].ok)
          models[k++] = items[i].timbre;
      teacher = akin_timbre_similarity_matrix (models, tracks->len);
      options.teacher = teacher;
    }
  options.threads = MIN (jobs > 0 ? (guint) jobs : g_get_num_processors (), 2);
  note = corpus_training_note (items, files->len, tracks->len, corpus, limit > 0, groups_path,
                               init != NULL ? akin_model_get_id (init) : NULL,
                               start_2d != NULL ? akin_model_get_id (start_2d) : NULL,
                               &options, pitch_shift);
  options.note = note;
  options.start_2d = start_2d;

  model = train_members ((const AkinTrainingTrack *) tracks->data, tracks->len, &options,
                         (guint) members, output, checkpoint, resume, on_train_progress, progress,
                         &report, &error);
  for (guint i = 0; i < files->len; i++)
    corpus_item_clear (&items[i]);
  g_mutex_clear (&state.mutex);
  g_cond_clear (&state.cond);

  if (model == NULL)
    {
      akin_cli_printerr ("%s", error->message);
      return 1;
    }

  if (!akin_model_save (model, output, &error))
    {
      akin_cli_printerr ("%s", error->message);
      return 1;
    }
  if (members > 1)
    {
      train_members_clean (output, (guint) members);
      g_print (_("Model %s of %d members written to %s\n"), akin_model_get_id (model), members,
               output);
      return 0;
    }
  if (report_path == NULL)
    report_path = g_strconcat (output, ".tsv", NULL);
  if (!akin_train_report_write (report, model, report_path, &error))
    {
      akin_cli_printerr ("%s", error->message);
      return 1;
    }

  g_print (_("Model %s written to %s\n"), akin_model_get_id (model), output);
  g_print (_("Best validation loss: 2D %.5f (epoch %u), 1D %.5f (epoch %u)\n"),
           model->info.val_loss_2d, model->info.best_epoch_2d, model->info.val_loss_1d,
           model->info.best_epoch_1d);
  g_print (_("Dead latent units: %u of %u (2D), %u of %u (1D)\n"), report->dead_units_2d,
           report->latent_size_2d, report->dead_units_1d, report->code_size);
  g_print (_("Report written to %s\n"), report_path);
  /* The run is complete: its checkpoint is of no more use. */
  g_unlink (checkpoint);

  return 0;
}

const AkinCliCommand akin_cli_train = {
  "train", train_main, N_("Train the encoders on a folder of songs"),
};
