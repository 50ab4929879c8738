/* test-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "akin-json.h"

static char *
double_to_json (double value)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);

  json_node_set_double (node, value);
  return akin_json_to_string (node);
}

static void
test_shortest_doubles (void)
{
  const struct { double value; const char *text; } cases[] = {
    { 2.2882, "2.2882" },
    { 4588.0, "4588.0" },
    { 0.0, "0.0" },
    { -0.25, "-0.25" },
    { 0.1, "0.1" },
    { 117.45383522727273, "117.45383522727273" },
    { 95.997097505668933, "95.99709750566893" },
    { 1e-10, "1e-10" },
    { 1e22, "1e+22" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = double_to_json (cases[i].value);

      g_assert_cmpstr (text, ==, cases[i].text);
      g_assert_cmpfloat (g_ascii_strtod (text, NULL), ==, cases[i].value);
    }
}

static void
test_round_trip_random (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);

  for (guint i = 0; i < 10000; i++)
    {
      double value = (g_rand_double (rand) - 0.5) * pow (10.0, g_rand_int_range (rand, -30, 30));
      g_autofree char *text = double_to_json (value);

      g_assert_cmpfloat (g_ascii_strtod (text, NULL), ==, value);
    }
}

static void
test_non_finite (void)
{
  g_autofree char *nan_text = double_to_json (NAN);
  g_autofree char *inf_text = double_to_json (-INFINITY);

  g_assert_cmpstr (nan_text, ==, "null");
  g_assert_cmpstr (inf_text, ==, "null");
}

static void
test_object_order_and_escapes (void)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "zeta");
  json_builder_add_int_value (builder, -7);
  json_builder_set_member_name (builder, "alpha");
  json_builder_add_string_value (builder, "quote \" back\\slash\nnew\ttab \x01 “utf-8”");
  json_builder_set_member_name (builder, "list");
  json_builder_begin_array (builder);
  json_builder_add_double_value (builder, 1.5);
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_add_null_value (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  text = akin_json_to_string (root);
  g_assert_cmpstr (text, ==,
                   "{\"zeta\":-7,\"alpha\":\"quote \\\" back\\\\slash\\nnew\\ttab \\u0001 “utf-8”\","
                   "\"list\":[1.5,true,null]}");

  /* json-glib reads back exactly what was built. */
  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  g_assert_true (json_node_equal (json_parser_get_root (parser), root));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json/shortest-doubles", test_shortest_doubles);
  g_test_add_func ("/json/round-trip-random", test_round_trip_random);
  g_test_add_func ("/json/non-finite", test_non_finite);
  g_test_add_func ("/json/object-order-and-escapes", test_object_order_and_escapes);

  return g_test_run ();
}
