/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "overlap-recording.h"

G_BEGIN_DECLS

/* Bounds on what one program may send. */
#define OVERLAP_FEED_MAX_EVENTS      1000000       /* per program; more are counted and dropped */
#define OVERLAP_FEED_MAX_LINE        (64 * 1024)   /* bytes; longer lines are dropped */
#define OVERLAP_FEED_MAX_BAD_LINES   100           /* in a row, before the program is dropped */
#define OVERLAP_FEED_TOKEN_TIMEOUT   3             /* seconds to send the token over TCP */

#define OVERLAP_TYPE_FEED_SERVER (overlap_feed_server_get_type ())

G_DECLARE_FINAL_TYPE (OverlapFeedServer, overlap_feed_server, OVERLAP, FEED_SERVER, GObject)

OverlapFeedServer *overlap_feed_server_new             (OverlapRecording   *recording);
OverlapRecording  *overlap_feed_server_get_recording   (OverlapFeedServer  *self);
void               overlap_feed_server_set_socket_path (OverlapFeedServer  *self,
                                                        const char         *path);
const char        *overlap_feed_server_get_socket_path (OverlapFeedServer  *self);
void               overlap_feed_server_set_max_events  (OverlapFeedServer  *self,
                                                        guint               max_events);
gboolean           overlap_feed_server_start           (OverlapFeedServer  *self,
                                                        GError            **error);
gboolean           overlap_feed_server_listen_tcp      (OverlapFeedServer  *self,
                                                        guint16             port,
                                                        GError            **error);
void               overlap_feed_server_stop            (OverlapFeedServer  *self);
gboolean           overlap_feed_server_get_listening   (OverlapFeedServer  *self);
guint16            overlap_feed_server_get_tcp_port    (OverlapFeedServer  *self);
const char        *overlap_feed_server_get_token       (OverlapFeedServer  *self);
guint              overlap_feed_server_get_n_connected (OverlapFeedServer  *self);
guint              overlap_feed_server_get_n_programs  (OverlapFeedServer  *self);
guint              overlap_feed_server_get_n_rejected  (OverlapFeedServer  *self);

char              *overlap_feed_default_socket_path    (void);

G_END_DECLS
