/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-replay"

#include "config.h"

#include "overlap-replay.h"

#include "overlap-compare-private.h"

/* Replaying a finished recording: a second recording whose runs grow again, live,
 * as the first one's did — the same lanes, spans, marks and counters, applied in
 * time order up to a position that advances at 0.25×–4× the original speed. Being
 * a live recording, it is painted by the same code as a live run, so a replay
 * looks exactly like the run did. Seeking back rebuilds from the start; seeking
 * forward applies what lies between. The notes are the recording's: those
 * added, moved, edited or removed in the replay are so in the recording too. */

#define TICK_INTERVAL 16   /* ms */

typedef enum
{
  EVENT_LANE_BEGIN,        /* in this order when several share a time */
  EVENT_SPAN_CLOSE,
  EVENT_SPAN_OPEN,
  EVENT_MARK,
  EVENT_SAMPLE,
  EVENT_LANE_END,
} EventKind;

typedef struct
{
  gint64  time;            /* µs from the run's start */
  guint32 index;           /* lane, span, mark or sample */
  guint16 counter;
  guint16 kind;
} Event;

typedef struct
{
  OverlapRun *source;
  OverlapRun *target;      /* NULL until the position reaches the run's start */
  GArray     *events;      /* Event, in time order */
  guint       next;        /* the next event to apply */
  guint      *spans;       /* source span → target span */
  guint      *counters;    /* source counter → target counter */
  gint64      offset;
  gint64      wall;
} Track;

struct _OverlapReplay
{
  GObject           parent_instance;

  OverlapRecording *source;
  OverlapRecording *recording;
  Track            *tracks;
  guint             n_tracks;
  gint64            duration;
  gint64            position;
  double            speed;
  guint             tick_id;
  gint64            last_tick;
  gulong            notes_id;
  gboolean          rebuilding;  /* the replay's notes are being set from the source's */
};

G_DEFINE_FINAL_TYPE (OverlapReplay, overlap_replay, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_POSITION,
  PROP_DURATION,
  PROP_SPEED,
  PROP_PLAYING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static int
compare_events (gconstpointer a,
                gconstpointer b)
{
  const Event *x = a, *y = b;

  return _OVERLAP_CMP (x->time, y->time) ?: _OVERLAP_CMP (x->kind, y->kind) ?: _OVERLAP_CMP (x->index, y->index);
}

static void
add_event (GArray    *events,
           gint64     time,
           EventKind  kind,
           guint32    index,
           guint16    counter)
{
  Event event = { MAX (0, time), index, counter, kind };

  g_array_append_val (events, event);
}

static void
track_init (Track      *track,
            OverlapRun *source)
{
  const OverlapLane *lanes;
  const OverlapSpan *spans;
  const OverlapMark *marks;
  const OverlapCounter *counters;
  guint n_lanes, n_spans, n_marks, n_counters;

  track->source = g_object_ref (source);
  track->offset = overlap_run_get_offset (source);
  track->wall = overlap_run_get_wall_time (source);
  track->events = g_array_new (FALSE, FALSE, sizeof (Event));

  lanes = overlap_run_get_lanes (source, &n_lanes);
  for (guint i = 0; i < n_lanes; i++)
    {
      if (lanes[i].start >= 0)
        add_event (track->events, lanes[i].start, EVENT_LANE_BEGIN, i, 0);
      if (lanes[i].result != OVERLAP_RESULT_PENDING)
        add_event (track->events, MAX (lanes[i].end, lanes[i].start), EVENT_LANE_END, i, 0);
    }

  spans = overlap_run_get_spans (source, &n_spans);
  track->spans = g_new0 (guint, MAX (1, n_spans));
  for (guint i = 0; i < n_spans; i++)
    {
      add_event (track->events, spans[i].start, EVENT_SPAN_OPEN, i, 0);
      add_event (track->events, spans[i].end >= 0 ? spans[i].end : track->wall, EVENT_SPAN_CLOSE, i, 0);
    }

  marks = overlap_run_get_marks (source, &n_marks);
  for (guint i = 0; i < n_marks; i++)
    add_event (track->events, marks[i].time, EVENT_MARK, i, 0);

  counters = overlap_run_get_counters (source, &n_counters);
  track->counters = g_new0 (guint, MAX (1, n_counters));
  for (guint c = 0; c < n_counters && c < G_MAXUINT16; c++)
    for (guint k = 0; k < counters[c].samples->len; k++)
      add_event (track->events, g_array_index (counters[c].samples, OverlapSample, k).time,
                 EVENT_SAMPLE, k, c);

  g_array_sort (track->events, compare_events);
}

static void
track_reset (Track *track)
{
  g_clear_object (&track->target);
  track->next = 0;
}

static void
track_clear (Track *track)
{
  track_reset (track);
  g_clear_object (&track->source);
  g_clear_pointer (&track->events, g_array_unref);
  g_clear_pointer (&track->spans, g_free);
  g_clear_pointer (&track->counters, g_free);
}

static void
track_start (OverlapReplay *self,
             Track         *track)
{
  const OverlapLane *lanes;
  const OverlapCounter *counters;
  OverlapRun *source = track->source;
  guint n_lanes, n_counters;

  g_assert (track->target == NULL);

  track->target = overlap_run_new (overlap_run_get_title (source), overlap_run_get_strategy (source));
  overlap_run_set_offset (track->target, track->offset);
  overlap_run_set_clock_start (track->target, overlap_run_get_clock_start (source));
  overlap_run_set_note (track->target, overlap_run_get_note (source));

  lanes = overlap_run_get_lanes (source, &n_lanes);
  for (guint i = 0; i < n_lanes; i++)
    {
      const char *file;
      guint line;

      overlap_run_add_lane (track->target,
                            overlap_run_string (source, lanes[i].label),
                            overlap_run_string (source, lanes[i].kind),
                            overlap_run_string (source, lanes[i].detail));
      /* a watched program's tasks still open its source in the code view */
      if ((file = overlap_run_get_task_source (source, i, &line)) != NULL)
        overlap_run_set_task_source (track->target, i, file, line);
    }

  /* live, on the replay's clock; begin() makes the "in flight" counter */
  overlap_run_set_clock (track->target, 0);
  overlap_run_begin (track->target, g_get_monotonic_time ());

  counters = overlap_run_get_counters (source, &n_counters);
  for (guint c = 0; c < n_counters; c++)
    {
      const OverlapCounter *existing;
      guint n_existing;
      guint found = G_MAXUINT;

      existing = overlap_run_get_counters (track->target, &n_existing);
      for (guint k = 0; k < n_existing; k++)
        if (g_strcmp0 (existing[k].name, counters[c].name) == 0)
          found = k;
      track->counters[c] = found != G_MAXUINT
        ? found
        : overlap_run_add_counter (track->target, counters[c].name, counters[c].unit);
    }

  overlap_recording_add_run (self->recording, track->target);
}

static void
apply_event (Track       *track,
             const Event *event)
{
  OverlapRun *source = track->source;
  OverlapRun *target = track->target;

  switch ((EventKind) event->kind)
    {
    case EVENT_LANE_BEGIN:
      overlap_run_lane_begin (target, event->index, event->time);
      break;

    case EVENT_SPAN_OPEN:
      {
        const OverlapSpan *span = &overlap_run_get_spans (source, NULL)[event->index];
        guint index = overlap_run_open_span (target, span->lane, span->phase, span->start,
                                             overlap_run_string (source, span->label));

        if (span->flags != 0 || span->detail != 0)
          overlap_run_set_span_info (target, index, span->flags, overlap_run_string (source, span->detail));
        track->spans[event->index] = index;
      }
      break;

    case EVENT_SPAN_CLOSE:
      overlap_run_close_span (target, track->spans[event->index], event->time);
      break;

    case EVENT_MARK:
      {
        const OverlapMark *mark = &overlap_run_get_marks (source, NULL)[event->index];

        overlap_run_add_mark (target, mark->lane, mark->kind, mark->time, mark->value);
        if (mark->kind == OVERLAP_MARK_CHUNK)
          overlap_run_add_bytes (target, mark->lane, mark->value);
      }
      break;

    case EVENT_SAMPLE:
      {
        const OverlapCounter *counter = &overlap_run_get_counters (source, NULL)[event->counter];
        const OverlapSample *sample = &g_array_index (counter->samples, OverlapSample, event->index);
        const OverlapCounter *mine = &overlap_run_get_counters (target, NULL)[track->counters[event->counter]];
        const OverlapSample *last = mine->samples->len > 0
          ? &g_array_index (mine->samples, OverlapSample, mine->samples->len - 1) : NULL;

        /* overlap_run_begin() gave "in flight" its first sample already */
        if (last == NULL || last->time != sample->time || last->value != sample->value)
          overlap_run_add_sample (target, track->counters[event->counter], sample->time, sample->value);
      }
      break;

    case EVENT_LANE_END:
      {
        const OverlapLane *lane = overlap_run_get_lane (source, event->index);
        OverlapRestoredLane restored = {
          .result = lane->result,
          .message = overlap_run_string (source, lane->message),
          .completion = lane->completion,
          .start = lane->start,
          .end = lane->end,
          .bytes = lane->bytes,
          .flags = lane->flags & ~OVERLAP_LANE_IN_FLIGHT,
        };

        overlap_run_restore_lane (target, event->index, &restored);
      }
      break;

    default:
      g_assert_not_reached ();
    }
}

/* Applies what happened up to @position (recording time). */
static void
apply_until (OverlapReplay *self,
             gint64         position)
{
  for (guint i = 0; i < self->n_tracks; i++)
    {
      Track *track = &self->tracks[i];
      gint64 local = position - track->offset;

      if (local < 0)
        continue;
      if (track->target == NULL)
        track_start (self, track);

      while (track->next < track->events->len)
        {
          const Event *event = &g_array_index (track->events, Event, track->next);

          if (event->time > local)
            break;
          apply_event (track, event);
          track->next++;
        }

      if (overlap_run_is_live (track->target))
        {
          if (local >= track->wall && track->next >= track->events->len)
            {
              OverlapRunStats stats;

              overlap_run_get_stats (track->source, &stats);
              overlap_run_note_stall (track->target, stats.longest_stall);
              overlap_run_set_clock (track->target, -1);
              overlap_run_restore_state (track->target, overlap_run_get_state (track->source), track->wall);
            }
          else
            overlap_run_set_clock (track->target, MIN (local, track->wall));
        }
    }
}

/* A note changed in the replay (the chart shows the replay's recording): the
 * same in the recording replayed, which is the one saved and replayed again */
static void
notes_changed_cb (OverlapReplay *self)
{
  if (!self->rebuilding)
    overlap_recording_copy_notes (self->source, self->recording);
}

static gboolean
tick_cb (gpointer data)
{
  OverlapReplay *self = data;
  gint64 now = g_get_monotonic_time ();

  overlap_replay_advance (self, now - self->last_tick);
  self->last_tick = now;

  if (self->position >= self->duration)
    {
      self->tick_id = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

/* GObject */

static void
overlap_replay_dispose (GObject *object)
{
  OverlapReplay *self = (OverlapReplay *)object;

  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->recording != NULL)
    g_clear_signal_handler (&self->notes_id, self->recording);
  for (guint i = 0; i < self->n_tracks; i++)
    track_clear (&self->tracks[i]);
  g_clear_pointer (&self->tracks, g_free);
  self->n_tracks = 0;
  g_clear_object (&self->recording);
  g_clear_object (&self->source);

  G_OBJECT_CLASS (overlap_replay_parent_class)->dispose (object);
}

static void
overlap_replay_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  OverlapReplay *self = OVERLAP_REPLAY (object);

  switch (prop_id)
    {
    case PROP_POSITION:
      g_value_set_int64 (value, self->position);
      break;
    case PROP_DURATION:
      g_value_set_int64 (value, self->duration);
      break;
    case PROP_SPEED:
      g_value_set_double (value, self->speed);
      break;
    case PROP_PLAYING:
      g_value_set_boolean (value, self->tick_id != 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
overlap_replay_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  OverlapReplay *self = OVERLAP_REPLAY (object);

  switch (prop_id)
    {
    case PROP_POSITION:
      overlap_replay_seek (self, g_value_get_int64 (value));
      break;
    case PROP_SPEED:
      overlap_replay_set_speed (self, g_value_get_double (value));
      break;
    case PROP_PLAYING:
      if (g_value_get_boolean (value))
        overlap_replay_play (self);
      else
        overlap_replay_pause (self);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
overlap_replay_class_init (OverlapReplayClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = overlap_replay_dispose;
  object_class->get_property = overlap_replay_get_property;
  object_class->set_property = overlap_replay_set_property;

  properties[PROP_POSITION] =
    g_param_spec_int64 ("position", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DURATION] =
    g_param_spec_int64 ("duration", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SPEED] =
    g_param_spec_double ("speed", NULL, NULL, OVERLAP_REPLAY_MIN_SPEED, OVERLAP_REPLAY_MAX_SPEED, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLAYING] =
    g_param_spec_boolean ("playing", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
overlap_replay_init (OverlapReplay *self)
{
  self->speed = 1.0;
}

/* Public API */

OverlapReplay *
overlap_replay_new (OverlapRecording *source)
{
  OverlapReplay *self;
  guint n;

  g_return_val_if_fail (OVERLAP_IS_RECORDING (source), NULL);
  g_return_val_if_fail (!overlap_recording_is_live (source), NULL);

  self = g_object_new (OVERLAP_TYPE_REPLAY, NULL);
  self->source = g_object_ref (source);
  self->recording = overlap_recording_new (overlap_recording_get_title (source));
  /* the notes are there from the start; the painter shows each once the
   * replay has reached it */
  overlap_recording_copy_notes (self->recording, source);
  self->notes_id = g_signal_connect_swapped (self->recording, "notes-changed", G_CALLBACK (notes_changed_cb), self);

  n = overlap_recording_get_n_runs (source);
  self->tracks = g_new0 (Track, MAX (1, n));
  self->n_tracks = n;
  for (guint i = 0; i < n; i++)
    {
      track_init (&self->tracks[i], overlap_recording_get_run (source, i));
      self->duration = MAX (self->duration, self->tracks[i].offset + self->tracks[i].wall);
    }

  return self;
}

OverlapRecording *
overlap_replay_get_source (OverlapReplay *self)
{
  g_return_val_if_fail (OVERLAP_IS_REPLAY (self), NULL);
  return self->source;
}

/* The recording to show: it grows as the replay plays. */
OverlapRecording *
overlap_replay_get_recording (OverlapReplay *self)
{
  g_return_val_if_fail (OVERLAP_IS_REPLAY (self), NULL);
  return self->recording;
}

gint64
overlap_replay_get_duration (OverlapReplay *self)
{
  g_return_val_if_fail (OVERLAP_IS_REPLAY (self), 0);
  return self->duration;
}

gint64
overlap_replay_get_position (OverlapReplay *self)
{
  g_return_val_if_fail (OVERLAP_IS_REPLAY (self), 0);
  return self->position;
}

void
overlap_replay_seek (OverlapReplay *self,
                     gint64         position)
{
  g_return_if_fail (OVERLAP_IS_REPLAY (self));

  position = CLAMP (position, 0, self->duration);
  if (position < self->position || (position == 0 && overlap_recording_get_n_runs (self->recording) > 0))
    {
      /* back: from the start again */
      self->rebuilding = TRUE;
      overlap_recording_clear (self->recording);
      overlap_recording_copy_notes (self->recording, self->source);
      self->rebuilding = FALSE;
      for (guint i = 0; i < self->n_tracks; i++)
        track_reset (&self->tracks[i]);
    }

  self->position = position;
  apply_until (self, position);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
}

/* Moves to the next (@direction > 0) or previous event; FALSE at either end. */
gboolean
overlap_replay_step (OverlapReplay *self,
                     int            direction)
{
  gint64 best = direction > 0 ? G_MAXINT64 : -1;

  g_return_val_if_fail (OVERLAP_IS_REPLAY (self), FALSE);

  for (guint i = 0; i < self->n_tracks; i++)
    {
      const Track *track = &self->tracks[i];

      for (guint k = 0; k < track->events->len; k++)
        {
          gint64 t = g_array_index (track->events, Event, k).time + track->offset;

          if (direction > 0 && t > self->position && t < best)
            best = t;
          else if (direction < 0 && t < self->position && t > best)
            best = t;
        }
      if (direction > 0 && track->offset + track->wall > self->position && track->offset + track->wall < best)
        best = track->offset + track->wall;
    }

  if (best == G_MAXINT64 || best < 0)
    return FALSE;
  overlap_replay_seek (self, best);
  return TRUE;
}

double
overlap_replay_get_speed (OverlapReplay *self)
{
  g_return_val_if_fail (OVERLAP_IS_REPLAY (self), 1.0);
  return self->speed;
}

void
overlap_replay_set_speed (OverlapReplay *self,
                          double         speed)
{
  g_return_if_fail (OVERLAP_IS_REPLAY (self));

  speed = CLAMP (speed, OVERLAP_REPLAY_MIN_SPEED, OVERLAP_REPLAY_MAX_SPEED);
  if (self->speed == speed)
    return;
  self->speed = speed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEED]);
}

gboolean
overlap_replay_get_playing (OverlapReplay *self)
{
  g_return_val_if_fail (OVERLAP_IS_REPLAY (self), FALSE);
  return self->tick_id != 0;
}

void
overlap_replay_play (OverlapReplay *self)
{
  g_return_if_fail (OVERLAP_IS_REPLAY (self));

  if (self->tick_id != 0)
    return;
  if (self->position >= self->duration)
    overlap_replay_seek (self, 0);
  self->last_tick = g_get_monotonic_time ();
  self->tick_id = g_timeout_add (TICK_INTERVAL, tick_cb, self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
}

void
overlap_replay_pause (OverlapReplay *self)
{
  g_return_if_fail (OVERLAP_IS_REPLAY (self));

  if (self->tick_id == 0)
    return;
  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
}

/* Moves on by @elapsed µs of wall-clock time, at the replay's speed. */
void
overlap_replay_advance (OverlapReplay *self,
                        gint64         elapsed)
{
  g_return_if_fail (OVERLAP_IS_REPLAY (self));

  overlap_replay_seek (self, self->position + (gint64) (MAX (0, elapsed) * self->speed));
}
