/* akin-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Compact JSON text with numbers written the way people (and Python's json
 * module, which wrote the prototype's files) write them: the shortest decimal
 * that reads back as the same double, so a z-score of 2.2882 prints as 2.2882
 * and not as json-glib's 2.2881999999999998. Objects keep their member order.
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "akin-json.h"

static void
append_double (GString *out,
               double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    {
      /* JSON has no NaN or infinity. */
      g_string_append (out, "null");
      return;
    }

  for (int precision = 1; precision <= 17; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", precision);
      g_ascii_formatd (buffer, sizeof buffer, format, value);
      if (g_ascii_strtod (buffer, NULL) == value)
        break;
    }

  g_string_append (out, buffer);
  /* Keep a double a double for readers that care: 4588 → 4588.0. */
  if (strpbrk (buffer, ".eEn") == NULL)
    g_string_append (out, ".0");
}

static void
append_string (GString    *out,
               const char *s)
{
  g_string_append_c (out, '"');
  for (const char *p = s; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

static void append_node (GString  *out,
                         JsonNode *node);

static void
append_object (GString    *out,
               JsonObject *object)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &name, &member))
    {
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      append_string (out, name);
      g_string_append_c (out, ':');
      append_node (out, member);
    }
  g_string_append_c (out, '}');
}

static void
append_node (GString  *out,
             JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      append_object (out, json_node_get_object (node));
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        g_string_append_c (out, '[');
        for (guint i = 0; i < n; i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            append_node (out, json_array_get_element (array, i));
          }
        g_string_append_c (out, ']');
      }
      break;

    case JSON_NODE_NULL:
      g_string_append (out, "null");
      break;

    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
          break;
        case G_TYPE_DOUBLE:
          append_double (out, json_node_get_double (node));
          break;
        case G_TYPE_BOOLEAN:
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
          break;
        case G_TYPE_STRING:
          append_string (out, json_node_get_string (node));
          break;
        default:
          g_string_append (out, "null");
          break;
        }
      break;

    default:
      g_assert_not_reached ();
    }
}

/**
 * akin_json_to_string:
 * @node: a JSON tree
 *
 * Serialises @node on one line, with doubles in their shortest exact form
 * and non-finite numbers as null. Strings must be valid UTF-8.
 *
 * Returns: (transfer full): the text
 */
char *
akin_json_to_string (JsonNode *node)
{
  GString *out;

  g_return_val_if_fail (node != NULL, NULL);

  out = g_string_new (NULL);
  append_node (out, node);
  return g_string_free (out, FALSE);
}

/**
 * akin_json_builder_add_string_or_null:
 * @builder: a builder inside an object
 * @member: the member's name
 * @value: (nullable): its value; %NULL writes null
 */
void
akin_json_builder_add_string_or_null (JsonBuilder *builder,
                                      const char  *member,
                                      const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/**
 * akin_json_builder_add_double_or_null:
 * @builder: a builder inside an object
 * @member: the member's name
 * @value: its value; NaN or an infinity writes null
 */
void
akin_json_builder_add_double_or_null (JsonBuilder *builder,
                                      const char  *member,
                                      double       value)
{
  json_builder_set_member_name (builder, member);
  if (isfinite (value))
    json_builder_add_double_value (builder, value);
  else
    json_builder_add_null_value (builder);
}
