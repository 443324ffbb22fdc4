/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-code-view"

#include "config.h"

#include <string.h>

#include "overlap-code-view-private.h"

/* The chart and the code point at each other: the bar hovered or selected
 * highlights its task's line (overlap_code_view_point_task()), and the tasks
 * of the cursor's line are told with "cursor-tasks-changed" for the chart to
 * frame. Each pane's task_lines is the map from a task (lane) to its line. */

enum {
  CURSOR_TASKS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Brings @line (1-based) into view, at @align of the height if it must scroll */
void
_overlap_code_view_scroll_to_line (_OverlapCodePane *pane,
                                   guint             line,
                                   gboolean          use_align,
                                   double            align)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (pane->buffer);
  GtkTextMark *mark = gtk_text_buffer_get_mark (buffer, "overlap-scroll");
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_line (buffer, &iter, line - 1);
  if (mark == NULL)
    mark = gtk_text_buffer_create_mark (buffer, "overlap-scroll", &iter, TRUE);
  else
    gtk_text_buffer_move_mark (buffer, mark, &iter);
  gtk_text_view_scroll_to_mark (GTK_TEXT_VIEW (pane->view), mark, use_align ? 0 : 0.15, use_align, 0, align);
}

/* The line of the task pointed at, in @pane, highlighted and scrolled to */
static void
point_line (_OverlapCodePane *pane,
            guint             line)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (pane->buffer);
  GtkTextIter start, end;

  if (line > (guint) gtk_text_buffer_get_line_count (buffer))
    line = 0;
  if (pane->pointed_line == line)
    return;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag (buffer, pane->pointed_tag, &start, &end);
  pane->pointed_line = line;
  if (line == 0)
    return;
  gtk_text_buffer_get_iter_at_line (buffer, &start, line - 1);
  end = start;
  if (!gtk_text_iter_ends_line (&end))
    gtk_text_iter_forward_to_line_end (&end);
  gtk_text_iter_forward_char (&end);
  gtk_text_buffer_apply_tag (buffer, pane->pointed_tag, &start, &end);
  _overlap_code_view_scroll_to_line (pane, line, FALSE, 0.5);
}

/* After @pane's text changed: the line of the task pointed at, if it is this
 * pane's (the source's, or the generated programs') */
void
_overlap_code_view_repoint_pane (OverlapCodeView  *self,
                                 _OverlapCodePane *pane)
{
  gboolean source_pane = pane == &self->panes[_OVERLAP_CODE_PANE_SOURCE];

  if (self->pointed_task >= 0 && self->pointed_in_source == source_pane &&
      (guint) self->pointed_task < pane->task_lines->len)
    point_line (pane, g_array_index (pane->task_lines, guint, self->pointed_task));
}

/* Cursor → chart */

void
_overlap_code_view_update_cursor_tasks (OverlapCodeView *self)
{
  _OverlapCodePane *pane = _overlap_code_view_visible_pane (self);
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (pane->buffer);
  g_autoptr(GArray) tasks = g_array_new (FALSE, FALSE, sizeof (guint));
  GtkTextIter cursor;
  guint line;

  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  line = gtk_text_iter_get_line (&cursor) + 1;
  /* at the start of the text, before the user moved it, the cursor points at nothing */
  if (gtk_text_iter_is_start (&cursor) && !gtk_widget_has_focus (GTK_WIDGET (pane->view)))
    line = 0;
  for (guint i = 0; line > 0 && i < pane->task_lines->len; i++)
    if (g_array_index (pane->task_lines, guint, i) == line)
      g_array_append_val (tasks, i);

  if (tasks->len == self->cursor_tasks->len &&
      (tasks->len == 0 || memcmp (tasks->data, self->cursor_tasks->data, tasks->len * sizeof (guint)) == 0))
    return;
  g_array_set_size (self->cursor_tasks, 0);
  g_array_append_vals (self->cursor_tasks, tasks->data, tasks->len);
  g_signal_emit (self, signals[CURSOR_TASKS_CHANGED], 0);
}

static void
cursor_moved_cb (GtkTextBuffer   *buffer,
                 GParamSpec      *pspec,
                 OverlapCodeView *self)
{
  if (GTK_TEXT_BUFFER (_overlap_code_view_visible_pane (self)->buffer) == buffer)
    _overlap_code_view_update_cursor_tasks (self);
}

void
_overlap_code_view_class_init_pointing (GObjectClass *object_class)
{
  /* The tasks whose line the cursor is on changed (overlap_code_view_get_cursor_tasks()) */
  signals[CURSOR_TASKS_CHANGED] =
    g_signal_new ("cursor-tasks-changed", G_TYPE_FROM_CLASS (object_class), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

void
_overlap_code_view_init_pointing (OverlapCodeView *self)
{
  for (guint i = 0; i < _OVERLAP_CODE_N_PANES; i++)
    g_signal_connect_object (self->panes[i].buffer, "notify::cursor-position",
                             G_CALLBACK (cursor_moved_cb), self, 0);
}

/* The bar of @task (a lane of @run) is hovered or selected: its line is
 * highlighted and scrolled into view, in the generated programs, or in the
 * watched program's source when @run is the source run. -1: none. */
void
overlap_code_view_point_task (OverlapCodeView *self,
                              OverlapRun      *run,
                              int              task)
{
  gboolean in_source;

  g_return_if_fail (OVERLAP_IS_CODE_VIEW (self));
  g_return_if_fail (run == NULL || OVERLAP_IS_RUN (run));

  in_source = run != NULL && run == self->source_run;
  self->pointed_task = task;
  self->pointed_in_source = in_source;
  if (in_source && task >= 0)
    {
      guint line = 0;
      const char *file = overlap_run_get_task_source (run, task, &line);

      if (file != NULL && g_strcmp0 (file, self->source_path) != 0)
        overlap_code_view_show_source (self, file, line);
      _overlap_code_view_update_source_lines (self);
    }
  for (guint i = 0; i < _OVERLAP_CODE_N_PANES; i++)
    {
      _OverlapCodePane *pane = &self->panes[i];
      gboolean source_pane = i == _OVERLAP_CODE_PANE_SOURCE;
      guint line = 0;

      if (task >= 0 && source_pane == in_source && (guint) task < pane->task_lines->len)
        line = g_array_index (pane->task_lines, guint, task);
      point_line (pane, line);
    }
}

/* The line (1-based) highlighted for the task pointed at on @page, 0 if none */
guint
overlap_code_view_get_pointed_line (OverlapCodeView *self,
                                    const char      *page)
{
  _OverlapCodePane *pane;

  g_return_val_if_fail (OVERLAP_IS_CODE_VIEW (self), 0);
  pane = _overlap_code_view_pane_named (self, page);
  return pane ? pane->pointed_line : 0;
}

/* The tasks (lanes) whose line the cursor is on, on the page shown; @run says
 * whose: the source run on the "source" page, NULL (every run of the scenario)
 * on the generated programs'. */
const guint *
overlap_code_view_get_cursor_tasks (OverlapCodeView  *self,
                                    guint            *n_tasks,
                                    OverlapRun      **run)
{
  g_return_val_if_fail (OVERLAP_IS_CODE_VIEW (self), NULL);

  if (n_tasks != NULL)
    *n_tasks = self->cursor_tasks->len;
  if (run != NULL)
    *run = _overlap_code_view_visible_pane (self) == &self->panes[_OVERLAP_CODE_PANE_SOURCE] ?
           self->source_run : NULL;
  return (const guint *) self->cursor_tasks->data;
}

