/* akin-similar-item.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One entry of the similar list: an immutable record the pane builds from a
 * similarity match, the track's tags and the reason text, and the rows
 * show through property bindings.
 */

#include "config.h"

#include "akin-similar-item.h"

struct _AkinSimilarItem
{
  GObject  parent_instance;

  gint64   track_id;
  guint    rank;
  float    score;
  char    *uri;
  char    *title;
  char    *artist;
  char    *album;
  char    *reason;
};

G_DEFINE_FINAL_TYPE (AkinSimilarItem, akin_similar_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TRACK_ID,
  PROP_RANK,
  PROP_SCORE,
  PROP_URI,
  PROP_TITLE,
  PROP_ARTIST,
  PROP_ALBUM,
  PROP_REASON,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
akin_similar_item_finalize (GObject *object)
{
  AkinSimilarItem *self = AKIN_SIMILAR_ITEM (object);

  g_clear_pointer (&self->uri, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->artist, g_free);
  g_clear_pointer (&self->album, g_free);
  g_clear_pointer (&self->reason, g_free);

  G_OBJECT_CLASS (akin_similar_item_parent_class)->finalize (object);
}

static void
akin_similar_item_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  AkinSimilarItem *self = AKIN_SIMILAR_ITEM (object);

  switch (prop_id)
    {
    case PROP_TRACK_ID:
      g_value_set_int64 (value, self->track_id);
      break;
    case PROP_RANK:
      g_value_set_uint (value, self->rank);
      break;
    case PROP_SCORE:
      g_value_set_float (value, self->score);
      break;
    case PROP_URI:
      g_value_set_string (value, self->uri);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_ARTIST:
      g_value_set_string (value, self->artist);
      break;
    case PROP_ALBUM:
      g_value_set_string (value, self->album);
      break;
    case PROP_REASON:
      g_value_set_string (value, self->reason);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
akin_similar_item_class_init (AkinSimilarItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags   flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = akin_similar_item_finalize;
  object_class->get_property = akin_similar_item_get_property;

  properties[PROP_TRACK_ID] = g_param_spec_int64 ("track-id", NULL, NULL, -1, G_MAXINT64, -1, flags);
  /** AkinSimilarItem:rank: 1 for the most similar track. */
  properties[PROP_RANK] = g_param_spec_uint ("rank", NULL, NULL, 0, G_MAXUINT, 0, flags);
  /** AkinSimilarItem:score: the cosine similarity to the anchor. */
  properties[PROP_SCORE] = g_param_spec_float ("score", NULL, NULL, -1, 1, 0, flags);
  properties[PROP_URI] = g_param_spec_string ("uri", NULL, NULL, NULL, flags);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
  properties[PROP_ARTIST] = g_param_spec_string ("artist", NULL, NULL, NULL, flags);
  properties[PROP_ALBUM] = g_param_spec_string ("album", NULL, NULL, NULL, flags);
  /** AkinSimilarItem:reason: why the track is similar (akin_similarity_why_describe()). */
  properties[PROP_REASON] = g_param_spec_string ("reason", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
akin_similar_item_init (AkinSimilarItem *self)
{
}

/**
 * akin_similar_item_new:
 * @track_id: the library track
 * @rank: its place in the list, from 1
 * @score: its cosine similarity to the anchor
 * @uri: (nullable): its file
 * @title: (nullable): the title to show
 * @artist: (nullable): its artist
 * @album: (nullable): its album
 * @reason: (nullable): why it is similar
 *
 * Returns: (transfer full): a new item
 */
AkinSimilarItem *
akin_similar_item_new (gint64      track_id,
                       guint       rank,
                       float       score,
                       const char *uri,
                       const char *title,
                       const char *artist,
                       const char *album,
                       const char *reason)
{
  AkinSimilarItem *self = g_object_new (AKIN_TYPE_SIMILAR_ITEM, NULL);

  self->track_id = track_id;
  self->rank = rank;
  self->score = CLAMP (score, -1.0f, 1.0f);
  self->uri = g_strdup (uri);
  self->title = g_strdup (title);
  self->artist = g_strdup (artist);
  self->album = g_strdup (album);
  self->reason = g_strdup (reason);
  return self;
}

gint64
akin_similar_item_get_track_id (AkinSimilarItem *self)
{
  g_return_val_if_fail (AKIN_IS_SIMILAR_ITEM (self), -1);
  return self->track_id;
}

guint
akin_similar_item_get_rank (AkinSimilarItem *self)
{
  g_return_val_if_fail (AKIN_IS_SIMILAR_ITEM (self), 0);
  return self->rank;
}

float
akin_similar_item_get_score (AkinSimilarItem *self)
{
  g_return_val_if_fail (AKIN_IS_SIMILAR_ITEM (self), 0);
  return self->score;
}

const char *
akin_similar_item_get_uri (AkinSimilarItem *self)
{
  g_return_val_if_fail (AKIN_IS_SIMILAR_ITEM (self), NULL);
  return self->uri;
}

const char *
akin_similar_item_get_title (AkinSimilarItem *self)
{
  g_return_val_if_fail (AKIN_IS_SIMILAR_ITEM (self), NULL);
  return self->title;
}

const char *
akin_similar_item_get_artist (AkinSimilarItem *self)
{
  g_return_val_if_fail (AKIN_IS_SIMILAR_ITEM (self), NULL);
  return self->artist;
}

const char *
akin_similar_item_get_album (AkinSimilarItem *self)
{
  g_return_val_if_fail (AKIN_IS_SIMILAR_ITEM (self), NULL);
  return self->album;
}

const char *
akin_similar_item_get_reason (AkinSimilarItem *self)
{
  g_return_val_if_fail (AKIN_IS_SIMILAR_ITEM (self), NULL);
  return self->reason;
}
