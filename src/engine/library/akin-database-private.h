/* akin-database-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the akin-database*.c files only: the connection struct and the
 * helpers that prepare, cache and run statements.
 */

#pragma once

#include <sqlite3.h>

#include "akin-database.h"

G_BEGIN_DECLS

struct _AkinDatabase
{
  sqlite3    *db;
  char       *path;
  GHashTable *statements;   /* SQL text (owned) → sqlite3_stmt*, prepared once */
  guint       tx_depth;     /* nesting of akin_database_begin() */
  gboolean    tx_failed;    /* an inner level rolled back: the outer commit fails */
  gboolean    in_read;
  gboolean    read_only;    /* AKIN_DATABASE_READ_ONLY: akin_database_begin() fails */
};

/* A cached statement that is reset and unbound when it goes out of scope:
 *   g_autoptr(AkinCachedStmt) stmt = _akin_database_prepare (self, SQL, error);
 */
typedef sqlite3_stmt AkinCachedStmt;

static inline void
_akin_cached_stmt_reset (AkinCachedStmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AkinCachedStmt, _akin_cached_stmt_reset)

AkinCachedStmt *_akin_database_prepare   (AkinDatabase  *self,
                                          const char    *sql,
                                          GError       **error);
gboolean        _akin_database_step_done (AkinDatabase  *self,
                                          AkinCachedStmt *stmt,
                                          GError       **error);
gboolean        _akin_database_exec      (AkinDatabase  *self,
                                          const char    *sql,
                                          GError       **error);
void            _akin_database_set_error (sqlite3       *db,
                                          int            rc,
                                          GError       **error,
                                          const char    *what);
void            _akin_bind_text          (sqlite3_stmt  *stmt,
                                          int            index,
                                          const char    *text);
char           *_akin_column_dup         (sqlite3_stmt  *stmt,
                                          int            column);
AkinTrack      *_akin_track_from_row     (sqlite3_stmt  *stmt);
gint64          _akin_database_now       (void);

/* The columns _akin_track_from_row() expects, in order. */
#define AKIN_TRACK_COLUMNS                                                \
  "id, uri, size, mtime, content_hash, title, artist, album, album_artist, " \
  "genre, date, track_number, has_cover, duration, status, last_error, "   \
  "added, analyzed, updated, disc_number"

/* akin-database-schema.c */
gboolean _akin_database_migrate (sqlite3  *db,
                                 int       from,
                                 int       to,
                                 GError  **error);

/* Also for the tests: the integrity check, a read snapshot and one track's
 * stored vector or timbre model (akin-database.c, akin-database-tracks.c,
 * akin-database-timbre.c). */
gboolean      akin_database_check_integrity  (AkinDatabase       *self,
                                              GError            **error);
gboolean      akin_database_begin_read       (AkinDatabase       *self,
                                              GError            **error);
void          akin_database_end_read         (AkinDatabase       *self);
float        *akin_database_get_vector       (AkinDatabase       *self,
                                              gint64              track_id,
                                              const char         *model_id,
                                              guint              *dim,
                                              GError            **error);
gboolean      akin_database_get_timbre       (AkinDatabase       *self,
                                              gint64              track_id,
                                              AkinTimbreModel    *model,
                                              GError            **error);

G_END_DECLS
