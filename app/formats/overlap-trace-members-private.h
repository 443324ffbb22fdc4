/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "overlap-json-scanner-private.h"

G_BEGIN_DECLS

/* One Chrome trace event's members, as they stand in its JSON object: read
 * once, here, for the importer (overlap-trace-reader.c) and for the live
 * feed (engine/overlap-feed-connection.c) alike. What they mean is each
 * reader's business; a member that is absent has type OVERLAP_JSON_NONE. */
typedef struct
{
  OverlapJsonValue ph;
  OverlapJsonValue name;
  OverlapJsonValue cat;
  OverlapJsonValue pid;
  OverlapJsonValue tid;
  OverlapJsonValue ts;
  OverlapJsonValue dur;
  OverlapJsonValue args;
  OverlapJsonValue id;
  OverlapJsonValue id2;
  OverlapJsonValue scope;
  OverlapJsonValue bp;          /* a flow's binding point */
  OverlapJsonValue bind_id;     /* v2 flows, on a slice */
  gboolean         flow_in;
  gboolean         flow_out;
} OverlapTraceMembers;

gboolean _overlap_trace_key_is       (const OverlapJsonValue    *key,
                                      const char                *name,
                                      gsize                      len);
#define OVERLAP_TRACE_KEY_IS(key, literal) _overlap_trace_key_is ((key), literal, sizeof literal - 1)

gboolean _overlap_trace_members_read (OverlapJsonScanner  *scanner,
                                      OverlapTraceMembers *members);
char     _overlap_trace_members_ph   (const OverlapTraceMembers *members);

G_END_DECLS
