/* test-trainer.c: end-to-end training on a synthetic dataset
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "akin-encoder.h"
#include "akin-error.h"
#include "akin-model-private.h"
#include "akin-trainer-private.h"
#include "trainer-test-data.h"


typedef struct
{
  guint    calls;
  guint    last_epoch;
  gboolean saw_1d;
  guint    cancel_after;
  GCancellable *cancellable;
} ProgressLog;

static void
on_progress (const AkinTrainProgress *p, gpointer user_data)
{
  ProgressLog *log = user_data;

  log->calls++;
  g_assert_cmpuint (p->epoch, >=, 1);
  g_assert_cmpuint (p->epoch, <=, p->n_epochs);
  g_assert_cmpuint (p->batch, >=, 1);
  g_assert_cmpuint (p->batch, <=, p->n_batches);
  g_assert_true (isfinite (p->train_loss));
  g_assert_cmpfloat (p->elapsed, >=, 0.0);
  g_assert_true (p->epoch == 1 || isfinite (p->val_loss) || p->batch == 0);
  if (p->stage == AKIN_TRAIN_STAGE_1D)
    log->saw_1d = TRUE;
  log->last_epoch = p->epoch;
  if (log->cancellable != NULL && log->calls == log->cancel_after)
    g_cancellable_cancel (log->cancellable);
}

static void
test_train_end_to_end (void)
{
  Dataset ds;
  AkinTrainerOptions o;
  g_autoptr (GError) error = NULL;
  g_autoptr (AkinModel) m1 = NULL;
  g_autoptr (AkinModel) m2 = NULL;
  g_autoptr (AkinTrainReport) r1 = NULL;
  g_autoptr (AkinTrainReport) r2 = NULL;
  g_autofree char *dir = g_dir_make_tmp ("akin-test-trainer-XXXXXX", NULL);
  g_autofree char *tsv_path = g_build_filename (dir, "report.tsv", NULL);
  g_autofree char *tsv = NULL;
  ProgressLog log = { 0 };
  const AkinTrainEpoch *first2d, *last2d;

  dataset_init (&ds, H, W);
  small_options (&o);

  m1 = akin_trainer_train (ds.tracks, N_TRACKS, &o, on_progress, &log, NULL, &r1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (m1);
  g_assert_true (log.saw_1d);
  g_assert_cmpuint (log.calls, >, 0);

  /* reproducible: identical weights, statistics and id */
  m2 = akin_trainer_train (ds.tracks, N_TRACKS, &o, NULL, NULL, NULL, &r2, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (m1->net2d->params, m1->net2d->n_params * 4, m2->net2d->params,
                   m2->net2d->n_params * 4);
  g_assert_cmpmem (m1->net1d->params, m1->net1d->n_params * 4, m2->net1d->params,
                   m2->net1d->n_params * 4);
  g_assert_cmpmem (m1->fusion_mean, m1->net1d->input_size * 4, m2->fusion_mean,
                   m2->net1d->input_size * 4);
  g_assert_cmpstr (akin_model_get_id (m1), ==, akin_model_get_id (m2));

  /* split by track: 2 of 6 validate */
  g_assert_cmpuint (m1->info.n_val_tracks, ==, 2);
  g_assert_cmpuint (m1->info.n_train_tracks, ==, 4);
  g_assert_cmpuint (m1->info.best_epoch_2d, >=, 1);
  g_assert_cmpuint (m1->info.best_epoch_2d, <=, o.epochs_2d);

  /* the report: one row per epoch, losses falling in the 2D stage */
  g_assert_cmpuint (r1->epochs->len, ==, o.epochs_2d + o.epochs_1d);
  first2d = &g_array_index (r1->epochs, AkinTrainEpoch, 0);
  last2d = &g_array_index (r1->epochs, AkinTrainEpoch, o.epochs_2d - 1);
  g_assert_cmpint (last2d->stage, ==, AKIN_TRAIN_STAGE_2D);
  g_assert_cmpfloat (last2d->train_loss, <, first2d->train_loss);
  g_test_message ("2D loss %.4g → %.4g", first2d->train_loss, last2d->train_loss);

  /* no dead latent units, and the count agrees with a recount */
  g_assert_cmpuint (r1->latent_size_2d, ==, 16);
  g_assert_cmpuint (r1->code_size, ==, 16); /* 21 → 11 → 6 → 3 → 2 → 1 → 1 */
  g_assert_cmpuint (r1->dead_units_2d, ==, 0);
  g_assert_cmpuint (r1->dead_units_1d, ==, 0);

  g_assert_true (akin_train_report_write (r1, m1, tsv_path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (tsv_path, &tsv, NULL, NULL));
  g_test_message ("%s", tsv);
  g_assert_nonnull (strstr (tsv, "stage\tepoch\ttrain_loss\tval_loss"));
  g_assert_nonnull (strstr (tsv, "# dead_units_2d\t0\tof 16"));
  g_assert_nonnull (strstr (tsv, akin_model_get_id (m1)));
  g_assert_nonnull (strstr (tsv, "\n1d\t20\t"));

  /* the track vectors' statistics come from the training songs: finite,
   * deviations positive, and not left at the identity */
  {
    gboolean moved = FALSE;

    for (guint j = 0; j < 32; j++)
      {
        g_assert_true (isfinite (m1->vector_mean[j]));
        g_assert_cmpfloat (m1->vector_std[j], >, 0.0f);
        moved = moved || m1->vector_mean[j] != 0.0f || m1->vector_std[j] != 1.0f;
      }
    g_assert_true (moved);
    g_assert_cmpmem (m1->vector_mean, 32 * 4, m2->vector_mean, 32 * 4);
  }

  /* the trained model embeds a track */
  {
    float v[32];

    g_assert_cmpuint (akin_model_get_vector_size (m1), ==, 32);
    g_assert_true (akin_encoder_embed (m1, NULL, ds.tracks[0].slices, ds.tracks[0].n_slices,
                                       &ds.tracks[0].descriptors, v, &error));
    g_assert_no_error (error);
  }

  g_unlink (tsv_path);
  g_rmdir (dir);
  dataset_clear (&ds);
}

static void
test_train_cancel (void)
{
  Dataset ds;
  AkinTrainerOptions o;
  g_autoptr (GError) error = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  AkinModel *model;
  ProgressLog log = { 0 };

  dataset_init (&ds, H, W);
  small_options (&o);
  log.cancellable = cancellable;
  log.cancel_after = 3;
  model = akin_trainer_train (ds.tracks, N_TRACKS, &o, on_progress, &log, cancellable, NULL,
                              &error);
  g_assert_null (model);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (log.calls, ==, 3);
  dataset_clear (&ds);
}

static void
test_train_invalid (void)
{
  Dataset ds;
  AkinTrainerOptions o;
  g_autoptr (GError) error = NULL;
  AkinModel *model;

  dataset_init (&ds, H, W);
  small_options (&o);

  /* one track is not enough for a split */
  model = akin_trainer_train (ds.tracks, 1, &o, NULL, NULL, NULL, NULL, &error);
  g_assert_null (model);
  g_assert_error (error, AKIN_ERROR, AKIN_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* a NaN in the input */
  ds.data[2][5] = NAN;
  model = akin_trainer_train (ds.tracks, N_TRACKS, &o, NULL, NULL, NULL, NULL, &error);
  g_assert_null (model);
  g_assert_error (error, AKIN_ERROR, AKIN_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  ds.data[2][5] = 0.0f;

  /* a learning rate that blows the weights up stops with a clear error */
  o.learning_rate = 1e30f;
  model = akin_trainer_train (ds.tracks, N_TRACKS, &o, NULL, NULL, NULL, NULL, &error);
  g_assert_null (model);
  g_assert_error (error, AKIN_ERROR, AKIN_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "diverged"));
  dataset_clear (&ds);
}

/* The exact shipped architecture (16 × 256 → 64 → 69 → 32), briefly. */
static void
test_train_shipped_architecture (void)
{
  Dataset ds;
  AkinTrainerOptions o;
  g_autoptr (GError) error = NULL;
  g_autoptr (AkinModel) model = NULL;
  g_autoptr (AkinTrainReport) report = NULL;
  float v[AKIN_ENCODER_VECTOR_SIZE];
  double norm = 0.0;

  dataset_init (&ds, AKIN_ENCODER_N_MFCC, AKIN_ENCODER_SLICE_FRAMES);
  akin_trainer_options_init (&o);
  o.epochs_2d = 2;
  o.epochs_1d = 3;
  o.batch_size = 8;
  o.validation_fraction = 0.34;

  model = akin_trainer_train (ds.tracks, N_TRACKS, &o, NULL, NULL, NULL, &report, &error);
  g_assert_no_error (error);
  g_assert_true (akin_model_check_default_architecture (model, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->latent_size_2d, ==, 64);
  g_assert_cmpuint (report->code_size, ==, 32);
  g_assert_cmpuint (report->dead_units_2d, ==, 0);
  g_assert_cmpuint (report->dead_units_1d, ==, 0);

  g_assert_true (akin_encoder_embed (model, NULL, ds.tracks[1].slices, ds.tracks[1].n_slices,
                                     &ds.tracks[1].descriptors, v, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (v); i++)
    norm += (double) v[i] * v[i];
  g_assert_cmpfloat_with_epsilon (norm, 1.0, 1e-5);
  dataset_clear (&ds);
}


static void
test_train_contrastive_identity (void)
{
  AkinTrainingTrack tracks[ID_TRACKS];
  float *data[ID_TRACKS];
  AkinTrainerOptions o;
  double plain, contrastive;
  AkinRng rng;

  memset (tracks, 0, sizeof tracks);
  akin_rng_init (&rng, 31);
  for (guint k = 0; k < ID_TRACKS; k++)
    {
      float envelope[H];

      for (guint r = 0; r < H; r++)
        envelope[r] = (float) (10.0 * akin_rng_normal (&rng));
      data[k] = g_new (float, (gsize) ID_SLICES * H * W);
      for (guint s = 0; s < ID_SLICES; s++)
        {
          double rate = 0.05 + 0.3 * akin_rng_uniform (&rng);
          double phase = 6.28 * akin_rng_uniform (&rng);
          guint onset = akin_rng_below (&rng, W);

          for (guint r = 0; r < H; r++)
            for (guint t = 0; t < W; t++)
              data[k][((gsize) s * H + r) * W + t] =
                (float) (envelope[r] + 20.0 * sin (rate * t + phase + 0.2 * r) +
                         (t >= onset ? 15.0 : -15.0) + akin_rng_normal (&rng));
        }
      tracks[k].slices = data[k];
      tracks[k].n_slices = ID_SLICES;
      tracks[k].descriptors = (AkinTrackDescriptors) { 120.0, 3000.0, 0, AKIN_MODE_MAJOR };
    }

  small_options (&o);
  o.epochs_2d = 15;
  o.epochs_1d = 1;
  o.batch_size = 16;
  o.validation_fraction = 0.25;
  o.augment = (AkinAugment) { 0 }; /* the envelope is faint: keep it intact */
  o.contrastive_weight_2d = 0.0f;
  plain = latent_retrieval (&o, tracks, FALSE);
  o.contrastive_weight_2d = 1.0f;
  contrastive = latent_retrieval (&o, tracks, FALSE);
  g_test_message ("same-song retrieval of the 2D latents, k = 3: reconstruction %.3f, "
                  "with NT-Xent %.3f (chance %.3f)", plain, contrastive,
                  (ID_SLICES - 1.0) / (ID_TRACKS * ID_SLICES - 1.0));
  g_assert_cmpfloat (contrastive, >, plain + 0.15);

  for (guint k = 0; k < ID_TRACKS; k++)
    g_free (data[k]);
}

/* Fine-tuning starts from the given model's networks and MFCC statistics:
 * with a vanishing step, the result is that model's weights; a model of
 * other architectures is refused. */
static void
test_train_init (void)
{
  Dataset ds;
  AkinTrainerOptions o;
  g_autoptr (GError) error = NULL;
  g_autoptr (AkinModel) base = NULL;
  g_autoptr (AkinModel) tuned = NULL;
  g_autoptr (AkinModel) other = NULL;
  double d2 = 0.0, d1 = 0.0;

  dataset_init (&ds, H, W);
  small_options (&o);
  o.epochs_2d = 2;
  o.epochs_1d = 2;
  base = akin_trainer_train (ds.tracks, N_TRACKS, &o, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  o.init = base;
  o.seed = 99; /* another random start, which must not matter */
  o.learning_rate = 1e-12f;
  tuned = akin_trainer_train (ds.tracks, N_TRACKS, &o, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (tuned->mfcc_mean, H * 4, base->mfcc_mean, H * 4);
  g_assert_cmpmem (tuned->mfcc_std, H * 4, base->mfcc_std, H * 4);
  for (gsize i = 0; i < base->net2d->n_params; i++)
    d2 = MAX (d2, fabs (tuned->net2d->params[i] - base->net2d->params[i]));
  for (gsize i = 0; i < base->net1d->n_params; i++)
    d1 = MAX (d1, fabs (tuned->net1d->params[i] - base->net1d->params[i]));
  g_assert_cmpfloat (d2, <, 1e-6);
  g_assert_cmpfloat (d1, <, 1e-6);

  o.spec2d.in_w = W / 2;
  o.spec1d.in_w = 8 + AKIN_FUSION_N_DESCRIPTORS;
  other = akin_trainer_train (ds.tracks, N_TRACKS, &o, NULL, NULL, NULL, NULL, &error);
  g_assert_error (error, AKIN_ERROR, AKIN_ERROR_MODEL_MISMATCH);
  g_assert_null (other);
  dataset_clear (&ds);
}

/* Two threads share each step's batch: the model is the one a single
 * thread makes, byte for byte. */
static void
test_train_threads (void)
{
  Dataset ds;
  AkinTrainerOptions o;
  g_autoptr (GError) error = NULL;
  g_autoptr (AkinModel) one = NULL;
  g_autoptr (AkinModel) two = NULL;

  dataset_init (&ds, H, W);
  small_options (&o);
  o.epochs_2d = 3;
  o.epochs_1d = 3;
  one = akin_trainer_train (ds.tracks, N_TRACKS, &o, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  o.threads = 2;
  two = akin_trainer_train (ds.tracks, N_TRACKS, &o, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (one->net2d->params, one->net2d->n_params * 4, two->net2d->params,
                   two->net2d->n_params * 4);
  g_assert_cmpmem (one->net1d->params, one->net1d->n_params * 4, two->net1d->params,
                   two->net1d->n_params * 4);
  g_assert_cmpstr (akin_model_get_id (one), ==, akin_model_get_id (two));
  dataset_clear (&ds);
}


/* Training only the 1D stage on top of another model's 2D stage keeps that
 * stage bit for bit, and refuses a model of another 2D architecture. */
static void
test_train_start_2d (void)
{
  Dataset ds;
  AkinTrainerOptions o;
  g_autoptr (GError) error = NULL;
  g_autoptr (AkinModel) base = NULL;
  g_autoptr (AkinModel) model = NULL;
  g_autoptr (AkinModel) other = NULL;
  g_autoptr (AkinTrainReport) report = NULL;

  dataset_init (&ds, H, W);
  small_options (&o);
  o.epochs_2d = 3;
  o.epochs_1d = 2;
  base = akin_trainer_train (ds.tracks, N_TRACKS, &o, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  o.start_2d = base;
  o.epochs_1d = 4;
  o.contrastive_weight_1d = 1.0f;
  model = akin_trainer_train (ds.tracks, N_TRACKS, &o, NULL, NULL, NULL, &report, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (model->net2d->params, model->net2d->n_params * 4, base->net2d->params,
                   base->net2d->n_params * 4);
  g_assert_cmpmem (model->mfcc_mean, H * 4, base->mfcc_mean, H * 4);
  g_assert_cmpmem (model->mfcc_std, H * 4, base->mfcc_std, H * 4);
  g_assert_cmpuint (model->info.best_epoch_2d, ==, base->info.best_epoch_2d);
  g_assert_cmpfloat (model->info.val_loss_2d, ==, base->info.val_loss_2d);
  /* the same split, hence the same fusion statistics */
  g_assert_cmpmem (model->fusion_mean, model->net1d->input_size * 4, base->fusion_mean,
                   base->net1d->input_size * 4);
  /* only 1D epochs were run */
  g_assert_cmpuint (report->epochs->len, ==, 4);
  for (guint i = 0; i < report->epochs->len; i++)
    g_assert_cmpint (g_array_index (report->epochs, AkinTrainEpoch, i).stage, ==,
                     AKIN_TRAIN_STAGE_1D);
  g_assert_cmpstr (akin_model_get_id (model), !=, akin_model_get_id (base));

  o.spec2d.in_w = W / 2;
  o.spec1d.in_w = 8 + AKIN_FUSION_N_DESCRIPTORS;
  other = akin_trainer_train (ds.tracks, N_TRACKS, &o, NULL, NULL, NULL, NULL, &error);
  g_assert_error (error, AKIN_ERROR, AKIN_ERROR_MODEL_MISMATCH);
  g_assert_null (other);

  dataset_clear (&ds);
}

#define DESC_TRACKS 8
#define DESC_SLICES 6

/* Slices that are the same pattern in every song, up to faint noise, songs
 * told apart only by their descriptors: the 1D stage's validation retrieval must not
 * find songs through the descriptors (they are constant within a song, so
 * they would make it 1), and stays near chance. */
static void
test_train_contrastive_1d_descriptors (void)
{
  AkinTrainingTrack tracks[DESC_TRACKS] = { { 0 } };
  float *data[DESC_TRACKS];
  AkinTrainerOptions o;
  g_autoptr (GError) error = NULL;
  g_autoptr (AkinModel) model = NULL;
  g_autoptr (AkinTrainReport) report = NULL;
  double chance, best = 0.0;
  AkinRng rng;

  akin_rng_init (&rng, 11);
  for (guint k = 0; k < DESC_TRACKS; k++)
    {
      data[k] = g_new (float, (gsize) DESC_SLICES * H * W);
      for (gsize i = 0; i < (gsize) DESC_SLICES * H * W; i++)
        data[k][i] = (float) (10.0 * sin (0.37 * (double) i) + 0.01 * akin_rng_normal (&rng));
      tracks[k].slices = data[k];
      tracks[k].n_slices = DESC_SLICES;
      tracks[k].descriptors =
        (AkinTrackDescriptors) { 60.0 + 17.0 * k, 800.0 + 900.0 * k, (int) (k * 7) % 12,
                                 k % 2 ? AKIN_MODE_MINOR : AKIN_MODE_MAJOR };
    }

  small_options (&o);
  o.epochs_2d = 2;
  o.epochs_1d = 6;
  o.batch_size = 8;
  o.validation_fraction = 0.5;
  o.contrastive_weight_1d = 1.0f;
  /* the descriptor block dominates the fused vector */
  o.latent_weight = 0.05f;
  o.descriptor_weight = 5.0f;
  model = akin_trainer_train (tracks, DESC_TRACKS, &o, NULL, NULL, NULL, &report, &error);
  g_assert_no_error (error);

  /* 4 validation songs of 6 slices, k = 5, every slice two apart in time
   * from another (positions are consecutive: the nearest ones in time are
   * left out, see akin_same_song_retrieval()) */
  chance = (DESC_SLICES - 3.0) / (DESC_TRACKS / 2 * DESC_SLICES - 3.0);
  for (guint i = 0; i < report->epochs->len; i++)
    {
      const AkinTrainEpoch *e = &g_array_index (report->epochs, AkinTrainEpoch, i);

      if (e->stage == AKIN_TRAIN_STAGE_1D)
        best = MAX (best, e->val_same_song);
    }
  g_test_message ("1D validation retrieval %.3f (chance about %.3f)", best, chance);
  g_assert_cmpfloat (best, <, 0.5);

  for (guint k = 0; k < DESC_TRACKS; k++)
    g_free (data[k]);
}

typedef struct
{
  AkinTrainStage stage;
  guint          epoch;
  GCancellable  *cancellable;
} StopAt;

static void
stop_at (const AkinTrainProgress *p, gpointer user_data)
{
  StopAt *at = user_data;

  if (p->stage == at->stage && p->epoch == at->epoch)
    g_cancellable_cancel (at->cancellable);
}

/* A run stopped in either stage and resumed from its checkpoint makes the
 * model and report of the run that was never stopped, bit for bit; a
 * checkpoint of another run, a damaged one and a missing one are refused. */
static void
test_train_resume (void)
{
  Dataset ds;
  AkinTrainerOptions o;
  g_autoptr (GError) error = NULL;
  g_autoptr (AkinModel) full = NULL;
  g_autoptr (AkinTrainReport) full_report = NULL;
  g_autoptr (GBytes) full_bytes = NULL;
  g_autofree char *dir = g_dir_make_tmp ("akin-test-resume-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "run.checkpoint", NULL);
  const AkinTrainStage stages[] = { AKIN_TRAIN_STAGE_2D, AKIN_TRAIN_STAGE_1D };

  dataset_init (&ds, H, W);
  small_options (&o);
  o.epochs_2d = 4;
  o.epochs_1d = 4;
  full = akin_trainer_train (ds.tracks, N_TRACKS, &o, NULL, NULL, NULL, &full_report, &error);
  g_assert_no_error (error);
  full_bytes = akin_model_serialize (full);

  for (guint k = 0; k < G_N_ELEMENTS (stages); k++)
    {
      g_autoptr (GCancellable) cancellable = g_cancellable_new ();
      g_autoptr (AkinModel) stopped = NULL;
      g_autoptr (AkinModel) resumed = NULL;
      g_autoptr (AkinTrainReport) report = NULL;
      g_autoptr (GBytes) bytes = NULL;
      StopAt at = { stages[k], 3, cancellable };

      o.checkpoint = path;
      o.resume = FALSE;
      stopped = akin_trainer_train (ds.tracks, N_TRACKS, &o, stop_at, &at, cancellable, NULL,
                                    &error);
      g_assert_null (stopped);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_clear_error (&error);
      g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

      o.resume = TRUE;
      resumed = akin_trainer_train (ds.tracks, N_TRACKS, &o, NULL, NULL, NULL, &report, &error);
      g_assert_no_error (error);
      bytes = akin_model_serialize (resumed);
      g_assert_true (g_bytes_equal (bytes, full_bytes));
      g_assert_cmpuint (report->epochs->len, ==, full_report->epochs->len);
      for (guint i = 0; i < report->epochs->len; i++)
        {
          const AkinTrainEpoch *a = &g_array_index (report->epochs, AkinTrainEpoch, i);
          const AkinTrainEpoch *b = &g_array_index (full_report->epochs, AkinTrainEpoch, i);

          g_assert_cmpint (a->stage, ==, b->stage);
          g_assert_cmpuint (a->epoch, ==, b->epoch);
          g_assert_cmpfloat (a->train_loss, ==, b->train_loss);
          g_assert_cmpfloat (a->val_same_song, ==, b->val_same_song);
        }
    }

  /* another run's checkpoint: other options */
  {
    AkinTrainerOptions other = o;
    g_autoptr (AkinModel) m = NULL;

    other.seed = 6;
    m = akin_trainer_train (ds.tracks, N_TRACKS, &other, NULL, NULL, NULL, NULL, &error);
    g_assert_null (m);
    g_assert_error (error, AKIN_ERROR, AKIN_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
  }

  /* a damaged checkpoint */
  {
    g_autofree char *data = NULL;
    g_autoptr (AkinModel) m = NULL;
    gsize len;

    g_assert_true (g_file_get_contents (path, &data, &len, NULL));
    data[len / 2] ^= 0x20;
    g_assert_true (g_file_set_contents (path, data, len, NULL));
    m = akin_trainer_train (ds.tracks, N_TRACKS, &o, NULL, NULL, NULL, NULL, &error);
    g_assert_null (m);
    g_assert_error (error, AKIN_ERROR, AKIN_ERROR_MODEL_INVALID);
    g_assert_nonnull (strstr (error->message, path));
    g_clear_error (&error);
  }

  /* none at all */
  {
    g_autoptr (AkinModel) m = NULL;

    g_assert_cmpint (g_unlink (path), ==, 0);
    m = akin_trainer_train (ds.tracks, N_TRACKS, &o, NULL, NULL, NULL, NULL, &error);
    g_assert_null (m);
    g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  }

  g_rmdir (dir);
  dataset_clear (&ds);
}

/* Averaging the 1D stage's last epochs: the kept network is the mean of
 * the weights each epoch ended with (those of shorter runs, kept with an
 * average of one); a run stopped in the middle of the averaged epochs and
 * resumed makes the same model. */
static void
test_train_average_1d (void)
{
  Dataset ds;
  AkinTrainerOptions o;
  g_autoptr (GError) error = NULL;
  g_autoptr (AkinModel) two = NULL;
  g_autoptr (AkinModel) three = NULL;
  g_autoptr (AkinModel) mean = NULL;
  g_autoptr (AkinModel) resumed = NULL;
  g_autoptr (AkinModel) stopped = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GBytes) mean_bytes = NULL;
  g_autoptr (GBytes) resumed_bytes = NULL;
  g_autofree char *dir = g_dir_make_tmp ("akin-test-average-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "run.checkpoint", NULL);
  StopAt at = { AKIN_TRAIN_STAGE_1D, 3, cancellable };

  dataset_init (&ds, H, W);
  small_options (&o);
  o.epochs_2d = 2;
  o.average_1d = 1;
  o.epochs_1d = 2;
  two = akin_trainer_train (ds.tracks, N_TRACKS, &o, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  o.epochs_1d = 3;
  three = akin_trainer_train (ds.tracks, N_TRACKS, &o, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  o.average_1d = 2;
  mean = akin_trainer_train (ds.tracks, N_TRACKS, &o, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mean->info.best_epoch_1d, ==, 3);
  assert_mean_net (mean->net1d, two->net1d, three->net1d);

  o.epochs_1d = 4;
  o.average_1d = 3;
  g_clear_pointer (&mean, akin_model_free);
  mean = akin_trainer_train (ds.tracks, N_TRACKS, &o, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  mean_bytes = akin_model_serialize (mean);
  o.checkpoint = path;
  stopped = akin_trainer_train (ds.tracks, N_TRACKS, &o, stop_at, &at, cancellable, NULL, &error);
  g_assert_null (stopped);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  o.resume = TRUE;
  resumed = akin_trainer_train (ds.tracks, N_TRACKS, &o, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  resumed_bytes = akin_model_serialize (resumed);
  g_assert_true (g_bytes_equal (resumed_bytes, mean_bytes));

  g_remove (path);
  g_rmdir (dir);
  dataset_clear (&ds);
}

/* The 2D network kept with an average over its last two epochs is the
 * mean of the networks that two- and three-epoch runs end with. */
static void
test_train_average_2d (void)
{
  Dataset ds;
  AkinTrainerOptions o;
  g_autoptr (AkinModel) two = NULL;
  g_autoptr (AkinModel) three = NULL;
  g_autoptr (AkinModel) mean = NULL;

  dataset_init (&ds, H, W);
  small_options (&o);
  o.epochs_1d = 1;
  o.average_2d = 1;
  o.epochs_2d = 2;
  two = train_ok (ds.tracks, N_TRACKS, &o);
  o.epochs_2d = 3;
  three = train_ok (ds.tracks, N_TRACKS, &o);
  o.average_2d = 2;
  mean = train_ok (ds.tracks, N_TRACKS, &o);
  g_assert_cmpuint (mean->info.best_epoch_2d, ==, 3);
  assert_mean_net (mean->net2d, two->net2d, three->net2d);
  dataset_clear (&ds);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/trainer/end-to-end", test_train_end_to_end);
  g_test_add_func ("/trainer/cancel", test_train_cancel);
  g_test_add_func ("/trainer/resume", test_train_resume);
  g_test_add_func ("/trainer/invalid", test_train_invalid);
  g_test_add_func ("/trainer/shipped-architecture", test_train_shipped_architecture);
  g_test_add_func ("/trainer/contrastive-identity", test_train_contrastive_identity);
  g_test_add_func ("/trainer/start-2d", test_train_start_2d);
  g_test_add_func ("/trainer/init", test_train_init);
  g_test_add_func ("/trainer/threads", test_train_threads);
  g_test_add_func ("/trainer/average-1d", test_train_average_1d);
  g_test_add_func ("/trainer/average-2d", test_train_average_2d);
  g_test_add_func ("/trainer/contrastive-1d-descriptors", test_train_contrastive_1d_descriptors);
  return g_test_run ();
}
