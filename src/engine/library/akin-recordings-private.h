/* akin-recordings-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For the tests: the fingerprint index's size, one built from the database
 * (akin-fingerprint-index.c, akin-recordings.c) and the comparison of two
 * fingerprints.
 */

#pragma once

#include "akin-recordings.h"

G_BEGIN_DECLS

guint                 akin_fingerprint_index_get_size (AkinFingerprintIndex  *self);
AkinFingerprintIndex *akin_fingerprint_index_new_from_database (AkinDatabase *db,
                                                       GPtrArray             *problems,
                                                       GError               **error);
gboolean              akin_fingerprint_compare        (const AkinFingerprint *query,
                                                       const AkinFingerprint *other,
                                                       AkinRecordingMatch    *match);

G_END_DECLS
