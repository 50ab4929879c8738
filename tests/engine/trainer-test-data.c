/* trainer-test-data.c: synthetic songs and options for the trainer's tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "akin-contrastive.h"
#include "akin-encoder.h"
#include "akin-error.h"
#include "akin-model-private.h"
#include "trainer-test-data.h"

/* Six "tracks" of structured slices: each has its own spectral envelope
 * over the rows and its own modulation rate over time, plus a little noise. */
void
dataset_init (Dataset *ds, guint h, guint w)
{
  AkinRng rng;

  memset (ds, 0, sizeof *ds);
  akin_rng_init (&rng, 77);
  for (guint k = 0; k < N_TRACKS; k++)
    {
      guint n_slices = 2 + k % 3;
      float *x = g_new (float, (gsize) n_slices * h * w);
      double tilt = -1.0 + 0.4 * k, rate = 0.05 * (k + 1);

      for (guint s = 0; s < n_slices; s++)
        for (guint r = 0; r < h; r++)
          for (guint t = 0; t < w; t++)
            x[((gsize) s * h + r) * w + t] =
              (float) ((r == 0 ? -200.0 : 0.0) + 20.0 * exp (tilt * r / (double) h) *
                                                 sin (rate * t + 0.3 * r + s) +
                       akin_rng_normal (&rng));
      ds->data[k] = x;
      ds->tracks[k].slices = x;
      ds->tracks[k].n_slices = n_slices;
      ds->tracks[k].descriptors.tempo_bpm = k == 3 ? 0.0 : 80.0 + 15.0 * k;
      ds->tracks[k].descriptors.rolloff_freq = 1500.0 + 700.0 * k;
      ds->tracks[k].descriptors.key_tonic = (int) (k * 5) % 12;
      ds->tracks[k].descriptors.key_mode = k % 2 ? AKIN_MODE_MINOR : AKIN_MODE_MAJOR;
    }
}

void
dataset_clear (Dataset *ds)
{
  for (guint k = 0; k < N_TRACKS; k++)
    g_free (ds->data[k]);
}

/* The shipped architecture on 16 × 64 slices (a quarter of the time axis,
 * so the test stays fast): the same six blocks, latent 1 × 1 × 16. */
void
small_options (AkinTrainerOptions *o)
{
  akin_trainer_options_init (o);
  o->spec2d.in_w = W;
  o->spec1d.in_w = 16 + AKIN_FUSION_N_DESCRIPTORS;
  o->epochs_2d = 20;
  o->epochs_1d = 20;
  o->batch_size = 4;
  o->validation_fraction = 0.34;
  o->seed = 5;
  o->note = "synthetic";
}

/* Trains on @tracks (ID_TRACKS of ID_SLICES slices), encodes every slice
 * with the 2D encoder and returns the latents' same-song retrieval, or with
 * @by_album their same-album retrieval among other songs (k = 3). */
double
latent_retrieval (const AkinTrainerOptions *o, const AkinTrainingTrack *tracks, gboolean by_album)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AkinModel) model = akin_trainer_train (tracks, ID_TRACKS, o, NULL, NULL, NULL,
                                                    NULL, &error);
  gsize lat;
  g_autofree float *latents = NULL;
  guint song[ID_TRACKS * ID_SLICES], position[ID_TRACKS * ID_SLICES];
  guint group[ID_TRACKS * ID_SLICES];

  g_assert_no_error (error);
  lat = model->net2d->latent_size;
  latents = g_new (float, ID_TRACKS * ID_SLICES * lat);
  for (guint k = 0; k < ID_TRACKS; k++)
    {
      g_assert_true (akin_encoder_encode_slices (model, NULL, tracks[k].slices, ID_SLICES,
                                                 &tracks[k].descriptors,
                                                 latents + k * ID_SLICES * lat, NULL, NULL,
                                                 &error));
      for (guint s = 0; s < ID_SLICES; s++)
        {
          song[k * ID_SLICES + s] = k;
          position[k * ID_SLICES + s] = 2 * s; /* no neighbours in time left out */
          group[k * ID_SLICES + s] = tracks[k].group;
        }
    }
  if (by_album)
    return akin_same_group_retrieval (latents, song, group, ID_TRACKS * ID_SLICES, lat, 3);
  return akin_same_song_retrieval (latents, song, position, ID_TRACKS * ID_SLICES, lat, 3);
}

/* ID_TRACKS songs in albums of two: each song's spectral envelope is its
 * album's plus a song's own, under moving sinusoids that differ between
 * slices. @teacher (nullable) gets similarities that know the albums. */
void
album_tracks_init_scaled (AkinTrainingTrack *tracks,
                          float            **data,
                          float             *teacher,
                          double             album_sd,
                          double             own_sd)
{
  float album[ID_TRACKS / 2][H];
  AkinRng rng;

  akin_rng_init (&rng, 41);
  for (guint a = 0; a < ID_TRACKS / 2; a++)
    for (guint r = 0; r < H; r++)
      album[a][r] = (float) (album_sd * akin_rng_normal (&rng));
  for (guint k = 0; k < ID_TRACKS; k++)
    {
      float envelope[H];

      for (guint r = 0; r < H; r++)
        envelope[r] = album[k / 2][r] + (float) (own_sd * akin_rng_normal (&rng));
      data[k] = g_new (float, (gsize) ID_SLICES * H * W);
      for (guint s = 0; s < ID_SLICES; s++)
        {
          double rate = 0.05 + 0.3 * akin_rng_uniform (&rng);
          double phase = 6.28 * akin_rng_uniform (&rng);

          for (guint r = 0; r < H; r++)
            for (guint t = 0; t < W; t++)
              data[k][((gsize) s * H + r) * W + t] =
                (float) (envelope[r] + 20.0 * sin (rate * t + phase + 0.2 * r) +
                         akin_rng_normal (&rng));
        }
      tracks[k].slices = data[k];
      tracks[k].n_slices = ID_SLICES;
      tracks[k].descriptors = (AkinTrackDescriptors) { 120.0, 3000.0, 0, AKIN_MODE_MAJOR };
      tracks[k].group = 1 + k / 2;
    }
  for (guint a = 0; a < ID_TRACKS && teacher != NULL; a++)
    for (guint b = 0; b < ID_TRACKS; b++)
      teacher[a * ID_TRACKS + b] = a / 2 == b / 2 ? 1.0f : 0.0f;
}

void
album_tracks_init (AkinTrainingTrack *tracks, float **data, float *teacher)
{
  album_tracks_init_scaled (tracks, data, teacher, 8.0, 12.0);
}

void
album_tracks_clear (float **data)
{
  for (guint k = 0; k < ID_TRACKS; k++)
    g_free (data[k]);
}

void
album_options (AkinTrainerOptions *o)
{
  small_options (o);
  o->epochs_2d = 15;
  o->epochs_1d = 1;
  o->batch_size = 8;
  o->validation_fraction = 0.34; /* two albums, so that album retrieval can pick epochs */
  o->augment = (AkinAugment) { 0 };
  o->contrastive_weight_2d = 1.0f;
}

/* Trains on @tracks and fails the test on any error. */
AkinModel *
train_ok (const AkinTrainingTrack *tracks, guint n_tracks, const AkinTrainerOptions *o)
{
  g_autoptr (GError) error = NULL;
  AkinModel *model = akin_trainer_train (tracks, n_tracks, o, NULL, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  return model;
}

/* Whether two models' networks of one stage hold the same weights. */
gboolean
same_net (const AkinNet *a, const AkinNet *b)
{
  return a->n_params == b->n_params &&
         memcmp (a->params, b->params, a->n_params * sizeof (float)) == 0;
}

/* Training @tracks with @o is refused as invalid. */
void
assert_invalid (const AkinTrainingTrack *tracks, guint n_tracks, const AkinTrainerOptions *o)
{
  g_autoptr (GError) error = NULL;

  g_assert_null (akin_trainer_train (tracks, n_tracks, o, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, AKIN_ERROR, AKIN_ERROR_INVALID_ARGUMENT);
}

/* @mean's weights are the mean of @a's and @b's, which differ. */
void
assert_mean_net (const AkinNet *mean, const AkinNet *a, const AkinNet *b)
{
  double diff = 0.0, moved = 0.0;

  g_assert_cmpuint (mean->n_params, ==, a->n_params);
  g_assert_cmpuint (mean->n_params, ==, b->n_params);
  for (gsize i = 0; i < mean->n_params; i++)
    {
      double want = 0.5 * ((double) a->params[i] + b->params[i]);

      diff = MAX (diff, fabs (mean->params[i] - want));
      moved = MAX (moved, fabs (b->params[i] - a->params[i]));
    }
  g_assert_cmpfloat (moved, >, 1e-4);
  g_assert_cmpfloat (diff, <, 1e-6);
}
