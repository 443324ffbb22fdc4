/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What an importer could not use. Unusable events are skipped, never fatal:
 * the report counts them and keeps the first messages for the user. */

#define OVERLAP_IMPORT_REPORT_MAX_WARNINGS 100

typedef struct
{
  guint      n_events;      /* events read */
  guint      n_skipped;     /* events skipped: malformed or unsupported */
  guint      n_unknown;     /* of those, events of a kind Overlap does not know */
  GPtrArray *warnings;      /* char *, "trace.json: event 17: 'ts' is not a number" */
  int        format;        /* the OverlapImportFormat the file was read as */
} OverlapImportReport;

void overlap_import_report_init  (OverlapImportReport *report);
void overlap_import_report_clear (OverlapImportReport *report);
void overlap_import_report_skip  (OverlapImportReport *report,
                                  gboolean             unknown,
                                  const char          *format,
                                  ...) G_GNUC_PRINTF (3, 4);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (OverlapImportReport, overlap_import_report_clear)

G_END_DECLS
