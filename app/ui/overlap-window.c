/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-window"

#include "config.h"

#include <glib/gi18n.h>

#include "overlap-csv.h"
#include "overlap-export.h"
#include "overlap-duration.h"
#include "overlap-overview.h"
#include "overlap-run-words.h"
#include "overlap-trace.h"
#include "overlap-window-private.h"

/* The main window: the scenarios in a sidebar, the strategies and time scale,
 * the Gantt chart growing live over the task table, the code beside it, and a
 * summary line comparing the runs.
 *
 * This file is the window itself: its summary, settings, properties and
 * exports. What it runs is overlap-window-run.c's, the timelines it opens
 * overlap-window-document.c's, its actions overlap-window-actions.c's and the
 * programs it listens for overlap-window-feed.c's. */

G_DEFINE_FINAL_TYPE (OverlapWindow, overlap_window, ADW_TYPE_APPLICATION_WINDOW)

static GParamSpec *properties[N_PROPS];

void
_overlap_window_notify (OverlapWindow *self,
                        guint          prop_id)
{
  g_assert (prop_id > PROP_0 && prop_id < N_PROPS);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

/* The summary line: "sequential: 6.00 s · gather: 3.00 s, 2.0× faster than sequential" */
void
_overlap_window_update_summary (OverlapWindow *self)
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
  _overlap_window_update_summary (self);
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
      _overlap_window_update_summary (self);
    }
  overlap_task_table_refresh_some (self->task_table, REFRESH_BUDGET_US);

  if (!overlap_window_is_running (self) &&
      (self->replay == NULL || !overlap_replay_get_playing (self->replay)))
    {
      /* nothing moves any more: the whole table, once */
      _overlap_window_update_summary (self);
      overlap_task_table_refresh (self->task_table);
      self->refresh_id = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

/* The summary and the table follow the run or the replay until nothing moves */
void
_overlap_window_refresh_while_live (OverlapWindow *self)
{
  if (self->refresh_id == 0)
    self->refresh_id = g_timeout_add (REFRESH_INTERVAL_MS, refresh_cb, self);
}

void
_overlap_window_toast (OverlapWindow *self,
                       const char    *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 4);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
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

/* One clock, or each run from 0 (win.each-run-from-zero) */
static void
each_from_zero_changed (OverlapWindow *self)
{
  overlap_recording_set_each_from_zero (self->recording,
                                        g_settings_get_boolean (self->settings, "each-run-from-zero"));
  gtk_widget_queue_draw (GTK_WIDGET (self->gantt_view));
  gtk_widget_queue_resize (GTK_WIDGET (self->gantt_view));
}

static void
text_scale_changed (OverlapWindow *self)
{
  const char *key = self->presenting ? "presentation-text-scale" : "text-scale";

  overlap_gantt_view_set_text_scale (self->gantt_view, g_settings_get_double (self->settings, key));
  overlap_code_view_set_text_scale (self->code_view, g_settings_get_double (self->settings, key));
  /* larger code, a wider view */
  gtk_widget_set_size_request (GTK_WIDGET (self->code_view),
                               420 * CLAMP (g_settings_get_double (self->settings, key), 1.0, 1.6), -1);
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
  g_clear_handle_id (&self->open_toast_id, g_source_remove);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  _overlap_window_dispose_code (self);
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
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = overlap_window_dispose;
  object_class->get_property = overlap_window_get_property;
  object_class->set_property = overlap_window_set_property;
  window_class->close_request = overlap_window_close_request;

  properties[PROP_SCENARIO] = g_param_spec_object ("scenario", NULL, NULL, OVERLAP_TYPE_SCENARIO, rw);
  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE, ro);
  properties[PROP_PRESENTING] = g_param_spec_boolean ("presenting", NULL, NULL, FALSE, rw);
  properties[PROP_SUMMARY] = g_param_spec_string ("summary", NULL, NULL, NULL, ro);
  /* "Listen for programs": the live feed (win.listen) */
  properties[PROP_LISTENING] = g_param_spec_boolean ("listening", NULL, NULL, FALSE, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (OVERLAP_TYPE_GANTT_VIEW);
  g_type_ensure (OVERLAP_TYPE_OVERVIEW);
  g_type_ensure (OVERLAP_TYPE_TASK_TABLE);
  g_type_ensure (OVERLAP_TYPE_CODE_VIEW);
  g_type_ensure (OVERLAP_TYPE_REPLAY_BAR);
  g_type_ensure (OVERLAP_TYPE_NOTES_LIST);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/overlap-window.ui");
  gtk_widget_class_bind_template_child (widget_class, OverlapWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, OverlapWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, OverlapWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, OverlapWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, OverlapWindow, sidebar_stack);
  gtk_widget_class_bind_template_child (widget_class, OverlapWindow, scenario_list);
  gtk_widget_class_bind_template_child (widget_class, OverlapWindow, notes_list);
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
  gtk_widget_class_bind_template_child (widget_class, OverlapWindow, notes_button);
  gtk_widget_class_bind_template_child (widget_class, OverlapWindow, sidebar_button);
  gtk_widget_class_bind_template_child (widget_class, OverlapWindow, replay_revealer);
  gtk_widget_class_bind_template_child (widget_class, OverlapWindow, replay_bar);
  gtk_widget_class_bind_template_child (widget_class, OverlapWindow, replay_button);
  _overlap_window_class_init_run (widget_class);
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
  /* the code view follows the selected run's strategy */
  g_signal_connect_object (self->selection, "changed", G_CALLBACK (_overlap_window_update_code_view), self,
                           G_CONNECT_SWAPPED);
  _overlap_window_init_code (self);
  _overlap_window_init_notes (self);

  g_settings_bind (self->settings, "time-scale",
                   gtk_spin_button_get_adjustment (self->time_scale_spin), "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "show-code", self->code_view, "visible", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_GET | G_SETTINGS_BIND_GET_NO_CHANGES);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_GET | G_SETTINGS_BIND_GET_NO_CHANGES);
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
  g_signal_connect_object (self->settings, "changed::palette", G_CALLBACK (palette_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::each-run-from-zero", G_CALLBACK (each_from_zero_changed), self,
                           G_CONNECT_SWAPPED);
  each_from_zero_changed (self);
  g_signal_connect_object (self->settings, "changed::text-scale", G_CALLBACK (text_scale_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::presentation-text-scale", G_CALLBACK (text_scale_changed), self, G_CONNECT_SWAPPED);
  palette_changed (self);
  text_scale_changed (self);

  _overlap_window_install_keys (self);
  install_drop_target (self);
  _overlap_window_init_scenarios (self);
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
  _overlap_window_update_summary (self);
  return gtk_label_get_label (self->summary_label);
}

gboolean
overlap_window_get_presenting (OverlapWindow *self)
{
  g_return_val_if_fail (OVERLAP_IS_WINDOW (self), FALSE);
  return self->presenting;
}

/* Presentation mode: fullscreen, large text and thick bars, the essentials
 * only: the chart, and the code beside it if it was shown. */
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
  /* the code view, bound to "show-code", stays as it was: if shown, beside
   * the chart, at presentation's text size (below) */
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
