/* akin-key.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "akin-tonality.h"

G_BEGIN_DECLS

/**
 * AkinKeyRelation:
 * @AKIN_KEY_RELATION_UNKNOWN: one of the keys is undefined
 * @AKIN_KEY_RELATION_SAME: same tonic and mode
 * @AKIN_KEY_RELATION_RELATIVE: relative major/minor (C major, A minor)
 * @AKIN_KEY_RELATION_PARALLEL: same tonic, other mode (A minor, A major)
 * @AKIN_KEY_RELATION_DOMINANT: same mode, a fifth up (C major → G major)
 * @AKIN_KEY_RELATION_SUBDOMINANT: same mode, a fifth down (C major → F major)
 * @AKIN_KEY_RELATION_FAR: none of the above
 *
 * How the key of a song relates to the key of the anchor.
 */
typedef enum
{
  AKIN_KEY_RELATION_UNKNOWN,
  AKIN_KEY_RELATION_SAME,
  AKIN_KEY_RELATION_RELATIVE,
  AKIN_KEY_RELATION_PARALLEL,
  AKIN_KEY_RELATION_DOMINANT,
  AKIN_KEY_RELATION_SUBDOMINANT,
  AKIN_KEY_RELATION_FAR,
} AkinKeyRelation;

gboolean        akin_key_parse          (const char                 *key_signature,
                                         int                        *tonic,
                                         AkinMode                   *mode);
char           *akin_key_display_name   (const char                 *key_signature);
AkinKeyRelation akin_key_relation       (int                         anchor_tonic,
                                         AkinMode                    anchor_mode,
                                         int                         other_tonic,
                                         AkinMode                    other_mode);

/* What akin_key_fifths_rank() returns for a string that names no key. */
#define AKIN_KEY_RANK_UNKNOWN 24

int             akin_key_fifths_rank    (const char                 *key_signature);

G_END_DECLS
