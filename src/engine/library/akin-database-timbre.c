/* akin-database-timbre.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reading the stored whole-song timbre models (written with the rest of an
 * analysis by akin_database_store_analysis()). Only models of the current
 * definition, %AKIN_TIMBRE_FORMAT_ID, are read: older ones are as good as
 * absent, and their tracks are analysed again.
 *
 * Threads: as for every AkinDatabase call, from the connection's thread.
 */

#include "config.h"

#include <string.h>

#include "akin-database-private.h"
#include "akin-error.h"

/* The blob as a model; FALSE when its size or values are wrong. */
static gboolean
model_from_column (sqlite3_stmt    *stmt,
                   int              column,
                   AkinTimbreModel *model)
{
  const void *data = sqlite3_column_blob (stmt, column);
  gsize bytes = (gsize) sqlite3_column_bytes (stmt, column);
  float floats[AKIN_TIMBRE_MODEL_FLOATS];   /* blobs carry no alignment guarantee */

  if (data == NULL || bytes != sizeof floats)
    return FALSE;
  memcpy (floats, data, sizeof floats);
  return akin_timbre_model_from_floats (floats, AKIN_TIMBRE_MODEL_FLOATS, model);
}

/**
 * akin_database_get_timbre:
 * @self: a connection
 * @track_id: a track
 * @model: (out caller-allocates): its timbre model
 * @error: %AKIN_ERROR_NOT_ANALYZED when the track has no model of the
 *   current format, %AKIN_ERROR_DATABASE_CORRUPT for a damaged one
 *
 * Returns: %TRUE when @model was filled in
 */
gboolean
akin_database_get_timbre (AkinDatabase    *self,
                          gint64           track_id,
                          AkinTimbreModel *model,
                          GError         **error)
{
  g_autoptr(AkinCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (model != NULL, FALSE);

  stmt = _akin_database_prepare (self, "SELECT data FROM timbre WHERE track_id = ?1"
                                 " AND format_id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, track_id);
  _akin_bind_text (stmt, 2, AKIN_TIMBRE_FORMAT_ID);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, AKIN_ERROR, AKIN_ERROR_NOT_ANALYZED,
                   "Track %" G_GINT64_FORMAT " has no timbre model", track_id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      _akin_database_set_error (self->db, rc, error, "reading a timbre model");
      return FALSE;
    }
  if (!model_from_column (stmt, 0, model))
    {
      g_set_error (error, AKIN_ERROR, AKIN_ERROR_DATABASE_CORRUPT,
                   "The timbre model of track %" G_GINT64_FORMAT " is damaged", track_id);
      return FALSE;
    }
  return TRUE;
}

/**
 * akin_database_foreach_timbre:
 * @self: a connection
 * @func: (scope call): called for each timbre model, by track id
 * @user_data: closure data
 * @error: the reason
 *
 * Streams every stored timbre model of the current format (of tracks that
 * are not missing). Damaged models are skipped.
 *
 * Returns: %TRUE on success
 */
gboolean
akin_database_foreach_timbre (AkinDatabase   *self,
                              AkinTimbreFunc  func,
                              gpointer        user_data,
                              GError        **error)
{
  g_autoptr(AkinCachedStmt) stmt = NULL;
  g_autofree AkinTimbreModel *model = g_new (AkinTimbreModel, 1);
  int rc;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  stmt = _akin_database_prepare (self, "SELECT t.id, m.data FROM timbre m JOIN tracks t"
                                 " ON t.id = m.track_id WHERE m.format_id = ?1"
                                 " AND t.status != 'missing' ORDER BY t.id", error);
  if (stmt == NULL)
    return FALSE;
  _akin_bind_text (stmt, 1, AKIN_TIMBRE_FORMAT_ID);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (model_from_column (stmt, 1, model))
      func (sqlite3_column_int64 (stmt, 0), model, user_data);
  if (rc != SQLITE_DONE)
    {
      _akin_database_set_error (self->db, rc, error, "reading timbre models");
      return FALSE;
    }
  return TRUE;
}
