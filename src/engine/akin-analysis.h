/* akin-analysis.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "akin-decoder.h"
#include "akin-features.h"
#include "akin-frontend.h"

G_BEGIN_DECLS

AkinFeatures *akin_analyze_features (GFile                      *file,
                                     const AkinFrontEndOptions  *options,
                                     AkinDecodeInfo            **info,
                                     GCancellable               *cancellable,
                                     GError                    **error);

G_END_DECLS
