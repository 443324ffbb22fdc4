/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-error"

#include "config.h"

#include "overlap-error.h"

G_DEFINE_QUARK (overlap-error-quark, overlap_error)
