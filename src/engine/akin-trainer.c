/* akin-trainer.c: training both autoencoders from an in-memory dataset
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * 1. Split the tracks into training and validation sets with a seeded
 *    shuffle (by track, so no song is on both sides).
 * 2. MFCC statistics per coefficient from the training slices; standardise.
 * 3. Train the 2D autoencoder (Adam, MSE, mini-batches in a seeded order),
 *    keep the weights of the epoch with the lowest validation loss.
 * 4. Encode every slice, compute the fusion statistics (latent units and
 *    descriptor features) on the training split, build the fused vectors.
 * 5. Train the 1D autoencoder on them the same way.
 * 6. Count dead units on the validation split.
 *
 * Everything runs on the calling thread with single-threaded BLAS, so a
 * seed gives the same weights run after run on one machine.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "akin-encoder.h"
#include "akin-error.h"
#include "akin-trainer.h"

typedef struct
{
  const AkinTrainerOptions *options;
  AkinTrainProgressFunc     progress;
  gpointer                  user_data;
  GCancellable             *cancellable;
  AkinTrainReport          *report;
  AkinRng                   rng;
} Trainer;

/**
 * akin_trainer_options_init:
 * @options: (out caller-allocates): options to fill with the defaults
 *
 * Seed 1, 30 epochs per stage, batches of 32, learning rate 1e-3, 15 % of
 * the tracks for validation, block weights 1, the shipped architectures.
 */
void
akin_trainer_options_init (AkinTrainerOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->seed = 1;
  options->epochs_2d = 30;
  options->epochs_1d = 30;
  options->batch_size = 32;
  options->learning_rate = 1e-3f;
  options->validation_fraction = 0.15;
  options->latent_weight = 1.0f;
  options->descriptor_weight = 1.0f;
  akin_encoder_default_spec_2d (&options->spec2d);
  akin_encoder_default_spec_1d (&options->spec1d);
}

static double
validation_loss (const AkinNet *net, AkinNetWorkspace *ws, const float *x, guint n, guint batch)
{
  double sum = 0.0;

  for (guint start = 0; start < n; start += batch)
    {
      guint m = MIN (batch, n - start);

      sum += akin_net_loss (net, ws, x + (gsize) start * net->input_size, m) * m;
    }
  return sum / n;
}

/* Trains @net on @train, keeping the parameters of the best validation epoch. */
static gboolean
train_net (Trainer        *t,
           AkinTrainStage  stage,
           AkinNet        *net,
           guint           n_epochs,
           const float    *train,
           guint           n_train,
           const float    *val,
           guint           n_val,
           guint          *best_epoch,
           float          *best_loss,
           GError        **error)
{
  guint batch = t->options->batch_size;
  g_autoptr (AkinNetWorkspace) ws = akin_net_workspace_new (net, batch, AKIN_NET_WORKSPACE_TRAIN);
  g_autoptr (AkinAdam) adam = akin_adam_new (net->n_params, t->options->learning_rate);
  g_autofree float *grads = g_new (float, net->n_params);
  g_autofree float *best = g_memdup2 (net->params, net->n_params * sizeof (float));
  g_autofree float *x = g_new (float, (gsize) batch * net->input_size);
  g_autofree guint *order = g_new (guint, n_train);
  guint n_batches = (n_train + batch - 1) / batch;
  gint64 stage_start = g_get_monotonic_time ();
  double best_val = INFINITY, last_val = NAN;

  akin_net_init_weights (net, &t->rng);
  *best_epoch = 0;

  for (guint epoch = 1; epoch <= n_epochs; epoch++)
    {
      gint64 epoch_start = g_get_monotonic_time ();
      double sum = 0.0, val_loss;
      AkinTrainEpoch record = { 0 };

      for (guint i = 0; i < n_train; i++)
        order[i] = i;
      akin_rng_shuffle (&t->rng, order, n_train);

      for (guint b = 0; b < n_batches; b++)
        {
          guint m = MIN (batch, n_train - b * batch);
          double loss;

          if (g_cancellable_set_error_if_cancelled (t->cancellable, error))
            return FALSE;
          for (guint i = 0; i < m; i++)
            memcpy (x + (gsize) i * net->input_size,
                    train + (gsize) order[b * batch + i] * net->input_size,
                    net->input_size * sizeof (float));
          loss = akin_net_gradient (net, ws, x, m, grads);
          if (!isfinite (loss) || !akin_nn_all_finite (grads, net->n_params))
            {
              g_set_error (error, AKIN_ERROR, AKIN_ERROR_FAILED,
                           "Training diverged: the %s autoencoder's loss became %g in epoch %u",
                           stage == AKIN_TRAIN_STAGE_2D ? "2D" : "1D", loss, epoch);
              return FALSE;
            }
          akin_adam_step (adam, net->params, grads);
          sum += loss * m;

          if (t->progress != NULL)
            {
              AkinTrainProgress p = {
                .stage = stage,
                .epoch = epoch,
                .n_epochs = n_epochs,
                .batch = b + 1,
                .n_batches = n_batches,
                .train_loss = sum / (double) MIN (n_train, (b + 1) * batch),
                .val_loss = last_val,
                .elapsed = (g_get_monotonic_time () - stage_start) / 1e6,
              };

              t->progress (&p, t->user_data);
            }
        }

      record.seconds = (g_get_monotonic_time () - epoch_start) / 1e6;
      val_loss = validation_loss (net, ws, val, n_val, batch);
      if (!isfinite (val_loss))
        {
          g_set_error (error, AKIN_ERROR, AKIN_ERROR_FAILED,
                       "Training diverged: validation loss %g in epoch %u", val_loss, epoch);
          return FALSE;
        }
      last_val = val_loss;
      record.stage = stage;
      record.epoch = epoch;
      record.train_loss = sum / n_train;
      record.val_loss = val_loss;
      record.slices_per_second = record.seconds > 0 ? n_train / record.seconds : 0.0;
      g_array_append_val (t->report->epochs, record);

      if (val_loss < best_val)
        {
          best_val = val_loss;
          *best_epoch = epoch;
          memcpy (best, net->params, net->n_params * sizeof (float));
        }
    }

  memcpy (net->params, best, net->n_params * sizeof (float));
  *best_loss = (float) best_val;
  return TRUE;
}

static gboolean
check_tracks (const AkinTrainingTrack *tracks, guint n_tracks, gsize in_size, GError **error)
{
  if (n_tracks < 2)
    {
      g_set_error (error, AKIN_ERROR, AKIN_ERROR_INVALID_ARGUMENT,
                   "Training needs at least two tracks (one for validation), got %u", n_tracks);
      return FALSE;
    }
  for (guint i = 0; i < n_tracks; i++)
    {
      if (tracks[i].n_slices == 0 || tracks[i].slices == NULL)
        {
          g_set_error (error, AKIN_ERROR, AKIN_ERROR_INVALID_ARGUMENT,
                       "Training track %u has no slices", i);
          return FALSE;
        }
      if (!akin_nn_all_finite (tracks[i].slices, tracks[i].n_slices * in_size))
        {
          g_set_error (error, AKIN_ERROR, AKIN_ERROR_INVALID_ARGUMENT,
                       "Training track %u has NaN or infinite MFCC values", i);
          return FALSE;
        }
    }
  return TRUE;
}

/* Concatenates the slices of the tracks listed in @ids, standardised. */
static float *
gather_slices (const AkinModel         *model,
               const AkinTrainingTrack *tracks,
               const guint             *ids,
               guint                    n_ids,
               guint                   *n_slices)
{
  gsize in_size = model->net2d->input_size;
  guint total = 0, k = 0;
  float *out;

  for (guint i = 0; i < n_ids; i++)
    total += tracks[ids[i]].n_slices;
  out = g_new (float, (gsize) total * in_size);
  for (guint i = 0; i < n_ids; i++)
    for (guint s = 0; s < tracks[ids[i]].n_slices; s++, k++)
      akin_encoder_standardize (model, tracks[ids[i]].slices + s * in_size,
                                out + (gsize) k * in_size);
  *n_slices = total;
  return out;
}

static void
mfcc_statistics (AkinModel *model, const AkinTrainingTrack *tracks, const guint *ids, guint n_ids)
{
  guint h = model->net2d->spec.in_h, w = model->net2d->spec.in_w;

  for (guint r = 0; r < h; r++)
    {
      double sum = 0.0, sum2 = 0.0, mean, var;
      gsize count = 0;

      for (guint i = 0; i < n_ids; i++)
        for (guint s = 0; s < tracks[ids[i]].n_slices; s++)
          {
            const float *row = tracks[ids[i]].slices + ((gsize) s * h + r) * w;

            for (guint f = 0; f < w; f++)
              sum += row[f];
            count += w;
          }
      mean = sum / (double) count;
      for (guint i = 0; i < n_ids; i++)
        for (guint s = 0; s < tracks[ids[i]].n_slices; s++)
          {
            const float *row = tracks[ids[i]].slices + ((gsize) s * h + r) * w;

            for (guint f = 0; f < w; f++)
              sum2 += (row[f] - mean) * (row[f] - mean);
          }
      var = sum2 / (double) count;
      model->mfcc_mean[r] = (float) mean;
      model->mfcc_std[r] = var > 1e-12 ? (float) sqrt (var) : 1.0f;
    }
}

/* Raw fusion rows (latent ⊕ descriptor features, before z-scoring). */
static float *
raw_fusion_rows (const AkinModel         *model,
                 const AkinTrainingTrack *tracks,
                 const guint             *ids,
                 guint                    n_ids,
                 const float             *standardized,
                 guint                    n_slices)
{
  const AkinNet *net = model->net2d;
  gsize dim = net->latent_size + AKIN_FUSION_N_DESCRIPTORS;
  g_autoptr (AkinNetWorkspace) ws = akin_net_workspace_new (net, 8, AKIN_NET_WORKSPACE_ENCODE);
  float *rows = g_new (float, (gsize) n_slices * dim);
  guint k = 0;

  for (guint start = 0; start < n_slices; start += 8)
    {
      guint m = MIN (8, n_slices - start);
      const float *lat = akin_net_encode (net, ws, standardized + (gsize) start * net->input_size, m);

      for (guint i = 0; i < m; i++)
        memcpy (rows + (gsize) (start + i) * dim, lat + i * net->latent_size,
                net->latent_size * sizeof (float));
    }
  for (guint i = 0; i < n_ids; i++)
    {
      float features[AKIN_FUSION_N_DESCRIPTORS];

      akin_fusion_descriptor_features (&tracks[ids[i]].descriptors, features);
      for (guint s = 0; s < tracks[ids[i]].n_slices; s++, k++)
        memcpy (rows + (gsize) k * dim + net->latent_size, features, sizeof features);
    }
  g_assert (k == n_slices);
  return rows;
}

static void
fuse_rows (const AkinModel *model, float *rows, guint n_rows)
{
  gsize latent = model->net2d->latent_size;
  gsize dim = latent + AKIN_FUSION_N_DESCRIPTORS;
  g_autofree float *tmp = g_new (float, dim);

  for (guint i = 0; i < n_rows; i++)
    {
      float *row = rows + (gsize) i * dim;

      akin_fusion_build (row, latent, row + latent, model->fusion_mean, model->fusion_std,
                         model->latent_weight, model->descriptor_weight, tmp);
      memcpy (row, tmp, dim * sizeof (float));
    }
}

static guint
dead_units (const AkinNet *net, const float *x, guint n)
{
  g_autoptr (AkinNetWorkspace) ws = akin_net_workspace_new (net, 8, AKIN_NET_WORKSPACE_ENCODE);
  g_autofree float *codes = g_new (float, (gsize) n * net->latent_size);

  for (guint start = 0; start < n; start += 8)
    {
      guint m = MIN (8, n - start);

      memcpy (codes + (gsize) start * net->latent_size,
              akin_net_encode (net, ws, x + (gsize) start * net->input_size, m),
              m * net->latent_size * sizeof (float));
    }
  return akin_encoder_count_dead_units (codes, n, net->latent_size);
}

/**
 * akin_trainer_train:
 * @tracks: the dataset
 * @n_tracks: ≥ 2
 * @options: training options (see akin_trainer_options_init())
 * @progress: (nullable) (scope call): called after every mini-batch, on the
 *   calling thread
 * @user_data: for @progress
 * @cancellable: (nullable): checked between mini-batches
 * @report: (out) (optional) (transfer full): losses per epoch and dead units
 * @error: return location for an error
 *
 * Trains a model. Blocks for as long as training takes: run it in a worker
 * thread (or the CLI's main thread). Sets OpenBLAS to one thread.
 *
 * Returns: (transfer full) (nullable): the model, its id set; or %NULL with
 *   %G_IO_ERROR_CANCELLED, %AKIN_ERROR_INVALID_ARGUMENT (bad dataset or
 *   options), %AKIN_ERROR_MODEL_MISMATCH (bad architecture) or
 *   %AKIN_ERROR_FAILED (the loss became NaN or infinite).
 */
AkinModel *
akin_trainer_train (const AkinTrainingTrack  *tracks,
                    guint                     n_tracks,
                    const AkinTrainerOptions *options,
                    AkinTrainProgressFunc     progress,
                    gpointer                  user_data,
                    GCancellable             *cancellable,
                    AkinTrainReport         **report,
                    GError                  **error)
{
  g_autoptr (AkinModel) model = NULL;
  g_autoptr (AkinTrainReport) rep = NULL;
  g_autofree guint *ids = NULL;
  g_autofree float *train2d = NULL, *val2d = NULL, *train1d = NULL, *val1d = NULL;
  guint n_val, n_train, n_train_slices, n_val_slices;
  gsize fusion_dim;
  Trainer t = { 0 };

  g_return_val_if_fail (tracks != NULL && options != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (options->batch_size < 1 || options->batch_size > 4096 || options->epochs_2d < 1 ||
      options->epochs_1d < 1 || !(options->learning_rate > 0.0f) ||
      !(options->validation_fraction > 0.0 && options->validation_fraction < 1.0))
    {
      g_set_error (error, AKIN_ERROR, AKIN_ERROR_INVALID_ARGUMENT, "Invalid training options");
      return NULL;
    }
  if ((model = akin_model_new (&options->spec2d, &options->spec1d, error)) == NULL)
    return NULL;
  if (!check_tracks (tracks, n_tracks, model->net2d->input_size, error))
    return NULL;

  akin_nn_blas_single_thread ();
  rep = g_new0 (AkinTrainReport, 1);
  rep->epochs = g_array_new (FALSE, TRUE, sizeof (AkinTrainEpoch));
  t.options = options;
  t.progress = progress;
  t.user_data = user_data;
  t.cancellable = cancellable;
  t.report = rep;
  akin_rng_init (&t.rng, options->seed);

  /* Split by track: the first n_val of a seeded permutation validate. */
  ids = g_new (guint, n_tracks);
  for (guint i = 0; i < n_tracks; i++)
    ids[i] = i;
  akin_rng_shuffle (&t.rng, ids, n_tracks);
  n_val = (guint) CLAMP (lround (options->validation_fraction * n_tracks), 1, (long) n_tracks - 1);
  n_train = n_tracks - n_val;

  model->latent_weight = options->latent_weight;
  model->descriptor_weight = options->descriptor_weight;
  model->info.seed = options->seed;
  model->info.epochs_2d = options->epochs_2d;
  model->info.epochs_1d = options->epochs_1d;
  model->info.n_train_tracks = n_train;
  model->info.n_val_tracks = n_val;
  model->info.note = g_strdup (options->note);

  mfcc_statistics (model, tracks, ids + n_val, n_train);
  train2d = gather_slices (model, tracks, ids + n_val, n_train, &n_train_slices);
  val2d = gather_slices (model, tracks, ids, n_val, &n_val_slices);
  model->info.n_train_slices = n_train_slices;

  if (!train_net (&t, AKIN_TRAIN_STAGE_2D, model->net2d, options->epochs_2d, train2d,
                  n_train_slices, val2d, n_val_slices, &model->info.best_epoch_2d,
                  &model->info.val_loss_2d, error))
    return NULL;

  fusion_dim = model->net1d->input_size;
  train1d = raw_fusion_rows (model, tracks, ids + n_val, n_train, train2d, n_train_slices);
  val1d = raw_fusion_rows (model, tracks, ids, n_val, val2d, n_val_slices);
  rep->latent_size_2d = (guint) model->net2d->latent_size;
  akin_fusion_statistics (train1d, n_train_slices, fusion_dim, model->fusion_mean,
                          model->fusion_std);
  fuse_rows (model, train1d, n_train_slices);
  fuse_rows (model, val1d, n_val_slices);

  if (!train_net (&t, AKIN_TRAIN_STAGE_1D, model->net1d, options->epochs_1d, train1d,
                  n_train_slices, val1d, n_val_slices, &model->info.best_epoch_1d,
                  &model->info.val_loss_1d, error))
    return NULL;

  rep->code_size = (guint) model->net1d->latent_size;
  rep->dead_units_1d = dead_units (model->net1d, val1d, n_val_slices);
  rep->dead_units_2d = dead_units (model->net2d, val2d, n_val_slices);

  akin_model_update_id (model);
  if (report != NULL)
    *report = g_steal_pointer (&rep);
  return g_steal_pointer (&model);
}

/**
 * akin_train_report_to_tsv:
 * @report: a report
 * @model: (nullable): the model it belongs to, for the header
 *
 * Returns: (transfer full): the report as text: `#` comment lines with the
 *   model id, seed and dead-unit counts, then one tab-separated row per
 *   epoch (stage, epoch, train_loss, val_loss, seconds, slices_per_second).
 */
char *
akin_train_report_to_tsv (const AkinTrainReport *report, const AkinModel *model)
{
  GString *s = g_string_new ("# Akin training report\n");

  g_return_val_if_fail (report != NULL, NULL);

  if (model != NULL)
    {
      g_string_append_printf (s, "# model\t%s\n", model->id != NULL ? model->id : "");
      g_string_append_printf (s, "# seed\t%" G_GUINT64_FORMAT "\n", model->info.seed);
      g_string_append_printf (s, "# tracks\t%u train\t%u validation\n",
                              model->info.n_train_tracks, model->info.n_val_tracks);
      g_string_append_printf (s, "# best_epoch\t2d %u\t1d %u\n", model->info.best_epoch_2d,
                              model->info.best_epoch_1d);
    }
  g_string_append_printf (s, "# dead_units_2d\t%u\tof %u\n", report->dead_units_2d,
                          report->latent_size_2d);
  g_string_append_printf (s, "# dead_units_1d\t%u\tof %u\n", report->dead_units_1d,
                          report->code_size);
  g_string_append (s, "stage\tepoch\ttrain_loss\tval_loss\tseconds\tslices_per_second\n");
  for (guint i = 0; i < report->epochs->len; i++)
    {
      const AkinTrainEpoch *e = &g_array_index (report->epochs, AkinTrainEpoch, i);

      g_string_append_printf (s, "%s\t%u\t%.9g\t%.9g\t%.3f\t%.1f\n",
                              e->stage == AKIN_TRAIN_STAGE_2D ? "2d" : "1d", e->epoch,
                              e->train_loss, e->val_loss, e->seconds, e->slices_per_second);
    }
  return g_string_free (s, FALSE);
}

/**
 * akin_train_report_write:
 * @report: a report
 * @model: (nullable): its model
 * @path: the TSV file to write
 * @error: return location for a #G_IO_ERROR
 *
 * Returns: %TRUE on success
 */
gboolean
akin_train_report_write (const AkinTrainReport *report,
                         const AkinModel       *model,
                         const char            *path,
                         GError               **error)
{
  g_autofree char *text = NULL;
  g_autoptr (GFile) file = NULL;

  g_return_val_if_fail (report != NULL && path != NULL, FALSE);

  text = akin_train_report_to_tsv (report, model);
  file = g_file_new_for_path (path);
  return g_file_replace_contents (file, text, strlen (text), NULL, FALSE, G_FILE_CREATE_NONE,
                                  NULL, NULL, error);
}

/**
 * akin_train_report_free:
 * @report: (transfer full) (nullable): a report
 */
void
akin_train_report_free (AkinTrainReport *report)
{
  if (report == NULL)
    return;
  g_array_unref (report->epochs);
  g_free (report);
}
