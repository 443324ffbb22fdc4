/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "overlap-scenario.h"
#include "overlap-task.h"

G_BEGIN_DECLS

#define OVERLAP_TYPE_HTTP_TASK (overlap_http_task_get_type ())

G_DECLARE_FINAL_TYPE (OverlapHttpTask, overlap_http_task, OVERLAP, HTTP_TASK, OverlapTask)

SoupSession *overlap_http_task_new_session         (OverlapScenario *scenario);

/* The demo server's own times for a request (its X-Overlap-Received and
 * X-Overlap-Responded headers), in µs from the run's start: kept as the detail of
 * the request's waiting span, which they bound as the server saw it. */
char        *overlap_http_task_format_server_times (gint64           received,
                                                    gint64           responded);
gboolean     overlap_http_task_parse_server_times  (const char      *detail,
                                                    gint64          *received,
                                                    gint64          *responded);

G_END_DECLS
