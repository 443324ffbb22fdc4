/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-code-gen"

#include "config.h"

#include "overlap-code-gen-private.h"

/* The Python asyncio program equivalent to a scenario run under a strategy,
 * written the way the tutorials write it: `async def task(name, delay)`,
 * `asyncio.gather(...)`, a Semaphore, `asyncio.wait(FIRST_COMPLETED)`, … with
 * the scenario's own labels and numbers. */

typedef struct
{
  GString               *out;
  OverlapCodePlan        plan;
  OverlapScenario       *scenario;
  const OverlapStrategy *strategy;
  gboolean               blocking;   /* threads: plain functions on a pool */
  gboolean               session;    /* aiohttp session passed to fetch() */
} Py;

#define LINE(py, ...) g_string_append_printf ((py)->out, __VA_ARGS__)

static const char *
py_func (Py                    *py,
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

/* The arguments of a call for @item, label first, comma-separated */
static void
py_args (Py                    *py,
         const OverlapCodeItem *item)
{
  const OverlapTaskSpec *spec = item->spec;
  g_autofree char *seconds = _overlap_code_seconds (spec->duration);
  g_autofree char *size = _overlap_code_size (spec->size);

  if (spec->kind == OVERLAP_TASK_HTTP && py->session)
    g_string_append (py->out, "session, ");

  if (item->count > 1)
    {
      g_string_append_c (py->out, 'f');
      _overlap_code_append_quoted (py->out, item->prefix, TRUE);
      g_string_truncate (py->out, py->out->len - 1);
      g_string_append (py->out, " {i}\"");
    }
  else
    _overlap_code_append_quoted (py->out, spec->label, FALSE);

  switch (spec->kind)
    {
    case OVERLAP_TASK_TIMER:
    case OVERLAP_TASK_CPU:
      LINE (py, ", %s", seconds);
      break;
    case OVERLAP_TASK_HTTP:
      if (spec->url != NULL)
        {
          g_string_append (py->out, ", ");
          _overlap_code_append_quoted (py->out, spec->url, FALSE);
        }
      else
        {
          g_autofree char *path = _overlap_code_demo_path (spec);

          g_string_append (py->out, ", DEMO + ");
          _overlap_code_append_quoted (py->out, path, FALSE);
        }
      break;
    case OVERLAP_TASK_FILE:
      {
        g_autofree char *chunk = _overlap_code_size (spec->chunk_size ? spec->chunk_size : 64 * 1024);

        if (spec->write)
          LINE (py, ", %s", size);
        else if (spec->path != NULL)
          {
            g_string_append (py->out, ", ");
            _overlap_code_append_quoted (py->out, spec->path, FALSE);
          }
        else
          LINE (py, ", temp_file(%s)", size);
        LINE (py, ", %s", chunk);
      }
      break;
    case OVERLAP_TASK_SPAWN:
      if (spec->argv != NULL)
        for (guint i = 0; spec->argv[i] != NULL; i++)
          {
            g_string_append (py->out, ", ");
            _overlap_code_append_quoted (py->out, spec->argv[i], FALSE);
          }
      else
        LINE (py, ", \"sleep\", \"%s\"", seconds);
      break;
    case OVERLAP_N_TASK_KINDS:
    default:
      g_assert_not_reached ();
    }
}

/* The expression for one task of @item, wrapped as @wrap says: "%s" for the
 * plain call, "bounded(semaphore, %s)", … */
static void
py_call (Py                    *py,
         const OverlapCodeItem *item,
         const char            *wrap_before,
         const char            *wrap_after)
{
  gboolean own_timeout = item->spec->timeout > 0 && !py->blocking;

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
py_elements (Py         *py,
             const char *indent,
             const char *wrap_before,
             const char *wrap_after)
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
py_helpers (Py *py)
{
  const OverlapCodePlan *plan = &py->plan;
  const char *def = py->blocking ? "def" : "async def";

  if (plan->sizes)
    LINE (py, "KiB = 1024\nMiB = 1024 * KiB\n\n");
  if (plan->kinds[OVERLAP_TASK_HTTP])
    LINE (py, "DEMO = \"%s\"  # Overlap's demo server: overlap --serve --port 8080\n\n",
          OVERLAP_CODE_DEMO_BASE);

  if (plan->kinds[OVERLAP_TASK_TIMER])
    {
      LINE (py, "\n%s %s(name, delay):\n", def, plan->all_timers ? "task" : "timer");
      LINE (py, "    print(f\"{name} started\")\n");
      if (py->blocking)
        LINE (py, "    time.sleep(delay)  # blocks this worker thread, not the loop\n");
      else
        LINE (py, "    await asyncio.sleep(delay)\n");
      LINE (py, "    print(f\"{name} finished\")\n    return name\n\n");
    }

  if (plan->kinds[OVERLAP_TASK_HTTP])
    {
      if (py->blocking)
        {
          LINE (py, "\ndef fetch(name, url):\n    print(f\"{name} started\")\n    size = 0\n");
          LINE (py, "    with urllib.request.urlopen(url) as response:\n");
          LINE (py, "        while chunk := response.read(64 * KiB):\n");
          LINE (py, "            size += len(chunk)\n");
        }
      else
        {
          LINE (py, "\nasync def fetch(session, name, url):\n    print(f\"{name} started\")\n    size = 0\n");
          LINE (py, "    async with session.get(url) as response:\n");
          LINE (py, "        async for chunk in response.content.iter_chunked(64 * KiB):\n");
          LINE (py, "            size += len(chunk)  # a tick per chunk received\n");
        }
      LINE (py, "    print(f\"{name} finished: {size} bytes\")\n    return name\n\n");
    }

  if (plan->temp_files)
    {
      LINE (py, "\ndef temp_file(size):\n");
      LINE (py, "    with tempfile.NamedTemporaryFile(delete=False) as f:\n");
      LINE (py, "        f.truncate(size)\n        return f.name\n\n");
    }

  if (plan->file_read)
    {
      LINE (py, "\ndef read_chunks(path, chunk_size):\n    size = 0\n");
      LINE (py, "    with open(path, \"rb\") as f:\n");
      LINE (py, "        while chunk := f.read(chunk_size):\n            size += len(chunk)\n");
      LINE (py, "    return size\n\n");
      LINE (py, "\n%s read_file(name, path, chunk_size):\n    print(f\"{name} started\")\n", def);
      if (py->blocking)
        LINE (py, "    size = read_chunks(path, chunk_size)\n");
      else
        LINE (py, "    # asyncio has no file API: the reads go to a worker thread, as GIO's do\n"
                  "    size = await asyncio.to_thread(read_chunks, path, chunk_size)\n");
      LINE (py, "    print(f\"{name} finished: {size} bytes\")\n    return name\n\n");
    }

  if (plan->file_write)
    {
      LINE (py, "\ndef write_chunks(path, size, chunk_size):\n");
      LINE (py, "    with open(path, \"wb\") as f:\n");
      LINE (py, "        for offset in range(0, size, chunk_size):\n");
      LINE (py, "            f.write(bytes(min(chunk_size, size - offset)))\n\n");
      LINE (py, "\n%s write_file(name, size, chunk_size):\n    print(f\"{name} started\")\n", def);
      if (py->blocking)
        LINE (py, "    write_chunks(temp_file(0), size, chunk_size)\n");
      else
        LINE (py, "    await asyncio.to_thread(write_chunks, temp_file(0), size, chunk_size)\n");
      LINE (py, "    print(f\"{name} finished\")\n    return name\n\n");
    }

  if (plan->kinds[OVERLAP_TASK_SPAWN])
    {
      LINE (py, "\n%s run(name, *argv):\n    print(f\"{name} started\")\n", def);
      if (py->blocking)
        LINE (py, "    returncode = subprocess.run(argv).returncode\n");
      else
        LINE (py, "    process = await asyncio.create_subprocess_exec(*argv)\n"
                  "    returncode = await process.wait()\n");
      LINE (py, "    print(f\"{name} finished: exit status {returncode}\")\n    return name\n\n");
    }

  if (plan->kinds[OVERLAP_TASK_CPU])
    {
      LINE (py, "\ndef busy(seconds):\n    end = time.perf_counter() + seconds\n    n = 0\n");
      LINE (py, "    while time.perf_counter() < end:  # pure computation: nothing to await\n");
      LINE (py, "        n += 1\n    return n\n\n");
      if (py->blocking || plan->cpu_loop)
        {
          LINE (py, "\n%s compute(name, seconds):\n    print(f\"{name} started\")\n", def);
          if (py->blocking)
            LINE (py, "    busy(seconds)  # pure Python holds the GIL: threads take turns\n");
          else
            LINE (py, "    busy(seconds)  # blocks the event loop: no other task runs meanwhile\n");
          LINE (py, "    print(f\"{name} finished\")\n    return name\n\n");
        }
      if (!py->blocking && plan->cpu_thread)
        {
          LINE (py, "\nasync def compute_in_thread(name, seconds):\n    print(f\"{name} started\")\n");
          LINE (py, "    await asyncio.to_thread(busy, seconds)  # in a worker thread: the loop keeps going\n");
          LINE (py, "    print(f\"{name} finished\")\n    return name\n\n");
        }
    }
}

static void
py_strategy_helpers (Py *py)
{
  switch (py->strategy->kind)
    {
    case OVERLAP_STRATEGY_BOUNDED:
      LINE (py, "\nasync def bounded(semaphore, job):\n");
      LINE (py, "    async with semaphore:  # at most %u at once: the others wait here\n", py->strategy->n);
      LINE (py, "        return await job\n\n");
      break;
    case OVERLAP_STRATEGY_TIMEOUT:
      LINE (py, "\nasync def with_deadline(job, seconds):\n    try:\n");
      LINE (py, "        return await asyncio.wait_for(job, timeout=seconds)\n");
      LINE (py, "    except asyncio.TimeoutError:\n        print(\"cancelled: past the deadline\")\n");
      LINE (py, "        return None\n\n");
      break;
    case OVERLAP_STRATEGY_SEQUENTIAL:
    case OVERLAP_STRATEGY_GATHER:
    case OVERLAP_STRATEGY_AS_COMPLETED:
    case OVERLAP_STRATEGY_FIRST_COMPLETED:
    case OVERLAP_STRATEGY_THREADS:
    case OVERLAP_N_STRATEGIES:
    default:
      break;
    }
}

static void
py_main_body (Py         *py,
              const char *in)
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

char *
overlap_code_python_for (OverlapScenario       *scenario,
                         const OverlapStrategy *strategy)
{
  g_autofree char *name = NULL;
  Py py = { 0 };

  g_return_val_if_fail (OVERLAP_IS_SCENARIO (scenario), NULL);
  g_return_val_if_fail (strategy != NULL, NULL);
  g_return_val_if_fail ((guint) strategy->kind < OVERLAP_N_STRATEGIES, NULL);

  py.out = g_string_new (NULL);
  py.scenario = scenario;
  py.strategy = strategy;
  py.blocking = strategy->kind == OVERLAP_STRATEGY_THREADS;
  _overlap_code_plan_init (&py.plan, scenario);
  py.session = py.plan.kinds[OVERLAP_TASK_HTTP] && !py.blocking;
  name = overlap_strategy_to_string (strategy);

  LINE (&py, "# %s: %s\n", overlap_scenario_get_title (scenario) ? overlap_scenario_get_title (scenario) : "", name);
  _overlap_code_append_comment (py.out, "# ", overlap_strategy_describe (strategy->kind), 78);
  if (overlap_scenario_get_description (scenario) != NULL)
    {
      g_string_append (py.out, "#\n");
      _overlap_code_append_comment (py.out, "# ", overlap_scenario_get_description (scenario), 78);
    }
  g_string_append (py.out, "\nimport asyncio\n");
  if (py.blocking)
    g_string_append (py.out, "import concurrent.futures\n");
  if (py.plan.kinds[OVERLAP_TASK_SPAWN] && py.blocking)
    g_string_append (py.out, "import subprocess\n");
  if (py.plan.temp_files)
    g_string_append (py.out, "import tempfile\n");
  g_string_append (py.out, "import time\n");
  if (py.plan.kinds[OVERLAP_TASK_HTTP] && py.blocking)
    g_string_append (py.out, "import urllib.request\n");
  if (py.session)
    g_string_append (py.out, "\nimport aiohttp\n");
  g_string_append (py.out, "\n");

  py_helpers (&py);
  py_strategy_helpers (&py);

  g_string_append (py.out, "\nasync def main():\n");
  if (py.plan.n_tasks == 0)
    g_string_append (py.out, "    pass  # no tasks\n");
  else if (py.session)
    {
      LINE (&py, "    # libsoup's max-conns and max-conns-per-host\n");
      LINE (&py, "    connector = aiohttp.TCPConnector(limit=%u, limit_per_host=%u)\n",
            overlap_scenario_get_max_conns (scenario), overlap_scenario_get_max_conns_per_host (scenario));
      LINE (&py, "    async with aiohttp.ClientSession(connector=connector) as session:\n");
      py_main_body (&py, "        ");
    }
  else
    py_main_body (&py, "    ");

  g_string_append (py.out, "\n\nif __name__ == \"__main__\":\n");
  g_string_append (py.out, "    start = time.perf_counter()\n");
  g_string_append (py.out, "    asyncio.run(main())\n");
  g_string_append (py.out, "    print(f\"Total execution time: {time.perf_counter() - start:.2f} seconds\")\n");

  _overlap_code_plan_clear (&py.plan);
  return g_string_free (py.out, FALSE);
}
