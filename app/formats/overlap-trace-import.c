/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-trace"

#include "config.h"

#include <glib/gi18n.h>

#include "overlap-trace-private.h"

/* Reading a Chrome trace: the file is mapped, not loaded (as overlap-import.c
 * opens any file), and read in place by overlap-trace-reader.c (no JSON tree:
 * see there why). */

void
_overlap_import_set_error (GError     **error,
                           const char  *display_name,
                           const char  *data,
                           gsize        pos,
                           const char  *what)
{
  guint line, column;

  _overlap_json_position (data, pos, &line, &column);
  /* TRANSLATORS: "trace.json: line 3, column 5: unexpected: an unexpected character" */
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("%s: line %u, column %u: not valid JSON: %s"),
               display_name, line, column, what ? what : "?");
}

/**
 * overlap_trace_import_bytes:
 * @bytes: the JSON text
 * @display_name: (nullable): names the data in messages, e.g. the file's name
 * @error: a location for a #GError
 *
 * Reads a Chrome trace. Unusable events are skipped (overlap_import_bytes()
 * counts them); only data that is not JSON, or has no events array, is an
 * error.
 *
 * Returns: (transfer full): a new recording, or %NULL on error
 */
OverlapRecording *
overlap_trace_import_bytes (GBytes      *bytes,
                            const char  *display_name,
                            GError     **error)
{
  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return _overlap_import_bytes_with (bytes, display_name, _overlap_trace_read, NULL, error);
}

/**
 * overlap_trace_import_path:
 * @path: a Chrome trace JSON file
 * @error: a location for a #GError, its message naming the file
 *
 * Returns: (transfer full): a new recording, or %NULL on error
 */
OverlapRecording *
overlap_trace_import_path (const char  *path,
                           GError     **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return _overlap_import_path_with (path, _overlap_trace_read, NULL, NULL, error);
}
