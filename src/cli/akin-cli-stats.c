/* akin-cli-stats.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * akin-cli stats: what the library holds — tracks by status, the models
 * its vectors come from, the current model, the database file and the
 * library folders.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "akin-cli.h"
#include "akin-cli-library.h"
#include "akin-engine.h"

typedef struct
{
  const char       *path;
  guint64           size;
  int               schema_version;
  AkinStatusCounts  counts;
  GPtrArray        *models;          /* AkinModelVectorCount */
  char             *current_model;   /* nullable */
  char             *model_problem;   /* nullable: why there is no current model */
  GStrv             folders;         /* URIs */
} Stats;

/* The database file and its write-ahead log, as they take space on disk. */
static guint64
size_on_disk (const char *path)
{
  const char *const suffixes[] = { "", "-wal", "-shm" };
  guint64 total = 0;

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = g_strconcat (path, suffixes[i], NULL);
      GStatBuf st;

      if (g_stat (name, &st) == 0)
        total += (guint64) st.st_size;
    }
  return total;
}

static void
print_json (const Stats *s)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "database");
  json_builder_add_string_value (b, s->path);
  json_builder_set_member_name (b, "size");
  json_builder_add_int_value (b, (gint64) s->size);
  json_builder_set_member_name (b, "schema_version");
  json_builder_add_int_value (b, s->schema_version);
  json_builder_set_member_name (b, "tracks");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "total");
  json_builder_add_int_value (b, s->counts.total);
  for (guint i = 0; i < AKIN_TRACK_STATUS_N; i++)
    {
      json_builder_set_member_name (b, akin_track_status_to_string (i));
      json_builder_add_int_value (b, s->counts.n[i]);
    }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "models");
  json_builder_begin_array (b);
  for (guint i = 0; i < s->models->len; i++)
    {
      const AkinModelVectorCount *m = g_ptr_array_index (s->models, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, m->model_id);
      json_builder_set_member_name (b, "vectors");
      json_builder_add_int_value (b, m->n_vectors);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "current_model");
  if (s->current_model != NULL)
    json_builder_add_string_value (b, s->current_model);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "folders");
  json_builder_begin_array (b);
  for (guint i = 0; s->folders[i] != NULL; i++)
    {
      g_autofree char *name = akin_cli_uri_to_display (s->folders[i]);

      json_builder_add_string_value (b, name);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  text = akin_json_to_string (root);
  g_print ("%s\n", text);
}

static void
print_readable (const Stats *s)
{
  g_autofree char *size = g_format_size (s->size);

  akin_cli_print_field (0, 16, _("Database:"), "%s", s->path);
  akin_cli_print_field (0, 16, _("Size on disk:"), "%s", size);
  akin_cli_print_field (0, 16, _("Schema version:"), "%d", s->schema_version);
  akin_cli_print_field (0, 16, _("Tracks:"), "%u", s->counts.total);
  akin_cli_print_field (2, 14, _("analysed"), "%u", s->counts.n[AKIN_TRACK_STATUS_ANALYZED]);
  akin_cli_print_field (2, 14, _("pending"), "%u", s->counts.n[AKIN_TRACK_STATUS_PENDING]);
  akin_cli_print_field (2, 14, _("failed"), "%u", s->counts.n[AKIN_TRACK_STATUS_FAILED]);
  akin_cli_print_field (2, 14, _("missing"), "%u", s->counts.n[AKIN_TRACK_STATUS_MISSING]);
  if (s->current_model != NULL)
    akin_cli_print_field (0, 16, _("Current model:"), "%s", s->current_model);
  else
    akin_cli_print_field (0, 16, _("Current model:"), "%s (%s)", _("none"), s->model_problem);
  g_print ("%s\n", _("Vectors by model:"));
  if (s->models->len == 0)
    g_print ("  %s\n", _("(none)"));
  for (guint i = 0; i < s->models->len; i++)
    {
      const AkinModelVectorCount *m = g_ptr_array_index (s->models, i);

      g_print ("  %-24s %u%s\n", m->model_id, m->n_vectors,
               g_strcmp0 (m->model_id, s->current_model) == 0 ? _(" (current)") : "");
    }
  g_print ("%s\n", _("Folders:"));
  if (s->folders[0] == NULL)
    g_print ("  %s\n", _("(none)"));
  for (guint i = 0; s->folders[i] != NULL; i++)
    {
      g_autofree char *name = akin_cli_uri_to_display (s->folders[i]);

      g_print ("  %s\n", name);
    }
}

static int
stats_main (int    argc,
            char **argv)
{
  g_auto(AkinCliLibraryOptions) lib = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AkinDatabase) db = NULL;
  g_autoptr(GPtrArray) models = NULL;
  g_auto(GStrv) folders = NULL;
  g_autoptr(AkinModel) model = NULL;
  g_autoptr(GError) model_error = NULL;
  gboolean json = FALSE;
  Stats s = { 0 };
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON object"), NULL },
    AKIN_CLI_DB_OPTION (lib),
    AKIN_CLI_MODEL_OPTION (lib),
    { NULL }
  };

  context = g_option_context_new (_("— show what the library holds"));
  g_option_context_set_summary (context,
                                _("Shows the tracks by analysis status, the models the stored "
                                  "vectors come from, the current model, the database file and "
                                  "the library folders."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      akin_cli_printerr ("%s", error->message);
      return 2;
    }
  if (argc > 1)
    {
      akin_cli_printerr ("%s", _("stats takes no arguments; see “akin-cli stats --help”"));
      return 2;
    }

  if ((db = akin_cli_open_database (&lib, FALSE)) == NULL)
    return 1;
  if (!akin_database_count_by_status (db, &s.counts, &error)
      || !(models = akin_database_count_vectors_by_model (db, &error))
      || !(folders = akin_database_list_folders (db, &error)))
    {
      akin_cli_print_error (akin_cli_library_db_path (&lib), error);
      return 1;
    }

  /* No model is not an error here: it is one of the things to report. */
  if (lib.model_path != NULL)
    model = akin_model_load (lib.model_path, &model_error);
  else
    model = akin_model_load_default (&model_error);

  s.path = akin_database_get_path (db);
  s.size = size_on_disk (s.path);
  s.schema_version = akin_database_get_schema_version (db);
  s.models = models;
  s.current_model = model != NULL ? g_strdup (akin_model_get_id (model)) : NULL;
  s.model_problem = model == NULL ? g_strdup (model_error->message) : NULL;
  s.folders = folders;

  if (json)
    print_json (&s);
  else
    print_readable (&s);
  g_free (s.current_model);
  g_free (s.model_problem);
  return 0;
}

const AkinCliCommand akin_cli_stats = {
  "stats", stats_main, N_("Show what the library holds"),
};
