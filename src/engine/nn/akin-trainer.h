/* akin-trainer.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "akin-contrastive.h"
#include "akin-fusion.h"
#include "akin-model.h"

G_BEGIN_DECLS

/**
 * AkinTrainingTrack:
 * @slices: @n_slices MFCC slices, each in_h × in_w floats (16 × 256 for the
 *   shipped architecture), coefficient-major, as the front end delivers them
 * @n_slices: ≥ 1
 * @descriptors: the track's descriptors
 * @group: 0, or an album the track belongs to: tracks with the same
 *   non-zero group come from one album (a soundtrack, a package of music)
 *   and can be each other's positives (see #AkinTrainerOptions)
 *
 * One track of a training set. The trainer only reads it.
 */
typedef struct
{
  const float          *slices;
  guint                 n_slices;
  AkinTrackDescriptors  descriptors;
  guint                 group;
} AkinTrainingTrack;

/**
 * AkinTrainerOptions:
 * @seed: fixes the split, the initial weights and the batch order
 * @epochs_2d: epochs of the 2D autoencoder
 * @epochs_1d: epochs of the 1D autoencoder
 * @batch_size: slices per mini-batch
 * @learning_rate: Adam's step size
 * @validation_fraction: share of the tracks held out for validation (at
 *   least one track is, and at least one is trained on)
 * @latent_weight: weight of the latent block in the fused vector
 * @descriptor_weight: weight of the descriptor block
 * @spec2d: the 2D architecture
 * @spec1d: the 1D architecture (input 1 × (2D latent + 5))
 * @note: (nullable): stored in the model's metadata
 * @contrastive_weight_2d: λ of the 2D stage's loss MSE + λ·NT-Xent; 0 trains
 *   on reconstruction alone (mini-batches of single slices, no augmentation)
 * @contrastive_weight_1d: the same for the 1D stage. Its two views are the
 *   fused vectors of two slices of one song, far apart; the descriptor
 *   block of each view is replaced by that of another training song, drawn
 *   for each view, because the descriptors are the same on every slice of a
 *   song and would otherwise identify the pair by themselves. Its
 *   validation retrieval is measured with the descriptor block at its
 *   training mean, for the same reason
 * @temperature: the NT-Xent temperature
 * @augment: perturbations of the 2D stage's contrastive views
 * @start_2d: (nullable): a model whose 2D stage (network and MFCC
 *   statistics) is taken as it is; only the 1D stage is trained. Its 2D
 *   architecture must be @spec2d, and it should come from the same tracks
 *   and seed, so that the validation songs are the ones it never saw
 * @checkpoint: (nullable): a file the state is written to after every
 *   epoch, so that a stopped run can go on from there
 * @resume: go on from @checkpoint (which must exist and belong to the same
 *   tracks and options); the result is the model the uninterrupted run
 *   would have made, bit for bit
 * @group_positives: the share of contrastive pairs whose second view is a
 *   slice of another song of the first song's album (#AkinTrainingTrack's
 *   group) rather than of the same song; 0 turns albums off. With albums,
 *   the tracks are split into training and validation by album, a
 *   mini-batch holds at most one song per album (so that no album mate is
 *   taken for a stranger), and the epoch kept is the one with the best
 *   same-album retrieval among the validation songs, other songs only
 *   (akin_same_group_retrieval())
 * @threads: 1, or 2 to run each training step's two halves of the batch
 *   on two threads; the model is the same either way
 * @init: (nullable): a model whose networks (and MFCC statistics) the run
 *   starts from instead of random weights, to fine-tune it; its
 *   architectures must be @spec2d and @spec1d
 * @teacher: (nullable): n_tracks × n_tracks similarities between the
 *   tracks (higher: more alike; the diagonal is not read), e.g. of their
 *   whole-song timbre models (akin_timbre_similarity_matrix()). With
 *   @teacher_share > 0, each row of a contrastive batch asks for
 *   1 − @teacher_share of its softmax on its partner and the rest spread
 *   over the batch's other rows as a softmax of the teacher's similarities
 *   (standardised over the training songs) divided by @teacher_temperature
 *   (akin_nt_xent_soft())
 * @teacher_share: β in [0, 1]; 0 ignores @teacher
 * @teacher_share_1d: β of the 1D stage, in [0, 1]; negative (the
 *   default): @teacher_share
 * @pooling: how the model pools a track's slice codes into its vector; it
 *   does not change the training, only the vector statistics computed at
 *   its end
 * @teacher_temperature: > 0 when @teacher_share is
 * @warm_up_2d: the 2D stage's first epochs, in which every contrastive
 *   pair is two slices of one song and the teacher is off: album partners
 *   (@group_positives) and the teacher join after them, so that the
 *   encoder learns to know a song before it learns which strangers are
 *   alike; 0 (the default) for none. The epoch kept is chosen among all
 *   epochs, by the same validation
 * @view_slices: slices in each view of a contrastive pair (0 or 1: one);
 *   with more, a view's latent is the mean of its slices' latents, so
 *   that the pair compares songs as the pooled vectors do rather than
 *   moments. A mini-batch then holds @batch_size / (2 · @view_slices)
 *   songs
 * @average_1d: 0 keeps the 1D epoch with the best validation; N > 0 keeps
 *   instead the mean of the 1D network's weights after each of its last N
 *   epochs, whose validation is flat and noisy once the stage has settled
 *   (so that which epoch wins is chance); its validation loss is that of
 *   the mean
 * @hard_negatives: γ in [−16, 16]; with γ ≠ 0 (and @teacher), each row of
 *   a contrastive batch weighs the strangers in its softmax's denominator
 *   by exp (γ t), t the teacher's standardised similarity of their songs,
 *   normalised to a mean of 1 (akin_nt_xent_biased()). With γ > 0 the
 *   strangers the teacher confuses with the row's song are pushed away
 *   harder (hard negatives), so that the encoders learn to tell apart what
 *   the teacher cannot; with γ < 0 they are pushed away less, as likely
 *   false negatives. Off in the 2D stage's warm-up; 0 (the default) for
 *   none
 * @hard_negatives_1d: γ of the 1D stage; NaN (the default):
 *   @hard_negatives
 * @average_2d: as @average_1d, for the 2D stage: N > 0 keeps the mean of
 *   the 2D network's weights after each of its last N epochs (with a
 *   warm-up, N at most the epochs after it averages the networks that
 *   learnt from album partners and the teacher) instead of the epoch with
 *   the best same-song or same-album retrieval on the few validation songs
 *
 * With a contrastive weight, a mini-batch of @batch_size slices holds two
 * views of @batch_size / 2 different songs, and the stage keeps the epoch
 * with the best same-song retrieval on the validation songs (see
 * akin_same_song_retrieval(), k = 5) instead of the lowest validation MSE.
 */
typedef struct
{
  guint64     seed;
  guint       epochs_2d;
  guint       epochs_1d;
  guint       batch_size;
  float       learning_rate;
  double      validation_fraction;
  float       latent_weight;
  float       descriptor_weight;
  AkinNetSpec spec2d;
  AkinNetSpec spec1d;
  const char *note;
  float       contrastive_weight_2d;
  float       contrastive_weight_1d;
  float       temperature;
  AkinAugment augment;
  const AkinModel *start_2d;
  const char *checkpoint;
  gboolean    resume;
  float       group_positives;
  guint       threads;
  const AkinModel *init;
  const float *teacher;
  float       teacher_share;
  float       teacher_temperature;
  float       teacher_share_1d;
  AkinPooling pooling;
  guint       warm_up_2d;
  guint       view_slices;
  guint       average_1d;
  float       hard_negatives;
  float       hard_negatives_1d;
  guint       average_2d;
} AkinTrainerOptions;

typedef enum
{
  AKIN_TRAIN_STAGE_2D,
  AKIN_TRAIN_STAGE_1D,
} AkinTrainStage;

/**
 * AkinTrainProgress:
 * @stage: which autoencoder is training
 * @epoch: current epoch, from 1
 * @n_epochs: epochs of this stage
 * @batch: mini-batches done in this epoch, from 1
 * @n_batches: mini-batches per epoch
 * @train_loss: mean training loss of this epoch so far
 * @val_loss: validation loss of the previous epoch, NaN before the first
 * @elapsed: seconds since the stage started
 *
 * Reported after every mini-batch; @elapsed and the counts are enough for
 * an ETA.
 */
typedef struct
{
  AkinTrainStage stage;
  guint          epoch;
  guint          n_epochs;
  guint          batch;
  guint          n_batches;
  double         train_loss;
  double         val_loss;
  double         elapsed;
} AkinTrainProgress;

typedef void (*AkinTrainProgressFunc) (const AkinTrainProgress *progress,
                                       gpointer                 user_data);

/**
 * AkinTrainEpoch:
 * @stage: the autoencoder
 * @epoch: from 1
 * @train_loss: mean training MSE over the epoch
 * @val_loss: validation MSE after the epoch
 * @seconds: duration of the epoch
 * @slices_per_second: training throughput
 * @contrastive_loss: mean training NT-Xent over the epoch (0 without it)
 * @val_same_song: same-song retrieval among the validation slices' latents
 *   (2D) or codes (1D) after the epoch, k = 5
 */
typedef struct
{
  AkinTrainStage stage;
  guint          epoch;
  double         train_loss;
  double         val_loss;
  double         seconds;
  double         slices_per_second;
  double         contrastive_loss;
  double         val_same_song;
} AkinTrainEpoch;

/**
 * AkinTrainReport:
 * @epochs: (element-type AkinTrainEpoch): every epoch of both stages
 * @dead_units_2d: 2D latent units constant over the validation slices
 * @latent_size_2d: 2D latent units
 * @dead_units_1d: code units constant over the validation slices
 * @code_size: code units
 */
typedef struct
{
  GArray *epochs;
  guint   dead_units_2d;
  guint   latent_size_2d;
  guint   dead_units_1d;
  guint   code_size;
} AkinTrainReport;

void        akin_trainer_options_init (AkinTrainerOptions       *options);
AkinModel  *akin_trainer_train        (const AkinTrainingTrack  *tracks,
                                       guint                     n_tracks,
                                       const AkinTrainerOptions *options,
                                       AkinTrainProgressFunc     progress,
                                       gpointer                  user_data,
                                       GCancellable             *cancellable,
                                       AkinTrainReport         **report,
                                       GError                  **error);

char       *akin_train_report_to_tsv  (const AkinTrainReport    *report,
                                       const AkinModel          *model);
gboolean    akin_train_report_write   (const AkinTrainReport    *report,
                                       const AkinModel          *model,
                                       const char               *path,
                                       GError                  **error);
void        akin_train_report_free    (AkinTrainReport          *report);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AkinTrainReport, akin_train_report_free)

float       akin_trainer_options_teacher_share (const AkinTrainerOptions *options,
                                                AkinTrainStage            stage);
float       akin_trainer_options_hard_negatives (const AkinTrainerOptions *options,
                                                 AkinTrainStage            stage);
gboolean    akin_trainer_options_uses_teacher   (const AkinTrainerOptions *options);

G_END_DECLS
