/* akin-similarity-why.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "library/akin-analysis-result.h"
#include "audio/akin-key.h"
#include "akin-similarity.h"

G_BEGIN_DECLS

/**
 * AkinSimilarityAspect:
 * @AKIN_SIMILARITY_ASPECT_TIMBRE: the timbre Gaussians (Jensen–Shannon
 *   divergence as mutual proximity): the timbre part of the combined score
 * @AKIN_SIMILARITY_ASPECT_ENCODERS: the encoders' vectors: their part of the
 *   combined score, or the plain cosine in %AKIN_SIMILARITY_MODE_COSINE
 * @AKIN_SIMILARITY_ASPECT_KEY: the keys' relation on the circle of fifths
 * @AKIN_SIMILARITY_ASPECT_TEMPO: the tempo ratio, double and half time
 *   counting as related
 * @AKIN_SIMILARITY_ASPECT_BRIGHTNESS: the log ratio of the mean 90 %
 *   roll-offs
 * @AKIN_SIMILARITY_N_ASPECTS: how many aspects there are
 *
 * What "why similar" weighs. Only the first two are parts of the score a
 * query ranks by; the others are read from the descriptors.
 */
typedef enum
{
  AKIN_SIMILARITY_ASPECT_TIMBRE,
  AKIN_SIMILARITY_ASPECT_ENCODERS,
  AKIN_SIMILARITY_ASPECT_KEY,
  AKIN_SIMILARITY_ASPECT_TEMPO,
  AKIN_SIMILARITY_ASPECT_BRIGHTNESS,
  AKIN_SIMILARITY_N_ASPECTS,
} AkinSimilarityAspect;

/**
 * AkinSimilarityWhy:
 * @has: whether each aspect could be judged (an index mode without the
 *   part, a track without a timbre model, an undefined key, tempo or
 *   roll-off leave it out)
 * @contribution: each aspect's contribution, in [-1, 1]: 1 as close as it
 *   gets, 0 says nothing (an average candidate, keys far apart), below 0
 *   sets the pair apart. For the two index parts it is tanh (z / 2), z
 *   being how many standard deviations the neighbour's similarity lies
 *   above the average candidate's for this anchor (the scale of
 *   akin_similarity_display_score()); in %AKIN_SIMILARITY_MODE_COSINE the
 *   encoders' contribution is the plain cosine. Key: same 1, relative 0.75,
 *   dominant, subdominant or parallel 0.5, far 0. Tempo: 1 − (e / ln 1.1)²
 *   for e = |ln (other / anchor)|, and 0.75 × (1 − (e′ / ln 1.06)²) for
 *   double or half time, the larger, clamped. Brightness: 1 − |log₂ ratio|
 *   / 0.25, clamped.
 * @explanation: the index parts as akin_similarity_explain() reports them
 *   (valid when @has_explanation)
 * @has_explanation: whether the neighbour was found in the index
 * @key_relation: how the neighbour's key relates to the anchor's
 * @tempo_ratio: the neighbour's tempo over the anchor's (0: unknown)
 * @brightness: log₂ of the neighbour's roll-off over the anchor's (0 when
 *   either is unknown, and then @has says so)
 * @text: (nullable): the translated words for the similar list, strongest
 *   aspect first, e.g. "very close timbre · same key (A minor) · 122 vs
 *   120 BPM"; empty when nothing makes the pair similar. Set by
 *   akin_similarity_why_describe().
 *
 * Why a neighbour is similar to an anchor. Clear with
 * akin_similarity_why_clear().
 */
typedef struct
{
  gboolean                  has[AKIN_SIMILARITY_N_ASPECTS];
  float                     contribution[AKIN_SIMILARITY_N_ASPECTS];
  AkinSimilarityExplanation explanation;
  gboolean                  has_explanation;
  AkinKeyRelation           key_relation;
  double                    tempo_ratio;
  double                    brightness;
  char                     *text;
} AkinSimilarityWhy;

void     akin_similarity_why_clear            (AkinSimilarityWhy          *why);
void     akin_similarity_why_from_match       (const AkinSimilarityMatch  *match,
                                               AkinSimilarityWhy          *out);
gboolean akin_similarity_why_explain          (AkinSimilarityIndex        *index,
                                               gint64                      anchor_id,
                                               const gint64               *other_ids,
                                               guint                       n_others,
                                               AkinSimilarityWhy          *out,
                                               GError                    **error);
gboolean akin_similarity_why_explain_external (AkinSimilarityIndex        *index,
                                               const float                *vector,
                                               guint                       dim,
                                               const AkinTimbreModel      *timbre,
                                               const gint64               *other_ids,
                                               guint                       n_others,
                                               AkinSimilarityWhy          *out,
                                               GError                    **error);
void     akin_similarity_why_describe         (AkinSimilarityWhy          *why,
                                               const AkinDescriptorRecord *anchor,
                                               const AkinDescriptorRecord *other);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AkinSimilarityWhy, akin_similarity_why_clear)

G_END_DECLS
