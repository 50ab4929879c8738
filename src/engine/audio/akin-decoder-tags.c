/* akin-decoder-tags.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * AkinTags and AkinDecodeInfo: plain structs filled from GStreamer tag lists.
 * A stream may carry several tag lists (container, codec headers, the sink's
 * view of both); they are merged field by field, the first value seen wins.
 * Text tags are kept to AKIN_TAG_MAX_CHARS characters.
 */

#include "config.h"

#include <string.h>

#include "akin-decoder-private.h"

/**
 * akin_tags_new:
 *
 * Returns: (transfer full): empty tags; free with akin_tags_free()
 */
AkinTags *
akin_tags_new (void)
{
  return g_new0 (AkinTags, 1);
}

/**
 * akin_tags_copy:
 * @tags: the tags to copy
 *
 * Returns: (transfer full): a deep copy of @tags
 */
AkinTags *
akin_tags_copy (const AkinTags *tags)
{
  AkinTags *copy;

  g_return_val_if_fail (tags != NULL, NULL);

  copy = akin_tags_new ();
  copy->title = g_strdup (tags->title);
  copy->artist = g_strdup (tags->artist);
  copy->album = g_strdup (tags->album);
  copy->album_artist = g_strdup (tags->album_artist);
  copy->genre = g_strdup (tags->genre);
  copy->date = g_strdup (tags->date);
  copy->track_number = tags->track_number;
  copy->disc_number = tags->disc_number;
  copy->has_cover = tags->has_cover;
  return copy;
}

/**
 * akin_tags_free:
 * @tags: (nullable): the tags to free
 */
void
akin_tags_free (AkinTags *tags)
{
  if (tags == NULL)
    return;
  g_free (tags->title);
  g_free (tags->artist);
  g_free (tags->album);
  g_free (tags->album_artist);
  g_free (tags->genre);
  g_free (tags->date);
  g_free (tags);
}

/**
 * akin_decode_info_free:
 * @info: (nullable): the info to free
 */
void
akin_decode_info_free (AkinDecodeInfo *info)
{
  if (info == NULL)
    return;
  akin_tags_free (info->tags);
  g_free (info->codec);
  g_free (info);
}

/* A tag is a name, not a document: a 1 MB title is cut to
 * AKIN_TAG_MAX_CHARS characters (the last one an ellipsis), at a character
 * boundary. Takes @value. */
static char *
cap_length (char *value)
{
  const char *end;
  GString *capped;

  if (strlen (value) <= AKIN_TAG_MAX_CHARS)
    return value;
  if (!g_utf8_validate (value, -1, NULL))
    {
      char *valid = g_utf8_make_valid (value, -1);

      g_free (value);
      value = valid;
    }
  if (g_utf8_strlen (value, -1) <= AKIN_TAG_MAX_CHARS)
    return value;
  end = g_utf8_offset_to_pointer (value, AKIN_TAG_MAX_CHARS - 1);
  capped = g_string_new_len (value, end - value);
  g_string_append (capped, "…");
  g_free (value);
  return g_string_free (capped, FALSE);
}

static void
merge_string (char             **field,
              const GstTagList  *list,
              const char        *tag)
{
  char *value = NULL;

  if (*field != NULL)
    return;
  /* Skips empty strings, which some taggers write for "unknown". */
  if (gst_tag_list_get_string (list, tag, &value) && value != NULL && *value != '\0')
    *field = cap_length (value);
  else
    g_free (value);
}

static char *
date_from_tags (const GstTagList *list)
{
  GstDateTime *datetime = NULL;
  GDate *date = NULL;
  char *text = NULL;

  /* GST_TAG_DATE_TIME keeps the precision the file wrote ("2019" stays a
   * year), so it goes first; GST_TAG_DATE is a full calendar date. */
  if (gst_tag_list_get_date_time (list, GST_TAG_DATE_TIME, &datetime))
    {
      text = gst_date_time_to_iso8601_string (datetime);
      gst_date_time_unref (datetime);
    }
  if (text == NULL && gst_tag_list_get_date (list, GST_TAG_DATE, &date))
    {
      if (g_date_valid (date))
        text = g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date),
                                g_date_get_month (date), g_date_get_day (date));
      g_date_free (date);
    }
  return text;
}

/* Fills the fields of @tags that are still empty from @list. */
void
_akin_tags_merge (AkinTags         *tags,
                  const GstTagList *list)
{
  guint track = 0;
  guint disc = 0;

  g_assert (tags != NULL);
  g_assert (list != NULL);

  merge_string (&tags->title, list, GST_TAG_TITLE);
  merge_string (&tags->artist, list, GST_TAG_ARTIST);
  merge_string (&tags->album, list, GST_TAG_ALBUM);
  merge_string (&tags->album_artist, list, GST_TAG_ALBUM_ARTIST);
  merge_string (&tags->genre, list, GST_TAG_GENRE);
  if (tags->date == NULL)
    tags->date = date_from_tags (list);
  if (tags->track_number == 0 && gst_tag_list_get_uint (list, GST_TAG_TRACK_NUMBER, &track))
    tags->track_number = track;
  if (tags->disc_number == 0
      && gst_tag_list_get_uint (list, GST_TAG_ALBUM_VOLUME_NUMBER, &disc))
    tags->disc_number = disc;
  if (gst_tag_list_get_tag_size (list, GST_TAG_IMAGE) > 0
      || gst_tag_list_get_tag_size (list, GST_TAG_PREVIEW_IMAGE) > 0)
    tags->has_cover = TRUE;
}
