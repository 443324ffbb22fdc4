/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-scenario"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "overlap-error.h"
#include "overlap-scenario-fields-private.h"
#include "overlap-units.h"

/* The pieces a scenario's JSON is read and written with: errors that say where,
 * JSON values (numbers with units read by overlap-units.c), and fields: a table of
 * the members an object may have, read, compared and written the same way. */

/* Where a problem is */

void
_overlap_where_clear (OverlapWhere *where)
{
  g_clear_pointer (&where->place, g_free);
}

gboolean
_overlap_fail (GError             **error,
               const OverlapWhere  *where,
               const char          *format,
               ...)
{
  g_autofree char *problem = NULL;
  va_list args;

  va_start (args, format);
  problem = g_strdup_vprintf (format, args);
  va_end (args);

  if (where->place != NULL)
    g_set_error (error, OVERLAP_ERROR, OVERLAP_ERROR_SCENARIO, "%s: %s: %s",
                 where->file, where->place, problem);
  else
    g_set_error (error, OVERLAP_ERROR, OVERLAP_ERROR_SCENARIO, "%s: %s", where->file, problem);
  return FALSE;
}

/* Values */

static gboolean
is_number (JsonNode *node)
{
  GType type;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE;
}

gboolean
_overlap_json_is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

gboolean
_overlap_json_read_string (JsonNode            *node,
                           const char          *key,
                           char               **out,
                           const OverlapWhere  *where,
                           GError             **error)
{
  if (!_overlap_json_is_string (node))
    return _overlap_fail (error, where, _("“%s” must be a string"), key);
  g_free (*out);
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

gboolean
_overlap_json_read_bool (JsonNode            *node,
                         const char          *key,
                         gboolean            *out,
                         const OverlapWhere  *where,
                         GError             **error)
{
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return _overlap_fail (error, where, _("“%s” must be true or false"), key);
  *out = json_node_get_boolean (node);
  return TRUE;
}

gboolean
_overlap_json_read_whole (JsonNode            *node,
                          const char          *key,
                          guint64              min,
                          guint64              max,
                          guint64             *out,
                          const OverlapWhere  *where,
                          GError             **error)
{
  double value;

  if (!is_number (node))
    return _overlap_fail (error, where, _("“%s” must be a whole number"), key);
  value = json_node_get_double (node);
  /* The range first: casting 1e300 or inf to an integer is undefined (found by fuzzing);
   * !(a && b) also refuses NaN. */
  if (!(value >= (double) min && value <= (double) max) || value != (double) (guint64) value)
    return _overlap_fail (error, where, _("“%s” must be a whole number from %llu to %llu"),
                 key, (unsigned long long) min, (unsigned long long) max);
  *out = (guint64) value;
  return TRUE;
}

/* @text, a string with a unit: "200 ms" → µs for seconds, "64 KiB" → bytes for
 * sizes, "512 KiB/s" for a rate */
static gboolean
parse_amount (const OverlapField  *field,
              const char          *text,
              guint64             *out,
              GError             **error)
{
  gint64 usec;

  switch (field->type)
    {
    case OVERLAP_FIELD_SECONDS:
      if (!overlap_parse_duration (field->key, text, OVERLAP_UNITS_SECONDS, &usec, error))
        return FALSE;
      *out = usec;
      return TRUE;
    case OVERLAP_FIELD_BYTES_PER_SECOND:
      return overlap_parse_rate (field->key, text, out, error);
    default:
      return overlap_parse_size (field->key, text, out, error);
    }
}

/* An amount in @field's unit, from a number (1.5 seconds, 65536 bytes) or a string
 * with a unit: µs for seconds, bytes for sizes and rates, from @field's min to its max */
static gboolean
read_amount (JsonNode            *node,
             const OverlapField  *field,
             guint64             *out,
             const OverlapWhere  *where,
             GError             **error)
{
  const char *key = field->key;
  gboolean seconds = field->type == OVERLAP_FIELD_SECONDS;
  gboolean exact = FALSE;
  double value;

  if (_overlap_json_is_string (node))
    {
      g_autoptr(GError) local_error = NULL;

      if (!parse_amount (field, json_node_get_string (node), out, &local_error))
        return _overlap_fail (error, where, "%s", local_error->message);
      value = *out;
      exact = TRUE;
    }
  else if (is_number (node))
    {
      value = json_node_get_double (node) * (seconds ? G_USEC_PER_SEC : 1);
      if (!(value >= 0))
        return _overlap_fail (error, where, _("“%s” must not be negative"), key);
    }
  else if (seconds)
    return _overlap_fail (error, where, _("“%s” must be a number of seconds"), key);
  else
    return _overlap_fail (error, where, _("“%s” must be a number of bytes"), key);

  if (value > (double) field->max)
    {
      g_autofree char *limit = NULL;

      if (seconds)
        return _overlap_fail (error, where, _("“%s” is %g s, more than the %g s allowed"),
                              key, value / G_USEC_PER_SEC, field->max / (double) G_USEC_PER_SEC);
      limit = g_format_size_full (field->max, G_FORMAT_SIZE_IEC_UNITS);
      return _overlap_fail (error, where, _("“%s” is more than the %s allowed"), key, limit);
    }

  if (!exact)
    *out = (guint64) (value + 0.5);
  if (*out < field->min)
    return _overlap_fail (error, where, "%s", _(field->error));
  return TRUE;
}

/* An http or https URL */
static gboolean
read_url (JsonNode            *node,
          const char          *key,
          char               **out,
          const OverlapWhere  *where,
          GError             **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) uri_error = NULL;
  const char *scheme;

  if (!_overlap_json_read_string (node, key, out, where, error))
    return FALSE;
  uri = g_uri_parse (*out, G_URI_FLAGS_NONE, &uri_error);
  if (uri == NULL)
    return _overlap_fail (error, where, _("“%s” is not a valid URL: %s"), key, uri_error->message);
  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0)
    return _overlap_fail (error, where,
                          _("“%s”: only http and https URLs can be fetched, not “%s”"),
                 key, scheme);
  return TRUE;
}

/* A list of strings, not empty; @message (translated) when it is anything else */
static gboolean
read_strv (JsonNode             *node,
           const char           *key,
           const char           *message,
           char               ***out,
           const OverlapWhere   *where,
           GError              **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) == 0)
    return _overlap_fail (error, where, "%s", message);
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);

      if (!_overlap_json_is_string (item))
        return _overlap_fail (error, where,
                              _("“%s” must be a list of strings: item %u is not a string"),
                     key, i);
      g_strv_builder_add (builder, json_node_get_string (item));
    }
  g_strfreev (*out);
  *out = g_strv_builder_end (builder);
  return TRUE;
}

const OverlapField *
_overlap_fields_find (const OverlapField *fields,
                      guint               n_fields,
                      const char         *key)
{
  for (guint i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, key))
      return &fields[i];
  return NULL;
}

static guint64
load_whole (const OverlapField *field,
            gconstpointer       base)
{
  gconstpointer member = G_STRUCT_MEMBER_P (base, field->offset);

  g_assert (field->width == sizeof (guint) || field->width == sizeof (guint64));
  return field->width == sizeof (guint) ? *(const guint *) member : *(const guint64 *) member;
}

static void
store_whole (const OverlapField *field,
             gpointer            base,
             guint64             value)
{
  gpointer member = G_STRUCT_MEMBER_P (base, field->offset);

  g_assert (field->width == sizeof (guint) || field->width == sizeof (guint64));
  if (field->width == sizeof (guint))
    *(guint *) member = (guint) value;
  else
    *(guint64 *) member = value;
}

static gboolean
read_field (const OverlapField  *field,
            JsonNode            *node,
            gpointer             base,
            const OverlapWhere  *where,
            GError             **error)
{
  gpointer member = G_STRUCT_MEMBER_P (base, field->offset);
  const char *key = field->key;
  g_autofree char *word = NULL;
  guint64 value;

  switch (field->type)
    {
    case OVERLAP_FIELD_STRING:
      return _overlap_json_read_string (node, key, member, where, error);
    case OVERLAP_FIELD_URL:
      return read_url (node, key, member, where, error);
    case OVERLAP_FIELD_SECONDS:
      if (!read_amount (node, field, &value, where, error))
        return FALSE;
      *(gint64 *) member = value;
      return TRUE;
    case OVERLAP_FIELD_BOOL:
      return _overlap_json_read_bool (node, key, member, where, error);
    case OVERLAP_FIELD_STRV:
      return read_strv (node, key, _(field->error), member, where, error);

    case OVERLAP_FIELD_BYTES:
    case OVERLAP_FIELD_BYTES_PER_SECOND:
      if (!read_amount (node, field, &value, where, error))
        return FALSE;
      store_whole (field, base, value);
      return TRUE;

    case OVERLAP_FIELD_WHOLE:
      if (!_overlap_json_read_whole (node, key, field->min, field->max, &value, where, error))
        return FALSE;
      store_whole (field, base, value);
      return TRUE;

    case OVERLAP_FIELD_CHOICE:
      if (!_overlap_json_read_string (node, key, &word, where, error))
        return FALSE;
      for (guint i = 0; i < G_N_ELEMENTS (field->choices); i++)
        {
          if (g_str_equal (word, field->choices[i]))
            {
              *(gboolean *) member = i;
              return TRUE;
            }
        }
      return _overlap_fail (error, where, _(field->error), word);

    default:
      g_assert_not_reached ();
    }
}

/* Fields */

/* Refuses a member that is neither in @fields nor in @keys (NULL-terminated, or NULL). */
gboolean
_overlap_fields_check_keys (JsonObject          *object,
                            const OverlapField  *fields,
                            guint                n_fields,
                            const char * const  *keys,
                            const OverlapWhere  *where,
                            GError             **error)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (const GList *l = members; l != NULL; l = l->next)
    {
      g_autoptr(GStrvBuilder) known = NULL;
      g_auto(GStrv) list = NULL;
      g_autofree char *joined = NULL;

      if ((keys != NULL && g_strv_contains (keys, l->data)) ||
          _overlap_fields_find (fields, n_fields, l->data) != NULL)
        continue;

      known = g_strv_builder_new ();
      if (keys != NULL)
        g_strv_builder_addv (known, (const char **) keys);
      for (guint i = 0; i < n_fields; i++)
        g_strv_builder_add (known, fields[i].key);
      list = g_strv_builder_end (known);
      joined = g_strjoinv (", ", list);
      return _overlap_fail (error, where, _("unknown key “%s” (known keys: %s)"),
                   (const char *) l->data, joined);
    }
  return TRUE;
}

/* Reads the members of @object that @fields describe into @base. */
gboolean
_overlap_fields_read (JsonObject          *object,
                      const OverlapField  *fields,
                      guint                n_fields,
                      gpointer             base,
                      const OverlapWhere  *where,
                      GError             **error)
{
  for (guint i = 0; i < n_fields; i++)
    {
      JsonNode *node = json_object_get_member (object, fields[i].key);

      if (node != NULL && !read_field (&fields[i], node, base, where, error))
        return FALSE;
    }
  return TRUE;
}

/* Not the default */
gboolean
_overlap_field_is_set (const OverlapField *field,
                       gconstpointer       base)
{
  gconstpointer member = G_STRUCT_MEMBER_P (base, field->offset);

  switch (field->type)
    {
    case OVERLAP_FIELD_STRING:
    case OVERLAP_FIELD_URL:
    case OVERLAP_FIELD_STRV:
      return *(const gpointer *) member != NULL;
    case OVERLAP_FIELD_SECONDS:
      return *(const gint64 *) member > 0;
    case OVERLAP_FIELD_BOOL:
    case OVERLAP_FIELD_CHOICE:
      return *(const gboolean *) member;
    case OVERLAP_FIELD_BYTES:
    case OVERLAP_FIELD_BYTES_PER_SECOND:
    case OVERLAP_FIELD_WHOLE:
      return load_whole (field, base) > 0;
    default:
      g_assert_not_reached ();
    }
}

gboolean
_overlap_fields_equal (const OverlapField *fields,
                       guint               n_fields,
                       gconstpointer       a,
                       gconstpointer       b)
{
  for (guint i = 0; i < n_fields; i++)
    {
      const OverlapField *field = &fields[i];
      gconstpointer x = G_STRUCT_MEMBER_P (a, field->offset);
      gconstpointer y = G_STRUCT_MEMBER_P (b, field->offset);
      gboolean equal;

      switch (field->type)
        {
        case OVERLAP_FIELD_STRING:
        case OVERLAP_FIELD_URL:
          equal = g_strcmp0 (*(char * const *) x, *(char * const *) y) == 0;
          break;
        case OVERLAP_FIELD_STRV:
          {
            const char * const *u = *(const char * const * const *) x;
            const char * const *v = *(const char * const * const *) y;

            equal = u == NULL || v == NULL ? u == v : g_strv_equal (u, v);
          }
          break;
        case OVERLAP_FIELD_SECONDS:
          equal = *(const gint64 *) x == *(const gint64 *) y;
          break;
        case OVERLAP_FIELD_BOOL:
        case OVERLAP_FIELD_CHOICE:
          equal = *(const gboolean *) x == *(const gboolean *) y;
          break;
        case OVERLAP_FIELD_BYTES:
        case OVERLAP_FIELD_BYTES_PER_SECOND:
        case OVERLAP_FIELD_WHOLE:
          equal = load_whole (field, a) == load_whole (field, b);
          break;
        default:
          g_assert_not_reached ();
        }
      if (!equal)
        return FALSE;
    }
  return TRUE;
}

static void
write_field (JsonBuilder        *builder,
             const OverlapField *field,
             gconstpointer       base)
{
  gconstpointer member = G_STRUCT_MEMBER_P (base, field->offset);

  json_builder_set_member_name (builder, field->key);
  switch (field->type)
    {
    case OVERLAP_FIELD_STRING:
    case OVERLAP_FIELD_URL:
      json_builder_add_string_value (builder, *(const char * const *) member);
      break;
    case OVERLAP_FIELD_SECONDS:
      json_builder_add_double_value (builder, *(const gint64 *) member / (double) G_USEC_PER_SEC);
      break;
    case OVERLAP_FIELD_BYTES:
    case OVERLAP_FIELD_BYTES_PER_SECOND:
    case OVERLAP_FIELD_WHOLE:
      json_builder_add_int_value (builder, (gint64) load_whole (field, base));
      break;
    case OVERLAP_FIELD_BOOL:
      json_builder_add_boolean_value (builder, *(const gboolean *) member);
      break;
    case OVERLAP_FIELD_CHOICE:
      json_builder_add_string_value (builder, field->choices[*(const gboolean *) member ? 1 : 0]);
      break;
    case OVERLAP_FIELD_STRV:
      json_builder_begin_array (builder);
      for (char * const *s = *(char ** const *) member; *s != NULL; s++)
        json_builder_add_string_value (builder, *s);
      json_builder_end_array (builder);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* The members of @base that @fields say to write: those set, @needed (a key written
 * even when it is not, or NULL), and those for @kind (bits of kinds, or 0). */
void
_overlap_fields_write (JsonBuilder        *builder,
                       const OverlapField *fields,
                       guint               n_fields,
                       gconstpointer       base,
                       guint               kind,
                       const char         *needed)
{
  for (guint i = 0; i < n_fields; i++)
    {
      const OverlapField *field = &fields[i];
      gboolean write = FALSE;

      switch (field->write)
        {
        case OVERLAP_FIELD_WRITE_IF_SET:
          write = _overlap_field_is_set (field, base) || g_strcmp0 (field->key, needed) == 0;
          break;
        case OVERLAP_FIELD_WRITE_ALWAYS:
          write = TRUE;
          break;
        case OVERLAP_FIELD_WRITE_FOR_KINDS:
          write = (field->kinds & kind) != 0;
          break;
        default:
          g_assert_not_reached ();
        }
      if (write)
        write_field (builder, field, base);
    }
}
