/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "overlap-json-scanner-private.h"
#include "overlap-trace-members-private.h"
#include "overlap-recording.h"

G_BEGIN_DECLS

/* Flows of Chrome trace events, read once, here (overlap-trace-flows.c), for
 * the importer and for the live feed (engine/overlap-feed-*.c) alike: which
 * points of which flows an event is, and how a flow's points, in order,
 * become arrows. Where a point is bound (which lane, which time) is each
 * reader's business. */

/* How a point is bound to a slice */
typedef enum
{
  FLOW_BIND_ENCLOSING,    /* the innermost slice around ts (s, t, f with bp "e") */
  FLOW_BIND_NEXT,         /* the first slice that starts at ts or after (f) */
  FLOW_BIND_SLICE,        /* the slice that carries it (v2: ts, dur are its own) */
} FlowBinding;

typedef struct
{
  guint32 key;            /* one per flow id: category and id, or bind_id */
  char    step;           /* 's' leaves, 't' passes, 'f' arrives */
  guint8  binding;        /* FlowBinding */
} OverlapFlowStep;

/* What says whether an event is a flow point: its phase, its process (a
 * local id is the process's own) and its members (cat, id, id2, bp, bind_id,
 * flow_in, flow_out) */
typedef struct
{
  char                       ph;
  gint64                     pid;
  const OverlapTraceMembers *members;
} OverlapFlowEvent;

/* The flow points @event is, at most 2 (v2: the one it arrives by, then the
 * one it leaves by), into @steps; returns how many. @keys (string → key)
 * numbers the flows; @scratch is working space. A 'b', 'n' or 'e' async
 * event may carry v2 points as a slice does: they are on its task. */
guint    _overlap_flow_steps  (GHashTable             *keys,
                               GString                *scratch,
                               const OverlapFlowEvent *event,
                               OverlapFlowStep         steps[2]);

/* The last bound point of a flow, which the next one links to */
typedef struct
{
  gboolean open;
  guint    run;
  guint    lane;
  gint64   time;
} OverlapFlowTail;

/* The point (@step of its flow at @run, @lane, @time) follows @tail: returns
 * TRUE with @link set when it ends an arrow ('t' and 'f' after a point of
 * theirs); an 'f' ends the flow. */
gboolean _overlap_flow_follow (OverlapFlowTail        *tail,
                               char                    step,
                               guint                   run,
                               guint                   lane,
                               gint64                  time,
                               OverlapFlow            *link);

G_END_DECLS
