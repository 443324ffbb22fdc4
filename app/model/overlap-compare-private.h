/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* -1, 0 or 1 as @a is below, equal to or above @b: the steps of a sort's
 * comparison function, chained with GNU C's ?: as in "by start, then by end":
 *
 *   return _OVERLAP_CMP (x->start, y->start) ?: _OVERLAP_CMP (x->end, y->end);
 */
#define _OVERLAP_CMP(a, b) ((a) < (b) ? -1 : (a) > (b))

G_END_DECLS
