/* fixture-signals.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The reference test signals (a)–(g) and the expected values that go with
 * them (tests/data/frontend/<signal>.json, extracted from the fixture set by
 * tests/data/extract-frontend-fixtures.py).
 */

#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

extern const char *const fixture_signal_names[7];

float      *fixture_signal_make  (const char *name,
                                  gsize      *n_samples);
JsonObject *fixture_load         (const char *name);
void        fixture_check_signal (JsonObject  *expected,
                                  const float *y,
                                  gsize        n);
double      fixture_get_double   (JsonArray  *array,
                                  guint       index);
float      *make_click_track     (double      bpm,
                                  double      seconds,
                                  gsize      *n_samples);

G_END_DECLS
