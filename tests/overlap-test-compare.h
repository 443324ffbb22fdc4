/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "overlap-run.h"

G_BEGIN_DECLS

void overlap_test_assert_runs_equal (OverlapRun *a,
                                     OverlapRun *b);

G_END_DECLS
