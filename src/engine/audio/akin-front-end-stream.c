/* akin-front-end-stream.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The front end past its window (akin-front-end.c): fixed-size state for a
 * track of any length.
 *
 * Inside the window (ten minutes by default) the front end keeps every
 * frame's mel power and computes everything at the end against the whole
 * track's maximum, exactly as librosa does and as the model was trained.
 * When a track outgrows the window, the buffered frames are handed here,
 * clipped against their own maximum, and from then on every
 * AKIN_STREAM_CHUNK_FRAMES frames are clipped against the maximum seen so
 * far (akin_power_to_db_running()). The only difference from the
 * whole-track clip is in bins more than 80 dB below the track's peak, and
 * only when a later part of the track is louder than everything before it;
 * when the loudest moment falls inside the window every value below is
 * bit-identical to the whole-track computation.
 *
 * Each processed frame then goes, and is forgotten, into:
 *   - running sums (roll-off means, silent frames);
 *   - the tempogram accumulator (the onset envelope is never kept);
 *   - a reservoir of encoder slices: every slice while there is room, and
 *     when it is full every other one is dropped and only every second
 *     slice is taken from then on, so the kept slices stay evenly spaced
 *     over the whole track (between cap / 2 and cap of them);
 *   - a reservoir of timbre frames (MFCC-20 and spectral contrast of every
 *     AKIN_TIMBRE_FRAME_STEP-th frame), thinned the same way;
 *   - display columns: per-frame values averaged over column_frames frames,
 *     pairs of columns merged and column_frames doubled when the columns
 *     are full, so the matrices keep a display resolution.
 *
 * All caps follow from the window: the state after the window is never
 * larger than what a track filling the window needs.
 */

#include "config.h"

#include <string.h>

#include "akin-front-end-stream.h"
#include "akin-mfcc.h"
#include "akin-stft.h"
#include "akin-tempo.h"

#define ONSET_DELAY 2   /* librosa drops the last two onset values */
#define ONSET_SHIFT 3   /* envelope[t] is built from frames t − 3 and t − 2 */

typedef struct
{
  guint   width;           /* values per column */
  guint   cap;             /* most columns, even */
  guint   column_frames;
  guint   n;
  float  *data;            /* column after column */
  double *acc;             /* sums of the column being filled */
  guint   acc_n;
} Columns;

typedef struct
{
  guint    width;          /* floats per item */
  guint    cap;            /* most items, even */
  guint    stride;         /* every stride-th item offered is kept */
  guint    n;
  guint64  next;           /* index of the next item offered */
  float   *data;
  guint8  *flags;
} Reservoir;

struct _AkinFrontEndStream
{
  AkinFrontEndOptions opts;
  guint               n_mfcc128;       /* MFCC rows of the 128-band dB needed */
  guint64             n_frames;
  float               max256;
  float               max128;
  float               prev128[128];
  float               onset_delay[ONSET_DELAY];
  guint               n_delayed;
  float               diff[128];
  float               scratch[128];
  AkinTempogram      *tempogram;
  double              sum_all;
  double              sum_sounding;
  guint64             n_silent;
  Columns             mfcc;
  Columns             mfcc128;
  Columns             mel_db;
  Columns             rolloff;
  Columns             onset;
  Reservoir           slices;
  float              *slice;           /* the slice being filled, [n_mfcc][256] */
  guint               slice_fill;
  Reservoir           timbre;
  float              *mfcc_block;      /* [n_mfcc][CHUNK] */
  float              *mfcc128_block;   /* [n_mfcc128][CHUNK] */
};

static guint
even_cap (guint n)
{
  return MAX (2, n - n % 2);
}

static void
columns_init (Columns *c,
              guint    width,
              guint    cap)
{
  c->width = width;
  c->cap = even_cap (cap);
  c->column_frames = 1;
  c->n = 0;
  c->data = width > 0 ? g_new (float, (gsize) c->cap * width) : NULL;
  c->acc = width > 0 ? g_new0 (double, width) : NULL;
  c->acc_n = 0;
}

static void
columns_clear (Columns *c)
{
  g_clear_pointer (&c->data, g_free);
  g_clear_pointer (&c->acc, g_free);
}

/* Appends the mean of the frames summed so far; merges pairs of columns
 * when the columns are full, so that the next one covers twice as many
 * frames. */
static void
columns_close (Columns *c)
{
  float *dst = c->data + (gsize) c->n * c->width;

  for (guint i = 0; i < c->width; i++)
    {
      dst[i] = (float) (c->acc[i] / c->acc_n);
      c->acc[i] = 0.0;
    }
  c->acc_n = 0;
  if (++c->n < c->cap)
    return;

  for (guint j = 0; j < c->cap / 2; j++)
    {
      float *out = c->data + (gsize) j * c->width;
      const float *a = c->data + (gsize) 2 * j * c->width;
      const float *b = a + c->width;

      for (guint i = 0; i < c->width; i++)
        out[i] = 0.5f * (a[i] + b[i]);
    }
  c->n = c->cap / 2;
  c->column_frames *= 2;
}

/* Adds one frame: @values[i · @step] for each of the width rows. */
static void
columns_push (Columns     *c,
              const float *values,
              gsize        step)
{
  if (c->width == 0)
    return;
  for (guint i = 0; i < c->width; i++)
    c->acc[i] += values[i * step];
  if (++c->acc_n == c->column_frames)
    columns_close (c);
}

/* The columns as a row-major [width][n] matrix (NULL for width 0). */
static float *
columns_finish (Columns *c,
                guint   *n_columns)
{
  float *out;

  if (c->width == 0)
    return NULL;
  if (c->acc_n > 0)
    {
      guint frames = c->column_frames;

      columns_close (c);
      /* A closing partial column never triggers a merge: it was not full. */
      g_assert (c->column_frames == frames);
    }

  out = g_new (float, (gsize) MAX (c->n, 1) * c->width);
  for (guint t = 0; t < c->n; t++)
    for (guint i = 0; i < c->width; i++)
      out[(gsize) i * c->n + t] = c->data[(gsize) t * c->width + i];
  if (n_columns != NULL)
    *n_columns = c->n;
  return out;
}

static void
reservoir_init (Reservoir *r,
                guint      width,
                guint      cap)
{
  r->width = width;
  r->cap = even_cap (cap);
  r->stride = 1;
  r->n = 0;
  r->next = 0;
  r->data = width > 0 ? g_new (float, (gsize) r->cap * width) : NULL;
  r->flags = width > 0 ? g_new (guint8, r->cap) : NULL;
}

static void
reservoir_clear (Reservoir *r)
{
  g_clear_pointer (&r->data, g_free);
  g_clear_pointer (&r->flags, g_free);
}

/* Offers the next item; keeps it when its index is a multiple of the
 * stride. A full reservoir keeps its even positions (the items whose index
 * is a multiple of twice the stride) and doubles the stride. */
static void
reservoir_offer (Reservoir   *r,
                 const float *item,
                 guint8       flag)
{
  guint64 index = r->next++;

  if (index % r->stride != 0)
    return;

  memcpy (r->data + (gsize) r->n * r->width, item, r->width * sizeof (float));
  r->flags[r->n] = flag;
  if (++r->n < r->cap)
    return;

  for (guint j = 1; j < r->cap / 2; j++)
    {
      memcpy (r->data + (gsize) j * r->width, r->data + (gsize) 2 * j * r->width,
              r->width * sizeof (float));
      r->flags[j] = r->flags[2 * j];
    }
  r->n = r->cap / 2;
  r->stride *= 2;
}

/**
 * _akin_front_end_stream_new:
 * @opts: the front end's options
 * @window_frames: the front end's window, at least %AKIN_SLICE_FRAMES
 *
 * Returns: (transfer full): the state of a track past its window
 */
AkinFrontEndStream *
_akin_front_end_stream_new (const AkinFrontEndOptions *opts,
                            guint                      window_frames)
{
  AkinFrontEndStream *self = g_new0 (AkinFrontEndStream, 1);
  guint column_cap = window_frames / 4;

  g_assert (window_frames >= AKIN_SLICE_FRAMES);

  self->opts = *opts;
  self->n_mfcc128 = MAX (opts->n_mfcc_mel128, opts->timbre ? AKIN_TIMBRE_N_MFCC : 0);
  self->max256 = -G_MAXFLOAT;
  self->max128 = -G_MAXFLOAT;
  self->tempogram = akin_tempogram_new ();

  columns_init (&self->mfcc, opts->n_mfcc, column_cap);
  columns_init (&self->mfcc128, opts->n_mfcc_mel128, column_cap);
  columns_init (&self->mel_db, opts->keep_mel_db ? 256 : 0, column_cap);
  columns_init (&self->rolloff, 1, column_cap);
  columns_init (&self->onset, 1, column_cap);

  reservoir_init (&self->slices, opts->n_mfcc * AKIN_SLICE_FRAMES,
                  2 * (window_frames / AKIN_SLICE_FRAMES));
  self->slice = g_new (float, (gsize) opts->n_mfcc * AKIN_SLICE_FRAMES);
  if (opts->timbre)
    reservoir_init (&self->timbre, AKIN_TIMBRE_DIM, window_frames / AKIN_TIMBRE_FRAME_STEP);

  self->mfcc_block = g_new (float, (gsize) opts->n_mfcc * AKIN_STREAM_CHUNK_FRAMES);
  self->mfcc128_block = g_new (float, (gsize) MAX (self->n_mfcc128, 1) * AKIN_STREAM_CHUNK_FRAMES);

  return self;
}

void
_akin_front_end_stream_free (AkinFrontEndStream *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->tempogram, akin_tempogram_free);
  columns_clear (&self->mfcc);
  columns_clear (&self->mfcc128);
  columns_clear (&self->mel_db);
  columns_clear (&self->rolloff);
  columns_clear (&self->onset);
  reservoir_clear (&self->slices);
  reservoir_clear (&self->timbre);
  g_free (self->slice);
  g_free (self->mfcc_block);
  g_free (self->mfcc128_block);
  g_free (self);
}

/* One onset envelope value; the last ONSET_DELAY of the track are dropped
 * at the end, as librosa's centred envelope has the track's length. */
static void
emit_onset (AkinFrontEndStream *self,
            float               value)
{
  float out;

  if (self->n_delayed < ONSET_DELAY)
    {
      self->onset_delay[self->n_delayed++] = value;
      return;
    }
  out = self->onset_delay[0];
  memmove (self->onset_delay, self->onset_delay + 1, (ONSET_DELAY - 1) * sizeof (float));
  self->onset_delay[ONSET_DELAY - 1] = value;

  akin_tempogram_push (self->tempogram, &out, 1);
  columns_push (&self->onset, &out, 1);
}

/* Up to AKIN_STREAM_CHUNK_FRAMES frames whose bands are already in dB. */
static void
process_block (AkinFrontEndStream    *self,
               guint                  n,
               const float           *mel256,
               const float           *mel128,
               const float           *rolloff,
               const guint8          *silent,
               AkinTimbreAccumulator *timbre,
               guint                 *timbre_index)
{
  guint n_mfcc = self->opts.n_mfcc;

  g_assert (n <= AKIN_STREAM_CHUNK_FRAMES);

  akin_mfcc_compute (mel256, 256, n, n_mfcc, self->mfcc_block);
  if (self->n_mfcc128 > 0)
    akin_mfcc_compute (mel128, 128, n, self->n_mfcc128, self->mfcc128_block);

  for (guint i = 0; i < n; i++)
    {
      guint64 frame = self->n_frames++;
      const float *cur128 = mel128 + (gsize) i * 128;
      const float *prev128 = i > 0 ? cur128 - 128 : self->prev128;

      columns_push (&self->mfcc, self->mfcc_block + i, n);
      columns_push (&self->mel_db, mel256 + (gsize) i * 256, 1);
      columns_push (&self->mfcc128, self->mfcc128_block + i, n);

      for (guint q = 0; q < n_mfcc; q++)
        self->slice[q * AKIN_SLICE_FRAMES + self->slice_fill] = self->mfcc_block[q * n + i];
      if (++self->slice_fill == AKIN_SLICE_FRAMES)
        {
          reservoir_offer (&self->slices, self->slice, 0);
          self->slice_fill = 0;
        }

      if (timbre != NULL && frame % AKIN_TIMBRE_FRAME_STEP == 0)
        {
          float row[AKIN_TIMBRE_DIM];
          gboolean quiet;
          const float *contrast = akin_timbre_accumulator_get_frame (timbre, (*timbre_index)++,
                                                                     &quiet);

          for (guint q = 0; q < AKIN_TIMBRE_N_MFCC; q++)
            row[q] = self->mfcc128_block[q * n + i];
          memcpy (row + AKIN_TIMBRE_N_MFCC, contrast, AKIN_TIMBRE_N_CONTRAST * sizeof (float));
          reservoir_offer (&self->timbre, row, quiet ? 1 : 0);
        }

      if (frame == 0)
        for (guint k = 0; k < ONSET_SHIFT; k++)
          emit_onset (self, 0.0f);
      else
        emit_onset (self, akin_onset_strength (prev128, cur128, 128, self->diff, self->scratch));

      self->sum_all += rolloff[i];
      if (silent[i])
        self->n_silent++;
      else
        self->sum_sounding += rolloff[i];
      columns_push (&self->rolloff, rolloff + i, 1);
    }

  memcpy (self->prev128, mel128 + (gsize) (n - 1) * 128, sizeof self->prev128);
}

/**
 * _akin_front_end_stream_take:
 * @self: the state
 * @n_frames: frames handed over (the whole window the first time, then at
 *   most %AKIN_STREAM_CHUNK_FRAMES)
 * @mel256: (inout): their 256-band mel power, frame-major; turned into dB
 * @mel128: (inout): their 128-band mel power, frame-major; turned into dB
 * @rolloff: their roll-off frequencies
 * @silent: their silence flags
 * @timbre: (nullable): the contrast of those of them whose index is a
 *   multiple of %AKIN_TIMBRE_FRAME_STEP, in order; the caller clears it
 *   afterwards
 *
 * Clips the frames against the maximum seen so far and processes them.
 * The caller may reuse the arrays afterwards.
 */
void
_akin_front_end_stream_take (AkinFrontEndStream    *self,
                             guint                  n_frames,
                             float                 *mel256,
                             float                 *mel128,
                             const float           *rolloff,
                             const guint8          *silent,
                             AkinTimbreAccumulator *timbre)
{
  guint timbre_index = 0;

  if (n_frames == 0)
    return;

  akin_power_to_db_running (mel256, (gsize) n_frames * 256, AKIN_TOP_DB, &self->max256);
  akin_power_to_db_running (mel128, (gsize) n_frames * 128, AKIN_TOP_DB, &self->max128);

  for (guint t = 0; t < n_frames; t += AKIN_STREAM_CHUNK_FRAMES)
    {
      guint n = MIN (AKIN_STREAM_CHUNK_FRAMES, n_frames - t);

      process_block (self, n, mel256 + (gsize) t * 256, mel128 + (gsize) t * 128, rolloff + t,
                     silent + t, self->opts.timbre ? timbre : NULL, &timbre_index);
    }
  g_assert (timbre == NULL || !self->opts.timbre
            || timbre_index == akin_timbre_accumulator_get_n_frames (timbre));
}

static void
finish_slices (AkinFrontEndStream *self,
               AkinFeatures       *features)
{
  guint n_mfcc = self->opts.n_mfcc;

  /* The last, partial slice counts when it covers half a slice (see
   * akin_features_count_slices()); it is padded like a pause. */
  if (self->slice_fill >= AKIN_SLICE_FRAMES / 2)
    {
      g_autofree float *pad = g_new (float, n_mfcc);

      akin_mfcc_of_constant (features->mel_db_floor, 256, n_mfcc, pad);
      for (guint q = 0; q < n_mfcc; q++)
        for (guint j = self->slice_fill; j < AKIN_SLICE_FRAMES; j++)
          self->slice[q * AKIN_SLICE_FRAMES + j] = pad[q];
      reservoir_offer (&self->slices, self->slice, 0);
    }
  g_assert (self->slices.n > 0);

  features->n_slices = self->slices.n;
  features->slice_stride = self->slices.stride;
  features->slices = g_renew (float, g_steal_pointer (&self->slices.data),
                              (gsize) self->slices.n * self->slices.width);
}

/* The timbre model from the kept frames: the sounding ones, or all of them
 * when none of the kept frames sounds. */
static AkinTimbreModel *
finish_timbre (AkinFrontEndStream *self)
{
  Reservoir *r = &self->timbre;
  g_autofree float *rows = g_new (float, (gsize) MAX (r->n, 1) * AKIN_TIMBRE_DIM);
  AkinTimbreModel *model = g_new (AkinTimbreModel, 1);
  guint n_sounding = 0, out = 0;

  for (guint i = 0; i < r->n; i++)
    n_sounding += r->flags[i] == 0;
  for (guint i = 0; i < r->n; i++)
    if (n_sounding == 0 || r->flags[i] == 0)
      memcpy (rows + (gsize) out++ * AKIN_TIMBRE_DIM, r->data + (gsize) i * AKIN_TIMBRE_DIM,
              AKIN_TIMBRE_DIM * sizeof (float));
  akin_timbre_model_fit (rows, out, model);
  return model;
}

/**
 * _akin_front_end_stream_finish:
 * @self: the state, after the last frames were taken
 * @features: (inout): receives the matrices at display resolution, the
 *   slices, the timbre model, the dB range, the roll-off and tempo
 *   descriptors
 */
void
_akin_front_end_stream_finish (AkinFrontEndStream *self,
                               AkinFeatures       *features)
{
  AkinDescriptors *desc = &features->descriptors;
  AkinTempoEstimate tempo;
  guint n = features->n_frames;

  g_assert (self->n_frames == n);

  features->mel_db_max = self->max256;
  features->mel_db_floor = MAX (self->max256 - AKIN_TOP_DB, AKIN_AMIN_DB);

  features->n_mfcc = self->opts.n_mfcc;
  features->mfcc = columns_finish (&self->mfcc, &features->n_columns);
  features->column_frames = self->mfcc.column_frames;
  features->n_mfcc_mel128 = self->opts.n_mfcc_mel128;
  features->mfcc_mel128 = columns_finish (&self->mfcc128, NULL);
  features->mel_db = columns_finish (&self->mel_db, NULL);
  features->rolloff = columns_finish (&self->rolloff, NULL);
  features->onset_envelope = columns_finish (&self->onset, NULL);
  g_assert (self->onset.n == features->n_columns);

  finish_slices (self, features);
  if (self->opts.timbre)
    features->timbre = finish_timbre (self);

  akin_tempogram_finish (self->tempogram, &tempo);
  desc->tempo_lag = tempo.lag;
  desc->tempo_librosa_bpm = tempo.librosa_bpm;
  desc->tempo_bpm = tempo.bpm;

  desc->rolloff_mean_all = self->sum_all / n;
  desc->n_silent_frames = self->n_silent;
  desc->rolloff_mean = self->n_silent < n ? self->sum_sounding / (n - self->n_silent) : 0.0;
  desc->rolloff_freq = akin_round_half_even (desc->rolloff_mean, 0);
}
