/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "overlap-trace-private.h"
#include "overlap-trace-flow-steps-private.h"
#include "overlap-trace-members-private.h"

G_BEGIN_DECLS

/* Shared by the Chrome trace reader (overlap-trace-reader.c: the passes over
 * the events, Overlap's own traces) and its layout of plain traces
 * (overlap-trace-layout.c: nesting depth, async lanes). */

/* An event: its members as they stand in the file, and what the reader
 * reads of them. Parsing (_overlap_trace_parse_event(), maybe in another
 * thread) sets the members and ph; settling them with the reader's state
 * sets pid, tid, ts and dur. */
typedef struct
{
  OverlapTraceMembers members;
  char                ph;         /* 0 when it has none, or none Overlap knows */
  gint64              pid;        /* settled: string ids are the reader's */
  gint64              tid;
  gint64              ts;
  gint64              dur;
  gsize               offset;     /* of its '{' in the file, for its tooltip */
  guint32             name_id;    /* its name in the reader's names (0: not there) */
} TraceEvent;

/* An element of the events array */
typedef struct
{
  gsize       offset;             /* of its first character */
  gboolean    object;             /* else it is no event, skipped */
  TraceEvent  event;
} TraceItem;

/* A point of a flow: where an arrow leaves or arrives. Read in pass 1; bound to
 * a slice of its thread when the thread is laid out; linked to the points of
 * its flow at the end (overlap-trace-flows.c). */
typedef struct
{
  gint64      pid;
  gint64      tid;
  gint64      ts;
  gint64      dur;
  guint32     key;        /* one per flow id: category and id, or bind_id */
  guint32     seq;        /* order in the file */
  char        step;       /* 's' leaves, 't' passes, 'f' arrives */
  guint8      binding;    /* FlowBinding */
  OverlapRun *run;        /* bound: the run, lane and time; NULL if not */
  guint       lane;
  gint64      time;
} FlowPoint;

typedef struct
{
  gint64  start;
  gint64  end;
  guint32 owner;            /* thread index, or async key index */
  guint32 label;            /* string id in the run */
  guint16 phase;
  gsize   offset;           /* of the event that begins it, in the file */
} PendingSpan;

typedef struct
{
  gint64  time;
  guint32 owner;
  guint32 value;
} PendingMark;

typedef struct
{
  guint32 label;
  gint64  ts;
  gsize   offset;
} OpenSpan;

typedef struct _ProcessInfo ProcessInfo;

typedef struct
{
  ProcessInfo      *process;
  gint64            tid;
  guint             seq;          /* order of first appearance */
  guint             position;     /* in the process's sorted threads */
  gint64            order;        /* overlap_lane index, else thread_sort_index */
  const char       *name;         /* thread_name, in the reader's chunk */
  const char       *cat;          /* first category seen */
  OverlapJsonValue  overlap;      /* overlap_lane args */
  guint             n_events;
  guint             lane;         /* the first lane; more follow when nested */
  guint             n_lanes;
  GArray           *stack;        /* OpenSpan: B events waiting for their E */
  GArray           *spans;        /* PendingSpan: its slices, until laid out */
  FlowPoint        *flows;        /* its flow points, by ts (the reader's) */
  guint             n_flows;
} ThreadInfo;

struct _ProcessInfo
{
  gint64            pid;
  guint             seq;
  gint64            order;        /* overlap_run index, else process_sort_index */
  const char       *name;         /* process_name */
  OverlapJsonValue  overlap;      /* overlap_run args */
  GArray           *counter_meta; /* OverlapJsonValue: overlap_counter args */
  GPtrArray        *threads;      /* ThreadInfo, in order of appearance, then sorted */
  GHashTable       *thread_by_tid;
  GHashTable       *counters;     /* name → counter index + 1 */
  guint             n_events;
  gint64            min_ts;
  gint64            max_ts;
  OverlapRun       *run;
  gint64            base;         /* subtracted from ts to get run times */

  /* Plain traces: laid out once all is read. */
  GArray           *marks;        /* PendingMark of threads */
  GArray           *async_spans;  /* PendingSpan, owner = async key */
  GArray           *async_marks;  /* PendingMark, owner = async key */
  GHashTable       *async_keys;   /* key → index + 1 */
  GPtrArray        *async_open;   /* per key: GArray of OpenSpan */
  GPtrArray        *async_cats;   /* per key: its category, in the chunk */
  GArray           *name_labels;  /* by name id: label | phase << 24, or NO_LABEL */
};

/* Pass 1's note of an event to replay in pass 2: a thread's slice or instant
 * is replayed from it, the rest read again from the file at its offset. */
typedef struct
{
  gint64      ts;
  gint64      dur;
  ThreadInfo *thread;             /* NULL: read the event again */
  guint64     offset : 56;        /* of its '{' */
  guint64     ph : 8;
  guint32     index;              /* among the file's events */
  guint32     name_id;            /* in the reader's names, 0 for none */
} TraceRecord;

/* A distinct name of slices, as its bytes stand in the file (escapes kept) */
typedef struct
{
  OverlapJsonValue value;         /* its text in the reader's chunk */
  guint            hash;
} TraceName;

typedef struct
{
  const char          *data;
  gsize                size;
  const char          *display_name;
  OverlapImportReport *report;
  GCancellable        *cancellable;
  gsize                events_pos;    /* just after the events array's '[' */
  gsize                events_end;    /* just after its ']' (0: not closed) */
  gboolean             events_in_object;   /* the array is a member, "traceEvents" */
  gboolean             mapped;        /* data is a file's read-only mapping: its pages may be dropped */
  gsize                dropped;       /* the pages before this are given back */
  OverlapJsonValue     other_data;
  GPtrArray           *processes;
  GHashTable          *process_by_pid;
  GHashTable          *string_ids;    /* string pid/tid → key */
  GPtrArray           *string_names;
  GStringChunk        *chunk;
  GString             *scratch;
  GPtrArray           *records;       /* blocks of TraceRecord: the events to replay */
  guint                n_records;
  GHashTable          *name_ids;      /* TraceName → id */
  GPtrArray           *names;         /* TraceName, by id - 1 */
  gboolean             quiet;         /* pass 2: pass 1 has told */
  guint                n_events;
  gint64               min_ts;
  GArray              *flows;         /* FlowPoint */
  GHashTable          *flow_keys;     /* flow id → key */
  GArray              *notes;         /* OverlapNote ("overlap.note" events), raw ts; text in chunk */
} TraceReader;

const char *_overlap_trace_args_string      (TraceReader            *reader,
                                             const OverlapJsonValue *args,
                                             const char             *key);
gint64      _overlap_trace_args_int_or      (const OverlapJsonValue *args,
                                             const char             *key,
                                             gint64                  fallback);
void        _overlap_trace_replay_own_event (TraceReader            *reader,
                                             ProcessInfo            *process,
                                             ThreadInfo             *thread,
                                             const TraceEvent       *event);
void        _overlap_trace_finish_own_process (TraceReader          *reader,
                                               ProcessInfo          *process);

#define IS_OVERLAP_PROCESS(process) ((process)->overlap.type == OVERLAP_JSON_OBJECT)

/* overlap-trace-items.c: the events array's elements, parsed here or in
 * a thread of its own */
gboolean _overlap_trace_parse_event    (OverlapJsonScanner  *scanner,
                                        TraceEvent          *event);
gboolean _overlap_trace_next_item      (OverlapJsonScanner  *scanner,
                                        gboolean            *first,
                                        TraceItem           *item,
                                        gboolean            *cut);
typedef struct _TracePipe TracePipe;
gboolean   _overlap_trace_pipe_wanted  (gsize                size);
TracePipe *_overlap_trace_pipe_new     (const char          *data,
                                        gsize                size,
                                        gsize                pos);
TraceItem *_overlap_trace_pipe_next    (TracePipe           *pipe);
void       _overlap_trace_pipe_end     (TracePipe           *pipe,
                                        OverlapJsonScanner  *scanner,
                                        gboolean            *cut);
void       _overlap_trace_pipe_free    (TracePipe           *pipe);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TracePipe, _overlap_trace_pipe_free)

/* overlap-trace-envelope.c: the JSON around the events */
gboolean _overlap_trace_find_events    (TraceReader         *reader,
                                        GError             **error);
void     _overlap_trace_read_after_events (TraceReader      *reader);
/* Replays one event of pass 2 read again at @offset (overlap-trace-reader.c) */
void     _overlap_trace_replay_at      (TraceReader         *reader,
                                        gsize                offset,
                                        guint                index);
/* overlap-trace-records.c: the events kept between the passes */
void     _overlap_trace_records_init   (TraceReader         *reader);
void     _overlap_trace_records_clear  (TraceReader         *reader);
guint32  _overlap_trace_name_id        (TraceReader         *reader,
                                        const OverlapJsonValue *name);
void     _overlap_trace_record         (TraceReader         *reader,
                                        const TraceEvent    *event,
                                        ThreadInfo          *thread,
                                        guint                index);
gboolean _overlap_trace_replay         (TraceReader         *reader,
                                        GError             **error);
void     _overlap_trace_drop_pages     (TraceReader         *reader,
                                        gsize                pos);

void     _overlap_trace_layout_event   (TraceReader         *reader,
                                        ProcessInfo         *process,
                                        ThreadInfo          *thread,
                                        const TraceEvent    *event,
                                        guint                index);
void     _overlap_trace_layout_finish  (ProcessInfo         *process);
void     _overlap_trace_source_record  (OverlapRun          *run,
                                        guint                span,
                                        gsize                offset);
void     _overlap_trace_source_record_spans (OverlapRun        *run,
                                             guint              first,
                                             const PendingSpan *spans,
                                             guint              n);

void     _overlap_trace_flows_collect  (TraceReader         *reader,
                                        const TraceEvent    *event);
void     _overlap_trace_flows_assign   (TraceReader         *reader);
void     _overlap_trace_flows_bind     (ProcessInfo         *process,
                                        ThreadInfo          *thread,
                                        const PendingSpan   *spans,
                                        const guint8        *depths,
                                        guint                n_spans);
void     _overlap_trace_flows_link     (TraceReader         *reader,
                                        OverlapRecording    *recording);

G_END_DECLS
