/* Reading files: first-completed, the GLib way
 *
 * all at once; the first to finish wins and the rest are cancelled
 *
 * cc demo.c $(pkg-config --cflags --libs gio-2.0)
 */

#include <errno.h>
#include <gio/gio.h>
#include <unistd.h>

#define KiB 1024
#define MiB (1024 * KiB)
#define N_JOBS 5

typedef struct _Job Job;

struct _Job
{
  const char    *name;
  void         (*start) (Job *job);  /* starts it; job_done () when it ends */
  char          *path;
  guint64        size;
  guint64        written;
  gsize          chunk_size;
  guint64        received;
  GCancellable  *cancellable;
};

static GMainLoop *loop;
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

  for (guint i = 1; i < 5; i++)
    jobs[n++] = (Job) { .name = g_strdup_printf ("read file %u", i), .start = start_file_read, .path = temp_file (32 * MiB), .chunk_size = 1 * MiB };
  jobs[n++] = (Job) { .name = "write file", .start = start_file_write, .path = temp_file (0), .size = 16 * MiB, .chunk_size = 1 * MiB };
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
