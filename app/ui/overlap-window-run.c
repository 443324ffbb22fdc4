/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-window"

#include "config.h"

#include <glib/gi18n.h>

#include "overlap-window-private.h"

/* What the window runs: a scenario (from the sidebar's list or a file), the
 * strategies it compares, the run itself, and its replay. */

/* Strategies */

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
      _overlap_window_update_code_view (self);
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
  _overlap_window_update_summary (self);
  overlap_task_table_refresh (self->task_table);
  _overlap_window_update_actions (self);
  _overlap_window_notify (self, PROP_RUNNING);
}

/* Replay: the chart and the table show a copy of the runs that grows again */

static void
replay_playing_changed (OverlapWindow *self)
{
  _overlap_window_refresh_while_live (self);
  _overlap_window_update_actions (self);
}

static void
replay_position_changed (OverlapWindow *self)
{
  /* scrubbing while paused: the table follows too */
  if (self->replay != NULL && !overlap_replay_get_playing (self->replay))
    overlap_task_table_refresh (self->task_table);
}

/* Private API */

void
_overlap_window_class_init_run (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, strategies_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, strategies_activate_cb);
}

/* The sidebar's scenarios; choosing one loads it */
void
_overlap_window_init_scenarios (OverlapWindow *self)
{
  g_signal_connect_object (self->scenario_list, "row-selected", G_CALLBACK (scenario_row_selected_cb), self,
                           G_CONNECT_SWAPPED);
  fill_scenario_list (self);
}

/* The code view shows the strategy of the selected run, or the first
 * concurrent one */
void
_overlap_window_update_code_view (OverlapWindow *self)
{
  const OverlapStrategy *strategy = NULL;
  int run = overlap_selection_get_run (self->selection);

  if (self->scenario == NULL)
    return;

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

/* Public API */

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
  _overlap_window_set_document (self, NULL, NULL);
  set_strategies_text (self);
  select_row_for_scenario (self);
  _overlap_window_update_code_view (self);

  if (self->cancellable == NULL)
    {
      overlap_recording_clear (self->recording);
      _overlap_window_update_summary (self);
    }

  _overlap_window_update_actions (self);
  _overlap_window_notify (self, PROP_SCENARIO);
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
    _overlap_window_set_document (self, NULL, NULL);
  race = g_settings_get_enum (self->settings, "run-mode") == 1;
  overlap_runner_set_time_scale (self->runner, gtk_spin_button_get_value (self->time_scale_spin));
  /* a fresh comparison; a program still sending its tasks (live feed) stays */
  for (guint i = overlap_recording_get_n_runs (self->recording); i > 0; i--)
    if (!overlap_run_is_live (overlap_recording_get_run (self->recording, i - 1)))
      overlap_recording_remove_run (self->recording, i - 1);
  overlap_recording_set_title (self->recording, overlap_scenario_get_title (self->scenario));
  overlap_gantt_view_fit (self->gantt_view);

  self->cancellable = g_cancellable_new ();
  overlap_runner_compare_async (self->runner,
                                &(OverlapComparisonSetup) {
                                  .scenario = self->scenario,
                                  .strategies = self->strategies,
                                  .race = race || overlap_scenario_get_race (self->scenario),
                                  .recording = self->recording,
                                },
                                self->cancellable, compare_cb, g_object_ref (self));

  _overlap_window_refresh_while_live (self);
  _overlap_window_update_summary (self);
  _overlap_window_update_actions (self);
  _overlap_window_notify (self, PROP_RUNNING);
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
  _overlap_window_update_summary (self);
}

gboolean
overlap_window_is_running (OverlapWindow *self)
{
  g_return_val_if_fail (OVERLAP_IS_WINDOW (self), FALSE);
  return self->cancellable != NULL;
}
