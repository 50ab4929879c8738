/* akin-encoder-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "akin-model.h"

G_BEGIN_DECLS

gboolean _akin_encoder_check_slices (const AkinModel *model,
                                     const float     *slices,
                                     guint            n_slices,
                                     GError         **error);

G_END_DECLS
