/* akin-trainer-loop.c: the epochs of one autoencoder
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reconstruction only: mini-batches of slices in a seeded order, Adam on
 * the MSE, the epoch with the lowest validation MSE kept.
 *
 * Each step runs on the batch in two halves (see train_step()), on two
 * threads when the options ask for them.
 *
 * With a contrastive weight λ > 0: each mini-batch holds two views of P
 * different songs (songs drawn in a seeded order, each song once per pass
 * over the songs). A view is a slice; the second is at least a third of
 * the song away from the first (akin_pick_far_slice()), and in the 2D stage
 * both are perturbed (akin_augment_slice()). The loss is MSE + λ·NT-Xent
 * over the latents; the epoch with the best validation same-song retrieval
 * is kept, since that is what the contrastive term is for and the MSE
 * alone no longer measures the goal.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "akin-error.h"
#include "akin-trainer-private.h"

#define RETRIEVAL_K 5

/* The album key of track @id: its group, or a key no group uses. */
guint
_akin_train_group_key (const AkinTrainingTrack *tracks,
                       guint                    id)
{
  return tracks[id].group != 0 ? tracks[id].group : G_MAXUINT - id;
}

static int
compare_by_group (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  const guint *group = user_data;
  guint sa = *(const guint *) a, sb = *(const guint *) b;

  if (group[sa] != group[sb])
    return group[sa] < group[sb] ? -1 : 1;
  return sa < sb ? -1 : sa > sb;
}

void
_akin_train_split_init (AkinTrainSplit          *split,
                        const AkinTrainingTrack *tracks,
                        const guint             *ids,
                        guint                    n_ids,
                        const float             *x)
{
  guint k = 0, m = MAX (n_ids, 1);

  memset (split, 0, sizeof *split);
  split->x = x;
  split->n_songs = n_ids;
  split->start = g_new (guint, m);
  split->len = g_new (guint, m);
  split->group = g_new (guint, m);
  split->mates = g_new (guint, m);
  split->mate_start = g_new (guint, m);
  split->n_mates = g_new (guint, m);
  for (guint i = 0; i < n_ids; i++)
    split->n += tracks[ids[i]].n_slices;
  split->song = g_new (guint, MAX (split->n, 1));
  split->position = g_new (guint, MAX (split->n, 1));
  split->row_group = g_new (guint, MAX (split->n, 1));
  for (guint i = 0; i < n_ids; i++)
    {
      split->start[i] = k;
      split->len[i] = tracks[ids[i]].n_slices;
      split->group[i] = _akin_train_group_key (tracks, ids[i]);
      split->mates[i] = i;
      for (guint s = 0; s < tracks[ids[i]].n_slices; s++, k++)
        {
          split->song[k] = i;
          split->position[k] = s;
          split->row_group[k] = split->group[i];
        }
    }
  g_qsort_with_data (split->mates, n_ids, sizeof (guint), compare_by_group, split->group);
  for (guint a = 0; a < n_ids;)
    {
      guint b = a;

      while (b < n_ids && split->group[split->mates[b]] == split->group[split->mates[a]])
        b++;
      for (guint j = a; j < b; j++)
        {
          split->mate_start[split->mates[j]] = a;
          split->n_mates[split->mates[j]] = b - a;
        }
      a = b;
    }
}

void
_akin_train_split_clear (AkinTrainSplit *split)
{
  g_clear_pointer (&split->song, g_free);
  g_clear_pointer (&split->position, g_free);
  g_clear_pointer (&split->start, g_free);
  g_clear_pointer (&split->len, g_free);
  g_clear_pointer (&split->group, g_free);
  g_clear_pointer (&split->row_group, g_free);
  g_clear_pointer (&split->mates, g_free);
  g_clear_pointer (&split->mate_start, g_free);
  g_clear_pointer (&split->n_mates, g_free);
}

static double
validation_loss (const AkinNet *net, AkinNetWorkspace *ws, const AkinTrainSplit *val, guint batch)
{
  double sum = 0.0;

  for (guint start = 0; start < val->n; start += batch)
    {
      guint m = MIN (batch, val->n - start);

      sum += akin_net_loss (net, ws, val->x + (gsize) start * net->input_size, m) * m;
    }
  return sum / val->n;
}

/* Same-song (or, with albums, same-album) retrieval of the validation rows'
 * latents. In the 1D stage the
 * descriptor block is set to its training mean (0) first: the descriptors
 * are constant within a song and would make retrieval trivial. */
static double
validation_retrieval (AkinTrainStage stage, gboolean grouped, const AkinNet *net,
                      AkinNetWorkspace *ws, const AkinTrainSplit *val, guint batch)
{
  g_autofree float *codes = g_new (float, (gsize) val->n * net->latent_size);
  g_autofree float *rows = g_new (float, (gsize) batch * net->input_size);
  gsize size = net->input_size;

  for (guint start = 0; start < val->n; start += batch)
    {
      guint m = MIN (batch, val->n - start);

      memcpy (rows, val->x + (gsize) start * size, (gsize) m * size * sizeof (float));
      if (stage == AKIN_TRAIN_STAGE_1D)
        for (guint i = 0; i < m; i++)
          memset (rows + (i + 1) * size - AKIN_FUSION_N_DESCRIPTORS, 0,
                  AKIN_FUSION_N_DESCRIPTORS * sizeof (float));
      memcpy (codes + (gsize) start * net->latent_size, akin_net_encode (net, ws, rows, m),
              (gsize) m * net->latent_size * sizeof (float));
    }
  if (grouped)
    return akin_same_group_retrieval (codes, val->song, val->row_group, val->n, net->latent_size,
                                      RETRIEVAL_K);
  return akin_same_song_retrieval (codes, val->song, val->position, val->n, net->latent_size,
                                   RETRIEVAL_K);
}

/* @targets: (nullable) the teacher's soft targets for the batch.
 * @bias: (nullable) the teacher's hard-negative logit biases.
 * @per_view: rows (slices) per view (akin_nt_xent_pooled()). */
typedef struct
{
  guint   n_pairs;
  float   temperature;
  float   weight;
  double *targets;
  guint   per_view;
  double *bias;
} PairLoss;

static double
pair_loss (const float *latent, guint n, gsize dim, float *gradient, gpointer user_data)
{
  const PairLoss *p = user_data;
  double loss;

  g_assert (n == 2 * p->n_pairs * p->per_view);
  loss = akin_nt_xent_pooled (latent, p->n_pairs, p->per_view, dim, p->temperature, p->targets,
                              p->bias, gradient);
  for (gsize k = 0; k < n * dim; k++)
    gradient[k] *= p->weight;
  return loss;
}

/* Replaces the descriptor block at the end of the fused vector @row (of
 * song @song) with that of another training song: a song's descriptors are
 * the same on all its slices, and would otherwise match the two views by
 * themselves. */
static void
swap_descriptors (AkinTrainer *t, const AkinTrainSplit *train, guint song, float *row, gsize size)
{
  guint other = akin_rng_below (&t->rng, train->n_songs - 1);

  if (other >= song)
    other++;
  memcpy (row + size - AKIN_FUSION_N_DESCRIPTORS,
          train->x + (gsize) (train->start[other] + 1) * size - AKIN_FUSION_N_DESCRIPTORS,
          AKIN_FUSION_N_DESCRIPTORS * sizeof (float));
}

/* Takes the next song of @songs (a seeded order over the training songs,
 * reshuffled when used up). With albums, the first song at or after the
 * cursor whose album is not yet in the batch (@used, @n_used) is moved to
 * the cursor, so that no two songs of one album are in a batch as
 * strangers; when none is left in this pass, the next song is taken. */
static guint
next_song (AkinTrainer *t, const AkinTrainSplit *train, guint *songs, guint *cursor,
           const guint *used, guint n_used)
{
  if (*cursor >= train->n_songs)
    {
      akin_rng_shuffle (&t->rng, songs, train->n_songs);
      *cursor = 0;
    }
  if (t->grouped)
    for (guint j = *cursor; j < train->n_songs; j++)
      {
        gboolean taken = FALSE;

        for (guint u = 0; u < n_used && !taken; u++)
          taken = used[u] == train->group[songs[j]];
        if (!taken)
          {
            guint tmp = songs[j];

            songs[j] = songs[*cursor];
            songs[*cursor] = tmp;
            break;
          }
      }
  return songs[(*cursor)++];
}

/* Plays a 2D view higher or lower and faster or slower, when the options
 * ask for it (no draw from the generator otherwise). */
static void
warp_view (AkinTrainer *t, const AkinNet *net, float *view, float *scratch)
{
  const AkinAugment *augment = &t->options->augment;
  const float *op = NULL;
  double rate = 1.0;
  guint h = net->spec.in_h;

  if (t->pitch_ops != NULL)
    op = t->pitch_ops + (gsize) akin_rng_below (&t->rng, augment->n_pitch) * h * (h + 1);
  if (augment->tempo > 0.0f)
    rate = 1.0 + (2.0 * akin_rng_uniform (&t->rng) - 1.0) * augment->tempo;
  if (op != NULL || rate != 1.0)
    akin_augment_warp (view, h, net->spec.in_w, op, rate, scratch);
}

/* Fills @x with two views of @n_pairs songs, each of @per_view slices
 * (rows (v · @n_pairs + p) · @per_view + j for view v of pair p). The
 * second view's slices are of the same song, each far from the first
 * view's, or, for @group_share of the pairs whose song has album mates
 * among the training songs, of one of them. @row_songs gets each view's
 * song. */
static void
fill_pairs (AkinTrainer *t, AkinTrainStage stage, const AkinNet *net,
            const AkinTrainSplit *train, guint *songs, guint *cursor, guint n_pairs,
            guint per_view, float group_share, float *x, guint *row_songs)
{
  g_autofree guint *used = g_new (guint, n_pairs);
  gsize size = net->input_size;
  gboolean warps = stage == AKIN_TRAIN_STAGE_2D &&
                   (t->pitch_ops != NULL || t->options->augment.tempo > 0.0f);
  g_autofree float *scratch = warps ? g_new (float, size) : NULL;

  for (guint p = 0; p < n_pairs; p++)
    {
      guint song, other, a0;
      gboolean mate = FALSE;

      song = next_song (t, train, songs, cursor, used, p);
      used[p] = train->group[song];
      other = song;
      a0 = akin_rng_below (&t->rng, train->len[song]);
      if (t->grouped && train->n_mates[song] > 1 &&
          akin_rng_uniform (&t->rng) < group_share)
        {
          guint j = akin_rng_below (&t->rng, train->n_mates[song] - 1);

          other = train->mates[train->mate_start[song] + j];
          if (other == song)
            other = train->mates[train->mate_start[song] + train->n_mates[song] - 1];
          mate = TRUE;
        }
      row_songs[p] = song;
      row_songs[p + n_pairs] = other;
      for (guint j = 0; j < per_view; j++)
        {
          float *first = x + ((gsize) p * per_view + j) * size;
          float *second = x + ((gsize) (n_pairs + p) * per_view + j) * size;
          guint a = j == 0 ? a0 : akin_rng_below (&t->rng, train->len[song]);
          guint b = mate ? akin_rng_below (&t->rng, train->len[other])
                         : akin_pick_far_slice (train->len[song], a, &t->rng);

          memcpy (first, train->x + (gsize) (train->start[song] + a) * size,
                  size * sizeof (float));
          memcpy (second, train->x + (gsize) (train->start[other] + b) * size,
                  size * sizeof (float));
          if (stage == AKIN_TRAIN_STAGE_1D)
            {
              swap_descriptors (t, train, song, first, size);
              swap_descriptors (t, train, other, second, size);
            }
          else
            {
              warp_view (t, net, first, scratch);
              warp_view (t, net, second, scratch);
              akin_augment_slice (first, net->spec.in_h, net->spec.in_w, &t->options->augment,
                                  &t->rng);
              akin_augment_slice (second, net->spec.in_h, net->spec.in_w, &t->options->augment,
                                  &t->rng);
            }
        }
    }
}

/* A training step runs on a batch in two halves, each with its own
 * workspace and gradient buffer: forward both, the contrastive loss over
 * all the latents, backward both, then the two gradients summed in a fixed
 * order. The halves are the same whether one thread runs both or two run
 * one each, so a run gives the same model with either. */
typedef struct
{
  const AkinNet    *net;
  AkinNetWorkspace *ws;
  float            *grads;
  const float      *x;
  guint             n;
  gboolean          backward;
  float             mse_scale;
  const float      *latent_grad;
  const float      *latent;
  double            loss;
} Half;

static gpointer
run_half (gpointer data)
{
  Half *h = data;

  if (h->n == 0)
    return NULL;
  if (!h->backward)
    h->latent = akin_net_train_forward (h->net, h->ws, h->x, h->n);
  else
    h->loss = akin_net_train_backward (h->net, h->ws, h->n, h->mse_scale, h->latent_grad,
                                       h->grads);
  return NULL;
}

static void
run_halves (Half half[2], gboolean two_threads)
{
  if (two_threads && half[1].n > 0)
    {
      GThread *thread = g_thread_new ("akin-train", run_half, &half[1]);

      run_half (&half[0]);
      g_thread_join (thread);
    }
  else
    {
      run_half (&half[0]);
      run_half (&half[1]);
    }
}

/* One step on the @m rows of @x; fills @grads (d loss / d params) and
 * @closs (the contrastive loss, 0 without @pl); returns the reconstruction
 * MSE over the batch. */
static double
train_step (const AkinNet *net, Half half[2], gboolean two_threads, const float *x, guint m,
            const PairLoss *pl, float *latent, float *latent_grad, float *grads, double *closs)
{
  guint m0 = (m + 1) / 2, m1 = m - m0;
  gsize dim = net->latent_size;

  half[0].x = x;
  half[0].n = m0;
  half[1].x = x + (gsize) m0 * net->input_size;
  half[1].n = m1;
  half[0].backward = half[1].backward = FALSE;
  run_halves (half, two_threads);

  *closs = 0.0;
  half[0].latent_grad = half[1].latent_grad = NULL;
  if (pl != NULL)
    {
      memcpy (latent, half[0].latent, (gsize) m0 * dim * sizeof (float));
      if (m1 > 0)
        memcpy (latent + (gsize) m0 * dim, half[1].latent, (gsize) m1 * dim * sizeof (float));
      *closs = pair_loss (latent, m, dim, latent_grad, (gpointer) pl);
      half[0].latent_grad = latent_grad;
      half[1].latent_grad = latent_grad + (gsize) m0 * dim;
    }
  half[0].mse_scale = (float) m0 / m;
  half[1].mse_scale = (float) m1 / m;
  half[0].backward = half[1].backward = TRUE;
  run_halves (half, two_threads);

  memcpy (grads, half[0].grads, net->n_params * sizeof (float));
  if (m1 > 0)
    for (gsize k = 0; k < net->n_params; k++)
      grads[k] += half[1].grads[k];
  return (m0 * half[0].loss + (m1 > 0 ? m1 * half[1].loss : 0.0)) / m;
}

/* Writes the state after @epoch to the options' checkpoint file; a failure
 * is reported once and training goes on. */
static void
save_checkpoint (AkinTrainer     *t,
                 AkinTrainStage   stage,
                 guint            epoch,
                 const AkinNet   *net,
                 const float     *best,
                 guint            best_epoch,
                 double           best_score,
                 float            best_loss,
                 double           last_val,
                 const AkinAdam  *adam,
                 guint           *order,
                 guint            n_order,
                 guint            cursor)
{
  g_autoptr (GError) error = NULL;
  AkinTrainCheckpoint c = {
    .stage = stage,
    .epoch = epoch,
    .rng = t->rng,
    .n_params = net->n_params,
    .params = net->params,
    .best = (float *) best,
    .best_epoch = best_epoch,
    .best_score = best_score,
    .best_loss = best_loss,
    .last_val = last_val,
    .adam_step = adam->step,
    .adam_m = adam->m,
    .adam_v = adam->v,
    .n_order = n_order,
    .order = order,
    .cursor = cursor,
    .epochs = t->report->epochs,
  };

  if (t->options->checkpoint == NULL)
    return;
  memcpy (c.key, t->key, sizeof c.key);
  if (stage == AKIN_TRAIN_STAGE_1D)
    {
      c.n_params_2d = t->model->net2d->n_params;
      c.params_2d = t->model->net2d->params;
      c.best_epoch_2d = t->model->info.best_epoch_2d;
      c.val_loss_2d = t->model->info.val_loss_2d;
    }
  if (!_akin_train_checkpoint_save (&c, t->options->checkpoint, &error) && !t->warned)
    {
      g_warning ("Could not write the training checkpoint: %s", error->message);
      t->warned = TRUE;
    }
}

/* Trains @net on @train, keeping the parameters of the best validation epoch. */
gboolean
_akin_trainer_train_net (AkinTrainer          *t,
                         AkinTrainStage        stage,
                         AkinNet              *net,
                         guint                 n_epochs,
                         float                 contrastive_weight,
                         const AkinTrainSplit *train,
                         const AkinTrainSplit *val,
                         guint                *best_epoch,
                         float                *best_loss,
                         GError              **error)
{
  gboolean contrastive = contrastive_weight > 0.0f && train->n_songs >= 2;
  guint batch = t->options->batch_size;
  guint per_view = contrastive ? MAX (t->options->view_slices, 1) : 1;
  guint average = MIN (stage == AKIN_TRAIN_STAGE_1D ? t->options->average_1d
                                                   : t->options->average_2d, n_epochs);
  guint n_pairs = contrastive ? MIN (MAX (batch / (2 * per_view), 2), train->n_songs) : 0;
  guint per_batch = contrastive ? 2 * n_pairs * per_view : batch;
  guint half_batch = (MAX (batch, per_batch) + 1) / 2;
  g_autoptr (AkinNetWorkspace) ws = akin_net_workspace_new (net, MAX (batch, per_batch),
                                                            AKIN_NET_WORKSPACE_TRAIN);
  g_autoptr (AkinNetWorkspace) ws0 = akin_net_workspace_new (net, half_batch,
                                                             AKIN_NET_WORKSPACE_TRAIN);
  g_autoptr (AkinNetWorkspace) ws1 = akin_net_workspace_new (net, half_batch,
                                                             AKIN_NET_WORKSPACE_TRAIN);
  g_autofree float *grads0 = g_new (float, net->n_params);
  g_autofree float *grads1 = g_new (float, net->n_params);
  g_autofree float *latent = g_new (float, (gsize) per_batch * net->latent_size);
  Half half[2] = {
    { .net = net, .ws = ws0, .grads = grads0 },
    { .net = net, .ws = ws1, .grads = grads1 },
  };
  gboolean two_threads = t->options->threads >= 2;
  g_autoptr (AkinAdam) adam = akin_adam_new (net->n_params, t->options->learning_rate);
  g_autofree float *grads = g_new (float, net->n_params);
  g_autofree float *best = g_memdup2 (net->params, net->n_params * sizeof (float));
  g_autofree float *x = g_new (float, (gsize) per_batch * net->input_size);
  g_autofree float *latent_grad = g_new (float, (gsize) per_batch * net->latent_size);
  g_autofree guint *order = g_new (guint, MAX (train->n, train->n_songs));
  guint n_batches = (train->n + per_batch - 1) / per_batch, cursor = G_MAXUINT;
  guint n_order = MAX (train->n, train->n_songs), first_epoch = 1;
  gint64 stage_start = g_get_monotonic_time ();
  double best_score = INFINITY, last_val = NAN;
  float teacher_share = t->teacher != NULL
                        ? akin_trainer_options_teacher_share (t->options, stage) : 0.0f;
  g_autofree guint *row_songs = g_new (guint, MAX (2 * n_pairs, 1));
  g_autofree double *targets = teacher_share > 0.0f && contrastive
                               ? g_new (double, (gsize) 4 * n_pairs * n_pairs) : NULL;
  float hardness = t->teacher != NULL
                   ? akin_trainer_options_hard_negatives (t->options, stage) : 0.0f;
  g_autofree double *bias = hardness != 0.0f && contrastive
                            ? g_new (double, (gsize) 4 * n_pairs * n_pairs) : NULL;
  PairLoss pl = { n_pairs, t->options->temperature, contrastive_weight, targets, per_view, NULL };

  akin_net_init_weights (net, &t->rng);
  if (t->options->init != NULL)
    {
      const AkinNet *from = stage == AKIN_TRAIN_STAGE_2D ? t->options->init->net2d
                                                         : t->options->init->net1d;

      memcpy (net->params, from->params, net->n_params * sizeof (float));
      memcpy (best, net->params, net->n_params * sizeof (float));
    }
  *best_epoch = 0;
  *best_loss = NAN;
  if (contrastive)
    for (guint i = 0; i < train->n_songs; i++)
      order[i] = i;

  if (t->resume != NULL && t->resume->stage == stage)
    {
      const AkinTrainCheckpoint *c = t->resume;

      if (c->n_params != net->n_params || c->n_order != n_order || c->epoch > n_epochs)
        {
          g_set_error (error, AKIN_ERROR, AKIN_ERROR_INVALID_ARGUMENT,
                       "The training checkpoint does not fit this run");
          return FALSE;
        }
      memcpy (net->params, c->params, net->n_params * sizeof (float));
      memcpy (best, c->best, net->n_params * sizeof (float));
      memcpy (adam->m, c->adam_m, net->n_params * sizeof (float));
      memcpy (adam->v, c->adam_v, net->n_params * sizeof (float));
      adam->step = c->adam_step;
      memcpy (order, c->order, n_order * sizeof (guint));
      cursor = c->cursor;
      t->rng = c->rng;
      *best_epoch = c->best_epoch;
      *best_loss = (float) c->best_loss;
      best_score = c->best_score;
      last_val = c->last_val;
      first_epoch = c->epoch + 1;
    }

  for (guint epoch = first_epoch; epoch <= n_epochs; epoch++)
    {
      gint64 epoch_start = g_get_monotonic_time ();
      double sum = 0.0, sum_c = 0.0, val_loss, score;
      guint done = 0;
      AkinTrainEpoch record = { 0 };
      /* In the 2D stage's warm-up, same-song pairs and hard targets only. */
      gboolean warm_up = stage == AKIN_TRAIN_STAGE_2D && epoch <= t->options->warm_up_2d;

      if (!contrastive)
        {
          for (guint i = 0; i < train->n; i++)
            order[i] = i;
          akin_rng_shuffle (&t->rng, order, train->n);
        }

      for (guint b = 0; b < n_batches; b++)
        {
          guint m = contrastive ? per_batch : MIN (batch, train->n - b * batch);
          double loss, closs = 0.0;

          if (g_cancellable_set_error_if_cancelled (t->cancellable, error))
            return FALSE;
          if (contrastive)
            {
              fill_pairs (t, stage, net, train, order, &cursor, n_pairs, per_view,
                          warm_up ? 0.0f : t->options->group_positives, x, row_songs);
              pl.targets = warm_up ? NULL : targets;
              if (pl.targets != NULL)
                {
                  g_assert (t->n_teacher == train->n_songs);
                  _akin_train_teacher_targets (t->teacher, t->n_teacher, row_songs, n_pairs,
                                               teacher_share, t->options->teacher_temperature,
                                               targets);
                }
              pl.bias = warm_up ? NULL : bias;
              if (pl.bias != NULL)
                _akin_train_teacher_bias (t->teacher, t->n_teacher, row_songs, n_pairs,
                                          hardness, bias);
            }
          else
            for (guint i = 0; i < m; i++)
              memcpy (x + (gsize) i * net->input_size,
                      train->x + (gsize) order[b * batch + i] * net->input_size,
                      net->input_size * sizeof (float));
          loss = train_step (net, half, two_threads, x, m, contrastive ? &pl : NULL, latent,
                             latent_grad, grads, &closs);
          if (!isfinite (loss) || !isfinite (closs) ||
              !akin_nn_all_finite (grads, net->n_params))
            {
              g_set_error (error, AKIN_ERROR, AKIN_ERROR_FAILED,
                           "Training diverged: the %s autoencoder's loss became %g in epoch %u",
                           stage == AKIN_TRAIN_STAGE_2D ? "2D" : "1D", loss + closs, epoch);
              return FALSE;
            }
          akin_adam_step (adam, net->params, grads);
          sum += loss * m;
          sum_c += closs * m;
          done += m;

          if (t->progress != NULL)
            {
              AkinTrainProgress p = {
                .stage = stage,
                .epoch = epoch,
                .n_epochs = n_epochs,
                .batch = b + 1,
                .n_batches = n_batches,
                .train_loss = sum / done,
                .val_loss = last_val,
                .elapsed = (g_get_monotonic_time () - stage_start) / 1e6,
              };

              t->progress (&p, t->user_data);
            }
        }

      record.seconds = (g_get_monotonic_time () - epoch_start) / 1e6;
      val_loss = validation_loss (net, ws, val, MAX (batch, per_batch));
      if (!isfinite (val_loss))
        {
          g_set_error (error, AKIN_ERROR, AKIN_ERROR_FAILED,
                       "Training diverged: validation loss %g in epoch %u", val_loss, epoch);
          return FALSE;
        }
      last_val = val_loss;
      record.stage = stage;
      record.epoch = epoch;
      record.train_loss = sum / done;
      record.val_loss = val_loss;
      record.contrastive_loss = sum_c / done;
      record.val_same_song = validation_retrieval (stage, t->grouped, net, ws, val,
                                                   MAX (batch, per_batch));
      record.slices_per_second = record.seconds > 0 ? done / record.seconds : 0.0;
      g_array_append_val (t->report->epochs, record);

      score = contrastive ? -record.val_same_song : val_loss;
      if (average > 0)
        {
          /* @best holds the running mean of the epochs averaged so far. */
          if (epoch + average > n_epochs)
            {
              guint k = epoch + average - n_epochs;

              for (gsize i = 0; i < net->n_params; i++)
                best[i] += (net->params[i] - best[i]) / k;
              *best_epoch = epoch;
            }
        }
      else if (score < best_score)
        {
          best_score = score;
          *best_epoch = epoch;
          *best_loss = (float) val_loss;
          memcpy (best, net->params, net->n_params * sizeof (float));
        }
      save_checkpoint (t, stage, epoch, net, best, *best_epoch, best_score, *best_loss, last_val,
                       adam, order, n_order, cursor);
    }

  memcpy (net->params, best, net->n_params * sizeof (float));
  if (average > 0)
    *best_loss = (float) validation_loss (net, ws, val, MAX (batch, per_batch));
  return TRUE;
}
