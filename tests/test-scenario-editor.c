/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "overlap-scenario-editor-private.h"
#include "overlap-test-run.h"
#include "overlap-test-ui.h"

static void
on_apply (OverlapScenarioEditor  *editor,
          OverlapScenario        *edited,
          OverlapScenario       **out)
{
  g_set_object (out, edited);
}

static gboolean
have_display (void)
{
  if (!gtk_init_check ())
    {
      g_test_skip ("no display");
      return FALSE;
    }
  adw_init ();
  return TRUE;
}

static void
spin_to (GtkSpinButton *spin,
         double         value)
{
  gtk_spin_button_set_value (spin, value);
  gtk_spin_button_update (spin);
}

static void
test_edit_and_apply (void)
{
  g_autoptr(OverlapScenario) original = NULL;
  g_autoptr(OverlapScenario) edited = NULL;
  OverlapScenarioEditor *editor;
  OverlapTaskEditorRow *row;

  if (!have_display ())
    return;

  original = overlap_test_bundled ("abc");
  editor = overlap_scenario_editor_new (NULL, original);
  g_object_ref (editor);
  g_signal_connect (editor, "apply", G_CALLBACK (on_apply), &edited);
  gtk_window_present (GTK_WINDOW (editor));

  g_assert_cmpuint (_overlap_scenario_editor_get_n_rows (editor), ==, 3);
  g_assert_true (_overlap_scenario_editor_can_apply (editor));

  /* Task B: 1 s → 2.5 s, through its spin button */
  row = _overlap_scenario_editor_get_row (editor, 1);
  spin_to (_overlap_task_editor_row_get_duration_spin (row), 2.5);
  g_assert_cmpint (overlap_task_editor_row_get_spec (row)->duration, ==, 2500000);

  /* add a timer, remove Task A, move Task C up (before Task B) */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.add-task", "s", "timer"));
  g_assert_cmpuint (_overlap_scenario_editor_get_n_rows (editor), ==, 4);
  row = _overlap_scenario_editor_get_row (editor, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "task.remove", NULL));
  g_assert_cmpuint (_overlap_scenario_editor_get_n_rows (editor), ==, 3);
  row = _overlap_scenario_editor_get_row (editor, 1);
  g_assert_cmpstr (overlap_task_editor_row_get_spec (row)->label, ==, "Task C");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "task.move-up", NULL));

  /* a strategy more: bounded(2) */
  gtk_check_button_set_active (_overlap_scenario_editor_get_strategy_check (editor, OVERLAP_STRATEGY_BOUNDED), TRUE);
  spin_to (_overlap_scenario_editor_get_strategy_spin (editor, OVERLAP_STRATEGY_BOUNDED), 2);

  g_assert_true (_overlap_scenario_editor_can_apply (editor));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.apply", NULL));

  g_assert_nonnull (edited);
  g_assert_true (edited != original);
  g_assert_cmpuint (overlap_scenario_get_n_tasks (edited), ==, 3);
  g_assert_cmpstr (overlap_scenario_get_task (edited, 0)->label, ==, "Task C");
  g_assert_cmpstr (overlap_scenario_get_task (edited, 1)->label, ==, "Task B");
  g_assert_cmpint (overlap_scenario_get_task (edited, 1)->duration, ==, 2500000);
  g_assert_cmpint (overlap_scenario_get_task (edited, 2)->kind, ==, OVERLAP_TASK_TIMER);
  g_assert_cmpstr (overlap_scenario_get_task (edited, 2)->label, ==, "timer 4");
  g_assert_cmpuint (overlap_scenario_get_strategies (edited)->len, ==, 3);
  g_assert_cmpint (g_array_index (overlap_scenario_get_strategies (edited), OverlapStrategy, 2).kind, ==,
                   OVERLAP_STRATEGY_BOUNDED);
  g_assert_cmpuint (g_array_index (overlap_scenario_get_strategies (edited), OverlapStrategy, 2).n, ==, 2);

  /* the original is untouched */
  g_assert_cmpuint (overlap_scenario_get_n_tasks (original), ==, 3);
  g_assert_cmpstr (overlap_scenario_get_task (original, 0)->label, ==, "Task A");
  g_assert_cmpint (overlap_scenario_get_task (original, 1)->duration, ==, G_USEC_PER_SEC);
  g_assert_cmpuint (overlap_scenario_get_strategies (original)->len, ==, 2);

  /* Apply closed the window */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (editor)));
  g_assert_finalize_object (editor);
}

static void
test_validation (void)
{
  g_autoptr(OverlapScenario) original = NULL;
  OverlapScenarioEditor *editor;
  OverlapTaskEditorRow *row;

  if (!have_display ())
    return;

  original = overlap_test_bundled ("abc");
  editor = overlap_scenario_editor_new (NULL, original);
  gtk_window_present (GTK_WINDOW (editor));

  /* a subprocess with an argv that does not parse */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.add-task", "s", "spawn"));
  row = _overlap_scenario_editor_get_row (editor, 3);
  gtk_editable_set_text (_overlap_task_editor_row_get_argv_entry (row), "sleep 'unterminated");
  g_assert_false (_overlap_scenario_editor_can_apply (editor));
  g_assert_nonnull (overlap_task_editor_row_get_problem (row));
  g_assert_nonnull (strstr (_overlap_scenario_editor_get_problem (editor), "Task 4"));
  gtk_editable_set_text (_overlap_task_editor_row_get_argv_entry (row), "sleep 0.5");
  g_assert_true (_overlap_scenario_editor_can_apply (editor));
  g_assert_cmpstr (overlap_task_editor_row_get_spec (row)->argv[1], ==, "0.5");

  /* an URL that is not http(s) */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.add-task", "s", "http"));
  row = _overlap_scenario_editor_get_row (editor, 4);
  gtk_editable_set_text (_overlap_task_editor_row_get_url_entry (row), "ftp://example.com/file");
  g_assert_false (_overlap_scenario_editor_can_apply (editor));
  gtk_editable_set_text (_overlap_task_editor_row_get_url_entry (row), "https://example.com/");
  g_assert_true (_overlap_scenario_editor_can_apply (editor));
  gtk_editable_set_text (_overlap_task_editor_row_get_url_entry (row), "");
  g_assert_null (overlap_task_editor_row_get_spec (row)->url);

  /* no strategy */
  gtk_check_button_set_active (_overlap_scenario_editor_get_strategy_check (editor, OVERLAP_STRATEGY_SEQUENTIAL), FALSE);
  gtk_check_button_set_active (_overlap_scenario_editor_get_strategy_check (editor, OVERLAP_STRATEGY_GATHER), FALSE);
  g_assert_false (_overlap_scenario_editor_can_apply (editor));
  gtk_check_button_set_active (_overlap_scenario_editor_get_strategy_check (editor, OVERLAP_STRATEGY_GATHER), TRUE);
  g_assert_true (_overlap_scenario_editor_can_apply (editor));

  /* no tasks */
  while (_overlap_scenario_editor_get_n_rows (editor) > 0)
    gtk_widget_activate_action (GTK_WIDGET (_overlap_scenario_editor_get_row (editor, 0)), "task.remove", NULL);
  g_assert_false (_overlap_scenario_editor_can_apply (editor));

  /* Escape closes (cancels) */
  g_object_ref (editor);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.cancel", NULL));
  g_assert_cmpuint (overlap_scenario_get_n_tasks (original), ==, 3);
  g_assert_finalize_object (editor);
}

static void
test_save_as (void)
{
  g_autoptr(OverlapScenario) original = NULL;
  g_autoptr(OverlapScenario) reread = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) bad = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  OverlapScenarioEditor *editor;

  if (!have_display ())
    return;

  original = overlap_test_bundled ("mixed-io");
  editor = overlap_scenario_editor_new (NULL, original);
  gtk_window_present (GTK_WINDOW (editor));

  spin_to (_overlap_task_editor_row_get_duration_spin (_overlap_scenario_editor_get_row (editor, 0)), 1.25);
  gtk_check_button_set_active (_overlap_scenario_editor_get_strategy_check (editor, OVERLAP_STRATEGY_TIMEOUT), TRUE);

  dir = g_dir_make_tmp ("overlap-editor-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "edited.json", NULL);
  file = g_file_new_for_path (path);
  g_assert_true (_overlap_scenario_editor_save_to (editor, file, &error));
  g_assert_no_error (error);

  reread = overlap_scenario_new_from_file (file, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (overlap_scenario_get_n_tasks (reread), ==, overlap_scenario_get_n_tasks (original));
  g_assert_cmpint (overlap_scenario_get_task (reread, 0)->duration, ==, 1250000);
  g_assert_cmpstr (overlap_scenario_get_task (reread, 1)->label, ==, "download 1");
  g_assert_cmpuint (overlap_scenario_get_strategies (reread)->len, ==, 3);
  g_assert_cmpuint (overlap_scenario_get_max_conns_per_host (reread), ==, 10);

  /* a file that cannot be written: an error naming it */
  bad = g_file_new_for_path ("/nonexistent-dir/x.json");
  g_assert_false (_overlap_scenario_editor_save_to (editor, bad, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "x.json"));

  g_unlink (path);
  g_rmdir (dir);
  overlap_test_destroy_window (GTK_WINDOW (editor));
}

static void
on_apply_flag (OverlapScenarioEditor *editor,
               OverlapScenario       *edited,
               gboolean              *applied)
{
  *applied = TRUE;
}

/* Activates the shortcut of @widget whose trigger reads @trigger */
static gboolean
press_shortcut (GtkWidget  *widget,
                const char *trigger)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint k = 0; k < g_list_model_get_n_items (G_LIST_MODEL (controller)); k++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), k);
          g_autofree char *text = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));

          if (g_str_equal (text, trigger))
            return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, widget,
                                                 gtk_shortcut_get_arguments (shortcut));
        }
    }
  return FALSE;
}

static void
test_escape_closes (void)
{
  g_autoptr(OverlapScenario) original = NULL;
  OverlapScenarioEditor *editor;
  gboolean applied = FALSE;

  if (!have_display ())
    return;

  original = overlap_test_bundled ("scraper");
  editor = overlap_scenario_editor_new (NULL, original);
  g_object_ref (editor);
  g_signal_connect (editor, "apply", G_CALLBACK (on_apply_flag), &applied);
  gtk_window_present (GTK_WINDOW (editor));
  g_assert_cmpuint (_overlap_scenario_editor_get_n_rows (editor), ==, 100);

  g_assert_true (press_shortcut (GTK_WIDGET (editor), "Escape"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (editor)));
  g_assert_false (applied);
  g_assert_finalize_object (editor);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/scenario-editor/edit-and-apply", test_edit_and_apply);
  g_test_add_func ("/scenario-editor/validation", test_validation);
  g_test_add_func ("/scenario-editor/save-as", test_save_as);
  g_test_add_func ("/scenario-editor/escape-closes", test_escape_closes);

  return g_test_run ();
}
