/* test-frontend-tonality.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The whole front end, tonality included, on the reference signals: the
 * descriptors and their JSON must carry the fixtures' tuning,
 * Krumhansl–Kessler key (as tonic + key_signature) and z-score.
 */

#include "config.h"

#include <math.h>

#include "akin-front-end.h"
#include "fixture-signals.h"

static void
test_fixture (gconstpointer data)
{
  const char *name = data;
  g_autoptr(JsonObject) expected = fixture_load (name);
  JsonObject *tonality = json_object_get_object_member (expected, "tonality");
  g_autoptr(AkinFrontEnd) fe = akin_front_end_new (NULL);
  g_autoptr(AkinFeatures) f = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree float *y = NULL;
  g_autofree char *text = NULL;
  JsonObject *o;
  double tuning;
  gsize n;

  y = fixture_signal_make (name, &n);
  for (gsize done = 0; done < n; done += 8192)
    akin_front_end_push (fe, y + done, MIN (8192, n - done));
  f = akin_front_end_finish (fe, &error);
  g_assert_no_error (error);

  node = akin_descriptors_to_json (&f->descriptors, 7, "signal.wav", name);
  o = json_node_get_object (node);
  text = json_to_string (node, FALSE);
  g_test_message ("%s", text);

  /* Tuning is a histogram bin's left edge: compare the bin. */
  tuning = json_object_get_double_member (o, "tuning");
  g_assert_cmpint (lround ((tuning + 0.5) * 100.0), ==,
                   lround ((json_object_get_double_member (tonality, "tuning") + 0.5) * 100.0));

  if (json_object_get_null_member (tonality, "kk_key"))
    {
      g_assert_true (json_object_get_null_member (o, "key_signature"));
      g_assert_true (json_object_get_null_member (o, "tonic"));
      g_assert_true (json_object_get_null_member (o, "z_dist_avg_to_tonic"));
    }
  else
    {
      const char *key = json_object_get_string_member (tonality, "kk_key");
      g_autofree char *tonic = g_strndup (key, strchr (key, ' ') - key);

      g_assert_cmpstr (json_object_get_string_member (o, "key_signature"), ==, key);
      g_assert_cmpstr (json_object_get_string_member (o, "tonic"), ==, tonic);
      g_assert_cmpfloat (fabs (json_object_get_double_member (o, "z_dist_avg_to_tonic")
                               - json_object_get_double_member (tonality, "z_dist")), <=, 2e-4);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  fixture_add_tests ("/frontend/tonality", test_fixture);

  return g_test_run ();
}
