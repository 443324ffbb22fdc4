/* Every kind: first-completed, the GLib way
 *
 * all at once; the first to finish wins and the rest are cancelled
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
#define N_JOBS 12

typedef struct _Job Job;

struct _Job
{
  const char    *name;
  void         (*start) (Job *job);  /* starts it; job_done () when it ends */
  double         seconds;
  const char    *url;
  char          *path;
  guint64        size;
  guint64        written;
  gsize          chunk_size;
  guint64        received;
  const char   **argv;
  GCancellable  *cancellable;
  double         timeout;
  guint          timeout_id;
  guint          timer_id;
  gulong         cancelled_id;
};

static GMainLoop *loop;
static SoupSession *session;
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

static void write_next (Job *job, GOutputStream *stream);

static void
write_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  Job *job = data;
  g_autoptr(GError) error = NULL;
  gssize n = g_output_stream_write_bytes_finish (G_OUTPUT_STREAM (source), result, &error);

  if (n < 0)
    {
      job_done (job, error);
      return;
    }
  job->written += n;
  write_next (job, G_OUTPUT_STREAM (source));
}

static void
write_next (Job           *job,
            GOutputStream *stream)
{
  gsize n = MIN (job->chunk_size, job->size - job->written);
  g_autoptr(GBytes) chunk = NULL;

  if (n == 0)
    {
      job_done (job, NULL);
      return;
    }
  chunk = g_bytes_new_take (g_malloc0 (n), n);
  g_output_stream_write_bytes_async (stream, chunk, G_PRIORITY_DEFAULT, job->cancellable, write_cb, job);
}

static void
replace_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  Job *job = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileOutputStream) stream = g_file_replace_finish (G_FILE (source), result, &error);

  if (stream == NULL)
    job_done (job, error);
  else
    write_next (job, G_OUTPUT_STREAM (stream));
}

static void
start_file_write (Job *job)
{
  g_autoptr(GFile) file = g_file_new_for_path (job->path);

  g_file_replace_async (file, NULL, FALSE, G_FILE_CREATE_NONE, G_PRIORITY_DEFAULT,
                        job->cancellable, replace_cb, job);
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
busy (double seconds)
{
  gint64 end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < end)
    ;  /* pure computation: nothing to wait for */
}

static void
start_cpu_on_loop (Job *job)
{
  busy (job->seconds);  /* blocks the main loop: no timer fires, no byte is read meanwhile */
  job_done (job, NULL);
}

static void
cpu_thread (GTask        *task,
            gpointer      source,
            gpointer      data,
            GCancellable *cancellable)
{
  Job *job = data;

  busy (job->seconds);
  g_task_return_boolean (task, TRUE);
}

static void
cpu_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(GError) error = NULL;

  g_task_propagate_boolean (G_TASK (result), &error);
  job_done (data, error);
}

static void
start_cpu_in_thread (Job *job)
{
  g_autoptr(GTask) task = g_task_new (NULL, job->cancellable, cpu_done_cb, job);

  g_task_set_task_data (task, job, NULL);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, cpu_thread);  /* the loop keeps going */
}

static gboolean
job_timed_out (gpointer data)
{
  Job *job = data;

  job->timeout_id = 0;
  g_cancellable_cancel (job->cancellable);
  return G_SOURCE_REMOVE;
}

static void
start_job (Job *job)
{
  g_print ("%s started\n", job->name);
  if (job->timeout > 0)
    job->timeout_id = g_timeout_add ((guint) (job->timeout * 1000), job_timed_out, job);
  job->start (job);
}

static guint n_done;
static Job *winner;

static void
job_done (Job    *job,
          GError *error)
{
  g_clear_handle_id (&job->timeout_id, g_source_remove);
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

  jobs[n++] = (Job) { .name = "tick", .start = start_timer, .seconds = 0.25, .timeout = 1 };
  for (guint i = 5; i < 8; i++)
    jobs[n++] = (Job) { .name = g_strdup_printf ("step %u", i), .start = start_timer, .seconds = 1.5 };
  jobs[n++] = (Job) { .name = "example", .start = start_http, .url = "https://example.org/?q={x}", .timeout = 5 };
  jobs[n++] = (Job) { .name = "broken", .start = start_http, .url = DEMO "/data?size=1000&delay=100ms&bandwidth=2048&status=503&drop=100" };
  jobs[n++] = (Job) { .name = "hostname", .start = start_file_read, .path = g_strdup ("/etc/hostname"), .chunk_size = 4 * KiB };
  jobs[n++] = (Job) { .name = "small read", .start = start_file_read, .path = temp_file (100), .chunk_size = 64 * KiB };
  jobs[n++] = (Job) { .name = "write", .start = start_file_write, .path = temp_file (0), .size = 1 * MiB, .chunk_size = 64 * KiB };
  jobs[n++] = (Job) { .name = "echo", .start = start_spawn, .argv = (const char *[]) { "echo", "it's {done}", NULL } };
  jobs[n++] = (Job) { .name = "in a thread", .start = start_cpu_in_thread, .seconds = 0.5 };
  jobs[n++] = (Job) { .name = "on the loop", .start = start_cpu_on_loop, .seconds = 0.5, .timeout = 2 };
  g_assert (n == N_JOBS);
}

int
main (void)
{
  gint64 start = g_get_monotonic_time ();

  loop = g_main_loop_new (NULL, FALSE);
  session = soup_session_new_with_options ("max-conns", 10,
                                          "max-conns-per-host", 2,
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
