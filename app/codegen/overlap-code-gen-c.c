/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-code-gen"

#include "config.h"

#include "overlap-code-gen-private.h"

/* The GLib C shape of a scenario run under a strategy: g_timeout_add,
 * soup_session_send_async and g_input_stream_read_bytes_async, g_file_read_async,
 * g_subprocess_wait_async, g_task_run_in_thread; the strategy as the way the
 * callbacks start the next job (sequential), count completions (gather), keep a
 * counter and a queue (bounded), cancel the rest (first-completed), or a timeout
 * that cancels (timeout). Threads run blocking versions on a GThreadPool. */

typedef struct
{
  GString               *out;
  OverlapCodePlan        plan;
  OverlapScenario       *scenario;
  const OverlapStrategy *strategy;
  gboolean               blocking;  /* threads(n) */
  gboolean               cancels;   /* jobs can be cancelled */
} Cg;

#define OUT(cg, ...) g_string_append_printf ((cg)->out, __VA_ARGS__)

static const char *
c_func (Cg                    *cg,
        const OverlapTaskSpec *spec)
{
  const char *prefix = cg->blocking ? "run" : "start";
  static char buf[32];

  switch (spec->kind)
    {
    case OVERLAP_TASK_TIMER:
      g_snprintf (buf, sizeof buf, "%s_timer", prefix);
      break;
    case OVERLAP_TASK_HTTP:
      g_snprintf (buf, sizeof buf, "%s_http", prefix);
      break;
    case OVERLAP_TASK_FILE:
      g_snprintf (buf, sizeof buf, "%s_file_%s", prefix, spec->write ? "write" : "read");
      break;
    case OVERLAP_TASK_SPAWN:
      g_snprintf (buf, sizeof buf, "%s_spawn", prefix);
      break;
    case OVERLAP_TASK_CPU:
      g_snprintf (buf, sizeof buf, "%s_cpu%s", prefix,
                  cg->blocking ? "" : spec->on_loop ? "_on_loop" : "_in_thread");
      break;
    case OVERLAP_N_TASK_KINDS:
    default:
      g_assert_not_reached ();
    }
  return buf;
}

/* `(Job) { .name = …, .start = start_timer, .seconds = 2 }` */
static void
c_job (Cg                    *cg,
       const OverlapCodeItem *item)
{
  const OverlapTaskSpec *spec = item->spec;
  g_autofree char *seconds = _overlap_code_seconds (spec->duration);
  g_autofree char *size = _overlap_code_size (spec->size);

  OUT (cg, "(Job) { .name = ");
  if (item->count > 1)
    {
      OUT (cg, "g_strdup_printf (");
      _overlap_code_append_quoted (cg->out, item->prefix, FALSE);
      g_string_truncate (cg->out, cg->out->len - 1);
      OUT (cg, " %%u\", i)");
    }
  else
    _overlap_code_append_quoted (cg->out, spec->label, FALSE);
  OUT (cg, ", .%s = %s", cg->blocking ? "run" : "start", c_func (cg, spec));

  switch (spec->kind)
    {
    case OVERLAP_TASK_TIMER:
    case OVERLAP_TASK_CPU:
      OUT (cg, ", .seconds = %s", seconds);
      break;
    case OVERLAP_TASK_HTTP:
      OUT (cg, ", .url = ");
      if (spec->url != NULL)
        _overlap_code_append_quoted (cg->out, spec->url, FALSE);
      else
        {
          g_autofree char *path = _overlap_code_demo_path (spec);

          OUT (cg, "DEMO ");
          _overlap_code_append_quoted (cg->out, path, FALSE);
        }
      break;
    case OVERLAP_TASK_FILE:
      {
        g_autofree char *chunk = _overlap_code_size (spec->chunk_size ? spec->chunk_size : 64 * 1024);

        if (spec->write)
          OUT (cg, ", .path = temp_file (0), .size = %s", size);
        else if (spec->path != NULL)
          {
            OUT (cg, ", .path = g_strdup (");
            _overlap_code_append_quoted (cg->out, spec->path, FALSE);
            OUT (cg, ")");
          }
        else
          OUT (cg, ", .path = temp_file (%s)", size);
        OUT (cg, ", .chunk_size = %s", chunk);
      }
      break;
    case OVERLAP_TASK_SPAWN:
      OUT (cg, ", .argv = (const char *[]) { ");
      if (spec->argv != NULL)
        for (guint i = 0; spec->argv[i] != NULL; i++)
          {
            _overlap_code_append_quoted (cg->out, spec->argv[i], FALSE);
            OUT (cg, ", ");
          }
      else
        OUT (cg, "\"sleep\", \"%s\", ", seconds);
      OUT (cg, "NULL }");
      break;
    case OVERLAP_N_TASK_KINDS:
    default:
      g_assert_not_reached ();
    }
  if (spec->timeout > 0 && !cg->blocking)
    {
      g_autofree char *timeout = _overlap_code_seconds (spec->timeout);

      OUT (cg, ", .timeout = %s", timeout);
    }
  OUT (cg, " };\n");
}

static void
c_struct (Cg *cg)
{
  const OverlapCodePlan *plan = &cg->plan;

  OUT (cg, "typedef struct _Job Job;\n\nstruct _Job\n{\n");
  OUT (cg, "  const char    *name;\n");
  if (cg->blocking)
    OUT (cg, "  gboolean     (*run) (Job *job, GError **error);  /* blocking: in a pool thread */\n");
  else
    OUT (cg, "  void         (*start) (Job *job);  /* starts it; job_done () when it ends */\n");
  if (plan->kinds[OVERLAP_TASK_TIMER] || plan->kinds[OVERLAP_TASK_CPU])
    OUT (cg, "  double         seconds;\n");
  if (plan->kinds[OVERLAP_TASK_HTTP])
    OUT (cg, "  const char    *url;\n");
  if (plan->kinds[OVERLAP_TASK_FILE])
    OUT (cg, "  char          *path;\n");
  if (plan->file_write)
    OUT (cg, "  guint64        size;\n  guint64        written;\n");
  if (plan->kinds[OVERLAP_TASK_HTTP] || plan->kinds[OVERLAP_TASK_FILE])
    OUT (cg, "  gsize          chunk_size;\n  guint64        received;\n");
  if (plan->kinds[OVERLAP_TASK_SPAWN])
    OUT (cg, "  const char   **argv;\n");
  if (!cg->blocking)
    OUT (cg, "  GCancellable  *cancellable;\n");
  if (!cg->blocking && cg->plan.task_timeouts)
    OUT (cg, "  double         timeout;\n  guint          timeout_id;\n");
  if (!cg->blocking && cg->cancels && plan->kinds[OVERLAP_TASK_TIMER])
    OUT (cg, "  guint          timer_id;\n  gulong         cancelled_id;\n");
  OUT (cg, "};\n\n");
}

static void
c_async_kinds (Cg *cg)
{
  const OverlapCodePlan *plan = &cg->plan;

  OUT (cg, "static void job_done (Job *job, GError *error);\n\n");

  if (plan->kinds[OVERLAP_TASK_TIMER] && !cg->cancels)
    {
      OUT (cg, "static gboolean\ntimer_fired (gpointer data)\n{\n  job_done (data, NULL);\n"
               "  return G_SOURCE_REMOVE;\n}\n\n");
      OUT (cg, "static void\nstart_timer (Job *job)\n{\n"
               "  g_timeout_add ((guint) (job->seconds * 1000), timer_fired, job);\n}\n\n");
    }
  else if (plan->kinds[OVERLAP_TASK_TIMER])
    {
      OUT (cg, "static gboolean\ntimer_fired (gpointer data)\n{\n  Job *job = data;\n\n"
               "  job->timer_id = 0;\n  g_cancellable_disconnect (job->cancellable, job->cancelled_id);\n"
               "  job_done (job, NULL);\n  return G_SOURCE_REMOVE;\n}\n\n");
      OUT (cg, "static void\ntimer_cancelled (GCancellable *cancellable,\n                 Job          *job)\n{\n"
               "  g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, \"Cancelled\");\n\n"
               "  g_clear_handle_id (&job->timer_id, g_source_remove);\n  job_done (job, error);\n}\n\n");
      OUT (cg, "static void\nstart_timer (Job *job)\n{\n"
               "  job->timer_id = g_timeout_add ((guint) (job->seconds * 1000), timer_fired, job);\n"
               "  job->cancelled_id = g_cancellable_connect (job->cancellable, G_CALLBACK (timer_cancelled), job, NULL);\n}\n\n");
    }

  if (plan->kinds[OVERLAP_TASK_HTTP] || plan->file_read)
    {
      OUT (cg, "static void\nread_cb (GObject      *source,\n         GAsyncResult *result,\n         gpointer      data)\n{\n"
               "  Job *job = data;\n  g_autoptr(GError) error = NULL;\n"
               "  g_autoptr(GBytes) chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);\n\n"
               "  if (chunk == NULL || g_bytes_get_size (chunk) == 0)\n    {\n      job_done (job, error);\n      return;\n    }\n"
               "  job->received += g_bytes_get_size (chunk);  /* a tick per chunk */\n"
               "  g_input_stream_read_bytes_async (G_INPUT_STREAM (source), job->chunk_size, G_PRIORITY_DEFAULT,\n"
               "                                   job->cancellable, read_cb, job);\n}\n\n");
    }

  if (plan->kinds[OVERLAP_TASK_HTTP])
    {
      OUT (cg, "static void\nsend_cb (GObject      *source,\n         GAsyncResult *result,\n         gpointer      data)\n{\n"
               "  Job *job = data;\n  g_autoptr(GError) error = NULL;\n"
               "  g_autoptr(GInputStream) stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);\n\n"
               "  if (stream == NULL)\n    {\n      job_done (job, error);\n      return;\n    }\n"
               "  g_input_stream_read_bytes_async (stream, job->chunk_size, G_PRIORITY_DEFAULT,\n"
               "                                   job->cancellable, read_cb, job);\n}\n\n");
      OUT (cg, "static void\nstart_http (Job *job)\n{\n"
               "  g_autoptr(SoupMessage) message = soup_message_new (\"GET\", job->url);\n\n"
               "  job->chunk_size = 64 * KiB;\n"
               "  soup_session_send_async (session, message, G_PRIORITY_DEFAULT, job->cancellable, send_cb, job);\n}\n\n");
    }

  if (plan->file_read)
    {
      OUT (cg, "static void\nopen_cb (GObject      *source,\n         GAsyncResult *result,\n         gpointer      data)\n{\n"
               "  Job *job = data;\n  g_autoptr(GError) error = NULL;\n"
               "  g_autoptr(GFileInputStream) stream = g_file_read_finish (G_FILE (source), result, &error);\n\n"
               "  if (stream == NULL)\n    {\n      job_done (job, error);\n      return;\n    }\n"
               "  g_input_stream_read_bytes_async (G_INPUT_STREAM (stream), job->chunk_size, G_PRIORITY_DEFAULT,\n"
               "                                   job->cancellable, read_cb, job);\n}\n\n");
      OUT (cg, "static void\nstart_file_read (Job *job)\n{\n"
               "  g_autoptr(GFile) file = g_file_new_for_path (job->path);\n\n"
               "  g_file_read_async (file, G_PRIORITY_DEFAULT, job->cancellable, open_cb, job);\n}\n\n");
    }

  if (plan->file_write)
    {
      OUT (cg, "static void write_next (Job *job, GOutputStream *stream);\n\n");
      OUT (cg, "static void\nwrite_cb (GObject      *source,\n          GAsyncResult *result,\n          gpointer      data)\n{\n"
               "  Job *job = data;\n  g_autoptr(GError) error = NULL;\n"
               "  gssize n = g_output_stream_write_bytes_finish (G_OUTPUT_STREAM (source), result, &error);\n\n"
               "  if (n < 0)\n    {\n      job_done (job, error);\n      return;\n    }\n"
               "  job->written += n;\n  write_next (job, G_OUTPUT_STREAM (source));\n}\n\n");
      OUT (cg, "static void\nwrite_next (Job           *job,\n            GOutputStream *stream)\n{\n"
               "  gsize n = MIN (job->chunk_size, job->size - job->written);\n"
               "  g_autoptr(GBytes) chunk = NULL;\n\n"
               "  if (n == 0)\n    {\n      job_done (job, NULL);\n      return;\n    }\n"
               "  chunk = g_bytes_new_take (g_malloc0 (n), n);\n"
               "  g_output_stream_write_bytes_async (stream, chunk, G_PRIORITY_DEFAULT, job->cancellable, write_cb, job);\n}\n\n");
      OUT (cg, "static void\nreplace_cb (GObject      *source,\n            GAsyncResult *result,\n            gpointer      data)\n{\n"
               "  Job *job = data;\n  g_autoptr(GError) error = NULL;\n"
               "  g_autoptr(GFileOutputStream) stream = g_file_replace_finish (G_FILE (source), result, &error);\n\n"
               "  if (stream == NULL)\n    job_done (job, error);\n  else\n    write_next (job, G_OUTPUT_STREAM (stream));\n}\n\n");
      OUT (cg, "static void\nstart_file_write (Job *job)\n{\n"
               "  g_autoptr(GFile) file = g_file_new_for_path (job->path);\n\n"
               "  g_file_replace_async (file, NULL, FALSE, G_FILE_CREATE_NONE, G_PRIORITY_DEFAULT,\n"
               "                        job->cancellable, replace_cb, job);\n}\n\n");
    }

  if (plan->kinds[OVERLAP_TASK_SPAWN])
    {
      OUT (cg, "static void\nwait_cb (GObject      *source,\n         GAsyncResult *result,\n         gpointer      data)\n{\n"
               "  g_autoptr(GError) error = NULL;\n\n"
               "  if (!g_subprocess_wait_finish (G_SUBPROCESS (source), result, &error))\n"
               "    g_subprocess_force_exit (G_SUBPROCESS (source));  /* cancelled: stop it too */\n"
               "  job_done (data, error);\n}\n\n");
      OUT (cg, "static void\nstart_spawn (Job *job)\n{\n  g_autoptr(GError) error = NULL;\n"
               "  g_autoptr(GSubprocess) process = g_subprocess_newv (job->argv, G_SUBPROCESS_FLAGS_NONE, &error);\n\n"
               "  if (process == NULL)\n    job_done (job, error);\n  else\n"
               "    g_subprocess_wait_async (process, job->cancellable, wait_cb, job);\n}\n\n");
    }

  if (plan->kinds[OVERLAP_TASK_CPU])
    OUT (cg, "static void\nbusy (double seconds)\n{\n"
             "  gint64 end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);\n\n"
             "  while (g_get_monotonic_time () < end)\n    ;  /* pure computation: nothing to wait for */\n}\n\n");
  if (plan->cpu_loop)
    OUT (cg, "static void\nstart_cpu_on_loop (Job *job)\n{\n"
             "  busy (job->seconds);  /* blocks the main loop: no timer fires, no byte is read meanwhile */\n"
             "  job_done (job, NULL);\n}\n\n");
  if (plan->cpu_thread)
    {
      OUT (cg, "static void\ncpu_thread (GTask        *task,\n            gpointer      source,\n"
               "            gpointer      data,\n            GCancellable *cancellable)\n{\n"
               "  Job *job = data;\n\n  busy (job->seconds);\n  g_task_return_boolean (task, TRUE);\n}\n\n");
      OUT (cg, "static void\ncpu_done_cb (GObject      *source,\n             GAsyncResult *result,\n"
               "             gpointer      data)\n{\n  g_autoptr(GError) error = NULL;\n\n"
               "  g_task_propagate_boolean (G_TASK (result), &error);\n  job_done (data, error);\n}\n\n");
      OUT (cg, "static void\nstart_cpu_in_thread (Job *job)\n{\n"
               "  g_autoptr(GTask) task = g_task_new (NULL, job->cancellable, cpu_done_cb, job);\n\n"
               "  g_task_set_task_data (task, job, NULL);\n"
               "%s"
               "  g_task_run_in_thread (task, cpu_thread);  /* the loop keeps going */\n}\n\n",
           cg->cancels ? "  g_task_set_return_on_cancel (task, TRUE);\n" : "");
    }
}

static void
c_blocking_kinds (Cg *cg)
{
  const OverlapCodePlan *plan = &cg->plan;

  if (plan->kinds[OVERLAP_TASK_TIMER])
    OUT (cg, "static gboolean\nrun_timer (Job     *job,\n           GError **error)\n{\n"
             "  g_usleep ((gulong) (job->seconds * G_USEC_PER_SEC));  /* blocks this thread only */\n"
             "  return TRUE;\n}\n\n");
  if (plan->kinds[OVERLAP_TASK_HTTP] || plan->file_read)
    OUT (cg, "static gboolean\nread_all (Job           *job,\n          GInputStream  *stream,\n          GError       **error)\n{\n"
             "  for (;;)\n    {\n"
             "      g_autoptr(GBytes) chunk = g_input_stream_read_bytes (stream, job->chunk_size, NULL, error);\n\n"
             "      if (chunk == NULL)\n        return FALSE;\n"
             "      if (g_bytes_get_size (chunk) == 0)\n        return TRUE;\n"
             "      job->received += g_bytes_get_size (chunk);\n    }\n}\n\n");
  if (plan->kinds[OVERLAP_TASK_HTTP])
    OUT (cg, "static gboolean\nrun_http (Job     *job,\n          GError **error)\n{\n"
             "  g_autoptr(SoupMessage) message = soup_message_new (\"GET\", job->url);\n"
             "  g_autoptr(GInputStream) stream = soup_session_send (session, message, NULL, error);\n\n"
             "  job->chunk_size = 64 * KiB;\n"
             "  return stream != NULL && read_all (job, stream, error);\n}\n\n");
  if (plan->file_read)
    OUT (cg, "static gboolean\nrun_file_read (Job     *job,\n               GError **error)\n{\n"
             "  g_autoptr(GFile) file = g_file_new_for_path (job->path);\n"
             "  g_autoptr(GFileInputStream) stream = g_file_read (file, NULL, error);\n\n"
             "  return stream != NULL && read_all (job, G_INPUT_STREAM (stream), error);\n}\n\n");
  if (plan->file_write)
    OUT (cg, "static gboolean\nrun_file_write (Job     *job,\n                GError **error)\n{\n"
             "  g_autoptr(GFile) file = g_file_new_for_path (job->path);\n"
             "  g_autoptr(GFileOutputStream) stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, error);\n"
             "  g_autofree char *chunk = g_malloc0 (job->chunk_size);\n\n"
             "  if (stream == NULL)\n    return FALSE;\n"
             "  for (; job->written < job->size; job->written += MIN (job->chunk_size, job->size - job->written))\n"
             "    if (!g_output_stream_write_all (G_OUTPUT_STREAM (stream), chunk,\n"
             "                                    MIN (job->chunk_size, job->size - job->written), NULL, NULL, error))\n"
             "      return FALSE;\n"
             "  return TRUE;\n}\n\n");
  if (plan->kinds[OVERLAP_TASK_SPAWN])
    OUT (cg, "static gboolean\nrun_spawn (Job     *job,\n           GError **error)\n{\n"
             "  g_autoptr(GSubprocess) process = g_subprocess_newv (job->argv, G_SUBPROCESS_FLAGS_NONE, error);\n\n"
             "  return process != NULL && g_subprocess_wait (process, NULL, error);\n}\n\n");
  if (plan->kinds[OVERLAP_TASK_CPU])
    OUT (cg, "static gboolean\nrun_cpu (Job     *job,\n         GError **error)\n{\n"
             "  gint64 end = g_get_monotonic_time () + (gint64) (job->seconds * G_USEC_PER_SEC);\n\n"
             "  while (g_get_monotonic_time () < end)\n    ;  /* pure computation, on a core of its own */\n"
             "  return TRUE;\n}\n\n");
}

/* The strategy: what starts the jobs and what job_done () does */
static void
c_strategy (Cg *cg)
{
  const OverlapStrategy *s = cg->strategy;
  gboolean own_timeouts = cg->plan.task_timeouts;

  if (cg->blocking)
    {
      OUT (cg, "#define N_THREADS %u\n\nstatic guint n_done;\n\n", s->n);
      OUT (cg, "static gboolean\njob_finished (gpointer data)  /* back on the main loop */\n{\n"
               "  Job *job = data;\n\n  g_print (\"%%s finished\\n\", job->name);\n"
               "  if (++n_done == N_JOBS)\n    g_main_loop_quit (loop);\n  return G_SOURCE_REMOVE;\n}\n\n");
      OUT (cg, "static void\nrun_job (gpointer data,\n         gpointer user_data)  /* in one of the pool's threads */\n{\n"
               "  Job *job = data;\n  g_autoptr(GError) error = NULL;\n\n"
               "  g_print (\"%%s started\\n\", job->name);\n"
               "  if (!job->run (job, &error))\n    g_printerr (\"%%s: %%s\\n\", job->name, error->message);\n"
               "  g_idle_add (job_finished, job);\n}\n\n");
      return;
    }

  if (own_timeouts)
    OUT (cg, "static gboolean\njob_timed_out (gpointer data)\n{\n  Job *job = data;\n\n"
             "  job->timeout_id = 0;\n  g_cancellable_cancel (job->cancellable);\n  return G_SOURCE_REMOVE;\n}\n\n");
  OUT (cg, "static void\nstart_job (Job *job)\n{\n  g_print (\"%%s started\\n\", job->name);\n");
  if (own_timeouts)
    OUT (cg, "  if (job->timeout > 0)\n"
             "    job->timeout_id = g_timeout_add ((guint) (job->timeout * 1000), job_timed_out, job);\n");
  OUT (cg, "  job->start (job);\n}\n\n");

  switch (s->kind)
    {
    case OVERLAP_STRATEGY_SEQUENTIAL:
      OUT (cg, "static guint next;\n\nstatic void\nstart_next (void)\n{\n"
               "  if (next == N_JOBS)\n    g_main_loop_quit (loop);\n  else\n    start_job (&jobs[next++]);\n}\n\n");
      break;
    case OVERLAP_STRATEGY_BOUNDED:
      OUT (cg, "#define LIMIT %u\n\nstatic guint next, in_flight, n_done;\n\n", s->n);
      OUT (cg, "static void\nstart_more (void)\n{\n"
               "  while (in_flight < LIMIT && next < N_JOBS)  /* the others wait in the queue */\n"
               "    {\n      in_flight++;\n      start_job (&jobs[next++]);\n    }\n}\n\n");
      break;
    case OVERLAP_STRATEGY_FIRST_COMPLETED:
      OUT (cg, "static guint n_done;\nstatic Job *winner;\n\n");
      break;
    case OVERLAP_STRATEGY_TIMEOUT:
      {
        g_autofree char *ms = g_strdup_printf ("%" G_GINT64_FORMAT, s->deadline / 1000);

        OUT (cg, "#define DEADLINE_MS %s\n\nstatic guint n_done, deadline_id;\n\n", ms);
        OUT (cg, "static gboolean\ndeadline_passed (gpointer data)\n{\n"
                 "  deadline_id = 0;\n  for (guint i = 0; i < N_JOBS; i++)\n"
                 "    g_cancellable_cancel (jobs[i].cancellable);  /* those still running end, cancelled */\n"
                 "  return G_SOURCE_REMOVE;\n}\n\n");
      }
      break;
    case OVERLAP_STRATEGY_GATHER:
    case OVERLAP_STRATEGY_AS_COMPLETED:
      OUT (cg, "static guint n_done;\n\n");
      break;
    case OVERLAP_STRATEGY_THREADS:
    case OVERLAP_N_STRATEGIES:
    default:
      g_assert_not_reached ();
    }

  OUT (cg, "static void\njob_done (Job    *job,\n          GError *error)\n{\n");
  if (own_timeouts)
    OUT (cg, "  g_clear_handle_id (&job->timeout_id, g_source_remove);\n");
  if (s->kind == OVERLAP_STRATEGY_AS_COMPLETED)
    OUT (cg, "  n_done++;\n  if (error != NULL)\n    g_print (\"%%u. %%s: %%s\\n\", n_done, job->name, error->message);\n"
             "  else\n    g_print (\"%%u. %%s\\n\", n_done, job->name);  /* in the order they finish */\n"
             "  if (n_done == N_JOBS)\n    g_main_loop_quit (loop);\n}\n\n");
  else
    OUT (cg, "  if (error != NULL)\n    g_print (\"%%s: %%s\\n\", job->name, error->message);\n"
             "  else\n    g_print (\"%%s finished\\n\", job->name);\n\n");

  switch (s->kind)
    {
    case OVERLAP_STRATEGY_SEQUENTIAL:
      OUT (cg, "  start_next ();  /* the next one starts in this one's callback */\n}\n\n");
      break;
    case OVERLAP_STRATEGY_GATHER:
      OUT (cg, "  if (++n_done == N_JOBS)  /* joined on the last completion */\n    g_main_loop_quit (loop);\n}\n\n");
      break;
    case OVERLAP_STRATEGY_BOUNDED:
      OUT (cg, "  in_flight--;\n  if (++n_done == N_JOBS)\n    g_main_loop_quit (loop);\n"
               "  else\n    start_more ();\n}\n\n");
      break;
    case OVERLAP_STRATEGY_FIRST_COMPLETED:
      OUT (cg, "  if (error == NULL && winner == NULL)\n    {\n      winner = job;\n"
               "      for (guint i = 0; i < N_JOBS; i++)\n"
               "        if (&jobs[i] != winner)\n"
               "          g_cancellable_cancel (jobs[i].cancellable);  /* the first one wins */\n    }\n"
               "  if (++n_done == N_JOBS)\n    {\n"
               "      g_print (\"first: %%s\\n\", winner ? winner->name : \"none\");\n"
               "      g_main_loop_quit (loop);\n    }\n}\n\n");
      break;
    case OVERLAP_STRATEGY_TIMEOUT:
      OUT (cg, "  if (++n_done == N_JOBS)\n    {\n      g_clear_handle_id (&deadline_id, g_source_remove);\n"
               "      g_main_loop_quit (loop);\n    }\n}\n\n");
      break;
    case OVERLAP_STRATEGY_AS_COMPLETED:
    case OVERLAP_STRATEGY_THREADS:
    case OVERLAP_N_STRATEGIES:
    default:
      break;
    }
}

static void
c_make_jobs (Cg *cg)
{
  if (cg->plan.temp_files)
    OUT (cg, "static char *\ntemp_file (guint64 size)\n{\n  g_autoptr(GError) error = NULL;\n  char *path = NULL;\n"
             "  int fd = g_file_open_tmp (\"overlap-XXXXXX\", &path, &error);\n\n"
             "  if (fd < 0 || ftruncate (fd, size) != 0)\n    g_error (\"no temporary file: %%s\", error ? error->message : g_strerror (errno));\n"
             "  close (fd);\n  return path;\n}\n\n");

  OUT (cg, "static void\nmake_jobs (void)\n{\n  guint n = 0;\n\n");
  for (guint i = 0; i < cg->plan.items->len; i++)
    {
      const OverlapCodeItem *item = &g_array_index (cg->plan.items, OverlapCodeItem, i);

      if (item->count > 1)
        {
          OUT (cg, "  for (guint i = %u; i < %u; i++)\n    jobs[n++] = ", item->first_number,
               item->first_number + item->count);
        }
      else
        OUT (cg, "  jobs[n++] = ");
      c_job (cg, item);
    }
  OUT (cg, "  g_assert (n == N_JOBS);\n}\n\n");
}

static void
c_main (Cg *cg)
{
  const OverlapStrategy *s = cg->strategy;

  OUT (cg, "int\nmain (void)\n{\n");
  OUT (cg, "  gint64 start = g_get_monotonic_time ();\n");
  if (cg->blocking)
    OUT (cg, "  GThreadPool *pool;\n");
  OUT (cg, "\n  loop = g_main_loop_new (NULL, FALSE);\n");
  if (cg->plan.kinds[OVERLAP_TASK_HTTP])
    OUT (cg, "  session = soup_session_new_with_options (\"max-conns\", %u,\n"
             "                                          \"max-conns-per-host\", %u,\n"
             "                                          NULL);\n",
         overlap_scenario_get_max_conns (cg->scenario), overlap_scenario_get_max_conns_per_host (cg->scenario));
  OUT (cg, "  make_jobs ();\n");

  if (cg->blocking)
    {
      OUT (cg, "\n  /* g_task_run_in_thread () would use GLib's shared pool; this one has N_THREADS */\n");
      OUT (cg, "  pool = g_thread_pool_new (run_job, NULL, N_THREADS, FALSE, NULL);\n");
      OUT (cg, "  for (guint i = 0; i < N_JOBS; i++)\n    g_thread_pool_push (pool, &jobs[i], NULL);\n");
    }
  else
    {
      OUT (cg, "  for (guint i = 0; i < N_JOBS; i++)\n    jobs[i].cancellable = g_cancellable_new ();\n\n");
      switch (s->kind)
        {
        case OVERLAP_STRATEGY_SEQUENTIAL:
          OUT (cg, "  start_next ();\n");
          break;
        case OVERLAP_STRATEGY_BOUNDED:
          OUT (cg, "  start_more ();\n");
          break;
        case OVERLAP_STRATEGY_TIMEOUT:
          OUT (cg, "  deadline_id = g_timeout_add (DEADLINE_MS, deadline_passed, NULL);\n");
          G_GNUC_FALLTHROUGH;
        case OVERLAP_STRATEGY_GATHER:
        case OVERLAP_STRATEGY_AS_COMPLETED:
        case OVERLAP_STRATEGY_FIRST_COMPLETED:
          OUT (cg, "  for (guint i = 0; i < N_JOBS; i++)  /* all at once */\n    start_job (&jobs[i]);\n");
          break;
        case OVERLAP_STRATEGY_THREADS:
        case OVERLAP_N_STRATEGIES:
        default:
          g_assert_not_reached ();
        }
    }

  OUT (cg, "\n  g_main_loop_run (loop);\n");
  if (cg->blocking)
    OUT (cg, "  g_thread_pool_free (pool, FALSE, TRUE);\n");
  OUT (cg, "  g_print (\"Total execution time: %%.2f seconds\\n\", (g_get_monotonic_time () - start) / 1e6);\n");
  OUT (cg, "  return 0;\n}\n");
}

char *
overlap_code_c_for (OverlapScenario       *scenario,
                    const OverlapStrategy *strategy)
{
  g_autofree char *name = NULL;
  const char *title;
  Cg cg = { 0 };

  g_return_val_if_fail (OVERLAP_IS_SCENARIO (scenario), NULL);
  g_return_val_if_fail (strategy != NULL, NULL);
  g_return_val_if_fail ((guint) strategy->kind < OVERLAP_N_STRATEGIES, NULL);

  cg.out = g_string_new (NULL);
  cg.scenario = scenario;
  cg.strategy = strategy;
  cg.blocking = strategy->kind == OVERLAP_STRATEGY_THREADS;
  _overlap_code_plan_init (&cg.plan, scenario);
  cg.cancels = strategy->kind == OVERLAP_STRATEGY_FIRST_COMPLETED ||
               strategy->kind == OVERLAP_STRATEGY_TIMEOUT ||
               cg.plan.task_timeouts;
  name = overlap_strategy_to_string (strategy);
  title = overlap_scenario_get_title (scenario);

  OUT (&cg, "/* %s: %s, the GLib way\n *\n", title ? title : "", name);
  _overlap_code_append_comment (cg.out, " * ", overlap_strategy_describe (strategy->kind), 78);
  OUT (&cg, " *\n * cc demo.c $(pkg-config --cflags --libs gio-2.0%s)\n */\n\n",
       cg.plan.kinds[OVERLAP_TASK_HTTP] ? " libsoup-3.0" : "");
  if (cg.plan.temp_files)
    OUT (&cg, "#include <errno.h>\n");
  OUT (&cg, "#include <gio/gio.h>\n");
  if (cg.plan.kinds[OVERLAP_TASK_HTTP])
    OUT (&cg, "#include <libsoup/soup.h>\n");
  if (cg.plan.temp_files)
    OUT (&cg, "#include <unistd.h>\n");
  OUT (&cg, "\n");
  if (cg.plan.sizes)
    OUT (&cg, "#define KiB 1024\n#define MiB (1024 * KiB)\n");
  if (cg.plan.kinds[OVERLAP_TASK_HTTP])
    OUT (&cg, "#define DEMO \"%s\"  /* overlap --serve --port 8080 */\n", OVERLAP_CODE_DEMO_BASE);
  OUT (&cg, "#define N_JOBS %u\n\n", MAX (cg.plan.n_tasks, 1));

  c_struct (&cg);
  OUT (&cg, "static GMainLoop *loop;\n");
  if (cg.plan.kinds[OVERLAP_TASK_HTTP])
    OUT (&cg, "static SoupSession *session;\n");
  OUT (&cg, "static Job jobs[N_JOBS];\n\n");

  if (cg.blocking)
    c_blocking_kinds (&cg);
  else
    c_async_kinds (&cg);
  c_strategy (&cg);
  c_make_jobs (&cg);
  c_main (&cg);

  _overlap_code_plan_clear (&cg.plan);
  return g_string_free (cg.out, FALSE);
}
