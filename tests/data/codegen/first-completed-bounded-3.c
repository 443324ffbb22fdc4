/* First completed wins: bounded(3), the GLib way
 *
 * at most n in flight, like asyncio.Semaphore(n): the rest wait in a queue
 *
 * cc demo.c $(pkg-config --cflags --libs gio-2.0 libsoup-3.0)
 */

#include <gio/gio.h>
#include <libsoup/soup.h>

#define KiB 1024
#define MiB (1024 * KiB)
#define DEMO "http://127.0.0.1:8080"  /* overlap --serve --port 8080 */
#define N_JOBS 3

typedef struct _Job Job;

struct _Job
{
  const char    *name;
  void         (*start) (Job *job);  /* starts it; job_done () when it ends */
  const char    *url;
  gsize          chunk_size;
  guint64        received;
  GCancellable  *cancellable;
};

static GMainLoop *loop;
static SoupSession *session;
static Job jobs[N_JOBS];

static void job_done (Job *job, GError *error);

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Job *job = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);

  if (chunk == NULL || g_bytes_get_size (chunk) == 0)
    {
      job_done (job, error);
      return;
    }
  job->received += g_bytes_get_size (chunk);  /* a tick per chunk */
  g_input_stream_read_bytes_async (G_INPUT_STREAM (source), job->chunk_size, G_PRIORITY_DEFAULT,
                                   job->cancellable, read_cb, job);
}

static void
send_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Job *job = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);

  if (stream == NULL)
    {
      job_done (job, error);
      return;
    }
  g_input_stream_read_bytes_async (stream, job->chunk_size, G_PRIORITY_DEFAULT,
                                   job->cancellable, read_cb, job);
}

static void
start_http (Job *job)
{
  g_autoptr(SoupMessage) message = soup_message_new ("GET", job->url);

  job->chunk_size = 64 * KiB;
  soup_session_send_async (session, message, G_PRIORITY_DEFAULT, job->cancellable, send_cb, job);
}

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

  jobs[n++] = (Job) { .name = "mirror 1 (slow)", .start = start_http, .url = DEMO "/data?size=262144&delay=900ms" };
  jobs[n++] = (Job) { .name = "mirror 2 (fast)", .start = start_http, .url = DEMO "/data?size=262144&delay=300ms" };
  jobs[n++] = (Job) { .name = "mirror 3", .start = start_http, .url = DEMO "/data?size=262144&delay=600ms" };
  g_assert (n == N_JOBS);
}

int
main (void)
{
  gint64 start = g_get_monotonic_time ();

  loop = g_main_loop_new (NULL, FALSE);
  session = soup_session_new_with_options ("max-conns", 10,
                                          "max-conns-per-host", 10,
                                          NULL);
  make_jobs ();
  for (guint i = 0; i < N_JOBS; i++)
    jobs[i].cancellable = g_cancellable_new ();

  start_more ();

  g_main_loop_run (loop);
  g_print ("Total execution time: %.2f seconds\n", (g_get_monotonic_time () - start) / 1e6);
  return 0;
}
