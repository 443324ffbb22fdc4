/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-code-gen"

#include "config.h"

#include "overlap-code-gen-private.h"

/* The GLib C shape of a scenario run under a strategy: g_timeout_add,
 * soup_session_send_async and g_input_stream_read_bytes_async, g_file_read_async,
 * g_subprocess_wait_async, g_task_run_in_thread; the strategy as the way the
 * callbacks start the next job (sequential), count completions (gather), keep a
 * counter and a queue (bounded), cancel the rest (first-completed), or a timeout
 * that cancels (timeout). Threads run blocking versions on a GThreadPool. The
 * program's text is the template templates/program.c.in; written here are the
 * jobs, one line each. */

#define OUT(cg, ...) g_string_append_printf ((cg)->out, __VA_ARGS__)

static const char *
c_func (OverlapCodeContext    *cg,
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

static const OverlapCodeSyntax c_syntax = {
  .numbered_label = { "g_strdup_printf (", " %u\", i)" },
  .seconds = { ", .seconds = " },
  .url = { ", .url = " },
  .demo_url = { ", .url = DEMO " },
  .write_size = { ", .path = temp_file (0), .size = " },
  .path = { ", .path = g_strdup (", ")" },
  .temp_path = { ", .path = temp_file (", ")" },
  .chunk_size = { ", .chunk_size = " },
  .argv = { ", .argv = (const char *[]) { ", "NULL }" },
  .arg = { "", ", " },
};

/* `(Job) { .name = …, .start = start_timer, .seconds = 2 }` */
static void
c_job (OverlapCodeContext    *cg,
       const OverlapCodeItem *item)
{
  const OverlapTaskSpec *spec = item->spec;

  _overlap_code_note_item_line (cg->lines, item, cg->out);
  OUT (cg, "(Job) { .name = ");
  _overlap_code_append_label (cg->out, &c_syntax, item);
  OUT (cg, ", .%s = %s", cg->blocking ? "run" : "start", c_func (cg, spec));
  _overlap_code_append_args (cg->out, &c_syntax, spec);
  if (spec->timeout > 0 && !cg->blocking)
    {
      g_autofree char *timeout = _overlap_code_seconds (spec->timeout);

      OUT (cg, ", .timeout = %s", timeout);
    }
  OUT (cg, " };\n");
}

/* The lines of make_jobs () that fill jobs[] */
static void
c_jobs (OverlapCodeContext *cg)
{
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
}

/* The C program's own flags and values, and the lines that fill jobs[] */
void
_overlap_code_c_write (OverlapCodeContext *cg)
{
  const OverlapStrategy *strategy = cg->strategy;

  _overlap_code_template_set_flag (cg->program, "cancels",
                                   strategy->kind == OVERLAP_STRATEGY_FIRST_COMPLETED ||
                                   strategy->kind == OVERLAP_STRATEGY_TIMEOUT ||
                                   cg->plan.task_timeouts);
  _overlap_code_template_set_uint (cg->program, "n_jobs", MAX (cg->plan.n_tasks, 1));
  _overlap_code_template_take (cg->program, "deadline_ms",
                               g_strdup_printf ("%" G_GINT64_FORMAT, strategy->deadline / 1000));
  c_jobs (cg);
}
