/* akin-chromaprint.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Chromaprint is opened the first time a fingerprint is computed, encoded
 * or decoded, not when the program starts. Debian's Chromaprint computes
 * its FFT with FFmpeg, so linking it makes every process load libavcodec
 * and the ~85 libraries behind it (codecs, X11, cairo, …): that was about
 * 16 ms of every start of akin-cli and of the app (docs/results.md §5),
 * most of the cost of a query on a library song, which never fingerprints.
 *
 * A Chromaprint that cannot be opened is an installation error, as a
 * missing library was when it was linked: the program stops saying so.
 */

#include "config.h"

#include <gmodule.h>

#include "akin-chromaprint.h"

static gpointer
symbol (GModule    *module,
        const char *name)
{
  gpointer address = NULL;

  if (!g_module_symbol (module, name, &address) || address == NULL)
    g_error ("%s has no function %s: %s", AKIN_CHROMAPRINT_SONAME, name, g_module_error ());
  return address;
}

static AkinChromaprint *
open_chromaprint (void)
{
  AkinChromaprint *cp = g_new0 (AkinChromaprint, 1);
  GModule *module = g_module_open (AKIN_CHROMAPRINT_SONAME,
                                   G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);

  if (module == NULL)
    g_error ("Cannot load Chromaprint (%s), which Akin needs for fingerprints: %s",
             AKIN_CHROMAPRINT_SONAME, g_module_error ());
  /* Kept open for the life of the process. */
  g_module_make_resident (module);
  cp->new_context = symbol (module, "chromaprint_new");
  cp->free_context = symbol (module, "chromaprint_free");
  cp->start = symbol (module, "chromaprint_start");
  cp->feed = symbol (module, "chromaprint_feed");
  cp->finish = symbol (module, "chromaprint_finish");
  cp->get_raw_fingerprint = symbol (module, "chromaprint_get_raw_fingerprint");
  cp->encode_fingerprint = symbol (module, "chromaprint_encode_fingerprint");
  cp->decode_fingerprint = symbol (module, "chromaprint_decode_fingerprint");
  cp->dealloc = symbol (module, "chromaprint_dealloc");
  return cp;
}

/* Whether Chromaprint is loaded, for the threads that wait for it. */
static GMutex   loaded_lock;
static GCond    loaded_cond;
static gboolean loaded;

static void
signal_loaded (gboolean now_loaded)
{
  g_mutex_lock (&loaded_lock);
  loaded |= now_loaded;
  g_cond_broadcast (&loaded_cond);
  g_mutex_unlock (&loaded_lock);
}

/* The functions, loaded on the first call; any thread. */
const AkinChromaprint *
_akin_chromaprint (void)
{
  static AkinChromaprint *cp;

  if (g_once_init_enter (&cp))
    {
      g_once_init_leave (&cp, open_chromaprint ());
      signal_loaded (TRUE);
    }
  return cp;
}

static void
wake_waiters (GCancellable *cancellable,
              gpointer      user_data)
{
  signal_loaded (FALSE);
}

/* Blocks until some thread has loaded Chromaprint, or @cancellable is
 * cancelled; whether it is loaded. */
gboolean
_akin_chromaprint_wait_loaded (GCancellable *cancellable)
{
  gulong handler = 0;
  gboolean is_loaded;

  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (wake_waiters), NULL, NULL);
  g_mutex_lock (&loaded_lock);
  while (!loaded && !g_cancellable_is_cancelled (cancellable))
    g_cond_wait (&loaded_cond, &loaded_lock);
  is_loaded = loaded;
  g_mutex_unlock (&loaded_lock);
  if (handler != 0)
    g_cancellable_disconnect (cancellable, handler);
  return is_loaded;
}
