/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-palette"

#include "config.h"

#include <glib/gi18n.h>

#include "overlap-painter-private.h"

/* Colours of the chart. The phases use the Okabe–Ito palette, which stays
 * distinct with the common kinds of colour blindness, extended by a few of
 * Paul Tol's colours; the phases that are not work (queued, waiting) are also
 * hatched, and blocking the loop is striped, so that the chart reads in
 * greyscale and on a washed-out projector too. */

static OverlapRgba
hex (guint32 rgb,
     double  alpha)
{
  OverlapRgba c = {
    ((rgb >> 16) & 0xff) / 255.0,
    ((rgb >> 8) & 0xff) / 255.0,
    (rgb & 0xff) / 255.0,
    alpha,
  };

  return c;
}

/* The phases' colours. A hatched phase is a tint of its fill (the palette's
 * tint plus its own), its text the foreground; the others are opaque. The line
 * (hatching, stripes, outline) is lighter in the dark palette where it differs. */
static const struct
{
  OverlapFillStyle style;
  guint32          fill;
  double           tint;        /* hatched: added to the palette's */
  guint32          line;
  guint32          dark_line;
  double           line_alpha;
  guint32          text;        /* not hatched */
} phase_colors[] = {
  [OVERLAP_PHASE_QUEUED] = { OVERLAP_FILL_HATCHED, 0x9AA0A6, 0, 0x7D848C, 0xAEB4BA, 1, 0 },
  [OVERLAP_PHASE_WAITING] = { OVERLAP_FILL_HATCHED, 0x56B4E9, 0.08, 0x2B8CC4, 0x7FC6EE, 1, 0 },
  [OVERLAP_PHASE_RUNNING] = { OVERLAP_FILL_SOLID, 0x0072B2, 0, 0x004A75, 0x004A75, 1, 0xFFFFFF },
  [OVERLAP_PHASE_BLOCKING] = { OVERLAP_FILL_ALARM, 0xD55E00, 0, 0x5C1A00, 0x5C1A00, 0.6, 0xFFFFFF },
  [OVERLAP_PHASE_DNS] = { OVERLAP_FILL_SOLID, 0xCC79A7, 0, 0x8F4C72, 0x8F4C72, 1, 0x000000 },
  [OVERLAP_PHASE_CONNECT] = { OVERLAP_FILL_SOLID, 0xE69F00, 0, 0x9C6B00, 0x9C6B00, 1, 0x000000 },
  [OVERLAP_PHASE_TLS] = { OVERLAP_FILL_SOLID, 0xF0E442, 0, 0xA89F1E, 0xA89F1E, 1, 0x000000 },
  [OVERLAP_PHASE_SENDING] = { OVERLAP_FILL_SOLID, 0x44AA99, 0, 0x2B7367, 0x2B7367, 1, 0x000000 },
  [OVERLAP_PHASE_RECEIVING] = { OVERLAP_FILL_SOLID, 0x009E73, 0, 0x006348, 0x006348, 1, 0xFFFFFF },
  [OVERLAP_PHASE_READING] = { OVERLAP_FILL_SOLID, 0x882255, 0, 0x561536, 0x561536, 1, 0xFFFFFF },
  [OVERLAP_PHASE_WRITING] = { OVERLAP_FILL_SOLID, 0x999933, 0, 0x666622, 0x666622, 1, 0x000000 },
  [OVERLAP_PHASE_OTHER] = { OVERLAP_FILL_SOLID, 0x7A8590, 0, 0x4D555C, 0x4D555C, 1, 0xFFFFFF },
};
G_STATIC_ASSERT (G_N_ELEMENTS (phase_colors) == OVERLAP_N_PHASES);

static void
fill_phases (OverlapPalette *p,
             gboolean        dark,
             double          tint,
             guint32         fg)
{
  for (guint i = 0; i < OVERLAP_N_PHASES; i++)
    {
      OverlapPhaseStyle *style = &p->phases[i];
      gboolean hatched = phase_colors[i].style == OVERLAP_FILL_HATCHED;

      style->style = phase_colors[i].style;
      style->fill = hex (phase_colors[i].fill, hatched ? tint + phase_colors[i].tint : 1);
      style->line = hex (dark ? phase_colors[i].dark_line : phase_colors[i].line, phase_colors[i].line_alpha);
      style->text = hex (hatched ? fg : phase_colors[i].text, 1.0);
    }
}

/* Imported slices by name, as Perfetto colours them: a name always gets the
 * same colour, in any file. Sixteen hues, none of them grey (grey is a slice
 * without a name); in the dark palette a little darker, so that they do not
 * glare; the text on each is black or white, whichever reads better. */
static const guint32 name_colors[_OVERLAP_N_NAME_COLORS] = {
  0x4E79A7, 0xF28E2B, 0xE15759, 0x76B7B2, 0x59A14F, 0xEDC948, 0xB07AA1, 0xFF9DA7,
  0x9C755F, 0x499894, 0x8CD17D, 0xB6992D, 0xD37295, 0xA0CBE8, 0xFFBE7D, 0x7B66D2,
};

static double
luminance (const OverlapRgba *c)
{
  return 0.2126 * c->red + 0.7152 * c->green + 0.0722 * c->blue;
}

static void
fill_names (OverlapPalette *p,
            gboolean        dark)
{
  p->n_names = _OVERLAP_N_NAME_COLORS;
  for (guint i = 0; i < _OVERLAP_N_NAME_COLORS; i++)
    {
      OverlapPhaseStyle *style = &p->names[i];
      OverlapRgba fill = hex (name_colors[i], 1.0);

      if (dark)
        {
          fill.red *= 0.82;
          fill.green *= 0.82;
          fill.blue *= 0.82;
        }
      style->style = OVERLAP_FILL_SOLID;
      style->fill = fill;
      style->line = fill;
      style->text = luminance (&fill) > 0.45 ? hex (0x000000, 1.0) : hex (0xFFFFFF, 1.0);
    }
}

/* Ninja jobs by kind and meson tests by result: Okabe–Ito hues again, so
 * that they stay apart with colour blindness; a failure red, a skip grey (it
 * did not run), in the dark palette a little darker. The text on each is
 * black or white, whichever reads better. */
static const struct
{
  guint32 light;
  guint32 dark;
} kind_colors[] = {
  [OVERLAP_SPAN_KIND_NONE] = { 0x7A8590, 0x7A8590 },
  [OVERLAP_SPAN_KIND_COMPILE] = { 0x0072B2, 0x2F86C0 },
  [OVERLAP_SPAN_KIND_LINK] = { 0xE69F00, 0xC98C00 },
  [OVERLAP_SPAN_KIND_CUSTOM] = { 0xCC79A7, 0xA8648A },
  [OVERLAP_SPAN_KIND_TEST_OK] = { 0x009E73, 0x00875F },
  [OVERLAP_SPAN_KIND_TEST_FAILED] = { 0xC0231A, 0xD03A30 },
  [OVERLAP_SPAN_KIND_TEST_SKIPPED] = { 0xC4C9CF, 0x5A6068 },
  [OVERLAP_SPAN_KIND_TEST_TIMED_OUT] = { 0xE69F00, 0xC98C00 },
  [OVERLAP_SPAN_KIND_TEST_EXPECTED_FAIL] = { 0x88CCEE, 0x5C9FC0 },
};
G_STATIC_ASSERT (G_N_ELEMENTS (kind_colors) == OVERLAP_N_SPAN_KINDS);

static void
fill_kinds (OverlapPalette *p,
            gboolean        dark)
{
  for (guint i = 0; i < OVERLAP_N_SPAN_KINDS; i++)
    {
      OverlapPhaseStyle *style = &p->kinds[i];
      OverlapRgba fill = hex (dark ? kind_colors[i].dark : kind_colors[i].light, 1.0);

      style->style = OVERLAP_FILL_SOLID;
      style->fill = fill;
      style->line = fill;
      style->text = luminance (&fill) > 0.42 ? hex (0x000000, 1.0) : hex (0xFFFFFF, 1.0);
    }
}

/* The colour of slices named @name: FNV-1a of its bytes */
guint
_overlap_name_color_of (const char *name)
{
  guint32 hash = 2166136261u;

  for (const guchar *c = (const guchar *) (name ? name : ""); *c != '\0'; c++)
    hash = (hash ^ *c) * 16777619u;
  /* the high bits, folded: the low ones of FNV follow the last byte closely */
  return ((hash >> 16) ^ hash) % _OVERLAP_N_NAME_COLORS;
}

static void
fill_palette (OverlapPalette *p,
              gboolean        dark,
              gboolean        high_contrast)
{
  guint32 fg = dark ? 0xE8EAED : 0x1F2328;
  double tint = dark ? 0.30 : 0.22;

  if (high_contrast)
    {
      p->background = hex (dark ? 0x000000 : 0xFFFFFF, 1);
      p->foreground = hex (dark ? 0xFFFFFF : 0x000000, 1);
      p->dim = hex (dark ? 0xE0E0E0 : 0x262626, 1);
      p->grid = hex (dark ? 0x6E6E6E : 0x9A9A9A, 1);
      p->stripe = hex (dark ? 0x171717 : 0xF0F0F0, 1);
      p->separator = p->foreground;
      tint = 0.40;
    }
  else if (dark)
    {
      p->background = hex (0x1E1F22, 1);
      p->foreground = hex (fg, 1);
      p->dim = hex (0xA2A8B0, 1);
      p->grid = hex (0x34373D, 1);
      p->stripe = hex (0x24262A, 1);
      p->separator = hex (0x43474E, 1);
    }
  else
    {
      p->background = hex (0xFFFFFF, 1);
      p->foreground = hex (fg, 1);
      p->dim = hex (0x5E6670, 1);
      p->grid = hex (0xE3E6EA, 1);
      p->stripe = hex (0xF6F7F9, 1);
      p->separator = hex (0xD3D8DE, 1);
    }

  p->outline = high_contrast;
  p->accent = hex (dark ? 0x56B4E9 : 0x0072B2, 1);
  p->selection = hex (dark ? 0x56B4E9 : 0x0072B2, dark ? 0.22 : 0.12);
  p->pointed = hex (dark ? 0xDC8ADD : 0x9141AC, 0.9);
  p->ok = hex (dark ? 0x3CC49A : 0x00805C, 1);
  p->error = hex (dark ? 0xFF6B5E : 0xC0231A, 1);
  p->cancel = hex (dark ? 0x9BA1A8 : 0x6E7781, 1);
  p->timeout = hex (dark ? 0xF5B83D : 0xB36B00, 1);
  p->tick = dark ? hex (0x000000, 0.55) : hex (0x000000, 0.45);
  p->in_flight = hex (dark ? 0x56B4E9 : 0x0072B2, 1);
  p->lag = hex (dark ? 0xFF8A4C : 0xD55E00, 1);
  p->badge_text = hex (0xFFFFFF, 1);

  fill_phases (p, dark, tint, fg);
  fill_kinds (p, dark);

  if (!high_contrast)
    fill_names (p, dark);
}

const OverlapPalette *
_overlap_palette_get (gboolean dark,
                      gboolean high_contrast)
{
  static OverlapPalette palettes[4];
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      for (guint i = 0; i < G_N_ELEMENTS (palettes); i++)
        fill_palette (&palettes[i], (i & 1) != 0, (i & 2) != 0);
      g_once_init_leave (&initialized, 1);
    }

  return &palettes[(dark ? 1 : 0) | (high_contrast ? 2 : 0)];
}

/* The phase's name as the legend shows it: the legend says what blocking blocks. */
const char *
_overlap_phase_get_name (OverlapPhase phase)
{
  if (phase == OVERLAP_PHASE_BLOCKING)
    return _("blocking the loop");
  return overlap_phase_get_display_name (phase);
}
