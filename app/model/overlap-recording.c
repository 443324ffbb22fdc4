/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-recording"

#include "config.h"

#include "overlap-recording.h"

/* A recording: the runs being compared, as a GListModel of OverlapRun, the
 * flows between their lanes and the notes on their timeline. */

struct _OverlapRecording
{
  GObject    parent_instance;

  char      *title;
  GPtrArray *runs;
  GArray    *flows;     /* OverlapFlow, between the runs' lanes */
  gboolean   each_from_zero;
  GArray    *notes;     /* OverlapNote, by start, then id */
  guint      next_note_id;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (OverlapRecording, overlap_recording, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_TITLE,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  NOTES_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_BOXED_TYPE (OverlapNote, overlap_note, overlap_note_copy, overlap_note_free)

OverlapNote *
overlap_note_copy (const OverlapNote *note)
{
  OverlapNote *copy;

  g_return_val_if_fail (note != NULL, NULL);

  copy = g_new (OverlapNote, 1);
  *copy = *note;
  copy->text = g_strdup (note->text);
  return copy;
}

void
overlap_note_free (OverlapNote *note)
{
  if (note == NULL)
    return;
  g_free (note->text);
  g_free (note);
}

static void
note_clear (gpointer data)
{
  OverlapNote *note = data;

  g_clear_pointer (&note->text, g_free);
}

static int
compare_notes (gconstpointer a,
               gconstpointer b)
{
  const OverlapNote *na = a;
  const OverlapNote *nb = b;

  if (na->start != nb->start)
    return na->start < nb->start ? -1 : 1;
  return (na->id > nb->id) - (na->id < nb->id);
}

static void
notes_changed (OverlapRecording *self)
{
  g_array_sort (self->notes, compare_notes);
  g_signal_emit (self, signals[NOTES_CHANGED], 0);
}

static GType
overlap_recording_get_item_type (GListModel *model)
{
  return OVERLAP_TYPE_RUN;
}

static guint
overlap_recording_get_n_items (GListModel *model)
{
  return OVERLAP_RECORDING (model)->runs->len;
}

static gpointer
overlap_recording_get_item (GListModel *model,
                            guint       position)
{
  OverlapRecording *self = OVERLAP_RECORDING (model);

  if (position >= self->runs->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->runs, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = overlap_recording_get_item_type;
  iface->get_n_items = overlap_recording_get_n_items;
  iface->get_item = overlap_recording_get_item;
}

static void
overlap_recording_finalize (GObject *object)
{
  OverlapRecording *self = (OverlapRecording *)object;

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->runs, g_ptr_array_unref);
  g_clear_pointer (&self->flows, g_array_unref);
  g_clear_pointer (&self->notes, g_array_unref);

  G_OBJECT_CLASS (overlap_recording_parent_class)->finalize (object);
}

static void
overlap_recording_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  OverlapRecording *self = OVERLAP_RECORDING (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->runs->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
overlap_recording_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  OverlapRecording *self = OVERLAP_RECORDING (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      overlap_recording_set_title (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
overlap_recording_class_init (OverlapRecordingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = overlap_recording_finalize;
  object_class->get_property = overlap_recording_get_property;
  object_class->set_property = overlap_recording_set_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * OverlapRecording::notes-changed:
   *
   * A note was added, moved, edited or removed: views redraw and relist.
   */
  signals[NOTES_CHANGED] =
    g_signal_new ("notes-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
overlap_recording_init (OverlapRecording *self)
{
  self->runs = g_ptr_array_new_with_free_func (g_object_unref);
  self->flows = g_array_new (FALSE, FALSE, sizeof (OverlapFlow));
  self->notes = g_array_new (FALSE, FALSE, sizeof (OverlapNote));
  g_array_set_clear_func (self->notes, note_clear);
  self->next_note_id = 1;
}

OverlapRecording *
overlap_recording_new (const char *title)
{
  return g_object_new (OVERLAP_TYPE_RECORDING, "title", title, NULL);
}

const char *
overlap_recording_get_title (OverlapRecording *self)
{
  g_return_val_if_fail (OVERLAP_IS_RECORDING (self), NULL);
  return self->title;
}

void
overlap_recording_set_title (OverlapRecording *self,
                             const char       *title)
{
  g_return_if_fail (OVERLAP_IS_RECORDING (self));

  if (g_strcmp0 (self->title, title) == 0)
    return;
  g_free (self->title);
  self->title = g_strdup (title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

void
overlap_recording_add_run (OverlapRecording *self,
                           OverlapRun       *run)
{
  g_return_if_fail (OVERLAP_IS_RECORDING (self));
  g_return_if_fail (OVERLAP_IS_RUN (run));

  g_ptr_array_add (self->runs, g_object_ref (run));
  g_list_model_items_changed (G_LIST_MODEL (self), self->runs->len - 1, 0, 1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

/* The flows that touch run @position go with it; those of the runs after it
 * follow their runs' new positions. */
static void
remove_flows_of_run (OverlapRecording *self,
                     guint             position)
{
  guint kept = 0;

  for (guint i = 0; i < self->flows->len; i++)
    {
      OverlapFlow flow = g_array_index (self->flows, OverlapFlow, i);

      if (flow.from_run == position || flow.to_run == position)
        continue;
      flow.from_run -= flow.from_run > position;
      flow.to_run -= flow.to_run > position;
      g_array_index (self->flows, OverlapFlow, kept++) = flow;
    }
  g_array_set_size (self->flows, kept);
}

void
overlap_recording_remove_run (OverlapRecording *self,
                              guint             position)
{
  g_return_if_fail (OVERLAP_IS_RECORDING (self));
  g_return_if_fail (position < self->runs->len);

  g_ptr_array_remove_index (self->runs, position);
  remove_flows_of_run (self, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

void
overlap_recording_clear (OverlapRecording *self)
{
  guint n;

  g_return_if_fail (OVERLAP_IS_RECORDING (self));

  n = self->runs->len;
  g_array_set_size (self->flows, 0);
  overlap_recording_clear_notes (self);
  if (n == 0)
    return;
  g_ptr_array_set_size (self->runs, 0);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, n, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

guint
overlap_recording_get_n_runs (OverlapRecording *self)
{
  g_return_val_if_fail (OVERLAP_IS_RECORDING (self), 0);
  return self->runs->len;
}

/* Borrowed. */
OverlapRun *
overlap_recording_get_run (OverlapRecording *self,
                           guint             position)
{
  g_return_val_if_fail (OVERLAP_IS_RECORDING (self), NULL);
  g_return_val_if_fail (position < self->runs->len, NULL);

  return g_ptr_array_index (self->runs, position);
}

/* The run that @run is compared against: the last finished "sequential" run of
 * the same title, or NULL. */
OverlapRun *
overlap_recording_get_baseline (OverlapRecording *self,
                                OverlapRun       *run)
{
  g_return_val_if_fail (OVERLAP_IS_RECORDING (self), NULL);
  g_return_val_if_fail (OVERLAP_IS_RUN (run), NULL);

  for (guint i = self->runs->len; i > 0; i--)
    {
      OverlapRun *other = g_ptr_array_index (self->runs, i - 1);

      if (g_strcmp0 (overlap_run_get_strategy (other), "sequential") == 0 &&
          g_strcmp0 (overlap_run_get_title (other), overlap_run_get_title (run)) == 0 &&
          overlap_run_get_state (other) == OVERLAP_RUN_FINISHED)
        return other;
    }

  return NULL;
}

/* How many times faster than the baseline @run was, or 0 when unknown. */
double
overlap_recording_get_speedup (OverlapRecording *self,
                               OverlapRun       *run)
{
  OverlapRun *baseline;
  gint64 wall;

  g_return_val_if_fail (OVERLAP_IS_RECORDING (self), 0);
  g_return_val_if_fail (OVERLAP_IS_RUN (run), 0);

  baseline = overlap_recording_get_baseline (self, run);
  if (baseline == NULL || overlap_run_get_state (run) != OVERLAP_RUN_FINISHED)
    return 0;

  wall = overlap_run_get_wall_time (run);
  if (wall <= 0)
    return 0;
  return (double) overlap_run_get_wall_time (baseline) / (double) wall;
}

/* The longest run's extent in µs, counting live runs up to @now (monotonic µs). */
gint64
overlap_recording_get_duration (OverlapRecording *self,
                                gint64            now)
{
  gint64 duration = 0;

  gint64 clock_start;

  g_return_val_if_fail (OVERLAP_IS_RECORDING (self), 0);

  clock_start = overlap_recording_get_clock_start (self);
  for (guint i = 0; i < self->runs->len; i++)
    {
      OverlapRun *run = g_ptr_array_index (self->runs, i);

      duration = MAX (duration, overlap_recording_get_shift (self, clock_start, run) + overlap_run_get_end (run, now));
    }
  return duration;
}

void
overlap_recording_set_each_from_zero (OverlapRecording *self,
                                      gboolean          each_from_zero)
{
  g_return_if_fail (OVERLAP_IS_RECORDING (self));
  self->each_from_zero = !!each_from_zero;
}

gboolean
overlap_recording_get_each_from_zero (OverlapRecording *self)
{
  g_return_val_if_fail (OVERLAP_IS_RECORDING (self), FALSE);
  return self->each_from_zero;
}

/* The first clock start of the runs, 0 when none has one */
gint64
overlap_recording_get_clock_start (OverlapRecording *self)
{
  gint64 start = G_MAXINT64;

  g_return_val_if_fail (OVERLAP_IS_RECORDING (self), 0);

  for (guint i = 0; i < self->runs->len; i++)
    {
      gint64 clock_start = overlap_run_get_clock_start (g_ptr_array_index (self->runs, i));

      if (clock_start > 0)
        start = MIN (start, clock_start);
    }
  return start == G_MAXINT64 ? 0 : start;
}

/* Where @run's time 0 is on the axis, @clock_start being the recording's
 * (overlap_recording_get_clock_start()) */
gint64
overlap_recording_get_shift (OverlapRecording *self,
                             gint64            clock_start,
                             OverlapRun       *run)
{
  gint64 start;

  g_return_val_if_fail (OVERLAP_IS_RECORDING (self), 0);

  start = overlap_run_get_clock_start (run);
  if (self->each_from_zero || start <= 0 || clock_start <= 0)
    return 0;
  return MAX (0, start - clock_start);
}

gboolean
overlap_recording_is_live (OverlapRecording *self)
{
  g_return_val_if_fail (OVERLAP_IS_RECORDING (self), FALSE);

  for (guint i = 0; i < self->runs->len; i++)
    if (overlap_run_is_live (g_ptr_array_index (self->runs, i)))
      return TRUE;
  return FALSE;
}

/* Flows: arrows from a point of one lane to a point of another (in a Chrome
 * trace, which task posted which), in the runs' own times. A flow names its
 * runs by position, so runs are added first. */
void
overlap_recording_add_flows (OverlapRecording  *self,
                             const OverlapFlow *flows,
                             guint              n_flows)
{
  g_return_if_fail (OVERLAP_IS_RECORDING (self));
  g_return_if_fail (flows != NULL || n_flows == 0);

  for (guint i = 0; i < n_flows; i++)
    {
      g_return_if_fail (flows[i].from_run < self->runs->len);
      g_return_if_fail (flows[i].to_run < self->runs->len);
    }
  g_array_append_vals (self->flows, flows, n_flows);
}

const OverlapFlow *
overlap_recording_get_flows (OverlapRecording *self,
                             guint            *n_flows)
{
  g_return_val_if_fail (OVERLAP_IS_RECORDING (self), NULL);
  g_return_val_if_fail (n_flows != NULL, NULL);

  *n_flows = self->flows->len;
  return (const OverlapFlow *) self->flows->data;
}

/* Notes on the timeline ------------------------------------------------- */

/* Adds a note from @start to @end (µs, swapped when reversed; equal for a
 * moment) and returns its id, never 0. */
guint
overlap_recording_add_note (OverlapRecording *self,
                            gint64            start,
                            gint64            end,
                            const char       *text)
{
  OverlapNote note;

  g_return_val_if_fail (OVERLAP_IS_RECORDING (self), 0);

  note.id = self->next_note_id++;
  note.start = MIN (start, end);
  note.end = MAX (start, end);
  note.text = g_strdup (text ? text : "");
  g_array_append_val (self->notes, note);
  notes_changed (self);
  return note.id;
}

int
overlap_recording_get_note_index (OverlapRecording *self,
                                  guint             id)
{
  g_return_val_if_fail (OVERLAP_IS_RECORDING (self), -1);

  for (guint i = 0; i < self->notes->len; i++)
    if (g_array_index (self->notes, OverlapNote, i).id == id)
      return (int) i;
  return -1;
}

/* Borrowed, until the notes change; NULL when there is no note @id. */
const OverlapNote *
overlap_recording_find_note (OverlapRecording *self,
                             guint             id)
{
  int index;

  g_return_val_if_fail (OVERLAP_IS_RECORDING (self), NULL);

  index = overlap_recording_get_note_index (self, id);
  return index < 0 ? NULL : &g_array_index (self->notes, OverlapNote, index);
}

/* Moves and/or retitles note @id (@text NULL keeps its text); FALSE when
 * there is no such note. */
gboolean
overlap_recording_update_note (OverlapRecording *self,
                               guint             id,
                               gint64            start,
                               gint64            end,
                               const char       *text)
{
  OverlapNote *note;
  int index;

  g_return_val_if_fail (OVERLAP_IS_RECORDING (self), FALSE);

  if ((index = overlap_recording_get_note_index (self, id)) < 0)
    return FALSE;
  note = &g_array_index (self->notes, OverlapNote, index);
  if (note->start == MIN (start, end) && note->end == MAX (start, end) &&
      (text == NULL || g_strcmp0 (text, note->text) == 0))
    return TRUE;
  note->start = MIN (start, end);
  note->end = MAX (start, end);
  if (text != NULL)
    {
      g_free (note->text);
      note->text = g_strdup (text);
    }
  notes_changed (self);
  return TRUE;
}

gboolean
overlap_recording_remove_note (OverlapRecording *self,
                               guint             id)
{
  int index;

  g_return_val_if_fail (OVERLAP_IS_RECORDING (self), FALSE);

  if ((index = overlap_recording_get_note_index (self, id)) < 0)
    return FALSE;
  g_array_remove_index (self->notes, index);
  notes_changed (self);
  return TRUE;
}

void
overlap_recording_clear_notes (OverlapRecording *self)
{
  g_return_if_fail (OVERLAP_IS_RECORDING (self));

  if (self->notes->len == 0)
    return;
  g_array_set_size (self->notes, 0);
  notes_changed (self);
}

/* Replaces the notes of @self by copies of those of @source (ids kept, so a
 * replay's notes are the recording's). */
void
overlap_recording_copy_notes (OverlapRecording *self,
                              OverlapRecording *source)
{
  g_return_if_fail (OVERLAP_IS_RECORDING (self));
  g_return_if_fail (OVERLAP_IS_RECORDING (source));

  if (self == source)
    return;
  g_array_set_size (self->notes, 0);
  for (guint i = 0; i < source->notes->len; i++)
    {
      OverlapNote note = g_array_index (source->notes, OverlapNote, i);

      note.text = g_strdup (note.text);
      g_array_append_val (self->notes, note);
    }
  self->next_note_id = MAX (self->next_note_id, source->next_note_id);
  notes_changed (self);
}

/* The notes in time order; borrowed, until they change. */
const OverlapNote *
overlap_recording_get_notes (OverlapRecording *self,
                             guint            *n_notes)
{
  g_return_val_if_fail (OVERLAP_IS_RECORDING (self), NULL);
  g_return_val_if_fail (n_notes != NULL, NULL);

  *n_notes = self->notes->len;
  return (const OverlapNote *) (gpointer) self->notes->data;
}
