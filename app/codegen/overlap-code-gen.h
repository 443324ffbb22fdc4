/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "overlap-scenario.h"

G_BEGIN_DECLS

typedef enum
{
  OVERLAP_CODE_PYTHON,  /* asyncio (overlap-code-gen-python.c) */
  OVERLAP_CODE_C,       /* GLib C (overlap-code-gen-c.c) */
} OverlapCodeLanguage;

/* The program in @language equivalent to @scenario run under @strategy; and,
 * if @task_lines is not NULL, in it (a new GArray of guint, one per task of
 * the scenario, in its order) the line of the program, 1-based, that starts
 * each task: its call in the gather, its await in the sequential loop, its job
 * in C's jobs[]. Tasks written as one loop share the loop's line. */
char *overlap_code_for (OverlapCodeLanguage     language,
                        OverlapScenario        *scenario,
                        const OverlapStrategy  *strategy,
                        GArray                **task_lines);

G_END_DECLS
