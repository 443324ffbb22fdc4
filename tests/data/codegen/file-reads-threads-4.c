/* Reading files: threads(4), the GLib way
 *
 * blocking work on a pool of n threads, beside the main loop
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
  gboolean     (*run) (Job *job, GError **error);  /* blocking: in a pool thread */
  char          *path;
  guint64        size;
  guint64        written;
  gsize          chunk_size;
  guint64        received;
};

static GMainLoop *loop;
static Job jobs[N_JOBS];

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
run_file_read (Job     *job,
               GError **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (job->path);
  g_autoptr(GFileInputStream) stream = g_file_read (file, NULL, error);

  return stream != NULL && read_all (job, G_INPUT_STREAM (stream), error);
}

static gboolean
run_file_write (Job     *job,
                GError **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (job->path);
  g_autoptr(GFileOutputStream) stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, error);
  g_autofree char *chunk = g_malloc0 (job->chunk_size);

  if (stream == NULL)
    return FALSE;
  for (; job->written < job->size; job->written += MIN (job->chunk_size, job->size - job->written))
    if (!g_output_stream_write_all (G_OUTPUT_STREAM (stream), chunk,
                                    MIN (job->chunk_size, job->size - job->written), NULL, NULL, error))
      return FALSE;
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
    jobs[n++] = (Job) { .name = g_strdup_printf ("read file %u", i), .run = run_file_read, .path = temp_file (32 * MiB), .chunk_size = 1 * MiB };
  jobs[n++] = (Job) { .name = "write file", .run = run_file_write, .path = temp_file (0), .size = 16 * MiB, .chunk_size = 1 * MiB };
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
