/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-code-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "overlap-code-view.h"
#include "overlap-code-gen.h"

/* The equivalent program of the current scenario and strategy, in Python
 * asyncio and in GLib C, in two read-only GtkSourceView views with Copy
 * buttons; a third shows the source of a program watched through the live
 * feed when its probe says where tasks were created. The texts come from
 * overlap_code_python_with_lines() and overlap_code_c_with_lines()
 * (app/codegen/), with the line that starts each task: the chart's bars and
 * these lines point at each other (overlap_code_view_point_task() and the
 * "cursor-tasks-changed" signal), and during a run each task's line carries a
 * gutter mark for its state. */

#define SOURCE_LIMIT (4 * 1024 * 1024)   /* bytes of a watched program's file shown */
#define MARKS_INTERVAL 100               /* ms between gutter updates while live */

typedef enum
{
  PANE_PYTHON,
  PANE_C,
  PANE_SOURCE,
  N_PANES
} PaneId;

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

typedef struct
{
  GtkSourceView   *view;
  GtkSourceBuffer *buffer;
  GArray          *task_lines;    /* guint per task (lane): its line, 1-based, 0 = none */
  GtkTextTag      *pointed_tag;   /* the line of the bar hovered or selected */
  guint            pointed_line;  /* 0 = none */
  GArray          *line_states;   /* guint8 LineState per line, as marked */
} Pane;

struct _OverlapCodeView
{
  GtkWidget        parent_instance;

  AdwToastOverlay *toast_overlay;
  GtkDropDown     *strategy_dropdown;
  GtkStringList   *strategy_list;
  GtkStack        *stack;
  GtkSourceView   *python_view;
  GtkSourceView   *c_view;
  GtkSourceView   *source_view;
  GtkStackPage    *source_page;
  GtkLabel        *python_file_label;
  GtkLabel        *c_file_label;
  GtkLabel        *source_file_label;
  GtkLabel        *source_message;

  Pane             panes[N_PANES];
  GtkCssProvider  *css;           /* the text scale, for the views under css_class */
  char            *css_class;     /* this code view's own ("code-scale-3") */
  double           text_scale;

  OverlapScenario *scenario;
  GArray          *strategies;    /* of OverlapStrategy, as listed in the dropdown */
  char            *python;
  char            *c;
  gboolean         updating;

  OverlapRecording *recording;    /* where run and source_run are picked from */
  OverlapRun      *run;           /* its lanes' states mark the programs' lines */
  OverlapRun      *source_run;    /* a watched program's, with task sources */
  char            *source_path;   /* the file shown, as the program named it */
  GCancellable    *source_cancellable;
  guint            marks_id;

  GArray          *cursor_tasks;  /* guint: the tasks of the cursor's line */
  int              pointed_task;  /* -1 = none */
  gboolean         pointed_in_source;
};

G_DEFINE_FINAL_TYPE (OverlapCodeView, overlap_code_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SCENARIO,
  N_PROPS
};

enum {
  CURSOR_TASKS_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void update_marks (OverlapCodeView *self);

/* Style and languages */

static void
update_scheme (OverlapCodeView *self)
{
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GtkSourceStyleScheme *scheme =
    gtk_source_style_scheme_manager_get_scheme (gtk_source_style_scheme_manager_get_default (),
                                                dark ? "Adwaita-dark" : "Adwaita");

  for (guint i = 0; i < N_PANES; i++)
    gtk_source_buffer_set_style_scheme (self->panes[i].buffer, scheme);
}

static void
set_language (Pane       *pane,
              const char *id)
{
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();

  gtk_source_buffer_set_language (pane->buffer, id ? gtk_source_language_manager_get_language (languages, id) : NULL);
}

static void
init_pane (OverlapCodeView *self,
           Pane            *pane,
           GtkSourceView   *view)
{
  GdkRGBA pointed;

  pane->view = view;
  pane->buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)));
  pane->task_lines = g_array_new (FALSE, TRUE, sizeof (guint));
  pane->line_states = g_array_new (FALSE, TRUE, sizeof (guint8));
  gtk_source_buffer_set_highlight_matching_brackets (pane->buffer, FALSE);
  gdk_rgba_parse (&pointed, "rgba(145,65,172,0.32)");
  pane->pointed_tag = gtk_text_buffer_create_tag (GTK_TEXT_BUFFER (pane->buffer), "overlap-pointed",
                                                  "paragraph-background-rgba", &pointed,
                                                  NULL);
  for (guint i = LINE_NONE + 1; i < N_LINE_STATES; i++)
    {
      g_autoptr(GtkSourceMarkAttributes) attributes = gtk_source_mark_attributes_new ();
      GdkRGBA color;

      gdk_rgba_parse (&color, line_marks[i].color);
      gtk_source_mark_attributes_set_background (attributes, &color);
      gtk_source_mark_attributes_set_icon_name (attributes, line_marks[i].icon);
      gtk_source_view_set_mark_attributes (view, line_marks[i].category, attributes, i);
    }
}

static void
clear_pane (Pane *pane)
{
  g_clear_pointer (&pane->task_lines, g_array_unref);
  g_clear_pointer (&pane->line_states, g_array_unref);
}

static Pane *
visible_pane (OverlapCodeView *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->stack);

  if (g_strcmp0 (name, "c") == 0)
    return &self->panes[PANE_C];
  if (g_strcmp0 (name, "source") == 0)
    return &self->panes[PANE_SOURCE];
  return &self->panes[PANE_PYTHON];
}

static void
set_text (Pane       *pane,
          const char *text,
          GArray     *task_lines)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (pane->buffer);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_source_buffer_remove_source_marks (pane->buffer, &start, &end, NULL);
  gtk_text_buffer_set_text (buffer, text ? text : "", -1);
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);
  pane->pointed_line = 0;
  g_array_set_size (pane->line_states, 0);
  g_array_set_size (pane->task_lines, 0);
  if (task_lines != NULL)
    g_array_append_vals (pane->task_lines, task_lines->data, task_lines->len);
}

/* Brings @line (1-based) into view, at @align of the height if it must scroll */
static void
scroll_to_line (Pane     *pane,
                guint     line,
                gboolean  use_align,
                double    align)
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
point_line (Pane  *pane,
            guint  line)
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
  scroll_to_line (pane, line, FALSE, 0.5);
}

/* Cursor → chart */

static void
update_cursor_tasks (OverlapCodeView *self)
{
  Pane *pane = visible_pane (self);
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
  if (GTK_TEXT_BUFFER (visible_pane (self)->buffer) == buffer)
    update_cursor_tasks (self);
}

/* Live gutter marks */

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
static void
mark_pane (Pane       *pane,
           OverlapRun *run)
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
      for (guint i = PANE_PYTHON; i <= PANE_C; i++)
        {
          Pane *pane = &self->panes[i];
          guint first = G_MAXUINT;

          for (guint k = 0; k < pane->task_lines->len; k++)
            first = MIN (first, g_array_index (pane->task_lines, guint, k));
          if (first != G_MAXUINT && first > 0 && pane->pointed_line == 0)
            scroll_to_line (pane, first, TRUE, 0.25);
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
  update_marks (self);
  if (moving (self))
    return G_SOURCE_CONTINUE;
  self->marks_id = 0;
  return G_SOURCE_REMOVE;
}

static void
watch_runs (OverlapCodeView *self)
{
  pick_runs (self);
  update_marks (self);
  if (self->marks_id == 0 && moving (self))
    self->marks_id = g_timeout_add (MARKS_INTERVAL, marks_cb, self);
}

/* Generated programs */

/* "abc", "bounded(3)" → "abc-bounded-3" */
static char *
file_stem (OverlapScenario       *scenario,
           const OverlapStrategy *strategy)
{
  g_autofree char *name = overlap_strategy_to_string (strategy);
  const char *scenario_name = overlap_scenario_get_name (scenario);
  GString *stem = g_string_new (scenario_name && *scenario_name ? scenario_name : "scenario");

  g_string_append_c (stem, '-');
  for (const char *p = name; *p != '\0'; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (stem, *p);
    else if (*p == '.' || *p == '(' || *p == '-')
      g_string_append_c (stem, '-');
  return g_string_free (stem, FALSE);
}

static void
regenerate (OverlapCodeView *self)
{
  guint selected = gtk_drop_down_get_selected (self->strategy_dropdown);
  const OverlapStrategy *strategy;
  g_autofree char *stem = NULL;
  g_autofree char *python_file = NULL;
  g_autofree char *c_file = NULL;
  g_autoptr(GArray) python_lines = NULL;
  g_autoptr(GArray) c_lines = NULL;

  g_clear_pointer (&self->python, g_free);
  g_clear_pointer (&self->c, g_free);

  if (self->scenario == NULL || self->strategies->len == 0)
    {
      set_text (&self->panes[PANE_PYTHON], NULL, NULL);
      set_text (&self->panes[PANE_C], NULL, NULL);
      gtk_label_set_label (self->python_file_label, "");
      gtk_label_set_label (self->c_file_label, "");
      update_cursor_tasks (self);
      return;
    }

  if (selected == GTK_INVALID_LIST_POSITION || selected >= self->strategies->len)
    selected = 0;
  strategy = &g_array_index (self->strategies, OverlapStrategy, selected);

  self->python = overlap_code_python_with_lines (self->scenario, strategy, &python_lines);
  self->c = overlap_code_c_with_lines (self->scenario, strategy, &c_lines);
  set_text (&self->panes[PANE_PYTHON], self->python, python_lines);
  set_text (&self->panes[PANE_C], self->c, c_lines);

  stem = file_stem (self->scenario, strategy);
  python_file = g_strconcat (stem, ".py", NULL);
  c_file = g_strconcat (stem, ".c", NULL);
  gtk_label_set_label (self->python_file_label, python_file);
  gtk_label_set_label (self->c_file_label, c_file);

  if (self->pointed_task >= 0 && !self->pointed_in_source)
    for (guint i = PANE_PYTHON; i <= PANE_C; i++)
      {
        Pane *pane = &self->panes[i];

        if ((guint) self->pointed_task < pane->task_lines->len)
          point_line (pane, g_array_index (pane->task_lines, guint, self->pointed_task));
      }
  if (self->recording != NULL)
    watch_runs (self);
  else
    update_marks (self);
  update_cursor_tasks (self);
}

static void
strategy_selected_cb (OverlapCodeView *self)
{
  if (!self->updating)
    regenerate (self);
}

static void
copy_text (OverlapCodeView *self,
           const char      *text,
           const char      *message)
{
  AdwToast *toast;

  if (text == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 2);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
copy_python_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  OverlapCodeView *self = OVERLAP_CODE_VIEW (widget);

  copy_text (self, self->python, _("Python program copied"));
}

static void
copy_c_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  OverlapCodeView *self = OVERLAP_CODE_VIEW (widget);

  copy_text (self, self->c, _("C program copied"));
}

/* A watched program's source */

/* The source pane's lines: the tasks of the source run created in the file shown */
static void
update_source_lines (OverlapCodeView *self)
{
  Pane *pane = &self->panes[PANE_SOURCE];
  guint n_lanes = 0;

  if (self->source_run == NULL || self->source_path == NULL)
    {
      g_array_set_size (pane->task_lines, 0);
      return;
    }
  overlap_run_get_lanes (self->source_run, &n_lanes);
  g_array_set_size (pane->task_lines, n_lanes);
  for (guint i = 0; i < n_lanes; i++)
    {
      guint line = 0;
      const char *file = overlap_run_get_task_source (self->source_run, i, &line);

      g_array_index (pane->task_lines, guint, i) = g_strcmp0 (file, self->source_path) == 0 ? line : 0;
    }
}

static void
update_marks (OverlapCodeView *self)
{
  mark_pane (&self->panes[PANE_PYTHON], self->run);
  mark_pane (&self->panes[PANE_C], self->run);
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
  update_source_lines (self);
  mark_pane (&self->panes[PANE_SOURCE], self->source_run);
}

static void
show_source_message (OverlapCodeView *self,
                     const char      *message)
{
  gtk_label_set_label (self->source_message, message);
  gtk_widget_set_visible (GTK_WIDGET (self->source_message), message != NULL);
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->source_view)), message == NULL);
}

typedef struct
{
  OverlapCodeView *self;
  GFile           *file;
  guint            line;
  guint8          *data;
} SourceLoad;

static void
source_load_free (SourceLoad *load)
{
  g_object_unref (load->file);
  g_free (load->data);
  g_free (load);
}

static void
source_loaded (OverlapCodeView *self,
               GFile           *file,
               const char      *text,
               gsize            len,
               guint            line)
{
  Pane *pane = &self->panes[PANE_SOURCE];
  g_autofree char *basename = g_file_get_basename (file);
  GtkSourceLanguage *language;

  set_text (pane, NULL, NULL);
  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (pane->buffer), text, len);
  language = gtk_source_language_manager_guess_language (gtk_source_language_manager_get_default (),
                                                         basename, NULL);
  /* a .py is taken for Python 2: the probe watches Python 3 */
  if (language != NULL && g_str_equal (gtk_source_language_get_id (language), "python"))
    language = gtk_source_language_manager_get_language (gtk_source_language_manager_get_default (), "python3");
  gtk_source_buffer_set_language (pane->buffer, language);
  show_source_message (self, NULL);
  update_source_lines (self);
  mark_pane (pane, self->source_run);
  if (line > 0)
    {
      scroll_to_line (pane, line, TRUE, 0.3);
    }
  if (self->pointed_task >= 0 && self->pointed_in_source &&
      (guint) self->pointed_task < pane->task_lines->len)
    point_line (pane, g_array_index (pane->task_lines, guint, self->pointed_task));
}

static void
source_read_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  SourceLoad *load = data;
  OverlapCodeView *self = load->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_parse_name (load->file);
  gsize len = 0;

  if (!g_input_stream_read_all_finish (G_INPUT_STREAM (source), result, &len, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *message = g_strdup_printf (_("Cannot read %s: %s"), name, error->message);

          show_source_message (self, message);
        }
    }
  else if (len > SOURCE_LIMIT)
    {
      g_autofree char *message = g_strdup_printf (_("%s is larger than %u MiB: not shown"), name,
                                                  SOURCE_LIMIT / (1024 * 1024));

      show_source_message (self, message);
    }
  else if (!g_utf8_validate_len ((const char *) load->data, len, NULL))
    {
      g_autofree char *message = g_strdup_printf (_("%s is not UTF-8 text: not shown"), name);

      show_source_message (self, message);
    }
  else
    source_loaded (self, load->file, (const char *) load->data, len, load->line);

  g_input_stream_close (G_INPUT_STREAM (source), NULL, NULL);
  g_object_unref (self);
  source_load_free (load);
}

static void
source_open_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  SourceLoad *load = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInputStream) stream = g_file_read_finish (G_FILE (source), result, &error);

  if (stream == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *name = g_file_get_parse_name (load->file);
          g_autofree char *message = g_strdup_printf (_("Cannot read %s: %s"), name, error->message);

          show_source_message (load->self, message);
        }
      g_object_unref (load->self);
      source_load_free (load);
      return;
    }
  load->data = g_malloc (SOURCE_LIMIT + 1);
  g_input_stream_read_all_async (G_INPUT_STREAM (stream), load->data, SOURCE_LIMIT + 1, G_PRIORITY_DEFAULT,
                                 load->self->source_cancellable, source_read_cb, load);
}

static void
overlap_code_view_dispose (GObject *object)
{
  OverlapCodeView *self = OVERLAP_CODE_VIEW (object);

  if (self->source_cancellable != NULL)
    g_cancellable_cancel (self->source_cancellable);
  g_clear_object (&self->source_cancellable);
  g_clear_handle_id (&self->marks_id, g_source_remove);
  if (self->css != NULL)
    gtk_style_context_remove_provider_for_display (gtk_widget_get_display (GTK_WIDGET (self)),
                                                   GTK_STYLE_PROVIDER (self->css));
  g_clear_object (&self->css);
  if (self->recording != NULL)
    g_signal_handlers_disconnect_by_func (self->recording, watch_runs, self);
  g_clear_object (&self->recording);
  g_clear_object (&self->run);
  g_clear_object (&self->source_run);
  gtk_widget_dispose_template (GTK_WIDGET (self), OVERLAP_TYPE_CODE_VIEW);
  g_clear_object (&self->scenario);

  G_OBJECT_CLASS (overlap_code_view_parent_class)->dispose (object);
}

static void
overlap_code_view_finalize (GObject *object)
{
  OverlapCodeView *self = OVERLAP_CODE_VIEW (object);

  g_clear_pointer (&self->strategies, g_array_unref);
  g_clear_pointer (&self->python, g_free);
  g_clear_pointer (&self->c, g_free);
  g_clear_pointer (&self->source_path, g_free);
  g_clear_pointer (&self->cursor_tasks, g_array_unref);
  g_clear_pointer (&self->css_class, g_free);
  for (guint i = 0; i < N_PANES; i++)
    clear_pane (&self->panes[i]);

  G_OBJECT_CLASS (overlap_code_view_parent_class)->finalize (object);
}

static void
overlap_code_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  OverlapCodeView *self = OVERLAP_CODE_VIEW (object);

  switch (prop_id)
    {
    case PROP_SCENARIO:
      g_value_set_object (value, self->scenario);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
overlap_code_view_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  OverlapCodeView *self = OVERLAP_CODE_VIEW (object);

  switch (prop_id)
    {
    case PROP_SCENARIO:
      overlap_code_view_set_scenario (self, g_value_get_object (value), NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
overlap_code_view_class_init (OverlapCodeViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = overlap_code_view_dispose;
  object_class->finalize = overlap_code_view_finalize;
  object_class->get_property = overlap_code_view_get_property;
  object_class->set_property = overlap_code_view_set_property;

  properties[PROP_SCENARIO] =
    g_param_spec_object ("scenario", NULL, NULL,
                         OVERLAP_TYPE_SCENARIO,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The tasks whose line the cursor is on changed (overlap_code_view_get_cursor_tasks()) */
  signals[CURSOR_TASKS_CHANGED] =
    g_signal_new ("cursor-tasks-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/overlap/Overlap/ui/overlap-code-view.ui");
  gtk_widget_class_bind_template_child (widget_class, OverlapCodeView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, OverlapCodeView, strategy_dropdown);
  gtk_widget_class_bind_template_child (widget_class, OverlapCodeView, strategy_list);
  gtk_widget_class_bind_template_child (widget_class, OverlapCodeView, stack);
  gtk_widget_class_bind_template_child (widget_class, OverlapCodeView, python_view);
  gtk_widget_class_bind_template_child (widget_class, OverlapCodeView, c_view);
  gtk_widget_class_bind_template_child (widget_class, OverlapCodeView, source_view);
  gtk_widget_class_bind_template_child (widget_class, OverlapCodeView, source_page);
  gtk_widget_class_bind_template_child (widget_class, OverlapCodeView, source_file_label);
  gtk_widget_class_bind_template_child (widget_class, OverlapCodeView, source_message);
  gtk_widget_class_bind_template_child (widget_class, OverlapCodeView, python_file_label);
  gtk_widget_class_bind_template_child (widget_class, OverlapCodeView, c_file_label);

  gtk_widget_class_install_action (widget_class, "code.copy-python", NULL, copy_python_action);
  gtk_widget_class_install_action (widget_class, "code.copy-c", NULL, copy_c_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "codeview");
}

static void
visible_page_cb (OverlapCodeView *self)
{
  /* the strategies are the generated programs' */
  gtk_widget_set_visible (GTK_WIDGET (self->strategy_dropdown),
                          visible_pane (self) != &self->panes[PANE_SOURCE]);
  update_cursor_tasks (self);
}

static void
overlap_code_view_init (OverlapCodeView *self)
{
  GtkSourceView *views[N_PANES];

  gtk_source_init ();
  g_type_ensure (ADW_TYPE_TOAST_OVERLAY);
  g_type_ensure (ADW_TYPE_BUTTON_CONTENT);
  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
  gtk_widget_init_template (GTK_WIDGET (self));

  self->strategies = g_array_new (FALSE, FALSE, sizeof (OverlapStrategy));
  self->cursor_tasks = g_array_new (FALSE, FALSE, sizeof (guint));
  self->pointed_task = -1;
  self->text_scale = 1.0;
  {
    static guint n_views;

    /* a provider of the display's (one of a widget's own is deprecated), for
     * this view's text only */
    self->css_class = g_strdup_printf ("code-scale-%u", ++n_views);
    self->css = gtk_css_provider_new ();
    gtk_widget_add_css_class (GTK_WIDGET (self), self->css_class);
    gtk_style_context_add_provider_for_display (gtk_widget_get_display (GTK_WIDGET (self)),
                                                GTK_STYLE_PROVIDER (self->css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
    overlap_code_view_set_text_scale (self, 1.0);
  }

  views[PANE_PYTHON] = self->python_view;
  views[PANE_C] = self->c_view;
  views[PANE_SOURCE] = self->source_view;
  for (guint i = 0; i < N_PANES; i++)
    {
      init_pane (self, &self->panes[i], views[i]);
      g_signal_connect_object (self->panes[i].buffer, "notify::cursor-position",
                               G_CALLBACK (cursor_moved_cb), self, 0);
    }
  set_language (&self->panes[PANE_PYTHON], "python3");
  set_language (&self->panes[PANE_C], "c");

  update_scheme (self);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_scheme), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->strategy_dropdown, "notify::selected",
                           G_CALLBACK (strategy_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->stack, "notify::visible-child",
                           G_CALLBACK (visible_page_cb), self, G_CONNECT_SWAPPED);
  regenerate (self);
}

GtkWidget *
overlap_code_view_new (void)
{
  return g_object_new (OVERLAP_TYPE_CODE_VIEW, NULL);
}

static gboolean
strategy_equal (const OverlapStrategy *a,
                const OverlapStrategy *b)
{
  return a->kind == b->kind &&
         ((a->kind != OVERLAP_STRATEGY_BOUNDED && a->kind != OVERLAP_STRATEGY_THREADS) || a->n == b->n) &&
         (a->kind != OVERLAP_STRATEGY_TIMEOUT || a->deadline == b->deadline);
}

/* Shows the programs for @scenario under @strategy (NULL: the scenario's
 * first); the dropdown lists the scenario's strategies, and @strategy too. */
void
overlap_code_view_set_scenario (OverlapCodeView       *self,
                                OverlapScenario       *scenario,
                                const OverlapStrategy *strategy)
{
  guint selected = 0;
  gboolean changed;

  g_return_if_fail (OVERLAP_IS_CODE_VIEW (self));
  g_return_if_fail (scenario == NULL || OVERLAP_IS_SCENARIO (scenario));

  changed = g_set_object (&self->scenario, scenario);

  g_array_set_size (self->strategies, 0);
  if (scenario != NULL)
    {
      const GArray *list = overlap_scenario_get_strategies (scenario);

      g_array_append_vals (self->strategies, list->data, list->len);
    }
  if (strategy != NULL)
    {
      selected = self->strategies->len;
      for (guint i = 0; i < self->strategies->len; i++)
        if (strategy_equal (&g_array_index (self->strategies, OverlapStrategy, i), strategy))
          selected = i;
      if (selected == self->strategies->len)
        g_array_append_val (self->strategies, *strategy);
    }

  self->updating = TRUE;
  {
    guint n_old = g_list_model_get_n_items (G_LIST_MODEL (self->strategy_list));
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
    g_auto(GStrv) names = NULL;

    for (guint i = 0; i < self->strategies->len; i++)
      {
        g_autofree char *name = overlap_strategy_to_string (&g_array_index (self->strategies, OverlapStrategy, i));

        g_strv_builder_add (builder, name);
      }
    names = g_strv_builder_end (builder);
    gtk_string_list_splice (self->strategy_list, 0, n_old, (const char * const *) names);
    gtk_drop_down_set_selected (self->strategy_dropdown, selected);
  }
  self->updating = FALSE;

  regenerate (self);

  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCENARIO]);
}

char *
overlap_code_view_get_python (OverlapCodeView *self)
{
  g_return_val_if_fail (OVERLAP_IS_CODE_VIEW (self), NULL);
  return g_strdup (self->python);
}

char *
overlap_code_view_get_c (OverlapCodeView *self)
{
  g_return_val_if_fail (OVERLAP_IS_CODE_VIEW (self), NULL);
  return g_strdup (self->c);
}

/* The text size: @text_scale times the desktop's (presentation mode's is larger) */
void
overlap_code_view_set_text_scale (OverlapCodeView *self,
                                  double           text_scale)
{
  g_autofree char *css = NULL;
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_if_fail (OVERLAP_IS_CODE_VIEW (self));

  self->text_scale = CLAMP (text_scale, 0.5, 4.0);
  g_ascii_formatd (number, sizeof number, "%.0f", self->text_scale * 100);
  css = g_strdup_printf (".%s textview { font-size: %s%%; }", self->css_class, number);
#if GTK_CHECK_VERSION (4, 12, 0)
  gtk_css_provider_load_from_string (self->css, css);
#else
  gtk_css_provider_load_from_data (self->css, css, -1);
#endif
}

double
overlap_code_view_get_text_scale (OverlapCodeView *self)
{
  g_return_val_if_fail (OVERLAP_IS_CODE_VIEW (self), 1.0);
  return self->text_scale;
}

static Pane *
pane_named (OverlapCodeView *self,
            const char      *page)
{
  if (g_strcmp0 (page, "python") == 0)
    return &self->panes[PANE_PYTHON];
  if (g_strcmp0 (page, "c") == 0)
    return &self->panes[PANE_C];
  if (g_strcmp0 (page, "source") == 0)
    return &self->panes[PANE_SOURCE];
  g_return_val_if_reached (NULL);
}

/* The view of a page: "python", "c" or "source" (a watched program's) */
GtkSourceView *
overlap_code_view_get_view (OverlapCodeView *self,
                            const char      *page)
{
  Pane *pane;

  g_return_val_if_fail (OVERLAP_IS_CODE_VIEW (self), NULL);
  pane = pane_named (self, page);
  return pane ? pane->view : NULL;
}

const char *
overlap_code_view_get_page (OverlapCodeView *self)
{
  g_return_val_if_fail (OVERLAP_IS_CODE_VIEW (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

void
overlap_code_view_set_page (OverlapCodeView *self,
                            const char      *page)
{
  g_return_if_fail (OVERLAP_IS_CODE_VIEW (self));
  g_return_if_fail (pane_named (self, page) != NULL);

  if (g_str_equal (page, "source"))
    gtk_stack_page_set_visible (self->source_page, TRUE);
  gtk_stack_set_visible_child_name (self->stack, page);
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
      update_source_lines (self);
    }
  for (guint i = 0; i < N_PANES; i++)
    {
      Pane *pane = &self->panes[i];
      gboolean source_pane = i == PANE_SOURCE;
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
  Pane *pane;

  g_return_val_if_fail (OVERLAP_IS_CODE_VIEW (self), 0);
  pane = pane_named (self, page);
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
    *run = visible_pane (self) == &self->panes[PANE_SOURCE] ? self->source_run : NULL;
  return (const guint *) self->cursor_tasks->data;
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
  watch_runs (self);
}

/* A watched program's run: once a task says where it was created, the
 * "Program" page shows that file, its tasks' lines linked and marked. */
void
overlap_code_view_set_source_run (OverlapCodeView *self,
                                  OverlapRun      *run)
{
  g_return_if_fail (OVERLAP_IS_CODE_VIEW (self));
  g_return_if_fail (run == NULL || OVERLAP_IS_RUN (run));

  if (!g_set_object (&self->source_run, run))
    return;
  if (run == NULL)
    {
      g_clear_pointer (&self->source_path, g_free);
      if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "source") == 0)
        gtk_stack_set_visible_child_name (self->stack, "python");
      gtk_stack_page_set_visible (self->source_page, FALSE);
      set_text (&self->panes[PANE_SOURCE], NULL, NULL);
    }
  watch_runs (self);
}

OverlapRun *
overlap_code_view_get_source_run (OverlapCodeView *self)
{
  g_return_val_if_fail (OVERLAP_IS_CODE_VIEW (self), NULL);
  return self->source_run;
}

/* Opens @path read-only on the "Program" page, at @line (1-based, 0: the
 * top); a file that cannot be read, too large or not text says so there. */
void
overlap_code_view_show_source (OverlapCodeView *self,
                               const char      *path,
                               guint            line)
{
  SourceLoad *load;

  g_return_if_fail (OVERLAP_IS_CODE_VIEW (self));
  g_return_if_fail (path != NULL);

  if (self->source_cancellable != NULL)
    g_cancellable_cancel (self->source_cancellable);
  g_clear_object (&self->source_cancellable);
  self->source_cancellable = g_cancellable_new ();

  g_free (self->source_path);
  self->source_path = g_strdup (path);
  gtk_label_set_label (self->source_file_label, path);
  gtk_stack_page_set_visible (self->source_page, TRUE);
  gtk_stack_set_visible_child_name (self->stack, "source");
  set_text (&self->panes[PANE_SOURCE], NULL, NULL);
  show_source_message (self, NULL);

  load = g_new0 (SourceLoad, 1);
  load->self = g_object_ref (self);
  load->file = g_file_new_for_commandline_arg (path);
  load->line = line;
  g_file_read_async (load->file, G_PRIORITY_DEFAULT, self->source_cancellable, source_open_cb, load);
}

/* The path shown on the "Program" page, NULL if none; and the message shown
 * in place of its text (cannot be read, too large), NULL if none */
const char *
overlap_code_view_get_source_path (OverlapCodeView *self)
{
  g_return_val_if_fail (OVERLAP_IS_CODE_VIEW (self), NULL);
  return self->source_path;
}

const char *
overlap_code_view_get_source_message (OverlapCodeView *self)
{
  g_return_val_if_fail (OVERLAP_IS_CODE_VIEW (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->source_message)) ?
         gtk_label_get_label (self->source_message) : NULL;
}

/* The gutter mark of @line (1-based) on @page: "overlap-queued",
 * "overlap-waiting", "overlap-running", "overlap-done", "overlap-failed", or
 * NULL */
const char *
overlap_code_view_get_line_mark (OverlapCodeView *self,
                                 const char      *page,
                                 guint            line)
{
  Pane *pane;
  GSList *marks;
  const char *category = NULL;

  g_return_val_if_fail (OVERLAP_IS_CODE_VIEW (self), NULL);
  pane = pane_named (self, page);
  if (pane == NULL || line == 0 || line > (guint) gtk_text_buffer_get_line_count (GTK_TEXT_BUFFER (pane->buffer)))
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

  if (self->recording == recording)
    return;
  if (self->recording != NULL)
    g_signal_handlers_disconnect_by_func (self->recording, watch_runs, self);
  g_set_object (&self->recording, recording);
  if (recording != NULL)
    g_signal_connect_swapped (recording, "items-changed", G_CALLBACK (watch_runs), self);
  else
    {
      g_clear_object (&self->run);
      overlap_code_view_set_source_run (self, NULL);
    }
  watch_runs (self);
}
