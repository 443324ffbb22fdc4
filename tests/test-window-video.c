/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "overlap-test-ui.h"
#include "overlap-test-window.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <gst/pbutils/pbutils.h>
#include <math.h>

#include "overlap-video-export.h"
#include "overlap-window-private.h"

/* Export → Video from the window: the progress window, modal, with its bar;
 * Escape (or closing it) cancels and leaves no file; left alone it writes a
 * 1920 × 1080 VP9 video as long as the replay, and goes away. */

static GtkApplication *app;

/* two runs of 1 s and 0.5 s, from a Chrome trace */
static const char trace_json[] =
  "{\"traceEvents\": ["
  "{\"ph\": \"X\", \"name\": \"A\", \"pid\": 1, \"tid\": 1, \"ts\": 0, \"dur\": 1000000},"
  "{\"ph\": \"X\", \"name\": \"B\", \"pid\": 1, \"tid\": 2, \"ts\": 200000, \"dur\": 500000},"
  "{\"ph\": \"X\", \"name\": \"C\", \"pid\": 2, \"tid\": 3, \"ts\": 0, \"dur\": 500000}"
  "]}";

static GtkWindow *
find_dialog (OverlapWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* not ours */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (gtk_window_get_transient_for (toplevel) == GTK_WINDOW (window) &&
          gtk_window_get_modal (toplevel) && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return toplevel;
    }
  return NULL;
}

typedef struct
{
  OverlapWindow *window;
  gboolean       want_progress;
} Wait;

static gboolean
dialog_gone (gpointer data)
{
  Wait *wait = data;

  return find_dialog (wait->window) == NULL;
}

static gboolean
some_progress (gpointer data)
{
  Wait *wait = data;
  GtkWindow *dialog = find_dialog (wait->window);
  GtkWidget *bar;

  if (dialog == NULL)
    return TRUE;
  bar = overlap_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_PROGRESS_BAR);
  return bar != NULL && gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (bar)) > 0;
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static void
test_export_video (void)
{
  OverlapWindow *window = overlap_test_window_new (app, 1280, 820);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("overlap-window-video-XXXXXX", &error);
  g_autofree char *trace = g_build_filename (dir, "trace.json", NULL);
  g_autofree char *path = g_build_filename (dir, "run.webm", NULL);
  g_autoptr(GFile) trace_file = g_file_new_for_path (trace);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GstDiscoverer) discoverer = NULL;
  g_autoptr(GstDiscovererInfo) info = NULL;
  g_autofree char *uri = NULL;
  Wait wait = { window, FALSE };
  GtkWindow *dialog;
  GList *streams;

  if (!overlap_video_check_available (OVERLAP_VIDEO_VP9, &error))
    {
      g_test_skip (error->message);
      return;
    }
  g_assert_true (g_file_set_contents (trace, trace_json, -1, NULL));
  overlap_window_open_file (window, trace_file);
  overlap_test_wait_opened (window, 10000);
  overlap_test_spin_for (50);
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (window)));

  /* cancelled with Escape's action: no file */
  _overlap_window_export_video_to (window, file);
  dialog = find_dialog (window);
  g_assert_nonnull (dialog);
  g_assert_nonnull (overlap_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_PROGRESS_BAR));
  g_assert_true (GTK_IS_BUTTON (gtk_window_get_focus (dialog)));
  overlap_test_spin_until (some_progress, &wait, 30000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL));
  overlap_test_spin_until (dialog_gone, &wait, 30000);
  g_assert_null (find_dialog (window));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_files (dir), ==, 1);   /* the trace alone */

  /* left alone: the video, 1920 × 1080 VP9, as long as the replay (1 s) */
  _overlap_window_export_video_to (window, file);
  g_assert_nonnull (find_dialog (window));
  overlap_test_spin_until (dialog_gone, &wait, 120000);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (count_files (dir), ==, 2);

  discoverer = gst_discoverer_new (10 * GST_SECOND, &error);
  g_assert_no_error (error);
  uri = g_filename_to_uri (path, NULL, NULL);
  info = gst_discoverer_discover_uri (discoverer, uri, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (fabs ((double) gst_discoverer_info_get_duration (info) - GST_SECOND), <=,
                     GST_SECOND / 30.0 + GST_MSECOND);
  streams = gst_discoverer_info_get_video_streams (info);
  g_assert_cmpuint (g_list_length (streams), ==, 1);
  g_assert_cmpint (gst_discoverer_video_info_get_width (streams->data), ==, 1920);
  g_assert_cmpint (gst_discoverer_video_info_get_height (streams->data), ==, 1080);
  {
    g_autoptr(GstCaps) caps = gst_discoverer_stream_info_get_caps (streams->data);

    g_assert_cmpstr (gst_structure_get_name (gst_caps_get_structure (caps, 0)), ==, "video/x-vp9");
  }
  gst_discoverer_stream_info_list_free (streams);

  g_unlink (path);
  g_unlink (trace);
  g_rmdir (dir);
  overlap_test_close_window (GTK_WINDOW (window), 5000);
}

int
main (int argc, char **argv)
{
  app = overlap_test_init_windows (&argc, &argv);
  if (app == NULL)
    return g_test_run ();

  g_test_add_func ("/window-video/export", test_export_video);
  return overlap_test_run_windows (app);
}
