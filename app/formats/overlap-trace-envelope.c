/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-trace"

#include "config.h"

#include <glib/gi18n.h>

#include "overlap-trace-events-private.h"
#include "overlap-trace-members-private.h"

/* The JSON around a Chrome trace's events: a bare array of them, or an
 * object with a "traceEvents" array beside "otherData" (the title) and
 * "displayTimeUnit". */

/* A member of the trace's object beside its events */
static void
read_top_member (TraceReader            *reader,
                 const OverlapJsonValue *key,
                 const OverlapJsonValue *value)
{
  if (OVERLAP_TRACE_KEY_IS (key, "otherData"))
    reader->other_data = *value;
  else if (OVERLAP_TRACE_KEY_IS (key, "displayTimeUnit") &&
           !_overlap_json_string_equal (value, "ms") && !_overlap_json_string_equal (value, "ns"))
    overlap_import_report_skip (reader->report, FALSE,
                                _("%s: 'displayTimeUnit' is neither \"ms\" nor \"ns\""),
                                reader->display_name);
}

/* Finds the events array (and the members before it) in either form of
 * trace. It stops at the array: the members after it are read once pass 1
 * has walked it (_overlap_trace_read_after_events), so that the file is read once. */
gboolean
_overlap_trace_find_events (TraceReader  *reader,
                            GError      **error)
{
  OverlapJsonScanner s;
  OverlapJsonValue key, value;
  gboolean first = TRUE;
  gboolean found = FALSE;
  char c;

  _overlap_json_scanner_init (&s, reader->data, reader->size);
  c = _overlap_json_peek (&s);

  if (c == '[')
    {
      reader->events_pos = s.pos + 1;
      return TRUE;
    }
  if (c != '{')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   c == 0 ? _("%s: the file is empty") : _("%s: not a Chrome trace: no JSON object or array"),
                   reader->display_name);
      return FALSE;
    }

  s.pos++;
  while (_overlap_json_next_member (&s, &first, &key))
    {
      if (OVERLAP_TRACE_KEY_IS (&key, "traceEvents") && _overlap_json_peek (&s) == '[')
        {
          reader->events_pos = s.pos + 1;
          reader->events_in_object = TRUE;
          found = TRUE;
          break;
        }
      if (!_overlap_json_read_value (&s, &value))
        break;
      read_top_member (reader, &key, &value);
    }

  if (!found && s.status == OVERLAP_JSON_SYNTAX)
    {
      _overlap_import_set_error (error, reader->display_name, reader->data, s.error_pos, s.error);
      return FALSE;
    }
  if (!found)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s: not a Chrome trace: no “traceEvents” array"), reader->display_name);
      return FALSE;
    }
  /* A syntax error inside the events is reported where the events are read. */
  return TRUE;
}

/* The members after a closed events array; a second "traceEvents" is passed
 * over (the first is read), and a syntax error here is no matter. */
void
_overlap_trace_read_after_events (TraceReader *reader)
{
  OverlapJsonScanner s;
  OverlapJsonValue key, value;
  gboolean first = FALSE;

  if (!reader->events_in_object || reader->events_end == 0)
    return;
  _overlap_json_scanner_init (&s, reader->data, reader->size);
  s.pos = reader->events_end;
  while (_overlap_json_next_member (&s, &first, &key) && _overlap_json_read_value (&s, &value))
    if (!OVERLAP_TRACE_KEY_IS (&key, "traceEvents"))
      read_top_member (reader, &key, &value);
}
