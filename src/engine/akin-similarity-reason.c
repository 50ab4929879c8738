/* akin-similarity-reason.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Puts into words why a song is in the similar list: how close its vector
 * is, how its key relates to the anchor's on the circle of fifths, how
 * close the tempi are (allowing double and half time), and whether it is
 * brighter or darker (mean 90 % roll-off). Only the stored descriptors and
 * the cosine are used; a later version could weigh the per-block
 * contributions of the fused vector.
 *
 * The engine has no gettext setup of its own: these strings go through the
 * application's domain, which the application binds before any is built.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "akin-similarity-reason.h"

/* Thresholds of the wording; relative differences unless named otherwise. */
#define SAME_TEMPO          0.02
#define CLOSE_TEMPO         0.08
#define DOUBLE_TIME         0.04
#define SAME_BRIGHTNESS     0.10  /* |log2 ratio| of the roll-offs */
#define OTHER_BRIGHTNESS    0.50
#define VERY_CLOSE_TIMBRE   0.95f
#define CLOSE_TIMBRE        0.85f
#define SIMILAR_TIMBRE      0.60f

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
 * (German "cis-Moll", "H-Dur"); indexed by pitch class, C first. */
static const char * const major_key_names[12] = {
  NC_("musical key", "C major"),  NC_("musical key", "C# major"),
  NC_("musical key", "D major"),  NC_("musical key", "Eb major"),
  NC_("musical key", "E major"),  NC_("musical key", "F major"),
  NC_("musical key", "F# major"), NC_("musical key", "G major"),
  NC_("musical key", "Ab major"), NC_("musical key", "A major"),
  NC_("musical key", "Bb major"), NC_("musical key", "B major"),
};
static const char * const minor_key_names[12] = {
  NC_("musical key", "C minor"),  NC_("musical key", "C# minor"),
  NC_("musical key", "D minor"),  NC_("musical key", "Eb minor"),
  NC_("musical key", "E minor"),  NC_("musical key", "F minor"),
  NC_("musical key", "F# minor"), NC_("musical key", "G minor"),
  NC_("musical key", "Ab minor"), NC_("musical key", "A minor"),
  NC_("musical key", "Bb minor"), NC_("musical key", "B minor"),
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

static void
add_timbre (GPtrArray *parts,
            float      score)
{
  if (!isfinite (score))
    return;
  if (score >= VERY_CLOSE_TIMBRE)
    g_ptr_array_add (parts, g_strdup (_("very close timbre")));
  else if (score >= CLOSE_TIMBRE)
    g_ptr_array_add (parts, g_strdup (_("close timbre")));
  else if (score >= SIMILAR_TIMBRE)
    g_ptr_array_add (parts, g_strdup (_("similar timbre")));
}

static void
add_key (GPtrArray                  *parts,
         const AkinDescriptorRecord *anchor,
         const AkinDescriptorRecord *other)
{
  g_autofree char *anchor_key = NULL;
  g_autofree char *other_key = NULL;
  AkinMode a_mode, o_mode;
  int a_tonic, o_tonic;

  if (!akin_key_parse (anchor->key_signature, &a_tonic, &a_mode)
      || !akin_key_parse (other->key_signature, &o_tonic, &o_mode))
    return;

  anchor_key = key_name (a_tonic, a_mode);
  other_key = key_name (o_tonic, o_mode);

  switch (akin_key_relation (a_tonic, a_mode, o_tonic, o_mode))
    {
    case AKIN_KEY_RELATION_SAME:
      /* Translators: %s is a key, e.g. "A minor" */
      g_ptr_array_add (parts, g_strdup_printf (_("same key (%s)"), other_key));
      break;
    case AKIN_KEY_RELATION_RELATIVE:
      /* Translators: the other song's key, then the playing song's */
      g_ptr_array_add (parts, g_strdup_printf (_("relative key (%s / %s)"), other_key, anchor_key));
      break;
    case AKIN_KEY_RELATION_PARALLEL:
      /* Translators: the other song's key, then the playing song's */
      g_ptr_array_add (parts, g_strdup_printf (_("parallel key (%s / %s)"), other_key, anchor_key));
      break;
    case AKIN_KEY_RELATION_DOMINANT:
      /* Translators: a fifth above the playing song's key; %s is a key */
      g_ptr_array_add (parts, g_strdup_printf (_("dominant key (%s)"), other_key));
      break;
    case AKIN_KEY_RELATION_SUBDOMINANT:
      /* Translators: a fifth below the playing song's key; %s is a key */
      g_ptr_array_add (parts, g_strdup_printf (_("subdominant key (%s)"), other_key));
      break;
    case AKIN_KEY_RELATION_FAR:
    case AKIN_KEY_RELATION_UNKNOWN:
    default:
      break;
    }
}

static void
add_tempo (GPtrArray *parts,
           double     anchor_bpm,
           double     other_bpm)
{
  double a = anchor_bpm, b = other_bpm;

  if (!isfinite (a) || !isfinite (b) || a <= 0 || b <= 0)
    return;

  if (fabs (b - a) <= SAME_TEMPO * a)
    /* Translators: a tempo in beats per minute */
    g_ptr_array_add (parts, g_strdup_printf (_("same tempo (%.0f BPM)"), b));
  else if (fabs (b - a) <= CLOSE_TEMPO * a)
    /* Translators: the other song's tempo, then the playing song's */
    g_ptr_array_add (parts, g_strdup_printf (_("%.0f vs %.0f BPM"), b, a));
  else if (fabs (b - 2 * a) <= DOUBLE_TIME * 2 * a)
    /* Translators: the other song's tempo is twice the playing song's */
    g_ptr_array_add (parts, g_strdup_printf (_("double time (%.0f vs %.0f BPM)"), b, a));
  else if (fabs (2 * b - a) <= DOUBLE_TIME * a)
    /* Translators: the other song's tempo is half the playing song's */
    g_ptr_array_add (parts, g_strdup_printf (_("half time (%.0f vs %.0f BPM)"), b, a));
}

static void
add_brightness (GPtrArray *parts,
                double     anchor_rolloff,
                double     other_rolloff)
{
  double d;

  if (!isfinite (anchor_rolloff) || !isfinite (other_rolloff)
      || anchor_rolloff <= 0 || other_rolloff <= 0)
    return;

  d = log2 (other_rolloff / anchor_rolloff);
  if (fabs (d) <= SAME_BRIGHTNESS)
    g_ptr_array_add (parts, g_strdup (_("as bright")));
  else if (d >= OTHER_BRIGHTNESS)
    g_ptr_array_add (parts, g_strdup (_("brighter")));
  else if (d <= -OTHER_BRIGHTNESS)
    g_ptr_array_add (parts, g_strdup (_("darker")));
}

/**
 * akin_similarity_reason:
 * @anchor: the descriptors of the anchor (the playing song)
 * @other: the descriptors of a similar song
 * @score: the cosine similarity of their vectors
 *
 * Builds a short, translated reason for the similar list, e.g.
 * "close timbre · same key (A minor) · 122 vs 120 BPM". Each part appears
 * only when it holds: keys that are far apart on the circle of fifths,
 * tempi that are neither close nor double/half, and roll-offs that are
 * neither close nor far apart say nothing. Undefined fields (no key, zero
 * tempo or roll-off) are left out. Any thread may call it.
 *
 * Returns: (transfer full): the reason, possibly empty
 */
char *
akin_similarity_reason (const AkinDescriptorRecord *anchor,
                        const AkinDescriptorRecord *other,
                        float                       score)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (anchor != NULL, NULL);
  g_return_val_if_fail (other != NULL, NULL);

  add_timbre (parts, score);
  add_key (parts, anchor, other);
  add_tempo (parts, anchor->tempo_bpm, other->tempo_bpm);
  add_brightness (parts, anchor->rolloff_freq, other->rolloff_freq);
  g_ptr_array_add (parts, NULL);

  /* Translators: separates the parts of a reason */
  return g_strjoinv (_(" · "), (char **) parts->pdata);
}
