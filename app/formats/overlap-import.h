/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "overlap-import-report.h"
#include "overlap-recording.h"

G_BEGIN_DECLS

/* Opening timelines recorded elsewhere, or by Overlap itself. The format is
 * told by the content, never by the file's name:
 *
 * - Chrome Trace Event Format JSON: the object form with "traceEvents", or
 *   the array form (also unterminated, as tracers stream it); Overlap's own
 *   recordings are such traces and come back exactly as saved;
 * - ninja's .ninja_log, versions 5 to 7: one run per build;
 * - meson's testlog.json: one JSON object per test and line. */

typedef enum
{
  OVERLAP_IMPORT_UNKNOWN,
  OVERLAP_IMPORT_CHROME_TRACE,
  OVERLAP_IMPORT_NINJA_LOG,
  OVERLAP_IMPORT_MESON_TESTLOG,
} OverlapImportFormat;

OverlapImportFormat  overlap_import_detect            (const void           *data,
                                                       gsize                 size);
const char          *overlap_import_format_to_string  (OverlapImportFormat   format);
gboolean             overlap_import_path_is_recording (const char           *path);

OverlapRecording    *overlap_import_path              (const char           *path,
                                                       OverlapImportReport  *report,
                                                       GError              **error);
OverlapRecording    *overlap_import_bytes             (GBytes               *bytes,
                                                       const char           *display_name,
                                                       OverlapImportReport  *report,
                                                       GError              **error);

/* For windows: reads @file in a worker thread. */
void                 overlap_import_file_async        (GFile                *file,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
OverlapRecording    *overlap_import_file_finish       (GAsyncResult         *result,
                                                       OverlapImportReport  *report,
                                                       GError              **error);

char                *overlap_import_describe_span_event (OverlapRun *run,
                                                         guint       span);

G_END_DECLS
