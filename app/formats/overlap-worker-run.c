/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-import"

#include "config.h"

#include <glib/gi18n.h>

#include "overlap-compare-private.h"
#include "overlap-trace-private.h"

/* Logs that record jobs but not the workers that ran them (a .ninja_log, meson's
 * testlog.json): the jobs are packed onto as few worker lanes as hold them. */

static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  const OverlapPackItem *ia = a, *ib = b;

  return _OVERLAP_CMP (ia->start, ib->start) ?: _OVERLAP_CMP (ia->end, ib->end) ?:
         _OVERLAP_CMP (ia->index, ib->index);
}

guint
_overlap_free_lane (GArray *busy,
                    gint64  start)
{
  gint64 latest = G_MININT64;
  guint lane = G_MAXUINT;

  for (guint l = 0; l < busy->len; l++)
    {
      gint64 until = g_array_index (busy, gint64, l);

      if (until <= start && until > latest)
        {
          latest = until;
          lane = l;
        }
    }
  return lane;
}

guint
_overlap_pack_lanes (GArray *items)
{
  g_autoptr(GArray) busy = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_array_sort (items, compare_items);
  for (guint i = 0; i < items->len; i++)
    {
      OverlapPackItem *item = &g_array_index (items, OverlapPackItem, i);
      guint lane = _overlap_free_lane (busy, item->start);

      if (lane == G_MAXUINT)
        {
          lane = busy->len;
          g_array_set_size (busy, busy->len + 1);
        }
      g_array_index (busy, gint64, lane) = item->end;
      item->lane = lane;
    }
  return busy->len;
}

void
_overlap_worker_job_clear (gpointer data)
{
  OverlapWorkerJob *job = data;

  g_clear_pointer (&job->label, g_free);
  g_clear_pointer (&job->detail, g_free);
}

static OverlapMarkKind
mark_for (OverlapResult result)
{
  switch (result)
    {
    case OVERLAP_RESULT_FAILED: return OVERLAP_MARK_ERROR;
    case OVERLAP_RESULT_CANCELLED: return OVERLAP_MARK_CANCEL;
    case OVERLAP_RESULT_TIMED_OUT: return OVERLAP_MARK_TIMEOUT;
    case OVERLAP_RESULT_SKIPPED: return OVERLAP_MARK_SKIP;
    case OVERLAP_RESULT_OK:
    case OVERLAP_RESULT_PENDING:
    default: return OVERLAP_MARK_DONE;
    }
}

static void
add_job (OverlapRun             *run,
         guint                   lane,
         const OverlapWorkerJob *job)
{
  guint span = overlap_run_add_span (run, lane, OVERLAP_PHASE_RUNNING, job->start, job->end, job->label);

  overlap_run_set_span_info (run, span, job->result | OVERLAP_SPAN_KIND_FLAGS (job->kind), job->detail);
  overlap_run_add_mark (run, lane, mark_for (job->result), job->end, 0);
}

/* A finished run of @jobs (OverlapWorkerJob): they are packed onto lanes
 * "worker 1", "worker 2"… of @kind, each job's span and mark added on its
 * lane in order of start, and each lane is then done (ok) over its spans. */
OverlapRun *
_overlap_worker_run_new (const char *title,
                         const char *strategy,
                         const char *kind,
                         GArray     *jobs)
{
  g_autoptr(GArray) items = g_array_sized_new (FALSE, FALSE, sizeof (OverlapPackItem), jobs->len);
  OverlapRun *run = overlap_run_new (title, strategy);
  guint n_lanes;

  for (guint i = 0; i < jobs->len; i++)
    {
      const OverlapWorkerJob *job = &g_array_index (jobs, OverlapWorkerJob, i);
      OverlapPackItem item = { job->start, job->end, i, 0 };

      g_array_append_val (items, item);
    }
  n_lanes = _overlap_pack_lanes (items);

  for (guint l = 0; l < n_lanes; l++)
    {
      g_autofree char *label = g_strdup_printf (_("worker %u"), l + 1);

      overlap_run_add_lane (run, label, kind, NULL);
    }

  for (guint i = 0; i < items->len; i++)
    {
      const OverlapPackItem *item = &g_array_index (items, OverlapPackItem, i);

      add_job (run, item->lane, &g_array_index (jobs, OverlapWorkerJob, item->index));
    }

  for (guint l = 0; l < n_lanes; l++)
    {
      const OverlapLane *lane = overlap_run_get_lane (run, l);

      overlap_run_restore_lane (run, l,
                                &(OverlapRestoredLane) {
                                  .result = OVERLAP_RESULT_OK,
                                  .start = lane->start,
                                  .end = lane->end,
                                  .flags = OVERLAP_LANE_WORKED,
                                });
    }
  overlap_run_restore_state (run, OVERLAP_RUN_FINISHED, overlap_run_get_wall_time (run));

  return run;
}
