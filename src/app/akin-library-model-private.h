/* akin-library-model-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "akin-library-model.h"

G_BEGIN_DECLS

/* akin-library-model-keys.c */
gboolean _akin_library_model_sort_by_key (AkinDatabase  *db,
                                          GArray        *ids,
                                          gboolean       descending,
                                          GError       **error);

G_END_DECLS
