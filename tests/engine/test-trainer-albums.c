/* test-trainer-albums.c: training with albums, the timbre teacher and the
 * perturbations of the 2D views, on synthetic songs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "akin-encoder.h"
#include "akin-error.h"
#include "akin-model-private.h"
#include "akin-trainer-private.h"
#include "trainer-test-data.h"

/* Albums split whole: every album is on one side, validation takes no more
 * than asked, songs without an album are albums of their own, and the same
 * seed gives the same split. */
static void
test_train_album_split (void)
{
  static const guint albums[] = { 1, 1, 1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 0, 0 };
  AkinTrainingTrack tracks[G_N_ELEMENTS (albums)] = { { 0 } };
  guint n = G_N_ELEMENTS (albums);

  for (guint i = 0; i < n; i++)
    tracks[i].group = albums[i];
  for (guint64 seed = 1; seed <= 20; seed++)
    {
      guint ids[G_N_ELEMENTS (albums)], again[G_N_ELEMENTS (albums)];
      guint n_val, n_again;
      gboolean seen[G_N_ELEMENTS (albums)] = { FALSE };
      AkinRng rng;

      for (guint i = 0; i < n; i++)
        ids[i] = again[i] = i;
      akin_rng_init (&rng, seed);
      n_val = _akin_train_split_by_group (tracks, n, ids, 4, &rng);
      akin_rng_init (&rng, seed);
      n_again = _akin_train_split_by_group (tracks, n, again, 4, &rng);
      g_assert_cmpuint (n_val, ==, n_again);
      g_assert_cmpmem (ids, sizeof ids, again, sizeof again);
      g_assert_cmpuint (n_val, >=, 1);
      g_assert_cmpuint (n_val, <=, 4);
      for (guint i = 0; i < n; i++)
        {
          g_assert_false (seen[ids[i]]);
          seen[ids[i]] = TRUE;
          /* the album of five never validates */
          if (i < n_val)
            g_assert_cmpuint (tracks[ids[i]].group, !=, 1);
          for (guint j = n_val; j < n && i < n_val; j++)
            if (tracks[ids[i]].group != 0)
              g_assert_cmpuint (tracks[ids[i]].group, !=, tracks[ids[j]].group);
        }
    }
}

/* Songs of one album (two to an album) share a faint spectral envelope, each song has a
 * stronger one of its own: pairs of album mates teach the encoder the
 * album's envelope, so album mates come closer than with same-song pairs. */
static void
test_train_albums (void)
{
  AkinTrainingTrack tracks[ID_TRACKS] = { { 0 } };
  float *data[ID_TRACKS];
  AkinTrainerOptions o;
  double songs, albums;

  album_tracks_init (tracks, data, NULL);
  album_options (&o);
  songs = latent_retrieval (&o, tracks, TRUE);
  o.group_positives = 1.0f;
  albums = latent_retrieval (&o, tracks, TRUE);
  g_test_message ("same-album retrieval of the 2D latents, other songs, k = 3: same-song pairs "
                  "%.3f, album pairs %.3f (chance %.3f)", songs, albums,
                  1.0 / (ID_TRACKS - 1.0));
  g_assert_cmpfloat (albums, >, songs + 0.1);

  album_tracks_clear (data);
}

/* A teacher that knows the albums, with same-song pairs only: its soft
 * targets teach the encoder what album pairs teach, so the latents find
 * their album mates far better than without it. And the teacher's options
 * are checked. */
static void
test_train_teacher (void)
{
  AkinTrainingTrack tracks[ID_TRACKS] = { { 0 } };
  float *data[ID_TRACKS];
  float teacher[ID_TRACKS * ID_TRACKS];
  AkinTrainerOptions o;
  double plain, taught;

  album_tracks_init (tracks, data, teacher);

  album_options (&o);
  o.teacher_share = 0.5f;
  assert_invalid (tracks, ID_TRACKS, &o);
  o.teacher = teacher;
  o.teacher_temperature = 0.0f;
  assert_invalid (tracks, ID_TRACKS, &o);

  album_options (&o);
  plain = latent_retrieval (&o, tracks, TRUE);
  o.teacher = teacher;
  o.teacher_share = 0.8f;
  taught = latent_retrieval (&o, tracks, TRUE);
  g_test_message ("same-album retrieval of the 2D latents, other songs, k = 3: same-song pairs "
                  "%.3f, with the teacher %.3f (chance %.3f)", plain, taught,
                  1.0 / (ID_TRACKS - 1.0));
  g_assert_cmpfloat (taught, >, plain + 0.1);

  album_tracks_clear (data);
}

/* Hard negatives from a teacher that knows the albums, with same-song
 * pairs only, on songs whose album's envelope is stronger than their own:
 * the album mates are the strangers the teacher finds most alike, so they
 * are pushed apart, and the latents find them less often than without it.
 * The option is checked, and a hardness for the 1D stage alone (here one
 * that spares the album mates) leaves the 2D stage bit for bit. */
static void
test_train_hard_negatives (void)
{
  AkinTrainingTrack tracks[ID_TRACKS] = { { 0 } };
  float *data[ID_TRACKS];
  float teacher[ID_TRACKS * ID_TRACKS];
  AkinTrainerOptions o;
  g_autoptr (AkinModel) plain = NULL;
  g_autoptr (AkinModel) hard_1d = NULL;
  double together, apart;

  album_tracks_init_scaled (tracks, data, teacher, 12.0, 4.0);

  album_options (&o);
  o.hard_negatives = 2.0f;
  assert_invalid (tracks, ID_TRACKS, &o);
  o.teacher = teacher;
  o.hard_negatives = 17.0f;
  assert_invalid (tracks, ID_TRACKS, &o);
  o.hard_negatives = 0.0f;
  o.hard_negatives_1d = -17.0f;
  assert_invalid (tracks, ID_TRACKS, &o);

  album_options (&o);
  together = latent_retrieval (&o, tracks, TRUE);
  o.teacher = teacher;
  o.hard_negatives = 2.0f;
  g_assert_cmpfloat (akin_trainer_options_hard_negatives (&o, AKIN_TRAIN_STAGE_1D), ==, 2.0f);
  apart = latent_retrieval (&o, tracks, TRUE);
  g_test_message ("same-album retrieval of the 2D latents, other songs, k = 3: same-song pairs "
                  "%.3f, album mates as hard negatives %.3f (chance %.3f)", together, apart,
                  1.0 / (ID_TRACKS - 1.0));
  g_assert_cmpfloat (apart, <, together - 0.1);

  album_options (&o);
  o.epochs_2d = 2;
  o.epochs_1d = 3;
  o.contrastive_weight_1d = 1.0f;
  plain = train_ok (tracks, ID_TRACKS, &o);
  o.teacher = teacher;
  o.hard_negatives_1d = -2.0f;
  g_assert_cmpfloat (akin_trainer_options_hard_negatives (&o, AKIN_TRAIN_STAGE_2D), ==, 0.0f);
  g_assert_cmpfloat (akin_trainer_options_hard_negatives (&o, AKIN_TRAIN_STAGE_1D), ==, -2.0f);
  hard_1d = train_ok (tracks, ID_TRACKS, &o);
  g_assert_true (same_net (hard_1d->net2d, plain->net2d));
  g_assert_false (same_net (hard_1d->net1d, plain->net1d));

  album_tracks_clear (data);
}

/* A teacher share for the 1D stage alone leaves the 2D stage bit for bit
 * as it is without a teacher, and changes the 1D stage. */
static void
test_train_teacher_1d (void)
{
  AkinTrainingTrack tracks[ID_TRACKS] = { { 0 } };
  float *data[ID_TRACKS];
  float teacher[ID_TRACKS * ID_TRACKS];
  AkinTrainerOptions o;
  g_autoptr (AkinModel) plain = NULL;
  g_autoptr (AkinModel) taught = NULL;

  album_tracks_init (tracks, data, teacher);
  album_options (&o);
  o.epochs_2d = 2;
  o.epochs_1d = 3;
  o.contrastive_weight_1d = 1.0f;
  g_assert_cmpfloat (akin_trainer_options_teacher_share (&o, AKIN_TRAIN_STAGE_1D), ==, 0.0f);
  plain = train_ok (tracks, ID_TRACKS, &o);

  o.teacher = teacher;
  o.teacher_share_1d = 0.8f;
  g_assert_cmpfloat (akin_trainer_options_teacher_share (&o, AKIN_TRAIN_STAGE_2D), ==, 0.0f);
  g_assert_cmpfloat (akin_trainer_options_teacher_share (&o, AKIN_TRAIN_STAGE_1D), ==, 0.8f);
  taught = train_ok (tracks, ID_TRACKS, &o);
  g_assert_true (same_net (taught->net2d, plain->net2d));
  g_assert_false (same_net (taught->net1d, plain->net1d));

  o.teacher_share_1d = 1.5f;
  assert_invalid (tracks, ID_TRACKS, &o);

  album_tracks_clear (data);
}

/* A warm-up as long as the 2D stage trains it as if album partners and
 * the teacher were not there (bit for bit, with the same album split); a
 * shorter one changes the epochs after it. */
static void
test_train_warm_up (void)
{
  AkinTrainingTrack tracks[ID_TRACKS] = { { 0 } };
  float *data[ID_TRACKS];
  float teacher[ID_TRACKS * ID_TRACKS];
  AkinTrainerOptions o;
  g_autoptr (AkinModel) plain = NULL;
  g_autoptr (AkinModel) whole = NULL;
  g_autoptr (AkinModel) half = NULL;
  g_autoptr (AkinModel) none = NULL;

  album_tracks_init (tracks, data, teacher);
  album_options (&o);
  o.epochs_2d = 2;
  o.teacher = teacher;
  /* grouped (the same split, batches and draws), but no album pair drawn */
  o.group_positives = 1e-30f;
  plain = train_ok (tracks, ID_TRACKS, &o);

  o.group_positives = 1.0f;
  o.teacher_share = 0.8f;
  o.warm_up_2d = 2;
  whole = train_ok (tracks, ID_TRACKS, &o);
  g_assert_true (same_net (whole->net2d, plain->net2d));

  o.warm_up_2d = 1;
  half = train_ok (tracks, ID_TRACKS, &o);
  o.warm_up_2d = 0;
  none = train_ok (tracks, ID_TRACKS, &o);
  g_assert_false (same_net (half->net2d, plain->net2d));
  g_assert_false (same_net (half->net2d, none->net2d));

  album_tracks_clear (data);
}

/* Pitch and tempo perturbations of the 2D views change what the 2D stage
 * learns (akin_augment_warp() is checked in test-contrastive), and their
 * options are checked. */
static void
test_train_warp (void)
{
  AkinTrainingTrack tracks[ID_TRACKS] = { { 0 } };
  float *data[ID_TRACKS];
  float pitch[2 * H * H] = { 0 };
  AkinTrainerOptions o;
  g_autoptr (AkinModel) plain = NULL;
  g_autoptr (AkinModel) warped = NULL;

  album_tracks_init (tracks, data, NULL);
  album_options (&o);
  o.epochs_2d = 2;
  plain = train_ok (tracks, ID_TRACKS, &o);

  for (guint r = 0; r < H; r++)
    {
      pitch[r * H + r] = 0.9f;
      pitch[H * H + r * H + r] = 1.1f;
    }
  o.augment.pitch = pitch;
  o.augment.n_pitch = 2;
  o.augment.tempo = 0.08f;
  warped = train_ok (tracks, ID_TRACKS, &o);
  g_assert_false (same_net (warped->net2d, plain->net2d));

  o.augment.n_pitch = 0;
  assert_invalid (tracks, ID_TRACKS, &o);
  o.augment.n_pitch = 2;
  o.augment.tempo = 0.5f;
  assert_invalid (tracks, ID_TRACKS, &o);

  album_tracks_clear (data);
}

/* Views of several slices: one slice is the default bit for bit; more
 * make another 2D network; too many are refused. */
static void
test_train_view_slices (void)
{
  AkinTrainingTrack tracks[ID_TRACKS] = { { 0 } };
  float *data[ID_TRACKS];
  AkinTrainerOptions o;
  g_autoptr (AkinModel) plain = NULL;
  g_autoptr (AkinModel) one = NULL;
  g_autoptr (AkinModel) three = NULL;

  album_tracks_init (tracks, data, NULL);
  album_options (&o);
  o.epochs_2d = 2;
  o.batch_size = 24;
  plain = train_ok (tracks, ID_TRACKS, &o);
  o.view_slices = 1;
  one = train_ok (tracks, ID_TRACKS, &o);
  g_assert_true (same_net (one->net2d, plain->net2d));
  o.view_slices = 3;
  three = train_ok (tracks, ID_TRACKS, &o);
  g_assert_false (same_net (three->net2d, plain->net2d));
  o.view_slices = 65;
  assert_invalid (tracks, ID_TRACKS, &o);

  album_tracks_clear (data);
}

/* The teacher's logits are standardised per row over the training songs,
 * with the row's best on the diagonal; its targets put 1 − β on the
 * partner and spread β by a softmax of the logits. */
static void
test_teacher_targets (void)
{
  /* four tracks, of which 3, 0, 2 train (in this order) */
  const float sim[4 * 4] = {
    1.0f, 0.9f, 0.3f, 0.6f,
    0.9f, 1.0f, 0.5f, 0.2f,
    0.3f, 0.5f, 1.0f, 0.0f,
    0.6f, 0.2f, 0.0f, 1.0f,
  };
  const guint ids[3] = { 3, 0, 2 };
  g_autofree double *logits = _akin_train_teacher_new (sim, 4, ids, 3);
  const guint songs[4] = { 0, 1, 0, 2 }; /* pairs (row 0, row 2), (row 1, row 3) */
  double q[4 * 4];

  /* row of track 3 over tracks 0 (0.6) and 2 (0.0): z = +1, −1 */
  g_assert_cmpfloat_with_epsilon (logits[0 * 3 + 1], 1.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (logits[0 * 3 + 2], -1.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (logits[0 * 3 + 0], 1.0, 1e-6);
  /* row of track 2 over 3 (0.0) and 0 (0.3) */
  g_assert_cmpfloat_with_epsilon (logits[2 * 3 + 0], -1.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (logits[2 * 3 + 1], 1.0, 1e-6);

  _akin_train_teacher_targets (logits, 3, songs, 2, 0.5f, 1.0f, q);
  for (guint i = 0; i < 4; i++)
    {
      double sum = 0.0;

      g_assert_cmpfloat (q[i * 4 + i], ==, 0.0);
      for (guint j = 0; j < 4; j++)
        sum += q[i * 4 + j];
      g_assert_cmpfloat_with_epsilon (sum, 1.0, 1e-12);
    }
  /* row 0 (song 0 = track 3): others are rows 1 (song 1, logit 1), 2 (song 0,
   * the diagonal, 1) and 3 (song 2, −1); its partner is row 2 */
  {
    double e = exp (1.0) * 2 + exp (-1.0);

    g_assert_cmpfloat_with_epsilon (q[0 * 4 + 1], 0.5 * exp (1.0) / e, 1e-12);
    g_assert_cmpfloat_with_epsilon (q[0 * 4 + 2], 0.5 + 0.5 * exp (1.0) / e, 1e-12);
    g_assert_cmpfloat_with_epsilon (q[0 * 4 + 3], 0.5 * exp (-1.0) / e, 1e-12);
  }
}

/* The hard-negative biases: 0 on the diagonal and the partner; over the
 * strangers, γ times the teacher's logit less the log of their mean
 * weight, so that the weights exp (b) of a row's strangers average 1. */
static void
test_teacher_bias (void)
{
  const float sim[4 * 4] = {
    1.0f, 0.9f, 0.3f, 0.6f,
    0.9f, 1.0f, 0.5f, 0.2f,
    0.3f, 0.5f, 1.0f, 0.0f,
    0.6f, 0.2f, 0.0f, 1.0f,
  };
  const guint ids[4] = { 0, 1, 2, 3 };
  g_autofree double *logits = _akin_train_teacher_new (sim, 4, ids, 4);
  const guint songs[6] = { 0, 1, 2, 3, 1, 0 }; /* pairs (0, 3), (1, 4), (2, 5) */
  double b[6 * 6];

  _akin_train_teacher_bias (logits, 4, songs, 3, 1.5f, b);
  for (guint i = 0; i < 6; i++)
    {
      guint partner = (i + 3) % 6;
      const double *row = logits + (gsize) songs[i] * 4;
      double mean = 0.0;

      g_assert_cmpfloat (b[i * 6 + i], ==, 0.0);
      g_assert_cmpfloat (b[i * 6 + partner], ==, 0.0);
      for (guint j = 0; j < 6; j++)
        if (j != i && j != partner)
          mean += exp (1.5 * row[songs[j]]) / 4.0;
      for (guint j = 0; j < 6; j++)
        if (j != i && j != partner)
          g_assert_cmpfloat_with_epsilon (b[i * 6 + j], 1.5 * row[songs[j]] - log (mean), 1e-12);
    }
  /* row 0 is track 0: track 1 (0.9) is its most alike stranger, track 2
   * (0.3) its least */
  g_assert_cmpfloat (b[0 * 6 + 1], >, b[0 * 6 + 4] - 1e-12);
  g_assert_cmpfloat (b[0 * 6 + 1], >, b[0 * 6 + 2] + 1.0);

  /* a negative γ reverses the order, with the same mean weight */
  _akin_train_teacher_bias (logits, 4, songs, 3, -1.5f, b);
  g_assert_cmpfloat (b[0 * 6 + 1], <, b[0 * 6 + 2] - 1.0);
  {
    double mean = 0.0;

    for (guint j = 1; j < 6; j++)
      if (j != 3)
        mean += exp (b[0 * 6 + j]) / 4.0;
    g_assert_cmpfloat_with_epsilon (mean, 1.0, 1e-12);
  }

  /* one pair has no strangers: nothing to weigh */
  _akin_train_teacher_bias (logits, 4, songs, 1, 1.5f, b);
  for (guint k = 0; k < 4; k++)
    g_assert_cmpfloat (b[k], ==, 0.0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/trainer/album-split", test_train_album_split);
  g_test_add_func ("/trainer/albums", test_train_albums);
  g_test_add_func ("/trainer/teacher", test_train_teacher);
  g_test_add_func ("/trainer/teacher-targets", test_teacher_targets);
  g_test_add_func ("/trainer/teacher-1d", test_train_teacher_1d);
  g_test_add_func ("/trainer/hard-negatives", test_train_hard_negatives);
  g_test_add_func ("/trainer/teacher-bias", test_teacher_bias);
  g_test_add_func ("/trainer/warm-up", test_train_warm_up);
  g_test_add_func ("/trainer/warp", test_train_warp);
  g_test_add_func ("/trainer/view-slices", test_train_view_slices);

  return g_test_run ();
}
