/* test-descriptors.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "akin-descriptors.h"
#include "akin-front-end.h"
#include "akin-stft.h"
#include "fixture-signals.h"

static void
fill_example (AkinDescriptors *d)
{
  AkinTonalityResult t = { 0 };

  akin_descriptors_init (d);
  d->samplefreq = 22050;
  d->sample_points = 3598272;
  d->duration = 3598272 / 22050.0;
  d->tempo_bpm = 119.98765;
  d->tempo_librosa_bpm = 117.45383522727273;
  d->tempo_lag = 22;
  d->rolloff_mean = 4587.5;
  d->rolloff_freq = akin_round_half_even (d->rolloff_mean, 0);

  t.tuning = 0.010000000000000009;
  t.tonic = 9;
  t.key_tonic = 9;
  t.key_mode = AKIN_MODE_MINOR;
  t.key_correlation = 0.6;
  t.z_dist_avg_to_tonic = 3.20155;
  akin_descriptors_set_tonality (d, &t);
}

static void
test_json_order_and_types (void)
{
  static const char *const keys[] = {
    "id", "filename", "title", "samplefreq", "sample_points", "tempo_bpm",
    "rolloff_freq", "tuning", "duration", "tonic", "key_signature",
    "z_dist_avg_to_tonic",
  };
  AkinDescriptors d;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GList) members = NULL;
  g_autofree char *text = NULL;
  JsonObject *o;
  guint i = 0;

  fill_example (&d);
  node = akin_descriptors_to_json (&d, 42, "000190.mp3", "Some Title");
  o = json_node_get_object (node);

  members = json_object_get_members (o);
  g_assert_cmpuint (g_list_length (members), ==, G_N_ELEMENTS (keys));
  for (GList *l = members; l != NULL; l = l->next, i++)
    g_assert_cmpstr (l->data, ==, keys[i]);

  g_assert_cmpint (json_node_get_value_type (json_object_get_member (o, "id")), ==, G_TYPE_INT64);
  g_assert_cmpint (json_object_get_int_member (o, "id"), ==, 42);
  g_assert_cmpstr (json_object_get_string_member (o, "filename"), ==, "000190.mp3");
  g_assert_cmpstr (json_object_get_string_member (o, "title"), ==, "Some Title");
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (o, "samplefreq")), ==, G_TYPE_INT64);
  g_assert_cmpint (json_object_get_int_member (o, "samplefreq"), ==, 22050);
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (o, "sample_points")), ==, G_TYPE_INT64);
  g_assert_cmpint (json_object_get_int_member (o, "sample_points"), ==, 3598272);
  for (guint k = 5; k <= 8; k++)
    g_assert_cmpint (json_node_get_value_type (json_object_get_member (o, keys[k])), ==, G_TYPE_DOUBLE);
  g_assert_cmpfloat (json_object_get_double_member (o, "tempo_bpm"), ==, 119.988);
  /* 4587.5 rounds half to even, like Python's round(). */
  g_assert_cmpfloat (json_object_get_double_member (o, "rolloff_freq"), ==, 4588.0);
  g_assert_cmpfloat (json_object_get_double_member (o, "tuning"), ==, 0.010000000000000009);
  g_assert_cmpfloat (json_object_get_double_member (o, "duration"), ==, 3598272 / 22050.0);
  g_assert_cmpstr (json_object_get_string_member (o, "tonic"), ==, "A");
  g_assert_cmpstr (json_object_get_string_member (o, "key_signature"), ==, "A Minor");
  g_assert_cmpfloat (json_object_get_double_member (o, "z_dist_avg_to_tonic"), ==, 3.2016);

  text = json_to_string (node, FALSE);
  g_assert_true (g_str_has_prefix (text, "{\"id\":42,\"filename\":\"000190.mp3\""));
}

static void
test_json_undefined (void)
{
  AkinDescriptors d;
  AkinTonalityResult t = { 0 };
  g_autoptr(JsonNode) node = NULL;
  JsonObject *o;

  akin_descriptors_init (&d);
  t.tonic = -1;
  t.key_tonic = -1;
  t.key_mode = AKIN_MODE_UNKNOWN;
  t.key_correlation = NAN;
  t.z_dist_avg_to_tonic = NAN;
  akin_descriptors_set_tonality (&d, &t);

  node = akin_descriptors_to_json (&d, 0, "silence.ogg", NULL);
  o = json_node_get_object (node);
  g_assert_true (json_object_get_null_member (o, "title"));
  g_assert_true (json_object_get_null_member (o, "tonic"));
  g_assert_true (json_object_get_null_member (o, "key_signature"));
  g_assert_true (json_object_get_null_member (o, "z_dist_avg_to_tonic"));
  g_assert_cmpfloat (json_object_get_double_member (o, "tempo_bpm"), ==, 0.0);
  g_assert_null (akin_descriptors_dup_key_signature (&d));
}

static void
test_pitch_names (void)
{
  static const char *const names[12] = {
    "C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B",
  };

  for (int i = 0; i < 12; i++)
    {
      AkinDescriptors d;
      g_autofree char *key = NULL;
      g_autofree char *want = g_strconcat (names[i], " Major", NULL);

      akin_descriptors_init (&d);
      d.key_tonic = i;
      d.key_mode = AKIN_MODE_MAJOR;
      key = akin_descriptors_dup_key_signature (&d);
      g_assert_cmpstr (akin_descriptors_get_tonic_name (&d), ==, names[i]);
      g_assert_cmpstr (key, ==, want);
    }
}

static void
test_rounding (void)
{
  g_assert_cmpfloat (akin_round_half_even (2.5, 0), ==, 2.0);
  g_assert_cmpfloat (akin_round_half_even (3.5, 0), ==, 4.0);
  g_assert_cmpfloat (akin_round_half_even (-2.5, 0), ==, -2.0);
  g_assert_cmpfloat (akin_round_half_even (2.288154125213623, 4), ==, 2.2882);
  g_assert_true (isnan (akin_round_half_even (NAN, 4)));
}

typedef struct
{
  GArray *silent;  /* gboolean per frame */
} Energy;

static void
on_frame (guint        frame,
          const float *power,
          const float *magnitude,
          gpointer     user_data)
{
  Energy *e = user_data;
  double sum = 0.0;
  gboolean silent;

  for (guint k = 0; k < AKIN_N_BINS; k++)
    sum += power[k];
  /* Below −100 dBFS RMS: (n_fft · Σ w² / 2) · 1e-10 with Σ w² = 768. */
  silent = sum < 2048.0 * 768.0 / 2.0 * 1e-10;
  g_array_append_val (e->silent, silent);
}

/* The roll-off descriptor leaves silent frames (below −100 dBFS) out of the
 * mean; the prototype's all-frames mean is kept alongside. Signal (b) is
 * mostly digital silence between clicks, signal (g) entirely. The expected
 * mean uses the fixture's per-frame roll-off over the frames that are not
 * silent. */
static void
test_rolloff_nonsilent (gconstpointer data)
{
  const char *name = data;
  g_autoptr(JsonObject) expected = fixture_load (name);
  JsonObject *rolloff = json_object_get_object_member (expected, "rolloff");
  JsonArray *per_frame = json_object_get_array_member (rolloff, "per_frame");
  g_autoptr(AkinFrontEnd) fe = akin_front_end_new (NULL);
  g_autoptr(AkinFeatures) f = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree float *y = NULL;
  Energy energy = { g_array_new (FALSE, FALSE, sizeof (gboolean)) };
  g_autoptr(AkinStft) stft = akin_stft_new (on_frame, &energy);
  double sum = 0.0;
  guint sounding = 0;
  guint zero = 0;
  gsize n;

  y = fixture_signal_make (name, &n);
  akin_front_end_push (fe, y, n);
  f = akin_front_end_finish (fe, &error);
  g_assert_no_error (error);
  akin_stft_push (stft, y, n);
  akin_stft_finish (stft);
  g_assert_cmpuint (energy.silent->len, ==, f->n_frames);

  for (guint t = 0; t < f->n_frames; t++)
    {
      double v = fixture_get_double (per_frame, t);

      zero += v == 0.0;
      if (!g_array_index (energy.silent, gboolean, t))
        {
          sum += v;
          sounding++;
        }
    }
  g_array_unref (energy.silent);

  g_assert_cmpuint (f->descriptors.n_silent_frames, ==, f->n_frames - sounding);
  /* Every digitally silent frame is silent; a few more are nearly so. */
  g_assert_cmpuint (f->descriptors.n_silent_frames, >=, zero);
  g_assert_cmpfloat (fabs (f->descriptors.rolloff_mean_all
                           - json_object_get_double_member (rolloff, "mean")), <=, 0.5);
  if (sounding > 0)
    {
      g_assert_cmpfloat (fabs (f->descriptors.rolloff_mean - sum / sounding), <=, 0.5);
      g_assert_cmpfloat (f->descriptors.rolloff_mean, >=, f->descriptors.rolloff_mean_all);
    }
  else
    g_assert_cmpfloat (f->descriptors.rolloff_freq, ==, 0.0);
  g_assert_cmpfloat (f->descriptors.rolloff_freq, ==, nearbyint (f->descriptors.rolloff_mean));
  g_assert_cmpuint (f->descriptors.samplefreq, ==, 22050);
  g_assert_cmpuint (f->descriptors.sample_points, ==, n);
  g_assert_cmpfloat (f->descriptors.duration, ==, n / 22050.0);
  g_test_message ("%s: roll-off %.3f Hz over %u sounding frames (%u exactly silent; "
                  "all frames %.3f Hz)", name, f->descriptors.rolloff_mean, sounding, zero,
                  f->descriptors.rolloff_mean_all);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/descriptors/json/order-and-types", test_json_order_and_types);
  g_test_add_func ("/descriptors/json/undefined", test_json_undefined);
  g_test_add_func ("/descriptors/pitch-names", test_pitch_names);
  g_test_add_func ("/descriptors/rounding", test_rounding);
  g_test_add_data_func ("/descriptors/rolloff/clicks", "b_clicks_120bpm", test_rolloff_nonsilent);
  g_test_add_data_func ("/descriptors/rolloff/noise", "e_noise_xorshift", test_rolloff_nonsilent);
  g_test_add_data_func ("/descriptors/rolloff/silence", "g_silence", test_rolloff_nonsilent);

  return g_test_run ();
}
