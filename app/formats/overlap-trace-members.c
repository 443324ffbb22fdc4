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
  while (_overlap_json_next_member (scanner, &first, &key))
    {
      OverlapJsonValue value;

      if (!_overlap_json_read_value (scanner, &value))
        return FALSE;

      /* the common case, a key without escapes: told by its length and bytes */
      if (!key.escaped)
        {
          const char *k = key.start;

#define IS(literal) (memcmp (k, literal, sizeof literal - 1) == 0)
          switch (key.len)
            {
            case 2:
              if (IS ("ph")) m->ph = value;
              else if (IS ("ts")) m->ts = value;
              else if (IS ("id")) m->id = value;
              else if (IS ("bp")) m->bp = value;
              break;
            case 3:
              if (IS ("pid")) m->pid = value;
              else if (IS ("tid")) m->tid = value;
              else if (IS ("cat")) m->cat = value;
              else if (IS ("dur")) m->dur = value;
              else if (IS ("id2")) m->id2 = value;
              break;
            case 4:
              if (IS ("name")) m->name = value;
              else if (IS ("args")) m->args = value;
              break;
            case 5:
              if (IS ("scope")) m->scope = value;
              break;
            case 7:
              if (IS ("bind_id")) m->bind_id = value;
              else if (IS ("flow_in")) m->flow_in = value.type == OVERLAP_JSON_TRUE;
              break;
            case 8:
              if (IS ("flow_out")) m->flow_out = value.type == OVERLAP_JSON_TRUE;
              break;
            default:
              break;
            }
#undef IS
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
