/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void overlap_cli_add_options     (GApplication *application);
int  overlap_cli_handle_options  (GApplication *application,
                                  GVariantDict *options);
gboolean overlap_cli_wants_headless (GVariantDict *options);

G_END_DECLS
