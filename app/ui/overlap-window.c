/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-window"

#include "config.h"

#include <glib/gi18n.h>

#include "overlap-csv.h"
#include "overlap-export.h"
#include "overlap-format.h"
#include "overlap-import.h"
#include "overlap-overview.h"
#include "overlap-run-words.h"
#include "overlap-trace.h"
#include "overlap-window-private.h"

/* The main window: the scenarios in a sidebar, the strategies and time scale,
 * the Gantt chart growing live over the task table, the code beside it, and a
 * summary line comparing the runs. */

G_DEFINE_FINAL_TYPE (OverlapWindow, overlap_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SCENARIO,
  PROP_RUNNING,
  PROP_PRESENTING,
  PROP_SUMMARY,
  PROP_LISTENING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void set_document (OverlapWindow             *self,
                          const char                *name,
                          const OverlapImportReport *report);


/* The summary line: "sequential: 6.00 s · gather: 3.00 s, 2.0× faster than sequential" */
static void
update_summary (OverlapWindow *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint n = overlap_recording_get_n_runs (self->recording);
  gint64 now = g_get_monotonic_time ();
  gboolean of_tasks = TRUE;

  /* an opened timeline that is not a comparison of Overlap's (a trace's
   * processes, a build, a test log) is told in its own words */
  for (guint i = 0; i < n; i++)
    if (overlap_run_get_contents (overlap_recording_get_run (self->recording, i)) != OVERLAP_RUN_OF_TASKS)
      of_tasks = FALSE;
  if (self->document && !of_tasks)
    {
      g_autofree char *description = overlap_recording_describe (self->recording);

      g_string_append (text, description);
      n = 0;
    }

  for (guint i = 0; i < n; i++)
    {
      OverlapRun *run = overlap_recording_get_run (self->recording, i);
      OverlapRunState state = overlap_run_get_state (run);
      g_autofree char *wall = overlap_format_duration (overlap_run_get_end (run, now));
      double speedup = overlap_recording_get_speedup (self->recording, run);

      if (text->len > 0)
        g_string_append (text, "  ·  ");
      g_string_append_printf (text, "%s: ", overlap_run_get_display_name (run));
      switch (state)
        {
        case OVERLAP_RUN_PENDING:
          g_string_append (text, _("waiting"));
          break;
        case OVERLAP_RUN_LIVE:
          g_string_append_printf (text, _("%s…"), wall);
          break;
        case OVERLAP_RUN_CANCELLED:
          g_string_append_printf (text, _("stopped after %s"), wall);
          break;
        case OVERLAP_RUN_FINISHED:
        default:
          g_string_append (text, wall);
          if (speedup >= 1.05)
            g_string_append_printf (text, _(", %.1f× faster than sequential"), speedup);
          else if (speedup > 0 && speedup <= 0.95)
            g_string_append_printf (text, _(", %.1f× slower than sequential"), 1 / speedup);
          break;
        }
    }

  if (text->len == 0)
    g_string_append (text, _("Press Run to start."));

  if (g_strcmp0 (gtk_label_get_label (self->summary_label), text->str) != 0)
    {
      gtk_label_set_label (self->summary_label, text->str);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUMMARY]);
    }
}

/* The summary and the table, now (e.g. a program's run changed) */
void
_overlap_window_refresh (OverlapWindow *self)
{
  update_summary (self);
  overlap_task_table_refresh (self->task_table);
  _overlap_window_update_actions (self);
}

/* While a run is live (or a replay plays): the summary four times a second, and
 * the table a few milliseconds at a time, at the priority of the run's own work
 * (a lower one never comes under a heavy run). */
#define REFRESH_INTERVAL_MS  50
#define REFRESH_BUDGET_US    3000
#define SUMMARY_INTERVAL_US  (250 * 1000)

static gboolean
refresh_cb (gpointer data)
{
  OverlapWindow *self = data;
  gint64 now = g_get_monotonic_time ();

  if (now - self->summary_time >= SUMMARY_INTERVAL_US)
    {
      self->summary_time = now;
      update_summary (self);
    }
  overlap_task_table_refresh_some (self->task_table, REFRESH_BUDGET_US);

  if (!overlap_window_is_running (self) &&
      (self->replay == NULL || !overlap_replay_get_playing (self->replay)))
    {
      /* nothing moves any more: the whole table, once */
      update_summary (self);
      overlap_task_table_refresh (self->task_table);
      self->refresh_id = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

void
_overlap_window_toast (OverlapWindow *self,
                       const char    *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 4);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Strategies */

static void
update_code_view (OverlapWindow *self)
{
  const OverlapStrategy *strategy = NULL;
  int run = overlap_gantt_view_get_selected_run (self->gantt_view);

  if (self->scenario == NULL)
    return;

  /* the strategy of the selected run, or the first concurrent one */
  if (run >= 0 && self->strategies != NULL && (guint) run < self->strategies->len)
    strategy = &g_array_index (self->strategies, OverlapStrategy, run);
  for (guint i = 0; strategy == NULL && self->strategies != NULL && i < self->strategies->len; i++)
    if (g_array_index (self->strategies, OverlapStrategy, i).kind != OVERLAP_STRATEGY_SEQUENTIAL)
      strategy = &g_array_index (self->strategies, OverlapStrategy, i);
  if (strategy == NULL && self->strategies != NULL && self->strategies->len > 0)
    strategy = &g_array_index (self->strategies, OverlapStrategy, 0);
  if (strategy != NULL)
    overlap_code_view_set_scenario (self->code_view, self->scenario, strategy);
}

static void
strategies_changed_cb (OverlapWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) list = NULL;

  list = overlap_strategy_parse_list (gtk_editable_get_text (GTK_EDITABLE (self->strategies_entry)), &error);
  if (list == NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->strategies_entry), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->strategies_entry), error->message);
      g_clear_pointer (&self->strategies, g_array_unref);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->strategies_entry), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->strategies_entry),
                                   _("sequential, gather, bounded(n), as-completed, first-completed, timeout(seconds), threads(n)"));
      g_clear_pointer (&self->strategies, g_array_unref);
      self->strategies = g_steal_pointer (&list);
      update_code_view (self);
    }
  _overlap_window_update_actions (self);
}

static void
strategies_activate_cb (OverlapWindow *self)
{
  if (self->strategies != NULL && !overlap_window_is_running (self))
    overlap_window_run (self);
}

static void
set_strategies_text (OverlapWindow *self)
{
  const GArray *list = overlap_scenario_get_strategies (self->scenario);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < list->len; i++)
    {
      g_autofree char *s = overlap_strategy_to_string (&g_array_index (list, OverlapStrategy, i));
      g_string_append_printf (text, "%s%s", i ? ", " : "", s);
    }
  gtk_editable_set_text (GTK_EDITABLE (self->strategies_entry), text->str);
}

/* Scenarios */

static GtkWidget *
scenario_row_new (const char      *name,
                  OverlapScenario *scenario,
                  guint            index)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = NULL;

  if (index < 9)
    title = g_markup_printf_escaped ("%s", overlap_scenario_get_title (scenario));
  else
    title = g_markup_escape_text (overlap_scenario_get_title (scenario), -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), overlap_scenario_get_description (scenario));
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
  gtk_widget_add_css_class (row, "scenario-row");
  g_object_set_data_full (G_OBJECT (row), "scenario-name", g_strdup (name), g_free);

  if (index < 9)
    {
      g_autofree char *number = g_strdup_printf ("%u", index + 1);
      GtkWidget *label = gtk_label_new (number);

      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_set_tooltip_text (label, _("Its key in presentation mode"));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), label);
    }
  return row;
}

static void
fill_scenario_list (OverlapWindow *self)
{
  /* The tutorials' own examples first, in the order a talk tells them. */
  static const char * const order[] = {
    "abc", "two-tasks", "hello-world", "task-b-first", "scraper", "connection-limits",
    "downloads", "file-reads", "mixed-io", "cpu-pitfall", "bounded", "first-completed", "timeout",
  };
  g_auto(GStrv) names = overlap_scenario_list_bundled ();
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint index = 0;

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    if (g_strv_contains ((const char * const *) names, order[i]))
      g_strv_builder_add (builder, order[i]);
  for (guint i = 0; names[i] != NULL; i++)
    if (!g_strv_contains (order, names[i]))
      g_strv_builder_add (builder, names[i]);
  g_strfreev (self->bundled);
  self->bundled = g_strv_builder_end (builder);

  for (guint i = 0; self->bundled[i] != NULL; i++)
    {
      g_autoptr(OverlapScenario) scenario = overlap_scenario_new_bundled (self->bundled[i], NULL);

      if (scenario == NULL)
        continue;
      gtk_list_box_append (self->scenario_list, scenario_row_new (self->bundled[i], scenario, index++));
    }
}

static void
select_row_for_scenario (OverlapWindow *self)
{
  const char *name = self->scenario ? overlap_scenario_get_name (self->scenario) : NULL;
  GtkListBoxRow *row;

  self->loading = TRUE;
  gtk_list_box_unselect_all (self->scenario_list);
  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->scenario_list, i)); i++)
    if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "scenario-name"), name) == 0)
      {
        gtk_list_box_select_row (self->scenario_list, row);
        break;
      }
  self->loading = FALSE;
}

static void
scenario_row_selected_cb (OverlapWindow *self,
                          GtkListBoxRow *row)
{
  const char *name;

  if (row == NULL || self->loading)
    return;
  name = g_object_get_data (G_OBJECT (row), "scenario-name");
  if (self->scenario != NULL && g_strcmp0 (name, overlap_scenario_get_name (self->scenario)) == 0)
    {
      /* the scenario shown before a document was opened: back to it */
      if (self->document)
        {
          g_autoptr(OverlapScenario) scenario = g_object_ref (self->scenario);

          overlap_window_set_scenario (self, scenario);
        }
      return;
    }
  overlap_window_load_bundled (self, name);
}

/* Running */

static void
trim_history (OverlapWindow *self)
{
  guint limit = g_settings_get_uint (self->settings, "history-limit");

  while (overlap_recording_get_n_runs (self->recording) > limit &&
         !overlap_run_is_live (overlap_recording_get_run (self->recording, 0)))
    overlap_recording_remove_run (self->recording, 0);
}

static void
compare_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(OverlapWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!overlap_runner_compare_finish (OVERLAP_RUNNER (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    _overlap_window_toast (self, error->message);

  /* A closed window cancelled its run: nothing more to show. */
  if (gtk_widget_in_destruction (GTK_WIDGET (self)) || self->recording == NULL)
    return;

  g_clear_object (&self->cancellable);
  trim_history (self);
  update_summary (self);
  overlap_task_table_refresh (self->task_table);
  _overlap_window_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

void
overlap_window_run (OverlapWindow *self)
{
  gboolean race;

  g_return_if_fail (OVERLAP_IS_WINDOW (self));

  if (self->cancellable != NULL || self->scenario == NULL)
    return;
  _overlap_window_stop_replay (self);
  if (self->strategies == NULL)
    {
      _overlap_window_toast (self, _("Fix the strategies first"));
      return;
    }

  if (self->document)
    set_document (self, NULL, NULL);
  race = g_settings_get_enum (self->settings, "run-mode") == 1;
  overlap_runner_set_time_scale (self->runner, gtk_spin_button_get_value (self->time_scale_spin));
  /* a fresh comparison; a program still sending its tasks (live feed) stays */
  for (guint i = overlap_recording_get_n_runs (self->recording); i > 0; i--)
    if (!overlap_run_is_live (overlap_recording_get_run (self->recording, i - 1)))
      overlap_recording_remove_run (self->recording, i - 1);
  overlap_recording_set_title (self->recording, overlap_scenario_get_title (self->scenario));
  overlap_gantt_view_fit (self->gantt_view);

  self->cancellable = g_cancellable_new ();
  overlap_runner_compare_async (self->runner, self->scenario, self->strategies,
                                race || overlap_scenario_get_race (self->scenario),
                                self->recording, self->cancellable, compare_cb, g_object_ref (self));

  if (self->refresh_id == 0)
    self->refresh_id = g_timeout_add (REFRESH_INTERVAL_MS, refresh_cb, self);
  update_summary (self);
  _overlap_window_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

/* Cancels every operation of the run through its GCancellable. */
void
overlap_window_stop (OverlapWindow *self)
{
  g_return_if_fail (OVERLAP_IS_WINDOW (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

void
overlap_window_reset (OverlapWindow *self)
{
  g_return_if_fail (OVERLAP_IS_WINDOW (self));

  overlap_window_stop (self);
  if (self->cancellable == NULL)
    overlap_recording_clear (self->recording);
  overlap_gantt_view_fit (self->gantt_view);
  update_summary (self);
}

gboolean
overlap_window_is_running (OverlapWindow *self)
{
  g_return_val_if_fail (OVERLAP_IS_WINDOW (self), FALSE);
  return self->cancellable != NULL;
}

/* Replay: the chart and the table show a copy of the runs that grows again */

static void
replay_playing_changed (OverlapWindow *self)
{
  if (self->refresh_id == 0)
    self->refresh_id = g_timeout_add (REFRESH_INTERVAL_MS, refresh_cb, self);
  _overlap_window_update_actions (self);
}

static void
replay_position_changed (OverlapWindow *self)
{
  /* scrubbing while paused: the table follows too */
  if (self->replay != NULL && !overlap_replay_get_playing (self->replay))
    overlap_task_table_refresh (self->task_table);
}

void
_overlap_window_start_replay (OverlapWindow *self)
{
  if (self->replay != NULL || self->cancellable != NULL ||
      overlap_recording_get_n_runs (self->recording) == 0 ||
      overlap_recording_is_live (self->recording))
    return;

  self->replay = overlap_replay_new (self->recording);
  g_signal_connect_object (self->replay, "notify::playing", G_CALLBACK (replay_playing_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->replay, "notify::position", G_CALLBACK (replay_position_changed),
                           self, G_CONNECT_SWAPPED);
  overlap_gantt_view_set_recording (self->gantt_view, overlap_replay_get_recording (self->replay));
  overlap_task_table_set_recording (self->task_table, overlap_replay_get_recording (self->replay));
  overlap_replay_bar_set_replay (self->replay_bar, self->replay);
  gtk_revealer_set_reveal_child (self->replay_revealer, TRUE);
  overlap_replay_play (self->replay);
  _overlap_window_update_actions (self);
}

void
_overlap_window_stop_replay (OverlapWindow *self)
{
  if (self->replay == NULL)
    return;

  overlap_replay_pause (self->replay);
  overlap_replay_bar_set_replay (self->replay_bar, NULL);
  gtk_revealer_set_reveal_child (self->replay_revealer, FALSE);
  overlap_gantt_view_set_recording (self->gantt_view, self->recording);
  overlap_task_table_set_recording (self->task_table, self->recording);
  g_clear_object (&self->replay);
  _overlap_window_update_actions (self);
}

/* Selection: one object, shared by the chart and the table; the code view
 * follows the selected run's strategy */

static void
selection_changed (OverlapWindow *self)
{
  update_code_view (self);
}

/* Drag and drop: a file dropped on the window opens */

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         OverlapWindow *self)
{
  GSList *files;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  files = g_value_get_boxed (value);
  if (files == NULL)
    return FALSE;
  overlap_window_open_file (self, files->data);
  return TRUE;
}

static void
install_drop_target (OverlapWindow *self)
{
  GtkDropTarget *target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

  g_signal_connect (target, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
}

/* Settings and state */

static void
palette_changed (OverlapWindow *self)
{
  overlap_gantt_view_set_high_contrast (self->gantt_view,
                                        g_settings_get_enum (self->settings, "palette") == 1);
}

static void
text_scale_changed (OverlapWindow *self)
{
  const char *key = self->presenting ? "presentation-text-scale" : "text-scale";

  overlap_gantt_view_set_text_scale (self->gantt_view, g_settings_get_double (self->settings, key));
}

static gboolean
overlap_window_close_request (GtkWindow *window)
{
  OverlapWindow *self = OVERLAP_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));

  /* Nothing keeps running after the window closes. */
  overlap_window_stop (self);

  return GTK_WINDOW_CLASS (overlap_window_parent_class)->close_request (window);
}

static void
overlap_window_dispose (GObject *object)
{
  OverlapWindow *self = (OverlapWindow *)object;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->open_cancellable != NULL)
    g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->open_cancellable);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->feed_server != NULL)
    _overlap_window_listen (self, FALSE);
  if (self->replay != NULL)
    overlap_replay_pause (self->replay);
  if (self->replay_bar != NULL)
    overlap_replay_bar_set_replay (self->replay_bar, NULL);
  g_clear_object (&self->replay);

  if (self->gantt_view != NULL)
    overlap_gantt_view_set_recording (self->gantt_view, NULL);
  if (self->task_table != NULL)
    overlap_task_table_set_recording (self->task_table, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), OVERLAP_TYPE_WINDOW);

  g_clear_object (&self->recording);
  g_clear_object (&self->selection);
  g_clear_object (&self->scenario);
  g_clear_object (&self->runner);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->strategies, g_array_unref);
  g_clear_pointer (&self->bundled, g_strfreev);
  g_clear_pointer (&self->open_name, g_free);

  G_OBJECT_CLASS (overlap_window_parent_class)->dispose (object);
}

static void
overlap_window_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  OverlapWindow *self = OVERLAP_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SCENARIO:
      g_value_set_object (value, self->scenario);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, overlap_window_is_running (self));
      break;
    case PROP_PRESENTING:
      g_value_set_boolean (value, self->presenting);
      break;
    case PROP_SUMMARY:
      g_value_set_string (value, gtk_label_get_label (self->summary_label));
      break;
    case PROP_LISTENING:
      g_value_set_boolean (value, self->feed_server != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
overlap_window_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  OverlapWindow *self = OVERLAP_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SCENARIO:
      overlap_window_set_scenario (self, g_value_get_object (value));
      break;
    case PROP_PRESENTING:
      overlap_window_set_presenting (self, g_value_get_boolean (value));
      break;
    case PROP_LISTENING:
      overlap_window_set_listening (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
overlap_window_class_init (OverlapWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = overlap_window_dispose;
  object_class->get_property = overlap_window_get_property;
  object_class->set_property = overlap_window_set_property;
  window_class->close_request = overlap_window_close_request;

  properties[PROP_SCENARIO] =
    g_param_spec_object ("scenario", NULL, NULL, OVERLAP_TYPE_SCENARIO,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PRESENTING] =
    g_param_spec_boolean ("presenting", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* "Listen for programs": the live feed (win.listen) */
  properties[PROP_LISTENING] =
    g_param_spec_boolean ("listening", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (OVERLAP_TYPE_GANTT_VIEW);
  g_type_ensure (OVERLAP_TYPE_OVERVIEW);
  g_type_ensure (OVERLAP_TYPE_TASK_TABLE);
  g_type_ensure (OVERLAP_TYPE_CODE_VIEW);
  g_type_ensure (OVERLAP_TYPE_REPLAY_BAR);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/overlap-window.ui");
  gtk_widget_class_bind_template_child (widget_class, OverlapWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, OverlapWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, OverlapWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, OverlapWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, OverlapWindow, scenario_list);
  gtk_widget_class_bind_template_child (widget_class, OverlapWindow, controls);
  gtk_widget_class_bind_template_child (widget_class, OverlapWindow, strategies_entry);
  gtk_widget_class_bind_template_child (widget_class, OverlapWindow, time_scale_spin);
  gtk_widget_class_bind_template_child (widget_class, OverlapWindow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, OverlapWindow, main_paned);
  gtk_widget_class_bind_template_child (widget_class, OverlapWindow, chart_paned);
  gtk_widget_class_bind_template_child (widget_class, OverlapWindow, gantt_view);
  gtk_widget_class_bind_template_child (widget_class, OverlapWindow, task_table);
  gtk_widget_class_bind_template_child (widget_class, OverlapWindow, code_view);
  gtk_widget_class_bind_template_child (widget_class, OverlapWindow, run_button);
  gtk_widget_class_bind_template_child (widget_class, OverlapWindow, stop_button);
  gtk_widget_class_bind_template_child (widget_class, OverlapWindow, code_button);
  gtk_widget_class_bind_template_child (widget_class, OverlapWindow, sidebar_button);
  gtk_widget_class_bind_template_child (widget_class, OverlapWindow, replay_revealer);
  gtk_widget_class_bind_template_child (widget_class, OverlapWindow, replay_bar);
  gtk_widget_class_bind_template_child (widget_class, OverlapWindow, replay_button);
  gtk_widget_class_bind_template_callback (widget_class, strategies_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, strategies_activate_cb);

  _overlap_window_install_actions (widget_class);
}

static void
overlap_window_init (OverlapWindow *self)
{
  g_autofree char *last = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID_SCHEMA);
  self->runner = overlap_runner_new ();
  self->recording = overlap_recording_new (NULL);

#if DEVELOPMENT
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif

  overlap_gantt_view_set_recording (self->gantt_view, self->recording);
  overlap_task_table_set_recording (self->task_table, self->recording);

  self->selection = overlap_selection_new ();
  overlap_gantt_view_set_selection (self->gantt_view, self->selection);
  overlap_task_table_set_selection (self->task_table, self->selection);
  g_signal_connect_object (self->selection, "changed", G_CALLBACK (selection_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->scenario_list, "row-selected", G_CALLBACK (scenario_row_selected_cb), self, G_CONNECT_SWAPPED);

  g_settings_bind (self->settings, "time-scale",
                   gtk_spin_button_get_adjustment (self->time_scale_spin), "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "show-code", self->code_view, "visible", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_GET | G_SETTINGS_BIND_GET_NO_CHANGES);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_GET | G_SETTINGS_BIND_GET_NO_CHANGES);
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
  g_signal_connect_object (self->settings, "changed::palette", G_CALLBACK (palette_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::text-scale", G_CALLBACK (text_scale_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::presentation-text-scale", G_CALLBACK (text_scale_changed), self, G_CONNECT_SWAPPED);
  palette_changed (self);
  text_scale_changed (self);

  _overlap_window_install_keys (self);
  install_drop_target (self);
  fill_scenario_list (self);
  last = g_settings_get_string (self->settings, "last-scenario");
  if (!overlap_window_load_bundled (self, last))
    overlap_window_load_bundled (self, "abc");

  _overlap_window_update_actions (self);
}

/* Public API */

OverlapWindow *
overlap_window_new (GtkApplication *application)
{
  return g_object_new (OVERLAP_TYPE_WINDOW, "application", application, NULL);
}

OverlapScenario *
overlap_window_get_scenario (OverlapWindow *self)
{
  g_return_val_if_fail (OVERLAP_IS_WINDOW (self), NULL);
  return self->scenario;
}

void
overlap_window_set_scenario (OverlapWindow   *self,
                             OverlapScenario *scenario)
{
  g_return_if_fail (OVERLAP_IS_WINDOW (self));
  g_return_if_fail (OVERLAP_IS_SCENARIO (scenario));

  if (self->scenario == scenario && !self->document)
    return;

  overlap_window_stop (self);
  _overlap_window_stop_replay (self);
  g_set_object (&self->scenario, scenario);

  /* the scenario's title and controls, in place of a document's */
  set_document (self, NULL, NULL);
  set_strategies_text (self);
  select_row_for_scenario (self);
  update_code_view (self);

  if (self->cancellable == NULL)
    {
      overlap_recording_clear (self->recording);
      update_summary (self);
    }

  _overlap_window_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCENARIO]);
}

gboolean
overlap_window_load_bundled (OverlapWindow *self,
                             const char    *name)
{
  g_autoptr(OverlapScenario) scenario = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (OVERLAP_IS_WINDOW (self), FALSE);

  scenario = overlap_scenario_new_bundled (name, &error);
  if (scenario == NULL)
    {
      g_debug ("%s", error->message);
      return FALSE;
    }
  overlap_window_set_scenario (self, scenario);
  g_settings_set_string (self->settings, "last-scenario", name);
  return TRUE;
}

gboolean
overlap_window_open_scenario_file (OverlapWindow *self,
                                   GFile         *file)
{
  g_autoptr(OverlapScenario) scenario = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (OVERLAP_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  scenario = overlap_scenario_new_from_file (file, &error);
  if (scenario == NULL)
    {
      AdwMessageDialog *dialog;

      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                           _("Could not open the scenario"),
                                                           error->message));
      adw_message_dialog_add_response (dialog, "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return FALSE;
    }
  overlap_window_set_scenario (self, scenario);
  return TRUE;
}

/* Document mode: an opened timeline is shown as a document — its name in the
 * title, its format and counts under it — and the scenario's controls
 * (strategies, time scale, Run) give way until a scenario is chosen or run
 * again. @name NULL leaves it. */
static void
set_document (OverlapWindow             *self,
              const char                *name,
              const OverlapImportReport *report)
{
  self->document = name != NULL;
  gtk_widget_set_visible (self->controls, !self->document && !self->presenting);
  gtk_widget_set_visible (self->run_button, !self->document);

  if (self->document)
    {
      g_autofree char *description = overlap_recording_describe (self->recording);
      g_autofree char *events = NULL;
      g_autofree char *subtitle = NULL;

      events = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u event", "%'u events", report->n_events),
                                report->n_events);
      /* Translators: an opened file's format, its events and what they make:
       * "Chrome trace · 1,626 events · 2 processes · 12 threads · 893 ms" */
      subtitle = g_strdup_printf (_("%s · %s · %s"), overlap_import_format_to_string (report->format),
                                  events, description);
      adw_window_title_set_title (self->window_title, name);
      adw_window_title_set_subtitle (self->window_title, subtitle);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->window_title), NULL);
      /* no scenario is shown: choosing one, the one before included, shows it */
      self->loading = TRUE;
      gtk_list_box_unselect_all (self->scenario_list);
      self->loading = FALSE;
    }
  else if (self->scenario != NULL)
    {
      g_autofree char *subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u task", "%u tasks",
                                                                overlap_scenario_get_n_tasks (self->scenario)),
                                                   overlap_scenario_get_n_tasks (self->scenario));

      adw_window_title_set_title (self->window_title, overlap_scenario_get_title (self->scenario));
      adw_window_title_set_subtitle (self->window_title, subtitle);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->window_title),
                                   overlap_scenario_get_description (self->scenario));
    }
  update_summary (self);
  _overlap_window_update_actions (self);
}

gboolean
overlap_window_get_document (OverlapWindow *self)
{
  g_return_val_if_fail (OVERLAP_IS_WINDOW (self), FALSE);
  return self->document;
}

static void
import_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(OverlapWindow) self = user_data;
  g_auto(OverlapImportReport) report = { 0 };
  g_autoptr(OverlapRecording) recording = NULL;
  g_autoptr(GError) error = NULL;

  recording = overlap_import_file_finish (result, &report, &error);
  if (gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;
  if (self->open_toast != NULL)
    adw_toast_dismiss (self->open_toast);
  g_clear_object (&self->open_cancellable);

  if (recording == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          AdwMessageDialog *dialog;

          dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Could not open the file"),
                                                               error->message));
          adw_message_dialog_add_response (dialog, "close", _("_Close"));
          gtk_window_present (GTK_WINDOW (dialog));
        }
      return;
    }

  overlap_window_show_recording (self, recording);
  set_document (self, self->open_name != NULL ? self->open_name : overlap_recording_get_title (recording), &report);
  if (report.n_skipped > 0 && report.warnings != NULL && report.warnings->len > 0)
    {
      g_autofree char *message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                               "%u event could not be used: %s",
                                                               "%u events could not be used; the first: %s",
                                                               report.n_skipped),
                                                  report.n_skipped,
                                                  (const char *) g_ptr_array_index (report.warnings, 0));
      _overlap_window_toast (self, message);
    }
}

/* Opens a timeline (Chrome trace, .ninja_log, meson testlog.json, a saved
 * recording) or a scenario: the content tells which. Timelines are read in a
 * worker thread; a toast says so and can cancel it. */
void
overlap_window_open_file (OverlapWindow *self,
                          GFile         *file)
{
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;

  g_return_if_fail (OVERLAP_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  path = g_file_get_path (file);
  if (path == NULL || !overlap_import_path_is_recording (path))
    {
      overlap_window_open_scenario_file (self, file);
      return;
    }

  if (self->open_cancellable != NULL)
    g_cancellable_cancel (self->open_cancellable);
  self->open_cancellable = g_cancellable_new ();

  name = g_file_get_basename (file);
  g_free (self->open_name);
  self->open_name = g_strdup (name);
  title = g_strdup_printf (_("Opening “%s”…"), name);
  self->open_toast = adw_toast_new (title);
  g_object_add_weak_pointer (G_OBJECT (self->open_toast), (gpointer *) &self->open_toast);
  adw_toast_set_timeout (self->open_toast, 0);
  adw_toast_set_button_label (self->open_toast, _("_Cancel"));
  g_signal_connect_object (self->open_toast, "button-clicked", G_CALLBACK (g_cancellable_cancel),
                           self->open_cancellable, G_CONNECT_SWAPPED);
  adw_toast_overlay_add_toast (self->toast_overlay, g_object_ref (self->open_toast));
  g_object_unref (self->open_toast);

  overlap_import_file_async (file, self->open_cancellable, import_cb, g_object_ref (self));
}

/* Shows the runs of an opened timeline in place of the window's own
 * (any run in progress is stopped). */
void
overlap_window_show_recording (OverlapWindow    *self,
                               OverlapRecording *recording)
{
  g_return_if_fail (OVERLAP_IS_WINDOW (self));
  g_return_if_fail (OVERLAP_IS_RECORDING (recording));

  overlap_window_stop (self);
  _overlap_window_stop_replay (self);
  overlap_recording_clear (self->recording);
  overlap_recording_set_title (self->recording, overlap_recording_get_title (recording));
  for (guint i = 0; i < overlap_recording_get_n_runs (recording); i++)
    overlap_recording_add_run (self->recording, overlap_recording_get_run (recording, i));
  {
    guint n_flows;
    const OverlapFlow *flows = overlap_recording_get_flows (recording, &n_flows);

    overlap_recording_add_flows (self->recording, flows, n_flows);
  }
  overlap_gantt_view_fit (self->gantt_view);
  update_summary (self);
}

OverlapRecording *
overlap_window_get_recording (OverlapWindow *self)
{
  g_return_val_if_fail (OVERLAP_IS_WINDOW (self), NULL);
  return self->recording;
}

OverlapRunner *
overlap_window_get_runner (OverlapWindow *self)
{
  g_return_val_if_fail (OVERLAP_IS_WINDOW (self), NULL);
  return self->runner;
}

const char *
overlap_window_get_summary (OverlapWindow *self)
{
  g_return_val_if_fail (OVERLAP_IS_WINDOW (self), NULL);
  update_summary (self);
  return gtk_label_get_label (self->summary_label);
}

gboolean
overlap_window_get_presenting (OverlapWindow *self)
{
  g_return_val_if_fail (OVERLAP_IS_WINDOW (self), FALSE);
  return self->presenting;
}

/* Presentation mode: fullscreen, large text and thick bars, the essentials only. */
void
overlap_window_set_presenting (OverlapWindow *self,
                               gboolean       presenting)
{
  g_return_if_fail (OVERLAP_IS_WINDOW (self));

  presenting = !!presenting;
  if (self->presenting == presenting)
    return;
  self->presenting = presenting;

  if (presenting)
    {
      self->reveal_before_presenting = adw_flap_get_reveal_flap (self->flap);
      adw_flap_set_reveal_flap (self->flap, FALSE);
      gtk_window_fullscreen (GTK_WINDOW (self));
      gtk_widget_add_css_class (GTK_WIDGET (self), "presentation");
    }
  else
    {
      adw_flap_set_reveal_flap (self->flap, self->reveal_before_presenting);
      gtk_window_unfullscreen (GTK_WINDOW (self));
      gtk_widget_remove_css_class (GTK_WIDGET (self), "presentation");
    }

  gtk_widget_set_visible (GTK_WIDGET (self->header_bar), !presenting);
  gtk_widget_set_visible (self->controls, !presenting && !self->document);
  gtk_widget_set_visible (GTK_WIDGET (self->task_table), !presenting);
  gtk_widget_set_visible (GTK_WIDGET (self->code_view),
                          !presenting && g_settings_get_boolean (self->settings, "show-code"));
  /* on stage every run is in view: fitted now, as runs are added and as they end,
   * until the speaker zooms or scrolls */
  overlap_gantt_view_set_auto_fit (self->gantt_view, presenting);
  text_scale_changed (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->gantt_view));

  _overlap_window_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRESENTING]);
}

/* Writes the chart (png, svg, pdf) or the recording (trace, csv) to @file. */
gboolean
overlap_window_export (OverlapWindow  *self,
                       const char     *format,
                       GFile          *file,
                       GError        **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (OVERLAP_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("Only local files can be written"));
      return FALSE;
    }

  if (g_str_equal (format, "trace"))
    return overlap_trace_export_to_path (self->recording, path, error);
  if (g_str_equal (format, "csv"))
    return overlap_csv_export_to_path (self->recording, OVERLAP_CSV_TASKS, path, error);

  {
    OverlapPaintOptions options;
    OverlapChartFormat chart;

    if (g_str_equal (format, "png"))
      chart = OVERLAP_CHART_PNG;
    else if (g_str_equal (format, "svg"))
      chart = OVERLAP_CHART_SVG;
    else if (g_str_equal (format, "pdf"))
      chart = OVERLAP_CHART_PDF;
    else
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("Unknown format “%s”"), format);
        return FALSE;
      }

    /* the whole recording as the window draws it, at a size for slides */
    overlap_gantt_view_get_paint_options (self->gantt_view, &options);
    options.width = MAX (options.width, OVERLAP_EXPORT_DEFAULT_WIDTH);
    options.height = 0;
    options.scroll_y = 0;
    options.selected_run = options.selected_lane = -1;
    return overlap_export_chart (self->recording, path, chart, &options, error);
  }
}

gboolean
overlap_window_get_listening (OverlapWindow *self)
{
  g_return_val_if_fail (OVERLAP_IS_WINDOW (self), FALSE);
  return self->feed_server != NULL;
}

void
overlap_window_set_listening (OverlapWindow *self,
                              gboolean       listening)
{
  g_return_if_fail (OVERLAP_IS_WINDOW (self));

  if (listening == (self->feed_server != NULL))
    return;
  _overlap_window_listen (self, listening);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LISTENING]);
}
