/* test-similar-pane.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The similar-songs pane: its rows from a given list, then the real thing
 * on a library database written by the test (vectors with known cosines
 * to the anchor, under a model with random weights), through the library
 * manager; and the spectrogram the controller computes for a playing song.
 * Needs a display (the test runner provides Xvfb) and skips without one.
 */

#include "config.h"

#include "akin-fingerprint-private.h"
#include "app-test-session.h"

#include <math.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "akin-encoder.h"
#include "akin-library-manager.h"
#include "akin-similar-controller.h"
#include "akin-similar-pane.h"
#include "akin-similar-row.h"
#include "akin-window.h"
#include "test-tmpdir.h"

#define DEADLINE_US (15 * G_USEC_PER_SEC)
#define N_TRACKS    30

static gboolean
spin_until_state (AkinSimilarList      *list,
                  AkinSimilarListState  state)
{
  gint64 deadline = g_get_monotonic_time () + DEADLINE_US;

  while (akin_similar_list_get_state (list) != state)
    {
      if (g_get_monotonic_time () > deadline)
        {
          g_test_message ("the list stayed in state %d, not %d",
                          akin_similar_list_get_state (list), state);
          return FALSE;
        }
      g_main_context_iteration (NULL, FALSE);
    }
  return TRUE;
}

static void
spin_a_little (void)
{
  gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC / 5;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
}

static void
collect_rows (GtkWidget *widget,
              GPtrArray *rows)
{
  if (AKIN_IS_SIMILAR_ROW (widget))
    g_ptr_array_add (rows, widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    collect_rows (c, rows);
}

static gboolean
has_label (GtkWidget  *widget,
           const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    if (has_label (c, text))
      return TRUE;
  return FALSE;
}

/* Rows from a given list, no library at all. */
static void
test_pane_rows (void)
{
  GtkWidget          *window = gtk_window_new ();
  AkinSimilarPane    *pane = AKIN_SIMILAR_PANE (akin_similar_pane_new ());
  g_autoptr(AkinSimilarList) list = akin_similar_list_new (NULL);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  gint64              deadline;

  for (guint i = 0; i < 12; i++)
    {
      g_autofree char *title = g_strdup_printf ("Song %u", i + 1);

      g_ptr_array_add (items, akin_similar_item_new (100 + i, i + 1, 0.87f - 0.05f * i, NULL,
                                                     title, "Some Artist", "Some Album",
                                                     "close timbre · same key (A minor)"));
    }

  gtk_window_set_default_size (GTK_WINDOW (window), 360, 700);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (pane));
  gtk_window_present (GTK_WINDOW (window));
  akin_similar_pane_set_list (pane, list);
  g_assert_cmpint (akin_similar_list_get_state (list), ==, AKIN_SIMILAR_LIST_STATE_EMPTY);

  akin_similar_list_show_items (list, "The Anchor", (AkinSimilarItem **) items->pdata, items->len);
  g_assert_cmpint (akin_similar_list_get_state (list), ==, AKIN_SIMILAR_LIST_STATE_LIST);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 12);

  /* The list view makes rows for what fits, each bound to its item. */
  deadline = g_get_monotonic_time () + DEADLINE_US;
  do
    {
      g_ptr_array_set_size (rows, 0);
      g_main_context_iteration (NULL, FALSE);
      collect_rows (GTK_WIDGET (pane), rows);
    }
  while ((rows->len < 3 || !has_label (GTK_WIDGET (pane), "87 %"))
         && g_get_monotonic_time () < deadline);
  g_assert_cmpuint (rows->len, >=, 3);
  g_assert_true (has_label (GTK_WIDGET (pane), "Song 1"));
  g_assert_true (has_label (GTK_WIDGET (pane), "87 %"));
  g_assert_true (has_label (GTK_WIDGET (pane), "The Anchor"));
  g_assert_true (has_label (GTK_WIDGET (pane), "close timbre · same key (A minor)"));

  akin_similar_list_show_items (list, NULL, NULL, 0);
  g_assert_cmpint (akin_similar_list_get_state (list), ==, AKIN_SIMILAR_LIST_STATE_NO_RESULTS);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  akin_similar_list_set_file_anchor (list, "file:///tmp/x.ogg", "X");
  g_assert_cmpint (akin_similar_list_get_state (list), ==, AKIN_SIMILAR_LIST_STATE_ANALYZING);
  g_assert_true (has_label (GTK_WIDGET (pane), "X"));
  akin_similar_list_show_error (list, "It broke");
  g_assert_cmpint (akin_similar_list_get_state (list), ==, AKIN_SIMILAR_LIST_STATE_ERROR);
  g_assert_cmpstr (akin_similar_list_get_error (list), ==, "It broke");
  g_assert_true (has_label (GTK_WIDGET (pane), "It broke"));

  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  char   *dir;
  char   *db_path;
  char   *model_path;
  gint64  ids[N_TRACKS];
  guint   dim;
  gint64  pending_id;
  gint64  failed_id;
} Library;

/* A model with the shipped architecture and random weights: what the
 * manager loads through AKIN_MODEL. */
static AkinModel *
random_model (void)
{
  AkinNetSpec s2, s1;
  AkinModel *model;
  AkinRng rng;
  guint n_fused;

  akin_encoder_default_spec_2d (&s2);
  akin_encoder_default_spec_1d (&s1);
  model = akin_model_new (&s2, &s1, NULL);
  g_assert_nonnull (model);
  akin_rng_init (&rng, 7);
  akin_net_init_weights (model->net2d, &rng);
  akin_net_init_weights (model->net1d, &rng);
  for (guint i = 0; i < s2.in_h; i++)
    model->mfcc_std[i] = 1;
  n_fused = s1.in_w;
  for (guint i = 0; i < n_fused; i++)
    model->fusion_std[i] = 1;
  akin_model_update_id (model);
  return model;
}

/* A fingerprint of @seed: 200 values, varied enough to be compared. */
static AkinFingerprint *
seeded_fingerprint (guint seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  guint32 values[200];

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    values[i] = g_rand_int (rand);
  return akin_fingerprint_new (values, G_N_ELEMENTS (values));
}

/* With @recordings, tracks 1, 2 and 3 are one recording (3 lossless, its
 * best copy) and tracks 0 and 4 another (0 lossless), found by their
 * fingerprints; the other tracks have none. */
static void
library_build_full (Library  *lib,
                    gboolean  recordings)
{
  g_autoptr(AkinModel) model = random_model ();
  g_autoptr(AkinDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  guint dim = akin_model_get_vector_size (model);

  lib->dim = dim;
  lib->dir = g_dir_make_tmp ("akin-similar-pane-XXXXXX", &error);
  g_assert_no_error (error);
  lib->db_path = g_build_filename (lib->dir, "library.db", NULL);
  lib->model_path = g_build_filename (lib->dir, "test.model", NULL);
  g_assert_true (akin_model_save (model, lib->model_path, &error));
  g_assert_no_error (error);
  g_setenv ("AKIN_MODEL", lib->model_path, TRUE);

  db = akin_database_open (lib->db_path, AKIN_DATABASE_FLAGS_NONE, &error);
  g_assert_no_error (error);

  /* Track i lies at angle 0.05·i from the anchor (track 0) in the plane of
   * the first two axes: its cosine to the anchor is cos (0.05·i). Stored in
   * a shuffled order so ids do not give the ranking away. */
  for (guint n = 0; n < N_TRACKS; n++)
    {
      guint i = (n * 7) % N_TRACKS;
      g_autoptr(AkinAnalysisResult) r = akin_analysis_result_new ();
      g_autofree float *v = g_new0 (float, dim);
      g_autofree char *uri = g_strdup_printf ("file:///music/track-%02u.ogg", i);
      g_autofree char *hash = g_strdup_printf ("%064u", i);

      lib->ids[i] = akin_database_add_file (db, uri, 1000 + i, i, hash, &error);
      g_assert_no_error (error);
      v[0] = cosf (0.05f * i);
      v[1] = sinf (0.05f * i);
      r->tags.title = g_strdup_printf ("Track %02u", i);
      r->tags.artist = g_strdup_printf ("Artist %u", i);
      r->tags.album = g_strdup_printf ("Album %u", i);
      r->duration = 10;
      r->has_descriptors = TRUE;
      r->descriptors.tempo_bpm = 100 + 0.25 * i;
      r->descriptors.rolloff_freq = 3000;
      r->descriptors.key_signature = g_strdup (i % 2 ? "A Minor" : "C Major");
      akin_analysis_result_set_vector (r, akin_model_get_id (model), v, dim);
      if (recordings && i <= 4)
        {
          r->fingerprinted = TRUE;
          r->fingerprint = seeded_fingerprint (i >= 1 && i <= 3 ? 1 : 2);
          r->lossless = i == 3 || i == 0;
        }
      g_assert_true (akin_database_store_analysis (db, lib->ids[i], r, &error));
      g_assert_no_error (error);
    }
  if (recordings)
    {
      g_assert_true (akin_recordings_update (db, NULL, NULL, NULL, &error));
      g_assert_no_error (error);
    }

  lib->pending_id = akin_database_add_file (db, "file:///music/new.ogg", 1, 1, NULL, &error);
  g_assert_no_error (error);
  lib->failed_id = akin_database_add_file (db, "file:///music/broken.ogg", 1, 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (akin_database_store_failure (db, lib->failed_id, "no audio stream", &error));
  g_assert_no_error (error);
}

static void
library_build (Library *lib)
{
  library_build_full (lib, FALSE);
}

static void
library_free (Library *lib)
{
  /* The database, its WAL files, the model and the songs the tests wrote. */
  test_remove_tree (lib->dir);
  g_free (lib->dir);
  g_free (lib->db_path);
  g_free (lib->model_path);
  g_unsetenv ("AKIN_MODEL");
}

static void
test_pane_library (void)
{
  Library                       lib = { 0 };
  g_autoptr(AkinLibraryManager) manager = NULL;
  g_autoptr(GError)             error = NULL;
  GtkWidget                    *window = gtk_window_new ();
  AkinSimilarPane              *pane = AKIN_SIMILAR_PANE (akin_similar_pane_new ());
  g_autoptr(AkinSimilarList)    list = NULL;
  GListModel                   *items;
  const guint                   k = 10;

  library_build (&lib);
  manager = akin_library_manager_new (lib.db_path, &error);
  g_assert_no_error (error);

  list = akin_similar_list_new (manager);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (pane));
  gtk_window_present (GTK_WINDOW (window));
  akin_similar_pane_set_list (pane, list);
  akin_similar_list_set_n_results (list, k);

  /* A query for another track, at once replaced: only the last counts. */
  akin_similar_list_set_track_id (list, lib.ids[20]);
  akin_similar_list_set_track_id (list, lib.ids[0]);
  g_assert_true (spin_until_state (list, AKIN_SIMILAR_LIST_STATE_LIST));
  spin_a_little ();
  g_assert_cmpint (akin_similar_list_get_state (list), ==, AKIN_SIMILAR_LIST_STATE_LIST);
  g_assert_true (has_label (GTK_WIDGET (pane), "Track 00"));

  items = G_LIST_MODEL (list);
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, k);
  for (guint r = 0; r < k; r++)
    {
      g_autoptr(AkinSimilarItem) item = g_list_model_get_item (items, r);
      g_autofree char *title = g_strdup_printf ("Track %02u", r + 1);

      /* Never the anchor; ranked by descending similarity: the vectors lie
       * on a circle at 0.05 rad steps, so track i is the i-th closest. */
      g_assert_cmpint (akin_similar_item_get_track_id (item), !=, lib.ids[0]);
      g_assert_cmpint (akin_similar_item_get_track_id (item), ==, lib.ids[r + 1]);
      g_assert_cmpuint (akin_similar_item_get_rank (item), ==, r + 1);
      g_assert_cmpfloat (akin_similar_item_get_score (item), <=, 1.0f);
      g_assert_cmpfloat (akin_similar_item_get_score (item), >, -1.0f);
      if (r > 0)
        {
          g_autoptr(AkinSimilarItem) better = g_list_model_get_item (items, r - 1);

          g_assert_cmpfloat (akin_similar_item_get_score (item), <=,
                             akin_similar_item_get_score (better));
        }
      g_assert_cmpstr (akin_similar_item_get_title (item), ==, title);
      g_assert_nonnull (strstr (akin_similar_item_get_reason (item), "BPM"));
    }

  /* The reasons (akin_similarity_why_describe()): the descriptors, and the
   * encoders' part the query's worker computed ("similar sound": about 1.1
   * to 1.9 standard deviations above the average candidate, for the
   * closest eight). No timbre models here, so no timbre words. */
  {
    g_autoptr(AkinSimilarItem) first = g_list_model_get_item (items, 0);
    g_autoptr(AkinSimilarItem) second = g_list_model_get_item (items, 1);
    g_autoptr(AkinSimilarItem) ninth = g_list_model_get_item (items, 8);

    g_assert_cmpstr (akin_similar_item_get_reason (first), ==,
                     "as bright · same tempo (100 BPM) · relative key (A minor / C major) · "
                     "similar sound");
    g_assert_cmpstr (akin_similar_item_get_reason (second), ==,
                     "same key (C major) · as bright · same tempo (100 BPM) · similar sound");
    g_assert_cmpstr (akin_similar_item_get_reason (ninth), ==,
                     "as bright · 102 vs 100 BPM · relative key (A minor / C major)");
  }

  /* A song outside the library, at track 0's place: its tags reach the
   * rules (skip the same artist: "Artist 1" of track 1). */
  {
    g_autoptr(GSettings) settings = g_settings_new ("io.github.akinplayer.Akin");
    g_autoptr(AkinTags) tags = akin_tags_new ();
    g_autofree float *v = g_new0 (float, lib.dim);
    g_autoptr(AkinSimilarItem) first = NULL;

    v[0] = 1;
    tags->artist = g_strdup ("Artist 1");
    g_settings_set_boolean (settings, "skip-same-artist", TRUE);
    akin_similar_list_set_vector_anchor (list, "file:///elsewhere/outside.ogg", "Outside", v,
                                         lib.dim, NULL, tags, NULL);
    g_assert_true (spin_until_state (list, AKIN_SIMILAR_LIST_STATE_LIST));
    g_assert_cmpuint (g_list_model_get_n_items (items), ==, k);
    first = g_list_model_get_item (items, 0);
    g_assert_cmpint (akin_similar_item_get_track_id (first), ==, lib.ids[0]);
    for (guint r = 0; r < k; r++)
      {
        g_autoptr(AkinSimilarItem) item = g_list_model_get_item (items, r);

        g_assert_cmpint (akin_similar_item_get_track_id (item), !=, lib.ids[1]);
      }
    g_settings_reset (settings, "skip-same-artist");
  }

  /* A track the analysis has not reached yet. */
  akin_similar_list_set_track_id (list, lib.pending_id);
  g_assert_true (spin_until_state (list, AKIN_SIMILAR_LIST_STATE_PENDING));
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, 0);

  /* A track whose analysis failed: the reason. */
  akin_similar_list_set_track_id (list, lib.failed_id);
  g_assert_true (spin_until_state (list, AKIN_SIMILAR_LIST_STATE_ERROR));
  g_assert_true (has_label (GTK_WIDGET (pane),
                            "Akin could not analyse this song: no audio stream"));

  /* Nothing. */
  akin_similar_list_set_track_id (list, -1);
  g_assert_cmpint (akin_similar_list_get_state (list), ==, AKIN_SIMILAR_LIST_STATE_EMPTY);

  gtk_window_destroy (GTK_WINDOW (window));
  library_free (&lib);
}

/* A mono 16-bit WAV of @seconds of a tone at @freq Hz with a beat. */
static char *
write_wav (const char *dir,
           const char *name,
           double      freq,
           double      seconds)
{
  const guint rate = 22050;
  guint n = (guint) (seconds * rate);
  g_autofree gint16 *pcm = g_new (gint16, n);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  guint32 u32;
  guint16 u16;

  for (guint i = 0; i < n; i++)
    {
      double t = (double) i / rate;
      double env = fmod (t, 0.5) < 0.1 ? 1.0 : 0.3;

      pcm[i] = (gint16) (12000 * env * sin (2 * G_PI * freq * t));
    }

#define PUT(x) g_byte_array_append (bytes, (const guint8 *) &(x), sizeof (x))
  g_byte_array_append (bytes, (const guint8 *) "RIFF", 4);
  u32 = GUINT32_TO_LE (36 + n * 2); PUT (u32);
  g_byte_array_append (bytes, (const guint8 *) "WAVEfmt ", 8);
  u32 = GUINT32_TO_LE (16); PUT (u32);
  u16 = GUINT16_TO_LE (1); PUT (u16);
  u16 = GUINT16_TO_LE (1); PUT (u16);
  u32 = GUINT32_TO_LE (rate); PUT (u32);
  u32 = GUINT32_TO_LE (rate * 2); PUT (u32);
  u16 = GUINT16_TO_LE (2); PUT (u16);
  u16 = GUINT16_TO_LE (16); PUT (u16);
  g_byte_array_append (bytes, (const guint8 *) "data", 4);
  u32 = GUINT32_TO_LE (n * 2); PUT (u32);
#undef PUT
  for (guint i = 0; i < n; i++)
    {
      gint16 s = GINT16_TO_LE (pcm[i]);

      g_byte_array_append (bytes, (const guint8 *) &s, 2);
    }
  g_file_set_contents (path, (const char *) bytes->data, bytes->len, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

static gboolean
spin_until_data (AkinSpectrogramView *view,
                 const char          *kind)
{
  gint64 deadline = g_get_monotonic_time () + DEADLINE_US;

  while (!akin_spectrogram_view_has_data (view)
         || g_strcmp0 (akin_spectrogram_view_get_kind (view), kind) != 0)
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
    }
  return TRUE;
}

/* The controller analyses the playing song and feeds the spectrogram;
 * another song replaces it; the kind follows the setting. A file chosen
 * with Find Similar becomes the pane's anchor. */
static void
test_spectrogram_follows_song (void)
{
  g_autoptr(AdwApplication)     app = adw_application_new ("io.github.akinplayer.Akin.SimilarTest",
                                                           G_APPLICATION_NON_UNIQUE);
  g_autoptr(AkinPlayback)       playback = akin_playback_new ();
  AkinPlayer                   *player = akin_playback_get_player (playback);
  g_autoptr(GSettings)          settings = g_settings_new ("io.github.akinplayer.Akin");
  g_autoptr(AkinLibraryManager) manager = NULL;
  g_autoptr(GError)             error = NULL;
  Library                       lib = { 0 };
  g_autofree char              *low = NULL, *high = NULL;
  g_autofree char              *low_uri = NULL, *high_uri = NULL;
  AkinSpectrogramView          *view;
  AkinSimilarController        *controller;
  AkinWindow                   *window;
  guint                         frames;

  library_build (&lib);
  manager = akin_library_manager_new (lib.db_path, &error);
  g_assert_no_error (error);
  low = write_wav (lib.dir, "low.wav", 220, 3);
  high = write_wav (lib.dir, "high.wav", 3520, 2);
  low_uri = g_filename_to_uri (low, NULL, NULL);
  high_uri = g_filename_to_uri (high, NULL, NULL);

  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_settings_set_string (settings, "spectrogram-kind", "mfcc");
  window = akin_window_new (app, playback);
  controller = akin_similar_controller_attach (window, manager);
  g_assert_nonnull (controller);
  gtk_window_present (GTK_WINDOW (window));
  view = akin_window_get_spectrogram_view (window);

  /* A song outside the library: its MFCC, and the pane lists by vector. */
  akin_playback_play_uri (akin_window_get_playback (window), low_uri, NULL);
  g_assert_true (spin_until_data (view, "mfcc"));
  g_assert_cmpfloat_with_epsilon (akin_spectrogram_view_get_duration (view), 3.0, 0.1);
  g_assert_true (spin_until_state (akin_similar_controller_get_list (controller),
                                   AKIN_SIMILAR_LIST_STATE_LIST));

  /* The mel matrix of the same analysis. */
  g_settings_set_string (settings, "spectrogram-kind", "mel");
  g_assert_true (spin_until_data (view, "mel"));

  /* Another song replaces it. */
  akin_playback_play_uri (akin_window_get_playback (window), high_uri, NULL);
  g_assert_true (spin_until_data (view, "mel"));
  frames = (guint) round (akin_spectrogram_view_get_duration (view) / (512.0 / 22050));
  g_assert_cmpuint (frames, ==, 1 + 2 * 22050 / 512);

  /* Find Similar to a File: the file outside the library becomes the
   * anchor once analysed (here from the cache), and can be played. */
  {
    g_autoptr(GFile) file = g_file_new_for_path (low);
    AkinSimilarPane *pane = akin_similar_controller_get_pane (controller);
    AkinSimilarList *list = akin_similar_controller_get_list (controller);

    g_assert_true (akin_similar_pane_get_list (pane) == list);
    akin_similar_controller_show_similar_to_file (controller, file);
    g_assert_true (spin_until_state (list, AKIN_SIMILAR_LIST_STATE_LIST));
    g_assert_cmpstr (akin_similar_list_get_anchor_uri (list), ==, low_uri);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==,
                      akin_similar_list_get_n_results (list));
    g_signal_emit_by_name (pane, "play-anchor-requested");
    g_assert_cmpstr (akin_player_get_uri (player), ==, low_uri);
  }

  /* Play Similar takes its candidates from the controller's list: with a
   * library track as the anchor, what comes next is its closest song. */
  {
    AkinSimilarList *list = akin_similar_controller_get_list (controller);
    AkinQueue *queue = akin_playback_get_queue (playback);
    g_autoptr(AkinSimilarItem) first = NULL;

    /* Nothing plays: the controller leaves the list to the test. */
    akin_player_stop (player);
    spin_a_little ();
    g_settings_set_boolean (settings, "play-similar", TRUE);
    akin_queue_set_current (queue, lib.ids[0], "Artist 0", AKIN_QUEUE_SOURCE_LIBRARY);
    akin_similar_list_set_track_id (list, lib.ids[0]);
    g_assert_true (spin_until_state (list, AKIN_SIMILAR_LIST_STATE_LIST));
    first = g_list_model_get_item (G_LIST_MODEL (list), 0);
    g_assert_cmpint (akin_similar_item_get_track_id (first), ==, lib.ids[1]);
    g_assert_cmpint (akin_queue_peek_next (queue), ==, lib.ids[1]);
    g_settings_reset (settings, "play-similar");
  }

  g_settings_reset (settings, "spectrogram-kind");
  akin_player_stop (player);
  gtk_window_destroy (GTK_WINDOW (window));
  library_free (&lib);
}

/* The similar list holds each recording once, as its best copy, and never
 * a copy of the anchor. No widget: the list is a model of its own. */
static void
test_list_recordings (void)
{
  Library                       lib = { 0 };
  g_autoptr(AkinLibraryManager) manager = NULL;
  g_autoptr(GError)             error = NULL;
  g_autoptr(AkinSimilarList)    list = NULL;
  GListModel                   *items;
  const guint                   k = 10;
  const guint                   expected[] = { 3, 5, 6, 7, 8, 9, 10, 11, 12, 13 };

  library_build_full (&lib, TRUE);
  manager = akin_library_manager_new (lib.db_path, &error);
  g_assert_no_error (error);
  list = akin_similar_list_new (manager);
  akin_similar_list_set_n_results (list, k);

  /* Track 4 is the anchor's copy; 1, 2 and 3 are one song, shown as 3. */
  akin_similar_list_set_track_id (list, lib.ids[0]);
  g_assert_true (spin_until_state (list, AKIN_SIMILAR_LIST_STATE_LIST));
  g_assert_cmpint (akin_similar_list_get_track_id (list), ==, lib.ids[0]);
  items = G_LIST_MODEL (list);
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, k);
  for (guint r = 0; r < k; r++)
    {
      g_autoptr(AkinSimilarItem) item = g_list_model_get_item (items, r);

      g_assert_cmpint (akin_similar_item_get_track_id (item), ==, lib.ids[expected[r]]);
    }

  /* From a copy the best copy of the same song is not listed either. */
  akin_similar_list_set_track_id (list, lib.ids[2]);
  g_assert_true (spin_until_state (list, AKIN_SIMILAR_LIST_STATE_LIST));
  spin_a_little ();
  for (guint r = 0; r < g_list_model_get_n_items (items); r++)
    {
      g_autoptr(AkinSimilarItem) item = g_list_model_get_item (items, r);
      gint64 id = akin_similar_item_get_track_id (item);

      g_assert_true (id != lib.ids[1] && id != lib.ids[3] && id != lib.ids[4]);
    }
  {
    g_autoptr(AkinSimilarItem) first = g_list_model_get_item (items, 0);

    g_assert_cmpint (akin_similar_item_get_track_id (first), ==, lib.ids[0]);
  }

  g_clear_object (&list);
  g_clear_object (&manager);
  library_free (&lib);
}

int
main (int   argc,
      char *argv[])
{
  GTestDBus       *bus;
  int              status;

  if (app_test_skip_without_display ("the similar pane tests"))
    return 77;

  g_test_init (&argc, &argv, NULL);
  g_setenv ("AKIN_VLC_AOUT", "adummy", TRUE);

  bus = app_test_session_up ();

  g_test_add_func ("/similar-pane/rows", test_pane_rows);
  g_test_add_func ("/similar-pane/library", test_pane_library);
  g_test_add_func ("/similar-pane/list-recordings", test_list_recordings);
  g_test_add_func ("/similar-pane/spectrogram", test_spectrogram_follows_song);

  status = g_test_run ();
  g_test_dbus_stop (bus);
  return status;
}
