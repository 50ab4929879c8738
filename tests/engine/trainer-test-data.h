/* trainer-test-data.h: synthetic songs and options for the trainer's tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "akin-trainer-private.h"

G_BEGIN_DECLS

#define N_TRACKS 6
#define H        16
#define W        64

/* Songs whose identity is a faint, constant spectral envelope under loud
 * events that differ from slice to slice and do not depend on the song:
 * reconstruction spends the latent on the events, the contrastive term
 * must find the envelope (latent_retrieval(), album_tracks_init()). */
#define ID_TRACKS 12
#define ID_SLICES 6

typedef struct
{
  AkinTrainingTrack tracks[N_TRACKS];
  float            *data[N_TRACKS];
} Dataset;

void       dataset_init             (Dataset                  *ds,
                                     guint                     h,
                                     guint                     w);
void       dataset_clear            (Dataset                  *ds);
void       small_options            (AkinTrainerOptions       *o);
double     latent_retrieval         (const AkinTrainerOptions *o,
                                     const AkinTrainingTrack  *tracks,
                                     gboolean                  by_album);
void       album_tracks_init_scaled (AkinTrainingTrack        *tracks,
                                     float                   **data,
                                     float                    *teacher,
                                     double                    album_sd,
                                     double                    own_sd);
void       album_tracks_init        (AkinTrainingTrack        *tracks,
                                     float                   **data,
                                     float                    *teacher);
void       album_tracks_clear       (float                   **data);
void       album_options            (AkinTrainerOptions       *o);
AkinModel *train_ok                 (const AkinTrainingTrack  *tracks,
                                     guint                     n_tracks,
                                     const AkinTrainerOptions *o);
gboolean   same_net                 (const AkinNet            *a,
                                     const AkinNet            *b);
void       assert_invalid           (const AkinTrainingTrack  *tracks,
                                     guint                     n_tracks,
                                     const AkinTrainerOptions *o);
void       assert_mean_net          (const AkinNet            *mean,
                                     const AkinNet            *a,
                                     const AkinNet            *b);

G_END_DECLS
