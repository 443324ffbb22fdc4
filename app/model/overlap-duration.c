/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-duration"

#include "config.h"

#include <glib/gi18n.h>

#include "overlap-duration.h"

/* Durations for people, the same everywhere (chart, table, tooltips, command
 * line): "3.00 s", "12.5 s", "512 ms", "1.5 ms", "80 µs"; "—" when unknown.
 * Numbers follow the locale (LC_NUMERIC); exports use their own formats. */
void
overlap_format_duration_buf (char   *buffer,
                             gsize   size,
                             gint64  usec)
{
  double d = usec;

  if (usec < 0)
    g_strlcpy (buffer, "—", size);
  else if (d >= 100 * G_USEC_PER_SEC)
    g_snprintf (buffer, size, _("%.0f s"), d / G_USEC_PER_SEC);
  else if (d >= 10 * G_USEC_PER_SEC)
    g_snprintf (buffer, size, _("%.1f s"), d / G_USEC_PER_SEC);
  else if (d >= 999500)   /* not "1000 ms" */
    g_snprintf (buffer, size, _("%.2f s"), d / G_USEC_PER_SEC);
  else if (d >= 9995)
    g_snprintf (buffer, size, _("%.0f ms"), d / 1000);
  else if (d >= 1000)
    g_snprintf (buffer, size, _("%.1f ms"), d / 1000);
  else
    g_snprintf (buffer, size, _("%.0f µs"), d);
}

char *
overlap_format_duration (gint64 usec)
{
  char buffer[64];

  overlap_format_duration_buf (buffer, sizeof buffer, usec);
  return g_strdup (buffer);
}
