/* test-analyzer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The analyzer against real folders, real files and real processes, with
 * the toy analysis of byte-analysis.c standing in for the audio pipeline.
 */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <unistd.h>
#include <utime.h>

#include "akin-analyzer-private.h"
#include "akin-analyzer.h"
#include "akin-database-private.h"
#include "akin-database.h"
#include "akin-error.h"
#include "byte-analysis.h"
#include "test-tmpdir.h"

typedef struct
{
  char *dir;       /* the temporary root */
  char *music;     /* the folder scanned */
  char *db_path;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("akin-analyzer-XXXXXX", &error);
  g_assert_no_error (error);
  f->music = g_build_filename (f->dir, "music", NULL);
  f->db_path = g_build_filename (f->dir, "library.db", NULL);
  g_assert_cmpint (g_mkdir (f->music, 0755), ==, 0);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->music);
  g_free (f->db_path);
}

static char *
write_song (const char *folder,
            const char *name,
            guint32     seed)
{
  g_autofree char *title = g_strdup_printf ("Song %u", seed);
  g_autoptr(GBytes) bytes = byte_analysis_make_file (title, seed % 3 ? "Band" : "Solo", "LP",
                                                     seed, 200 + seed % 50);
  char *path = g_build_filename (folder, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (bytes, NULL),
                                      g_bytes_get_size (bytes), &error));
  g_assert_no_error (error);
  return path;
}

static char *
uri_of (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return g_file_get_uri (file);
}

static AkinAnalyzer *
make_analyzer (Fixture      *f,
               ByteAnalysis *config,
               guint         n_workers)
{
  AkinAnalyzer *analyzer = akin_analyzer_new (f->db_path, BYTE_ANALYSIS_MODEL);
  g_autoptr(GFile) folder = g_file_new_for_path (f->music);

  akin_analyzer_set_analyze_func (analyzer, byte_analysis_analyze, config, NULL);
  akin_analyzer_set_n_workers (analyzer, n_workers);
  akin_analyzer_add_folder (analyzer, folder);
  return analyzer;
}

typedef struct
{
  GThread              *thread;
  guint                 n_calls;
  AkinAnalyzerProgress  last;
  GHashTable           *analyzed;   /* ids from ::track-analyzed */
} ProgressLog;

static void
on_track_analyzed (AkinAnalyzer *analyzer,
                   gint64        track_id,
                   ProgressLog  *log)
{
  g_assert_true (g_thread_self () == log->thread);
  /* Each track once, and only after progress counted it. */
  g_assert_true (g_hash_table_add (log->analyzed, g_memdup2 (&track_id, sizeof track_id)));
  g_assert_cmpuint (g_hash_table_size (log->analyzed), <=, log->last.n_done);
}

static void
log_progress (AkinAnalyzer               *analyzer,
              const AkinAnalyzerProgress *progress,
              gpointer                    user_data)
{
  ProgressLog *log = user_data;

  g_assert_true (g_thread_self () == log->thread);
  g_assert_cmpuint (progress->n_done + progress->n_failed + progress->n_skipped, <=,
                    progress->n_total);
  log->last = *progress;
  log->n_calls++;
}

static guint
scan (Fixture      *f,
      guint         n_workers,
      ProgressLog  *log)
{
  ByteAnalysis config = { 0 };
  g_autoptr(AkinAnalyzer) analyzer = make_analyzer (f, &config, n_workers);
  g_autoptr(GError) error = NULL;

  if (log != NULL)
    {
      log->thread = g_thread_self ();
      log->analyzed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
      akin_analyzer_set_progress_func (analyzer, log_progress, log, NULL);
      g_signal_connect (analyzer, "track-analyzed", G_CALLBACK (on_track_analyzed), log);
    }
  g_assert_true (akin_analyzer_run_sync (analyzer, NULL, &error));
  g_assert_no_error (error);
  return (guint) g_atomic_int_get (&config.n_calls);
}

static void
assert_counts (Fixture *f,
               guint    analyzed,
               guint    failed,
               guint    missing)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AkinDatabase) db = akin_database_open (f->db_path, 0, &error);
  AkinStatusCounts counts;

  g_assert_no_error (error);
  g_assert_true (akin_database_count_by_status (db, &counts, &error));
  g_assert_cmpuint (counts.n[AKIN_TRACK_STATUS_ANALYZED], ==, analyzed);
  g_assert_cmpuint (counts.n[AKIN_TRACK_STATUS_FAILED], ==, failed);
  g_assert_cmpuint (counts.n[AKIN_TRACK_STATUS_MISSING], ==, missing);
  g_assert_cmpuint (counts.n[AKIN_TRACK_STATUS_PENDING], ==, 0);
}

/* The stored vector is the one the analysis computes from the file's bytes. */
static gint64
assert_stored (AkinDatabase *db,
               const char   *path)
{
  g_autofree char *uri = uri_of (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(AkinTrack) track = akin_database_get_track_by_uri (db, uri, &error);
  g_autofree float *stored = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) bytes = NULL;
  float expected[BYTE_ANALYSIS_DIM];
  guint dim = 0;
  gsize length;

  g_assert_no_error (error);
  g_assert_cmpint (track->status, ==, AKIN_TRACK_STATUS_ANALYZED);
  stored = akin_database_get_vector (db, track->id, BYTE_ANALYSIS_MODEL, &dim, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dim, ==, BYTE_ANALYSIS_DIM);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  g_assert_true (byte_analysis_vector (bytes, expected, NULL));
  g_assert_cmpmem (stored, dim * sizeof (float), expected, sizeof expected);
  g_assert_true (g_str_has_prefix (track->tags.title, "Song "));
  return track->id;
}

static void
test_scan (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *sub = g_build_filename (f->music, "sub", "deeper", NULL);
  g_autofree char *other = g_build_filename (f->music, "other", NULL);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(AkinDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *moved = NULL;
  ProgressLog log = { 0 };
  gint64 moved_id;
  guint n = 0;

  g_assert_cmpint (g_mkdir_with_parents (sub, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (other, 0755), ==, 0);
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *name = g_strdup_printf ("%02u.ogg", i);

      g_ptr_array_add (paths, write_song (i % 2 ? sub : f->music, name, i));
    }
  /* Not audio by name: never looked at. */
  {
    g_autofree char *notes = g_build_filename (f->music, "notes.txt", NULL);

    g_assert_true (g_file_set_contents (notes, "x", 1, NULL));
  }

  g_assert_cmpuint (scan (f, 3, &log), ==, 20);
  g_assert_cmpint (log.last.phase, ==, AKIN_ANALYZER_PHASE_FINISHED);
  g_assert_cmpuint (log.last.n_found, ==, 20);
  g_assert_cmpuint (log.last.n_total, ==, 20);
  g_assert_cmpuint (log.last.n_done, ==, 20);
  g_assert_cmpuint (log.last.n_failed + log.last.n_skipped, ==, 0);
  g_assert_cmpuint (g_hash_table_size (log.analyzed), ==, 20);
  g_clear_pointer (&log.analyzed, g_hash_table_unref);
  assert_counts (f, 20, 0, 0);
  db = akin_database_open (f->db_path, 0, &error);
  for (guint i = 0; i < paths->len; i++)
    assert_stored (db, paths->pdata[i]);

  /* Nothing changed: nothing analysed. */
  g_assert_cmpuint (scan (f, 2, NULL), ==, 0);

  /* Same content, new mtime: not analysed again. Other content: analysed. */
  {
    g_autoptr(GFile) touched = g_file_new_for_path (paths->pdata[0]);

    g_assert_true (g_file_set_attribute_uint64 (touched, G_FILE_ATTRIBUTE_TIME_MODIFIED,
                                                g_get_real_time () / G_USEC_PER_SEC + 100,
                                                G_FILE_QUERY_INFO_NONE, NULL, &error));
    g_free (write_song (sub, "01.ogg", 777));
  }
  g_assert_cmpuint (scan (f, 2, NULL), ==, 1);
  assert_stored (db, paths->pdata[1]);

  /* A move keeps the id and the analysis. */
  moved_id = assert_stored (db, paths->pdata[4]);
  moved = g_build_filename (other, "renamed 04.ogg", NULL);
  g_assert_cmpint (g_rename (paths->pdata[4], moved), ==, 0);
  g_assert_cmpuint (scan (f, 2, NULL), ==, 0);
  g_assert_cmpint (assert_stored (db, moved), ==, moved_id);
  assert_counts (f, 20, 0, 0);

  /* Deleted: missing until cleaned. */
  g_assert_cmpint (g_remove (paths->pdata[6]), ==, 0);
  g_assert_cmpuint (scan (f, 2, NULL), ==, 0);
  assert_counts (f, 19, 0, 1);
  g_assert_true (akin_database_count_tracks (db, NULL, &n, &error));
  g_assert_cmpuint (n, ==, 19);
  g_assert_true (akin_database_clean_missing (db, &n, &error));
  g_assert_cmpuint (n, ==, 1);
  assert_counts (f, 19, 0, 0);
}

static gboolean
analyze_v2 (GFile               *file,
            gpointer             user_data,
            AkinAnalysisResult **result,
            GCancellable        *cancellable,
            GError             **error)
{
  AkinAnalysisResult *r = NULL;

  if (!byte_analysis_analyze (file, user_data, &r, cancellable, error))
    return FALSE;
  g_free (r->model_id);
  r->model_id = g_strdup ("bytes-v2");
  *result = r;
  return TRUE;
}

/* A new model re-analyses every track; the old vectors stay. */
static void
test_model_change (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(AkinAnalyzer) analyzer = NULL;
  g_autoptr(GFile) folder = g_file_new_for_path (f->music);
  g_autoptr(GError) error = NULL;
  ByteAnalysis config = { 0 };

  for (guint i = 0; i < 12; i++)
    {
      g_autofree char *name = g_strdup_printf ("%u.flac", i);

      g_free (write_song (f->music, name, i));
    }
  g_assert_cmpuint (scan (f, 2, NULL), ==, 12);

  analyzer = akin_analyzer_new (f->db_path, "bytes-v2");
  akin_analyzer_set_analyze_func (analyzer, analyze_v2, &config, NULL);
  akin_analyzer_add_folder (analyzer, folder);
  g_assert_true (akin_analyzer_run_sync (analyzer, NULL, &error));
  g_assert_cmpint (config.n_calls, ==, 12);
  g_assert_true (akin_analyzer_run_sync (analyzer, NULL, &error));
  g_assert_cmpint (config.n_calls, ==, 12);
  g_assert_cmpuint (scan (f, 2, NULL), ==, 0);

  /* A function that returns another model's vector is a failure, not a store. */
  g_clear_object (&analyzer);
  analyzer = akin_analyzer_new (f->db_path, "bytes-v3");
  akin_analyzer_set_analyze_func (analyzer, analyze_v2, &config, NULL);
  akin_analyzer_add_folder (analyzer, folder);
  g_assert_true (akin_analyzer_run_sync (analyzer, NULL, &error));
  {
    g_autoptr(GPtrArray) problems = akin_analyzer_dup_problems (analyzer);

    g_assert_cmpuint (problems->len, ==, 12);
    g_assert_error (((AkinAnalyzerProblem *) problems->pdata[0])->error,
                    AKIN_ERROR, AKIN_ERROR_MODEL_MISMATCH);
  }
  assert_counts (f, 0, 12, 0);
}

typedef struct
{
  char   *uri;
  GQuark  domain;
  int     code;
} Expected;

static void
expect (GPtrArray  *expected,
        const char *path,
        GQuark      domain,
        int         code)
{
  Expected *e = g_new0 (Expected, 1);

  e->uri = uri_of (path);
  e->domain = domain;
  e->code = code;
  g_ptr_array_add (expected, e);
}

static void
expected_free (gpointer data)
{
  Expected *e = data;

  g_free (e->uri);
  g_free (e);
}

static void
write_bytes (const char *path,
             const void *data,
             gsize       length)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, data, (gssize) length, &error));
  g_assert_no_error (error);
}

/* About 200 bad files among good ones with awkward names: the scan ends,
 * every bad file is listed with its reason, every good one is stored. */
static void
test_bad_files (Fixture       *f,
                gconstpointer  data)
{
  static const char * const odd_names[] = {
    "with space.ogg", "quote'single.ogg", "quote\"double.ogg", "new\nline.ogg",
    "\xff\xfe not utf-8.ogg", "tab\there.mp3", "back\\slash.opus", "percent%20.ogg",
    "h\xc3\xa9llo \xe2\x99\xab.flac", "UPPER.OGG",
  };
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (expected_free);
  g_autoptr(GPtrArray) good = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) failed = NULL;
  g_autoptr(AkinAnalyzer) analyzer = NULL;
  g_autoptr(AkinDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *bad = g_build_filename (f->music, "bad dir 'x'", NULL);
  g_autofree char *path = NULL;
  ByteAnalysis config = { 0 };
  guint n_bad;
  guint n_special;

  g_assert_cmpint (g_mkdir (bad, 0755), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (odd_names); i++)
    g_ptr_array_add (good, write_song (i % 2 ? bad : f->music, odd_names[i], 1000 + i));

  for (guint i = 0; i < 50; i++)
    {
      g_autoptr(GBytes) song = byte_analysis_make_file ("T", "A", "L", i, 400);
      g_autofree char *truncated = g_strdup_printf ("%s/truncated %u.ogg", bad, i);
      g_autofree char *garbage = g_strdup_printf ("%s/garbage \"%u\".mp3", bad, i);
      g_autofree char *empty = g_strdup_printf ("%s/empty\n%u.flac", bad, i);
      g_autofree char *text = g_strdup_printf ("%s/readme-%u.wav", f->music, i);
      char noise[300];

      for (guint j = 0; j < sizeof noise; j++)
        noise[j] = (char) (g_random_int () & 0xff);
      noise[0] = 'R';   /* never the magic by chance */
      write_bytes (truncated, g_bytes_get_data (song, NULL), g_bytes_get_size (song) - 1 - i);
      write_bytes (garbage, noise, sizeof noise);
      write_bytes (empty, "", 0);
      expect (expected, truncated, AKIN_ERROR, AKIN_ERROR_NOT_AUDIO);
      expect (expected, garbage, AKIN_ERROR, AKIN_ERROR_NOT_AUDIO);
      expect (expected, empty, AKIN_ERROR, AKIN_ERROR_EMPTY);
      if (i < 45)
        {
          write_bytes (text, "This is a text file renamed to .wav\n", 36);
          expect (expected, text, AKIN_ERROR, AKIN_ERROR_NOT_AUDIO);
        }
    }

  /* Links: dangling, a loop of two file links, a folder link back up. */
  path = g_build_filename (f->music, "dangling.ogg", NULL);
  g_assert_cmpint (symlink ("/nonexistent/akin/target.ogg", path), ==, 0);
  expect (expected, path, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_free (path);
  path = g_build_filename (bad, "loop-a.ogg", NULL);
  g_assert_cmpint (symlink ("loop-b.ogg", path), ==, 0);
  expect (expected, path, G_IO_ERROR, G_IO_ERROR_TOO_MANY_LINKS);
  g_free (path);
  path = g_build_filename (bad, "loop-b.ogg", NULL);
  g_assert_cmpint (symlink ("loop-a.ogg", path), ==, 0);
  expect (expected, path, G_IO_ERROR, G_IO_ERROR_TOO_MANY_LINKS);
  g_free (path);
  path = g_build_filename (bad, "up", NULL);
  g_assert_cmpint (symlink ("..", path), ==, 0);
  expect (expected, path, G_IO_ERROR, G_IO_ERROR_TOO_MANY_LINKS);
  g_free (path);

  /* Special files under audio names: listed without being opened (a
   * FIFO would block); as root, a device too. */
  path = g_build_filename (bad, "pipe.ogg", NULL);
  g_assert_cmpint (mkfifo (path, 0644), ==, 0);
  expect (expected, path, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
  g_free (path);
  {
    struct sockaddr_un address = { .sun_family = AF_UNIX };
    int fd = socket (AF_UNIX, SOCK_STREAM, 0);

    path = g_build_filename (bad, "socket.mp3", NULL);
    g_assert_cmpuint (strlen (path), <, sizeof address.sun_path);
    strcpy (address.sun_path, path);
    g_assert_cmpint (bind (fd, (struct sockaddr *) &address, sizeof address), ==, 0);
    close (fd);
    expect (expected, path, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
    g_free (path);
  }
  n_special = 2;
  if (geteuid () == 0)
    {
      path = g_build_filename (bad, "device.flac", NULL);
      g_assert_cmpint (mknod (path, S_IFCHR | 0644, makedev (1, 3)), ==, 0);
      expect (expected, path, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
      g_free (path);
      n_special++;
    }

  /* Unreadable. Root reads any file whatever its mode, so as root a link to
   * /proc/self/mem stands in: it opens, but reading its start fails (EIO). */
  path = g_build_filename (f->music, "unreadable.ogg", NULL);
  if (geteuid () != 0)
    {
      g_free (write_song (f->music, "unreadable.ogg", 5));
      g_assert_cmpint (g_chmod (path, 0), ==, 0);
      expect (expected, path, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
    }
  else
    {
      g_assert_cmpint (symlink ("/proc/self/mem", path), ==, 0);
      expect (expected, path, G_IO_ERROR, -1);
    }
  n_bad = expected->len;
  g_assert_cmpuint (n_bad, >=, 200);

  analyzer = make_analyzer (f, &config, 2);
  g_assert_true (akin_analyzer_run_sync (analyzer, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (config.n_calls, ==, good->len);

  db = akin_database_open (f->db_path, 0, &error);
  for (guint i = 0; i < good->len; i++)
    assert_stored (db, good->pdata[i]);

  problems = akin_analyzer_dup_problems (analyzer);
  g_assert_cmpuint (problems->len, ==, n_bad);
  for (guint i = 0; i < expected->len; i++)
    {
      const Expected *e = expected->pdata[i];
      const AkinAnalyzerProblem *p = NULL;

      for (guint j = 0; j < problems->len && p == NULL; j++)
        if (g_strcmp0 (((AkinAnalyzerProblem *) problems->pdata[j])->uri, e->uri) == 0)
          p = problems->pdata[j];
      if (p == NULL)
        g_error ("No problem reported for %s", e->uri);
      g_assert_true (p->error->domain == e->domain);
      if (e->code >= 0)
        g_assert_cmpint (p->error->code, ==, e->code);
      g_assert_cmpstr (p->error->message, !=, "");
      if (strstr (e->uri, "pipe.ogg") != NULL)
        g_assert_nonnull (strstr (p->error->message, "named pipe (FIFO)"));
      if (strstr (e->uri, "socket.mp3") != NULL)
        g_assert_nonnull (strstr (p->error->message, "socket"));
      if (strstr (e->uri, "device.flac") != NULL)
        g_assert_nonnull (strstr (p->error->message, "device"));
    }

  /* Analysis failures are also in the database, with their reason. */
  failed = akin_database_list_failed (db, &error);
  /* all but the links and the special files */
  g_assert_cmpuint (failed->len, ==, n_bad - 4 - n_special);
  for (guint i = 0; i < failed->len; i++)
    {
      const AkinTrack *t = failed->pdata[i];

      g_assert_nonnull (t->last_error);
      if (strstr (t->uri, "truncated") != NULL)
        g_assert_nonnull (strstr (t->last_error, "truncated"));
    }
  assert_counts (f, good->len, n_bad - 4 - n_special, 0);

  /* Scanning again retries only the file that could not be read: the
   * other failures stand until the files change. */
  g_clear_object (&analyzer);
  config.n_calls = 0;
  analyzer = make_analyzer (f, &config, 2);
  g_assert_true (akin_analyzer_run_sync (analyzer, NULL, &error));
  g_assert_cmpint (config.n_calls, ==, 0);
  {
    AkinAnalyzerProgress p;

    akin_analyzer_get_progress (analyzer, &p);
    g_assert_cmpuint (p.n_failed, ==, 1);
  }
}

/* Scans once; returns how many songs were analysed or failed. */
static guint
scan_attempts (Fixture *f)
{
  ByteAnalysis config = { 0 };
  g_autoptr(AkinAnalyzer) analyzer = make_analyzer (f, &config, 2);
  g_autoptr(GError) error = NULL;
  AkinAnalyzerProgress p;

  g_assert_true (akin_analyzer_run_sync (analyzer, NULL, &error));
  g_assert_no_error (error);
  akin_analyzer_get_progress (analyzer, &p);
  g_assert_cmpuint (p.n_done, ==, (guint) g_atomic_int_get (&config.n_calls));
  return p.n_done + p.n_failed;
}

static void
set_mtime (const char *path,
           gint64      seconds)
{
  struct utimbuf times = { (time_t) seconds, (time_t) seconds };

  g_assert_cmpint (g_utime (path, &times), ==, 0);
}

/* A failure that may pass (the file could not be read) is tried again at
 * every scan; one that will not (not audio) when the file changes, or
 * when asked to. */
static void
test_retry (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *good = write_song (f->music, "good.ogg", 1);
  g_autofree char *garbage = g_build_filename (f->music, "garbage.ogg", NULL);
  g_autofree char *unreadable = g_build_filename (f->music, "unreadable.ogg", NULL);
  g_autoptr(AkinDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  gboolean root = geteuid () == 0;
  guint n_retried = 0;

  g_assert_true (g_file_set_contents (garbage, "This is no song at all.\n", -1, NULL));
  set_mtime (garbage, 1000000000);
  if (!root)
    {
      g_free (write_song (f->music, "unreadable.ogg", 2));
      g_assert_cmpint (g_chmod (unreadable, 0), ==, 0);
    }
  else
    /* Root reads any file whatever its mode: reading /proc/self/mem at 0
     * fails with EIO instead. */
    g_assert_cmpint (symlink ("/proc/self/mem", unreadable), ==, 0);

  g_assert_cmpuint (scan_attempts (f), ==, 3);
  assert_counts (f, 1, 2, 0);

  /* Nothing changed: only the unreadable file is tried again. */
  g_assert_cmpuint (scan_attempts (f), ==, 1);
  assert_counts (f, 1, 2, 0);

  /* The garbage file was touched: tried again (and still fails). */
  set_mtime (garbage, 1000000100);
  g_assert_cmpuint (scan_attempts (f), ==, 2);
  assert_counts (f, 1, 2, 0);

  /* Asked to: every failed song. */
  db = akin_database_open (f->db_path, 0, &error);
  g_assert_no_error (error);
  g_assert_true (akin_database_retry_failed (db, &n_retried, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_retried, ==, 2);
  g_clear_pointer (&db, akin_database_close);
  g_assert_cmpuint (scan_attempts (f), ==, 2);
  assert_counts (f, 1, 2, 0);

  /* The file can be read now: analysed. */
  if (!root)
    g_assert_cmpint (g_chmod (unreadable, 0644), ==, 0);
  else
    {
      g_assert_cmpint (g_unlink (unreadable), ==, 0);
      g_free (write_song (f->music, "unreadable.ogg", 2));
    }
  g_assert_cmpuint (scan_attempts (f), ==, 1);
  assert_counts (f, 2, 1, 0);
  db = akin_database_open (f->db_path, 0, &error);
  assert_stored (db, unreadable);
  assert_stored (db, good);
}

static gboolean
read_line (GInputStream *stream,
           char         *buffer,
           gsize         size)
{
  gsize n = 0;

  while (n + 1 < size)
    {
      if (g_input_stream_read (stream, buffer + n, 1, NULL, NULL) != 1)
        return FALSE;
      if (buffer[n] == '\n')
        break;
      n++;
    }
  buffer[n] = '\0';
  return TRUE;
}

static GSubprocess *
spawn_helper (Fixture *f,
              guint    delay_ms,
              guint    n_workers)
{
  g_autofree char *helper = g_test_build_filename (G_TEST_BUILT, "analyzer-helper", NULL);
  g_autofree char *delay = g_strdup_printf ("%u", delay_ms);
  g_autofree char *workers = g_strdup_printf ("%u", n_workers);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;
  char line[64];

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, helper, f->db_path,
                              f->music, delay, workers, NULL);
  g_assert_no_error (error);
  g_assert_true (read_line (g_subprocess_get_stdout_pipe (process), line, sizeof line));
  g_assert_cmpstr (line, ==, "started");
  return process;
}

static guint
count_analyzed (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AkinDatabase) db = akin_database_open (f->db_path, 0, &error);
  AkinStatusCounts counts = { 0 };

  g_assert_no_error (error);
  g_assert_true (akin_database_count_by_status (db, &counts, &error));
  return counts.n[AKIN_TRACK_STATUS_ANALYZED];
}

/* A scanning process killed with SIGKILL leaves a sound database, and the
 * next scan analyses exactly what was not finished. */
static void
test_crash (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GSubprocess) helper = NULL;
  g_autoptr(AkinDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  guint finished;

  for (guint i = 0; i < 50; i++)
    {
      g_autofree char *name = g_strdup_printf ("song %02u.ogg", i);

      g_free (write_song (f->music, name, i));
    }

  helper = spawn_helper (f, 80, 2);
  while (count_analyzed (f) < 6)
    g_usleep (10 * 1000);
  g_subprocess_send_signal (helper, SIGKILL);
  g_subprocess_wait (helper, NULL, &error);   /* reaped: its pid is gone */
  g_assert_no_error (error);
  g_assert_false (g_subprocess_get_if_exited (helper));
  g_assert_cmpint (g_subprocess_get_term_sig (helper), ==, SIGKILL);

  db = akin_database_open (f->db_path, AKIN_DATABASE_CHECK_INTEGRITY, &error);
  g_assert_no_error (error);
  g_assert_true (akin_database_check_integrity (db, &error));
  g_assert_no_error (error);
  finished = count_analyzed (f);
  g_assert_cmpuint (finished, >=, 6);
  g_assert_cmpuint (finished, <, 50);

  /* The killed process's claims are taken over at once. */
  g_assert_cmpuint (scan (f, 2, NULL), ==, 50 - finished);
  assert_counts (f, 50, 0, 0);
}

/* Another process and this one scan the same folder into the same file at
 * once: everything analysed exactly once. */
static void
test_two_processes (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GSubprocess) helper = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  ByteAnalysis config = { 10, 0 };
  g_autoptr(AkinAnalyzer) analyzer = NULL;
  int helper_calls = -1;

  for (guint i = 0; i < 60; i++)
    {
      g_autofree char *name = g_strdup_printf ("%02u.ogg", i);

      g_free (write_song (f->music, name, i));
    }

  helper = spawn_helper (f, 10, 2);
  analyzer = make_analyzer (f, &config, 2);
  g_assert_true (akin_analyzer_run_sync (analyzer, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (helper, NULL, NULL, &out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (helper));
  g_assert_nonnull (strstr (out, "calls="));
  helper_calls = atoi (strstr (out, "calls=") + 6);
  g_test_message ("this process: %d, the other: %d", config.n_calls, helper_calls);

  g_assert_cmpint (config.n_calls + helper_calls, ==, 60);
  assert_counts (f, 60, 0, 0);
}

typedef struct
{
  ProgressLog  log;
  gboolean     done;
  GError      *error;
  gboolean     saw_final_before_done;
  AkinAnalyzer *analyzer;
  GCancellable *cancel_after;   /* cancelled once this many are done */
  guint        cancel_at;
  guint        pause_at;
  gboolean     paused;
} AsyncRun;

static void
async_progress (AkinAnalyzer               *analyzer,
                const AkinAnalyzerProgress *progress,
                gpointer                    user_data)
{
  AsyncRun *run = user_data;

  log_progress (analyzer, progress, &run->log);
  g_assert_false (run->done);
  if (progress->phase == AKIN_ANALYZER_PHASE_FINISHED)
    run->saw_final_before_done = TRUE;
  if (run->cancel_after != NULL && progress->n_done >= run->cancel_at)
    g_cancellable_cancel (run->cancel_after);
  if (run->pause_at > 0 && !run->paused && progress->n_done >= run->pause_at)
    {
      akin_analyzer_pause (analyzer);
      run->paused = TRUE;
    }
}

static void
async_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  AsyncRun *run = user_data;

  akin_analyzer_run_finish (AKIN_ANALYZER (object), result, &run->error);
  run->done = TRUE;
}

static void
start_async (Fixture      *f,
             AsyncRun     *run,
             ByteAnalysis *config,
             GCancellable *cancellable)
{
  run->analyzer = make_analyzer (f, config, 2);
  run->log.thread = g_thread_self ();
  run->log.analyzed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  akin_analyzer_set_progress_func (run->analyzer, async_progress, run, NULL);
  g_signal_connect (run->analyzer, "track-analyzed", G_CALLBACK (on_track_analyzed), &run->log);
  akin_analyzer_run_async (run->analyzer, cancellable, async_done, run);
}

/* Two analyzers with their own connections in one process, at once. */
static void
test_two_threads (Fixture       *f,
                  gconstpointer  data)
{
  ByteAnalysis c1 = { 5, 0 }, c2 = { 5, 0 };
  AsyncRun r1 = { 0 }, r2 = { 0 };

  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *name = g_strdup_printf ("%02u.ogg", i);

      g_free (write_song (f->music, name, i));
    }
  start_async (f, &r1, &c1, NULL);
  start_async (f, &r2, &c2, NULL);
  while (!r1.done || !r2.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (r1.error);
  g_assert_no_error (r2.error);
  g_assert_true (r1.saw_final_before_done && r2.saw_final_before_done);
  g_assert_cmpint (c1.n_calls + c2.n_calls, ==, 40);
  g_assert_cmpuint (r1.log.last.n_done + r2.log.last.n_done, ==, 40);
  g_assert_cmpuint (r1.log.last.n_done + r1.log.last.n_skipped, ==, r1.log.last.n_total);
  g_assert_cmpuint (g_hash_table_size (r1.log.analyzed), ==, r1.log.last.n_done);
  g_assert_cmpuint (g_hash_table_size (r2.log.analyzed), ==, r2.log.last.n_done);
  assert_counts (f, 40, 0, 0);
  g_object_unref (r1.analyzer);
  g_object_unref (r2.analyzer);
  g_hash_table_unref (r1.log.analyzed);
  g_hash_table_unref (r2.log.analyzed);
}

static gboolean
quit_soon (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_ms (guint ms)
{
  gboolean timeout = FALSE;

  g_timeout_add (ms, quit_soon, &timeout);
  while (!timeout)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_pause_cancel (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  ByteAnalysis c1 = { 20, 0 }, c2 = { 0, 0 }, c3 = { 10, 0 };
  AsyncRun r1 = { 0 }, r2 = { 0 }, r3 = { 0 };
  AkinAnalyzerProgress p1, p2;

  for (guint i = 0; i < 30; i++)
    {
      g_autofree char *name = g_strdup_printf ("%02u.ogg", i);

      g_free (write_song (f->music, name, i));
    }

  /* Cancel after a few: the run ends with G_IO_ERROR_CANCELLED. */
  r1.cancel_after = cancellable;
  r1.cancel_at = 4;
  start_async (f, &r1, &c1, cancellable);
  while (!r1.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (r1.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (c1.n_calls, >=, 4);
  g_assert_cmpint (c1.n_calls, <, 30);
  g_assert_false (akin_analyzer_is_running (r1.analyzer));

  /* The next run does the rest, and only the rest. */
  start_async (f, &r2, &c2, NULL);
  while (!r2.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (r2.error);
  g_assert_cmpint (c1.n_calls + c2.n_calls, ==, 30);
  assert_counts (f, 30, 0, 0);

  /* Pause: the count stops moving once the running analyses finish. */
  g_free (f->db_path);   /* start afresh */
  f->db_path = g_build_filename (f->dir, "second.db", NULL);
  r3.pause_at = 3;
  start_async (f, &r3, &c3, NULL);
  while (!r3.paused)
    g_main_context_iteration (NULL, TRUE);
  /* Wait for the analyses under way to finish ... */
  do
    {
      wait_ms (10);
      akin_analyzer_get_progress (r3.analyzer, &p1);
    }
  while (p1.n_active > 0);
  g_assert_true (p1.paused);
  /* ... then nothing moves while paused. */
  wait_ms (150);
  akin_analyzer_get_progress (r3.analyzer, &p2);
  g_assert_cmpuint (p1.n_done, ==, p2.n_done);
  g_assert_cmpuint (p2.n_active, ==, 0);
  g_assert_cmpuint (p2.n_done, <, 30);
  g_assert_true (akin_analyzer_is_running (r3.analyzer));
  akin_analyzer_resume (r3.analyzer);
  while (!r3.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (r3.error);
  g_assert_cmpint (c3.n_calls, ==, 30);
  g_assert_false (r3.log.last.paused);
  assert_counts (f, 30, 0, 0);

  g_object_unref (r1.analyzer);
  g_object_unref (r2.analyzer);
  g_object_unref (r3.analyzer);
  g_clear_pointer (&r1.log.analyzed, g_hash_table_unref);
  g_clear_pointer (&r2.log.analyzed, g_hash_table_unref);
  g_clear_pointer (&r3.log.analyzed, g_hash_table_unref);
}

/* A reader connection sees one consistent library while a scan writes. */
static void
test_reader_during_scan (Fixture       *f,
                         gconstpointer  data)
{
  ByteAnalysis config = { 3, 0 };
  AsyncRun run = { 0 };
  g_autoptr(AkinDatabase) reader = NULL;
  g_autoptr(GError) error = NULL;
  guint snapshots = 0;

  for (guint i = 0; i < 80; i++)
    {
      g_autofree char *name = g_strdup_printf ("%02u.ogg", i);

      g_free (write_song (f->music, name, i));
    }
  start_async (f, &run, &config, NULL);
  while (!run.done)
    {
      AkinStatusCounts before, after;
      g_autoptr(GPtrArray) list = NULL;
      guint n = 0;

      g_main_context_iteration (NULL, FALSE);
      if (reader == NULL)
        {
          /* The run creates the file; open once it exists. */
          if (!g_file_test (f->db_path, G_FILE_TEST_EXISTS))
            continue;
          reader = akin_database_open (f->db_path, 0, &error);
          g_assert_no_error (error);
        }
      g_assert_true (akin_database_begin_read (reader, &error));
      g_assert_true (akin_database_count_by_status (reader, &before, &error));
      list = akin_database_list_tracks (reader, NULL, AKIN_TRACK_SORT_ID, FALSE, 0, 1000, &error);
      g_usleep (2000);   /* the workers commit meanwhile */
      g_assert_true (akin_database_count_tracks (reader, NULL, &n, &error));
      g_assert_true (akin_database_count_by_status (reader, &after, &error));
      akin_database_end_read (reader);
      g_assert_no_error (error);

      g_assert_cmpmem (&before, sizeof before, &after, sizeof after);
      g_assert_cmpuint (list->len, ==, n);
      g_assert_cmpuint (n, ==, before.total);
      for (guint i = 0, analyzed = 0; i < list->len; i++)
        {
          analyzed += ((AkinTrack *) list->pdata[i])->status == AKIN_TRACK_STATUS_ANALYZED;
          if (i == list->len - 1)
            g_assert_cmpuint (analyzed, ==, before.n[AKIN_TRACK_STATUS_ANALYZED]);
        }
      snapshots++;
    }
  g_assert_no_error (run.error);
  g_assert_cmpuint (snapshots, >, 0);
  assert_counts (f, 80, 0, 0);
  g_object_unref (run.analyzer);
  g_hash_table_unref (run.log.analyzed);
}

/* A run with no folder that exists completes with a problem, and never
 * marks the library's tracks missing. */
static void
test_unmounted (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *moved = g_strconcat (f->music, ".away", NULL);
  ByteAnalysis config = { 0 };
  g_autoptr(AkinAnalyzer) analyzer = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *name = g_strdup_printf ("%u.ogg", i);

      g_free (write_song (f->music, name, i));
    }
  g_assert_cmpuint (scan (f, 1, NULL), ==, 5);
  g_assert_cmpint (g_rename (f->music, moved), ==, 0);
  analyzer = make_analyzer (f, &config, 1);
  g_assert_true (akin_analyzer_run_sync (analyzer, NULL, &error));
  problems = akin_analyzer_dup_problems (analyzer);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_error (((AkinAnalyzerProblem *) problems->pdata[0])->error, G_IO_ERROR,
                  G_IO_ERROR_NOT_FOUND);
  assert_counts (f, 5, 0, 0);
  g_assert_cmpint (g_rename (moved, f->music), ==, 0);
}

/* The largest files are analysed first, so that the song left alone at
 * the end of a scan is a short one. */
static gboolean
analyze_recording_size (GFile               *file,
                        gpointer             user_data,
                        AkinAnalysisResult **result,
                        GCancellable        *cancellable,
                        GError             **error)
{
  GArray *sizes = user_data;
  g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                                 G_FILE_QUERY_INFO_NONE, NULL, NULL);
  guint64 size = info != NULL ? (guint64) g_file_info_get_size (info) : 0;

  g_array_append_val (sizes, size);
  return byte_analysis_analyze (file, NULL, result, cancellable, error);
}

static void
test_largest_first (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GArray) sizes = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_autoptr(AkinAnalyzer) analyzer = NULL;
  g_autoptr(GError) error = NULL;

  /* Names and ids in the order of growing sizes. */
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *name = g_strdup_printf ("%02u.ogg", i);
      g_autofree char *path = write_song (f->music, name, 10 + 7 * i);

      g_assert_nonnull (path);
    }
  analyzer = make_analyzer (f, NULL, 1);
  akin_analyzer_set_analyze_func (analyzer, analyze_recording_size, sizes, NULL);
  g_assert_true (akin_analyzer_run_sync (analyzer, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sizes->len, ==, 5);
  for (guint i = 1; i < sizes->len; i++)
    g_assert_cmpuint (g_array_index (sizes, guint64, i - 1), >, g_array_index (sizes, guint64, i));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/analyzer/scan", test_scan);
  ADD ("/analyzer/model-change", test_model_change);
  ADD ("/analyzer/bad-files", test_bad_files);
  ADD ("/analyzer/retry", test_retry);
  ADD ("/analyzer/crash", test_crash);
  ADD ("/analyzer/two-processes", test_two_processes);
  ADD ("/analyzer/two-threads", test_two_threads);
  ADD ("/analyzer/pause-cancel", test_pause_cancel);
  ADD ("/analyzer/reader-during-scan", test_reader_during_scan);
  ADD ("/analyzer/unmounted", test_unmounted);
  ADD ("/analyzer/largest-first", test_largest_first);
#undef ADD

  return g_test_run ();
}
