/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-window"

#include "config.h"

#include "overlap-window-private.h"

/* The sidebar's Notes page: L (on the chart or in the list) and the Notes
 * button show it, revealing the sidebar if it was hidden, and give the focus
 * to the list; pressed again they go back: the sidebar hidden again if they
 * revealed it, else its Scenarios page, and the focus to the chart. The
 * button is pressed while the page shows. */

static gboolean
notes_shown (OverlapWindow *self)
{
  return adw_flap_get_reveal_flap (self->flap) &&
         g_strcmp0 (adw_view_stack_get_visible_child_name (self->sidebar_stack), "notes") == 0;
}

static void
sidebar_changed_cb (OverlapWindow *self)
{
  gboolean shown = notes_shown (self);

  if (!shown)
    self->notes_revealed = FALSE;
  if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->notes_button)) != shown)
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->notes_button), shown);
}

void
_overlap_window_show_notes (OverlapWindow *self)
{
  if (notes_shown (self))
    {
      if (self->notes_revealed)
        adw_flap_set_reveal_flap (self->flap, FALSE);
      else
        adw_view_stack_set_visible_child_name (self->sidebar_stack, "scenarios");
      _overlap_window_focus_chart (self);
    }
  else
    {
      gboolean reveal = !adw_flap_get_reveal_flap (self->flap);

      adw_view_stack_set_visible_child_name (self->sidebar_stack, "notes");
      adw_flap_set_reveal_flap (self->flap, TRUE);
      self->notes_revealed = reveal;
      overlap_notes_list_focus (self->notes_list);
    }
  /* the toggle button, clicked, has toggled itself: it shows the page again */
  sidebar_changed_cb (self);
}

void
_overlap_window_init_notes (OverlapWindow *self)
{
  g_signal_connect_object (self->flap, "notify::reveal-flap", G_CALLBACK (sidebar_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sidebar_stack, "notify::visible-child-name", G_CALLBACK (sidebar_changed_cb),
                           self, G_CONNECT_SWAPPED);
  sidebar_changed_cb (self);
}
