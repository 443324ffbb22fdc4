/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-formats"

#include "config.h"

#include "overlap-import-report.h"

void
overlap_import_report_init (OverlapImportReport *report)
{
  g_return_if_fail (report != NULL);

  report->n_events = 0;
  report->n_skipped = 0;
  report->n_unknown = 0;
  report->format = 0;
  report->warnings = g_ptr_array_new_with_free_func (g_free);
}

void
overlap_import_report_clear (OverlapImportReport *report)
{
  g_return_if_fail (report != NULL);

  g_clear_pointer (&report->warnings, g_ptr_array_unref);
  report->n_events = 0;
  report->n_skipped = 0;
  report->n_unknown = 0;
}

/* Counts one skipped event and keeps its message while there is room. */
void
overlap_import_report_skip (OverlapImportReport *report,
                            gboolean             unknown,
                            const char          *format,
                            ...)
{
  va_list args;

  g_return_if_fail (report != NULL);

  report->n_skipped++;
  if (unknown)
    report->n_unknown++;

  if (report->warnings == NULL ||
      report->warnings->len >= OVERLAP_IMPORT_REPORT_MAX_WARNINGS)
    return;

  va_start (args, format);
  g_ptr_array_add (report->warnings, g_strdup_vprintf (format, args));
  va_end (args);
}
