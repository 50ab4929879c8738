/* app-test-library.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A small library for the GUI tests: tones written as WAV files, entered in
 * a library database with tags (title, artist, album, track number) as a
 * scan and an analysis would, without the analysis.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>

#include "app-test-library.h"
#include "akin-analysis-result.h"
#include "akin-database.h"
#include "test-tmpdir.h"

/* A mono 16-bit WAV of @seconds of a tone at @freq Hz. */
void
app_test_write_wav (const char *path,
                    double      freq,
                    double      seconds)
{
  const guint rate = 22050;
  guint n = (guint) (rate * seconds);
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  guint32 u32;
  guint16 u16;

#define PUT(bytes, len) g_byte_array_append (out, (const guint8 *) (bytes), len)
  PUT ("RIFF", 4);
  u32 = GUINT32_TO_LE (36 + n * 2);
  PUT (&u32, 4);
  PUT ("WAVEfmt ", 8);
  u32 = GUINT32_TO_LE (16);
  PUT (&u32, 4);
  u16 = GUINT16_TO_LE (1);
  PUT (&u16, 2);
  PUT (&u16, 2);  /* one channel */
  u32 = GUINT32_TO_LE (rate);
  PUT (&u32, 4);
  u32 = GUINT32_TO_LE (rate * 2);
  PUT (&u32, 4);
  u16 = GUINT16_TO_LE (2);
  PUT (&u16, 2);
  u16 = GUINT16_TO_LE (16);
  PUT (&u16, 2);
  PUT ("data", 4);
  u32 = GUINT32_TO_LE (n * 2);
  PUT (&u32, 4);
  for (guint i = 0; i < n; i++)
    {
      gint16 s = GINT16_TO_LE ((gint16) (12000 * sin (2 * G_PI * freq * i / rate)));

      PUT (&s, 2);
    }
#undef PUT
  g_file_set_contents (path, (const char *) out->data, out->len, &error);
  g_assert_no_error (error);
}

/* Writes @n_songs tones of @seconds into @music_dir and enters them in the
 * database at @db_path: song i is titled "Song i" (1-based), by "Artist A"
 * (the first half) or "Artist B", on album "Album A"/"Album B" as track
 * number i within its half. Returns the track ids (gint64) in song order. */
GArray *
app_test_library_fill (const char *db_path,
                       const char *music_dir,
                       guint       n_songs,
                       double      seconds)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AkinDatabase) db = akin_database_open (db_path, 0, &error);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_assert_no_error (error);
  for (guint i = 0; i < n_songs; i++)
    {
      g_autofree char *name = g_strdup_printf ("song-%02u.wav", i + 1);
      g_autofree char *path = g_build_filename (music_dir, name, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autofree char *uri = g_file_get_uri (file);
      g_autoptr(AkinAnalysisResult) r = akin_analysis_result_new ();
      gboolean first_half = i < (n_songs + 1) / 2;
      float v[8];
      gint64 id;

      app_test_write_wav (path, 220.0 * (1.0 + i * 0.25), seconds);
      id = akin_database_add_file (db, uri, 1000 + i, i, NULL, &error);
      g_assert_no_error (error);
      r->tags.title = g_strdup_printf ("Song %u", i + 1);
      r->tags.artist = g_strdup (first_half ? "Artist A" : "Artist B");
      r->tags.album = g_strdup (first_half ? "Album A" : "Album B");
      r->tags.track_number = first_half ? i + 1 : i + 1 - (n_songs + 1) / 2;
      r->duration = seconds;
      /* A stored analysis has a vector; this one is of no model in use. */
      for (guint k = 0; k < G_N_ELEMENTS (v); k++)
        v[k] = (float) ((i + k) % 5);
      akin_analysis_result_set_vector (r, "no-model", v, G_N_ELEMENTS (v));
      akin_database_store_analysis (db, id, r, &error);
      g_assert_no_error (error);
      g_array_append_val (ids, id);
    }
  return ids;
}

/**
 * app_test_library_set_up:
 * @lib: (out caller-allocates): the library
 * @dir_template: for g_dir_make_tmp(), e.g. "akin-lists-XXXXXX"
 * @n_songs: songs to write and analyse
 * @seconds: their length
 */
void
app_test_library_set_up (AppTestLibrary *lib,
                         const char     *dir_template,
                         guint           n_songs,
                         double          seconds)
{
  g_autoptr(GError) error = NULL;

  lib->dir = g_dir_make_tmp (dir_template, &error);
  g_assert_no_error (error);
  lib->db_path = g_build_filename (lib->dir, "library.db", NULL);
  lib->music = g_build_filename (lib->dir, "music", NULL);
  g_assert_cmpint (g_mkdir (lib->music, 0700), ==, 0);
  lib->ids = app_test_library_fill (lib->db_path, lib->music, n_songs, seconds);
}

/**
 * app_test_library_tear_down:
 * @lib: a library made by app_test_library_set_up()
 *
 * Removes its folder and frees it.
 */
void
app_test_library_tear_down (AppTestLibrary *lib)
{
  test_remove_tree (lib->dir);
  g_free (lib->dir);
  g_free (lib->db_path);
  g_free (lib->music);
  g_array_unref (lib->ids);
}
