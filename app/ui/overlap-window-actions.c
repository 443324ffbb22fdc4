/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-window-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "overlap-file-chooser.h"
#include "overlap-scenario-editor.h"
#include "overlap-window-private.h"

/* The window's actions and shortcuts, the keys of presentation mode, and the
 * keyboard focus that goes back to the chart. */

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  overlap_window_run (OVERLAP_WINDOW (widget));
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  OverlapWindow *self = OVERLAP_WINDOW (widget);

  if (overlap_window_is_running (self))
    overlap_window_stop (self);
  else if (self->replay != NULL)
    _overlap_window_stop_replay (self);
  else if (self->presenting)
    overlap_window_set_presenting (self, FALSE);
}

static void
replay_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  OverlapWindow *self = OVERLAP_WINDOW (widget);

  if (self->replay != NULL)
    _overlap_window_stop_replay (self);
  else
    _overlap_window_start_replay (self);
}

static void
reset_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  overlap_window_reset (OVERLAP_WINDOW (widget));
}

static void
presentation_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  OverlapWindow *self = OVERLAP_WINDOW (widget);

  overlap_window_set_presenting (self, !self->presenting);
}

static void
toggle_sidebar_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  OverlapWindow *self = OVERLAP_WINDOW (widget);

  adw_flap_set_reveal_flap (self->flap, !adw_flap_get_reveal_flap (self->flap));
}

static void
step_scenario (OverlapWindow *self,
               int            delta)
{
  const char *current = overlap_scenario_get_name (self->scenario);
  guint n = g_strv_length (self->bundled);
  int index = -1;

  if (n == 0)
    return;
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (self->bundled[i], current) == 0)
      index = i;
  index = (index + delta + (int) n) % (int) n;
  overlap_window_load_bundled (self, self->bundled[index]);
}

static void
scenario_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  OverlapWindow *self = OVERLAP_WINDOW (widget);

  if (g_str_equal (action_name, "win.next-scenario"))
    step_scenario (self, 1);
  else if (g_str_equal (action_name, "win.previous-scenario"))
    step_scenario (self, -1);
  else
    {
      int index = g_variant_get_int32 (parameter);

      if (index >= 0 && (guint) index < g_strv_length (self->bundled))
        overlap_window_load_bundled (self, self->bundled[index]);
    }
}

static void
time_scale_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  OverlapWindow *self = OVERLAP_WINDOW (widget);
  double scale = gtk_spin_button_get_value (self->time_scale_spin);
  g_autofree char *message = NULL;

  /* "faster" means a smaller scale */
  if (g_str_equal (action_name, "win.faster"))
    scale /= 1.5;
  else
    scale *= 1.5;
  gtk_spin_button_set_value (self->time_scale_spin, scale);
  message = g_strdup_printf (_("Time scale %.2f×"), gtk_spin_button_get_value (self->time_scale_spin));
  _overlap_window_toast (self, message);
}

/* Files */

typedef void (*FileChosen) (OverlapWindow *self,
                            GFile         *file,
                            const char    *what);

typedef struct
{
  FileChosen  chosen;
  char       *what;
} Choice;

static void
file_chosen_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Choice *choice = user_data;
  g_autoptr(GFile) file = overlap_choose_file_finish (GTK_WINDOW (object), result, NULL);

  /* the portal's chooser is no window of ours: it gives the focus back here */
  _overlap_window_focus_chart (OVERLAP_WINDOW (object));
  if (file != NULL)
    choice->chosen (OVERLAP_WINDOW (object), file, choice->what);
  g_free (choice->what);
  g_free (choice);
}

static void
choose_file (OverlapWindow *self,
             gboolean       saving,
             const char    *title,
             const char    *suggested_name,
             const char    *pattern,
             const char    *pattern_name,
             FileChosen     chosen,
             const char    *what)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  Choice *choice = g_new0 (Choice, 1);

  choice->chosen = chosen;
  choice->what = g_strdup (what);
  gtk_file_filter_set_name (filter, pattern_name);
  gtk_file_filter_add_pattern (filter, pattern);
  overlap_choose_file_async (GTK_WINDOW (self),
                             &(OverlapFileChoice) {
                               .title = title,
                               .save = saving,
                               .suggested_name = suggested_name,
                               .filter = filter,
                             },
                             NULL, file_chosen_cb, choice);
}

static void
open_chosen (OverlapWindow *self,
             GFile         *file,
             const char    *what)
{
  overlap_window_open_file (self, file);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  choose_file (OVERLAP_WINDOW (widget), FALSE, _("Open a Scenario or a Timeline"), NULL,
               "*", _("Scenarios and timelines"), open_chosen, NULL);
}

static void
save_chosen (OverlapWindow *self,
             GFile         *file,
             const char    *what)
{
  g_autofree char *json = overlap_scenario_to_json (self->scenario);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (file);

  if (!g_file_replace_contents (file, json, strlen (json), NULL, FALSE,
                                G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not save “%s”: %s"), name, error->message);
      _overlap_window_toast (self, message);
    }
  else
    {
      g_autofree char *message = g_strdup_printf (_("Scenario saved as “%s”"), name);
      _overlap_window_toast (self, message);
    }
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  OverlapWindow *self = OVERLAP_WINDOW (widget);
  g_autofree char *name = g_strdup_printf ("%s.json", overlap_scenario_get_name (self->scenario) ?: "scenario");

  choose_file (self, TRUE, _("Save the Scenario"), name, "*.json", _("Scenarios (JSON)"), save_chosen, NULL);
}

static void
editor_apply_cb (OverlapScenarioEditor *editor,
                 OverlapScenario       *edited,
                 OverlapWindow         *self)
{
  overlap_window_set_scenario (self, edited);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  OverlapWindow *self = OVERLAP_WINDOW (widget);
  OverlapScenarioEditor *editor;

  editor = overlap_scenario_editor_new (GTK_WINDOW (self), self->scenario);
  g_signal_connect_object (editor, "apply", G_CALLBACK (editor_apply_cb), self, 0);
  g_signal_connect_object (editor, "destroy", G_CALLBACK (_overlap_window_focus_chart), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
export_chosen (OverlapWindow *self,
               GFile         *file,
               const char    *format)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *message = NULL;

  if (overlap_window_export (self, format, file, &error))
    message = g_strdup_printf (_("Saved “%s”"), name);
  else
    message = g_strdup_printf (_("Could not save “%s”: %s"), name, error->message);
  _overlap_window_toast (self, message);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  OverlapWindow *self = OVERLAP_WINDOW (widget);
  const char *format = g_variant_get_string (parameter, NULL);
  const char *extension = g_str_equal (format, "trace") ? "json" : format;
  g_autofree char *name = NULL;
  g_autofree char *pattern = g_strdup_printf ("*.%s", extension);

  if (g_str_equal (format, "video"))
    {
      _overlap_window_export_video (self);
      return;
    }

  name = g_strdup_printf ("%s.%s", overlap_scenario_get_name (self->scenario) ?: "overlap", extension);
  if (strchr (name, '/') != NULL)
    {
      g_free (name);
      name = g_strdup_printf ("overlap.%s", extension);
    }
  choose_file (self, TRUE, _("Export"), name, pattern, pattern, export_chosen, format);
}

/* Stateful toggles */

static void
show_code_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  OverlapWindow *self = OVERLAP_WINDOW (widget);
  gboolean show = !g_settings_get_boolean (self->settings, "show-code");

  g_settings_set_boolean (self->settings, "show-code", show);
  _overlap_window_update_actions (self);
}

static void
race_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  OverlapWindow *self = OVERLAP_WINDOW (widget);
  gboolean race = g_settings_get_enum (self->settings, "run-mode") == 1;

  g_settings_set_enum (self->settings, "run-mode", race ? 0 : 1);
  _overlap_window_toast (self, race ? _("Strategies run one after another")
                                    : _("Strategies run all at once"));
}

static void
each_from_zero_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  OverlapWindow *self = OVERLAP_WINDOW (widget);
  gboolean each = !g_settings_get_boolean (self->settings, "each-run-from-zero");

  g_settings_set_boolean (self->settings, "each-run-from-zero", each);
  _overlap_window_toast (self, each ? _("Each run drawn from zero")
                                    : _("Runs drawn on one clock, where each started"));
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  OverlapWindow *self = OVERLAP_WINDOW (widget);
  double center = gtk_widget_get_width (GTK_WIDGET (self->gantt_view)) / 2.0;

  if (g_str_equal (action_name, "win.zoom-in"))
    overlap_gantt_view_zoom (self->gantt_view, 1.5, center);
  else if (g_str_equal (action_name, "win.zoom-out"))
    overlap_gantt_view_zoom (self->gantt_view, 1 / 1.5, center);
  else
    overlap_gantt_view_fit_all (self->gantt_view);
}

/* The Notes button and L: the sidebar's list of notes, and back */
static void
show_notes_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  _overlap_window_show_notes (OVERLAP_WINDOW (widget));
}

void
_overlap_window_update_actions (OverlapWindow *self)
{
  gboolean running = overlap_window_is_running (self);
  gboolean has_runs = overlap_recording_get_n_runs (self->recording) > 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.run",
                                 !running && self->scenario != NULL && self->strategies != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.stop", running || self->presenting || self->replay != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.replay", !running && has_runs);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->replay_button), self->replay != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", has_runs && !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.edit-scenario", !running);
  gtk_widget_set_visible (self->stop_button, running);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->code_button),
                                g_settings_get_boolean (self->settings, "show-code"));
}

/* Presentation mode keys: Space, R, 1–9, ←/→ (and a remote's Page Up/Down),
 * +/−, N/P (the next or previous note), F5 and F11 to leave (Escape too, through win.stop). */
static gboolean
run_presentation_key (OverlapWindow *self,
                      guint          keyval)
{
  switch (keyval)
    {
    case GDK_KEY_space:
    case GDK_KEY_Return:
      if (!overlap_window_is_running (self))
        overlap_window_run (self);
      return TRUE;
    case GDK_KEY_r:
    case GDK_KEY_R:
      overlap_window_reset (self);
      return TRUE;
    case GDK_KEY_Left:
    case GDK_KEY_Page_Up:
      gtk_widget_activate_action (GTK_WIDGET (self), "win.previous-scenario", NULL);
      return TRUE;
    case GDK_KEY_Right:
    case GDK_KEY_Page_Down:
      gtk_widget_activate_action (GTK_WIDGET (self), "win.next-scenario", NULL);
      return TRUE;
    case GDK_KEY_plus:
    case GDK_KEY_equal:
    case GDK_KEY_KP_Add:
      gtk_widget_activate_action (GTK_WIDGET (self), "win.slower", NULL);
      return TRUE;
    case GDK_KEY_minus:
    case GDK_KEY_KP_Subtract:
      gtk_widget_activate_action (GTK_WIDGET (self), "win.faster", NULL);
      return TRUE;
    case GDK_KEY_n:
    case GDK_KEY_N:
    case GDK_KEY_p:
    case GDK_KEY_P:
      /* the notes on the timeline, one after another, each centred */
      overlap_gantt_view_step_note (self->gantt_view, keyval == GDK_KEY_n || keyval == GDK_KEY_N ? 1 : -1);
      return TRUE;
    case GDK_KEY_F5:
    case GDK_KEY_F11:
      overlap_window_set_presenting (self, FALSE);
      return TRUE;
    default:
      if (keyval >= GDK_KEY_1 && keyval <= GDK_KEY_9)
        {
          gtk_widget_activate_action (GTK_WIDGET (self), "win.scenario", "i", (int) (keyval - GDK_KEY_1));
          return TRUE;
        }
      return FALSE;
    }
}

/* Whether the keyboard focus is on the sidebar's list of notes */
static gboolean
focus_in_notes_list (OverlapWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  return focus != NULL && (focus == GTK_WIDGET (self->notes_list) ||
                           gtk_widget_is_ancestor (focus, GTK_WIDGET (self->notes_list)));
}

/* In the capture phase, so before the widget that has the focus (a text view,
 * a button that Space would press). */
static gboolean
presentation_key_cb (GtkEventControllerKey *controller,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     OverlapWindow         *self)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));

  if (!self->presenting || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK)))
    return FALSE;
  /* in the sidebar's list of notes (L), Enter and Space go to the note */
  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_space) &&
      focus_in_notes_list (self))
    return FALSE;
  if (!run_presentation_key (self, keyval))
    return FALSE;

  /* pressed in a popover: it closes, and the chart has the keys again */
  if (GTK_IS_POPOVER (widget))
    {
      gtk_popover_popdown (GTK_POPOVER (widget));
      _overlap_window_focus_chart (self);
    }
  return TRUE;
}

/* An open popover (a menu, the code view's strategy list, a text view's context
 * menu) holds a grab: its keys start their way at the popover and never reach
 * the window's controllers, whatever has the focus. So every popover has
 * presentation keys of its own: those in the window now, and one made later
 * the first time it has the focus. */
static void
add_presentation_keys (OverlapWindow *self,
                       GtkWidget     *popover)
{
  GtkEventController *keys;

  if (g_object_get_data (G_OBJECT (popover), "overlap-presentation-keys") != NULL)
    return;

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (presentation_key_cb), self, 0);
  gtk_widget_add_controller (popover, keys);
  g_object_set_data (G_OBJECT (popover), "overlap-presentation-keys", keys);
}

static void
add_presentation_keys_to_popovers (OverlapWindow *self,
                                   GtkWidget     *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_POPOVER (child))
        add_presentation_keys (self, child);
      add_presentation_keys_to_popovers (self, child);
    }
}

static void
focus_widget_cb (OverlapWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  GtkWidget *popover = focus != NULL ? gtk_widget_get_ancestor (focus, GTK_TYPE_POPOVER) : NULL;

  if (popover != NULL)
    add_presentation_keys (self, popover);
}

/* Focus: the chart takes the keyboard back when what had it goes away (a
 * popover, the code view, a dialog), so that its keys and the presentation
 * keys work without a click. */

static gboolean
chart_can_take_focus (OverlapWindow *self)
{
  return gtk_window_is_active (GTK_WINDOW (self)) &&
         gtk_widget_get_mapped (GTK_WIDGET (self->gantt_view));
}

/* Now if the window is active; otherwise (a dialog is still closing) when it is
 * active again. */
void
_overlap_window_focus_chart (OverlapWindow *self)
{
  if (gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;

  self->refocus_chart = !chart_can_take_focus (self);
  if (!self->refocus_chart)
    gtk_widget_grab_focus (GTK_WIDGET (self->gantt_view));
}

static gboolean
has_dialog (OverlapWindow *self)
{
  GList *toplevels = gtk_window_list_toplevels ();
  gboolean found = FALSE;

  for (GList *l = toplevels; l != NULL && !found; l = l->next)
    found = gtk_widget_get_visible (l->data) &&
            gtk_window_get_transient_for (l->data) == GTK_WINDOW (self);
  g_list_free (toplevels);
  return found;
}

/* A dialog of the window (the editor, a file chooser, Preferences, About, an
 * error) takes the keyboard: the window is active again only once it has
 * gone, and then the chart has the focus. */
static void
active_changed_cb (OverlapWindow *self)
{
  if (!gtk_window_is_active (GTK_WINDOW (self)))
    {
      if (has_dialog (self))
        self->refocus_chart = TRUE;
    }
  else if (self->refocus_chart)
    _overlap_window_focus_chart (self);
}

/* GTK leaves the focus on the hidden widget, or hands it to the paned. */
static void
code_view_visible_cb (OverlapWindow *self)
{
  GtkWidget *code_view = GTK_WIDGET (self->code_view);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (gtk_widget_get_visible (code_view))
    return;
  if (focus == NULL || !gtk_widget_is_drawable (focus) ||
      gtk_widget_is_ancestor (focus, code_view) || gtk_widget_is_ancestor (code_view, focus))
    _overlap_window_focus_chart (self);
}

/* The menus of the header bar: closed, they would leave the focus on their
 * button. */
static void
watch_menu_buttons (OverlapWindow *self,
                    GtkWidget     *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkPopover *popover;

      if (!GTK_IS_MENU_BUTTON (child))
        {
          watch_menu_buttons (self, child);
          continue;
        }
      popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (child));
      if (popover != NULL)
        g_signal_connect_object (popover, "closed", G_CALLBACK (_overlap_window_focus_chart),
                                 self, G_CONNECT_SWAPPED);
    }
}

void
_overlap_window_install_keys (OverlapWindow *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (presentation_key_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  add_presentation_keys_to_popovers (self, GTK_WIDGET (self));
  g_signal_connect (self, "notify::focus-widget", G_CALLBACK (focus_widget_cb), NULL);

  g_signal_connect (self, "notify::is-active", G_CALLBACK (active_changed_cb), NULL);
  g_signal_connect_object (self->code_view, "notify::visible", G_CALLBACK (code_view_visible_cb),
                           self, G_CONNECT_SWAPPED);
  watch_menu_buttons (self, GTK_WIDGET (self->header_bar));
}

void
_overlap_window_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "win.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "win.reset", NULL, reset_action);
  gtk_widget_class_install_action (widget_class, "win.replay", NULL, replay_action);
  gtk_widget_class_install_action (widget_class, "win.presentation", NULL, presentation_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-sidebar", NULL, toggle_sidebar_action);
  gtk_widget_class_install_action (widget_class, "win.next-scenario", NULL, scenario_action);
  gtk_widget_class_install_action (widget_class, "win.previous-scenario", NULL, scenario_action);
  gtk_widget_class_install_action (widget_class, "win.scenario", "i", scenario_action);
  gtk_widget_class_install_action (widget_class, "win.faster", NULL, time_scale_action);
  gtk_widget_class_install_action (widget_class, "win.slower", NULL, time_scale_action);
  gtk_widget_class_install_action (widget_class, "win.open-scenario", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.save-scenario", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "win.edit-scenario", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "win.export", "s", export_action);
  gtk_widget_class_install_action (widget_class, "win.show-code", NULL, show_code_action);
  gtk_widget_class_install_action (widget_class, "win.show-notes", NULL, show_notes_action);
  gtk_widget_class_install_action (widget_class, "win.race", NULL, race_action);
  gtk_widget_class_install_action (widget_class, "win.each-run-from-zero", NULL, each_from_zero_action);
  gtk_widget_class_install_property_action (widget_class, "win.listen", "listening");
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-fit", NULL, zoom_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.run", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.replay", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.stop", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F11, 0, "win.presentation", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.presentation", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.toggle-sidebar", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open-scenario", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "win.save-scenario", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.edit-scenario", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_E, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.export", "s", "video");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, GDK_CONTROL_MASK, "win.show-code", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "win.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "win.zoom-fit", NULL);
}
