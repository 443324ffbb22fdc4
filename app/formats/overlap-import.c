/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-import"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "overlap-import.h"
#include "overlap-trace-private.h"

/* Opening a file: map it, tell its format from the first bytes, hand it to
 * that format's reader (overlap-trace-reader.c, overlap-ninja-log.c,
 * overlap-meson-log.c). */

static const char *
skip_space (const char *p,
            const char *end)
{
  if (end - p >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;
  while (p < end && g_ascii_isspace (*p))
    p++;
  return p;
}

/* A JSON object first: a trace's object form, or meson's first test. */
static OverlapImportFormat
detect_object (const char *data,
               gsize       size)
{
  OverlapJsonScanner s;
  OverlapJsonValue key, value;
  gboolean first = TRUE;
  guint meson_keys = 0;

  _overlap_json_scanner_init (&s, data, size);
  if (!_overlap_json_expect (&s, '{'))
    return OVERLAP_IMPORT_UNKNOWN;

  while (_overlap_json_next_member (&s, &first, &key))
    {
      if (_overlap_json_string_equal (&key, "traceEvents"))
        return OVERLAP_IMPORT_CHROME_TRACE;
      if (_overlap_json_string_equal (&key, "name") || _overlap_json_string_equal (&key, "starttime") ||
          _overlap_json_string_equal (&key, "duration") || _overlap_json_string_equal (&key, "result"))
        meson_keys++;
      if (!_overlap_json_read_value (&s, &value))
        break;
    }

  if (meson_keys == 4)
    return OVERLAP_IMPORT_MESON_TESTLOG;
  return OVERLAP_IMPORT_UNKNOWN;
}

/**
 * overlap_import_detect:
 * @data: the start of a file, or all of it
 * @size: its size
 *
 * Tells a file's format from its content.
 */
OverlapImportFormat
overlap_import_detect (const void *data,
                       gsize       size)
{
  const char *p, *end;

  if (data == NULL || size == 0)
    return OVERLAP_IMPORT_UNKNOWN;

  end = (const char *) data + size;
  p = skip_space (data, end);

  if ((gsize) (end - p) >= 13 && memcmp (p, "# ninja log v", 13) == 0)
    return OVERLAP_IMPORT_NINJA_LOG;
  if (p < end && *p == '[')
    {
      const char *next = skip_space (p + 1, end);

      /* An array of events, possibly empty or cut short (nothing after the
       * bracket: next is the end, not a byte to read) */
      if (next == end || *next == '{' || *next == ']')
        return OVERLAP_IMPORT_CHROME_TRACE;
      return OVERLAP_IMPORT_UNKNOWN;
    }
  if (p < end && *p == '{')
    return detect_object (p, end - p);
  return OVERLAP_IMPORT_UNKNOWN;
}

const char *
overlap_import_format_to_string (OverlapImportFormat format)
{
  switch (format)
    {
    case OVERLAP_IMPORT_CHROME_TRACE: return _("Chrome trace");
    case OVERLAP_IMPORT_NINJA_LOG: return _("ninja log");
    case OVERLAP_IMPORT_MESON_TESTLOG: return _("meson test log");
    case OVERLAP_IMPORT_UNKNOWN:
    default: return _("unknown");
    }
}

/* An OverlapReadFunc for any format: tells which and reads it. */
static OverlapRecording *
import_data (const char           *data,
             gsize                 size,
             const char           *display_name,
             OverlapImportReport  *report,
             GCancellable         *cancellable,
             GError              **error)
{
  OverlapImportFormat format = overlap_import_detect (data, size);

  report->format = format;
  switch (format)
    {
    case OVERLAP_IMPORT_CHROME_TRACE:
      return _overlap_trace_read (data, size, display_name, report, cancellable, error);
    case OVERLAP_IMPORT_NINJA_LOG:
      return _overlap_ninja_log_read (data, size, display_name, report, error);
    case OVERLAP_IMPORT_MESON_TESTLOG:
      return _overlap_meson_log_read (data, size, display_name, report, error);
    case OVERLAP_IMPORT_UNKNOWN:
    default:
      if (size == 0)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("%s: the file is empty"), display_name);
      else
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                     _("%s: not a timeline Overlap can open (a Chrome trace, a .ninja_log or a meson testlog.json)"),
                     display_name);
      return NULL;
    }
}

/**
 * overlap_import_bytes:
 * @bytes: the file's content
 * @display_name: (nullable): names it in messages
 * @report: (out caller-allocates) (optional): what was skipped; release it
 *   with overlap_import_report_clear()
 * @error: a location for a #GError
 *
 * Returns: (transfer full): a new recording, or %NULL when the content is
 *   none of the formats, or not readable at all
 */
OverlapRecording *
overlap_import_bytes (GBytes               *bytes,
                      const char           *display_name,
                      OverlapImportReport  *report,
                      GError              **error)
{
  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return _overlap_import_bytes_with (bytes, display_name, import_data, report, error);
}

/* Reads @bytes with @reader, for overlap_import_bytes() and a format's own
 * entry points: @report (optional) is set up here. */
OverlapRecording *
_overlap_import_bytes_with (GBytes               *bytes,
                            const char           *display_name,
                            OverlapReadFunc       reader,
                            OverlapImportReport  *report,
                            GError              **error)
{
  g_auto(OverlapImportReport) local_report = { 0 };
  OverlapRecording *recording;
  gconstpointer data;
  gsize size;

  if (report == NULL)
    report = &local_report;
  overlap_import_report_init (report);

  data = g_bytes_get_data (bytes, &size);
  recording = reader (size > 0 ? data : "", size, display_name ? display_name : "<data>",
                      report, NULL, error);
  if (recording != NULL && size > 0)
    _overlap_trace_sources_adopt (recording, bytes);
  return recording;
}

/* The file being read in this thread, when it is a read-only mapping of a
 * file: a reader may give its pages back as it passes them (madvise), which
 * would lose the bytes of any other memory. */
static _Thread_local const char *mapped_data;
static _Thread_local gsize mapped_size;

gboolean
_overlap_import_is_mapped (const char *data,
                           gsize       size)
{
  return mapped_data != NULL && data >= mapped_data && data + size <= mapped_data + mapped_size;
}

/* Maps the file at @path and reads it with @reader, for overlap_import_path()
 * and a format's own entry points: @report (optional) is set up here. */
OverlapRecording *
_overlap_import_path_with (const char           *path,
                           OverlapReadFunc       reader,
                           OverlapImportReport  *report,
                           GCancellable         *cancellable,
                           GError              **error)
{
  g_auto(OverlapImportReport) local_report = { 0 };
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = _overlap_display_name (path);
  OverlapRecording *recording;

  if (report == NULL)
    report = &local_report;
  overlap_import_report_init (report);

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY, _("%s: is a folder, not a file"), name);
      return NULL;
    }
  mapped = g_mapped_file_new (path, FALSE, &local_error);
  if (mapped == NULL)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_file_error (local_error->code),
                   "%s", local_error->message);
      return NULL;
    }

  if (g_mapped_file_get_length (mapped) > 0)
    {
      mapped_data = g_mapped_file_get_contents (mapped);
      mapped_size = g_mapped_file_get_length (mapped);
    }
  recording = reader (g_mapped_file_get_length (mapped) > 0 ? g_mapped_file_get_contents (mapped) : "",
                      g_mapped_file_get_length (mapped), name, report, cancellable, error);
  mapped_data = NULL;
  mapped_size = 0;
  if (recording != NULL && g_mapped_file_get_length (mapped) > 0)
    {
      g_autoptr(GBytes) file = g_mapped_file_get_bytes (mapped);

      _overlap_trace_sources_adopt (recording, file);
    }
  return recording;
}

/**
 * overlap_import_path:
 * @path: a file
 * @report: (out caller-allocates) (optional): see overlap_import_bytes()
 * @error: a location for a #GError; its message names the file
 *
 * Opens a timeline file of any format Overlap reads; the file is mapped,
 * not loaded, so a large trace costs little more than its recording.
 *
 * Returns: (transfer full): a new recording, or %NULL on error
 */
OverlapRecording *
overlap_import_path (const char           *path,
                     OverlapImportReport  *report,
                     GError              **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return _overlap_import_path_with (path, import_data, report, NULL, error);
}

/* Whether @path holds a timeline (rather than, say, a scenario). */
gboolean
overlap_import_path_is_recording (const char *path)
{
  g_autoptr(GMappedFile) mapped = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  mapped = g_mapped_file_new (path, FALSE, NULL);
  if (mapped == NULL || g_mapped_file_get_length (mapped) == 0)
    return FALSE;
  return overlap_import_detect (g_mapped_file_get_contents (mapped),
                                g_mapped_file_get_length (mapped)) != OVERLAP_IMPORT_UNKNOWN;
}

typedef struct
{
  OverlapImportReport report;
  char               *path;
} ImportData;

static void
import_data_free (gpointer data)
{
  ImportData *import = data;

  overlap_import_report_clear (&import->report);
  g_free (import->path);
  g_free (import);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportData *import = task_data;
  GError *error = NULL;
  OverlapRecording *recording;

  recording = _overlap_import_path_with (import->path, import_data, &import->report, cancellable, &error);
  if (recording == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, recording, g_object_unref);
}

void
overlap_import_file_async (GFile               *file,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ImportData *import;

  g_return_if_fail (G_IS_FILE (file));

  /* the report is set up by the import itself (_overlap_import_path_with () inits it) */
  import = g_new0 (ImportData, 1);
  import->path = g_file_get_path (file);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, overlap_import_file_async);
  g_task_set_task_data (task, import, import_data_free);
  if (import->path == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("Only local files can be opened"));
      return;
    }
  g_task_run_in_thread (task, import_thread);
}

/**
 * overlap_import_file_finish:
 * @result: the #GAsyncResult
 * @report: (out caller-allocates) (optional): what was skipped
 * @error: a location for a #GError
 *
 * Returns: (transfer full): the recording, or %NULL on error or cancellation
 */
OverlapRecording *
overlap_import_file_finish (GAsyncResult         *result,
                            OverlapImportReport  *report,
                            GError              **error)
{
  ImportData *import;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  import = g_task_get_task_data (G_TASK (result));
  if (report != NULL)
    {
      /* handed over: the task's copy is emptied, not freed */
      *report = import->report;
      memset (&import->report, 0, sizeof import->report);
      if (report->warnings == NULL)
        overlap_import_report_init (report);
    }
  return g_task_propagate_pointer (G_TASK (result), error);
}
