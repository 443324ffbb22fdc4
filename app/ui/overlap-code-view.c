/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-code-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "overlap-code-view.h"
#include "overlap-code-gen.h"

/* The equivalent program of the current scenario and strategy, in Python
 * asyncio and in GLib C, in two read-only monospace views with Copy buttons. The
 * texts come from overlap_code_python_for() and overlap_code_c_for()
 * (app/codegen/); a light highlighter colours
 * keywords, strings, numbers and comments. */

struct _OverlapCodeView
{
  GtkWidget        parent_instance;

  AdwToastOverlay *toast_overlay;
  GtkDropDown     *strategy_dropdown;
  GtkStringList   *strategy_list;
  GtkStack        *stack;
  GtkTextView     *python_view;
  GtkTextView     *c_view;
  GtkLabel        *python_file_label;
  GtkLabel        *c_file_label;

  OverlapScenario *scenario;
  GArray          *strategies;    /* of OverlapStrategy, as listed in the dropdown */
  char            *python;
  char            *c;
  gboolean         updating;
};

G_DEFINE_FINAL_TYPE (OverlapCodeView, overlap_code_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SCENARIO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const python_keywords[] = {
  "import", "async", "def", "await", "for", "in", "with", "as", "return", "try", "except",
  "if", "while", "pass", "None", "True", "False", "not", "and", "or", "from", NULL
};

static const char * const c_keywords[] = {
  "static", "void", "int", "double", "const", "char", "gboolean", "guint", "gint64", "gsize",
  "gssize", "gulong", "guint64", "gpointer", "return", "if", "else", "for", "while", "typedef",
  "struct", "NULL", "TRUE", "FALSE", "sizeof", NULL
};

typedef struct
{
  const char *name;
  const char *light;
  const char *dark;
  PangoStyle  style;
  PangoWeight weight;
} TagStyle;

/* GNOME palette: blue 4/2, green 5/2, orange 5/2, purple 3/2, and a dim grey */
static const TagStyle tag_styles[] = {
  { "keyword", "#1a5fb4", "#99c1f1", PANGO_STYLE_NORMAL, PANGO_WEIGHT_BOLD },
  { "string", "#26a269", "#8ff0a4", PANGO_STYLE_NORMAL, PANGO_WEIGHT_NORMAL },
  { "number", "#c64600", "#ffbe6f", PANGO_STYLE_NORMAL, PANGO_WEIGHT_NORMAL },
  { "comment", "#77767b", "#9a9996", PANGO_STYLE_ITALIC, PANGO_WEIGHT_NORMAL },
  { "preproc", "#813d9c", "#dc8add", PANGO_STYLE_NORMAL, PANGO_WEIGHT_NORMAL },
};

static void
update_tag_colors (OverlapCodeView *self)
{
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GtkTextView *views[] = { self->python_view, self->c_view };

  for (guint v = 0; v < G_N_ELEMENTS (views); v++)
    {
      GtkTextTagTable *table = gtk_text_buffer_get_tag_table (gtk_text_view_get_buffer (views[v]));

      for (guint i = 0; i < G_N_ELEMENTS (tag_styles); i++)
        {
          GtkTextTag *tag = gtk_text_tag_table_lookup (table, tag_styles[i].name);

          g_object_set (tag, "foreground", dark ? tag_styles[i].dark : tag_styles[i].light, NULL);
        }
    }
}

static void
create_tags (OverlapCodeView *self,
             GtkTextView     *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);

  for (guint i = 0; i < G_N_ELEMENTS (tag_styles); i++)
    gtk_text_buffer_create_tag (buffer, tag_styles[i].name,
                                "style", tag_styles[i].style,
                                "weight", tag_styles[i].weight,
                                NULL);
}

static void
apply_tag (GtkTextBuffer *buffer,
           const char    *name,
           int            start,
           int            end)
{
  GtkTextIter a, b;

  gtk_text_buffer_get_iter_at_offset (buffer, &a, start);
  gtk_text_buffer_get_iter_at_offset (buffer, &b, end);
  gtk_text_buffer_apply_tag_by_name (buffer, name, &a, &b);
}

static gboolean
is_word_char (char c)
{
  return g_ascii_isalnum (c) || c == '_';
}

/* Walks @text byte by byte, counting characters so that tags land on UTF-8
 * text too. Comments: `#` (Python), `/ * … * /` and `//` (C); `#` at the
 * start of a C line is a preprocessor line. */
static void
highlight (GtkTextBuffer *buffer,
           const char    *text,
           gboolean       python)
{
  const char * const *keywords = python ? python_keywords : c_keywords;
  gsize len = strlen (text);
  int chars = 0;
  gboolean line_start = TRUE;

#define ADVANCE() G_STMT_START { if (((guchar) text[i] & 0xC0) != 0x80) chars++; i++; } G_STMT_END
  for (gsize i = 0; i < len;)
    {
      int start = chars;
      char c = text[i];

      if ((python && c == '#') || (!python && c == '/' && text[i + 1] == '/'))
        {
          while (i < len && text[i] != '\n')
            ADVANCE ();
          apply_tag (buffer, "comment", start, chars);
        }
      else if (!python && c == '/' && text[i + 1] == '*')
        {
          ADVANCE ();
          ADVANCE ();
          while (i < len && !(text[i] == '*' && text[i + 1] == '/'))
            ADVANCE ();
          if (i < len)
            {
              ADVANCE ();
              ADVANCE ();
            }
          apply_tag (buffer, "comment", start, chars);
        }
      else if (!python && c == '#' && line_start)
        {
          while (i < len && text[i] != '\n' && !(text[i] == '/' && text[i + 1] == '*'))
            ADVANCE ();
          apply_tag (buffer, "preproc", start, chars);
        }
      else if (c == '"' || (python && c == 'f' && text[i + 1] == '"'))
        {
          if (c == 'f')
            ADVANCE ();
          ADVANCE ();
          while (i < len && text[i] != '"' && text[i] != '\n')
            {
              if (text[i] == '\\' && i + 1 < len)
                ADVANCE ();
              ADVANCE ();
            }
          if (i < len && text[i] == '"')
            ADVANCE ();
          apply_tag (buffer, "string", start, chars);
        }
      else if (g_ascii_isdigit (c))
        {
          while (i < len && (is_word_char (text[i]) || text[i] == '.'))
            ADVANCE ();
          apply_tag (buffer, "number", start, chars);
        }
      else if (is_word_char (c))
        {
          gsize word = i;

          while (i < len && is_word_char (text[i]))
            ADVANCE ();
          for (guint k = 0; keywords[k] != NULL; k++)
            if (strlen (keywords[k]) == i - word && strncmp (text + word, keywords[k], i - word) == 0)
              {
                apply_tag (buffer, "keyword", start, chars);
                break;
              }
        }
      else
        ADVANCE ();

      line_start = i > 0 && text[i - 1] == '\n';
    }
#undef ADVANCE
}

static void
set_text (GtkTextView *view,
          const char  *text,
          gboolean     python)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start;

  gtk_text_buffer_set_text (buffer, text ? text : "", -1);
  if (text != NULL)
    highlight (buffer, text, python);
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);
}

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

  g_clear_pointer (&self->python, g_free);
  g_clear_pointer (&self->c, g_free);

  if (self->scenario == NULL || self->strategies->len == 0)
    {
      set_text (self->python_view, NULL, TRUE);
      set_text (self->c_view, NULL, FALSE);
      gtk_label_set_label (self->python_file_label, "");
      gtk_label_set_label (self->c_file_label, "");
      return;
    }

  if (selected == GTK_INVALID_LIST_POSITION || selected >= self->strategies->len)
    selected = 0;
  strategy = &g_array_index (self->strategies, OverlapStrategy, selected);

  self->python = overlap_code_python_for (self->scenario, strategy);
  self->c = overlap_code_c_for (self->scenario, strategy);
  set_text (self->python_view, self->python, TRUE);
  set_text (self->c_view, self->c, FALSE);

  stem = file_stem (self->scenario, strategy);
  python_file = g_strconcat (stem, ".py", NULL);
  c_file = g_strconcat (stem, ".c", NULL);
  gtk_label_set_label (self->python_file_label, python_file);
  gtk_label_set_label (self->c_file_label, c_file);
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

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/overlap/Overlap/ui/overlap-code-view.ui");
  gtk_widget_class_bind_template_child (widget_class, OverlapCodeView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, OverlapCodeView, strategy_dropdown);
  gtk_widget_class_bind_template_child (widget_class, OverlapCodeView, strategy_list);
  gtk_widget_class_bind_template_child (widget_class, OverlapCodeView, stack);
  gtk_widget_class_bind_template_child (widget_class, OverlapCodeView, python_view);
  gtk_widget_class_bind_template_child (widget_class, OverlapCodeView, c_view);
  gtk_widget_class_bind_template_child (widget_class, OverlapCodeView, python_file_label);
  gtk_widget_class_bind_template_child (widget_class, OverlapCodeView, c_file_label);

  gtk_widget_class_install_action (widget_class, "code.copy-python", NULL, copy_python_action);
  gtk_widget_class_install_action (widget_class, "code.copy-c", NULL, copy_c_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "codeview");
}

static void
overlap_code_view_init (OverlapCodeView *self)
{
  g_type_ensure (ADW_TYPE_TOAST_OVERLAY);
  g_type_ensure (ADW_TYPE_BUTTON_CONTENT);
  gtk_widget_init_template (GTK_WIDGET (self));

  self->strategies = g_array_new (FALSE, FALSE, sizeof (OverlapStrategy));

  create_tags (self, self->python_view);
  create_tags (self, self->c_view);
  update_tag_colors (self);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_tag_colors), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->strategy_dropdown, "notify::selected",
                           G_CALLBACK (strategy_selected_cb), self, G_CONNECT_SWAPPED);
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
