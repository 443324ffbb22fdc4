/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-painter"

#include "config.h"

#include <math.h>
#include <string.h>

#include "overlap-painter-private.h"

/* The straight middles of the bars, batched: what the phases, bands,
 * hairlines and ticks of every visible lane would fill one rectangle at a
 * time is kept as rectangles by layer and source, then filled with one
 * cairo_fill() per source. On an image surface a fill costs some 20,000
 * instructions before a pixel is touched, and a fitted paint made a thousand
 * of them (BENCHMARKS.md, figure 3).
 *
 * The layers go down in the order a single span draws them, so what one span
 * shows is unchanged; spans of a lane do not overlap and lanes do not either,
 * so the order between spans does not matter. Where it would (spans that
 * overlap, a symbol over the ticks) the lane painter flushes first. Every
 * rectangle is cut to the window the caller set, as the clip of a bar's
 * part would cut it. */

typedef struct
{
  OverlapBatchLayer  layer;
  OverlapRgba        color;
  cairo_pattern_t   *pattern; /* or a color */
  GArray            *rects;
} Source;

typedef struct
{
  double x0;
  double x1;
} Tick;

typedef struct
{
  cairo_surface_t *tile;
  cairo_pattern_t *pattern;
} Tile;

typedef struct
{
  OverlapPaintRect bar;
  double           radius;
  gboolean         left;
  gboolean         right;
  gboolean         on_grid;  /* a grid line runs through a corner */
} Corners;

typedef struct
{
  const char        *text;
  const OverlapRgba *color;
  double             x;
  double             cy;
  OverlapPaintRect   window;
} Label;

struct _OverlapBatch
{
  GArray           *sources;
  GArray           *labels;
  guint             last[OVERLAP_BATCH_N_LAYERS];
  OverlapPaintRect  window;
  guint             n_rects;

  GArray           *ticks;  /* Tick, of the lane being batched */
  GArray           *tiles;  /* Tile: a pattern for each tile, for one fill */

  /* Rounded ends, cut out of the bars last */
  GArray      *corners;      /* Corners */
  OverlapRgba  background;
  OverlapRgba  grid;         /* a grid line over the background */
  GArray      *grid_columns; /* int, the pixel columns of the grid lines */
};

OverlapBatch *
_overlap_batch_new (void)
{
  OverlapBatch *batch = g_new0 (OverlapBatch, 1);

  batch->sources = g_array_new (FALSE, FALSE, sizeof (Source));
  batch->labels = g_array_new (FALSE, FALSE, sizeof (Label));
  batch->ticks = g_array_new (FALSE, FALSE, sizeof (Tick));
  batch->tiles = g_array_new (FALSE, FALSE, sizeof (Tile));
  batch->corners = g_array_new (FALSE, FALSE, sizeof (Corners));
  batch->grid_columns = g_array_new (FALSE, FALSE, sizeof (int));
  for (guint i = 0; i < OVERLAP_BATCH_N_LAYERS; i++)
    batch->last[i] = G_MAXUINT;
  return batch;
}

void
_overlap_batch_free (OverlapBatch *batch)
{
  for (guint i = 0; i < batch->sources->len; i++)
    {
      Source *source = &g_array_index (batch->sources, Source, i);

      g_clear_pointer (&source->pattern, cairo_pattern_destroy);
      g_array_unref (source->rects);
    }
  g_array_unref (batch->sources);
  g_array_unref (batch->labels);
  g_array_unref (batch->ticks);
  for (guint i = 0; i < batch->tiles->len; i++)
    cairo_pattern_destroy (g_array_index (batch->tiles, Tile, i).pattern);
  g_array_unref (batch->tiles);
  g_array_unref (batch->corners);
  g_array_unref (batch->grid_columns);
  g_free (batch);
}

void
_overlap_batch_set_window (OverlapBatch           *batch,
                           const OverlapPaintRect *window)
{
  g_assert (batch->ticks->len == 0);
  batch->window = *window;
}

/* @color at @cover/255 of its opacity, as a premultiplied ARGB32 pixel */
static guint32
premultiply (const OverlapRgba *color,
             guint              cover)
{
  double a = color->alpha * cover / 255.0;

  return ((guint32) (a * 255 + 0.5) << 24) |
         ((guint32) (color->red * a * 255 + 0.5) << 16) |
         ((guint32) (color->green * a * 255 + 0.5) << 8) |
         (guint32) (color->blue * a * 255 + 0.5);
}

static Source *
find_source (OverlapBatch      *batch,
             OverlapBatchLayer  layer,
             const OverlapRgba *color,
             cairo_pattern_t   *pattern)
{
  Source *source;
  guint last = batch->last[layer];

  if (last != G_MAXUINT)
    {
      source = &g_array_index (batch->sources, Source, last);
      if (source->pattern == pattern &&
          (pattern != NULL || memcmp (&source->color, color, sizeof *color) == 0))
        return source;
    }

  for (guint i = 0; i < batch->sources->len; i++)
    {
      source = &g_array_index (batch->sources, Source, i);
      if (source->layer == layer && source->pattern == pattern &&
          (pattern != NULL || memcmp (&source->color, color, sizeof *color) == 0))
        {
          batch->last[layer] = i;
          return source;
        }
    }

  g_array_set_size (batch->sources, batch->sources->len + 1);
  source = &g_array_index (batch->sources, Source, batch->sources->len - 1);
  source->layer = layer;
  source->pattern = pattern != NULL ? cairo_pattern_reference (pattern) : NULL;
  if (pattern == NULL)
    source->color = *color;
  else
    memset (&source->color, 0, sizeof source->color);
  source->rects = g_array_new (FALSE, FALSE, sizeof (OverlapPaintRect));
  batch->last[layer] = batch->sources->len - 1;
  return source;
}

/* @rect filled with @color, or with @pattern if not NULL. */
void
_overlap_batch_rect (OverlapBatch           *batch,
                     OverlapBatchLayer       layer,
                     const OverlapRgba      *color,
                     cairo_pattern_t        *pattern,
                     const OverlapPaintRect *rect)
{
  const OverlapPaintRect *w = &batch->window;
  double x0 = MAX (rect->x, w->x);
  double y0 = MAX (rect->y, w->y);
  double x1 = MIN (rect->x + rect->width, w->x + w->width);
  double y1 = MIN (rect->y + rect->height, w->y + w->height);
  OverlapPaintRect cut;

  g_assert (layer < OVERLAP_BATCH_N_LAYERS);

  if (x1 <= x0 || y1 <= y0)
    return;

  cut = (OverlapPaintRect) { x0, y0, x1 - x0, y1 - y0 };
  g_array_append_val (find_source (batch, layer, color, pattern)->rects, cut);
  batch->n_rects++;
}

/* @rect filled with @tile (see _overlap_hatch_tile()) repeated; all those
 * of one tile share a pattern, anchored near the first of them. */
void
_overlap_batch_tile (OverlapBatch           *batch,
                     OverlapBatchLayer       layer,
                     cairo_surface_t        *tile,
                     const OverlapPaintRect *rect)
{
  cairo_pattern_t *pattern = NULL;

  for (guint i = 0; i < batch->tiles->len && pattern == NULL; i++)
    if (g_array_index (batch->tiles, Tile, i).tile == tile)
      pattern = g_array_index (batch->tiles, Tile, i).pattern;

  if (pattern == NULL)
    {
      Tile t = { tile, _overlap_hatch_pattern (tile, rect->y) };

      g_array_append_val (batch->tiles, t);
      pattern = t.pattern;
    }

  _overlap_batch_rect (batch, layer, NULL, pattern, rect);
}

/* A tick from @x to @x + @width, on the lane being batched. */
void
_overlap_batch_tick (OverlapBatch *batch,
                     double        x,
                     double        width)
{
  double x0 = MAX (x, batch->window.x);
  double x1 = MIN (x + width, batch->window.x + batch->window.width);
  Tick tick = { x0, x1 };

  if (x1 > x0)
    g_array_append_val (batch->ticks, tick);
}

/* The ticks since the last call, in @color, from @y down @height.
 *
 * A lane's ticks are many thin rectangles side by side, and cairo fills those
 * slowly: it works out how they overlap first (that was half of a fitted
 * paint). Where they are dense they are drawn as an image one pixel high,
 * each column as covered as the ticks cover it, repeated down the bar: one
 * rectangle to fill. Where they are few, the rectangles are cheaper. */
void
_overlap_batch_end_ticks (OverlapBatch      *batch,
                          const OverlapRgba *color,
                          double             y,
                          double             height)
{
  const Tick *ticks = (const Tick *) (gpointer) batch->ticks->data;
  guint n = batch->ticks->len;
  cairo_surface_t *row;
  cairo_pattern_t *pattern;
  cairo_matrix_t matrix;
  guint32 *pixels;
  guint8 *cover;
  int first, width;

  if (n == 0)
    return;

  first = (int) floor (ticks[0].x0);
  width = 0;
  for (guint i = 0; i < n; i++)
    {
      first = MIN (first, (int) floor (ticks[i].x0));
      width = MAX (width, (int) ceil (ticks[i].x1));
    }
  width -= first;

  /* Some thousands of instructions a rectangle, against a couple a pixel */
  if (n * 3000.0 < 5000 + 2.0 * width * height)
    {
      for (guint i = 0; i < n; i++)
        _overlap_batch_rect (batch, OVERLAP_BATCH_TICK, color, NULL,
                             &(OverlapPaintRect) { ticks[i].x0, y, ticks[i].x1 - ticks[i].x0, height });
      g_array_set_size (batch->ticks, 0);
      return;
    }

  cover = g_malloc0 (width);
  for (guint i = 0; i < n; i++)
    {
      for (int c = (int) floor (ticks[i].x0); c < ticks[i].x1; c++)
        {
          double part = MIN (ticks[i].x1, c + 1) - MAX (ticks[i].x0, c);

          if (part > 0)
            cover[c - first] = (guint8) MIN (255, cover[c - first] + (int) (part * 255 + 0.5));
        }
    }
  g_array_set_size (batch->ticks, 0);

  row = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, 1);
  if (cairo_surface_status (row) == CAIRO_STATUS_SUCCESS)
    {
      guint32 full = premultiply (color, 255);

      cairo_surface_flush (row);
      pixels = (guint32 *) (gpointer) cairo_image_surface_get_data (row);
      for (int i = 0; i < width; i++)
        pixels[i] = cover[i] == 0 ? 0 : cover[i] == 255 ? full : premultiply (color, cover[i]);
      cairo_surface_mark_dirty (row);

      pattern = cairo_pattern_create_for_surface (row);
      cairo_pattern_set_extend (pattern, CAIRO_EXTEND_REPEAT);
      cairo_pattern_set_filter (pattern, CAIRO_FILTER_NEAREST);
      /* (anchored at the bar: see _overlap_hatch_pattern()) */
      cairo_matrix_init_translate (&matrix, -first, -floor (y));
      cairo_pattern_set_matrix (pattern, &matrix);
      _overlap_batch_rect (batch, OVERLAP_BATCH_TICK, NULL, pattern,
                           &(OverlapPaintRect) { first, y, width, height });
      cairo_pattern_destroy (pattern);
    }
  cairo_surface_destroy (row);
  g_free (cover);
}

/* What is behind the bars: @background, and the grid lines in @grid over
 * it in the pixel @columns. */
void
_overlap_batch_set_backdrop (OverlapBatch      *batch,
                             const OverlapRgba *background,
                             const OverlapRgba *grid,
                             const int         *columns,
                             guint              n_columns)
{
  double a = grid->alpha;

  g_assert (background->alpha >= 1.0);

  batch->background = *background;
  batch->grid.red = background->red * (1 - a) + grid->red * a;
  batch->grid.green = background->green * (1 - a) + grid->green * a;
  batch->grid.blue = background->blue * (1 - a) + grid->blue * a;
  batch->grid.alpha = 1.0;
  g_array_set_size (batch->grid_columns, 0);
  g_array_append_vals (batch->grid_columns, columns, n_columns);
}

/* The first grid column (a pixel column, drawn 1 px wide) at @lo or right of
 * it and left of @hi, in *@column. */
static gboolean
first_grid_column (OverlapBatch *batch,
                   double        lo,
                   double        hi,
                   int          *column)
{
  for (guint i = 0; i < batch->grid_columns->len; i++)
    {
      int c = g_array_index (batch->grid_columns, int, i);

      if (c >= lo && c < hi)
        {
          if (column != NULL)
            *column = c;
          return TRUE;
        }
    }
  return FALSE;
}

/* Whether a grid line touches the span from @x0 to @x1. */
static gboolean
on_grid (OverlapBatch *batch,
         double        x0,
         double        x1)
{
  /* a column c covers [c, c + 1): it touches when c + 1 > x0, c < x1 */
  return first_grid_column (batch, floor (x0), x1, NULL);
}

/* Rounds the @left and @right ends of the bar batched in @bar: the bar's
 * shape is _overlap_rounded_rect() with @radius, and the corners outside it
 * are painted over with what is behind the bar, after everything else. With
 * an opaque backdrop that is what compositing the bar through its shape
 * shows, without a group for each end (a group and a mask per end were a
 * fifth of a fitted paint). The ends must lie wholly inside the window: the
 * corners are not cut to it. */
void
_overlap_batch_corners (OverlapBatch           *batch,
                        const OverlapPaintRect *bar,
                        double                  radius,
                        gboolean                left,
                        gboolean                right)
{
  double x0 = bar->x, x1 = bar->x + bar->width;
  Corners corners;

  radius = MIN (radius, MIN (bar->width, bar->height) / 2);
  if (radius <= 0.5 || (!left && !right))
    return;

  corners.bar = *bar;
  corners.radius = radius;
  corners.left = left;
  corners.right = right;
  corners.on_grid = (left && on_grid (batch, x0, x0 + radius)) ||
                    (right && on_grid (batch, x1 - radius, x1));
  g_array_append_val (batch->corners, corners);
}

static void
corners_path (cairo_t       *cr,
              const Corners *c)
{
  double x = c->bar.x, y = c->bar.y, w = c->bar.width, h = c->bar.height, r = c->radius;

  /* Each the corner of the bar's rectangle less the arc that
   * _overlap_rounded_rect() draws there, the arc the same way round */
  if (c->right)
    {
      cairo_move_to (cr, x + w, y);
      cairo_line_to (cr, x + w - r, y);
      cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
      cairo_close_path (cr);
      cairo_move_to (cr, x + w, y + h);
      cairo_line_to (cr, x + w, y + h - r);
      cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
      cairo_close_path (cr);
    }
  if (c->left)
    {
      cairo_move_to (cr, x, y + h);
      cairo_line_to (cr, x + r, y + h);
      cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
      cairo_close_path (cr);
      cairo_move_to (cr, x, y);
      cairo_line_to (cr, x, y + r);
      cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
      cairo_close_path (cr);
    }
}

static void
fill_corners (OverlapBatch      *batch,
              cairo_t           *cr,
              gboolean           grid,
              const OverlapRgba *color)
{
  gboolean any = FALSE;

  for (guint i = 0; i < batch->corners->len; i++)
    {
      const Corners *c = &g_array_index (batch->corners, Corners, i);

      if (c->on_grid == grid)
        {
          corners_path (cr, c);
          any = TRUE;
        }
    }
  if (any)
    {
      _overlap_set_color (cr, color);
      cairo_fill (cr);
    }
}

/* The cut-out of one rounded end as an image: what is behind the bar (the
 * background, or the grid line in @grid_column), as much as the corners of
 * the bar's rectangle outside its rounded shape cover each pixel. The end's
 * outer edge is on the image's left (or right) edge, its top @fy below the
 * image's. Kept for good, a few of them. */
typedef struct
{
  gboolean    right;
  int         grid_column;  /* -1: none */
  double      radius;
  double      height;
  double      fy;
  OverlapRgba background;
  OverlapRgba grid;
} CutoutKey;

/* a few of them: drawn again when the view's size or colours change */
static OverlapImageCache cutouts = { .limit = 64 };

static cairo_surface_t *
draw_cutout (gconstpointer data)
{
  const CutoutKey *key = data;
  int width = (int) ceil (key->radius);
  int height = (int) ceil (key->fy + key->height);
  double wide = 2 * width + 4;  /* a bar wide enough for one end in the image */
  double x = key->right ? width - wide : 0;
  cairo_surface_t *image;
  cairo_t *cr;

  image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (image);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  for (guint pass = 0; pass < (key->grid_column >= 0 ? 2 : 1); pass++)
    {
      if (pass == 1)
        {
          /* the grid line's column: the same, in its colour */
          cairo_rectangle (cr, key->grid_column, 0, 1, height);
          cairo_clip (cr);
          cairo_set_operator (cr, CAIRO_OPERATOR_CLEAR);
          cairo_paint (cr);
          cairo_set_operator (cr, CAIRO_OPERATOR_OVER);
        }
      cairo_rectangle (cr, x, key->fy, wide, key->height);
      _overlap_rounded_rect (cr, x, key->fy, wide, key->height, key->radius);
      _overlap_set_color (cr, pass == 0 ? &key->background : &key->grid);
      cairo_fill (cr);
    }
  cairo_destroy (cr);

  return image;
}

static int
grid_column_in (OverlapBatch *batch,
                double        x,
                int           width)
{
  int column;

  return first_grid_column (batch, x, x + width, &column) ? column - (int) x : -1;
}

/* With no scaling and whole-pixel offsets horizontally, each rounded end is
 * an image put on the bar: one small fill each, cheaper than filling all the
 * corners' curves at once (cairo scans the rows between them too). */
static gboolean
cut_corners_with_images (OverlapBatch *batch,
                         cairo_t      *cr)
{
  cairo_surface_t *target = cairo_get_target (cr);
  double sx, sy, ox, oy;
  cairo_matrix_t m;
  CutoutKey key;

  cairo_get_matrix (cr, &m);
  cairo_surface_get_device_scale (target, &sx, &sy);
  cairo_surface_get_device_offset (target, &ox, &oy);
  if (m.xx != 1 || m.yy != 1 || m.xy != 0 || m.yx != 0 || sx != 1 || sy != 1 ||
      m.x0 + ox != floor (m.x0 + ox))
    return FALSE;

  for (guint i = 0; i < batch->corners->len; i++)
    {
      const Corners *c = &g_array_index (batch->corners, Corners, i);
      double device_y = c->bar.y + m.y0 + oy;
      int width = (int) ceil (c->radius);

      if (c->bar.x != floor (c->bar.x) || c->bar.width != floor (c->bar.width))
        return FALSE;

      memset (&key, 0, sizeof key);
      key.radius = c->radius;
      key.height = c->bar.height;
      key.fy = round ((device_y - floor (device_y)) * 64) / 64;
      key.background = batch->background;
      key.grid = batch->grid;
      for (guint side = 0; side < 2; side++)
        {
          double x = side == 0 ? c->bar.x : c->bar.x + c->bar.width - width;

          if (!(side == 0 ? c->left : c->right))
            continue;
          key.right = side == 1;
          key.grid_column = grid_column_in (batch, x, width);
          cairo_set_source_surface (cr, _overlap_image_cache_get (&cutouts, &key, sizeof key, draw_cutout),
                                    x, c->bar.y - key.fy);
          cairo_rectangle (cr, x, c->bar.y - key.fy, width, ceil (key.fy + key.height));
          cairo_fill (cr);
        }
    }

  return TRUE;
}

static void
cut_corners (OverlapBatch *batch,
             cairo_t      *cr)
{
  double x0, y0, x1, y1;
  gboolean any_on_grid = FALSE;

  if (batch->corners->len == 0)
    return;

  if (cut_corners_with_images (batch, cr))
    {
      g_array_set_size (batch->corners, 0);
      return;
    }

  fill_corners (batch, cr, FALSE, &batch->background);

  for (guint i = 0; i < batch->corners->len && !any_on_grid; i++)
    any_on_grid = g_array_index (batch->corners, Corners, i).on_grid;
  if (any_on_grid)
    {
      /* the background beside the grid lines, the grid line on them */
      cairo_clip_extents (cr, &x0, &y0, &x1, &y1);
      cairo_save (cr);
      cairo_rectangle (cr, x0, y0, x1 - x0, y1 - y0);
      for (guint i = 0; i < batch->grid_columns->len; i++)
        cairo_rectangle (cr, g_array_index (batch->grid_columns, int, i), y0, 1, y1 - y0);
      cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
      cairo_clip (cr);
      cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
      fill_corners (batch, cr, TRUE, &batch->background);
      cairo_restore (cr);

      cairo_save (cr);
      for (guint i = 0; i < batch->grid_columns->len; i++)
        cairo_rectangle (cr, g_array_index (batch->grid_columns, int, i), y0, 1, y1 - y0);
      cairo_clip (cr);
      fill_corners (batch, cr, TRUE, &batch->grid);
      cairo_restore (cr);
    }

  g_array_set_size (batch->corners, 0);
}

/* A span's label on its bar, in the painter's bold font: drawn after the
 * hairlines and before the ticks, cut to the window; @text must live until
 * the batch is flushed. */
void
_overlap_batch_label (OverlapBatch      *batch,
                      const char        *text,
                      const OverlapRgba *color,
                      double             x,
                      double             cy)
{
  Label label = { text, color, x, cy, batch->window };

  g_array_append_val (batch->labels, label);
}

/* The order of a layer's fills, the same whatever was batched before: where
 * two sources share a pixel (the ends of spans narrower than one) the later
 * goes over, and a band of a chart (overlap-paint-bands.c) must make the
 * pixel as the whole chart's paint does. Colours first, by value; then
 * patterns by their tile's pixels. */
#define CMP(a, b) (((a) > (b)) - ((a) < (b)))

static int
compare_sources (gconstpointer a,
                 gconstpointer b,
                 gpointer      data)
{
  const Source *sa = *(Source * const *) a, *sb = *(Source * const *) b;
  cairo_surface_t *ta = NULL, *tb = NULL;
  int ha, hb, stride;
  int cmp;

  if ((sa->pattern != NULL) != (sb->pattern != NULL))
    return sa->pattern != NULL ? 1 : -1;
  if (sa->pattern == NULL)
    return memcmp (&sa->color, &sb->color, sizeof sa->color);

  cairo_pattern_get_surface (sa->pattern, &ta);
  cairo_pattern_get_surface (sb->pattern, &tb);
  if (ta == tb || ta == NULL || tb == NULL)
    return 0;
  cmp = CMP (cairo_image_surface_get_width (ta), cairo_image_surface_get_width (tb));
  ha = cairo_image_surface_get_height (ta);
  hb = cairo_image_surface_get_height (tb);
  cmp = cmp ?: CMP (ha, hb);
  stride = cairo_image_surface_get_stride (ta);
  cmp = cmp ?: CMP (stride, cairo_image_surface_get_stride (tb));
  if (cmp != 0 || cairo_image_surface_get_data (ta) == NULL || cairo_image_surface_get_data (tb) == NULL)
    return cmp;
  return memcmp (cairo_image_surface_get_data (ta), cairo_image_surface_get_data (tb), (gsize) stride * ha);
}

static void
fill_layer (OverlapBatch      *batch,
            cairo_t           *cr,
            OverlapBatchLayer  layer)
{
  Source *order[64];
  g_autofree Source **more = NULL;
  Source **sources = order;
  guint n = 0;

  if (batch->sources->len > G_N_ELEMENTS (order))
    sources = more = g_new (Source *, batch->sources->len);
  for (guint i = 0; i < batch->sources->len; i++)
    {
      Source *source = &g_array_index (batch->sources, Source, i);

      if (source->layer == layer && source->rects->len > 0)
        sources[n++] = source;
    }
  if (n > 1)
    g_qsort_with_data (sources, (gint) n, sizeof *sources, compare_sources, NULL);

  for (guint i = 0; i < n; i++)
    {
      Source *source = sources[i];
      const OverlapPaintRect *rects = (const OverlapPaintRect *) (gpointer) source->rects->data;

      if (source->pattern != NULL)
        cairo_set_source (cr, source->pattern);
      else if (_overlap_fill_boxes (cr, &source->color, rects, source->rects->len))
        {
          g_array_set_size (source->rects, 0);
          continue;
        }
      else
        _overlap_set_color (cr, &source->color);
      for (guint j = 0; j < source->rects->len; j++)
        cairo_rectangle (cr, rects[j].x, rects[j].y, rects[j].width, rects[j].height);
      cairo_fill (cr);
      g_array_set_size (source->rects, 0);
    }
}

/* Draws what was batched, in order, and empties the batch. */
void
_overlap_batch_flush (OverlapBatch   *batch,
                      OverlapPainter *p)
{
  cairo_t *cr = p->cr;

  if (batch->n_rects == 0 && batch->labels->len == 0 && batch->corners->len == 0)
    return;

  for (guint layer = 0; layer < OVERLAP_BATCH_TICK; layer++)
    fill_layer (batch, cr, layer);

  for (guint i = 0; i < batch->labels->len; i++)
    {
      const Label *label = &g_array_index (batch->labels, Label, i);

      cairo_save (cr);
      cairo_rectangle (cr, label->window.x, label->window.y, label->window.width, label->window.height);
      cairo_clip (cr);
      _overlap_draw_text (p, label->text, &(OverlapTextStyle) { p->g->font_bold, label->color },
                          label->x, label->cy, 0);
      cairo_restore (cr);
    }
  g_array_set_size (batch->labels, 0);

  fill_layer (batch, cr, OVERLAP_BATCH_TICK);
  batch->n_rects = 0;

  cut_corners (batch, cr);
}
