/* akin-trainer-private.h: shared by the trainer's files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "akin-trainer.h"

G_BEGIN_DECLS

typedef struct
{
  const AkinTrainerOptions *options;
  AkinTrainProgressFunc     progress;
  gpointer                  user_data;
  GCancellable             *cancellable;
  AkinTrainReport          *report;
  AkinRng                   rng;
} AkinTrainer;

/*
 * AkinTrainSplit: the rows one stage trains or validates on (standardised
 * slices, or fused vectors), and which song and position each row has.
 * Rows of one song are contiguous: song s owns rows start[s] … start[s] +
 * len[s] − 1.
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
} AkinTrainSplit;

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

G_END_DECLS
