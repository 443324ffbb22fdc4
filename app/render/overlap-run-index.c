/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-run-index"

#include "config.h"

#include <string.h>

#include "overlap-compare-private.h"
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

/* Spans or marks, as the index reads them: both have a time (a span's start, a
 * mark's instant) that orders them in their lane, a lane, and a kind. */
typedef struct
{
  const char *base;
  gsize       size;             /* of one item */
  gsize       time_offset;      /* of its gint64 time */
  guint32   (*lane) (gconstpointer item);
  guint     (*kind) (gconstpointer item);   /* its bit in the index's *_used */
} Items;

static guint32
span_lane (gconstpointer item)
{
  return ((const OverlapSpan *) item)->lane;
}

static guint
span_kind (gconstpointer item)
{
  return MIN (((const OverlapSpan *) item)->phase, OVERLAP_PHASE_OTHER);
}

static guint32
mark_lane (gconstpointer item)
{
  return ((const OverlapMark *) item)->lane;
}

static guint
mark_kind (gconstpointer item)
{
  return ((const OverlapMark *) item)->kind;
}

static inline gconstpointer
item_at (const Items *items,
         guint32      i)
{
  return items->base + (gsize) i * items->size;
}

static inline gint64
item_time (const Items *items,
           guint32      i)
{
  return *(const gint64 *) ((const char *) item_at (items, i) + items->time_offset);
}

static int
compare_time (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const Items *items = user_data;
  guint32 ia = *(const guint32 *) a, ib = *(const guint32 *) b;
  gint64 ta = item_time (items, ia);
  gint64 tb = item_time (items, ib);

  /* ties in arrival order, as they came */
  return _OVERLAP_CMP (ta, tb) ?: _OVERLAP_CMP (ia, ib);
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

/* Files the items after the @n_indexed first of @n in their lanes' @lists, in
 * arrival order; a lane given one earlier than its last is sorted again by time.
 * Returns the kinds seen, a bit each. */
static guint32
add_items (OverlapRunIndex  *index,
           OverlapIndexList *lists,
           const Items      *items,
           guint            *n_indexed,
           guint             n)
{
  g_autoptr(GArray) unsorted = NULL;
  guint32 used = 0;

  if (n <= *n_indexed)
    return 0;

  unsorted = g_array_new (FALSE, FALSE, sizeof (guint32));
  for (guint i = *n_indexed; i < n; i++)
    {
      gconstpointer item = item_at (items, i);
      guint32 lane = items->lane (item);
      OverlapIndexList *list;

      used |= 1u << items->kind (item);
      if (lane >= index->n_lanes)
        {
          index->skipped = TRUE;
          continue;
        }
      list = &lists[lane];
      if (list->len > 0 && list->sorted && item_time (items, list->items[list->len - 1]) > item_time (items, i))
        {
          list->sorted = FALSE;
          g_array_append_val (unsorted, lane);
        }
      else if (list->len == 0)
        list->sorted = TRUE;
      list_push (list, i);
    }

  for (guint i = 0; i < unsorted->len; i++)
    {
      OverlapIndexList *list = &lists[g_array_index (unsorted, guint32, i)];

      g_qsort_with_data (list->items, (gint) list->len, sizeof (guint32), compare_time, (gpointer) items);
      list->sorted = TRUE;
    }
  *n_indexed = n;

  return used;
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
  index->phases_used = index->marks_used = index->kinds_used = index->plain_phases = 0;
  index->skipped = FALSE;
  index->n_rebuilds++;
}

const OverlapRunIndex *
_overlap_run_index_get (OverlapRun *run)
{
  OverlapRunIndex *index;
  guint n_lanes, n_spans, n_marks;
  Items spans = { NULL, sizeof (OverlapSpan), G_STRUCT_OFFSET (OverlapSpan, start), span_lane, span_kind };
  Items marks = { NULL, sizeof (OverlapMark), G_STRUCT_OFFSET (OverlapMark, time), mark_lane, mark_kind };

  g_assert (OVERLAP_IS_RUN (run));

  overlap_run_get_lanes (run, &n_lanes);
  spans.base = (const char *) overlap_run_get_spans (run, &n_spans);
  marks.base = (const char *) overlap_run_get_marks (run, &n_marks);

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
  for (guint i = index->n_spans; i < n_spans; i++)
    {
      const OverlapSpan *span = (const OverlapSpan *) spans.base + i;
      OverlapSpanKind kind = OVERLAP_SPAN_GET_KIND (span);

      index->kinds_used |= 1u << kind;
      if (kind == OVERLAP_SPAN_KIND_NONE && span->phase < 32)
        index->plain_phases |= 1u << span->phase;
    }
  index->kinds_used &= ~(1u << OVERLAP_SPAN_KIND_NONE);
  index->phases_used |= add_items (index, index->lane_spans, &spans, &index->n_spans, n_spans);
  index->marks_used |= add_items (index, index->lane_marks, &marks, &index->n_marks, n_marks);

  return index;
}
