/* akin-front-end-stream.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "akin-features.h"
#include "akin-front-end.h"
#include "akin-timbre.h"

G_BEGIN_DECLS

/* Frames processed together once the window is passed: one encoder slice. */
#define AKIN_STREAM_CHUNK_FRAMES AKIN_SLICE_FRAMES

typedef struct _AkinFrontEndStream AkinFrontEndStream;

AkinFrontEndStream *_akin_front_end_stream_new    (const AkinFrontEndOptions *opts,
                                                   guint                      window_frames);
void                _akin_front_end_stream_free   (AkinFrontEndStream        *self);
void                _akin_front_end_stream_take   (AkinFrontEndStream        *self,
                                                   guint                      n_frames,
                                                   float                     *mel256,
                                                   float                     *mel128,
                                                   const float               *rolloff,
                                                   const guint8              *silent,
                                                   AkinTimbreAccumulator     *timbre);
void                _akin_front_end_stream_finish (AkinFrontEndStream        *self,
                                                   AkinFeatures              *features);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AkinFrontEndStream, _akin_front_end_stream_free)

G_END_DECLS
