/* test-similarity-reason.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The words of the similar list (akin_similarity_why_describe()): key
 * relations on the circle of fifths, tempo closeness with double and half
 * time, brightness, the contributions' scale, the order of the parts, and
 * what is left out when a descriptor is undefined; the key order of the
 * circle of fifths. LANGUAGE=C: untranslated text. The index aspects are
 * set by hand here; test-similarity-why.c computes them on a real index.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "akin-similarity-private.h"
#include "akin-similarity-why.h"

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

/* Returns the reason for @other against @anchor, with a timbre aspect of
 * contribution @timbre (none when NAN). */
static char *
reason (const char *anchor_key, double anchor_bpm, double anchor_rolloff,
        const char *other_key, double other_bpm, double other_rolloff,
        float timbre)
{
  AkinDescriptorRecord a = record (anchor_key, anchor_bpm, anchor_rolloff);
  AkinDescriptorRecord o = record (other_key, other_bpm, other_rolloff);
  g_auto(AkinSimilarityWhy) why = { 0 };

  if (!isnan (timbre))
    {
      why.has[AKIN_SIMILARITY_ASPECT_TIMBRE] = TRUE;
      why.contribution[AKIN_SIMILARITY_ASPECT_TIMBRE] = timbre;
    }
  akin_similarity_why_describe (&why, &a, &o);
  return g_steal_pointer (&why.text);
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

/* Stored keys, however spelt, are shown with the usual spelling of the key
 * and real accidentals. */
static void
test_key_display_name (void)
{
  const struct { const char *stored, *shown; } cases[] = {
    { "A Minor", "A minor" },       { "C Major", "C major" },
    { "Ab Minor", "G♯ minor" },     { "G# Minor", "G♯ minor" },
    { "C# Major", "D♭ major" },     { "Db Major", "D♭ major" },
    { "C# Minor", "C♯ minor" },     { "Bb Minor", "B♭ minor" },
    { "F# Major", "F♯ major" },     { "D# Minor", "E♭ minor" },
    { "Eb Major", "E♭ major" },     { "B Major", "B major" },
  };
  g_autofree char *unknown = akin_key_display_name ("no key");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *shown = akin_key_display_name (cases[i].stored);

      g_assert_cmpstr (shown, ==, cases[i].shown);
    }
  g_assert_cmpstr (unknown, ==, "no key");
  g_assert_null (akin_key_display_name (NULL));
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
  g_autofree char *text = reason ("A Minor", 120, 4000, "A Minor", 124, 4100, 0.8f);
  g_autofree char *strong = reason ("A Minor", 120, 4000, "A Minor", 124, 4100, 0.95f);

  /* Strongest first: key 1, tempo 0.88, brightness 0.86, timbre 0.8. */
  g_assert_cmpstr (text, ==, "same key (A minor) · 124 vs 120 BPM · as bright · close timbre");
  g_assert_cmpstr (strong, ==,
                   "same key (A minor) · very close timbre · 124 vs 120 BPM · as bright");
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
  /* A relative key (0.75) outweighs a similar timbre (0.6), which outweighs
   * a dominant key (0.5). */
  g_autofree char *relative_first = reason ("C Major", 0, 0, "A Minor", 0, 0, 0.6f);
  g_autofree char *timbre_first = reason ("C Major", 0, 0, "G Major", 0, 0, 0.6f);

  g_assert_cmpstr (relative, ==, "relative key (A minor / C major)");
  g_assert_cmpstr (relative_back, ==, "relative key (C major / A minor)");
  g_assert_cmpstr (parallel, ==, "parallel key (A major / A minor)");
  g_assert_cmpstr (dominant, ==, "dominant key (G major)");
  g_assert_cmpstr (subdominant, ==, "subdominant key (A minor)");
  g_assert_cmpstr (enharmonic, ==, "relative key (C minor / E♭ major)");
  g_assert_cmpstr (relative_first, ==, "relative key (A minor / C major) · similar timbre");
  g_assert_cmpstr (timbre_first, ==, "similar timbre · dominant key (G major)");
}

static void
test_far_key (void)
{
  /* A tritone apart, different modes: nothing about the key at all. */
  g_autofree char *far = reason ("C Major", 100, 3000, "F# Minor", 100, 3000, 0.97f);
  g_autofree char *unknown = reason (NULL, 100, 3000, "F# Minor", 100, 3000, 0.97f);
  g_autofree char *garbage = reason ("C Major", 100, 3000, "not a key", 100, 3000, 0.97f);

  g_assert_cmpstr (far, ==, "same tempo (100 BPM) · as bright · very close timbre");
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
      g_autofree char *text = reason (NULL, cases[i].anchor, 0, NULL, cases[i].other, 0, NAN);

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
    /* Brighter or darker sets the songs apart: not a reason. */
    { 4000, 6000, "" },
    { 4000, 2500, "" },
    { 4000, 5000, "" },
    { 4000, 3300, "" },
    { 0, 3000, "" },
    { 3000, NAN, "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = reason (NULL, 0, cases[i].anchor, NULL, 0, cases[i].other, NAN);

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
  g_autofree char *none = reason (NULL, 0, 0, NULL, 0, 0, NAN);
  g_auto(AkinSimilarityWhy) sound = { 0 };
  g_auto(AkinSimilarityWhy) both = { 0 };

  g_assert_cmpstr (very, ==, "very close timbre");
  g_assert_cmpstr (close, ==, "close timbre");
  g_assert_cmpstr (similar, ==, "similar timbre");
  g_assert_cmpstr (low, ==, "");
  g_assert_cmpstr (none, ==, "");

  /* The encoders' part speaks of the sound, never of timbre. */
  sound.has[AKIN_SIMILARITY_ASPECT_ENCODERS] = TRUE;
  sound.contribution[AKIN_SIMILARITY_ASPECT_ENCODERS] = 0.95f;
  akin_similarity_why_describe (&sound, NULL, NULL);
  g_assert_cmpstr (sound.text, ==, "very similar sound");
  sound.contribution[AKIN_SIMILARITY_ASPECT_ENCODERS] = 0.6f;
  akin_similarity_why_describe (&sound, NULL, NULL);
  g_assert_cmpstr (sound.text, ==, "similar sound");
  sound.contribution[AKIN_SIMILARITY_ASPECT_ENCODERS] = 0.4f;
  akin_similarity_why_describe (&sound, NULL, NULL);
  g_assert_cmpstr (sound.text, ==, "");

  both.has[AKIN_SIMILARITY_ASPECT_ENCODERS] = TRUE;
  both.contribution[AKIN_SIMILARITY_ASPECT_ENCODERS] = 0.8f;
  both.has[AKIN_SIMILARITY_ASPECT_TIMBRE] = TRUE;
  both.contribution[AKIN_SIMILARITY_ASPECT_TIMBRE] = 0.55f;
  akin_similarity_why_describe (&both, NULL, NULL);
  g_assert_cmpstr (both.text, ==, "very similar sound · similar timbre");
}

static void
test_contributions (void)
{
  AkinDescriptorRecord a = record ("D Major", 100, 3000);
  AkinDescriptorRecord o = record ("B Minor", 200, 6000);
  g_auto(AkinSimilarityWhy) why = { 0 };

  g_assert_cmpfloat (akin_similarity_key_contribution (AKIN_KEY_RELATION_SAME), ==, 1.0f);
  g_assert_cmpfloat (akin_similarity_key_contribution (AKIN_KEY_RELATION_RELATIVE), ==, 0.75f);
  g_assert_cmpfloat (akin_similarity_key_contribution (AKIN_KEY_RELATION_DOMINANT), ==, 0.5f);
  g_assert_cmpfloat (akin_similarity_key_contribution (AKIN_KEY_RELATION_SUBDOMINANT), ==, 0.5f);
  g_assert_cmpfloat (akin_similarity_key_contribution (AKIN_KEY_RELATION_PARALLEL), ==, 0.5f);
  g_assert_cmpfloat (akin_similarity_key_contribution (AKIN_KEY_RELATION_FAR), ==, 0.0f);

  /* Tempo: 1 − (ln r / ln 1.1)², double and half time 0.75 × (1 − (…/ln 1.06)²). */
  g_assert_cmpfloat_with_epsilon (akin_similarity_tempo_contribution (1.0), 1.0f, 1e-6);
  g_assert_cmpfloat_with_epsilon (akin_similarity_tempo_contribution (1.1), 0.0f, 1e-6);
  g_assert_cmpfloat_with_epsilon (akin_similarity_tempo_contribution (1 / 1.1), 0.0f, 1e-6);
  g_assert_cmpfloat_with_epsilon (akin_similarity_tempo_contribution (1.05), 1 - pow (log (1.05) / log (1.1), 2), 1e-6);
  g_assert_cmpfloat_with_epsilon (akin_similarity_tempo_contribution (2.0), 0.75f, 1e-6);
  g_assert_cmpfloat_with_epsilon (akin_similarity_tempo_contribution (0.5), 0.75f, 1e-6);
  g_assert_cmpfloat_with_epsilon (akin_similarity_tempo_contribution (2.12), 0.0f, 1e-6);
  g_assert_cmpfloat_with_epsilon (akin_similarity_tempo_contribution (1.3), -1.0f, 1e-6);
  g_assert_cmpfloat_with_epsilon (akin_similarity_tempo_contribution (3.0), -1.0f, 1e-6);

  /* Brightness: 1 − |log2 ratio| / 0.25, clamped. */
  g_assert_cmpfloat_with_epsilon (akin_similarity_brightness_contribution (0.0), 1.0f, 1e-6);
  g_assert_cmpfloat_with_epsilon (akin_similarity_brightness_contribution (0.1), 0.6f, 1e-6);
  g_assert_cmpfloat_with_epsilon (akin_similarity_brightness_contribution (-0.25), 0.0f, 1e-6);
  g_assert_cmpfloat_with_epsilon (akin_similarity_brightness_contribution (1.0), -1.0f, 1e-6);

  /* All at once, from the records; no index aspect without an index. */
  akin_similarity_why_describe (&why, &a, &o);
  g_assert_false (why.has[AKIN_SIMILARITY_ASPECT_TIMBRE]);
  g_assert_false (why.has[AKIN_SIMILARITY_ASPECT_ENCODERS]);
  g_assert_true (why.has[AKIN_SIMILARITY_ASPECT_KEY]);
  g_assert_cmpint (why.key_relation, ==, AKIN_KEY_RELATION_RELATIVE);
  g_assert_cmpfloat (why.contribution[AKIN_SIMILARITY_ASPECT_KEY], ==, 0.75f);
  g_assert_cmpfloat (why.tempo_ratio, ==, 2.0);
  g_assert_cmpfloat_with_epsilon (why.contribution[AKIN_SIMILARITY_ASPECT_TEMPO], 0.75f, 1e-6);
  g_assert_cmpfloat (why.brightness, ==, 1.0);
  g_assert_cmpfloat (why.contribution[AKIN_SIMILARITY_ASPECT_BRIGHTNESS], ==, -1.0f);
  g_assert_cmpstr (why.text, ==, "relative key (B minor / D major) · double time (200 vs 100 BPM)");

  /* Undefined descriptors: the aspects are absent, not zero-valued. */
  a = record (NULL, 0, NAN);
  akin_similarity_why_describe (&why, &a, &o);
  g_assert_false (why.has[AKIN_SIMILARITY_ASPECT_KEY]);
  g_assert_false (why.has[AKIN_SIMILARITY_ASPECT_TEMPO]);
  g_assert_false (why.has[AKIN_SIMILARITY_ASPECT_BRIGHTNESS]);
  g_assert_cmpstr (why.text, ==, "");
}

static void
test_key_order (void)
{
  /* Shuffled; sorted by akin_key_fifths_rank() they go round the circle of
   * fifths, each major key followed by its relative minor, unknown last. */
  const char *keys[] = {
    "A Minor", "Bb Major", "C Major", "not a key", "G Major", "E Minor", "F Major",
    "D Minor", "F# Major", "Eb Minor", "A Major", NULL, "C# Major",
  };
  const char *expected[] = {
    "C Major", "A Minor", "G Major", "E Minor", "A Major", "F# Major", "Eb Minor",
    "C# Major", "Bb Major", "F Major", "D Minor",
  };
  int previous = -1;

  g_assert_cmpint (akin_key_fifths_rank ("C Major"), ==, 0);
  g_assert_cmpint (akin_key_fifths_rank ("A Minor"), ==, 1);
  g_assert_cmpint (akin_key_fifths_rank ("G Major"), ==, 2);
  g_assert_cmpint (akin_key_fifths_rank ("F Major"), ==, 22);
  g_assert_cmpint (akin_key_fifths_rank ("D Minor"), ==, 23);
  /* Enharmonic spellings sort together (Db = C#, Gb = F#, D# minor = Eb minor). */
  g_assert_cmpint (akin_key_fifths_rank ("Db Major"), ==, akin_key_fifths_rank ("C# Major"));
  g_assert_cmpint (akin_key_fifths_rank ("D# Minor"), ==, akin_key_fifths_rank ("Eb Minor"));
  g_assert_cmpint (akin_key_fifths_rank (NULL), ==, AKIN_KEY_RANK_UNKNOWN);
  g_assert_cmpint (akin_key_fifths_rank ("H Major"), ==, AKIN_KEY_RANK_UNKNOWN);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      int rank = akin_key_fifths_rank (expected[i]);

      g_assert_cmpint (rank, >, previous);
      previous = rank;
    }
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      gboolean listed = FALSE;

      for (guint j = 0; j < G_N_ELEMENTS (expected); j++)
        listed |= g_strcmp0 (keys[i], expected[j]) == 0;
      if (!listed)
        g_assert_cmpint (akin_key_fifths_rank (keys[i]), ==, AKIN_KEY_RANK_UNKNOWN);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/similarity-reason/key-parse", test_key_parse);
  g_test_add_func ("/similarity-reason/key-display-name", test_key_display_name);
  g_test_add_func ("/similarity-reason/key-relations", test_key_relations);
  g_test_add_func ("/similarity-reason/same-key", test_same_key);
  g_test_add_func ("/similarity-reason/relative-key", test_relative_and_neighbour_keys);
  g_test_add_func ("/similarity-reason/far-key", test_far_key);
  g_test_add_func ("/similarity-reason/tempo", test_tempo);
  g_test_add_func ("/similarity-reason/brightness", test_brightness);
  g_test_add_func ("/similarity-reason/timbre", test_timbre);
  g_test_add_func ("/similarity-reason/contributions", test_contributions);
  g_test_add_func ("/similarity-reason/key-order", test_key_order);

  return g_test_run ();
}
