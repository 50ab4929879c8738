/* akin-similar-controller-queue.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The controller's queue: the Queue page of the side pane, the
 * `queue.play-next` and `queue.add` actions (a library track id each), the
 * `shuffle` and `repeat` settings, and resuming: when the window is closed
 * the song, its position and the queue are kept in GSettings, and the next
 * window loads them again, paused.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "akin-application.h"
#include "akin-queue-pane.h"
#include "akin-similar-controller-private.h"
#include "akin-track-object.h"

static void on_queue_play_requested_first (AkinSimilarController *self);

/* Queues @track_id first (Play Next) or last (Add to Queue). */
static gboolean
queue_track (AkinSimilarController *self,
             gint64                 track_id,
             gboolean               play_next)
{
  g_autoptr(AkinTrack) track = akin_library_manager_get_track (self->manager, track_id);
  g_autoptr(AkinTrackObject) item = NULL;

  if (track == NULL)
    return FALSE;
  item = akin_track_object_new (track);
  akin_queue_add (self->queue, G_OBJECT (item), play_next);
  return TRUE;
}

static void
play_next_activated (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       data)
{
  AkinSimilarController *self = data;

  if (queue_track (self, g_variant_get_int64 (param), TRUE)
      && akin_player_get_uri (self->player) == NULL)
    on_queue_play_requested_first (self);
}

static void
add_activated (GSimpleAction *action,
               GVariant      *param,
               gpointer       data)
{
  AkinSimilarController *self = data;

  if (queue_track (self, g_variant_get_int64 (param), FALSE)
      && akin_player_get_uri (self->player) == NULL)
    on_queue_play_requested_first (self);
}

static void
clear_activated (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       data)
{
  AkinSimilarController *self = data;

  akin_queue_clear (self->queue);
}

static const GActionEntry queue_entries[] = {
  { "play-next", play_next_activated, "x" },
  { "add", add_activated, "x" },
  { "clear", clear_activated },
};

static void
on_queue_play_requested (AkinSimilarController *self,
                         guint                  position)
{
  AkinQueueSource source = akin_queue_get_source (self->queue);
  gint64 id = akin_queue_play_queued (self->queue, position);

  if (id > 0)
    _akin_similar_controller_play_track_from (self, id, source);
}

/* Nothing plays yet: the first queued song starts. */
static void
on_queue_play_requested_first (AkinSimilarController *self)
{
  on_queue_play_requested (self, 0);
}

static void
save_resume (AkinSimilarController *self)
{
  const char *uri = akin_player_get_uri (self->player);
  g_autoptr(GArray) ids = akin_queue_dup_up_next_ids (self->queue);
  GVariant *queue = g_variant_new_fixed_array (G_VARIANT_TYPE_INT64, ids->data, ids->len,
                                               sizeof (gint64));

  g_settings_delay (self->settings);
  g_settings_set_string (self->settings, "resume-uri", uri != NULL ? uri : "");
  g_settings_set_int64 (self->settings, "resume-track-id",
                        uri != NULL ? akin_window_get_current_track_id (self->window) : -1);
  g_settings_set_double (self->settings, "resume-position",
                         uri != NULL ? akin_player_get_position (self->player) : 0.0);
  g_settings_set_value (self->settings, "resume-queue", queue);
  g_settings_apply (self->settings);
}

static gboolean
on_close_request (AkinSimilarController *self)
{
  save_resume (self);
  return GDK_EVENT_PROPAGATE;
}

/* The last session's song, paused where it was, and its queue. */
static void
restore_resume (AkinSimilarController *self)
{
  g_autofree char *uri = g_settings_get_string (self->settings, "resume-uri");
  g_autoptr(GVariant) queue = g_settings_get_value (self->settings, "resume-queue");
  gint64 track_id = g_settings_get_int64 (self->settings, "resume-track-id");
  double position = g_settings_get_double (self->settings, "resume-position");
  g_autoptr(GFile) file = NULL;
  g_autoptr(AkinTrack) track = NULL;
  g_autoptr(AkinNowPlaying) np = NULL;
  const gint64 *ids;
  gsize n_ids = 0;

  /* A file handed over at start wins. */
  if (akin_player_get_uri (self->player) != NULL || *uri == '\0')
    return;
  file = g_file_new_for_uri (uri);
  if (!g_file_query_exists (file, NULL))
    return;

  if (track_id > 0 && (track = akin_library_manager_get_track (self->manager, track_id)) != NULL
      && g_strcmp0 (track->uri, uri) == 0)
    np = akin_now_playing_new (uri, track->tags.title != NULL && *track->tags.title != '\0'
                                      ? track->tags.title : NULL,
                               track->tags.artist, track->tags.album, NULL);
  else
    track_id = -1;
  if (np == NULL || akin_now_playing_get_title (np) == NULL)
    {
      g_clear_pointer (&np, akin_now_playing_unref);
      np = akin_now_playing_new_for_uri (uri);
    }

  akin_player_set_uri_at (self->player, uri, position);
  akin_window_set_now_playing (self->window, np);
  akin_window_set_current_track_id (self->window, track_id);

  ids = g_variant_get_fixed_array (queue, &n_ids, sizeof (gint64));
  for (gsize i = 0; i < n_ids; i++)
    queue_track (self, ids[i], FALSE);
}

void
_akin_similar_controller_init_queue (AkinSimilarController *self)
{
  g_autoptr(GSimpleActionGroup) actions = g_simple_action_group_new ();
  GtkWidget *pane = akin_queue_pane_new (self->queue);

  g_settings_bind (self->settings, "shuffle", self->queue, "shuffle", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "repeat", self->queue, "repeat", G_SETTINGS_BIND_GET);

  gtk_widget_set_vexpand (pane, TRUE);
  gtk_box_append (akin_window_get_queue_pane_slot (self->window), pane);
  g_signal_connect_object (pane, "play-requested", G_CALLBACK (on_queue_play_requested), self,
                           G_CONNECT_SWAPPED);

  g_action_map_add_action_entries (G_ACTION_MAP (actions), queue_entries,
                                   G_N_ELEMENTS (queue_entries), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self->window), "queue", G_ACTION_GROUP (actions));

  g_signal_connect_object (self->window, "close-request", G_CALLBACK (on_close_request), self,
                           G_CONNECT_SWAPPED);
  restore_resume (self);
}
