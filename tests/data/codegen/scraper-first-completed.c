/* A web scraper opening 100 connections: first-completed, the GLib way
 *
 * all at once; the first to finish wins and the rest are cancelled
 *
 * cc demo.c $(pkg-config --cflags --libs gio-2.0 libsoup-3.0)
 */

#include <gio/gio.h>
#include <libsoup/soup.h>

#define KiB 1024
#define MiB (1024 * KiB)
#define DEMO "http://127.0.0.1:8080"  /* overlap --serve --port 8080 */
#define N_JOBS 100

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

  for (guint i = 1; i < 101; i++)
    jobs[n++] = (Job) { .name = g_strdup_printf ("page %u", i), .start = start_http, .url = DEMO "/data?size=65536&delay=200ms" };
  g_assert (n == N_JOBS);
}

int
main (void)
{
  gint64 start = g_get_monotonic_time ();

  loop = g_main_loop_new (NULL, FALSE);
  session = soup_session_new_with_options ("max-conns", 100,
                                          "max-conns-per-host", 100,
                                          NULL);
  make_jobs ();
  for (guint i = 0; i < N_JOBS; i++)
    jobs[i].cancellable = g_cancellable_new ();

  for (guint i = 0; i < N_JOBS; i++)  /* all at once */
    start_job (&jobs[i]);

  g_main_loop_run (loop);
  g_print ("Total execution time: %.2f seconds\n", (g_get_monotonic_time () - start) / 1e6);
  return 0;
}
