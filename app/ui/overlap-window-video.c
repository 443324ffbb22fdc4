/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "overlap-file-chooser.h"
#include "overlap-video-export.h"
#include "overlap-window-private.h"

/* Export → Video (WebM)…: a file chosen, then the replay encoded by
 * overlap-video-export.c while a modal window shows its progress, with Cancel
 * (or Escape, or closing it), which leaves no file. The window's palette,
 * at 1920 × 1080 with presentation-sized text; a toast when done, with Open. */

#define VIDEO_WIDTH      1920
#define VIDEO_HEIGHT     1080
#define VIDEO_TEXT_SCALE 1.5

typedef struct
{
  OverlapWindow  *window;
  GtkWindow      *dialog;
  GtkProgressBar *bar;
  GCancellable   *cancellable;
  GFile          *file;
} VideoJob;

static void
video_job_free (VideoJob *job)
{
  if (job->dialog != NULL)
    gtk_window_destroy (g_steal_pointer (&job->dialog));
  g_clear_object (&job->cancellable);
  g_clear_object (&job->file);
  g_clear_object (&job->window);
  g_free (job);
}

static void
open_video_cb (AdwToast   *toast,
               const char *uri)
{
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri (uri, NULL, &error))
    g_warning ("Could not open %s: %s", uri, error->message);
}

static void
progress_cb (double   fraction,
             gpointer data)
{
  VideoJob *job = data;
  g_autofree char *text = NULL;

  if (job->bar == NULL)
    return;
  gtk_progress_bar_set_fraction (job->bar, fraction);
  /* Translators: the video export's progress, "42 %" */
  text = g_strdup_printf (_("%d %%"), (int) (fraction * 100));
  gtk_progress_bar_set_text (job->bar, text);
}

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      data)
{
  VideoJob *job = data;
  OverlapWindow *self = job->window;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (job->file);

  if (overlap_video_export_finish (result, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Saved “%s”"), name);
      AdwToast *toast = adw_toast_new (message);

      adw_toast_set_button_label (toast, _("_Open"));
      adw_toast_set_timeout (toast, 8);
      g_signal_connect_data (toast, "button-clicked", G_CALLBACK (open_video_cb),
                             g_file_get_uri (job->file), (GClosureNotify) (void (*) (void)) g_free, 0);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    _overlap_window_toast (self, _("The video was cancelled"));
  else
    _overlap_window_toast (self, error->message);

  job->bar = NULL;
  video_job_free (job);
  _overlap_window_focus_chart (self);
}

static void
dialog_destroy_cb (GtkWindow *dialog,
                   VideoJob  *job)
{
  /* closed with the main window: the export stops */
  job->dialog = NULL;
  job->bar = NULL;
  g_cancellable_cancel (job->cancellable);
}

static gboolean
dialog_close_cb (GtkWindow *dialog,
                 VideoJob  *job)
{
  /* the export ends, and export_done_cb() closes the dialog */
  g_cancellable_cancel (job->cancellable);
  return TRUE;
}

static GtkWindow *
make_dialog (VideoJob   *job,
             const char *name)
{
  GtkWidget *dialog, *box, *header, *label, *bar, *button;
  g_autofree char *text = NULL;
  GtkEventController *keys;
  GtkShortcut *escape;

  dialog = adw_window_new ();
  gtk_window_set_title (GTK_WINDOW (dialog), _("Exporting the Video"));
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (job->window));
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  gtk_window_set_resizable (GTK_WINDOW (dialog), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 420, -1);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  gtk_box_append (GTK_BOX (box), header);

  {
    GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

    gtk_widget_set_margin_top (content, 18);
    gtk_widget_set_margin_bottom (content, 18);
    gtk_widget_set_margin_start (content, 18);
    gtk_widget_set_margin_end (content, 18);

    /* Translators: %s is a file name */
    text = g_strdup_printf (_("Writing the replay to “%s”"), name);
    label = gtk_label_new (text);
    gtk_label_set_wrap (GTK_LABEL (label), TRUE);
    gtk_label_set_xalign (GTK_LABEL (label), 0);
    gtk_box_append (GTK_BOX (content), label);

    bar = gtk_progress_bar_new ();
    gtk_progress_bar_set_show_text (GTK_PROGRESS_BAR (bar), TRUE);
    gtk_progress_bar_set_text (GTK_PROGRESS_BAR (bar), _("0 %"));
    gtk_accessible_update_property (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    _("Progress of the video export"), -1);
    gtk_box_append (GTK_BOX (content), bar);

    button = gtk_button_new_with_mnemonic (_("_Cancel"));
    gtk_widget_set_halign (button, GTK_ALIGN_END);
    gtk_widget_set_margin_top (button, 6);
    g_signal_connect_swapped (button, "clicked", G_CALLBACK (g_cancellable_cancel), job->cancellable);
    gtk_box_append (GTK_BOX (content), button);
    gtk_box_append (GTK_BOX (box), content);
  }

  adw_window_set_content (ADW_WINDOW (dialog), box);
  gtk_window_set_default_widget (GTK_WINDOW (dialog), button);
  gtk_window_set_focus (GTK_WINDOW (dialog), button);
  g_signal_connect (dialog, "close-request", G_CALLBACK (dialog_close_cb), job);
  g_signal_connect (dialog, "destroy", G_CALLBACK (dialog_destroy_cb), job);

  /* Escape cancels, as in a dialog */
  keys = gtk_shortcut_controller_new ();
  escape = gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0), gtk_named_action_new ("window.close"));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys), escape);
  gtk_widget_add_controller (dialog, keys);

  job->bar = GTK_PROGRESS_BAR (bar);
  return GTK_WINDOW (dialog);
}

static void
video_file_chosen_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      data)
{
  OverlapWindow *self = OVERLAP_WINDOW (object);
  g_autoptr(GFile) file = overlap_choose_file_finish (GTK_WINDOW (self), result, NULL);

  _overlap_window_focus_chart (self);
  if (file != NULL)
    _overlap_window_export_video_to (self, file);
}

/* The export itself, once @file is chosen: the progress window, then a toast */
void
_overlap_window_export_video_to (OverlapWindow *self,
                                 GFile         *file)
{
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  OverlapVideoOptions options;
  OverlapPaintOptions view;
  VideoJob *job;

  path = g_file_get_path (file);
  if (path == NULL)
    {
      _overlap_window_toast (self, _("Only local files can be written"));
      return;
    }
  if (overlap_recording_get_n_runs (self->recording) == 0)
    return;
  if (overlap_recording_is_live (self->recording))
    {
      _overlap_window_toast (self, _("A video can be made once every run has ended"));
      return;
    }

  overlap_video_options_init (&options);
  overlap_gantt_view_get_paint_options (self->gantt_view, &view);
  options.paint.width = VIDEO_WIDTH;
  options.paint.height = VIDEO_HEIGHT;
  options.paint.text_scale = MAX (view.text_scale, VIDEO_TEXT_SCALE);
  options.paint.dark = view.dark;
  options.paint.high_contrast = view.high_contrast;
  options.paint.hide_flows = view.hide_flows;
  if (self->replay != NULL)
    options.speed = overlap_replay_get_speed (self->replay);

  job = g_new0 (VideoJob, 1);
  job->window = g_object_ref (self);
  job->file = g_object_ref (file);
  job->cancellable = g_cancellable_new ();
  name = g_file_get_basename (file);
  job->dialog = make_dialog (job, name);
  gtk_window_present (job->dialog);

  options.progress = progress_cb;
  options.progress_data = job;
  overlap_video_export_async (self->recording, path, &options, job->cancellable,
                              export_done_cb, job);
}

/* Export → Video (WebM)…: the file first */
void
_overlap_window_export_video (OverlapWindow *self)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;

  gtk_file_filter_set_name (filter, _("WebM videos"));
  gtk_file_filter_add_pattern (filter, "*.webm");
  gtk_file_filter_add_mime_type (filter, "video/webm");

  name = g_strdup_printf ("%s.webm", overlap_scenario_get_name (self->scenario) ?: "overlap");
  if (strchr (name, '/') != NULL)
    {
      g_free (name);
      name = g_strdup ("overlap.webm");
    }
  overlap_choose_file_async (GTK_WINDOW (self),
                             &(OverlapFileChoice) {
                               .title = _("Export a Video"),
                               .save = TRUE,
                               .suggested_name = name,
                               .filter = filter,
                             },
                             NULL, video_file_chosen_cb, NULL);
}
