/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-http-gate"

#include "config.h"

#include "overlap-http-gate.h"

/* The gate in front of a SoupSession: at most the session's max-conns messages
 * are given to libsoup at once; the others wait here, recorded as queued just as
 * they would be inside libsoup. libsoup walks its whole queue for every message it
 * dispatches, so a "gather" of thousands of requests handed over at once costs it
 * CPU in proportion to the square of their number; here it stays linear.
 *
 * Waiters are let through in the order they came. One whose cancellable is
 * cancelled leaves the queue and its GTask returns G_IO_ERROR_CANCELLED, without
 * ever taking a place. The gate lives on the main context of its requests; only
 * the cancellation of a waiter may come from another thread. */

struct _OverlapHttpGate
{
  guint   limit;
  guint   in_flight;
  GQueue  waiting;              /* GateWaiter, the first to go first */
};

G_DEFINE_BOXED_TYPE (OverlapHttpGate, overlap_http_gate, overlap_http_gate_ref, overlap_http_gate_unref)

typedef struct
{
  OverlapHttpGate     *gate;    /* not referenced: the gate holds its waiters */
  GTask               *task;
  OverlapHttpGateFunc  func;
  gulong               handler; /* on the task's cancellable, 0: none */
} GateWaiter;

/* A waiter cancelled, to be taken out of its gate's queue on its task's context */
typedef struct
{
  OverlapHttpGate *gate;
  GTask           *task;
} GateCancel;

static void
gate_waiter_free (GateWaiter *waiter)
{
  if (waiter->handler != 0)
    g_cancellable_disconnect (g_task_get_cancellable (waiter->task), waiter->handler);
  g_object_unref (waiter->task);
  g_free (waiter);
}

static void
gate_cancel_free (GateCancel *cancel)
{
  overlap_http_gate_unref (cancel->gate);
  g_object_unref (cancel->task);
  g_free (cancel);
}

static void
gate_clear (OverlapHttpGate *self)
{
  g_queue_clear_full (&self->waiting, (GDestroyNotify) gate_waiter_free);
}

static void
gate_admit (OverlapHttpGate     *self,
            GTask               *task,
            OverlapHttpGateFunc  func)
{
  self->in_flight++;
  func (task);
}

static gboolean
gate_waiter_remove_cb (gpointer data)
{
  GateCancel *cancel = data;
  GQueue *waiting = &cancel->gate->waiting;

  /* still waiting: out of the queue, and ended */
  for (GList *l = waiting->head; l != NULL; l = l->next)
    {
      GateWaiter *waiter = l->data;

      if (waiter->task == cancel->task)
        {
          g_queue_delete_link (waiting, l);
          gate_waiter_free (waiter);
          g_task_return_error_if_cancelled (cancel->task);
          break;
        }
    }
  return G_SOURCE_REMOVE;
}

static void
gate_waiter_cancelled_cb (GCancellable *cancellable,
                          GateWaiter   *waiter)
{
  GateCancel *cancel = g_new0 (GateCancel, 1);
  GSource *source = g_idle_source_new ();

  cancel->gate = overlap_http_gate_ref (waiter->gate);
  cancel->task = g_object_ref (waiter->task);

  /* not from inside the handler: g_cancellable_disconnect() would deadlock */
  g_source_set_callback (source, gate_waiter_remove_cb, cancel, (GDestroyNotify) gate_cancel_free);
  g_source_set_static_name (source, "[overlap] queued request cancelled");
  g_source_attach (source, g_task_get_context (waiter->task));
  g_source_unref (source);
}

/* Public API */

/* A gate letting @limit requests through at once (at least one). */
OverlapHttpGate *
overlap_http_gate_new (guint limit)
{
  OverlapHttpGate *self = g_atomic_rc_box_new0 (OverlapHttpGate);

  self->limit = MAX (1, limit);
  g_queue_init (&self->waiting);
  return self;
}

/* The gate of @session's requests, made on first use with the session's
 * max-conns as its limit, and kept with the session. */
OverlapHttpGate *
overlap_http_gate_for_session (SoupSession *session)
{
  OverlapHttpGate *self;

  g_return_val_if_fail (SOUP_IS_SESSION (session), NULL);

  self = g_object_get_data (G_OBJECT (session), "overlap-http-gate");
  if (self == NULL)
    {
      self = overlap_http_gate_new (soup_session_get_max_conns (session));
      g_object_set_data_full (G_OBJECT (session), "overlap-http-gate", self,
                              (GDestroyNotify) overlap_http_gate_unref);
    }
  return self;
}

OverlapHttpGate *
overlap_http_gate_ref (OverlapHttpGate *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

void
overlap_http_gate_unref (OverlapHttpGate *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, (GDestroyNotify) gate_clear);
}

guint
overlap_http_gate_get_limit (OverlapHttpGate *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->limit;
}

/* How many requests hold a place. */
guint
overlap_http_gate_get_in_flight (OverlapHttpGate *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->in_flight;
}

/* How many requests wait for a place. */
guint
overlap_http_gate_get_n_waiting (OverlapHttpGate *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->waiting.length;
}

/* Lets @task through with @func (@task) once it has a place: at once when one
 * is free, or else when it is first in the queue and one is given back. Cancelled
 * while it waits, @task returns G_IO_ERROR_CANCELLED and @func is never called. */
void
overlap_http_gate_enter (OverlapHttpGate     *self,
                         GTask               *task,
                         OverlapHttpGateFunc  func)
{
  GCancellable *cancellable;
  GateWaiter *waiter;

  g_return_if_fail (self != NULL);
  g_return_if_fail (G_IS_TASK (task));
  g_return_if_fail (func != NULL);

  if (self->in_flight < self->limit)
    {
      gate_admit (self, task, func);
      return;
    }

  waiter = g_new0 (GateWaiter, 1);
  waiter->gate = self;
  waiter->task = g_object_ref (task);
  waiter->func = func;
  cancellable = g_task_get_cancellable (task);
  if (cancellable != NULL)
    waiter->handler = g_cancellable_connect (cancellable, G_CALLBACK (gate_waiter_cancelled_cb),
                                             waiter, NULL);
  g_queue_push_tail (&self->waiting, waiter);
}

/* Gives a place back; the first request still waiting takes it. */
void
overlap_http_gate_leave (OverlapHttpGate *self)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (self->in_flight > 0);

  self->in_flight--;
  while (self->in_flight < self->limit && !g_queue_is_empty (&self->waiting))
    {
      GateWaiter *waiter = g_queue_pop_head (&self->waiting);
      g_autoptr(GTask) task = g_object_ref (waiter->task);
      OverlapHttpGateFunc func = waiter->func;

      gate_waiter_free (waiter);
      if (!g_task_return_error_if_cancelled (task))
        gate_admit (self, task, func);
    }
}
