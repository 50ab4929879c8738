/* akin-database.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The library database: one SQLite file shared by the app, the CLI and any
 * number of analysis workers, in one or several processes.
 *
 * - WAL journal: readers see a consistent snapshot while one writer
 *   commits; `synchronous=NORMAL` keeps the file consistent after a crash
 *   of the process (a power cut may lose the last transactions, never
 *   corrupt the file).
 * - Foreign keys on: descriptors and vectors go with their track.
 * - Every write that spans more than one statement runs in `BEGIN
 *   IMMEDIATE`, which takes the write lock up front, so a transaction never
 *   fails half-way with SQLITE_BUSY; the busy handler waits for the other
 *   writer (busy_timeout) and akin_database_begin() retries on top of that.
 * - The schema version is `PRAGMA user_version`. A file written by a newer
 *   Akin is refused before anything writes to it (the journal mode is only
 *   set after the version check).
 * - Statements are prepared once per connection and cached by their SQL
 *   text; all values are bound, never formatted into SQL.
 *
 * Threads: an AkinDatabase is one connection and is used by one thread at a
 * time (SQLITE_OPEN_NOMUTEX); open one per thread.
 */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <unistd.h>
#include <string.h>
#include <sys/types.h>

#include "akin-database-private.h"
#include "akin-error.h"
#include "audio/akin-key.h"

#define BUSY_TIMEOUT_MS  5000
#define BEGIN_ATTEMPTS   12

/* akin_pid_alive(pid): whether a process with that id exists on this host.
 * Claims left by a killed analyzer are recognised with it (WAL databases
 * are only ever shared between processes of one host). */
static void
sql_pid_alive (sqlite3_context *context,
               int              argc,
               sqlite3_value  **argv)
{
  gint64 pid = sqlite3_value_int64 (argv[0]);
  int alive;

  if (pid <= 0)
    alive = 0;
  else if (kill ((pid_t) pid, 0) == 0)
    alive = 1;
  else
    alive = (errno == EPERM);
  sqlite3_result_int (context, alive);
}

/* akin_key_rank (KEY): where the key sorts round the circle of fifths
 * (akin_key_fifths_rank()), NULL for NULL or a string that names no key,
 * so that "akin_key_rank (k) IS NULL" keeps those last. For the key order
 * of akin_database_list_track_ids(). */
static void
sql_key_rank (sqlite3_context *context,
              int              argc,
              sqlite3_value  **argv)
{
  const char *key = (const char *) sqlite3_value_text (argv[0]);
  int rank = key != NULL ? akin_key_fifths_rank (key) : AKIN_KEY_RANK_UNKNOWN;

  if (rank == AKIN_KEY_RANK_UNKNOWN)
    sqlite3_result_null (context);
  else
    sqlite3_result_int (context, rank);
}

/* akin_file_name (URI): the file name of a URI as the song list shows an
 * untitled song (unescaped, "%20" a space), so that a search finds it. */
static void
sql_file_name (sqlite3_context *context,
               int              argc,
               sqlite3_value  **argv)
{
  const char *uri = (const char *) sqlite3_value_text (argv[0]);
  const char *slash;
  g_autofree char *name = NULL;

  if (uri == NULL)
    {
      sqlite3_result_null (context);
      return;
    }
  slash = strrchr (uri, '/');
  name = g_uri_unescape_string (slash != NULL ? slash + 1 : uri, NULL);
  if (name == NULL)
    sqlite3_result_text (context, slash != NULL ? slash + 1 : uri, -1, SQLITE_TRANSIENT);
  else
    sqlite3_result_text (context, name, -1, SQLITE_TRANSIENT);
}

void
_akin_database_set_error (sqlite3    *db,
                          int         rc,
                          GError    **error,
                          const char *what)
{
  const char *msg = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, AKIN_ERROR, AKIN_ERROR_DATABASE_CORRUPT,
                   "The library database is damaged (%s: %s)", what, msg);
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                   "The library database is busy (%s: %s)", what, msg);
      break;
    case SQLITE_FULL:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   "No space left for the library database (%s: %s)", what, msg);
      break;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   "The library database cannot be written (%s: %s)", what, msg);
      break;
    case SQLITE_CANTOPEN:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "The library database cannot be opened (%s: %s)", what, msg);
      break;
    default:
      g_set_error (error, AKIN_ERROR, AKIN_ERROR_FAILED,
                   "Library database error (%s: %s)", what, msg);
      break;
    }
}

gint64
_akin_database_now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

void
_akin_bind_text (sqlite3_stmt *stmt,
                 int           index,
                 const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

char *
_akin_column_dup (sqlite3_stmt *stmt,
                  int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text != NULL ? g_strdup ((const char *) text) : NULL;
}

AkinCachedStmt *
_akin_database_prepare (AkinDatabase *self,
                        const char   *sql,
                        GError      **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_assert (self != NULL);

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    return stmt;

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _akin_database_set_error (self->db, rc, error, "prepare");
      return NULL;
    }
  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

gboolean
_akin_database_step_done (AkinDatabase   *self,
                          AkinCachedStmt *stmt,
                          GError        **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_DONE || rc == SQLITE_ROW)
    return TRUE;
  _akin_database_set_error (self->db, rc, error, "write");
  return FALSE;
}

gboolean
_akin_database_exec (AkinDatabase *self,
                     const char   *sql,
                     GError      **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      _akin_database_set_error (self->db, rc, error, sql);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_user_version (sqlite3 *db,
                   int     *version,
                   GError **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *version = sqlite3_column_int (stmt, 0);
      sqlite3_finalize (stmt);
      return TRUE;
    }
  _akin_database_set_error (db, rc, error, "reading the schema version");
  sqlite3_finalize (stmt);
  return FALSE;
}

static gboolean
run_quick_check (sqlite3 *db,
                 GError **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *first = NULL;
  int rc = sqlite3_prepare_v2 (db, "PRAGMA quick_check", -1, &stmt, NULL);

  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (first == NULL)
        first = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      _akin_database_set_error (db, rc, error, "integrity check");
      return FALSE;
    }
  if (g_strcmp0 (first, "ok") != 0)
    {
      g_set_error (error, AKIN_ERROR, AKIN_ERROR_DATABASE_CORRUPT,
                   "The library database is damaged: %s", first ? first : "no answer");
      return FALSE;
    }
  return TRUE;
}

/* Switching to WAL needs the file to itself for a moment, and SQLite does
 * not call the busy handler for it: while another process is creating the
 * file it fails with SQLITE_BUSY, so retry for as long as the busy timeout. */
static gboolean
set_wal (AkinDatabase *self,
         GError      **error)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) BUSY_TIMEOUT_MS * 1000;
  int rc;

  for (;;)
    {
      rc = sqlite3_exec (self->db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL);
      if ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED)
        break;
      if (g_get_monotonic_time () > deadline)
        break;
      g_usleep (g_random_int_range (2000, 20000));
    }
  if (rc != SQLITE_OK)
    {
      _akin_database_set_error (self->db, rc, error, "switching to WAL");
      return FALSE;
    }
  return TRUE;
}

/* Brings a connection to the current schema. Runs in BEGIN IMMEDIATE and
 * re-reads the version inside it, so two processes opening a new file at
 * once migrate it once. */
static gboolean
migrate (AkinDatabase *self,
         GError      **error)
{
  int version = 0;

  if (!akin_database_begin (self, error))
    return FALSE;
  if (!read_user_version (self->db, &version, error))
    goto fail;
  if (version > AKIN_DATABASE_SCHEMA_VERSION)
    {
      g_set_error (error, AKIN_ERROR, AKIN_ERROR_SCHEMA_TOO_NEW,
                   "The library database %s was written by a newer version of Akin "
                   "(schema %d, this version knows %d)",
                   self->path, version, AKIN_DATABASE_SCHEMA_VERSION);
      goto fail;
    }
  if (version < AKIN_DATABASE_SCHEMA_VERSION
      && !_akin_database_migrate (self->db, version, AKIN_DATABASE_SCHEMA_VERSION, error))
    goto fail;
  return akin_database_commit (self, error);

fail:
  akin_database_rollback (self);
  return FALSE;
}

static void
register_functions (sqlite3 *db)
{
  sqlite3_create_function_v2 (db, "akin_pid_alive", 1, SQLITE_UTF8, NULL,
                              sql_pid_alive, NULL, NULL, NULL);
  sqlite3_create_function_v2 (db, "akin_key_rank", 1,
                              SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, sql_key_rank, NULL, NULL,
                              NULL);
  sqlite3_create_function_v2 (db, "akin_file_name", 1,
                              SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, sql_file_name, NULL, NULL,
                              NULL);
}

static gboolean
check_version (const char *path,
               int         version,
               gboolean    read_only,
               GError    **error)
{
  if (version > AKIN_DATABASE_SCHEMA_VERSION)
    {
      g_set_error (error, AKIN_ERROR, AKIN_ERROR_SCHEMA_TOO_NEW,
                   "The library database %s was written by a newer version of Akin "
                   "(schema %d, this version knows %d)",
                   path, version, AKIN_DATABASE_SCHEMA_VERSION);
      return FALSE;
    }
  if (read_only && version == 0)
    {
      g_set_error (error, AKIN_ERROR, AKIN_ERROR_SCHEMA_TOO_OLD,
                   "%s holds no library yet; a scan (“akin-cli scan DIR”) creates one", path);
      return FALSE;
    }
  if (read_only && version < AKIN_DATABASE_SCHEMA_VERSION)
    {
      g_set_error (error, AKIN_ERROR, AKIN_ERROR_SCHEMA_TOO_OLD,
                   "The library database %s was written by an older version of Akin "
                   "(schema %d, this version knows %d); a scan (“akin-cli scan DIR”) "
                   "updates it", path, version, AKIN_DATABASE_SCHEMA_VERSION);
      return FALSE;
    }
  return TRUE;
}

static gboolean
can_write (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  return g_file_test (path, G_FILE_TEST_IS_REGULAR)
         && g_access (path, W_OK) == 0 && g_access (dir, W_OK) == 0;
}

/* A read-only connection never writes to the file, creates none beside it
 * and never migrates:
 * - where the file and its folder can be written, a read-write connection
 *   with `query_only`: it shares the WAL index with writers, and the last
 *   connection to close removes the -wal and -shm files, as after any
 *   other use (a SQLITE_OPEN_READONLY connection would leave them behind);
 * - elsewhere SQLITE_OPEN_READONLY, and when SQLite cannot set up the WAL
 *   index (a WAL database in a read-only folder without its -shm file)
 *   the file is read as immutable: nobody can write it there either. */
static gboolean
open_read_only (AkinDatabase  *self,
                int           *version,
                GError       **error)
{
  int rc;

  if (!g_file_test (self->path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "The library database %s does not exist", self->path);
      return FALSE;
    }

  if (can_write (self->path))
    {
      rc = sqlite3_open_v2 (self->path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                            NULL);
      if (rc == SQLITE_OK)
        rc = sqlite3_exec (self->db, "PRAGMA query_only=ON", NULL, NULL, NULL);
    }
  else
    {
      rc = sqlite3_open_v2 (self->path, &self->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX,
                            NULL);
    }
  if (rc == SQLITE_OK)
    {
      sqlite3_extended_result_codes (self->db, 1);
      sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
      if (read_user_version (self->db, version, NULL))
        return TRUE;
      rc = sqlite3_extended_errcode (self->db);
    }
  /* A WAL file in a folder nobody may write: SQLite cannot make its -shm
   * file (CANTINIT, CANTLOCK, or DIRECTORY when the folder is read-only). */
  if (rc == SQLITE_READONLY_CANTINIT || rc == SQLITE_READONLY_CANTLOCK
      || rc == SQLITE_READONLY_DIRECTORY || (rc & 0xff) == SQLITE_CANTOPEN)
    {
      g_autofree char *absolute = g_canonicalize_filename (self->path, NULL);
      g_autofree char *uri = g_filename_to_uri (absolute, NULL, NULL);
      g_autofree char *immutable = uri != NULL ? g_strconcat (uri, "?immutable=1", NULL) : NULL;

      g_clear_pointer (&self->db, sqlite3_close_v2);
      if (immutable == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                       "The library database %s cannot be opened: not a valid file name",
                       self->path);
          return FALSE;
        }
      rc = sqlite3_open_v2 (immutable, &self->db,
                            SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
      if (rc == SQLITE_OK)
        {
          sqlite3_extended_result_codes (self->db, 1);
          return read_user_version (self->db, version, error);
        }
    }
  _akin_database_set_error (self->db, rc, error, self->path);
  return FALSE;
}

/**
 * akin_database_open:
 * @path: the database file, created when absent; ":memory:" for a private
 *   in-memory database
 * @flags: #AkinDatabaseFlags
 * @error: %AKIN_ERROR_SCHEMA_TOO_NEW when a newer Akin wrote the file (it is
 *   left untouched), %AKIN_ERROR_SCHEMA_TOO_OLD when @flags has
 *   %AKIN_DATABASE_READ_ONLY and the file has an older schema or none,
 *   %AKIN_ERROR_DATABASE_CORRUPT when the file is damaged or not a
 *   database, a #G_IO_ERROR when it cannot be opened (%G_IO_ERROR_NOT_FOUND
 *   for a missing file opened read-only)
 *
 * Opens a connection and migrates the schema to
 * %AKIN_DATABASE_SCHEMA_VERSION when it is older; with
 * %AKIN_DATABASE_READ_ONLY, opens an existing file without writing to it.
 * Any thread; the connection then belongs to the calling thread.
 *
 * Returns: (transfer full) (nullable): the connection; close it with
 *   akin_database_close()
 */
AkinDatabase *
akin_database_open (const char        *path,
                    AkinDatabaseFlags  flags,
                    GError           **error)
{
  g_autoptr(AkinDatabase) self = NULL;
  gboolean read_only = (flags & AKIN_DATABASE_READ_ONLY) != 0;
  int version = 0;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_new0 (AkinDatabase, 1);
  self->path = g_strdup (path);
  self->read_only = read_only;
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) sqlite3_finalize);

  if (read_only)
    {
      if (!open_read_only (self, &version, error)
          || !check_version (path, version, TRUE, error))
        return NULL;
      if ((flags & AKIN_DATABASE_CHECK_INTEGRITY) != 0 && !run_quick_check (self->db, error))
        return NULL;
      register_functions (self->db);
      return g_steal_pointer (&self);
    }

  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      _akin_database_set_error (self->db, rc, error, path);
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  /* Until the version is known to be ours, closing must not even
   * checkpoint a WAL left by another program into the file. */
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);

  if (!read_user_version (self->db, &version, error)
      || !check_version (path, version, FALSE, error))
    return NULL;

  sqlite3_db_config (self->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, NULL);
  if (!set_wal (self, error)
      || !_akin_database_exec (self, "PRAGMA synchronous=NORMAL", error)
      || !_akin_database_exec (self, "PRAGMA foreign_keys=ON", error))
    return NULL;

  if ((flags & AKIN_DATABASE_CHECK_INTEGRITY) != 0 && !run_quick_check (self->db, error))
    return NULL;

  register_functions (self->db);

  if (version != AKIN_DATABASE_SCHEMA_VERSION && !migrate (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * akin_database_close:
 * @self: (transfer full) (nullable): a connection
 *
 * Closes the connection, rolling back an open transaction. From the thread
 * that uses it.
 */
void
akin_database_close (AkinDatabase *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    {
      if (!sqlite3_get_autocommit (self->db))
        sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      sqlite3_close_v2 (self->db);
    }
  g_free (self->path);
  g_free (self);
}

/**
 * akin_database_get_path:
 * @self: a connection
 *
 * Returns: the file name given to akin_database_open()
 */
const char *
akin_database_get_path (AkinDatabase *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->path;
}

/**
 * akin_database_get_schema_version:
 * @self: a connection
 *
 * Returns: the file's `user_version`, -1 when it cannot be read
 */
int
akin_database_get_schema_version (AkinDatabase *self)
{
  int version = -1;

  g_return_val_if_fail (self != NULL, -1);
  if (!read_user_version (self->db, &version, NULL))
    return -1;
  return version;
}

/**
 * akin_database_check_integrity:
 * @self: a connection
 * @error: %AKIN_ERROR_DATABASE_CORRUPT when damage is found
 *
 * Runs `PRAGMA integrity_check` (reads the whole file). From the
 * connection's thread.
 *
 * Returns: %TRUE when the file is sound
 */
gboolean
akin_database_check_integrity (AkinDatabase *self,
                               GError      **error)
{
  g_autoptr(AkinCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!(stmt = _akin_database_prepare (self, "PRAGMA integrity_check", error)))
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _akin_database_set_error (self->db, rc, error, "integrity check");
      return FALSE;
    }
  if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") != 0)
    {
      g_set_error (error, AKIN_ERROR, AKIN_ERROR_DATABASE_CORRUPT,
                   "The library database %s is damaged: %s",
                   self->path, sqlite3_column_text (stmt, 0));
      return FALSE;
    }
  return TRUE;
}

/**
 * akin_database_begin:
 * @self: a connection
 * @error: %G_IO_ERROR_BUSY when another writer held the lock for too long
 *
 * Starts a write transaction (`BEGIN IMMEDIATE`), waiting for other
 * writers. Calls nest: only the outermost akin_database_commit() commits.
 * From the connection's thread.
 *
 * Returns: %TRUE when the transaction is open
 */
gboolean
akin_database_begin (AkinDatabase *self,
                     GError      **error)
{
  int rc = SQLITE_BUSY;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (!self->in_read, FALSE);

  if (self->read_only)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_READ_ONLY,
                   "The library database %s was opened read-only", self->path);
      return FALSE;
    }
  if (self->tx_depth > 0)
    {
      self->tx_depth++;
      return TRUE;
    }
  /* The busy handler already waits BUSY_TIMEOUT_MS per attempt. */
  for (guint attempt = 0; attempt < BEGIN_ATTEMPTS; attempt++)
    {
      rc = sqlite3_exec (self->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
      if ((rc & 0xff) != SQLITE_BUSY)
        break;
      g_usleep (g_random_int_range (1000, 20000));
    }
  if (rc != SQLITE_OK)
    {
      _akin_database_set_error (self->db, rc, error, "begin");
      return FALSE;
    }
  self->tx_depth = 1;
  self->tx_failed = FALSE;
  return TRUE;
}

/**
 * akin_database_commit:
 * @self: a connection inside akin_database_begin()
 * @error: the reason the commit failed (the transaction is then rolled back)
 *
 * Ends one level of akin_database_begin(); the outermost level commits.
 *
 * Returns: %TRUE on success
 */
gboolean
akin_database_commit (AkinDatabase *self,
                      GError      **error)
{
  int rc;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (self->tx_depth > 0, FALSE);

  if (--self->tx_depth > 0)
    return TRUE;
  if (self->tx_failed)
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      g_set_error_literal (error, AKIN_ERROR, AKIN_ERROR_FAILED,
                           "An inner transaction failed; nothing was written");
      return FALSE;
    }
  rc = sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      _akin_database_set_error (self->db, rc, error, "commit");
      if (!sqlite3_get_autocommit (self->db))
        sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  return TRUE;
}

/**
 * akin_database_rollback:
 * @self: a connection inside akin_database_begin()
 *
 * Ends one level of akin_database_begin() discarding the writes; the whole
 * transaction is rolled back (at once for the outermost level, at the
 * outermost commit otherwise).
 */
void
akin_database_rollback (AkinDatabase *self)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (self->tx_depth > 0);

  if (--self->tx_depth > 0)
    {
      self->tx_failed = TRUE;
      return;
    }
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

/**
 * akin_database_begin_read:
 * @self: a connection outside any transaction
 * @error: the reason
 *
 * Starts a read transaction: every query until akin_database_end_read()
 * sees the same snapshot of the library, whatever other connections commit
 * meanwhile (e.g. a count and the pages of a list view). Keep it short: it
 * holds back WAL checkpoints.
 *
 * Returns: %TRUE on success
 */
gboolean
akin_database_begin_read (AkinDatabase *self,
                          GError      **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (self->tx_depth == 0 && !self->in_read, FALSE);

  /* A deferred BEGIN takes its snapshot at the first read. */
  if (!_akin_database_exec (self, "BEGIN; SELECT count(*) FROM tracks", error))
    {
      if (!sqlite3_get_autocommit (self->db))
        sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  self->in_read = TRUE;
  return TRUE;
}

/**
 * akin_database_end_read:
 * @self: a connection inside akin_database_begin_read()
 *
 * Ends the read snapshot.
 */
void
akin_database_end_read (AkinDatabase *self)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (self->in_read);

  self->in_read = FALSE;
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);
}
