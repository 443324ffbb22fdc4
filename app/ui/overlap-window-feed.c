/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-window-feed"

#include "config.h"

#include <glib/gi18n.h>

#include "overlap-window-private.h"

/* "Listen for programs" (win.listen): programs that send trace events — a
 * Python script under `python3 -m overlap_probe` — appear as live runs beside
 * Overlap's own, on the same time axis. */

#define REFRESH_INTERVAL (250 * 1000)   /* µs between table refreshes while events arrive */

static void
program_added_cb (OverlapWindow *self,
                  OverlapRun    *run)
{
  g_autofree char *text = g_strdup_printf (_("%s connected"), overlap_run_get_title (run));

  _overlap_window_stop_replay (self);
  _overlap_window_toast (self, text);
  _overlap_window_refresh (self);
}

static void
program_changed_cb (OverlapWindow *self,
                    OverlapRun    *run)
{
  static gint64 last;
  gint64 now = g_get_monotonic_time ();

  if (now - last < REFRESH_INTERVAL)
    return;
  last = now;
  _overlap_window_refresh (self);
}

static void
program_ended_cb (OverlapWindow *self,
                  OverlapRun    *run)
{
  if (overlap_run_get_note (run) != NULL && !gtk_widget_in_destruction (GTK_WIDGET (self)))
    {
      g_autofree char *text = g_strdup_printf (_("%s: %s"), overlap_run_get_title (run),
                                               overlap_run_get_note (run));
      _overlap_window_toast (self, text);
    }
  if (!gtk_widget_in_destruction (GTK_WIDGET (self)))
    _overlap_window_refresh (self);
}

void
_overlap_window_listen (OverlapWindow *self,
                        gboolean       listen)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!listen)
    {
      if (self->feed_server != NULL)
        {
          g_signal_handlers_disconnect_by_data (self->feed_server, self);
          overlap_feed_server_stop (self->feed_server);
          g_clear_object (&self->feed_server);
          gtk_widget_set_tooltip_text (GTK_WIDGET (self->window_title), NULL);
        }
      return;
    }

  if (self->feed_server != NULL)
    return;
  self->feed_server = overlap_feed_server_new (self->recording);
  if (!overlap_feed_server_start (self->feed_server, &error))
    {
      text = g_strdup_printf (_("Could not listen for programs: %s"), error->message);
      _overlap_window_toast (self, text);
      g_clear_object (&self->feed_server);
      return;
    }
  g_signal_connect_swapped (self->feed_server, "run-added", G_CALLBACK (program_added_cb), self);
  g_signal_connect_swapped (self->feed_server, "run-changed", G_CALLBACK (program_changed_cb), self);
  g_signal_connect_swapped (self->feed_server, "run-ended", G_CALLBACK (program_ended_cb), self);

  /* TRANSLATORS: %s is a socket path; programs send their events there */
  text = g_strdup_printf (_("Listening for programs on %s"),
                          overlap_feed_server_get_socket_path (self->feed_server));
  _overlap_window_toast (self, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->window_title), text);
}
