/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-file-chooser"

#include "config.h"

#include <glib/gi18n.h>

#include "overlap-file-chooser.h"

/* Choosing a file to open or save, through the portal where there is one:
 * GtkFileDialog where GTK has it (4.10), GtkFileChooserNative on GTK 4.8.
 * Completes with the file, or G_IO_ERROR_CANCELLED when the person cancels. */

#if GTK_CHECK_VERSION (4, 10, 0)
static void
dialog_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GFile *file;

  if (GPOINTER_TO_INT (g_task_get_task_data (task)))
    file = gtk_file_dialog_save_finish (GTK_FILE_DIALOG (object), result, &error);
  else
    file = gtk_file_dialog_open_finish (GTK_FILE_DIALOG (object), result, &error);

  if (file == NULL)
    {
      if (error == NULL || g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED))
        {
          g_clear_error (&error);
          error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("No file was chosen"));
        }
      g_task_return_error (task, error);
    }
  else
    g_task_return_pointer (task, file, g_object_unref);
}
#else
static void
native_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    gpointer         user_data)
{
  g_autoptr(GTask) task = user_data;
  GFile *file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

  if (file == NULL)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("No file was chosen"));
  else
    g_task_return_pointer (task, file, g_object_unref);

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}
#endif

/* Asks for the file @choice describes, in a dialog modal to @parent; the
 * choice need not outlive the call. */
void
overlap_choose_file_async (GtkWindow               *parent,
                           const OverlapFileChoice *choice,
                           GCancellable            *cancellable,
                           GAsyncReadyCallback      callback,
                           gpointer                 user_data)
{
  const char *title;
  GtkFileFilter *filter;
  gboolean saving;
  GTask *task;

  g_return_if_fail (GTK_IS_WINDOW (parent));
  g_return_if_fail (choice != NULL);
  g_return_if_fail (!choice->filter || GTK_IS_FILE_FILTER (choice->filter));

  title = choice->title;
  filter = choice->filter;
  saving = choice->save;
  task = g_task_new (parent, cancellable, callback, user_data);
  g_task_set_source_tag (task, overlap_choose_file_async);
  g_task_set_task_data (task, GINT_TO_POINTER (saving), NULL);

#if GTK_CHECK_VERSION (4, 10, 0)
  {
    g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();

    gtk_file_dialog_set_title (dialog, title);
    gtk_file_dialog_set_modal (dialog, TRUE);
    if (filter != NULL)
      {
        g_autoptr(GListStore) filters = g_list_store_new (GTK_TYPE_FILE_FILTER);

        g_list_store_append (filters, filter);
        gtk_file_dialog_set_filters (dialog, G_LIST_MODEL (filters));
      }
    if (saving)
      {
        gtk_file_dialog_set_initial_name (dialog, choice->suggested_name);
        gtk_file_dialog_save (dialog, parent, cancellable, dialog_done_cb, task);
      }
    else
      gtk_file_dialog_open (dialog, parent, cancellable, dialog_done_cb, task);
  }
#else
  {
    GtkFileChooserNative *dialog;

    dialog = gtk_file_chooser_native_new (title, parent,
                                          saving ? GTK_FILE_CHOOSER_ACTION_SAVE : GTK_FILE_CHOOSER_ACTION_OPEN,
                                          saving ? _("_Save") : _("_Open"), _("_Cancel"));
    gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
    if (filter != NULL)
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
    if (saving && choice->suggested_name != NULL)
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), choice->suggested_name);
    g_signal_connect (dialog, "response", G_CALLBACK (native_response_cb), task);
    gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
  }
#endif
}

GFile *
overlap_choose_file_finish (GtkWindow     *parent,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, parent), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
