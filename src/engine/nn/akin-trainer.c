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
#include <stdlib.h>
#include <string.h>

#include "akin-encoder.h"
#include "akin-error.h"
#include "akin-trainer-private.h"

/**
 * akin_trainer_options_init:
 * @options: (out caller-allocates): options to fill with the defaults
 *
 * Seed 1, 30 epochs per stage, batches of 32, learning rate 1e-3, 15 % of
 * the tracks for validation, block weights 1, the shipped architectures;
 * contrastive weight 0.3 on both stages, temperature 0.1; views perturbed by up to ±0.5 standard deviations of c0, 0.1 of the
 * other coefficients, and a time mask of up to 32 frames; one thread.
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
  options->contrastive_weight_2d = 0.3f;
  options->contrastive_weight_1d = 0.3f;
  options->temperature = 0.1f;
  options->augment.c0_gain = 0.5f;
  options->augment.row_offset = 0.1f;
  options->augment.max_mask = 32;
  options->threads = 1;
  options->teacher_temperature = 0.5f;
  options->teacher_share_1d = -1.0f;
  options->hard_negatives_1d = NAN;
}

/**
 * akin_trainer_options_teacher_share:
 * @options: options
 * @stage: a stage
 *
 * Returns: the teacher's share β in @stage's contrastive targets
 */
float
akin_trainer_options_teacher_share (const AkinTrainerOptions *options,
                                    AkinTrainStage            stage)
{
  g_return_val_if_fail (options != NULL, 0.0f);

  if (stage == AKIN_TRAIN_STAGE_1D && options->teacher_share_1d >= 0.0f)
    return options->teacher_share_1d;
  return options->teacher_share;
}

/**
 * akin_trainer_options_hard_negatives:
 * @options: options
 * @stage: a stage
 *
 * Returns: γ, how hard @stage's contrastive loss weighs the strangers its
 *   teacher finds alike (0: not at all)
 */
float
akin_trainer_options_hard_negatives (const AkinTrainerOptions *options,
                                     AkinTrainStage            stage)
{
  g_return_val_if_fail (options != NULL, 0.0f);

  if (stage == AKIN_TRAIN_STAGE_1D && !isnan (options->hard_negatives_1d))
    return options->hard_negatives_1d;
  return options->hard_negatives;
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

/* Copies @from's 2D network, MFCC statistics and what its metadata says of
 * the 2D stage into @model. */
static void
take_2d_stage (AkinModel *model, const AkinModel *from)
{
  guint h = model->net2d->spec.in_h;

  memcpy (model->net2d->params, from->net2d->params, model->net2d->n_params * sizeof (float));
  memcpy (model->mfcc_mean, from->mfcc_mean, h * sizeof (float));
  memcpy (model->mfcc_std, from->mfcc_std, h * sizeof (float));
  model->info.epochs_2d = from->info.epochs_2d;
  model->info.best_epoch_2d = from->info.best_epoch_2d;
  model->info.val_loss_2d = from->info.val_loss_2d;
  model->info.contrastive_weight_2d = from->info.contrastive_weight_2d;
}

/* The mean and standard deviation over the training songs of each value of
 * their pooled codes (akin_encoder_pool_codes()), which akin_encoder_embed()
 * standardises with. @train holds the songs' fused rows. */
static void
vector_statistics (AkinModel *model, const AkinTrainSplit *train)
{
  gsize dim = model->net1d->latent_size, size = model->net1d->input_size;
  guint max_len = 1;
  g_autoptr (AkinNetWorkspace) ws = NULL;
  g_autofree float *pooled = g_new (float, 2 * dim);
  g_autofree double *sum = g_new0 (double, 2 * dim);
  g_autofree double *sum2 = g_new0 (double, 2 * dim);

  for (guint s = 0; s < train->n_songs; s++)
    max_len = MAX (max_len, train->len[s]);
  ws = akin_net_workspace_new (model->net1d, max_len, AKIN_NET_WORKSPACE_ENCODE);
  for (guint s = 0; s < train->n_songs; s++)
    {
      const float *codes = akin_net_encode (model->net1d, ws,
                                            train->x + (gsize) train->start[s] * size,
                                            train->len[s]);

      akin_encoder_pool_codes (codes, train->len[s], dim, model->pooling, pooled);
      for (gsize j = 0; j < 2 * dim; j++)
        {
          sum[j] += pooled[j];
          sum2[j] += (double) pooled[j] * pooled[j];
        }
    }
  for (gsize j = 0; j < 2 * dim; j++)
    {
      double mean = sum[j] / train->n_songs;
      double var = sum2[j] / train->n_songs - mean * mean;

      model->vector_mean[j] = (float) mean;
      model->vector_std[j] = var > 1e-12 ? (float) sqrt (var) : 1.0f;
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
static int
compare_guint (gconstpointer a,
               gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

/* Reorders @ids (a seeded permutation of the tracks) so that whole albums
 * validate: the albums, in a seeded order, are taken while they fit in
 * @target songs (a larger album never validates); their tracks come first,
 * in @ids' order, then the others. Returns how many validate (≥ 1, and at
 * least one track trains). */
guint
_akin_train_split_by_group (const AkinTrainingTrack *tracks,
                            guint                    n_tracks,
                            guint                   *ids,
                            guint                    target,
                            AkinRng                 *rng)
{
  g_autofree guint *keys = g_new (guint, n_tracks);
  g_autofree guint *sizes = g_new0 (guint, n_tracks);
  g_autofree guint *order = g_new (guint, n_tracks);
  g_autofree gboolean *val = g_new0 (gboolean, n_tracks);
  g_autofree guint *out = g_new (guint, n_tracks);
  guint n_groups = 0, n_val = 0, k = 0;

  for (guint i = 0; i < n_tracks; i++)
    keys[i] = _akin_train_group_key (tracks, i);
  qsort (keys, n_tracks, sizeof (guint), compare_guint);
  for (guint i = 0; i < n_tracks; i++)
    if (i == 0 || keys[i] != keys[n_groups - 1])
      keys[n_groups++] = keys[i];
  for (guint i = 0; i < n_tracks; i++)
    {
      guint key = _akin_train_group_key (tracks, i);
      guint *at = bsearch (&key, keys, n_groups, sizeof (guint), compare_guint);

      sizes[at - keys]++;
    }
  for (guint g = 0; g < n_groups; g++)
    order[g] = g;
  akin_rng_shuffle (rng, order, n_groups);
  for (guint j = 0; j < n_groups && n_val < target; j++)
    if (n_val + sizes[order[j]] <= target && n_val + sizes[order[j]] < n_tracks)
      {
        val[order[j]] = TRUE;
        n_val += sizes[order[j]];
      }
  if (n_val == 0)
    return 1; /* every album is too large: one track validates */
  for (int pass = 1; pass >= 0; pass--)
    for (guint i = 0; i < n_tracks; i++)
      {
        guint key = _akin_train_group_key (tracks, ids[i]);
        guint *at = bsearch (&key, keys, n_groups, sizeof (guint), compare_guint);

        if (val[at - keys] == pass)
          out[k++] = ids[i];
      }
  memcpy (ids, out, n_tracks * sizeof (guint));
  return n_val;
}

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
  AkinTrainSplit train_split, val_split;
  gboolean ok;
  AkinTrainer t = { 0 };
  g_autoptr (AkinTrainCheckpoint) resume = NULL;

  g_return_val_if_fail ((tracks != NULL || n_tracks == 0) && options != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (options->batch_size < 1 || options->batch_size > 4096 || options->view_slices > 64 ||
      options->epochs_2d < 1 ||
      options->epochs_1d < 1 || !(options->learning_rate > 0.0f) ||
      !(options->validation_fraction > 0.0 && options->validation_fraction < 1.0) ||
      !(options->contrastive_weight_2d >= 0.0f) || !(options->contrastive_weight_1d >= 0.0f) ||
      !(options->temperature > 0.0f) || !(options->augment.c0_gain >= 0.0f) ||
      !(options->augment.row_offset >= 0.0f) ||
      !(options->augment.tempo >= 0.0f && options->augment.tempo < 0.5f) ||
      (options->augment.pitch == NULL) != (options->augment.n_pitch == 0) ||
      !(options->group_positives >= 0.0f && options->group_positives <= 1.0f) ||
      !(options->teacher_share >= 0.0f && options->teacher_share <= 1.0f) ||
      !(options->teacher_share_1d <= 1.0f) ||
      !(fabsf (options->hard_negatives) <= 16.0f) ||
      !(isnan (options->hard_negatives_1d) || fabsf (options->hard_negatives_1d) <= 16.0f) ||
      options->pooling >= AKIN_POOLING_N ||
      (akin_trainer_options_uses_teacher (options) &&
       (options->teacher == NULL || !(options->teacher_temperature > 0.0f))))
    {
      g_set_error (error, AKIN_ERROR, AKIN_ERROR_INVALID_ARGUMENT, "Invalid training options");
      return NULL;
    }
  if (options->start_2d != NULL &&
      !akin_net_spec_equal (&options->start_2d->net2d->spec, &options->spec2d))
    {
      g_set_error (error, AKIN_ERROR, AKIN_ERROR_MODEL_MISMATCH,
                   "The model to start from has another 2D architecture");
      return NULL;
    }
  if (options->init != NULL &&
      (!akin_net_spec_equal (&options->init->net2d->spec, &options->spec2d) ||
       !akin_net_spec_equal (&options->init->net1d->spec, &options->spec1d)))
    {
      g_set_error (error, AKIN_ERROR, AKIN_ERROR_MODEL_MISMATCH,
                   "The model to fine-tune has other architectures");
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
  t.model = model;
  akin_rng_init (&t.rng, options->seed);
  if (options->group_positives > 0.0f)
    for (guint i = 0; i < n_tracks && !t.grouped; i++)
      t.grouped = tracks[i].group != 0;

  if (options->checkpoint != NULL)
    _akin_train_run_key (tracks, n_tracks, options, model->net2d->input_size, t.key);
  if (options->checkpoint != NULL && options->resume)
    {
      resume = _akin_train_checkpoint_load (options->checkpoint, t.key, model->net2d->n_params,
                                            model->net1d->n_params, error);
      if (resume == NULL)
        return NULL;
      g_array_append_vals (rep->epochs, resume->epochs->data, resume->epochs->len);
      t.resume = resume;
    }

  /* Split by track: the first n_val of a seeded permutation validate. */
  ids = g_new (guint, n_tracks);
  for (guint i = 0; i < n_tracks; i++)
    ids[i] = i;
  akin_rng_shuffle (&t.rng, ids, n_tracks);
  n_val = (guint) CLAMP (lround (options->validation_fraction * n_tracks), 1, (long) n_tracks - 1);
  if (t.grouped)
    n_val = _akin_train_split_by_group (tracks, n_tracks, ids, n_val, &t.rng);
  n_train = n_tracks - n_val;

  model->latent_weight = options->latent_weight;
  model->descriptor_weight = options->descriptor_weight;
  model->pooling = options->pooling;
  model->info.seed = options->seed;
  model->info.epochs_2d = options->epochs_2d;
  model->info.epochs_1d = options->epochs_1d;
  model->info.n_train_tracks = n_train;
  model->info.n_val_tracks = n_val;
  model->info.note = g_strdup (options->note);
  model->info.contrastive_weight_2d = options->contrastive_weight_2d;
  model->info.contrastive_weight_1d = options->contrastive_weight_1d;
  model->info.temperature = options->temperature;

  if (options->start_2d != NULL)
    take_2d_stage (model, options->start_2d);
  else if (options->init != NULL)
    {
      guint h = model->net2d->spec.in_h;

      memcpy (model->mfcc_mean, options->init->mfcc_mean, h * sizeof (float));
      memcpy (model->mfcc_std, options->init->mfcc_std, h * sizeof (float));
    }
  else
    mfcc_statistics (model, tracks, ids + n_val, n_train);
  t.pitch_ops = akin_augment_pitch_ops (&options->augment, model->net2d->spec.in_h,
                                        model->mfcc_mean, model->mfcc_std);
  train2d = gather_slices (model, tracks, ids + n_val, n_train, &n_train_slices);
  val2d = gather_slices (model, tracks, ids, n_val, &n_val_slices);
  model->info.n_train_slices = n_train_slices;

  if (akin_trainer_options_uses_teacher (options) && n_train >= 2)
    {
      t.teacher = _akin_train_teacher_new (options->teacher, n_tracks, ids + n_val, n_train);
      t.n_teacher = n_train;
    }
  _akin_train_split_init (&train_split, tracks, ids + n_val, n_train, train2d);
  _akin_train_split_init (&val_split, tracks, ids, n_val, val2d);
  if (options->start_2d != NULL)
    ok = TRUE;
  else if (resume != NULL && resume->stage == AKIN_TRAIN_STAGE_1D)
    {
      /* The 2D stage had finished: take the network it kept. */
      memcpy (model->net2d->params, resume->params_2d, model->net2d->n_params * sizeof (float));
      model->info.best_epoch_2d = resume->best_epoch_2d;
      model->info.val_loss_2d = (float) resume->val_loss_2d;
      ok = TRUE;
    }
  else
    ok = _akin_trainer_train_net (&t, AKIN_TRAIN_STAGE_2D, model->net2d, options->epochs_2d,
                                  options->contrastive_weight_2d, &train_split, &val_split,
                                  &model->info.best_epoch_2d, &model->info.val_loss_2d, error);
  if (ok)
    {
      fusion_dim = model->net1d->input_size;
      train1d = raw_fusion_rows (model, tracks, ids + n_val, n_train, train2d, n_train_slices);
      val1d = raw_fusion_rows (model, tracks, ids, n_val, val2d, n_val_slices);
      rep->latent_size_2d = (guint) model->net2d->latent_size;
      akin_fusion_statistics (train1d, n_train_slices, fusion_dim, model->fusion_mean,
                              model->fusion_std);
      fuse_rows (model, train1d, n_train_slices);
      fuse_rows (model, val1d, n_val_slices);
      train_split.x = train1d;
      val_split.x = val1d;
      ok = _akin_trainer_train_net (&t, AKIN_TRAIN_STAGE_1D, model->net1d, options->epochs_1d,
                                    options->contrastive_weight_1d, &train_split, &val_split,
                                    &model->info.best_epoch_1d, &model->info.val_loss_1d,
                                    error);
      if (ok)
        vector_statistics (model, &train_split);
    }
  _akin_train_split_clear (&train_split);
  _akin_train_split_clear (&val_split);
  g_clear_pointer (&t.teacher, g_free);
  g_clear_pointer (&t.pitch_ops, g_free);
  if (!ok)
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
 *   epoch (stage, epoch, train_loss, val_loss, seconds, slices_per_second,
 *   contrastive_loss, val_same_song).
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
      g_string_append_printf (s, "# contrastive\t2d %g\t1d %g\ttemperature %g\n",
                              model->info.contrastive_weight_2d,
                              model->info.contrastive_weight_1d, model->info.temperature);
    }
  g_string_append_printf (s, "# dead_units_2d\t%u\tof %u\n", report->dead_units_2d,
                          report->latent_size_2d);
  g_string_append_printf (s, "# dead_units_1d\t%u\tof %u\n", report->dead_units_1d,
                          report->code_size);
  g_string_append (s, "stage\tepoch\ttrain_loss\tval_loss\tseconds\tslices_per_second"
                     "\tcontrastive_loss\tval_same_song\n");
  for (guint i = 0; i < report->epochs->len; i++)
    {
      const AkinTrainEpoch *e = &g_array_index (report->epochs, AkinTrainEpoch, i);

      g_string_append_printf (s, "%s\t%u\t%.9g\t%.9g\t%.3f\t%.1f\t%.6g\t%.4f\n",
                              e->stage == AKIN_TRAIN_STAGE_2D ? "2d" : "1d", e->epoch,
                              e->train_loss, e->val_loss, e->seconds, e->slices_per_second,
                              e->contrastive_loss, e->val_same_song);
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
