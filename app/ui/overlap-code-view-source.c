/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-code-view"

#include "config.h"

#include <glib/gi18n.h>

#include "overlap-code-view-private.h"

/* A watched program's source: the "Program" page opens, read-only, the file
 * where the source run's tasks say they were created, or says why it cannot
 * (unreadable, larger than SOURCE_LIMIT, not UTF-8); its lines are the tasks
 * created in that file. */

#define SOURCE_LIMIT (4 * 1024 * 1024)   /* bytes of a watched program's file shown */

/* The source pane's lines: the tasks of the source run created in the file shown */
void
_overlap_code_view_update_source_lines (OverlapCodeView *self)
{
  _OverlapCodePane *pane = &self->panes[_OVERLAP_CODE_PANE_SOURCE];
  guint n_lanes = 0;

  if (self->source_run == NULL || self->source_path == NULL)
    {
      g_array_set_size (pane->task_lines, 0);
      return;
    }
  overlap_run_get_lanes (self->source_run, &n_lanes);
  g_array_set_size (pane->task_lines, n_lanes);
  for (guint i = 0; i < n_lanes; i++)
    {
      guint line = 0;
      const char *file = overlap_run_get_task_source (self->source_run, i, &line);

      g_array_index (pane->task_lines, guint, i) = g_strcmp0 (file, self->source_path) == 0 ? line : 0;
    }
}

static void
show_source_message (OverlapCodeView *self,
                     const char      *message)
{
  gtk_label_set_label (self->source_message, message);
  gtk_widget_set_visible (GTK_WIDGET (self->source_message), message != NULL);
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->source_view)), message == NULL);
}

typedef struct
{
  OverlapCodeView *self;
  GFile           *file;
  guint            line;
} SourceLoad;

static void
source_load_free (SourceLoad *load)
{
  g_object_unref (load->self);
  g_object_unref (load->file);
  g_free (load);
}

/* Reading stops once the file is known to be too large to show */
static gboolean
source_read_more_cb (const char *contents,
                     goffset     size,
                     gpointer    data)
{
  return size <= SOURCE_LIMIT;
}

static void
source_loaded (OverlapCodeView *self,
               GFile           *file,
               const char      *text,
               gsize            len,
               guint            line)
{
  _OverlapCodePane *pane = &self->panes[_OVERLAP_CODE_PANE_SOURCE];
  g_autofree char *basename = g_file_get_basename (file);
  GtkSourceLanguage *language;

  _overlap_code_view_set_text (pane, NULL, NULL);
  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (pane->buffer), text, len);
  language = gtk_source_language_manager_guess_language (gtk_source_language_manager_get_default (),
                                                         basename, NULL);
  /* a .py is taken for Python 2: the probe watches Python 3 */
  if (language != NULL && g_str_equal (gtk_source_language_get_id (language), "python"))
    language = gtk_source_language_manager_get_language (gtk_source_language_manager_get_default (), "python3");
  gtk_source_buffer_set_language (pane->buffer, language);
  show_source_message (self, NULL);
  _overlap_code_view_update_source_lines (self);
  _overlap_code_view_mark_pane (pane, self->source_run);
  if (line > 0)
    {
      _overlap_code_view_scroll_to_line (pane, line, TRUE, 0.3);
    }
  _overlap_code_view_repoint_pane (self, pane);
}

static void
source_read_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  SourceLoad *load = data;
  OverlapCodeView *self = load->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_parse_name (load->file);
  g_autofree char *text = NULL;
  gsize len = 0;

  if (!g_file_load_partial_contents_finish (G_FILE (source), result, &text, &len, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *message = g_strdup_printf (_("Cannot read %s: %s"), name, error->message);

          show_source_message (self, message);
        }
    }
  else if (len > SOURCE_LIMIT)
    {
      g_autofree char *message = g_strdup_printf (_("%s is larger than %u MiB: not shown"), name,
                                                  SOURCE_LIMIT / (1024 * 1024));

      show_source_message (self, message);
    }
  else if (!g_utf8_validate_len (text, len, NULL))
    {
      g_autofree char *message = g_strdup_printf (_("%s is not UTF-8 text: not shown"), name);

      show_source_message (self, message);
    }
  else
    source_loaded (self, load->file, text, len, load->line);

  source_load_free (load);
}

void
_overlap_code_view_dispose_source (OverlapCodeView *self)
{
  if (self->source_cancellable != NULL)
    g_cancellable_cancel (self->source_cancellable);
  g_clear_object (&self->source_cancellable);
  g_clear_object (&self->source_run);
}

/* A watched program's run: once a task says where it was created, the
 * "Program" page shows that file, its tasks' lines linked and marked. */
void
overlap_code_view_set_source_run (OverlapCodeView *self,
                                  OverlapRun      *run)
{
  g_return_if_fail (OVERLAP_IS_CODE_VIEW (self));
  g_return_if_fail (run == NULL || OVERLAP_IS_RUN (run));

  if (!g_set_object (&self->source_run, run))
    return;
  if (run == NULL)
    {
      g_clear_pointer (&self->source_path, g_free);
      if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "source") == 0)
        gtk_stack_set_visible_child_name (self->stack, "python");
      gtk_stack_page_set_visible (self->source_page, FALSE);
      _overlap_code_view_set_text (&self->panes[_OVERLAP_CODE_PANE_SOURCE], NULL, NULL);
    }
  _overlap_code_view_watch_runs (self);
}

OverlapRun *
overlap_code_view_get_source_run (OverlapCodeView *self)
{
  g_return_val_if_fail (OVERLAP_IS_CODE_VIEW (self), NULL);
  return self->source_run;
}

/* Opens @path read-only on the "Program" page, at @line (1-based, 0: the
 * top); a file that cannot be read, too large or not text says so there. */
void
overlap_code_view_show_source (OverlapCodeView *self,
                               const char      *path,
                               guint            line)
{
  SourceLoad *load;

  g_return_if_fail (OVERLAP_IS_CODE_VIEW (self));
  g_return_if_fail (path != NULL);

  if (self->source_cancellable != NULL)
    g_cancellable_cancel (self->source_cancellable);
  g_clear_object (&self->source_cancellable);
  self->source_cancellable = g_cancellable_new ();

  g_free (self->source_path);
  self->source_path = g_strdup (path);
  gtk_label_set_label (self->source_file_label, path);
  gtk_stack_page_set_visible (self->source_page, TRUE);
  gtk_stack_set_visible_child_name (self->stack, "source");
  _overlap_code_view_set_text (&self->panes[_OVERLAP_CODE_PANE_SOURCE], NULL, NULL);
  show_source_message (self, NULL);

  load = g_new0 (SourceLoad, 1);
  load->self = g_object_ref (self);
  load->file = g_file_new_for_commandline_arg (path);
  load->line = line;
  g_file_load_partial_contents_async (load->file, self->source_cancellable,
                                      source_read_more_cb, source_read_cb, load);
}

/* The path shown on the "Program" page, NULL if none; and the message shown
 * in place of its text (cannot be read, too large), NULL if none */
const char *
overlap_code_view_get_source_path (OverlapCodeView *self)
{
  g_return_val_if_fail (OVERLAP_IS_CODE_VIEW (self), NULL);
  return self->source_path;
}

const char *
overlap_code_view_get_source_message (OverlapCodeView *self)
{
  g_return_val_if_fail (OVERLAP_IS_CODE_VIEW (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->source_message)) ?
         gtk_label_get_label (self->source_message) : NULL;
}

