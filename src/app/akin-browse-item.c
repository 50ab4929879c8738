/* akin-browse-item.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One album or artist of the Albums and Artists views, and the orders they
 * can be sorted in.
 */

#include "config.h"

#include <string.h>

#include "akin-browse-item.h"

struct _AkinBrowseItem
{
  GObject  parent_instance;

  char    *album;
  char    *artist;
  char    *search_text;
  char    *cover_uri;
  guint    n_tracks;
  guint    n_albums;
  guint    year;
};

G_DEFINE_FINAL_TYPE (AkinBrowseItem, akin_browse_item, G_TYPE_OBJECT)

enum {
  ITEM_PROP_0,
  ITEM_PROP_SEARCH_TEXT,
  ITEM_N_PROPS
};

static GParamSpec *item_properties[ITEM_N_PROPS];

static void
akin_browse_item_finalize (GObject *object)
{
  AkinBrowseItem *self = AKIN_BROWSE_ITEM (object);

  g_free (self->album);
  g_free (self->artist);
  g_free (self->search_text);
  g_free (self->cover_uri);
  G_OBJECT_CLASS (akin_browse_item_parent_class)->finalize (object);
}

static void
akin_browse_item_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  AkinBrowseItem *self = AKIN_BROWSE_ITEM (object);

  if (prop_id == ITEM_PROP_SEARCH_TEXT)
    g_value_set_string (value, self->search_text);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
akin_browse_item_class_init (AkinBrowseItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = akin_browse_item_finalize;
  object_class->get_property = akin_browse_item_get_property;
  /* What the search entry matches: the album and its artist. */
  item_properties[ITEM_PROP_SEARCH_TEXT] =
    g_param_spec_string ("search-text", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, ITEM_N_PROPS, item_properties);
}

static void
akin_browse_item_init (AkinBrowseItem *self)
{
}

/**
 * akin_browse_item_new:
 * @album: an album or an artist of the library
 *
 * Returns: (transfer full): its item
 */
AkinBrowseItem *
akin_browse_item_new (const AkinAlbum *album)
{
  AkinBrowseItem *self = g_object_new (AKIN_TYPE_BROWSE_ITEM, NULL);

  self->album = g_strdup (album->name);
  self->artist = g_strdup (album->artist);
  self->cover_uri = g_strdup (album->cover_uri);
  self->n_tracks = album->n_tracks;
  self->n_albums = album->n_albums;
  self->year = album->year;
  self->search_text = g_strjoin (" ", album->name != NULL ? album->name : "",
                                 album->artist != NULL ? album->artist : "", NULL);
  return self;
}

const char *
akin_browse_item_get_album (AkinBrowseItem *self)
{
  g_return_val_if_fail (AKIN_IS_BROWSE_ITEM (self), NULL);
  return self->album;
}

const char *
akin_browse_item_get_artist (AkinBrowseItem *self)
{
  g_return_val_if_fail (AKIN_IS_BROWSE_ITEM (self), NULL);
  return self->artist;
}

guint
akin_browse_item_get_n_tracks (AkinBrowseItem *self)
{
  g_return_val_if_fail (AKIN_IS_BROWSE_ITEM (self), 0);
  return self->n_tracks;
}

guint
akin_browse_item_get_n_albums (AkinBrowseItem *self)
{
  g_return_val_if_fail (AKIN_IS_BROWSE_ITEM (self), 0);
  return self->n_albums;
}

const char *
akin_browse_item_get_cover_uri (AkinBrowseItem *self)
{
  g_return_val_if_fail (AKIN_IS_BROWSE_ITEM (self), NULL);
  return self->cover_uri;
}

guint
akin_browse_item_get_year (AkinBrowseItem *self)
{
  g_return_val_if_fail (AKIN_IS_BROWSE_ITEM (self), 0);
  return self->year;
}

/* Names compare as people read them (case and accents aside); a missing
 * one comes last. */
static int
compare_names (const char *a,
               const char *b)
{
  g_autofree char *ka = NULL;
  g_autofree char *kb = NULL;

  if (a == NULL || b == NULL)
    return (a == NULL) - (b == NULL);
  ka = g_utf8_collate_key (a, -1);
  kb = g_utf8_collate_key (b, -1);
  return strcmp (ka, kb);
}

/* An unknown year comes last. */
static int
compare_years (guint a,
               guint b)
{
  if (a == 0 || b == 0)
    return (a == 0) - (b == 0);
  return (a > b) - (a < b);
}

/**
 * akin_browse_item_compare:
 * @sort: by what
 *
 * Returns: < 0 when @a comes before @b, 0 when they tie, > 0 after
 */
int
akin_browse_item_compare (AkinBrowseItem *a,
                          AkinBrowseItem *b,
                          AkinBrowseSort  sort)
{
  int order = 0;

  g_return_val_if_fail (AKIN_IS_BROWSE_ITEM (a) && AKIN_IS_BROWSE_ITEM (b), 0);

  switch (sort)
    {
    case AKIN_BROWSE_SORT_YEAR:
      order = compare_years (a->year, b->year);
      break;
    case AKIN_BROWSE_SORT_NAME:
      if ((order = compare_names (a->album, b->album)) == 0)
        order = compare_names (a->artist, b->artist);
      return order;
    case AKIN_BROWSE_SORT_ARTIST:
    default:
      break;
    }
  if (order == 0)
    order = compare_names (a->artist, b->artist);
  if (order == 0)
    order = compare_names (a->album, b->album);
  return order;
}

/**
 * akin_browse_sort_from_string:
 * @text: a value of the `albums-sort` or `artists-sort` setting
 *
 * Returns: the sort it names (by artist when unknown)
 */
AkinBrowseSort
akin_browse_sort_from_string (const char *text)
{
  if (g_strcmp0 (text, "name") == 0)
    return AKIN_BROWSE_SORT_NAME;
  if (g_strcmp0 (text, "year") == 0)
    return AKIN_BROWSE_SORT_YEAR;
  return AKIN_BROWSE_SORT_ARTIST;
}
