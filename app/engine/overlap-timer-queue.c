/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-timer-queue"

#include "config.h"

#include "overlap-timer-queue.h"

#ifdef HAVE_TIMERFD
#include <errno.h>
#include <sys/timerfd.h>
#include <unistd.h>
#endif

/* The deadline sits beside the pointer, so that ordering the heap reads no entry. */
typedef struct
{
  gint64             deadline;
  OverlapTimerEntry *entry;
  guint              cycle;     /* the queue's cycle when it was added */
} Node;

typedef struct
{
  GSource             source;
  Node               *heap;
  guint               length;
  guint               size;
  guint               cycle;    /* counts dispatches */
  OverlapTimerFunc    func;
  gpointer            user_data;
  gint64              armed;    /* the deadline the source wakes up for, -1: none */
  int                 timer_fd; /* -1: none, the source's ready time instead */
  gpointer            timer_tag;
} TimerQueue;

static inline void
place (TimerQueue *self,
       Node        node,
       guint       index)
{
  self->heap[index] = node;
  node.entry->index = index;
}

static void
sift_up (TimerQueue *self,
         guint       index)
{
  Node node = self->heap[index];

  while (index > 0)
    {
      guint parent = (index - 1) / 2;

      if (node.deadline >= self->heap[parent].deadline)
        break;
      place (self, self->heap[parent], index);
      index = parent;
    }
  place (self, node, index);
}

static void
sift_down (TimerQueue *self,
           guint       index)
{
  Node node = self->heap[index];

  for (;;)
    {
      guint child = 2 * index + 1;

      if (child >= self->length)
        break;
      if (child + 1 < self->length && self->heap[child + 1].deadline < self->heap[child].deadline)
        child++;
      if (self->heap[child].deadline >= node.deadline)
        break;
      place (self, self->heap[child], index);
      index = child;
    }
  place (self, node, index);
}

/* The loop wakes up for the earliest deadline. GLib's own ready time goes
 * through poll(), whose timeout is whole milliseconds (rounded up), and Linux
 * lets poll() sleep 0.1% of its timeout longer (1 ms on a 1 s wait); a timerfd
 * set to the deadline wakes it within the thread's timer slack (50 µs). */
static void
update_ready_time (TimerQueue *self)
{
  gint64 ready = self->length > 0 ? self->heap[0].deadline : -1;

  if (ready == self->armed)
    return;
  self->armed = ready;

#ifdef HAVE_TIMERFD
  if (self->timer_fd >= 0)
    {
      /* it_value 0 disarms; a deadline already past fires at once */
      gint64 at = ready < 0 ? 0 : MAX (ready, 1);
      struct itimerspec spec = { { 0, 0 }, { at / G_USEC_PER_SEC, (at % G_USEC_PER_SEC) * 1000 } };

      if (timerfd_settime (self->timer_fd, TFD_TIMER_ABSTIME, &spec, NULL) == 0)
        return;
      /* cannot happen with valid values; fall back to the ready time for good */
      g_warning ("timerfd_settime: %s", g_strerror (errno));
      g_source_remove_unix_fd ((GSource *) self, self->timer_tag);
      close (self->timer_fd);
      self->timer_fd = -1;
    }
#endif

  g_source_set_ready_time ((GSource *) self, ready);
}

static void
take_out (TimerQueue *self,
          guint       index)
{
  Node last;

  self->heap[index].entry->index = G_MAXUINT;
  self->length--;
  if (index == self->length)
    return;

  last = self->heap[self->length];
  place (self, last, index);
  if (index > 0 && last.deadline < self->heap[(index - 1) / 2].deadline)
    sift_up (self, index);
  else
    sift_down (self, index);
}

static gboolean
timer_queue_dispatch (GSource     *source,
                      GSourceFunc  callback,
                      gpointer     user_data)
{
  TimerQueue *self = (TimerQueue *) source;
  gint64 now;

#ifdef HAVE_TIMERFD
  if (self->timer_fd >= 0)
    {
      guint64 expirations;

      /* fired (or not: another source's turn): a timerfd fires once, set it again */
      if (read (self->timer_fd, &expirations, sizeof expirations) < 0 && errno != EAGAIN)
        g_debug ("timerfd read: %s", g_strerror (errno));
      self->armed = G_MININT64;
    }
#endif

  now = g_get_monotonic_time ();

  /* An entry a callback adds (a sequential run of zero-length timers, a cancelled
   * timer made due at once) waits for the next iteration, so that the loop's other
   * sources get their turn. GLib keeps a reference to the source while it
   * dispatches; a callback that destroys the queue ends the walk. */
  self->cycle++;
  while (self->length > 0 && self->heap[0].deadline <= now && self->heap[0].cycle != self->cycle &&
         !g_source_is_destroyed (source))
    {
      OverlapTimerEntry *entry = self->heap[0].entry;

      take_out (self, 0);
      self->func (entry, self->user_data);
    }

  if (!g_source_is_destroyed (source))
    update_ready_time (self);
  return G_SOURCE_CONTINUE;
}

static void
timer_queue_finalize (GSource *source)
{
  TimerQueue *self = (TimerQueue *) source;

  for (guint i = 0; i < self->length; i++)
    self->heap[i].entry->index = G_MAXUINT;
  g_free (self->heap);
#ifdef HAVE_TIMERFD
  if (self->timer_fd >= 0)
    close (self->timer_fd);
#endif
}

static GSourceFuncs timer_queue_funcs = {
  .dispatch = timer_queue_dispatch,
  .finalize = timer_queue_finalize,
};

/* A new, empty queue calling @func for each entry that comes due; attach it to
 * a main context with g_source_attach(). */
GSource *
overlap_timer_queue_new (OverlapTimerFunc func,
                         gpointer         user_data)
{
  TimerQueue *self;

  g_return_val_if_fail (func != NULL, NULL);

  self = (TimerQueue *) g_source_new (&timer_queue_funcs, sizeof (TimerQueue));
  self->func = func;
  self->user_data = user_data;
  self->armed = -1;
  self->timer_fd = -1;
#ifdef HAVE_TIMERFD
  self->timer_fd = timerfd_create (CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
  if (self->timer_fd >= 0)
    self->timer_tag = g_source_add_unix_fd ((GSource *) self, self->timer_fd, G_IO_IN);
#endif
  g_source_set_static_name ((GSource *) self, "[overlap] timer queue");
  return (GSource *) self;
}

/* Queues @entry to come due at @deadline (monotonic µs; the past is due at the
 * next iteration). An entry already queued is moved. */
void
overlap_timer_queue_add (GSource           *queue,
                         OverlapTimerEntry *entry,
                         gint64             deadline)
{
  TimerQueue *self = (TimerQueue *) queue;

  g_return_if_fail (queue != NULL && queue->source_funcs == &timer_queue_funcs);
  g_return_if_fail (entry != NULL);

  if (overlap_timer_entry_is_queued (entry))
    take_out (self, entry->index);

  if (self->length == self->size)
    {
      self->size = MAX (16, self->size * 2);
      self->heap = g_renew (Node, self->heap, self->size);
    }
  entry->deadline = deadline;
  place (self, (Node) { deadline, entry, self->cycle }, self->length++);
  sift_up (self, entry->index);

  if (self->heap[0].entry == entry)
    update_ready_time (self);
}

/* Takes @entry out of the queue, if it is in it. */
void
overlap_timer_queue_remove (GSource           *queue,
                            OverlapTimerEntry *entry)
{
  TimerQueue *self = (TimerQueue *) queue;
  gboolean was_first;

  g_return_if_fail (queue != NULL && queue->source_funcs == &timer_queue_funcs);
  g_return_if_fail (entry != NULL);

  if (!overlap_timer_entry_is_queued (entry))
    return;

  g_return_if_fail (entry->index < self->length && self->heap[entry->index].entry == entry);

  was_first = entry->index == 0;
  take_out (self, entry->index);
  if (was_first)
    update_ready_time (self);
}

guint
overlap_timer_queue_get_length (GSource *queue)
{
  g_return_val_if_fail (queue != NULL && queue->source_funcs == &timer_queue_funcs, 0);

  return ((TimerQueue *) queue)->length;
}
