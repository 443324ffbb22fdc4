/* Task B finishes first: gather, the GLib way
 *
 * all at once, like asyncio.gather: the run ends with the last task
 *
 * cc demo.c $(pkg-config --cflags --libs gio-2.0)
 */

#include <gio/gio.h>

#define N_JOBS 2

typedef struct _Job Job;

struct _Job
{
  const char    *name;
  void         (*start) (Job *job);  /* starts it; job_done () when it ends */
  double         seconds;
  GCancellable  *cancellable;
};

static GMainLoop *loop;
static Job jobs[N_JOBS];

static void job_done (Job *job, GError *error);

static gboolean
timer_fired (gpointer data)
{
  job_done (data, NULL);
  return G_SOURCE_REMOVE;
}

static void
start_timer (Job *job)
{
  g_timeout_add ((guint) (job->seconds * 1000), timer_fired, job);
}

static void
start_job (Job *job)
{
  g_print ("%s started\n", job->name);
  job->start (job);
}

static guint n_done;

static void
job_done (Job    *job,
          GError *error)
{
  if (error != NULL)
    g_print ("%s: %s\n", job->name, error->message);
  else
    g_print ("%s finished\n", job->name);

  if (++n_done == N_JOBS)  /* joined on the last completion */
    g_main_loop_quit (loop);
}

static void
make_jobs (void)
{
  guint n = 0;

  jobs[n++] = (Job) { .name = "Task A", .start = start_timer, .seconds = 2 };
  jobs[n++] = (Job) { .name = "Task B", .start = start_timer, .seconds = 1 };
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

  for (guint i = 0; i < N_JOBS; i++)  /* all at once */
    start_job (&jobs[i]);

  g_main_loop_run (loop);
  g_print ("Total execution time: %.2f seconds\n", (g_get_monotonic_time () - start) / 1e6);
  return 0;
}
