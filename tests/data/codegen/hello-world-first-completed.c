/* Hello and World: first-completed, the GLib way
 *
 * all at once; the first to finish wins and the rest are cancelled
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
  guint          timer_id;
  gulong         cancelled_id;
};

static GMainLoop *loop;
static Job jobs[N_JOBS];

static void job_done (Job *job, GError *error);

static gboolean
timer_fired (gpointer data)
{
  Job *job = data;

  job->timer_id = 0;
  g_cancellable_disconnect (job->cancellable, job->cancelled_id);
  job_done (job, NULL);
  return G_SOURCE_REMOVE;
}

static void
timer_cancelled (GCancellable *cancellable,
                 Job          *job)
{
  g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");

  g_clear_handle_id (&job->timer_id, g_source_remove);
  job_done (job, error);
}

static void
start_timer (Job *job)
{
  job->timer_id = g_timeout_add ((guint) (job->seconds * 1000), timer_fired, job);
  job->cancelled_id = g_cancellable_connect (job->cancellable, G_CALLBACK (timer_cancelled), job, NULL);
}

static void
start_job (Job *job)
{
  g_print ("%s started\n", job->name);
  job->start (job);
}

static guint n_done;
static Job *winner;

static void
job_done (Job    *job,
          GError *error)
{
  if (error != NULL)
    g_print ("%s: %s\n", job->name, error->message);
  else
    g_print ("%s finished\n", job->name);

  if (error == NULL && winner == NULL)
    {
      winner = job;
      for (guint i = 0; i < N_JOBS; i++)
        if (&jobs[i] != winner)
          g_cancellable_cancel (jobs[i].cancellable);  /* the first one wins */
    }
  if (++n_done == N_JOBS)
    {
      g_print ("first: %s\n", winner ? winner->name : "none");
      g_main_loop_quit (loop);
    }
}

static void
make_jobs (void)
{
  guint n = 0;

  jobs[n++] = (Job) { .name = "say_hello", .start = start_timer, .seconds = 1 };
  jobs[n++] = (Job) { .name = "say_world", .start = start_timer, .seconds = 1 };
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
