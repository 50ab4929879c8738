/* akin-trainer-private.h: shared by the trainer's files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "akin-trainer.h"

G_BEGIN_DECLS

/*
 * AkinTrainCheckpoint: the state after an epoch (akin-trainer-checkpoint.c).
 * @params, @best, @adam_m, @adam_v: @n_params each, of the stage's network;
 * @order, @cursor: the song order of the contrastive batches; @params_2d:
 * the kept 2D network (1D stage only); @epochs: the report so far.
 */
typedef struct
{
  char            key[65];
  AkinTrainStage  stage;
  guint           epoch;
  AkinRng         rng;
  gsize           n_params;
  float          *params;
  float          *best;
  guint           best_epoch;
  double          best_score;
  double          best_loss;
  double          last_val;
  guint64         adam_step;
  float          *adam_m;
  float          *adam_v;
  guint           n_order;
  guint          *order;
  guint           cursor;
  gsize           n_params_2d;
  float          *params_2d;
  guint           best_epoch_2d;
  double          val_loss_2d;
  GArray         *epochs;
} AkinTrainCheckpoint;

typedef struct
{
  const AkinTrainerOptions *options;
  AkinTrainProgressFunc     progress;
  gpointer                  user_data;
  GCancellable             *cancellable;
  AkinTrainReport          *report;
  AkinRng                   rng;
  AkinModel                *model;       /* being trained */
  AkinTrainCheckpoint      *resume;      /* (nullable): where to go on from */
  char                      key[65];     /* the run's, for checkpoints */
  gboolean                  warned;      /* a checkpoint could not be written */
  gboolean                  grouped;     /* albums are in use */
  double                   *teacher;     /* (nullable): training songs' logits */
  guint                     n_teacher;   /* their order: the training songs */
  float                    *pitch_ops;   /* (nullable): the augmentation's pitch
                                          * shifts for standardised slices */
} AkinTrainer;

void     _akin_train_run_key            (const AkinTrainingTrack  *tracks,
                                         guint                     n_tracks,
                                         const AkinTrainerOptions *options,
                                         gsize                     slice_size,
                                         char                      key[65]);
gboolean _akin_train_checkpoint_save    (const AkinTrainCheckpoint *c,
                                         const char                *path,
                                         GError                   **error);
AkinTrainCheckpoint *
         _akin_train_checkpoint_load    (const char               *path,
                                         const char               *key,
                                         gsize                     n_params_2d,
                                         gsize                     n_params_1d,
                                         GError                  **error);
void     _akin_train_checkpoint_free    (AkinTrainCheckpoint      *c);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AkinTrainCheckpoint, _akin_train_checkpoint_free)

/*
 * AkinTrainSplit: the rows one stage trains or validates on (standardised
 * slices, or fused vectors), and which song and position each row has.
 * Rows of one song are contiguous: song s owns rows start[s] … start[s] +
 * len[s] − 1. Each song has an album key (group[s]: the track's group, or
 * a key of its own when it has none); row_group[r] is its row's. The
 * songs of one album are mates[mate_start[s]] … mates[mate_start[s] +
 * n_mates[s] − 1], s among them.
 */
typedef struct
{
  const float *x;
  guint        n;
  guint        n_songs;
  guint       *song;
  guint       *position;
  guint       *start;
  guint       *len;
  guint       *group;
  guint       *row_group;
  guint       *mates;
  guint       *mate_start;
  guint       *n_mates;
} AkinTrainSplit;

guint    _akin_train_group_key   (const AkinTrainingTrack *tracks,
                                  guint                    id);
guint    _akin_train_split_by_group (const AkinTrainingTrack *tracks,
                                     guint                    n_tracks,
                                     guint                   *ids,
                                     guint                    target,
                                     AkinRng                 *rng);
void     _akin_train_split_init  (AkinTrainSplit          *split,
                                  const AkinTrainingTrack *tracks,
                                  const guint             *ids,
                                  guint                    n_ids,
                                  const float             *x);
void     _akin_train_split_clear (AkinTrainSplit          *split);

gboolean _akin_trainer_train_net (AkinTrainer             *t,
                                  AkinTrainStage           stage,
                                  AkinNet                 *net,
                                  guint                    n_epochs,
                                  float                    contrastive_weight,
                                  const AkinTrainSplit    *train,
                                  const AkinTrainSplit    *val,
                                  guint                   *best_epoch,
                                  float                   *best_loss,
                                  GError                 **error);

double  *_akin_train_teacher_new     (const float  *similarity,
                                     guint         n_tracks,
                                     const guint  *ids,
                                     guint         n);
void     _akin_train_teacher_targets (const double *teacher,
                                      guint         n_songs,
                                      const guint  *songs,
                                      guint         n_pairs,
                                      float         share,
                                      float         temperature,
                                      double       *targets);
void     _akin_train_teacher_bias    (const double *teacher,
                                      guint         n_songs,
                                      const guint  *songs,
                                      guint         n_pairs,
                                      float         hardness,
                                      double       *bias);

G_END_DECLS
