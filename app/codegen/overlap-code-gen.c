/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-code-gen"

#include "config.h"

#include <string.h>

#include "overlap-code-gen-private.h"
#include "overlap-demo-server.h"

/* What the Python and the C generators (overlap-code-gen-python.c,
 * overlap-code-gen-c.c) share: the plan of a scenario's tasks, grouped where
 * they are alike, and the writing of numbers, sizes, literals and comments. */

#define MIN_GROUP 3

static gboolean
specs_alike (const OverlapTaskSpec *a,
             const OverlapTaskSpec *b)
{
  return a->kind == b->kind &&
         a->duration == b->duration &&
         a->timeout == b->timeout &&
         g_strcmp0 (a->url, b->url) == 0 &&
         a->latency == b->latency &&
         a->bandwidth == b->bandwidth &&
         a->status == b->status &&
         a->drop_after == b->drop_after &&
         a->size == b->size &&
         a->chunk_size == b->chunk_size &&
         g_strcmp0 (a->path, b->path) == 0 &&
         a->write == b->write &&
         a->on_loop == b->on_loop &&
         ((a->argv == NULL && b->argv == NULL) ||
          (a->argv != NULL && b->argv != NULL &&
           g_strv_equal ((const char * const *) a->argv, (const char * const *) b->argv)));
}

/* "page 12" → "page", 12 */
static gboolean
split_numbered (const char  *label,
                char       **prefix,
                guint       *number)
{
  const char *space;
  guint64 n;
  char *end = NULL;

  if (label == NULL || (space = strrchr (label, ' ')) == NULL || space == label)
    return FALSE;
  if (!g_ascii_isdigit (space[1]))
    return FALSE;
  n = g_ascii_strtoull (space + 1, &end, 10);
  if (*end != '\0' || n > G_MAXUINT / 2)
    return FALSE;
  *prefix = g_strndup (label, space - label);
  *number = n;
  return TRUE;
}

/* How many tasks from @first on are alike with labels "prefix N", "prefix N+1", … */
static guint
group_length (OverlapScenario  *scenario,
              guint             first,
              char            **prefix,
              guint            *number)
{
  const OverlapTaskSpec *spec = overlap_scenario_get_task (scenario, first);
  guint n_tasks = overlap_scenario_get_n_tasks (scenario);
  guint count = 1;

  if (!split_numbered (spec->label, prefix, number))
    return 1;

  while (first + count < n_tasks)
    {
      const OverlapTaskSpec *next = overlap_scenario_get_task (scenario, first + count);
      g_autofree char *next_prefix = NULL;
      guint next_number;

      if (!specs_alike (spec, next) ||
          !split_numbered (next->label, &next_prefix, &next_number) ||
          !g_str_equal (next_prefix, *prefix) ||
          next_number != *number + count)
        break;
      count++;
    }

  if (count < MIN_GROUP)
    {
      g_clear_pointer (prefix, g_free);
      return 1;
    }
  return count;
}

/* 65536 → "64 * KiB": valid in both Python and C (with the constants defined) */
static char *
code_size (guint64 bytes)
{
  const guint64 mib = 1024 * 1024;

  if (bytes >= mib && bytes % mib == 0)
    return g_strdup_printf ("%" G_GUINT64_FORMAT " * MiB", bytes / mib);
  if (bytes >= 1024 && bytes % 1024 == 0)
    return g_strdup_printf ("%" G_GUINT64_FORMAT " * KiB", bytes / 1024);
  return g_strdup_printf ("%" G_GUINT64_FORMAT, bytes);
}

/* A double-quoted literal, valid in Python and C; UTF-8 is kept as is. In a
 * Python f-string, braces are doubled. */
static void
append_quoted (GString    *out,
               const char *text,
               gboolean    fstring)
{
  g_string_append_c (out, '"');
  for (const char *p = text ? text : ""; *p != '\0'; p++)
    {
      guchar c = *p;

      if (c == '"' || c == '\\')
        g_string_append_printf (out, "\\%c", c);
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (c < 0x20 || c == 0x7f)
        g_string_append_printf (out, "\\%03o", c);
      else if (fstring && (c == '{' || c == '}'))
        g_string_append_printf (out, "%c%c", c, c);
      else
        g_string_append_c (out, c);
    }
  g_string_append_c (out, '"');
}

/* "/data?size=65536&delay=200ms": the demo server's path for @spec */
static char *
demo_path (const OverlapTaskSpec *spec)
{
  return overlap_demo_build_uri ("", spec->size, spec->latency, spec->bandwidth,
                                 spec->status, spec->drop_after);
}

static void
append_in_place (GString                *out,
                 const OverlapCodePlace *place,
                 const char             *value,
                 gboolean                quoted)
{
  g_string_append (out, place->before);
  if (quoted)
    append_quoted (out, value, FALSE);
  else
    g_string_append (out, value);
  if (place->after != NULL)
    g_string_append (out, place->after);
}

void
_overlap_code_plan_init (OverlapCodePlan *plan,
                         OverlapScenario *scenario)
{
  guint n_tasks = overlap_scenario_get_n_tasks (scenario);

  memset (plan, 0, sizeof *plan);
  plan->items = g_array_new (FALSE, TRUE, sizeof (OverlapCodeItem));
  plan->n_tasks = n_tasks;
  plan->all_timers = n_tasks > 0;

  for (guint i = 0; i < n_tasks;)
    {
      OverlapCodeItem item = { overlap_scenario_get_task (scenario, i), 1, NULL, 0, i };
      const OverlapTaskSpec *spec = item.spec;

      item.count = group_length (scenario, i, &item.prefix, &item.first_number);
      g_array_append_val (plan->items, item);
      i += item.count;

      plan->kinds[spec->kind] = TRUE;
      if (spec->kind != OVERLAP_TASK_TIMER)
        plan->all_timers = FALSE;
      if (spec->kind == OVERLAP_TASK_FILE)
        {
          plan->file_write |= spec->write;
          plan->file_read |= !spec->write;
          plan->temp_files |= spec->write || spec->path == NULL;
          plan->sizes = TRUE;
        }
      if (spec->kind == OVERLAP_TASK_HTTP)
        plan->sizes = TRUE;
      if (spec->kind == OVERLAP_TASK_CPU)
        {
          plan->cpu_loop |= spec->on_loop;
          plan->cpu_thread |= !spec->on_loop;
        }
      if (spec->timeout > 0)
        plan->task_timeouts = TRUE;
    }
}

void
_overlap_code_plan_clear (OverlapCodePlan *plan)
{
  if (plan->items != NULL)
    {
      for (guint i = 0; i < plan->items->len; i++)
        g_free (g_array_index (plan->items, OverlapCodeItem, i).prefix);
      g_clear_pointer (&plan->items, g_array_unref);
    }
}

/* 2000000 → "2", 1500000 → "1.5" */
char *
_overlap_code_seconds (gint64 usec)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.6g", usec / (double) G_USEC_PER_SEC));
}

/* @text wrapped at @width columns, each line starting with @lead ("# ", " * "). */
void
_overlap_code_append_comment (GString    *out,
                              const char *lead,
                              const char *text,
                              guint       width)
{
  g_auto(GStrv) words = g_strsplit_set (text ? text : "", " \n\t", -1);
  guint column = 0;

  for (guint i = 0; words[i] != NULL; i++)
    {
      guint len;

      if (words[i][0] == '\0')
        continue;
      len = g_utf8_strlen (words[i], -1);
      if (column > 0 && column + 1 + len > width)
        {
          g_string_append_c (out, '\n');
          column = 0;
        }
      if (column == 0)
        {
          g_string_append (out, lead);
          column = strlen (lead);
        }
      else
        {
          g_string_append_c (out, ' ');
          column++;
        }
      /* a comment must not close itself in C */
      for (const char *p = words[i]; *p != '\0'; p++)
        {
          if (p[0] == '*' && p[1] == '/')
            g_string_append (out, "* /");
          else
            g_string_append_c (out, *p);
          if (p[0] == '*' && p[1] == '/')
            p++;
        }
      column += len;
    }
  if (column > 0)
    g_string_append_c (out, '\n');
}

/* @item's label as @syntax writes it: "Task A", or for a numbered item one
 * that counts ("page {i}", "page %u") */
void
_overlap_code_append_label (GString                 *out,
                            const OverlapCodeSyntax *syntax,
                            const OverlapCodeItem   *item)
{
  if (item->count > 1)
    {
      g_string_append (out, syntax->numbered_label.before);
      append_quoted (out, item->prefix, syntax->fstring_labels);
      g_string_truncate (out, out->len - 1);
      g_string_append (out, syntax->numbered_label.after);
    }
  else
    append_quoted (out, item->spec->label, FALSE);
}

/* What @spec's kind takes, after the label and the function: ", 2" in Python,
 * ", .seconds = 2" in C */
void
_overlap_code_append_args (GString                 *out,
                           const OverlapCodeSyntax *syntax,
                           const OverlapTaskSpec   *spec)
{
  g_autofree char *seconds = _overlap_code_seconds (spec->duration);
  g_autofree char *size = code_size (spec->size);

  switch (spec->kind)
    {
    case OVERLAP_TASK_TIMER:
    case OVERLAP_TASK_CPU:
      append_in_place (out, &syntax->seconds, seconds, FALSE);
      break;
    case OVERLAP_TASK_HTTP:
      if (spec->url != NULL)
        append_in_place (out, &syntax->url, spec->url, TRUE);
      else
        {
          g_autofree char *path = demo_path (spec);

          append_in_place (out, &syntax->demo_url, path, TRUE);
        }
      break;
    case OVERLAP_TASK_FILE:
      {
        g_autofree char *chunk = code_size (spec->chunk_size ? spec->chunk_size : 64 * 1024);

        if (spec->write)
          append_in_place (out, &syntax->write_size, size, FALSE);
        else if (spec->path != NULL)
          append_in_place (out, &syntax->path, spec->path, TRUE);
        else
          append_in_place (out, &syntax->temp_path, size, FALSE);
        append_in_place (out, &syntax->chunk_size, chunk, FALSE);
      }
      break;
    case OVERLAP_TASK_SPAWN:
      g_string_append (out, syntax->argv.before);
      if (spec->argv != NULL)
        for (guint i = 0; spec->argv[i] != NULL; i++)
          append_in_place (out, &syntax->arg, spec->argv[i], TRUE);
      else
        {
          append_in_place (out, &syntax->arg, "sleep", TRUE);
          append_in_place (out, &syntax->arg, seconds, TRUE);
        }
      if (syntax->argv.after != NULL)
        g_string_append (out, syntax->argv.after);
      break;
    case OVERLAP_N_TASK_KINDS:
    default:
      g_assert_not_reached ();
    }
}

/* Starts a program: @plan made from @scenario's tasks, and the template @name
 * ("program.py") with what both programs take from the plan, the scenario and
 * the strategy; @comment_lead opens the lines of the strategy's description
 * ("about"). */
static OverlapCodeTemplate *
template_for (const char            *name,
              OverlapCodePlan       *plan,
              OverlapScenario       *scenario,
              const OverlapStrategy *strategy,
              const char            *comment_lead)
{
  static const char * const kinds[] = {
    [OVERLAP_TASK_TIMER] = "timer",
    [OVERLAP_TASK_HTTP] = "http",
    [OVERLAP_TASK_FILE] = "file",
    [OVERLAP_TASK_SPAWN] = "spawn",
    [OVERLAP_TASK_CPU] = "cpu",
  };
  static const char * const strategies[] = {
    [OVERLAP_STRATEGY_SEQUENTIAL] = "sequential",
    [OVERLAP_STRATEGY_GATHER] = "gather",
    [OVERLAP_STRATEGY_BOUNDED] = "bounded",
    [OVERLAP_STRATEGY_AS_COMPLETED] = "as_completed",
    [OVERLAP_STRATEGY_FIRST_COMPLETED] = "first_completed",
    [OVERLAP_STRATEGY_TIMEOUT] = "timeout",
    [OVERLAP_STRATEGY_THREADS] = "threads",
  };
  OverlapCodeTemplate *program = _overlap_code_template_new (name);
  const char *title = overlap_scenario_get_title (scenario);
  GString *about = g_string_new (NULL);

  G_STATIC_ASSERT (G_N_ELEMENTS (kinds) == OVERLAP_N_TASK_KINDS);
  G_STATIC_ASSERT (G_N_ELEMENTS (strategies) == OVERLAP_N_STRATEGIES);

  _overlap_code_plan_init (plan, scenario);

  for (guint i = 0; i < OVERLAP_N_TASK_KINDS; i++)
    _overlap_code_template_set_flag (program, kinds[i], plan->kinds[i]);
  for (guint i = 0; i < OVERLAP_N_STRATEGIES; i++)
    _overlap_code_template_set_flag (program, strategies[i], strategy->kind == i);
  _overlap_code_template_set_flag (program, "blocking", strategy->kind == OVERLAP_STRATEGY_THREADS);
  _overlap_code_template_set_flag (program, "no_tasks", plan->n_tasks == 0);
  _overlap_code_template_set_flag (program, "file_read", plan->file_read);
  _overlap_code_template_set_flag (program, "file_write", plan->file_write);
  _overlap_code_template_set_flag (program, "temp_files", plan->temp_files);
  _overlap_code_template_set_flag (program, "cpu_loop", plan->cpu_loop);
  _overlap_code_template_set_flag (program, "cpu_thread", plan->cpu_thread);
  _overlap_code_template_set_flag (program, "task_timeouts", plan->task_timeouts);
  _overlap_code_template_set_flag (program, "sizes", plan->sizes);

  _overlap_code_template_set (program, "title", title ? title : "");
  _overlap_code_template_take (program, "strategy", overlap_strategy_to_string (strategy));
  _overlap_code_append_comment (about, comment_lead, overlap_strategy_describe (strategy->kind), 78);
  _overlap_code_template_take (program, "about", g_string_free (about, FALSE));
  _overlap_code_template_set (program, "demo", OVERLAP_CODE_DEMO_BASE);
  _overlap_code_template_set_uint (program, "n", strategy->n);
  _overlap_code_template_set_uint (program, "max_conns", overlap_scenario_get_max_conns (scenario));
  _overlap_code_template_set_uint (program, "max_conns_per_host",
                                   overlap_scenario_get_max_conns_per_host (scenario));
  return program;
}

void
_overlap_code_note_item_line (GArray                *lines,
                              const OverlapCodeItem *item,
                              const GString         *out)
{
  guint line = 0;

  if (lines == NULL)
    return;
  for (gsize k = 0; k < out->len; k++)
    line += out->str[k] == '\n';
  for (guint i = 0; i < item->count && item->first_task + i < lines->len; i++)
    g_array_index (lines, guint, item->first_task + i) = line;
}

/* The lines of the scenario's tasks, one each, when the caller asks for them
 * (@task_lines not NULL); else NULL, and no line is noted. */
static GArray *
lines_new (OverlapScenario  *scenario,
           GArray          **task_lines)
{
  GArray *lines;

  if (task_lines == NULL)
    return NULL;
  lines = g_array_new (FALSE, TRUE, sizeof (guint));
  g_array_set_size (lines, overlap_scenario_get_n_tasks (scenario));
  return lines;
}

char *
overlap_code_for (OverlapCodeLanguage     language,
                  OverlapScenario        *scenario,
                  const OverlapStrategy  *strategy,
                  GArray                **task_lines)
{
  /* each language's template, what opens a comment's lines there, and the
   * block its tasks are written in */
  static const struct
  {
    const char *template_name;
    const char *comment_lead;
    const char *block;
    void      (*write) (OverlapCodeContext *context);
  } languages[] = {
    [OVERLAP_CODE_PYTHON] = { "program.py", "# ", "body", _overlap_code_python_write },
    [OVERLAP_CODE_C] = { "program.c", " * ", "jobs", _overlap_code_c_write },
  };
  g_autoptr(OverlapCodeTemplate) program = NULL;
  OverlapCodeContext context = { 0 };
  const char *block;
  char *text;

  g_return_val_if_fail ((guint) language < G_N_ELEMENTS (languages), NULL);
  g_return_val_if_fail (OVERLAP_IS_SCENARIO (scenario), NULL);
  g_return_val_if_fail (strategy != NULL, NULL);
  g_return_val_if_fail ((guint) strategy->kind < OVERLAP_N_STRATEGIES, NULL);

  program = template_for (languages[language].template_name, &context.plan, scenario, strategy,
                          languages[language].comment_lead);
  context.program = program;
  context.scenario = scenario;
  context.strategy = strategy;
  context.blocking = strategy->kind == OVERLAP_STRATEGY_THREADS;
  context.out = g_string_new (NULL);
  context.lines = lines_new (scenario, task_lines);
  languages[language].write (&context);
  block = languages[language].block;
  _overlap_code_template_take (program, block, g_string_free (context.out, FALSE));
  _overlap_code_plan_clear (&context.plan);

  /* the lines noted in the block, 0-based there, become the program's */
  text = _overlap_code_template_expand (program);
  if (task_lines != NULL)
    {
      guint first_line = _overlap_code_template_get_insert_line (program, block);

      for (guint i = 0; i < context.lines->len; i++)
        g_array_index (context.lines, guint, i) += first_line;
      *task_lines = context.lines;
    }
  return text;
}
