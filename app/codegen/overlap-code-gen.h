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

G_END_DECLS
