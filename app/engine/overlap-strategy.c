/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-strategy"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "overlap-error.h"
#include "overlap-strategy.h"
#include "overlap-units.h"

/* Strategies are written as the tutorials name them: "sequential", "gather",
 * "bounded(3)", "as-completed", "first-completed", "timeout(1.5)" (seconds),
 * "threads(4)". "bounded:3" and "bounded=3" are accepted too, since parentheses
 * need quoting in a shell. */

static const struct {
  const char *name;
  const char *description;
} strategies[] = {
  { "sequential", N_("one after another: each task starts when the previous one ends") },
  { "gather", N_("all at once, like asyncio.gather: the run ends with the last task") },
  { "bounded", N_("at most n in flight, like asyncio.Semaphore(n): the rest wait in a queue") },
  { "as-completed", N_("all at once, results numbered in completion order") },
  { "first-completed", N_("all at once; the first to finish wins and the rest are cancelled") },
  { "timeout", N_("all at once; tasks still running at the deadline are cancelled") },
  { "threads", N_("blocking work on a pool of n threads, beside the main loop") },
};
G_STATIC_ASSERT (G_N_ELEMENTS (strategies) == OVERLAP_N_STRATEGIES);

const char *
overlap_strategy_kind_to_string (OverlapStrategyKind kind)
{
  if ((guint) kind < OVERLAP_N_STRATEGIES)
    return strategies[kind].name;
  return "unknown";
}

const char *
overlap_strategy_describe (OverlapStrategyKind kind)
{
  if ((guint) kind < OVERLAP_N_STRATEGIES)
    return _(strategies[kind].description);
  return "";
}

static gboolean
takes_n (OverlapStrategyKind kind)
{
  return kind == OVERLAP_STRATEGY_BOUNDED || kind == OVERLAP_STRATEGY_THREADS;
}

gboolean
overlap_strategy_parse (const char       *text,
                        OverlapStrategy  *strategy,
                        GError          **error)
{
  g_autofree char *copy = NULL;
  g_autofree char *name = NULL;
  const char *arg = NULL;
  char *sep;
  gboolean found = FALSE;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (strategy != NULL, FALSE);

  copy = g_strstrip (g_strdup (text));
  sep = strpbrk (copy, "(:=");
  if (sep != NULL)
    {
      char *end;

      if (*sep == '(')
        {
          end = strrchr (sep, ')');
          if (end == NULL || end[1] != '\0')
            {
              g_set_error (error, OVERLAP_ERROR, OVERLAP_ERROR_STRATEGY,
                           _("Strategy “%s”: missing closing parenthesis"), text);
              return FALSE;
            }
          *end = '\0';
        }
      *sep = '\0';
      arg = g_strstrip (sep + 1);
    }
  name = g_ascii_strdown (g_strstrip (copy), -1);
  g_strdelimit (name, "_", '-');

  memset (strategy, 0, sizeof *strategy);
  for (guint i = 0; i < G_N_ELEMENTS (strategies); i++)
    {
      if (g_str_equal (name, strategies[i].name))
        {
          strategy->kind = i;
          found = TRUE;
          break;
        }
    }

  if (!found)
    {
      g_autoptr(GString) names = g_string_new (NULL);

      for (guint i = 0; i < G_N_ELEMENTS (strategies); i++)
        g_string_append_printf (names, "%s%s", i ? ", " : "", strategies[i].name);
      g_set_error (error, OVERLAP_ERROR, OVERLAP_ERROR_STRATEGY,
                   _("Unknown strategy “%s” (known: %s)"), text, names->str);
      return FALSE;
    }

  if (takes_n (strategy->kind))
    {
      guint64 n = OVERLAP_STRATEGY_DEFAULT_N;

      if (arg != NULL && *arg != '\0' &&
          !g_ascii_string_to_unsigned (arg, 10, 1, OVERLAP_STRATEGY_MAX_N, &n, NULL))
        {
          g_set_error (error, OVERLAP_ERROR, OVERLAP_ERROR_STRATEGY,
                       _("Strategy “%s”: n must be a whole number from 1 to %u"),
                       text, OVERLAP_STRATEGY_MAX_N);
          return FALSE;
        }
      strategy->n = n;
    }
  else if (strategy->kind == OVERLAP_STRATEGY_TIMEOUT)
    {
      gint64 deadline = OVERLAP_STRATEGY_DEFAULT_DEADLINE;

      if (arg != NULL && *arg != '\0' &&
          (!overlap_parse_duration ("deadline", arg, OVERLAP_UNITS_SECONDS, &deadline, NULL) ||
           deadline <= 0 || deadline > G_GINT64_CONSTANT (24 * 3600) * G_USEC_PER_SEC))
        {
          g_set_error (error, OVERLAP_ERROR, OVERLAP_ERROR_STRATEGY,
                       _("Strategy “%s”: the deadline must be a duration above 0 and at most a day, "
                         "such as 1.5 (seconds) or 200ms"),
                       text);
          return FALSE;
        }
      strategy->deadline = deadline;
    }
  else if (arg != NULL && *arg != '\0')
    {
      g_set_error (error, OVERLAP_ERROR, OVERLAP_ERROR_STRATEGY,
                   _("Strategy “%s” takes no parameter"), text);
      return FALSE;
    }

  return TRUE;
}

/* A comma-separated list; commas inside parentheses are not separators. */
GArray *
overlap_strategy_parse_list (const char  *text,
                             GError     **error)
{
  g_autoptr(GArray) list = g_array_new (FALSE, FALSE, sizeof (OverlapStrategy));
  g_autoptr(GString) item = g_string_new (NULL);
  int depth = 0;

  g_return_val_if_fail (text != NULL, NULL);

  for (const char *p = text;; p++)
    {
      if (*p == '\0' || (*p == ',' && depth == 0))
        {
          OverlapStrategy strategy;

          g_strstrip (item->str);
          if (item->str[0] != '\0')
            {
              if (!overlap_strategy_parse (item->str, &strategy, error))
                return NULL;
              g_array_append_val (list, strategy);
            }
          g_string_truncate (item, 0);
          if (*p == '\0')
            break;
          continue;
        }
      if (*p == '(')
        depth++;
      else if (*p == ')')
        depth = MAX (0, depth - 1);
      g_string_append_c (item, *p);
    }

  if (list->len == 0)
    {
      g_set_error (error, OVERLAP_ERROR, OVERLAP_ERROR_STRATEGY,
                   _("No strategy given"));
      return NULL;
    }

  return g_steal_pointer (&list);
}

char *
overlap_strategy_to_string (const OverlapStrategy *strategy)
{
  const char *name;

  g_return_val_if_fail (strategy != NULL, NULL);

  name = overlap_strategy_kind_to_string (strategy->kind);
  if (takes_n (strategy->kind))
    return g_strdup_printf ("%s(%u)", name, strategy->n);
  if (strategy->kind == OVERLAP_STRATEGY_TIMEOUT)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (buf, sizeof buf, "%.6g", strategy->deadline / (double) G_USEC_PER_SEC);
      return g_strdup_printf ("%s(%s)", name, buf);
    }
  return g_strdup (name);
}

OverlapStrategy
overlap_strategy_scaled (const OverlapStrategy *strategy,
                         double                 time_scale)
{
  OverlapStrategy copy = *strategy;

  copy.deadline = (gint64) ((double) strategy->deadline * time_scale + 0.5);
  return copy;
}
