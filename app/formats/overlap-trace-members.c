/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "overlap-trace-members-private.h"

/* Whether a member's key is @name (of @len bytes), escaped or not */
gboolean
_overlap_trace_key_is (const OverlapJsonValue *key,
                       const char             *name,
                       gsize                   len)
{
  if (key->escaped)
    return _overlap_json_string_equal (key, name);
  return key->len == len && memcmp (key->start, name, len) == 0;
}

#define KEY_IS OVERLAP_TRACE_KEY_IS

/* Keeps @value when @key (of @len bytes, no escapes) is a member Overlap uses */
static inline void
keep_member (OverlapTraceMembers    *m,
             const char             *k,
             gsize                   len,
             const OverlapJsonValue *value)
{
#define IS(literal) (memcmp (k, literal, sizeof literal - 1) == 0)
  switch (len)
    {
    case 2:
      if (IS ("ph")) m->ph = *value;
      else if (IS ("ts")) m->ts = *value;
      else if (IS ("id")) m->id = *value;
      else if (IS ("bp")) m->bp = *value;
      break;
    case 3:
      if (IS ("pid")) m->pid = *value;
      else if (IS ("tid")) m->tid = *value;
      else if (IS ("cat")) m->cat = *value;
      else if (IS ("dur")) m->dur = *value;
      else if (IS ("id2")) m->id2 = *value;
      break;
    case 4:
      if (IS ("name")) m->name = *value;
      else if (IS ("args")) m->args = *value;
      break;
    case 5:
      if (IS ("scope")) m->scope = *value;
      break;
    case 7:
      if (IS ("bind_id")) m->bind_id = *value;
      else if (IS ("flow_in")) m->flow_in = value->type == OVERLAP_JSON_TRUE;
      break;
    case 8:
      if (IS ("flow_out")) m->flow_out = value->type == OVERLAP_JSON_TRUE;
      break;
    default:
      break;
    }
#undef IS
}

static inline const char *
skip_space (const char *p,
            const char *end)
{
  /* mostly there is none: told by one comparison */
  while (p < end && (guchar) *p <= ' ' && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
    p++;
  return p;
}

/* The quick way through an event's members, as tracers write them: keys
 * without escapes, strings without escapes and numbers read with a pointer of
 * its own, containers and words by the scanner. At anything else (an escape,
 * an error, the end of the data) it stops before that member, for the way
 * below to read it and tell what is wrong as it always has. Returns TRUE when
 * it has read the object to its '}'. */
static gboolean
members_quick (OverlapJsonScanner  *scanner,
               OverlapTraceMembers *m,
               gboolean            *first)
{
  const char *data = scanner->data;
  const char *end = data + scanner->size;
  const char *p = data + scanner->pos;
  const char *member = p;

  for (;;)
    {
      const char *k;
      gsize len;
      OverlapJsonValue value = { 0 };

      member = p;
      p = skip_space (p, end);
      if (p < end && *p == '}')
        {
          scanner->pos = p + 1 - data;
          scanner->status = OVERLAP_JSON_OK;
          return TRUE;
        }
      if (!*first)
        {
          if (p >= end || *p != ',')
            break;
          p = skip_space (p + 1, end);
        }
      if (p >= end || *p != '"')
        break;
      k = ++p;
      while (p < end && !_overlap_json_string_stop[(guchar) *p])
        p++;
      if (p >= end || *p != '"')
        break;
      len = p - k;
      p = skip_space (p + 1, end);
      if (p >= end || *p != ':')
        break;
      p = skip_space (p + 1, end);
      if (p >= end)
        break;

      if (*p == '"')
        {
          value.type = OVERLAP_JSON_STRING;
          value.start = ++p;
          while (p < end && !_overlap_json_string_stop[(guchar) *p])
            p++;
          if (p >= end || *p != '"')
            break;
          value.len = p - value.start;
          p++;
        }
      else if (*p == '-' || (*p >= '0' && *p <= '9'))
        {
          value.type = OVERLAP_JSON_NUMBER;
          value.start = p;
          while (p < end && _overlap_json_number_char[(guchar) *p])
            p++;
          value.len = p - value.start;
        }
      else
        {
          scanner->pos = p - data;
          if (!_overlap_json_read_value (scanner, &value))
            break;
          p = data + scanner->pos;
        }

      *first = FALSE;
      keep_member (m, k, len, &value);
      continue;
    }

  /* the member that stopped it is read again, the other way */
  scanner->pos = member - data;
  return FALSE;
}

/* Reads the members of the event object at @scanner (just after its '{', or
 * entered). Returns FALSE on a JSON error; the scanner says which. Members
 * Overlap does not use are passed over. */
gboolean
_overlap_trace_members_read (OverlapJsonScanner  *scanner,
                             OverlapTraceMembers *m)
{
  OverlapJsonValue key;
  gboolean first = TRUE;

  memset (m, 0, sizeof *m);
  if (members_quick (scanner, m, &first))
    return TRUE;

  while (_overlap_json_next_member (scanner, &first, &key))
    {
      OverlapJsonValue value;

      if (!_overlap_json_read_value (scanner, &value))
        return FALSE;

      /* the common case, a key without escapes: told by its length and bytes */
      if (!key.escaped)
        {
          keep_member (m, key.start, key.len, &value);
          continue;
        }

      if (KEY_IS (&key, "ph")) m->ph = value;
      else if (KEY_IS (&key, "ts")) m->ts = value;
      else if (KEY_IS (&key, "pid")) m->pid = value;
      else if (KEY_IS (&key, "tid")) m->tid = value;
      else if (KEY_IS (&key, "name")) m->name = value;
      else if (KEY_IS (&key, "cat")) m->cat = value;
      else if (KEY_IS (&key, "dur")) m->dur = value;
      else if (KEY_IS (&key, "args")) m->args = value;
      else if (KEY_IS (&key, "id")) m->id = value;
      else if (KEY_IS (&key, "id2")) m->id2 = value;
      else if (KEY_IS (&key, "scope")) m->scope = value;
      else if (KEY_IS (&key, "bp")) m->bp = value;
      else if (KEY_IS (&key, "bind_id")) m->bind_id = value;
      else if (KEY_IS (&key, "flow_in")) m->flow_in = value.type == OVERLAP_JSON_TRUE;
      else if (KEY_IS (&key, "flow_out")) m->flow_out = value.type == OVERLAP_JSON_TRUE;
    }
  return scanner->status == OVERLAP_JSON_OK;
}

/* The phase letter, or 0 when "ph" is not a one-letter string */
char
_overlap_trace_members_ph (const OverlapTraceMembers *m)
{
  if (m->ph.type != OVERLAP_JSON_STRING || m->ph.len != 1 || m->ph.escaped)
    return 0;
  return m->ph.start[0];
}
