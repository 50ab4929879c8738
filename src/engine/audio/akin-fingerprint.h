/* akin-fingerprint.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The id of the fingerprint definition (Chromaprint's default algorithm fed
 * with the analysis' 22.05 kHz mono stream). Stored with every fingerprint:
 * a row of another definition is computed again. */
#define AKIN_FINGERPRINT_VERSION 2

/* Seconds of audio per fingerprint value (Chromaprint's item duration). */
#define AKIN_FINGERPRINT_ITEM_SECONDS 0.1238

/* Fewer values than this (about 3.7 s of audio) make no fingerprint. */
#define AKIN_FINGERPRINT_MIN_VALUES 30

/* Only this much of the start of a stream is fingerprinted: a bound on the
 * fingerprint and on the fingerprinter's memory whatever the file's length. */
#define AKIN_FINGERPRINT_MAX_SECONDS 600

/**
 * AkinFingerprint:
 * @values: (array length=n_values): Chromaprint's raw 32-bit sub-fingerprints,
 *   one per %AKIN_FINGERPRINT_ITEM_SECONDS
 * @n_values: how many
 *
 * The acoustic fingerprint of one recording. Free with akin_fingerprint_free().
 */
typedef struct
{
  guint32 *values;
  guint    n_values;
} AkinFingerprint;

typedef struct _AkinFingerprinter AkinFingerprinter;

AkinFingerprinter *akin_fingerprinter_new    (void);
void               akin_fingerprinter_free   (AkinFingerprinter *self);
void               akin_fingerprinter_push   (AkinFingerprinter *self,
                                              const float       *samples,
                                              gsize              n_samples);
AkinFingerprint   *akin_fingerprinter_finish (AkinFingerprinter *self);

void               akin_fingerprint_free     (AkinFingerprint   *self);
AkinFingerprint   *akin_fingerprint_copy     (const AkinFingerprint *self);
GBytes            *akin_fingerprint_encode   (const AkinFingerprint *self);
AkinFingerprint   *akin_fingerprint_decode   (gconstpointer      data,
                                              gsize              size,
                                              GError           **error);
gboolean           akin_fingerprint_is_informative (const guint32 *values,
                                                    guint          n_values);
gboolean           akin_fingerprint_wait_loaded (GCancellable *cancellable);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AkinFingerprinter, akin_fingerprinter_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AkinFingerprint, akin_fingerprint_free)

G_END_DECLS
