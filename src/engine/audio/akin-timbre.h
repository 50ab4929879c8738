/* akin-timbre.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Frame features of the timbre model: MFCC-20 (librosa's `mfcc(y)`) and the
 * 7 octave bands of spectral contrast. */
#define AKIN_TIMBRE_N_MFCC     20
#define AKIN_TIMBRE_N_CONTRAST 7
#define AKIN_TIMBRE_DIM        (AKIN_TIMBRE_N_MFCC + AKIN_TIMBRE_N_CONTRAST)
/* Values of a packed symmetric DIM × DIM matrix (upper triangle, row-major). */
#define AKIN_TIMBRE_PACKED     (AKIN_TIMBRE_DIM * (AKIN_TIMBRE_DIM + 1) / 2)
/* Only every 4th STFT frame feeds the model: it changes nothing measurable
 * and costs a quarter. */
#define AKIN_TIMBRE_FRAME_STEP 4

/* Names the stored model's definition (features, frame step, layout). The
 * library keeps models under this id: changing the definition means a new
 * id, and every track is analysed again, as for a new encoder model. */
#define AKIN_TIMBRE_FORMAT_ID "mfcc20-contrast7-step4-v1"

/**
 * AkinTimbreModel:
 * @mean: the mean frame
 * @cov: the regularised covariance, packed upper triangle
 * @icov: its inverse, packed upper triangle
 * @logdet: ln det @cov
 * @n_frames: frames the model was fitted on (0: a neutral model for a song
 *   without a single usable frame)
 *
 * One full-covariance Gaussian over the frames [MFCC-20 ⊕ contrast-7] of a
 * whole song. Made of floats only: it can be stored and read back as
 * %AKIN_TIMBRE_MODEL_FLOATS native floats (akin_timbre_model_as_floats()).
 * A plain value type; read-only sharing between threads is safe.
 */
typedef struct
{
  float mean[AKIN_TIMBRE_DIM];
  float cov[AKIN_TIMBRE_PACKED];
  float icov[AKIN_TIMBRE_PACKED];
  float logdet;
  float n_frames;
} AkinTimbreModel;

#define AKIN_TIMBRE_MODEL_FLOATS (AKIN_TIMBRE_DIM + 2 * AKIN_TIMBRE_PACKED + 2)

/**
 * AkinTimbreDivergence:
 * @AKIN_TIMBRE_DIVERGENCE_SKL: symmetrised Kullback–Leibler divergence, closed
 *   form, halved (0.5 · (KL(p‖q) + KL(q‖p)))
 * @AKIN_TIMBRE_DIVERGENCE_JS: the Jensen–Shannon approximation of Musly: the
 *   entropy of the moment-matched Gaussian of the mixture minus the mean
 *   entropy of the two
 *
 * How two timbre models are compared. Both are 0 for identical models,
 * symmetric and non-negative.
 */
typedef enum
{
  AKIN_TIMBRE_DIVERGENCE_SKL,
  AKIN_TIMBRE_DIVERGENCE_JS,
} AkinTimbreDivergence;

/* The divergence used by default (see docs/results.md). */
#define AKIN_TIMBRE_DIVERGENCE_DEFAULT AKIN_TIMBRE_DIVERGENCE_JS

/* --- per-frame spectral contrast (akin-timbre-contrast.c) --------------- */

void          akin_spectral_contrast_frame (const float  *magnitude,
                                            float        *contrast);

typedef struct _AkinTimbreAccumulator AkinTimbreAccumulator;

AkinTimbreAccumulator *akin_timbre_accumulator_new   (void);
void                   akin_timbre_accumulator_free  (AkinTimbreAccumulator *self);
void                   akin_timbre_accumulator_push  (AkinTimbreAccumulator *self,
                                                      const float           *magnitude,
                                                      gboolean               silent);
guint                  akin_timbre_accumulator_get_n_frames (const AkinTimbreAccumulator *self);
const float           *akin_timbre_accumulator_get_frame (const AkinTimbreAccumulator *self,
                                                          guint                        i,
                                                          gboolean                    *silent);
void                   akin_timbre_accumulator_clear (AkinTimbreAccumulator *self);
void                   akin_timbre_accumulator_finish (AkinTimbreAccumulator *self,
                                                       const float           *mfcc,
                                                       AkinTimbreModel       *model);

/* --- the Gaussian, divergences, mutual proximity (akin-timbre.c) -------- */

void          akin_timbre_model_fit        (const float           *frames,
                                            guint                  n_frames,
                                            AkinTimbreModel       *model);
const float  *akin_timbre_model_as_floats  (const AkinTimbreModel *model);
gboolean      akin_timbre_model_from_floats (const float          *floats,
                                             gsize                 n_floats,
                                             AkinTimbreModel      *model);
gboolean      akin_timbre_cholesky         (double                *a);
double        akin_timbre_cholesky_logdet  (const double          *l);
double        akin_timbre_divergence       (const AkinTimbreModel *a,
                                            const AkinTimbreModel *b,
                                            AkinTimbreDivergence   kind);

/**
 * AkinTimbreNorm:
 * @mean: mean divergence of a track to the reference tracks
 * @std: their standard deviation
 *
 * The statistics mutual proximity needs for one track.
 */
typedef struct
{
  float mean;
  float std;
} AkinTimbreNorm;

void          akin_timbre_norm_compute     (const AkinTimbreModel *model,
                                            const AkinTimbreModel *references,
                                            guint                  n_references,
                                            AkinTimbreDivergence   kind,
                                            AkinTimbreNorm        *norm);
void          akin_timbre_norm_from_sums   (double                 sum,
                                            double                 sum2,
                                            guint                  n,
                                            AkinTimbreNorm        *norm);
double        akin_timbre_mutual_proximity (double                 divergence,
                                            const AkinTimbreNorm  *a,
                                            const AkinTimbreNorm  *b);
float        *akin_timbre_similarity_matrix (const AkinTimbreModel *models,
                                             guint                  n);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AkinTimbreAccumulator, akin_timbre_accumulator_free)

G_END_DECLS
