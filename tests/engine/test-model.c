/* test-model.c: the model file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "akin-encoder.h"
#include "akin-error.h"
#include "akin-model-private.h"
#include "akin-model.h"
#include "tiny-model.h"

static char *tmpdir;

static const AkinTrackDescriptors descriptors = { 123.0, 3100.0, 9, AKIN_MODE_MINOR };

static void
embed (const AkinModel *model, float *vector)
{
  float slices[3 * 4 * 16];
  g_autoptr (GError) error = NULL;

  tiny_random_slices (99, slices, G_N_ELEMENTS (slices));
  g_assert_true (akin_encoder_embed (model, NULL, slices, 3, &descriptors, vector, &error));
  g_assert_no_error (error);
}

static char *
save_tiny (const char *name)
{
  g_autoptr (AkinModel) model = tiny_model_new (1);
  g_autoptr (GError) error = NULL;
  char *path = g_build_filename (tmpdir, name, NULL);

  g_assert_true (akin_model_save (model, path, &error));
  g_assert_no_error (error);
  return path;
}

static void
test_round_trip (void)
{
  g_autoptr (AkinModel) model = tiny_model_new (1);
  g_autoptr (AkinModel) loaded = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (tmpdir, "round.model", NULL);
  g_autoptr (GBytes) a = NULL;
  g_autoptr (GBytes) b = NULL;
  float v1[16], v2[16];

  model->info.contrastive_weight_2d = 0.75f;
  model->info.contrastive_weight_1d = 0.25f;
  model->info.temperature = 0.125f;
  g_assert_null (akin_model_get_id (model));
  g_assert_true (akin_model_save (model, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (akin_model_get_id (model), "akin-"));
  g_assert_cmpuint (strlen (akin_model_get_id (model)), ==, 5 + 16);

  loaded = akin_model_load (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);
  g_assert_cmpstr (akin_model_get_id (loaded), ==, akin_model_get_id (model));
  g_assert_cmpuint (akin_model_get_vector_size (loaded), ==, 16); /* mean ⊕ std of 8 */
  g_assert_cmpmem (loaded->net2d->params, loaded->net2d->n_params * 4, model->net2d->params,
                   model->net2d->n_params * 4);
  g_assert_cmpmem (loaded->net1d->params, loaded->net1d->n_params * 4, model->net1d->params,
                   model->net1d->n_params * 4);
  g_assert_cmpmem (loaded->fusion_std, 13 * 4, model->fusion_std, 13 * 4);
  g_assert_cmpmem (loaded->mfcc_mean, 4 * 4, model->mfcc_mean, 4 * 4);
  g_assert_cmpfloat (loaded->descriptor_weight, ==, 2.0f);
  g_assert_cmpstr (loaded->info.note, ==, "tiny test model");
  g_assert_cmpuint (loaded->info.seed, ==, 1);
  g_assert_cmpfloat (loaded->info.contrastive_weight_2d, ==, 0.75f);
  g_assert_cmpfloat (loaded->info.contrastive_weight_1d, ==, 0.25f);
  g_assert_cmpfloat (loaded->info.temperature, ==, 0.125f);

  embed (model, v1);
  embed (loaded, v2);
  g_assert_cmpmem (v1, sizeof v1, v2, sizeof v2);

  /* serialising again gives the same bytes */
  a = akin_model_serialize (model);
  b = akin_model_serialize (loaded);
  g_assert_true (g_bytes_equal (a, b));

  /* the training metadata is part of the contents, hence of the id */
  {
    g_autoptr (AkinModel) other = tiny_model_new (1);

    other->info.contrastive_weight_2d = 0.75f;
    other->info.contrastive_weight_1d = 0.25f;
    other->info.temperature = 0.2f;
    akin_model_update_id (other);
    g_assert_cmpstr (akin_model_get_id (other), !=, akin_model_get_id (model));
  }

  /* a different model has a different id */
  {
    g_autoptr (AkinModel) other = tiny_model_new (2);

    akin_model_update_id (other);
    g_assert_cmpstr (akin_model_get_id (other), !=, akin_model_get_id (model));
  }
}

static void
write_bytes (const char *path, const guint8 *data, gsize len)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (g_file_set_contents (path, (const char *) data, len, &error));
  g_assert_no_error (error);
}

static void
expect_load_error (const char *path, GQuark domain, int code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AkinModel) model = akin_model_load (path, &error);

  g_assert_null (model);
  g_assert_error (error, domain, code);
  if (domain == AKIN_ERROR)
    g_assert_nonnull (strstr (error->message, path));
}

static void
test_corruption (void)
{
  g_autofree char *good = save_tiny ("good.model");
  g_autofree char *bad = g_build_filename (tmpdir, "bad.model", NULL);
  g_autofree char *missing = g_build_filename (tmpdir, "missing.model", NULL);
  g_autofree guint8 *data = NULL;
  gsize len;
  guint8 *copy;

  g_assert_true (g_file_get_contents (good, (char **) &data, &len, NULL));
  copy = g_malloc (len);

  /* truncated */
  write_bytes (bad, data, len - 1);
  expect_load_error (bad, AKIN_ERROR, AKIN_ERROR_MODEL_INVALID);
  write_bytes (bad, data, len / 2);
  expect_load_error (bad, AKIN_ERROR, AKIN_ERROR_MODEL_INVALID);
  write_bytes (bad, data, 12);
  expect_load_error (bad, AKIN_ERROR, AKIN_ERROR_MODEL_INVALID);
  write_bytes (bad, data, 0);
  expect_load_error (bad, AKIN_ERROR, AKIN_ERROR_MODEL_INVALID);

  /* a bit flipped in the weights, and in the checksum */
  memcpy (copy, data, len);
  copy[len / 2] ^= 0x10;
  write_bytes (bad, copy, len);
  expect_load_error (bad, AKIN_ERROR, AKIN_ERROR_MODEL_INVALID);
  memcpy (copy, data, len);
  copy[len - 3] ^= 0x01;
  write_bytes (bad, copy, len);
  expect_load_error (bad, AKIN_ERROR, AKIN_ERROR_MODEL_INVALID);

  /* another format version: a newer one, and version 1 (slice codes pooled
   * by their mean alone, so its vectors would not mean the same) */
  g_assert_cmpuint (data[8], ==, AKIN_MODEL_FORMAT_VERSION);
  memcpy (copy, data, len);
  copy[8] = AKIN_MODEL_FORMAT_VERSION + 1;
  write_bytes (bad, copy, len);
  expect_load_error (bad, AKIN_ERROR, AKIN_ERROR_MODEL_VERSION);
  copy[8] = 1;
  write_bytes (bad, copy, len);
  expect_load_error (bad, AKIN_ERROR, AKIN_ERROR_MODEL_VERSION);

  /* trailing garbage */
  {
    g_autofree guint8 *longer = g_malloc (len + 4);

    memcpy (longer, data, len);
    memset (longer + len, 0, 4);
    write_bytes (bad, longer, len + 4);
    expect_load_error (bad, AKIN_ERROR, AKIN_ERROR_MODEL_INVALID);
  }

  /* a foreign file */
  write_bytes (bad, (const guint8 *) "\x89PNG\r\n\x1a\n0000000000000000000000000000000000000000", 48);
  expect_load_error (bad, AKIN_ERROR, AKIN_ERROR_MODEL_INVALID);

  /* no file at all */
  expect_load_error (missing, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_free (copy);
}

static void
test_fuzz (void)
{
  g_autofree char *good = save_tiny ("fuzz-src.model");
  g_autofree guint8 *data = NULL;
  g_autofree guint8 *copy = NULL;
  gsize len;
  AkinRng rng;

  g_assert_true (g_file_get_contents (good, (char **) &data, &len, NULL));
  copy = g_malloc (len);
  akin_rng_init (&rng, 2024);

  for (guint round = 0; round < 300; round++)
    {
      g_autoptr (GBytes) bytes = NULL;
      g_autoptr (GError) error = NULL;
      g_autoptr (AkinModel) model = NULL;
      gsize n = len;
      int expected = AKIN_ERROR_MODEL_INVALID;

      memcpy (copy, data, len);
      if (round % 2 == 0)
        n = akin_rng_below (&rng, (guint) len); /* truncation */
      else
        {
          gsize pos = akin_rng_below (&rng, (guint) len);

          copy[pos] ^= (guint8) (1u << akin_rng_below (&rng, 8));
          if (pos >= 8 && pos < 12)
            expected = AKIN_ERROR_MODEL_VERSION;
        }
      bytes = g_bytes_new (copy, n);
      model = akin_model_deserialize (bytes, "fuzz.model", &error);
      g_assert_null (model);
      g_assert_error (error, AKIN_ERROR, expected);
    }
}

static void
test_mismatch (void)
{
  g_autoptr (AkinModel) model = tiny_model_new (1);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (AkinModel) loaded = NULL;
  AkinNetSpec wrong = model->net1d->spec;

  /* A well-formed file whose 1D input does not fit the 2D latent. */
  wrong.in_w = 20;
  akin_net_free (model->net1d);
  model->net1d = akin_net_new (&wrong, NULL);
  g_free (model->fusion_mean);
  g_free (model->fusion_std);
  model->fusion_mean = g_new0 (float, 20);
  model->fusion_std = g_new (float, 20);
  for (guint i = 0; i < 20; i++)
    model->fusion_std[i] = 1.0f;
  g_free (model->vector_mean);
  g_free (model->vector_std);
  model->vector_mean = g_new0 (float, 2 * model->net1d->latent_size);
  model->vector_std = g_new (float, 2 * model->net1d->latent_size);
  for (gsize i = 0; i < 2 * model->net1d->latent_size; i++)
    model->vector_std[i] = 1.0f;
  bytes = akin_model_serialize (model);
  loaded = akin_model_deserialize (bytes, "mismatch.model", &error);
  g_assert_null (loaded);
  g_assert_error (error, AKIN_ERROR, AKIN_ERROR_MODEL_MISMATCH);
  g_clear_error (&error);

  /* The analysis pipeline refuses a model of another architecture. */
  {
    g_autoptr (AkinModel) tiny = tiny_model_new (1);

    g_assert_false (akin_model_check_default_architecture (tiny, &error));
    g_assert_error (error, AKIN_ERROR, AKIN_ERROR_MODEL_MISMATCH);
  }
}

/* Rewrites a serialised model with its version field and the bytes after
 * the payload's first @payload_keep bytes replaced, and a valid checksum:
 * a well-formed file of another layout. */
static GBytes *
rewrite (GBytes *bytes, guint32 version, gsize payload_keep, const guint8 *tail, gsize tail_len)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  GByteArray *out = g_byte_array_new ();
  guint32 v = GUINT32_TO_LE (version);
  guint64 payload = GUINT64_TO_LE ((guint64) (payload_keep + tail_len));
  g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize digest_len = sizeof digest;

  g_byte_array_append (out, data, 24 + payload_keep);
  memcpy (out->data + 8, &v, 4);
  memcpy (out->data + 16, &payload, 8);
  if (tail_len > 0)
    g_byte_array_append (out, tail, (guint) tail_len);
  g_checksum_update (sum, out->data, out->len);
  g_checksum_get_digest (sum, digest, &digest_len);
  g_byte_array_append (out, digest, sizeof digest);
  return g_byte_array_free_to_bytes (out);
}

static void
test_combination (void)
{
  g_autoptr (AkinModel) model = tiny_model_new (1);
  g_autoptr (AkinModel) plain = tiny_model_new (1);
  g_autoptr (AkinModel) loaded = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;
  gsize len, payload_len;

  /* equal weights unless set */
  for (guint i = 0; i < AKIN_MODEL_N_PARTS; i++)
    g_assert_cmpfloat (plain->combination[i], ==, 1.0f);

  model->combination[AKIN_MODEL_PART_ENCODERS] = 0.5f;
  model->combination[AKIN_MODEL_PART_TIMBRE_SUMMARY] = 1.0f;
  model->combination[AKIN_MODEL_PART_TIMBRE_GAUSSIAN] = 2.0f;
  akin_model_update_id (model);
  akin_model_update_id (plain);
  /* the weights are not part of the id: choosing them again does not
   * make the library analyse its songs again */
  g_assert_cmpstr (akin_model_get_id (model), ==, akin_model_get_id (plain));

  bytes = akin_model_serialize (model);
  loaded = akin_model_deserialize (bytes, "weights.model", &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (loaded->combination[AKIN_MODEL_PART_ENCODERS], ==, 0.5f);
  g_assert_cmpfloat (loaded->combination[AKIN_MODEL_PART_TIMBRE_SUMMARY], ==, 1.0f);
  g_assert_cmpfloat (loaded->combination[AKIN_MODEL_PART_TIMBRE_GAUSSIAN], ==, 2.0f);
  g_assert_cmpstr (akin_model_get_id (loaded), ==, akin_model_get_id (model));
  g_clear_pointer (&loaded, akin_model_free);

  g_bytes_get_data (bytes, &len);
  payload_len = len - 24 - 32;

  /* a version 3 file (no weights, no pooling) is read, with equal weights
   * and the same id */
  {
    g_autoptr (GBytes) v3 = rewrite (bytes, 3, payload_len - 24, NULL, 0);

    loaded = akin_model_deserialize (v3, "v3.model", &error);
    g_assert_no_error (error);
    for (guint i = 0; i < AKIN_MODEL_N_PARTS; i++)
      g_assert_cmpfloat (loaded->combination[i], ==, 1.0f);
    g_assert_cmpstr (akin_model_get_id (loaded), ==, akin_model_get_id (model));
    g_clear_pointer (&loaded, akin_model_free);
  }

  /* a negative weight, a weight that is not a number, a wrong count */
  {
    const float bad_values[] = { -1.0f, NAN, INFINITY };

    for (guint b = 0; b < G_N_ELEMENTS (bad_values); b++)
      {
        guint8 tail[16];
        guint32 n = GUINT32_TO_LE (3), bits;
        g_autoptr (GBytes) bad = NULL;
        float one = 1.0f;

        memcpy (tail, &n, 4);
        memcpy (&bits, &one, 4);
        bits = GUINT32_TO_LE (bits);
        memcpy (tail + 4, &bits, 4);
        memcpy (&bits, &bad_values[b], 4);
        bits = GUINT32_TO_LE (bits);
        memcpy (tail + 8, &bits, 4);
        memcpy (tail + 12, tail + 4, 4);
        bad = rewrite (bytes, 4, payload_len - 24, tail, sizeof tail);
        loaded = akin_model_deserialize (bad, "bad-weights.model", &error);
        g_assert_null (loaded);
        g_assert_error (error, AKIN_ERROR, AKIN_ERROR_MODEL_INVALID);
        g_assert_nonnull (strstr (error->message, "weight"));
        g_clear_error (&error);
      }
    {
      guint8 tail[12] = { 2, 0, 0, 0 };
      g_autoptr (GBytes) bad = rewrite (bytes, 4, payload_len - 24, tail, sizeof tail);

      loaded = akin_model_deserialize (bad, "bad-count.model", &error);
      g_assert_null (loaded);
      g_assert_error (error, AKIN_ERROR, AKIN_ERROR_MODEL_INVALID);
      g_clear_error (&error);
    }
  }
}

/* Version 5 names how the slice codes are pooled. Mean ⊕ maximum is
 * hashed into the id; mean ⊕ standard deviation, the only pooling of
 * versions 3 and 4, is not, so an older model saved again keeps its id. */
static void
test_pooling (void)
{
  g_autoptr (AkinModel) std_model = tiny_model_new (1);
  g_autoptr (AkinModel) max_model = tiny_model_new (1);
  g_autoptr (AkinModel) loaded = NULL;
  g_autoptr (GBytes) std_bytes = NULL;
  g_autoptr (GBytes) max_bytes = NULL;
  g_autoptr (GError) error = NULL;
  gsize len, payload_len;
  const guint8 *data;

  max_model->pooling = AKIN_POOLING_MEAN_MAX;
  akin_model_update_id (std_model);
  akin_model_update_id (max_model);
  g_assert_cmpstr (akin_model_get_id (std_model), !=, akin_model_get_id (max_model));

  max_bytes = akin_model_serialize (max_model);
  loaded = akin_model_deserialize (max_bytes, "max.model", &error);
  g_assert_no_error (error);
  g_assert_cmpint (loaded->pooling, ==, AKIN_POOLING_MEAN_MAX);
  g_assert_cmpstr (akin_model_get_id (loaded), ==, akin_model_get_id (max_model));
  g_clear_pointer (&loaded, akin_model_free);

  /* a version 4 file (no pooling) pools by mean ⊕ deviation, same id */
  std_bytes = akin_model_serialize (std_model);
  data = g_bytes_get_data (std_bytes, &len);
  payload_len = len - 24 - 32;
  {
    g_autoptr (GBytes) v4 = rewrite (std_bytes, 4, payload_len - 24, data + len - 32 - 16, 16);

    loaded = akin_model_deserialize (v4, "v4.model", &error);
    g_assert_no_error (error);
    g_assert_cmpint (loaded->pooling, ==, AKIN_POOLING_MEAN_STD);
    g_assert_cmpstr (akin_model_get_id (loaded), ==, akin_model_get_id (std_model));
    g_clear_pointer (&loaded, akin_model_free);
  }

  /* an unknown pooling is refused */
  {
    guint8 tail[20];
    guint32 unknown = GUINT32_TO_LE (7);
    g_autoptr (GBytes) bad = NULL;

    memcpy (tail, &unknown, 4);
    memcpy (tail + 4, data + len - 32 - 16, 16);
    bad = rewrite (std_bytes, 5, payload_len - 24, tail, sizeof tail);
    loaded = akin_model_deserialize (bad, "bad-pooling.model", &error);
    g_assert_null (loaded);
    g_assert_error (error, AKIN_ERROR, AKIN_ERROR_MODEL_INVALID);
    g_assert_nonnull (strstr (error->message, "pools"));
  }
}

/* A tiny model whose 1D network has other filters (so a workspace of its
 * own in an ensemble), or whose 2D network reads longer slices. */
static AkinModel *
tiny_variant_new (guint64 seed, gboolean longer_slices)
{
  AkinNetSpec s2 = { .in_h = 4, .in_w = longer_slices ? 32 : 16, .n_blocks = 2,
                     .filters = { 4, 2 }, .latent_activation = AKIN_ACT_LINEAR };
  AkinNetSpec s1 = { .in_h = 1, .in_w = longer_slices ? 21 : 13, .n_blocks = 2,
                     .filters = { 6, 3 }, .latent_activation = AKIN_ACT_LINEAR };
  g_autoptr (GError) error = NULL;
  AkinModel *model = akin_model_new (&s2, &s1, &error);
  AkinRng rng;

  g_assert_no_error (error);
  akin_rng_init (&rng, seed);
  akin_net_init_weights (model->net2d, &rng);
  akin_net_init_weights (model->net1d, &rng);
  model->info.seed = seed;
  return model;
}

/* Embeds 12 slices (enough for two threads) with @model on @threads. */
static void
embed_many (const AkinModel *model, AkinEncoderWorkspace *ws, guint threads, float *vector)
{
  float slices[12 * 4 * 16];
  g_autoptr (GError) error = NULL;

  tiny_random_slices (7, slices, G_N_ELEMENTS (slices));
  g_assert_true (akin_encoder_embed_threads (model, ws, slices, 12, &descriptors, threads,
                                             vector, &error));
  g_assert_no_error (error);
}

/* Embeds the @n slices of embed_many()'s 12 listed in @which with @model
 * (a model of one member). */
static void
embed_some (const AkinModel *model, const guint *which, guint n, float *vector)
{
  float slices[12 * 4 * 16], some[12 * 4 * 16];
  g_autoptr (GError) error = NULL;

  tiny_random_slices (7, slices, G_N_ELEMENTS (slices));
  for (guint i = 0; i < n; i++)
    memcpy (some + i * 64, slices + which[i] * 64, 64 * sizeof (float));
  g_assert_true (akin_encoder_embed (model, NULL, some, n, &descriptors, vector, &error));
  g_assert_no_error (error);
}

static void
test_members (void)
{
  g_autoptr (AkinModel) first = tiny_model_new (1);
  g_autoptr (AkinModel) ensemble = tiny_model_new (1);
  g_autoptr (AkinModel) second = tiny_model_new (2);
  g_autoptr (AkinModel) third = tiny_variant_new (3, FALSE);
  g_autoptr (AkinModel) loaded = NULL;
  g_autoptr (AkinModelSummary) summary = NULL;
  g_autoptr (AkinEncoderWorkspace) ws = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (tmpdir, "members.model", NULL);
  g_autofree char *second_id = NULL;
  g_autofree char *third_id = NULL;
  g_autofree char *first_id = NULL;
  g_autofree float *expected = NULL;
  g_autofree float *got = NULL;
  guint size1, size3, size;
  float scale = (float) (1.0 / sqrt (3.0));

  second->pooling = AKIN_POOLING_MEAN_MAX;
  akin_model_update_id (first);
  akin_model_update_id (second);
  akin_model_update_id (third);
  first_id = g_strdup (akin_model_get_id (first));
  second_id = g_strdup (akin_model_get_id (second));
  third_id = g_strdup (akin_model_get_id (third));
  size1 = akin_model_get_vector_size (first);
  size3 = akin_model_get_vector_size (third);
  g_assert_cmpuint (size3, !=, size1);
  g_assert_cmpuint (akin_model_get_n_members (first), ==, 1);
  g_assert_true (akin_model_get_member (first, 0) == first);

  /* The members' vectors, one after the other, over √3; of 12 slices,
   * member k encodes the slices k, k + 3, k + 6 and k + 9. */
  size = 2 * size1 + size3;
  expected = g_new (float, size);
  got = g_new (float, size);
  {
    static const guint shares[3][4] = { { 0, 3, 6, 9 }, { 1, 4, 7, 10 }, { 2, 5, 8, 11 } };

    embed_some (first, shares[0], 4, expected);
    embed_some (second, shares[1], 4, expected + size1);
    embed_some (third, shares[2], 4, expected + 2 * size1);
  }
  for (guint j = 0; j < size; j++)
    expected[j] *= scale;

  {
    AkinModel *member = tiny_model_new (2);

    member->pooling = AKIN_POOLING_MEAN_MAX;
    g_assert_true (akin_model_add_member (ensemble, member, &error));
    g_assert_no_error (error);
  }
  g_assert_true (akin_model_add_member (ensemble, tiny_variant_new (3, FALSE), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (akin_model_get_n_members (ensemble), ==, 3);
  g_assert_cmpuint (akin_model_get_vector_size (ensemble), ==, size);
  /* the members are part of the id */
  akin_model_update_id (ensemble);
  g_assert_cmpstr (akin_model_get_id (ensemble), !=, first_id);

  embed_many (ensemble, NULL, 1, got);
  g_assert_cmpmem (got, size * sizeof (float), expected, size * sizeof (float));
  /* a workspace, one of whose members has its own buffers, and two threads */
  ws = akin_encoder_workspace_new (ensemble);
  memset (got, 0, size * sizeof (float));
  embed_many (ensemble, ws, 1, got);
  g_assert_cmpmem (got, size * sizeof (float), expected, size * sizeof (float));
  memset (got, 0, size * sizeof (float));
  embed_many (ensemble, ws, 2, got);
  g_assert_cmpmem (got, size * sizeof (float), expected, size * sizeof (float));

  /* fewer slices than members: member k takes the slice k mod n */
  {
    static const guint zero = 0, one = 1;
    float slices[12 * 4 * 16];
    g_autofree float *few = g_new (float, size);

    embed_some (first, &zero, 1, expected);
    embed_some (second, &one, 1, expected + size1);
    embed_some (third, &zero, 1, expected + 2 * size1);
    for (guint j = 0; j < size; j++)
      expected[j] *= scale;
    tiny_random_slices (7, slices, G_N_ELEMENTS (slices));
    g_assert_true (akin_encoder_embed (ensemble, ws, slices, 2, &descriptors, few, &error));
    g_assert_no_error (error);
    g_assert_cmpmem (few, size * sizeof (float), expected, size * sizeof (float));
    /* and the slices are checked before any member runs */
    slices[2 * 64 - 1] = NAN;
    g_assert_false (akin_encoder_embed (ensemble, ws, slices, 2, &descriptors, few, &error));
    g_assert_error (error, AKIN_ERROR, AKIN_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
  }

  /* the file keeps the members, their pooling and the id; each member
   * gets the id it had as a file of its own */
  g_assert_true (akin_model_save (ensemble, path, &error));
  g_assert_no_error (error);
  loaded = akin_model_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (akin_model_get_id (loaded), ==, akin_model_get_id (ensemble));
  g_assert_cmpuint (akin_model_get_n_members (loaded), ==, 3);
  g_assert_cmpstr (akin_model_get_id (akin_model_get_member (loaded, 1)), ==, second_id);
  g_assert_cmpstr (akin_model_get_id (akin_model_get_member (loaded, 2)), ==, third_id);
  g_assert_cmpint (akin_model_get_member (loaded, 1)->pooling, ==, AKIN_POOLING_MEAN_MAX);
  g_assert_cmpint (akin_model_get_member (loaded, 0)->pooling, ==, AKIN_POOLING_MEAN_STD);
  {
    g_autofree float *again = g_new (float, size);

    embed_many (ensemble, NULL, 1, again);
    memset (got, 0, size * sizeof (float));
    embed_many (loaded, NULL, 2, got);
    g_assert_cmpmem (got, size * sizeof (float), again, size * sizeof (float));
  }
  bytes = akin_model_serialize (loaded);
  {
    g_autoptr (GBytes) again = akin_model_serialize (ensemble);

    g_assert_true (g_bytes_equal (bytes, again));
  }
  summary = akin_model_summary_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->vector_size, ==, size);
  g_assert_cmpstr (summary->id, ==, akin_model_get_id (ensemble));
  g_clear_pointer (&loaded, akin_model_free);

  /* a member of another model, or one that reads other slices, is refused */
  g_assert_false (akin_model_add_member (first, akin_model_load (path, NULL), &error));
  g_assert_error (error, AKIN_ERROR, AKIN_ERROR_MODEL_MISMATCH);
  g_clear_error (&error);
  g_assert_false (akin_model_add_member (first, tiny_variant_new (4, TRUE), &error));
  g_assert_error (error, AKIN_ERROR, AKIN_ERROR_MODEL_MISMATCH);
  g_clear_error (&error);
  g_assert_cmpuint (akin_model_get_n_members (first), ==, 1);
  g_assert_cmpstr (akin_model_get_id (first), ==, first_id);

  /* too many members in a file */
  {
    gsize len;
    const guint8 *data = g_bytes_get_data (bytes, &len);
    g_autoptr (GByteArray) copy = g_byte_array_new ();
    g_autoptr (GBytes) bad = NULL;
    g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
    guint8 digest[32];
    gsize digest_len = sizeof digest, at;
    g_autoptr (AkinModel) member0 = tiny_model_new (1);
    g_autoptr (GBytes) single = akin_model_serialize (member0);
    guint32 many = GUINT32_TO_LE (AKIN_MODEL_MAX_MEMBERS);

    /* the count follows the first member and its pooling, which end where
     * a file of the first member alone has its count */
    at = g_bytes_get_size (single) - 32 - 16 - 4;
    g_byte_array_append (copy, data, len - 32);
    memcpy (copy->data + at, &many, 4);
    g_checksum_update (sum, copy->data, copy->len);
    g_checksum_get_digest (sum, digest, &digest_len);
    g_byte_array_append (copy, digest, sizeof digest);
    bad = g_byte_array_free_to_bytes (g_steal_pointer (&copy));
    g_assert_null (akin_model_deserialize (bad, "many.model", &error));
    g_assert_error (error, AKIN_ERROR, AKIN_ERROR_MODEL_INVALID);
    g_assert_nonnull (strstr (error->message, "too many members"));
    g_clear_error (&error);
  }

  /* a version 5 file (no count) of one member is read, with the same id */
  {
    g_autoptr (GBytes) single = akin_model_serialize (first);
    gsize len;
    const guint8 *data = g_bytes_get_data (single, &len);
    g_autoptr (GBytes) v5 = rewrite (single, 5, len - 24 - 32 - 20, data + len - 32 - 16, 16);

    loaded = akin_model_deserialize (v5, "v5.model", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (akin_model_get_n_members (loaded), ==, 1);
    g_assert_cmpstr (akin_model_get_id (loaded), ==, first_id);
  }
}

static void
test_load_default (void)
{
  g_autofree char *tiny = save_tiny ("tiny-default.model");
  g_autofree char *real = g_build_filename (tmpdir, "real.model", NULL);
  g_autoptr (GError) error = NULL;
  AkinNetSpec s2, s1;

  g_setenv ("AKIN_MODEL", tiny, TRUE);
  {
    g_autoptr (AkinModel) m = akin_model_load_default (&error);

    g_assert_null (m);
    g_assert_error (error, AKIN_ERROR, AKIN_ERROR_MODEL_MISMATCH);
    g_assert_nonnull (strstr (error->message, tiny));
    g_clear_error (&error);
  }

  akin_encoder_default_spec_2d (&s2);
  akin_encoder_default_spec_1d (&s1);
  {
    g_autoptr (AkinModel) m = akin_model_new (&s2, &s1, &error);

    g_assert_no_error (error);
    g_assert_true (akin_model_save (m, real, &error));
    g_assert_no_error (error);
  }
  g_setenv ("AKIN_MODEL", real, TRUE);
  {
    g_autoptr (AkinModel) m = akin_model_load_default (&error);

    g_assert_no_error (error);
    g_assert_nonnull (m);
    g_assert_cmpuint (akin_model_get_vector_size (m), ==, AKIN_ENCODER_VECTOR_SIZE);
  }
  g_unsetenv ("AKIN_MODEL");
}

/* The summary a query reads: the full load's id, size and weights, from
 * the shape of the file alone; a file whose shape is wrong is refused. */
static void
test_summary (void)
{
  g_autoptr (AkinModel) model = tiny_model_new (1);
  g_autofree char *path = g_build_filename (tmpdir, "summary.model", NULL);
  g_autofree char *bad = g_build_filename (tmpdir, "summary-bad.model", NULL);
  g_autofree guint8 *data = NULL;
  g_autoptr (GError) error = NULL;
  gsize len;

  model->combination[AKIN_MODEL_PART_ENCODERS] = 0.25f;
  model->combination[AKIN_MODEL_PART_TIMBRE_GAUSSIAN] = 3.0f;
  g_assert_true (akin_model_save (model, path, &error));
  g_assert_no_error (error);
  {
    g_autoptr (AkinModel) full = akin_model_load (path, &error);
    g_autoptr (AkinModelSummary) summary = akin_model_summary_load (path, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (summary->id, ==, akin_model_get_id (full));
    g_assert_cmpuint (summary->vector_size, ==, akin_model_get_vector_size (full));
    for (guint i = 0; i < AKIN_MODEL_N_PARTS; i++)
      g_assert_cmpfloat (summary->combination[i], ==, full->combination[i]);
  }

  g_assert_true (g_file_get_contents (path, (char **) &data, &len, NULL));
  /* every truncation */
  for (gsize n = 0; n < len; n += 1 + n / 7)
    {
      g_autoptr (AkinModelSummary) summary = NULL;

      write_bytes (bad, data, n);
      summary = akin_model_summary_load (bad, &error);
      g_assert_null (summary);
      g_assert_error (error, AKIN_ERROR, AKIN_ERROR_MODEL_INVALID);
      g_clear_error (&error);
    }
  /* another version */
  data[8] = AKIN_MODEL_FORMAT_VERSION + 1;
  write_bytes (bad, data, len);
  g_assert_null (akin_model_summary_load (bad, &error));
  g_assert_error (error, AKIN_ERROR, AKIN_ERROR_MODEL_VERSION);
  g_clear_error (&error);
  /* none at all, and the default when AKIN_MODEL names none */
  {
    g_autofree char *none = g_build_filename (tmpdir, "none.model", NULL);

    g_assert_null (akin_model_summary_load (none, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  }
  g_clear_error (&error);
  g_setenv ("AKIN_MODEL", path, TRUE);
  {
    g_autoptr (AkinModelSummary) summary = akin_model_summary_load (NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (summary->id, ==, akin_model_get_id (model));
  }
  g_unsetenv ("AKIN_MODEL");
}

int
main (int argc, char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  akin_nn_blas_single_thread ();
  tmpdir = g_dir_make_tmp ("akin-test-model-XXXXXX", NULL);
  g_assert_nonnull (tmpdir);

  g_test_add_func ("/model/round-trip", test_round_trip);
  g_test_add_func ("/model/corruption", test_corruption);
  g_test_add_func ("/model/fuzz", test_fuzz);
  g_test_add_func ("/model/mismatch", test_mismatch);
  g_test_add_func ("/model/combination", test_combination);
  g_test_add_func ("/model/pooling", test_pooling);
  g_test_add_func ("/model/members", test_members);
  g_test_add_func ("/model/load-default", test_load_default);
  g_test_add_func ("/model/summary", test_summary);
  ret = g_test_run ();

  {
    g_autoptr (GDir) dir = g_dir_open (tmpdir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (tmpdir, name, NULL);

        g_unlink (path);
      }
  }
  g_rmdir (tmpdir);
  g_free (tmpdir);
  return ret;
}
