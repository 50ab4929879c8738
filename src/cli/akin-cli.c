/* akin-cli.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * akin-cli: a thin command-line front end over the engine. This file only
 * dispatches to the commands; each command is in akin-cli-<name>.c.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "akin-cli.h"
#include "akin-engine.h"

static const AkinCliCommand *const commands[] = {
  &akin_cli_info,
  &akin_cli_spectrogram,
  &akin_cli_embed,
  &akin_cli_train,
  &akin_cli_model,
  &akin_cli_scan,
  &akin_cli_similar,
  &akin_cli_neighbours,
  &akin_cli_duplicates,
  &akin_cli_export,
  &akin_cli_stats,
  NULL,
};

void
akin_cli_printerr (const char *format,
                   ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("akin-cli: %s\n", message);
}

gboolean
akin_cli_parse_weights (const char *text,
                        float       weights[3])
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  double sum = 0.0;

  if (g_strv_length (parts) != 3)
    return FALSE;
  for (guint i = 0; i < 3; i++)
    {
      char *end = NULL;
      double w = g_ascii_strtod (g_strstrip (parts[i]), &end);

      if (end == parts[i] || *end != '\0' || !(w >= 0.0) || w > 1e6)
        return FALSE;
      weights[i] = (float) w;
      sum += w;
    }
  return sum > 0.0;
}

void
akin_cli_print_field (guint       indent,
                      guint       width,
                      const char *label,
                      const char *format,
                      ...)
{
  g_autoptr(GString) line = g_string_new (NULL);
  g_autofree char *value = NULL;
  va_list args;

  g_return_if_fail (label != NULL);
  g_return_if_fail (format != NULL);

  va_start (args, format);
  value = g_strdup_vprintf (format, args);
  va_end (args);

  for (guint i = 0; i < indent; i++)
    g_string_append_c (line, ' ');
  g_string_append (line, label);
  for (glong n = g_utf8_strlen (label, -1); n < (glong) width; n++)
    g_string_append_c (line, ' ');
  g_print ("%s %s\n", line->str, value);
}

static void
print_usage (FILE *stream)
{
  fprintf (stream, "%s\n  akin-cli %s\n\n%s\n", _("Usage:"), _("COMMAND [OPTION…]"), _("Commands:"));
  for (guint i = 0; commands[i] != NULL; i++)
    fprintf (stream, "  %-14s %s\n", commands[i]->name, _(commands[i]->summary));
  fprintf (stream, "\n%s\n  -h, --help     %s\n  --version      %s\n\n%s\n", _("Options:"),
           _("Show this help"), _("Show the version"),
           _("Run “akin-cli COMMAND --help” for the options of a command."));
}

/* Every argument of every command is a path or a value: an empty one
 * (“''”, “--db=”) would otherwise mean the current folder or a temporary
 * database, and the command would seem to work on nothing. */
static gboolean
check_no_empty_argument (int    argc,
                         char **argv)
{
  for (int i = 2; i < argc; i++)
    {
      const char *arg = argv[i];

      if (strcmp (arg, "--") == 0)
        continue;
      if (arg[0] == '\0')
        {
          if (i > 2 && argv[i - 1][0] == '-' && argv[i - 1][1] != '\0')
            /* Translators: %s is an option, e.g. --db */
            akin_cli_printerr (_("%s: an empty value names no file or folder"), argv[i - 1]);
          else
            akin_cli_printerr ("%s", _("an empty argument names no file or folder"));
          return FALSE;
        }
      if (g_str_has_prefix (arg, "--") && g_str_has_suffix (arg, "=") && strlen (arg) > 3)
        {
          g_autofree char *option = g_strndup (arg, strlen (arg) - 1);

          akin_cli_printerr (_("%s: an empty value names no file or folder"), option);
          return FALSE;
        }
    }
  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2)
    {
      print_usage (stderr);
      return 2;
    }

  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0 ||
      strcmp (argv[1], "help") == 0)
    {
      print_usage (stdout);
      return 0;
    }

  if (strcmp (argv[1], "--version") == 0)
    {
      printf ("akin-cli %s\n", PACKAGE_VERSION);
      return 0;
    }

  for (guint i = 0; commands[i] != NULL; i++)
    {
      if (strcmp (argv[1], commands[i]->name) == 0)
        {
          g_autofree char *prgname = g_strconcat ("akin-cli ", commands[i]->name, NULL);

          /* The commands' --help shows it as the start of their usage line. */
          g_set_prgname (prgname);
          if (!check_no_empty_argument (argc, argv))
            return 2;
          /* No command multiplies matrices on more than one thread; this
           * also stops the BLAS threads idling on the second core. */
          akin_nn_blas_single_thread ();
          return commands[i]->func (argc - 1, argv + 1);
        }
    }

  akin_cli_printerr (_("unknown command “%s”; run “akin-cli --help” for the list"),
                     argv[1]);
  return 2;
}
