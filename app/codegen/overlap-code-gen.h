/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "overlap-scenario.h"

G_BEGIN_DECLS

/* The program equivalent to @scenario run under @strategy: Python asyncio
 * (overlap-code-gen-python.c) and GLib C (overlap-code-gen-c.c). */
char *overlap_code_python_for (OverlapScenario       *scenario,
                               const OverlapStrategy *strategy);
char *overlap_code_c_for      (OverlapScenario       *scenario,
                               const OverlapStrategy *strategy);

/* The same, and in @task_lines (a new GArray of guint, one per task of the
 * scenario, in its order) the line of the program, 1-based, that starts each
 * task: its call in the gather, its await in the sequential loop, its job in
 * C's jobs[]. Tasks written as one loop share the loop's line. */
char *overlap_code_python_with_lines (OverlapScenario       *scenario,
                                      const OverlapStrategy *strategy,
                                      GArray               **task_lines);
char *overlap_code_c_with_lines      (OverlapScenario       *scenario,
                                      const OverlapStrategy *strategy,
                                      GArray               **task_lines);

G_END_DECLS
