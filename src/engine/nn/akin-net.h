/* akin-net.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "akin-nn.h"

G_BEGIN_DECLS

#define AKIN_NET_MAX_BLOCKS 8
#define AKIN_NET_MAX_LAYERS (4 * AKIN_NET_MAX_BLOCKS + 2)

/**
 * AkinNetSpec:
 * @in_h: input height; 1 makes a one-dimensional network
 * @in_w: input width (time, or sequence length)
 * @n_blocks: encoder blocks, 1 … %AKIN_NET_MAX_BLOCKS
 * @filters: filters of each encoder block's convolution
 * @latent_activation: activation of the last encoder convolution (the others
 *   are ReLU); linear keeps every latent unit alive
 *
 * The architecture of one convolutional autoencoder with one input channel.
 * Encoder block i: a 'same' convolution (3×3, or 1×3 when @in_h is 1) with
 * @filters[i] filters, then a 'same' max-pooling that halves the width and,
 * while the height is above 1, the height too. The decoder mirrors it: for
 * i from the last block down, a ReLU convolution with @filters[i] filters
 * and a nearest up-sampling by that block's pooling factors; then a linear
 * 1-filter convolution and, when the up-sampled size exceeds the input, a
 * crop at the end back to @in_h × @in_w. The loss is the MSE against the
 * input.
 */
typedef struct
{
  guint          in_h;
  guint          in_w;
  guint          n_blocks;
  guint          filters[AKIN_NET_MAX_BLOCKS];
  AkinActivation latent_activation;
} AkinNetSpec;

typedef enum
{
  AKIN_LAYER_CONV,
  AKIN_LAYER_POOL,
  AKIN_LAYER_UPSAMPLE,
  AKIN_LAYER_CROP,
} AkinLayerKind;

/**
 * AkinLayer:
 * @kind: what the layer does
 * @in: input shape for one sample (n = 1)
 * @out: output shape for one sample
 * @kh: kernel height (conv), pool/up-sampling height factor
 * @kw: kernel width (conv), pool/up-sampling width factor
 * @act: activation (conv)
 * @kernel_offset: index of the kernel in #AkinNet.params (conv)
 * @bias_offset: index of the bias in #AkinNet.params (conv)
 */
typedef struct
{
  AkinLayerKind  kind;
  AkinShape      in;
  AkinShape      out;
  guint          kh;
  guint          kw;
  AkinActivation act;
  gsize          kernel_offset;
  gsize          bias_offset;
} AkinLayer;

/**
 * AkinNet:
 * @spec: the architecture
 * @n_layers: number of layers
 * @n_encoder_layers: the first @n_encoder_layers layers are the encoder
 * @latent_size: values per sample at the encoder's output
 * @input_size: values per sample at the input (= at the output)
 * @n_params: number of parameters
 * @params: all kernels and biases, one array
 *
 * A built autoencoder. Once trained it is read-only, and any number of
 * threads may run it at once, each with its own #AkinNetWorkspace.
 */
typedef struct
{
  AkinNetSpec spec;
  guint       n_layers;
  guint       n_encoder_layers;
  gsize       latent_size;
  gsize       input_size;
  gsize       n_params;
  float      *params;
  AkinLayer   layers[AKIN_NET_MAX_LAYERS];
} AkinNet;

typedef struct _AkinNetWorkspace AkinNetWorkspace;

/**
 * AkinNetWorkspaceKind:
 * @AKIN_NET_WORKSPACE_ENCODE: runs the encoder only (akin_net_encode())
 * @AKIN_NET_WORKSPACE_TRAIN: runs everything, gradients included
 */
typedef enum
{
  AKIN_NET_WORKSPACE_ENCODE,
  AKIN_NET_WORKSPACE_TRAIN,
} AkinNetWorkspaceKind;

gboolean  akin_net_spec_validate (const AkinNetSpec *spec,
                                  GError           **error);
gboolean  akin_net_spec_equal    (const AkinNetSpec *a,
                                  const AkinNetSpec *b);
AkinNet  *akin_net_new           (const AkinNetSpec *spec,
                                  GError           **error);
AkinNet  *akin_net_copy          (const AkinNet     *net);
void      akin_net_free          (AkinNet           *net);
void      akin_net_init_weights  (AkinNet           *net,
                                  AkinRng           *rng);

AkinNetWorkspace *akin_net_workspace_new  (const AkinNet       *net,
                                           guint                max_batch,
                                           AkinNetWorkspaceKind kind);
void              akin_net_workspace_free (AkinNetWorkspace *ws);

const float *akin_net_forward  (const AkinNet    *net,
                                AkinNetWorkspace *ws,
                                const float      *x,
                                guint             n,
                                guint             n_layers);
const float *akin_net_encode   (const AkinNet    *net,
                                AkinNetWorkspace *ws,
                                const float      *x,
                                guint             n);
double       akin_net_loss     (const AkinNet    *net,
                                AkinNetWorkspace *ws,
                                const float      *x,
                                guint             n);
double       akin_net_gradient (const AkinNet    *net,
                                AkinNetWorkspace *ws,
                                const float      *x,
                                guint             n,
                                float            *gradients);

/**
 * AkinNetLatentLoss:
 * @latent: @n latent vectors of @dim values
 * @n: batch size
 * @dim: latent size
 * @gradient: (out): @n × @dim values, d loss / d @latent
 * @user_data: data given with the function
 *
 * A loss on the encoder's output, see akin_net_gradient_with_latent_loss().
 *
 * Returns: the loss
 */
typedef double (*AkinNetLatentLoss) (const float *latent,
                                     guint        n,
                                     gsize        dim,
                                     float       *gradient,
                                     gpointer     user_data);

double       akin_net_gradient_with_latent_loss (const AkinNet     *net,
                                                 AkinNetWorkspace  *ws,
                                                 const float       *x,
                                                 guint              n,
                                                 AkinNetLatentLoss  latent_loss,
                                                 gpointer           user_data,
                                                 float             *latent_grad,
                                                 float             *gradients,
                                                 double            *latent_value);
const float *akin_net_train_forward             (const AkinNet     *net,
                                                 AkinNetWorkspace  *ws,
                                                 const float       *x,
                                                 guint              n);
double       akin_net_train_backward            (const AkinNet     *net,
                                                 AkinNetWorkspace  *ws,
                                                 guint              n,
                                                 float              mse_scale,
                                                 const float       *latent_grad,
                                                 float             *gradients);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AkinNet, akin_net_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AkinNetWorkspace, akin_net_workspace_free)

G_END_DECLS
