/* akin-chromaprint.h: Chromaprint, opened when a fingerprint is first needed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <chromaprint.h>
#include <gio/gio.h>

G_BEGIN_DECLS

/* The functions akin-fingerprint.c calls, with Chromaprint's own types. */
typedef struct
{
  __typeof__ (chromaprint_new)                *new_context;
  __typeof__ (chromaprint_free)               *free_context;
  __typeof__ (chromaprint_start)              *start;
  __typeof__ (chromaprint_feed)               *feed;
  __typeof__ (chromaprint_finish)             *finish;
  __typeof__ (chromaprint_get_raw_fingerprint) *get_raw_fingerprint;
  __typeof__ (chromaprint_encode_fingerprint) *encode_fingerprint;
  __typeof__ (chromaprint_decode_fingerprint) *decode_fingerprint;
  __typeof__ (chromaprint_dealloc)            *dealloc;
} AkinChromaprint;

const AkinChromaprint *_akin_chromaprint (void);
gboolean               _akin_chromaprint_wait_loaded (GCancellable *cancellable);

G_END_DECLS
