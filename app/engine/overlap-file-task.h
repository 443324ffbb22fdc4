/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "overlap-task.h"

G_BEGIN_DECLS

#define OVERLAP_TYPE_FILE_TASK (overlap_file_task_get_type ())

G_DECLARE_FINAL_TYPE (OverlapFileTask, overlap_file_task, OVERLAP, FILE_TASK, OverlapTask)

G_END_DECLS
