/* tonality-signals.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SR 22050

/* Frequency of MIDI note @p, A4 = 69 = 440 Hz. */
double midi_hz             (int         p);

/* sin(((2π)·freq)·n/22050), in double. */
double sine                (double      freq,
                            gsize       n);

/* @n samples of chords of {bass, three notes} (MIDI), each held for @segment
 * samples, cycling through @n_chords; bass 0.15, notes 0.2, 20 ms fades.
 * Free with g_free(). */
float *make_chords         (const int (*chords)[4],
                            guint       n_chords,
                            gsize       segment,
                            gsize       n);

/* Signal (a)…(g) of the fixtures by its name, e.g. "c_a_minor_prog". */
float *make_fixture_signal (const char *name,
                            gsize       n);

G_END_DECLS
