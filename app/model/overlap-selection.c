/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-selection"

#include "config.h"

#include "overlap-selection.h"

/* What is selected in a recording: a run, or a task (a lane of a run), by their
 * indexes; -1 for none. One object shared by every view of the recording — the
 * Gantt chart, the task table, the code view — so that selecting in one selects
 * in all, with no view keeping a copy to keep in step. "changed" is emitted once
 * for each change, after the properties are notified. */

struct _OverlapSelection
{
  GObject parent_instance;
  int     run;
  int     lane;
};

G_DEFINE_FINAL_TYPE (OverlapSelection, overlap_selection, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RUN,
  PROP_LANE,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
overlap_selection_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  OverlapSelection *self = OVERLAP_SELECTION (object);

  switch (prop_id)
    {
    case PROP_RUN:
      g_value_set_int (value, self->run);
      break;
    case PROP_LANE:
      g_value_set_int (value, self->lane);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
overlap_selection_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  OverlapSelection *self = OVERLAP_SELECTION (object);

  switch (prop_id)
    {
    case PROP_RUN:
      overlap_selection_set (self, g_value_get_int (value), self->lane);
      break;
    case PROP_LANE:
      overlap_selection_set (self, self->run, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
overlap_selection_class_init (OverlapSelectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = overlap_selection_get_property;
  object_class->set_property = overlap_selection_set_property;

  properties[PROP_RUN] =
    g_param_spec_int ("run", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LANE] =
    g_param_spec_int ("lane", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
overlap_selection_init (OverlapSelection *self)
{
  self->run = -1;
  self->lane = -1;
}

OverlapSelection *
overlap_selection_new (void)
{
  return g_object_new (OVERLAP_TYPE_SELECTION, NULL);
}

int
overlap_selection_get_run (OverlapSelection *self)
{
  g_return_val_if_fail (OVERLAP_IS_SELECTION (self), -1);
  return self->run;
}

int
overlap_selection_get_lane (OverlapSelection *self)
{
  g_return_val_if_fail (OVERLAP_IS_SELECTION (self), -1);
  return self->lane;
}

/* Selects lane @lane of run @run (a task), or the run alone with @lane -1, or
 * nothing with @run -1 (the lane is then -1 too). */
void
overlap_selection_set (OverlapSelection *self,
                       int               run,
                       int               lane)
{
  gboolean changed = FALSE;

  g_return_if_fail (OVERLAP_IS_SELECTION (self));

  run = MAX (run, -1);
  lane = run < 0 ? -1 : MAX (lane, -1);

  g_object_freeze_notify (G_OBJECT (self));
  if (self->run != run)
    {
      self->run = run;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUN]);
      changed = TRUE;
    }
  if (self->lane != lane)
    {
      self->lane = lane;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LANE]);
      changed = TRUE;
    }
  g_object_thaw_notify (G_OBJECT (self));

  if (changed)
    g_signal_emit (self, signals[CHANGED], 0);
}

void
overlap_selection_clear (OverlapSelection *self)
{
  overlap_selection_set (self, -1, -1);
}

/* What a view does to take @selection (NULL: a new one of its own) into *@slot:
 * moves the view's @changed handler (called with @view) from the selection it
 * held to @selection, and calls it once. Returns %FALSE, doing nothing, when
 * *@slot already holds @selection. */
gboolean
overlap_selection_share (OverlapSelection **slot,
                         OverlapSelection  *selection,
                         GCallback          changed,
                         gpointer           view)
{
  g_autoptr(OverlapSelection) own = NULL;

  g_return_val_if_fail (slot != NULL, FALSE);
  g_return_val_if_fail (selection == NULL || OVERLAP_IS_SELECTION (selection), FALSE);
  g_return_val_if_fail (changed != NULL, FALSE);

  if (selection == NULL)
    selection = own = overlap_selection_new ();
  if (*slot == selection)
    return FALSE;
  if (*slot != NULL)
    g_signal_handlers_disconnect_by_func (*slot, changed, view);
  g_set_object (slot, selection);
  g_signal_connect_swapped (selection, "changed", changed, view);
  ((void (*) (gpointer)) changed) (view);
  return TRUE;
}
