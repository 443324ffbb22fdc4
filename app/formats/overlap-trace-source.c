/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-import"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "overlap-import.h"
#include "overlap-trace-events-private.h"
#include "overlap-trace-members-private.h"
#include "overlap-trace-private.h"

/* Where each imported slice came from: the byte offset of its event in the
 * file, one integer per span, and the file itself (mapped, not copied). A
 * tooltip reads that one event again for what the chart does not keep: its
 * category, pid and tid, and its args. So the args of a million slices cost
 * nothing until one is asked for. */

#define SOURCE_KEY "overlap-trace-source"
#define NO_OFFSET G_MAXUINT64
#define MAX_ARGS_CHARS 1200
#define MAX_ARGS_LINES 24

typedef struct
{
  GArray *offsets;   /* guint64 by span index, NO_OFFSET for none */
  GBytes *file;      /* NULL until the import adopts it */
} TraceSource;

static void
trace_source_free (gpointer data)
{
  TraceSource *source = data;

  g_array_unref (source->offsets);
  g_clear_pointer (&source->file, g_bytes_unref);
  g_free (source);
}

static TraceSource *
ensure_source (OverlapRun *run)
{
  TraceSource *source = g_object_get_data (G_OBJECT (run), SOURCE_KEY);

  if (source == NULL)
    {
      source = g_new0 (TraceSource, 1);
      source->offsets = g_array_new (FALSE, FALSE, sizeof (guint64));
      g_object_set_data_full (G_OBJECT (run), SOURCE_KEY, source, trace_source_free);
    }
  return source;
}

static void
record_offset (TraceSource *source,
               guint        span,
               gsize        offset)
{
  guint64 value = offset;

  while (source->offsets->len < span)
    {
      guint64 none = NO_OFFSET;

      g_array_append_val (source->offsets, none);
    }
  if (span == source->offsets->len)
    g_array_append_val (source->offsets, value);
  else
    g_array_index (source->offsets, guint64, span) = value;
}

void
_overlap_trace_source_record (OverlapRun *run,
                              guint       span,
                              gsize       offset)
{
  record_offset (ensure_source (run), span, offset);
}

/* The same for @n spans added one after another from @first, of @spans */
void
_overlap_trace_source_record_spans (OverlapRun        *run,
                                    guint              first,
                                    const PendingSpan *spans,
                                    guint              n)
{
  TraceSource *source;

  if (n == 0)
    return;
  source = ensure_source (run);
  for (guint i = 0; i < n; i++)
    record_offset (source, first + i, spans[i].offset);
}

/* The import is done: the runs read from @file keep it for their tooltips */
void
_overlap_trace_sources_adopt (OverlapRecording *recording,
                              GBytes           *file)
{
  guint n = recording != NULL ? overlap_recording_get_n_runs (recording) : 0;

  for (guint i = 0; i < n; i++)
    {
      OverlapRun *run = overlap_recording_get_run (recording, i);
      TraceSource *source = g_object_get_data (G_OBJECT (run), SOURCE_KEY);

      if (source != NULL && source->file == NULL)
        {
          source->file = g_bytes_ref (file);
          g_array_set_size (source->offsets, source->offsets->len);   /* no slack kept */
        }
    }
}

static void
append_member_text (GString                *text,
                    const char             *what,
                    const OverlapJsonValue *value)
{
  g_autofree char *string = NULL;

  if (value->type == OVERLAP_JSON_NONE)
    return;
  string = value->type == OVERLAP_JSON_STRING ? _overlap_json_string_dup (value)
                                               : g_strndup (value->start, value->len);
  g_string_append_printf (text, "\n%s: %s", what, string);
}

/* The args, one member a line, indented; at most a screenful */
static void
append_args (GString                *text,
             const OverlapJsonValue *args)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *pretty = NULL;
  const char *p;
  guint lines = 0;
  gsize used = 0;

  if (args->type != OVERLAP_JSON_OBJECT || args->len <= 2 ||
      !json_parser_load_from_data (parser, args->start, (gssize) args->len, NULL))
    return;
  {
    g_autoptr(JsonGenerator) generator = json_generator_new ();

    json_generator_set_root (generator, json_parser_get_root (parser));
    json_generator_set_pretty (generator, TRUE);
    json_generator_set_indent (generator, 2);
    pretty = json_generator_to_data (generator, NULL);
  }

  /* without the braces of the object itself */
  g_string_append_printf (text, "\n%s", _("args:"));
  p = strchr (pretty, '\n');
  while (p != NULL && p[1] != '\0')
    {
      const char *line = p + 1;
      const char *end = strchr (line, '\n');
      gsize len = end != NULL ? (gsize) (end - line) : strlen (line);

      if (end == NULL)   /* the closing brace */
        break;
      if (lines == MAX_ARGS_LINES || used + len > MAX_ARGS_CHARS)
        {
          g_string_append (text, "\n  …");
          break;
        }
      g_string_append_c (text, '\n');
      if (len > 160)
        {
          const char *cut = g_utf8_find_prev_char (line, line + 160);

          g_string_append_len (text, line, cut - line);
          g_string_append (text, "…");
        }
      else
        g_string_append_len (text, line, len);
      lines++;
      used += len;
      p = end;
    }
}

/**
 * overlap_import_describe_span_event:
 * @run: a run of an imported Chrome trace
 * @span: the index of one of its spans
 *
 * Reads again the event that made @span, in the file it was imported from:
 * its category, process and thread, and its args, pretty and bounded in
 * length, as plain text lines.
 *
 * Returns: (transfer full) (nullable): the text, or %NULL when @span came
 *   from no trace event (a run of Overlap's own, a ninja job)
 */
char *
overlap_import_describe_span_event (OverlapRun *run,
                                    guint       span)
{
  TraceSource *source;
  OverlapJsonScanner s;
  OverlapTraceMembers m;
  const char *data;
  gsize size;
  guint64 offset;
  GString *text;

  g_return_val_if_fail (OVERLAP_IS_RUN (run), NULL);

  source = g_object_get_data (G_OBJECT (run), SOURCE_KEY);
  if (source == NULL || source->file == NULL || span >= source->offsets->len)
    return NULL;
  offset = g_array_index (source->offsets, guint64, span);
  data = g_bytes_get_data (source->file, &size);
  if (offset == NO_OFFSET || offset >= size || data[offset] != '{')
    return NULL;

  _overlap_json_scanner_init (&s, data + offset + 1, size - offset - 1);
  memset (&m, 0, sizeof m);
  if (!_overlap_trace_members_read (&s, &m))
    return NULL;

  text = g_string_new (NULL);
  append_member_text (text, _("category"), &m.cat);
  if (m.pid.type != OVERLAP_JSON_NONE || m.tid.type != OVERLAP_JSON_NONE)
    {
      g_autofree char *pid = m.pid.type != OVERLAP_JSON_NONE ? g_strndup (m.pid.start, m.pid.len) : g_strdup ("?");
      g_autofree char *tid = m.tid.type != OVERLAP_JSON_NONE ? g_strndup (m.tid.start, m.tid.len) : g_strdup ("?");

      g_string_append_c (text, '\n');
      /* TRANSLATORS: a trace event's process and thread ids */
      g_string_append_printf (text, _("pid %s · tid %s"), pid, tid);
    }
  append_args (text, &m.args);
  if (text->len > 0 && text->str[0] == '\n')
    g_string_erase (text, 0, 1);
  return g_string_free (text, FALSE);
}
