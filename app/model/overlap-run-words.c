/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-run"

#include "config.h"

#include <glib/gi18n.h>

#include "overlap-duration.h"
#include "overlap-run-words.h"

/* What a run holds, told by what made it: the importers name their runs'
 * strategy after the tool ("ninja", "meson test"), a trace's processes have
 * none (unless Overlap wrote the trace: then they are strategies again). */
OverlapRunContents
overlap_run_get_contents (OverlapRun *run)
{
  const char *strategy;

  g_return_val_if_fail (OVERLAP_IS_RUN (run), OVERLAP_RUN_OF_TASKS);

  strategy = overlap_run_get_strategy (run);
  if (strategy == NULL || *strategy == '\0')
    return OVERLAP_RUN_OF_THREADS;
  if (g_str_equal (strategy, "ninja"))
    return OVERLAP_RUN_OF_JOBS;
  if (g_str_equal (strategy, "meson test"))
    return OVERLAP_RUN_OF_TESTS;
  return OVERLAP_RUN_OF_TASKS;
}

/* The run's name in a header or a summary: its strategy, or (a trace's
 * process) its title */
const char *
overlap_run_get_display_name (OverlapRun *run)
{
  const char *strategy, *title;

  g_return_val_if_fail (OVERLAP_IS_RUN (run), "");

  strategy = overlap_run_get_strategy (run);
  if (strategy != NULL && *strategy != '\0')
    return strategy;
  title = overlap_run_get_title (run);
  return title != NULL && *title != '\0' ? title : _("run");
}

/* Jobs and tests are the spans of their worker lanes; a process's threads
 * are its lanes but the nested levels and the async tracks; tasks are lanes */
guint
overlap_run_count_contents (OverlapRun *run)
{
  const OverlapLane *lanes;
  guint n_lanes, n_spans, n = 0;

  g_return_val_if_fail (OVERLAP_IS_RUN (run), 0);

  lanes = overlap_run_get_lanes (run, &n_lanes);
  switch (overlap_run_get_contents (run))
    {
    case OVERLAP_RUN_OF_JOBS:
    case OVERLAP_RUN_OF_TESTS:
      overlap_run_get_spans (run, &n_spans);
      return n_spans;
    case OVERLAP_RUN_OF_THREADS:
      for (guint i = 0; i < n_lanes; i++)
        if ((lanes[i].flags & OVERLAP_LANE_NESTED) == 0 &&
            g_strcmp0 (overlap_run_string (run, lanes[i].kind), "async") != 0)
          n++;
      return n;
    case OVERLAP_RUN_OF_TASKS:
    default:
      return n_lanes;
    }
}

/* @n of @contents: "3 tasks", "1,505 jobs", "367 tests", "6 threads" */
static char *
describe_count (OverlapRunContents contents,
                guint              n)
{
  switch (contents)
    {
    case OVERLAP_RUN_OF_JOBS:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u job", "%'u jobs", n), n);
    case OVERLAP_RUN_OF_TESTS:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u test", "%'u tests", n), n);
    case OVERLAP_RUN_OF_THREADS:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u thread", "%'u threads", n), n);
    case OVERLAP_RUN_OF_TASKS:
    default:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u task", "%'u tasks", n), n);
    }
}

/* "3 tasks"; a test log's skipped tests said after: "367 tests · 4 skipped" */
char *
overlap_run_describe_contents (OverlapRun *run)
{
  OverlapRunContents contents;
  g_autofree char *count = NULL;
  guint n_marks, n_skipped = 0;
  const OverlapMark *marks;

  g_return_val_if_fail (OVERLAP_IS_RUN (run), NULL);

  contents = overlap_run_get_contents (run);
  count = describe_count (contents, overlap_run_count_contents (run));
  if (contents != OVERLAP_RUN_OF_TESTS)
    return g_steal_pointer (&count);

  marks = overlap_run_get_marks (run, &n_marks);
  for (guint i = 0; i < n_marks; i++)
    n_skipped += marks[i].kind == OVERLAP_MARK_SKIP;
  if (n_skipped == 0)
    return g_steal_pointer (&count);
  /* TRANSLATORS: "367 tests · 4 skipped" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %'u skipped", "%s · %'u skipped", n_skipped),
                          count, n_skipped);
}

/* An opened timeline in a line: "2 processes · 12 threads · 15.3 s" */
char *
overlap_recording_describe (OverlapRecording *recording)
{
  GString *text = g_string_new (NULL);
  guint n_runs, counts[OVERLAP_RUN_OF_TESTS + 1] = { 0 }, n_processes = 0;
  g_autofree char *duration = NULL;

  g_return_val_if_fail (OVERLAP_IS_RECORDING (recording), NULL);

  n_runs = overlap_recording_get_n_runs (recording);
  for (guint i = 0; i < n_runs; i++)
    {
      OverlapRun *run = overlap_recording_get_run (recording, i);
      OverlapRunContents contents = overlap_run_get_contents (run);

      counts[contents] += overlap_run_count_contents (run);
      if (contents == OVERLAP_RUN_OF_THREADS)
        n_processes++;
    }

  if (n_processes > 0)
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%'u process", "%'u processes", n_processes),
                            n_processes);
  for (guint c = 0; c <= OVERLAP_RUN_OF_TESTS; c++)
    {
      g_autofree char *part = NULL;

      if (counts[c] == 0)
        continue;
      part = describe_count ((OverlapRunContents) c, counts[c]);
      if (text->len > 0)
        g_string_append (text, " · ");
      g_string_append (text, part);
    }

  duration = overlap_format_duration (overlap_recording_get_duration (recording, g_get_monotonic_time ()));
  if (text->len > 0)
    g_string_append (text, " · ");
  g_string_append (text, duration);
  return g_string_free (text, FALSE);
}
