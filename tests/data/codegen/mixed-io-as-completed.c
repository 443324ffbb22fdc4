/* Mixed I/O: as-completed, the GLib way
 *
 * all at once, results numbered in completion order
 *
 * cc demo.c $(pkg-config --cflags --libs gio-2.0 libsoup-3.0)
 */

#include <errno.h>
#include <gio/gio.h>
#include <libsoup/soup.h>
#include <unistd.h>

#define KiB 1024
#define MiB (1024 * KiB)
#define DEMO "http://127.0.0.1:8080"  /* overlap --serve --port 8080 */
#define N_JOBS 5

typedef struct _Job Job;

struct _Job
{
  const char    *name;
  void         (*start) (Job *job);  /* starts it; job_done () when it ends */
  double         seconds;
  const char    *url;
  char          *path;
  gsize          chunk_size;
  guint64        received;
  const char   **argv;
  GCancellable  *cancellable;
};

static GMainLoop *loop;
static SoupSession *session;
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
open_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Job *job = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInputStream) stream = g_file_read_finish (G_FILE (source), result, &error);

  if (stream == NULL)
    {
      job_done (job, error);
      return;
    }
  g_input_stream_read_bytes_async (G_INPUT_STREAM (stream), job->chunk_size, G_PRIORITY_DEFAULT,
                                   job->cancellable, read_cb, job);
}

static void
start_file_read (Job *job)
{
  g_autoptr(GFile) file = g_file_new_for_path (job->path);

  g_file_read_async (file, G_PRIORITY_DEFAULT, job->cancellable, open_cb, job);
}

static void
wait_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  g_autoptr(GError) error = NULL;

  if (!g_subprocess_wait_finish (G_SUBPROCESS (source), result, &error))
    g_subprocess_force_exit (G_SUBPROCESS (source));  /* cancelled: stop it too */
  job_done (data, error);
}

static void
start_spawn (Job *job)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = g_subprocess_newv (job->argv, G_SUBPROCESS_FLAGS_NONE, &error);

  if (process == NULL)
    job_done (job, error);
  else
    g_subprocess_wait_async (process, job->cancellable, wait_cb, job);
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
  n_done++;
  if (error != NULL)
    g_print ("%u. %s: %s\n", n_done, job->name, error->message);
  else
    g_print ("%u. %s\n", n_done, job->name);  /* in the order they finish */
  if (n_done == N_JOBS)
    g_main_loop_quit (loop);
}

static char *
temp_file (guint64 size)
{
  g_autoptr(GError) error = NULL;
  char *path = NULL;
  int fd = g_file_open_tmp ("overlap-XXXXXX", &path, &error);

  if (fd < 0 || ftruncate (fd, size) != 0)
    g_error ("no temporary file: %s", error ? error->message : g_strerror (errno));
  close (fd);
  return path;
}

static void
make_jobs (void)
{
  guint n = 0;

  jobs[n++] = (Job) { .name = "sleep", .start = start_timer, .seconds = 1 };
  jobs[n++] = (Job) { .name = "download 1", .start = start_http, .url = DEMO "/data?size=524288&delay=100ms&bandwidth=1048576" };
  jobs[n++] = (Job) { .name = "download 2", .start = start_http, .url = DEMO "/data?size=524288&delay=100ms&bandwidth=1048576" };
  jobs[n++] = (Job) { .name = "read file", .start = start_file_read, .path = temp_file (64 * MiB), .chunk_size = 1 * MiB };
  jobs[n++] = (Job) { .name = "subprocess", .start = start_spawn, .argv = (const char *[]) { "sleep", "0.8", NULL } };
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

  for (guint i = 0; i < N_JOBS; i++)  /* all at once */
    start_job (&jobs[i]);

  g_main_loop_run (loop);
  g_print ("Total execution time: %.2f seconds\n", (g_get_monotonic_time () - start) / 1e6);
  return 0;
}
