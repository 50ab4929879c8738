/* bench-library.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "akin-timbre.h"

/* Writes DIR/bench.model (random weights); returns its path. */
char *bench_library_make_model (const char *dir);
/* Synthetic timbre model number I (distinct for distinct I). */
void  bench_library_timbre_model (guint            i,
                                  AkinTimbreModel *model);
/* Adds N synthetic songs with random MODEL_ID vectors of DIM floats and
 * timbre models. */
void  bench_library_fill       (const char *db_path,
                                const char *model_id,
                                guint       dim,
                                guint       n);
double bench_library_warm      (const char *db_path,
                                const char *model_id,
                                guint       dim);
