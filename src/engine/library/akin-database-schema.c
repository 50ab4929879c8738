/* akin-database-schema.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The schema's forward migrations, and nothing else. migrations[v] takes a
 * database from version v to v + 1 (`PRAGMA user_version`). Never edit a
 * migration that has shipped: append a new one and bump
 * AKIN_DATABASE_SCHEMA_VERSION in akin-database.h. Every step runs inside
 * the caller's write transaction, so a failed step leaves the old version.
 *
 * Columns:
 * - tracks.uri: g_file_get_uri(), so names with any bytes are stored as
 *   escaped ASCII; tracks.mtime is in microseconds since the epoch.
 * - tracks.content_hash: see akin-content-hash.c (SHA-1 of the size and the
 *   first and last 64 KiB), used to recognise moved files.
 * - tracks.status: 'pending', 'analyzed', 'failed' or 'missing'.
 * - tracks.failure_transient: for a failed track, whether the failure may
 *   go away by itself (akin_error_is_transient()); such tracks are
 *   analysed again at each scan.
 * - tracks.claim_*: which analyzer is analysing the track right now (an
 *   owner token, its process id, and when the claim lapses).
 * - vectors.data: dim float32 values in the host's byte order.
 * - timbre.data: the whole-song timbre model (akin_timbre_model_as_floats(),
 *   AKIN_TIMBRE_MODEL_FLOATS float32 values in the host's byte order), under
 *   the id of its definition (AKIN_TIMBRE_FORMAT_ID).
 * - timbre_references: the similarity index's reference sample for mutual
 *   proximity, per timbre format: each reference's id and a copy of the
 *   part of its model the index compares (data: an AkinSimilarityTimbre in
 *   the host's byte order, written and read by the index), so the sample
 *   outlives the reference's track or a new analysis of it.
 * - timbre_norms: each track's mean and standard deviation of divergences
 *   to the sample, tagged with the sample's identity (a digest of its ids
 *   and models): a row of another sample is stale. Storing a new timbre
 *   model for a track deletes its row.
 * - fingerprints.data: the acoustic fingerprint (akin_fingerprint_encode(),
 *   Chromaprint's compressed form behind a checksum) of definition
 *   fingerprints.version (AKIN_FINGERPRINT_VERSION); empty when the audio
 *   has none (too short or too quiet), which never matches anything.
 * - fingerprints.lossless: whether the file's codec is lossless.
 * - fingerprints.recording: the recording the track belongs to, named by
 *   the id of its best copy (akin-recordings.c); the track's own id when
 *   it is the only copy, 0 while it has not been compared yet.
 */

#include "config.h"

#include "akin-database-private.h"

static const char * const migrations[] = {
  /* 0 → 1: the library. */
  "CREATE TABLE folders ("
  "  id INTEGER PRIMARY KEY,"
  "  uri TEXT NOT NULL UNIQUE,"
  "  added INTEGER NOT NULL"
  ");"
  "CREATE TABLE tracks ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  uri TEXT NOT NULL UNIQUE,"
  "  size INTEGER NOT NULL DEFAULT 0,"
  "  mtime INTEGER NOT NULL DEFAULT 0,"
  "  content_hash TEXT,"
  "  title TEXT, artist TEXT, album TEXT, album_artist TEXT, genre TEXT, date TEXT,"
  "  track_number INTEGER NOT NULL DEFAULT 0,"
  "  has_cover INTEGER NOT NULL DEFAULT 0,"
  "  duration REAL NOT NULL DEFAULT 0,"
  "  status TEXT NOT NULL DEFAULT 'pending'"
  "    CHECK (status IN ('pending', 'analyzed', 'failed', 'missing')),"
  "  last_error TEXT,"
  "  added INTEGER NOT NULL,"
  "  analyzed INTEGER NOT NULL DEFAULT 0,"
  "  updated INTEGER NOT NULL"
  ");"
  "CREATE INDEX tracks_status ON tracks (status);"
  "CREATE TABLE descriptors ("
  "  track_id INTEGER PRIMARY KEY REFERENCES tracks (id) ON DELETE CASCADE,"
  "  filename TEXT, title TEXT,"
  "  samplefreq INTEGER NOT NULL, sample_points INTEGER NOT NULL,"
  "  tempo_bpm REAL, rolloff_freq REAL, tuning REAL, duration REAL,"
  "  tonic TEXT, key_signature TEXT, z_dist_avg_to_tonic REAL"
  ");"
  "CREATE TABLE vectors ("
  "  track_id INTEGER NOT NULL REFERENCES tracks (id) ON DELETE CASCADE,"
  "  model_id TEXT NOT NULL,"
  "  dim INTEGER NOT NULL CHECK (dim > 0),"
  "  data BLOB NOT NULL CHECK (length (data) = 4 * dim),"
  "  PRIMARY KEY (track_id, model_id)"
  ") WITHOUT ROWID;",

  /* 1 → 2: claims, so several analyzers (threads or processes) share the
   * work without analysing a track twice; vectors by model for the index. */
  "ALTER TABLE tracks ADD COLUMN claim_owner TEXT;"
  "ALTER TABLE tracks ADD COLUMN claim_pid INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE tracks ADD COLUMN claim_expires INTEGER NOT NULL DEFAULT 0;"
  "CREATE INDEX vectors_model ON vectors (model_id);",

  /* 2 → 3: move detection by content, and the list view's sort orders. */
  "CREATE INDEX tracks_content ON tracks (content_hash, size);"
  "CREATE INDEX tracks_title ON tracks (title COLLATE NOCASE);"
  "CREATE INDEX tracks_artist ON tracks (artist COLLATE NOCASE);"
  "CREATE INDEX tracks_album ON tracks (album COLLATE NOCASE);",

  /* 3 → 4: the whole-song timbre model, beside the vectors: the similarity
   * index combines both. Tracks analysed before have none and are analysed
   * again. */
  "CREATE TABLE timbre ("
  "  track_id INTEGER NOT NULL REFERENCES tracks (id) ON DELETE CASCADE,"
  "  format_id TEXT NOT NULL,"
  "  data BLOB NOT NULL,"
  "  PRIMARY KEY (track_id, format_id)"
  ") WITHOUT ROWID;",

  /* 4 → 5: the mutual proximity statistics of the similarity index, so an
   * index is built without comparing every track to the sample again. */
  "CREATE TABLE timbre_references ("
  "  format_id TEXT NOT NULL,"
  "  track_id INTEGER NOT NULL,"
  "  data BLOB NOT NULL,"
  "  PRIMARY KEY (format_id, track_id)"
  ") WITHOUT ROWID;"
  "CREATE TABLE timbre_norms ("
  "  track_id INTEGER NOT NULL REFERENCES tracks (id) ON DELETE CASCADE,"
  "  format_id TEXT NOT NULL,"
  "  sample TEXT NOT NULL,"
  "  mean REAL NOT NULL,"
  "  std REAL NOT NULL,"
  "  PRIMARY KEY (track_id, format_id)"
  ") WITHOUT ROWID;",

  /* 5 → 6: whether a failure may go away by itself (the file could not be
   * read, the disk was full): such tracks are tried again at each scan.
   * The kind of older failures is unknown: they are tried once more. */
  "ALTER TABLE tracks ADD COLUMN failure_transient INTEGER NOT NULL DEFAULT 0;"
  "UPDATE tracks SET failure_transient = 1 WHERE status = 'failed';",

  /* 6 → 7: acoustic fingerprints and the recordings they group. Tracks
   * analysed before have none and are analysed again. */
  "CREATE TABLE fingerprints ("
  "  track_id INTEGER PRIMARY KEY REFERENCES tracks (id) ON DELETE CASCADE,"
  "  version INTEGER NOT NULL,"
  "  data BLOB NOT NULL,"
  "  lossless INTEGER NOT NULL DEFAULT 0,"
  "  recording INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX fingerprints_recording ON fingerprints (recording);",

  /* 7 → 8: the disc number, for albums on several discs. Older rows have
   * 0 (unknown) until their file changes and is read again: their albums
   * keep the track order. */
  "ALTER TABLE tracks ADD COLUMN disc_number INTEGER NOT NULL DEFAULT 0;",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == AKIN_DATABASE_SCHEMA_VERSION);

/*
 * _akin_database_migrate:
 * @db: a connection inside a write transaction
 * @from: the file's current version
 * @to: the version wanted, at most AKIN_DATABASE_SCHEMA_VERSION
 *
 * Applies the migrations from @from to @to and sets `user_version`. Tests
 * use it to build databases at every intermediate version.
 */
gboolean
_akin_database_migrate (sqlite3 *db,
                        int      from,
                        int      to,
                        GError **error)
{
  g_assert (from >= 0 && from <= to && to <= AKIN_DATABASE_SCHEMA_VERSION);

  for (int v = from; v < to; v++)
    {
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d", v + 1);
      int rc = sqlite3_exec (db, migrations[v], NULL, NULL, NULL);

      if (rc == SQLITE_OK)
        rc = sqlite3_exec (db, set_version, NULL, NULL, NULL);
      if (rc != SQLITE_OK)
        {
          g_autofree char *what = g_strdup_printf ("migration %d to %d", v, v + 1);

          _akin_database_set_error (db, rc, error, what);
          return FALSE;
        }
    }
  return TRUE;
}
