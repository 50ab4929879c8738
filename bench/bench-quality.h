/* bench-quality.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared between the steps of bench-quality.
 */

#pragma once

#include "akin-fusion.h"
#include "akin-timbre.h"

/* One song of the corpus, as cached by the analyse and encode steps. */
typedef struct
{
  char                 *id;
  guint                 n_slices;
  guint                 n_frames;
  double                duration;
  AkinTrackDescriptors  descriptors;
  AkinTimbreModel       timbre;
  guint                 latent_size;
  guint                 code_size;
  float                *latents;   /* [n_slices][latent_size] */
  float                *codes;     /* [n_slices][code_size] */
} BenchSong;

void bench_quality_read_song     (const char *path,
                                  BenchSong  *song,
                                  float     **slices);
void bench_quality_read_ae       (const char *path,
                                  BenchSong  *song);
void bench_quality_write_systems (const BenchSong *songs,
                                  guint            n_songs,
                                  const char      *out_dir);
