/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define OVERLAP_ERROR (overlap_error_quark ())

typedef enum
{
  OVERLAP_ERROR_FAILED,             /* a task failed; the message says why */
  OVERLAP_ERROR_SCENARIO,           /* a scenario file is invalid: file, place and problem */
  OVERLAP_ERROR_STRATEGY,           /* an unknown or malformed strategy */
  OVERLAP_ERROR_HTTP_STATUS,        /* the server answered with an error status */
  OVERLAP_ERROR_TIMED_OUT,          /* a deadline passed */
  OVERLAP_ERROR_LIMIT,              /* a value is above what Overlap allows */
  OVERLAP_ERROR_FORMAT,             /* an unreadable or unwritable file format */
} OverlapError;

GQuark overlap_error_quark (void);

G_END_DECLS
