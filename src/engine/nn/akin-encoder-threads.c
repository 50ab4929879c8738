/* akin-encoder-threads.c: a track's slices encoded on two threads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For a song analysed while the user waits (a song outside the library as
 * an anchor), the encoders are the largest serial step after the front
 * end. Slices are encoded independently, in batches of
 * %AKIN_ENCODER_BATCH, so the slices are cut in two at a batch boundary:
 * the calling thread encodes the first part, a second thread the rest,
 * each with its own workspace, and every batch holds the same slices as
 * on one thread. The codes, and so the vector, are the same to the bit.
 *
 * A library scan already analyses one song per core: it keeps to one
 * thread (akin_encoder_embed()).
 */

#include "config.h"

#include "akin-encoder.h"
#include "akin-encoder-private.h"
#include "akin-error.h"

/* Below this many slices a second thread costs more than it saves. */
#define MIN_SLICES_FOR_TWO (2 * AKIN_ENCODER_BATCH)

typedef struct
{
  const AkinModel            *model;
  const float                *slices;
  guint                       n_slices;
  guint                       stride;
  const AkinTrackDescriptors *descriptors;
  float                      *codes;
  GError                     *error;
} Part;

static gpointer
encode_part (gpointer data)
{
  Part *part = data;

  /* Its own workspace, allocated (and first touched) on this thread. */
  _akin_encoder_encode_strided (part->model, NULL, part->slices, part->n_slices, part->stride,
                                part->descriptors, NULL, NULL, part->codes, &part->error);
  return NULL;
}

/**
 * akin_encoder_encode_codes_threads:
 * @model: the model (read only)
 * @ws: (nullable): the calling thread's workspace for @model, or %NULL
 * @slices: @n_slices slices (see akin_encoder_encode_slices())
 * @n_slices: ≥ 1
 * @descriptors: the track's descriptors
 * @threads: 1, or 2 to encode the second part of the slices on a second
 *   thread (only when there are at least 2 × %AKIN_ENCODER_BATCH slices)
 * @codes: (out): @n_slices × the code size values, in slice order
 * @error: return location for an error
 *
 * akin_encoder_encode_slices() for the codes alone, on one or two threads,
 * with the same codes either way. Blocks until both parts are done.
 *
 * Returns: %TRUE on success; the errors of akin_encoder_encode_slices(),
 *   the first part's first.
 */
gboolean
akin_encoder_encode_codes_threads (const AkinModel            *model,
                                   AkinEncoderWorkspace       *ws,
                                   const float                *slices,
                                   guint                       n_slices,
                                   const AkinTrackDescriptors *descriptors,
                                   guint                       threads,
                                   float                      *codes,
                                   GError                    **error)
{
  g_return_val_if_fail (model != NULL && slices != NULL && descriptors != NULL, FALSE);
  g_return_val_if_fail (codes != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Invalid input anywhere is refused before any encoding, as on one
   * thread, so the error does not depend on which part meets it. */
  if (!_akin_encoder_check_slices (model, slices, n_slices, error))
    return FALSE;
  return _akin_encoder_encode_codes_strided (model, ws, slices, n_slices, 1, descriptors,
                                             threads, codes, error);
}

/*
 * _akin_encoder_encode_codes_strided:
 *
 * akin_encoder_encode_codes_threads() for every @stride-th slice
 * (_akin_encoder_encode_strided()), without checking the slices.
 */
gboolean
_akin_encoder_encode_codes_strided (const AkinModel            *model,
                                    AkinEncoderWorkspace       *ws,
                                    const float                *slices,
                                    guint                       n_slices,
                                    guint                       stride,
                                    const AkinTrackDescriptors *descriptors,
                                    guint                       threads,
                                    float                      *codes,
                                    GError                    **error)
{
  gsize in_size = model->net2d->input_size, code_size = model->net1d->latent_size;
  guint first;
  Part rest;
  GThread *thread;
  gboolean ok;

  if (threads < 2 || n_slices < MIN_SLICES_FOR_TWO)
    return _akin_encoder_encode_strided (model, ws, slices, n_slices, stride, descriptors, NULL,
                                         NULL, codes, error);

  /* The multiple of the batch nearest to half the slices on the calling
   * thread, the rest (with any short last batch) on the second. */
  first = (n_slices + AKIN_ENCODER_BATCH) / (2 * AKIN_ENCODER_BATCH) * AKIN_ENCODER_BATCH;
  rest = (Part) {
    .model = model,
    .slices = slices + (gsize) first * stride * in_size,
    .n_slices = n_slices - first,
    .stride = stride,
    .descriptors = descriptors,
    .codes = codes + (gsize) first * code_size,
  };
  thread = g_thread_new ("akin-encoder", encode_part, &rest);
  ok = _akin_encoder_encode_strided (model, ws, slices, first, stride, descriptors, NULL, NULL,
                                     codes, error);
  g_thread_join (thread);
  if (!ok)
    {
      g_clear_error (&rest.error);
      return FALSE;
    }
  if (rest.error != NULL)
    {
      g_propagate_error (error, rest.error);
      return FALSE;
    }
  return TRUE;
}

/**
 * akin_encoder_embed_threads:
 * @model: the model (read only)
 * @ws: (nullable): the calling thread's workspace for @model, or %NULL
 * @slices: @n_slices MFCC slices (see akin_encoder_encode_slices())
 * @n_slices: ≥ 1
 * @descriptors: the track's descriptors
 * @threads: 1, or 2 (see akin_encoder_encode_codes_threads())
 * @vector: (out): the track vector (see akin_encoder_embed())
 * @error: return location for an error
 *
 * akin_encoder_embed() on one or two threads: the same vector to the bit.
 *
 * Returns: %TRUE on success, as akin_encoder_embed() otherwise.
 */
gboolean
akin_encoder_embed_threads (const AkinModel            *model,
                            AkinEncoderWorkspace       *ws,
                            const float                *slices,
                            guint                       n_slices,
                            const AkinTrackDescriptors *descriptors,
                            guint                       threads,
                            float                      *vector,
                            GError                    **error)
{
  g_return_val_if_fail (model != NULL && slices != NULL && descriptors != NULL, FALSE);
  g_return_val_if_fail (vector != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return _akin_encoder_embed_members (model, ws, slices, n_slices, descriptors, threads, vector,
                                      error);
}
