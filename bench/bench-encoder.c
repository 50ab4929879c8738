/* bench-encoder.c: encoding time per slice and training throughput
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs the shipped architecture with random weights on synthetic slices:
 *   bench-encoder [--slices N] [--batches N] [--threads N]
 * prints the time to embed one slice (2D + fusion + 1D, single-threaded
 * BLAS, as analysis workers run) and the training throughput of each
 * autoencoder (forward + backward + Adam, batches of 32).
 */

#include "config.h"

#include <math.h>

#include "akin-encoder.h"
#include "akin-net.h"
#include "akin-nn.h"

static double
now (void)
{
  return g_get_monotonic_time () / 1e6;
}

static double
train_rate (AkinNet *net, guint batch, guint n_batches, AkinRng *rng)
{
  g_autoptr (AkinNetWorkspace) ws = akin_net_workspace_new (net, batch, AKIN_NET_WORKSPACE_TRAIN);
  g_autoptr (AkinAdam) adam = akin_adam_new (net->n_params, 1e-3f);
  g_autofree float *grads = g_new (float, net->n_params);
  g_autofree float *x = g_new (float, (gsize) batch * net->input_size);
  double start;

  for (gsize i = 0; i < (gsize) batch * net->input_size; i++)
    x[i] = (float) akin_rng_normal (rng);
  akin_net_gradient (net, ws, x, batch, grads); /* warm up */
  start = now ();
  for (guint b = 0; b < n_batches; b++)
    {
      akin_net_gradient (net, ws, x, batch, grads);
      akin_adam_step (adam, net->params, grads);
    }
  return (double) batch * n_batches / (now () - start);
}

int
main (int argc, char *argv[])
{
  int n_slices = 64, n_batches = 4;
  GOptionEntry entries[] = {
    { "slices", 0, 0, G_OPTION_ARG_INT, &n_slices, "Slices to embed", "N" },
    { "batches", 0, 0, G_OPTION_ARG_INT, &n_batches, "Training batches of 32 to time", "N" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("- encoder benchmark");
  g_autoptr (GError) error = NULL;
  g_autoptr (AkinModel) model = NULL;
  g_autofree float *slices = NULL;
  AkinNetSpec s2, s1;
  AkinTrackDescriptors d = { 120.0, 3000.0, 0, AKIN_MODE_MAJOR };
  float vector[AKIN_ENCODER_VECTOR_SIZE];
  gsize slice = AKIN_ENCODER_N_MFCC * AKIN_ENCODER_SLICE_FRAMES;
  AkinRng rng;
  double start, per_slice;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  n_slices = MAX (n_slices, 1);
  n_batches = MAX (n_batches, 1);

  akin_nn_blas_single_thread ();
  akin_encoder_default_spec_2d (&s2);
  akin_encoder_default_spec_1d (&s1);
  model = akin_model_new (&s2, &s1, &error);
  akin_rng_init (&rng, 1);
  akin_net_init_weights (model->net2d, &rng);
  akin_net_init_weights (model->net1d, &rng);
  slices = g_new (float, (gsize) n_slices * slice);
  for (gsize i = 0; i < (gsize) n_slices * slice; i++)
    slices[i] = (float) akin_rng_normal (&rng);

  g_print ("parameters: 2D %zu, 1D %zu\n", model->net2d->n_params, model->net1d->n_params);

  akin_encoder_embed (model, NULL, slices, 1, &d, vector, NULL); /* warm up */
  start = now ();
  if (!akin_encoder_embed (model, NULL, slices, (guint) n_slices, &d, vector, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  per_slice = (now () - start) / n_slices;
  g_print ("embed: %.3f ms per slice (%d slices, one thread)\n", per_slice * 1e3, n_slices);

  g_print ("train 2D: %.1f slices/s\n", train_rate (model->net2d, 32, (guint) n_batches, &rng));
  g_print ("train 1D: %.1f slices/s\n",
           train_rate (model->net1d, 32, (guint) n_batches * 16, &rng));
  return 0;
}
