/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-formats"

#include "config.h"

#include <math.h>

#include "overlap-format-private.h"

void
_overlap_writer_init (OverlapWriter *writer,
                      GOutputStream *stream,
                      GCancellable  *cancellable)
{
  g_assert (writer != NULL);
  g_assert (G_IS_OUTPUT_STREAM (stream));

  writer->stream = g_object_ref (stream);
  writer->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  writer->buffer = g_string_sized_new (_OVERLAP_WRITER_BLOCK + 4096);
}

void
_overlap_writer_clear (OverlapWriter *writer)
{
  g_clear_object (&writer->stream);
  g_clear_object (&writer->cancellable);
  if (writer->buffer != NULL)
    g_string_free (g_steal_pointer (&writer->buffer), TRUE);
}

gboolean
_overlap_writer_flush (OverlapWriter  *writer,
                       GError        **error)
{
  gboolean ret;

  if (g_cancellable_set_error_if_cancelled (writer->cancellable, error))
    return FALSE;
  if (writer->buffer->len == 0)
    return TRUE;

  ret = g_output_stream_write_all (writer->stream,
                                   writer->buffer->str, writer->buffer->len,
                                   NULL, writer->cancellable, error);
  g_string_truncate (writer->buffer, 0);
  return ret;
}

/* Appends @text as a JSON string: quotes, backslashes and control characters
 * escaped, UTF-8 passed through (invalid sequences become U+FFFD). NULL is
 * written as null. */
void
_overlap_json_append_string (GString    *string,
                             const char *text)
{
  g_autofree char *valid = NULL;
  const char *p;
  const char *run;

  if (text == NULL)
    {
      g_string_append (string, "null");
      return;
    }

  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);

  g_string_append_c (string, '"');
  for (p = run = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;

      g_string_append_len (string, run, p - run);
      switch (c)
        {
        case '"': g_string_append (string, "\\\""); break;
        case '\\': g_string_append (string, "\\\\"); break;
        case '\n': g_string_append (string, "\\n"); break;
        case '\r': g_string_append (string, "\\r"); break;
        case '\t': g_string_append (string, "\\t"); break;
        default: g_string_append_printf (string, "\\u%04x", (guint) c); break;
        }
      run = p + 1;
    }
  g_string_append_len (string, run, p - run);
  g_string_append_c (string, '"');
}

/* Locale-independent decimal integer. */
void
_overlap_append_int (GString *string,
                     gint64   value)
{
  char buf[24];
  char *p = buf + sizeof buf;
  guint64 v = value < 0 ? (guint64) 0 - (guint64) value : (guint64) value;

  do
    {
      *--p = '0' + (char) (v % 10);
      v /= 10;
    }
  while (v != 0);

  if (value < 0)
    *--p = '-';

  g_string_append_len (string, p, buf + sizeof buf - p);
}

/* The shortest of %.15g and %.17g that reads back as @value; null for what
 * JSON cannot hold (NaN, infinities). */
void
_overlap_json_append_double (GString *string,
                             double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    {
      g_string_append (string, "null");
      return;
    }

  if (value >= -9007199254740992.0 && value <= 9007199254740992.0 &&
      value == (double) (gint64) value)
    {
      _overlap_append_int (string, (gint64) value);
      return;
    }

  g_ascii_formatd (buf, sizeof buf, "%.15g", value);
  if (g_ascii_strtod (buf, NULL) != value)
    g_ascii_dtostr (buf, sizeof buf, value);
  g_string_append (string, buf);
}

/* µs as milliseconds with three decimals, exactly: 1234567 → "1234.567". */
void
_overlap_append_ms (GString *string,
                    gint64   usec)
{
  guint64 v = usec < 0 ? (guint64) 0 - (guint64) usec : (guint64) usec;
  guint frac = (guint) (v % 1000);

  if (usec < 0)
    g_string_append_c (string, '-');
  _overlap_append_int (string, (gint64) (v / 1000));
  g_string_append_c (string, '.');
  g_string_append_c (string, '0' + (char) (frac / 100));
  g_string_append_c (string, '0' + (char) (frac / 10 % 10));
  g_string_append_c (string, '0' + (char) (frac % 10));
}

char *
_overlap_display_name (const char *path)
{
  if (path == NULL || *path == '\0')
    return g_strdup ("<data>");
  return g_filename_display_basename (path);
}

/* Writes @recording to @path through @func. The file is replaced only once
 * everything is written; errors are prefixed with the file's name. */
gboolean
_overlap_write_to_path (OverlapRecording  *recording,
                        const char        *path,
                        OverlapWriteFunc   func,
                        GError           **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = NULL;
  gboolean existed;

  g_assert (OVERLAP_IS_RECORDING (recording));
  g_assert (path != NULL);

  file = g_file_new_for_path (path);
  name = _overlap_display_name (path);
  existed = g_file_query_exists (file, NULL);

  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &local_error);
  if (stream == NULL)
    goto failed;

  if (!func (recording, G_OUTPUT_STREAM (stream), NULL, &local_error))
    {
      g_autoptr(GCancellable) abandon = g_cancellable_new ();

      /* Closing a replacing stream with a cancelled cancellable abandons the
       * replacement: a file that existed keeps its old contents. */
      g_cancellable_cancel (abandon);
      g_output_stream_close (G_OUTPUT_STREAM (stream), abandon, NULL);
      if (!existed)
        g_file_delete (file, NULL, NULL);
      goto failed;
    }

  if (!g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, &local_error))
    goto failed;

  return TRUE;

failed:
  g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ", name);
  return FALSE;
}

/* Reading JSON members without warnings for the wrong type. */

gboolean
_overlap_json_node_to_double (JsonNode *node,
                              double   *value)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    *value = (double) json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    *value = json_node_get_double (node);
  else
    return FALSE;
  return TRUE;
}

/* Reads an integer member; decimals (Chrome trace times in µs may have
 * them) are rounded. */
OverlapNumberStatus
_overlap_json_get_int (JsonObject *object,
                       const char *member,
                       gint64     *value)
{
  JsonNode *node;
  double d;

  if (object == NULL || (node = json_object_get_member (object, member)) == NULL)
    return OVERLAP_NUMBER_MISSING;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    {
      *value = json_node_get_int (node);
      return OVERLAP_NUMBER_OK;
    }
  if (!_overlap_json_node_to_double (node, &d) || !(d > -9e15 && d < 9e15))
    return OVERLAP_NUMBER_INVALID;
  *value = (gint64) (d < 0 ? d - 0.5 : d + 0.5);
  return OVERLAP_NUMBER_OK;
}

gint64
_overlap_json_get_int_or (JsonObject *object,
                          const char *member,
                          gint64      fallback)
{
  gint64 value;

  if (_overlap_json_get_int (object, member, &value) == OVERLAP_NUMBER_OK)
    return value;
  return fallback;
}

const char *
_overlap_json_get_string (JsonObject *object,
                          const char *member)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, member)) == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

JsonObject *
_overlap_json_get_object (JsonObject *object,
                          const char *member)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, member)) == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_node_get_object (node);
}
