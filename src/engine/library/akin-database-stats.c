/* akin-database-stats.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Figures about a library database as a whole, for reports such as
 * `akin-cli stats`.
 */

#include "config.h"

#include "akin-database-private.h"

/**
 * akin_model_vector_count_free:
 * @count: (transfer full) (nullable): a count
 */
void
akin_model_vector_count_free (AkinModelVectorCount *count)
{
  if (count == NULL)
    return;
  g_free (count->model_id);
  g_free (count);
}

/**
 * akin_database_count_vectors_by_model:
 * @self: a connection
 * @error: the reason
 *
 * Counts the stored vectors of each model that has any, so a report can
 * show which models the library was analysed with. From the thread that
 * uses @self.
 *
 * Returns: (transfer full) (element-type AkinModelVectorCount) (nullable):
 *   one count per model id, sorted by model id
 */
GPtrArray *
akin_database_count_vectors_by_model (AkinDatabase  *self,
                                      GError       **error)
{
  g_autoptr(AkinCachedStmt) stmt = NULL;
  g_autoptr(GPtrArray) counts = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);

  stmt = _akin_database_prepare (self, "SELECT model_id, count(*) FROM vectors"
                                 " GROUP BY model_id ORDER BY model_id", error);
  if (stmt == NULL)
    return NULL;
  counts = g_ptr_array_new_with_free_func ((GDestroyNotify) akin_model_vector_count_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AkinModelVectorCount *count = g_new0 (AkinModelVectorCount, 1);

      count->model_id = _akin_column_dup (stmt, 0);
      count->n_vectors = (guint) sqlite3_column_int64 (stmt, 1);
      g_ptr_array_add (counts, count);
    }
  if (rc != SQLITE_DONE)
    {
      _akin_database_set_error (self->db, rc, error, "counting vectors");
      return NULL;
    }
  return g_steal_pointer (&counts);
}
