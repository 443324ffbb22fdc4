/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-scenario-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "overlap-file-chooser.h"
#include "overlap-scenario-editor-private.h"

/* A modal window that edits a copy of a scenario: its title and description,
 * its tasks (one OverlapTaskEditorRow each: add, remove, reorder, edit), the
 * strategies to compare, libsoup's connection limits and the race switch.
 * "apply" hands the edited copy over; "Save As…" writes it as JSON. Apply and
 * Save As are insensitive, with the reason shown at the bottom, while the
 * scenario could not run. */

struct _OverlapScenarioEditor
{
  AdwWindow          parent_instance;

  AdwToastOverlay   *toast_overlay;
  AdwWindowTitle    *window_title;
  GtkWidget         *apply_button;
  AdwEntryRow       *title_row;
  AdwEntryRow       *description_row;
  AdwPreferencesGroup *tasks_group;
  GtkListBox        *task_list;
  AdwPreferencesGroup *strategies_group;
  GtkSpinButton     *max_conns_spin;
  GtkSpinButton     *max_conns_per_host_spin;
  GtkSwitch         *race_switch;
  GtkActionBar      *problem_bar;
  GtkLabel          *problem_label;

  GtkCheckButton    *strategy_checks[OVERLAP_N_STRATEGIES];
  GtkSpinButton     *strategy_spins[OVERLAP_N_STRATEGIES];

  OverlapScenario   *scenario;        /* the copy being edited */
  GPtrArray         *rows;            /* OverlapTaskEditorRow, in task order (not owned) */
  GArray            *strategy_order;  /* OverlapStrategyKind, as the scenario listed them */
  char              *problem;
  gboolean           loading;
};

G_DEFINE_FINAL_TYPE (OverlapScenarioEditor, overlap_scenario_editor, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_SCENARIO,
  N_PROPS
};

enum {
  APPLY,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const struct
{
  const char *title;
  const char *spin_label;  /* NULL: no parameter */
} strategy_rows[] = {
  { N_("Sequential"), NULL },
  { N_("Gather"), NULL },
  { N_("Bounded"), N_("Tasks at once") },
  { N_("As Completed"), NULL },
  { N_("First Completed"), NULL },
  { N_("Timeout"), N_("Deadline in seconds") },
  { N_("Threads"), N_("Threads in the pool") },
};
G_STATIC_ASSERT (G_N_ELEMENTS (strategy_rows) == OVERLAP_N_STRATEGIES);

static void
validate (OverlapScenarioEditor *self)
{
  gboolean any_strategy = FALSE;

  g_clear_pointer (&self->problem, g_free);

  for (guint k = 0; k < OVERLAP_N_STRATEGIES; k++)
    any_strategy |= gtk_check_button_get_active (self->strategy_checks[k]);

  if (self->rows->len == 0)
    self->problem = g_strdup (_("Add at least one task"));
  for (guint i = 0; self->problem == NULL && i < self->rows->len; i++)
    {
      OverlapTaskEditorRow *row = g_ptr_array_index (self->rows, i);
      const char *problem = overlap_task_editor_row_get_problem (row);
      const char *label = overlap_task_editor_row_get_spec (row)->label;

      if (problem != NULL)
        self->problem = g_strdup_printf (_("Task %u, “%s”: %s"), i + 1, label ? label : "", problem);
    }
  if (self->problem == NULL && !any_strategy)
    self->problem = g_strdup (_("Choose at least one strategy to compare"));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.apply", self->problem == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save-as", self->problem == NULL);
  gtk_label_set_label (self->problem_label, self->problem ? self->problem : "");
  gtk_action_bar_set_revealed (self->problem_bar, self->problem != NULL);
}

static void
update_positions (OverlapScenarioEditor *self)
{
  g_autofree char *description = NULL;

  for (guint i = 0; i < self->rows->len; i++)
    overlap_task_editor_row_set_position (g_ptr_array_index (self->rows, i), i, self->rows->len);

  description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u task, run under each strategy",
                                              "%u tasks, run under each strategy", self->rows->len),
                                 self->rows->len);
  adw_preferences_group_set_description (self->tasks_group, description);
}

static guint
row_index (OverlapScenarioEditor *self,
           OverlapTaskEditorRow  *row)
{
  guint index = 0;

  if (!g_ptr_array_find (self->rows, row, &index))
    g_assert_not_reached ();
  return index;
}

static void
row_changed_cb (OverlapScenarioEditor *self,
                OverlapTaskEditorRow  *row)
{
  overlap_scenario_set_task (self->scenario, row_index (self, row), overlap_task_editor_row_get_spec (row));
  validate (self);
}

static void
row_remove_cb (OverlapScenarioEditor *self,
               OverlapTaskEditorRow  *row)
{
  guint index = row_index (self, row);

  overlap_scenario_remove_task (self->scenario, index);
  g_ptr_array_remove_index (self->rows, index);
  gtk_list_box_remove (self->task_list, GTK_WIDGET (row));

  /* keep the keyboard focus in the list */
  if (self->rows->len > 0)
    gtk_widget_grab_focus (g_ptr_array_index (self->rows, MIN (index, self->rows->len - 1)));

  update_positions (self);
  validate (self);
}

static void
row_move_cb (OverlapScenarioEditor *self,
             int                    delta,
             OverlapTaskEditorRow  *row)
{
  guint from = row_index (self, row);
  gint64 to = (gint64) from + delta;

  if (to < 0 || to >= self->rows->len)
    return;

  overlap_scenario_move_task (self->scenario, from, to);
  g_ptr_array_remove_index (self->rows, from);
  g_ptr_array_insert (self->rows, to, row);

  g_object_ref (row);
  gtk_list_box_remove (self->task_list, GTK_WIDGET (row));
  gtk_list_box_insert (self->task_list, GTK_WIDGET (row), to);
  g_object_unref (row);
  gtk_widget_grab_focus (GTK_WIDGET (row));

  update_positions (self);
}

static OverlapTaskEditorRow *
insert_row (OverlapScenarioEditor *self,
            const OverlapTaskSpec *spec,
            guint                  position)
{
  GtkWidget *row = overlap_task_editor_row_new (spec);

  g_signal_connect_object (row, "changed", G_CALLBACK (row_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "remove", G_CALLBACK (row_remove_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "move", G_CALLBACK (row_move_cb), self, G_CONNECT_SWAPPED);
  gtk_list_box_insert (self->task_list, row, position);
  g_ptr_array_insert (self->rows, position, row);
  return OVERLAP_TASK_EDITOR_ROW (row);
}

static void
title_changed_cb (OverlapScenarioEditor *self)
{
  const char *title = gtk_editable_get_text (GTK_EDITABLE (self->title_row));

  if (self->loading)
    return;
  overlap_scenario_set_title (self->scenario, title);
  adw_window_title_set_subtitle (self->window_title, title);
}

static void
description_changed_cb (OverlapScenarioEditor *self)
{
  if (!self->loading)
    overlap_scenario_set_description (self->scenario, gtk_editable_get_text (GTK_EDITABLE (self->description_row)));
}

static GArray *
collect_strategies (OverlapScenarioEditor *self)
{
  GArray *strategies = g_array_new (FALSE, TRUE, sizeof (OverlapStrategy));
  gboolean added[OVERLAP_N_STRATEGIES] = { FALSE, };

  /* the scenario's own order first, then the newly checked ones */
  for (guint pass = 0; pass < 2; pass++)
    {
      guint n = pass == 0 ? self->strategy_order->len : OVERLAP_N_STRATEGIES;

      for (guint i = 0; i < n; i++)
        {
          OverlapStrategyKind kind = pass == 0 ? g_array_index (self->strategy_order, OverlapStrategyKind, i) : i;
          OverlapStrategy strategy = { kind, 0, 0 };
          GtkSpinButton *spin = self->strategy_spins[kind];

          if (added[kind] || !gtk_check_button_get_active (self->strategy_checks[kind]))
            continue;
          added[kind] = TRUE;
          if (kind == OVERLAP_STRATEGY_TIMEOUT)
            strategy.deadline = (gint64) (gtk_spin_button_get_value (spin) * G_USEC_PER_SEC + 0.5);
          else if (spin != NULL)
            strategy.n = gtk_spin_button_get_value_as_int (spin);
          g_array_append_val (strategies, strategy);
        }
    }
  return strategies;
}

/* Brings the settings not edited live into the copy */
static void
sync_scenario (OverlapScenarioEditor *self)
{
  g_autoptr(GArray) strategies = collect_strategies (self);

  if (strategies->len > 0)
    overlap_scenario_set_strategies (self->scenario, strategies);
  overlap_scenario_set_connection_limits (self->scenario,
                                          gtk_spin_button_get_value_as_int (self->max_conns_spin),
                                          gtk_spin_button_get_value_as_int (self->max_conns_per_host_spin));
  overlap_scenario_set_race (self->scenario, gtk_switch_get_active (self->race_switch));
}

static void
build_strategy_rows (OverlapScenarioEditor *self)
{
  for (guint k = 0; k < OVERLAP_N_STRATEGIES; k++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(strategy_rows[k].title));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), overlap_strategy_describe (k));
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_RELATION_LABELLED_BY, row, NULL, -1);
      g_signal_connect_object (check, "toggled", G_CALLBACK (validate), self, G_CONNECT_SWAPPED);
      self->strategy_checks[k] = GTK_CHECK_BUTTON (check);

      if (strategy_rows[k].spin_label != NULL)
        {
          gboolean seconds = k == OVERLAP_STRATEGY_TIMEOUT;
          GtkWidget *spin = seconds ? gtk_spin_button_new_with_range (0.001, 3600, 0.1)
                                    : gtk_spin_button_new_with_range (1, OVERLAP_STRATEGY_MAX_N, 1);

          gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), seconds ? 3 : 0);
          gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
          gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
          gtk_widget_set_tooltip_text (spin, _(strategy_rows[k].spin_label));
          gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          _(strategy_rows[k].spin_label), -1);
          g_object_bind_property (check, "active", spin, "sensitive", G_BINDING_SYNC_CREATE);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
          self->strategy_spins[k] = GTK_SPIN_BUTTON (spin);
        }
      adw_preferences_group_add (self->strategies_group, row);
    }
}

static void
load_scenario (OverlapScenarioEditor *self)
{
  const GArray *strategies = overlap_scenario_get_strategies (self->scenario);
  const char *title = overlap_scenario_get_title (self->scenario);
  const char *description = overlap_scenario_get_description (self->scenario);

  self->loading = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->title_row), title ? title : "");
  gtk_editable_set_text (GTK_EDITABLE (self->description_row), description ? description : "");
  adw_window_title_set_subtitle (self->window_title, title);

  for (guint i = 0; i < overlap_scenario_get_n_tasks (self->scenario); i++)
    insert_row (self, overlap_scenario_get_task (self->scenario, i), i);

  for (guint k = 0; k < OVERLAP_N_STRATEGIES; k++)
    if (self->strategy_spins[k] != NULL)
      gtk_spin_button_set_value (self->strategy_spins[k],
                                 k == OVERLAP_STRATEGY_TIMEOUT ? OVERLAP_STRATEGY_DEFAULT_DEADLINE / (double) G_USEC_PER_SEC
                                                               : OVERLAP_STRATEGY_DEFAULT_N);
  for (guint i = 0; i < strategies->len; i++)
    {
      const OverlapStrategy *s = &g_array_index (strategies, OverlapStrategy, i);

      g_array_append_val (self->strategy_order, s->kind);
      gtk_check_button_set_active (self->strategy_checks[s->kind], TRUE);
      if (s->kind == OVERLAP_STRATEGY_TIMEOUT)
        gtk_spin_button_set_value (self->strategy_spins[s->kind], s->deadline / (double) G_USEC_PER_SEC);
      else if (self->strategy_spins[s->kind] != NULL)
        gtk_spin_button_set_value (self->strategy_spins[s->kind], s->n);
    }

  gtk_spin_button_set_value (self->max_conns_spin, overlap_scenario_get_max_conns (self->scenario));
  gtk_spin_button_set_value (self->max_conns_per_host_spin, overlap_scenario_get_max_conns_per_host (self->scenario));
  gtk_switch_set_active (self->race_switch, overlap_scenario_get_race (self->scenario));
  self->loading = FALSE;

  update_positions (self);
  validate (self);
}

static void
add_task_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  OverlapScenarioEditor *self = OVERLAP_SCENARIO_EDITOR (widget);
  static const char * const bases[] = { N_("timer"), N_("download"), N_("read file"), N_("subprocess"), N_("compute") };
  g_autoptr(OverlapTaskSpec) spec = NULL;
  g_autofree char *label = NULL;
  OverlapTaskKind kind;
  OverlapTaskEditorRow *row;

  if (!overlap_task_kind_from_string (g_variant_get_string (parameter, NULL), &kind))
    return;

  label = g_strdup_printf ("%s %u", _(bases[kind]), self->rows->len + 1);
  spec = overlap_task_spec_new (kind, label);
  spec->duration = G_USEC_PER_SEC;
  if (kind == OVERLAP_TASK_HTTP)
    {
      spec->size = 64 * 1024;
      spec->latency = G_USEC_PER_SEC / 5;
    }
  else if (kind == OVERLAP_TASK_FILE)
    {
      spec->size = 1024 * 1024;
      spec->duration = 0;
    }
  spec->on_loop = kind == OVERLAP_TASK_CPU;

  overlap_scenario_add_task (self->scenario, spec);
  row = insert_row (self, spec, self->rows->len);
  overlap_task_editor_row_focus_label (row);
  update_positions (self);
  validate (self);
}

static void
apply_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  OverlapScenarioEditor *self = OVERLAP_SCENARIO_EDITOR (widget);
  g_autoptr(OverlapScenarioEditor) hold = g_object_ref (self);

  validate (self);
  if (self->problem != NULL)
    return;
  sync_scenario (self);
  g_signal_emit (self, signals[APPLY], 0, self->scenario);
  gtk_window_close (GTK_WINDOW (self));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

static void
show_save_error (OverlapScenarioEditor *self,
                 GFile                 *file,
                 const GError          *error)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *heading = g_strdup_printf (_("Could Not Save “%s”"), name);
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, error->message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
save_to_chosen (OverlapScenarioEditor *self,
                GFile                 *file)
{
  g_autoptr(GError) error = NULL;

  if (_overlap_scenario_editor_save_to (self, file, &error))
    {
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *message = g_strdup_printf (_("Saved “%s”"), name);

      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
    }
  else
    show_save_error (self, file, error);
}

static void
save_chosen_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(OverlapScenarioEditor) self = user_data;
  g_autoptr(GFile) file = overlap_choose_file_finish (GTK_WINDOW (object), result, NULL);

  if (file != NULL)
    save_to_chosen (self, file);
}

static char *
suggested_file_name (OverlapScenarioEditor *self)
{
  const char *name = overlap_scenario_get_name (self->scenario);
  const char *title = overlap_scenario_get_title (self->scenario);
  GString *out = g_string_new (NULL);

  for (const char *p = name && *name ? name : title && *title ? title : "scenario"; *p != '\0'; p++)
    if (g_ascii_isalnum (*p) || *p == '-' || *p == '_')
      g_string_append_c (out, g_ascii_tolower (*p));
    else if (out->len > 0 && out->str[out->len - 1] != '-')
      g_string_append_c (out, '-');
  while (out->len > 1 && out->str[out->len - 1] == '-')
    g_string_truncate (out, out->len - 1);
  g_string_append (out, ".json");
  return g_string_free (out, FALSE);
}

static void
save_as_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  OverlapScenarioEditor *self = OVERLAP_SCENARIO_EDITOR (widget);
  g_autofree char *suggested = suggested_file_name (self);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Scenarios (JSON)"));
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_filter_add_mime_type (filter, "application/json");

  overlap_choose_file_async (GTK_WINDOW (self),
                             &(OverlapFileChoice) {
                               .title = _("Save Scenario"),
                               .save = TRUE,
                               .suggested_name = suggested,
                               .filter = filter,
                             },
                             NULL, save_chosen_cb, g_object_ref (self));
}

static void
overlap_scenario_editor_dispose (GObject *object)
{
  OverlapScenarioEditor *self = OVERLAP_SCENARIO_EDITOR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), OVERLAP_TYPE_SCENARIO_EDITOR);
  g_clear_object (&self->scenario);

  G_OBJECT_CLASS (overlap_scenario_editor_parent_class)->dispose (object);
}

static void
overlap_scenario_editor_finalize (GObject *object)
{
  OverlapScenarioEditor *self = OVERLAP_SCENARIO_EDITOR (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->strategy_order, g_array_unref);
  g_clear_pointer (&self->problem, g_free);

  G_OBJECT_CLASS (overlap_scenario_editor_parent_class)->finalize (object);
}

static void
overlap_scenario_editor_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  OverlapScenarioEditor *self = OVERLAP_SCENARIO_EDITOR (object);

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
overlap_scenario_editor_class_init (OverlapScenarioEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = overlap_scenario_editor_dispose;
  object_class->finalize = overlap_scenario_editor_finalize;
  object_class->get_property = overlap_scenario_editor_get_property;

  properties[PROP_SCENARIO] =
    g_param_spec_object ("scenario", NULL, NULL,
                         OVERLAP_TYPE_SCENARIO,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * OverlapScenarioEditor::apply:
   * @edited: the edited scenario, a copy of the one the editor was opened on
   *
   * Emitted when the user applies the changes, just before the window closes.
   */
  signals[APPLY] = g_signal_new ("apply", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, OVERLAP_TYPE_SCENARIO);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/overlap/Overlap/ui/overlap-scenario-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, OverlapScenarioEditor, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, OverlapScenarioEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, OverlapScenarioEditor, apply_button);
  gtk_widget_class_bind_template_child (widget_class, OverlapScenarioEditor, title_row);
  gtk_widget_class_bind_template_child (widget_class, OverlapScenarioEditor, description_row);
  gtk_widget_class_bind_template_child (widget_class, OverlapScenarioEditor, tasks_group);
  gtk_widget_class_bind_template_child (widget_class, OverlapScenarioEditor, task_list);
  gtk_widget_class_bind_template_child (widget_class, OverlapScenarioEditor, strategies_group);
  gtk_widget_class_bind_template_child (widget_class, OverlapScenarioEditor, max_conns_spin);
  gtk_widget_class_bind_template_child (widget_class, OverlapScenarioEditor, max_conns_per_host_spin);
  gtk_widget_class_bind_template_child (widget_class, OverlapScenarioEditor, race_switch);
  gtk_widget_class_bind_template_child (widget_class, OverlapScenarioEditor, problem_bar);
  gtk_widget_class_bind_template_child (widget_class, OverlapScenarioEditor, problem_label);
  gtk_widget_class_bind_template_callback (widget_class, title_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, description_changed_cb);

  gtk_widget_class_install_action (widget_class, "editor.apply", NULL, apply_action);
  gtk_widget_class_install_action (widget_class, "editor.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "editor.save-as", NULL, save_as_action);
  gtk_widget_class_install_action (widget_class, "editor.add-task", "s", add_task_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "editor.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "editor.apply", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "editor.save-as", NULL);
}

static void
overlap_scenario_editor_init (OverlapScenarioEditor *self)
{
  g_type_ensure (OVERLAP_TYPE_TASK_EDITOR_ROW);
  gtk_widget_init_template (GTK_WIDGET (self));

  self->rows = g_ptr_array_new ();
  self->strategy_order = g_array_new (FALSE, FALSE, sizeof (OverlapStrategyKind));
  build_strategy_rows (self);
}

OverlapScenarioEditor *
overlap_scenario_editor_new (GtkWindow       *parent,
                             OverlapScenario *scenario)
{
  OverlapScenarioEditor *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (OVERLAP_IS_SCENARIO (scenario), NULL);

  self = g_object_new (OVERLAP_TYPE_SCENARIO_EDITOR,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
  self->scenario = overlap_scenario_copy (scenario);
  load_scenario (self);
  return self;
}

/* The edited copy, with every setting of the window in it */
OverlapScenario *
overlap_scenario_editor_get_scenario (OverlapScenarioEditor *self)
{
  g_return_val_if_fail (OVERLAP_IS_SCENARIO_EDITOR (self), NULL);

  sync_scenario (self);
  return self->scenario;
}

/* Writes the edited scenario as JSON, after checking that it reads back */
gboolean
_overlap_scenario_editor_save_to (OverlapScenarioEditor  *self,
                                  GFile                  *file,
                                  GError                **error)
{
  g_autofree char *json = NULL;
  g_autofree char *name = NULL;
  g_autoptr(OverlapScenario) check = NULL;

  g_return_val_if_fail (OVERLAP_IS_SCENARIO_EDITOR (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  name = g_file_get_basename (file);
  validate (self);
  if (self->problem != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s", self->problem);
      return FALSE;
    }

  sync_scenario (self);
  json = overlap_scenario_to_json (self->scenario);
  check = overlap_scenario_new_from_data (json, -1, name, error);
  if (check == NULL)
    return FALSE;

  if (!g_file_replace_contents (file, json, strlen (json), NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                NULL, NULL, error))
    {
      g_prefix_error (error, _("Could not write “%s”: "), name);
      return FALSE;
    }
  return TRUE;
}

OverlapTaskEditorRow *
_overlap_scenario_editor_get_row (OverlapScenarioEditor *self,
                                  guint                  position)
{
  g_return_val_if_fail (position < self->rows->len, NULL);
  return g_ptr_array_index (self->rows, position);
}

guint
_overlap_scenario_editor_get_n_rows (OverlapScenarioEditor *self)
{
  return self->rows->len;
}

gboolean
_overlap_scenario_editor_can_apply (OverlapScenarioEditor *self)
{
  return gtk_widget_get_sensitive (self->apply_button) && self->problem == NULL;
}

const char *
_overlap_scenario_editor_get_problem (OverlapScenarioEditor *self)
{
  return self->problem;
}

GtkCheckButton *
_overlap_scenario_editor_get_strategy_check (OverlapScenarioEditor *self,
                                             OverlapStrategyKind    kind)
{
  g_return_val_if_fail (kind < OVERLAP_N_STRATEGIES, NULL);
  return self->strategy_checks[kind];
}

GtkSpinButton *
_overlap_scenario_editor_get_strategy_spin (OverlapScenarioEditor *self,
                                            OverlapStrategyKind    kind)
{
  g_return_val_if_fail (kind < OVERLAP_N_STRATEGIES, NULL);
  return self->strategy_spins[kind];
}
