/* akin-trainer-teacher.c: the timbre model as a teacher for the contrastive loss
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Same-song and same-album pairs tell the encoders which slices belong
 * together, but say nothing about how two strangers compare: every other
 * song in a batch is pushed away as hard as every other. On a few hundred
 * songs the encoders then learn to tell the training songs apart, which
 * does not carry over to other music. The whole-song timbre model (a
 * Gaussian over the song's MFCC and contrast frames, compared by
 * Jensen–Shannon divergence and mutual proximity) learns nothing and ranks
 * unknown music as well as known music. The caller (which sees the audio
 * layer) gives the trainer those similarities between its tracks
 * (akin_timbre_similarity_matrix()). With a teacher share β, each row of
 * the contrastive loss asks for 1 − β of its mass on its partner and β
 * spread over the batch's other rows in proportion to how alike the timbre
 * models of their songs are (a softmax of the teacher's row-standardised
 * similarities over a temperature): the encoders learn to rank strangers as
 * the timbre model does, from slices, on top of what the pairs teach.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "akin-trainer-private.h"

/**
 * akin_trainer_options_uses_teacher:
 * @options: options
 *
 * Returns: whether either stage gives the teacher a share or weighs
 *   negatives by it, so that the options need a @teacher
 */
gboolean
akin_trainer_options_uses_teacher (const AkinTrainerOptions *options)
{
  g_return_val_if_fail (options != NULL, FALSE);

  return akin_trainer_options_teacher_share (options, AKIN_TRAIN_STAGE_2D) > 0.0f ||
         akin_trainer_options_teacher_share (options, AKIN_TRAIN_STAGE_1D) > 0.0f ||
         akin_trainer_options_hard_negatives (options, AKIN_TRAIN_STAGE_2D) != 0.0f ||
         akin_trainer_options_hard_negatives (options, AKIN_TRAIN_STAGE_1D) != 0.0f;
}

/**
 * _akin_train_teacher_new:
 * @similarity: the options' teacher: @n_tracks × @n_tracks similarities
 *   between the trainer's tracks, higher for more alike
 * @n_tracks: the trainer's tracks
 * @ids: the training tracks, in the split's song order
 * @n: their number, ≥ 2
 *
 * Returns: (transfer full): @n × @n teacher logits: row a holds, for every
 *   other training song b, their similarity standardised over the row (zero
 *   mean, unit variance over b ≠ a); the diagonal holds the row's maximum,
 *   so that two slices of one song are as alike as the song's nearest
 *   other song.
 */
double *
_akin_train_teacher_new (const float *similarity,
                         guint        n_tracks,
                         const guint *ids,
                         guint        n)
{
  double *logits = g_new0 (double, (gsize) n * n);

  for (guint a = 0; a < n; a++)
    {
      double *row = logits + (gsize) a * n;
      double mean = 0.0, sd = 0.0, top = -INFINITY;

      for (guint b = 0; b < n; b++)
        if (b != a)
          {
            row[b] = similarity[(gsize) ids[a] * n_tracks + ids[b]];
            mean += row[b];
          }
      mean /= n - 1;
      for (guint b = 0; b < n; b++)
        if (b != a)
          sd += (row[b] - mean) * (row[b] - mean);
      sd = MAX (sqrt (sd / (n - 1)), 1e-12);
      for (guint b = 0; b < n; b++)
        if (b != a)
          {
            row[b] = (row[b] - mean) / sd;
            top = MAX (top, row[b]);
          }
      row[a] = top;
    }
  return logits;
}

/**
 * _akin_train_teacher_targets:
 * @teacher: the logits of _akin_train_teacher_new()
 * @n_songs: its order
 * @songs: 2 × @n_pairs split songs, one per row of the batch (row i and row
 *   i + @n_pairs are partners)
 * @n_pairs: pairs in the batch
 * @share: β, the teacher's share of each row's mass
 * @temperature: divides the logits
 * @targets: (out caller-allocates): (2 @n_pairs)² values for
 *   akin_nt_xent_soft()
 */
void
_akin_train_teacher_targets (const double *teacher,
                             guint         n_songs,
                             const guint  *songs,
                             guint         n_pairs,
                             float         share,
                             float         temperature,
                             double       *targets)
{
  guint n = 2 * n_pairs;

  for (guint i = 0; i < n; i++)
    {
      const double *row = teacher + (gsize) songs[i] * n_songs;
      double *q = targets + (gsize) i * n;
      double top = -INFINITY, sum = 0.0;

      for (guint j = 0; j < n; j++)
        if (j != i)
          top = MAX (top, row[songs[j]] / temperature);
      for (guint j = 0; j < n; j++)
        sum += q[j] = j == i ? 0.0 : exp (row[songs[j]] / temperature - top);
      for (guint j = 0; j < n; j++)
        q[j] *= share / sum;
      q[(i + n_pairs) % n] += 1.0 - share;
    }
}

/**
 * _akin_train_teacher_bias:
 * @teacher: the logits of _akin_train_teacher_new()
 * @n_songs: its order
 * @songs: 2 × @n_pairs split songs, one per row of the batch (row i and row
 *   i + @n_pairs are partners)
 * @n_pairs: pairs in the batch, ≥ 2
 * @hardness: γ ≠ 0
 * @bias: (out caller-allocates): (2 @n_pairs)² logit biases for
 *   akin_nt_xent_biased()
 *
 * Row i's strangers j (every row but i and its partner) get
 * b_ij = γ t_ij − log mean_k exp (γ t_ik), t the teacher's standardised
 * similarity of their songs: weights exp (b_ij) with a mean of 1, so that
 * the strangers as a whole weigh what they did and the ones the teacher
 * finds most alike weigh most. The partner and the diagonal get 0.
 */
void
_akin_train_teacher_bias (const double *teacher,
                          guint         n_songs,
                          const guint  *songs,
                          guint         n_pairs,
                          float         hardness,
                          double       *bias)
{
  guint n = 2 * n_pairs;

  if (n_pairs < 2)
    {
      memset (bias, 0, (gsize) n * n * sizeof (double));
      return;
    }
  for (guint i = 0; i < n; i++)
    {
      const double *row = teacher + (gsize) songs[i] * n_songs;
      guint partner = (i + n_pairs) % n;
      double *b = bias + (gsize) i * n;
      double top = -INFINITY, sum = 0.0, log_mean;

      for (guint j = 0; j < n; j++)
        {
          b[j] = 0.0;
          if (j != i && j != partner)
            top = MAX (top, hardness * row[songs[j]]);
        }
      for (guint j = 0; j < n; j++)
        if (j != i && j != partner)
          sum += exp (hardness * row[songs[j]] - top);
      log_mean = top + log (sum / (n - 2));
      for (guint j = 0; j < n; j++)
        if (j != i && j != partner)
          b[j] = hardness * row[songs[j]] - log_mean;
    }
}
