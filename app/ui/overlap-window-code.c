/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-window"

#include "config.h"

#include "overlap-window-private.h"

/* The chart and the code view point at each other: the bar hovered, or else
 * the task selected, has its line highlighted in the code; the lanes of the
 * code's cursor line are framed in the chart. The code view follows the
 * chart's recording (the live one or a replay's) for its gutter marks and a
 * watched program's source. */

static int
run_index (OverlapRecording *recording,
           OverlapRun       *run)
{
  for (guint i = 0; recording != NULL && i < overlap_recording_get_n_runs (recording); i++)
    if (overlap_recording_get_run (recording, i) == run)
      return i;
  return -1;
}

static void
point_code (OverlapWindow *self)
{
  OverlapRecording *recording = overlap_gantt_view_get_recording (self->gantt_view);
  int run, lane;

  overlap_gantt_view_get_hovered (self->gantt_view, &run, &lane);
  if (run < 0 || lane < 0)
    {
      run = overlap_selection_get_run (self->selection);
      lane = overlap_selection_get_lane (self->selection);
    }
  if (recording == NULL || run < 0 || lane < 0 || (guint) run >= overlap_recording_get_n_runs (recording))
    overlap_code_view_point_task (self->code_view, NULL, -1);
  else
    overlap_code_view_point_task (self->code_view, overlap_recording_get_run (recording, run), lane);
}

static void
cursor_tasks_cb (OverlapWindow *self)
{
  OverlapRun *run = NULL;
  guint n_tasks = 0;
  const guint *tasks = overlap_code_view_get_cursor_tasks (self->code_view, &n_tasks, &run);
  int index = -1;

  if (run != NULL && (index = run_index (overlap_gantt_view_get_recording (self->gantt_view), run)) < 0)
    n_tasks = 0;   /* that run is not in the chart */
  overlap_gantt_view_set_highlight (self->gantt_view, index, tasks, n_tasks);
}

/* A run begins: with no run selected, the code shown is the live run's
 * strategy (sequential first, then gather, … as the comparison goes) */
static void
runs_changed_cb (OverlapWindow *self)
{
  OverlapRecording *recording = overlap_gantt_view_get_recording (self->gantt_view);

  if (recording == NULL || self->strategies == NULL || self->scenario == NULL ||
      overlap_selection_get_run (self->selection) >= 0)
    return;
  for (guint i = overlap_recording_get_n_runs (recording); i > 0; i--)
    {
      OverlapRun *run = overlap_recording_get_run (recording, i - 1);

      if ((!overlap_run_is_live (run) && overlap_run_get_state (run) != OVERLAP_RUN_PENDING) ||
          overlap_run_has_task_sources (run))
        continue;
      for (guint k = 0; k < self->strategies->len; k++)
        {
          const OverlapStrategy *strategy = &g_array_index (self->strategies, OverlapStrategy, k);
          g_autofree char *name = overlap_strategy_to_string (strategy);

          if (g_strcmp0 (name, overlap_run_get_strategy (run)) == 0)
            {
              overlap_code_view_set_scenario (self->code_view, self->scenario, strategy);
              return;
            }
        }
    }
}

static void
recording_cb (OverlapWindow *self)
{
  OverlapRecording *recording = overlap_gantt_view_get_recording (self->gantt_view);

  /* the live recording's runs, or a replay's as they come again */
  if (self->code_recording != recording)
    {
      if (self->code_recording != NULL)
        {
          g_signal_handler_disconnect (self->code_recording, self->code_runs_id);
          g_object_remove_weak_pointer (G_OBJECT (self->code_recording), (gpointer *) &self->code_recording);
        }
      self->code_recording = recording;
      self->code_runs_id = 0;
      if (recording != NULL)
        {
          g_object_add_weak_pointer (G_OBJECT (recording), (gpointer *) &self->code_recording);
          self->code_runs_id = g_signal_connect_object (recording, "items-changed", G_CALLBACK (runs_changed_cb),
                                                        self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
        }
    }
  overlap_code_view_set_recording (self->code_view, recording);
  cursor_tasks_cb (self);
  runs_changed_cb (self);
}

void
_overlap_window_init_code (OverlapWindow *self)
{
  g_signal_connect_object (self->gantt_view, "hover-changed", G_CALLBACK (point_code), self, G_CONNECT_SWAPPED);
  /* after the code view has followed the selected run's strategy */
  g_signal_connect_object (self->selection, "changed", G_CALLBACK (point_code), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_object (self->code_view, "cursor-tasks-changed", G_CALLBACK (cursor_tasks_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->gantt_view, "notify::recording", G_CALLBACK (recording_cb), self,
                           G_CONNECT_SWAPPED);
  recording_cb (self);
}

void
_overlap_window_dispose_code (OverlapWindow *self)
{
  if (self->code_recording != NULL)
    {
      g_signal_handler_disconnect (self->code_recording, self->code_runs_id);
      g_object_remove_weak_pointer (G_OBJECT (self->code_recording), (gpointer *) &self->code_recording);
      self->code_recording = NULL;
      self->code_runs_id = 0;
    }
}
