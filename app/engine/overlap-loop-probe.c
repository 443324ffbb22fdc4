/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-loop-probe"

#include "config.h"

#include "overlap-loop-probe.h"

/* The loop-lag probe: a source on the run's main context that never fires and
 * never wakes the loop; GLib calls its prepare() at the start of every loop
 * iteration and its check() after every poll, just before the iteration
 * dispatches. The time from a check() to the next prepare() is the time the loop
 * spent dispatching, that is, the time it could not run anything else: when it
 * is over the threshold (CPU work on the loop, a blocking call, a burst of
 * callbacks) it is recorded in the run's "loop lag" counter (ms) and the longest
 * stall is kept for the run's figures.
 *
 * It used to be a source that woke up every 5 ms and measured its own lateness.
 * That missed up to 5 ms of a stall that began between two wake-ups, and each
 * wake-up is a loop iteration, which walks every source of the context: with
 * 100,000 timers attached that was 200 walks of 100,000 sources a second, most
 * of the engine's CPU time (BENCHMARKS.md, figure 1). */

#define STALL_THRESHOLD (2 * 1000)   /* µs of lag worth counting in the run's figures */
#define LANE_THRESHOLD  (8 * 1000)   /* µs of lag drawn in the lane: half a frame at 60 Hz;
                                      * shorter ones (a frame painted, a burst of
                                      * callbacks) would draw a lane of noise */

typedef struct
{
  GSource           source;
  OverlapLoopProbe *probe;
} ProbeSource;

struct _OverlapLoopProbe
{
  GObject     parent_instance;

  OverlapRun *run;
  GSource    *source;
  guint       counter;
  gint64      dispatching;  /* monotonic µs when the current dispatch began, 0: not dispatching */
  gint64      longest;
  gboolean    lagging;
};

G_DEFINE_FINAL_TYPE (OverlapLoopProbe, overlap_loop_probe, G_TYPE_OBJECT)

static void
probe_note (OverlapLoopProbe *self,
            gint64            now)
{
  gint64 lag;

  if (self->dispatching == 0)
    return;
  lag = now - self->dispatching;
  self->dispatching = 0;

  if (lag >= STALL_THRESHOLD)
    {
      /* A sample (t, lag) says: the loop could not run from t − lag to t. */
      if (lag >= LANE_THRESHOLD)
        overlap_run_add_sample (self->run, self->counter, now - overlap_run_get_origin (self->run),
                                lag / 1000.0);
      overlap_run_note_stall (self->run, lag);
      self->longest = MAX (self->longest, lag);
      self->lagging = TRUE;
    }
}

static gboolean
probe_prepare (GSource *source,
               gint    *timeout)
{
  /* A new iteration: the previous one has finished dispatching. */
  probe_note (((ProbeSource *) source)->probe, g_get_monotonic_time ());
  *timeout = -1;
  return FALSE;
}

static gboolean
probe_check (GSource *source)
{
  /* Polling is over; dispatching begins. */
  ((ProbeSource *) source)->probe->dispatching = g_get_monotonic_time ();
  return FALSE;
}

static GSourceFuncs probe_funcs = {
  .prepare = probe_prepare,
  .check = probe_check,
};

static void
overlap_loop_probe_dispose (GObject *object)
{
  OverlapLoopProbe *self = (OverlapLoopProbe *)object;

  overlap_loop_probe_stop (self);
  g_clear_object (&self->run);

  G_OBJECT_CLASS (overlap_loop_probe_parent_class)->dispose (object);
}

static void
overlap_loop_probe_class_init (OverlapLoopProbeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = overlap_loop_probe_dispose;
}

static void
overlap_loop_probe_init (OverlapLoopProbe *self)
{
}

OverlapLoopProbe *
overlap_loop_probe_new (OverlapRun *run)
{
  OverlapLoopProbe *self;

  g_return_val_if_fail (OVERLAP_IS_RUN (run), NULL);

  self = g_object_new (OVERLAP_TYPE_LOOP_PROBE, NULL);
  self->run = g_object_ref (run);
  self->counter = overlap_run_add_counter (run, "loop lag", "ms");
  return self;
}

/* Starts probing the thread-default main context. Usually called from a
 * dispatch (a button, a finished run): the rest of it counts as a stall. */
void
overlap_loop_probe_start (OverlapLoopProbe *self)
{
  gint64 now;

  g_return_if_fail (OVERLAP_IS_LOOP_PROBE (self));
  g_return_if_fail (self->source == NULL);

  now = g_get_monotonic_time ();
  self->dispatching = now;
  overlap_run_add_sample (self->run, self->counter, MAX (0, now - overlap_run_get_origin (self->run)), 0);

  self->source = g_source_new (&probe_funcs, sizeof (ProbeSource));
  ((ProbeSource *) self->source)->probe = self;
  g_source_set_priority (self->source, G_PRIORITY_HIGH);
  g_source_set_name (self->source, "[overlap] loop-lag probe");
  g_source_attach (self->source, g_main_context_get_thread_default ());
}

void
overlap_loop_probe_stop (OverlapLoopProbe *self)
{
  g_return_if_fail (OVERLAP_IS_LOOP_PROBE (self));

  if (self->source == NULL)
    return;

  /* A stall that is still going on when the run ends (its last task blocked the
   * loop, and the run ends in the same dispatch) is seen now. */
  probe_note (self, g_get_monotonic_time ());
  g_source_destroy (self->source);
  g_clear_pointer (&self->source, g_source_unref);
}

gint64
overlap_loop_probe_get_longest (OverlapLoopProbe *self)
{
  g_return_val_if_fail (OVERLAP_IS_LOOP_PROBE (self), 0);
  return self->longest;
}
