/* akin-front-end-state.h: what an AkinFrontEnd holds, for its files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "akin-block-worker.h"
#include "akin-fingerprint.h"
#include "akin-front-end.h"
#include "akin-front-end-private.h"
#include "akin-front-end-stream.h"
#include "akin-mel.h"
#include "akin-stft.h"
#include "akin-timbre.h"
#include "akin-tonality.h"

G_BEGIN_DECLS

struct _AkinFrontEnd
{
  AkinFrontEndOptions  opts;
  AkinStft            *stft;
  AkinTonality        *tonality;
  AkinTimbreAccumulator *timbre;  /* NULL unless opts.timbre */
  const AkinMelBank   *bank256;
  const AkinMelBank   *bank128;

  GArray              *mel256;   /* float, frame-major */
  GArray              *mel128;   /* float, frame-major */
  GArray              *rolloff;  /* float, Hz */
  GByteArray          *silent;
  float               *cumulative;
  gboolean             finished;

  guint                window;          /* frames buffered before streaming */
  guint                peak_buffered;   /* the most frames buffered at once */
  AkinFrontEndStream  *stream;          /* NULL while the track fits the window */

  AkinFingerprinter   *fingerprinter;   /* NULL unless opts.fingerprint */
  AkinFingerprint     *fingerprint;     /* the worker's result, once joined */
  AkinBlockWorker     *worker;          /* NULL unless opts.threads >= 2 */
  AkinTonalityResult   tonality_result; /* the worker's, once joined */

  AkinFrontEndProfile *profile;   /* NULL unless a benchmark attached one */
  double               lap;       /* profile_clock () at the last profile mark */
};

/* akin-front-end-threads.c: the front end's second thread. */
void _akin_front_end_start_worker    (AkinFrontEnd       *self);
void _akin_front_end_finish_tonality (AkinFrontEnd       *self,
                                      AkinTonalityResult *result,
                                      AkinFeatures       *features);

G_END_DECLS
