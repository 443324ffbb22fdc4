/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-task-row"

#include "config.h"

#include <glib/gi18n.h>

#include "overlap-duration.h"
#include "overlap-run-words.h"
#include "overlap-task-row.h"

/* A row of the task table. It keeps a reference on its run and reads its lane
 * again on refresh, so that a live run's rows follow it. The texts are what the
 * cells show; the numbers are what the columns sort by. */

typedef struct
{
  gint64              start;
  gint64              end;
  gint64              duration;
  gint64              queued;
  guint64             bytes;
  OverlapResult       result;
  int                 completion;
  char               *start_text;
  char               *end_text;
  char               *duration_text;
  char               *queued_text;
  char               *phases;
  char               *bytes_text;
  char               *completion_text;
  const char         *message;
  const char         *details;     /* the message, "" for none: sortable */
  const char         *result_text;
  const char * const *result_classes;
} Values;

struct _OverlapTaskRow
{
  GObject     parent_instance;

  OverlapRun *run;
  guint       run_index;
  guint       lane;
  GArray     *own_spans;      /* guint32: this lane's spans in the run, in order */
  guint       scanned;        /* the run's spans before this one are in own_spans */
  gboolean    settled;        /* read after its task ended: the values are final */
  gulong      state_handler;
  char       *label;
  char       *kind;
  char       *detail;

  Values      v;
};

G_DEFINE_FINAL_TYPE (OverlapTaskRow, overlap_task_row, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RUN,
  PROP_RUN_INDEX,
  PROP_LANE,
  PROP_STRATEGY,
  PROP_LABEL,
  PROP_KIND,
  PROP_DETAIL,
  PROP_START,
  PROP_START_TEXT,
  PROP_END,
  PROP_END_TEXT,
  PROP_DURATION,
  PROP_DURATION_TEXT,
  PROP_QUEUED,
  PROP_QUEUED_TEXT,
  PROP_PHASES,
  PROP_BYTES,
  PROP_BYTES_TEXT,
  PROP_RESULT,
  PROP_RESULT_TEXT,
  PROP_RESULT_CLASSES,
  PROP_MESSAGE,
  PROP_DETAILS,
  PROP_COMPLETION,
  PROP_COMPLETION_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const no_classes[] = { NULL };
static const char * const error_classes[] = { "error", NULL };
static const char * const warning_classes[] = { "warning", NULL };
static const char * const dim_classes[] = { "dim-label", NULL };

typedef struct
{
  guint   phase;
  guint32 label;
  gint64  time;
} PhaseTotal;

/* An imported span's label names its phase */
static const char *
phase_name (OverlapRun *run,
            guint       phase,
            guint32     label)
{
  if (phase < OVERLAP_PHASE_OTHER)
    return overlap_phase_get_display_name (phase);
  return label != 0 ? overlap_run_string (run, label) : overlap_phase_get_display_name (OVERLAP_PHASE_OTHER);
}

/* Sums the lane's spans per phase (an imported span's label names its phase),
 * in the order the phases first appear; the queue goes apart. */
/* Finds this lane's spans among those the run added since the last look: a live
 * run of a thousand tasks refreshes its rows four times a second, and each row
 * looks only at what is new. A run that shrank (replay going back) is read again. */
static void
collect_spans (OverlapTaskRow    *self,
               const OverlapSpan *spans,
               guint              n_spans)
{
  gboolean stale = self->scanned > n_spans;

  for (guint k = 0; k < self->own_spans->len && !stale; k++)
    {
      guint32 i = g_array_index (self->own_spans, guint32, k);

      stale = i >= n_spans || spans[i].lane != self->lane;
    }
  if (stale)
    {
      g_array_set_size (self->own_spans, 0);
      self->scanned = 0;
    }

  for (guint i = self->scanned; i < n_spans; i++)
    if (spans[i].lane == self->lane)
      {
        guint32 index = i;

        g_array_append_val (self->own_spans, index);
      }
  self->scanned = n_spans;
}

static void
read_spans (OverlapTaskRow    *self,
            const OverlapLane *lane,
            gint64             now,
            Values            *v)
{
  g_autoptr(GArray) totals = g_array_new (FALSE, FALSE, sizeof (PhaseTotal));
  g_autoptr(GString) text = g_string_new (NULL);
  const OverlapSpan *spans;
  guint n_spans;

  spans = overlap_run_get_spans (self->run, &n_spans);
  collect_spans (self, spans, n_spans);

  for (guint k = 0; k < self->own_spans->len; k++)
    {
      const OverlapSpan *span = &spans[g_array_index (self->own_spans, guint32, k)];
      gint64 end = span->end >= 0 ? span->end : now;
      guint32 label = span->phase == OVERLAP_PHASE_OTHER ? span->label : 0;
      guint j;

      if (end < span->start)
        continue;
      if (span->phase == OVERLAP_PHASE_QUEUED)
        {
          v->queued += end - span->start;
          continue;
        }

      for (j = 0; j < totals->len; j++)
        {
          PhaseTotal *total = &g_array_index (totals, PhaseTotal, j);

          if (total->phase == span->phase && total->label == label)
            {
              total->time += end - span->start;
              break;
            }
        }
      if (j == totals->len)
        {
          PhaseTotal total = { span->phase, label, end - span->start };

          g_array_append_val (totals, total);
        }
    }

  for (guint j = 0; j < totals->len; j++)
    {
      const PhaseTotal *total = &g_array_index (totals, PhaseTotal, j);
      g_autofree char *time = overlap_task_row_format_time (total->time);

      if (j > 0)
        g_string_append (text, " · ");
      /* Translators: a phase and the time spent in it, e.g. "waiting 200 ms" */
      g_string_append_printf (text, C_("phase time", "%s %s"),
                              phase_name (self->run, total->phase, total->label), time);
    }

  v->phases = text->len > 0 ? g_strdup (text->str) : g_strdup ("—");
  v->queued_text = v->queued > 0 ? overlap_task_row_format_time (v->queued) : g_strdup ("—");
}

static void
read_lane (OverlapTaskRow *self,
           Values         *v)
{
  const OverlapLane *lane = overlap_run_get_lane (self->run, self->lane);
  gboolean live = overlap_run_is_live (self->run);
  gint64 now = live ? overlap_run_now (self->run) : -1;

  v->start = lane->start;
  v->end = lane->end;
  if (lane->start >= 0 && lane->end >= 0)
    v->duration = MAX (0, lane->end - lane->start);
  else if (lane->start >= 0 && live)
    v->duration = MAX (0, now - lane->start);
  else
    v->duration = -1;
  v->bytes = lane->bytes;
  v->result = lane->result;
  v->completion = lane->completion;
  v->message = overlap_run_string (self->run, lane->message);
  v->details = v->message != NULL ? v->message : "";

  v->start_text = overlap_task_row_format_time (v->start);
  v->end_text = overlap_task_row_format_time (v->end);
  v->duration_text = overlap_task_row_format_time (v->duration);
  v->bytes_text = v->bytes > 0 ? g_format_size (v->bytes) : g_strdup ("—");
  v->completion_text = v->completion > 0 ? g_strdup_printf ("%d", v->completion) : g_strdup ("—");

  switch (lane->result)
    {
    case OVERLAP_RESULT_OK:
      v->result_text = _("ok");
      v->result_classes = no_classes;
      break;
    case OVERLAP_RESULT_FAILED:
      v->result_text = _("failed");
      v->result_classes = error_classes;
      break;
    case OVERLAP_RESULT_CANCELLED:
      v->result_text = _("cancelled");
      v->result_classes = dim_classes;
      break;
    case OVERLAP_RESULT_TIMED_OUT:
      v->result_text = _("timed out");
      v->result_classes = warning_classes;
      break;
    case OVERLAP_RESULT_SKIPPED:
      v->result_text = _("skipped");
      v->result_classes = dim_classes;
      break;
    case OVERLAP_RESULT_PENDING:
    default:
      v->result_text = lane->start >= 0 && live ? _("running…") : _("pending");
      v->result_classes = dim_classes;
      break;
    }

  read_spans (self, lane, now, v);
}

static void
values_clear (Values *v)
{
  g_clear_pointer (&v->start_text, g_free);
  g_clear_pointer (&v->end_text, g_free);
  g_clear_pointer (&v->duration_text, g_free);
  g_clear_pointer (&v->queued_text, g_free);
  g_clear_pointer (&v->phases, g_free);
  g_clear_pointer (&v->bytes_text, g_free);
  g_clear_pointer (&v->completion_text, g_free);
}

static void
run_state_changed_cb (OverlapTaskRow *self)
{
  overlap_task_row_refresh (self);
}

static void
overlap_task_row_dispose (GObject *object)
{
  OverlapTaskRow *self = (OverlapTaskRow *)object;

  if (self->run != NULL)
    g_clear_signal_handler (&self->state_handler, self->run);
  g_clear_object (&self->run);

  G_OBJECT_CLASS (overlap_task_row_parent_class)->dispose (object);
}

static void
overlap_task_row_finalize (GObject *object)
{
  OverlapTaskRow *self = (OverlapTaskRow *)object;

  g_clear_pointer (&self->label, g_free);
  g_clear_pointer (&self->kind, g_free);
  g_clear_pointer (&self->detail, g_free);
  values_clear (&self->v);
  g_clear_pointer (&self->own_spans, g_array_unref);

  G_OBJECT_CLASS (overlap_task_row_parent_class)->finalize (object);
}

static void
overlap_task_row_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  OverlapTaskRow *self = OVERLAP_TASK_ROW (object);

  switch (prop_id)
    {
    case PROP_RUN: g_value_set_object (value, self->run); break;
    case PROP_RUN_INDEX: g_value_set_uint (value, self->run_index); break;
    case PROP_LANE: g_value_set_uint (value, self->lane); break;
    case PROP_STRATEGY: g_value_set_string (value, overlap_task_row_get_strategy (self)); break;
    case PROP_LABEL: g_value_set_string (value, self->label); break;
    case PROP_KIND: g_value_set_string (value, self->kind); break;
    case PROP_DETAIL: g_value_set_string (value, self->detail); break;
    case PROP_START: g_value_set_int64 (value, self->v.start); break;
    case PROP_START_TEXT: g_value_set_string (value, self->v.start_text); break;
    case PROP_END: g_value_set_int64 (value, self->v.end); break;
    case PROP_END_TEXT: g_value_set_string (value, self->v.end_text); break;
    case PROP_DURATION: g_value_set_int64 (value, self->v.duration); break;
    case PROP_DURATION_TEXT: g_value_set_string (value, self->v.duration_text); break;
    case PROP_QUEUED: g_value_set_int64 (value, self->v.queued); break;
    case PROP_QUEUED_TEXT: g_value_set_string (value, self->v.queued_text); break;
    case PROP_PHASES: g_value_set_string (value, self->v.phases); break;
    case PROP_BYTES: g_value_set_uint64 (value, self->v.bytes); break;
    case PROP_BYTES_TEXT: g_value_set_string (value, self->v.bytes_text); break;
    case PROP_RESULT: g_value_set_enum (value, self->v.result); break;
    case PROP_RESULT_TEXT: g_value_set_string (value, self->v.result_text); break;
    case PROP_RESULT_CLASSES: g_value_set_boxed (value, self->v.result_classes); break;
    case PROP_MESSAGE: g_value_set_string (value, self->v.message); break;
    case PROP_DETAILS: g_value_set_string (value, self->v.details); break;
    case PROP_COMPLETION: g_value_set_int (value, self->v.completion); break;
    case PROP_COMPLETION_TEXT: g_value_set_string (value, self->v.completion_text); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
overlap_task_row_class_init (OverlapTaskRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  static const struct { guint id; const char *name; } strings[] = {
    { PROP_STRATEGY, "strategy" }, { PROP_LABEL, "label" }, { PROP_KIND, "kind" },
    { PROP_DETAIL, "detail" }, { PROP_START_TEXT, "start-text" }, { PROP_END_TEXT, "end-text" },
    { PROP_DURATION_TEXT, "duration-text" }, { PROP_QUEUED_TEXT, "queued-text" },
    { PROP_PHASES, "phases" }, { PROP_BYTES_TEXT, "bytes-text" }, { PROP_RESULT_TEXT, "result-text" },
    { PROP_MESSAGE, "message" }, { PROP_DETAILS, "details" }, { PROP_COMPLETION_TEXT, "completion-text" },
  };
  static const struct { guint id; const char *name; } times[] = {
    { PROP_START, "start" }, { PROP_END, "end" }, { PROP_DURATION, "duration" }, { PROP_QUEUED, "queued" },
  };

  object_class->dispose = overlap_task_row_dispose;
  object_class->finalize = overlap_task_row_finalize;
  object_class->get_property = overlap_task_row_get_property;

  properties[PROP_RUN] = g_param_spec_object ("run", NULL, NULL, OVERLAP_TYPE_RUN, flags);
  properties[PROP_RUN_INDEX] = g_param_spec_uint ("run-index", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_LANE] = g_param_spec_uint ("lane", NULL, NULL, 0, G_MAXUINT, 0, flags);
  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    properties[strings[i].id] = g_param_spec_string (strings[i].name, NULL, NULL, NULL, flags);
  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    properties[times[i].id] = g_param_spec_int64 (times[i].name, NULL, NULL, -1, G_MAXINT64, -1, flags);
  properties[PROP_BYTES] = g_param_spec_uint64 ("bytes", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_RESULT] = g_param_spec_enum ("result", NULL, NULL, OVERLAP_TYPE_RESULT,
                                               OVERLAP_RESULT_PENDING, flags);
  properties[PROP_RESULT_CLASSES] = g_param_spec_boxed ("result-classes", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_COMPLETION] = g_param_spec_int ("completion", NULL, NULL, 0, G_MAXINT, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
overlap_task_row_init (OverlapTaskRow *self)
{
  self->own_spans = g_array_new (FALSE, FALSE, sizeof (guint32));
}

OverlapTaskRow *
overlap_task_row_new (OverlapRun *run,
                      guint       run_index,
                      guint       lane)
{
  OverlapTaskRow *self;
  const OverlapLane *l;

  g_return_val_if_fail (OVERLAP_IS_RUN (run), NULL);
  g_return_val_if_fail (overlap_run_get_lane (run, lane) != NULL, NULL);

  self = g_object_new (OVERLAP_TYPE_TASK_ROW, NULL);
  self->run = g_object_ref (run);
  self->run_index = run_index;
  self->lane = lane;

  l = overlap_run_get_lane (run, lane);
  /* Never NULL: the string sorters need text. */
  self->label = g_strdup (l->label != 0 ? overlap_run_string (run, l->label) : "");
  self->kind = g_strdup (l->kind != 0 ? overlap_run_string (run, l->kind) : "");
  self->detail = g_strdup (overlap_run_string (run, l->detail));
  read_lane (self, &self->v);

  /* A run's end settles its lanes even when nobody refreshes any more. */
  self->state_handler = g_signal_connect_swapped (run, "notify::state",
                                                  G_CALLBACK (run_state_changed_cb), self);

  return self;
}

#define UPDATE_VALUE(field, prop) \
  G_STMT_START { \
    if (self->v.field != v.field) \
      { \
        self->v.field = v.field; \
        g_object_notify_by_pspec (G_OBJECT (self), properties[prop]); \
        changed = TRUE; \
      } \
  } G_STMT_END

#define UPDATE_TEXT(field, prop) \
  G_STMT_START { \
    if (g_strcmp0 (self->v.field, v.field) != 0) \
      { \
        g_free (self->v.field); \
        self->v.field = g_steal_pointer (&v.field); \
        g_object_notify_by_pspec (G_OBJECT (self), properties[prop]); \
        changed = TRUE; \
      } \
  } G_STMT_END

gboolean
overlap_task_row_refresh (OverlapTaskRow *self)
{
  Values v = { 0 };
  gboolean changed = FALSE;

  g_return_val_if_fail (OVERLAP_IS_TASK_ROW (self), FALSE);

  /* A task that has ended does not change: a live run of a thousand tasks
   * refreshes only those still going. */
  if (self->settled)
    return FALSE;

  read_lane (self, &v);
  self->settled = v.result != OVERLAP_RESULT_PENDING;

  g_object_freeze_notify (G_OBJECT (self));
  UPDATE_VALUE (start, PROP_START);
  UPDATE_VALUE (end, PROP_END);
  UPDATE_VALUE (duration, PROP_DURATION);
  UPDATE_VALUE (queued, PROP_QUEUED);
  UPDATE_VALUE (bytes, PROP_BYTES);
  UPDATE_VALUE (result, PROP_RESULT);
  UPDATE_VALUE (completion, PROP_COMPLETION);
  UPDATE_VALUE (message, PROP_MESSAGE);
  UPDATE_VALUE (details, PROP_DETAILS);
  UPDATE_VALUE (result_text, PROP_RESULT_TEXT);
  UPDATE_VALUE (result_classes, PROP_RESULT_CLASSES);
  UPDATE_TEXT (start_text, PROP_START_TEXT);
  UPDATE_TEXT (end_text, PROP_END_TEXT);
  UPDATE_TEXT (duration_text, PROP_DURATION_TEXT);
  UPDATE_TEXT (queued_text, PROP_QUEUED_TEXT);
  UPDATE_TEXT (phases, PROP_PHASES);
  UPDATE_TEXT (bytes_text, PROP_BYTES_TEXT);
  UPDATE_TEXT (completion_text, PROP_COMPLETION_TEXT);
  g_object_thaw_notify (G_OBJECT (self));

  values_clear (&v);

  return changed;
}

#undef UPDATE_VALUE
#undef UPDATE_TEXT

OverlapRun *
overlap_task_row_get_run (OverlapTaskRow *self)
{
  g_return_val_if_fail (OVERLAP_IS_TASK_ROW (self), NULL);
  return self->run;
}

guint
overlap_task_row_get_run_index (OverlapTaskRow *self)
{
  g_return_val_if_fail (OVERLAP_IS_TASK_ROW (self), 0);
  return self->run_index;
}

guint
overlap_task_row_get_lane (OverlapTaskRow *self)
{
  g_return_val_if_fail (OVERLAP_IS_TASK_ROW (self), 0);
  return self->lane;
}

const char *
overlap_task_row_get_strategy (OverlapTaskRow *self)
{
  g_return_val_if_fail (OVERLAP_IS_TASK_ROW (self), NULL);
  return self->run != NULL ? overlap_run_get_display_name (self->run) : NULL;
}

const char *
overlap_task_row_get_label (OverlapTaskRow *self)
{
  g_return_val_if_fail (OVERLAP_IS_TASK_ROW (self), NULL);
  return self->label;
}

const char *
overlap_task_row_get_kind (OverlapTaskRow *self)
{
  g_return_val_if_fail (OVERLAP_IS_TASK_ROW (self), NULL);
  return self->kind;
}

gint64
overlap_task_row_get_start (OverlapTaskRow *self)
{
  g_return_val_if_fail (OVERLAP_IS_TASK_ROW (self), -1);
  return self->v.start;
}

gint64
overlap_task_row_get_end (OverlapTaskRow *self)
{
  g_return_val_if_fail (OVERLAP_IS_TASK_ROW (self), -1);
  return self->v.end;
}

gint64
overlap_task_row_get_duration (OverlapTaskRow *self)
{
  g_return_val_if_fail (OVERLAP_IS_TASK_ROW (self), -1);
  return self->v.duration;
}

const char *
overlap_task_row_get_duration_text (OverlapTaskRow *self)
{
  g_return_val_if_fail (OVERLAP_IS_TASK_ROW (self), NULL);
  return self->v.duration_text;
}

gint64
overlap_task_row_get_queued (OverlapTaskRow *self)
{
  g_return_val_if_fail (OVERLAP_IS_TASK_ROW (self), 0);
  return self->v.queued;
}

const char *
overlap_task_row_get_phases (OverlapTaskRow *self)
{
  g_return_val_if_fail (OVERLAP_IS_TASK_ROW (self), NULL);
  return self->v.phases;
}

guint64
overlap_task_row_get_bytes (OverlapTaskRow *self)
{
  g_return_val_if_fail (OVERLAP_IS_TASK_ROW (self), 0);
  return self->v.bytes;
}

OverlapResult
overlap_task_row_get_result (OverlapTaskRow *self)
{
  g_return_val_if_fail (OVERLAP_IS_TASK_ROW (self), OVERLAP_RESULT_PENDING);
  return self->v.result;
}

const char *
overlap_task_row_get_result_text (OverlapTaskRow *self)
{
  g_return_val_if_fail (OVERLAP_IS_TASK_ROW (self), NULL);
  return self->v.result_text;
}

const char *
overlap_task_row_get_message (OverlapTaskRow *self)
{
  g_return_val_if_fail (OVERLAP_IS_TASK_ROW (self), NULL);
  return self->v.message;
}

int
overlap_task_row_get_completion (OverlapTaskRow *self)
{
  g_return_val_if_fail (OVERLAP_IS_TASK_ROW (self), 0);
  return self->v.completion;
}

char *
overlap_task_row_format_time (gint64 usec)
{
  if (usec == 0)
    return g_strdup (_("0 ms"));
  return overlap_format_duration (usec);
}
