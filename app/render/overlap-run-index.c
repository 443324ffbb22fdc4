/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-run-index"

#include "config.h"

#include <string.h>

#include "overlap-painter-private.h"

/* The painter draws lane by lane, and only the lanes on screen, so it needs a
 * run's spans and marks grouped by lane. The recording keeps them in arrival
 * order; the index keeps a list per lane, appended to as the run grows: a live
 * run's frame costs what its new spans and marks cost, not the whole run. A lane
 * that gets something out of time order (imported traces) is sorted again. The
 * index lives on the run; a live span getting its end does not change it. */

#define INDEX_KEY "overlap-painter-run-index"

static void
overlap_run_index_free (gpointer data)
{
  OverlapRunIndex *index = data;

  for (guint i = 0; i < index->lanes_allocated; i++)
    {
      g_free (index->lane_spans[i].items);
      g_free (index->lane_marks[i].items);
    }
  g_free (index->lane_spans);
  g_free (index->lane_marks);
  g_free (index);
}

static int
compare_span_start (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  const OverlapSpan *spans = user_data;
  guint32 ia = *(const guint32 *) a, ib = *(const guint32 *) b;
  gint64 sa = spans[ia].start;
  gint64 sb = spans[ib].start;

  /* ties in arrival order, as they came */
  return sa != sb ? (sa > sb) - (sa < sb) : (ia > ib) - (ia < ib);
}

static int
compare_mark_time (gconstpointer a,
                   gconstpointer b,
                   gpointer      user_data)
{
  const OverlapMark *marks = user_data;
  guint32 ia = *(const guint32 *) a, ib = *(const guint32 *) b;
  gint64 ta = marks[ia].time;
  gint64 tb = marks[ib].time;

  return ta != tb ? (ta > tb) - (ta < tb) : (ia > ib) - (ia < ib);
}

static void
list_push (OverlapIndexList *list,
           guint32           item)
{
  if (list->len == list->allocated)
    {
      list->allocated = MAX (4, list->allocated * 2);
      list->items = g_renew (guint32, list->items, list->allocated);
    }
  list->items[list->len++] = item;
}

static void
ensure_lanes (OverlapRunIndex *index,
              guint            n_lanes)
{
  if (n_lanes > index->lanes_allocated)
    {
      guint allocated = MAX (n_lanes, index->lanes_allocated * 2);

      index->lane_spans = g_renew (OverlapIndexList, index->lane_spans, allocated);
      index->lane_marks = g_renew (OverlapIndexList, index->lane_marks, allocated);
      memset (index->lane_spans + index->lanes_allocated, 0,
              (allocated - index->lanes_allocated) * sizeof (OverlapIndexList));
      memset (index->lane_marks + index->lanes_allocated, 0,
              (allocated - index->lanes_allocated) * sizeof (OverlapIndexList));
      index->lanes_allocated = allocated;
    }
  index->n_lanes = n_lanes;
}

/* Sorts the lanes flagged in @unsorted (then clears it) */
static void
sort_lanes (OverlapIndexList *lists,
            GArray           *unsorted,
            GCompareDataFunc  compare,
            gconstpointer     items)
{
  for (guint i = 0; i < unsorted->len; i++)
    {
      OverlapIndexList *list = &lists[g_array_index (unsorted, guint32, i)];

      g_qsort_with_data (list->items, (gint) list->len, sizeof (guint32), compare, (gpointer) items);
    }
  g_array_set_size (unsorted, 0);
}

static void
add_spans (OverlapRunIndex   *index,
           const OverlapSpan *spans,
           guint              n_spans)
{
  g_autoptr(GArray) unsorted = g_array_new (FALSE, FALSE, sizeof (guint32));

  for (guint i = index->n_spans; i < n_spans; i++)
    {
      guint32 lane = spans[i].lane;
      OverlapIndexList *list;

      index->phases_used |= 1u << MIN (spans[i].phase, OVERLAP_PHASE_OTHER);
      if (lane >= index->n_lanes)
        {
          index->skipped = TRUE;
          continue;
        }
      list = &index->lane_spans[lane];
      if (list->len > 0 && list->sorted && spans[list->items[list->len - 1]].start > spans[i].start)
        {
          list->sorted = FALSE;
          g_array_append_val (unsorted, lane);
        }
      else if (list->len == 0)
        list->sorted = TRUE;
      list_push (list, i);
    }
  for (guint i = 0; i < unsorted->len; i++)
    index->lane_spans[g_array_index (unsorted, guint32, i)].sorted = TRUE;
  sort_lanes (index->lane_spans, unsorted, compare_span_start, spans);
  index->n_spans = n_spans;
}

static void
add_marks (OverlapRunIndex   *index,
           const OverlapMark *marks,
           guint              n_marks)
{
  g_autoptr(GArray) unsorted = g_array_new (FALSE, FALSE, sizeof (guint32));

  for (guint i = index->n_marks; i < n_marks; i++)
    {
      guint32 lane = marks[i].lane;
      OverlapIndexList *list;

      index->marks_used |= 1u << marks[i].kind;
      if (lane >= index->n_lanes)
        {
          index->skipped = TRUE;
          continue;
        }
      list = &index->lane_marks[lane];
      if (list->len > 0 && list->sorted && marks[list->items[list->len - 1]].time > marks[i].time)
        {
          list->sorted = FALSE;
          g_array_append_val (unsorted, lane);
        }
      else if (list->len == 0)
        list->sorted = TRUE;
      list_push (list, i);
    }
  for (guint i = 0; i < unsorted->len; i++)
    index->lane_marks[g_array_index (unsorted, guint32, i)].sorted = TRUE;
  sort_lanes (index->lane_marks, unsorted, compare_mark_time, marks);
  index->n_marks = n_marks;
}

static void
clear_lists (OverlapRunIndex *index)
{
  for (guint i = 0; i < index->lanes_allocated; i++)
    {
      index->lane_spans[i].len = 0;
      index->lane_marks[i].len = 0;
    }
  index->n_spans = index->n_marks = 0;
  index->phases_used = index->marks_used = 0;
  index->skipped = FALSE;
  index->n_rebuilds++;
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
      g_object_set_data_full (G_OBJECT (run), INDEX_KEY, index, overlap_run_index_free);
    }

  /* what was skipped for want of its lane may have one now; what went away
   * (never, in a recording) is counted again */
  if ((index->skipped && n_lanes > index->n_lanes) || n_spans < index->n_spans || n_marks < index->n_marks)
    clear_lists (index);
  ensure_lanes (index, n_lanes);
  if (n_spans > index->n_spans)
    add_spans (index, spans, n_spans);
  if (n_marks > index->n_marks)
    add_marks (index, marks, n_marks);

  return index;
}
