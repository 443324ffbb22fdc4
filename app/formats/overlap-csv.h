/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "overlap-recording.h"

G_BEGIN_DECLS

/* CSV (RFC 4180: CRLF line ends, a header row, fields quoted when they hold a
 * comma, a quote or a line break, quotes doubled). Times are milliseconds
 * from the run's start with three decimals, written the same in every
 * locale; a time that is not known (a task that never started) is empty. */

typedef enum
{
  OVERLAP_CSV_TASKS,  /* one row per task: run, strategy, task, kind, detail, result,
                       * message, start_ms, end_ms, duration_ms, queued_ms, bytes, completion */
  OVERLAP_CSV_SPANS,  /* one row per span: run, strategy, task, phase, label,
                       * start_ms, end_ms, duration_ms */
} OverlapCsvMode;

gboolean overlap_csv_export         (OverlapRecording  *recording,
                                     GOutputStream     *stream,
                                     GCancellable      *cancellable,
                                     GError           **error);
gboolean overlap_csv_export_spans   (OverlapRecording  *recording,
                                     GOutputStream     *stream,
                                     GCancellable      *cancellable,
                                     GError           **error);
gboolean overlap_csv_export_to_path (OverlapRecording  *recording,
                                     OverlapCsvMode     mode,
                                     const char        *path,
                                     GError           **error);

G_END_DECLS
