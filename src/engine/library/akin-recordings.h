/* akin-recordings.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "akin-database.h"
#include "audio/akin-fingerprint.h"

G_BEGIN_DECLS

/* Two fingerprints are of one recording when, at their best offset, at
 * least this share of their bits agree over the part they share... */
#define AKIN_RECORDING_MIN_SIMILARITY 0.75f
/* ...and that part covers at least this share of the shorter one. */
#define AKIN_RECORDING_MIN_COVERAGE 0.80f

/**
 * AkinRecordingMatch:
 * @track_id: a track of the same recording
 * @offset: where the query starts in that track, in seconds (negative when
 *   the track starts later than the query)
 * @similarity: the share of equal fingerprint bits at that offset
 * @coverage: how much of the shorter fingerprint the two share, in [0, 1]
 */
typedef struct
{
  gint64 track_id;
  double offset;
  float  similarity;
  float  coverage;
} AkinRecordingMatch;

typedef struct _AkinFingerprintIndex AkinFingerprintIndex;

AkinFingerprintIndex *akin_fingerprint_index_new      (void);
void                  akin_fingerprint_index_free     (AkinFingerprintIndex  *self);
void                  akin_fingerprint_index_add      (AkinFingerprintIndex  *self,
                                                       gint64                 track_id,
                                                       AkinFingerprint       *fingerprint);
void                  akin_fingerprint_index_prepare  (AkinFingerprintIndex  *self);
gsize                 akin_fingerprint_index_get_memory (AkinFingerprintIndex *self);
const AkinFingerprint *akin_fingerprint_index_lookup  (AkinFingerprintIndex  *self,
                                                       gint64                 track_id);
GArray               *akin_fingerprint_index_find     (AkinFingerprintIndex  *self,
                                                       const AkinFingerprint *fingerprint,
                                                       gint64                 exclude_id);
AkinFingerprintIndex *akin_fingerprint_index_new_from_database (AkinDatabase *db,
                                                       GPtrArray             *problems,
                                                       GError               **error);

gboolean              akin_recordings_update          (AkinDatabase          *db,
                                                       GPtrArray             *problems,
                                                       guint                 *n_changed,
                                                       GCancellable          *cancellable,
                                                       GError               **error);
GArray               *akin_recordings_find_in_library (AkinDatabase          *db,
                                                       const AkinFingerprint *fingerprint,
                                                       GPtrArray             *problems,
                                                       GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AkinFingerprintIndex, akin_fingerprint_index_free)

G_END_DECLS
