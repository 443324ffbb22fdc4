/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include <glib/gstdio.h>

#include "bench-util.h"

/* Sets the locale and parses a benchmark's options; FALSE (said on stderr,
 * with the program's name) when they cannot be read. */
gboolean
bench_parse_args (GOptionContext      *context,
                  const GOptionEntry  *entries,
                  int                 *argc,
                  char              ***argv)
{
  g_autoptr(GError) error = NULL;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return FALSE;
    }
  return TRUE;
}

gint64
bench_cpu_time (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (gint64) usage.ru_utime.tv_sec * G_USEC_PER_SEC + usage.ru_utime.tv_usec
         + (gint64) usage.ru_stime.tv_sec * G_USEC_PER_SEC + usage.ru_stime.tv_usec;
}

static glong
status_field_kib (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, field);
  if (line == NULL)
    return -1;
  return strtol (line + strlen (field), NULL, 10);
}

glong
bench_vm_rss_kib (void)
{
  return status_field_kib ("VmRSS:");
}

glong
bench_vm_hwm_kib (void)
{
  return status_field_kib ("VmHWM:");
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

double
bench_percentile (GArray *values,
                  double  percentile)
{
  double rank;
  guint lo;

  g_return_val_if_fail (values->len > 0, 0);

  g_array_sort (values, compare_doubles);
  rank = percentile / 100.0 * (values->len - 1);
  lo = (guint) rank;
  if (lo + 1 >= values->len)
    return g_array_index (values, double, values->len - 1);
  return g_array_index (values, double, lo)
         + (rank - lo) * (g_array_index (values, double, lo + 1) - g_array_index (values, double, lo));
}

double
bench_median (GArray *values)
{
  return bench_percentile (values, 50);
}

double
bench_min (GArray *values)
{
  return bench_percentile (values, 0);
}

double
bench_max (GArray *values)
{
  return bench_percentile (values, 100);
}

char *
bench_summary (GArray     *values,
               const char *format)
{
  g_autofree char *median = NULL, *min = NULL, *max = NULL;

  if (values->len == 0)
    return g_strdup ("–");

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  median = g_strdup_printf (format, bench_median (values));
  min = g_strdup_printf (format, bench_min (values));
  max = g_strdup_printf (format, bench_max (values));
#pragma GCC diagnostic pop
  return g_strdup_printf ("%s (%s–%s)", median, min, max);
}

char *
bench_run_child (const char * const *argv,
                 GError            **error)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                     &out, &err, &status, error))
    return NULL;
  if (!g_spawn_check_wait_status (status, error))
    {
      g_prefix_error (error, "%s: %s", argv[0], err ? err : "");
      return NULL;
    }
  if (err != NULL && *err != '\0')
    g_printerr ("%s", err);
  return g_steal_pointer (&out);
}

gboolean
bench_parse_value (const char *text,
                   const char *key,
                   double     *value)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  gsize key_len = strlen (key);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (strncmp (lines[i], key, key_len) == 0 && lines[i][key_len] == ' ')
        {
          *value = g_ascii_strtod (lines[i] + key_len + 1, NULL);
          return TRUE;
        }
    }
  return FALSE;
}

/* A real-shaped Chrome trace */

#define TRACE_THREADS 170

static const char * const slice_names[] = {
  "ThreadControllerImpl::RunTask", "ThreadPool_RunTask", "SequenceManager::DoWork",
  "v8.compile", "v8.run", "V8.GCScavenger", "V8.GC_MC_BACKGROUND_MARKING", "v8.callFunction",
  "Layout", "UpdateLayoutTree", "Paint", "PrePaint", "CompositeLayers", "HitTest",
  "ParseHTML", "EvaluateScript", "FunctionCall", "TimerFire", "XHRReadyStateChange",
  "ResourceLoader::DidReceiveResponse", "URLLoader::OnReceiveResponse", "BlobReader::ReadBytes",
  "SimpleEntryImpl::ReadData", "DiskCacheEntry::Read", "Scheduler::BeginFrame",
  "Graphics.Pipeline", "viz::Display::DrawAndSwap", "SkiaOutputSurfaceImpl::SwapBuffers",
  "GLRenderer::DrawFrame", "Mojo::Dispatch", "IPC::ChannelMojo::OnMessageReceived",
  "RenderFrameImpl::DidCommitNavigation", "NavigationRequest::BeginNavigation",
  "ProfileImpl::ctor", "ExtensionService::Init", "PrefService::CommitPendingWrite",
  "SQLiteDatabase::Execute", "LevelDB::Write", "NetworkService::CreateURLLoader",
  "HostResolverManager::Resolve", "SSLClientSocket::Connect", "HttpCache::Transaction::DoLoop",
};

static const char * const src_files[] = {
  "../../base/task/sequence_manager/thread_controller_impl.cc",
  "../../content/renderer/render_frame_impl.cc",
  "../../third_party/blink/renderer/core/frame/local_frame_view.cc",
  "../../v8/src/execution/execution.cc",
  "../../net/http/http_cache_transaction.cc",
  "../../components/viz/service/display/display.cc",
  "../../mojo/public/cpp/bindings/lib/connector.cc",
  "../../chrome/browser/profiles/profile_impl.cc",
};

static const char * const thread_kinds[] = {
  "CrBrowserMain", "CrRendererMain", "Compositor", "IOThread", "ThreadPoolForegroundWorker",
  "ThreadPoolBackgroundWorker", "VizCompositorThread", "Chrome_ChildIOThread",
  "ThreadPoolServiceThread", "CompositorTileWorker", "DedicatedWorker thread", "StackSamplingProfiler",
};

typedef struct
{
  guint   pid;
  guint   tid;
  gint64  ts;
  gboolean begin_end;   /* writes B/E, not X */
  guint    gap;         /* how much longer than the busiest its idle times are */
} TraceThread;

static void
append_slice (GString           *out,
              const TraceThread *t,
              char               ph,
              gint64             ts,
              gint64             dur,
              guint              name,
              guint              n)
{
  if (ph == 'X')
    g_string_append_printf (out, "{\"pid\":%u,\"tid\":%u,\"ts\":%" G_GINT64_FORMAT ",\"ph\":\"X\","
                            "\"cat\":\"toplevel\",\"name\":\"%s\",\"dur\":%" G_GINT64_FORMAT
                            ",\"tdur\":%" G_GINT64_FORMAT ",\"args\":{\"src_file\":\"%s\",\"src_func\":\"Run%u\"}},\n",
                            t->pid, t->tid, ts, slice_names[name], dur, dur * 9 / 10,
                            src_files[n % G_N_ELEMENTS (src_files)], n % 97);
  else if (ph == 'B')
    g_string_append_printf (out, "{\"pid\":%u,\"tid\":%u,\"ts\":%" G_GINT64_FORMAT ",\"ph\":\"B\","
                            "\"cat\":\"blink\",\"name\":\"%s\",\"args\":{\"data\":{\"frame\":\"0x%x\"}}},\n",
                            t->pid, t->tid, ts, slice_names[name], n & 0xffff);
  else
    g_string_append_printf (out, "{\"pid\":%u,\"tid\":%u,\"ts\":%" G_GINT64_FORMAT ",\"ph\":\"E\","
                            "\"cat\":\"blink\",\"name\":\"%s\",\"args\":{}},\n",
                            t->pid, t->tid, ts, slice_names[name]);
}

/* One task on @t: a top-level slice with 0–3 children, each with 0–1 of its
 * own; returns the events written. */
static guint
append_task (GString     *out,
             TraceThread *t,
             GRand       *rand,
             guint        n)
{
  guint n_children = g_rand_int_range (rand, 0, 4);
  gint64 start = t->ts;
  gint64 at = start + g_rand_int_range (rand, 1, 20);
  guint top = g_rand_int_range (rand, 0, 3);
  guint written = 1;

  if (t->begin_end)
    append_slice (out, t, 'B', start, 0, top, n);
  for (guint c = 0; c < n_children; c++)
    {
      gint64 len = g_rand_int_range (rand, 5, 400);
      guint name = g_rand_int_range (rand, 3, G_N_ELEMENTS (slice_names));

      if (t->begin_end)
        {
          append_slice (out, t, 'B', at, 0, name, n + c);
          append_slice (out, t, 'E', at + len, 0, name, n + c);
          written += 2;
        }
      else
        {
          if (g_rand_int_range (rand, 0, 2) == 0)
            {
              append_slice (out, t, 'X', at + 1, len / 2, g_rand_int_range (rand, 3, G_N_ELEMENTS (slice_names)), n);
              written++;
            }
          append_slice (out, t, 'X', at, len, name, n + c);
          written++;
        }
      at += len + g_rand_int_range (rand, 1, 30);
    }
  at += g_rand_int_range (rand, 1, 50);
  if (t->begin_end)
    append_slice (out, t, 'E', at, 0, top, n);
  else
    append_slice (out, t, 'X', start, at - start, top, n);
  t->ts = at + g_rand_int_range (rand, 20, 3000) * t->gap;
  return written;
}

guint64
bench_write_chrome_trace (const char  *path,
                          guint        n_events,
                          guint        n_processes,
                          GError     **error)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (14);
  g_autoptr(GString) out = g_string_sized_new (1 << 20);
  TraceThread threads[TRACE_THREADS];
  guint64 written = 0;
  guint flow_id = 1, open_flow = 0;
  FILE *f;

  n_processes = CLAMP (n_processes, 1, TRACE_THREADS);
  f = g_fopen (path, "w");
  if (f == NULL)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "%s: %s", path, g_strerror (errno));
      return 0;
    }

  g_string_append (out, "{\"traceEvents\":[\n");
  for (guint p = 0; p < n_processes; p++)
    {
      g_string_append_printf (out, "{\"pid\":%u,\"tid\":0,\"ts\":0,\"ph\":\"M\",\"cat\":\"__metadata\","
                              "\"name\":\"process_name\",\"args\":{\"name\":\"%s\"}},\n",
                              100 + p, p == 0 ? "Browser" : p == 1 ? "GPU Process" : "Renderer");
      g_string_append_printf (out, "{\"pid\":%u,\"tid\":0,\"ts\":0,\"ph\":\"M\",\"cat\":\"__metadata\","
                              "\"name\":\"process_sort_index\",\"args\":{\"sort_index\":%u}},\n", 100 + p, p);
    }
  for (guint i = 0; i < TRACE_THREADS; i++)
    {
      TraceThread *t = &threads[i];

      /* the first threads of each process are its busy ones */
      t->pid = 100 + i % n_processes;
      t->tid = 1000 + i;
      t->ts = 1000000 + g_rand_int_range (rand, 0, 5000);
      t->begin_end = i % 7 == 3;
      /* a quarter of the threads do most of the work */
      t->gap = i < TRACE_THREADS / 4 ? 1 : 4 + i % 13;
      g_string_append_printf (out, "{\"pid\":%u,\"tid\":%u,\"ts\":0,\"ph\":\"M\",\"cat\":\"__metadata\","
                              "\"name\":\"thread_name\",\"args\":{\"name\":\"%s\"}},\n",
                              t->pid, t->tid, thread_kinds[(i / n_processes) % G_N_ELEMENTS (thread_kinds)]);
      written += 1;
    }

  for (guint n = 0; written < n_events; n++)
    {
      TraceThread *t = &threads[0];

      /* the thread whose next task comes first: all of them over the same
       * seconds, the busy ones with shorter gaps */
      for (guint i = 1; i < TRACE_THREADS; i++)
        if (threads[i].ts < t->ts)
          t = &threads[i];
      guint kind = n % 20;

      if (out->len > (1 << 20) - 4096)
        {
          fwrite (out->str, 1, out->len, f);
          g_string_truncate (out, 0);
        }

      if (kind == 7)
        {
          g_string_append_printf (out, "{\"pid\":%u,\"tid\":%u,\"ts\":%" G_GINT64_FORMAT ",\"ph\":\"i\","
                                  "\"cat\":\"loading\",\"name\":\"MarkLoad\",\"s\":\"t\",\"args\":{}},\n",
                                  t->pid, t->tid, t->ts);
          t->ts += 5;
          written++;
        }
      else if (kind == 13)
        {
          g_string_append_printf (out, "{\"pid\":%u,\"tid\":0,\"ts\":%" G_GINT64_FORMAT ",\"ph\":\"C\","
                                  "\"cat\":\"memory\",\"name\":\"JSHeap\",\"args\":{\"used\":%u,\"total\":%u}},\n",
                                  t->pid, t->ts, g_rand_int_range (rand, 1 << 20, 1 << 24), 1 << 24);
          written++;
        }
      else if (kind == 17 && open_flow == 0)
        {
          /* a task posted from here, run on another thread */
          open_flow = flow_id++;
          g_string_append_printf (out, "{\"pid\":%u,\"tid\":%u,\"ts\":%" G_GINT64_FORMAT ",\"ph\":\"s\","
                                  "\"cat\":\"toplevel.flow\",\"name\":\"PostTask\",\"id\":\"0x%x\"},\n",
                                  t->pid, t->tid, t->ts + 1, open_flow);
          written++;
          written += append_task (out, t, rand, n);
        }
      else if (kind == 3 && open_flow != 0)
        {
          g_string_append_printf (out, "{\"pid\":%u,\"tid\":%u,\"ts\":%" G_GINT64_FORMAT ",\"ph\":\"f\","
                                  "\"bp\":\"e\",\"cat\":\"toplevel.flow\",\"name\":\"PostTask\",\"id\":\"0x%x\"},\n",
                                  t->pid, t->tid, t->ts + 1, open_flow);
          open_flow = 0;
          written++;
          written += append_task (out, t, rand, n);
        }
      else
        written += append_task (out, t, rand, n);

    }
  /* the last ",\n" becomes the end of the array */
  g_string_truncate (out, out->len - 2);
  g_string_append (out, "\n],\"displayTimeUnit\":\"ms\"}\n");
  fwrite (out->str, 1, out->len, f);
  if (fclose (f) != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "%s: %s", path, g_strerror (errno));
      return 0;
    }
  return written;
}
