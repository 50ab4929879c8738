/* akin-block-worker.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A second thread for a stream of samples: the producer copies samples
 * into blocks of a fixed size and hands over only full blocks (a few per
 * second of audio, not one per decoded buffer), so the two threads meet
 * rarely. A ring of a few blocks lets the producer run ahead; when the
 * ring is full the producer waits. The worker calls a function with each
 * block in order, then, once the producer closes the stream, a flush
 * function (after which the producer may read what the blocks produced)
 * and a last function that may overlap with the producer's own work until
 * it joins the worker.
 *
 * The worker thread is created by the thread that creates the worker, so
 * it shares that thread's priority (see akin-decoder-threads.c).
 */

#include "config.h"

#include <string.h>

#include "akin-block-worker.h"

struct _AkinBlockWorker
{
  GMutex             lock;
  GCond              cond;
  GThread           *thread;

  float            **blocks;
  gsize             *lengths;
  guint              n_blocks;
  gsize              block_samples;
  gsize              fill;        /* samples in the block being filled (producer only) */
  guint64            produced;    /* blocks handed over */
  guint64            consumed;    /* blocks the worker is done with */
  gboolean           closing;
  gboolean           flushed;
  gboolean           abandoned;

  AkinBlockFunc      func;
  AkinBlockDoneFunc  flush_func;
  AkinBlockDoneFunc  then_func;
  gpointer           user_data;
};

static gpointer
worker_main (gpointer data)
{
  AkinBlockWorker *self = data;

  g_mutex_lock (&self->lock);
  for (;;)
    {
      while (self->consumed == self->produced && !self->closing && !self->abandoned)
        g_cond_wait (&self->cond, &self->lock);
      if (self->abandoned)
        {
          g_mutex_unlock (&self->lock);
          return NULL;
        }
      if (self->consumed < self->produced)
        {
          guint i = self->consumed % self->n_blocks;

          g_mutex_unlock (&self->lock);
          self->func (self->blocks[i], self->lengths[i], self->user_data);
          g_mutex_lock (&self->lock);
          self->consumed++;
          g_cond_broadcast (&self->cond);
          continue;
        }
      break;   /* closing, and every block done */
    }
  g_mutex_unlock (&self->lock);

  if (self->flush_func != NULL)
    self->flush_func (self->user_data);
  g_mutex_lock (&self->lock);
  self->flushed = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);

  if (self->then_func != NULL)
    self->then_func (self->user_data);
  return NULL;
}

/**
 * _akin_block_worker_new:
 * @block_samples: samples per block
 * @n_blocks: blocks in the ring (at least 2)
 * @func: called with each block on the worker's thread
 * @flush_func: (nullable): called after the last block, before
 *   _akin_block_worker_close() returns
 * @then_func: (nullable): called after @flush_func, before
 *   _akin_block_worker_join() returns
 * @user_data: for the functions
 *
 * Starts the worker thread. The producer (one thread at a time) pushes,
 * closes and joins; or abandons the stream, which skips what is left.
 *
 * Returns: (transfer full): the worker
 */
AkinBlockWorker *
_akin_block_worker_new (gsize              block_samples,
                        guint              n_blocks,
                        AkinBlockFunc      func,
                        AkinBlockDoneFunc  flush_func,
                        AkinBlockDoneFunc  then_func,
                        gpointer           user_data)
{
  AkinBlockWorker *self = g_new0 (AkinBlockWorker, 1);

  g_assert (block_samples > 0 && n_blocks >= 2 && func != NULL);

  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->n_blocks = n_blocks;
  self->block_samples = block_samples;
  self->blocks = g_new (float *, n_blocks);
  self->lengths = g_new0 (gsize, n_blocks);
  for (guint i = 0; i < n_blocks; i++)
    self->blocks[i] = g_new (float, block_samples);
  self->func = func;
  self->flush_func = flush_func;
  self->then_func = then_func;
  self->user_data = user_data;
  self->thread = g_thread_new ("akin-analysis", worker_main, self);

  return self;
}

/* Hands the block being filled to the worker, and waits for a free one. */
static void
hand_over (AkinBlockWorker *self)
{
  g_mutex_lock (&self->lock);
  self->lengths[self->produced % self->n_blocks] = self->fill;
  self->produced++;
  g_cond_broadcast (&self->cond);
  while (self->produced - self->consumed == self->n_blocks)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);
  self->fill = 0;
}

/**
 * _akin_block_worker_push:
 * @self: a worker, not closed
 * @samples: (array length=n_samples): samples, copied
 * @n_samples: how many
 */
void
_akin_block_worker_push (AkinBlockWorker *self,
                         const float     *samples,
                         gsize            n_samples)
{
  g_assert (!self->closing);

  while (n_samples > 0)
    {
      float *block = self->blocks[self->produced % self->n_blocks];
      gsize n = MIN (n_samples, self->block_samples - self->fill);

      memcpy (block + self->fill, samples, n * sizeof (float));
      self->fill += n;
      samples += n;
      n_samples -= n;
      if (self->fill == self->block_samples)
        hand_over (self);
    }
}

/**
 * _akin_block_worker_close:
 * @self: a worker
 *
 * Hands over the last, partial block and waits until the worker has
 * processed every sample and run its flush function. The then-function
 * may still be running when this returns.
 */
void
_akin_block_worker_close (AkinBlockWorker *self)
{
  g_assert (!self->closing);

  if (self->fill > 0)
    hand_over (self);
  g_mutex_lock (&self->lock);
  self->closing = TRUE;
  g_cond_broadcast (&self->cond);
  while (!self->flushed)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);
}

static void
worker_free (AkinBlockWorker *self)
{
  for (guint i = 0; i < self->n_blocks; i++)
    g_free (self->blocks[i]);
  g_free (self->blocks);
  g_free (self->lengths);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self);
}

/**
 * _akin_block_worker_join:
 * @self: (transfer full): a closed worker
 *
 * Waits for the then-function to return and frees the worker.
 */
void
_akin_block_worker_join (AkinBlockWorker *self)
{
  g_assert (self->closing);

  g_thread_join (self->thread);
  worker_free (self);
}

/**
 * _akin_block_worker_abandon:
 * @self: (transfer full): a worker, closed or not
 *
 * Stops the worker as soon as the block in hand is done, without the
 * flush function if it did not run yet (nor the then-function), and
 * frees it.
 */
void
_akin_block_worker_abandon (AkinBlockWorker *self)
{
  g_mutex_lock (&self->lock);
  if (!self->flushed)
    self->abandoned = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
  g_thread_join (self->thread);
  worker_free (self);
}
