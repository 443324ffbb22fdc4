/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "overlap-task.h"

G_BEGIN_DECLS

#define OVERLAP_TYPE_TIMER_TASK (overlap_timer_task_get_type ())

G_DECLARE_FINAL_TYPE (OverlapTimerTask, overlap_timer_task, OVERLAP, TIMER_TASK, OverlapTask)

G_END_DECLS
