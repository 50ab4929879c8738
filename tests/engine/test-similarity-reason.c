/* test-similarity-reason.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The words of the similar list: key relations on the circle of fifths,
 * tempo closeness with double and half time, brightness, and what is left
 * out when a descriptor is undefined. LANGUAGE=C: untranslated text.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "akin-similarity-reason.h"

static AkinDescriptorRecord
record (const char *key,
        double      bpm,
        double      rolloff)
{
  AkinDescriptorRecord r = { 0 };

  r.key_signature = (char *) key;
  r.tempo_bpm = bpm;
  r.rolloff_freq = rolloff;
  r.samplefreq = 22050;
  return r;
}

/* Returns the reason for @other against @anchor at @score. */
static char *
reason (const char *anchor_key, double anchor_bpm, double anchor_rolloff,
        const char *other_key, double other_bpm, double other_rolloff,
        float score)
{
  AkinDescriptorRecord a = record (anchor_key, anchor_bpm, anchor_rolloff);
  AkinDescriptorRecord o = record (other_key, other_bpm, other_rolloff);

  return akin_similarity_reason (&a, &o, score);
}

static void
test_key_parse (void)
{
  static const struct {
    const char *text;
    int         tonic;
    AkinMode    mode;
  } cases[] = {
    { "C Major", 0, AKIN_MODE_MAJOR },
    { "A Minor", 9, AKIN_MODE_MINOR },
    { "C# Minor", 1, AKIN_MODE_MINOR },
    { "Eb Major", 3, AKIN_MODE_MAJOR },
    { "Cb Major", 11, AKIN_MODE_MAJOR },
    { "B# minor", 0, AKIN_MODE_MINOR },
    { "f# major", 6, AKIN_MODE_MAJOR },
  };
  static const char *bad[] = { "", "H Major", "C", "C Dorian", "CMajor", "C## Major" };
  int tonic;
  AkinMode mode;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_true (akin_key_parse (cases[i].text, &tonic, &mode));
      g_assert_cmpint (tonic, ==, cases[i].tonic);
      g_assert_cmpint (mode, ==, cases[i].mode);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_false (akin_key_parse (bad[i], &tonic, &mode));
  g_assert_false (akin_key_parse (NULL, &tonic, &mode));
}

static void
test_key_relations (void)
{
  /* Every pair of the 24 keys: each relation the expected number of times. */
  guint counts[AKIN_KEY_RELATION_FAR + 1] = { 0 };

  for (int a = 0; a < 24; a++)
    for (int b = 0; b < 24; b++)
      counts[akin_key_relation (a % 12, a < 12 ? AKIN_MODE_MAJOR : AKIN_MODE_MINOR,
                                b % 12, b < 12 ? AKIN_MODE_MAJOR : AKIN_MODE_MINOR)]++;
  g_assert_cmpuint (counts[AKIN_KEY_RELATION_UNKNOWN], ==, 0);
  g_assert_cmpuint (counts[AKIN_KEY_RELATION_SAME], ==, 24);
  g_assert_cmpuint (counts[AKIN_KEY_RELATION_RELATIVE], ==, 24);
  g_assert_cmpuint (counts[AKIN_KEY_RELATION_PARALLEL], ==, 24);
  g_assert_cmpuint (counts[AKIN_KEY_RELATION_DOMINANT], ==, 24);
  g_assert_cmpuint (counts[AKIN_KEY_RELATION_SUBDOMINANT], ==, 24);
  g_assert_cmpuint (counts[AKIN_KEY_RELATION_FAR], ==, 24 * 24 - 5 * 24);

  /* Known pairs, both ways where the relation is not symmetric. */
  g_assert_cmpint (akin_key_relation (0, AKIN_MODE_MAJOR, 9, AKIN_MODE_MINOR), ==,
                   AKIN_KEY_RELATION_RELATIVE);
  g_assert_cmpint (akin_key_relation (9, AKIN_MODE_MINOR, 0, AKIN_MODE_MAJOR), ==,
                   AKIN_KEY_RELATION_RELATIVE);
  g_assert_cmpint (akin_key_relation (0, AKIN_MODE_MINOR, 9, AKIN_MODE_MAJOR), ==,
                   AKIN_KEY_RELATION_FAR);
  g_assert_cmpint (akin_key_relation (0, AKIN_MODE_MAJOR, 7, AKIN_MODE_MAJOR), ==,
                   AKIN_KEY_RELATION_DOMINANT);
  g_assert_cmpint (akin_key_relation (7, AKIN_MODE_MAJOR, 0, AKIN_MODE_MAJOR), ==,
                   AKIN_KEY_RELATION_SUBDOMINANT);
  g_assert_cmpint (akin_key_relation (-1, AKIN_MODE_MAJOR, 0, AKIN_MODE_MAJOR), ==,
                   AKIN_KEY_RELATION_UNKNOWN);
  g_assert_cmpint (akin_key_relation (0, AKIN_MODE_UNKNOWN, 0, AKIN_MODE_MAJOR), ==,
                   AKIN_KEY_RELATION_UNKNOWN);
}

static void
test_same_key (void)
{
  g_autofree char *text = reason ("A Minor", 120, 4000, "A Minor", 124, 4100, 0.9f);

  g_assert_cmpstr (text, ==, "close timbre · same key (A minor) · 124 vs 120 BPM · as bright");
}

static void
test_relative_and_neighbour_keys (void)
{
  g_autofree char *relative = reason ("C Major", 0, 0, "A Minor", 0, 0, 0.1f);
  g_autofree char *relative_back = reason ("A Minor", 0, 0, "C Major", 0, 0, 0.1f);
  g_autofree char *parallel = reason ("A Minor", 0, 0, "A Major", 0, 0, 0.1f);
  g_autofree char *dominant = reason ("C Major", 0, 0, "G Major", 0, 0, 0.1f);
  g_autofree char *subdominant = reason ("E Minor", 0, 0, "A Minor", 0, 0, 0.1f);
  g_autofree char *enharmonic = reason ("Eb Major", 0, 0, "C Minor", 0, 0, 0.1f);

  g_assert_cmpstr (relative, ==, "relative key (A minor / C major)");
  g_assert_cmpstr (relative_back, ==, "relative key (C major / A minor)");
  g_assert_cmpstr (parallel, ==, "parallel key (A major / A minor)");
  g_assert_cmpstr (dominant, ==, "dominant key (G major)");
  g_assert_cmpstr (subdominant, ==, "subdominant key (A minor)");
  g_assert_cmpstr (enharmonic, ==, "relative key (C minor / Eb major)");
}

static void
test_far_key (void)
{
  /* A tritone apart, different modes: nothing about the key at all. */
  g_autofree char *far = reason ("C Major", 100, 3000, "F# Minor", 100, 3000, 0.97f);
  g_autofree char *unknown = reason (NULL, 100, 3000, "F# Minor", 100, 3000, 0.97f);
  g_autofree char *garbage = reason ("C Major", 100, 3000, "not a key", 100, 3000, 0.97f);

  g_assert_cmpstr (far, ==, "very close timbre · same tempo (100 BPM) · as bright");
  g_assert_null (strstr (far, "key"));
  g_assert_cmpstr (unknown, ==, far);
  g_assert_cmpstr (garbage, ==, far);
}

static void
test_tempo (void)
{
  static const struct {
    double      anchor, other;
    const char *expected;
  } cases[] = {
    { 120, 120, "same tempo (120 BPM)" },
    { 120, 121.5, "same tempo (122 BPM)" },
    { 120, 126, "126 vs 120 BPM" },
    { 120, 112, "112 vs 120 BPM" },
    { 120, 140, "" },
    { 80, 160, "double time (160 vs 80 BPM)" },
    { 80, 164, "double time (164 vs 80 BPM)" },
    { 160, 81, "half time (81 vs 160 BPM)" },
    { 80, 240, "" },
    { 0, 120, "" },
    { 120, 0, "" },
    { NAN, 120, "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = reason (NULL, cases[i].anchor, 0, NULL, cases[i].other, 0, 0);

      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

static void
test_brightness (void)
{
  static const struct {
    double      anchor, other;
    const char *expected;
  } cases[] = {
    { 4000, 4000, "as bright" },
    { 4000, 4200, "as bright" },
    { 4000, 6000, "brighter" },
    { 4000, 2500, "darker" },
    { 4000, 5000, "" },
    { 4000, 3300, "" },
    { 0, 3000, "" },
    { 3000, NAN, "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = reason (NULL, 0, cases[i].anchor, NULL, 0, cases[i].other, 0);

      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

static void
test_timbre (void)
{
  g_autofree char *very = reason (NULL, 0, 0, NULL, 0, 0, 0.99f);
  g_autofree char *close = reason (NULL, 0, 0, NULL, 0, 0, 0.86f);
  g_autofree char *similar = reason (NULL, 0, 0, NULL, 0, 0, 0.7f);
  g_autofree char *low = reason (NULL, 0, 0, NULL, 0, 0, 0.2f);
  g_autofree char *nan = reason (NULL, 0, 0, NULL, 0, 0, NAN);

  g_assert_cmpstr (very, ==, "very close timbre");
  g_assert_cmpstr (close, ==, "close timbre");
  g_assert_cmpstr (similar, ==, "similar timbre");
  g_assert_cmpstr (low, ==, "");
  g_assert_cmpstr (nan, ==, "");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/similarity-reason/key-parse", test_key_parse);
  g_test_add_func ("/similarity-reason/key-relations", test_key_relations);
  g_test_add_func ("/similarity-reason/same-key", test_same_key);
  g_test_add_func ("/similarity-reason/relative-key", test_relative_and_neighbour_keys);
  g_test_add_func ("/similarity-reason/far-key", test_far_key);
  g_test_add_func ("/similarity-reason/tempo", test_tempo);
  g_test_add_func ("/similarity-reason/brightness", test_brightness);
  g_test_add_func ("/similarity-reason/timbre", test_timbre);

  return g_test_run ();
}
