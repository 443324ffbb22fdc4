/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-code-view"

#include "config.h"

#include "overlap-code-view-private.h"

/* Live gutter marks: during a run each line that starts tasks carries a mark
 * for their state, from the last run of the strategy shown (the generated
 * programs) and from the source run (a watched program's source). While a run
 * moves, the marks follow it every MARKS_INTERVAL. */

#define MARKS_INTERVAL 100               /* ms between gutter updates while live */

/* The gutter mark of a line: the state of its tasks */
typedef enum
{
  LINE_NONE,
  LINE_DONE,
  LINE_FAILED,
  LINE_QUEUED,
  LINE_WAITING,
  LINE_RUNNING,
  N_LINE_STATES
} LineState;

static const struct
{
  const char *category;
  const char *icon;
  const char *color;
} line_marks[N_LINE_STATES] = {
  [LINE_DONE] = { "overlap-done", "object-select-symbolic", "rgba(46,194,126,0.16)" },
  [LINE_FAILED] = { "overlap-failed", "dialog-error-symbolic", "rgba(224,27,36,0.20)" },
  [LINE_QUEUED] = { "overlap-queued", "view-more-horizontal-symbolic", "rgba(154,160,166,0.22)" },
  [LINE_WAITING] = { "overlap-waiting", "alarm-symbolic", "rgba(86,180,233,0.28)" },
  [LINE_RUNNING] = { "overlap-running", "media-playback-start-symbolic", "rgba(0,114,178,0.30)" },
};

static LineState
lane_state (OverlapRun *run,
            guint       lane_index)
{
  const OverlapLane *lane = overlap_run_get_lane (run, lane_index);
  guint n_spans;
  const OverlapSpan *spans;

  if (lane == NULL)
    return LINE_NONE;
  if (lane->end >= 0 || lane->result != OVERLAP_RESULT_PENDING)
    return lane->result == OVERLAP_RESULT_OK || lane->result == OVERLAP_RESULT_PENDING ? LINE_DONE : LINE_FAILED;
  /* the open span says what it does now (a replay's lanes have no other state) */
  spans = overlap_run_get_spans (run, &n_spans);
  if (lane->open_span < n_spans)
    {
      OverlapPhase phase = spans[lane->open_span].phase;

      return phase == OVERLAP_PHASE_QUEUED ? LINE_QUEUED :
             phase == OVERLAP_PHASE_WAITING ? LINE_WAITING : LINE_RUNNING;
    }
  if (lane->start >= 0 && lane->n_spans > 0 && !(lane->flags & OVERLAP_LANE_IN_FLIGHT))
    {
      /* a replay opens spans without a lane's state: its latest span still
       * open, among the last ones */
      for (guint i = n_spans, seen = 0; i > 0 && seen < 4096; i--, seen++)
        if (spans[i - 1].lane == lane_index && spans[i - 1].end < 0)
          return spans[i - 1].phase == OVERLAP_PHASE_QUEUED ? LINE_QUEUED :
                 spans[i - 1].phase == OVERLAP_PHASE_WAITING ? LINE_WAITING : LINE_RUNNING;
    }
  if (lane->start < 0 || !(lane->flags & OVERLAP_LANE_IN_FLIGHT))
    return LINE_QUEUED;
  return LINE_RUNNING;
}

/* Marks each line of @pane that starts tasks of @run with their state: running
 * over waiting over queued over failed over done. */
void
_overlap_code_view_mark_pane (_OverlapCodePane *pane,
                              OverlapRun       *run)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (pane->buffer);
  guint n_lines = gtk_text_buffer_get_line_count (buffer);
  g_autoptr(GArray) states = g_array_new (FALSE, TRUE, sizeof (guint8));
  guint n_lanes = 0;

  g_array_set_size (states, n_lines + 1);
  if (run != NULL)
    overlap_run_get_lanes (run, &n_lanes);
  for (guint i = 0; i < pane->task_lines->len && i < n_lanes; i++)
    {
      guint line = g_array_index (pane->task_lines, guint, i);
      guint8 *state;

      if (line == 0 || line > n_lines)
        continue;
      state = &g_array_index (states, guint8, line);
      *state = MAX (*state, lane_state (run, i));
    }

  if (pane->line_states->len != states->len)
    {
      g_array_set_size (pane->line_states, 0);
      g_array_set_size (pane->line_states, states->len);
    }
  for (guint line = 1; line <= n_lines; line++)
    {
      guint8 state = g_array_index (states, guint8, line);
      GtkTextIter start, end;

      if (g_array_index (pane->line_states, guint8, line) == state)
        continue;
      g_array_index (pane->line_states, guint8, line) = state;
      gtk_text_buffer_get_iter_at_line (buffer, &start, line - 1);
      end = start;
      if (!gtk_text_iter_ends_line (&end))
        gtk_text_iter_forward_to_line_end (&end);
      for (guint k = LINE_NONE + 1; k < N_LINE_STATES; k++)
        gtk_source_buffer_remove_source_marks (pane->buffer, &start, &end, line_marks[k].category);
      if (state != LINE_NONE)
        gtk_source_buffer_create_source_mark (pane->buffer, NULL, line_marks[state].category, &start);
    }
}

static gboolean
run_moving (OverlapRun *run)
{
  return run != NULL && (overlap_run_is_live (run) || overlap_run_get_state (run) == OVERLAP_RUN_PENDING);
}

static gboolean
moving (OverlapCodeView *self)
{
  return run_moving (self->run) || run_moving (self->source_run) ||
         (self->recording != NULL && overlap_recording_is_live (self->recording));
}

/* From the recording: the last run of the strategy shown, and the last run
 * whose tasks say where they were created */
static void
pick_runs (OverlapCodeView *self)
{
  OverlapRun *run = NULL, *source_run = NULL;
  g_autofree char *strategy = NULL;
  guint selected = gtk_drop_down_get_selected (self->strategy_dropdown);

  if (self->recording == NULL)
    return;
  if (selected != GTK_INVALID_LIST_POSITION && selected < self->strategies->len)
    strategy = overlap_strategy_to_string (&g_array_index (self->strategies, OverlapStrategy, selected));
  for (guint i = overlap_recording_get_n_runs (self->recording); i > 0; i--)
    {
      OverlapRun *r = overlap_recording_get_run (self->recording, i - 1);

      if (overlap_run_has_task_sources (r))
        {
          if (source_run == NULL)
            source_run = r;
        }
      else if (run == NULL && strategy != NULL && g_strcmp0 (overlap_run_get_strategy (r), strategy) == 0)
        run = r;
    }
  if (g_set_object (&self->run, run) && run != NULL)
    {
      /* a run of the strategy shown: its tasks' lines come into view */
      for (guint i = _OVERLAP_CODE_PANE_PYTHON; i <= _OVERLAP_CODE_PANE_C; i++)
        {
          _OverlapCodePane *pane = &self->panes[i];
          guint first = G_MAXUINT;

          for (guint k = 0; k < pane->task_lines->len; k++)
            first = MIN (first, g_array_index (pane->task_lines, guint, k));
          if (first != G_MAXUINT && first > 0 && pane->pointed_line == 0)
            _overlap_code_view_scroll_to_line (pane, first, TRUE, 0.25);
        }
    }
  if (source_run != self->source_run)
    overlap_code_view_set_source_run (self, source_run);
}

static gboolean
marks_cb (gpointer data)
{
  OverlapCodeView *self = data;

  pick_runs (self);
  _overlap_code_view_update_marks (self);
  if (moving (self))
    return G_SOURCE_CONTINUE;
  self->marks_id = 0;
  return G_SOURCE_REMOVE;
}

void
_overlap_code_view_watch_runs (OverlapCodeView *self)
{
  pick_runs (self);
  _overlap_code_view_update_marks (self);
  if (self->marks_id == 0 && moving (self))
    self->marks_id = g_timeout_add (MARKS_INTERVAL, marks_cb, self);
}

void
_overlap_code_view_update_marks (OverlapCodeView *self)
{
  _overlap_code_view_mark_pane (&self->panes[_OVERLAP_CODE_PANE_PYTHON], self->run);
  _overlap_code_view_mark_pane (&self->panes[_OVERLAP_CODE_PANE_C], self->run);
  if (self->source_run != NULL && self->source_path == NULL)
    {
      guint n_lanes = 0;

      /* the first task that says where it was created opens its file */
      overlap_run_get_lanes (self->source_run, &n_lanes);
      for (guint i = 0; i < n_lanes; i++)
        {
          guint line;
          const char *file = overlap_run_get_task_source (self->source_run, i, &line);

          if (file != NULL)
            {
              overlap_code_view_show_source (self, file, line);
              break;
            }
        }
    }
  _overlap_code_view_update_source_lines (self);
  _overlap_code_view_mark_pane (&self->panes[_OVERLAP_CODE_PANE_SOURCE], self->source_run);
}

void
_overlap_code_view_init_marks (OverlapCodeView *self)
{
  self->recording_signals = g_signal_group_new (OVERLAP_TYPE_RECORDING);
  g_signal_group_connect_swapped (self->recording_signals, "items-changed",
                                  G_CALLBACK (_overlap_code_view_watch_runs), self);

  for (guint p = 0; p < _OVERLAP_CODE_N_PANES; p++)
    for (guint i = LINE_NONE + 1; i < N_LINE_STATES; i++)
      {
        g_autoptr(GtkSourceMarkAttributes) attributes = gtk_source_mark_attributes_new ();
        GdkRGBA color;

        gdk_rgba_parse (&color, line_marks[i].color);
        gtk_source_mark_attributes_set_background (attributes, &color);
        gtk_source_mark_attributes_set_icon_name (attributes, line_marks[i].icon);
        gtk_source_view_set_mark_attributes (self->panes[p].view, line_marks[i].category, attributes, i);
      }
}

void
_overlap_code_view_dispose_marks (OverlapCodeView *self)
{
  g_clear_handle_id (&self->marks_id, g_source_remove);
  g_clear_object (&self->recording_signals);
  g_clear_object (&self->recording);
  g_clear_object (&self->run);
}

/* The run whose tasks' states mark the generated programs' lines (the run of
 * the strategy shown), NULL for none */
void
overlap_code_view_set_run (OverlapCodeView *self,
                           OverlapRun      *run)
{
  g_return_if_fail (OVERLAP_IS_CODE_VIEW (self));
  g_return_if_fail (run == NULL || OVERLAP_IS_RUN (run));

  if (!g_set_object (&self->run, run))
    return;
  _overlap_code_view_watch_runs (self);
}

/* The gutter mark of @line (1-based) on @page: "overlap-queued",
 * "overlap-waiting", "overlap-running", "overlap-done", "overlap-failed", or
 * NULL */
const char *
overlap_code_view_get_line_mark (OverlapCodeView *self,
                                 const char      *page,
                                 guint            line)
{
  _OverlapCodePane *pane;
  GSList *marks;
  const char *category = NULL;

  g_return_val_if_fail (OVERLAP_IS_CODE_VIEW (self), NULL);
  pane = _overlap_code_view_pane_named (self, page);
  if (pane == NULL || line == 0 ||
      line > (guint) gtk_text_buffer_get_line_count (GTK_TEXT_BUFFER (pane->buffer)))
    return NULL;
  marks = gtk_source_buffer_get_source_marks_at_line (pane->buffer, line - 1, NULL);
  for (GSList *l = marks; l != NULL && category == NULL; l = l->next)
    for (guint i = LINE_NONE + 1; i < N_LINE_STATES; i++)
      if (g_strcmp0 (gtk_source_mark_get_category (l->data), line_marks[i].category) == 0)
        category = line_marks[i].category;
  g_slist_free (marks);
  return category;
}

/* The runs shown beside the code: the last one of the strategy shown marks
 * the programs' lines as it goes, the last one whose tasks say where they
 * were created (a watched program's) opens its source. */
void
overlap_code_view_set_recording (OverlapCodeView  *self,
                                 OverlapRecording *recording)
{
  g_return_if_fail (OVERLAP_IS_CODE_VIEW (self));
  g_return_if_fail (recording == NULL || OVERLAP_IS_RECORDING (recording));

  if (!g_set_object (&self->recording, recording))
    return;
  g_signal_group_set_target (self->recording_signals, recording);
  if (recording == NULL)
    {
      g_clear_object (&self->run);
      overlap_code_view_set_source_run (self, NULL);
    }
  _overlap_code_view_watch_runs (self);
}

