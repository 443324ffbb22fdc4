/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "overlap-run.h"

G_BEGIN_DECLS

/* The recording of one run: lanes, spans, marks and counters in flat arrays.
 * Append-only while live, except that a lane's open span gets its end when the
 * phase changes. Strings are interned per run; id 0 is NULL. */

struct _OverlapRun
{
  GObject          parent_instance;

  char            *title;
  char            *strategy;
  char            *note;
  OverlapRunState  state;
  gint64           origin;      /* monotonic µs at the run's start */
  gint64           offset;      /* µs from the recording's start */
  gint64           clock_start; /* CLOCK_MONOTONIC µs of its time 0, or 0 */
  gint64           wall_time;

  GArray          *lanes;       /* OverlapLane */
  GArray          *spans;       /* OverlapSpan */
  GArray          *marks;       /* OverlapMark */
  GArray          *counters;    /* OverlapCounter */
  GArray          *sources;     /* TaskSource per lane, NULL until one is set */

  GPtrArray       *strings;     /* id → string, [0] = NULL */
  GHashTable      *string_ids;  /* string → id */
  GStringChunk    *chunk;

  guint            in_flight;
  guint            in_flight_counter;
  guint            n_completed;
  guint            n_results[OVERLAP_RESULT_TIMED_OUT + 1];  /* lanes that ended so */
  gint64           longest_stall;
  gint64           clock;       /* replay: "now" in µs from the run's start, -1: none */
};

/* Where a watched program created a task: its file and line */
typedef struct
{
  guint32 file;                 /* string id, 0 = none */
  guint32 line;                 /* 1-based */
} TaskSource;

static inline OverlapLane *
_overlap_run_lane_at (OverlapRun *self,
                      guint       lane)
{
  g_assert (lane < self->lanes->len);
  return &g_array_index (self->lanes, OverlapLane, lane);
}

void _overlap_run_count_result (OverlapRun      *self,
                                OverlapResult    result,
                                int              delta);
void _overlap_run_set_state    (OverlapRun      *self,
                                OverlapRunState  state);

G_END_DECLS
