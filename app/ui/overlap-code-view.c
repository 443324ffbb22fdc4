/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-code-view"

#include "config.h"

#include <glib/gi18n.h>

#include "overlap-code-view-private.h"
#include "overlap-code-gen.h"

/* The equivalent program of the current scenario and strategy, in Python
 * asyncio and in GLib C, in two read-only GtkSourceView views with Copy
 * buttons; a third shows the source of a program watched through the live
 * feed when its probe says where tasks were created. The texts come from
 * overlap_code_for() (app/codegen/), with the line that starts each task: the
 * chart's bars and these lines point at each other
 * (overlap_code_view_point_task() and the "cursor-tasks-changed" signal), and
 * during a run each task's line carries a gutter mark for its state.
 *
 * This file is the widget, its pages and the generated programs; the chart and
 * the lines point at each other in overlap-code-view-pointing.c, the live
 * gutter marks are overlap-code-view-marks.c's, and a watched program's source
 * is opened in overlap-code-view-source.c. */

G_DEFINE_FINAL_TYPE (OverlapCodeView, overlap_code_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SCENARIO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Style and languages */

static void
update_scheme (OverlapCodeView *self)
{
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GtkSourceStyleScheme *scheme =
    gtk_source_style_scheme_manager_get_scheme (gtk_source_style_scheme_manager_get_default (),
                                                dark ? "Adwaita-dark" : "Adwaita");

  for (guint i = 0; i < _OVERLAP_CODE_N_PANES; i++)
    gtk_source_buffer_set_style_scheme (self->panes[i].buffer, scheme);
}

static void
set_language (_OverlapCodePane *pane,
              const char       *id)
{
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();

  gtk_source_buffer_set_language (pane->buffer, id ? gtk_source_language_manager_get_language (languages, id) : NULL);
}

static void
init_pane (_OverlapCodePane *pane,
           GtkSourceView    *view)
{
  GdkRGBA pointed;

  pane->view = view;
  pane->buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)));
  pane->task_lines = g_array_new (FALSE, TRUE, sizeof (guint));
  pane->line_states = g_array_new (FALSE, TRUE, sizeof (guint8));
  gtk_source_buffer_set_highlight_matching_brackets (pane->buffer, FALSE);
  gdk_rgba_parse (&pointed, "rgba(145,65,172,0.32)");
  pane->pointed_tag = gtk_text_buffer_create_tag (GTK_TEXT_BUFFER (pane->buffer), "overlap-pointed",
                                                  "paragraph-background-rgba", &pointed,
                                                  NULL);
}

static void
clear_pane (_OverlapCodePane *pane)
{
  g_clear_pointer (&pane->task_lines, g_array_unref);
  g_clear_pointer (&pane->line_states, g_array_unref);
}

/* The pane of the page shown */
_OverlapCodePane *
_overlap_code_view_visible_pane (OverlapCodeView *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->stack);

  if (g_strcmp0 (name, "c") == 0)
    return &self->panes[_OVERLAP_CODE_PANE_C];
  if (g_strcmp0 (name, "source") == 0)
    return &self->panes[_OVERLAP_CODE_PANE_SOURCE];
  return &self->panes[_OVERLAP_CODE_PANE_PYTHON];
}

_OverlapCodePane *
_overlap_code_view_pane_named (OverlapCodeView *self,
                               const char      *page)
{
  if (g_strcmp0 (page, "python") == 0)
    return &self->panes[_OVERLAP_CODE_PANE_PYTHON];
  if (g_strcmp0 (page, "c") == 0)
    return &self->panes[_OVERLAP_CODE_PANE_C];
  if (g_strcmp0 (page, "source") == 0)
    return &self->panes[_OVERLAP_CODE_PANE_SOURCE];
  g_return_val_if_reached (NULL);
}

/* Puts @text in @pane, the cursor at the top, with the line of each task */
void
_overlap_code_view_set_text (_OverlapCodePane *pane,
                             const char       *text,
                             GArray           *task_lines)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (pane->buffer);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_source_buffer_remove_source_marks (pane->buffer, &start, &end, NULL);
  gtk_text_buffer_set_text (buffer, text ? text : "", -1);
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);
  pane->pointed_line = 0;
  g_array_set_size (pane->line_states, 0);
  g_array_set_size (pane->task_lines, 0);
  if (task_lines != NULL)
    g_array_append_vals (pane->task_lines, task_lines->data, task_lines->len);
}

/* Generated programs */

/* "abc", "bounded(3)" → "abc-bounded-3" */
static char *
file_stem (OverlapScenario       *scenario,
           const OverlapStrategy *strategy)
{
  g_autofree char *name = overlap_strategy_to_string (strategy);
  const char *scenario_name = overlap_scenario_get_name (scenario);
  GString *stem = g_string_new (scenario_name && *scenario_name ? scenario_name : "scenario");

  g_string_append_c (stem, '-');
  for (const char *p = name; *p != '\0'; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (stem, *p);
    else if (*p == '.' || *p == '(' || *p == '-')
      g_string_append_c (stem, '-');
  return g_string_free (stem, FALSE);
}

static void
regenerate (OverlapCodeView *self)
{
  guint selected = gtk_drop_down_get_selected (self->strategy_dropdown);
  const OverlapStrategy *strategy;
  g_autofree char *stem = NULL;
  g_autofree char *python_file = NULL;
  g_autofree char *c_file = NULL;
  g_autoptr(GArray) python_lines = NULL;
  g_autoptr(GArray) c_lines = NULL;

  g_clear_pointer (&self->python, g_free);
  g_clear_pointer (&self->c, g_free);

  if (self->scenario == NULL || self->strategies->len == 0)
    {
      _overlap_code_view_set_text (&self->panes[_OVERLAP_CODE_PANE_PYTHON], NULL, NULL);
      _overlap_code_view_set_text (&self->panes[_OVERLAP_CODE_PANE_C], NULL, NULL);
      gtk_label_set_label (self->python_file_label, "");
      gtk_label_set_label (self->c_file_label, "");
      _overlap_code_view_update_cursor_tasks (self);
      return;
    }

  if (selected == GTK_INVALID_LIST_POSITION || selected >= self->strategies->len)
    selected = 0;
  strategy = &g_array_index (self->strategies, OverlapStrategy, selected);

  self->python = overlap_code_for (OVERLAP_CODE_PYTHON, self->scenario, strategy, &python_lines);
  self->c = overlap_code_for (OVERLAP_CODE_C, self->scenario, strategy, &c_lines);
  _overlap_code_view_set_text (&self->panes[_OVERLAP_CODE_PANE_PYTHON], self->python, python_lines);
  _overlap_code_view_set_text (&self->panes[_OVERLAP_CODE_PANE_C], self->c, c_lines);

  stem = file_stem (self->scenario, strategy);
  python_file = g_strconcat (stem, ".py", NULL);
  c_file = g_strconcat (stem, ".c", NULL);
  gtk_label_set_label (self->python_file_label, python_file);
  gtk_label_set_label (self->c_file_label, c_file);

  _overlap_code_view_repoint_pane (self, &self->panes[_OVERLAP_CODE_PANE_PYTHON]);
  _overlap_code_view_repoint_pane (self, &self->panes[_OVERLAP_CODE_PANE_C]);
  if (self->recording != NULL)
    _overlap_code_view_watch_runs (self);
  else
    _overlap_code_view_update_marks (self);
  _overlap_code_view_update_cursor_tasks (self);
}

static void
strategy_selected_cb (OverlapCodeView *self)
{
  if (!self->updating)
    regenerate (self);
}

static void
copy_text (OverlapCodeView *self,
           const char      *text,
           const char      *message)
{
  AdwToast *toast;

  if (text == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 2);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
copy_python_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  OverlapCodeView *self = OVERLAP_CODE_VIEW (widget);

  copy_text (self, self->python, _("Python program copied"));
}

static void
copy_c_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  OverlapCodeView *self = OVERLAP_CODE_VIEW (widget);

  copy_text (self, self->c, _("C program copied"));
}

static void
overlap_code_view_dispose (GObject *object)
{
  OverlapCodeView *self = OVERLAP_CODE_VIEW (object);

  _overlap_code_view_dispose_source (self);
  _overlap_code_view_dispose_marks (self);
  if (self->css != NULL)
    gtk_style_context_remove_provider_for_display (gtk_widget_get_display (GTK_WIDGET (self)),
                                                   GTK_STYLE_PROVIDER (self->css));
  g_clear_object (&self->css);
  gtk_widget_dispose_template (GTK_WIDGET (self), OVERLAP_TYPE_CODE_VIEW);
  g_clear_object (&self->scenario);

  G_OBJECT_CLASS (overlap_code_view_parent_class)->dispose (object);
}

static void
overlap_code_view_finalize (GObject *object)
{
  OverlapCodeView *self = OVERLAP_CODE_VIEW (object);

  g_clear_pointer (&self->strategies, g_array_unref);
  g_clear_pointer (&self->python, g_free);
  g_clear_pointer (&self->c, g_free);
  g_clear_pointer (&self->source_path, g_free);
  g_clear_pointer (&self->cursor_tasks, g_array_unref);
  g_clear_pointer (&self->css_class, g_free);
  for (guint i = 0; i < _OVERLAP_CODE_N_PANES; i++)
    clear_pane (&self->panes[i]);

  G_OBJECT_CLASS (overlap_code_view_parent_class)->finalize (object);
}

static void
overlap_code_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  OverlapCodeView *self = OVERLAP_CODE_VIEW (object);

  switch (prop_id)
    {
    case PROP_SCENARIO:
      g_value_set_object (value, self->scenario);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
overlap_code_view_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  OverlapCodeView *self = OVERLAP_CODE_VIEW (object);

  switch (prop_id)
    {
    case PROP_SCENARIO:
      overlap_code_view_set_scenario (self, g_value_get_object (value), NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
overlap_code_view_class_init (OverlapCodeViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = overlap_code_view_dispose;
  object_class->finalize = overlap_code_view_finalize;
  object_class->get_property = overlap_code_view_get_property;
  object_class->set_property = overlap_code_view_set_property;

  properties[PROP_SCENARIO] =
    g_param_spec_object ("scenario", NULL, NULL,
                         OVERLAP_TYPE_SCENARIO,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  _overlap_code_view_class_init_pointing (object_class);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/overlap/Overlap/ui/overlap-code-view.ui");
  gtk_widget_class_bind_template_child (widget_class, OverlapCodeView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, OverlapCodeView, strategy_dropdown);
  gtk_widget_class_bind_template_child (widget_class, OverlapCodeView, strategy_list);
  gtk_widget_class_bind_template_child (widget_class, OverlapCodeView, stack);
  gtk_widget_class_bind_template_child (widget_class, OverlapCodeView, python_view);
  gtk_widget_class_bind_template_child (widget_class, OverlapCodeView, c_view);
  gtk_widget_class_bind_template_child (widget_class, OverlapCodeView, source_view);
  gtk_widget_class_bind_template_child (widget_class, OverlapCodeView, source_page);
  gtk_widget_class_bind_template_child (widget_class, OverlapCodeView, source_file_label);
  gtk_widget_class_bind_template_child (widget_class, OverlapCodeView, source_message);
  gtk_widget_class_bind_template_child (widget_class, OverlapCodeView, python_file_label);
  gtk_widget_class_bind_template_child (widget_class, OverlapCodeView, c_file_label);

  gtk_widget_class_install_action (widget_class, "code.copy-python", NULL, copy_python_action);
  gtk_widget_class_install_action (widget_class, "code.copy-c", NULL, copy_c_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "codeview");
}

static void
visible_page_cb (OverlapCodeView *self)
{
  /* the strategies are the generated programs' */
  gtk_widget_set_visible (GTK_WIDGET (self->strategy_dropdown),
                          _overlap_code_view_visible_pane (self) !=
                          &self->panes[_OVERLAP_CODE_PANE_SOURCE]);
  _overlap_code_view_update_cursor_tasks (self);
}

static void
overlap_code_view_init (OverlapCodeView *self)
{
  GtkSourceView *views[_OVERLAP_CODE_N_PANES];

  gtk_source_init ();
  g_type_ensure (ADW_TYPE_TOAST_OVERLAY);
  g_type_ensure (ADW_TYPE_BUTTON_CONTENT);
  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
  gtk_widget_init_template (GTK_WIDGET (self));

  self->strategies = g_array_new (FALSE, FALSE, sizeof (OverlapStrategy));
  self->cursor_tasks = g_array_new (FALSE, FALSE, sizeof (guint));
  self->pointed_task = -1;
  self->text_scale = 1.0;
  {
    static guint n_views;

    /* a provider of the display's (one of a widget's own is deprecated), for
     * this view's text only */
    self->css_class = g_strdup_printf ("code-scale-%u", ++n_views);
    self->css = gtk_css_provider_new ();
    gtk_widget_add_css_class (GTK_WIDGET (self), self->css_class);
    gtk_style_context_add_provider_for_display (gtk_widget_get_display (GTK_WIDGET (self)),
                                                GTK_STYLE_PROVIDER (self->css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
    overlap_code_view_set_text_scale (self, 1.0);
  }

  views[_OVERLAP_CODE_PANE_PYTHON] = self->python_view;
  views[_OVERLAP_CODE_PANE_C] = self->c_view;
  views[_OVERLAP_CODE_PANE_SOURCE] = self->source_view;
  for (guint i = 0; i < _OVERLAP_CODE_N_PANES; i++)
    init_pane (&self->panes[i], views[i]);
  _overlap_code_view_init_marks (self);
  _overlap_code_view_init_pointing (self);
  set_language (&self->panes[_OVERLAP_CODE_PANE_PYTHON], "python3");
  set_language (&self->panes[_OVERLAP_CODE_PANE_C], "c");

  update_scheme (self);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_scheme), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->strategy_dropdown, "notify::selected",
                           G_CALLBACK (strategy_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->stack, "notify::visible-child",
                           G_CALLBACK (visible_page_cb), self, G_CONNECT_SWAPPED);
  regenerate (self);
}

GtkWidget *
overlap_code_view_new (void)
{
  return g_object_new (OVERLAP_TYPE_CODE_VIEW, NULL);
}

static gboolean
strategy_equal (const OverlapStrategy *a,
                const OverlapStrategy *b)
{
  return a->kind == b->kind &&
         ((a->kind != OVERLAP_STRATEGY_BOUNDED && a->kind != OVERLAP_STRATEGY_THREADS) || a->n == b->n) &&
         (a->kind != OVERLAP_STRATEGY_TIMEOUT || a->deadline == b->deadline);
}

/* Shows the programs for @scenario under @strategy (NULL: the scenario's
 * first); the dropdown lists the scenario's strategies, and @strategy too. */
void
overlap_code_view_set_scenario (OverlapCodeView       *self,
                                OverlapScenario       *scenario,
                                const OverlapStrategy *strategy)
{
  guint selected = 0;
  gboolean changed;

  g_return_if_fail (OVERLAP_IS_CODE_VIEW (self));
  g_return_if_fail (scenario == NULL || OVERLAP_IS_SCENARIO (scenario));

  changed = g_set_object (&self->scenario, scenario);

  g_array_set_size (self->strategies, 0);
  if (scenario != NULL)
    {
      const GArray *list = overlap_scenario_get_strategies (scenario);

      g_array_append_vals (self->strategies, list->data, list->len);
    }
  if (strategy != NULL)
    {
      selected = self->strategies->len;
      for (guint i = 0; i < self->strategies->len; i++)
        if (strategy_equal (&g_array_index (self->strategies, OverlapStrategy, i), strategy))
          selected = i;
      if (selected == self->strategies->len)
        g_array_append_val (self->strategies, *strategy);
    }

  self->updating = TRUE;
  {
    guint n_old = g_list_model_get_n_items (G_LIST_MODEL (self->strategy_list));
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
    g_auto(GStrv) names = NULL;

    for (guint i = 0; i < self->strategies->len; i++)
      {
        g_autofree char *name = overlap_strategy_to_string (&g_array_index (self->strategies, OverlapStrategy, i));

        g_strv_builder_add (builder, name);
      }
    names = g_strv_builder_end (builder);
    gtk_string_list_splice (self->strategy_list, 0, n_old, (const char * const *) names);
    gtk_drop_down_set_selected (self->strategy_dropdown, selected);
  }
  self->updating = FALSE;

  regenerate (self);

  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCENARIO]);
}

char *
overlap_code_view_get_python (OverlapCodeView *self)
{
  g_return_val_if_fail (OVERLAP_IS_CODE_VIEW (self), NULL);
  return g_strdup (self->python);
}

char *
overlap_code_view_get_c (OverlapCodeView *self)
{
  g_return_val_if_fail (OVERLAP_IS_CODE_VIEW (self), NULL);
  return g_strdup (self->c);
}

/* The text size: @text_scale times the desktop's (presentation mode's is larger) */
void
overlap_code_view_set_text_scale (OverlapCodeView *self,
                                  double           text_scale)
{
  g_autofree char *css = NULL;
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_if_fail (OVERLAP_IS_CODE_VIEW (self));

  self->text_scale = CLAMP (text_scale, 0.5, 4.0);
  g_ascii_formatd (number, sizeof number, "%.0f", self->text_scale * 100);
  css = g_strdup_printf (".%s textview { font-size: %s%%; }", self->css_class, number);
#if GTK_CHECK_VERSION (4, 12, 0)
  gtk_css_provider_load_from_string (self->css, css);
#else
  gtk_css_provider_load_from_data (self->css, css, -1);
#endif
}

double
overlap_code_view_get_text_scale (OverlapCodeView *self)
{
  g_return_val_if_fail (OVERLAP_IS_CODE_VIEW (self), 1.0);
  return self->text_scale;
}

/* The view of a page: "python", "c" or "source" (a watched program's) */
GtkSourceView *
overlap_code_view_get_view (OverlapCodeView *self,
                            const char      *page)
{
  _OverlapCodePane *pane;

  g_return_val_if_fail (OVERLAP_IS_CODE_VIEW (self), NULL);
  pane = _overlap_code_view_pane_named (self, page);
  return pane ? pane->view : NULL;
}

const char *
overlap_code_view_get_page (OverlapCodeView *self)
{
  g_return_val_if_fail (OVERLAP_IS_CODE_VIEW (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

void
overlap_code_view_set_page (OverlapCodeView *self,
                            const char      *page)
{
  g_return_if_fail (OVERLAP_IS_CODE_VIEW (self));
  g_return_if_fail (_overlap_code_view_pane_named (self, page) != NULL);

  if (g_str_equal (page, "source"))
    gtk_stack_page_set_visible (self->source_page, TRUE);
  gtk_stack_set_visible_child_name (self->stack, page);
}

