/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "overlap-model-enum-types.h"

G_BEGIN_DECLS

/* What a task is doing during a span of its lane. */
typedef enum
{
  OVERLAP_PHASE_QUEUED,     /* waiting for a slot (semaphore, connection limit, thread pool) */
  OVERLAP_PHASE_WAITING,    /* awaiting: a timer, a server's answer */
  OVERLAP_PHASE_RUNNING,    /* working: CPU in a thread, a subprocess running */
  OVERLAP_PHASE_BLOCKING,   /* CPU work on the main loop: the loop is blocked */
  OVERLAP_PHASE_DNS,
  OVERLAP_PHASE_CONNECT,
  OVERLAP_PHASE_TLS,
  OVERLAP_PHASE_SENDING,
  OVERLAP_PHASE_RECEIVING,
  OVERLAP_PHASE_READING,
  OVERLAP_PHASE_WRITING,
  OVERLAP_PHASE_OTHER,      /* imported spans; the span's label names it */
  OVERLAP_N_PHASES /*< skip >*/
} OverlapPhase;

typedef enum
{
  OVERLAP_MARK_CHUNK,       /* value: bytes in the chunk */
  OVERLAP_MARK_START,
  OVERLAP_MARK_DONE,
  OVERLAP_MARK_ERROR,
  OVERLAP_MARK_CANCEL,
  OVERLAP_MARK_TIMEOUT,
  OVERLAP_MARK_INSTANT,     /* imported instant events */
  OVERLAP_MARK_SKIP,        /* a test that did not run (meson's SKIP) */
  OVERLAP_N_MARKS /*< skip >*/
} OverlapMarkKind;

typedef enum
{
  OVERLAP_RESULT_PENDING,   /* not started yet, or still running */
  OVERLAP_RESULT_OK,
  OVERLAP_RESULT_FAILED,
  OVERLAP_RESULT_CANCELLED,
  OVERLAP_RESULT_TIMED_OUT,
  OVERLAP_RESULT_SKIPPED,   /* a test that did not run */
} OverlapResult;

typedef enum
{
  OVERLAP_RUN_PENDING,
  OVERLAP_RUN_LIVE,
  OVERLAP_RUN_FINISHED,
  OVERLAP_RUN_CANCELLED,
} OverlapRunState;

/* A span: one phase of one lane. 32 bytes. end < 0 while the span is open (live). */
typedef struct
{
  gint64  start;            /* µs from the run's start */
  gint64  end;              /* µs from the run's start, -1 while open */
  guint32 lane;
  guint16 phase;            /* OverlapPhase */
  guint16 flags;            /* OVERLAP_SPAN_* */
  guint32 label;            /* string id, 0 = none (then the phase names it) */
  guint32 detail;           /* string id, 0 = none: e.g. all outputs of a ninja job */
} OverlapSpan;

/* A span's own outcome, for lanes shared by many tasks one after another
 * (ninja jobs, meson tests on worker lanes): an OverlapResult in the low
 * bits of flags, OVERLAP_RESULT_PENDING (0) when the lane's result applies. */
#define OVERLAP_SPAN_RESULT_MASK   0x7u
#define OVERLAP_SPAN_GET_RESULT(span) ((OverlapResult) ((span)->flags & OVERLAP_SPAN_RESULT_MASK))

/* What kind of work an imported span of a shared worker lane is, coloured
 * as such (a ninja job by what it makes, a meson test by its result): an
 * OverlapSpanKind in bits 3–6 of flags, OVERLAP_SPAN_KIND_NONE (0) for the
 * rest, which keep their phase's or name's colour. */
typedef enum
{
  OVERLAP_SPAN_KIND_NONE,
  OVERLAP_SPAN_KIND_COMPILE,        /* ninja: an object file */
  OVERLAP_SPAN_KIND_LINK,           /* ninja: a program or library */
  OVERLAP_SPAN_KIND_CUSTOM,         /* ninja: any other output (generated source, data) */
  OVERLAP_SPAN_KIND_TEST_OK,
  OVERLAP_SPAN_KIND_TEST_FAILED,
  OVERLAP_SPAN_KIND_TEST_SKIPPED,
  OVERLAP_SPAN_KIND_TEST_TIMED_OUT,
  OVERLAP_SPAN_KIND_TEST_EXPECTED_FAIL,
  OVERLAP_N_SPAN_KINDS /*< skip >*/
} OverlapSpanKind;

#define OVERLAP_SPAN_KIND_SHIFT    3
#define OVERLAP_SPAN_KIND_MASK     (0xfu << OVERLAP_SPAN_KIND_SHIFT)
#define OVERLAP_SPAN_KIND_FLAGS(kind) ((guint16) ((guint) (kind) << OVERLAP_SPAN_KIND_SHIFT))
#define OVERLAP_SPAN_GET_KIND(span) \
  ((OverlapSpanKind) (((span)->flags & OVERLAP_SPAN_KIND_MASK) >> OVERLAP_SPAN_KIND_SHIFT))

/* A mark: an event at an instant. 16 bytes. */
typedef struct
{
  gint64  time;             /* µs from the run's start */
  guint32 lane : 28;
  guint32 kind : 4;         /* OverlapMarkKind */
  guint32 value;            /* e.g. the chunk's size in bytes */
} OverlapMark;

typedef struct
{
  guint32       label;      /* string id */
  guint32       kind;       /* string id: "timer", "http", "file", "spawn", "cpu", … */
  guint32       detail;     /* string id: URL, path, command line, or 0 */
  guint32       message;    /* string id: the error or cancel reason, or 0 */
  OverlapResult result;
  gint          completion; /* 1-based order of completion, 0 while not complete */
  gint64        start;      /* µs from the run's start when the task began (queued included), -1 before */
  gint64        end;        /* µs when it ended, -1 while running */
  guint64       bytes;      /* bytes transferred, read or written */
  guint32       open_span;  /* index of the open span, G_MAXUINT32 if none */
  guint32       n_spans;
  guint32       flags;      /* OVERLAP_LANE_* */
} OverlapLane;

#define OVERLAP_LANE_IN_FLIGHT (1u << 0)  /* begun a phase other than queued, not finished */
#define OVERLAP_LANE_WORKED    (1u << 1)  /* has left the queue at least once */
#define OVERLAP_LANE_NESTED    (1u << 2)  /* imported: the spans nested one level deeper
                                            * than the lane above, same thread */

typedef struct
{
  gint64 time;
  double value;
} OverlapSample;

typedef struct
{
  char   *name;             /* "in flight", "loop lag" */
  char   *unit;             /* "tasks", "ms" */
  GArray *samples;          /* OverlapSample, in time order */
  double  max;
} OverlapCounter;

/* Figures a user compares between runs. Times in µs. */
typedef struct
{
  guint   n_tasks;
  guint   n_ok;
  guint   n_failed;
  guint   n_cancelled;
  guint   n_timed_out;
  gint64  wall_time;        /* run start to last task end */
  gint64  task_time_sum;    /* sum of each task's own duration (queue excluded) */
  guint   max_in_flight;
  gint64  longest_stall;    /* longest loop stall seen by the loop-lag probe */
  guint64 bytes;
} OverlapRunStats;

/* Figures for a time range of a run (see overlap_recording_get_range_stats()).
 * Nested lanes (OVERLAP_LANE_NESTED) count with the lane they belong to. */
typedef struct
{
  gint64  start;            /* the range, clipped to the run */
  gint64  end;
  guint   n_active;         /* tasks (lanes) busy at some time in the range */
  guint   max_concurrency;  /* most tasks busy at once */
  gint64  max_concurrency_time; /* when that was first reached, -1 if never */
  gint64  busy_time;        /* time with at least one task busy */
  gint64  idle_time;        /* time with none: end - start - busy_time */
  guint   longest_lane;     /* the task busy longest within the range, G_MAXUINT if none */
  gint64  longest_time;     /* how long it was busy within the range */
} OverlapRangeStats;

const char *overlap_phase_to_string  (OverlapPhase    phase);
const char *overlap_phase_get_display_name (OverlapPhase phase);
const char *overlap_mark_to_string   (OverlapMarkKind kind);
const char *overlap_result_to_string (OverlapResult   result);
const char *overlap_span_kind_get_display_name (OverlapSpanKind kind);

G_END_DECLS
