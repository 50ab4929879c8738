/* fixture-signals.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The reference test signals (a)–(g), the synthetic chords and clicks the
 * tests build from the same recipes, and the expected values that go with
 * the reference signals (tests/data/frontend/<signal>.json, extracted from
 * the fixture set by tests/data/extract-fixtures.py).
 */

#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define FIXTURE_RATE 22050

extern const char *const fixture_signal_names[7];

/* Frequency of MIDI note @p, A4 = 69 = 440 Hz. */
double      midi_hz              (int          p);

/* sin(((2π)·freq)·n/22050), in double, as every recipe forms its phase. */
double      sine                 (double       freq,
                                  gsize        n);

/* @n samples of chords of {bass, three notes} (MIDI), each held for
 * @segment samples, cycling through @n_chords; bass 0.15, notes 0.2,
 * 20 ms linear fades, the phase running on. Free with g_free(). */
float      *make_chords          (const int  (*chords)[4],
                                  guint        n_chords,
                                  gsize        segment,
                                  gsize        n);

/* Clicks like signal (b), at any tempo: click k starts at the sample
 * nearest to k · 60 · 22050 / bpm. Free with g_free(). */
float      *make_click_track     (double       bpm,
                                  double       seconds,
                                  gsize       *n_samples);

/* Signal (a)…(g) by its name, e.g. "c_a_minor_prog", bit for bit; its
 * length goes to @n_samples. Free with g_free(). */
float      *fixture_signal_make  (const char  *name,
                                  gsize       *n_samples);

/* The expected values of a reference signal, and helpers to read them. */
JsonObject *fixture_load         (const char  *name);
void        fixture_check_signal (JsonObject  *expected,
                                  const float *y,
                                  gsize        n);
double      fixture_get_double   (JsonArray   *array,
                                  guint        index);

/* Registers @func once per reference signal as "@prefix/<signal>", with the
 * signal's name as its data. */
void        fixture_add_tests    (const char  *prefix,
                                  GTestDataFunc func);

G_END_DECLS
