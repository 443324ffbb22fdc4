/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Where a problem is, for its message: "FILE: PLACE: problem" */
typedef struct
{
  const char *file;       /* display name */
  char       *place;      /* "tasks[2] (“Task C”)", or NULL */
} OverlapWhere;

void     _overlap_where_clear (OverlapWhere  *where);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (OverlapWhere, _overlap_where_clear)

gboolean _overlap_fail        (GError            **error,
                               const OverlapWhere *where,
                               const char         *format,
                               ...) G_GNUC_PRINTF (3, 4);

/* JSON values */
gboolean _overlap_json_is_string   (JsonNode           *node);
gboolean _overlap_json_read_string (JsonNode           *node,
                                    const char         *key,
                                    char              **out,
                                    const OverlapWhere *where,
                                    GError            **error);
gboolean _overlap_json_read_bool   (JsonNode           *node,
                                    const char         *key,
                                    gboolean           *out,
                                    const OverlapWhere *where,
                                    GError            **error);
gboolean _overlap_json_read_whole  (JsonNode           *node,
                                    const char         *key,
                                    guint64             min,
                                    guint64             max,
                                    guint64            *out,
                                    const OverlapWhere *where,
                                    GError            **error);

/* Fields: a table of the members a JSON object may have, and where each goes in a
 * C struct. The reader and the writer of an object both walk its table. */

typedef enum
{
  OVERLAP_FIELD_STRING,           /* char * */
  OVERLAP_FIELD_URL,              /* char *: an http or https URL */
  OVERLAP_FIELD_SECONDS,          /* gint64 µs: seconds, or a string with a unit */
  OVERLAP_FIELD_BYTES,            /* guint64 or gsize: bytes, or a string with a unit */
  OVERLAP_FIELD_BYTES_PER_SECOND, /* guint64: the same, "/s" allowed */
  OVERLAP_FIELD_WHOLE,            /* guint or guint64: a whole number */
  OVERLAP_FIELD_BOOL,             /* gboolean */
  OVERLAP_FIELD_CHOICE,           /* gboolean: one of two words, choices[FALSE] or choices[TRUE] */
  OVERLAP_FIELD_STRV,             /* char **: a list of strings, not empty */
} OverlapFieldType;

typedef enum
{
  OVERLAP_FIELD_WRITE_IF_SET,     /* written when not its default */
  OVERLAP_FIELD_WRITE_ALWAYS,
  OVERLAP_FIELD_WRITE_FOR_KINDS,  /* written for the kinds in @kinds, never for the others */
} OverlapFieldWrite;

/* A field's default is its member's zero (0, NULL, FALSE), and a default is not written. */
typedef struct
{
  const char        *key;
  OverlapFieldType   type;
  gsize              offset;
  gsize              width;     /* sizeof the member */
  guint64            min;       /* range: µs, bytes or the number itself */
  guint64            max;
  const char        *error;     /* N_(): below min, not a list, or not a choice (with the
                                 * word for a %s) */
  OverlapFieldWrite  write;
  guint              kinds;     /* bits of kinds, for OVERLAP_FIELD_WRITE_FOR_KINDS */
  const char        *choices[2];
} OverlapField;

/* .offset and .width of @member of @Type */
#define OVERLAP_FIELD_MEMBER(Type, member) \
  .offset = G_STRUCT_OFFSET (Type, member), .width = sizeof (((Type *) NULL)->member)

const OverlapField *_overlap_fields_find       (const OverlapField  *fields,
                                                guint                n_fields,
                                                const char          *key);
gboolean            _overlap_fields_check_keys (JsonObject          *object,
                                                const OverlapField  *fields,
                                                guint                n_fields,
                                                const char * const  *keys,
                                                const OverlapWhere  *where,
                                                GError             **error);
gboolean            _overlap_fields_read       (JsonObject          *object,
                                                const OverlapField  *fields,
                                                guint                n_fields,
                                                gpointer             base,
                                                const OverlapWhere  *where,
                                                GError             **error);
gboolean            _overlap_field_is_set      (const OverlapField  *field,
                                                gconstpointer        base);
gboolean            _overlap_fields_equal      (const OverlapField  *fields,
                                                guint                n_fields,
                                                gconstpointer        a,
                                                gconstpointer        b);
void                _overlap_fields_write      (JsonBuilder         *builder,
                                                const OverlapField  *fields,
                                                guint                n_fields,
                                                gconstpointer        base,
                                                guint                kind,
                                                const char          *needed);

G_END_DECLS
