/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "overlap-test-keys.h"
#include "overlap-test-ui.h"

#ifdef HAVE_XTEST
#include <gdk/x11/gdkx.h>
#include <X11/keysym.h>
#include <X11/extensions/XTest.h>
#endif

/* Real key presses, through the X server (XTest): they come to GTK as a person's
 * would, to the widget that has the focus, through every controller on the way. */

#ifdef HAVE_XTEST
/* What a sequence of events sent through XTest waits for: its press of @press,
 * and the release of @release that ends it (keycodes, or a button's number) */
typedef struct
{
  GdkEventType press_type;
  GdkEventType release_type;
  guint        press;
  guint        release;
  gboolean     pressed;
  gboolean     released;
} EventWait;

static guint
event_code (GdkEvent *event)
{
  switch (gdk_event_get_event_type (event))
    {
    case GDK_KEY_PRESS:
    case GDK_KEY_RELEASE:
      return gdk_key_event_get_keycode (event);
    case GDK_BUTTON_PRESS:
    case GDK_BUTTON_RELEASE:
      return gdk_button_event_get_button (event);
    default:
      return 0;
    }
}

/* A GdkSurface::event emission hook: every event GTK handles */
static gboolean
event_hook (GSignalInvocationHint *hint,
            guint                  n_param_values,
            const GValue          *param_values,
            gpointer               data)
{
  EventWait *wait = data;
  GdkEvent *event = n_param_values >= 2 ? g_value_peek_pointer (&param_values[1]) : NULL;
  GdkEventType type;

  if (event == NULL)
    return TRUE;
  type = gdk_event_get_event_type (event);
  if (type == wait->press_type && event_code (event) == wait->press)
    wait->pressed = TRUE;
  else if (type == wait->release_type && event_code (event) == wait->release)
    wait->released = TRUE;
  return TRUE;
}

static void
laid_out_cb (GdkFrameClock *clock,
             gpointer       data)
{
  *(gboolean *) data = TRUE;
}

static Display *
x11_display_of (GtkWindow *window)
{
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (window));

  return GDK_IS_X11_DISPLAY (display) ? gdk_x11_display_get_xdisplay (display) : NULL;
}
#endif

/* Makes @window the X server's keyboard focus (Xvfb has no window manager to do
 * it) and waits until GTK calls it active. FALSE, with a @reason for
 * g_test_skip(), when real keys cannot be sent here. */
gboolean
overlap_test_focus_window (GtkWindow   *window,
                           const char **reason)
{
#ifdef HAVE_XTEST
  Display *xdisplay = x11_display_of (window);
  int event_base, error_base, major, minor;
  gint64 deadline;

  if (xdisplay == NULL)
    {
      *reason = "real keys need an X11 display (GDK_BACKEND=x11 under Xvfb)";
      return FALSE;
    }
  if (!XTestQueryExtension (xdisplay, &event_base, &error_base, &major, &minor))
    {
      *reason = "the X server has no XTEST extension";
      return FALSE;
    }

  gtk_window_present (window);
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (!gtk_widget_get_mapped (GTK_WIDGET (window)) && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  if (!gtk_widget_get_mapped (GTK_WIDGET (window)))
    {
      *reason = "the window was not mapped";
      return FALSE;
    }

  XSetInputFocus (xdisplay, gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (window))),
                  RevertToParent, CurrentTime);
  XSync (xdisplay, False);
  while (!gtk_window_is_active (window) && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  if (!gtk_window_is_active (window))
    {
      *reason = "the window did not become active";
      return FALSE;
    }
  return TRUE;
#else
  *reason = "built without XTest (libxtst-dev): no real key presses";
  return FALSE;
#endif
}

/* Presses and releases @keyval with @mods held (Shift, Control, Alt) through
 * XTest, then spins the main loop until GTK has handled the last release. */
void
overlap_test_send_key (GtkWindow       *window,
                       guint            keyval,
                       GdkModifierType  mods)
{
#ifdef HAVE_XTEST
  static const struct { GdkModifierType mask; KeySym keysym; } modifiers[] = {
    { GDK_SHIFT_MASK, XK_Shift_L },
    { GDK_CONTROL_MASK, XK_Control_L },
    { GDK_ALT_MASK, XK_Alt_L },
  };
  Display *xdisplay = x11_display_of (window);
  EventWait wait = { GDK_KEY_PRESS, GDK_KEY_RELEASE };
  guint signal_id = g_signal_lookup ("event", GDK_TYPE_SURFACE);
  gulong hook;
  KeyCode keycode;
  gint64 start;

  g_assert_nonnull (xdisplay);
  keycode = XKeysymToKeycode (xdisplay, keyval);
  if (keycode == 0)
    g_error ("no keycode for %s", gdk_keyval_name (keyval));
  wait.press = wait.release = keycode;

  hook = g_signal_add_emission_hook (signal_id, 0, event_hook, &wait, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (modifiers); i++)
    if (mods & modifiers[i].mask)
      XTestFakeKeyEvent (xdisplay, XKeysymToKeycode (xdisplay, modifiers[i].keysym), True, CurrentTime);
  XTestFakeKeyEvent (xdisplay, keycode, True, CurrentTime);
  XTestFakeKeyEvent (xdisplay, keycode, False, CurrentTime);
  for (guint i = G_N_ELEMENTS (modifiers); i > 0; i--)
    if (mods & modifiers[i - 1].mask)
      {
        wait.release = XKeysymToKeycode (xdisplay, modifiers[i - 1].keysym);
        XTestFakeKeyEvent (xdisplay, wait.release, False, CurrentTime);
      }
  XSync (xdisplay, False);

  /* A key that closes a dialog (Escape) sends its release to what the X server
   * gives the focus to next, without a window manager the root: the press is
   * enough then. */
  start = g_get_monotonic_time ();
  while (!wait.released)
    {
      gint64 elapsed = g_get_monotonic_time () - start;

      if (wait.pressed && elapsed > G_USEC_PER_SEC)
        break;
      if (elapsed > 5 * G_USEC_PER_SEC)
        g_error ("the key %s never reached GTK (is the window the X focus?)", gdk_keyval_name (keyval));
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_signal_remove_emission_hook (signal_id, hook);

  /* what the key started (a popover, a focus change) settles */
  for (guint i = 0; i < 100 && g_main_context_iteration (NULL, FALSE); i++)
    ;
#else
  g_error ("overlap_test_send_key() needs XTest: call overlap_test_focus_window() first");
#endif
}

/* Clicks the middle of @widget, as the next frame lays it out, with the first
 * button, through XTest, then spins the main loop until GTK has handled the
 * release. */
void
overlap_test_click (GtkWidget *widget)
{
#ifdef HAVE_XTEST
  GtkNative *native = gtk_widget_get_native (widget);
  Display *xdisplay = x11_display_of (GTK_WINDOW (gtk_widget_get_root (widget)));
  graphene_point_t center, point;
  guint signal_id = g_signal_lookup ("event", GDK_TYPE_SURFACE);
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  EventWait wait = { GDK_BUTTON_PRESS, GDK_BUTTON_RELEASE, 1, 1 };
  gboolean laid_out = FALSE;
  double surface_x, surface_y;
  gulong handler, hook;
  int x, y;
  Window child;

  g_assert_nonnull (xdisplay);
  g_assert_true (gtk_widget_get_mapped (widget));

  /* where the next layout puts it: a widget just shown (a stack's page) has
   * its place only from the next frame (later on a busy machine) */
  handler = g_signal_connect_after (clock, "layout", G_CALLBACK (laid_out_cb), &laid_out);
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_LAYOUT);
  overlap_test_spin_until (overlap_test_flag_set, &laid_out, 5000);
  g_signal_handler_disconnect (clock, handler);

  center = GRAPHENE_POINT_INIT (gtk_widget_get_width (widget) / 2.0, gtk_widget_get_height (widget) / 2.0);
  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (native), &center, &point));
  gtk_native_get_surface_transform (native, &surface_x, &surface_y);
  XTranslateCoordinates (xdisplay, gdk_x11_surface_get_xid (gtk_native_get_surface (native)),
                         DefaultRootWindow (xdisplay),
                         (int) (point.x + surface_x), (int) (point.y + surface_y), &x, &y, &child);
  hook = g_signal_add_emission_hook (signal_id, 0, event_hook, &wait, NULL);
  XTestFakeMotionEvent (xdisplay, -1, x, y, CurrentTime);
  XTestFakeButtonEvent (xdisplay, 1, True, CurrentTime);
  XTestFakeButtonEvent (xdisplay, 1, False, CurrentTime);
  XSync (xdisplay, False);

  /* the release handled (later under the sanitizers on a busy machine), then
   * what the click started settles */
  overlap_test_spin_until (overlap_test_flag_set, &wait.released, 5000);
  g_signal_remove_emission_hook (signal_id, hook);
  overlap_test_spin_for (200);
#else
  g_error ("overlap_test_click() needs XTest: call overlap_test_focus_window() first");
#endif
}
