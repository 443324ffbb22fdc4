/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-painter"

#include "config.h"

#include <string.h>

#include <math.h>

#include "overlap-painter-private.h"

/* The layout's caches, kept from one paint to the next, and the density
 * band they keep for each run whose lanes are thinner than a pixel row. */

/* A density band: the run's lanes fitted into fewer pixel rows than there are
 * lanes. A row stands for the lanes that fall into it; a pixel mixes the colours
 * of the phases its tasks are in at that moment, and is the stronger the more of
 * the row's lanes are busy: one by one draws a staircase, all at once a wall.
 * Kept in the layout's caches between paints while nothing it is made of
 * changes. */

typedef struct
{
  guint                 n_spans;
  gint64                end;
  int                   rows;
  int                   cols;
  gint64                t0;
  gint64                t1;
  const OverlapPalette *palette;
  cairo_surface_t      *image;
} DensityCache;

static void
density_cache_free (gpointer data)
{
  DensityCache *cache = data;

  g_clear_pointer (&cache->image, cairo_surface_destroy);
  g_free (cache);
}

OverlapPaintCaches *
_overlap_paint_caches_new (void)
{
  OverlapPaintCaches *caches = g_new0 (OverlapPaintCaches, 1);

  /* a run is kept while its band is: a run made later at its address cannot
   * be taken for it */
  caches->density = g_hash_table_new_full (g_direct_hash, g_direct_equal, g_object_unref, density_cache_free);
  caches->name_colors = g_hash_table_new_full (g_direct_hash, g_direct_equal, g_object_unref,
                                               (GDestroyNotify) g_byte_array_unref);
  return caches;
}

void
_overlap_paint_caches_free (OverlapPaintCaches *caches)
{
  if (caches == NULL)
    return;
  g_clear_pointer (&caches->text, _overlap_text_cache_free);
  g_clear_pointer (&caches->density, g_hash_table_unref);
  g_clear_pointer (&caches->name_colors, g_hash_table_unref);
  g_free (caches);
}

/* Runs came or went: the bands of the runs gone go with them */
void
_overlap_paint_caches_forget_runs (OverlapPaintCaches *caches)
{
  g_hash_table_remove_all (caches->density);
  g_hash_table_remove_all (caches->name_colors);
  caches->gutter_key = 0;
}

static const OverlapRgba *
density_color (const OverlapPalette *pal,
               guint                 phase)
{
  const OverlapPhaseStyle *style = &pal->phases[phase];

  /* a hatched phase is its lines on a light tint: the lines' colour reads */
  return style->style == OVERLAP_FILL_HATCHED ? &style->line : &style->fill;
}

/* One entry of a row's walk: at column col, a task of phase slot enters (+1)
 * or leaves (−1) */
typedef struct
{
  gint32 col;
  gint16 slot;
  gint16 delta;
} DensityEdge;

static int
compare_edges (gconstpointer a,
               gconstpointer b)
{
  const DensityEdge *ea = a, *eb = b;

  return (ea->col > eb->col) - (ea->col < eb->col);
}

static inline guint32
density_pixel (const int   *counts,
               guint        n_used,
               const int   *red,
               const int   *green,
               const int   *blue,
               int          lanes_in_row,
               const int    base_rgb[3],
               guint32      base)
{
  int total = 0, r = 0, gr = 0, b = 0, share, alpha;
  float inverse;

  for (guint k = 0; k < n_used; k++)
    {
      int count = counts[k];

      if (count <= 0)
        continue;
      total += count;
      r += count * red[k];
      gr += count * green[k];
      b += count * blue[k];
    }
  if (total <= 0)
    return base;
  /* 0.35 of the phase's colour for one busy lane in many, all of it when
   * every lane of the row is */
  share = MIN (256, total * 256 / lanes_in_row);
  alpha = 90 + ((166 * share) >> 8);
  inverse = 1.0f / total;
  return 0xff000000 |
         ((guint32) (base_rgb[0] + ((((int) (r * inverse)) - base_rgb[0]) * alpha >> 8)) << 16) |
         ((guint32) (base_rgb[1] + ((((int) (gr * inverse)) - base_rgb[1]) * alpha >> 8)) << 8) |
         (guint32) (base_rgb[2] + ((((int) (b * inverse)) - base_rgb[2]) * alpha >> 8));
}

static inline void
density_row_range (guint64  lane,
                   guint    n_lanes,
                   int      rows,
                   int     *r0,
                   int     *r1)
{
  /* lane l covers rows r0 to r1: several lanes share a row, or (fewer lanes
   * than rows, but thinner than a bar can be) a lane has a row or two */
  *r0 = (int) (lane * rows / n_lanes);
  *r1 = MAX (*r0 + 1, (int) ((lane + 1) * rows / n_lanes));
}

static cairo_surface_t *
draw_density (OverlapPainter     *p,
              OverlapRunGeometry *rg,
              int                 rows,
              int                 cols)
{
  OverlapGeometry *g = p->g;
  const OverlapSpan *spans;
  guint n_spans, n = rg->n_lanes, n_used = 0;
  guint slot[OVERLAP_N_PHASES], name_slot = G_MAXUINT;
  g_autofree guint *row_lanes = NULL;
  g_autofree guint *row_start = NULL;
  g_autofree DensityEdge *edges = NULL;
  /* the phases, then the names' colours */
  int red[OVERLAP_N_PHASES + _OVERLAP_N_NAME_COLORS];
  int green[OVERLAP_N_PHASES + _OVERLAP_N_NAME_COLORS];
  int blue[OVERLAP_N_PHASES + _OVERLAP_N_NAME_COLORS];
  int counts[OVERLAP_N_PHASES + _OVERLAP_N_NAME_COLORS];
  int base_rgb[3];
  cairo_surface_t *image;
  guint32 *pixels, base;
  int pixel_stride;
  guint n_edges = 0;

  for (guint phase = 0; phase < OVERLAP_N_PHASES; phase++)
    if (rg->index->phases_used & (1u << phase))
      {
        const OverlapRgba *color = density_color (p->palette, phase);

        red[n_used] = (int) round (color->red * 255);
        green[n_used] = (int) round (color->green * 255);
        blue[n_used] = (int) round (color->blue * 255);
        slot[phase] = n_used++;
      }
    else
      slot[phase] = G_MAXUINT;
  /* imported slices mix in their names' colours, as their bars are drawn */
  if (slot[OVERLAP_PHASE_OTHER] != G_MAXUINT && p->palette->n_names > 0)
    {
      name_slot = n_used;
      for (guint i = 0; i < p->palette->n_names; i++)
        {
          const OverlapRgba *color = &p->palette->names[i].fill;

          red[n_used] = (int) round (color->red * 255);
          green[n_used] = (int) round (color->green * 255);
          blue[n_used] = (int) round (color->blue * 255);
          n_used++;
        }
    }

  {
    const OverlapRgba *bg = &p->palette->background, *tint = &p->palette->grid;
    double a = tint->alpha * 0.5;

    base_rgb[0] = (int) round (255 * (bg->red * (1 - a) + tint->red * a));
    base_rgb[1] = (int) round (255 * (bg->green * (1 - a) + tint->green * a));
    base_rgb[2] = (int) round (255 * (bg->blue * (1 - a) + tint->blue * a));
    base = 0xff000000 | ((guint32) base_rgb[0] << 16) | ((guint32) base_rgb[1] << 8) | (guint32) base_rgb[2];
  }

  /* opaque: the band's faint tint over the background, under the mix, so that
   * painting it is a copy */
  image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, cols, rows);
  if (cairo_surface_status (image) != CAIRO_STATUS_SUCCESS)
    return image;
  cairo_surface_flush (image);
  pixels = (guint32 *) cairo_image_surface_get_data (image);
  pixel_stride = cairo_image_surface_get_stride (image) / 4;

  row_lanes = g_new0 (guint, rows);
  row_start = g_new0 (guint, (gsize) rows + 1);
  for (guint l = 0; l < n; l++)
    {
      int r0, r1;

      density_row_range (l, n, rows, &r0, &r1);
      for (int r = r0; r < r1; r++)
        row_lanes[r]++;
    }

  /* each span in view is two edges on each row it covers; the rows' edges are
   * laid out one row after another (a counting sort), each row then sorted by
   * column and walked once, filling the columns between two edges at once */
  spans = overlap_run_get_spans (rg->run, &n_spans);
  for (int pass = 0; pass < 2 && n_used > 0 && n > 0; pass++)
    {
      if (pass == 1)
        {
          guint sum = 0;

          for (int r = 0; r <= rows; r++)
            {
              guint c = row_start[r];

              row_start[r] = sum;
              sum += c;
            }
          n_edges = sum;
          edges = g_new (DensityEdge, MAX (n_edges, 1));
        }
      for (guint i = 0; i < n_spans; i++)
        {
          const OverlapSpan *span = &spans[i];
          gint64 end = span->end >= 0 ? span->end : rg->end;
          int c0, c1, r0, r1;
          guint k;

          if (end < g->t0 || span->start > g->t1 || span->lane >= n || slot[span->phase] == G_MAXUINT)
            continue;
          k = slot[span->phase];
          if (name_slot != G_MAXUINT && span->phase == OVERLAP_PHASE_OTHER && span->label != 0)
            k = name_slot + (guint) (_overlap_name_style (p, rg->run, span->label) - p->palette->names);
          c0 = (int) CLAMP (floor ((span->start - g->t0) * g->px_per_us), 0, cols - 1);
          c1 = (int) CLAMP (ceil ((end - g->t0) * g->px_per_us), c0 + 1, cols);
          density_row_range (span->lane, n, rows, &r0, &r1);
          for (int row = r0; row < r1; row++)
            if (pass == 0)
              row_start[row] += 2;
            else
              {
                DensityEdge *e = &edges[row_start[row]];

                e[0] = (DensityEdge) { c0, (gint16) k, 1 };
                e[1] = (DensityEdge) { c1, (gint16) k, -1 };
                row_start[row] += 2;
              }
        }
    }
  /* the fill moved each row's start to the next row's: shift back */
  for (int r = rows; r > 0; r--)
    row_start[r] = row_start[r - 1];
  row_start[0] = 0;

  for (int row = 0; row < rows; row++)
    {
      guint32 *out = pixels + row * pixel_stride;
      DensityEdge *e = edges + row_start[row];
      guint n_row = n_edges > 0 ? row_start[row + 1] - row_start[row] : 0;
      int lanes_in_row = MAX (1, (int) row_lanes[row]);
      int col = 0;
      guint32 color = base;

      if (n_row > 2)
        qsort (e, n_row, sizeof *e, compare_edges);
      memset (counts, 0, sizeof counts);
      for (guint i = 0; i < n_row;)
        {
          int at = e[i].col;

          for (; col < at; col++)
            out[col] = color;
          for (; i < n_row && e[i].col == at; i++)
            counts[e[i].slot] += e[i].delta;
          color = density_pixel (counts, n_used, red, green, blue, lanes_in_row, base_rgb, base);
        }
      for (; col < cols; col++)
        out[col] = color;
    }
  cairo_surface_mark_dirty (image);
  return image;
}

void
_overlap_paint_density (OverlapPainter     *p,
                        OverlapRunGeometry *rg)
{
  OverlapGeometry *g = p->g;
  cairo_t *cr = p->cr;
  DensityCache *cache = NULL, own = { 0 };
  int rows = (int) MAX (1, round (rg->lanes_height));
  int cols = (int) MAX (1, round (g->chart_x1 - g->chart_x0));
  guint n_spans;

  if (rg->lanes_top + rg->lanes_height < p->cull_top || rg->lanes_top > p->cull_bottom)
    return;

  overlap_run_get_spans (rg->run, &n_spans);
  /* without a layout's caches (a paint of its own), the band is the paint's */
  if (g->caches == NULL)
    cache = &own;
  else if ((cache = g_hash_table_lookup (g->caches->density, rg->run)) == NULL)
    {
      cache = g_new0 (DensityCache, 1);
      g_hash_table_insert (g->caches->density, g_object_ref (rg->run), cache);
    }
  if (cache->image == NULL || cache->n_spans != n_spans || cache->end != rg->end ||
      cache->rows != rows || cache->cols != cols || cache->t0 != g->t0 || cache->t1 != g->t1 ||
      cache->palette != p->palette)
    {
      g_clear_pointer (&cache->image, cairo_surface_destroy);
      cache->image = draw_density (p, rg, rows, cols);
      cache->n_spans = n_spans;
      cache->end = rg->end;
      cache->rows = rows;
      cache->cols = cols;
      cache->t0 = g->t0;
      cache->t1 = g->t1;
      cache->palette = p->palette;
    }

  /* the band's extent is faintly tinted, so that its idle parts read as the
   * run's too (in the image: painting it is a copy) */
  cairo_save (cr);
  cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
  cairo_set_source_surface (cr, cache->image, g->chart_x0, round (rg->lanes_top));
  cairo_rectangle (cr, g->chart_x0, round (rg->lanes_top), cols, rows);
  cairo_fill (cr);
  cairo_restore (cr);
  g_clear_pointer (&own.image, cairo_surface_destroy);

  if (!g->options.overview)
    _overlap_paint_lane_summary (p, rg);
}
