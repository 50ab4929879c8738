/* hold-module-lock.c: a module whose loading blocks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GModule calls a module's g_module_check_init() with its lock held, as it
 * is for the whole of a library's loading. This one writes a byte to the
 * descriptor AKIN_TEST_HELD_FD names, then waits for one on
 * AKIN_TEST_RELEASE_FD: a test loads it on a thread to hold the lock for
 * as long as it likes.
 */

#include <errno.h>
#include <gmodule.h>
#include <stdlib.h>
#include <unistd.h>

G_MODULE_EXPORT const char *g_module_check_init (GModule *module);

const char *
g_module_check_init (GModule *module)
{
  const char *held = g_getenv ("AKIN_TEST_HELD_FD");
  const char *release = g_getenv ("AKIN_TEST_RELEASE_FD");
  char byte = 1;

  if (held == NULL || release == NULL)
    return NULL;
  while (write (atoi (held), &byte, 1) < 0 && errno == EINTR)
    ;
  while (read (atoi (release), &byte, 1) < 0 && errno == EINTR)
    ;
  return NULL;
}
