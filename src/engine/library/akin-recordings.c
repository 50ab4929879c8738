/* akin-recordings.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Recordings: the files of a library that hold the same recording (an Ogg
 * and an MP3 of one song, a lossless rip beside a lossy copy, a clip cut
 * from it), found by their acoustic fingerprints (akin-fingerprint-index.c)
 * and kept in the database (fingerprints.recording).
 *
 * A recording is named by the id of its best copy: a whole copy before an
 * excerpt, then lossless before lossy, then the higher bit rate (file size
 * over duration), then the longer, then the older track. Lists that should show a recording once show that copy.
 *
 * akin_recordings_update() runs after an analysis: each track analysed
 * since (recording 0) is looked up in an index of every fingerprint, joined
 * to the recordings it matches (merging them when it matches several), and
 * every recording whose best copy changed, or whose naming track is gone,
 * is named again. A track's new analysis (its file changed) compares it
 * afresh. Tracks without a fingerprint are their own recording and are
 * never compared. A damaged fingerprint is reported by track and skipped.
 *
 * Threads: from the thread that uses the database connection.
 */

#include "config.h"

#include "akin-analyzer.h"
#include "akin-error.h"
#include "akin-recordings-private.h"
#include "akin-recordings.h"

typedef struct
{
  gint64   id;
  gint64   recording;
  gboolean lossless;
  double   bitrate;
  double   duration;
} Member;

typedef struct
{
  GArray               *members;     /* Member, in the index's order */
  AkinFingerprintIndex *index;
  GPtrArray            *problems;    /* nullable */
} Loader;

static void
load_row (const AkinFingerprintRow *row,
          gpointer                  user_data)
{
  Loader *loader = user_data;
  g_autoptr(GError) error = NULL;
  AkinFingerprint *fp = akin_fingerprint_decode (row->data, row->size, &error);
  Member m;

  if (fp == NULL)
    {
      g_debug ("Skipping the fingerprint of track %" G_GINT64_FORMAT ": %s",
               row->track_id, error->message);
      if (loader->problems != NULL)
        {
          AkinAnalyzerProblem *problem = g_new0 (AkinAnalyzerProblem, 1);

          problem->uri = g_strdup (row->uri);
          problem->error = g_error_new (error->domain, error->code,
                                        "Track %" G_GINT64_FORMAT ": %s; it is left out of "
                                        "the comparison of recordings",
                                        row->track_id, error->message);
          g_ptr_array_add (loader->problems, problem);
        }
      return;
    }
  m.id = row->track_id;
  m.recording = row->recording;
  m.lossless = row->lossless;
  m.duration = row->duration;
  m.bitrate = row->duration > 0 ? 8.0 * (double) row->file_size / row->duration : 0;
  akin_fingerprint_index_add (loader->index, row->track_id, fp);
  if (loader->members != NULL)
    g_array_append_val (loader->members, m);
}

/**
 * akin_fingerprint_index_new_from_database:
 * @db: a library
 * @problems: (element-type AkinAnalyzerProblem) (nullable): receives one
 *   problem per damaged fingerprint (%AKIN_ERROR_DATABASE_CORRUPT), naming
 *   its track and file
 * @error: why the database could not be read
 *
 * An index of every stored fingerprint; damaged ones are left out.
 *
 * Returns: (transfer full) (nullable): the index
 */
AkinFingerprintIndex *
akin_fingerprint_index_new_from_database (AkinDatabase  *db,
                                          GPtrArray     *problems,
                                          GError       **error)
{
  g_autoptr(AkinFingerprintIndex) index = akin_fingerprint_index_new ();
  Loader loader = { NULL, index, problems };

  if (!akin_database_foreach_fingerprint (db, load_row, &loader, error))
    return NULL;
  return g_steal_pointer (&index);
}

/* Whether @a is a better copy than @b, of a recording whose longest copy
 * lasts @longest seconds: a whole copy before an excerpt (under 90 % of
 * the longest), then lossless before lossy, the higher bit rate, the
 * longer, the older. */
static gboolean
better (const Member *a,
        const Member *b,
        double        longest)
{
  gboolean a_whole = a->duration >= 0.9 * longest, b_whole = b->duration >= 0.9 * longest;

  if (a_whole != b_whole)
    return a_whole;
  if (a->lossless != b->lossless)
    return a->lossless;
  /* Bit rates within 2 % are one bit rate (container overhead, tags). */
  if (a->bitrate > 1.02 * b->bitrate || b->bitrate > 1.02 * a->bitrate)
    return a->bitrate > b->bitrate;
  if (a->duration > b->duration + 1.0 || b->duration > a->duration + 1.0)
    return a->duration > b->duration;
  return a->id < b->id;
}

static guint
find_root (guint *parent,
           guint  i)
{
  while (parent[i] != i)
    {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
  return i;
}

static void
unite (guint *parent,
       guint  a,
       guint  b)
{
  a = find_root (parent, a);
  b = find_root (parent, b);
  if (a != b)
    parent[MAX (a, b)] = MIN (a, b);
}

/**
 * akin_recordings_update:
 * @db: a library
 * @problems: (element-type AkinAnalyzerProblem) (nullable): receives one
 *   problem per damaged fingerprint (%AKIN_ERROR_DATABASE_CORRUPT), naming
 *   its track and file
 * @n_changed: (out) (optional): how many tracks changed recording
 * @cancellable: (nullable): stops between two lookups
 * @error: why the database could not be read or written
 *
 * Brings the recordings up to date (see the top of this file). Cheap when
 * nothing changed since the last call.
 *
 * Returns: %TRUE on success
 */
gboolean
akin_recordings_update (AkinDatabase  *db,
                        GPtrArray     *problems,
                        guint         *n_changed,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(AkinFingerprintIndex) index = akin_fingerprint_index_new ();
  g_autoptr(GArray) members = g_array_new (FALSE, FALSE, sizeof (Member));
  g_autoptr(GHashTable) by_label = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) labels = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree guint *parent = NULL;
  g_autofree guint *best = NULL;
  g_autofree double *longest = NULL;
  Loader loader = { members, index, problems };
  gboolean stale = FALSE;
  guint n;

  g_return_val_if_fail (db != NULL, FALSE);

  if (n_changed != NULL)
    *n_changed = 0;
  if (!akin_database_foreach_fingerprint (db, load_row, &loader, error))
    return FALSE;
  n = members->len;
  parent = g_new (guint, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      Member *m = &g_array_index (members, Member, i);

      parent[i] = i;
      g_hash_table_insert (by_id, &m->id, GUINT_TO_POINTER (i + 1));
    }

  /* The recordings as stored, and whether anything needs doing. */
  for (guint i = 0; i < n; i++)
    {
      Member *m = &g_array_index (members, Member, i);
      gpointer first;

      if (m->recording == 0)
        {
          stale = TRUE;
          continue;
        }
      if (!g_hash_table_contains (by_id, &m->recording))
        stale = TRUE;
      first = g_hash_table_lookup (by_label, &m->recording);
      if (first == NULL)
        g_hash_table_insert (by_label, &m->recording, GUINT_TO_POINTER (i + 1));
      else
        unite (parent, GPOINTER_TO_UINT (first) - 1, i);
    }
  if (!stale)
    return TRUE;

  /* New tracks join what they match. */
  for (guint i = 0; i < n; i++)
    {
      Member *m = &g_array_index (members, Member, i);
      g_autoptr(GArray) matches = NULL;

      if (m->recording != 0)
        continue;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      matches = akin_fingerprint_index_find (index, akin_fingerprint_index_lookup (index, m->id),
                                             m->id);
      for (guint j = 0; j < matches->len; j++)
        {
          gint64 other = g_array_index (matches, AkinRecordingMatch, j).track_id;

          unite (parent, i, GPOINTER_TO_UINT (g_hash_table_lookup (by_id, &other)) - 1);
        }
    }

  /* Each recording is named by its best copy. */
  best = g_new (guint, MAX (n, 1));
  longest = g_new0 (double, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      guint root = find_root (parent, i);

      best[i] = G_MAXUINT;
      longest[root] = MAX (longest[root], g_array_index (members, Member, i).duration);
    }
  for (guint i = 0; i < n; i++)
    {
      guint root = find_root (parent, i);

      if (best[root] == G_MAXUINT
          || better (&g_array_index (members, Member, i),
                     &g_array_index (members, Member, best[root]), longest[root]))
        best[root] = i;
    }
  for (guint i = 0; i < n; i++)
    {
      Member *m = &g_array_index (members, Member, i);
      gint64 label = g_array_index (members, Member, best[find_root (parent, i)]).id;

      if (m->recording != label)
        {
          g_array_append_val (ids, m->id);
          g_array_append_val (labels, label);
        }
    }
  if (ids->len > 0
      && !akin_database_set_recordings (db, (const gint64 *) ids->data,
                                        (const gint64 *) labels->data, ids->len, error))
    return FALSE;
  if (n_changed != NULL)
    *n_changed = ids->len;
  return TRUE;
}

/**
 * akin_recordings_find_in_library:
 * @db: a library
 * @fingerprint: the fingerprint of a file, e.g. one outside the library
 * @problems: (element-type AkinAnalyzerProblem) (nullable): receives one
 *   problem per damaged fingerprint (%AKIN_ERROR_DATABASE_CORRUPT), naming
 *   its track and file
 * @error: why the database could not be read
 *
 * The library's tracks of the same recording as @fingerprint.
 *
 * Returns: (transfer full) (element-type AkinRecordingMatch) (nullable):
 *   the matches, most similar first
 */
GArray *
akin_recordings_find_in_library (AkinDatabase          *db,
                                 const AkinFingerprint *fingerprint,
                                 GPtrArray             *problems,
                                 GError               **error)
{
  g_autoptr(AkinFingerprintIndex) index = NULL;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (fingerprint != NULL, NULL);

  index = akin_fingerprint_index_new_from_database (db, problems, error);
  if (index == NULL)
    return NULL;
  return akin_fingerprint_index_find (index, fingerprint, 0);
}
