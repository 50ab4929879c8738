/* akin-block-worker.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _AkinBlockWorker AkinBlockWorker;

/* Called on the worker's thread with each block of samples, in order. */
typedef void (*AkinBlockFunc) (const float *samples,
                               gsize        n_samples,
                               gpointer     user_data);

/* Called on the worker's thread once, after the last block. */
typedef void (*AkinBlockDoneFunc) (gpointer user_data);

AkinBlockWorker *_akin_block_worker_new   (gsize              block_samples,
                                           guint              n_blocks,
                                           AkinBlockFunc      func,
                                           AkinBlockDoneFunc  flush_func,
                                           AkinBlockDoneFunc  then_func,
                                           gpointer           user_data);
void             _akin_block_worker_push  (AkinBlockWorker   *self,
                                           const float       *samples,
                                           gsize              n_samples);
void             _akin_block_worker_close (AkinBlockWorker   *self);
void             _akin_block_worker_join  (AkinBlockWorker   *self);
void             _akin_block_worker_abandon (AkinBlockWorker *self);

G_END_DECLS
