/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-run-index"

#include "config.h"

#include "overlap-painter-private.h"

/* The painter draws lane by lane, and only the lanes on screen, so it needs a
 * run's spans and marks grouped by lane. The recording keeps them in arrival
 * order; this index groups them with a counting sort (stable, so a live lane's
 * spans stay in time order) and sorts the rare lane that arrived out of order
 * (imported traces). It lives on the run and is rebuilt when the run grows;
 * a live span getting its end does not change the grouping. */

#define INDEX_KEY "overlap-painter-run-index"

static void
overlap_run_index_free (gpointer data)
{
  OverlapRunIndex *index = data;

  g_free (index->span_offsets);
  g_free (index->span_order);
  g_free (index->mark_offsets);
  g_free (index->mark_order);
  g_free (index);
}

static int
compare_span_start (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  const OverlapSpan *spans = user_data;
  gint64 sa = spans[*(const guint32 *) a].start;
  gint64 sb = spans[*(const guint32 *) b].start;

  return (sa > sb) - (sa < sb);
}

static int
compare_mark_time (gconstpointer a,
                   gconstpointer b,
                   gpointer      user_data)
{
  const OverlapMark *marks = user_data;
  gint64 ta = marks[*(const guint32 *) a].time;
  gint64 tb = marks[*(const guint32 *) b].time;

  return (ta > tb) - (ta < tb);
}

static void
group_spans (OverlapRunIndex   *index,
             const OverlapSpan *spans,
             guint              n_lanes,
             guint              n_spans)
{
  guint32 *fill;
  gint64 *latest;
  guint8 *unsorted;

  g_free (index->span_offsets);
  g_free (index->span_order);
  index->span_offsets = g_new0 (guint32, n_lanes + 1);
  index->span_order = g_new (guint32, MAX (n_spans, 1));
  index->phases_used = 0;

  for (guint i = 0; i < n_spans; i++)
    {
      if (spans[i].lane < n_lanes)
        index->span_offsets[spans[i].lane + 1]++;
      index->phases_used |= 1u << MIN (spans[i].phase, OVERLAP_PHASE_OTHER);
    }
  for (guint i = 0; i < n_lanes; i++)
    index->span_offsets[i + 1] += index->span_offsets[i];

  /* Placed in arrival order, noting the lanes where that is not time order
   * on the way (one pass in memory order, not a second through the index) */
  fill = g_memdup2 (index->span_offsets, sizeof (guint32) * (n_lanes + 1));
  latest = g_new (gint64, MAX (n_lanes, 1));
  unsorted = g_new0 (guint8, MAX (n_lanes, 1));
  for (guint i = 0; i < n_lanes; i++)
    latest[i] = G_MININT64;
  for (guint i = 0; i < n_spans; i++)
    {
      guint32 lane = spans[i].lane;

      if (lane >= n_lanes)
        continue;
      index->span_order[fill[lane]++] = i;
      if (spans[i].start < latest[lane])
        unsorted[lane] = TRUE;
      latest[lane] = spans[i].start;
    }
  g_free (fill);

  for (guint lane = 0; lane < n_lanes; lane++)
    {
      guint32 first = index->span_offsets[lane];
      guint32 last = index->span_offsets[lane + 1];

      if (unsorted[lane])
        g_qsort_with_data (&index->span_order[first], (gint) (last - first), sizeof (guint32),
                           compare_span_start, (gpointer) spans);
    }
  g_free (latest);
  g_free (unsorted);

  index->n_spans = n_spans;
}

static void
group_marks (OverlapRunIndex   *index,
             const OverlapMark *marks,
             guint              n_lanes,
             guint              n_marks)
{
  guint32 *fill;
  gint64 *latest;
  guint8 *unsorted;

  g_free (index->mark_offsets);
  g_free (index->mark_order);
  index->mark_offsets = g_new0 (guint32, n_lanes + 1);
  index->mark_order = g_new (guint32, MAX (n_marks, 1));
  index->marks_used = 0;

  for (guint i = 0; i < n_marks; i++)
    {
      if (marks[i].lane < n_lanes)
        index->mark_offsets[marks[i].lane + 1]++;
      index->marks_used |= 1u << marks[i].kind;
    }
  for (guint i = 0; i < n_lanes; i++)
    index->mark_offsets[i + 1] += index->mark_offsets[i];

  fill = g_memdup2 (index->mark_offsets, sizeof (guint32) * (n_lanes + 1));
  latest = g_new (gint64, MAX (n_lanes, 1));
  unsorted = g_new0 (guint8, MAX (n_lanes, 1));
  for (guint i = 0; i < n_lanes; i++)
    latest[i] = G_MININT64;
  for (guint i = 0; i < n_marks; i++)
    {
      guint32 lane = marks[i].lane;

      if (lane >= n_lanes)
        continue;
      index->mark_order[fill[lane]++] = i;
      if (marks[i].time < latest[lane])
        unsorted[lane] = TRUE;
      latest[lane] = marks[i].time;
    }
  g_free (fill);

  for (guint lane = 0; lane < n_lanes; lane++)
    {
      guint32 first = index->mark_offsets[lane];
      guint32 last = index->mark_offsets[lane + 1];

      if (unsorted[lane])
        g_qsort_with_data (&index->mark_order[first], (gint) (last - first), sizeof (guint32),
                           compare_mark_time, (gpointer) marks);
    }
  g_free (latest);
  g_free (unsorted);

  index->n_marks = n_marks;
}

const OverlapRunIndex *
_overlap_run_index_get (OverlapRun *run)
{
  OverlapRunIndex *index;
  const OverlapSpan *spans;
  const OverlapMark *marks;
  guint n_lanes, n_spans, n_marks;

  g_assert (OVERLAP_IS_RUN (run));

  overlap_run_get_lanes (run, &n_lanes);
  spans = overlap_run_get_spans (run, &n_spans);
  marks = overlap_run_get_marks (run, &n_marks);

  index = g_object_get_data (G_OBJECT (run), INDEX_KEY);
  if (index == NULL)
    {
      index = g_new0 (OverlapRunIndex, 1);
      index->n_lanes = n_lanes;
      group_spans (index, spans, n_lanes, n_spans);
      group_marks (index, marks, n_lanes, n_marks);
      g_object_set_data_full (G_OBJECT (run), INDEX_KEY, index, overlap_run_index_free);
      return index;
    }

  if (index->n_lanes != n_lanes)
    {
      index->n_lanes = n_lanes;
      group_spans (index, spans, n_lanes, n_spans);
      group_marks (index, marks, n_lanes, n_marks);
    }
  else
    {
      if (index->n_spans != n_spans)
        group_spans (index, spans, n_lanes, n_spans);
      if (index->n_marks != n_marks)
        group_marks (index, marks, n_lanes, n_marks);
    }

  return index;
}

/* The header's counts of failed, cancelled and timed-out tasks. The run's
 * own overlap_run_get_stats() also sums every span's time, which the header
 * does not show: 100,000 spans walked on every paint. Counted from the lanes
 * instead, and kept on the index once the run is over (a live run's lanes
 * still change how they end without adding spans). */
void
_overlap_run_get_outcomes (OverlapRun *run,
                           guint      *n_failed,
                           guint      *n_cancelled,
                           guint      *n_timed_out)
{
  OverlapRunIndex *index = (OverlapRunIndex *) _overlap_run_index_get (run);
  OverlapRunState state = overlap_run_get_state (run);
  gboolean over = state == OVERLAP_RUN_FINISHED || state == OVERLAP_RUN_CANCELLED;
  const OverlapLane *lanes;
  guint n_lanes;

  lanes = overlap_run_get_lanes (run, &n_lanes);
  if (!over || !index->outcomes_valid || index->outcomes_lanes != n_lanes)
    {
      index->n_failed = index->n_cancelled = index->n_timed_out = 0;
      for (guint i = 0; i < n_lanes; i++)
        {
          switch (lanes[i].result)
            {
            case OVERLAP_RESULT_FAILED: index->n_failed++; break;
            case OVERLAP_RESULT_CANCELLED: index->n_cancelled++; break;
            case OVERLAP_RESULT_TIMED_OUT: index->n_timed_out++; break;
            case OVERLAP_RESULT_OK:
            case OVERLAP_RESULT_PENDING:
            default: break;
            }
        }
      index->outcomes_lanes = n_lanes;
      index->outcomes_valid = over;
    }

  *n_failed = index->n_failed;
  *n_cancelled = index->n_cancelled;
  *n_timed_out = index->n_timed_out;
}
