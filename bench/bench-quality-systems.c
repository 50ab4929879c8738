/* bench-quality-systems.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The similarity systems bench-quality compares, each as an n × n
 * similarity matrix (higher = more similar) over the cached songs:
 *
 *   ae-*       the learned path: slice codes (32-d, after the 1D encoder) or
 *              2D latents (64-d) pooled per song by their mean, or mean ⊕
 *              standard deviation; cosine, optionally after z-scoring every
 *              dimension over the collection. ae-code-mean is the shipped
 *              track vector.
 *   timbre-*   the whole-song Gaussian: Jensen–Shannon or symmetrised KL,
 *              raw (−divergence) or through mutual proximity with each
 *              song's divergence statistics over the whole collection
 *              (-ref-third: over a fixed third of it, as a large library
 *              would use a fixed sample).
 *   summary-*  per-song mean and standard deviation of the timbre frames
 *              (MFCC-20 only, like the corpus' baseline_mfcc.py, or with the
 *              contrast bands), z-scored, cosine.
 *   combo-*    sums of systems after normalising each anchor's row to zero
 *              mean and unit variance (the anchor itself left out), so that
 *              no system dominates by scale.
 *
 * Every list ranks all other songs, best first. With AKIN_BENCH_SIM_DIR set
 * in the environment, each system's similarity matrix is also written there
 * as NAME.f64 (n × n doubles, row-major, songs in the lists' order), for
 * combinations explored outside this program.
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "akin-contrastive.h"
#include "bench-quality.h"

typedef struct
{
  const char *name;
  double     *sim;
} System;

typedef struct
{
  const double *sim;
  guint         n;
  guint         anchor;
} SortContext;

static int
compare_by_similarity (gconstpointer a,
                       gconstpointer b,
                       gpointer      user_data)
{
  const SortContext *ctx = user_data;
  guint i = *(const guint *) a, j = *(const guint *) b;
  double x = ctx->sim[(gsize) ctx->anchor * ctx->n + i];
  double y = ctx->sim[(gsize) ctx->anchor * ctx->n + j];

  if (x != y)
    return x > y ? -1 : 1;
  return (i > j) - (i < j);
}

static void
write_list (const BenchSong *songs,
            guint            n,
            const double    *sim,
            const char      *out_dir,
            const char      *name)
{
  g_autofree char *file_name = g_strconcat (name, ".tsv", NULL);
  g_autofree char *path = g_build_filename (out_dir, file_name, NULL);
  g_autofree guint *order = g_new (guint, n);
  FILE *f = fopen (path, "w");

  if (f == NULL)
    g_error ("%s: cannot write", path);
  for (guint a = 0; a < n; a++)
    {
      SortContext ctx = { sim, n, a };
      guint m = 0;

      for (guint j = 0; j < n; j++)
        if (j != a)
          order[m++] = j;
      g_qsort_with_data (order, m, sizeof (guint), compare_by_similarity, &ctx);
      fputs (songs[a].id, f);
      for (guint k = 0; k < m; k++)
        fprintf (f, "\t%s", songs[order[k]].id);
      fputc ('\n', f);
    }
  fclose (f);
}

/* Cosine similarity of the rows of X (n × d), each dimension first
 * z-scored over the rows if @zscore. */
static double *
cosine_matrix (const double *x_in,
               guint         n,
               guint         d,
               gboolean      zscore)
{
  g_autofree double *x = g_memdup2 (x_in, (gsize) n * d * sizeof (double));
  double *sim = g_new (double, (gsize) n * n);

  if (zscore)
    for (guint k = 0; k < d; k++)
      {
        double s = 0, s2 = 0, sd;

        for (guint i = 0; i < n; i++)
          s += x[i * d + k];
        s /= n;
        for (guint i = 0; i < n; i++)
          s2 += (x[i * d + k] - s) * (x[i * d + k] - s);
        sd = sqrt (s2 / n);
        for (guint i = 0; i < n; i++)
          x[i * d + k] = sd > 0 ? (x[i * d + k] - s) / sd : 0.0;
      }
  for (guint i = 0; i < n; i++)
    {
      double norm = 0;

      for (guint k = 0; k < d; k++)
        norm += x[i * d + k] * x[i * d + k];
      norm = sqrt (norm);
      for (guint k = 0; k < d; k++)
        x[i * d + k] = norm > 0 ? x[i * d + k] / norm : 0.0;
    }
  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < n; j++)
      {
        double dot = 0;

        for (guint k = 0; k < d; k++)
          dot += x[i * d + k] * x[j * d + k];
        sim[(gsize) i * n + j] = dot;
      }
  return sim;
}

/* Per song: the mean of its slice rows, then (if @with_std) their standard
 * deviation. @codes selects the 1D codes, else the 2D latents. */
static double *
pool (const BenchSong *songs,
      guint            n,
      gboolean         codes,
      gboolean         with_std,
      guint           *dim)
{
  guint d = codes ? songs[0].code_size : songs[0].latent_size;
  guint out_d = with_std ? 2 * d : d;
  double *x = g_new0 (double, (gsize) n * out_d);

  for (guint i = 0; i < n; i++)
    {
      const float *rows = codes ? songs[i].codes : songs[i].latents;
      guint m = songs[i].n_slices;

      for (guint k = 0; k < d; k++)
        {
          double s = 0, s2 = 0;

          for (guint r = 0; r < m; r++)
            s += rows[(gsize) r * d + k];
          s /= m;
          for (guint r = 0; r < m; r++)
            s2 += (rows[(gsize) r * d + k] - s) * (rows[(gsize) r * d + k] - s);
          x[(gsize) i * out_d + k] = s;
          if (with_std)
            x[(gsize) i * out_d + d + k] = sqrt (s2 / m);
        }
    }
  *dim = out_d;
  return x;
}

static double *
divergence_matrix (const BenchSong      *songs,
                   guint                 n,
                   AkinTimbreDivergence  kind)
{
  double *div = g_new (double, (gsize) n * n);

  for (guint i = 0; i < n; i++)
    {
      div[(gsize) i * n + i] = 0.0;
      for (guint j = i + 1; j < n; j++)
        div[(gsize) i * n + j] = div[(gsize) j * n + i] =
          akin_timbre_divergence (&songs[i].timbre, &songs[j].timbre, kind);
    }
  return div;
}

static double *
negate (const double *m,
        guint         n)
{
  double *out = g_new (double, (gsize) n * n);

  for (gsize i = 0; i < (gsize) n * n; i++)
    out[i] = -m[i];
  return out;
}

/* Mutual proximity with each song's statistics over the reference songs
 * (every @ref_step-th song: 1 for the whole collection), through the
 * engine's functions (the divergences are recomputed there). */
static double *
mutual_proximity_matrix (const BenchSong      *songs,
                         guint                 n,
                         const double         *div,
                         AkinTimbreDivergence  kind,
                         guint                 ref_step)
{
  g_autofree AkinTimbreModel *models = g_new (AkinTimbreModel, n);
  g_autofree AkinTimbreModel *refs = g_new (AkinTimbreModel, n);
  g_autofree AkinTimbreNorm *norms = g_new (AkinTimbreNorm, n);
  double *sim = g_new (double, (gsize) n * n);
  guint n_refs = 0;

  for (guint i = 0; i < n; i++)
    models[i] = songs[i].timbre;
  for (guint i = 0; i < n; i += ref_step)
    refs[n_refs++] = songs[i].timbre;
  /* A song among the references is left out of its own statistics: the
   * engine skips references identical to the model. */
  for (guint i = 0; i < n; i++)
    akin_timbre_norm_compute (&models[i], refs, n_refs, kind, &norms[i]);
  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < n; j++)
      sim[(gsize) i * n + j] =
        i == j ? 1.0 : akin_timbre_mutual_proximity (div[(gsize) i * n + j], &norms[i], &norms[j]);
  return sim;
}

/* Each anchor's row (anchor left out) scaled to zero mean, unit variance. */
static double *
row_normalise (const double *sim,
               guint         n)
{
  double *out = g_new (double, (gsize) n * n);

  for (guint a = 0; a < n; a++)
    {
      const double *row = sim + (gsize) a * n;
      double s = 0, s2 = 0, sd;

      for (guint j = 0; j < n; j++)
        if (j != a)
          s += row[j];
      s /= n - 1;
      for (guint j = 0; j < n; j++)
        if (j != a)
          s2 += (row[j] - s) * (row[j] - s);
      sd = sqrt (s2 / (n - 1));
      for (guint j = 0; j < n; j++)
        out[(gsize) a * n + j] = j == a ? 0.0 : sd > 0 ? (row[j] - s) / sd : 0.0;
    }
  return out;
}

static double *
timbre_summary (const BenchSong *songs,
                guint            n,
                guint            n_dims,
                guint           *dim)
{
  double *x = g_new (double, (gsize) n * 2 * n_dims);

  for (guint i = 0; i < n; i++)
    for (guint k = 0; k < n_dims; k++)
      {
        guint p = k * AKIN_TIMBRE_DIM - k * (k - 1) / 2;  /* packed (k, k) */

        x[(gsize) i * 2 * n_dims + k] = songs[i].timbre.mean[k];
        x[(gsize) i * 2 * n_dims + n_dims + k] = sqrt (MAX (songs[i].timbre.cov[p], 0.0f));
      }
  *dim = 2 * n_dims;
  return x;
}

static const double *
find (GArray     *systems,
      const char *name)
{
  for (guint i = 0; i < systems->len; i++)
    if (g_str_equal (g_array_index (systems, System, i).name, name))
      return g_array_index (systems, System, i).sim;
  g_error ("no system %s", name);
  return NULL;
}

static void
add (GArray     *systems,
     const char *name,
     double     *sim)
{
  System s = { g_intern_string (name), sim };

  g_array_append_val (systems, s);
}

/* combo: Σ w_k · row-normalised system k. */
static double *
combine (GArray     *systems,
         guint       n,
         guint       n_parts,
         const char *const *names,
         const double *weights)
{
  double *out = g_new0 (double, (gsize) n * n);

  for (guint p = 0; p < n_parts; p++)
    {
      g_autofree double *z = row_normalise (find (systems, names[p]), n);

      for (gsize i = 0; i < (gsize) n * n; i++)
        out[i] += weights[p] * z[i];
    }
  return out;
}

/* Same-song retrieval of the slices (k = 5, neighbours in time left out),
 * over every song: how much song identity the latents and codes keep. */
static void
print_slice_retrieval (const BenchSong *songs, guint n)
{
  for (guint which = 0; which < 2; which++)
    {
      guint d = which ? songs[0].code_size : songs[0].latent_size, total = 0, k = 0;
      g_autofree float *rows = NULL;
      g_autofree guint *song = NULL, *position = NULL;

      for (guint i = 0; i < n; i++)
        total += songs[i].n_slices;
      rows = g_new (float, (gsize) total * d);
      song = g_new (guint, total);
      position = g_new (guint, total);
      for (guint i = 0; i < n; i++)
        for (guint s = 0; s < songs[i].n_slices; s++, k++)
          {
            memcpy (rows + (gsize) k * d,
                    (which ? songs[i].codes : songs[i].latents) + (gsize) s * d,
                    d * sizeof (float));
            song[k] = i;
            position[k] = s;
          }
      printf ("slice same-song retrieval (k = 5), %s: %.3f\n", which ? "codes" : "2D latents",
              akin_same_song_retrieval (rows, song, position, total, d, 5));
    }
}

/**
 * bench_quality_write_systems:
 * @songs: (array length=n_songs): the cached songs, with their encoder output
 * @n_songs: at least 12
 * @out_dir: where NAME.tsv lists go
 */
void
bench_quality_write_systems (const BenchSong *songs,
                             guint            n,
                             const char      *out_dir)
{
  g_autoptr(GArray) systems = g_array_new (FALSE, FALSE, sizeof (System));
  static const struct { const char *name; gboolean codes, with_std, zscore; } ae[] = {
    { "ae-code-mean", TRUE, FALSE, FALSE },
    { "ae-code-mean-z", TRUE, FALSE, TRUE },
    { "ae-code-meanstd", TRUE, TRUE, FALSE },
    { "ae-code-meanstd-z", TRUE, TRUE, TRUE },
    { "ae-latent-mean", FALSE, FALSE, FALSE },
    { "ae-latent-mean-z", FALSE, FALSE, TRUE },
    { "ae-latent-meanstd", FALSE, TRUE, FALSE },
    { "ae-latent-meanstd-z", FALSE, TRUE, TRUE },
  };
  static const struct { const char *name; AkinTimbreDivergence kind; } tim[] = {
    { "js", AKIN_TIMBRE_DIVERGENCE_JS },
    { "skl", AKIN_TIMBRE_DIVERGENCE_SKL },
  };
  gboolean has_ae;
  guint dim;

  g_return_if_fail (n >= 12);
  has_ae = songs[0].codes != NULL;

  if (has_ae)
    print_slice_retrieval (songs, n);
  for (guint i = 0; i < G_N_ELEMENTS (ae) && has_ae; i++)
    {
      g_autofree double *x = pool (songs, n, ae[i].codes, ae[i].with_std, &dim);

      add (systems, ae[i].name, cosine_matrix (x, n, dim, ae[i].zscore));
    }

  for (guint i = 0; i < G_N_ELEMENTS (tim); i++)
    {
      g_autofree double *div = divergence_matrix (songs, n, tim[i].kind);
      g_autofree char *raw = g_strconcat ("timbre-", tim[i].name, NULL);
      g_autofree char *mp = g_strconcat ("timbre-", tim[i].name, "-mp", NULL);

      add (systems, raw, negate (div, n));
      add (systems, mp, mutual_proximity_matrix (songs, n, div, tim[i].kind, 1));
      if (tim[i].kind == AKIN_TIMBRE_DIVERGENCE_JS)
        add (systems, "timbre-js-mp-ref-third",
             mutual_proximity_matrix (songs, n, div, tim[i].kind, 3));
    }

  {
    g_autofree double *x = timbre_summary (songs, n, AKIN_TIMBRE_N_MFCC, &dim);
    g_autofree double *y = timbre_summary (songs, n, AKIN_TIMBRE_DIM, &dim);

    add (systems, "summary-mfcc-z", cosine_matrix (x, n, 2 * AKIN_TIMBRE_N_MFCC, TRUE));
    add (systems, "summary-mfcc-contrast-z", cosine_matrix (y, n, 2 * AKIN_TIMBRE_DIM, TRUE));
  }

  /* Combinations: every AE variant with the timbre model, two weights. */
  if (has_ae)
    print_slice_retrieval (songs, n);
  for (guint i = 0; i < G_N_ELEMENTS (ae) && has_ae; i++)
    {
      static const double w_ae[] = { 0.3, 0.5 };

      for (guint k = 0; k < G_N_ELEMENTS (w_ae); k++)
        {
          const char *names[2] = { ae[i].name, "timbre-js-mp" };
          double w[2] = { w_ae[k], 1.0 - w_ae[k] };
          g_autofree char *name = g_strdup_printf ("combo-%s-%02d+timbre-js-mp", ae[i].name,
                                                   (int) (100 * w_ae[k] + 0.5));

          add (systems, name, combine (systems, n, 2, names, w));
        }
    }
  {
    const char *names[2] = { "summary-mfcc-contrast-z", "timbre-js-mp" };
    double w[2] = { 0.5, 0.5 };

    add (systems, "combo-summary-50+timbre-js-mp", combine (systems, n, 2, names, w));
  }
  /* Three ways: the learned path, the summary vector and the timbre model. */
  if (has_ae)
    print_slice_retrieval (songs, n);
  for (guint i = 0; i < G_N_ELEMENTS (ae) && has_ae; i++)
    {
      const char *names[3] = { ae[i].name, "summary-mfcc-contrast-z", "timbre-js-mp" };
      static const double w[][3] = { { 1 / 3.0, 1 / 3.0, 1 / 3.0 }, { 0.25, 0.25, 0.5 } };

      for (guint k = 0; k < G_N_ELEMENTS (w); k++)
        {
          g_autofree char *name = g_strdup_printf ("combo3-%s-%02d+summary+timbre-js-mp",
                                                   ae[i].name, (int) (100 * w[k][0] + 0.5));

          add (systems, name, combine (systems, n, 3, names, w[k]));
        }
    }

  for (guint i = 0; i < systems->len; i++)
    {
      System *s = &g_array_index (systems, System, i);
      const char *sim_dir = g_getenv ("AKIN_BENCH_SIM_DIR");

      write_list (songs, n, s->sim, out_dir, s->name);
      if (sim_dir != NULL)
        {
          g_autofree char *file_name = g_strconcat (s->name, ".f64", NULL);
          g_autofree char *path = g_build_filename (sim_dir, file_name, NULL);
          g_autoptr(GError) error = NULL;

          if (!g_file_set_contents (path, (const char *) s->sim,
                                    (gssize) ((gsize) n * n * sizeof (double)), &error))
            g_error ("%s", error->message);
        }
      g_free (s->sim);
    }
}
