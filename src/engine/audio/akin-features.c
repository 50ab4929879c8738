/* akin-features.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The front end's result and the cutting of its MFCC matrix into the
 * fixed-size slices the 2D encoder reads.
 */

#include "config.h"

#include <string.h>

#include "akin-features.h"
#include "akin-mfcc.h"

static void
features_clear (gpointer data)
{
  AkinFeatures *self = data;

  g_free (self->mfcc);
  g_free (self->mfcc_mel128);
  g_free (self->mel_db);
  g_free (self->rolloff);
  g_free (self->onset_envelope);
  g_free (self->slices);
  g_free (self->timbre);
  akin_fingerprint_free (self->fingerprint);
}

/**
 * akin_features_new:
 * @n_samples: samples analysed
 * @n_frames: frames
 *
 * Allocates an empty record (matrices %NULL, descriptors unknown) for the
 * front end (or a test) to fill before sharing it. Any thread.
 *
 * Returns: (transfer full): a new record with one reference
 */
AkinFeatures *
akin_features_new (guint64 n_samples,
                   guint   n_frames)
{
  AkinFeatures *self = g_atomic_rc_box_new0 (AkinFeatures);

  self->n_samples = n_samples;
  self->n_frames = n_frames;
  self->n_columns = n_frames;
  self->column_frames = 1;
  self->slice_stride = 1;
  akin_descriptors_init (&self->descriptors);

  return self;
}

/**
 * akin_features_ref:
 * @self: features
 *
 * Any thread may call this.
 *
 * Returns: (transfer full): @self, with one more reference
 */
AkinFeatures *
akin_features_ref (AkinFeatures *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_atomic_rc_box_acquire (self);
}

/**
 * akin_features_unref:
 * @self: (transfer full): features
 *
 * Drops a reference; the last one frees the record. Any thread.
 */
void
akin_features_unref (AkinFeatures *self)
{
  g_return_if_fail (self != NULL);
  g_atomic_rc_box_release_full (self, features_clear);
}

/**
 * akin_features_count_slices:
 * @n_frames: frames of a track
 *
 * The number of %AKIN_SLICE_FRAMES-frame slices a track of @n_frames frames
 * is cut into: every full slice, plus the remainder when it covers at least
 * half a slice, and never fewer than one.
 *
 * Returns: the slice count
 */
guint
akin_features_count_slices (guint n_frames)
{
  guint n = n_frames / AKIN_SLICE_FRAMES;

  if (n_frames % AKIN_SLICE_FRAMES >= AKIN_SLICE_FRAMES / 2 || n == 0)
    n++;
  return n;
}

/**
 * akin_features_get_slices:
 * @self: features
 * @n_coef: MFCC rows per slice, at most @self->n_mfcc
 * @n_slices: (out): number of slices returned
 *
 * Cuts the MFCC matrix into consecutive, non-overlapping slices of
 * %AKIN_SLICE_FRAMES frames (see akin_features_count_slices()). Inside a
 * slice values are coefficient-major: [@n_coef][256]. Frames past the end of
 * the track (in the last, partial slice) are filled with the MFCC of a frame
 * at the track's clip floor, which is exactly what a stretch of digital
 * silence inside the same track would give, so padding looks like a pause
 * rather than like an arbitrary constant.
 *
 * A track longer than the front end's window brings its slices along
 * (@self->slices): every @self->slice_stride-th slice of the track, at most
 * a bounded number of them, so the encoders see the whole track evenly
 * sampled with fixed memory.
 *
 * Any thread may call this.
 *
 * Returns: (transfer full): @n_slices × @n_coef × 256 floats, free with g_free()
 */
float *
akin_features_get_slices (const AkinFeatures *self,
                          guint               n_coef,
                          guint              *n_slices)
{
  g_autofree float *pad = NULL;
  float *slices;
  guint n;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (n_coef > 0 && n_coef <= self->n_mfcc, NULL);
  g_return_val_if_fail (n_slices != NULL, NULL);

  if (self->slices != NULL)
    {
      slices = g_new (float, (gsize) self->n_slices * n_coef * AKIN_SLICE_FRAMES);
      for (guint s = 0; s < self->n_slices; s++)
        memcpy (slices + (gsize) s * n_coef * AKIN_SLICE_FRAMES,
                self->slices + (gsize) s * self->n_mfcc * AKIN_SLICE_FRAMES,
                (gsize) n_coef * AKIN_SLICE_FRAMES * sizeof (float));
      *n_slices = self->n_slices;
      return slices;
    }

  g_return_val_if_fail (self->n_columns == self->n_frames, NULL);
  n = akin_features_count_slices (self->n_frames);
  slices = g_new (float, (gsize) n * n_coef * AKIN_SLICE_FRAMES);
  pad = g_new (float, n_coef);
  akin_mfcc_of_constant (self->mel_db_floor, 256, n_coef, pad);

  for (guint s = 0; s < n; s++)
    {
      guint start = s * AKIN_SLICE_FRAMES;
      guint avail = start < self->n_frames ? MIN (AKIN_SLICE_FRAMES, self->n_frames - start) : 0;

      for (guint q = 0; q < n_coef; q++)
        {
          float *dst = slices + ((gsize) s * n_coef + q) * AKIN_SLICE_FRAMES;
          const float *src = self->mfcc + (gsize) q * self->n_frames + start;

          memcpy (dst, src, avail * sizeof (float));
          for (guint j = avail; j < AKIN_SLICE_FRAMES; j++)
            dst[j] = pad[q];
        }
    }

  *n_slices = n;
  return slices;
}
