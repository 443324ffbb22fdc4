/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "overlap-demo-server.h"

G_BEGIN_DECLS

/* What a GET /data asks for (overlap-demo-query.c) */
typedef struct
{
  guint64 size;       /* body bytes */
  guint64 limit;      /* bytes to send: size, or fewer to drop the connection after */
  guint64 bandwidth;  /* bytes a second, 0: as fast as possible */
  gint64  delay;      /* µs before answering */
  guint   status;
} OverlapDemoQuery;

gboolean    _overlap_demo_query_parse (GHashTable       *query,
                                       OverlapDemoQuery *out,
                                       GString          *problem);
const char *_overlap_demo_help_text   (void);

/* The answer to one GET /data, sent from the server thread (overlap-demo-response.c) */
typedef struct _OverlapDemoResponse OverlapDemoResponse;

/* Called once, when @response is over, just before it is freed. */
typedef void (*OverlapDemoResponseDone) (OverlapDemoResponse *response,
                                         gpointer             user_data);

OverlapDemoResponse *_overlap_demo_response_start (SoupServerMessage       *msg,
                                                   const OverlapDemoQuery  *query,
                                                   gint64                   received,
                                                   GMainContext            *context,
                                                   OverlapDemoResponseDone  done,
                                                   gpointer                 user_data);
void                 _overlap_demo_response_stop  (OverlapDemoResponse     *response);

G_END_DECLS
