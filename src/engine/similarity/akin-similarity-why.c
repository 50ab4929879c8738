/* akin-similarity-why.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Why a song is in the similar list: how much the timbre part and the
 * encoders' part of the score (akin-similarity-why-parts.c), the keys on
 * the circle of fifths, the tempi (double and half time count as related)
 * and the brightness (mean 90 % roll-off) each contribute, on one scale,
 * and the short text of the similar list naming what makes the pair
 * similar, strongest first.
 *
 * The engine has no gettext setup of its own: these strings go through the
 * application's domain, which the application binds before any is built.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "akin-similarity-private.h"
#include "akin-similarity-why.h"

/* Thresholds of the wording; relative differences unless named otherwise. */
#define SAME_TEMPO          0.02
#define CLOSE_TEMPO         0.08
#define DOUBLE_TIME         0.04
#define SAME_BRIGHTNESS     0.10   /* |log2 ratio| of the roll-offs */
/* On the contribution scale (tanh (z / 2)): about 2.9, 1.9 and 1.1
 * standard deviations above the average candidate. */
#define VERY_CLOSE_PART     0.90f
#define CLOSE_PART          0.75f
#define SIMILAR_PART        0.50f

/* The widths of the tempo and brightness contributions. */
#define TEMPO_WIDTH         0.0953102   /* ln 1.10 */
#define DOUBLE_TIME_WIDTH   0.0582689   /* ln 1.06 */
#define DOUBLE_TIME_WEIGHT  0.75
#define BRIGHTNESS_WIDTH    0.25

/**
 * akin_similarity_why_clear:
 * @why: an answer
 *
 * Frees its text and zeroes it. Any thread.
 */
void
akin_similarity_why_clear (AkinSimilarityWhy *why)
{
  g_return_if_fail (why != NULL);

  g_free (why->text);
  memset (why, 0, sizeof *why);
}

/**
 * akin_similarity_key_contribution:
 * @relation: how two keys relate
 *
 * Returns: the key aspect's contribution (see #AkinSimilarityWhy), 0 for
 *   %AKIN_KEY_RELATION_UNKNOWN
 */
float
akin_similarity_key_contribution (AkinKeyRelation relation)
{
  switch (relation)
    {
    case AKIN_KEY_RELATION_SAME:
      return 1.0f;
    case AKIN_KEY_RELATION_RELATIVE:
      return 0.75f;
    case AKIN_KEY_RELATION_DOMINANT:
    case AKIN_KEY_RELATION_SUBDOMINANT:
    case AKIN_KEY_RELATION_PARALLEL:
      return 0.5f;
    case AKIN_KEY_RELATION_FAR:
    case AKIN_KEY_RELATION_UNKNOWN:
    default:
      return 0.0f;
    }
}

static double
bell (double e,
      double width)
{
  return 1.0 - (e / width) * (e / width);
}

/**
 * akin_similarity_tempo_contribution:
 * @ratio: the neighbour's tempo over the anchor's, > 0
 *
 * Returns: the tempo aspect's contribution (see #AkinSimilarityWhy): 1 for
 *   the same tempo, 0.75 for exact double or half time, 0 at 10 % apart,
 *   -1 from about 15 % apart (and far from double or half time)
 */
float
akin_similarity_tempo_contribution (double ratio)
{
  double e, same, twice;

  g_return_val_if_fail (ratio > 0 && isfinite (ratio), 0.0f);

  e = fabs (log (ratio));
  same = bell (e, TEMPO_WIDTH);
  twice = DOUBLE_TIME_WEIGHT * bell (fabs (e - G_LN2), DOUBLE_TIME_WIDTH);
  return (float) CLAMP (MAX (same, twice), -1.0, 1.0);
}

/**
 * akin_similarity_brightness_contribution:
 * @log2_ratio: log₂ of the neighbour's roll-off over the anchor's
 *
 * Returns: the brightness aspect's contribution (see #AkinSimilarityWhy):
 *   1 for the same roll-off, 0 a quarter octave apart, -1 from half an
 *   octave apart
 */
float
akin_similarity_brightness_contribution (double log2_ratio)
{
  g_return_val_if_fail (isfinite (log2_ratio), 0.0f);

  return (float) CLAMP (1.0 - fabs (log2_ratio) / BRIGHTNESS_WIDTH, -1.0, 1.0);
}

/* The words of one aspect, or NULL when it does not make the pair similar. */
static char *
timbre_words (float c)
{
  if (c >= VERY_CLOSE_PART)
    return g_strdup (_("very close timbre"));
  if (c >= CLOSE_PART)
    return g_strdup (_("close timbre"));
  if (c >= SIMILAR_PART)
    return g_strdup (_("similar timbre"));
  return NULL;
}

/* The encoders see short stretches of the mel spectrogram and the
 * descriptors: the overall sound, not a measure of timbre alone. */
static char *
encoders_words (float c)
{
  if (c >= CLOSE_PART)
    return g_strdup (_("very similar sound"));
  if (c >= SIMILAR_PART)
    return g_strdup (_("similar sound"));
  return NULL;
}

static char *
key_words (AkinKeyRelation             relation,
           const AkinDescriptorRecord *anchor,
           const AkinDescriptorRecord *other)
{
  g_autofree char *anchor_key = akin_key_display_name (anchor->key_signature);
  g_autofree char *other_key = akin_key_display_name (other->key_signature);

  switch (relation)
    {
    case AKIN_KEY_RELATION_SAME:
      /* Translators: %s is a key, e.g. "A minor" */
      return g_strdup_printf (_("same key (%s)"), other_key);
    case AKIN_KEY_RELATION_RELATIVE:
      /* Translators: the other song's key, then the playing song's */
      return g_strdup_printf (_("relative key (%s / %s)"), other_key, anchor_key);
    case AKIN_KEY_RELATION_PARALLEL:
      /* Translators: the other song's key, then the playing song's */
      return g_strdup_printf (_("parallel key (%s / %s)"), other_key, anchor_key);
    case AKIN_KEY_RELATION_DOMINANT:
      /* Translators: a fifth above the playing song's key; %s is a key */
      return g_strdup_printf (_("dominant key (%s)"), other_key);
    case AKIN_KEY_RELATION_SUBDOMINANT:
      /* Translators: a fifth below the playing song's key; %s is a key */
      return g_strdup_printf (_("subdominant key (%s)"), other_key);
    case AKIN_KEY_RELATION_FAR:
    case AKIN_KEY_RELATION_UNKNOWN:
    default:
      return NULL;
    }
}

static char *
tempo_words (double a,
             double b)
{
  if (fabs (b - a) <= SAME_TEMPO * a)
    /* Translators: a tempo in beats per minute */
    return g_strdup_printf (_("same tempo (%.0f BPM)"), b);
  if (fabs (b - a) <= CLOSE_TEMPO * a)
    /* Translators: the other song's tempo, then the playing song's */
    return g_strdup_printf (_("%.0f vs %.0f BPM"), b, a);
  if (fabs (b - 2 * a) <= DOUBLE_TIME * 2 * a)
    /* Translators: the other song's tempo is twice the playing song's */
    return g_strdup_printf (_("double time (%.0f vs %.0f BPM)"), b, a);
  if (fabs (2 * b - a) <= DOUBLE_TIME * a)
    /* Translators: the other song's tempo is half the playing song's */
    return g_strdup_printf (_("half time (%.0f vs %.0f BPM)"), b, a);
  return NULL;
}

static gboolean
defined (double x)
{
  return isfinite (x) && x > 0;
}

typedef struct
{
  float  contribution;
  guint  aspect;
  char  *words;
} Part;

static int
compare_parts (gconstpointer a,
               gconstpointer b)
{
  const Part *x = a, *y = b;

  if (x->contribution != y->contribution)
    return x->contribution > y->contribution ? -1 : 1;
  return (int) x->aspect - (int) y->aspect;
}

/* Records an aspect that could be judged: its contribution in @why, and a
 * part of the text (@words, taken; NULL when it says nothing). */
static void
add_part (AkinSimilarityWhy    *why,
          GArray               *parts,
          AkinSimilarityAspect  aspect,
          float                 contribution,
          char                 *words)
{
  Part p = { contribution, aspect, words };

  why->has[aspect] = TRUE;
  why->contribution[aspect] = contribution;
  g_array_append_val (parts, p);
}

/**
 * akin_similarity_why_describe:
 * @why: an answer, its index aspects filled by akin_similarity_why_from_match(),
 *   akin_similarity_why_explain() or akin_similarity_why_explain_external()
 *   (or left zeroed: then only the descriptors speak)
 * @anchor: (nullable): the anchor's descriptors
 * @other: (nullable): the neighbour's descriptors
 *
 * Judges key, tempo and brightness from the descriptors and writes the
 * text of the similar list: the aspects that make the pair similar, the
 * strongest first (ties in the order of #AkinSimilarityAspect), joined by
 * " · ". Left out: index parts below 0.5, keys far apart, tempi neither
 * within 8 % nor within 4 % of double or half time, roll-offs more than
 * 0.1 octave apart, and whatever is undefined (no key, a zero tempo or
 * roll-off). Replaces a previous text. Any thread (the application binds
 * the translations before).
 */
void
akin_similarity_why_describe (AkinSimilarityWhy          *why,
                              const AkinDescriptorRecord *anchor,
                              const AkinDescriptorRecord *other)
{
  g_autoptr(GArray) parts = g_array_new (FALSE, FALSE, sizeof (Part));
  g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func (g_free);
  AkinMode a_mode, o_mode;
  int a_tonic, o_tonic;

  g_return_if_fail (why != NULL);

  why->has[AKIN_SIMILARITY_ASPECT_KEY] = FALSE;
  why->has[AKIN_SIMILARITY_ASPECT_TEMPO] = FALSE;
  why->has[AKIN_SIMILARITY_ASPECT_BRIGHTNESS] = FALSE;
  why->contribution[AKIN_SIMILARITY_ASPECT_KEY] = 0.0f;
  why->contribution[AKIN_SIMILARITY_ASPECT_TEMPO] = 0.0f;
  why->contribution[AKIN_SIMILARITY_ASPECT_BRIGHTNESS] = 0.0f;
  why->key_relation = AKIN_KEY_RELATION_UNKNOWN;
  why->tempo_ratio = 0.0;
  why->brightness = 0.0;

  if (why->has[AKIN_SIMILARITY_ASPECT_TIMBRE])
    add_part (why, parts, AKIN_SIMILARITY_ASPECT_TIMBRE,
              why->contribution[AKIN_SIMILARITY_ASPECT_TIMBRE],
              timbre_words (why->contribution[AKIN_SIMILARITY_ASPECT_TIMBRE]));
  if (why->has[AKIN_SIMILARITY_ASPECT_ENCODERS])
    add_part (why, parts, AKIN_SIMILARITY_ASPECT_ENCODERS,
              why->contribution[AKIN_SIMILARITY_ASPECT_ENCODERS],
              encoders_words (why->contribution[AKIN_SIMILARITY_ASPECT_ENCODERS]));

  if (anchor != NULL && other != NULL)
    {
      if (akin_key_parse (anchor->key_signature, &a_tonic, &a_mode)
          && akin_key_parse (other->key_signature, &o_tonic, &o_mode))
        {
          why->key_relation = akin_key_relation (a_tonic, a_mode, o_tonic, o_mode);
          add_part (why, parts, AKIN_SIMILARITY_ASPECT_KEY,
                    akin_similarity_key_contribution (why->key_relation),
                    key_words (why->key_relation, anchor, other));
        }
      if (defined (anchor->tempo_bpm) && defined (other->tempo_bpm))
        {
          why->tempo_ratio = other->tempo_bpm / anchor->tempo_bpm;
          add_part (why, parts, AKIN_SIMILARITY_ASPECT_TEMPO,
                    akin_similarity_tempo_contribution (why->tempo_ratio),
                    tempo_words (anchor->tempo_bpm, other->tempo_bpm));
        }
      if (defined (anchor->rolloff_freq) && defined (other->rolloff_freq))
        {
          why->brightness = log2 (other->rolloff_freq / anchor->rolloff_freq);
          add_part (why, parts, AKIN_SIMILARITY_ASPECT_BRIGHTNESS,
                    akin_similarity_brightness_contribution (why->brightness),
                    fabs (why->brightness) <= SAME_BRIGHTNESS ? g_strdup (_("as bright"))
                                                              : NULL);
        }
    }

  g_array_sort (parts, compare_parts);
  for (guint i = 0; i < parts->len; i++)
    {
      Part *p = &g_array_index (parts, Part, i);

      if (p->words != NULL)
        g_ptr_array_add (words, g_steal_pointer (&p->words));
    }
  g_ptr_array_add (words, NULL);

  g_free (why->text);
  /* Translators: separates the parts of a reason */
  why->text = g_strjoinv (_(" · "), (char **) words->pdata);
}

/**
 * akin_similarity_why:
 * @index: an index
 * @anchor_id: the anchor, a track in @index
 * @other_id: a neighbour
 * @anchor: (nullable): the anchor's descriptors
 * @other: (nullable): the neighbour's descriptors
 * @out: (out caller-allocates): the answer (anything it held is
 *   overwritten, not freed); clear it with akin_similarity_why_clear()
 * @error: %AKIN_ERROR_NOT_ANALYZED when @anchor_id is not in @index
 *
 * akin_similarity_why_explain() for one neighbour, then
 * akin_similarity_why_describe(). For a list of neighbours, explain them
 * together: the anchor's statistics cost about a query. Any thread.
 *
 * Returns: %TRUE on success (@out is zeroed on failure)
 */
gboolean
akin_similarity_why (AkinSimilarityIndex        *index,
                     gint64                      anchor_id,
                     gint64                      other_id,
                     const AkinDescriptorRecord *anchor,
                     const AkinDescriptorRecord *other,
                     AkinSimilarityWhy          *out,
                     GError                    **error)
{
  g_return_val_if_fail (index != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  if (!akin_similarity_why_explain (index, anchor_id, &other_id, 1, out, error))
    return FALSE;
  akin_similarity_why_describe (out, anchor, other);
  return TRUE;
}
