/* akin-key.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Keys for the similar list: reading the stored key names, naming them in
 * the user's language, and how two keys relate on the circle of fifths.
 * akin-similarity-why.c puts the relation into words.
 *
 * The engine has no gettext setup of its own: these strings go through the
 * application's domain, which the application binds before any is built.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "akin-key.h"

/**
 * akin_key_parse:
 * @key_signature: (nullable): a key as stored, e.g. "A Minor", "Eb Major",
 *   "c# minor"
 * @tonic: (out): its pitch class, 0 (C) … 11 (B)
 * @mode: (out): its mode
 *
 * Reads the key names the descriptors write (akin_key_to_string()); both
 * sharps and flats are accepted. Any thread may call it.
 *
 * Returns: %TRUE when @key_signature names a key
 */
gboolean
akin_key_parse (const char *key_signature,
                int        *tonic,
                AkinMode   *mode)
{
  static const int letters[7] = { 9, 11, 0, 2, 4, 5, 7 }; /* A … G */
  const char *p = key_signature;
  int pc;

  g_return_val_if_fail (tonic != NULL, FALSE);
  g_return_val_if_fail (mode != NULL, FALSE);

  if (p == NULL)
    return FALSE;
  while (*p == ' ')
    p++;
  if (g_ascii_toupper (*p) < 'A' || g_ascii_toupper (*p) > 'G')
    return FALSE;
  pc = letters[g_ascii_toupper (*p) - 'A'];
  p++;
  if (*p == '#')
    pc++, p++;
  else if (*p == 'b')
    pc--, p++;
  if (*p != ' ')
    return FALSE;
  while (*p == ' ')
    p++;

  if (g_ascii_strcasecmp (p, "major") == 0)
    *mode = AKIN_MODE_MAJOR;
  else if (g_ascii_strcasecmp (p, "minor") == 0)
    *mode = AKIN_MODE_MINOR;
  else
    return FALSE;
  *tonic = (pc + 12) % 12;
  return TRUE;
}

/**
 * akin_key_relation:
 * @anchor_tonic: pitch class of the anchor's key, -1 when undefined
 * @anchor_mode: its mode
 * @other_tonic: pitch class of the other song's key, -1 when undefined
 * @other_mode: its mode
 *
 * Returns: how the other key relates to the anchor's
 */
AkinKeyRelation
akin_key_relation (int      anchor_tonic,
                   AkinMode anchor_mode,
                   int      other_tonic,
                   AkinMode other_mode)
{
  int up;

  if (anchor_tonic < 0 || anchor_tonic > 11 || other_tonic < 0 || other_tonic > 11
      || anchor_mode == AKIN_MODE_UNKNOWN || other_mode == AKIN_MODE_UNKNOWN)
    return AKIN_KEY_RELATION_UNKNOWN;

  up = (other_tonic - anchor_tonic + 12) % 12;
  if (anchor_mode == other_mode)
    {
      if (up == 0)
        return AKIN_KEY_RELATION_SAME;
      if (up == 7)
        return AKIN_KEY_RELATION_DOMINANT;
      if (up == 5)
        return AKIN_KEY_RELATION_SUBDOMINANT;
      return AKIN_KEY_RELATION_FAR;
    }

  if (up == 0)
    return AKIN_KEY_RELATION_PARALLEL;
  /* A minor is the relative of C major: three semitones below its tonic. */
  if ((anchor_mode == AKIN_MODE_MAJOR && up == 9) || (anchor_mode == AKIN_MODE_MINOR && up == 3))
    return AKIN_KEY_RELATION_RELATIVE;
  return AKIN_KEY_RELATION_FAR;
}

/* Whole key names, so that each language can spell them its own way
 * (German "cis-Moll", "H-Dur"); indexed by pitch class, C first. Each key
 * takes its usual spelling, the one with fewer accidentals (D♭ major, not
 * C♯ major; G♯ minor, not A♭ minor). */
static const char * const major_key_names[12] = {
  NC_("musical key", "C major"), NC_("musical key", "D♭ major"),
  NC_("musical key", "D major"), NC_("musical key", "E♭ major"),
  NC_("musical key", "E major"), NC_("musical key", "F major"),
  NC_("musical key", "F♯ major"), NC_("musical key", "G major"),
  NC_("musical key", "A♭ major"), NC_("musical key", "A major"),
  NC_("musical key", "B♭ major"), NC_("musical key", "B major"),
};
static const char * const minor_key_names[12] = {
  NC_("musical key", "C minor"), NC_("musical key", "C♯ minor"),
  NC_("musical key", "D minor"), NC_("musical key", "E♭ minor"),
  NC_("musical key", "E minor"), NC_("musical key", "F minor"),
  NC_("musical key", "F♯ minor"), NC_("musical key", "G minor"),
  NC_("musical key", "G♯ minor"), NC_("musical key", "A minor"),
  NC_("musical key", "B♭ minor"), NC_("musical key", "B minor"),
};

static char *
key_name (int      tonic,
          AkinMode mode)
{
  g_assert (tonic >= 0 && tonic < 12);
  if (mode == AKIN_MODE_MAJOR)
    return g_strdup (g_dpgettext2 (GETTEXT_PACKAGE, "musical key", major_key_names[tonic]));
  return g_strdup (g_dpgettext2 (GETTEXT_PACKAGE, "musical key", minor_key_names[tonic]));
}

/**
 * akin_key_display_name:
 * @key_signature: (nullable): a key as stored, e.g. "A Minor"
 *
 * Names a stored key in the user's language, e.g. "A minor" in English,
 * "a-Moll" in German. Any thread may call it.
 *
 * Returns: (transfer full) (nullable): the name, or a copy of
 *   @key_signature when it does not name a key (%NULL for %NULL)
 */
char *
akin_key_display_name (const char *key_signature)
{
  AkinMode mode;
  int tonic;

  if (!akin_key_parse (key_signature, &tonic, &mode))
    return g_strdup (key_signature);
  return key_name (tonic, mode);
}

/**
 * akin_key_fifths_rank:
 * @key_signature: (nullable): a key as stored, e.g. "A Minor"
 *
 * Where a key sorts on the circle of fifths, for sorting a key column:
 * the major keys from C up by fifths (C, G, D, A, E, B, F♯, D♭, A♭, E♭,
 * B♭, F), each followed by its relative minor (C major, A minor, G major,
 * E minor, …), so that keys with the same signature sit together. Keys
 * that do not parse sort last. Any thread.
 *
 * Returns: 0 … 23 for a key, %AKIN_KEY_RANK_UNKNOWN otherwise
 */
int
akin_key_fifths_rank (const char *key_signature)
{
  AkinMode mode;
  int tonic, major_tonic, steps;

  if (!akin_key_parse (key_signature, &tonic, &mode))
    return AKIN_KEY_RANK_UNKNOWN;

  /* A minor key sorts with its relative major, three semitones up. */
  major_tonic = mode == AKIN_MODE_MINOR ? (tonic + 3) % 12 : tonic;
  /* A fifth is 7 semitones and 7 × 7 ≡ 1 (mod 12): the number of fifths
   * up from C is 7 × the pitch class. */
  steps = (7 * major_tonic) % 12;
  return 2 * steps + (mode == AKIN_MODE_MINOR ? 1 : 0);
}
