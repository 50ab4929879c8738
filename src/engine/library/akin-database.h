/* akin-database.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "akin-analysis-result.h"
#include "audio/akin-decoder.h"

G_BEGIN_DECLS

/* The schema version this code writes; see akin-database-schema.c. */
#define AKIN_DATABASE_SCHEMA_VERSION 8

/**
 * AkinDatabase:
 *
 * One connection to a library database file. It is not thread-safe: use
 * each #AkinDatabase from one thread at a time, and open one per thread
 * (the UI's main loop, each analysis worker). Any number of connections,
 * in any number of processes, may use the same file at once.
 */
typedef struct _AkinDatabase AkinDatabase;

/**
 * AkinDatabaseFlags:
 * @AKIN_DATABASE_FLAGS_NONE: no flags
 * @AKIN_DATABASE_CHECK_INTEGRITY: run `PRAGMA quick_check` when opening and
 *   fail with %AKIN_ERROR_DATABASE_CORRUPT if it finds damage (reads the
 *   whole file: do it once per process, not per worker)
 * @AKIN_DATABASE_READ_ONLY: open an existing file to read it only: nothing
 *   is created or written, the schema is not migrated (an older one is
 *   %AKIN_ERROR_SCHEMA_TOO_OLD), akin_database_begin() fails with
 *   %G_IO_ERROR_READ_ONLY; works in a read-only folder
 */
typedef enum
{
  AKIN_DATABASE_FLAGS_NONE      = 0,
  AKIN_DATABASE_CHECK_INTEGRITY = 1 << 0,
  AKIN_DATABASE_READ_ONLY       = 1 << 1,
} AkinDatabaseFlags;

/**
 * AkinTrackStatus:
 * @AKIN_TRACK_STATUS_PENDING: found, waiting for analysis
 * @AKIN_TRACK_STATUS_ANALYZED: analysed (with some model; see the vectors)
 * @AKIN_TRACK_STATUS_FAILED: analysis failed; the reason is in last_error
 * @AKIN_TRACK_STATUS_MISSING: the file was not found by the last scan
 */
typedef enum
{
  AKIN_TRACK_STATUS_PENDING,
  AKIN_TRACK_STATUS_ANALYZED,
  AKIN_TRACK_STATUS_FAILED,
  AKIN_TRACK_STATUS_MISSING,
} AkinTrackStatus;

#define AKIN_TRACK_STATUS_N 4

const char *akin_track_status_to_string (AkinTrackStatus status);

/**
 * AkinTrackSort:
 * Columns the track list can be sorted by (ties are broken by id).
 * %AKIN_TRACK_SORT_BPM, %AKIN_TRACK_SORT_KEY and %AKIN_TRACK_SORT_STATUS
 * (tempo, key signature, analysis status) are only accepted by
 * akin_database_list_track_ids().
 */
typedef enum
{
  AKIN_TRACK_SORT_ID,
  AKIN_TRACK_SORT_TITLE,
  AKIN_TRACK_SORT_ARTIST,
  AKIN_TRACK_SORT_ALBUM,
  AKIN_TRACK_SORT_GENRE,
  AKIN_TRACK_SORT_DATE,
  AKIN_TRACK_SORT_DURATION,
  AKIN_TRACK_SORT_ADDED,
  AKIN_TRACK_SORT_URI,
  AKIN_TRACK_SORT_BPM,
  AKIN_TRACK_SORT_KEY,
  AKIN_TRACK_SORT_STATUS,
} AkinTrackSort;

/**
 * AkinTrack:
 * @id: the stable id (never reused while the row exists; kept across moves)
 * @uri: the file's URI (from g_file_get_uri(), so any file name works)
 * @size: the file size in bytes
 * @mtime: the modification time, microseconds since the epoch
 * @content_hash: (nullable): see akin_content_hash_file()
 * @tags: the tags; strings owned by the track
 * @duration: seconds, 0 when not analysed
 * @status: the analysis status
 * @last_error: (nullable): why the last analysis failed
 * @added: when the track was first found, seconds since the epoch
 * @analyzed: when it was last analysed, 0 when never
 * @updated: when the row last changed
 * @tempo_bpm: the analysed tempo, 0 when unknown; only filled by
 *   akin_database_get_tracks()
 * @key_signature: (nullable): the analysed key, e.g. "A Minor"; only filled
 *   by akin_database_get_tracks()
 *
 * One row of the tracks table. Free with akin_track_free().
 */
typedef struct
{
  gint64           id;
  char            *uri;
  guint64          size;
  gint64           mtime;
  char            *content_hash;
  AkinTags         tags;
  double           duration;
  AkinTrackStatus  status;
  char            *last_error;
  gint64           added;
  gint64           analyzed;
  gint64           updated;
  double           tempo_bpm;
  char            *key_signature;
} AkinTrack;

void       akin_track_free (AkinTrack       *track);
AkinTrack *akin_track_copy (const AkinTrack *track);

/**
 * AkinStatusCounts:
 * How many tracks are in each status; @n[status], @total the sum.
 */
typedef struct
{
  guint n[AKIN_TRACK_STATUS_N];
  guint total;
} AkinStatusCounts;

/**
 * AkinVectorFunc:
 * @track_id: the track
 * @vector: (array length=dim): its vector, only valid during the call
 * @dim: the vector's length
 * @keys: artist, album_artist and album tags and the content hash (strings
 *   may be %NULL), only valid during the call
 * @user_data: closure data
 *
 * Receives one stored vector; see akin_database_foreach_vector().
 */
typedef void (*AkinVectorFunc) (gint64          track_id,
                                const float    *vector,
                                guint           dim,
                                const AkinTags *keys,
                                const char     *content_hash,
                                gpointer        user_data);

AkinDatabase *akin_database_open             (const char         *path,
                                              AkinDatabaseFlags   flags,
                                              GError            **error);
void          akin_database_close            (AkinDatabase       *self);
const char   *akin_database_get_path         (AkinDatabase       *self);
int           akin_database_get_schema_version (AkinDatabase     *self);

gboolean      akin_database_begin            (AkinDatabase       *self,
                                              GError            **error);
gboolean      akin_database_commit           (AkinDatabase       *self,
                                              GError            **error);
void          akin_database_rollback         (AkinDatabase       *self);

/* Tracks: queries (akin-database-tracks.c) */
AkinTrack    *akin_database_get_track        (AkinDatabase       *self,
                                              gint64              track_id,
                                              GError            **error);
AkinTrack    *akin_database_get_track_by_uri (AkinDatabase       *self,
                                              const char         *uri,
                                              GError            **error);
gboolean      akin_database_count_tracks     (AkinDatabase       *self,
                                              const char         *search,
                                              guint              *n_tracks,
                                              GError            **error);
GPtrArray    *akin_database_list_tracks      (AkinDatabase       *self,
                                              const char         *search,
                                              AkinTrackSort       sort,
                                              gboolean            descending,
                                              guint               offset,
                                              guint               limit,
                                              GError            **error);
gboolean      akin_database_count_by_status  (AkinDatabase       *self,
                                              AkinStatusCounts   *counts,
                                              GError            **error);
gboolean      akin_database_count_with_status (AkinDatabase     *self,
                                               AkinTrackStatus   status,
                                               guint            *n_tracks,
                                               GError          **error);
gboolean      akin_database_has_tracks_besides (AkinDatabase    *self,
                                                AkinTrackStatus  status,
                                                gboolean        *result,
                                                GError         **error);
GPtrArray    *akin_database_list_failed      (AkinDatabase       *self,
                                              GError            **error);
gboolean      akin_database_get_descriptors  (AkinDatabase       *self,
                                              gint64              track_id,
                                              AkinDescriptorRecord *record,
                                              GError            **error);
gboolean      akin_database_foreach_vector   (AkinDatabase       *self,
                                              const char         *model_id,
                                              AkinVectorFunc      func,
                                              gpointer            user_data,
                                              GError            **error);

/* Tracks: what a list view pages through (akin-database-rows.c) */
GArray       *akin_database_list_track_ids   (AkinDatabase       *self,
                                              const char         *search,
                                              AkinTrackSort       sort,
                                              gboolean            descending,
                                              GError            **error);
GPtrArray    *akin_database_get_tracks       (AkinDatabase       *self,
                                              const gint64       *ids,
                                              guint               n_ids,
                                              GError            **error);

/**
 * AkinTimbreFunc:
 * @track_id: the track
 * @model: its timbre model, only valid during the call
 * @user_data: closure data
 *
 * Receives one stored timbre model; see akin_database_foreach_timbre().
 */
typedef void (*AkinTimbreFunc) (gint64                 track_id,
                                const AkinTimbreModel *model,
                                gpointer               user_data);

gboolean      akin_database_foreach_timbre   (AkinDatabase       *self,
                                              AkinTimbreFunc      func,
                                              gpointer            user_data,
                                              GError            **error);

/* The similarity index's mutual proximity statistics (akin-database-norms.c) */

/**
 * AkinTimbreReferenceFunc:
 * @track_id: a reference track
 * @data: (array length=size): what the index keeps of its model, only
 *   valid during the call
 * @size: its size in bytes
 * @user_data: closure data
 *
 * Receives one track of a stored reference sample; see
 * akin_database_foreach_timbre_reference().
 */
typedef void (*AkinTimbreReferenceFunc) (gint64        track_id,
                                         gconstpointer data,
                                         gsize         size,
                                         gpointer      user_data);

/**
 * AkinTimbreNormFunc:
 * @track_id: the track
 * @norm: its statistics, only valid during the call
 * @user_data: closure data
 *
 * Receives one track's stored statistics; see
 * akin_database_foreach_timbre_norm().
 */
typedef void (*AkinTimbreNormFunc) (gint64                track_id,
                                    const AkinTimbreNorm *norm,
                                    gpointer              user_data);

gboolean      akin_database_foreach_timbre_reference (AkinDatabase            *self,
                                                      const char              *format_id,
                                                      AkinTimbreReferenceFunc  func,
                                                      gpointer                 user_data,
                                                      GError                 **error);
gboolean      akin_database_set_timbre_references    (AkinDatabase            *self,
                                                      const char              *format_id,
                                                      const gint64            *ids,
                                                      gconstpointer            data,
                                                      gsize                    size,
                                                      guint                    n,
                                                      GError                 **error);
gboolean      akin_database_foreach_timbre_norm      (AkinDatabase            *self,
                                                      const char              *format_id,
                                                      const char              *sample,
                                                      AkinTimbreNormFunc       func,
                                                      gpointer                 user_data,
                                                      GError                 **error);
gboolean      akin_database_store_timbre_norms       (AkinDatabase            *self,
                                                      const char              *format_id,
                                                      const char              *sample,
                                                      const gint64            *ids,
                                                      const AkinTimbreNorm    *norms,
                                                      guint                    n,
                                                      GError                 **error);

/* Files: what a folder scan writes (akin-database-files.c) */
gint64        akin_database_add_file         (AkinDatabase       *self,
                                              const char         *uri,
                                              guint64             size,
                                              gint64              mtime,
                                              const char         *content_hash,
                                              GError            **error);
gboolean      akin_database_update_file      (AkinDatabase       *self,
                                              gint64              track_id,
                                              guint64             size,
                                              gint64              mtime,
                                              const char         *content_hash,
                                              gboolean            content_changed,
                                              GError            **error);
gboolean      akin_database_move_track       (AkinDatabase       *self,
                                              gint64              track_id,
                                              const char         *new_uri,
                                              guint64             size,
                                              gint64              mtime,
                                              GError            **error);
GPtrArray    *akin_database_find_by_hash     (AkinDatabase       *self,
                                              const char         *content_hash,
                                              guint64             size,
                                              GError            **error);
GArray       *akin_database_list_ids_under   (AkinDatabase       *self,
                                              const char         *folder_uri,
                                              gboolean            include_missing,
                                              GError            **error);
gboolean      akin_database_mark_missing     (AkinDatabase       *self,
                                              gint64              track_id,
                                              GError            **error);
gboolean      akin_database_clean_missing    (AkinDatabase       *self,
                                              guint              *n_removed,
                                              GError            **error);
gboolean      akin_database_add_folder       (AkinDatabase       *self,
                                              const char         *uri,
                                              GError            **error);
gboolean      akin_database_remove_folder    (AkinDatabase       *self,
                                              const char         *uri,
                                              GError            **error);
GStrv         akin_database_list_folders     (AkinDatabase       *self,
                                              GError            **error);

/* Analysis: claims and results (akin-database-analysis.c) */
GArray       *akin_database_list_needing_analysis (AkinDatabase  *self,
                                              const char         *model_id,
                                              GError            **error);
gboolean      akin_database_claim_track      (AkinDatabase       *self,
                                              gint64              track_id,
                                              const char         *model_id,
                                              const char         *owner,
                                              guint               lease_seconds,
                                              char              **uri,
                                              GError            **error);
gboolean      akin_database_release_claims   (AkinDatabase       *self,
                                              const char         *owner,
                                              GError            **error);
gboolean      akin_database_store_analysis   (AkinDatabase       *self,
                                              gint64              track_id,
                                              const AkinAnalysisResult *result,
                                              GError            **error);
gboolean      akin_database_store_failure    (AkinDatabase       *self,
                                              gint64              track_id,
                                              const char         *reason,
                                              GError            **error);
gboolean      akin_database_store_transient_failure (AkinDatabase *self,
                                              gint64              track_id,
                                              const char         *reason,
                                              GError            **error);
gboolean      akin_database_forget_vectors   (AkinDatabase       *self,
                                              const char         *model_id,
                                              const gint64       *track_ids,
                                              guint               n,
                                              GError            **error);
gboolean      akin_database_retry_failed     (AkinDatabase       *self,
                                              guint              *n_retried,
                                              GError            **error);

/**
 * AkinFingerprintRow:
 * @track_id: the track
 * @data: (array length=size): its fingerprint as stored, only valid during
 *   the call
 * @size: its size in bytes
 * @recording: the recording it belongs to (see akin-recordings.c), 0 when
 *   not compared yet
 * @lossless: whether the file's codec is lossless
 * @file_size: the file's size in bytes
 * @duration: the track's duration in seconds
 * @uri: the file, only valid during the call
 *
 * One stored fingerprint; see akin_database_foreach_fingerprint().
 */
typedef struct
{
  gint64         track_id;
  gconstpointer  data;
  gsize          size;
  gint64         recording;
  gboolean       lossless;
  guint64        file_size;
  double         duration;
  const char    *uri;
} AkinFingerprintRow;

typedef void (*AkinFingerprintRowFunc) (const AkinFingerprintRow *row,
                                        gpointer                  user_data);

/**
 * AkinRecordingMember:
 * @recording: a recording, named by the id of its best copy
 * @track_id: one of its tracks
 * @lossless: whether that track's codec is lossless
 */
typedef struct
{
  gint64   recording;
  gint64   track_id;
  gboolean lossless;
} AkinRecordingMember;

/* Fingerprints and recordings (akin-database-fingerprints.c) */
gboolean      akin_database_foreach_fingerprint (AkinDatabase    *self,
                                              AkinFingerprintRowFunc func,
                                              gpointer            user_data,
                                              GError            **error);
GBytes       *akin_database_get_fingerprint  (AkinDatabase       *self,
                                              gint64              track_id,
                                              GError            **error);
gboolean      akin_database_set_recordings   (AkinDatabase       *self,
                                              const gint64       *ids,
                                              const gint64       *recordings,
                                              guint               n,
                                              GError            **error);
GArray       *akin_database_list_recordings  (AkinDatabase       *self,
                                              GError            **error);
gboolean      akin_database_get_recording    (AkinDatabase       *self,
                                              gint64              track_id,
                                              gint64             *recording,
                                              GError            **error);
char         *akin_database_get_content_key  (AkinDatabase       *self,
                                              const AkinTrack    *track,
                                              gint64             *best_copy);

/**
 * AkinModelVectorCount:
 * @model_id: a model id
 * @n_vectors: how many tracks have a vector from that model
 */
typedef struct
{
  char  *model_id;
  guint  n_vectors;
} AkinModelVectorCount;

/* Reports (akin-database-stats.c) */
void          akin_model_vector_count_free   (AkinModelVectorCount *count);
GPtrArray    *akin_database_count_vectors_by_model (AkinDatabase *self,
                                              GError            **error);

/**
 * AkinAlbum:
 * @name: (nullable): the album's name; %NULL for an artist
 * @artist: (nullable): its album artist (or the artist)
 * @n_tracks: how many songs it has
 * @n_albums: for an artist, how many albums
 * @cover_uri: (nullable): a song of it, where to look for a cover
 * @year: the earliest year its songs' dates give, 0 when none does
 *
 * One album or artist of the library (akin-database-albums.c).
 */
typedef struct
{
  char  *name;
  char  *artist;
  guint  n_tracks;
  guint  n_albums;
  char  *cover_uri;
  guint  year;
} AkinAlbum;

void          akin_album_free                (AkinAlbum          *album);
GPtrArray    *akin_database_list_albums      (AkinDatabase       *self,
                                              const char         *artist,
                                              GError            **error);
GPtrArray    *akin_database_list_artists     (AkinDatabase       *self,
                                              GError            **error);
GArray       *akin_database_list_album_track_ids (AkinDatabase   *self,
                                              const char         *album,
                                              const char         *artist,
                                              GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AkinDatabase, akin_database_close)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AkinTrack, akin_track_free)

G_END_DECLS
