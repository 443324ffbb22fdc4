/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-painter"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "overlap-duration.h"
#include "overlap-painter-private.h"

/* The painter's vocabulary: fills for each phase, the end-of-task symbols,
 * legend swatches, and how times are written. */

void
_overlap_setup_context (PangoContext *context)
{
  cairo_font_options_t *font_options = cairo_font_options_create ();

  /* Unhinted metrics: text measures the same on every surface, so the
   * geometry is the same in the window, in PNG, in SVG and in PDF. */
  cairo_font_options_set_hint_metrics (font_options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (font_options, CAIRO_HINT_STYLE_SLIGHT);
  cairo_font_options_set_antialias (font_options, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options (context, font_options);
  cairo_font_options_destroy (font_options);
}

PangoContext *
_overlap_create_measure_context (void)
{
  PangoContext *context = pango_font_map_create_context (pango_cairo_font_map_get_default ());

  _overlap_setup_context (context);
  return context;
}

void
_overlap_set_color (cairo_t           *cr,
                    const OverlapRgba *color)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha);
}

void
_overlap_rounded_rect (cairo_t *cr,
                       double   x,
                       double   y,
                       double   width,
                       double   height,
                       double   radius)
{
  radius = MIN (radius, MIN (width, height) / 2);
  if (radius <= 0.5)
    {
      cairo_rectangle (cr, x, y, width, height);
      return;
    }

  cairo_new_sub_path (cr);
  cairo_arc (cr, x + width - radius, y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, x + width - radius, y + height - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, x + radius, y + height - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, x + radius, y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

/* Diagonal lines over a rectangle, anchored to the origin so that neighbouring
 * rectangles continue each other's pattern. On raster targets (the window, PNG)
 * a repeating tile is filled: stroking every line costs milliseconds per frame.
 * Vector targets (SVG, PDF) keep real lines, sharp at any zoom. */

/* Small images the painter draws once and keeps (hatch tiles, rounded-end
 * cut-outs), found by the bytes of their key: a key's padding must be zeroed.
 * A few dozen at most, so a list: looking one up costs no allocation. */
typedef struct
{
  gpointer         key;
  cairo_surface_t *image;
} CachedImage;

static void
clear_cached_image (gpointer data)
{
  CachedImage *cached = data;

  g_free (cached->key);
  cairo_surface_destroy (cached->image);
}

cairo_surface_t *
_overlap_image_cache_get (OverlapImageCache *cache,
                          gconstpointer      key,
                          gsize              key_size,
                          OverlapImageDraw   draw)
{
  cairo_surface_t *image = NULL;
  CachedImage cached;

  g_mutex_lock (&cache->lock);
  if (cache->images == NULL)
    {
      cache->images = g_array_new (FALSE, FALSE, sizeof (CachedImage));
      g_array_set_clear_func (cache->images, clear_cached_image);
    }
  for (guint i = 0; i < cache->images->len && image == NULL; i++)
    {
      const CachedImage *c = &g_array_index (cache->images, CachedImage, i);

      if (memcmp (c->key, key, key_size) == 0)
        image = c->image;
    }
  if (image == NULL)
    {
      /* a bound on what a long session keeps: start again */
      if (cache->limit > 0 && cache->images->len >= cache->limit)
        g_array_set_size (cache->images, 0);
      cached.key = g_memdup2 (key, key_size);
      cached.image = image = draw (key);
      g_array_append_val (cache->images, cached);
    }
  g_mutex_unlock (&cache->lock);

  return image;
}

typedef struct
{
  OverlapRgba color;
  int         spacing;
  double      line_width;
} HatchKey;

static OverlapImageCache hatch_tiles;

/* As many periods side by side as make the tile 64 pixels wide or more:
 * pixman repeats a wide tile row by row with its fast paths, a narrow one
 * pixel by pixel */
static cairo_surface_t *
draw_hatch_tile (gconstpointer data)
{
  const HatchKey *key = data;
  int periods = (64 + key->spacing - 1) / key->spacing;
  cairo_surface_t *surface;
  cairo_t *cr;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, periods * key->spacing, key->spacing);
  cr = cairo_create (surface);
  _overlap_set_color (cr, &key->color);
  cairo_set_line_width (cr, key->line_width);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  for (int k = -1; k <= periods; k++)
    {
      cairo_move_to (cr, k * key->spacing, key->spacing);
      cairo_line_to (cr, k * key->spacing + key->spacing, 0);
    }
  cairo_stroke (cr);
  cairo_destroy (cr);

  return surface;
}

/* The tile, kept for good: don't unref */
cairo_surface_t *
_overlap_hatch_tile (const OverlapRgba *color,
                     double             spacing_px,
                     double             line_width)
{
  HatchKey key;

  memset (&key, 0, sizeof key);
  key.color = *color;
  key.spacing = MAX (2, (int) round (spacing_px));
  key.line_width = line_width;
  return _overlap_image_cache_get (&hatch_tiles, &key, sizeof key, draw_hatch_tile);
}

/* A pattern of @tile repeated, anchored to the origin but for a whole number
 * of periods near @near_y: a pattern far from where it is drawn (rows 30,000
 * pixels down a long recording) is past what pixman's fixed point reaches,
 * and the hatching was not drawn there. */
cairo_pattern_t *
_overlap_hatch_pattern (cairo_surface_t *tile,
                        double           near_y)
{
  int period = cairo_image_surface_get_height (tile);
  cairo_pattern_t *pattern = cairo_pattern_create_for_surface (tile);
  cairo_matrix_t matrix;

  cairo_pattern_set_extend (pattern, CAIRO_EXTEND_REPEAT);
  cairo_matrix_init_translate (&matrix, 0, -floor (near_y / period) * period);
  cairo_pattern_set_matrix (pattern, &matrix);
  return pattern;
}

gboolean
_overlap_is_vector_target (cairo_t *cr)
{
  switch (cairo_surface_get_type (cairo_get_target (cr)))
    {
    case CAIRO_SURFACE_TYPE_SVG:
    case CAIRO_SURFACE_TYPE_PDF:
    case CAIRO_SURFACE_TYPE_PS:
      return TRUE;
    default:
      return FALSE;
    }
}

/* The parts of a phase's fill (_overlap_fill_phase()): each is batched in
 * @p's batch while it is batching, drawn on its cairo context otherwise. */

/* @box hatched with @color: stripes @spacing apart and @line_width wide. */
static void
hatch (OverlapPainter         *p,
       const OverlapRgba      *color,
       const OverlapPaintRect *box,
       double                  spacing,
       double                  line_width)
{
  cairo_t *cr = p->cr;
  double x = box->x, y = box->y, width = box->width, height = box->height;
  double start = floor ((x - height) / spacing) * spacing;

  if (p->batching)
    {
      _overlap_batch_tile (p->batch, OVERLAP_BATCH_HATCH, _overlap_hatch_tile (color, spacing, line_width), box);
      return;
    }

  cairo_save (cr);
  cairo_rectangle (cr, x, y, width, height);

  if (!_overlap_is_vector_target (cr))
    {
      cairo_pattern_t *pattern = _overlap_hatch_pattern (_overlap_hatch_tile (color, spacing, line_width), y);

      cairo_set_source (cr, pattern);
      cairo_fill (cr);
      cairo_pattern_destroy (pattern);
      cairo_restore (cr);
      return;
    }

  cairo_clip (cr);
  for (double xx = start; xx < x + width; xx += spacing)
    {
      cairo_move_to (cr, xx, y + height);
      cairo_line_to (cr, xx + height, y);
    }
  _overlap_set_color (cr, color);
  cairo_set_line_width (cr, line_width);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* What stroking @box in @color with square corners covers, filled instead:
 * the same pixels, without the stroker; batched, the ring is four rectangles
 * (top, bottom, sides). */
static void
outline_rect (OverlapPainter         *p,
              const OverlapRgba      *color,
              const OverlapPaintRect *box,
              double                  line_width)
{
  double d = line_width / 2;
  double x = box->x - d, y = box->y - d;
  double width = box->width + line_width, height = box->height + line_width;
  gboolean ring = box->width > line_width && box->height > line_width;

  if (p->batching && ring)
    {
      _overlap_batch_rect (p->batch, OVERLAP_BATCH_OUTLINE, color, NULL,
                           &(OverlapPaintRect) { x, y, width, line_width });
      _overlap_batch_rect (p->batch, OVERLAP_BATCH_OUTLINE, color, NULL,
                           &(OverlapPaintRect) { x, y + height - line_width, width, line_width });
      _overlap_batch_rect (p->batch, OVERLAP_BATCH_OUTLINE, color, NULL,
                           &(OverlapPaintRect) { x, y + line_width, line_width, height - 2 * line_width });
      _overlap_batch_rect (p->batch, OVERLAP_BATCH_OUTLINE, color, NULL,
                           &(OverlapPaintRect) { x + width - line_width, y + line_width,
                                                 line_width, height - 2 * line_width });
    }
  else if (p->batching)
    _overlap_batch_rect (p->batch, OVERLAP_BATCH_OUTLINE, color, NULL,
                         &(OverlapPaintRect) { x, y, width, height });
  else
    {
      _overlap_set_color (p->cr, color);
      cairo_rectangle (p->cr, x, y, width, height);
      if (ring)
        {
          cairo_rectangle (p->cr, box->x + d, box->y + d, box->width - line_width, box->height - line_width);
          cairo_set_fill_rule (p->cr, CAIRO_FILL_RULE_EVEN_ODD);
          cairo_fill (p->cr);
          cairo_set_fill_rule (p->cr, CAIRO_FILL_RULE_WINDING);
        }
      else
        cairo_fill (p->cr);
    }
}

/* A hatched phase's tint over the background, not over whatever is behind
 * (which would vary): the blend of the two, in one opaque fill. */
static OverlapRgba
hatched_tint (const OverlapPalette    *palette,
              const OverlapPhaseStyle *style)
{
  OverlapRgba blend;
  double a = style->fill.alpha;

  blend.red = palette->background.red * (1 - a) + style->fill.red * a;
  blend.green = palette->background.green * (1 - a) + style->fill.green * a;
  blend.blue = palette->background.blue * (1 - a) + style->fill.blue * a;
  blend.alpha = 1.0;
  return blend;
}

/* @box filled with @style's colour, a hatched phase's tint (see
 * hatched_tint()); on a see-through background (never batched) a hatched
 * phase's fill goes over the background instead. */
static void
fill_rect (OverlapPainter          *p,
           const OverlapPhaseStyle *style,
           const OverlapPaintRect  *box)
{
  const OverlapPalette *palette = p->palette;
  gboolean hatched = style->style == OVERLAP_FILL_HATCHED;
  gboolean opaque = palette->background.alpha >= 1.0;
  OverlapRgba color = hatched && opaque ? hatched_tint (palette, style) : style->fill;

  if (p->batching)
    {
      g_assert (!hatched || opaque);
      _overlap_batch_rect (p->batch, OVERLAP_BATCH_FILL, &color, NULL, box);
      return;
    }

  if (hatched && !opaque)
    {
      _overlap_set_color (p->cr, &palette->background);
      cairo_rectangle (p->cr, box->x, box->y, box->width, box->height);
      cairo_fill (p->cr);
    }
  _overlap_set_color (p->cr, &color);
  cairo_rectangle (p->cr, box->x, box->y, box->width, box->height);
  cairo_fill (p->cr);
}

/* Fills @box as @phase looks: its colour, then a hatched phase's stripes and
 * outline, or an alarm's wide stripes. Batched while @p is batching (a raster
 * target, on an opaque background), drawn otherwise. */
void
_overlap_fill_phase (OverlapPainter         *p,
                     guint                   phase,
                     const OverlapPaintRect *box)
{
  const OverlapPalette *palette = p->palette;
  const OverlapPhaseStyle *style = &palette->phases[MIN (phase, OVERLAP_PHASE_OTHER)];
  double scale = p->g->s;

  if (box->width <= 0)
    return;

  fill_rect (p, style, box);

  switch (style->style)
    {
    case OVERLAP_FILL_HATCHED:
      if (box->width >= 2)
        {
          double line_width = MAX (1.0, 1.2 * scale) * (palette->outline ? 1.5 : 1.0);
          OverlapPaintRect inset = { box->x + 0.5, box->y + 0.5, box->width - 1, box->height - 1 };

          hatch (p, &style->line, box, MAX (5.0, 6.0 * scale), line_width);
          outline_rect (p, &style->line, &inset, MAX (1.0, scale));
        }
      break;

    case OVERLAP_FILL_ALARM:
      if (box->width >= 3)
        hatch (p, &style->line, box, MAX (9.0, 11.0 * scale), MAX (3.0, 4.0 * scale));
      break;

    case OVERLAP_FILL_SOLID:
    default:
      break;
    }
}

void
_overlap_draw_symbol (cairo_t              *cr,
                      const OverlapPalette *palette,
                      OverlapResult         result,
                      double                cx,
                      double                cy,
                      double                radius,
                      double                scale)
{
  const OverlapRgba *color;
  double k = radius * 0.42;

  switch (result)
    {
    case OVERLAP_RESULT_FAILED: color = &palette->error; break;
    case OVERLAP_RESULT_CANCELLED: color = &palette->cancel; break;
    case OVERLAP_RESULT_TIMED_OUT: color = &palette->timeout; break;
    case OVERLAP_RESULT_SKIPPED: color = &palette->dim; break;
    case OVERLAP_RESULT_OK:
    case OVERLAP_RESULT_PENDING:
    default: return;
    }

  cairo_save (cr);
  cairo_new_path (cr);
  cairo_arc (cr, cx, cy, radius, 0, 2 * G_PI);
  _overlap_set_color (cr, color);
  cairo_fill (cr);

  _overlap_set_color (cr, &palette->badge_text);
  cairo_set_line_width (cr, MAX (1.5, radius * 0.26));
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  switch (result)
    {
    case OVERLAP_RESULT_FAILED:
      /* ✕ */
      cairo_move_to (cr, cx - k, cy - k);
      cairo_line_to (cr, cx + k, cy + k);
      cairo_move_to (cr, cx + k, cy - k);
      cairo_line_to (cr, cx - k, cy + k);
      break;
    case OVERLAP_RESULT_CANCELLED:
      /* a slash */
      cairo_move_to (cr, cx - k * 1.1, cy + k * 1.1);
      cairo_line_to (cr, cx + k * 1.1, cy - k * 1.1);
      break;
    case OVERLAP_RESULT_TIMED_OUT:
      /* a clock's hands */
      cairo_move_to (cr, cx, cy - radius * 0.6);
      cairo_line_to (cr, cx, cy);
      cairo_line_to (cr, cx + radius * 0.45, cy + radius * 0.2);
      break;
    case OVERLAP_RESULT_SKIPPED:
      /* a dash: passed over */
      cairo_move_to (cr, cx - k * 1.2, cy);
      cairo_line_to (cr, cx + k * 1.2, cy);
      break;
    case OVERLAP_RESULT_OK:
    case OVERLAP_RESULT_PENDING:
    default:
      break;
    }
  cairo_stroke (cr);
  cairo_restore (cr);
}

void
_overlap_draw_diamond (cairo_t           *cr,
                       const OverlapRgba *color,
                       double             cx,
                       double             cy,
                       double             radius)
{
  cairo_move_to (cr, cx, cy - radius);
  cairo_line_to (cr, cx + radius, cy);
  cairo_line_to (cr, cx, cy + radius);
  cairo_line_to (cr, cx - radius, cy);
  cairo_close_path (cr);
  _overlap_set_color (cr, color);
  cairo_fill (cr);
}

double
_overlap_legend_swatch_width (double scale)
{
  return round (22 * scale);
}

/* A legend swatch's box: left at @x, centred on @cy */
static OverlapPaintRect
swatch_box (double x,
            double cy,
            double scale)
{
  double h = round (14 * scale);

  return (OverlapPaintRect) { x, round (cy - h / 2), _overlap_legend_swatch_width (scale), h };
}

/* Fills the rounded @box with @style's colour, or if that is NULL as @phase
 * fills a bar; then outlines it in the high-contrast palette. */
static void
fill_swatch (OverlapPainter          *p,
             const OverlapPaintRect  *box,
             const OverlapPhaseStyle *style,
             guint                    phase)
{
  cairo_t *cr = p->cr;
  double radius = 3 * p->g->s;

  cairo_save (cr);
  _overlap_rounded_rect (cr, box->x, box->y, box->width, box->height, radius);
  if (style != NULL)
    {
      _overlap_set_color (cr, &style->fill);
      cairo_fill (cr);
    }
  else
    {
      cairo_clip (cr);
      _overlap_fill_phase (p, phase, box);
    }
  cairo_restore (cr);

  if (p->palette->outline)
    {
      _overlap_set_color (cr, &p->palette->foreground);
      cairo_set_line_width (cr, 1);
      _overlap_rounded_rect (cr, box->x + 0.5, box->y + 0.5, box->width - 1, box->height - 1, radius);
      cairo_stroke (cr);
    }
}

/* A legend's swatch of one solid style (a kind of ninja job, a test result) */
void
_overlap_draw_style_swatch (OverlapPainter          *p,
                            const OverlapPhaseStyle *style,
                            double                   x,
                            double                   cy)
{
  OverlapPaintRect box = swatch_box (x, cy, p->g->s);

  fill_swatch (p, &box, style, 0);
}

void
_overlap_draw_legend_swatch (OverlapPainter *p,
                             gboolean        is_phase,
                             guint           what,
                             double          x,
                             double          cy)
{
  cairo_t *cr = p->cr;
  const OverlapPalette *palette = p->palette;
  double scale = p->g->s;
  OverlapPaintRect box = swatch_box (x, cy, scale);
  double y = box.y, w = box.width, h = box.height;

  if (is_phase)
    {
      fill_swatch (p, &box, NULL, what);
      return;
    }

  switch ((OverlapMarkKind) what)
    {
    case OVERLAP_MARK_CHUNK:
      cairo_save (cr);
      _overlap_rounded_rect (cr, x, y, w, h, 3 * scale);
      cairo_clip (cr);
      _overlap_fill_phase (p, OVERLAP_PHASE_RECEIVING, &box);
      for (int i = 1; i <= 3; i++)
        {
          double tx = round (x + i * w / 4) + 0.5;

          cairo_move_to (cr, tx, y + h);
          cairo_line_to (cr, tx, y + h * 0.45);
        }
      _overlap_set_color (cr, &palette->tick);
      cairo_set_line_width (cr, MAX (1, round (scale)));
      cairo_stroke (cr);
      cairo_restore (cr);
      break;

    case OVERLAP_MARK_ERROR:
    case OVERLAP_MARK_CANCEL:
    case OVERLAP_MARK_TIMEOUT:
    case OVERLAP_MARK_SKIP:
      _overlap_draw_symbol (cr, palette, _overlap_mark_result (what), x + w / 2, cy, round (8 * scale), scale);
      break;

    case OVERLAP_MARK_START:
    case OVERLAP_MARK_DONE:
    case OVERLAP_MARK_INSTANT:
    case OVERLAP_N_MARKS:
    default:
      _overlap_draw_diamond (cr, &palette->foreground, x + w / 2, cy, h * 0.4);
      break;
    }
}

const char *
_overlap_mark_get_name (OverlapMarkKind kind)
{
  switch (kind)
    {
    case OVERLAP_MARK_CHUNK: return _("chunk received");
    case OVERLAP_MARK_ERROR: return _("failed");
    case OVERLAP_MARK_CANCEL: return _("cancelled");
    case OVERLAP_MARK_TIMEOUT: return _("timed out");
    case OVERLAP_MARK_SKIP: return _("skipped");
    case OVERLAP_MARK_INSTANT: return _("event");
    case OVERLAP_MARK_START: return _("start");
    case OVERLAP_MARK_DONE: return _("done");
    case OVERLAP_N_MARKS:
    default: return "";
    }
}

static void
strip_zeros (char *buffer)
{
  char *dot = strchr (buffer, '.');
  char *end;

  if (dot == NULL)
    dot = strchr (buffer, ',');
  if (dot == NULL)
    return;

  end = dot + strlen (dot);
  while (end > dot + 1 && end[-1] == '0')
    *--end = '\0';
  if (end == dot + 1)
    *dot = '\0';
}

/* An axis label: "0 s", "500 ms", "1.5 s"; each in the unit that suits its
 * own size, with as many decimals as the step needs. */
void
_overlap_format_tick (char   *buffer,
                      gsize   size,
                      gint64  time,
                      gint64  step,
                      gint64  range_end)
{
  gint64 magnitude = time != 0 ? ABS (time) : MAX (ABS (range_end), step);
  gint64 unit;
  const char *name;
  char number[32];
  int decimals = 0;

  if (magnitude >= G_USEC_PER_SEC)
    {
      unit = G_USEC_PER_SEC;
      name = _("s");
    }
  else if (magnitude >= 1000)
    {
      unit = 1000;
      name = _("ms");
    }
  else
    {
      unit = 1;
      name = _("µs");
    }

  if (time == 0)
    {
      g_snprintf (buffer, size, "0 %s", name);
      return;
    }

  if (step % unit != 0)
    decimals = CLAMP ((int) ceil (-log10 ((double) step / unit) - 1e-9), 0, 6);
  g_snprintf (number, sizeof number, "%.*f", decimals, (double) time / unit);
  strip_zeros (number);
  g_snprintf (buffer, size, "%s %s", number, name);
}

/* A duration to read: "3.00 s", "512 ms", "1.5 ms", "80 µs". */
void
_overlap_format_duration (char   *buffer,
                          gsize   size,
                          gint64  duration)
{
  overlap_format_duration_buf (buffer, size, MAX (0, duration));
}
