/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "overlap-run.h"

G_BEGIN_DECLS

#define OVERLAP_TYPE_LOOP_PROBE (overlap_loop_probe_get_type ())

G_DECLARE_FINAL_TYPE (OverlapLoopProbe, overlap_loop_probe, OVERLAP, LOOP_PROBE, GObject)

OverlapLoopProbe *overlap_loop_probe_new          (OverlapRun       *run);
void              overlap_loop_probe_start        (OverlapLoopProbe *self);
void              overlap_loop_probe_stop         (OverlapLoopProbe *self);
gint64            overlap_loop_probe_get_longest  (OverlapLoopProbe *self);

G_END_DECLS
