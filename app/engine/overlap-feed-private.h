/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "overlap-feed-server.h"
#include "overlap-trace-flow-steps-private.h"

G_BEGIN_DECLS

/* One connected program (overlap-feed-connection.c): reads its lines, parses
 * them as they arrive and applies them to its run in batches
 * (overlap-feed-apply.c). */
#define _OVERLAP_FEED_NO_PHASE 0xff
/* µs: a first timestamp at most this long ago is on CLOCK_MONOTONIC */
#define OVERLAP_FEED_CLOCK_SLACK (G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC)

typedef struct
{
  char         ph;
  guint8       phase;     /* OverlapPhase, or _OVERLAP_FEED_NO_PHASE */
  guint8       result;    /* OverlapResult, for 'e' */
  gint64       ts;        /* µs on the program's clock */
  gint64       dur;
  gint64       tid;
  const char  *name;      /* strings in the connection's chunk, or NULL */
  const char  *key;       /* async events: category and id */
  const char  *cat;
  const char  *text;      /* 'b': detail; 'e': message; 'M': args.name */
  double       value;     /* 'C' */
  guint8       n_flows;   /* flow points it is (s/t/f), or carries (v2) */
  OverlapFlowStep flows[2];
  const char  *flow_task; /* the key of the task its points are on (args.cat + args.id), or NULL */
  const char  *file;      /* 'b': args.file, where the program created the task, or NULL */
  guint        line;      /* 'b': args.line, 1-based, 0 = none */
} FeedEvent;

/* A flow point waiting for the next slice of its thread ('f' without bp "e") */
typedef struct
{
  gint64          tid;
  gint64          time;
  OverlapFlowStep step;
} PendingFlowPoint;

typedef struct
{
  guint   lane;
  GArray *stack;          /* guint: open span indices ('B' waiting for 'E') */
  gint64  end;
} ThreadLane;

typedef struct _OverlapFeedConnection
{
  OverlapFeedServer *server;        /* owns this */
  GSocketConnection *connection;
  GCancellable      *cancellable;
  guint              number;
  char              *token;         /* expected first line (TCP), NULL once given */
  guint              token_timeout_id;
  guint              max_events;

  GByteArray        *pending;       /* bytes after the last newline */
  gboolean           reading;
  gint64             busy;          /* µs spent parsing since the last flush */
  gboolean           eof;
  gboolean           skipping;      /* inside an over-long line */
  guint              bad_in_a_row;
  guint64            n_bad;
  guint64            n_events;
  guint64            n_dropped;
  guint64            n_bytes;

  GArray            *queue;         /* FeedEvent, parsed, not applied */
  GStringChunk      *chunk;         /* the queue's strings */
  guint              flush_id;

  gboolean           have_base;
  gint64             base_ts;       /* the program's first timestamp */
  gint64             origin;        /* our monotonic time when it arrived */
  char              *process_name;
  GHashTable        *thread_names;  /* gint64* tid → name */

  OverlapRun        *run;
  GHashTable        *async_lanes;   /* key → lane + 1 */
  GHashTable        *threads;       /* gint64* tid → ThreadLane */
  GHashTable        *counters;      /* name → counter + 1 */
  gint64             last_time;

  GHashTable        *flow_keys;     /* flow id → key (overlap-trace-flows.c) */
  GString           *scratch;
  GString           *text;          /* for decoding the strings the queue keeps */
  const char        *last_cat;      /* the last category, in chunk, or NULL */
  GString           *last_cat_raw;  /* its JSON text */
  GHashTable        *flow_tails;    /* key → OverlapFlowTail: where its next arrow leaves from */
  GArray            *flow_pending;  /* PendingFlowPoint */
  guint64            n_flows_unbound;
} OverlapFeedConnection;

void _overlap_feed_thread_lane_free (gpointer data);
void _overlap_feed_ensure_run   (OverlapFeedConnection *conn);
void _overlap_feed_apply_event  (OverlapFeedConnection *conn,
                                 const FeedEvent       *event);
void _overlap_feed_update_note  (OverlapFeedConnection *conn,
                                 const char            *problem,
                                 guint                  n_open);

OverlapFeedConnection *_overlap_feed_connection_new    (OverlapFeedServer     *server,
                                                        GSocketConnection     *connection,
                                                        guint                  number,
                                                        const char            *token,
                                                        guint                  max_events);
void                   _overlap_feed_connection_free   (OverlapFeedConnection *conn);
/* Ends the program's run now (Overlap stops listening), with @why in its note. */
void                   _overlap_feed_connection_abort  (OverlapFeedConnection *conn,
                                                        const char            *why);

/* Called by a connection, back into its server. */
void  _overlap_feed_server_run_added      (OverlapFeedServer     *self,
                                           OverlapRun            *run);
void  _overlap_feed_server_run_changed    (OverlapFeedServer     *self,
                                           OverlapRun            *run);
/* The connection is over (its run ended, or it was rejected): the server frees it. */
void  _overlap_feed_server_closed         (OverlapFeedServer     *self,
                                           OverlapFeedConnection *conn,
                                           OverlapRun            *run,
                                           gboolean               rejected);

G_END_DECLS
