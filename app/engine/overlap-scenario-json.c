/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-scenario"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "overlap-error.h"
#include "overlap-scenario-fields-private.h"
#include "overlap-scenario-private.h"

/* A scenario in JSON, read and written:
 *
 *   { "title": "Three tasks", "description": "…",
 *     "strategies": ["sequential", "gather"],
 *     "http": { "max-conns": 100, "max-conns-per-host": 100 },
 *     "tasks": [ { "kind": "timer", "label": "Task A", "duration": 2 }, … ] }
 *
 * A task's members are described once, in task_fields[]: its key, its type and unit,
 * where it goes in an OverlapTaskSpec, its range and its own error message. The
 * reader and the writer both walk that table; kind_rules[] says what each kind of
 * task needs. Durations are seconds, or strings with a unit ("200 ms"); sizes are
 * bytes, or strings with a unit ("64 KiB"), read by overlap-units.c. A task with
 * "repeat": n stands for n tasks, its label numbered ("page {n}" or "page 1",
 * "page 2", …). Every problem is an error naming the file, the place and what is
 * wrong; unknown keys included, so that a typo does not pass unnoticed. */

/* json-glib parses recursively: 100,000 "[" overflow the stack (found by fuzzing).
 * A scenario nests four levels deep; anything past this is refused before parsing. */
#define MAX_JSON_DEPTH 64

/* The deepest nesting of [ and { in @data, strings skipped (stops counting past the limit). */
static guint
json_depth (const char *data,
            gsize       len)
{
  gboolean in_string = FALSE;
  guint depth = 0, deepest = 0;

  for (gsize i = 0; i < len && deepest <= MAX_JSON_DEPTH; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          depth++;
          deepest = MAX (deepest, depth);
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }
  return deepest;
}

/* The tables */

#define KIND(kind)   (1u << (kind))
#define SPEC(member) OVERLAP_FIELD_MEMBER (OverlapTaskSpec, member)
#define SCENARIO_MAX_LATENCY (600 * G_USEC_PER_SEC)
#define SCENARIO_MAX_CHUNK   (16 * 1024 * 1024)

/* A task's members after "kind" and "label", in the order they are written: key,
 * type (and so unit), member, range, own error. Every kind reads every field (a task
 * keeps its fields when the editor changes its kind); what a kind needs is below. */
static const OverlapField task_fields[] = {
  { "duration", OVERLAP_FIELD_SECONDS, SPEC (duration), .max = OVERLAP_SCENARIO_MAX_DURATION },
  { "timeout", OVERLAP_FIELD_SECONDS, SPEC (timeout), .max = OVERLAP_SCENARIO_MAX_DURATION },
  { "latency", OVERLAP_FIELD_SECONDS, SPEC (latency), .max = SCENARIO_MAX_LATENCY },
  { "url", OVERLAP_FIELD_URL, SPEC (url) },
  { "size", OVERLAP_FIELD_BYTES, SPEC (size), .max = OVERLAP_SCENARIO_MAX_SIZE },
  { "bandwidth", OVERLAP_FIELD_BYTES_PER_SECOND, SPEC (bandwidth),
    .max = OVERLAP_SCENARIO_MAX_SIZE },
  { "status", OVERLAP_FIELD_WHOLE, SPEC (status), .min = 100, .max = 599 },
  { "drop-after", OVERLAP_FIELD_BYTES, SPEC (drop_after), .max = OVERLAP_SCENARIO_MAX_SIZE },
  { "chunk-size", OVERLAP_FIELD_BYTES, SPEC (chunk_size), .min = 1, .max = SCENARIO_MAX_CHUNK,
    .error = N_("“chunk-size” must be at least 1 byte") },
  { "path", OVERLAP_FIELD_STRING, SPEC (path) },
  { "write", OVERLAP_FIELD_BOOL, SPEC (write) },
  { "where", OVERLAP_FIELD_CHOICE, SPEC (on_loop), .choices = { "thread", "loop" },
    .error = N_("“where” must be \"loop\" or \"thread\", not “%s”"),
    .write = OVERLAP_FIELD_WRITE_FOR_KINDS, .kinds = KIND (OVERLAP_TASK_CPU) },
  { "argv", OVERLAP_FIELD_STRV, SPEC (argv),
    .error = N_("“argv” must be a list of strings: the program and its arguments") },
};

#undef SPEC

/* The keys a task may have besides its fields */
static const char * const task_keys[] = { "kind", "label", "repeat", NULL };

static gboolean check_file_task (const OverlapTaskSpec  *spec,
                                 const OverlapWhere     *where,
                                 GError                **error);

/* What a kind of task needs: a key (unless it has another instead), and checks
 * across its members. */
typedef struct
{
  const char *needs;
  const char *unless;
  const char *needs_error;  /* N_(), with the kind's name for a %s */
  gboolean  (*check) (const OverlapTaskSpec *spec, const OverlapWhere *where, GError **error);
} KindRules;

static const KindRules kind_rules[OVERLAP_N_TASK_KINDS] = {
  [OVERLAP_TASK_TIMER] = { "duration", NULL, N_("a %s task needs a “duration”"), NULL },
  [OVERLAP_TASK_HTTP] = { NULL, NULL, NULL, NULL },
  [OVERLAP_TASK_FILE] = { NULL, NULL, NULL, check_file_task },
  [OVERLAP_TASK_SPAWN] = { "duration", "argv",
                           N_("a spawn task needs “argv” or a “duration” (to run sleep)"),
                           NULL },
  [OVERLAP_TASK_CPU] = { "duration", NULL, N_("a %s task needs a “duration”"), NULL },
};

/* The "http" object: connection limits */
typedef struct
{
  guint max_conns;
  guint max_conns_per_host;
} HttpLimits;

#define LIMITS(member) OVERLAP_FIELD_MEMBER (HttpLimits, member)

static const OverlapField http_fields[] = {
  { "max-conns", OVERLAP_FIELD_WHOLE, LIMITS (max_conns), .min = 1,
    .max = OVERLAP_SCENARIO_MAX_CONNS, .write = OVERLAP_FIELD_WRITE_ALWAYS },
  { "max-conns-per-host", OVERLAP_FIELD_WHOLE, LIMITS (max_conns_per_host), .min = 1,
    .max = OVERLAP_SCENARIO_MAX_CONNS, .write = OVERLAP_FIELD_WRITE_ALWAYS },
};

#undef LIMITS

/* "notes": [ { "at": "1.5 s", "text": "…" }, { "at": 1, "until": 2, "text": "…" } ] */
typedef struct
{
  gint64  at;
  gint64  until;
  char   *text;
} NoteFields;

#define NOTE(member) OVERLAP_FIELD_MEMBER (NoteFields, member)

static const OverlapField note_fields[] = {
  { "at", OVERLAP_FIELD_SECONDS, NOTE (at), .max = OVERLAP_SCENARIO_MAX_DURATION,
    .write = OVERLAP_FIELD_WRITE_ALWAYS },
  { "until", OVERLAP_FIELD_SECONDS, NOTE (until), .max = OVERLAP_SCENARIO_MAX_DURATION },
  { "text", OVERLAP_FIELD_STRING, NOTE (text), .write = OVERLAP_FIELD_WRITE_ALWAYS },
};

#undef NOTE

static gboolean
check_file_task (const OverlapTaskSpec  *spec,
                 const OverlapWhere     *where,
                 GError                **error)
{
  if (spec->write && spec->path != NULL)
    return _overlap_fail (error, where,
                          _("a file task that writes makes its own temporary file: remove “path”"));
  if (spec->path == NULL && spec->size == 0)
    return _overlap_fail (error, where, _("a file task needs a “path” to read or a “size”"));
  if (spec->write && spec->size > G_GUINT64_CONSTANT (16) * 1024 * 1024 * 1024)
    return _overlap_fail (error, where, _("a file task may write at most 16 GiB"));
  return TRUE;
}

/* The key @spec must be written with to parse again, even at its default (a timer's
 * "duration" of 0), or NULL: what its kind needs, unless it has the other key. */
static const char *
task_needed_key (const OverlapTaskSpec *spec)
{
  const KindRules *rules = &kind_rules[spec->kind];
  const OverlapField *instead;

  if (rules->unless == NULL)
    return rules->needs;
  instead = _overlap_fields_find (task_fields, G_N_ELEMENTS (task_fields), rules->unless);
  return _overlap_field_is_set (instead, spec) ? NULL : rules->needs;
}

/* Reading */

static gboolean
parse_task (JsonObject          *object,
            OverlapTaskSpec     *spec,
            guint               *repeat,
            const OverlapWhere  *where,
            GError             **error)
{
  g_autofree char *kind = NULL;
  const KindRules *rules;
  JsonNode *node;

  if (!_overlap_fields_check_keys (object, task_fields, G_N_ELEMENTS (task_fields), task_keys,
                                   where, error))
    return FALSE;

  node = json_object_get_member (object, "kind");
  if (node == NULL)
    return _overlap_fail (error, where, _("“kind” is missing (timer, http, file, spawn or cpu)"));
  if (!_overlap_json_read_string (node, "kind", &kind, where, error))
    return FALSE;
  if (!overlap_task_kind_from_string (kind, &spec->kind))
    return _overlap_fail (error, where,
                          _("unknown kind “%s” (known kinds: timer, http, file, spawn, cpu)"), kind);

  if ((node = json_object_get_member (object, "label")) &&
      !_overlap_json_read_string (node, "label", &spec->label, where, error))
    return FALSE;
  if (!_overlap_fields_read (object, task_fields, G_N_ELEMENTS (task_fields), spec, where, error))
    return FALSE;
  if ((node = json_object_get_member (object, "repeat")))
    {
      guint64 n;

      if (!_overlap_json_read_whole (node, "repeat", 1, OVERLAP_SCENARIO_MAX_TASKS, &n,
                                     where, error))
        return FALSE;
      *repeat = n;
    }

  rules = &kind_rules[spec->kind];
  if (rules->needs != NULL && !json_object_has_member (object, rules->needs) &&
      (rules->unless == NULL || !json_object_has_member (object, rules->unless)))
    return _overlap_fail (error, where, _(rules->needs_error), kind);
  if (rules->check != NULL && !rules->check (spec, where, error))
    return FALSE;

  return TRUE;
}

static char *
numbered_label (const char *label,
                guint       n)
{
  g_autofree char *number = g_strdup_printf ("%u", n);

  if (strstr (label, "{n}") != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (label, "{n}", -1);
      return g_strjoinv (number, parts);
    }
  return g_strdup_printf ("%s %u", label, n);
}

static char *
default_label (OverlapTaskKind kind,
               guint           n)
{
  switch (kind)
    {
    case OVERLAP_TASK_TIMER: return g_strdup_printf (_("Task %u"), n);
    case OVERLAP_TASK_HTTP: return g_strdup_printf (_("Request %u"), n);
    case OVERLAP_TASK_FILE: return g_strdup_printf (_("File %u"), n);
    case OVERLAP_TASK_SPAWN: return g_strdup_printf (_("Process %u"), n);
    case OVERLAP_TASK_CPU: return g_strdup_printf (_("Work %u"), n);
    case OVERLAP_N_TASK_KINDS:
    default: return g_strdup_printf ("%u", n);
    }
}

static gboolean
parse_strategies (OverlapScenario     *self,
                  JsonNode            *node,
                  const OverlapWhere  *where,
                  GError             **error)
{
  g_autoptr(GArray) list = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GString) joined = g_string_new (NULL);

  if (_overlap_json_is_string (node))
    g_string_append (joined, json_node_get_string (node));
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *item = json_array_get_element (array, i);

          if (!_overlap_json_is_string (item))
            return _overlap_fail (error, where, _("“strategies” must be a list of strings"));
          g_string_append_printf (joined, "%s%s", i ? "," : "", json_node_get_string (item));
        }
    }
  else
    return _overlap_fail (error, where, _("“strategies” must be a list of strings"));

  list = overlap_strategy_parse_list (joined->str, &local_error);
  if (list == NULL)
    return _overlap_fail (error, where, "“strategies”: %s", local_error->message);
  overlap_scenario_set_strategies (self, list);
  return TRUE;
}

static gboolean
parse_http (OverlapScenario  *self,
            JsonNode         *node,
            OverlapWhere     *where,
            GError          **error)
{
  HttpLimits limits = {
    overlap_scenario_get_max_conns (self),
    overlap_scenario_get_max_conns_per_host (self),
  };
  JsonObject *http;

  where->place = g_strdup ("http");
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return _overlap_fail (error, where,
                          _("must be an object with “max-conns” and “max-conns-per-host”"));
  http = json_node_get_object (node);
  if (!_overlap_fields_check_keys (http, http_fields, G_N_ELEMENTS (http_fields), NULL,
                                   where, error) ||
      !_overlap_fields_read (http, http_fields, G_N_ELEMENTS (http_fields), &limits, where, error))
    return FALSE;
  g_clear_pointer (&where->place, g_free);

  overlap_scenario_set_connection_limits (self, limits.max_conns, limits.max_conns_per_host);
  return TRUE;
}

/* Too many tasks in all, counted before any is made (a valid "repeat" of 100,000
 * twice would otherwise make 100,000 tasks before it fails) */
static guint64
count_tasks (JsonArray *tasks)
{
  guint64 total = 0;

  for (guint i = 0; i < json_array_get_length (tasks); i++)
    {
      JsonNode *item = json_array_get_element (tasks, i);
      JsonNode *repeat;

      if (JSON_NODE_HOLDS_OBJECT (item) &&
          (repeat = json_object_get_member (json_node_get_object (item), "repeat")) != NULL &&
          JSON_NODE_HOLDS_VALUE (repeat) && json_node_get_value_type (repeat) == G_TYPE_INT64 &&
          json_node_get_int (repeat) > 1 && json_node_get_int (repeat) <= OVERLAP_SCENARIO_MAX_TASKS)
        total += (guint64) json_node_get_int (repeat);   /* an invalid one is told of below */
      else
        total++;
    }
  return total;
}

/* "tasks[2]", or "tasks[2] (“Task C”)" when it has a label */
static char *
task_place (JsonNode *item,
            guint     i)
{
  JsonNode *label;

  if (JSON_NODE_HOLDS_OBJECT (item) &&
      (label = json_object_get_member (json_node_get_object (item), "label")) != NULL &&
      _overlap_json_is_string (label))
    return g_strdup_printf ("tasks[%u] (“%s”)", i, json_node_get_string (label));
  return g_strdup_printf ("tasks[%u]", i);
}

static gboolean
parse_tasks (OverlapScenario  *self,
             JsonArray        *tasks,
             OverlapWhere     *where,
             GError          **error)
{
  if (count_tasks (tasks) > OVERLAP_SCENARIO_MAX_TASKS)
    {
      where->place = g_strdup ("tasks");
      return _overlap_fail (error, where,
                            _("the scenario has more than %u tasks"), OVERLAP_SCENARIO_MAX_TASKS);
    }

  for (guint i = 0; i < json_array_get_length (tasks); i++)
    {
      JsonNode *item = json_array_get_element (tasks, i);
      g_autoptr(OverlapTaskSpec) spec = overlap_task_spec_new (OVERLAP_TASK_TIMER, NULL);
      guint repeat = 1;
      gboolean ok;

      where->place = task_place (item, i);
      if (!JSON_NODE_HOLDS_OBJECT (item))
        ok = _overlap_fail (error, where, _("a task must be an object with a “kind”"));
      else
        ok = parse_task (json_node_get_object (item), spec, &repeat, where, error);

      if (ok && overlap_scenario_get_n_tasks (self) + (guint64) repeat > OVERLAP_SCENARIO_MAX_TASKS)
        ok = _overlap_fail (error, where,
                            _("the scenario has more than %u tasks"), OVERLAP_SCENARIO_MAX_TASKS);

      g_clear_pointer (&where->place, g_free);
      if (!ok)
        return FALSE;

      for (guint r = 0; r < repeat; r++)
        {
          OverlapTaskSpec *copy = overlap_task_spec_copy (spec);

          g_free (copy->label);
          if (spec->label == NULL)
            copy->label = default_label (spec->kind, overlap_scenario_get_n_tasks (self) + 1);
          else if (repeat > 1)
            copy->label = numbered_label (spec->label, r + 1);
          else
            copy->label = g_strdup (spec->label);
          _overlap_scenario_take_task (self, copy);
        }
    }

  return TRUE;
}

static gboolean
parse_notes (OverlapScenario  *self,
             JsonNode         *node,
             OverlapWhere     *where,
             GError          **error)
{
  JsonArray *notes;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      where->place = g_strdup ("notes");
      return _overlap_fail (error, where, _("must be a list of objects with “at” and “text”"));
    }
  notes = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (notes); i++)
    {
      JsonNode *item = json_array_get_element (notes, i);
      NoteFields fields = { 0 };
      JsonObject *object;

      where->place = g_strdup_printf ("notes[%u]", i);
      if (!JSON_NODE_HOLDS_OBJECT (item))
        return _overlap_fail (error, where, _("must be an object with “at” and “text”"));
      object = json_node_get_object (item);
      if (!json_object_has_member (object, "at"))
        return _overlap_fail (error, where, _("“at” is missing"));
      if (!json_object_has_member (object, "text"))
        return _overlap_fail (error, where, _("“text” is missing"));
      if (!_overlap_fields_check_keys (object, note_fields, G_N_ELEMENTS (note_fields), NULL, where, error) ||
          !_overlap_fields_read (object, note_fields, G_N_ELEMENTS (note_fields), &fields, where, error))
        {
          g_free (fields.text);
          return FALSE;
        }
      if (json_object_has_member (object, "until") && fields.until < fields.at)
        {
          g_free (fields.text);
          return _overlap_fail (error, where, _("“until” is before “at”"));
        }
      overlap_scenario_add_note (self, fields.at,
                                 json_object_has_member (object, "until") ? fields.until : fields.at,
                                 fields.text);
      g_free (fields.text);
      g_clear_pointer (&where->place, g_free);
    }
  return TRUE;
}

static const char * const scenario_keys[] = {
  "title", "description", "strategies", "http", "race", "notes", "tasks", NULL
};

static gboolean
parse_scenario (OverlapScenario  *self,
                JsonNode         *root,
                const char       *display_name,
                GError          **error)
{
  /* Freed on every return, early ones included. */
  g_auto(OverlapWhere) where = { display_name, NULL };
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;
  gboolean race = FALSE;
  JsonObject *object;
  JsonArray *tasks;
  JsonNode *node;

  if (root == NULL)
    return _overlap_fail (error, &where, _("the file is empty"));
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return _overlap_fail (error, &where,
                          _("a scenario must be a JSON object with “title” and “tasks”"));

  object = json_node_get_object (root);
  if (!_overlap_fields_check_keys (object, NULL, 0, scenario_keys, &where, error))
    return FALSE;

  node = json_object_get_member (object, "title");
  if (node == NULL)
    return _overlap_fail (error, &where, _("“title” is missing"));
  if (!_overlap_json_read_string (node, "title", &title, &where, error))
    return FALSE;
  overlap_scenario_set_title (self, title);
  if ((node = json_object_get_member (object, "description")))
    {
      if (!_overlap_json_read_string (node, "description", &description, &where, error))
        return FALSE;
      overlap_scenario_set_description (self, description);
    }
  if ((node = json_object_get_member (object, "race")))
    {
      if (!_overlap_json_read_bool (node, "race", &race, &where, error))
        return FALSE;
      overlap_scenario_set_race (self, race);
    }
  if ((node = json_object_get_member (object, "strategies")) &&
      !parse_strategies (self, node, &where, error))
    return FALSE;
  if ((node = json_object_get_member (object, "http")) && !parse_http (self, node, &where, error))
    return FALSE;
  if ((node = json_object_get_member (object, "notes")) && !parse_notes (self, node, &where, error))
    return FALSE;

  node = json_object_get_member (object, "tasks");
  if (node == NULL)
    return _overlap_fail (error, &where, _("“tasks” is missing"));
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return _overlap_fail (error, &where, _("“tasks” must be a list of task objects"));
  tasks = json_node_get_array (node);
  if (json_array_get_length (tasks) == 0)
    return _overlap_fail (error, &where, _("“tasks” is empty: a scenario needs at least one task"));

  return parse_tasks (self, tasks, &where, error);
}

/* Fills @self, a new scenario, from @data (@length bytes, not NUL-terminated). */
gboolean
_overlap_scenario_read_json (OverlapScenario  *self,
                             const char       *data,
                             gsize             length,
                             const char       *display_name,
                             GError          **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  OverlapWhere where = { display_name, NULL };

  if (length == 0)
    return _overlap_fail (error, &where, _("the file is empty"));
  if (memchr (data, '\0', length) != NULL || !g_utf8_validate (data, length, NULL))
    return _overlap_fail (error, &where, _("this is not a scenario file: it is not UTF-8 text"));
  if (json_depth (data, length) > MAX_JSON_DEPTH)
    return _overlap_fail (error, &where,
                 _("this is not a scenario file: it nests lists and objects more than %u deep"),
                 MAX_JSON_DEPTH);

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      const char *message = local_error->message;

      if (g_str_has_prefix (message, "<data>:"))
        message += strlen ("<data>:");
      g_set_error (error, OVERLAP_ERROR, OVERLAP_ERROR_SCENARIO,
                   _("%s:%s (not valid JSON)"), where.file, message);
      return FALSE;
    }

  return parse_scenario (self, json_parser_get_root (parser), display_name, error);
}

/* Writing */

/* Two tasks that do the same, whatever their labels. */
static gboolean
specs_alike (const OverlapTaskSpec *a,
             const OverlapTaskSpec *b)
{
  return a->kind == b->kind &&
         _overlap_fields_equal (task_fields, G_N_ELEMENTS (task_fields), a, b);
}

/* How many tasks from @i on a "repeat" would make again: alike, labelled "BASE 1",
 * "BASE 2", … (1: none). *@base is set when more than one. A scenario of 100,000
 * repeated tasks is written back as one task, not 9 MB of copies. */
static guint
repeated_run (OverlapScenario  *self,
              guint             i,
              char            **base)
{
  const OverlapTaskSpec *first = overlap_scenario_get_task (self, i);
  guint n_tasks = overlap_scenario_get_n_tasks (self);
  g_autofree char *prefix = NULL;
  gsize len;
  guint n = 1;

  if (first->label == NULL || !g_str_has_suffix (first->label, " 1"))
    return 1;
  prefix = g_strndup (first->label, strlen (first->label) - 2);
  if (strstr (prefix, "{n}") != NULL)
    return 1;
  len = strlen (prefix);
  while (i + n < n_tasks)
    {
      const OverlapTaskSpec *next = overlap_scenario_get_task (self, i + n);
      const char *label = next->label;
      char *end = NULL;
      guint64 number;

      if (!specs_alike (first, next) || label == NULL || strncmp (label, prefix, len) != 0 ||
          label[len] != ' ' || !g_ascii_isdigit (label[len + 1]) || label[len + 1] == '0')
        break;
      number = g_ascii_strtoull (label + len + 1, &end, 10);
      if (*end != '\0' || number != (guint64) n + 1)
        break;
      n++;
    }
  if (n > 1)
    *base = g_steal_pointer (&prefix);
  return n;
}

/* Task @i, or a "repeat" of it and the tasks after it; returns how many it wrote. */
static guint
write_task (JsonBuilder     *builder,
            OverlapScenario *self,
            guint            i)
{
  const OverlapTaskSpec *spec = overlap_scenario_get_task (self, i);
  g_autofree char *base = NULL;
  guint repeat = repeated_run (self, i, &base);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, overlap_task_kind_to_string (spec->kind));
  if (spec->label != NULL)
    {
      json_builder_set_member_name (builder, "label");
      json_builder_add_string_value (builder, repeat > 1 ? base : spec->label);
    }
  if (repeat > 1)
    {
      json_builder_set_member_name (builder, "repeat");
      json_builder_add_int_value (builder, repeat);
    }
  _overlap_fields_write (builder, task_fields, G_N_ELEMENTS (task_fields), spec,
                         KIND (spec->kind), task_needed_key (spec));
  json_builder_end_object (builder);

  return repeat;
}

/* JSON that _overlap_scenario_read_json() reads back into the same scenario. */
char *
_overlap_scenario_write_json (OverlapScenario *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  const char *title = overlap_scenario_get_title (self);
  const char *description = overlap_scenario_get_description (self);
  const GArray *strategies = overlap_scenario_get_strategies (self);
  HttpLimits limits = {
    overlap_scenario_get_max_conns (self),
    overlap_scenario_get_max_conns_per_host (self),
  };

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, title ? title : "");
  if (description != NULL)
    {
      json_builder_set_member_name (builder, "description");
      json_builder_add_string_value (builder, description);
    }
  json_builder_set_member_name (builder, "strategies");
  json_builder_begin_array (builder);
  for (guint i = 0; i < strategies->len; i++)
    {
      const OverlapStrategy *strategy = &g_array_index (strategies, OverlapStrategy, i);
      g_autofree char *text = overlap_strategy_to_string (strategy);

      json_builder_add_string_value (builder, text);
    }
  json_builder_end_array (builder);
  if (overlap_scenario_get_race (self))
    {
      json_builder_set_member_name (builder, "race");
      json_builder_add_boolean_value (builder, TRUE);
    }
  json_builder_set_member_name (builder, "http");
  json_builder_begin_object (builder);
  _overlap_fields_write (builder, http_fields, G_N_ELEMENTS (http_fields), &limits, 0, NULL);
  json_builder_end_object (builder);

  if (overlap_scenario_get_notes (self) != NULL && overlap_scenario_get_notes (self)->len > 0)
    {
      const GArray *notes = overlap_scenario_get_notes (self);

      json_builder_set_member_name (builder, "notes");
      json_builder_begin_array (builder);
      for (guint i = 0; i < notes->len; i++)
        {
          const OverlapNote *note = &g_array_index (notes, OverlapNote, i);
          NoteFields fields = { note->start, note->end, note->text };

          json_builder_begin_object (builder);
          _overlap_fields_write (builder, note_fields, G_N_ELEMENTS (note_fields), &fields, 0, NULL);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }

  json_builder_set_member_name (builder, "tasks");
  json_builder_begin_array (builder);
  for (guint i = 0; i < overlap_scenario_get_n_tasks (self);)
    i += write_task (builder, self, i);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  return json_generator_to_data (generator, NULL);
}
