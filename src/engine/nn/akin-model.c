/* akin-model.c: the model file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * File format, version 6. Every number is little-endian; floats are IEEE-754
 * binary32 written through their bit pattern.
 *
 *   offset 0   8 bytes  magic "AKINMODL"
 *          8   u32      format version
 *         12   u32      flags, 0
 *         16   u64      payload length L
 *         24   L bytes  payload
 *     24 + L   32 bytes SHA-256 of bytes [0, 24 + L)
 *
 * Payload:
 *   str  id: "akin-" + the first 16 hex digits of the SHA-256 of the rest
 *        of the payload (so equal contents give equal ids)
 *   2 × network: u32 in_h, u32 in_w, u32 n_blocks, n_blocks × u32 filters,
 *        u32 latent activation, u64 n_params, n_params × f32 (layer by
 *        layer: kernel [kh][kw][c_in][c_out], then bias)
 *   u32 n, n × f32 MFCC means, n × f32 MFCC standard deviations
 *   u32 n, n × f32 fusion means, n × f32 fusion standard deviations
 *   f32 latent block weight, f32 descriptor block weight
 *   u64 seed, u32 epochs_2d, u32 epochs_1d, u32 best_epoch_2d,
 *   u32 best_epoch_1d, u32 n_train_tracks, u32 n_val_tracks,
 *   u32 n_train_slices, f32 val_loss_2d, f32 val_loss_1d, str note,
 *   f32 contrastive_weight_2d, f32 contrastive_weight_1d, f32 temperature
 *   (version 2)
 *   u32 n, n × f32 track-vector means, n × f32 track-vector standard
 *   deviations (version 3: the pooled codes are standardised with them)
 *   u32 pooling (version 5, #AkinPooling; versions 3 and 4 mean ⊕ standard
 *   deviation). The id hashes it when it is not 0, so that an older model
 *   saved again keeps its id
 *   u32 n, n × f32 weights of the combined similarity's parts (version 4;
 *   outside the id: everything before them is what the id hashes)
 * where str is a u32 byte count then UTF-8 bytes without a terminator.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "akin-bytes.h"
#include "akin-encoder.h"
#include "akin-error.h"
#include "akin-fusion.h"
#include "akin-model-private.h"
#include "akin-model.h"

#define MAGIC       "AKINMODL"
#define HEADER_SIZE 24
#define DIGEST_SIZE 32
#define MAX_STRING  65536

/**
 * akin_model_new:
 * @spec2d: the 2D autoencoder's architecture
 * @spec1d: the 1D one's; its input must be 1 × (2D latent size + 5)
 * @error: return location for an error
 *
 * Creates a model with zero weights, identity statistics (mean 0, std 1)
 * and block weights 1.
 *
 * Returns: (transfer full) (nullable): the model, or %NULL with
 *   %AKIN_ERROR_MODEL_MISMATCH.
 */
AkinModel *
akin_model_new (const AkinNetSpec *spec2d, const AkinNetSpec *spec1d, GError **error)
{
  g_autoptr (AkinNet) net2d = NULL;
  g_autoptr (AkinNet) net1d = NULL;
  AkinModel *model;
  gsize n_fusion;

  g_return_val_if_fail (spec2d != NULL && spec1d != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((net2d = akin_net_new (spec2d, error)) == NULL ||
      (net1d = akin_net_new (spec1d, error)) == NULL)
    return NULL;
  n_fusion = net2d->latent_size + AKIN_FUSION_N_DESCRIPTORS;
  if (spec1d->in_h != 1 || spec1d->in_w != n_fusion)
    {
      g_set_error (error, AKIN_ERROR, AKIN_ERROR_MODEL_MISMATCH,
                   "The 1D autoencoder takes %u×%u values but the fused vector has %zu",
                   spec1d->in_h, spec1d->in_w, n_fusion);
      return NULL;
    }

  model = g_new0 (AkinModel, 1);
  model->net2d = g_steal_pointer (&net2d);
  model->net1d = g_steal_pointer (&net1d);
  model->mfcc_mean = g_new0 (float, spec2d->in_h);
  model->mfcc_std = g_new (float, spec2d->in_h);
  for (guint i = 0; i < spec2d->in_h; i++)
    model->mfcc_std[i] = 1.0f;
  model->fusion_mean = g_new0 (float, n_fusion);
  model->fusion_std = g_new (float, n_fusion);
  for (gsize i = 0; i < n_fusion; i++)
    model->fusion_std[i] = 1.0f;
  model->vector_mean = g_new0 (float, 2 * model->net1d->latent_size);
  model->vector_std = g_new (float, 2 * model->net1d->latent_size);
  for (gsize i = 0; i < 2 * model->net1d->latent_size; i++)
    model->vector_std[i] = 1.0f;
  model->latent_weight = 1.0f;
  model->descriptor_weight = 1.0f;
  for (guint i = 0; i < AKIN_MODEL_N_PARTS; i++)
    model->combination[i] = 1.0f;
  return model;
}

/**
 * akin_model_free:
 * @model: (transfer full) (nullable): a model
 */
void
akin_model_free (AkinModel *model)
{
  if (model == NULL)
    return;
  akin_net_free (model->net2d);
  akin_net_free (model->net1d);
  g_free (model->mfcc_mean);
  g_free (model->mfcc_std);
  g_free (model->fusion_mean);
  g_free (model->fusion_std);
  g_free (model->vector_mean);
  g_free (model->vector_std);
  g_free (model->info.note);
  g_free (model->id);
  if (model->members != NULL)
    g_ptr_array_unref (model->members);
  g_free (model);
}

/**
 * akin_model_get_vector_size:
 * @model: a model
 *
 * Returns: the length of the track vectors it produces: the mean and the
 *   standard deviation of each code unit (64 for the shipped architecture).
 */
guint
akin_model_get_vector_size (const AkinModel *model)
{
  guint size;

  g_return_val_if_fail (model != NULL, 0);

  size = 2 * (guint) model->net1d->latent_size;
  for (guint i = 1; i < akin_model_get_n_members (model); i++)
    size += akin_model_get_vector_size (akin_model_get_member (model, i));
  return size;
}

/**
 * akin_model_get_n_members:
 * @model: a model
 *
 * Returns: how many encoder pairs make its vectors: 1 + its further
 *   members (#AkinModel.members).
 */
guint
akin_model_get_n_members (const AkinModel *model)
{
  g_return_val_if_fail (model != NULL, 0);
  return 1 + (model->members != NULL ? model->members->len : 0);
}

/**
 * akin_model_get_member:
 * @model: a model
 * @i: from 0 to akin_model_get_n_members() − 1
 *
 * Returns: (transfer none): member @i: @model itself for 0, otherwise its
 *   further member @i − 1, a model of one member.
 */
const AkinModel *
akin_model_get_member (const AkinModel *model,
                       guint            i)
{
  g_return_val_if_fail (model != NULL, NULL);
  g_return_val_if_fail (i < akin_model_get_n_members (model), NULL);
  return i == 0 ? model : model->members->pdata[i - 1];
}

/**
 * akin_model_add_member:
 * @model: a model
 * @member: (transfer full): a model of one member whose 2D network reads
 *   the same slices as @model's
 * @error: return location for an error
 *
 * Appends @member to @model's members (see #AkinModel.members) and
 * updates @model's id.
 *
 * Returns: %TRUE on success; %FALSE with %AKIN_ERROR_MODEL_MISMATCH if
 *   @member has members of its own or reads other slices, or with
 *   %AKIN_ERROR_INVALID_ARGUMENT if @model already has
 *   %AKIN_MODEL_MAX_MEMBERS members (@member is freed either way).
 */
gboolean
akin_model_add_member (AkinModel  *model,
                       AkinModel  *member,
                       GError    **error)
{
  g_autoptr (AkinModel) owned = member;

  g_return_val_if_fail (model != NULL && member != NULL && member != model, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (akin_model_get_n_members (member) != 1 ||
      member->net2d->spec.in_h != model->net2d->spec.in_h ||
      member->net2d->spec.in_w != model->net2d->spec.in_w)
    {
      g_set_error (error, AKIN_ERROR, AKIN_ERROR_MODEL_MISMATCH,
                   "Model %s cannot be a member of model %s: it reads other slices or has "
                   "members of its own", member->id != NULL ? member->id : "(unnamed)",
                   model->id != NULL ? model->id : "(unnamed)");
      return FALSE;
    }
  if (akin_model_get_n_members (model) >= AKIN_MODEL_MAX_MEMBERS)
    {
      g_set_error (error, AKIN_ERROR, AKIN_ERROR_INVALID_ARGUMENT,
                   "A model holds at most %u members", AKIN_MODEL_MAX_MEMBERS);
      return FALSE;
    }
  if (model->members == NULL)
    model->members = g_ptr_array_new_with_free_func ((GDestroyNotify) akin_model_free);
  g_ptr_array_add (model->members, g_steal_pointer (&owned));
  akin_model_update_id (model);
  return TRUE;
}

/**
 * akin_model_get_id:
 * @model: a model
 *
 * Returns: (nullable): its identifier, to store next to the vectors it
 *   produced; %NULL until akin_model_update_id() (or a save or load).
 */
const char *
akin_model_get_id (const AkinModel *model)
{
  g_return_val_if_fail (model != NULL, NULL);
  return model->id;
}

/* ---- Writing ------------------------------------------------------------- */





static void
put_net (GByteArray *b, const AkinNet *net)
{
  _akin_put_u32 (b, net->spec.in_h);
  _akin_put_u32 (b, net->spec.in_w);
  _akin_put_u32 (b, net->spec.n_blocks);
  for (guint i = 0; i < net->spec.n_blocks; i++)
    _akin_put_u32 (b, net->spec.filters[i]);
  _akin_put_u32 (b, (guint32) net->spec.latent_activation);
  _akin_put_u64 (b, net->n_params);
  _akin_put_floats (b, net->params, net->n_params);
}

/* One member's networks, statistics and training metadata, to its vector
 * statistics. */
static void
put_member (GByteArray      *b,
            const AkinModel *model)
{
  guint n_mfcc = model->net2d->spec.in_h;
  guint n_fusion = model->net1d->spec.in_w;
  const AkinModelInfo *info = &model->info;

  put_net (b, model->net2d);
  put_net (b, model->net1d);
  _akin_put_u32 (b, n_mfcc);
  _akin_put_floats (b, model->mfcc_mean, n_mfcc);
  _akin_put_floats (b, model->mfcc_std, n_mfcc);
  _akin_put_u32 (b, n_fusion);
  _akin_put_floats (b, model->fusion_mean, n_fusion);
  _akin_put_floats (b, model->fusion_std, n_fusion);
  _akin_put_floats (b, &model->latent_weight, 1);
  _akin_put_floats (b, &model->descriptor_weight, 1);
  _akin_put_u64 (b, info->seed);
  _akin_put_u32 (b, info->epochs_2d);
  _akin_put_u32 (b, info->epochs_1d);
  _akin_put_u32 (b, info->best_epoch_2d);
  _akin_put_u32 (b, info->best_epoch_1d);
  _akin_put_u32 (b, info->n_train_tracks);
  _akin_put_u32 (b, info->n_val_tracks);
  _akin_put_u32 (b, info->n_train_slices);
  _akin_put_floats (b, &info->val_loss_2d, 1);
  _akin_put_floats (b, &info->val_loss_1d, 1);
  _akin_put_str (b, info->note, MAX_STRING);
  _akin_put_floats (b, &info->contrastive_weight_2d, 1);
  _akin_put_floats (b, &info->contrastive_weight_1d, 1);
  _akin_put_floats (b, &info->temperature, 1);
  _akin_put_u32 (b, 2 * (guint32) model->net1d->latent_size);
  _akin_put_floats (b, model->vector_mean, 2 * model->net1d->latent_size);
  _akin_put_floats (b, model->vector_std, 2 * model->net1d->latent_size);
}

/* Everything after the id that the id hashes. */
static GByteArray *
serialize_body (const AkinModel *model)
{
  GByteArray *b = g_byte_array_new ();
  guint n_members = akin_model_get_n_members (model);

  put_member (b, model);
  if (model->pooling != AKIN_POOLING_MEAN_STD || n_members > 1)
    _akin_put_u32 (b, (guint32) model->pooling);
  if (n_members > 1)
    {
      _akin_put_u32 (b, n_members - 1);
      for (guint i = 1; i < n_members; i++)
        {
          const AkinModel *member = akin_model_get_member (model, i);

          put_member (b, member);
          _akin_put_u32 (b, (guint32) member->pooling);
        }
    }
  return b;
}

static char *
id_for_body (const guint8 *body, gsize len)
{
  g_autofree char *hex = g_compute_checksum_for_data (G_CHECKSUM_SHA256, body, len);

  return g_strdup_printf ("akin-%.16s", hex);
}

/**
 * akin_model_update_id:
 * @model: a model whose contents are final
 *
 * Computes @model->id from the contents. Call it after changing weights or
 * statistics; akin_model_save() does.
 */
void
akin_model_update_id (AkinModel *model)
{
  g_autoptr (GByteArray) body = NULL;

  g_return_if_fail (model != NULL);

  body = serialize_body (model);
  g_free (model->id);
  model->id = id_for_body (body->data, body->len);
}

/**
 * akin_model_serialize:
 * @model: a model
 *
 * Returns: (transfer full): the file's bytes (see the top of akin-model.c).
 *   The id written is derived from the contents, whatever @model->id says.
 */
GBytes *
akin_model_serialize (const AkinModel *model)
{
  g_autoptr (GByteArray) body = NULL;
  g_autofree char *id = NULL;
  g_autoptr (GChecksum) sum = NULL;
  GByteArray *file;
  gsize payload_start;
  guint8 digest[DIGEST_SIZE];
  gsize digest_len = DIGEST_SIZE;

  g_return_val_if_fail (model != NULL, NULL);

  body = serialize_body (model);
  id = id_for_body (body->data, body->len);

  file = g_byte_array_new ();
  g_byte_array_append (file, (const guint8 *) MAGIC, 8);
  _akin_put_u32 (file, AKIN_MODEL_FORMAT_VERSION);
  _akin_put_u32 (file, 0);
  _akin_put_u64 (file, 0); /* payload length, patched below */
  payload_start = file->len;
  _akin_put_str (file, id, MAX_STRING);
  g_byte_array_append (file, body->data, body->len);
  if (akin_model_get_n_members (model) == 1)
    {
      /* What the id does not hash for a model of one member. */
      if (model->pooling == AKIN_POOLING_MEAN_STD)
        _akin_put_u32 (file, AKIN_POOLING_MEAN_STD);
      _akin_put_u32 (file, 0);
    }
  _akin_put_u32 (file, AKIN_MODEL_N_PARTS);
  _akin_put_floats (file, model->combination, AKIN_MODEL_N_PARTS);
  {
    guint64 le = GUINT64_TO_LE ((guint64) (file->len - payload_start));

    memcpy (file->data + 16, &le, 8);
  }
  sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (sum, file->data, file->len);
  g_checksum_get_digest (sum, digest, &digest_len);
  g_byte_array_append (file, digest, DIGEST_SIZE);
  return g_byte_array_free_to_bytes (file);
}

/**
 * akin_model_save:
 * @model: a model
 * @path: the file to write
 * @error: return location for a #G_IO_ERROR
 *
 * Writes @model atomically (a temporary file renamed over @path) and sets
 * @model->id. Any thread, as long as no other thread modifies @model.
 *
 * Returns: %TRUE on success
 */
gboolean
akin_model_save (AkinModel *model, const char *path, GError **error)
{
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GFile) file = NULL;
  gsize len;
  const guint8 *data;

  g_return_val_if_fail (model != NULL && path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  akin_model_update_id (model);
  bytes = akin_model_serialize (model);
  data = g_bytes_get_data (bytes, &len);
  file = g_file_new_for_path (path);
  return g_file_replace_contents (file, (const char *) data, len, NULL, FALSE,
                                  G_FILE_CREATE_NONE, NULL, NULL, error);
}
