/* akin-mpris-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by akin-mpris.c (the object, bus ownership, change tracking) and
 * akin-mpris-dbus.c (the two D-Bus interfaces).
 */

#pragma once

#include "akin-mpris.h"

G_BEGIN_DECLS

#define MPRIS_PATH       "/org/mpris/MediaPlayer2"
#define ROOT_IFACE       "org.mpris.MediaPlayer2"
#define PLAYER_IFACE     "org.mpris.MediaPlayer2.Player"
#define TRACK_PATH       "/io/github/akinplayer/Akin/Track/"
#define NO_TRACK_PATH    "/org/mpris/MediaPlayer2/TrackList/NoTrack"
#define SEEK_TOLERANCE_S 1.0

struct _AkinMpris
{
  GObject          parent_instance;

  GApplication    *application; /* not owned: the application owns us */
  AkinPlayback    *playback;
  AkinPlayer      *player;      /* the playback's */

  char            *bus_name;
  guint            owner_id;
  GDBusConnection *connection;
  GDBusNodeInfo   *node_info;
  guint            root_registration;
  guint            player_registration;

  GHashTable      *changed; /* property names waiting for PropertiesChanged */
  guint            flush_id;

  char            *art_url;
  GCancellable    *art_cancellable;

  double           last_position;
  gint64           last_position_time;
};

GDBusNodeInfo *_akin_mpris_node_info_new            (void);
GVariant      *_akin_mpris_get_property_value       (AkinMpris  *self,
                                                     const char *name);

extern const GDBusInterfaceVTable _akin_mpris_root_vtable;
extern const GDBusInterfaceVTable _akin_mpris_player_vtable;

G_END_DECLS
