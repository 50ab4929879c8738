/* akin-net.c: a convolutional autoencoder built from akin-nn layers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "akin-error.h"
#include "akin-net.h"

struct _AkinNetWorkspace
{
  guint    max_batch;
  guint    n_layers; /* how many layers it can run */
  float   *acts[AKIN_NET_MAX_LAYERS + 1]; /* acts[0] is the input, acts[i + 1] layer i's output */
  guint32 *argmax[AKIN_NET_MAX_LAYERS];
  float   *scratch;
  float   *grad_a;
  float   *grad_b;
};

/**
 * akin_net_spec_validate:
 * @spec: an architecture
 * @error: return location for an error
 *
 * Returns: %TRUE if @spec describes a network this code can build; otherwise
 *   %FALSE with %AKIN_ERROR_MODEL_MISMATCH.
 */
gboolean
akin_net_spec_validate (const AkinNetSpec *spec, GError **error)
{
  g_return_val_if_fail (spec != NULL, FALSE);

  if (spec->in_h < 1 || spec->in_h > 4096 || spec->in_w < 2 || spec->in_w > 65536 ||
      spec->n_blocks < 1 || spec->n_blocks > AKIN_NET_MAX_BLOCKS)
    {
      g_set_error (error, AKIN_ERROR, AKIN_ERROR_MODEL_MISMATCH,
                   "Unsupported autoencoder shape: input %u×%u, %u blocks",
                   spec->in_h, spec->in_w, spec->n_blocks);
      return FALSE;
    }
  for (guint i = 0; i < spec->n_blocks; i++)
    if (spec->filters[i] < 1 || spec->filters[i] > 1024)
      {
        g_set_error (error, AKIN_ERROR, AKIN_ERROR_MODEL_MISMATCH,
                     "Unsupported filter count %u in block %u", spec->filters[i], i);
        return FALSE;
      }
  if (spec->latent_activation != AKIN_ACT_LINEAR && spec->latent_activation != AKIN_ACT_RELU &&
      spec->latent_activation != AKIN_ACT_SIGMOID)
    {
      g_set_error (error, AKIN_ERROR, AKIN_ERROR_MODEL_MISMATCH,
                   "Unknown latent activation %d", (int) spec->latent_activation);
      return FALSE;
    }
  return TRUE;
}

/**
 * akin_net_spec_equal:
 * @a: an architecture
 * @b: another
 *
 * Returns: %TRUE if both describe the same network.
 */
gboolean
akin_net_spec_equal (const AkinNetSpec *a, const AkinNetSpec *b)
{
  if (a->in_h != b->in_h || a->in_w != b->in_w || a->n_blocks != b->n_blocks ||
      a->latent_activation != b->latent_activation)
    return FALSE;
  for (guint i = 0; i < a->n_blocks && i < AKIN_NET_MAX_BLOCKS; i++)
    if (a->filters[i] != b->filters[i])
      return FALSE;
  return TRUE;
}

static void
add_conv (AkinNet *net, AkinShape *shape, guint kh, guint filters, AkinActivation act)
{
  AkinLayer *l = &net->layers[net->n_layers++];

  l->kind = AKIN_LAYER_CONV;
  l->in = *shape;
  l->kh = kh;
  l->kw = 3;
  l->act = act;
  l->out = *shape;
  l->out.c = filters;
  l->kernel_offset = net->n_params;
  net->n_params += (gsize) kh * l->kw * shape->c * filters;
  l->bias_offset = net->n_params;
  net->n_params += filters;
  *shape = l->out;
}

static void
add_resize (AkinNet *net, AkinShape *shape, AkinLayerKind kind, guint fh, guint fw)
{
  AkinLayer *l = &net->layers[net->n_layers++];

  l->kind = kind;
  l->in = *shape;
  l->kh = fh;
  l->kw = fw;
  if (kind == AKIN_LAYER_POOL)
    l->out = akin_nn_pool_shape (*shape, fh, fw);
  else
    {
      l->out = *shape;
      l->out.h *= fh;
      l->out.w *= fw;
    }
  *shape = l->out;
}

/**
 * akin_net_new:
 * @spec: the architecture
 * @error: return location for an error
 *
 * Builds the layers of @spec. The parameters are zero; see
 * akin_net_init_weights().
 *
 * Returns: (transfer full) (nullable): the network, or %NULL with
 *   %AKIN_ERROR_MODEL_MISMATCH if @spec is not valid.
 */
AkinNet *
akin_net_new (const AkinNetSpec *spec, GError **error)
{
  AkinNet *net;
  AkinShape shape = { 1, spec->in_h, spec->in_w, 1 };
  guint kh = spec->in_h == 1 ? 1 : 3;
  guint pool_h[AKIN_NET_MAX_BLOCKS];

  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!akin_net_spec_validate (spec, error))
    return NULL;

  net = g_new0 (AkinNet, 1);
  net->spec = *spec;
  net->input_size = (gsize) spec->in_h * spec->in_w;

  for (guint i = 0; i < spec->n_blocks; i++)
    {
      AkinActivation act = i + 1 == spec->n_blocks ? spec->latent_activation : AKIN_ACT_RELU;

      add_conv (net, &shape, kh, spec->filters[i], act);
      pool_h[i] = shape.h > 1 ? 2 : 1;
      add_resize (net, &shape, AKIN_LAYER_POOL, pool_h[i], 2);
    }
  net->n_encoder_layers = net->n_layers;
  net->latent_size = akin_shape_size (shape);

  for (guint i = spec->n_blocks; i-- > 0;)
    {
      add_conv (net, &shape, kh, spec->filters[i], AKIN_ACT_RELU);
      add_resize (net, &shape, AKIN_LAYER_UPSAMPLE, pool_h[i], 2);
    }
  add_conv (net, &shape, kh, 1, AKIN_ACT_LINEAR);

  if (shape.h != spec->in_h || shape.w != spec->in_w)
    {
      AkinLayer *l = &net->layers[net->n_layers++];

      g_assert (shape.h >= spec->in_h && shape.w >= spec->in_w);
      l->kind = AKIN_LAYER_CROP;
      l->in = shape;
      l->out = shape;
      l->out.h = spec->in_h;
      l->out.w = spec->in_w;
    }
  g_assert (net->n_layers <= AKIN_NET_MAX_LAYERS);

  net->params = g_new0 (float, net->n_params);
  return net;
}

/**
 * akin_net_copy:
 * @net: a network
 *
 * Returns: (transfer full): a deep copy.
 */
AkinNet *
akin_net_copy (const AkinNet *net)
{
  AkinNet *copy;

  g_return_val_if_fail (net != NULL, NULL);

  copy = g_memdup2 (net, sizeof *net);
  copy->params = g_memdup2 (net->params, net->n_params * sizeof (float));
  return copy;
}

/**
 * akin_net_free:
 * @net: (transfer full) (nullable): a network
 */
void
akin_net_free (AkinNet *net)
{
  if (net == NULL)
    return;
  g_free (net->params);
  g_free (net);
}

/**
 * akin_net_init_weights:
 * @net: a network
 * @rng: the generator to draw from
 *
 * He-uniform kernels before a ReLU (they keep the signal's variance through
 * six ReLU blocks; Glorot, Keras' default, lets it shrink and the first
 * epochs barely move), Glorot-uniform before a linear or sigmoid output,
 * zero biases; layer by layer in order, so a seed fixes the whole network.
 */
void
akin_net_init_weights (AkinNet *net, AkinRng *rng)
{
  g_return_if_fail (net != NULL && rng != NULL);

  for (guint i = 0; i < net->n_layers; i++)
    {
      const AkinLayer *l = &net->layers[i];
      guint area = l->kh * l->kw;

      if (l->kind != AKIN_LAYER_CONV)
        continue;
      if (l->act == AKIN_ACT_RELU)
        akin_nn_init_he_uniform (rng, net->params + l->kernel_offset,
                                 (gsize) area * l->in.c * l->out.c, area * l->in.c);
      else
        akin_nn_init_glorot_uniform (rng, net->params + l->kernel_offset,
                                     (gsize) area * l->in.c * l->out.c,
                                     area * l->in.c, area * l->out.c);
      memset (net->params + l->bias_offset, 0, l->out.c * sizeof (float));
    }
}

/**
 * akin_net_workspace_new:
 * @net: the network it will run
 * @max_batch: the largest batch it will be given
 * @kind: what it will be used for
 *
 * Allocates every buffer the passes of @net that @kind names need. A
 * workspace belongs to one thread at a time.
 *
 * Returns: (transfer full): the workspace
 */
AkinNetWorkspace *
akin_net_workspace_new (const AkinNet *net, guint max_batch, AkinNetWorkspaceKind kind)
{
  AkinNetWorkspace *ws;
  gsize max_size = net->input_size;
  gsize max_scratch = 0;

  g_return_val_if_fail (net != NULL && max_batch > 0, NULL);

  ws = g_new0 (AkinNetWorkspace, 1);
  ws->max_batch = max_batch;
  ws->n_layers = kind == AKIN_NET_WORKSPACE_TRAIN ? net->n_layers : net->n_encoder_layers;
  ws->acts[0] = g_new (float, max_batch * net->input_size);
  for (guint i = 0; i < ws->n_layers; i++)
    {
      const AkinLayer *l = &net->layers[i];
      gsize out_size = akin_shape_size (l->out);

      ws->acts[i + 1] = g_new (float, max_batch * out_size);
      /* Only the backward pass reads where each maximum was. */
      if (l->kind == AKIN_LAYER_POOL && kind == AKIN_NET_WORKSPACE_TRAIN)
        ws->argmax[i] = g_new (guint32, max_batch * out_size);
      if (l->kind == AKIN_LAYER_CONV)
        max_scratch = MAX (max_scratch, akin_nn_conv_scratch_size (l->in, l->kh, l->kw));
      max_size = MAX (max_size, out_size);
    }
  ws->scratch = g_new (float, max_scratch);
  if (kind == AKIN_NET_WORKSPACE_TRAIN)
    {
      ws->grad_a = g_new (float, max_batch * max_size);
      ws->grad_b = g_new (float, max_batch * max_size);
    }
  return ws;
}

/**
 * akin_net_workspace_free:
 * @ws: (transfer full) (nullable): a workspace
 */
void
akin_net_workspace_free (AkinNetWorkspace *ws)
{
  if (ws == NULL)
    return;
  for (guint i = 0; i <= AKIN_NET_MAX_LAYERS; i++)
    g_free (ws->acts[i]);
  for (guint i = 0; i < AKIN_NET_MAX_LAYERS; i++)
    g_free (ws->argmax[i]);
  g_free (ws->scratch);
  g_free (ws->grad_a);
  g_free (ws->grad_b);
  g_free (ws);
}

static inline AkinShape
batched (AkinShape s, guint n)
{
  s.n = n;
  return s;
}

/**
 * akin_net_forward:
 * @net: the network (read only)
 * @ws: a workspace for @net
 * @x: @n inputs of @net->input_size values (the layout of akin-nn.h)
 * @n: batch size, at most the workspace's
 * @n_layers: how many layers to run, from the first
 *
 * Returns: (transfer none): the output of layer @n_layers − 1, owned by @ws
 *   and valid until its next use.
 */
const float *
akin_net_forward (const AkinNet    *net,
                  AkinNetWorkspace *ws,
                  const float      *x,
                  guint             n,
                  guint             n_layers)
{
  g_return_val_if_fail (net != NULL && ws != NULL && x != NULL, NULL);
  g_return_val_if_fail (n >= 1 && n <= ws->max_batch && n_layers <= ws->n_layers, NULL);

  memcpy (ws->acts[0], x, (gsize) n * net->input_size * sizeof (float));
  for (guint i = 0; i < n_layers; i++)
    {
      const AkinLayer *l = &net->layers[i];
      AkinShape in = batched (l->in, n);

      switch (l->kind)
        {
        case AKIN_LAYER_CONV:
          akin_nn_conv_forward (ws->acts[i], in, net->params + l->kernel_offset,
                                net->params + l->bias_offset, l->kh, l->kw, l->out.c, l->act,
                                ws->acts[i + 1], ws->scratch);
          break;
        case AKIN_LAYER_POOL:
          akin_nn_maxpool_forward (ws->acts[i], in, l->kh, l->kw, ws->acts[i + 1],
                                   ws->argmax[i]);
          break;
        case AKIN_LAYER_UPSAMPLE:
          akin_nn_upsample_forward (ws->acts[i], in, l->kh, l->kw, ws->acts[i + 1]);
          break;
        case AKIN_LAYER_CROP:
          akin_nn_crop_forward (ws->acts[i], in, 0, 0, l->out.h, l->out.w, ws->acts[i + 1]);
          break;
        default:
          g_assert_not_reached ();
        }
    }
  return ws->acts[n_layers];
}

/**
 * akin_net_encode:
 * @net: the network (read only)
 * @ws: a workspace for @net
 * @x: @n inputs
 * @n: batch size
 *
 * Returns: (transfer none): @n latent vectors of @net->latent_size values,
 *   in NHWC order, owned by @ws.
 */
const float *
akin_net_encode (const AkinNet *net, AkinNetWorkspace *ws, const float *x, guint n)
{
  return akin_net_forward (net, ws, x, n, net->n_encoder_layers);
}

/**
 * akin_net_loss:
 * @net: the network
 * @ws: a workspace
 * @x: @n inputs, which are also the targets
 * @n: batch size
 *
 * Returns: the reconstruction MSE over the batch.
 */
double
akin_net_loss (const AkinNet *net, AkinNetWorkspace *ws, const float *x, guint n)
{
  const float *y = akin_net_forward (net, ws, x, n, net->n_layers);

  return akin_nn_mse (y, x, (gsize) n * net->input_size, NULL);
}

/**
 * akin_net_gradient:
 * @net: the network
 * @ws: a workspace
 * @x: @n inputs, which are also the targets
 * @n: batch size
 * @gradients: (out): @net->n_params values, overwritten with d loss / d params
 *
 * One forward and one backward pass.
 *
 * Returns: the reconstruction MSE over the batch.
 */
double
akin_net_gradient (const AkinNet    *net,
                   AkinNetWorkspace *ws,
                   const float      *x,
                   guint             n,
                   float            *gradients)
{
  return akin_net_gradient_with_latent_loss (net, ws, x, n, NULL, NULL, NULL, gradients, NULL);
}

/**
 * akin_net_gradient_with_latent_loss:
 * @net: the network
 * @ws: a workspace
 * @x: @n inputs, which are also the targets
 * @n: batch size
 * @latent_loss: (nullable) (scope call): a second loss on the latent
 *   vectors, added to the reconstruction MSE
 * @user_data: for @latent_loss
 * @latent_grad: (nullable): scratch of @n × @net->latent_size values, needed
 *   with @latent_loss
 * @gradients: (out): @net->n_params values, d (MSE + latent loss) / d params
 * @latent_value: (out) (optional): the latent loss's value
 *
 * One forward and one backward pass of the reconstruction MSE plus a loss
 * on the encoder's output (e.g. a contrastive one), whose gradient
 * @latent_loss writes into @latent_grad and which joins the reconstruction
 * gradient at the encoder's output.
 *
 * Returns: the reconstruction MSE over the batch.
 */
double
akin_net_gradient_with_latent_loss (const AkinNet      *net,
                                    AkinNetWorkspace   *ws,
                                    const float        *x,
                                    guint               n,
                                    AkinNetLatentLoss   latent_loss,
                                    gpointer            user_data,
                                    float              *latent_grad,
                                    float              *gradients,
                                    double             *latent_value)
{
  const float *latent;
  double extra = 0.0;

  g_return_val_if_fail (ws->grad_a != NULL, NAN);
  g_return_val_if_fail (latent_loss == NULL || latent_grad != NULL, NAN);

  latent = akin_net_train_forward (net, ws, x, n);
  if (latent_loss != NULL)
    extra = latent_loss (latent, n, net->latent_size, latent_grad, user_data);
  if (latent_value != NULL)
    *latent_value = extra;
  return akin_net_train_backward (net, ws, n, 1.0f, latent_loss != NULL ? latent_grad : NULL,
                                  gradients);
}

/**
 * akin_net_train_forward:
 * @net: the network
 * @ws: a training workspace
 * @x: @n inputs, which are also the targets
 * @n: batch size
 *
 * The forward half of a training step: runs the whole network on @x and
 * keeps what akin_net_train_backward() needs in @ws. Steps split this way
 * let a batch be shared between threads, each with its own workspace, with
 * a loss over all the latents computed between the two halves.
 *
 * Returns: (transfer none): the @n latent vectors, inside @ws
 */
const float *
akin_net_train_forward (const AkinNet    *net,
                        AkinNetWorkspace *ws,
                        const float      *x,
                        guint             n)
{
  g_return_val_if_fail (ws->grad_a != NULL, NULL);

  akin_net_forward (net, ws, x, n, net->n_layers);
  return ws->acts[net->n_encoder_layers];
}

/**
 * akin_net_train_backward:
 * @net: the network
 * @ws: the workspace of the forward half, akin_net_train_forward()
 * @n: its batch size
 * @mse_scale: factor on the reconstruction MSE's gradient (a part of a
 *   batch: its share of the batch's rows)
 * @latent_grad: (nullable): @n × @net->latent_size values added to the
 *   gradient at the encoder's output (a latent loss's)
 * @gradients: (out): @net->n_params values
 *
 * Returns: the reconstruction MSE over the @n rows.
 */
double
akin_net_train_backward (const AkinNet    *net,
                         AkinNetWorkspace *ws,
                         guint             n,
                         float             mse_scale,
                         const float      *latent_grad,
                         float            *gradients)
{
  const float *y = ws->acts[net->n_layers];
  float *dy = ws->grad_a;
  float *dx = ws->grad_b;
  double loss;

  g_return_val_if_fail (ws->grad_a != NULL, NAN);

  loss = akin_nn_mse (y, ws->acts[0], (gsize) n * net->input_size, dy);
  if (mse_scale != 1.0f)
    for (gsize k = 0; k < (gsize) n * net->input_size; k++)
      dy[k] *= mse_scale;
  memset (gradients, 0, net->n_params * sizeof (float));

  for (guint i = net->n_layers; i-- > 0;)
    {
      const AkinLayer *l = &net->layers[i];
      AkinShape in = batched (l->in, n);
      AkinShape out = batched (l->out, n);
      float *tmp;

      if (latent_grad != NULL && i + 1 == net->n_encoder_layers)
        for (gsize k = 0; k < n * net->latent_size; k++)
          dy[k] += latent_grad[k];

      switch (l->kind)
        {
        case AKIN_LAYER_CONV:
          akin_nn_conv_backward (ws->acts[i], in, net->params + l->kernel_offset, l->kh, l->kw,
                                 l->out.c, l->act, ws->acts[i + 1], dy,
                                 gradients + l->kernel_offset, gradients + l->bias_offset,
                                 i == 0 ? NULL : dx, ws->scratch);
          break;
        case AKIN_LAYER_POOL:
          akin_nn_maxpool_backward (dy, out, ws->argmax[i], dx, in);
          break;
        case AKIN_LAYER_UPSAMPLE:
          akin_nn_upsample_backward (dy, in, l->kh, l->kw, dx);
          break;
        case AKIN_LAYER_CROP:
          akin_nn_crop_backward (dy, in, 0, 0, l->out.h, l->out.w, dx);
          break;
        default:
          g_assert_not_reached ();
        }
      tmp = dy;
      dy = dx;
      dx = tmp;
    }
  return loss;
}
