/* test-cover.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Covers of the playing track: a cover file in the song's folder, an image
 * embedded in its tags (which wins), none (the playback bar's icon), and
 * a newer song cancelling the older lookup. The audio and images are made
 * here with GStreamer.
 */

#include "config.h"

#include "app-test-session.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <gst/gst.h>
#include <gst/tag/tag.h>

#include "akin-cover-loader.h"
#include "akin-playback-private.h"
#include "akin-window-private.h"
#include "gst-test-pipeline.h"
#include "test-tmpdir.h"

#define DEADLINE_US (15 * G_USEC_PER_SEC)

static char *tmpdir;
static AdwApplication *app;

static char *
make_dir (const char *name)
{
  char *dir = g_build_filename (tmpdir, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  return dir;
}

/* A PNG of @size × @size pixels; the size tells covers apart. */
static GBytes *
make_png (const char *path,
          guint       size)
{
  g_autofree char *description = NULL;
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize length = 0;

  description = g_strdup_printf ("videotestsrc num-buffers=1 ! video/x-raw,width=%u,height=%u "
                                 "! pngenc ! filesink location=\"%s\"", size, size, path);
  test_run_pipeline (description, NULL);
  g_file_get_contents (path, &data, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (data, length);
}

static char *
make_wav (const char *dir,
          const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *description = NULL;

  description = g_strdup_printf ("audiotestsrc num-buffers=4 ! audioconvert ! wavenc "
                                 "! filesink location=\"%s\"", path);
  test_run_pipeline (description, NULL);
  return g_filename_to_uri (path, NULL, NULL);
}

/* An Ogg Vorbis file whose tags carry @image as the front cover. */
static char *
make_ogg_with_cover (const char *dir,
                      GBytes     *image)
{
  g_autofree char *path = g_build_filename (dir, "tagged.ogg", NULL);
  g_autofree char *description = NULL;
  g_autoptr(GstTagList) tags = gst_tag_list_new_empty ();
  g_autoptr(GstSample) sample = NULL;
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (image, &length);

  sample = gst_tag_image_data_to_image_sample (data, (guint) length,
                                               GST_TAG_IMAGE_TYPE_FRONT_COVER);
  g_assert_nonnull (sample);
  gst_tag_list_add (tags, GST_TAG_MERGE_APPEND, GST_TAG_IMAGE, sample, NULL);
  description = g_strdup_printf ("audiotestsrc num-buffers=4 "
                                 "! audio/x-raw,format=S16LE,rate=44100,channels=1 "
                                 "! audioconvert ! vorbisenc name=tagger ! oggmux "
                                 "! filesink location=\"%s\"", path);
  test_run_pipeline (description, tags);
  return g_filename_to_uri (path, NULL, NULL);
}

typedef struct
{
  gboolean done;
  GBytes  *cover;
  GError  *error;
} Load;

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  Load *load = data;

  load->cover = akin_cover_loader_load_finish (AKIN_COVER_LOADER (source), result, &load->error);
  load->done = TRUE;
}

static GBytes *
load_cover (AkinCoverLoader *loader,
            const char      *uri,
            GCancellable    *cancellable,
            GError         **error)
{
  Load load = { 0 };
  gint64 deadline = g_get_monotonic_time () + DEADLINE_US;

  akin_cover_loader_load_async (loader, uri, cancellable, on_loaded, &load);
  while (!load.done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (load.done);
  if (load.error != NULL)
    g_propagate_error (error, load.error);
  return load.cover;
}

static void
assert_bytes_equal (GBytes *a,
                    GBytes *b)
{
  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_true (g_bytes_equal (a, b));
}

static void
test_folder_file (void)
{
  g_autofree char *dir = make_dir ("folder");
  g_autofree char *cover_path = g_build_filename (dir, "Cover.PNG", NULL);
  g_autofree char *album_path = g_build_filename (dir, "album.png", NULL);
  g_autofree char *other_path = g_build_filename (dir, "back.png", NULL);
  g_autoptr(GBytes) cover = make_png (cover_path, 16);
  g_autoptr(GBytes) album = make_png (album_path, 24);
  g_autoptr(GBytes) other = make_png (other_path, 32);
  g_autofree char *uri = make_wav (dir, "song.wav");
  g_autoptr(AkinCoverLoader) loader = akin_cover_loader_new ();
  g_autoptr(GBytes) found = NULL;
  g_autoptr(GBytes) cached = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (akin_cover_loader_lookup (loader, uri, &cached));

  /* cover.* ranks above album.*; back.png is no cover at all. */
  found = load_cover (loader, uri, NULL, &error);
  g_assert_no_error (error);
  assert_bytes_equal (found, cover);

  /* The answer is remembered. */
  g_assert_true (akin_cover_loader_lookup (loader, uri, &cached));
  assert_bytes_equal (cached, cover);

  g_unlink (cover_path);
  g_clear_pointer (&found, g_bytes_unref);
  found = akin_cover_find_in_folder (g_file_new_for_uri (uri), NULL);
  assert_bytes_equal (found, album);
  g_unlink (album_path);
  g_unlink (other_path);
}

static void
test_embedded_wins (void)
{
  g_autofree char *dir = make_dir ("embedded");
  g_autofree char *folder_path = g_build_filename (dir, "folder.jpg", NULL);
  g_autofree char *image_path = g_build_filename (tmpdir, "embedded.png", NULL);
  g_autoptr(GBytes) folder = make_png (folder_path, 16);
  g_autoptr(GBytes) image = make_png (image_path, 40);
  g_autofree char *uri = make_ogg_with_cover (dir, image);
  g_autoptr(AkinCoverLoader) loader = akin_cover_loader_new ();
  g_autoptr(GBytes) found = NULL;
  g_autoptr(GError) error = NULL;

  found = load_cover (loader, uri, NULL, &error);
  g_assert_no_error (error);
  assert_bytes_equal (found, image);
}

static void
test_none (void)
{
  g_autofree char *dir = make_dir ("none");
  g_autofree char *uri = make_wav (dir, "bare.wav");
  g_autoptr(AkinCoverLoader) loader = akin_cover_loader_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GBytes) found = NULL;
  g_autoptr(GBytes) cached = NULL;
  g_autoptr(GError) error = NULL;

  /* Cancelled before the worker answers. */
  g_cancellable_cancel (cancellable);
  found = load_cover (loader, uri, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (found);
  g_assert_false (akin_cover_loader_lookup (loader, uri, &cached));
  g_clear_error (&error);

  found = load_cover (loader, uri, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (found);
  g_assert_true (akin_cover_loader_lookup (loader, uri, &cached));
  g_assert_null (cached);
}

static gboolean
spin_until_cover_settled (AkinPlayback *playback)
{
  gint64 deadline = g_get_monotonic_time () + DEADLINE_US;

  while (playback->cover_uri != NULL)
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  while (g_main_context_iteration (NULL, FALSE))
    ;
  return TRUE;
}

static GtkWidget *
find_cover_stack (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_STACK (child) && gtk_stack_get_child_by_name (GTK_STACK (child), "fallback"))
        return child;
      if ((found = find_cover_stack (child)) != NULL)
        return found;
    }
  return NULL;
}

static void
test_window (void)
{
  g_autoptr(AkinPlayback) playback = akin_playback_new ();
  g_autofree char *with_dir = make_dir ("window-with");
  g_autofree char *without_dir = make_dir ("window-without");
  g_autofree char *cover_path = g_build_filename (with_dir, "front.jpeg", NULL);
  g_autoptr(GBytes) cover = make_png (cover_path, 20);
  g_autofree char *with_uri = make_wav (with_dir, "a.wav");
  g_autofree char *without_uri = make_wav (without_dir, "b.wav");
  g_autoptr(AkinNowPlaying) first = NULL;
  g_autoptr(AkinNowPlaying) second = NULL;
  AkinNowPlaying *np;
  AkinWindow *window;
  GtkWidget *stack;

  window = akin_window_new (app, playback);
  stack = find_cover_stack (GTK_WIDGET (window->playback_bar));
  g_assert_nonnull (stack);

  /* The record is shown at once, its cover follows. */
  first = akin_now_playing_new (with_uri, "A", "Someone", NULL, NULL);
  akin_playback_set_now_playing (playback, first);
  g_assert_true (akin_playback_get_now_playing (playback) == first);
  g_assert_true (spin_until_cover_settled (playback));
  np = akin_playback_get_now_playing (playback);
  g_assert_cmpstr (akin_now_playing_get_uri (np), ==, with_uri);
  g_assert_cmpstr (akin_now_playing_get_artist (np), ==, "Someone");
  assert_bytes_equal (akin_now_playing_get_cover (np), cover);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "cover");

  /* No cover: the fallback icon. */
  second = akin_now_playing_new_for_uri (without_uri);
  akin_playback_set_now_playing (playback, second);
  g_assert_true (spin_until_cover_settled (playback));
  np = akin_playback_get_now_playing (playback);
  g_assert_true (np == second);
  g_assert_null (akin_now_playing_get_cover (np));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "fallback");

  /* A newer song cancels the lookup: the first song's cover, now cached,
   * comes at once; the second stays without. */
  g_clear_pointer (&first, akin_now_playing_unref);
  first = akin_now_playing_new_for_uri (with_uri);
  akin_playback_set_now_playing (playback, first);
  assert_bytes_equal (akin_now_playing_get_cover (akin_playback_get_now_playing (playback)), cover);
  akin_playback_set_now_playing (playback, second);
  g_assert_true (spin_until_cover_settled (playback));
  g_assert_true (akin_playback_get_now_playing (playback) == second);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_newer_cancels (void)
{
  g_autoptr(AkinPlayback) playback = akin_playback_new ();
  g_autofree char *a_dir = make_dir ("cancel-a");
  g_autofree char *b_dir = make_dir ("cancel-b");
  g_autofree char *a_path = g_build_filename (a_dir, "cover.png", NULL);
  g_autofree char *b_path = g_build_filename (b_dir, "FOLDER.JPG", NULL);
  g_autoptr(GBytes) a_cover = make_png (a_path, 12);
  g_autoptr(GBytes) b_cover = make_png (b_path, 14);
  g_autofree char *a_uri = make_wav (a_dir, "a.wav");
  g_autofree char *b_uri = make_wav (b_dir, "b.wav");
  g_autoptr(AkinNowPlaying) a = akin_now_playing_new_for_uri (a_uri);
  g_autoptr(AkinNowPlaying) b = akin_now_playing_new_for_uri (b_uri);
  AkinWindow *window;

  window = akin_window_new (app, playback);

  akin_playback_set_now_playing (playback, a);
  akin_playback_set_now_playing (playback, b);
  g_assert_true (spin_until_cover_settled (playback));
  g_assert_cmpstr (akin_now_playing_get_uri (akin_playback_get_now_playing (playback)), ==, b_uri);
  assert_bytes_equal (akin_now_playing_get_cover (akin_playback_get_now_playing (playback)), b_cover);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  GTestDBus *bus;
  g_autoptr(GError) error = NULL;
  int status;

  if (app_test_skip_without_display ("the cover tests"))
    return 77;

  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);
  g_setenv ("AKIN_VLC_AOUT", "adummy", TRUE);

  bus = app_test_session_up ();

  app = adw_application_new ("io.github.akinplayer.Akin.Test", G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  tmpdir = g_dir_make_tmp ("akin-cover-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/cover/folder-file", test_folder_file);
  g_test_add_func ("/cover/embedded-wins", test_embedded_wins);
  g_test_add_func ("/cover/none", test_none);
  g_test_add_func ("/cover/window", test_window);
  g_test_add_func ("/cover/window-newer-cancels", test_window_newer_cancels);
  status = g_test_run ();

  test_remove_tree (tmpdir);
  g_free (tmpdir);
  /* Neither g_test_dbus_down() nor the application's last unref: GTK keeps
   * its bus connection to the end, and they would wait for it to go away. */
  g_test_dbus_stop (bus);
  return status;
}
