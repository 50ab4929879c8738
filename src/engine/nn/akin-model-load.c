/* akin-model-load.c: reading and checking model files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The reader never trusts the file: every count is checked against the bytes
 * left before anything is allocated, the checksum is verified before the
 * payload is parsed, and any inconsistency ends in an AKIN_ERROR naming the
 * file. See akin-model.c for the format.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "akin-encoder.h"
#include "akin-bytes.h"
#include "akin-error.h"
#include "akin-fusion.h"
#include "akin-model-private.h"
#include "akin-model.h"

#define MAGIC       "AKINMODL"
#define HEADER_SIZE 24
#define DIGEST_SIZE 32
#define MAX_STRING  65536





/* Reads n floats into a new array, or returns NULL if they are not there. */



gboolean
_akin_model_invalid (GError **error, const char *name, const char *reason)
{
  g_set_error (error, AKIN_ERROR, AKIN_ERROR_MODEL_INVALID, "Model file “%s” is not usable: %s",
               name, reason);
  return FALSE;
}

static gboolean
all_finite (const float *v, gsize n)
{
  return akin_nn_all_finite (v, n);
}

static AkinNet *
read_net (AkinByteReader *r, const char *name, GError **error)
{
  AkinNetSpec spec = { 0 };
  g_autoptr (AkinNet) net = NULL;
  g_autofree float *params = NULL;
  GError *local_error = NULL;
  guint64 n_params;

  spec.in_h = _akin_get_u32 (r);
  spec.in_w = _akin_get_u32 (r);
  spec.n_blocks = _akin_get_u32 (r);
  if (r->overrun)
    return _akin_model_invalid (error, name, "it is truncated"), NULL;
  if (spec.n_blocks < 1 || spec.n_blocks > AKIN_NET_MAX_BLOCKS)
    {
      g_set_error (error, AKIN_ERROR, AKIN_ERROR_MODEL_MISMATCH,
                   "Model file “%s” describes an autoencoder with %u blocks", name,
                   spec.n_blocks);
      return NULL;
    }
  for (guint i = 0; i < spec.n_blocks; i++)
    spec.filters[i] = _akin_get_u32 (r);
  spec.latent_activation = (AkinActivation) _akin_get_u32 (r);
  n_params = _akin_get_u64 (r);
  if (r->overrun)
    return _akin_model_invalid (error, name, "it is truncated"), NULL;

  if ((net = akin_net_new (&spec, &local_error)) == NULL)
    {
      g_set_error (error, AKIN_ERROR, AKIN_ERROR_MODEL_MISMATCH, "Model file “%s”: %s", name,
                   local_error->message);
      g_error_free (local_error);
      return NULL;
    }
  if (n_params != net->n_params)
    {
      g_set_error (error, AKIN_ERROR, AKIN_ERROR_MODEL_MISMATCH,
                   "Model file “%s” holds %" G_GUINT64_FORMAT " weights where its "
                   "architecture has %zu", name, n_params, net->n_params);
      return NULL;
    }
  if ((params = _akin_get_floats (r, n_params)) == NULL)
    return _akin_model_invalid (error, name, "it is truncated"), NULL;
  if (!all_finite (params, n_params))
    return _akin_model_invalid (error, name, "a weight is not a finite number"), NULL;
  memcpy (net->params, params, n_params * sizeof (float));
  return g_steal_pointer (&net);
}

static gboolean
read_stats (AkinByteReader *r, const char *name, guint expected, float **mean, float **std, GError **error)
{
  guint32 n = _akin_get_u32 (r);

  if (r->overrun)
    return _akin_model_invalid (error, name, "it is truncated");
  if (n != expected)
    {
      g_set_error (error, AKIN_ERROR, AKIN_ERROR_MODEL_MISMATCH,
                   "Model file “%s” holds %u normalisation statistics where %u are needed", name,
                   n, expected);
      return FALSE;
    }
  if ((*mean = _akin_get_floats (r, n)) == NULL || (*std = _akin_get_floats (r, n)) == NULL)
    return _akin_model_invalid (error, name, "it is truncated");
  if (!all_finite (*mean, n) || !all_finite (*std, n))
    return _akin_model_invalid (error, name, "a statistic is not a finite number");
  for (guint i = 0; i < n; i++)
    if (!((*std)[i] > 0.0f))
      return _akin_model_invalid (error, name, "a standard deviation is not positive");
  return TRUE;
}

/* The weights of the similarity's parts that follow the payload's body
 * (format 4; 1, 1, 1 before), which must end the payload. */
gboolean
_akin_model_read_combination (AkinByteReader *r,
                  guint32         version,
                  const char     *name,
                  float           combination[AKIN_MODEL_N_PARTS],
                  GError        **error)
{
  for (guint i = 0; i < AKIN_MODEL_N_PARTS; i++)
    combination[i] = 1.0f;
  if (version >= 4)
    {
      if (_akin_get_u32 (r) != AKIN_MODEL_N_PARTS)
        return _akin_model_invalid (error, name, "it has another number of similarity weights");
      for (guint i = 0; i < AKIN_MODEL_N_PARTS; i++)
        {
          combination[i] = _akin_get_f32 (r);
          if (!r->overrun && (!isfinite (combination[i]) || combination[i] < 0.0f))
            return _akin_model_invalid (error, name, "a similarity weight is negative or not finite");
        }
      if (r->overrun)
        return _akin_model_invalid (error, name, "it is truncated");
    }
  if (r->pos != r->len)
    return _akin_model_invalid (error, name, "unexpected data after the payload");
  return TRUE;
}

/* The pooling after the vector statistics (format 5). */
static gboolean
read_pooling (AkinByteReader *r,
              const char     *name,
              AkinPooling    *pooling,
              GError        **error)
{
  guint32 value = _akin_get_u32 (r);

  if (r->overrun)
    return _akin_model_invalid (error, name, "it is truncated");
  if (value >= AKIN_POOLING_N)
    return _akin_model_invalid (error, name, "it pools its vectors in an unknown way");
  *pooling = (AkinPooling) value;
  return TRUE;
}

/* One member's networks, statistics and training metadata, to its vector
 * statistics (see akin-model.c), into @model. */
static gboolean
parse_member (AkinByteReader *r,
              const char     *name,
              AkinModel      *model,
              GError        **error)
{
  AkinModelInfo *info = &model->info;

  if ((model->net2d = read_net (r, name, error)) == NULL ||
      (model->net1d = read_net (r, name, error)) == NULL)
    return FALSE;
  if (model->net1d->spec.in_h != 1 ||
      model->net1d->spec.in_w != model->net2d->latent_size + AKIN_FUSION_N_DESCRIPTORS)
    {
      g_set_error (error, AKIN_ERROR, AKIN_ERROR_MODEL_MISMATCH,
                   "Model file “%s”: the 1D autoencoder's input (%u) does not match the fused "
                   "vector (%zu)", name, model->net1d->spec.in_w,
                   model->net2d->latent_size + AKIN_FUSION_N_DESCRIPTORS);
      return FALSE;
    }
  if (!read_stats (r, name, model->net2d->spec.in_h, &model->mfcc_mean, &model->mfcc_std,
                   error) ||
      !read_stats (r, name, model->net1d->spec.in_w, &model->fusion_mean, &model->fusion_std,
                   error))
    return FALSE;

  model->latent_weight = _akin_get_f32 (r);
  model->descriptor_weight = _akin_get_f32 (r);
  info->seed = _akin_get_u64 (r);
  info->epochs_2d = _akin_get_u32 (r);
  info->epochs_1d = _akin_get_u32 (r);
  info->best_epoch_2d = _akin_get_u32 (r);
  info->best_epoch_1d = _akin_get_u32 (r);
  info->n_train_tracks = _akin_get_u32 (r);
  info->n_val_tracks = _akin_get_u32 (r);
  info->n_train_slices = _akin_get_u32 (r);
  info->val_loss_2d = _akin_get_f32 (r);
  info->val_loss_1d = _akin_get_f32 (r);
  info->note = _akin_get_str (r, MAX_STRING);
  info->contrastive_weight_2d = _akin_get_f32 (r);
  info->contrastive_weight_1d = _akin_get_f32 (r);
  info->temperature = _akin_get_f32 (r);
  if (r->overrun)
    return _akin_model_invalid (error, name, "it is truncated");
  if (!read_stats (r, name, 2 * (guint) model->net1d->latent_size, &model->vector_mean,
                   &model->vector_std, error))
    return FALSE;
  if (!isfinite (model->latent_weight) || !isfinite (model->descriptor_weight))
    return _akin_model_invalid (error, name, "a block weight is not a finite number");
  for (guint i = 0; i < AKIN_MODEL_N_PARTS; i++)
    model->combination[i] = 1.0f;
  return TRUE;
}

/* The further members of format 6, after the first's pooling; @n from the
 * file. */
static gboolean
parse_members (AkinByteReader *r,
               guint32         n,
               const char     *name,
               AkinModel      *model,
               GError        **error)
{
  if (n > AKIN_MODEL_MAX_MEMBERS - 1)
    return _akin_model_invalid (error, name, "it has too many members");
  model->members = g_ptr_array_new_with_free_func ((GDestroyNotify) akin_model_free);
  for (guint i = 0; i < n; i++)
    {
      AkinModel *member = g_new0 (AkinModel, 1);

      g_ptr_array_add (model->members, member);
      if (!parse_member (r, name, member, error) ||
          !read_pooling (r, name, &member->pooling, error))
        return FALSE;
      /* The id it had as a file of its own. */
      akin_model_update_id (member);
      if (member->net2d->spec.in_h != model->net2d->spec.in_h ||
          member->net2d->spec.in_w != model->net2d->spec.in_w)
        {
          g_set_error (error, AKIN_ERROR, AKIN_ERROR_MODEL_MISMATCH,
                       "Model file “%s”: member %u reads other slices than the first", name,
                       i + 2);
          return FALSE;
        }
    }
  return TRUE;
}

static AkinModel *
parse_payload (AkinByteReader *r, guint32 version, const char *name, GError **error)
{
  g_autoptr (AkinModel) model = g_new0 (AkinModel, 1);
  g_autofree char *id = _akin_get_str (r, MAX_STRING);
  g_autofree char *expected_id = NULL;
  gsize body_start = r->pos, body_end;
  guint32 n_more = 0;

  if (id == NULL)
    return _akin_model_invalid (error, name, "it is truncated"), NULL;
  if (!parse_member (r, name, model, error))
    return NULL;
  body_end = r->pos;
  if (version >= 5 && !read_pooling (r, name, &model->pooling, error))
    return NULL;
  if (model->pooling != AKIN_POOLING_MEAN_STD)
    body_end = r->pos;
  if (version >= 6)
    {
      n_more = _akin_get_u32 (r);
      if (r->overrun)
        return _akin_model_invalid (error, name, "it is truncated"), NULL;
      if (n_more > 0)
        {
          if (!parse_members (r, n_more, name, model, error))
            return NULL;
          body_end = r->pos;
        }
    }
  if (!_akin_model_read_combination (r, version, name, model->combination, error))
    return NULL;

  expected_id = g_compute_checksum_for_data (G_CHECKSUM_SHA256, r->data + body_start,
                                             body_end - body_start);
  model->id = g_strdup_printf ("akin-%.16s", expected_id);
  if (g_strcmp0 (model->id, id) != 0)
    return _akin_model_invalid (error, name, "its identifier does not match its contents"), NULL;
  return g_steal_pointer (&model);
}

/* The fixed header: magic, a version this code reads, and a payload length
 * that matches the file's. */
gboolean
_akin_model_check_header (const guint8 *data,
              gsize         len,
              const char   *name,
              guint32      *version,
              guint64      *payload_len,
              GError      **error)
{
  if (len < 8 || memcmp (data, MAGIC, 8) != 0)
    return _akin_model_invalid (error, name, "it is not an Akin model file");
  if (len < HEADER_SIZE)
    return _akin_model_invalid (error, name, "it is truncated");
  memcpy (version, data + 8, 4);
  *version = GUINT32_FROM_LE (*version);
  if (*version < 3 || *version > AKIN_MODEL_FORMAT_VERSION)
    {
      g_set_error (error, AKIN_ERROR, AKIN_ERROR_MODEL_VERSION,
                   "Model file “%s” has format version %u; this version of Akin reads "
                   "versions 3 to %u", name, *version, AKIN_MODEL_FORMAT_VERSION);
      return FALSE;
    }
  memcpy (payload_len, data + 16, 8);
  *payload_len = GUINT64_FROM_LE (*payload_len);
  if (len < HEADER_SIZE + DIGEST_SIZE || *payload_len > len - HEADER_SIZE - DIGEST_SIZE)
    return _akin_model_invalid (error, name, "it is truncated");
  if (*payload_len != len - HEADER_SIZE - DIGEST_SIZE)
    return _akin_model_invalid (error, name, "its length does not match its header");
  return TRUE;
}

/**
 * akin_model_deserialize:
 * @bytes: a model file's contents
 * @name: the file's name, for messages
 * @error: return location for an error
 *
 * Parses and checks a model file (see akin-model.c). Any thread.
 *
 * Returns: (transfer full) (nullable): the model; or %NULL with
 *   %AKIN_ERROR_MODEL_INVALID (not a model file, truncated, corrupted),
 *   %AKIN_ERROR_MODEL_VERSION (another format version) or
 *   %AKIN_ERROR_MODEL_MISMATCH (an architecture this code cannot run).
 */
AkinModel *
akin_model_deserialize (GBytes *bytes, const char *name, GError **error)
{
  gsize len;
  const guint8 *data;
  guint32 version;
  guint64 payload_len;
  g_autoptr (GChecksum) sum = NULL;
  guint8 digest[DIGEST_SIZE];
  gsize digest_len = DIGEST_SIZE;
  AkinByteReader r = { 0 };

  g_return_val_if_fail (bytes != NULL && name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (bytes, &len);
  if (!_akin_model_check_header (data, len, name, &version, &payload_len, error))
    return NULL;

  sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (sum, data, HEADER_SIZE + payload_len);
  g_checksum_get_digest (sum, digest, &digest_len);
  if (memcmp (digest, data + HEADER_SIZE + payload_len, DIGEST_SIZE) != 0)
    return _akin_model_invalid (error, name, "its checksum does not match (the file is corrupted)"), NULL;

  r.data = data + HEADER_SIZE;
  r.len = payload_len;
  return parse_payload (&r, version, name, error);
}

/**
 * akin_model_load:
 * @path: a model file
 * @error: return location for an error
 *
 * Reads a model. Any thread.
 *
 * Returns: (transfer full) (nullable): the model, or %NULL with a
 *   #G_IO_ERROR (the file cannot be read) or an error of
 *   akin_model_deserialize().
 */
AkinModel *
akin_model_load (const char *path, GError **error)
{
  g_autoptr (GFile) file = NULL;
  g_autofree char *contents = NULL;
  g_autoptr (GBytes) bytes = NULL;
  gsize len = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  file = g_file_new_for_path (path);
  if (!g_file_load_contents (file, NULL, &contents, &len, NULL, error))
    return NULL;
  bytes = g_bytes_new_take (g_steal_pointer (&contents), len);
  return akin_model_deserialize (bytes, path, error);
}

/**
 * akin_model_check_default_architecture:
 * @model: a model
 * @error: return location for an error
 *
 * Returns: %TRUE if @model has the architecture the analysis pipeline
 *   expects (akin_encoder_default_spec_2d() / _1d()); otherwise %FALSE
 *   with %AKIN_ERROR_MODEL_MISMATCH.
 */
gboolean
akin_model_check_default_architecture (const AkinModel *model, GError **error)
{
  AkinNetSpec spec2d, spec1d;

  g_return_val_if_fail (model != NULL, FALSE);

  akin_encoder_default_spec_2d (&spec2d);
  akin_encoder_default_spec_1d (&spec1d);
  for (guint i = 0; i < akin_model_get_n_members (model); i++)
    {
      const AkinModel *member = akin_model_get_member (model, i);

      if (akin_net_spec_equal (&member->net2d->spec, &spec2d) &&
          akin_net_spec_equal (&member->net1d->spec, &spec1d))
        continue;
      g_set_error (error, AKIN_ERROR, AKIN_ERROR_MODEL_MISMATCH,
                   "Model %s does not have the architecture this version of Akin expects",
                   model->id != NULL ? model->id : "(unnamed)");
      return FALSE;
    }
  return TRUE;
}

/* The file akin_model_load_default() reads, or NULL. */
char *
_akin_model_default_path (GError **error)
{
  const char *env = g_getenv ("AKIN_MODEL");
  g_autofree char *installed = NULL;
  g_autofree char *source = NULL;

  installed = g_build_filename (AKIN_PKGDATADIR, "models", AKIN_MODEL_DEFAULT_NAME, NULL);
  source = g_build_filename (AKIN_SOURCE_DATADIR, "models", AKIN_MODEL_DEFAULT_NAME, NULL);
  if (env != NULL && *env != '\0')
    return g_strdup (env);
  if (g_file_test (installed, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&installed);
  if (g_file_test (source, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&source);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
               "No model found: set AKIN_MODEL, or install one as “%s”", installed);
  return NULL;
}

/**
 * akin_model_load_default:
 * @error: return location for an error
 *
 * Loads the model analysis uses: the file named by the environment variable
 * `AKIN_MODEL` if it is set; otherwise `AKIN_PKGDATADIR/models/akin.model`
 * (installed) if it exists; otherwise `AKIN_SOURCE_DATADIR/models/akin.model`
 * (an uninstalled build). The model must have the default architecture. Any
 * thread.
 *
 * Returns: (transfer full) (nullable): the model, or %NULL with
 *   %G_IO_ERROR_NOT_FOUND when there is none, or an error of
 *   akin_model_load() / akin_model_check_default_architecture().
 */
AkinModel *
akin_model_load_default (GError **error)
{
  g_autofree char *path = NULL;
  g_autoptr (AkinModel) model = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((path = _akin_model_default_path (error)) == NULL)
    return NULL;
  if ((model = akin_model_load (path, error)) == NULL)
    return NULL;
  if (!akin_model_check_default_architecture (model, error))
    {
      g_prefix_error (error, "“%s”: ", path);
      return NULL;
    }
  return g_steal_pointer (&model);
}
