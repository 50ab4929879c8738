/* akin-cli-train.h: the songs `akin-cli train` learns from
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "akin-engine.h"
#include "akin-cli-progress.h"

G_BEGIN_DECLS

typedef struct
{
  GFile                *file;
  float                *slices;
  AkinTrainingTrack     track;
  gboolean              ok;
  gboolean              cached;
  char                 *sha256;
  AkinTimbreModel       timbre;
} CorpusItem;

typedef struct
{
  GMutex            mutex;
  GCond             cond;
  guint             done;
  guint             failed;
  guint             cached;
  const char       *cache_dir;
  AkinCliProgress  *progress;
} LoadState;

void      corpus_item_clear      (CorpusItem       *item);
char     *corpus_training_note   (const CorpusItem         *items,
                                  guint                     n_items,
                                  guint                     n_tracks,
                                  const char               *corpus,
                                  gboolean                  sample,
                                  const char               *groups,
                                  const char               *init,
                                  const char               *start_2d,
                                  const AkinTrainerOptions *options,
                                  double                    pitch_shift);
void      corpus_load_one        (gpointer          data,
                                  gpointer          user_data);
void      corpus_collect_files   (GFile            *dir,
                                  GPtrArray        *out,
                                  GError          **error);
int       corpus_compare_files   (gconstpointer     a,
                                  gconstpointer     b);
GHashTable *corpus_read_albums   (const char       *path,
                                  GError          **error);
void      corpus_assign_albums   (GHashTable       *albums,
                                  CorpusItem       *items,
                                  guint             n_items,
                                  guint            *n_groups,
                                  guint            *n_grouped);

AkinModel *train_members         (const AkinTrainingTrack  *tracks,
                                  guint                     n_tracks,
                                  AkinTrainerOptions       *options,
                                  guint                     n_members,
                                  const char               *output,
                                  const char               *checkpoint,
                                  gboolean                  resume,
                                  AkinTrainProgressFunc     on_progress,
                                  AkinCliProgress          *progress,
                                  AkinTrainReport         **report,
                                  GError                  **error);
void       train_members_clean   (const char               *output,
                                  guint                     n_members);
char      *train_member_path     (const char               *output,
                                  guint                     k);

G_END_DECLS
