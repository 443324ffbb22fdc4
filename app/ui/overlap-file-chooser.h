/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* What the person is asked for: a file to read, or a name to save under */
typedef struct
{
  const char    *title;
  gboolean       save;            /* a file to write, not one to read */
  const char    *suggested_name;  /* saving: the name proposed, or NULL */
  GtkFileFilter *filter;          /* the files shown, or NULL for all */
} OverlapFileChoice;

void   overlap_choose_file_async  (GtkWindow               *parent,
                                   const OverlapFileChoice *choice,
                                   GCancellable            *cancellable,
                                   GAsyncReadyCallback      callback,
                                   gpointer                 user_data);
GFile *overlap_choose_file_finish (GtkWindow               *parent,
                                   GAsyncResult            *result,
                                   GError                 **error);

G_END_DECLS
