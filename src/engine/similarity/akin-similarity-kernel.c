/* akin-similarity-kernel.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The two inner pieces of a similarity query: the scoring kernel and the
 * bounded heap that keeps the best k.
 *
 * The kernel is written with 4-float vectors (GCC/Clang vector extensions:
 * SSE on any x86-64, NEON on arm64) rather than left to the
 * auto-vectoriser, because a float sum is only vectorised automatically
 * with -ffast-math (it reorders the additions). Each row's products go to
 * independent partial sums and rows are independent of each other, so the
 * loop runs at close to memory bandwidth; dimension 32 (the model's) is
 * unrolled completely. Rows need no particular alignment (loads go through
 * memcpy), though the index keeps them 64-byte aligned.
 *
 * Threads: pure functions over the caller's memory; any thread.
 */

#include "config.h"

#include <string.h>
#if defined(__SSE__)
#include <xmmintrin.h>
#endif

#include "akin-similarity-private.h"

#if defined(__GNUC__)
typedef float v4sf __attribute__ ((vector_size (16)));

static inline v4sf
load4 (const float *p)
{
  v4sf v;

  memcpy (&v, p, sizeof v);
  return v;
}

static inline float
hsum4 (v4sf v)
{
  return (v[0] + v[2]) + (v[1] + v[3]);
}
#endif

/**
 * akin_similarity_score_rows:
 * @rows: @n rows of @stride floats
 * @n: how many rows
 * @stride: floats per row, a multiple of 4
 * @query: @stride floats (zero beyond the vector's length)
 * @out: @n scores
 *
 * The scoring kernel. Any thread.
 */
void
akin_similarity_score_rows (const float *restrict rows,
                            gsize                 n,
                            guint                 stride,
                            const float *restrict query,
                            float *restrict       out)
{
  g_assert (stride % 4 == 0);

#if defined(__GNUC__)
  if (stride == 32)
    {
      const v4sf q0 = load4 (query), q1 = load4 (query + 4), q2 = load4 (query + 8),
                 q3 = load4 (query + 12), q4 = load4 (query + 16), q5 = load4 (query + 20),
                 q6 = load4 (query + 24), q7 = load4 (query + 28);
      gsize i = 0;

#define PARTIAL32(r)                                                      \
  (((load4 (r) * q0 + load4 ((r) + 4) * q1)                               \
    + (load4 ((r) + 8) * q2 + load4 ((r) + 12) * q3))                     \
   + ((load4 ((r) + 16) * q4 + load4 ((r) + 20) * q5)                     \
      + (load4 ((r) + 24) * q6 + load4 ((r) + 28) * q7)))

#if defined(__SSE__)
      /* Four rows at a time: one 4×4 transpose finishes four sums at once,
       * in the same order as hsum4(). */
      for (; i + 4 <= n; i += 4)
        {
          const float *r = rows + i * 32;
          __m128 s0 = (__m128) PARTIAL32 (r), s1 = (__m128) PARTIAL32 (r + 32);
          __m128 s2 = (__m128) PARTIAL32 (r + 64), s3 = (__m128) PARTIAL32 (r + 96);
          __m128 u0 = _mm_add_ps (_mm_unpacklo_ps (s0, s1), _mm_unpackhi_ps (s0, s1));
          __m128 u1 = _mm_add_ps (_mm_unpacklo_ps (s2, s3), _mm_unpackhi_ps (s2, s3));

          _mm_storeu_ps (out + i, _mm_add_ps (_mm_movelh_ps (u0, u1), _mm_movehl_ps (u1, u0)));
        }
#endif
      for (; i < n; i++)
        out[i] = hsum4 (PARTIAL32 (rows + i * 32));
#undef PARTIAL32
      return;
    }
  for (gsize i = 0; i < n; i++)
    {
      const float *r = rows + i * stride;
      v4sf acc0 = { 0 }, acc1 = { 0 };
      guint j = 0;

      for (; j + 8 <= stride; j += 8)
        {
          acc0 += load4 (r + j) * load4 (query + j);
          acc1 += load4 (r + j + 4) * load4 (query + j + 4);
        }
      for (; j < stride; j += 4)
        acc0 += load4 (r + j) * load4 (query + j);
      out[i] = hsum4 (acc0 + acc1);
    }
#else
  for (gsize i = 0; i < n; i++)
    {
      const float *r = rows + i * stride;
      float acc[4] = { 0 };

      for (guint j = 0; j < stride; j += 4)
        for (guint l = 0; l < 4; l++)
          acc[l] += r[j + l] * query[j + l];
      out[i] = (acc[0] + acc[2]) + (acc[1] + acc[3]);
    }
#endif
}

/* Worse first: lower score, or the same score and a higher id. */
static inline gboolean
worse (const HeapEntry *a,
       const HeapEntry *b)
{
  return a->score < b->score || (a->score == b->score && a->id > b->id);
}

static void
sift_down (HeapEntry *heap,
           guint      n,
           guint      i)
{
  for (;;)
    {
      guint l = 2 * i + 1, r = l + 1, m = i;
      HeapEntry tmp;

      if (l < n && worse (&heap[l], &heap[m]))
        m = l;
      if (r < n && worse (&heap[r], &heap[m]))
        m = r;
      if (m == i)
        return;
      tmp = heap[i];
      heap[i] = heap[m];
      heap[m] = tmp;
      i = m;
    }
}

static void
sift_up (HeapEntry *heap,
         guint      i)
{
  while (i > 0)
    {
      guint parent = (i - 1) / 2;
      HeapEntry tmp;

      if (!worse (&heap[i], &heap[parent]))
        return;
      tmp = heap[i];
      heap[i] = heap[parent];
      heap[parent] = tmp;
      i = parent;
    }
}

/* Offers one candidate to the heap of the best @k. With @merge, entries
 * with the same non-zero group are one: the heap then holds the top-k of
 * each group's best, exactly, whatever the order candidates come in. */
void
_akin_similarity_heap_offer (HeapEntry *heap,
                             guint     *n,
                             guint      k,
                             HeapEntry  candidate,
                             gboolean   merge)
{
  if (merge && candidate.group != 0)
    for (guint i = 0; i < *n; i++)
      if (heap[i].group == candidate.group)
        {
          if (worse (&heap[i], &candidate))
            {
              heap[i] = candidate;
              sift_down (heap, *n, i);
            }
          return;
        }
  if (*n < k)
    {
      heap[*n] = candidate;
      sift_up (heap, (*n)++);
    }
  else if (worse (&heap[0], &candidate))
    {
      heap[0] = candidate;
      sift_down (heap, *n, 0);
    }
}

