/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Ceilings: a request asking for more gets 400 with a message. */
#define OVERLAP_DEMO_MAX_SIZE       (G_GUINT64_CONSTANT (64) * 1024 * 1024 * 1024)  /* 64 GiB */
#define OVERLAP_DEMO_MAX_DELAY      (G_GINT64_CONSTANT (600) * G_USEC_PER_SEC)      /* 10 min */
#define OVERLAP_DEMO_MIN_BANDWIDTH  (G_GUINT64_CONSTANT (64))                       /* bytes/s */
#define OVERLAP_DEMO_MAX_CONCURRENT (20000)                                         /* requests in progress */

/* Headers of every /data answer given after its delay (not of a 400 or 503): the
 * server's own times for the request, as decimal µs of g_get_monotonic_time()
 * (CLOCK_MONOTONIC: comparable with a client's times on the same machine only).
 * - Received: when the handler had the request, right after libsoup read its headers
 *   (a GET has no body).
 * - Responded: when the status line and headers were handed over to be written, after
 *   the delay, as the last step before they go out; libsoup writes them in the next
 *   iteration of the server thread's loop, typically a few µs later. A header cannot
 *   carry the time it is itself written, so this is the closest the head can say. */
#define OVERLAP_DEMO_HEADER_RECEIVED  "X-Overlap-Received"
#define OVERLAP_DEMO_HEADER_RESPONDED "X-Overlap-Responded"

#define OVERLAP_TYPE_DEMO_SERVER (overlap_demo_server_get_type ())

G_DECLARE_FINAL_TYPE (OverlapDemoServer, overlap_demo_server, OVERLAP, DEMO_SERVER, GObject)

OverlapDemoServer *overlap_demo_server_new        (void);
gboolean           overlap_demo_server_start      (OverlapDemoServer  *self,
                                                   guint               port,
                                                   GError            **error);
void               overlap_demo_server_stop       (OverlapDemoServer  *self);
guint              overlap_demo_server_get_port   (OverlapDemoServer  *self);
const char        *overlap_demo_server_get_uri    (OverlapDemoServer  *self);
char              *overlap_demo_server_build_uri  (OverlapDemoServer  *self,
                                                   guint64             size,
                                                   gint64              latency,
                                                   guint64             bandwidth,
                                                   guint               status,
                                                   guint64             drop_after);
char              *overlap_demo_build_uri         (const char         *base_uri,
                                                   guint64             size,
                                                   gint64              latency,
                                                   guint64             bandwidth,
                                                   guint               status,
                                                   guint64             drop_after);
guint              overlap_demo_server_get_n_requests (OverlapDemoServer *self);
guint              overlap_demo_server_get_max_concurrent (OverlapDemoServer *self);
guint              overlap_demo_server_get_n_active (OverlapDemoServer *self);

G_END_DECLS
