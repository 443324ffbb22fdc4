/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "overlap-test-ui.h"

/* Driving a real window from a test: the main loop spun without blocking, so that
 * frames, timers and I/O all go on, and widgets found by type. */

void
overlap_test_spin_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

void
overlap_test_spin_until (gboolean (*done) (gpointer),
                         gpointer   data,
                         guint      timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + timeout_ms * 1000;

  while (!done (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out after %u ms", timeout_ms);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* For overlap_test_spin_until() on a widget: TRUE once it is mapped (a
 * popover maps when the window manager has shown its surface: later on a
 * busy machine). */
gboolean
overlap_test_widget_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

/* For overlap_test_spin_until() on a gboolean: TRUE once it is. */
gboolean
overlap_test_flag_set (gpointer data)
{
  return *(gboolean *) data;
}

/* For overlap_test_spin_until() on a weak pointer: TRUE once it is NULL. */
gboolean
overlap_test_pointer_cleared (gpointer data)
{
  return *(gpointer *) data == NULL;
}

GtkWidget *
overlap_test_find_widget (GtkWidget *root,
                          GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = overlap_test_find_widget (child, type);
      if (found)
        return found;
    }
  return NULL;
}

static void
wait_finalized (GtkWindow *window,
                void     (*end) (GtkWindow *),
                guint      timeout_ms)
{
  gpointer pointer = window;

  g_object_add_weak_pointer (G_OBJECT (window), &pointer);
  end (window);
  overlap_test_spin_until (overlap_test_pointer_cleared, &pointer, timeout_ms);
}

/* Destroys @window and spins the main loop until it is finalized: nothing else
 * keeps a reference to it. */
void
overlap_test_destroy_window (GtkWindow *window)
{
  wait_finalized (window, gtk_window_destroy, 5000);
}

/* Closes @window as its close button does, and spins the main loop until it is
 * finalized. */
void
overlap_test_close_window (GtkWindow *window,
                           guint      timeout_ms)
{
  wait_finalized (window, gtk_window_close, timeout_ms);
}
