/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "overlap-painter-private.h"

/* Rectangles of one colour written straight into an image surface's pixels:
 * the batch's fills (overlap-painter-batch.c) on a tall PNG. cairo fills
 * many rectangles as one path by first working out where they overlap (a
 * sweep over all their edges), about half of such a paint; here each pixel
 * gets the area of it that the rectangles cover, added up (rectangles of a
 * batch's source do not overlap: they are its spans merged by pixel), and
 * the colour over it in that measure, as cairo's OVER does. Anything else
 * (a transformed or scaled target, a clip that is not one box of whole
 * pixels, another operator) is left to cairo. */

#define ONE 256   /* a pixel's width or height, in the coverage's units */

typedef struct
{
  guint8  *data;
  int      stride;
  guint32  solid;    /* the colour as a pixel (premultiplied) */
} Target;

/* x × a / 255 for the four channels of x, rounded (as pixman does it) */
static inline guint32
mul_un8x4 (guint32 x,
           guint32 a)
{
  guint32 lo = (x & 0xff00ff) * a + 0x800080;
  guint32 hi = ((x >> 8) & 0xff00ff) * a + 0x800080;

  lo = ((lo + ((lo >> 8) & 0xff00ff)) >> 8) & 0xff00ff;
  hi = ((hi + ((hi >> 8) & 0xff00ff)) >> 8) & 0xff00ff;
  return lo | hi << 8;
}

/* The colour in @coverage (0..ONE²) of the pixel, over @dst */
static inline guint32
blend (const Target *t,
       guint32       dst,
       guint         coverage)
{
  guint32 src = mul_un8x4 (t->solid, (coverage * 255 + ONE * ONE / 2) / (ONE * ONE));

  return src + mul_un8x4 (dst, 255 - (src >> 24));
}

/* The part of @row from @x0 to @x1 (device space, within the clip) covered
 * @ycov (0..ONE) high; a pixel that an earlier part ended in (*@pending_x,
 * *@pending_cov) gets this part's share of it too. */
static void
fill_row (const Target *t,
          guint32      *row,
          double        x0,
          double        x1,
          guint         ycov,
          int          *pending_x,
          guint        *pending_cov)
{
  int fa = (int) (x0 * ONE + 0.5), fb = (int) (x1 * ONE + 0.5);
  int first = fa / ONE, last = (fb - 1) / ONE;

  if (fb <= fa)
    return;
  if (*pending_x >= 0 && *pending_x != first)
    {
      row[*pending_x] = blend (t, row[*pending_x], MIN (*pending_cov, ONE * ONE));
      *pending_x = -1;
    }
  if (first == last)
    {
      guint cov = (guint) (fb - fa) * ycov;

      if (*pending_x == first)
        *pending_cov += cov;
      else
        *pending_x = first, *pending_cov = cov;
      return;
    }

  /* the first pixel, with what ended in it before */
  {
    guint cov = (guint) ((first + 1) * ONE - fa) * ycov;

    if (*pending_x == first)
      cov += *pending_cov;
    row[first] = blend (t, row[first], MIN (cov, ONE * ONE));
  }
  /* whole pixels */
  if (ycov == ONE && t->solid >> 24 == 255)
    for (int x = first + 1; x < last; x++)
      row[x] = t->solid;
  else
    for (int x = first + 1; x < last; x++)
      row[x] = blend (t, row[x], ycov * ONE);
  /* the last pixel may be shared with the next part */
  *pending_x = last;
  *pending_cov = (guint) (fb - last * ONE) * ycov;
}

/* Fills @n rectangles (user space) with @color into @cr's target as one cairo_fill() of them would, if @cr
 * is of the kind described above; FALSE, nothing drawn, if not. */
gboolean
_overlap_fill_boxes (cairo_t                *cr,
                     const OverlapRgba      *color,
                     const OverlapPaintRect *rects,
                     guint                   n)
{
  cairo_surface_t *target = cairo_get_group_target (cr);
  cairo_rectangle_list_t *clips;
  cairo_matrix_t m;
  double dx, dy, sx, sy, cx0, cy0, cx1, cy1;
  double a = CLAMP (color->alpha, 0, 1);
  const double channel[4] = { 1, color->red, color->green, color->blue };
  Target t = { 0 };
  gboolean ok;

  if (cairo_surface_get_type (target) != CAIRO_SURFACE_TYPE_IMAGE ||
      cairo_image_surface_get_format (target) != CAIRO_FORMAT_ARGB32 ||
      cairo_get_operator (cr) != CAIRO_OPERATOR_OVER)
    return FALSE;
  cairo_surface_get_device_offset (target, &dx, &dy);
  cairo_surface_get_device_scale (target, &sx, &sy);
  cairo_get_matrix (cr, &m);
  if (dx != 0 || dy != 0 || sx != 1 || sy != 1 || m.xx != 1 || m.yy != 1 || m.xy != 0 || m.yx != 0)
    return FALSE;

  /* one box of whole pixels */
  clips = cairo_copy_clip_rectangle_list (cr);
  ok = clips->status == CAIRO_STATUS_SUCCESS && clips->num_rectangles == 1;
  if (ok)
    {
      cx0 = clips->rectangles[0].x + m.x0;
      cy0 = clips->rectangles[0].y + m.y0;
      cx1 = cx0 + clips->rectangles[0].width;
      cy1 = cy0 + clips->rectangles[0].height;
      ok = cx0 == floor (cx0) && cy0 == floor (cy0) && cx1 == floor (cx1) && cy1 == floor (cy1);
    }
  cairo_rectangle_list_destroy (clips);
  if (!ok)
    return FALSE;
  cx0 = MAX (cx0, 0);
  cy0 = MAX (cy0, 0);
  cx1 = MIN (cx1, cairo_image_surface_get_width (target));
  cy1 = MIN (cy1, cairo_image_surface_get_height (target));

  /* the colour as cairo makes it: 16 bits premultiplied, then 8 */
  for (int i = 0; i < 4; i++)
    t.solid |= (((guint32) (CLAMP (channel[i], 0, 1) * a * 65535.0 + 0.5)) >> 8) << (24 - 8 * i);
  cairo_surface_flush (target);
  t.data = cairo_image_surface_get_data (target);
  t.stride = cairo_image_surface_get_stride (target);

  /* rectangles side by side on the same rows (a lane's spans) in turn, row
   * by row, so that a pixel two of them share gets both shares */
  for (guint i = 0, end; i < n; i = end)
    {
      const OverlapPaintRect *r = &rects[i];
      double y0 = MAX (r->y + m.y0, cy0), y1 = MIN (r->y + r->height + m.y0, cy1);
      int ya = (int) (y0 * ONE + 0.5), yb = (int) (y1 * ONE + 0.5);

      for (end = i + 1; end < n && rects[end].y == r->y && rects[end].height == r->height; end++)
        ;
      if (yb <= ya)
        continue;
      for (int y = ya / ONE; y <= (yb - 1) / ONE; y++)
        {
          guint ycov = (guint) (MIN (yb, (y + 1) * ONE) - MAX (ya, y * ONE));
          guint32 *row = (guint32 *) (gpointer) (t.data + (gsize) y * t.stride);
          int pending_x = -1;
          guint pending_cov = 0;

          for (guint k = i; k < end; k++)
            {
              const OverlapPaintRect *s = &rects[k];
              double x0 = MAX (s->x + m.x0, cx0), x1 = MIN (s->x + s->width + m.x0, cx1);

              if (x1 > x0)
                fill_row (&t, row, x0, x1, ycov, &pending_x, &pending_cov);
            }
          if (pending_x >= 0)
            row[pending_x] = blend (&t, row[pending_x], MIN (pending_cov, ONE * ONE));
        }
    }
  cairo_surface_mark_dirty_rectangle (target, (int) cx0, (int) cy0, (int) (cx1 - cx0), (int) (cy1 - cy0));
  return TRUE;
}
