/* akin-model.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "akin-net.h"

G_BEGIN_DECLS

/* The version of the file format akin_model_save() writes. */
/* 2: track vectors pool the slice codes by mean ⊕ standard deviation, and
 * the training metadata records the contrastive weights. 3: the pooled
 * codes are standardised. 4: the weights of the combined similarity's
 * parts follow the payload, outside the id. 5: how a track's slice codes
 * are pooled (#AkinPooling) follows the vector statistics. Versions 3 to 5
 * are read (3 with equal weights, 3 and 4 with mean ⊕ standard
 * deviation). 6: a model may hold further members (encoder pairs trained
 * with other seeds) whose vectors follow its own. Versions 3 to 6
 * are read (3 with equal weights, 3 and 4 with mean ⊕ standard
 * deviation); others are refused with %AKIN_ERROR_MODEL_VERSION. */
#define AKIN_MODEL_FORMAT_VERSION 6

/* The most members a model may hold, itself included. */
#define AKIN_MODEL_MAX_MEMBERS 16

/**
 * AkinPooling:
 * @AKIN_POOLING_MEAN_STD: the mean of each code value over the song's
 *   slices, then its standard deviation: how much the song varies
 * @AKIN_POOLING_MEAN_MAX: the mean, then the maximum: the song's strongest
 *   moments, which its average dilutes
 *
 * How a track's slice codes become one vector of twice their size.
 */
typedef enum
{
  AKIN_POOLING_MEAN_STD,
  AKIN_POOLING_MEAN_MAX,
  AKIN_POOLING_N
} AkinPooling;

/* The parts of the combined similarity, in the order of
 * AkinModel.combination. */
typedef enum
{
  AKIN_MODEL_PART_ENCODERS,
  AKIN_MODEL_PART_TIMBRE_SUMMARY,
  AKIN_MODEL_PART_TIMBRE_GAUSSIAN,
  AKIN_MODEL_N_PARTS
} AkinModelPart;

/* Base name of the shipped model under the data directories. */
#define AKIN_MODEL_DEFAULT_NAME "akin.model"

/**
 * AkinModelInfo:
 * @seed: the training seed
 * @epochs_2d: epochs the 2D autoencoder ran
 * @epochs_1d: epochs the 1D autoencoder ran
 * @best_epoch_2d: the epoch whose weights were kept (from 1)
 * @best_epoch_1d: likewise
 * @n_train_tracks: tracks in the training split
 * @n_val_tracks: tracks in the validation split
 * @n_train_slices: slices in the training split
 * @val_loss_2d: the kept 2D weights' validation MSE
 * @val_loss_1d: the kept 1D weights' validation MSE
 * @note: (nullable): free text, e.g. the corpus
 * @contrastive_weight_2d: λ of the 2D stage's MSE + λ·NT-Xent (0: none)
 * @contrastive_weight_1d: the same for the 1D stage
 * @temperature: the NT-Xent temperature
 *
 * How a model was trained, for reports; not used to compute anything.
 */
typedef struct
{
  guint64 seed;
  guint   epochs_2d;
  guint   epochs_1d;
  guint   best_epoch_2d;
  guint   best_epoch_1d;
  guint   n_train_tracks;
  guint   n_val_tracks;
  guint   n_train_slices;
  float   val_loss_2d;
  float   val_loss_1d;
  char   *note;
  float   contrastive_weight_2d;
  float   contrastive_weight_1d;
  float   temperature;
} AkinModelInfo;

/**
 * AkinModel:
 * @net2d: the 2D autoencoder (input: MFCC rows × slice frames)
 * @net1d: the 1D autoencoder (input: the fused vector)
 * @mfcc_mean: per MFCC coefficient (row), training mean
 * @mfcc_std: per MFCC coefficient, training standard deviation
 * @fusion_mean: per fused unit (latent units then descriptor features)
 * @fusion_std: likewise
 * @vector_mean: per value of the track vector (the pooled codes, before
 *   the final L2 normalisation), the mean over the training songs
 * @vector_std: likewise, the standard deviation
 * @latent_weight: weight of the latent block in the fused vector
 * @descriptor_weight: weight of the descriptor block
 * @pooling: how the slices' codes are pooled into the track vector
 * @info: training metadata
 * @combination: the weights of the combined similarity's parts (see
 *   #AkinModelPart), chosen for this model on songs it was not trained on;
 *   1, 1, 1 unless set. They are not part of the id: changing them does
 *   not make the library analyse its songs again
 * @id: (nullable): "akin-" and 16 hex digits of the SHA-256 of the
 *   serialised contents; set by akin_model_update_id(), _save() and _load()
 *
 * Everything needed to turn MFCC slices and descriptors into a track
 * vector. A model that is no longer modified may be shared read-only by any
 * number of threads.
 */
typedef struct
{
  AkinNet       *net2d;
  AkinNet       *net1d;
  float         *mfcc_mean;
  float         *mfcc_std;
  float         *fusion_mean;
  float         *fusion_std;
  float         *vector_mean;
  float         *vector_std;
  float          latent_weight;
  float          descriptor_weight;
  AkinPooling    pooling;
  AkinModelInfo  info;
  float          combination[AKIN_MODEL_N_PARTS];
  char          *id;
  GPtrArray     *members;
} AkinModel;

AkinModel  *akin_model_new             (const AkinNetSpec *spec2d,
                                        const AkinNetSpec *spec1d,
                                        GError           **error);
void        akin_model_free            (AkinModel         *model);
guint       akin_model_get_vector_size (const AkinModel   *model);
guint       akin_model_get_n_members   (const AkinModel   *model);
const AkinModel *akin_model_get_member (const AkinModel   *model,
                                        guint              i);
gboolean    akin_model_add_member      (AkinModel         *model,
                                        AkinModel         *member,
                                        GError           **error);
const char *akin_model_get_id          (const AkinModel   *model);
void        akin_model_update_id       (AkinModel         *model);

gboolean    akin_model_save            (AkinModel         *model,
                                        const char        *path,
                                        GError           **error);
AkinModel  *akin_model_load            (const char        *path,
                                        GError           **error);
AkinModel  *akin_model_load_default    (GError           **error);

/**
 * AkinModelSummary:
 * @id: the model's id (akin_model_get_id())
 * @vector_size: the length of its track vectors (akin_model_get_vector_size())
 * @combination: its similarity weights (#AkinModel.combination)
 *
 * What a query of the library needs of a model, read without its networks
 * (akin_model_summary_load()).
 */
typedef struct
{
  char  *id;
  guint  vector_size;
  float  combination[AKIN_MODEL_N_PARTS];
} AkinModelSummary;

AkinModelSummary *akin_model_summary_load (const char        *path,
                                           GError           **error);
void              akin_model_summary_free (AkinModelSummary  *summary);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AkinModel, akin_model_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AkinModelSummary, akin_model_summary_free)

G_END_DECLS
