/* akin-model-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For the tests: a model to and from bytes (akin-model.c,
 * akin-model-load.c) and the check of the default model's architecture;
 * for the readers (akin-model-load.c, akin-model-summary.c): what they
 * share.
 */

#pragma once

#include "akin-bytes.h"
#include "akin-model.h"

G_BEGIN_DECLS

GBytes     *akin_model_serialize       (const AkinModel   *model);
AkinModel  *akin_model_deserialize     (GBytes            *bytes,
                                        const char        *name,
                                        GError           **error);
gboolean    akin_model_check_default_architecture (const AkinModel *model,
                                                   GError         **error);

gboolean    _akin_model_invalid        (GError           **error,
                                        const char        *name,
                                        const char        *reason);
gboolean    _akin_model_check_header   (const guint8      *data,
                                        gsize              len,
                                        const char        *name,
                                        guint32           *version,
                                        guint64           *payload_len,
                                        GError           **error);
gboolean    _akin_model_read_combination (AkinByteReader *r,
                                          guint32         version,
                                          const char     *name,
                                          float           combination[AKIN_MODEL_N_PARTS],
                                          GError        **error);
char       *_akin_model_default_path   (GError           **error);

G_END_DECLS
