/* fixture-signals.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Regenerates the reference signals bit for bit: every sample is computed
 * in double with the C library's sin/exp/pow, the phase formed left to
 * right as ((2π · f) · n) / 22050, and rounded once to float. The chords and
 * clicks of the other tests follow the same recipes.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "fixture-signals.h"

const char *const fixture_signal_names[7] = {
  "a_tone_440_880", "b_clicks_120bpm", "c_a_minor_prog", "d_c_major_prog",
  "e_noise_xorshift", "f_tone_446", "g_silence",
};

double
sine (double freq,
      gsize  n)
{
  return sin (((2.0 * G_PI) * freq) * (double) n / (double) FIXTURE_RATE);
}

double
midi_hz (int p)
{
  return 440.0 * pow (2.0, (p - 69) / 12.0);
}

float *
make_chords (const int (*chords)[4],
             guint      n_chords,
             gsize      segment,
             gsize      n)
{
  float *y = g_new (float, n);

  for (gsize i = 0; i < n; i++)
    {
      gsize j = i / segment;
      double m = (double) (i - j * segment);
      const int *chord = chords[j % n_chords];
      double x = 0.15 * sine (midi_hz (chord[0]), i);
      double g;

      for (int t = 1; t < 4; t++)
        x = x + 0.2 * sine (midi_hz (chord[t]), i);
      g = MIN (1.0, MIN (m / 441.0, ((double) segment - m) / 441.0));
      y[i] = (float) (g * x);
    }

  return y;
}

static void
add_click (float *y,
           gsize  n,
           gsize  start)
{
  for (gsize m = 0; m <= 220 && start + m < n; m++)
    y[start + m] = (float) ((0.8 * exp (-(double) m / 55.125)) * sine (1000.0, m));
}

float *
make_click_track (double bpm,
                  double seconds,
                  gsize *n_samples)
{
  gsize n = (gsize) (seconds * FIXTURE_RATE);
  float *y = g_new0 (float, n);
  double period = 60.0 * FIXTURE_RATE / bpm;

  for (guint k = 0; k * period < n; k++)
    add_click (y, n, (gsize) llround (k * period));

  *n_samples = n;
  return y;
}

float *
fixture_signal_make (const char *name,
                     gsize      *n_samples)
{
  static const int am[4][4] = {
    { 45, 57, 60, 64 }, { 50, 62, 65, 69 }, { 40, 52, 56, 59 }, { 45, 57, 60, 64 },
  };
  static const int cmaj[4][4] = {
    { 48, 60, 64, 67 }, { 41, 65, 69, 72 }, { 43, 55, 59, 62 }, { 48, 60, 64, 67 },
  };
  gsize n;
  float *y;

  switch (name[0])
    {
    case 'b': case 'c': case 'd': n = 352800; break;
    case 'g': n = 110250; break;
    default: n = 220500; break;
    }

  *n_samples = n;
  if (name[0] == 'c' || name[0] == 'd')
    return make_chords (name[0] == 'c' ? am : cmaj, 4, 44100, n);

  y = g_new0 (float, n);
  switch (name[0])
    {
    case 'a':
      for (gsize i = 0; i < n; i++)
        y[i] = (float) (0.5 * sine (440.0, i) + 0.25 * sine (880.0, i));
      break;
    case 'b':
      for (guint k = 0; k < 32; k++)
        add_click (y, n, 11025 * k);
      break;
    case 'e':
      {
        guint32 x = 2463534242u;

        for (gsize i = 0; i < n; i++)
          {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            y[i] = (float) (0.1 * (2.0 * (x / 4294967296.0) - 1.0));
          }
      }
      break;
    case 'f':
      for (gsize i = 0; i < n; i++)
        y[i] = (float) (0.5 * sine (446.0, i));
      break;
    case 'g':
      break;
    default:
      g_assert_not_reached ();
    }

  return y;
}

JsonObject *
fixture_load (const char *name)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *file = g_strconcat (name, ".json", NULL);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "frontend", file, NULL);

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

double
fixture_get_double (JsonArray *array,
                    guint      index)
{
  JsonNode *node = json_array_get_element (array, index);

  return JSON_NODE_HOLDS_NULL (node) ? NAN : json_node_get_double (node);
}

void
fixture_check_signal (JsonObject  *expected,
                      const float *y,
                      gsize        n)
{
  JsonObject *check = json_object_get_object_member (expected, "signal_check");
  JsonObject *samples = json_object_get_object_member (check, "samples");
  g_autoptr(GList) members = json_object_get_members (samples);
  double sum = 0.0, sum_abs = 0.0, sum_sq = 0.0, max_abs = 0.0;
  double ref_abs = json_object_get_double_member (check, "sum_abs");
  double ref_sq = json_object_get_double_member (check, "sum_sq");

  g_assert_cmpint (json_object_get_int_member (check, "n_samples"), ==, n);
  for (gsize i = 0; i < n; i++)
    {
      sum += y[i];
      sum_abs += fabs (y[i]);
      sum_sq += (double) y[i] * y[i];
      max_abs = MAX (max_abs, fabs (y[i]));
    }

  g_assert_cmpfloat (fabs (sum - json_object_get_double_member (check, "sum")), <=, 1e-4);
  g_assert_cmpfloat (fabs (sum_abs - ref_abs), <=, 1e-6 * MAX (ref_abs, 1e-30));
  g_assert_cmpfloat (fabs (sum_sq - ref_sq), <=, 1e-6 * MAX (ref_sq, 1e-30));
  g_assert_cmpfloat (fabs (max_abs - json_object_get_double_member (check, "max_abs")), <=, 1e-7);

  for (GList *l = members; l != NULL; l = l->next)
    {
      gsize index = g_ascii_strtoull (l->data, NULL, 10);

      g_assert_cmpuint (index, <, n);
      g_assert_cmpfloat (fabs (y[index] - json_object_get_double_member (samples, l->data)), <=, 1e-7);
    }
}

void
fixture_add_tests (const char    *prefix,
                   GTestDataFunc  func)
{
  for (guint i = 0; i < G_N_ELEMENTS (fixture_signal_names); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/%s", prefix, fixture_signal_names[i]);

      g_test_add_data_func (path, fixture_signal_names[i], func);
    }
}
