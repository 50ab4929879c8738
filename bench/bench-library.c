/* bench-library.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A synthetic library for the app's benchmarks: a model with random
 * weights and N songs with tags, descriptors, a random vector and a timbre
 * model each, written through the engine.
 */

#include "config.h"

#include "akin-database.h"
#include "akin-encoder.h"
#include "akin-model.h"
#include "akin-similarity.h"
#include "bench-library.h"

static const char * const genres[] = { "Rock", "Jazz", "Electronic", "Folk", "Classical" };
static const char * const keys[] = { "A Minor", "C Major", "G Major", "E Minor", "F# Minor" };

#define N_BASES 256

/* Distinct timbre models: one of N_BASES fitted on random frames, its
 * mean moved a little. */
void
bench_library_timbre_model (guint            i,
                            AkinTimbreModel *model)
{
  static AkinTimbreModel *bases;

  if (bases == NULL)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (7);
      g_autofree float *frames = g_new (float, 200 * AKIN_TIMBRE_DIM);

      bases = g_new (AkinTimbreModel, N_BASES);
      for (guint b = 0; b < N_BASES; b++)
        {
          double offset = g_rand_double_range (rand, -3, 3), spread = g_rand_double_range (rand, 0.2, 3);

          for (guint f = 0; f < 200 * AKIN_TIMBRE_DIM; f++)
            frames[f] = (float) (offset * ((f % AKIN_TIMBRE_DIM) % 4)
                                 + spread * g_rand_double_range (rand, -1, 1));
          akin_timbre_model_fit (frames, 200, &bases[b]);
        }
    }
  *model = bases[i % N_BASES];
  model->mean[i % AKIN_TIMBRE_DIM] += (float) ((i * 2654435761u) % 1000) / 1000.0f - 0.5f;
}

char *
bench_library_make_model (const char *dir)
{
  AkinNetSpec spec2d, spec1d;
  g_autoptr(AkinModel) model = NULL;
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, "bench.model", NULL);
  AkinRng rng;

  akin_encoder_default_spec_2d (&spec2d);
  akin_encoder_default_spec_1d (&spec1d);
  model = akin_model_new (&spec2d, &spec1d, &error);
  akin_rng_init (&rng, 1);
  akin_net_init_weights (model->net2d, &rng);
  akin_net_init_weights (model->net1d, &rng);
  if (model == NULL || !akin_model_save (model, path, &error))
    g_error ("model: %s", error->message);
  return path;
}

void
bench_library_fill (const char *db_path,
                    const char *model_id,
                    guint       dim,
                    guint       n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AkinDatabase) db = akin_database_open (db_path, 0, &error);
  g_autofree float *v = g_new (float, dim);

  if (db == NULL || !akin_database_begin (db, &error))
    g_error ("%s", error->message);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *uri = g_strdup_printf ("file:///music/artist-%u/album-%u/%06u.ogg",
                                              i % 997, i % 7919, i);
      g_autoptr(AkinAnalysisResult) r = akin_analysis_result_new ();
      gint64 id = akin_database_add_file (db, uri, 4000000 + i, i, NULL, &error);

      r->tags.title = g_strdup_printf ("Song number %u", (i * 48271u) % n);
      r->tags.artist = g_strdup_printf ("Artist %u", i % 997);
      r->tags.album = g_strdup_printf ("Album %u", i % 7919);
      r->tags.genre = g_strdup (genres[i % G_N_ELEMENTS (genres)]);
      r->tags.track_number = 1 + i % 12;
      r->duration = 120 + i % 240;
      r->has_descriptors = TRUE;
      r->descriptors.filename = g_strdup_printf ("%06u.ogg", i);
      r->descriptors.title = g_strdup (r->tags.title);
      r->descriptors.samplefreq = 22050;
      r->descriptors.sample_points = (guint64) r->duration * 22050;
      r->descriptors.tempo_bpm = 80 + i % 90;
      r->descriptors.rolloff_freq = 4000;
      r->descriptors.duration = r->duration;
      r->descriptors.tonic = g_strdup ("A");
      r->descriptors.key_signature = g_strdup (keys[i % G_N_ELEMENTS (keys)]);
      for (guint k = 0; k < dim; k++)
        v[k] = (float) g_random_double_range (-1, 1);
      akin_analysis_result_set_vector (r, model_id, v, dim);
      r->has_timbre = TRUE;
      bench_library_timbre_model (i, &r->timbre);
      if (id == 0 || !akin_database_store_analysis (db, id, r, &error))
        g_error ("%s", error->message);
    }
  if (!akin_database_commit (db, &error))
    g_error ("%s", error->message);
}

/* Builds the similarity index from the library once, as the app's first
 * start on it would: that computes every track's mutual proximity
 * statistics (a divergence to each reference song) and stores them, so
 * that the runs measured afterwards start as they do on a library the app
 * analysed itself. Returns the wall-clock seconds it took. */
double
bench_library_warm (const char *db_path,
                    const char *model_id,
                    guint       dim)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AkinDatabase) db = akin_database_open (db_path, 0, &error);
  g_autoptr(AkinSimilarityIndex) index = NULL;
  gint64 t0 = g_get_monotonic_time ();

  if (db == NULL)
    g_error ("%s", error->message);
  index = akin_similarity_index_new_from_database (db, model_id, dim, &error);
  if (index == NULL)
    g_error ("%s", error->message);
  return (g_get_monotonic_time () - t0) / 1e6;
}
