/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-run"

#include "config.h"

#include "overlap-run-private.h"

/* What a run holds beyond what its own tasks record as they go: the outcomes,
 * state and span details of a run read back from a file or replayed, spans
 * that nest, the replay's clock, and where a watched program created each task. */

/* Sets what importers know of a span beyond its times: its own result
 * (OVERLAP_SPAN_RESULT_MASK) and a longer description. */
void
overlap_run_set_span_info (OverlapRun *self,
                           guint       span,
                           guint16     flags,
                           const char *detail)
{
  guint32 detail_id;
  OverlapSpan *s;

  g_return_if_fail (OVERLAP_IS_RUN (self));
  g_return_if_fail (span < self->spans->len);

  detail_id = overlap_run_intern (self, detail);
  s = &g_array_index (self->spans, OverlapSpan, span);
  s->flags = flags;
  s->detail = detail_id;
}

/* Sets a lane's outcome as saved, e.g. by a trace export. Unlike
 * overlap_run_lane_finish() it adds no mark: the saved marks are restored
 * on their own. */
void
overlap_run_restore_lane (OverlapRun                *self,
                          guint                      lane,
                          const OverlapRestoredLane *restored)
{
  guint32 message_id;
  OverlapLane *l;

  g_return_if_fail (OVERLAP_IS_RUN (self));
  g_return_if_fail (lane < self->lanes->len);
  g_return_if_fail (restored != NULL);

  message_id = overlap_run_intern (self, restored->message);

  l = _overlap_run_lane_at (self, lane);
  _overlap_run_count_result (self, l->result, -1);
  l->result = restored->result;
  _overlap_run_count_result (self, restored->result, 1);
  l->message = message_id;
  l->completion = MAX (restored->completion, 0);
  l->start = restored->start;
  l->end = restored->end;
  l->bytes = restored->bytes;
  l->flags = restored->flags;

  if ((guint) l->completion > self->n_completed)
    self->n_completed = l->completion;
}

/* Sets a restored run's state and wall time, and adopts its "in flight"
 * counter (if any) as the one the statistics read. */
void
overlap_run_restore_state (OverlapRun      *self,
                           OverlapRunState  state,
                           gint64           wall_time)
{
  g_return_if_fail (OVERLAP_IS_RUN (self));

  for (guint i = 0; i < self->counters->len && self->in_flight_counter == G_MAXUINT; i++)
    if (g_strcmp0 (g_array_index (self->counters, OverlapCounter, i).name, "in flight") == 0)
      self->in_flight_counter = i;

  self->wall_time = MAX (0, wall_time);
  _overlap_run_set_state (self, state);
}

/* Opens a span at @start that stays open (growing with the run's clock) until
 * overlap_run_close_span(). Unlike overlap_run_set_phase() it leaves the lane's
 * other spans alone: replayed and imported lanes may nest. */
guint
overlap_run_open_span (OverlapRun   *self,
                       guint         lane,
                       OverlapPhase  phase,
                       gint64        start,
                       const char   *label)
{
  OverlapSpan span = { 0 };

  g_return_val_if_fail (OVERLAP_IS_RUN (self), 0);
  g_return_val_if_fail (lane < self->lanes->len, 0);

  span.start = start;
  span.end = -1;
  span.lane = lane;
  span.phase = MIN (phase, OVERLAP_PHASE_OTHER);
  span.label = overlap_run_intern (self, label);
  g_array_append_val (self->spans, span);
  _overlap_run_lane_at (self, lane)->n_spans++;

  return self->spans->len - 1;
}

void
overlap_run_close_span (OverlapRun *self,
                        guint       span,
                        gint64      end)
{
  OverlapSpan *s;

  g_return_if_fail (OVERLAP_IS_RUN (self));
  g_return_if_fail (span < self->spans->len);

  s = &g_array_index (self->spans, OverlapSpan, span);
  s->end = MAX (end, s->start);
}

void
overlap_run_set_clock (OverlapRun *self,
                       gint64      time)
{
  g_return_if_fail (OVERLAP_IS_RUN (self));
  self->clock = time;
}

gint64
overlap_run_get_clock (OverlapRun *self)
{
  g_return_val_if_fail (OVERLAP_IS_RUN (self), -1);
  return self->clock;
}

/* Where the program watched created the task of @lane: @file (as the program
 * named it) and @line, 1-based. A NULL or empty @file, or line 0, forgets it. */
void
overlap_run_set_task_source (OverlapRun *self,
                             guint       lane,
                             const char *file,
                             guint       line)
{
  TaskSource *source;

  g_return_if_fail (OVERLAP_IS_RUN (self));
  g_return_if_fail (lane < self->lanes->len);

  if (self->sources == NULL)
    {
      if (file == NULL || *file == '\0' || line == 0)
        return;
      self->sources = g_array_new (FALSE, TRUE, sizeof (TaskSource));
    }
  if (self->sources->len <= lane)
    g_array_set_size (self->sources, lane + 1);
  source = &g_array_index (self->sources, TaskSource, lane);
  if (file == NULL || *file == '\0' || line == 0)
    source->file = source->line = 0;
  else
    {
      source->file = overlap_run_intern (self, file);
      source->line = line;
    }
}

/* The file where the task of @lane was created, and its line in @line; NULL
 * (and 0) when the program did not say. */
const char *
overlap_run_get_task_source (OverlapRun *self,
                             guint       lane,
                             guint      *line)
{
  const TaskSource *source;

  if (line != NULL)
    *line = 0;
  g_return_val_if_fail (OVERLAP_IS_RUN (self), NULL);

  if (self->sources == NULL || lane >= self->sources->len)
    return NULL;
  source = &g_array_index (self->sources, TaskSource, lane);
  if (source->file == 0)
    return NULL;
  if (line != NULL)
    *line = source->line;
  return overlap_run_string (self, source->file);
}

/* Whether some task has a source (overlap_run_get_task_source()) */
gboolean
overlap_run_has_task_sources (OverlapRun *self)
{
  g_return_val_if_fail (OVERLAP_IS_RUN (self), FALSE);
  return self->sources != NULL;
}
