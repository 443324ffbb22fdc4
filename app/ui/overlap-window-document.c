/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-window"

#include "config.h"

#include <glib/gi18n.h>

#include "overlap-import.h"
#include "overlap-run-words.h"
#include "overlap-window-private.h"

/* Opened timelines (Chrome traces, .ninja_log, meson testlogs, saved
 * recordings): read in a worker thread, then shown as a document in place of
 * the scenario's runs. */

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
  g_clear_handle_id (&self->open_toast_id, g_source_remove);
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
  _overlap_window_set_document (self, self->open_name != NULL ? self->open_name : overlap_recording_get_title (recording), &report);
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

/* Document mode: an opened timeline is shown as a document — its name in the
 * title, its format and counts under it — and the scenario's controls
 * (strategies, time scale, Run) give way until a scenario is chosen or run
 * again. @name NULL leaves it. */
void
_overlap_window_set_document (OverlapWindow             *self,
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
  _overlap_window_update_summary (self);
  _overlap_window_update_actions (self);
}

gboolean
overlap_window_get_document (OverlapWindow *self)
{
  g_return_val_if_fail (OVERLAP_IS_WINDOW (self), FALSE);
  return self->document;
}

/* "Opening …" with a Cancel button, once the reading has taken a while: a
 * file read at once shows nothing (and no toast is dismissed mid-animation) */
#define OPEN_TOAST_DELAY 400   /* ms */

static gboolean
show_open_toast (gpointer user_data)
{
  OverlapWindow *self = user_data;
  g_autofree char *title = g_strdup_printf (_("Opening “%s”…"), self->open_name);

  self->open_toast_id = 0;
  self->open_toast = adw_toast_new (title);
  g_object_add_weak_pointer (G_OBJECT (self->open_toast), (gpointer *) &self->open_toast);
  adw_toast_set_timeout (self->open_toast, 0);
  adw_toast_set_button_label (self->open_toast, _("_Cancel"));
  g_signal_connect_object (self->open_toast, "button-clicked", G_CALLBACK (g_cancellable_cancel),
                           self->open_cancellable, G_CONNECT_SWAPPED);
  adw_toast_overlay_add_toast (self->toast_overlay, g_object_ref (self->open_toast));
  g_object_unref (self->open_toast);
  return G_SOURCE_REMOVE;
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
  if (self->open_toast != NULL)
    adw_toast_dismiss (self->open_toast);
  g_clear_handle_id (&self->open_toast_id, g_source_remove);
  self->open_toast_id = g_timeout_add_full (G_PRIORITY_DEFAULT, OPEN_TOAST_DELAY, show_open_toast,
                                            g_object_ref (self), g_object_unref);

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
  overlap_recording_copy_notes (self->recording, recording);
  overlap_gantt_view_fit (self->gantt_view);
  _overlap_window_update_summary (self);
  /* runs to replay and export */
  _overlap_window_update_actions (self);
}
