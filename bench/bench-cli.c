/* bench-cli.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What akin-cli costs a user, in the same run, RUNS times over (medians):
 *
 *  - `akin-cli --version`: the process start-up alone;
 *  - `akin-cli similar --id ID`: a query on a library song, which the
 *    start-up should not dominate;
 *  - `akin-cli similar FILE` for each FILE outside the library (the anchor
 *    path: the whole analysis, then the query), against Akin's decode of
 *    the same file (akin_decode_stream() in this process) and the codec's
 *    own decode (bench-codec.c). Target: the anchor <= 1.5 x its decode.
 *
 * CPU time is the children's (every thread) for the commands, and this
 * process's for the decodes; wall times are printed beside it, with the
 * load average, since a loaded machine stretches them. Since the anchor
 * may use a second core, its threads' states are also read every 2 ms
 * (as bench/scan-measure.py does): the share of samples with exactly one
 * thread running or waiting for a core is its serial fraction s, which
 * the machine's load does not change, and CPU / (2 − s) is the wall time
 * it would take on two free cores, printed against its decode's CPU time
 * (one thread: its wall time on a free core).
 *
 *   bench-cli [--runs N] [--cli AKIN_CLI] DB ID FILE…
 *
 * AKIN_CLI defaults to $AKIN_CLI, else the build's src/cli/akin-cli. DB is
 * a library (e.g. from `akin-cli scan`) holding track ID; the FILEs must
 * not be in it.
 */

#include "config.h"

#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "akin-decoder.h"
#include "bench-codec.h"
#include "bench-process.h"

typedef struct
{
  double cpu;
  double wall;
  double serial;   /* the share of samples with one thread runnable */
} Cost;

#define SAMPLE_US 2000

static double
children_cpu (void)
{
  struct rusage usage;

  getrusage (RUSAGE_CHILDREN, &usage);
  return (double) usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6
         + (double) usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

/* How many of @pid's threads are running or waiting for a core. */
static guint
runnable_threads (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/task", (int) pid);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *tid;
  guint n = 0;

  while (dir != NULL && (tid = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *stat = g_build_filename (path, tid, "stat", NULL);
      g_autofree char *text = NULL;
      const char *end;

      /* The state is the first field after the command's ')'. */
      if (g_file_get_contents (stat, &text, NULL, NULL) && (end = strrchr (text, ')')) != NULL
          && end[1] == ' ' && end[2] == 'R')
        n++;
    }
  return n;
}

static gboolean
run_cli (const char * const *argv,
         Cost               *cost)
{
  g_autoptr(GError) error = NULL;
  double cpu = children_cpu ();
  gint64 wall = g_get_monotonic_time ();
  guint busy = 0, serial = 0;
  int status = 0;
  GPid pid;

  if (!g_spawn_async (NULL, (char **) argv, NULL,
                      G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL
                      | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &pid, &error))
    {
      g_printerr ("%s %s: %s\n", argv[0], argv[1], error->message);
      return FALSE;
    }
  while (waitpid (pid, &status, WNOHANG) == 0)
    {
      guint n = runnable_threads (pid);

      busy += n > 0;
      serial += n == 1;
      g_usleep (SAMPLE_US);
    }
  g_spawn_close_pid (pid);
  if (!g_spawn_check_wait_status (status, &error))
    {
      g_printerr ("%s %s: %s\n", argv[0], argv[1], error->message);
      return FALSE;
    }
  cost->cpu = children_cpu () - cpu;
  cost->wall = (double) (g_get_monotonic_time () - wall) / G_USEC_PER_SEC;
  cost->serial = busy > 0 ? (double) serial / busy : 1.0;
  return TRUE;
}

static gboolean
count (const float  *samples,
       gsize         n_samples,
       gpointer      user_data,
       GError      **error)
{
  return TRUE;
}

static gboolean
decode (const char *path,
        Cost       *akin,
        Cost       *codec)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  double cpu = bench_cpu_seconds ();
  gint64 wall = g_get_monotonic_time ();

  if (!bench_codec_decode (path, &error))
    {
      g_printerr ("%s: %s\n", path, error->message);
      return FALSE;
    }
  codec->cpu = bench_cpu_seconds () - cpu;
  codec->wall = (double) (g_get_monotonic_time () - wall) / G_USEC_PER_SEC;
  cpu = bench_cpu_seconds ();
  wall = g_get_monotonic_time ();
  if (!akin_decode_stream (file, count, NULL, NULL, NULL, &error))
    {
      g_printerr ("%s: %s\n", path, error->message);
      return FALSE;
    }
  akin->cpu = bench_cpu_seconds () - cpu;
  akin->wall = (double) (g_get_monotonic_time () - wall) / G_USEC_PER_SEC;
  return TRUE;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

enum { CPU, WALL, FREE };

/* The median of the runs' CPU or wall times, or of their wall times on two
 * free cores (CPU / (2 − serial)). */
static double
median (const Cost *costs,
        guint       n,
        int         what)
{
  g_autofree double *v = g_new (double, n);

  for (guint i = 0; i < n; i++)
    v[i] = what == WALL ? costs[i].wall
           : what == FREE ? costs[i].cpu / (2.0 - costs[i].serial) : costs[i].cpu;
  qsort (v, n, sizeof (double), compare_double);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void
print_load (void)
{
  double load[3];

  if (getloadavg (load, 3) == 3)
    g_print ("load average %.2f %.2f %.2f on %u cores\n", load[0], load[1], load[2],
             g_get_num_processors ());
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cli = NULL;
  g_autofree char *dir = NULL;
  gint runs = 5;
  const GOptionEntry entries[] = {
    { "runs", 'r', 0, G_OPTION_ARG_INT, &runs, "Runs of each measurement (default 5)", "N" },
    { "cli", 0, 0, G_OPTION_ARG_FILENAME, &cli, "The akin-cli to measure", "AKIN_CLI" },
    { NULL }
  };
  const char *db, *id;
  guint n_files;
  g_autofree Cost *version = NULL;
  g_autofree Cost *query = NULL;
  g_autofree Cost *anchor = NULL;
  g_autofree Cost *akin = NULL;
  g_autofree Cost *codec = NULL;
  double total_anchor = 0, total_akin = 0, total_codec = 0;
  double wall_anchor = 0, wall_akin = 0, free_anchor = 0;

  context = g_option_context_new ("DB ID FILE… — akin-cli's start-up, a query, and the anchor path");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc < 4 || runs < 1)
    {
      g_printerr ("usage: %s [--runs N] [--cli AKIN_CLI] DB ID FILE…\n", argv[0]);
      return 2;
    }
  if (cli == NULL && g_getenv ("AKIN_CLI") != NULL)
    cli = g_strdup (g_getenv ("AKIN_CLI"));
  if (cli == NULL)
    {
      dir = g_path_get_dirname (argv[0]);
      cli = g_build_filename (dir, "..", "src", "cli", "akin-cli", NULL);
    }
  db = argv[1];
  id = argv[2];
  n_files = (guint) argc - 3;

  version = g_new0 (Cost, runs);
  query = g_new0 (Cost, runs);
  anchor = g_new0 (Cost, (gsize) runs * n_files);
  akin = g_new0 (Cost, (gsize) runs * n_files);
  codec = g_new0 (Cost, (gsize) runs * n_files);

  g_print ("%s, %d runs; ", cli, runs);
  print_load ();
  /* The runs interleave the measurements, so that a change in the load
   * touches all of them alike. */
  for (gint r = 0; r < runs; r++)
    {
      const char *version_argv[] = { cli, "--version", NULL };
      const char *query_argv[] = { cli, "similar", "--id", id, "--db", db, NULL };

      if (!run_cli (version_argv, &version[r]) || !run_cli (query_argv, &query[r]))
        return 1;
      for (guint f = 0; f < n_files; f++)
        {
          const char *anchor_argv[] = { cli, "similar", argv[3 + f], "--db", db, NULL };
          gsize i = (gsize) f * runs + r;

          if (!run_cli (anchor_argv, &anchor[i]) || !decode (argv[3 + f], &akin[i], &codec[i]))
            return 1;
        }
    }

  g_print ("\nstart-up (akin-cli --version)      %7.1f ms CPU  %7.1f ms wall\n",
           1000 * median (version, runs, CPU), 1000 * median (version, runs, WALL));
  g_print ("query on a library song (--id %s)  %7.1f ms CPU  %7.1f ms wall: %.1f ms past "
           "the start-up\n", id, 1000 * median (query, runs, CPU),
           1000 * median (query, runs, WALL),
           1000 * (median (query, runs, CPU) - median (version, runs, CPU)));
  g_print ("\nsong outside the library as anchor (CPU s; wall s)\n");
  g_print ("%-28s %8s %8s %8s %9s %9s %9s %7s %9s\n", "file", "anchor", "decode", "codec",
           "x decode", "x codec", "wall x", "serial", "2 free x");
  for (guint f = 0; f < n_files; f++)
    {
      g_autofree char *base = g_path_get_basename (argv[3 + f]);
      double a = median (anchor + (gsize) f * runs, runs, CPU);
      double d = median (akin + (gsize) f * runs, runs, CPU);
      double c = median (codec + (gsize) f * runs, runs, CPU);
      double aw = median (anchor + (gsize) f * runs, runs, WALL);
      double dw = median (akin + (gsize) f * runs, runs, WALL);
      double af = median (anchor + (gsize) f * runs, runs, FREE);
      double s = 0;

      for (gint r = 0; r < runs; r++)
        s += anchor[(gsize) f * runs + r].serial / runs;
      g_print ("%-28.28s %8.3f %8.3f %8.3f %9.2f %9.2f %9.2f %6.0f%% %9.2f\n", base, a, d, c,
               a / d, a / c, aw / dw, 100 * s, af / d);
      total_anchor += a;
      total_akin += d;
      total_codec += c;
      wall_anchor += aw;
      wall_akin += dw;
      free_anchor += af;
    }
  g_print ("\nAnchor: %.2f x its decode in CPU time (target <= 1.5), %.2f x the codec's; "
           "%.2f x its decode in wall time\n", total_anchor / total_akin,
           total_anchor / total_codec, wall_anchor / wall_akin);
  g_print ("On two free cores (CPU / (2 - serial) against the decode's CPU): %.2f x its decode "
           "(target <= 1.5)\n", free_anchor / total_akin);
  print_load ();
  return 0;
}
