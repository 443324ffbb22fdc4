/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-spawn-task"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <sys/wait.h>

#include "overlap-error.h"
#include "overlap-spawn-task.h"

/* A subprocess (asyncio.create_subprocess_exec): started with GSubprocess, its
 * output read in chunks (a mark each, so a flood of output is counted, never
 * kept), its exit waited for asynchronously. Without argv it runs `sleep`. */

#define OUTPUT_CHUNK 65536

struct _OverlapSpawnTask
{
  OverlapTask  parent_instance;
};

G_DEFINE_FINAL_TYPE (OverlapSpawnTask, overlap_spawn_task, OVERLAP_TYPE_TASK)

typedef struct
{
  GSubprocess *process;
  char        *program;
  GError      *wait_error;  /* the wait ended without the process (cancelled) */
  gboolean     output_done;
  gboolean     exited;
} Spawn;

static void
spawn_free (Spawn *spawn)
{
  g_clear_object (&spawn->process);
  g_clear_pointer (&spawn->program, g_free);
  g_clear_error (&spawn->wait_error);
  g_free (spawn);
}

static char **
build_argv (const OverlapTaskSpec *spec)
{
  char seconds[G_ASCII_DTOSTR_BUF_SIZE];
  char **argv;

  if (spec->argv != NULL && spec->argv[0] != NULL)
    return g_strdupv (spec->argv);

  g_ascii_formatd (seconds, sizeof seconds, "%.6f", spec->duration / (double) G_USEC_PER_SEC);
  argv = g_new0 (char *, 3);
  argv[0] = g_strdup ("sleep");
  argv[1] = g_strdup (seconds);
  return argv;
}

static gboolean
check_exit (GSubprocess  *process,
            const char   *program,
            GError      **error)
{
  if (g_subprocess_get_if_signaled (process))
    {
      int sig = g_subprocess_get_term_sig (process);

      g_set_error (error, OVERLAP_ERROR, OVERLAP_ERROR_FAILED,
                   _("“%s” was killed by signal %d (%s)"), program, sig, g_strsignal (sig));
      return FALSE;
    }
  if (g_subprocess_get_if_exited (process) && g_subprocess_get_exit_status (process) != 0)
    {
      g_set_error (error, OVERLAP_ERROR, OVERLAP_ERROR_FAILED,
                   _("“%s” exited with status %d"), program, g_subprocess_get_exit_status (process));
      return FALSE;
    }
  return TRUE;
}

static void
maybe_complete (GTask *gtask)
{
  Spawn *spawn = g_task_get_task_data (gtask);
  GError *error = NULL;

  if (!spawn->output_done || !spawn->exited)
    return;

  if (g_task_return_error_if_cancelled (gtask))
    return;
  if (spawn->wait_error != NULL)
    g_task_return_error (gtask, g_steal_pointer (&spawn->wait_error));
  else if (!check_exit (spawn->process, spawn->program, &error))
    g_task_return_error (gtask, error);
  else
    g_task_return_boolean (gtask, TRUE);
}

static void read_output_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data);

/* The next chunk of the process's output, counted and dropped. */
static void
read_output (GTask        *gtask,
             GInputStream *stream)
{
  g_input_stream_read_bytes_async (stream, OUTPUT_CHUNK, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (gtask), read_output_cb,
                                   g_object_ref (gtask));
}

static void
read_output_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) gtask = user_data;
  Spawn *spawn = g_task_get_task_data (gtask);
  g_autoptr(GBytes) bytes = NULL;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, NULL);
  if (bytes != NULL && g_bytes_get_size (bytes) > 0)
    {
      overlap_task_record_chunk (g_task_get_source_object (gtask), g_bytes_get_size (bytes));
      read_output (gtask, G_INPUT_STREAM (object));
      return;
    }

  spawn->output_done = TRUE;
  maybe_complete (gtask);
}

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) gtask = user_data;
  Spawn *spawn = g_task_get_task_data (gtask);
  g_autoptr(GError) error = NULL;

  if (!g_subprocess_wait_finish (G_SUBPROCESS (object), result, &error))
    {
      /* Cancelled: the process must not outlive its task (GSubprocess still reaps
       * it). The task completes once its output is done too, as always: returning
       * here only if g_task_had_error() was FALSE left a cancelled task pending for
       * ever, since that is TRUE as soon as the cancellable is. */
      g_subprocess_force_exit (spawn->process);
      spawn->wait_error = g_steal_pointer (&error);
    }

  spawn->exited = TRUE;
  maybe_complete (gtask);
}

static GSubprocess *
spawn_process (const OverlapTaskSpec  *spec,
               char                  **program,
               GError                **error)
{
  g_auto(GStrv) argv = build_argv (spec);
  g_autoptr(GError) local_error = NULL;
  GSubprocess *process;

  *program = g_strdup (argv[0]);
  process = g_subprocess_newv ((const char * const *) argv,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                               &local_error);
  if (process == NULL)
    g_set_error (error, OVERLAP_ERROR, OVERLAP_ERROR_FAILED,
                 _("Could not start “%s”: %s"), argv[0], local_error->message);
  return process;
}

static void
overlap_spawn_task_run_async (OverlapTask         *task,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) gtask = g_task_new (task, cancellable, callback, user_data);
  g_autoptr(GError) error = NULL;
  Spawn *spawn = g_new0 (Spawn, 1);

  g_task_set_source_tag (gtask, overlap_spawn_task_run_async);
  g_task_set_task_data (gtask, spawn, (GDestroyNotify) spawn_free);

  overlap_task_record_phase (task, OVERLAP_PHASE_RUNNING);
  spawn->process = spawn_process (overlap_task_get_spec (task), &spawn->program, &error);
  if (spawn->process == NULL)
    {
      g_task_return_error (gtask, g_steal_pointer (&error));
      return;
    }

  read_output (gtask, g_subprocess_get_stdout_pipe (spawn->process));
  g_subprocess_wait_async (spawn->process, cancellable, wait_cb, g_object_ref (gtask));
}

static void
kill_on_cancel (GCancellable *cancellable,
                GSubprocess  *process)
{
  g_subprocess_force_exit (process);
}

static gboolean
overlap_spawn_task_run_sync (OverlapTask   *task,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *program = NULL;
  g_autofree char *buffer = NULL;
  GInputStream *out;
  gulong cancelled_id = 0;
  gssize n;

  process = spawn_process (overlap_task_get_spec (task), &program, error);
  if (process == NULL)
    return FALSE;

  if (cancellable != NULL)
    cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (kill_on_cancel), process, NULL);

  out = g_subprocess_get_stdout_pipe (process);
  buffer = g_malloc (OUTPUT_CHUNK);
  do
    n = g_input_stream_read (out, buffer, OUTPUT_CHUNK, NULL, NULL);
  while (n > 0);

  g_subprocess_wait (process, NULL, NULL);
  if (cancelled_id != 0)
    g_cancellable_disconnect (cancellable, cancelled_id);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  return check_exit (process, program, error);
}

static void
overlap_spawn_task_class_init (OverlapSpawnTaskClass *klass)
{
  OverlapTaskClass *task_class = OVERLAP_TASK_CLASS (klass);

  task_class->run_async = overlap_spawn_task_run_async;
  task_class->run_sync = overlap_spawn_task_run_sync;
}

static void
overlap_spawn_task_init (OverlapSpawnTask *self)
{
}
