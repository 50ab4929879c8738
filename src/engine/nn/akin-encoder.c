/* akin-encoder.c: MFCC slices + descriptors → track vector
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For each slice: standardise each MFCC row with the model's statistics,
 * encode it with the 2D encoder (64 values), fuse the latent with the
 * track's descriptors (akin-fusion.c), encode the fused vector with the 1D
 * encoder (32 values). The track vector is the mean ⊕ standard deviation
 * of its slices' codes (64 values), standardised with the model's training
 * statistics and L2-normalised. A model of several members (#AkinModel.members)
 * runs each member so on its share of the slices (each slice is encoded by
 * one member) and puts their vectors one after the other, divided by the
 * square root of their number. The same function serves the library
 * and the on-the-fly query, so both see identical preprocessing.
 *
 * Thread safety: the model is only read. All scratch lives in an
 * #AkinEncoderWorkspace, which the caller owns per thread (or lets the call
 * allocate one). OpenBLAS should run single-threaded inside analysis
 * workers: see akin_nn_blas_single_thread().
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "akin-encoder.h"
#include "akin-encoder-private.h"
#include "akin-error.h"

struct _AkinEncoderWorkspace
{
  const AkinModel  *model;
  AkinNetWorkspace *ws2d;
  AkinNetWorkspace *ws1d;
  float            *standardized; /* AKIN_ENCODER_BATCH × 2D input */
  float            *fused;        /* AKIN_ENCODER_BATCH × 1D input */
  /* For members 1 … n − 1: workspaces that borrow the buffers above when
   * the member's networks have the first's shapes (members run one after
   * the other), their own otherwise. */
  AkinEncoderWorkspace **members;
  gboolean              borrowed;
};

/**
 * akin_encoder_default_spec_2d:
 * @spec: (out caller-allocates): the architecture
 *
 * The shipped 2D autoencoder: 16 × 256 input, six blocks of 64, 32, 16, 8,
 * 8, 16 filters, a linear last encoder convolution (so no latent unit can
 * die), latent 1 × 4 × 16 = 64.
 */
void
akin_encoder_default_spec_2d (AkinNetSpec *spec)
{
  static const guint filters[] = { 64, 32, 16, 8, 8, 16 };

  memset (spec, 0, sizeof *spec);
  spec->in_h = AKIN_ENCODER_N_MFCC;
  spec->in_w = AKIN_ENCODER_SLICE_FRAMES;
  spec->n_blocks = G_N_ELEMENTS (filters);
  memcpy (spec->filters, filters, sizeof filters);
  spec->latent_activation = AKIN_ACT_LINEAR;
}

/**
 * akin_encoder_default_spec_1d:
 * @spec: (out caller-allocates): the architecture
 *
 * The shipped 1D autoencoder: a sequence of 64 + 5 = 69 fused values, six
 * blocks of 64, 32, 16, 8, 8, 16 filters (69 → 35 → 18 → 9 → 5 → 3 → 2), a
 * linear last encoder convolution, code 2 × 16 = 32.
 */
void
akin_encoder_default_spec_1d (AkinNetSpec *spec)
{
  static const guint filters[] = { 64, 32, 16, 8, 8, 16 };

  memset (spec, 0, sizeof *spec);
  spec->in_h = 1;
  spec->in_w = 64 + AKIN_FUSION_N_DESCRIPTORS;
  spec->n_blocks = G_N_ELEMENTS (filters);
  memcpy (spec->filters, filters, sizeof filters);
  spec->latent_activation = AKIN_ACT_LINEAR;
}

/**
 * akin_encoder_workspace_new:
 * @model: the model it will run
 *
 * Returns: (transfer full): scratch buffers for akin_encoder_embed(); use
 *   it from one thread at a time.
 */
AkinEncoderWorkspace *
akin_encoder_workspace_new (const AkinModel *model)
{
  AkinEncoderWorkspace *ws;

  g_return_val_if_fail (model != NULL, NULL);

  ws = g_new0 (AkinEncoderWorkspace, 1);
  ws->model = model;
  ws->ws2d = akin_net_workspace_new (model->net2d, AKIN_ENCODER_BATCH, AKIN_NET_WORKSPACE_ENCODE);
  ws->ws1d = akin_net_workspace_new (model->net1d, AKIN_ENCODER_BATCH, AKIN_NET_WORKSPACE_ENCODE);
  ws->standardized = g_new (float, AKIN_ENCODER_BATCH * model->net2d->input_size);
  ws->fused = g_new (float, AKIN_ENCODER_BATCH * model->net1d->input_size);
  if (akin_model_get_n_members (model) > 1)
    ws->members = g_new0 (AkinEncoderWorkspace *, akin_model_get_n_members (model) - 1);
  for (guint i = 1; i < akin_model_get_n_members (model); i++)
    {
      const AkinModel *member = akin_model_get_member (model, i);
      AkinEncoderWorkspace *mws;

      if (!akin_net_spec_equal (&member->net2d->spec, &model->net2d->spec) ||
          !akin_net_spec_equal (&member->net1d->spec, &model->net1d->spec))
        {
          ws->members[i - 1] = akin_encoder_workspace_new (member);
          continue;
        }
      mws = g_new0 (AkinEncoderWorkspace, 1);
      mws->model = member;
      mws->ws2d = ws->ws2d;
      mws->ws1d = ws->ws1d;
      mws->standardized = ws->standardized;
      mws->fused = ws->fused;
      mws->borrowed = TRUE;
      ws->members[i - 1] = mws;
    }
  return ws;
}

/* The part of @ws (a workspace for @model, or NULL) for member @i. */
static AkinEncoderWorkspace *
member_workspace (AkinEncoderWorkspace *ws,
                  guint                 i)
{
  return ws == NULL ? NULL : i == 0 ? ws : ws->members[i - 1];
}

/**
 * akin_encoder_workspace_is_for:
 * @ws: a workspace
 * @model: a model
 *
 * Returns: whether @ws was made for @model
 */
gboolean
akin_encoder_workspace_is_for (const AkinEncoderWorkspace *ws,
                               const AkinModel            *model)
{
  g_return_val_if_fail (ws != NULL, FALSE);
  return ws->model == model;
}

/**
 * akin_encoder_workspace_free:
 * @ws: (transfer full) (nullable): a workspace
 */
void
akin_encoder_workspace_free (AkinEncoderWorkspace *ws)
{
  if (ws == NULL)
    return;
  if (ws->members != NULL)
    for (guint i = 1; i < akin_model_get_n_members (ws->model); i++)
      akin_encoder_workspace_free (ws->members[i - 1]);
  g_free (ws->members);
  if (!ws->borrowed)
    {
      akin_net_workspace_free (ws->ws2d);
      akin_net_workspace_free (ws->ws1d);
      g_free (ws->standardized);
      g_free (ws->fused);
    }
  g_free (ws);
}

/**
 * akin_encoder_standardize:
 * @model: the model
 * @slice: one slice, MFCC-row-major (row r, frame t at r × width + t)
 * @out: (out): the standardised slice, same layout
 *
 * Any thread.
 */
void
akin_encoder_standardize (const AkinModel *model, const float *slice, float *out)
{
  guint h = model->net2d->spec.in_h, w = model->net2d->spec.in_w;

  for (guint r = 0; r < h; r++)
    {
      float m = model->mfcc_mean[r], inv = 1.0f / model->mfcc_std[r];

      for (guint t = 0; t < w; t++)
        out[r * w + t] = (slice[r * w + t] - m) * inv;
    }
}

/*
 * _akin_encoder_check_slices:
 *
 * What every encoding path refuses before it encodes anything: no slice
 * at all, or a NaN or infinite value in any slice
 * (%AKIN_ERROR_INVALID_ARGUMENT).
 */
gboolean
_akin_encoder_check_slices (const AkinModel *model,
                            const float     *slices,
                            guint            n_slices,
                            GError         **error)
{
  if (n_slices == 0)
    {
      g_set_error (error, AKIN_ERROR, AKIN_ERROR_INVALID_ARGUMENT, "No slice to encode");
      return FALSE;
    }
  if (!akin_nn_all_finite (slices, (gsize) n_slices * model->net2d->input_size))
    {
      g_set_error (error, AKIN_ERROR, AKIN_ERROR_INVALID_ARGUMENT,
                   "The MFCC slices contain NaN or infinite values");
      return FALSE;
    }
  return TRUE;
}

/**
 * akin_encoder_encode_slices:
 * @model: the model (read only)
 * @ws: (nullable): a workspace for @model, or %NULL to allocate one
 * @slices: @n_slices slices of in_h × in_w MFCC values (16 × 256,
 *   coefficient-major) as the front end delivers them
 * @n_slices: ≥ 1
 * @descriptors: the track's descriptors
 * @latents: (out) (nullable): @n_slices × 2D latent size values
 * @fused: (out) (nullable): @n_slices × fused size values
 * @codes: (out) (nullable): @n_slices × vector size values
 * @error: return location for an error
 *
 * Runs the whole per-slice chain of @model's first member (its own
 * networks; see akin_model_get_member() for the others). Any thread.
 *
 * Returns: %TRUE on success; %FALSE with %AKIN_ERROR_INVALID_ARGUMENT if
 *   the input holds NaN or infinite values, or %AKIN_ERROR_FAILED if the
 *   networks produce them.
 */
gboolean
akin_encoder_encode_slices (const AkinModel            *model,
                            AkinEncoderWorkspace       *ws,
                            const float                *slices,
                            guint                       n_slices,
                            const AkinTrackDescriptors *descriptors,
                            float                      *latents,
                            float                      *fused,
                            float                      *codes,
                            GError                    **error)
{
  g_return_val_if_fail (model != NULL && slices != NULL && descriptors != NULL, FALSE);
  g_return_val_if_fail (ws == NULL || ws->model == model, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!_akin_encoder_check_slices (model, slices, n_slices, error))
    return FALSE;
  return _akin_encoder_encode_strided (model, ws, slices, n_slices, 1, descriptors, latents,
                                       fused, codes, error);
}

/*
 * _akin_encoder_encode_strided:
 * @stride: slice i of the @n_slices encoded is slice i × @stride of
 *   @slices (1: all of them)
 *
 * akin_encoder_encode_slices() for every @stride-th slice, without checking
 * the slices (the caller did).
 */
gboolean
_akin_encoder_encode_strided (const AkinModel            *model,
                              AkinEncoderWorkspace       *ws,
                              const float                *slices,
                              guint                       n_slices,
                              guint                       stride,
                              const AkinTrackDescriptors *descriptors,
                              float                      *latents,
                              float                      *fused,
                              float                      *codes,
                              GError                    **error)
{
  g_autoptr (AkinEncoderWorkspace) own_ws = NULL;
  gsize in_size, latent_size, fused_size, code_size;
  float features[AKIN_FUSION_N_DESCRIPTORS];

  in_size = model->net2d->input_size;
  latent_size = model->net2d->latent_size;
  fused_size = model->net1d->input_size;
  code_size = model->net1d->latent_size;

  if (ws == NULL)
    ws = own_ws = akin_encoder_workspace_new (model);

  akin_fusion_descriptor_features (descriptors, features);

  for (guint start = 0; start < n_slices; start += AKIN_ENCODER_BATCH)
    {
      guint n = MIN (AKIN_ENCODER_BATCH, n_slices - start);
      const float *lat, *code;

      for (guint i = 0; i < n; i++)
        akin_encoder_standardize (model, slices + (gsize) (start + i) * stride * in_size,
                                  ws->standardized + i * in_size);
      lat = akin_net_encode (model->net2d, ws->ws2d, ws->standardized, n);
      for (guint i = 0; i < n; i++)
        akin_fusion_build (lat + i * latent_size, latent_size, features, model->fusion_mean,
                           model->fusion_std, model->latent_weight, model->descriptor_weight,
                           ws->fused + i * fused_size);
      if (latents != NULL)
        memcpy (latents + start * latent_size, lat, n * latent_size * sizeof (float));
      if (fused != NULL)
        memcpy (fused + start * fused_size, ws->fused, n * fused_size * sizeof (float));
      code = akin_net_encode (model->net1d, ws->ws1d, ws->fused, n);
      if (!akin_nn_all_finite (code, n * code_size))
        {
          g_set_error (error, AKIN_ERROR, AKIN_ERROR_FAILED,
                       "Model %s produced NaN or infinite values", model->id ? model->id : "");
          return FALSE;
        }
      if (codes != NULL)
        memcpy (codes + start * code_size, code, n * code_size * sizeof (float));
    }
  return TRUE;
}

/**
 * akin_encoder_pool_codes:
 * @codes: @n_slices × @dim slice codes
 * @n_slices: ≥ 1
 * @dim: values per code
 * @pooling: how
 * @pooled: (out): 2 × @dim values: the mean of each code value over the
 *   slices, then its standard deviation (population) or its maximum
 *
 * How a track's slice codes become one vector, before the model's
 * standardisation (akin_encoder_embed()); the trainer pools the training
 * songs the same way to compute that standardisation. Any thread.
 */
void
akin_encoder_pool_codes (const float *codes,
                         guint        n_slices,
                         gsize        dim,
                         AkinPooling  pooling,
                         float       *pooled)
{
  g_return_if_fail (codes != NULL && pooled != NULL && n_slices >= 1);
  g_return_if_fail (pooling < AKIN_POOLING_N);

  for (gsize j = 0; j < dim; j++)
    {
      double sum = 0.0, sum2 = 0.0, mean;
      float top = codes[j];

      for (guint i = 0; i < n_slices; i++)
        {
          sum += codes[i * dim + j];
          top = MAX (top, codes[i * dim + j]);
        }
      mean = sum / n_slices;
      pooled[j] = (float) mean;
      if (pooling == AKIN_POOLING_MEAN_MAX)
        {
          pooled[dim + j] = top;
          continue;
        }
      for (guint i = 0; i < n_slices; i++)
        sum2 += (codes[i * dim + j] - mean) * (codes[i * dim + j] - mean);
      pooled[dim + j] = (float) sqrt (sum2 / n_slices);
    }
}

/**
 * akin_encoder_embed:
 * @model: the model (read only)
 * @ws: (nullable): a workspace for @model, or %NULL to allocate one for the
 *   call
 * @slices: @n_slices MFCC slices (see akin_encoder_encode_slices())
 * @n_slices: ≥ 1 (the front end pads a short song to one slice)
 * @descriptors: the track's descriptors
 * @vector: (out): akin_model_get_vector_size() values: the mean of the
 *   slices' codes, then their standard deviation (population) or their
 *   maximum (the model's #AkinPooling), each value
 *   standardised with the model's training statistics (@model->vector_mean,
 *   @model->vector_std), the whole L2-normalised (all zero only if every
 *   value is at its training mean). The deviations say how much a song
 *   varies, which the mean alone loses. Standardising before the L2
 *   normalisation keeps a song's norm, dominated by a few large pooled
 *   values, from rescaling all the others (docs/results.md §9).
 * @error: return location for an error
 *
 * Computes a track's vector. Any thread; bit-identical results for the
 * same input.
 *
 * Returns: %TRUE on success, as akin_encoder_encode_slices() otherwise.
 */
gboolean
akin_encoder_embed (const AkinModel            *model,
                    AkinEncoderWorkspace       *ws,
                    const float                *slices,
                    guint                       n_slices,
                    const AkinTrackDescriptors *descriptors,
                    float                      *vector,
                    GError                    **error)
{
  return akin_encoder_embed_threads (model, ws, slices, n_slices, descriptors, 1, vector, error);
}

/*
 * _akin_encoder_embed_members:
 *
 * akin_encoder_embed_threads() for every member. With K > 1 members,
 * member k (from 0) encodes the slices k, k + K, k + 2K, … (the slice
 * k mod n when there are n < K), so that each slice is encoded once and a
 * model of K members costs what a model of one does; each member still
 * hears the whole length of the song.
 */
gboolean
_akin_encoder_embed_members (const AkinModel            *model,
                             AkinEncoderWorkspace       *ws,
                             const float                *slices,
                             guint                       n_slices,
                             const AkinTrackDescriptors *descriptors,
                             guint                       threads,
                             float                      *vector,
                             GError                    **error)
{
  guint n_members = akin_model_get_n_members (model);
  gsize offset = 0;

  g_return_val_if_fail (ws == NULL || ws->model == model, FALSE);

  if (!_akin_encoder_check_slices (model, slices, n_slices, error))
    return FALSE;
  for (guint k = 0; k < n_members; k++)
    {
      const AkinModel *member = akin_model_get_member (model, k);
      /* Its share (for one member, every slice). */
      guint first = k % n_slices, stride = n_members, count = 1;
      g_autofree float *codes = NULL;

      if (n_slices >= n_members)
        count = (n_slices - k + n_members - 1) / n_members;
      codes = g_new (float, (gsize) count * member->net1d->latent_size);
      if (!_akin_encoder_encode_codes_strided (member, member_workspace (ws, k),
                                               slices + (gsize) first * member->net2d->input_size,
                                               count, stride, descriptors, threads, codes, error))
        return FALSE;
      akin_encoder_vector_from_codes (member, codes, count, vector + offset);
      offset += 2 * member->net1d->latent_size;
    }
  if (n_members > 1)
    {
      float scale = (float) (1.0 / sqrt ((double) n_members));

      for (gsize j = 0; j < offset; j++)
        vector[j] *= scale;
    }
  return TRUE;
}

/**
 * akin_encoder_vector_from_codes:
 * @model: the model (read only)
 * @codes: @n_slices slice codes from akin_encoder_encode_slices()
 * @n_slices: ≥ 1
 * @vector: (out): the track vector (see akin_encoder_embed())
 *
 * The last step of akin_encoder_embed() for one member (@model's own
 * networks; @vector gets 2 × code size values): pooling, standardisation,
 * L2 normalisation. Any thread.
 */
void
akin_encoder_vector_from_codes (const AkinModel *model,
                                const float     *codes,
                                guint            n_slices,
                                float           *vector)
{
  gsize dim;
  double norm = 0.0;

  g_return_if_fail (model != NULL && codes != NULL && vector != NULL);

  dim = model->net1d->latent_size;
  akin_encoder_pool_codes (codes, n_slices, dim, model->pooling, vector);
  for (gsize j = 0; j < 2 * dim; j++)
    {
      vector[j] = (vector[j] - model->vector_mean[j]) / model->vector_std[j];
      norm += (double) vector[j] * vector[j];
    }
  norm = sqrt (norm);
  if (norm > 0.0)
    for (gsize j = 0; j < 2 * dim; j++)
      vector[j] = (float) (vector[j] / norm);
}

/**
 * akin_encoder_count_dead_units:
 * @rows: @n_rows × @dim values (e.g. latents of validation slices)
 * @n_rows: number of rows
 * @dim: units per row
 *
 * A unit is dead when it takes the same value on every row (its range is at
 * most 1e-6 of its largest magnitude, or exactly 0).
 *
 * Returns: the number of dead units.
 */
guint
akin_encoder_count_dead_units (const float *rows, gsize n_rows, gsize dim)
{
  guint dead = 0;

  for (gsize j = 0; j < dim; j++)
    {
      float lo = INFINITY, hi = -INFINITY, mag = 0.0f;

      for (gsize i = 0; i < n_rows; i++)
        {
          float v = rows[i * dim + j];

          lo = MIN (lo, v);
          hi = MAX (hi, v);
          mag = MAX (mag, fabsf (v));
        }
      if (n_rows == 0 || hi - lo <= 1e-6f * mag)
        dead++;
    }
  return dead;
}
