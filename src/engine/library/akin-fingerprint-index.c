/* akin-fingerprint-index.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Finding the other files of a recording without comparing a fingerprint
 * with every track: an inverted index of fingerprint sub-values, as
 * AcoustID's. Each 32-bit value is cut to its top KEY_BITS bits (the
 * classifiers that survive lossy encoding best: on MP3 at 64 kb/s about a
 * third of the keys still equal the original's at the right offset, against
 * a sixth of whole values). Only keys whose hash falls in one quarter are
 * indexed; the choice depends on the value, not on its position, so a copy
 * at any offset indexes the same keys. Runs of one key keep their first
 * position only.
 *
 * A query looks up its own sampled keys and counts, per track, the postings
 * found; tracks with enough of them (MIN_VOTES, and MIN_VOTE_SHARE of the
 * keys the shorter side has) become candidates. A second pass over the same
 * postings finds each candidate's most common offset, and the candidate is
 * then verified on the whole fingerprints: the share of equal bits over the
 * part the two share, at the best offset near that one
 * (akin_fingerprint_compare() tries every offset instead). Different songs
 * agree on about half of their bits; copies of one recording on 94 % (MP3
 * at 64 kb/s) to 100 %.
 *
 * The postings are built at the first query after tracks were added (or
 * by akin_fingerprint_index_prepare(), on the thread that loads them), by a
 * counting sort into one array (a table of 2^KEY_BITS offsets), 8 bytes per
 * indexed key, about 250 bytes per minute of audio. The table alone is
 * 4 MiB, written twice: a few milliseconds however small the library.
 *
 * Threads: one thread at a time.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "akin-recordings-private.h"
#include "akin-recordings.h"

#define KEY_BITS        20
#define N_KEYS          (1u << KEY_BITS)
#define MIN_VOTES       3
#define MIN_VOTE_SHARE  0.05
#define MAX_CANDIDATES  32
#define VERIFY_SPAN     2
/* A key this common tells nothing (silence, a steady tone): skipped. */
#define MAX_POSTINGS    20000

typedef struct
{
  guint32 track;
  guint32 pos;
} Posting;

typedef struct
{
  gint64           id;
  AkinFingerprint *fp;
  guint            n_keys;     /* postings it has */
} Entry;

struct _AkinFingerprintIndex
{
  GArray     *entries;         /* Entry */
  GHashTable *by_id;           /* gint64* → index + 1 */
  gboolean    built;
  guint32    *offsets;         /* N_KEYS + 1 */
  Posting    *postings;
  gsize       n_postings;
};

static inline guint32
key_of (guint32 value)
{
  return value >> (32 - KEY_BITS);
}

static inline gboolean
is_sampled (guint32 key)
{
  return ((key * 2654435761u) >> 30) == 0;
}

static void
clear_entry (gpointer data)
{
  Entry *e = data;

  akin_fingerprint_free (e->fp);
}

AkinFingerprintIndex *
akin_fingerprint_index_new (void)
{
  AkinFingerprintIndex *self = g_new0 (AkinFingerprintIndex, 1);

  self->entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  g_array_set_clear_func (self->entries, clear_entry);
  self->by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  return self;
}

void
akin_fingerprint_index_free (AkinFingerprintIndex *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->entries);
  g_hash_table_unref (self->by_id);
  g_free (self->offsets);
  g_free (self->postings);
  g_free (self);
}

/**
 * akin_fingerprint_index_add:
 * @self: an index
 * @track_id: a track not in the index yet
 * @fingerprint: (transfer full): its fingerprint
 */
void
akin_fingerprint_index_add (AkinFingerprintIndex *self,
                            gint64                track_id,
                            AkinFingerprint      *fingerprint)
{
  Entry e = { track_id, fingerprint, 0 };

  g_return_if_fail (self != NULL);
  g_return_if_fail (fingerprint != NULL);
  g_return_if_fail (!g_hash_table_contains (self->by_id, &track_id));

  g_array_append_val (self->entries, e);
  g_hash_table_insert (self->by_id, g_memdup2 (&track_id, sizeof track_id),
                       GUINT_TO_POINTER (self->entries->len));
  self->built = FALSE;
}

guint
akin_fingerprint_index_get_size (AkinFingerprintIndex *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->entries->len;
}

/**
 * akin_fingerprint_index_get_memory:
 * @self: an index
 *
 * Returns: the bytes the inverted index takes (not counting the
 *   fingerprints themselves), 0 before its first query
 */
gsize
akin_fingerprint_index_get_memory (AkinFingerprintIndex *self)
{
  g_return_val_if_fail (self != NULL, 0);
  if (!self->built)
    return 0;
  return (N_KEYS + 1) * sizeof (guint32) + self->n_postings * sizeof (Posting);
}

const AkinFingerprint *
akin_fingerprint_index_lookup (AkinFingerprintIndex *self,
                               gint64                track_id)
{
  guint i = GPOINTER_TO_UINT (g_hash_table_lookup (self->by_id, &track_id));

  return i == 0 ? NULL : g_array_index (self->entries, Entry, i - 1).fp;
}

/* Calls @func for each sampled key of @fp that starts a run. */
#define FOREACH_KEY(fp, pos, key)                                          \
  for (guint32 pos = 0, key, prev_ = G_MAXUINT32; pos < (fp)->n_values;    \
       prev_ = key_of ((fp)->values[pos]), pos++)                          \
    if ((key = key_of ((fp)->values[pos])) != prev_ && is_sampled (key))

static void
build (AkinFingerprintIndex *self)
{
  gsize total = 0;

  g_free (self->offsets);
  g_free (self->postings);
  self->offsets = g_new0 (guint32, N_KEYS + 1);
  for (guint t = 0; t < self->entries->len; t++)
    {
      Entry *e = &g_array_index (self->entries, Entry, t);

      e->n_keys = 0;
      FOREACH_KEY (e->fp, pos, key)
        {
          self->offsets[key + 1]++;
          e->n_keys++;
        }
      total += e->n_keys;
    }
  g_assert (total < G_MAXUINT32);
  for (guint k = 0; k < N_KEYS; k++)
    self->offsets[k + 1] += self->offsets[k];
  self->postings = g_new (Posting, MAX (total, 1));
  self->n_postings = total;
  {
    g_autofree guint32 *fill = g_memdup2 (self->offsets, N_KEYS * sizeof (guint32));

    for (guint t = 0; t < self->entries->len; t++)
      {
        Entry *e = &g_array_index (self->entries, Entry, t);

        FOREACH_KEY (e->fp, pos, key)
          self->postings[fill[key]++] = (Posting) { t, pos };
      }
  }
  self->built = TRUE;
}

/**
 * akin_fingerprint_index_prepare:
 * @self: an index
 *
 * Builds the postings now, which the next query would otherwise do first
 * (about as long as a whole query, whatever the library's size): for a
 * thread that loads the index while the one that queries it has other
 * work. Nothing changes in what a query finds.
 */
void
akin_fingerprint_index_prepare (AkinFingerprintIndex *self)
{
  g_return_if_fail (self != NULL);

  if (!self->built)
    build (self);
}

/* The share of equal bits of @a[i] and @b[i + offset] where both exist,
 * and how many values that is. */
static float
similarity_at (const AkinFingerprint *a,
               const AkinFingerprint *b,
               int                    offset,
               guint                 *overlap)
{
  int i0 = MAX (0, -offset), j0 = MAX (0, offset);
  int n = MIN ((int) a->n_values - i0, (int) b->n_values - j0);
  guint64 differ = 0;

  if (n <= 0)
    {
      *overlap = 0;
      return 0.0f;
    }
  for (int i = 0; i < n; i++)
    differ += (guint) __builtin_popcount (a->values[i0 + i] ^ b->values[j0 + i]);
  *overlap = (guint) n;
  return 1.0f - (float) differ / (32.0f * (float) n);
}

/* The best offset within [from, to]; FALSE when it is no match. */
static gboolean
verify (const AkinFingerprint *query,
        const AkinFingerprint *other,
        int                    from,
        int                    to,
        AkinRecordingMatch    *match)
{
  guint shorter = MIN (query->n_values, other->n_values);
  float best = -1.0f;
  int best_offset = 0;
  guint best_overlap = 0;

  for (int offset = from; offset <= to; offset++)
    {
      guint overlap;
      float s = similarity_at (query, other, offset, &overlap);

      /* Only offsets that share most of the shorter one count. */
      if ((float) overlap < AKIN_RECORDING_MIN_COVERAGE * (float) shorter)
        continue;
      if (s > best)
        {
          best = s;
          best_offset = offset;
          best_overlap = overlap;
        }
    }
  if (best < 0.0f)
    return FALSE;
  match->offset = best_offset * AKIN_FINGERPRINT_ITEM_SECONDS;
  match->similarity = best;
  match->coverage = (float) best_overlap / (float) shorter;
  return best >= AKIN_RECORDING_MIN_SIMILARITY;
}

/**
 * akin_fingerprint_compare:
 * @query: a fingerprint
 * @other: another
 * @match: (out caller-allocates): the best offset's figures (its
 *   @track_id is left 0)
 *
 * Compares two fingerprints at every offset where they share most of the
 * shorter one, without an index.
 *
 * Returns: whether they are of the same recording
 */
gboolean
akin_fingerprint_compare (const AkinFingerprint *query,
                          const AkinFingerprint *other,
                          AkinRecordingMatch    *match)
{
  g_return_val_if_fail (query != NULL && other != NULL && match != NULL, FALSE);

  memset (match, 0, sizeof *match);
  return verify (query, other, -(int) query->n_values, (int) other->n_values, match);
}

typedef struct
{
  guint32 track;
  guint32 votes;
} Candidate;

static int
by_votes (gconstpointer a,
          gconstpointer b)
{
  const Candidate *x = a, *y = b;

  if (x->votes != y->votes)
    return x->votes > y->votes ? -1 : 1;
  return x->track < y->track ? -1 : (x->track > y->track);
}

static int
by_similarity (gconstpointer a,
               gconstpointer b)
{
  const AkinRecordingMatch *x = a, *y = b;

  if (x->similarity != y->similarity)
    return x->similarity > y->similarity ? -1 : 1;
  return x->track_id < y->track_id ? -1 : (x->track_id > y->track_id);
}

static int
compare_i64 (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : (x > y);
}

/**
 * akin_fingerprint_index_find:
 * @self: an index
 * @fingerprint: a query
 * @exclude_id: a track never to return (the query's own), or 0
 *
 * Finds the tracks of the same recording as @fingerprint: copies in other
 * formats, excerpts of it, or the song it is an excerpt of.
 *
 * Returns: (transfer full) (element-type AkinRecordingMatch): the matches,
 *   most similar first
 */
GArray *
akin_fingerprint_index_find (AkinFingerprintIndex  *self,
                             const AkinFingerprint *fingerprint,
                             gint64                 exclude_id)
{
  GArray *matches = g_array_new (FALSE, FALSE, sizeof (AkinRecordingMatch));
  g_autofree guint32 *votes = NULL;
  g_autoptr(GArray) touched = NULL;
  g_autoptr(GArray) candidates = NULL;
  g_autoptr(GArray) offsets = NULL;
  guint exclude = G_MAXUINT, n_query_keys = 0, n_candidates;

  g_return_val_if_fail (self != NULL, matches);
  g_return_val_if_fail (fingerprint != NULL, matches);

  if (self->entries->len == 0
      || !akin_fingerprint_is_informative (fingerprint->values, fingerprint->n_values))
    return matches;
  if (!self->built)
    build (self);
  if (exclude_id != 0)
    exclude = GPOINTER_TO_UINT (g_hash_table_lookup (self->by_id, &exclude_id)) - 1;

  /* First pass: postings per track. */
  votes = g_new0 (guint32, self->entries->len);
  touched = g_array_new (FALSE, FALSE, sizeof (guint32));
  FOREACH_KEY (fingerprint, pos, key)
    {
      guint32 start = self->offsets[key], end = self->offsets[key + 1];

      n_query_keys++;
      if (end - start > MAX_POSTINGS)
        continue;
      for (guint32 p = start; p < end; p++)
        {
          guint32 t = self->postings[p].track;

          if (t == exclude)
            continue;
          if (votes[t]++ == 0)
            g_array_append_val (touched, t);
        }
    }

  candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));
  for (guint i = 0; i < touched->len; i++)
    {
      guint32 t = g_array_index (touched, guint32, i);
      const Entry *e = &g_array_index (self->entries, Entry, t);
      double need = MIN_VOTE_SHARE * MIN (n_query_keys, e->n_keys);

      if (votes[t] >= MIN_VOTES && votes[t] >= need)
        {
          Candidate c = { t, votes[t] };

          g_array_append_val (candidates, c);
        }
      votes[t] = 0;
    }
  if (candidates->len == 0)
    return matches;
  g_array_sort (candidates, by_votes);
  n_candidates = MIN (candidates->len, MAX_CANDIDATES);

  /* Second pass: the offsets of the candidates' postings (slot in the high
   * half, offset + 2^31 in the low half), to find each one's commonest. */
  for (guint c = 0; c < n_candidates; c++)
    votes[g_array_index (candidates, Candidate, c).track] = c + 1;
  offsets = g_array_new (FALSE, FALSE, sizeof (gint64));
  FOREACH_KEY (fingerprint, pos, key)
    {
      guint32 start = self->offsets[key], end = self->offsets[key + 1];

      if (end - start > MAX_POSTINGS)
        continue;
      for (guint32 p = start; p < end; p++)
        {
          guint32 slot = votes[self->postings[p].track];

          if (slot != 0)
            {
              gint64 v = ((gint64) (slot - 1) << 32)
                         | (guint32) ((gint64) self->postings[p].pos - pos + G_MAXINT32);

              g_array_append_val (offsets, v);
            }
        }
    }
  g_array_sort (offsets, compare_i64);

  for (guint i = 0; i < offsets->len;)
    {
      gint64 first = g_array_index (offsets, gint64, i);
      guint slot = (guint) (first >> 32);
      const Entry *e;
      AkinRecordingMatch match = { 0 };
      int best_offset = 0;
      guint best_run = 0, j = i;

      /* The commonest offset of this slot. */
      while (j < offsets->len && (guint) (g_array_index (offsets, gint64, j) >> 32) == slot)
        {
          gint64 v = g_array_index (offsets, gint64, j);
          guint run = 0;

          while (j < offsets->len && g_array_index (offsets, gint64, j) == v)
            {
              run++;
              j++;
            }
          if (run > best_run)
            {
              best_run = run;
              best_offset = (int) ((gint64) (guint32) v - G_MAXINT32);
            }
        }
      i = j;
      e = &g_array_index (self->entries, Entry,
                          g_array_index (candidates, Candidate, slot).track);
      if (verify (fingerprint, e->fp, best_offset - VERIFY_SPAN, best_offset + VERIFY_SPAN,
                  &match))
        {
          match.track_id = e->id;
          g_array_append_val (matches, match);
        }
    }
  g_array_sort (matches, by_similarity);
  return matches;
}
