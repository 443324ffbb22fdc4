/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "overlap-recording.h"
#include "overlap-run.h"

G_BEGIN_DECLS

/* A run and what it holds, in the words of where it came from: a strategy
 * runs tasks, a build runs jobs, a test log holds tests, a trace's process
 * has threads. */

typedef enum
{
  OVERLAP_RUN_OF_TASKS,     /* Overlap's own, or a program's through the live feed */
  OVERLAP_RUN_OF_THREADS,   /* a process of a trace */
  OVERLAP_RUN_OF_JOBS,      /* a ninja build */
  OVERLAP_RUN_OF_TESTS,     /* a meson test log */
} OverlapRunContents;

OverlapRunContents  overlap_run_get_contents      (OverlapRun       *run);
const char         *overlap_run_get_display_name  (OverlapRun       *run);
guint               overlap_run_count_contents    (OverlapRun       *run);
char               *overlap_run_describe_contents (OverlapRun       *run);
char               *overlap_recording_describe    (OverlapRecording *recording);

G_END_DECLS
