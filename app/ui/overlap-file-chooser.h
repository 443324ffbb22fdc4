/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void   overlap_choose_file_async  (GtkWindow           *parent,
                                   gboolean             saving,
                                   const char          *title,
                                   const char          *suggested_name,
                                   GtkFileFilter       *filter,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
GFile *overlap_choose_file_finish (GtkWindow           *parent,
                                   GAsyncResult        *result,
                                   GError             **error);

G_END_DECLS
