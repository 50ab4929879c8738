/* byte-analysis.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A small but real AkinAnalyzeFunc for the library tests, working on a toy
 * file format so tests need no decoder or model (see byte-analysis.c).
 */

#pragma once

#include "akin-analysis-result.h"

G_BEGIN_DECLS

#define BYTE_ANALYSIS_MODEL "bytes-v1"
#define BYTE_ANALYSIS_DIM   32

typedef struct
{
  guint delay_ms;        /* sleep this long per file (cancellable), to slow a scan */
  gint  n_calls;         /* atomic: how many files were analysed */
} ByteAnalysis;

gboolean byte_analysis_analyze   (GFile               *file,
                                  gpointer             user_data,
                                  AkinAnalysisResult **result,
                                  GCancellable        *cancellable,
                                  GError             **error);

GBytes  *byte_analysis_make_file (const char          *title,
                                  const char          *artist,
                                  const char          *album,
                                  guint32              seed,
                                  gsize                payload_length);

gboolean byte_analysis_vector    (GBytes              *contents,
                                  float               *vector,
                                  GError             **error);

G_END_DECLS
