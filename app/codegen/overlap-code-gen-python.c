/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-code-gen"

#include "config.h"

#include "overlap-code-gen-private.h"

/* The Python asyncio program equivalent to a scenario run under a strategy,
 * written the way the tutorials write it: `async def task(name, delay)`,
 * `asyncio.gather(...)`, a Semaphore, `asyncio.wait(FIRST_COMPLETED)`, … with
 * the scenario's own labels and numbers. The program's text is the template
 * templates/program.py.in; written here are the calls of main(). */

#define LINE(py, ...) g_string_append_printf ((py)->out, __VA_ARGS__)

static const char *
py_func (OverlapCodeContext    *py,
         const OverlapTaskSpec *spec)
{
  switch (spec->kind)
    {
    case OVERLAP_TASK_TIMER:
      return py->plan.all_timers ? "task" : "timer";
    case OVERLAP_TASK_HTTP:
      return "fetch";
    case OVERLAP_TASK_FILE:
      return spec->write ? "write_file" : "read_file";
    case OVERLAP_TASK_SPAWN:
      return "run";
    case OVERLAP_TASK_CPU:
      return spec->on_loop || py->blocking ? "compute" : "compute_in_thread";
    case OVERLAP_N_TASK_KINDS:
    default:
      g_assert_not_reached ();
    }
}

static const OverlapCodeSyntax python_syntax = {
  .numbered_label = { "f", " {i}\"" },
  .fstring_labels = TRUE,
  .seconds = { ", " },
  .url = { ", " },
  .demo_url = { ", DEMO + " },
  .write_size = { ", " },
  .path = { ", " },
  .temp_path = { ", temp_file(", ")" },
  .chunk_size = { ", " },
  .argv = { "" },
  .arg = { ", " },
};

/* The arguments of a call for @item, label first, comma-separated */
static void
py_args (OverlapCodeContext    *py,
         const OverlapCodeItem *item)
{
  /* fetch() takes main()'s aiohttp session, but for threads' blocking calls */
  if (item->spec->kind == OVERLAP_TASK_HTTP && !py->blocking)
    g_string_append (py->out, "session, ");
  _overlap_code_append_label (py->out, &python_syntax, item);
  _overlap_code_append_args (py->out, &python_syntax, item->spec);
}

/* The expression for one task of @item, wrapped as @wrap says: "%s" for the
 * plain call, "bounded(semaphore, %s)", … */
static void
py_call (OverlapCodeContext    *py,
         const OverlapCodeItem *item,
         const char            *wrap_before,
         const char            *wrap_after)
{
  gboolean own_timeout = item->spec->timeout > 0 && !py->blocking;

  _overlap_code_note_item_line (py->lines, item, py->out);
  g_string_append (py->out, wrap_before);
  if (py->blocking)
    {
      LINE (py, "loop.run_in_executor(pool, %s, ", py_func (py, item->spec));
      py_args (py, item);
      g_string_append_c (py->out, ')');
    }
  else
    {
      if (own_timeout)
        g_string_append (py->out, "asyncio.wait_for(");
      LINE (py, "%s(", py_func (py, item->spec));
      py_args (py, item);
      g_string_append_c (py->out, ')');
      if (own_timeout)
        {
          g_autofree char *timeout = _overlap_code_seconds (item->spec->timeout);

          LINE (py, ", timeout=%s)", timeout);
        }
    }
  g_string_append (py->out, wrap_after);
}

/* Every task as an element of a list or of call arguments, one per line */
static void
py_elements (OverlapCodeContext *py,
             const char         *indent,
             const char         *wrap_before,
             const char         *wrap_after)
{
  for (guint i = 0; i < py->plan.items->len; i++)
    {
      const OverlapCodeItem *item = &g_array_index (py->plan.items, OverlapCodeItem, i);

      g_string_append (py->out, indent);
      if (item->count > 1)
        {
          g_string_append (py->out, "*(");
          py_call (py, item, wrap_before, wrap_after);
          LINE (py, " for i in range(%u, %u)),\n", item->first_number, item->first_number + item->count);
        }
      else
        {
          py_call (py, item, wrap_before, wrap_after);
          g_string_append (py->out, ",\n");
        }
    }
}

static void
py_main_body (OverlapCodeContext *py,
              const char         *in)
{
  g_autofree char *in2 = g_strconcat (in, "    ", NULL);
  g_autofree char *deadline = NULL;

  switch (py->strategy->kind)
    {
    case OVERLAP_STRATEGY_SEQUENTIAL:
      for (guint i = 0; i < py->plan.items->len; i++)
        {
          const OverlapCodeItem *item = &g_array_index (py->plan.items, OverlapCodeItem, i);

          if (item->count > 1)
            {
              LINE (py, "%sfor i in range(%u, %u):\n", in, item->first_number, item->first_number + item->count);
              LINE (py, "%s", in2);
            }
          else
            LINE (py, "%s", in);
          py_call (py, item, "await ", "\n");
        }
      break;

    case OVERLAP_STRATEGY_GATHER:
      LINE (py, "%sawait asyncio.gather(\n", in);
      py_elements (py, in2, "", "");
      LINE (py, "%s)\n", in);
      break;

    case OVERLAP_STRATEGY_BOUNDED:
      LINE (py, "%ssemaphore = asyncio.Semaphore(%u)\n", in, py->strategy->n);
      LINE (py, "%sawait asyncio.gather(\n", in);
      py_elements (py, in2, "bounded(semaphore, ", ")");
      LINE (py, "%s)\n", in);
      break;

    case OVERLAP_STRATEGY_AS_COMPLETED:
      LINE (py, "%sjobs = [\n", in);
      py_elements (py, in2, "", "");
      LINE (py, "%s]\n", in);
      LINE (py, "%sfor n, job in enumerate(asyncio.as_completed(jobs), start=1):\n", in);
      LINE (py, "%s    name = await job  # in the order they finish\n", in);
      LINE (py, "%s    print(f\"{n}. {name}\")\n", in);
      break;

    case OVERLAP_STRATEGY_FIRST_COMPLETED:
      LINE (py, "%sjobs = [\n", in);
      py_elements (py, in2, "asyncio.create_task(", ")");
      LINE (py, "%s]\n", in);
      LINE (py, "%sdone, pending = await asyncio.wait(jobs, return_when=asyncio.FIRST_COMPLETED)\n", in);
      LINE (py, "%sfor job in pending:\n%s    job.cancel()  # the first one wins: the rest are cancelled\n", in, in);
      LINE (py, "%sawait asyncio.gather(*pending, return_exceptions=True)\n", in);
      LINE (py, "%sprint(f\"first: {done.pop().result()}\")\n", in);
      break;

    case OVERLAP_STRATEGY_TIMEOUT:
      deadline = _overlap_code_seconds (py->strategy->deadline);
      LINE (py, "%sawait asyncio.gather(\n", in);
      {
        g_autofree char *after = g_strdup_printf (", %s)", deadline);

        py_elements (py, in2, "with_deadline(", after);
      }
      LINE (py, "%s)\n", in);
      break;

    case OVERLAP_STRATEGY_THREADS:
      LINE (py, "%sloop = asyncio.get_running_loop()\n", in);
      LINE (py, "%swith concurrent.futures.ThreadPoolExecutor(max_workers=%u) as pool:\n", in, py->strategy->n);
      LINE (py, "%sawait asyncio.gather(\n", in2);
      {
        g_autofree char *in3 = g_strconcat (in2, "    ", NULL);

        py_elements (py, in3, "", "");
      }
      LINE (py, "%s)\n", in2);
      break;

    case OVERLAP_N_STRATEGIES:
    default:
      g_assert_not_reached ();
    }
}

/* The Python program's own flags and values, and the body of main() */
void
_overlap_code_python_write (OverlapCodeContext *py)
{
  const char *description = overlap_scenario_get_description (py->scenario);
  /* an aiohttp session that main() opens for fetch() */
  gboolean session = py->plan.kinds[OVERLAP_TASK_HTTP] && !py->blocking;

  _overlap_code_template_set_flag (py->program, "description", description != NULL);
  if (description != NULL)
    {
      GString *comment = g_string_new (NULL);

      _overlap_code_append_comment (comment, "# ", description, 78);
      _overlap_code_template_take (py->program, "description", g_string_free (comment, FALSE));
    }
  _overlap_code_template_set_flag (py->program, "session", session);
  _overlap_code_template_set (py->program, "def", py->blocking ? "def" : "async def");
  _overlap_code_template_set (py->program, "timer_func", py->plan.all_timers ? "task" : "timer");

  py_main_body (py, session ? "        " : "    ");
}
