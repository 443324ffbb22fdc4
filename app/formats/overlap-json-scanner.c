/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-json"

#include "config.h"

#include <math.h>
#include <string.h>

#include "overlap-json-scanner-private.h"

/* See overlap-json-scanner-private.h. Strict where it walks (objects and arrays it
 * is asked to enter), lenient where it skips (a container skipped whole is
 * only bracket-matched, strings respected). */

static gboolean
fail (OverlapJsonScanner *s,
      OverlapJsonStatus   status,
      const char         *what)
{
  s->status = status;
  s->error_pos = MIN (s->pos, s->size);
  s->error = what;
  return FALSE;
}

void
_overlap_json_scanner_init (OverlapJsonScanner *scanner,
                            const char         *data,
                            gsize               size)
{
  memset (scanner, 0, sizeof *scanner);
  scanner->data = data;
  scanner->size = size;
  /* A UTF-8 byte order mark is not JSON, but editors write it. */
  if (size >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    scanner->pos = 3;
}

char
_overlap_json_skip_space (OverlapJsonScanner *s)
{
  while (s->pos < s->size)
    {
      char c = s->data[s->pos];

      if (c != ' ' && c != '\n' && c != '\r' && c != '\t')
        return c;
      s->pos++;
    }
  return 0;
}

gboolean
_overlap_json_expect (OverlapJsonScanner *s,
                      char                c)
{
  char next = _overlap_json_peek (s);

  if (next == c)
    {
      s->pos++;
      return TRUE;
    }
  if (next == 0)
    return fail (s, OVERLAP_JSON_END, "the end of the data");
  return fail (s, OVERLAP_JSON_SYNTAX, c == ':' ? "a missing ':'" : "an unexpected character");
}

/* the bytes that end a string's plain run: its quote, a backslash */
const guint8 _overlap_json_string_stop[256] = { ['"'] = 1, ['\\'] = 1 };

/* After the opening quote; leaves pos after the closing one. */
static gboolean
scan_string (OverlapJsonScanner *s,
             OverlapJsonValue   *value)
{
  const char *p = s->data + s->pos;
  const char *end = s->data + s->size;

  value->type = OVERLAP_JSON_STRING;
  value->start = p;
  value->escaped = FALSE;

  /* most strings are short and have no escape: the closing quote by a
   * byte loop (a memchr costs more than the few bytes of a key) */
  {
    const char *q = p;

    while (q < end && !_overlap_json_string_stop[(guchar) *q])
      q++;
    if (q < end && *q == '"')
      {
        value->len = q - value->start;
        s->pos = (q - s->data) + 1;
        return TRUE;
      }
  }

  for (;;)
    {
      while (p < end && *p != '"' && *p != '\\')
        p++;
      if (p >= end)
        {
          s->pos = s->size;
          return fail (s, OVERLAP_JSON_END, "the end of the data inside a string");
        }
      if (*p == '"')
        break;
      value->escaped = TRUE;
      p += 2;
      if (p > end)
        p = end;
    }

  value->len = p - value->start;
  s->pos = (p - s->data) + 1;
  return TRUE;
}

/* the bytes a container is skipped by: a string's quote, brackets */
static const guint8 container_byte[256] = {
  ['"'] = 1, ['{'] = 1, ['['] = 1, ['}'] = 1, [']'] = 1,
};

/* After the opening bracket; leaves pos after the matching one. */
static gboolean
skip_container (OverlapJsonScanner *s)
{
  const char *p = s->data + s->pos;
  const char *end = s->data + s->size;
  gsize depth = 1;

  while (p < end)
    {
      char c;

      /* most bytes are none of the four that matter here */
      while (p < end && !container_byte[(guchar) *p])
        p++;
      if (p >= end)
        break;
      c = *p++;
      if (c == '"')
        {
          for (;;)
            {
              while (p < end && !_overlap_json_string_stop[(guchar) *p])
                p++;
              if (p >= end || *p == '"')
                break;
              p += 2;     /* a backslash and the byte it escapes */
            }
          if (p >= end)
            break;
          p++;
        }
      else if (c == '{' || c == '[')
        depth++;
      else if (--depth == 0)
        {
          s->pos = p - s->data;
          return TRUE;
        }
    }

  s->pos = s->size;
  return fail (s, OVERLAP_JSON_END, "the end of the data inside an object or array");
}

static gboolean
scan_word (OverlapJsonScanner *s,
           const char         *word,
           OverlapJsonType     type,
           OverlapJsonValue   *value)
{
  gsize len = strlen (word);
  gsize avail = s->size - s->pos;

  if (avail < len)
    {
      if (memcmp (s->data + s->pos, word, avail) == 0)
        {
          s->pos = s->size;
          return fail (s, OVERLAP_JSON_END, "the end of the data");
        }
      return fail (s, OVERLAP_JSON_SYNTAX, "an unexpected word");
    }
  if (memcmp (s->data + s->pos, word, len) != 0)
    return fail (s, OVERLAP_JSON_SYNTAX, "an unexpected word");

  value->type = type;
  value->start = s->data + s->pos;
  value->len = len;
  s->pos += len;
  return TRUE;
}

/* the bytes of a JSON number */
const guint8 _overlap_json_number_char[256] = {
  ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,
  ['8'] = 1, ['9'] = 1, ['+'] = 1, ['-'] = 1, ['.'] = 1, ['e'] = 1, ['E'] = 1,
};

static gboolean
read_value (OverlapJsonScanner *s,
            OverlapJsonValue   *value,
            gboolean            skip)
{
  char c = _overlap_json_peek (s);

  memset (value, 0, sizeof *value);

  switch (c)
    {
    case 0:
      return fail (s, OVERLAP_JSON_END, "the end of the data");

    case '"':
      s->pos++;
      return scan_string (s, value);

    case '{':
    case '[':
      value->type = c == '{' ? OVERLAP_JSON_OBJECT : OVERLAP_JSON_ARRAY;
      value->start = s->data + s->pos;
      s->pos++;
      if (!skip)
        return TRUE;
      if (!skip_container (s))
        return FALSE;
      value->len = (s->data + s->pos) - value->start;
      return TRUE;

    case 't':
      return scan_word (s, "true", OVERLAP_JSON_TRUE, value);
    case 'f':
      return scan_word (s, "false", OVERLAP_JSON_FALSE, value);
    case 'n':
      return scan_word (s, "null", OVERLAP_JSON_NULL, value);

    default:
      if (c == '-' || g_ascii_isdigit (c))
        {
          gsize start = s->pos;

          while (s->pos < s->size && _overlap_json_number_char[(guchar) s->data[s->pos]])
            s->pos++;
          value->type = OVERLAP_JSON_NUMBER;
          value->start = s->data + start;
          value->len = s->pos - start;
          return TRUE;
        }
      return fail (s, OVERLAP_JSON_SYNTAX, "an unexpected character");
    }
}

gboolean
_overlap_json_read_value (OverlapJsonScanner *scanner,
                          OverlapJsonValue   *value)
{
  return read_value (scanner, value, TRUE);
}

gboolean
_overlap_json_enter_value (OverlapJsonScanner *scanner,
                           OverlapJsonValue   *value)
{
  return read_value (scanner, value, FALSE);
}

gboolean
_overlap_json_next_member (OverlapJsonScanner *s,
                           gboolean           *first,
                           OverlapJsonValue   *key)
{
  char c = _overlap_json_peek (s);

  if (c == '}')
    {
      s->pos++;
      s->status = OVERLAP_JSON_OK;
      return FALSE;
    }
  if (!*first)
    {
      if (!_overlap_json_expect (s, ','))
        return FALSE;
      c = _overlap_json_peek (s);
    }
  *first = FALSE;

  if (c == 0)
    return fail (s, OVERLAP_JSON_END, "the end of the data inside an object");
  if (c != '"')
    return fail (s, OVERLAP_JSON_SYNTAX, "a member name that is not a string");
  s->pos++;
  if (!scan_string (s, key))
    return FALSE;
  return _overlap_json_expect (s, ':');
}

gboolean
_overlap_json_next_element (OverlapJsonScanner *s,
                            gboolean           *first)
{
  char c = _overlap_json_peek (s);

  if (c == ']')
    {
      s->pos++;
      s->status = OVERLAP_JSON_OK;
      return FALSE;
    }
  if (c == 0)
    return fail (s, OVERLAP_JSON_END, "the end of the data inside an array");
  if (!*first)
    {
      if (!_overlap_json_expect (s, ','))
        return FALSE;
      /* "[…, ]" and a final comma before the end: tolerated. */
      c = _overlap_json_peek (s);
      if (c == 0)
        return fail (s, OVERLAP_JSON_END, "the end of the data inside an array");
      if (c == ']')
        {
          s->pos++;
          s->status = OVERLAP_JSON_OK;
          return FALSE;
        }
    }
  *first = FALSE;
  return TRUE;
}

void
_overlap_json_position (const char *data,
                        gsize       pos,
                        guint      *line,
                        guint      *column)
{
  const char *p = data;
  const char *end = data + pos;
  const char *line_start = data;
  guint n = 1;

  while (p < end && (p = memchr (p, '\n', end - p)) != NULL)
    {
      n++;
      line_start = ++p;
    }
  *line = n;
  *column = (guint) (end - line_start) + 1;
}

gboolean
_overlap_json_string_equal (const OverlapJsonValue *value,
                            const char             *literal)
{
  gsize len = strlen (literal);

  if (value->type != OVERLAP_JSON_STRING)
    return FALSE;
  if (!value->escaped)
    return value->len == len && memcmp (value->start, literal, len) == 0;
  else
    {
      g_autoptr(GString) decoded = g_string_new (NULL);

      _overlap_json_string_append (value, decoded);
      return g_str_equal (decoded->str, literal);
    }
}

static int
hex4 (const char *p,
      const char *end)
{
  int v = 0;

  if (end - p < 4)
    return -1;
  for (int i = 0; i < 4; i++)
    {
      int d = g_ascii_xdigit_value (p[i]);

      if (d < 0)
        return -1;
      v = v * 16 + d;
    }
  return v;
}

void
_overlap_json_string_append (const OverlapJsonValue *value,
                             GString                *out)
{
  const char *p = value->start;
  const char *end;

  /* A missing value has no start (NULL + 0 is undefined behaviour: found by fuzzing). */
  if (value->type != OVERLAP_JSON_STRING || p == NULL)
    return;
  end = p + value->len;

  while (p < end)
    {
      const char *run = p;

      while (p < end && *p != '\\')
        p++;
      g_string_append_len (out, run, p - run);
      if (p >= end)
        break;
      if (++p >= end)
        break;

      switch (*p++)
        {
        case 'n': g_string_append_c (out, '\n'); break;
        case 't': g_string_append_c (out, '\t'); break;
        case 'r': g_string_append_c (out, '\r'); break;
        case 'b': g_string_append_c (out, '\b'); break;
        case 'f': g_string_append_c (out, '\f'); break;
        case 'u':
          {
            int unit = hex4 (p, end);
            gunichar c = 0xFFFD;

            if (unit >= 0)
              {
                p += 4;
                c = unit;
                if (unit >= 0xD800 && unit < 0xDC00)
                  {
                    int low = (end - p >= 6 && p[0] == '\\' && p[1] == 'u') ? hex4 (p + 2, end) : -1;

                    c = 0xFFFD;
                    if (low >= 0xDC00 && low < 0xE000)
                      {
                        c = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                        p += 6;
                      }
                  }
                else if (unit >= 0xDC00 && unit < 0xE000)
                  c = 0xFFFD;
                if (c == 0)
                  c = 0xFFFD;   /* keep strings C strings */
              }
            g_string_append_unichar (out, c);
          }
          break;
        default:          /* \" \\ \/ and, leniently, anything else */
          g_string_append_c (out, p[-1]);
          break;
        }
    }
}

char *
_overlap_json_string_dup (const OverlapJsonValue *value)
{
  GString *out;

  if (value->type != OVERLAP_JSON_STRING)
    return NULL;
  if (!value->escaped && memchr (value->start, '\0', value->len) == NULL)
    return g_strndup (value->start, value->len);

  out = g_string_sized_new (value->len);
  _overlap_json_string_append (value, out);
  return g_string_free (out, FALSE);
}

/* A number of up to 15 digits and no fraction nor exponent (exact as a
 * double too, so that both ways below agree) */
static gboolean
plain_integer (const OverlapJsonValue *value,
               gint64                 *number)
{
  const char *p = value->start;
  const char *e = p + value->len;
  gboolean negative;
  gint64 v = 0;

  if (value->type != OVERLAP_JSON_NUMBER || value->len == 0 || value->len > 15)
    return FALSE;
  negative = *p == '-';
  if (negative)
    p++;
  if (p == e)
    return FALSE;
  while (p < e && g_ascii_isdigit (*p))
    v = v * 10 + (*p++ - '0');
  if (p != e)
    return FALSE;
  *number = negative ? -v : v;
  return TRUE;
}

OverlapNumberStatus
_overlap_json_value_double (const OverlapJsonValue *value,
                            double                 *number)
{
  char buffer[64];
  char *end = NULL;
  gint64 integer;

  if (value->type == OVERLAP_JSON_NONE || value->type == OVERLAP_JSON_NULL)
    return OVERLAP_NUMBER_MISSING;
  if (value->type != OVERLAP_JSON_NUMBER || value->len == 0 || value->len >= sizeof buffer)
    return OVERLAP_NUMBER_INVALID;

  /* The fast path: a plain integer, as tracers mostly write. */
  if (plain_integer (value, &integer))
    {
      *number = integer;
      return OVERLAP_NUMBER_OK;
    }

  memcpy (buffer, value->start, value->len);
  buffer[value->len] = '\0';
  *number = g_ascii_strtod (buffer, &end);
  if (end == buffer || *end != '\0' || !isfinite (*number))
    return OVERLAP_NUMBER_INVALID;
  return OVERLAP_NUMBER_OK;
}

OverlapNumberStatus
_overlap_json_value_int (const OverlapJsonValue *value,
                         gint64                 *number)
{
  OverlapNumberStatus status;
  double d;

  /* Times are mostly plain integers: no double, no rounding. */
  if (plain_integer (value, number))
    return OVERLAP_NUMBER_OK;

  if ((status = _overlap_json_value_double (value, &d)) != OVERLAP_NUMBER_OK)
    return status;
  /* ±2^62: far beyond any time in µs, and sums of two stay in range. */
  if (d >= 4.6e18 || d <= -4.6e18)
    return OVERLAP_NUMBER_INVALID;
  *number = (gint64) llround (d);
  return OVERLAP_NUMBER_OK;
}

gboolean
_overlap_json_object_lookup (const OverlapJsonValue *object,
                             const char             *key,
                             OverlapJsonValue       *member)
{
  OverlapJsonScanner s;
  OverlapJsonValue k;
  gboolean first = TRUE;
  gboolean found = FALSE;

  memset (member, 0, sizeof *member);
  if (object == NULL || object->type != OVERLAP_JSON_OBJECT)
    return FALSE;

  _overlap_json_scanner_init (&s, object->start, object->len);
  if (!_overlap_json_expect (&s, '{'))
    return FALSE;
  while (_overlap_json_next_member (&s, &first, &k))
    {
      OverlapJsonValue v;

      if (!_overlap_json_read_value (&s, &v))
        break;
      /* The last of duplicate members wins, as with json-glib. */
      if (_overlap_json_string_equal (&k, key))
        {
          *member = v;
          found = TRUE;
        }
    }
  return found;
}

const char *
_overlap_json_chunk_string (const OverlapJsonValue *value,
                            GStringChunk           *chunk,
                            GString                *scratch)
{
  g_autoptr(GString) own = NULL;

  if (value->type != OVERLAP_JSON_STRING)
    return NULL;
  if (scratch == NULL)
    scratch = own = g_string_sized_new (value->len);
  g_string_truncate (scratch, 0);
  _overlap_json_string_append (value, scratch);
  return g_string_chunk_insert_const (chunk, scratch->str);
}

const char *
_overlap_json_member_chunk (const OverlapJsonValue *object,
                            const char             *key,
                            GStringChunk           *chunk,
                            GString                *scratch)
{
  OverlapJsonValue member;

  if (!_overlap_json_object_lookup (object, key, &member))
    return NULL;
  return _overlap_json_chunk_string (&member, chunk, scratch);
}
