/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "overlap-recording.h"

G_BEGIN_DECLS

/* Chrome Trace Event Format (the JSON object form), as read by
 * chrome://tracing, Perfetto and speedscope.
 *
 * Export: each run is a process (pid = run index + 1), each lane a thread
 * (tid = lane index + 1). Spans are complete ("X") events, marks instant ("i")
 * events, counter samples "C" events, all with ts in µs from the recording's
 * start. Metadata ("M") events name processes and threads and keep what a
 * re-import needs: "overlap_run", "overlap_lane" and "overlap_counter".
 *
 * Import: Overlap's own traces come back field for field; other Chrome traces
 * are read minimally (X, B/E, i/I, C and the M names). */

#define OVERLAP_TRACE_FORMAT_VERSION 1

gboolean          overlap_trace_export            (OverlapRecording     *recording,
                                                   GOutputStream        *stream,
                                                   GCancellable         *cancellable,
                                                   GError              **error);
gboolean          overlap_trace_export_to_path    (OverlapRecording     *recording,
                                                   const char           *path,
                                                   GError              **error);

/* What was skipped is told by overlap_import_path() and overlap_import_bytes(),
 * which read traces too. */
OverlapRecording *overlap_trace_import_path       (const char           *path,
                                                   GError              **error);
OverlapRecording *overlap_trace_import_bytes      (GBytes               *bytes,
                                                   const char           *display_name,
                                                   GError              **error);

G_END_DECLS
