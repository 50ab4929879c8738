/* akin-fingerprint-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For the tests: a fingerprint from given values (akin-fingerprint.c).
 */

#pragma once

#include "akin-fingerprint.h"

G_BEGIN_DECLS

AkinFingerprint   *akin_fingerprint_new      (const guint32     *values,
                                              guint              n_values);

G_END_DECLS
