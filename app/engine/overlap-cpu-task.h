/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "overlap-task.h"

G_BEGIN_DECLS

#define OVERLAP_TYPE_CPU_TASK (overlap_cpu_task_get_type ())

G_DECLARE_FINAL_TYPE (OverlapCpuTask, overlap_cpu_task, OVERLAP, CPU_TASK, OverlapTask)

G_END_DECLS
