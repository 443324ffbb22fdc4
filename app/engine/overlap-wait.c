/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-wait"

#include "config.h"

#include "overlap-wait-private.h"

/* Waiting for a duration, cancellably: on the main loop with a timeout source
 * (µs precision through g_source_set_ready_time), or blocking in a worker thread. */

typedef struct
{
  GTask  *task;
  GSource *source;
  gulong  cancelled_id;
} Wait;

static void
wait_complete (Wait     *wait,
               gboolean  cancelled)
{
  GTask *task = g_steal_pointer (&wait->task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  g_assert (task != NULL);

  if (wait->cancelled_id != 0)
    g_cancellable_disconnect (cancellable, wait->cancelled_id);
  g_source_destroy (wait->source);
  g_source_unref (wait->source);
  g_free (wait);

  if (cancelled)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s", "Cancelled");
  else
    g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static gboolean
wait_source_dispatch (GSource     *source,
                      GSourceFunc  callback,
                      gpointer     user_data)
{
  g_source_set_ready_time (source, -1);
  return callback (user_data);
}

static GSourceFuncs wait_source_funcs = {
  .dispatch = wait_source_dispatch,
};

static gboolean
wait_elapsed (gpointer data)
{
  wait_complete (data, FALSE);
  return G_SOURCE_REMOVE;
}

static gboolean
wait_cancelled_idle (gpointer data)
{
  Wait *wait = data;

  if (wait->task != NULL)
    wait_complete (wait, TRUE);
  return G_SOURCE_REMOVE;
}

static void
wait_cancelled (GCancellable *cancellable,
                Wait         *wait)
{
  /* Called inside g_cancellable_cancel(): finish from the main loop, not from here,
   * since g_cancellable_disconnect() must not be called in the handler. */
  g_source_set_callback (wait->source, wait_cancelled_idle, wait, NULL);
  g_source_set_ready_time (wait->source, 0);
}

void
_overlap_wait_async (gint64        duration,
                     GCancellable *cancellable,
                     GTask        *task)
{
  Wait *wait;

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  wait = g_new0 (Wait, 1);
  wait->task = task;
  wait->source = g_source_new (&wait_source_funcs, sizeof (GSource));
  g_source_set_ready_time (wait->source, g_get_monotonic_time () + MAX (0, duration));
  g_source_set_callback (wait->source, wait_elapsed, wait, NULL);
  g_source_set_name (wait->source, "[overlap] wait");
  g_source_attach (wait->source, g_task_get_context (task));

  if (cancellable != NULL)
    wait->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (wait_cancelled), wait, NULL);
}

gboolean
_overlap_wait_sync (gint64         duration,
                    GCancellable  *cancellable,
                    GError       **error)
{
  gint64 deadline = g_get_monotonic_time () + MAX (0, duration);
  GPollFD pollfd;
  gboolean have_fd;

  have_fd = cancellable != NULL && g_cancellable_make_pollfd (cancellable, &pollfd);

  for (;;)
    {
      gint64 left = deadline - g_get_monotonic_time ();

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        break;
      if (left <= 0)
        {
          if (have_fd)
            g_cancellable_release_fd (cancellable);
          return TRUE;
        }
      if (have_fd)
        g_poll (&pollfd, 1, (int) MIN ((left + 999) / 1000, G_MAXINT));
      else
        g_usleep (left);
    }

  if (have_fd)
    g_cancellable_release_fd (cancellable);
  return FALSE;
}
