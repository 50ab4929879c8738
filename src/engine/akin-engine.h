/* akin-engine.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The engine's public interface: the one header the application and the
 * command-line tool include. The layers' other headers (the spectral front
 * end's stages, the networks' layers, the database's and the index's
 * private parts) stay behind it.
 *
 *   similarity/  the in-memory index, its queries and their reasons
 *   library/     the database, one file's analysis and the analyzer
 *   audio/ nn/   decoding and descriptors beside the networks and trainer
 *   (root)       errors, JSON helpers, the key mode
 */

#pragma once

#include "akin-error.h"
#include "akin-json.h"
#include "akin-mode.h"

#include "audio/akin-colormap.h"
#include "audio/akin-decoder.h"
#include "audio/akin-fingerprint.h"
#include "audio/akin-key.h"
#include "audio/akin-mfcc.h"
#include "audio/akin-spectrogram-image.h"

#include "nn/akin-model.h"
#include "nn/akin-nn.h"
#include "nn/akin-trainer.h"

#include "library/akin-analysis-result.h"
#include "library/akin-analysis.h"
#include "library/akin-analyzer.h"
#include "library/akin-content-hash.h"
#include "library/akin-database.h"
#include "library/akin-library.h"
#include "library/akin-recordings.h"

#include "similarity/akin-similarity.h"
#include "similarity/akin-similarity-find.h"
#include "similarity/akin-similarity-why.h"
