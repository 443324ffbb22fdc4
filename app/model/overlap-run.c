/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-run"

#include "config.h"

#include <string.h>

#include "overlap-run-private.h"

G_DEFINE_FINAL_TYPE (OverlapRun, overlap_run, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_STRATEGY,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
clear_counter (gpointer data)
{
  OverlapCounter *counter = data;

  g_clear_pointer (&counter->name, g_free);
  g_clear_pointer (&counter->unit, g_free);
  g_clear_pointer (&counter->samples, g_array_unref);
}

/* An array's items and, if asked, how many there are */
static gconstpointer
array_items (GArray *array,
             guint  *n_items)
{
  if (n_items != NULL)
    *n_items = array->len;
  return array->data;
}

void
_overlap_run_set_state (OverlapRun      *self,
                        OverlapRunState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
overlap_run_finalize (GObject *object)
{
  OverlapRun *self = (OverlapRun *)object;

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->strategy, g_free);
  g_clear_pointer (&self->note, g_free);
  g_clear_pointer (&self->lanes, g_array_unref);
  g_clear_pointer (&self->spans, g_array_unref);
  g_clear_pointer (&self->marks, g_array_unref);
  g_clear_pointer (&self->counters, g_array_unref);
  g_clear_pointer (&self->sources, g_array_unref);
  g_clear_pointer (&self->strings, g_ptr_array_unref);
  g_clear_pointer (&self->string_ids, g_hash_table_unref);
  g_clear_pointer (&self->chunk, g_string_chunk_free);

  G_OBJECT_CLASS (overlap_run_parent_class)->finalize (object);
}

static void
overlap_run_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  OverlapRun *self = OVERLAP_RUN (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_STRATEGY:
      g_value_set_string (value, self->strategy);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
overlap_run_class_init (OverlapRunClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = overlap_run_finalize;
  object_class->get_property = overlap_run_get_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STRATEGY] =
    g_param_spec_string ("strategy", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, OVERLAP_TYPE_RUN_STATE, OVERLAP_RUN_PENDING,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
overlap_run_init (OverlapRun *self)
{
  self->lanes = g_array_new (FALSE, FALSE, sizeof (OverlapLane));
  self->spans = g_array_new (FALSE, FALSE, sizeof (OverlapSpan));
  self->marks = g_array_new (FALSE, FALSE, sizeof (OverlapMark));
  self->counters = g_array_new (FALSE, TRUE, sizeof (OverlapCounter));
  g_array_set_clear_func (self->counters, clear_counter);
  self->strings = g_ptr_array_new ();
  g_ptr_array_add (self->strings, NULL);
  self->string_ids = g_hash_table_new (g_str_hash, g_str_equal);
  self->chunk = g_string_chunk_new (1024);
  self->in_flight_counter = G_MAXUINT;
  self->clock = -1;
}

OverlapRun *
overlap_run_new (const char *title,
                 const char *strategy)
{
  OverlapRun *self = g_object_new (OVERLAP_TYPE_RUN, NULL);

  self->title = g_strdup (title ? title : "");
  self->strategy = g_strdup (strategy ? strategy : "");
  return self;
}

const char *
overlap_run_get_title (OverlapRun *self)
{
  g_return_val_if_fail (OVERLAP_IS_RUN (self), NULL);
  return self->title;
}

const char *
overlap_run_get_strategy (OverlapRun *self)
{
  g_return_val_if_fail (OVERLAP_IS_RUN (self), NULL);
  return self->strategy;
}

OverlapRunState
overlap_run_get_state (OverlapRun *self)
{
  g_return_val_if_fail (OVERLAP_IS_RUN (self), OVERLAP_RUN_PENDING);
  return self->state;
}

gboolean
overlap_run_is_live (OverlapRun *self)
{
  g_return_val_if_fail (OVERLAP_IS_RUN (self), FALSE);
  return self->state == OVERLAP_RUN_LIVE;
}

gint64
overlap_run_get_origin (OverlapRun *self)
{
  g_return_val_if_fail (OVERLAP_IS_RUN (self), 0);
  return self->origin;
}

gint64
overlap_run_get_offset (OverlapRun *self)
{
  g_return_val_if_fail (OVERLAP_IS_RUN (self), 0);
  return self->offset;
}

void
overlap_run_set_offset (OverlapRun *self,
                        gint64      offset)
{
  g_return_if_fail (OVERLAP_IS_RUN (self));
  self->offset = offset;
}

gint64
overlap_run_get_clock_start (OverlapRun *self)
{
  g_return_val_if_fail (OVERLAP_IS_RUN (self), 0);
  return self->clock_start;
}

void
overlap_run_set_clock_start (OverlapRun *self,
                             gint64      clock_start)
{
  g_return_if_fail (OVERLAP_IS_RUN (self));
  self->clock_start = MAX (0, clock_start);
}

gint64
overlap_run_get_wall_time (OverlapRun *self)
{
  g_return_val_if_fail (OVERLAP_IS_RUN (self), 0);
  return self->wall_time;
}

/* The run's extent in µs from its start; for a live run, up to @now (monotonic µs). */
gint64
overlap_run_get_end (OverlapRun *self,
                     gint64      now)
{
  g_return_val_if_fail (OVERLAP_IS_RUN (self), 0);

  if (self->state == OVERLAP_RUN_LIVE)
    return self->clock >= 0 ? self->clock : MAX (0, now - self->origin);
  return self->wall_time;
}

const char *
overlap_run_get_note (OverlapRun *self)
{
  g_return_val_if_fail (OVERLAP_IS_RUN (self), NULL);
  return self->note;
}

void
overlap_run_set_note (OverlapRun *self,
                      const char *note)
{
  g_return_if_fail (OVERLAP_IS_RUN (self));
  if (g_strcmp0 (self->note, note) == 0)
    return;
  g_free (self->note);
  self->note = g_strdup (note);
}

void
overlap_run_begin (OverlapRun *self,
                   gint64      origin)
{
  g_return_if_fail (OVERLAP_IS_RUN (self));
  g_return_if_fail (self->state == OVERLAP_RUN_PENDING);

  self->origin = origin;
  self->in_flight_counter = overlap_run_add_counter (self, "in flight", "tasks");
  overlap_run_add_sample (self, self->in_flight_counter, 0, 0);
  _overlap_run_set_state (self, OVERLAP_RUN_LIVE);
}

gint64
overlap_run_now (OverlapRun *self)
{
  g_return_val_if_fail (OVERLAP_IS_RUN (self), 0);

  if (self->clock >= 0)
    return self->clock;
  return g_get_monotonic_time () - self->origin;
}

void
overlap_run_finish (OverlapRun      *self,
                    OverlapRunState  state,
                    gint64           time)
{
  g_return_if_fail (OVERLAP_IS_RUN (self));
  g_return_if_fail (state == OVERLAP_RUN_FINISHED || state == OVERLAP_RUN_CANCELLED);

  for (guint i = 0; i < self->lanes->len; i++)
    {
      OverlapLane *lane = &g_array_index (self->lanes, OverlapLane, i);

      if (lane->open_span != G_MAXUINT32)
        overlap_run_end_phase (self, i, time);
      if (lane->end > time)
        time = lane->end;
    }

  self->wall_time = MAX (0, time);
  _overlap_run_set_state (self, state);
}

guint
overlap_run_intern (OverlapRun *self,
                    const char *string)
{
  gpointer id;
  char *copy;

  g_return_val_if_fail (OVERLAP_IS_RUN (self), 0);

  if (string == NULL)
    return 0;
  if (g_hash_table_lookup_extended (self->string_ids, string, NULL, &id))
    return GPOINTER_TO_UINT (id);

  copy = g_string_chunk_insert (self->chunk, string);
  g_ptr_array_add (self->strings, copy);
  g_hash_table_insert (self->string_ids, copy, GUINT_TO_POINTER (self->strings->len - 1));
  return self->strings->len - 1;
}

const char *
overlap_run_string (OverlapRun *self,
                    guint32     id)
{
  g_return_val_if_fail (OVERLAP_IS_RUN (self), NULL);

  if (id >= self->strings->len)
    return NULL;
  return g_ptr_array_index (self->strings, id);
}

guint
overlap_run_add_lane (OverlapRun *self,
                      const char *label,
                      const char *kind,
                      const char *detail)
{
  OverlapLane lane = { 0 };

  g_return_val_if_fail (OVERLAP_IS_RUN (self), 0);

  lane.label = overlap_run_intern (self, label);
  lane.kind = overlap_run_intern (self, kind);
  lane.detail = overlap_run_intern (self, detail);
  lane.result = OVERLAP_RESULT_PENDING;
  lane.start = -1;
  lane.end = -1;
  lane.open_span = G_MAXUINT32;
  g_array_append_val (self->lanes, lane);

  return self->lanes->len - 1;
}

/* Keeps the count of lanes by how they ended (a pending lane is not counted) */
void
_overlap_run_count_result (OverlapRun    *self,
                           OverlapResult  result,
                           int            delta)
{
  if (result != OVERLAP_RESULT_PENDING && (guint) result < G_N_ELEMENTS (self->n_results))
    self->n_results[result] += delta;
}

static void
update_in_flight (OverlapRun *self,
                  int         delta,
                  gint64      time)
{
  g_assert (delta > 0 || self->in_flight > 0);

  self->in_flight += delta;
  if (self->in_flight_counter != G_MAXUINT)
    overlap_run_add_sample (self, self->in_flight_counter, time, self->in_flight);
}

void
overlap_run_lane_begin (OverlapRun *self,
                        guint       lane,
                        gint64      time)
{
  OverlapLane *l;

  g_return_if_fail (OVERLAP_IS_RUN (self));
  g_return_if_fail (lane < self->lanes->len);

  l = _overlap_run_lane_at (self, lane);
  if (l->start < 0)
    l->start = time;
}

void
overlap_run_end_phase (OverlapRun *self,
                       guint       lane,
                       gint64      time)
{
  OverlapLane *l;

  g_return_if_fail (OVERLAP_IS_RUN (self));
  g_return_if_fail (lane < self->lanes->len);

  l = _overlap_run_lane_at (self, lane);
  if (l->open_span != G_MAXUINT32)
    {
      OverlapSpan *span = &g_array_index (self->spans, OverlapSpan, l->open_span);

      span->end = MAX (time, span->start);
      l->open_span = G_MAXUINT32;
    }
}

/* Closes the lane's open span at @time and opens one of @phase. */
void
overlap_run_set_phase (OverlapRun   *self,
                       guint         lane,
                       OverlapPhase  phase,
                       gint64        time)
{
  OverlapSpan span = { 0 };
  OverlapLane *l;

  g_return_if_fail (OVERLAP_IS_RUN (self));
  g_return_if_fail (lane < self->lanes->len);
  g_return_if_fail (phase < OVERLAP_N_PHASES);

  overlap_run_end_phase (self, lane, time);
  overlap_run_lane_begin (self, lane, time);

  l = _overlap_run_lane_at (self, lane);
  if (phase != OVERLAP_PHASE_QUEUED && !(l->flags & OVERLAP_LANE_IN_FLIGHT))
    {
      l->flags |= OVERLAP_LANE_IN_FLIGHT | OVERLAP_LANE_WORKED;
      update_in_flight (self, 1, time);
    }
  else if (phase == OVERLAP_PHASE_QUEUED && (l->flags & OVERLAP_LANE_IN_FLIGHT))
    {
      l->flags &= ~OVERLAP_LANE_IN_FLIGHT;
      update_in_flight (self, -1, time);
    }

  span.start = time;
  span.end = -1;
  span.lane = lane;
  span.phase = phase;
  g_array_append_val (self->spans, span);

  l->open_span = self->spans->len - 1;
  l->n_spans++;
}

void
overlap_run_lane_finish (OverlapRun    *self,
                         guint          lane,
                         OverlapResult  result,
                         const char    *message,
                         gint64         time)
{
  OverlapLane *l;
  OverlapMarkKind mark;

  g_return_if_fail (OVERLAP_IS_RUN (self));
  g_return_if_fail (lane < self->lanes->len);

  overlap_run_end_phase (self, lane, time);
  overlap_run_lane_begin (self, lane, time);

  l = _overlap_run_lane_at (self, lane);
  if (l->result != OVERLAP_RESULT_PENDING)
    return;

  if (l->flags & OVERLAP_LANE_IN_FLIGHT)
    {
      l->flags &= ~OVERLAP_LANE_IN_FLIGHT;
      update_in_flight (self, -1, time);
    }

  l = _overlap_run_lane_at (self, lane);
  l->result = result;
  _overlap_run_count_result (self, result, 1);
  l->end = time;
  l->message = overlap_run_intern (self, message);
  l = _overlap_run_lane_at (self, lane);
  l->completion = ++self->n_completed;

  switch (result)
    {
    case OVERLAP_RESULT_FAILED: mark = OVERLAP_MARK_ERROR; break;
    case OVERLAP_RESULT_CANCELLED: mark = OVERLAP_MARK_CANCEL; break;
    case OVERLAP_RESULT_TIMED_OUT: mark = OVERLAP_MARK_TIMEOUT; break;
    case OVERLAP_RESULT_SKIPPED: mark = OVERLAP_MARK_SKIP; break;
    case OVERLAP_RESULT_OK:
    case OVERLAP_RESULT_PENDING:
    default: mark = OVERLAP_MARK_DONE; break;
    }
  overlap_run_add_mark (self, lane, mark, time, 0);
}

void
overlap_run_add_bytes (OverlapRun *self,
                       guint       lane,
                       guint64     bytes)
{
  g_return_if_fail (OVERLAP_IS_RUN (self));
  g_return_if_fail (lane < self->lanes->len);

  _overlap_run_lane_at (self, lane)->bytes += bytes;
}

guint
overlap_run_add_span (OverlapRun   *self,
                      guint         lane,
                      OverlapPhase  phase,
                      gint64        start,
                      gint64        end,
                      const char   *label)
{
  OverlapSpan span = { 0 };
  OverlapLane *l;

  g_return_val_if_fail (OVERLAP_IS_RUN (self), 0);
  g_return_val_if_fail (lane < self->lanes->len, 0);

  span.start = start;
  span.end = MAX (start, end);
  span.lane = lane;
  span.phase = MIN (phase, OVERLAP_PHASE_OTHER);
  span.label = overlap_run_intern (self, label);
  g_array_append_val (self->spans, span);

  l = _overlap_run_lane_at (self, lane);
  l->n_spans++;
  if (l->start < 0 || start < l->start)
    l->start = start;
  if (span.end > l->end)
    l->end = span.end;
  if (span.end > self->wall_time && self->state != OVERLAP_RUN_LIVE)
    self->wall_time = span.end;

  return self->spans->len - 1;
}

/* Corrects a span's times once exact ones are known (e.g. libsoup's metrics). */
void
overlap_run_move_span (OverlapRun *self,
                       guint       span,
                       gint64      start,
                       gint64      end)
{
  OverlapSpan *s;

  g_return_if_fail (OVERLAP_IS_RUN (self));
  g_return_if_fail (span < self->spans->len);

  s = &g_array_index (self->spans, OverlapSpan, span);
  s->start = start;
  if (s->end >= 0)
    s->end = MAX (start, end);
}

void
overlap_run_add_mark (OverlapRun      *self,
                      guint            lane,
                      OverlapMarkKind  kind,
                      gint64           time,
                      guint32          value)
{
  OverlapMark mark = { 0 };

  g_return_if_fail (OVERLAP_IS_RUN (self));
  g_return_if_fail (lane < self->lanes->len);
  g_return_if_fail (lane < (1u << 28));

  mark.time = time;
  mark.lane = lane;
  mark.kind = kind;
  mark.value = value;
  g_array_append_val (self->marks, mark);

  if (self->state != OVERLAP_RUN_LIVE && time > self->wall_time)
    self->wall_time = time;
}

guint
overlap_run_add_counter (OverlapRun *self,
                         const char *name,
                         const char *unit)
{
  OverlapCounter counter = { 0 };

  g_return_val_if_fail (OVERLAP_IS_RUN (self), 0);

  counter.name = g_strdup (name);
  counter.unit = g_strdup (unit);
  counter.samples = g_array_new (FALSE, FALSE, sizeof (OverlapSample));
  g_array_append_val (self->counters, counter);

  return self->counters->len - 1;
}

void
overlap_run_add_sample (OverlapRun *self,
                        guint       counter,
                        gint64      time,
                        double      value)
{
  OverlapCounter *c;
  OverlapSample sample = { time, value };

  g_return_if_fail (OVERLAP_IS_RUN (self));
  g_return_if_fail (counter < self->counters->len);

  c = &g_array_index (self->counters, OverlapCounter, counter);
  g_array_append_val (c->samples, sample);
  if (value > c->max)
    c->max = value;
}

void
overlap_run_note_stall (OverlapRun *self,
                        gint64      stall)
{
  g_return_if_fail (OVERLAP_IS_RUN (self));

  if (stall > self->longest_stall)
    self->longest_stall = stall;
}

const OverlapLane *
overlap_run_get_lanes (OverlapRun *self,
                       guint      *n_lanes)
{
  g_return_val_if_fail (OVERLAP_IS_RUN (self), NULL);

  return array_items (self->lanes, n_lanes);
}

const OverlapLane *
overlap_run_get_lane (OverlapRun *self,
                      guint       lane)
{
  g_return_val_if_fail (OVERLAP_IS_RUN (self), NULL);
  g_return_val_if_fail (lane < self->lanes->len, NULL);

  return _overlap_run_lane_at (self, lane);
}

const OverlapSpan *
overlap_run_get_spans (OverlapRun *self,
                       guint      *n_spans)
{
  g_return_val_if_fail (OVERLAP_IS_RUN (self), NULL);

  return array_items (self->spans, n_spans);
}

const OverlapMark *
overlap_run_get_marks (OverlapRun *self,
                       guint      *n_marks)
{
  g_return_val_if_fail (OVERLAP_IS_RUN (self), NULL);

  return array_items (self->marks, n_marks);
}

const OverlapCounter *
overlap_run_get_counters (OverlapRun *self,
                          guint      *n_counters)
{
  g_return_val_if_fail (OVERLAP_IS_RUN (self), NULL);

  return array_items (self->counters, n_counters);
}

void
overlap_run_get_stats (OverlapRun      *self,
                       OverlapRunStats *stats)
{
  g_return_if_fail (OVERLAP_IS_RUN (self));
  g_return_if_fail (stats != NULL);

  memset (stats, 0, sizeof *stats);

  stats->n_tasks = self->lanes->len;
  stats->wall_time = self->wall_time;
  stats->longest_stall = self->longest_stall;

  for (guint i = 0; i < self->lanes->len; i++)
    {
      const OverlapLane *lane = _overlap_run_lane_at (self, i);

      stats->bytes += lane->bytes;
      switch (lane->result)
        {
        case OVERLAP_RESULT_OK: stats->n_ok++; break;
        case OVERLAP_RESULT_FAILED: stats->n_failed++; break;
        case OVERLAP_RESULT_CANCELLED: stats->n_cancelled++; break;
        case OVERLAP_RESULT_TIMED_OUT: stats->n_timed_out++; break;
        case OVERLAP_RESULT_PENDING:
        default: break;
        }
    }

  for (guint i = 0; i < self->spans->len; i++)
    {
      const OverlapSpan *span = &g_array_index (self->spans, OverlapSpan, i);

      if (span->phase != OVERLAP_PHASE_QUEUED && span->end >= span->start)
        stats->task_time_sum += span->end - span->start;
    }

  if (self->in_flight_counter != G_MAXUINT)
    {
      const OverlapCounter *c = &g_array_index (self->counters, OverlapCounter,
                                                self->in_flight_counter);
      stats->max_in_flight = (guint) c->max;
    }
}

/* How many lanes failed, were cancelled, timed out: as overlap_run_get_stats()
 * counts them, but kept as the lanes end rather than counted, for a header
 * drawn on every paint of a run of 100,000 lanes. */
void
overlap_run_count_outcomes (OverlapRun *self,
                            guint      *n_failed,
                            guint      *n_cancelled,
                            guint      *n_timed_out)
{
  g_return_if_fail (OVERLAP_IS_RUN (self));

  *n_failed = self->n_results[OVERLAP_RESULT_FAILED];
  *n_cancelled = self->n_results[OVERLAP_RESULT_CANCELLED];
  *n_timed_out = self->n_results[OVERLAP_RESULT_TIMED_OUT];
}

gsize
overlap_run_get_memory_size (OverlapRun *self)
{
  gsize size;

  g_return_val_if_fail (OVERLAP_IS_RUN (self), 0);

  size = sizeof *self;
  size += (gsize) self->lanes->len * sizeof (OverlapLane);
  size += (gsize) self->spans->len * sizeof (OverlapSpan);
  size += (gsize) self->marks->len * sizeof (OverlapMark);
  for (guint i = 0; i < self->counters->len; i++)
    size += g_array_index (self->counters, OverlapCounter, i).samples->len * sizeof (OverlapSample);
  if (self->sources != NULL)
    size += self->sources->len * sizeof (TaskSource);
  return size;
}
