/* bench-decode.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Decode cost: decodes each file given on the command line with
 * akin_decode_stream() and prints the process CPU time (every GStreamer
 * thread included) per second of decoded audio, its ratio to the codec's
 * own decode of the same file in the same run (bench-codec.c), and the peak
 * resident set, which must not grow with the file's length.
 *
 *   bench-decode FILE…
 */

#include "config.h"

#include <sys/resource.h>

#include "akin-decoder.h"
#include "bench-codec.h"
#include "bench-process.h"

static gboolean
count (const float  *samples,
       gsize         n_samples,
       gpointer      user_data,
       GError      **error)
{
  double *sum = user_data;

  /* Touch every sample, as a consumer would. */
  for (gsize i = 0; i < n_samples; i++)
    *sum += samples[i];
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  double total_cpu = 0;
  double total_codec = 0;
  double total_audio = 0;
  int status = 0;

  if (argc < 2)
    {
      g_printerr ("usage: %s FILE…\n", argv[0]);
      return 2;
    }

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (argv[i]);
      g_autoptr(AkinDecodeInfo) info = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *path = g_file_get_path (file);
      double sum = 0;
      double codec = bench_cpu_seconds ();
      double cpu;
      gint64 wall;

      if (path == NULL || !bench_codec_decode (path, &error))
        {
          g_printerr ("%s: %s\n", argv[i], error != NULL ? error->message : "not a local file");
          status = 1;
          continue;
        }
      codec = bench_cpu_seconds () - codec;
      cpu = bench_cpu_seconds ();
      wall = g_get_monotonic_time ();
      if (!akin_decode_stream (file, count, &sum, &info, NULL, &error))
        {
          g_printerr ("%s\n", error->message);
          status = 1;
          continue;
        }
      cpu = bench_cpu_seconds () - cpu;
      total_cpu += cpu;
      total_codec += codec;
      total_audio += info->duration;
      g_print ("%s: %.1f s of audio (%u Hz, %u ch, %s), CPU %.3f s = %.2f ms per second "
               "(codec %.2f, x %.2f), wall %.3f s\n",
               argv[i], info->duration, info->source_rate, info->source_channels,
               info->codec ? info->codec : "?", cpu, 1000 * cpu / info->duration,
               1000 * codec / info->duration, cpu / codec,
               (double) (g_get_monotonic_time () - wall) / G_USEC_PER_SEC);
    }

  if (total_audio > 0)
    {
      struct rusage usage;

      getrusage (RUSAGE_SELF, &usage);
      g_print ("total: %.1f s of audio, %.2f ms CPU per second, the codec alone %.2f: "
               "%.2f x the codec (target <= 1.3), peak RSS %ld MB\n",
               total_audio, 1000 * total_cpu / total_audio, 1000 * total_codec / total_audio,
               total_cpu / total_codec, usage.ru_maxrss / 1024);
    }
  return status;
}
