/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "overlap-format-private.h"

G_BEGIN_DECLS

/* A small JSON scanner over text in memory (a GMappedFile, a GBytes): it
 * reads one value at a time without building a tree, so that a 100 MB trace
 * costs its events' compact structs, not a JsonNode per member. Values point
 * into the text; strings are decoded only when asked. Containers are skipped
 * iteratively (no recursion, any depth). */

typedef enum
{
  OVERLAP_JSON_NONE,
  OVERLAP_JSON_STRING,
  OVERLAP_JSON_NUMBER,
  OVERLAP_JSON_TRUE,
  OVERLAP_JSON_FALSE,
  OVERLAP_JSON_NULL,
  OVERLAP_JSON_OBJECT,
  OVERLAP_JSON_ARRAY,
} OverlapJsonType;

typedef enum
{
  OVERLAP_JSON_OK,
  OVERLAP_JSON_END,         /* the text ends (a value was expected) */
  OVERLAP_JSON_SYNTAX,      /* something that is not JSON */
} OverlapJsonStatus;

typedef struct
{
  OverlapJsonType type;
  gboolean        escaped;  /* strings: holds a backslash */
  const char     *start;    /* strings: after the quote; others: the first character */
  gsize           len;      /* strings: without the quotes; containers: with the brackets */
} OverlapJsonValue;

typedef struct
{
  const char        *data;
  gsize              size;
  gsize              pos;
  OverlapJsonStatus  status;
  gsize              error_pos;
  const char        *error;   /* static, untranslated: what was found */
} OverlapJsonScanner;

/* Tables of bytes, for walks of their own (overlap-trace-members.c): those
 * of a number; those that end a string's plain run (its quote, a backslash) */
extern const guint8 _overlap_json_number_char[256];
extern const guint8 _overlap_json_string_stop[256];

void               _overlap_json_scanner_init   (OverlapJsonScanner     *scanner,
                                                 const char             *data,
                                                 gsize                   size);
/* Skips white space; returns the next character, or 0 at the end. */
char               _overlap_json_skip_space     (OverlapJsonScanner     *scanner);

/* The next byte that is not white space (0 at the end), not consumed: most
 * often the very next, so that is told here, inline */
static inline char
_overlap_json_peek (OverlapJsonScanner *scanner)
{
  if (G_LIKELY (scanner->pos < scanner->size) && (guchar) scanner->data[scanner->pos] > ' ')
    return scanner->data[scanner->pos];
  return _overlap_json_skip_space (scanner);
}
gboolean           _overlap_json_expect         (OverlapJsonScanner     *scanner,
                                                 char                    c);
/* Reads a value; containers are skipped whole (value->start .. +len). */
gboolean           _overlap_json_read_value     (OverlapJsonScanner     *scanner,
                                                 OverlapJsonValue       *value);
/* Reads a scalar, or only the opening bracket of a container (then the
 * caller walks it with _overlap_json_next_member / _next_element). */
gboolean           _overlap_json_enter_value    (OverlapJsonScanner     *scanner,
                                                 OverlapJsonValue       *value);
/* Inside an object: reads "key": and stops before the value. FALSE at the
 * closing brace (status OK) or on an error. */
gboolean           _overlap_json_next_member    (OverlapJsonScanner     *scanner,
                                                 gboolean               *first,
                                                 OverlapJsonValue       *key);
/* Inside an array: FALSE at the closing bracket (status OK) or on an error. */
gboolean           _overlap_json_next_element   (OverlapJsonScanner     *scanner,
                                                 gboolean               *first);
void               _overlap_json_position       (const char             *data,
                                                 gsize                   pos,
                                                 guint                  *line,
                                                 guint                  *column);

gboolean           _overlap_json_string_equal   (const OverlapJsonValue *value,
                                                 const char             *literal);
/* Appends the decoded string (escapes, \u with surrogates; bad ones → U+FFFD). */
void               _overlap_json_string_append  (const OverlapJsonValue *value,
                                                 GString                *out);
char              *_overlap_json_string_dup     (const OverlapJsonValue *value);
OverlapNumberStatus _overlap_json_value_double  (const OverlapJsonValue *value,
                                                 double                 *number);
/* In µs-like integers: rounds; INVALID when not finite or out of range. */
OverlapNumberStatus _overlap_json_value_int     (const OverlapJsonValue *value,
                                                 gint64                 *number);
/* Looks @key up among the members of an object value (shallow). */
gboolean           _overlap_json_object_lookup  (const OverlapJsonValue *object,
                                                 const char             *key,
                                                 OverlapJsonValue       *member);
/* A string value, or the string member @key of an object, decoded into @chunk
 * (each text once) and living as long as it; NULL when it is no string.
 * @scratch is room to decode in (NULL: a buffer of the call's own). */
const char        *_overlap_json_chunk_string   (const OverlapJsonValue *value,
                                                 GStringChunk           *chunk,
                                                 GString                *scratch);
const char        *_overlap_json_member_chunk   (const OverlapJsonValue *object,
                                                 const char             *key,
                                                 GStringChunk           *chunk,
                                                 GString                *scratch);

G_END_DECLS
