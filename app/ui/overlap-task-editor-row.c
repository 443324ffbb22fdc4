/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-task-editor-row"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "overlap-file-chooser.h"
#include "overlap-task-editor-row.h"

struct _OverlapTaskEditorRow
{
  AdwExpanderRow   parent_instance;

  GtkImage        *kind_icon;
  GtkButton       *up_button;
  GtkButton       *down_button;
  AdwActionRow    *problem_row;
  AdwComboRow     *kind_row;
  AdwEntryRow     *label_row;
  AdwActionRow    *duration_row;
  GtkSpinButton   *duration_spin;
  AdwEntryRow     *url_row;
  AdwActionRow    *size_row;
  GtkSpinButton   *size_spin;
  AdwActionRow    *bandwidth_row;
  GtkSpinButton   *bandwidth_spin;
  AdwActionRow    *latency_row;
  GtkSpinButton   *latency_spin;
  AdwActionRow    *status_row;
  GtkSpinButton   *status_spin;
  AdwActionRow    *write_row;
  GtkSwitch       *write_switch;
  AdwEntryRow     *path_row;
  AdwEntryRow     *argv_row;
  AdwComboRow     *where_row;
  AdwActionRow    *timeout_row;
  GtkSpinButton   *timeout_spin;

  OverlapTaskSpec *spec;
  char            *problem;
  gboolean         loading;
};

G_DEFINE_FINAL_TYPE (OverlapTaskEditorRow, overlap_task_editor_row, ADW_TYPE_EXPANDER_ROW)

enum {
  CHANGED,
  REMOVE,
  MOVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const kind_icons[] = {
  "alarm-symbolic",
  "network-transmit-receive-symbolic",
  "folder-documents-symbolic",
  "utilities-terminal-symbolic",
  "system-run-symbolic",
};
G_STATIC_ASSERT (G_N_ELEMENTS (kind_icons) == OVERLAP_N_TASK_KINDS);

static const char *
kind_display_name (OverlapTaskKind kind)
{
  switch (kind)
    {
    case OVERLAP_TASK_TIMER:
      return _("Timer");
    case OVERLAP_TASK_HTTP:
      return _("HTTP");
    case OVERLAP_TASK_FILE:
      return _("File");
    case OVERLAP_TASK_SPAWN:
      return _("Subprocess");
    case OVERLAP_TASK_CPU:
      return _("CPU");
    case OVERLAP_N_TASK_KINDS:
    default:
      return "?";
    }
}

/* A spin button shows seconds with 3 digits: keep the stored µs unless the
 * shown value was changed, so that untouched values keep their precision. */
static gint64
spin_usec (GtkSpinButton *spin,
           gint64         old)
{
  double value = gtk_spin_button_get_value (spin);

  if (llround (old / 1000.0) == llround (value * 1000))
    return old;
  return llround (value * G_USEC_PER_SEC);
}

static guint64
spin_kib (GtkSpinButton *spin,
          guint64        old)
{
  guint64 value = (guint64) llround (gtk_spin_button_get_value (spin));

  if ((guint64) llround (old / 1024.0) == value)
    return old;
  return value * 1024;
}

static void
set_string (char       **field,
            const char  *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text ? text : ""));

  g_free (*field);
  *field = *stripped != '\0' ? g_steal_pointer (&stripped) : NULL;
}

static char *
check_url (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) error = NULL;
  const char *scheme;

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, &error);
  if (uri == NULL)
    return g_strdup_printf (_("The URL is not valid: %s"), error->message);
  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0)
    return g_strdup_printf (_("Only http and https URLs can be fetched, not “%s”"), scheme);
  return NULL;
}

static void
set_error_class (GtkWidget *widget,
                 gboolean   error)
{
  if (error)
    gtk_widget_add_css_class (widget, "error");
  else
    gtk_widget_remove_css_class (widget, "error");
}

/* What is wrong with the fields, the spec updated from those that parse */
static void
update_problem (OverlapTaskEditorRow *self)
{
  const OverlapTaskSpec *spec = self->spec;
  const char *url = gtk_editable_get_text (GTK_EDITABLE (self->url_row));
  const char *command = gtk_editable_get_text (GTK_EDITABLE (self->argv_row));
  g_autofree char *url_problem = NULL;
  g_autofree char *argv_problem = NULL;

  g_clear_pointer (&self->problem, g_free);

  if (spec->kind == OVERLAP_TASK_HTTP && *url != '\0')
    url_problem = check_url (url);
  if (spec->kind == OVERLAP_TASK_SPAWN && *command != '\0')
    {
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) argv = NULL;

      if (!g_shell_parse_argv (command, NULL, &argv, &error))
        argv_problem = g_strdup_printf (_("The command does not parse: %s"), error->message);
    }
  set_error_class (GTK_WIDGET (self->url_row), url_problem != NULL);
  set_error_class (GTK_WIDGET (self->argv_row), argv_problem != NULL);

  if (url_problem != NULL)
    self->problem = g_steal_pointer (&url_problem);
  else if (argv_problem != NULL)
    self->problem = g_steal_pointer (&argv_problem);
  else if (spec->kind == OVERLAP_TASK_FILE && spec->path == NULL && spec->size == 0)
    self->problem = g_strdup (_("A file task needs a path to read or a size"));
  else if (spec->kind == OVERLAP_TASK_SPAWN && spec->argv == NULL && spec->duration == 0)
    self->problem = g_strdup (_("A subprocess needs a command or a duration to sleep"));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->problem_row), self->problem ? self->problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_row), self->problem != NULL);
  set_error_class (GTK_WIDGET (self->kind_icon), self->problem != NULL);
}

static void
update_header (OverlapTaskEditorRow *self)
{
  g_autofree char *summary = overlap_task_spec_describe (self->spec);
  g_autofree char *subtitle = g_strdup_printf ("%s · %s", kind_display_name (self->spec->kind), summary);
  g_autofree char *title = g_markup_escape_text (self->spec->label ? self->spec->label : _("Untitled task"), -1);
  g_autofree char *escaped = g_markup_escape_text (subtitle, -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), escaped);
  gtk_image_set_from_icon_name (self->kind_icon, kind_icons[self->spec->kind]);
}

static void
update_visibility (OverlapTaskEditorRow *self)
{
  OverlapTaskKind kind = self->spec->kind;
  gboolean demo = kind == OVERLAP_TASK_HTTP && self->spec->url == NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->duration_row),
                          kind == OVERLAP_TASK_TIMER || kind == OVERLAP_TASK_CPU ||
                          (kind == OVERLAP_TASK_SPAWN && self->spec->argv == NULL));
  gtk_widget_set_visible (GTK_WIDGET (self->url_row), kind == OVERLAP_TASK_HTTP);
  gtk_widget_set_visible (GTK_WIDGET (self->size_row), demo || kind == OVERLAP_TASK_FILE);
  gtk_widget_set_visible (GTK_WIDGET (self->bandwidth_row), demo);
  gtk_widget_set_visible (GTK_WIDGET (self->latency_row), demo);
  gtk_widget_set_visible (GTK_WIDGET (self->status_row), demo);
  gtk_widget_set_visible (GTK_WIDGET (self->write_row), kind == OVERLAP_TASK_FILE);
  gtk_widget_set_visible (GTK_WIDGET (self->path_row), kind == OVERLAP_TASK_FILE && !self->spec->write);
  gtk_widget_set_visible (GTK_WIDGET (self->argv_row), kind == OVERLAP_TASK_SPAWN);
  gtk_widget_set_visible (GTK_WIDGET (self->where_row), kind == OVERLAP_TASK_CPU);
  adw_action_row_set_subtitle (self->size_row, kind == OVERLAP_TASK_FILE ? _("KiB to read or write")
                                                                         : _("KiB the server sends"));
}

/* Sensible values when a task becomes a kind that needs them */
static void
fill_defaults (OverlapTaskSpec *spec)
{
  if ((spec->kind == OVERLAP_TASK_TIMER || spec->kind == OVERLAP_TASK_CPU ||
       (spec->kind == OVERLAP_TASK_SPAWN && spec->argv == NULL)) && spec->duration == 0)
    spec->duration = G_USEC_PER_SEC;
  if (spec->kind == OVERLAP_TASK_HTTP && spec->size == 0)
    spec->size = 64 * 1024;
  if (spec->kind == OVERLAP_TASK_FILE && spec->size == 0 && spec->path == NULL)
    spec->size = 1024 * 1024;
}

static void
load_fields (OverlapTaskEditorRow *self)
{
  const OverlapTaskSpec *spec = self->spec;
  g_autofree char *command = NULL;

  self->loading = TRUE;
  adw_combo_row_set_selected (self->kind_row, spec->kind);
  gtk_editable_set_text (GTK_EDITABLE (self->label_row), spec->label ? spec->label : "");
  gtk_spin_button_set_value (self->duration_spin, spec->duration / (double) G_USEC_PER_SEC);
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), spec->url ? spec->url : "");
  gtk_spin_button_set_value (self->size_spin, llround (spec->size / 1024.0));
  gtk_spin_button_set_value (self->bandwidth_spin, llround (spec->bandwidth / 1024.0));
  gtk_spin_button_set_value (self->latency_spin, spec->latency / (double) G_USEC_PER_SEC);
  gtk_spin_button_set_value (self->status_spin, spec->status ? spec->status : 200);
  gtk_switch_set_active (self->write_switch, spec->write);
  gtk_editable_set_text (GTK_EDITABLE (self->path_row), spec->path ? spec->path : "");
  if (spec->argv != NULL)
    {
      GString *line = g_string_new (NULL);

      for (guint i = 0; spec->argv[i] != NULL; i++)
        {
          g_autofree char *quoted = g_shell_quote (spec->argv[i]);
          gboolean plain = spec->argv[i][0] != '\0' && strpbrk (spec->argv[i], " \t\n'\"\\$`*?[]{}()<>|&;#~") == NULL;

          if (i > 0)
            g_string_append_c (line, ' ');
          g_string_append (line, plain ? spec->argv[i] : quoted);
        }
      command = g_string_free (line, FALSE);
    }
  gtk_editable_set_text (GTK_EDITABLE (self->argv_row), command ? command : "");
  adw_combo_row_set_selected (self->where_row, spec->on_loop ? 0 : 1);
  gtk_spin_button_set_value (self->timeout_spin, spec->timeout / (double) G_USEC_PER_SEC);
  self->loading = FALSE;
}

static void
field_changed_cb (OverlapTaskEditorRow *self)
{
  OverlapTaskSpec *spec = self->spec;
  OverlapTaskKind kind, old_kind = spec->kind;
  const char *command;
  const char *url;

  if (self->loading)
    return;

  kind = adw_combo_row_get_selected (self->kind_row);
  if (kind < OVERLAP_N_TASK_KINDS)
    spec->kind = kind;
  set_string (&spec->label, gtk_editable_get_text (GTK_EDITABLE (self->label_row)));
  spec->duration = spin_usec (self->duration_spin, spec->duration);
  spec->timeout = spin_usec (self->timeout_spin, spec->timeout);
  spec->latency = spin_usec (self->latency_spin, spec->latency);
  spec->size = spin_kib (self->size_spin, spec->size);
  spec->bandwidth = spin_kib (self->bandwidth_spin, spec->bandwidth);
  spec->status = gtk_spin_button_get_value_as_int (self->status_spin);
  if (spec->status == 200)
    spec->status = 0;
  spec->write = gtk_switch_get_active (self->write_switch);
  spec->on_loop = adw_combo_row_get_selected (self->where_row) == 0;

  url = gtk_editable_get_text (GTK_EDITABLE (self->url_row));
  g_clear_pointer (&spec->url, g_free);
  if (spec->kind == OVERLAP_TASK_HTTP && *url != '\0')
    {
      g_autofree char *problem = check_url (url);

      if (problem == NULL)
        spec->url = g_strstrip (g_strdup (url));
    }

  set_string (&spec->path, gtk_editable_get_text (GTK_EDITABLE (self->path_row)));
  if (spec->kind != OVERLAP_TASK_FILE || spec->write)
    g_clear_pointer (&spec->path, g_free);

  command = gtk_editable_get_text (GTK_EDITABLE (self->argv_row));
  if (spec->kind != OVERLAP_TASK_SPAWN || *command == '\0')
    g_clear_pointer (&spec->argv, g_strfreev);
  else
    {
      g_auto(GStrv) argv = NULL;

      if (g_shell_parse_argv (command, NULL, &argv, NULL))
        {
          g_strfreev (spec->argv);
          spec->argv = g_steal_pointer (&argv);
        }
    }

  if (spec->kind != old_kind)
    {
      fill_defaults (spec);
      self->loading = TRUE;
      gtk_spin_button_set_value (self->duration_spin, spec->duration / (double) G_USEC_PER_SEC);
      gtk_spin_button_set_value (self->size_spin, llround (spec->size / 1024.0));
      self->loading = FALSE;
    }

  update_problem (self);
  update_visibility (self);
  update_header (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
file_chosen_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(OverlapTaskEditorRow) self = user_data;
  g_autoptr(GFile) file = overlap_choose_file_finish (GTK_WINDOW (source), result, NULL);
  g_autofree char *path = file ? g_file_get_path (file) : NULL;

  if (path != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->path_row), path);
}

static void
choose_file_cb (OverlapTaskEditorRow *self)
{
  GtkWindow *parent = GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));

  overlap_choose_file_async (parent, &(OverlapFileChoice) { .title = _("Choose a File to Read") },
                             NULL, file_chosen_cb, g_object_ref (self));
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  g_signal_emit (widget, signals[REMOVE], 0);
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  g_signal_emit (widget, signals[MOVE], 0, g_str_equal (action_name, "task.move-up") ? -1 : 1);
}

static void
overlap_task_editor_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), OVERLAP_TYPE_TASK_EDITOR_ROW);

  G_OBJECT_CLASS (overlap_task_editor_row_parent_class)->dispose (object);
}

static void
overlap_task_editor_row_finalize (GObject *object)
{
  OverlapTaskEditorRow *self = OVERLAP_TASK_EDITOR_ROW (object);

  g_clear_pointer (&self->spec, overlap_task_spec_free);
  g_clear_pointer (&self->problem, g_free);

  G_OBJECT_CLASS (overlap_task_editor_row_parent_class)->finalize (object);
}

static void
overlap_task_editor_row_class_init (OverlapTaskEditorRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = overlap_task_editor_row_dispose;
  object_class->finalize = overlap_task_editor_row_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[REMOVE] = g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[MOVE] = g_signal_new ("move", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/overlap/Overlap/ui/overlap-task-editor-row.ui");
#define CHILD(name) gtk_widget_class_bind_template_child (widget_class, OverlapTaskEditorRow, name)
  CHILD (kind_icon);
  CHILD (up_button);
  CHILD (down_button);
  CHILD (problem_row);
  CHILD (kind_row);
  CHILD (label_row);
  CHILD (duration_row);
  CHILD (duration_spin);
  CHILD (url_row);
  CHILD (size_row);
  CHILD (size_spin);
  CHILD (bandwidth_row);
  CHILD (bandwidth_spin);
  CHILD (latency_row);
  CHILD (latency_spin);
  CHILD (status_row);
  CHILD (status_spin);
  CHILD (write_row);
  CHILD (write_switch);
  CHILD (path_row);
  CHILD (argv_row);
  CHILD (where_row);
  CHILD (timeout_row);
  CHILD (timeout_spin);
#undef CHILD
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, choose_file_cb);

  gtk_widget_class_install_action (widget_class, "task.remove", NULL, remove_action);
  gtk_widget_class_install_action (widget_class, "task.move-up", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "task.move-down", NULL, move_action);
}

static void
overlap_task_editor_row_init (OverlapTaskEditorRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->kind_row, "notify::selected", G_CALLBACK (field_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->where_row, "notify::selected", G_CALLBACK (field_changed_cb),
                           self, G_CONNECT_SWAPPED);
}

GtkWidget *
overlap_task_editor_row_new (const OverlapTaskSpec *spec)
{
  OverlapTaskEditorRow *self;

  g_return_val_if_fail (spec != NULL, NULL);

  self = g_object_new (OVERLAP_TYPE_TASK_EDITOR_ROW, NULL);
  self->spec = overlap_task_spec_copy (spec);
  load_fields (self);
  update_problem (self);
  update_visibility (self);
  update_header (self);
  return GTK_WIDGET (self);
}

const OverlapTaskSpec *
overlap_task_editor_row_get_spec (OverlapTaskEditorRow *self)
{
  g_return_val_if_fail (OVERLAP_IS_TASK_EDITOR_ROW (self), NULL);
  return self->spec;
}

const char *
overlap_task_editor_row_get_problem (OverlapTaskEditorRow *self)
{
  g_return_val_if_fail (OVERLAP_IS_TASK_EDITOR_ROW (self), NULL);
  return self->problem;
}

/* Up is insensitive on the first row, down on the last */
void
overlap_task_editor_row_set_position (OverlapTaskEditorRow *self,
                                      guint                 position,
                                      guint                 n_rows)
{
  g_return_if_fail (OVERLAP_IS_TASK_EDITOR_ROW (self));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "task.move-up", position > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "task.move-down", position + 1 < n_rows);
}

void
overlap_task_editor_row_focus_label (OverlapTaskEditorRow *self)
{
  g_return_if_fail (OVERLAP_IS_TASK_EDITOR_ROW (self));

  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (self), TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->label_row));
}

GtkSpinButton *
_overlap_task_editor_row_get_duration_spin (OverlapTaskEditorRow *self)
{
  return self->duration_spin;
}

GtkEditable *
_overlap_task_editor_row_get_argv_entry (OverlapTaskEditorRow *self)
{
  return GTK_EDITABLE (self->argv_row);
}

GtkEditable *
_overlap_task_editor_row_get_url_entry (OverlapTaskEditorRow *self)
{
  return GTK_EDITABLE (self->url_row);
}
