/* akin-trainer-checkpoint.c: stopping a training run and going on later
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * After every epoch the trainer can write everything the next epoch reads:
 * the stage and epoch, the random generator, the network's parameters, the
 * best epoch's parameters and score, Adam's moments, the order songs are
 * drawn in, the report so far and, in the 1D stage, the 2D network that
 * was kept. A run resumed from it goes on exactly as the uninterrupted run
 * would have: the same seed gives the same model bit for bit.
 *
 * A checkpoint belongs to one run: its key is the SHA-256 of the options
 * and of every training slice and descriptor, and a checkpoint of another
 * run is refused (%AKIN_ERROR_INVALID_ARGUMENT), as is a damaged one
 * (%AKIN_ERROR_MODEL_INVALID).
 *
 * File: "AKINCKPT", u32 version 1, then the fields below in order (every
 * number little-endian, floats through their bit patterns), then the
 * SHA-256 of everything before it. Written atomically.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "akin-bytes.h"
#include "akin-error.h"
#include "akin-trainer-private.h"

#define MAGIC   "AKINCKPT"
#define VERSION 1
#define DIGEST  32

/* An array: its length (u64), then its floats. */
static void
put_array (GByteArray *b, const float *v, gsize n)
{
  _akin_put_u64 (b, n);
  _akin_put_floats (b, v, n);
}

/* An array of exactly @expected floats, or %NULL (and @r overrun). */
static float *
get_array (AkinByteReader *r, gsize expected)
{
  if (_akin_get_u64 (r) != expected)
    {
      r->overrun = TRUE;
      return NULL;
    }
  return _akin_get_floats (r, expected);
}

void
_akin_train_checkpoint_free (AkinTrainCheckpoint *c)
{
  if (c == NULL)
    return;
  g_free (c->params);
  g_free (c->best);
  g_free (c->adam_m);
  g_free (c->adam_v);
  g_free (c->order);
  g_free (c->params_2d);
  if (c->epochs != NULL)
    g_array_unref (c->epochs);
  g_free (c);
}










/* @expected: the count the caller needs (G_MAXSIZE: any, up to the data left). */

/**
 * _akin_train_run_key:
 * @tracks: the tracks given to the trainer
 * @n_tracks: their number
 * @options: the options
 * @key: (out caller-allocates): 65 bytes, the hex SHA-256
 *
 * What makes two runs the same run: every option that changes the result
 * and every track's slices and descriptors.
 */
void
_akin_train_run_key (const AkinTrainingTrack  *tracks,
                     guint                     n_tracks,
                     const AkinTrainerOptions *options,
                     gsize                     slice_size,
                     char                      key[65])
{
  g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *text = NULL;
  g_autofree char *albums = NULL;

  /* Only runs with albums or a model to start from name them, so that the
   * keys of older checkpoints stay valid. */
  if (options->group_positives > 0.0f || options->init != NULL)
    albums = g_strdup_printf (" albums %.9g init %s", options->group_positives,
                              options->init != NULL && options->init->id != NULL
                                ? options->init->id : "-");
  else
    albums = g_strdup ("");
  if (akin_trainer_options_uses_teacher (options))
    {
      char *with_teacher = g_strdup_printf ("%s teacher %.9g %.9g%s", albums,
                                            options->teacher_share,
                                            options->teacher_temperature,
                                            options->teacher_share_1d >= 0.0f
                                              ? " 1d" : "");

      g_free (albums);
      albums = with_teacher;
    }
  text = g_strdup_printf ("seed %" G_GUINT64_FORMAT " epochs %u %u batch %u lr %.9g val %.9g "
                          "weights %.9g %.9g contrastive %.9g %.9g temperature %.9g "
                          "augment %.9g %.9g %u start %s tracks %u%s",
                          options->seed, options->epochs_2d, options->epochs_1d,
                          options->batch_size, options->learning_rate,
                          options->validation_fraction, options->latent_weight,
                          options->descriptor_weight, options->contrastive_weight_2d,
                          options->contrastive_weight_1d, options->temperature,
                          options->augment.c0_gain, options->augment.row_offset,
                          options->augment.max_mask,
                          options->start_2d != NULL && options->start_2d->id != NULL
                            ? options->start_2d->id : "-",
                          n_tracks, albums);
  g_checksum_update (sum, (const guint8 *) text, strlen (text));
  g_checksum_update (sum, (const guint8 *) &options->spec2d, sizeof options->spec2d);
  g_checksum_update (sum, (const guint8 *) &options->spec1d, sizeof options->spec1d);
  if (options->teacher_share_1d >= 0.0f)
    g_checksum_update (sum, (const guint8 *) &options->teacher_share_1d, sizeof (float));
  if (options->warm_up_2d > 0)
    g_checksum_update (sum, (const guint8 *) &options->warm_up_2d, sizeof (guint));
  if (options->average_1d > 0)
    g_checksum_update (sum, (const guint8 *) &options->average_1d, sizeof (guint));
  if (options->average_2d > 0)
    g_checksum_update (sum, (const guint8 *) &options->average_2d, sizeof (guint));
  if (options->view_slices > 1)
    g_checksum_update (sum, (const guint8 *) &options->view_slices, sizeof (guint));
  if (options->augment.tempo > 0.0f)
    g_checksum_update (sum, (const guint8 *) &options->augment.tempo, sizeof (float));
  if (options->hard_negatives != 0.0f)
    g_checksum_update (sum, (const guint8 *) &options->hard_negatives, sizeof (float));
  if (!isnan (options->hard_negatives_1d))
    g_checksum_update (sum, (const guint8 *) &options->hard_negatives_1d, sizeof (float));
  if (options->augment.n_pitch > 0)
    g_checksum_update (sum, (const guint8 *) options->augment.pitch,
                       (gsize) options->augment.n_pitch * options->spec2d.in_h *
                         options->spec2d.in_h * sizeof (float));
  if (akin_trainer_options_uses_teacher (options))
    g_checksum_update (sum, (const guint8 *) options->teacher,
                       (gsize) n_tracks * n_tracks * sizeof (float));
  for (guint i = 0; i < n_tracks; i++)
    {
      g_checksum_update (sum, (const guint8 *) &tracks[i].n_slices, sizeof (guint));
      g_checksum_update (sum, (const guint8 *) tracks[i].slices,
                         (gsize) tracks[i].n_slices * slice_size * sizeof (float));
      g_checksum_update (sum, (const guint8 *) &tracks[i].descriptors,
                         sizeof tracks[i].descriptors);
      if (options->group_positives > 0.0f)
        g_checksum_update (sum, (const guint8 *) &tracks[i].group, sizeof (guint));
    }
  g_strlcpy (key, g_checksum_get_string (sum), 65);
}

/**
 * _akin_train_checkpoint_save:
 * @c: the state after an epoch
 * @path: the file
 * @error: return location for a #G_IO_ERROR
 *
 * Writes @c atomically (a temporary file renamed over @path).
 */
gboolean
_akin_train_checkpoint_save (const AkinTrainCheckpoint *c,
                             const char                *path,
                             GError                   **error)
{
  g_autoptr (GByteArray) b = g_byte_array_new ();
  g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  guint8 digest[DIGEST];
  gsize digest_len = DIGEST;

  g_byte_array_append (b, (const guint8 *) MAGIC, 8);
  _akin_put_u32 (b, VERSION);
  g_byte_array_append (b, (const guint8 *) c->key, 64);
  _akin_put_u32 (b, (guint32) c->stage);
  _akin_put_u32 (b, c->epoch);
  for (guint i = 0; i < 4; i++)
    _akin_put_u64 (b, c->rng.s[i]);
  put_array (b, c->params, c->n_params);
  put_array (b, c->best, c->n_params);
  _akin_put_u32 (b, c->best_epoch);
  _akin_put_f64 (b, c->best_score);
  _akin_put_f64 (b, c->best_loss);
  _akin_put_f64 (b, c->last_val);
  _akin_put_u64 (b, c->adam_step);
  put_array (b, c->adam_m, c->n_params);
  put_array (b, c->adam_v, c->n_params);
  _akin_put_u32 (b, c->n_order);
  for (guint i = 0; i < c->n_order; i++)
    _akin_put_u32 (b, c->order[i]);
  _akin_put_u32 (b, c->cursor);
  put_array (b, c->params_2d, c->n_params_2d);
  _akin_put_u32 (b, c->best_epoch_2d);
  _akin_put_f64 (b, c->val_loss_2d);
  _akin_put_u32 (b, c->epochs->len);
  for (guint i = 0; i < c->epochs->len; i++)
    {
      const AkinTrainEpoch *e = &g_array_index (c->epochs, AkinTrainEpoch, i);

      _akin_put_u32 (b, (guint32) e->stage);
      _akin_put_u32 (b, e->epoch);
      _akin_put_f64 (b, e->train_loss);
      _akin_put_f64 (b, e->val_loss);
      _akin_put_f64 (b, e->seconds);
      _akin_put_f64 (b, e->slices_per_second);
      _akin_put_f64 (b, e->contrastive_loss);
      _akin_put_f64 (b, e->val_same_song);
    }
  g_checksum_update (sum, b->data, b->len);
  g_checksum_get_digest (sum, digest, &digest_len);
  g_byte_array_append (b, digest, DIGEST);
  return g_file_replace_contents (file, (const char *) b->data, b->len, NULL, FALSE,
                                  G_FILE_CREATE_NONE, NULL, NULL, error);
}

static AkinTrainCheckpoint *
damaged (const char *path, const char *why, GError **error)
{
  g_set_error (error, AKIN_ERROR, AKIN_ERROR_MODEL_INVALID,
               "Training checkpoint “%s” cannot be used: %s", path, why);
  return NULL;
}

/**
 * _akin_train_checkpoint_load:
 * @path: the file
 * @key: the run key the checkpoint must have
 * @n_params_2d: the 2D network's parameter count
 * @n_params_1d: the 1D network's
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the state, or %NULL with a
 *   #G_IO_ERROR, %AKIN_ERROR_MODEL_INVALID (damaged) or
 *   %AKIN_ERROR_INVALID_ARGUMENT (another run's checkpoint)
 */
AkinTrainCheckpoint *
_akin_train_checkpoint_load (const char  *path,
                             const char  *key,
                             gsize        n_params_2d,
                             gsize        n_params_1d,
                             GError     **error)
{
  g_autofree guint8 *data = NULL;
  g_autoptr (GChecksum) sum = NULL;
  AkinTrainCheckpoint *c;
  guint8 digest[DIGEST];
  gsize digest_len = DIGEST, len, n_params, n_epochs;
  AkinByteReader r = { 0 };

  if (!g_file_get_contents (path, (char **) &data, &len, error))
    return NULL;
  if (len < 8 + 4 + 64 + DIGEST || memcmp (data, MAGIC, 8) != 0)
    return damaged (path, "it is not a training checkpoint", error);
  sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (sum, data, len - DIGEST);
  g_checksum_get_digest (sum, digest, &digest_len);
  if (memcmp (digest, data + len - DIGEST, DIGEST) != 0)
    return damaged (path, "its checksum does not match (the file is damaged)", error);
  r.data = data;
  r.len = len - DIGEST;
  r.pos = 8;
  if (_akin_get_u32 (&r) != VERSION)
    return damaged (path, "it was written by another version of Akin", error);
  if (!_akin_reader_has (&r, 64) || memcmp (data + r.pos, key, 64) != 0)
    {
      g_set_error (error, AKIN_ERROR, AKIN_ERROR_INVALID_ARGUMENT,
                   "Training checkpoint “%s” belongs to another run (other songs or options)",
                   path);
      return NULL;
    }
  r.pos += 64;

  c = g_new0 (AkinTrainCheckpoint, 1);
  memcpy (c->key, key, 64);
  c->stage = _akin_get_u32 (&r);
  c->epoch = _akin_get_u32 (&r);
  for (guint i = 0; i < 4; i++)
    c->rng.s[i] = _akin_get_u64 (&r);
  n_params = c->stage == AKIN_TRAIN_STAGE_2D ? n_params_2d : n_params_1d;
  c->n_params = n_params;
  c->params = get_array (&r, n_params);
  c->best = get_array (&r, n_params);
  c->best_epoch = _akin_get_u32 (&r);
  c->best_score = _akin_get_f64 (&r);
  c->best_loss = _akin_get_f64 (&r);
  c->last_val = _akin_get_f64 (&r);
  c->adam_step = _akin_get_u64 (&r);
  c->adam_m = get_array (&r, n_params);
  c->adam_v = get_array (&r, n_params);
  c->n_order = _akin_get_u32 (&r);
  if (!r.overrun && c->n_order <= (r.len - r.pos) / 4)
    {
      c->order = g_new (guint, MAX (c->n_order, 1));
      for (guint i = 0; i < c->n_order; i++)
        c->order[i] = _akin_get_u32 (&r);
    }
  else
    r.overrun = TRUE;
  c->cursor = _akin_get_u32 (&r);
  c->params_2d = get_array (&r, c->stage == AKIN_TRAIN_STAGE_1D ? n_params_2d : 0);
  c->n_params_2d = c->stage == AKIN_TRAIN_STAGE_1D ? n_params_2d : 0;
  c->best_epoch_2d = _akin_get_u32 (&r);
  c->val_loss_2d = _akin_get_f64 (&r);
  n_epochs = _akin_get_u32 (&r);
  c->epochs = g_array_new (FALSE, TRUE, sizeof (AkinTrainEpoch));
  for (gsize i = 0; i < n_epochs && !r.overrun; i++)
    {
      AkinTrainEpoch e;

      e.stage = _akin_get_u32 (&r);
      e.epoch = _akin_get_u32 (&r);
      e.train_loss = _akin_get_f64 (&r);
      e.val_loss = _akin_get_f64 (&r);
      e.seconds = _akin_get_f64 (&r);
      e.slices_per_second = _akin_get_f64 (&r);
      e.contrastive_loss = _akin_get_f64 (&r);
      e.val_same_song = _akin_get_f64 (&r);
      g_array_append_val (c->epochs, e);
    }
  if (r.overrun || r.pos != r.len
      || (c->stage != AKIN_TRAIN_STAGE_2D && c->stage != AKIN_TRAIN_STAGE_1D)
      || c->params == NULL || c->best == NULL || c->adam_m == NULL || c->adam_v == NULL)
    {
      _akin_train_checkpoint_free (c);
      return damaged (path, "it is truncated or inconsistent", error);
    }
  return c;
}
