/* Mixed I/O: threads(4), the GLib way
 *
 * blocking work on a pool of n threads, beside the main loop
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
  gboolean     (*run) (Job *job, GError **error);  /* blocking: in a pool thread */
  double         seconds;
  const char    *url;
  char          *path;
  gsize          chunk_size;
  guint64        received;
  const char   **argv;
};

static GMainLoop *loop;
static SoupSession *session;
static Job jobs[N_JOBS];

static gboolean
run_timer (Job     *job,
           GError **error)
{
  g_usleep ((gulong) (job->seconds * G_USEC_PER_SEC));  /* blocks this thread only */
  return TRUE;
}

static gboolean
read_all (Job           *job,
          GInputStream  *stream,
          GError       **error)
{
  for (;;)
    {
      g_autoptr(GBytes) chunk = g_input_stream_read_bytes (stream, job->chunk_size, NULL, error);

      if (chunk == NULL)
        return FALSE;
      if (g_bytes_get_size (chunk) == 0)
        return TRUE;
      job->received += g_bytes_get_size (chunk);
    }
}

static gboolean
run_http (Job     *job,
          GError **error)
{
  g_autoptr(SoupMessage) message = soup_message_new ("GET", job->url);
  g_autoptr(GInputStream) stream = soup_session_send (session, message, NULL, error);

  job->chunk_size = 64 * KiB;
  return stream != NULL && read_all (job, stream, error);
}

static gboolean
run_file_read (Job     *job,
               GError **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (job->path);
  g_autoptr(GFileInputStream) stream = g_file_read (file, NULL, error);

  return stream != NULL && read_all (job, G_INPUT_STREAM (stream), error);
}

static gboolean
run_spawn (Job     *job,
           GError **error)
{
  g_autoptr(GSubprocess) process = g_subprocess_newv (job->argv, G_SUBPROCESS_FLAGS_NONE, error);

  return process != NULL && g_subprocess_wait (process, NULL, error);
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

  jobs[n++] = (Job) { .name = "sleep", .run = run_timer, .seconds = 1 };
  jobs[n++] = (Job) { .name = "download 1", .run = run_http, .url = DEMO "/data?size=524288&delay=100ms&bandwidth=1048576" };
  jobs[n++] = (Job) { .name = "download 2", .run = run_http, .url = DEMO "/data?size=524288&delay=100ms&bandwidth=1048576" };
  jobs[n++] = (Job) { .name = "read file", .run = run_file_read, .path = temp_file (64 * MiB), .chunk_size = 1 * MiB };
  jobs[n++] = (Job) { .name = "subprocess", .run = run_spawn, .argv = (const char *[]) { "sleep", "0.8", NULL } };
  g_assert (n == N_JOBS);
}

int
main (void)
{
  gint64 start = g_get_monotonic_time ();
  GThreadPool *pool;

  loop = g_main_loop_new (NULL, FALSE);
  session = soup_session_new_with_options ("max-conns", 10,
                                          "max-conns-per-host", 10,
                                          NULL);
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
