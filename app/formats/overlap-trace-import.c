/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-trace"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "overlap-trace-private.h"

/* Reading a Chrome trace: parsing the JSON (json-glib for now: the whole
 * document in memory) and finding its events; overlap-trace-reader.c turns
 * them into a recording. */

/* "<data>:3:5: Parse error: unexpected …" → "trace.json: line 3, column 5: unexpected …" */
static void
set_parse_error (GError     **error,
                 const char  *display_name,
                 GError      *parse_error)
{
  const char *message = parse_error->message;
  const char *rest;
  int line, column;

  if (sscanf (message, "<data>:%d:%d:", &line, &column) == 2 &&
      (rest = strstr (message + strlen ("<data>:"), ": ")) != NULL)
    {
      const char *detail = strstr (rest + 2, ": ");

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s: line %d, column %d: %s"),
                   display_name, line, column, detail ? detail + 2 : rest + 2);
      return;
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               "%s: %s", display_name, message);
}

static JsonArray *
find_events (JsonNode    *root,
             const char  *display_name,
             JsonObject **other_data,
             GError     **error)
{
  *other_data = NULL;

  if (root != NULL && JSON_NODE_HOLDS_ARRAY (root))
    return json_node_get_array (root);

  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *object = json_node_get_object (root);
      JsonNode *events = json_object_get_member (object, "traceEvents");

      *other_data = _overlap_json_get_object (object, "otherData");
      if (events != NULL && JSON_NODE_HOLDS_ARRAY (events))
        return json_node_get_array (events);
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("%s: not a Chrome trace: no “traceEvents” array"), display_name);
  return NULL;
}

/**
 * overlap_trace_import_bytes_full:
 * @bytes: the JSON text
 * @display_name: (nullable): names the data in messages, e.g. the file's name
 * @report: (out caller-allocates) (optional): what was skipped; release it
 *   with overlap_import_report_clear()
 * @error: a location for a #GError
 *
 * Reads a Chrome trace. Unusable events are skipped and counted in @report;
 * only JSON that cannot be parsed, or has no events array, is an error.
 *
 * Returns: (transfer full): a new recording, or %NULL on error
 */
OverlapRecording *
overlap_trace_import_bytes_full (GBytes               *bytes,
                                 const char           *display_name,
                                 OverlapImportReport  *report,
                                 GError              **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) parse_error = NULL;
  OverlapImportReport local_report;
  OverlapRecording *recording;
  JsonObject *other_data;
  JsonArray *events;
  gconstpointer data;
  gsize size;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (display_name == NULL)
    display_name = "<data>";
  if (report == NULL)
    report = &local_report;
  overlap_import_report_init (report);

  data = g_bytes_get_data (bytes, &size);
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, size > 0 ? data : "", size, &parse_error))
    {
      set_parse_error (error, display_name, parse_error);
      recording = NULL;
      goto out;
    }

  events = find_events (json_parser_get_root (parser), display_name, &other_data, error);
  if (events == NULL)
    {
      recording = NULL;
      goto out;
    }

  recording = _overlap_trace_read (events, other_data, display_name, report);

out:
  if (report == &local_report)
    overlap_import_report_clear (&local_report);
  return recording;
}

OverlapRecording *
overlap_trace_import_bytes (GBytes      *bytes,
                            const char  *display_name,
                            GError     **error)
{
  return overlap_trace_import_bytes_full (bytes, display_name, NULL, error);
}

/**
 * overlap_trace_import_path_full:
 * @path: a Chrome trace JSON file
 * @report: (out caller-allocates) (optional): see overlap_trace_import_bytes_full()
 * @error: a location for a #GError, its message naming the file
 *
 * Returns: (transfer full): a new recording, or %NULL on error
 */
OverlapRecording *
overlap_trace_import_path_full (const char           *path,
                                OverlapImportReport  *report,
                                GError              **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  file = g_file_new_for_path (path);
  bytes = g_file_load_bytes (file, NULL, NULL, error);
  if (bytes == NULL)
    {
      if (report != NULL)
        overlap_import_report_init (report);
      return NULL;
    }

  name = _overlap_display_name (path);
  return overlap_trace_import_bytes_full (bytes, name, report, error);
}

OverlapRecording *
overlap_trace_import_path (const char  *path,
                           GError     **error)
{
  return overlap_trace_import_path_full (path, NULL, error);
}
