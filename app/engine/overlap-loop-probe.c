/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-loop-probe"

#include "config.h"

#include "overlap-loop-probe.h"

/* The loop-lag probe: a high-priority source that wants to run every few
 * milliseconds on the run's main context. When the loop is blocked (CPU work on
 * it, a blocking call) it runs late; the lateness is recorded in the run's
 * "loop lag" counter (ms) over the time it was blocked, and the longest stall is
 * kept for the run's figures. */

#define STALL_THRESHOLD (2 * 1000)   /* µs of lateness worth recording */

struct _OverlapLoopProbe
{
  GObject     parent_instance;

  OverlapRun *run;
  GSource    *source;
  guint       counter;
  gint64      last;       /* monotonic µs of the previous wake-up */
  gint64      longest;
  gboolean    lagging;
};

G_DEFINE_FINAL_TYPE (OverlapLoopProbe, overlap_loop_probe, G_TYPE_OBJECT)

static gboolean
probe_dispatch (GSource     *source,
                GSourceFunc  callback,
                gpointer     user_data)
{
  OverlapLoopProbe *self = user_data;
  gint64 now = g_get_monotonic_time ();
  gint64 origin = overlap_run_get_origin (self->run);
  gint64 lag = now - self->last - OVERLAP_LOOP_PROBE_INTERVAL;

  if (lag >= STALL_THRESHOLD)
    {
      /* A sample (t, lag) says: the loop could not run from t − lag to t. */
      overlap_run_add_sample (self->run, self->counter, now - origin, lag / 1000.0);
      overlap_run_note_stall (self->run, lag);
      self->longest = MAX (self->longest, lag);
      self->lagging = TRUE;
    }

  self->last = now;
  g_source_set_ready_time (source, now + OVERLAP_LOOP_PROBE_INTERVAL);
  return G_SOURCE_CONTINUE;
}

static GSourceFuncs probe_funcs = {
  .dispatch = probe_dispatch,
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

/* Starts probing the thread-default main context. */
void
overlap_loop_probe_start (OverlapLoopProbe *self)
{
  g_return_if_fail (OVERLAP_IS_LOOP_PROBE (self));
  g_return_if_fail (self->source == NULL);

  self->last = g_get_monotonic_time ();
  overlap_run_add_sample (self->run, self->counter, MAX (0, self->last - overlap_run_get_origin (self->run)), 0);

  self->source = g_source_new (&probe_funcs, sizeof (GSource));
  g_source_set_priority (self->source, G_PRIORITY_HIGH);
  g_source_set_callback (self->source, NULL, self, NULL);
  g_source_set_name (self->source, "[overlap] loop-lag probe");
  g_source_set_ready_time (self->source, self->last + OVERLAP_LOOP_PROBE_INTERVAL);
  g_source_attach (self->source, g_main_context_get_thread_default ());
}

void
overlap_loop_probe_stop (OverlapLoopProbe *self)
{
  g_return_if_fail (OVERLAP_IS_LOOP_PROBE (self));

  if (self->source == NULL)
    return;

  /* A stall that is still going on when the run ends is seen now. */
  probe_dispatch (self->source, NULL, self);
  g_source_destroy (self->source);
  g_clear_pointer (&self->source, g_source_unref);
}

gint64
overlap_loop_probe_get_longest (OverlapLoopProbe *self)
{
  g_return_val_if_fail (OVERLAP_IS_LOOP_PROBE (self), 0);
  return self->longest;
}
