/* akin-track-object.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One library track as a GObject, for list models and their rows. It is a
 * read-only snapshot of a database row that AkinLibraryModel refreshes in
 * place (every property notifies) when the row changes, so bound rows
 * follow an analysis as it lands. The *-text, status-icon-name and
 * status-tooltip properties are the formatted values the columns show.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "akin-engine.h"
#include "akin-track-object.h"

struct _AkinTrackObject
{
  GObject    parent_instance;

  AkinTrack *track;
  char      *title;   /* the title tag, or the file name */
};

G_DEFINE_FINAL_TYPE (AkinTrackObject, akin_track_object, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_URI,
  PROP_TITLE,
  PROP_ARTIST,
  PROP_ALBUM,
  PROP_GENRE,
  PROP_DURATION,
  PROP_DURATION_TEXT,
  PROP_BPM,
  PROP_BPM_TEXT,
  PROP_KEY,
  PROP_STATUS,
  PROP_STATUS_ICON_NAME,
  PROP_STATUS_TOOLTIP,
  PROP_LAST_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * akin_format_duration:
 * @seconds: a duration
 *
 * Returns: (transfer full): "3:07", "1:02:03", or "" when @seconds ≤ 0
 */
char *
akin_format_duration (double seconds)
{
  guint s;

  if (!(seconds > 0))
    return g_strdup ("");
  s = (guint) floor (seconds + 0.5);
  if (s >= 3600)
    return g_strdup_printf ("%u:%02u:%02u", s / 3600, s / 60 % 60, s % 60);
  return g_strdup_printf ("%u:%02u", s / 60, s % 60);
}

static char *
title_from_uri (const char *uri)
{
  g_autoptr(GFile) file = g_file_new_for_uri (uri);
  g_autofree char *basename = g_file_get_basename (file);
  char *name;
  char *dot;

  if (basename == NULL)
    return g_strdup (uri);
  name = g_filename_display_name (basename);
  dot = strrchr (name, '.');
  if (dot != NULL && dot != name)
    *dot = '\0';
  return name;
}

static const char *
status_icon_name (AkinTrackStatus status)
{
  switch (status)
    {
    case AKIN_TRACK_STATUS_ANALYZED:
      return "object-select-symbolic";
    case AKIN_TRACK_STATUS_FAILED:
      return "dialog-warning-symbolic";
    case AKIN_TRACK_STATUS_MISSING:
      return "action-unavailable-symbolic";
    case AKIN_TRACK_STATUS_PENDING:
    default:
      return "content-loading-symbolic";
    }
}

static char *
status_tooltip (const AkinTrack *track)
{
  switch (track->status)
    {
    case AKIN_TRACK_STATUS_ANALYZED:
      return g_strdup (_("Analysed: similar songs can be found"));
    case AKIN_TRACK_STATUS_FAILED:
      if (track->last_error != NULL)
        /* Translators: %s is why the analysis of a song failed */
        return g_strdup_printf (_("Could not be analysed: %s"), track->last_error);
      return g_strdup (_("Could not be analysed"));
    case AKIN_TRACK_STATUS_MISSING:
      return g_strdup (_("The file is missing"));
    case AKIN_TRACK_STATUS_PENDING:
    default:
      return g_strdup (_("Waiting to be analysed"));
    }
}

static void
akin_track_object_finalize (GObject *object)
{
  AkinTrackObject *self = AKIN_TRACK_OBJECT (object);

  g_clear_pointer (&self->track, akin_track_free);
  g_free (self->title);

  G_OBJECT_CLASS (akin_track_object_parent_class)->finalize (object);
}

static void
akin_track_object_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  AkinTrackObject *self = AKIN_TRACK_OBJECT (object);
  const AkinTrack *t = self->track;

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, t->id);
      break;
    case PROP_URI:
      g_value_set_string (value, t->uri);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_ARTIST:
      g_value_set_string (value, t->tags.artist);
      break;
    case PROP_ALBUM:
      g_value_set_string (value, t->tags.album);
      break;
    case PROP_GENRE:
      g_value_set_string (value, t->tags.genre);
      break;
    case PROP_DURATION:
      g_value_set_double (value, t->duration);
      break;
    case PROP_DURATION_TEXT:
      g_value_take_string (value, akin_format_duration (t->duration));
      break;
    case PROP_BPM:
      g_value_set_double (value, t->tempo_bpm);
      break;
    case PROP_BPM_TEXT:
      g_value_take_string (value, t->tempo_bpm > 0
                                  ? g_strdup_printf ("%.0f", t->tempo_bpm) : g_strdup (""));
      break;
    case PROP_KEY:
      g_value_take_string (value, akin_key_display_name (t->key_signature));
      break;
    case PROP_STATUS:
      g_value_set_uint (value, t->status);
      break;
    case PROP_STATUS_ICON_NAME:
      g_value_set_static_string (value, status_icon_name (t->status));
      break;
    case PROP_STATUS_TOOLTIP:
      g_value_take_string (value, status_tooltip (t));
      break;
    case PROP_LAST_ERROR:
      g_value_set_string (value, t->last_error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
string_property (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL,
                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static void
akin_track_object_class_init (AkinTrackObjectClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags   flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = akin_track_object_finalize;
  object_class->get_property = akin_track_object_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, -1, G_MAXINT64, -1, flags);
  properties[PROP_URI] = string_property ("uri");
  /* The title tag, or the file name without its extension. */
  properties[PROP_TITLE] = string_property ("title");
  properties[PROP_ARTIST] = string_property ("artist");
  properties[PROP_ALBUM] = string_property ("album");
  properties[PROP_GENRE] = string_property ("genre");
  properties[PROP_DURATION] = g_param_spec_double ("duration", NULL, NULL, 0, G_MAXDOUBLE, 0,
                                                   flags);
  properties[PROP_DURATION_TEXT] = string_property ("duration-text");
  /* The analysed tempo, 0 when unknown. */
  properties[PROP_BPM] = g_param_spec_double ("bpm", NULL, NULL, 0, G_MAXDOUBLE, 0, flags);
  properties[PROP_BPM_TEXT] = string_property ("bpm-text");
  /* The analysed key in the user's language, e.g. "A minor". */
  properties[PROP_KEY] = string_property ("key");
  /* An AkinTrackStatus. */
  properties[PROP_STATUS] = g_param_spec_uint ("status", NULL, NULL, 0, AKIN_TRACK_STATUS_N - 1,
                                               AKIN_TRACK_STATUS_PENDING, flags);
  properties[PROP_STATUS_ICON_NAME] = string_property ("status-icon-name");
  /* Says what the status means, with the reason of a failure. */
  properties[PROP_STATUS_TOOLTIP] = string_property ("status-tooltip");
  properties[PROP_LAST_ERROR] = string_property ("last-error");
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
akin_track_object_init (AkinTrackObject *self)
{
}

static void
set_track (AkinTrackObject *self,
           AkinTrack       *track)
{
  g_clear_pointer (&self->track, akin_track_free);
  self->track = track;
  g_free (self->title);
  self->title = track->tags.title != NULL && track->tags.title[0] != '\0'
                ? g_strdup (track->tags.title) : title_from_uri (track->uri);
}

/**
 * akin_track_object_new:
 * @track: a database row, copied
 *
 * Returns: (transfer full): a new object
 */
AkinTrackObject *
akin_track_object_new (const AkinTrack *track)
{
  AkinTrackObject *self;

  g_return_val_if_fail (track != NULL, NULL);

  self = g_object_new (AKIN_TYPE_TRACK_OBJECT, NULL);
  set_track (self, akin_track_copy (track));
  return self;
}

/**
 * akin_track_object_new_placeholder:
 * @track_id: a track that could not be read (e.g. just removed)
 *
 * Returns: (transfer full): an object with that id and no data, shown
 *   until the list catches up
 */
AkinTrackObject *
akin_track_object_new_placeholder (gint64 track_id)
{
  AkinTrackObject *self = g_object_new (AKIN_TYPE_TRACK_OBJECT, NULL);
  AkinTrack *track = g_new0 (AkinTrack, 1);

  track->id = track_id;
  track->uri = g_strdup ("");
  track->status = AKIN_TRACK_STATUS_MISSING;
  set_track (self, track);
  g_free (self->title);
  self->title = g_strdup ("");
  return self;
}

/**
 * akin_track_object_update:
 * @track: the row of the same track, re-read
 *
 * Replaces the data and notifies every property.
 */
void
akin_track_object_update (AkinTrackObject *self,
                          const AkinTrack *track)
{
  g_return_if_fail (AKIN_IS_TRACK_OBJECT (self));
  g_return_if_fail (track != NULL);
  g_return_if_fail (track->id == self->track->id);

  set_track (self, akin_track_copy (track));
  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = PROP_URI; i < N_PROPS; i++)
    g_object_notify_by_pspec (G_OBJECT (self), properties[i]);
  g_object_thaw_notify (G_OBJECT (self));
}

gint64
akin_track_object_get_id (AkinTrackObject *self)
{
  g_return_val_if_fail (AKIN_IS_TRACK_OBJECT (self), -1);
  return self->track->id;
}

const char *
akin_track_object_get_uri (AkinTrackObject *self)
{
  g_return_val_if_fail (AKIN_IS_TRACK_OBJECT (self), NULL);
  return self->track->uri;
}

const char *
akin_track_object_get_title (AkinTrackObject *self)
{
  g_return_val_if_fail (AKIN_IS_TRACK_OBJECT (self), NULL);
  return self->title;
}

const char *
akin_track_object_get_artist (AkinTrackObject *self)
{
  g_return_val_if_fail (AKIN_IS_TRACK_OBJECT (self), NULL);
  return self->track->tags.artist;
}

const char *
akin_track_object_get_album (AkinTrackObject *self)
{
  g_return_val_if_fail (AKIN_IS_TRACK_OBJECT (self), NULL);
  return self->track->tags.album;
}

const char *
akin_track_object_get_genre (AkinTrackObject *self)
{
  g_return_val_if_fail (AKIN_IS_TRACK_OBJECT (self), NULL);
  return self->track->tags.genre;
}

double
akin_track_object_get_duration (AkinTrackObject *self)
{
  g_return_val_if_fail (AKIN_IS_TRACK_OBJECT (self), 0);
  return self->track->duration;
}

double
akin_track_object_get_bpm (AkinTrackObject *self)
{
  g_return_val_if_fail (AKIN_IS_TRACK_OBJECT (self), 0);
  return self->track->tempo_bpm;
}

const char *
akin_track_object_get_key (AkinTrackObject *self)
{
  g_return_val_if_fail (AKIN_IS_TRACK_OBJECT (self), NULL);
  return self->track->key_signature;
}

AkinTrackStatus
akin_track_object_get_status (AkinTrackObject *self)
{
  g_return_val_if_fail (AKIN_IS_TRACK_OBJECT (self), AKIN_TRACK_STATUS_PENDING);
  return self->track->status;
}

const char *
akin_track_object_get_last_error (AkinTrackObject *self)
{
  g_return_val_if_fail (AKIN_IS_TRACK_OBJECT (self), NULL);
  return self->track->last_error;
}
