/* Bounded concurrency: threads(4), the GLib way
 *
 * blocking work on a pool of n threads, beside the main loop
 *
 * cc demo.c $(pkg-config --cflags --libs gio-2.0)
 */

#include <gio/gio.h>

#define N_JOBS 10

typedef struct _Job Job;

struct _Job
{
  const char    *name;
  gboolean     (*run) (Job *job, GError **error);  /* blocking: in a pool thread */
  double         seconds;
};

static GMainLoop *loop;
static Job jobs[N_JOBS];

static gboolean
run_timer (Job     *job,
           GError **error)
{
  g_usleep ((gulong) (job->seconds * G_USEC_PER_SEC));  /* blocks this thread only */
  return TRUE;
}

#define N_THREADS 4

static guint n_done;

static gboolean
job_finished (gpointer data)  /* back on the main loop */
{
  Job *job = data;

  g_print ("%s finished\n", job->name);
  if (++n_done == N_JOBS)
    g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

static void
run_job (gpointer data,
         gpointer user_data)  /* in one of the pool's threads */
{
  Job *job = data;
  g_autoptr(GError) error = NULL;

  g_print ("%s started\n", job->name);
  if (!job->run (job, &error))
    g_printerr ("%s: %s\n", job->name, error->message);
  g_idle_add (job_finished, job);
}

static void
make_jobs (void)
{
  guint n = 0;

  for (guint i = 1; i < 11; i++)
    jobs[n++] = (Job) { .name = g_strdup_printf ("job %u", i), .run = run_timer, .seconds = 1 };
  g_assert (n == N_JOBS);
}

int
main (void)
{
  gint64 start = g_get_monotonic_time ();
  GThreadPool *pool;

  loop = g_main_loop_new (NULL, FALSE);
  make_jobs ();

  /* g_task_run_in_thread () would use GLib's shared pool; this one has N_THREADS */
  pool = g_thread_pool_new (run_job, NULL, N_THREADS, FALSE, NULL);
  for (guint i = 0; i < N_JOBS; i++)
    g_thread_pool_push (pool, &jobs[i], NULL);

  g_main_loop_run (loop);
  g_thread_pool_free (pool, FALSE, TRUE);
  g_print ("Total execution time: %.2f seconds\n", (g_get_monotonic_time () - start) / 1e6);
  return 0;
}
