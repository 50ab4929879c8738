/* akin-recordings-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For the tests: the fingerprint index's size (akin-fingerprint-index.c)
 * and the comparison of two fingerprints.
 */

#pragma once

#include "akin-recordings.h"

G_BEGIN_DECLS

guint                 akin_fingerprint_index_get_size (AkinFingerprintIndex  *self);
gboolean              akin_fingerprint_compare        (const AkinFingerprint *query,
                                                       const AkinFingerprint *other,
                                                       AkinRecordingMatch    *match);

G_END_DECLS
