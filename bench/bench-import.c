/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include "bench-util.h"
#include "overlap-import.h"

/* Opening a large Chrome trace (BENCHMARKS.md, "Import"): writes a trace of
 * N events (default 1,000,000: X spans nested two deep on 64 threads, plus
 * instants and counters — about 100 MB), opens it with overlap_import_path()
 * and reports the seconds and the peak RSS, then times Python's json.load()
 * of the same file in a child process for comparison. */

static char *
write_trace (const char *dir,
             guint       n_events)
{
  char *path = g_build_filename (dir, "bench-trace.json", NULL);
  FILE *f = fopen (path, "w");
  gint64 ts[64] = { 0 };

  g_assert (f != NULL);
  fputs ("{\"displayTimeUnit\":\"ms\",\"traceEvents\":[\n", f);
  for (guint i = 0; i < n_events; i++)
    {
      guint tid = i % 64;
      const char *sep = i + 1 < n_events ? ",\n" : "\n";

      if (i % 40 == 19)
        /* A flow: posted from this thread, run on the next one (a Chromium
         * trace's s/f pairs, "bp":"e" binding the arrival to its slice). */
        fprintf (f, "{\"ph\":\"s\",\"pid\":1,\"tid\":%u,\"ts\":%" G_GINT64_FORMAT ",\"name\":\"post\","
                 "\"cat\":\"flow\",\"id\":%u}%s", tid, ts[tid] - 5, i, sep);
      else if (i % 40 == 20)
        fprintf (f, "{\"ph\":\"f\",\"bp\":\"e\",\"pid\":1,\"tid\":%u,\"ts\":%" G_GINT64_FORMAT ",\"name\":\"post\","
                 "\"cat\":\"flow\",\"id\":%u}%s", tid, ts[tid] + 5, i - 1, sep);
      else if (i % 50 == 29)
        /* A sample (P), a tick on its thread, with its stack frame */
        fprintf (f, "{\"ph\":\"P\",\"pid\":1,\"tid\":%u,\"ts\":%" G_GINT64_FORMAT ",\"name\":\"sample\","
                 "\"sf\":%u,\"args\":{\"frames\":[\"main\",\"run\",\"step %u\"]}}%s", tid, ts[tid], i % 300, i % 100, sep);
      else if (i % 50 == 49)
        fprintf (f, "{\"ph\":\"C\",\"pid\":1,\"tid\":%u,\"ts\":%" G_GINT64_FORMAT ",\"name\":\"queue\","
                 "\"args\":{\"value\":%u}}%s", tid, ts[tid], i % 17, sep);
      else if (i % 10 == 9)
        fprintf (f, "{\"ph\":\"i\",\"pid\":1,\"tid\":%u,\"ts\":%" G_GINT64_FORMAT ".5,\"name\":\"tick\","
                 "\"s\":\"t\"}%s", tid, ts[tid], sep);
      else if (i % 3 == 0)
        {
          /* An outer span, the next two events nest inside it. */
          fprintf (f, "{\"ph\":\"X\",\"pid\":1,\"tid\":%u,\"ts\":%" G_GINT64_FORMAT ",\"dur\":240,"
                   "\"name\":\"task %u\",\"cat\":\"bench\",\"args\":{\"n\":%u}}%s",
                   tid, ts[tid], i % 1000, i, sep);
          ts[tid] += 10;
        }
      else
        {
          fprintf (f, "{\"ph\":\"X\",\"pid\":1,\"tid\":%u,\"ts\":%" G_GINT64_FORMAT ",\"dur\":100,"
                   "\"name\":\"step %u\",\"cat\":\"bench\",\"args\":{\"n\":%u}}%s",
                   tid, ts[tid], i % 100, i, sep);
          ts[tid] += 120;
        }
    }
  fputs ("]}\n", f);
  fclose (f);
  return path;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_auto(OverlapImportReport) report = { 0 };
  g_autoptr(OverlapRecording) recording = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *script = NULL;
  struct rusage usage;
  GStatBuf st;
  gint64 t0, t1, import_us;
  int n_events = 1000000;
  gboolean smoke = FALSE;
  gboolean no_python = FALSE;
  g_autofree char *file = NULL;
  guint n_spans = 0, n_lanes = 0, n_marks = 0, n_flows = 0;
  int status;
  const GOptionEntry entries[] = {
    { "events", 'n', 0, G_OPTION_ARG_INT, &n_events, "Events in the generated trace", "N" },
    { "smoke", 0, 0, G_OPTION_ARG_NONE, &smoke, "A tiny run (1000 events), for the tests", NULL },
    { "no-python", 0, 0, G_OPTION_ARG_NONE, &no_python, "Skip the json.load comparison", NULL },
    { "file", 'f', 0, G_OPTION_ARG_FILENAME, &file, "Open this trace (written there first if there is none), kept", "PATH" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (smoke)
    n_events = 1000;
  n_events = MAX (n_events, 1);

  if (file != NULL && g_file_test (file, G_FILE_TEST_EXISTS))
    path = g_strdup (file);
  else if (file != NULL)
    {
      g_autofree char *parent = g_path_get_dirname (file);
      g_autofree char *written = write_trace (parent, n_events);

      g_assert (g_rename (written, file) == 0);
      path = g_strdup (file);
    }
  else
    {
      dir = g_dir_make_tmp ("bench-import-XXXXXX", &error);
      g_assert_no_error (error);
      path = write_trace (dir, n_events);
    }
  g_assert (g_stat (path, &st) == 0);

  t0 = g_get_monotonic_time ();
  recording = overlap_import_path (path, &report, &error);
  t1 = g_get_monotonic_time ();
  import_us = t1 - t0;
  g_assert_no_error (error);

  for (guint r = 0; r < overlap_recording_get_n_runs (recording); r++)
    {
      guint lanes, spans, marks;

      overlap_run_get_lanes (overlap_recording_get_run (recording, r), &lanes);
      overlap_run_get_spans (overlap_recording_get_run (recording, r), &spans);
      overlap_run_get_marks (overlap_recording_get_run (recording, r), &marks);
      n_lanes += lanes;
      n_spans += spans;
      n_marks += marks;
    }
  overlap_recording_get_flows (recording, &n_flows);

  g_print ("trace: %u events, %.1f MB\n", report.n_events, st.st_size / 1e6);
  g_print ("overlap_import_path: %.2f s (%.0f MB/s), peak RSS %.1f MB (%.2fx the file), "
           "%u lanes, %u spans, %u marks, %u flows, %u skipped\n",
           (t1 - t0) / 1e6, st.st_size / (double) MAX (t1 - t0, 1), bench_vm_hwm_kib () / 1024.0,
           bench_vm_hwm_kib () * 1024.0 / MAX (st.st_size, 1), n_lanes, n_spans, n_marks, n_flows,
           report.n_skipped);
  if (report.n_skipped != 0 || n_spans == 0)
    return 1;

  if (!no_python && g_file_test (BENCH_PYTHON, G_FILE_TEST_IS_EXECUTABLE))
    {
      GPid pid;

      script = g_strdup ("import json, sys; json.load(open(sys.argv[1]))");
      {
        const char *full_argv[] = { BENCH_PYTHON, "-c", script, path, NULL };

        t0 = g_get_monotonic_time ();
        if (!g_spawn_async (NULL, (char **) full_argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid, &error))
          {
            g_printerr ("%s\n", error->message);
            return 1;
          }
        waitpid (pid, &status, 0);
        t1 = g_get_monotonic_time ();
      }
      getrusage (RUSAGE_CHILDREN, &usage);
      g_print ("python3 json.load:   %.2f s (%.0f MB/s; %.2fx Overlap's time), peak RSS %.1f MB (%.2fx the file)%s\n",
               (t1 - t0) / 1e6, st.st_size / (double) MAX (t1 - t0, 1),
               (t1 - t0) / (double) MAX (import_us, 1), usage.ru_maxrss / 1024.0,
               usage.ru_maxrss * 1024.0 / MAX (st.st_size, 1),
               WIFEXITED (status) && WEXITSTATUS (status) == 0 ? "" : " (failed)");
    }

  if (dir != NULL)
    {
      g_remove (path);
      g_rmdir (dir);
    }
  return 0;
}
