/* Nothing: bounded(3), the GLib way
 *
 * at most n in flight, like asyncio.Semaphore(n): the rest wait in a queue
 *
 * cc demo.c $(pkg-config --cflags --libs gio-2.0)
 */

#include <gio/gio.h>

#define N_JOBS 1

typedef struct _Job Job;

struct _Job
{
  const char    *name;
  void         (*start) (Job *job);  /* starts it; job_done () when it ends */
  GCancellable  *cancellable;
};

static GMainLoop *loop;
static Job jobs[N_JOBS];

static void job_done (Job *job, GError *error);

static void
start_job (Job *job)
{
  g_print ("%s started\n", job->name);
  job->start (job);
}

#define LIMIT 3

static guint next, in_flight, n_done;

static void
start_more (void)
{
  while (in_flight < LIMIT && next < N_JOBS)  /* the others wait in the queue */
    {
      in_flight++;
      start_job (&jobs[next++]);
    }
}

static void
job_done (Job    *job,
          GError *error)
{
  if (error != NULL)
    g_print ("%s: %s\n", job->name, error->message);
  else
    g_print ("%s finished\n", job->name);

  in_flight--;
  if (++n_done == N_JOBS)
    g_main_loop_quit (loop);
  else
    start_more ();
}

static void
make_jobs (void)
{
  guint n = 0;

  g_assert (n == N_JOBS);
}

int
main (void)
{
  gint64 start = g_get_monotonic_time ();

  loop = g_main_loop_new (NULL, FALSE);
  make_jobs ();
  for (guint i = 0; i < N_JOBS; i++)
    jobs[i].cancellable = g_cancellable_new ();

  start_more ();

  g_main_loop_run (loop);
  g_print ("Total execution time: %.2f seconds\n", (g_get_monotonic_time () - start) / 1e6);
  return 0;
}
