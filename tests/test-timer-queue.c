/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "overlap-timer-queue.h"

/* The runner's timer queue: many deadlines under one GSource. */

typedef struct
{
  OverlapTimerEntry entry;
  guint             id;
  gint64            due;     /* when it fired, 0 if not */
} Timer;

typedef struct
{
  GSource   *queue;
  GMainLoop *loop;
  GArray    *fired;          /* ids, in the order they fired */
  Timer     *timers;
  guint      n_timers;
  guint      left;
  guint      remove_on_fire; /* when this id fires, take this one out (G_MAXUINT: none) */
  guint      remove_target;
  gboolean   destroy_on_fire;
} Fixture;

static void
timer_fired (OverlapTimerEntry *entry,
             gpointer           user_data)
{
  Fixture *f = user_data;
  Timer *timer = (Timer *) entry;

  g_assert_false (overlap_timer_entry_is_queued (entry));
  g_assert_cmpint (timer->due, ==, 0);
  timer->due = g_get_monotonic_time ();
  g_array_append_val (f->fired, timer->id);

  if (timer->id == f->remove_on_fire)
    {
      overlap_timer_queue_remove (f->queue, &f->timers[f->remove_target].entry);
      f->left--;
    }
  if (f->destroy_on_fire)
    {
      g_source_destroy (f->queue);
      g_main_loop_quit (f->loop);
      return;
    }

  if (--f->left == 0)
    g_main_loop_quit (f->loop);
}

static void
fixture_init (Fixture *f,
              guint    n_timers)
{
  f->queue = overlap_timer_queue_new (timer_fired, f);
  g_source_attach (f->queue, NULL);
  f->loop = g_main_loop_new (NULL, FALSE);
  f->fired = g_array_new (FALSE, FALSE, sizeof (guint));
  f->timers = g_new0 (Timer, n_timers);
  f->n_timers = n_timers;
  f->remove_on_fire = G_MAXUINT;
  for (guint i = 0; i < n_timers; i++)
    {
      f->timers[i].entry = (OverlapTimerEntry) OVERLAP_TIMER_ENTRY_INIT;
      f->timers[i].id = i;
    }
}

static void
fixture_clear (Fixture *f)
{
  g_source_destroy (f->queue);
  g_source_unref (f->queue);
  g_main_loop_unref (f->loop);
  g_array_unref (f->fired);
  g_free (f->timers);
}

/* Deadlines in random order fire in deadline order, none early, and the queue is empty after. */
static void
test_order (void)
{
  Fixture f = { 0 };
  gint64 start = g_get_monotonic_time ();
  GRand *rand = g_rand_new_with_seed (7);

  fixture_init (&f, 2000);
  for (guint i = 0; i < f.n_timers; i++)
    overlap_timer_queue_add (f.queue, &f.timers[i].entry,
                             start + g_rand_int_range (rand, 0, 50) * 1000);
  g_assert_cmpuint (overlap_timer_queue_get_length (f.queue), ==, 2000);
  f.left = f.n_timers;
  g_main_loop_run (f.loop);

  g_assert_cmpuint (f.fired->len, ==, 2000);
  g_assert_cmpuint (overlap_timer_queue_get_length (f.queue), ==, 0);
  for (guint i = 0; i < f.fired->len; i++)
    {
      Timer *timer = &f.timers[g_array_index (f.fired, guint, i)];

      g_assert_cmpint (timer->due, >=, timer->entry.deadline);
      if (i > 0)
        g_assert_cmpint (f.timers[g_array_index (f.fired, guint, i - 1)].entry.deadline, <=,
                         timer->entry.deadline);
    }

  g_rand_free (rand);
  fixture_clear (&f);
}

/* Removed entries never fire; moving an entry changes when it fires. */
static void
test_remove_and_move (void)
{
  Fixture f = { 0 };
  gint64 start = g_get_monotonic_time ();

  fixture_init (&f, 100);
  for (guint i = 0; i < f.n_timers; i++)
    overlap_timer_queue_add (f.queue, &f.timers[i].entry, start + 1000 + i * 100);
  /* every odd one out; the last one moved to the front */
  for (guint i = 1; i < f.n_timers; i += 2)
    overlap_timer_queue_remove (f.queue, &f.timers[i].entry);
  overlap_timer_queue_remove (f.queue, &f.timers[1].entry);   /* twice: nothing */
  overlap_timer_queue_add (f.queue, &f.timers[98].entry, start);
  g_assert_cmpuint (overlap_timer_queue_get_length (f.queue), ==, 50);

  f.left = 50;
  g_main_loop_run (f.loop);

  g_assert_cmpuint (f.fired->len, ==, 50);
  g_assert_cmpuint (g_array_index (f.fired, guint, 0), ==, 98);
  for (guint i = 0; i < f.fired->len; i++)
    g_assert_cmpuint (g_array_index (f.fired, guint, i) % 2, ==, 0);
  for (guint i = 1; i < f.n_timers; i += 2)
    g_assert_cmpint (f.timers[i].due, ==, 0);

  fixture_clear (&f);
}

/* A callback may take out an entry due in the same dispatch, or destroy the queue. */
static void
test_reentrant (void)
{
  Fixture f = { 0 };
  gint64 past = g_get_monotonic_time () - 1000;

  fixture_init (&f, 10);
  for (guint i = 0; i < f.n_timers; i++)
    overlap_timer_queue_add (f.queue, &f.timers[i].entry, past + i);
  f.remove_on_fire = 0;
  f.remove_target = 5;
  f.left = 10;
  g_main_loop_run (f.loop);
  g_assert_cmpuint (f.fired->len, ==, 9);
  g_assert_cmpint (f.timers[5].due, ==, 0);
  fixture_clear (&f);

  fixture_init (&f, 10);
  for (guint i = 0; i < f.n_timers; i++)
    overlap_timer_queue_add (f.queue, &f.timers[i].entry, past + i);
  f.destroy_on_fire = TRUE;
  g_main_loop_run (f.loop);
  g_assert_cmpuint (f.fired->len, ==, 1);
  g_source_unref (f.queue);
  /* the queue let go of the entries it still held */
  for (guint i = 1; i < f.n_timers; i++)
    g_assert_false (overlap_timer_entry_is_queued (&f.timers[i].entry));
  g_main_loop_unref (f.loop);
  g_array_unref (f.fired);
  g_free (f.timers);
}

/* An entry added from a callback, even for a time long past, waits for the next
 * iteration: a chain of zero-length timers lets the loop's other sources run. */
typedef struct
{
  OverlapTimerEntry entry;
  GSource          *queue;
  guint             fired;
  guint             idles;
  guint             idles_at_last_fire;
  gboolean          starved;
} Chain;

static void
chain_fired (OverlapTimerEntry *entry,
             gpointer           user_data)
{
  Chain *chain = user_data;

  if (chain->fired > 0 && chain->idles == chain->idles_at_last_fire)
    chain->starved = TRUE;
  chain->idles_at_last_fire = chain->idles;
  if (++chain->fired < 100)
    overlap_timer_queue_add (chain->queue, entry, 0);
}

static gboolean
chain_idle (gpointer data)
{
  Chain *chain = data;

  chain->idles++;
  return G_SOURCE_CONTINUE;
}

static void
test_yields (void)
{
  Chain chain = { OVERLAP_TIMER_ENTRY_INIT, NULL, 0, 0, 0, FALSE };
  guint idle;

  chain.queue = overlap_timer_queue_new (chain_fired, &chain);
  g_source_attach (chain.queue, NULL);
  /* the same priority as the queue: each gets its turn */
  idle = g_idle_add_full (G_PRIORITY_DEFAULT, chain_idle, &chain, NULL);
  overlap_timer_queue_add (chain.queue, &chain.entry, g_get_monotonic_time ());

  while (chain.fired < 100)
    g_main_context_iteration (NULL, TRUE);

  g_assert_false (chain.starved);
  g_assert_cmpuint (chain.idles, >=, 99);

  g_source_remove (idle);
  g_source_destroy (chain.queue);
  g_source_unref (chain.queue);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/timer-queue/order", test_order);
  g_test_add_func ("/timer-queue/remove-and-move", test_remove_and_move);
  g_test_add_func ("/timer-queue/reentrant", test_reentrant);
  g_test_add_func ("/timer-queue/yields", test_yields);

  return g_test_run ();
}
