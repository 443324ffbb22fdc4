/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "overlap-task.h"

G_BEGIN_DECLS

#define OVERLAP_TYPE_HTTP_TASK (overlap_http_task_get_type ())

G_DECLARE_FINAL_TYPE (OverlapHttpTask, overlap_http_task, OVERLAP, HTTP_TASK, OverlapTask)

G_END_DECLS
