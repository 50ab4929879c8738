/* test-encoder.c: fusion, encoding, thread safety, two threads for one song, dead units
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "akin-encoder.h"
#include "akin-error.h"
#include "akin-fusion.h"
#include "akin-model-private.h"
#include "tiny-model.h"

static void
test_descriptor_features (void)
{
  float f[AKIN_FUSION_N_DESCRIPTORS], g[AKIN_FUSION_N_DESCRIPTORS];
  AkinTrackDescriptors c_major = { 120.0, 2000.0, 0, AKIN_MODE_MAJOR };
  AkinTrackDescriptors a_minor = { 60.0, 1.0, 9, AKIN_MODE_MINOR };
  AkinTrackDescriptors g_major = { 240.0, 2000.0, 7, AKIN_MODE_MAJOR };
  AkinTrackDescriptors f_major = { 120.0, 2000.0, 5, AKIN_MODE_MAJOR };
  AkinTrackDescriptors unknown = { 0.0, 0.0, -1, AKIN_MODE_UNKNOWN };

  akin_fusion_descriptor_features (&c_major, f);
  g_assert_cmpfloat_with_epsilon (f[0], 0.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (f[1], 1.0, 1e-6);
  g_assert_cmpfloat (f[2], ==, 1.0f);
  g_assert_cmpfloat_with_epsilon (f[3], log (2000.0), 1e-5);
  g_assert_cmpfloat_with_epsilon (f[4], log2 (120.0), 1e-5);

  /* A minor shares C major's signature: same point, opposite mode */
  akin_fusion_descriptor_features (&a_minor, g);
  g_assert_cmpfloat_with_epsilon (g[0], f[0], 1e-6);
  g_assert_cmpfloat_with_epsilon (g[1], f[1], 1e-6);
  g_assert_cmpfloat (g[2], ==, -1.0f);
  g_assert_cmpfloat_with_epsilon (g[3], 0.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (g[4], log2 (60.0), 1e-6);

  /* G major is one fifth clockwise (30°), F major one counter-clockwise */
  akin_fusion_descriptor_features (&g_major, g);
  g_assert_cmpfloat_with_epsilon (g[0], 0.5, 1e-6);
  g_assert_cmpfloat_with_epsilon (g[1], sqrt (3) / 2, 1e-6);
  g_assert_cmpfloat_with_epsilon (g[4], 1.0 + log2 (120.0), 1e-5);
  akin_fusion_descriptor_features (&f_major, g);
  g_assert_cmpfloat_with_epsilon (g[0], -0.5, 1e-6);
  g_assert_cmpfloat_with_epsilon (g[1], sqrt (3) / 2, 1e-6);

  /* unknown values are NaN, except the mode which is 0 */
  akin_fusion_descriptor_features (&unknown, g);
  g_assert_true (isnan (g[0]) && isnan (g[1]) && isnan (g[3]) && isnan (g[4]));
  g_assert_cmpfloat (g[2], ==, 0.0f);
}

static void
test_fusion_build_and_statistics (void)
{
  /* latent of 2, then 5 features; rows with a NaN feature */
  float rows[3 * 7] = {
    1, 10, 0, 1, 1, 5, NAN,
    3, 10, 0, 1, -1, 7, 7,
    5, 10, 0, 1, 0, NAN, 8,
  };
  float mean[7], std[7], fused[7];

  akin_fusion_statistics (rows, 3, 7, mean, std);
  g_assert_cmpfloat (mean[0], ==, 3.0f);
  g_assert_cmpfloat_with_epsilon (std[0], sqrt (8.0 / 3.0), 1e-6);
  g_assert_cmpfloat (mean[1], ==, 10.0f);
  g_assert_cmpfloat (std[1], ==, 1.0f); /* constant column */
  g_assert_cmpfloat (mean[5], ==, 6.0f); /* NaN skipped */
  g_assert_cmpfloat (std[5], ==, 1.0f);
  g_assert_cmpfloat (mean[6], ==, 7.5f);

  akin_fusion_build (rows, 2, rows + 2, mean, std, 2.0f, 0.5f, fused);
  g_assert_cmpfloat_with_epsilon (fused[0], 2.0 * (1 - 3) / sqrt (8.0 / 3.0), 1e-5);
  g_assert_cmpfloat (fused[1], ==, 0.0f);
  g_assert_cmpfloat_with_epsilon (fused[5], 0.5 * (5 - 6), 1e-6);
  g_assert_cmpfloat (fused[6], ==, 0.0f); /* unknown → the training mean */
}

static void
test_dead_units (void)
{
  float rows[4 * 3] = {
    0, 1, 2,
    0, 1, 3,
    0, 1, 4,
    0, 1.0000001f, 5,
  };

  g_assert_cmpuint (akin_encoder_count_dead_units (rows, 4, 3), ==, 2);
  rows[0] = 0.5f;
  g_assert_cmpuint (akin_encoder_count_dead_units (rows, 4, 3), ==, 1);
}

static void
test_embed_deterministic (void)
{
  g_autoptr (AkinModel) model = tiny_model_new (3);
  g_autoptr (AkinEncoderWorkspace) ws = akin_encoder_workspace_new (model);
  AkinTrackDescriptors d = { 100.0, 2500.0, 2, AKIN_MODE_MAJOR };
  float slices[9 * 64], v1[16], v2[16], v3[16], one[16];
  g_autoptr (GError) error = NULL;
  double norm = 0.0;

  g_assert_cmpuint (akin_model_get_vector_size (model), ==, 16);
  tiny_random_slices (4, slices, G_N_ELEMENTS (slices));
  g_assert_true (akin_encoder_embed (model, NULL, slices, 9, &d, v1, &error));
  g_assert_no_error (error);
  g_assert_true (akin_encoder_embed (model, ws, slices, 9, &d, v2, &error));
  g_assert_true (akin_encoder_embed (model, ws, slices, 9, &d, v3, &error));
  g_assert_cmpmem (v1, sizeof v1, v2, sizeof v2);
  g_assert_cmpmem (v1, sizeof v1, v3, sizeof v3);
  for (guint i = 0; i < 16; i++)
    norm += (double) v1[i] * v1[i];
  g_assert_cmpfloat_with_epsilon (norm, 1.0, 1e-5);

  /* a single slice works too (its deviations are 0), and the mean ⊕ the
   * population standard deviation of the codes is what is normalised */
  g_assert_true (akin_encoder_embed (model, ws, slices, 1, &d, one, &error));
  for (guint j = 8; j < 16; j++)
    g_assert_cmpfloat (one[j], ==, 0.0f);
  {
    float codes[9 * 8];
    double pooled[16] = { 0 }, n2 = 0.0;

    g_assert_true (akin_encoder_encode_slices (model, ws, slices, 9, &d, NULL, NULL, codes,
                                               &error));
    for (guint s = 0; s < 9; s++)
      for (guint j = 0; j < 8; j++)
        pooled[j] += codes[s * 8 + j] / 9.0;
    for (guint s = 0; s < 9; s++)
      for (guint j = 0; j < 8; j++)
        pooled[8 + j] += (codes[s * 8 + j] - pooled[j]) * (codes[s * 8 + j] - pooled[j]) / 9.0;
    for (guint j = 0; j < 8; j++)
      pooled[8 + j] = sqrt (pooled[8 + j]);
    for (guint j = 0; j < 16; j++)
      n2 += pooled[j] * pooled[j];
    for (guint j = 0; j < 16; j++)
      g_assert_cmpfloat_with_epsilon (v1[j], pooled[j] / sqrt (n2), 1e-5);
  }
}

/* The pooled codes are standardised with the model's track-vector
 * statistics before the L2 normalisation, and the statistics survive a
 * save and load. */
static void
test_embed_standardised (void)
{
  g_autoptr (AkinModel) model = tiny_model_new (3);
  g_autoptr (AkinModel) loaded = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;
  AkinTrackDescriptors d = { 90.0, 3000.0, 7, AKIN_MODE_MINOR };
  float slices[5 * 64], codes[5 * 8], v[16], again[16];
  double expected[16] = { 0 }, n2 = 0.0;

  for (guint j = 0; j < 16; j++)
    {
      model->vector_mean[j] = 0.05f * j - 0.3f;
      model->vector_std[j] = 0.25f + 0.1f * j;
    }
  akin_model_update_id (model);
  tiny_random_slices (9, slices, G_N_ELEMENTS (slices));
  g_assert_true (akin_encoder_embed (model, NULL, slices, 5, &d, v, &error));
  g_assert_true (akin_encoder_encode_slices (model, NULL, slices, 5, &d, NULL, NULL, codes,
                                             &error));
  g_assert_no_error (error);
  for (guint s = 0; s < 5; s++)
    for (guint j = 0; j < 8; j++)
      expected[j] += codes[s * 8 + j] / 5.0;
  for (guint s = 0; s < 5; s++)
    for (guint j = 0; j < 8; j++)
      expected[8 + j] += (codes[s * 8 + j] - expected[j]) * (codes[s * 8 + j] - expected[j]) / 5.0;
  for (guint j = 0; j < 8; j++)
    expected[8 + j] = sqrt (expected[8 + j]);
  for (guint j = 0; j < 16; j++)
    {
      expected[j] = (expected[j] - model->vector_mean[j]) / model->vector_std[j];
      n2 += expected[j] * expected[j];
    }
  for (guint j = 0; j < 16; j++)
    g_assert_cmpfloat_with_epsilon (v[j], expected[j] / sqrt (n2), 1e-5);

  bytes = akin_model_serialize (model);
  loaded = akin_model_deserialize (bytes, "standardised", &error);
  g_assert_no_error (error);
  g_assert_cmpmem (loaded->vector_mean, 16 * 4, model->vector_mean, 16 * 4);
  g_assert_cmpmem (loaded->vector_std, 16 * 4, model->vector_std, 16 * 4);
  g_assert_cmpstr (akin_model_get_id (loaded), ==, akin_model_get_id (model));
  g_assert_true (akin_encoder_embed (loaded, NULL, slices, 5, &d, again, &error));
  g_assert_cmpmem (again, sizeof again, v, sizeof v);

  /* With mean ⊕ maximum pooling the second half is the codes' maximum. */
  model->pooling = AKIN_POOLING_MEAN_MAX;
  g_assert_true (akin_encoder_embed (model, NULL, slices, 5, &d, v, &error));
  n2 = 0.0;
  for (guint j = 0; j < 8; j++)
    {
      expected[8 + j] = codes[j];
      for (guint s = 1; s < 5; s++)
        expected[8 + j] = MAX (expected[8 + j], codes[s * 8 + j]);
    }
  for (guint j = 0; j < 16; j++)
    {
      double x = j < 8 ? 0.0 : (expected[j] - model->vector_mean[j]) / model->vector_std[j];

      if (j < 8)
        for (guint s = 0; s < 5; s++)
          x += codes[s * 8 + j] / 5.0;
      if (j < 8)
        x = (x - model->vector_mean[j]) / model->vector_std[j];
      expected[j] = x;
      n2 += x * x;
    }
  for (guint j = 0; j < 16; j++)
    g_assert_cmpfloat_with_epsilon (v[j], expected[j] / sqrt (n2), 1e-5);
}

static void
test_embed_invalid (void)
{
  g_autoptr (AkinModel) model = tiny_model_new (3);
  AkinTrackDescriptors d = { 0 };
  float slices[64], v[16];
  g_autoptr (GError) error = NULL;

  tiny_random_slices (4, slices, G_N_ELEMENTS (slices));
  slices[17] = NAN;
  g_assert_false (akin_encoder_embed (model, NULL, slices, 1, &d, v, &error));
  g_assert_error (error, AKIN_ERROR, AKIN_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  slices[17] = INFINITY;
  g_assert_false (akin_encoder_embed (model, NULL, slices, 1, &d, v, &error));
  g_assert_error (error, AKIN_ERROR, AKIN_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (akin_encoder_embed (model, NULL, slices, 0, &d, v, &error));
  g_assert_error (error, AKIN_ERROR, AKIN_ERROR_INVALID_ARGUMENT);
}

/* The shipped architecture, random weights: two threads at once. */
typedef struct
{
  const AkinModel *model;
  const float     *slices;
  guint            n_slices;
  float            vector[AKIN_ENCODER_VECTOR_SIZE];
} Job;

static const AkinTrackDescriptors job_descriptors = { 128.0, 4000.0, 4, AKIN_MODE_MINOR };

static gpointer
embed_thread (gpointer data)
{
  Job *job = data;
  g_autoptr (GError) error = NULL;

  g_assert_true (akin_encoder_embed (job->model, NULL, job->slices, job->n_slices,
                                     &job_descriptors, job->vector, &error));
  g_assert_no_error (error);
  return NULL;
}

static void
test_embed_threads (void)
{
  AkinNetSpec s2, s1;
  g_autoptr (AkinModel) model = NULL;
  gsize slice = AKIN_ENCODER_N_MFCC * AKIN_ENCODER_SLICE_FRAMES;
  g_autofree float *slices = g_new (float, 5 * slice);
  Job reference = { 0 }, a, b;
  GThread *ta, *tb;
  AkinRng rng;

  akin_encoder_default_spec_2d (&s2);
  akin_encoder_default_spec_1d (&s1);
  model = akin_model_new (&s2, &s1, NULL);
  akin_rng_init (&rng, 8);
  akin_net_init_weights (model->net2d, &rng);
  akin_net_init_weights (model->net1d, &rng);
  /* MFCC-like rows: c0 large and negative, the others smaller */
  for (guint s = 0; s < 5; s++)
    for (guint r = 0; r < AKIN_ENCODER_N_MFCC; r++)
      for (guint t = 0; t < AKIN_ENCODER_SLICE_FRAMES; t++)
        slices[s * slice + r * AKIN_ENCODER_SLICE_FRAMES + t] =
          (float) ((r == 0 ? -300.0 : 40.0 / (r + 1)) * (1.0 + 0.3 * sin (0.05 * t * (s + 1) + r)));
  model->mfcc_mean[0] = -300.0f;
  model->mfcc_std[0] = 100.0f;

  reference.model = model;
  reference.slices = slices;
  reference.n_slices = 5;
  embed_thread (&reference);
  a = reference;
  b = reference;
  memset (a.vector, 0, sizeof a.vector);
  memset (b.vector, 0, sizeof b.vector);

  ta = g_thread_new ("embed-a", embed_thread, &a);
  tb = g_thread_new ("embed-b", embed_thread, &b);
  g_thread_join (ta);
  g_thread_join (tb);
  g_assert_cmpmem (a.vector, sizeof a.vector, reference.vector, sizeof reference.vector);
  g_assert_cmpmem (b.vector, sizeof b.vector, reference.vector, sizeof reference.vector);
}

/* Two threads for one song (akin_encoder_encode_codes_threads()): the same
 * codes, in slice order, as one thread, for counts below, at and around
 * the split; so the same vectors. */
static void
test_encode_two_threads (void)
{
  AkinNetSpec s2, s1;
  g_autoptr (AkinModel) shipped = NULL;
  g_autoptr (AkinModel) tiny = tiny_model_new (5);
  gsize slice = AKIN_ENCODER_N_MFCC * AKIN_ENCODER_SLICE_FRAMES;
  g_autofree float *slices = g_new (float, 23 * slice);
  g_autoptr (GError) error = NULL;
  AkinRng rng;

  akin_encoder_default_spec_2d (&s2);
  akin_encoder_default_spec_1d (&s1);
  shipped = akin_model_new (&s2, &s1, NULL);
  akin_rng_init (&rng, 9);
  akin_net_init_weights (shipped->net2d, &rng);
  akin_net_init_weights (shipped->net1d, &rng);
  tiny_random_slices (6, slices, 23 * slice);

  for (guint m = 0; m < 2; m++)
    {
      const AkinModel *model = m == 0 ? tiny : shipped;
      g_autoptr (AkinEncoderWorkspace) ws = akin_encoder_workspace_new (model);
      gsize code = model->net1d->latent_size, dim = akin_model_get_vector_size (model);
      static const guint counts_tiny[] = { 1, 3, 7, 8, 9, 11, 12, 13, 23 };
      static const guint counts_shipped[] = { 8, 11, 23 };
      const guint *counts = m == 0 ? counts_tiny : counts_shipped;
      guint n_counts = m == 0 ? G_N_ELEMENTS (counts_tiny) : G_N_ELEMENTS (counts_shipped);

      for (guint c = 0; c < n_counts; c++)
        {
          guint n = counts[c];
          g_autofree float *one = g_new0 (float, n * code);
          g_autofree float *two = g_new0 (float, n * code);
          g_autofree float *v1 = g_new0 (float, dim);
          g_autofree float *v2 = g_new0 (float, dim);
          g_autofree float *v3 = g_new0 (float, dim);

          g_test_message ("model %s, %u slices", m == 0 ? "tiny" : "shipped", n);
          g_assert_true (akin_encoder_encode_slices (model, ws, slices, n, &job_descriptors, NULL,
                                                     NULL, one, &error));
          g_assert_no_error (error);
          g_assert_true (akin_encoder_encode_codes_threads (model, ws, slices, n,
                                                            &job_descriptors, 2, two, &error));
          g_assert_no_error (error);
          g_assert_cmpmem (one, n * code * sizeof (float), two, n * code * sizeof (float));
          /* the slices' codes differ, so a part out of place would show */
          if (n > 1)
            g_assert_true (memcmp (one, one + (n - 1) * code, code * sizeof (float)) != 0);

          g_assert_true (akin_encoder_embed (model, ws, slices, n, &job_descriptors, v1, &error));
          g_assert_true (akin_encoder_embed_threads (model, ws, slices, n, &job_descriptors, 2,
                                                     v2, &error));
          g_assert_true (akin_encoder_embed_threads (model, NULL, slices, n, &job_descriptors, 1,
                                                     v3, &error));
          g_assert_no_error (error);
          g_assert_cmpmem (v1, dim * sizeof (float), v2, dim * sizeof (float));
          g_assert_cmpmem (v1, dim * sizeof (float), v3, dim * sizeof (float));
        }
    }

  /* Invalid input in the second thread's part is refused, as on one. */
  {
    gsize code = tiny->net1d->latent_size, in = tiny->net2d->input_size;
    g_autofree float *codes = g_new (float, 12 * code);
    float keep = slices[10 * in + 3];

    slices[10 * in + 3] = NAN;
    g_assert_false (akin_encoder_encode_codes_threads (tiny, NULL, slices, 12, &job_descriptors,
                                                       2, codes, &error));
    g_assert_error (error, AKIN_ERROR, AKIN_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
    slices[10 * in + 3] = keep;
  }
}

/* Pooling by hand: three slices of two values. */
static void
test_pool_codes (void)
{
  const float codes[3 * 2] = { 1.0f, -4.0f,
                               3.0f, -2.0f,
                               5.0f, -3.0f };
  float pooled[4];

  akin_encoder_pool_codes (codes, 3, 2, AKIN_POOLING_MEAN_STD, pooled);
  g_assert_cmpfloat_with_epsilon (pooled[0], 3.0f, 1e-6);
  g_assert_cmpfloat_with_epsilon (pooled[1], -3.0f, 1e-6);
  g_assert_cmpfloat_with_epsilon (pooled[2], sqrtf (8.0f / 3.0f), 1e-6);
  g_assert_cmpfloat_with_epsilon (pooled[3], sqrtf (2.0f / 3.0f), 1e-6);

  akin_encoder_pool_codes (codes, 3, 2, AKIN_POOLING_MEAN_MAX, pooled);
  g_assert_cmpfloat_with_epsilon (pooled[0], 3.0f, 1e-6);
  g_assert_cmpfloat_with_epsilon (pooled[1], -3.0f, 1e-6);
  g_assert_cmpfloat (pooled[2], ==, 5.0f);
  g_assert_cmpfloat (pooled[3], ==, -2.0f);

  /* one slice: the deviation is 0, the maximum the slice itself */
  akin_encoder_pool_codes (codes, 1, 2, AKIN_POOLING_MEAN_MAX, pooled);
  g_assert_cmpfloat (pooled[2], ==, 1.0f);
  g_assert_cmpfloat (pooled[3], ==, -4.0f);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  akin_nn_blas_single_thread ();

  g_test_add_func ("/encoder/fusion/descriptor-features", test_descriptor_features);
  g_test_add_func ("/encoder/fusion/build-and-statistics", test_fusion_build_and_statistics);
  g_test_add_func ("/encoder/dead-units", test_dead_units);
  g_test_add_func ("/encoder/pool-codes", test_pool_codes);
  g_test_add_func ("/encoder/embed/deterministic", test_embed_deterministic);
  g_test_add_func ("/encoder/embed/standardised", test_embed_standardised);
  g_test_add_func ("/encoder/embed/invalid", test_embed_invalid);
  g_test_add_func ("/encoder/embed/threads", test_embed_threads);
  g_test_add_func ("/encoder/embed/two-threads", test_encode_two_threads);
  return g_test_run ();
}
