/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-task-spec"

#include "config.h"

#include <glib/gi18n.h>

#include "overlap-task-spec.h"

G_DEFINE_BOXED_TYPE (OverlapTaskSpec, overlap_task_spec, overlap_task_spec_copy, overlap_task_spec_free)

static const char * const kind_names[] = { "timer", "http", "file", "spawn", "cpu" };
G_STATIC_ASSERT (G_N_ELEMENTS (kind_names) == OVERLAP_N_TASK_KINDS);

OverlapTaskSpec *
overlap_task_spec_new (OverlapTaskKind  kind,
                       const char      *label)
{
  OverlapTaskSpec *spec = g_new0 (OverlapTaskSpec, 1);

  spec->kind = kind;
  spec->label = g_strdup (label);
  return spec;
}

OverlapTaskSpec *
overlap_task_spec_copy (const OverlapTaskSpec *spec)
{
  OverlapTaskSpec *copy;

  g_return_val_if_fail (spec != NULL, NULL);

  copy = g_memdup2 (spec, sizeof *spec);
  copy->label = g_strdup (spec->label);
  copy->url = g_strdup (spec->url);
  copy->path = g_strdup (spec->path);
  copy->argv = g_strdupv (spec->argv);
  return copy;
}

/* @value (µs) times @scale, rounded: how the runner's time scale changes a duration. */
gint64
overlap_scale_time (gint64 value,
                    double scale)
{
  return (gint64) ((double) value * scale + 0.5);
}

/* A copy with every duration multiplied by @time_scale (and bandwidths divided),
 * so that 0.01 runs a scenario 100 times faster and 2.0 in slow motion. */
OverlapTaskSpec *
overlap_task_spec_scaled (const OverlapTaskSpec *spec,
                          double                 time_scale)
{
  OverlapTaskSpec *copy;

  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (time_scale > 0, NULL);

  copy = overlap_task_spec_copy (spec);
  copy->duration = overlap_scale_time (spec->duration, time_scale);
  copy->timeout = overlap_scale_time (spec->timeout, time_scale);
  copy->latency = overlap_scale_time (spec->latency, time_scale);
  if (spec->bandwidth > 0)
    copy->bandwidth = MAX (1, (guint64) ((double) spec->bandwidth / time_scale));
  return copy;
}

void
overlap_task_spec_free (OverlapTaskSpec *spec)
{
  if (spec == NULL)
    return;

  g_free (spec->label);
  g_free (spec->url);
  g_free (spec->path);
  g_strfreev (spec->argv);
  g_free (spec);
}

const char *
overlap_task_kind_to_string (OverlapTaskKind kind)
{
  if ((guint) kind < OVERLAP_N_TASK_KINDS)
    return kind_names[kind];
  return "unknown";
}

gboolean
overlap_task_kind_from_string (const char      *string,
                               OverlapTaskKind *kind)
{
  g_return_val_if_fail (kind != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    {
      if (g_strcmp0 (string, kind_names[i]) == 0)
        {
          *kind = i;
          return TRUE;
        }
    }
  return FALSE;
}

static char *
format_size (guint64 size)
{
  return g_format_size_full (size, G_FORMAT_SIZE_IEC_UNITS);
}

/* One line a person can read: "timer 2 s", "GET 64.0 KiB after 100 ms". */
char *
overlap_task_spec_describe (const OverlapTaskSpec *spec)
{
  g_autofree char *size = NULL;

  g_return_val_if_fail (spec != NULL, NULL);

  switch (spec->kind)
    {
    case OVERLAP_TASK_TIMER:
      return g_strdup_printf (_("wait %.3g s"), spec->duration / 1e6);
    case OVERLAP_TASK_HTTP:
      if (spec->url != NULL)
        return g_strdup_printf ("GET %s", spec->url);
      size = format_size (spec->size);
      return g_strdup_printf (_("GET %s after %.3g s"), size, spec->latency / 1e6);
    case OVERLAP_TASK_FILE:
      size = format_size (spec->size);
      if (spec->write)
        return g_strdup_printf (_("write %s"), size);
      if (spec->path != NULL)
        return g_strdup_printf (_("read %s"), spec->path);
      return g_strdup_printf (_("read %s"), size);
    case OVERLAP_TASK_SPAWN:
      if (spec->argv != NULL)
        return g_strjoinv (" ", spec->argv);
      return g_strdup_printf ("sleep %.3g", spec->duration / 1e6);
    case OVERLAP_TASK_CPU:
      return g_strdup_printf (spec->on_loop ? _("compute %.3g s on the main loop")
                                            : _("compute %.3g s in a thread"),
                              spec->duration / 1e6);
    case OVERLAP_N_TASK_KINDS:
    default:
      return g_strdup ("?");
    }
}

/* Whether @a and @b have the same overlap_task_spec_describe(), found without
 * making it: a run of 100,000 lanes describes each one. */
gboolean
overlap_task_spec_same_description (const OverlapTaskSpec *a,
                                    const OverlapTaskSpec *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  if (a->kind != b->kind)
    return FALSE;

  switch (a->kind)
    {
    case OVERLAP_TASK_TIMER:
      return a->duration == b->duration;
    case OVERLAP_TASK_HTTP:
      if (a->url != NULL || b->url != NULL)
        return g_strcmp0 (a->url, b->url) == 0;
      return a->size == b->size && a->latency == b->latency;
    case OVERLAP_TASK_FILE:
      return a->write == b->write && g_strcmp0 (a->path, b->path) == 0 && a->size == b->size;
    case OVERLAP_TASK_SPAWN:
      if (a->argv != NULL || b->argv != NULL)
        return a->argv != NULL && b->argv != NULL && g_strv_equal ((const char * const *) a->argv,
                                                                    (const char * const *) b->argv);
      return a->duration == b->duration;
    case OVERLAP_TASK_CPU:
      return a->on_loop == b->on_loop && a->duration == b->duration;
    case OVERLAP_N_TASK_KINDS:
    default:
      return FALSE;
    }
}
