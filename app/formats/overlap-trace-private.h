/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "overlap-format-private.h"
#include "overlap-import-report.h"
#include "overlap-json-scanner-private.h"
#include "overlap-trace.h"

G_BEGIN_DECLS

/* The readers behind overlap_import_*(): each reads text in memory (a mapped
 * file or bytes) into a new recording, counts what it skips in @report, and
 * fails only when the data is not of its format at all. */

OverlapRecording *_overlap_trace_read      (const char           *data,
                                            gsize                 size,
                                            const char           *display_name,
                                            OverlapImportReport  *report,
                                            GCancellable         *cancellable,
                                            GError              **error);
OverlapRecording *_overlap_ninja_log_read  (const char           *data,
                                            gsize                 size,
                                            const char           *display_name,
                                            OverlapImportReport  *report,
                                            GError              **error);
OverlapRecording *_overlap_meson_log_read  (const char           *data,
                                            gsize                 size,
                                            const char           *display_name,
                                            OverlapImportReport  *report,
                                            GError              **error);

/* A reader, as above */
typedef OverlapRecording *(*OverlapReadFunc) (const char           *data,
                                              gsize                 size,
                                              const char           *display_name,
                                              OverlapImportReport  *report,
                                              GCancellable         *cancellable,
                                              GError              **error);

/* Opening a file or bytes with a reader (overlap-import.c) */
OverlapRecording *_overlap_import_bytes_with (GBytes              *bytes,
                                              const char          *display_name,
                                              OverlapReadFunc      reader,
                                              OverlapImportReport *report,
                                              GError             **error);
OverlapRecording *_overlap_import_path_with  (const char          *path,
                                              OverlapReadFunc      reader,
                                              OverlapImportReport *report,
                                              GCancellable        *cancellable,
                                              GError             **error);

/* "name: line 3, column 5: what" */
void              _overlap_import_set_error (GError             **error,
                                             const char          *display_name,
                                             const char          *data,
                                             gsize                pos,
                                             const char          *what);

/* Packs intervals onto as few lanes as can hold them: in order of start,
 * each takes the free lane that was busy latest (so that a worker's jobs
 * stay on one lane), or a new one. Sets each item's lane; returns how many. */
typedef struct
{
  gint64 start;
  gint64 end;
  guint  index;             /* the caller's */
  guint  lane;              /* out */
} OverlapPackItem;

guint             _overlap_pack_lanes       (GArray              *items);
/* The lane of @busy (gint64s: until when each is busy) that is free at @start
 * and was busy latest, or G_MAXUINT when none is free */
guint             _overlap_free_lane        (GArray              *busy,
                                             gint64               start);

/* A job of a log that does not say which worker ran it (overlap-worker-run.c):
 * a span from @start to @end (µs from the run's start) and the mark of its
 * @result at its end. */
typedef struct
{
  gint64          start;
  gint64          end;
  char           *label;
  char           *detail;
  OverlapResult   result;
  OverlapSpanKind kind;
} OverlapWorkerJob;

void              _overlap_worker_job_clear (gpointer             data);
OverlapRun       *_overlap_worker_run_new   (const char          *title,
                                             const char          *strategy,
                                             const char          *kind,
                                             GArray              *jobs);

/* overlap-trace-source.c: the file kept for the tooltips of the runs read from it */
void _overlap_trace_sources_adopt (OverlapRecording *recording,
                                   GBytes           *file);

/* overlap-import.c: whether @data is the read-only mapping of the file being read */
gboolean _overlap_import_is_mapped (const char *data,
                                    gsize       size);

G_END_DECLS
