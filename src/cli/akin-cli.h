/* akin-cli.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The commands of akin-cli. Each command lives in its own
 * akin-cli-<command>.c, parses its own options and calls the engine; it
 * returns the process exit status.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef int (*AkinCliCommandFunc) (int    argc,
                                   char **argv);

typedef struct
{
  const char         *name;
  AkinCliCommandFunc  func;
  const char         *summary;
} AkinCliCommand;

extern const AkinCliCommand akin_cli_duplicates;
extern const AkinCliCommand akin_cli_embed;
extern const AkinCliCommand akin_cli_export;
extern const AkinCliCommand akin_cli_info;
extern const AkinCliCommand akin_cli_model;
extern const AkinCliCommand akin_cli_neighbours;
extern const AkinCliCommand akin_cli_scan;
extern const AkinCliCommand akin_cli_similar;
extern const AkinCliCommand akin_cli_spectrogram;
extern const AkinCliCommand akin_cli_stats;
extern const AkinCliCommand akin_cli_train;

/* Prints "akin-cli: MESSAGE" on stderr, the shared format for one-line errors. */
void akin_cli_printerr (const char *format,
                        ...) G_GNUC_PRINTF (1, 2);

/* Prints "LABEL VALUE" on stdout, indented by @indent spaces, with LABEL
 * padded to @width characters (not bytes, so translated labels line up).
 * Main thread. */
void akin_cli_print_field (guint       indent,
                           guint       width,
                           const char *label,
                           const char *format,
                           ...) G_GNUC_PRINTF (4, 5);

/* Parses "E,S,T": the weights of the combined similarity's parts
 * (encoders, timbre summary, timbre model), three numbers, none negative
 * and not all 0. */
gboolean akin_cli_parse_weights (const char *text,
                                 float       weights[3]);

G_END_DECLS
