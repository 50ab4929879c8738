/* akin-model-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For the tests: a model to and from bytes (akin-model.c,
 * akin-model-load.c) and the check of the default model's architecture.
 */

#pragma once

#include "akin-model.h"

G_BEGIN_DECLS

GBytes     *akin_model_serialize       (const AkinModel   *model);
AkinModel  *akin_model_deserialize     (GBytes            *bytes,
                                        const char        *name,
                                        GError           **error);
gboolean    akin_model_check_default_architecture (const AkinModel *model,
                                                   GError         **error);

G_END_DECLS
