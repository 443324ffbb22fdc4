/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-recording"

#include "config.h"

#include <string.h>

#include "overlap-compare-private.h"
#include "overlap-recording.h"

/* Statistics for a selected time range of one run: a task is busy while one
 * of its spans other than "queued" is open. Each task's busy intervals are
 * merged first (nested lanes fold into the task above them), then one sweep
 * over all the edges gives the concurrency, the busy and idle time. */

typedef struct
{
  gint64 time;
  int    delta;
} Edge;

static int
compare_edges (gconstpointer a,
               gconstpointer b)
{
  const Edge *ea = a, *eb = b;

  /* ends before starts: touching is not overlapping */
  return _OVERLAP_CMP (ea->time, eb->time) ?: _OVERLAP_CMP (ea->delta, eb->delta);
}

typedef struct
{
  gint64 start;
  gint64 end;
  guint  task;
} Interval;

static int
compare_intervals (gconstpointer a,
                   gconstpointer b)
{
  const Interval *ia = a, *ib = b;

  return _OVERLAP_CMP (ia->task, ib->task) ?: _OVERLAP_CMP (ia->start, ib->start);
}

/**
 * overlap_recording_get_range_stats:
 * @self: a recording
 * @run: one of its runs
 * @start: the range's start, in µs from @run's start
 * @end: the range's end, in µs from @run's start
 * @stats: (out caller-allocates): the figures
 *
 * Returns: %FALSE when the range is empty once clipped to the run
 */
gboolean
overlap_recording_get_range_stats (OverlapRecording  *self,
                                   OverlapRun        *run,
                                   gint64             start,
                                   gint64             end,
                                   OverlapRangeStats *stats)
{
  g_autoptr(GArray) intervals = NULL;
  g_autoptr(GArray) edges = NULL;
  g_autofree guint *task_of_lane = NULL;
  g_autofree gint64 *busy_of_task = NULL;
  const OverlapLane *lanes;
  const OverlapSpan *spans;
  guint n_lanes, n_spans, n_tasks = 0;
  gint64 run_end;
  gint64 last_time;
  int level = 0;

  g_return_val_if_fail (OVERLAP_IS_RECORDING (self), FALSE);
  g_return_val_if_fail (OVERLAP_IS_RUN (run), FALSE);
  g_return_val_if_fail (stats != NULL, FALSE);

  memset (stats, 0, sizeof *stats);
  stats->longest_lane = G_MAXUINT;
  stats->max_concurrency_time = -1;

  run_end = overlap_run_get_end (run, g_get_monotonic_time ());
  start = MAX (start, 0);
  end = MIN (end, run_end);
  stats->start = start;
  stats->end = MAX (start, end);
  if (end <= start)
    return FALSE;

  lanes = overlap_run_get_lanes (run, &n_lanes);
  spans = overlap_run_get_spans (run, &n_spans);

  /* A nested lane belongs to the task of the nearest lane above that is not nested. */
  task_of_lane = g_new0 (guint, MAX (n_lanes, 1));
  for (guint i = 0; i < n_lanes; i++)
    {
      if (i == 0 || !(lanes[i].flags & OVERLAP_LANE_NESTED))
        task_of_lane[i] = n_tasks++;
      else
        task_of_lane[i] = task_of_lane[i - 1];
    }

  intervals = g_array_new (FALSE, FALSE, sizeof (Interval));
  for (guint i = 0; i < n_spans; i++)
    {
      const OverlapSpan *span = &spans[i];
      Interval iv;

      if (span->phase == OVERLAP_PHASE_QUEUED || span->lane >= n_lanes)
        continue;
      iv.start = MAX (span->start, start);
      iv.end = MIN (span->end >= 0 ? span->end : run_end, end);
      iv.task = task_of_lane[span->lane];
      if (iv.end > iv.start)
        g_array_append_val (intervals, iv);
    }
  g_array_sort (intervals, compare_intervals);

  /* Merge each task's intervals; count its busy time. */
  busy_of_task = g_new0 (gint64, MAX (n_tasks, 1));
  edges = g_array_new (FALSE, FALSE, sizeof (Edge));
  for (guint i = 0; i < intervals->len;)
    {
      Interval merged = g_array_index (intervals, Interval, i);
      Edge edge;

      for (i++; i < intervals->len; i++)
        {
          const Interval *next = &g_array_index (intervals, Interval, i);

          if (next->task != merged.task || next->start > merged.end)
            break;
          merged.end = MAX (merged.end, next->end);
        }

      busy_of_task[merged.task] += merged.end - merged.start;
      edge.time = merged.start;
      edge.delta = 1;
      g_array_append_val (edges, edge);
      edge.time = merged.end;
      edge.delta = -1;
      g_array_append_val (edges, edge);
    }
  g_array_sort (edges, compare_edges);

  last_time = start;
  for (guint i = 0; i < edges->len; i++)
    {
      const Edge *edge = &g_array_index (edges, Edge, i);

      if (level > 0)
        stats->busy_time += edge->time - last_time;
      last_time = edge->time;
      level += edge->delta;
      if ((guint) MAX (level, 0) > stats->max_concurrency)
        {
          stats->max_concurrency = level;
          stats->max_concurrency_time = edge->time;
        }
    }
  stats->idle_time = (end - start) - stats->busy_time;

  for (guint t = 0; t < n_tasks; t++)
    {
      if (busy_of_task[t] == 0)
        continue;
      stats->n_active++;
      if (busy_of_task[t] > stats->longest_time)
        {
          stats->longest_time = busy_of_task[t];
          /* Report the task's first lane. */
          for (guint i = 0; i < n_lanes; i++)
            if (task_of_lane[i] == t)
              {
                stats->longest_lane = i;
                break;
              }
        }
    }

  return TRUE;
}
