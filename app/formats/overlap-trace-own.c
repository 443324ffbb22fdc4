/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-trace"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "overlap-trace-events-private.h"

/* Overlap's own traces (an "overlap_run" metadata event in the process):
 * restored field by field, lane for lane, as overlap-trace-writer.c wrote them. */

static int
phase_from_string (const char *name)
{
  if (name == NULL)
    return -1;
  for (guint i = 0; i < OVERLAP_N_PHASES; i++)
    if (g_str_equal (name, overlap_phase_to_string (i)))
      return i;
  return -1;
}

static OverlapMarkKind
mark_from_string (const char *name)
{
  if (name != NULL)
    for (guint i = 0; i < OVERLAP_N_MARKS; i++)
      if (g_str_equal (name, overlap_mark_to_string (i)))
        return i;
  return OVERLAP_MARK_INSTANT;
}

void
_overlap_trace_replay_own_event (TraceReader      *reader,
                  ProcessInfo      *process,
                  ThreadInfo       *thread,
                  const TraceEvent *event)
{
  const OverlapJsonValue *args = &event->members.args;
  g_autofree char *name = _overlap_json_string_dup (&event->members.name);

  if (event->ph == 'X')
    {
      int phase = phase_from_string (_overlap_trace_args_string (reader, args, "phase"));
      const char *label = _overlap_trace_args_string (reader, args, "label");
      const char *detail = _overlap_trace_args_string (reader, args, "detail");
      gint64 flags = _overlap_trace_args_int_or (args, "flags", 0);
      guint span;

      if (phase < 0)
        {
          phase = OVERLAP_PHASE_OTHER;
          if (label == NULL)
            label = name;
        }
      span = overlap_run_add_span (process->run, thread->lane, phase, event->ts - process->base,
                                   event->ts + event->dur - process->base, label);
      if (flags != 0 || detail != NULL)
        overlap_run_set_span_info (process->run, span, (guint16) CLAMP (flags, 0, G_MAXUINT16), detail);
    }
  else if (event->ph == 'i' || event->ph == 'I')
    overlap_run_add_mark (process->run, thread->lane, mark_from_string (name),
                          event->ts - process->base,
                          (guint32) CLAMP (_overlap_trace_args_int_or (args, "value", 0), 0, G_MAXUINT32));
  /* Overlap writes no B/E nor async events; others in its processes are laid out as plain ones. */
}

static OverlapResult
result_from_string (const char *name)
{
  static const OverlapResult results[] = {
    OVERLAP_RESULT_PENDING, OVERLAP_RESULT_OK, OVERLAP_RESULT_FAILED,
    OVERLAP_RESULT_CANCELLED, OVERLAP_RESULT_TIMED_OUT, OVERLAP_RESULT_SKIPPED,
  };

  if (name != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (results); i++)
      if (g_str_equal (name, overlap_result_to_string (results[i])))
        return results[i];
  return OVERLAP_RESULT_PENDING;
}

static OverlapRunState
run_state_from_string (const char *name)
{
  if (g_strcmp0 (name, "pending") == 0)
    return OVERLAP_RUN_PENDING;
  if (g_strcmp0 (name, "cancelled") == 0)
    return OVERLAP_RUN_CANCELLED;
  /* A run saved while live is a snapshot: it will not go on. */
  return OVERLAP_RUN_FINISHED;
}

/* Where the watched program created the lane's task (see the writer) */
static void
restore_source (TraceReader            *reader,
                OverlapRun             *run,
                guint                   lane,
                const OverlapJsonValue *lane_meta)
{
  const char *file = _overlap_trace_args_string (reader, lane_meta, "file");
  gint64 line = _overlap_trace_args_int_or (lane_meta, "line", 0);

  if (file != NULL && line > 0 && line <= G_MAXINT32)
    overlap_run_set_task_source (run, lane, file, (guint) line);
}

void
_overlap_trace_finish_own_process (TraceReader *reader,
                    ProcessInfo *process)
{
  OverlapRun *run = process->run;
  const OverlapJsonValue *meta = &process->overlap;
  g_autofree char *state_name = NULL;
  gint64 wall_time = overlap_run_get_wall_time (run);

  for (guint i = 0; i < process->threads->len; i++)
    {
      ThreadInfo *thread = g_ptr_array_index (process->threads, i);
      const OverlapJsonValue *lane_meta = &thread->overlap;
      const OverlapLane *lane;

      if (thread->lane == G_MAXUINT)
        continue;
      lane = overlap_run_get_lane (run, thread->lane);
      if (lane_meta->type == OVERLAP_JSON_OBJECT)
        {
          OverlapRestoredLane restored = {
            .result = result_from_string (_overlap_trace_args_string (reader, lane_meta, "result")),
            .message = _overlap_trace_args_string (reader, lane_meta, "message"),
            .completion = (gint) CLAMP (_overlap_trace_args_int_or (lane_meta, "completion", 0), 0, G_MAXINT),
            .start = _overlap_trace_args_int_or (lane_meta, "start", lane->start),
            .end = _overlap_trace_args_int_or (lane_meta, "end", lane->end),
            .bytes = (guint64) MAX (_overlap_trace_args_int_or (lane_meta, "bytes", 0), 0),
            .flags = (guint32) CLAMP (_overlap_trace_args_int_or (lane_meta, "flags", 0), 0, G_MAXUINT32),
          };

          overlap_run_restore_lane (run, thread->lane, &restored);
          restore_source (reader, run, thread->lane, lane_meta);
        }
      else
        overlap_run_restore_lane (run, thread->lane,
                                  &(OverlapRestoredLane) {
                                    .result = OVERLAP_RESULT_OK,
                                    .start = lane->start,
                                    .end = lane->end,
                                    .flags = lane->n_spans > 0 ? OVERLAP_LANE_WORKED : 0,
                                  });
    }

  state_name = g_strdup (_overlap_trace_args_string (reader, meta, "state"));
  if (g_strcmp0 (state_name, "live") != 0)
    wall_time = _overlap_trace_args_int_or (meta, "wall_time", wall_time);
  overlap_run_note_stall (run, _overlap_trace_args_int_or (meta, "longest_stall", 0));
  overlap_run_restore_state (run, run_state_from_string (state_name), wall_time);
}
