/* akin-mfcc.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define AKIN_TOP_DB    80.0f
#define AKIN_AMIN_DB (-100.0f)  /* 10 · log10 (1e-10), the floor of power_to_db */

float akin_power_to_db  (float       *values,
                         gsize        n_values,
                         float        top_db);
float akin_power_to_db_running (float *values,
                                gsize  n_values,
                                float  top_db,
                                float *max_db);
void  akin_mfcc_compute (const float *mel_db,
                         guint        n_bands,
                         guint        n_frames,
                         guint        n_mfcc,
                         float       *mfcc);
void  akin_mfcc_pitch_shift_matrix (guint  n_bands,
                                    guint  n_mfcc,
                                    double semitones,
                                    float *matrix);
void  akin_mfcc_of_constant (float    db,
                             guint    n_bands,
                             guint    n_mfcc,
                             float   *mfcc);

G_END_DECLS
