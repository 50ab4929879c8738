/* akin-json.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

char *akin_json_to_string                  (JsonNode    *node);
void  akin_json_builder_add_string_or_null (JsonBuilder *builder,
                                            const char  *member,
                                            const char  *value);
void  akin_json_builder_add_double_or_null (JsonBuilder *builder,
                                            const char  *member,
                                            double       value);

G_END_DECLS
