/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "overlap-task.h"

G_BEGIN_DECLS

#define OVERLAP_TYPE_SPAWN_TASK (overlap_spawn_task_get_type ())

G_DECLARE_FINAL_TYPE (OverlapSpawnTask, overlap_spawn_task, OVERLAP, SPAWN_TASK, OverlapTask)

G_END_DECLS
