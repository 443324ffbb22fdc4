/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define OVERLAP_UNITS_ERROR (overlap_units_error_quark ())

typedef enum
{
  OVERLAP_UNITS_ERROR_INVALID,      /* not a number, or not a unit of the kind asked for */
  OVERLAP_UNITS_ERROR_NEGATIVE,     /* a duration or a size below 0 */
  OVERLAP_UNITS_ERROR_TOO_LARGE,    /* more than 64 bits hold */
} OverlapUnitsError;

/* What a duration written without a unit counts, in µs: seconds in a scenario and a
 * strategy, milliseconds in a demo-server query. */
#define OVERLAP_UNITS_SECONDS      G_USEC_PER_SEC
#define OVERLAP_UNITS_MILLISECONDS G_GINT64_CONSTANT (1000)

GQuark   overlap_units_error_quark (void);

gboolean overlap_parse_duration    (const char  *name,
                                    const char  *text,
                                    gint64       bare_unit,
                                    gint64      *usec,
                                    GError     **error);
gboolean overlap_parse_size        (const char  *name,
                                    const char  *text,
                                    guint64     *bytes,
                                    GError     **error);
gboolean overlap_parse_rate        (const char  *name,
                                    const char  *text,
                                    guint64     *bytes_per_second,
                                    GError     **error);

G_END_DECLS
