/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <math.h>

#include <pango/pango.h>

#include "overlap-chart-layout.h"
#include "overlap-painter.h"

G_BEGIN_DECLS

typedef struct
{
  double red;
  double green;
  double blue;
  double alpha;
} OverlapRgba;

typedef enum
{
  OVERLAP_FILL_SOLID,
  OVERLAP_FILL_HATCHED,   /* a light tint crossed by thin diagonal lines: not working */
  OVERLAP_FILL_ALARM,     /* solid, crossed by heavy stripes: the loop is blocked */
} OverlapFillStyle;

typedef struct
{
  OverlapRgba      fill;
  OverlapRgba      line;      /* hatching, stripes and outline */
  OverlapRgba      text;      /* text drawn on the fill */
  OverlapFillStyle style;
} OverlapPhaseStyle;

#define _OVERLAP_N_NAME_COLORS 16

typedef struct
{
  OverlapRgba       background;
  OverlapRgba       foreground;
  OverlapRgba       dim;
  OverlapRgba       grid;
  OverlapRgba       stripe;
  OverlapRgba       separator;
  OverlapRgba       accent;
  OverlapRgba       selection;
  OverlapRgba       pointed;         /* lanes the code view's cursor points at */
  OverlapRgba       ok;
  OverlapRgba       error;
  OverlapRgba       cancel;
  OverlapRgba       timeout;
  OverlapRgba       tick;
  OverlapRgba       in_flight;
  OverlapRgba       lag;
  OverlapRgba       badge_text;
  gboolean          outline;   /* outline every bar (high contrast) */
  OverlapPhaseStyle phases[OVERLAP_N_PHASES];
  /* imported slices, coloured by their name (none in high contrast: there a
   * slice keeps its phase's colour) */
  guint             n_names;
  OverlapPhaseStyle names[_OVERLAP_N_NAME_COLORS];
  /* ninja jobs by what they make, meson tests by their result */
  OverlapPhaseStyle kinds[OVERLAP_N_SPAN_KINDS];
} OverlapPalette;

guint _overlap_name_color_of (const char *name);

const OverlapPalette *_overlap_palette_get       (gboolean           dark,
                                                  gboolean           high_contrast);
const char           *_overlap_phase_get_name    (OverlapPhase       phase);

/* Spans and marks of a run grouped by lane, each lane's in time order: lists
 * of indexes into the run's arrays, appended to as the run grows. Cached on the
 * run. */
typedef struct
{
  guint32 *items;
  guint32  len;
  guint32  allocated;
  gboolean sorted;
} OverlapIndexList;

typedef struct
{
  guint             n_lanes;
  guint             n_spans;
  guint             n_marks;
  guint             lanes_allocated;
  OverlapIndexList *lane_spans;     /* n_lanes */
  OverlapIndexList *lane_marks;     /* n_lanes */
  guint32           phases_used;    /* 1 << OverlapPhase */
  guint32           marks_used;     /* 1 << OverlapMarkKind */
  guint32           kinds_used;     /* 1 << OverlapSpanKind */
  guint32           plain_phases;   /* 1 << OverlapPhase, of spans without a kind */
  gboolean          skipped;        /* something named a lane the run did not have yet */
  guint             n_rebuilds;     /* for tests: appends, not rebuilds, as a run grows */
} OverlapRunIndex;

const OverlapRunIndex *_overlap_run_index_get    (OverlapRun        *run);

/* Laid-out text kept across paints (overlap-text-cache.c) */
typedef struct _OverlapTextCache OverlapTextCache;

/* Small images drawn once and kept, by key (see _overlap_image_cache_get()).
 * Static storage, zeroed: { .limit = N } bounds how many (0: no bound). */
typedef struct
{
  GMutex      lock;
  GArray     *images;     /* of one key size per cache */
  guint       limit;
} OverlapImageCache;

typedef cairo_surface_t *(*OverlapImageDraw) (gconstpointer key);

PangoContext *_overlap_text_cache_begin  (OverlapTextCache          **cache,
                                          cairo_t                    *cr,
                                          double                      scale);
void          _overlap_text_cache_free   (OverlapTextCache           *cache);

/* What a chart layout keeps from one paint to the next (owned by its
 * OverlapChartLayout, so that two views of a recording keep theirs apart):
 * laid-out text, the gutter's measured width, each run's density band */
typedef struct
{
  OverlapTextCache *text;          /* NULL until the first paint */
  guint64           gutter_key;    /* 0: not measured */
  double            gutter_scale;
  double            gutter_width;
  GHashTable       *density;       /* OverlapRun (a reference) → its band's image */
  GHashTable       *name_colors;   /* OverlapRun (a reference) → GByteArray: a colour by string id */
} OverlapPaintCaches;

OverlapPaintCaches *_overlap_paint_caches_new         (void);
void                _overlap_paint_caches_free        (OverlapPaintCaches *caches);
void                _overlap_paint_caches_forget_runs (OverlapPaintCaches *caches);
PangoLayout  *_overlap_text_cache_lookup (OverlapTextCache           *cache,
                                          guint                       font,
                                          const PangoFontDescription *desc,
                                          const char                 *text,
                                          int                         width,
                                          PangoRectangle             *logical);

/* Geometry (overlap-painter-geometry.c): where everything goes, computed
 * from the recording and the options before painting or hit-testing. */
#define _OVERLAP_MAX_COUNTER_ROWS 4
#define _OVERLAP_MIN_LANE         2.0   /* px: thinner lanes become a density band */

typedef enum
{
  OVERLAP_COUNTER_ROW_IN_FLIGHT,
  OVERLAP_COUNTER_ROW_LAG,
  OVERLAP_COUNTER_ROW_OTHER,
} OverlapCounterKind;

typedef struct
{
  const OverlapCounter *counter;
  OverlapCounterKind    kind;
  double                top;
  double                height;
} OverlapCounterRow;

typedef struct
{
  OverlapRun            *run;
  const OverlapRunIndex *index;
  gint64                 start; /* µs: 0, or a trace's process's first event */
  gint64                 shift; /* µs: where its time 0 is on the axis (one clock) */
  gint64                 end; /* µs, up to now while live */
  double                 top; /* content y of the header */
  double                 lanes_top;
  double                 bottom;
  guint                  n_lanes;
  guint                  n_counters;

  /* The lanes' rows: all the same height in a run. Fitted to a small height
   * they shrink; below _OVERLAP_MIN_LANE a pixel row stands for several lanes,
   * drawn as a density band of lanes_height. Collapsed: no rows at all. */
  gboolean               collapsed;
  gboolean               density;
  double                 lane_height;
  double                 bar_height;
  double                 lanes_height;
  OverlapCounterRow      counters[_OVERLAP_MAX_COUNTER_ROWS];
} OverlapRunGeometry;

typedef struct
{
  gboolean    is_phase;
  gboolean    is_kind;
  guint       what; /* OverlapPhase, OverlapMarkKind or OverlapSpanKind (is_kind) */
  const char *text;
  double      x;
  double      y;
} OverlapLegendItem;

typedef struct
{
  OverlapRecording     *recording;
  OverlapPaintOptions   options;
  const OverlapPalette *palette;
  double                s;               /* text scale */
  gint64                now;

  /* Horizontal */
  double                pad;
  double                gutter_x;
  double                gutter_width;
  double                chart_x0;
  double                chart_x1;
  gint64                t0;
  gint64                t1;
  double                px_per_us;

  /* Vertical, device pixels; the runs scroll below runs_top */
  double                title_top;
  double                title_height;
  double                legend_top;
  double                legend_height;
  double                axis_top;
  double                axis_height;
  double                runs_top;

  /* Rows */
  double                lane_height;     /* at full size; a run's own may be smaller */
  double                bar_height;
  double                label_height;    /* lanes lower than this get no label each */
  double                header_height;
  double                bracket_height;
  double                run_gap;

  guint                 n_legend;
  OverlapLegendItem     legend[OVERLAP_N_PHASES + OVERLAP_N_MARKS + OVERLAP_N_SPAN_KINDS];

  guint                 n_runs;
  OverlapRunGeometry   *runs;
  double                content_height;
  gboolean              many_titles;
  double                in_flight_scale; /* shared by all runs, so they compare */
  double                lag_scale;

  PangoFontDescription *font_body;
  PangoFontDescription *font_small;
  PangoFontDescription *font_bold;
  PangoFontDescription *font_header;
  PangoFontDescription *font_title;
  PangoLayout          *layout;          /* for measuring, and for drawing while painting */
  OverlapPaintCaches   *caches;          /* the layout's, or NULL */
  OverlapTextCache     *text_cache;      /* while painting: the caches' */
  /* painting in bands (overlap-paint-bands.c): the flows' curves rasterized
   * once for the whole chart, at (flows_mask_x, flows_mask_y) in device space */
  cairo_surface_t      *flows_mask;
  int                   flows_mask_x;
  int                   flows_mask_y;
  GArray               *flows_curves;    /* the flows' curves, the same for every band */
  gboolean              flows_started;   /* see _overlap_flows_start() */
  GThread              *flows_thread;    /* making it */
  gint                  flows_done;      /* atomic: the thread has made it */
} OverlapGeometry;

OverlapGeometry *_overlap_geometry_new  (OverlapRecording           *recording,
                                         const OverlapPaintOptions  *options,
                                         PangoContext               *context,
                                         OverlapPaintCaches         *caches,
                                         OverlapTextCache           *text_cache);
void             _overlap_geometry_free (OverlapGeometry            *g);
double           _overlap_text_width    (OverlapGeometry            *g,
                                         const PangoFontDescription *font,
                                         const char                 *text);
double           _overlap_line_height   (OverlapGeometry            *g,
                                         const PangoFontDescription *font);
PangoLayout     *_overlap_text_layout   (OverlapGeometry            *g,
                                         const PangoFontDescription *font,
                                         const char                 *text,
                                         double                      max_width,
                                         PangoRectangle             *logical);
const char      *_overlap_lane_label    (OverlapRun                 *run,
                                         const OverlapLane          *lane,
                                         char                       *buffer,
                                         gsize                       size);
const char      *_overlap_counter_name  (const OverlapCounter       *counter);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OverlapGeometry, _overlap_geometry_free)

static inline double
_overlap_time_to_x (const OverlapGeometry *g,
                    gint64                 time)
{
  return g->chart_x0 + (double) (time - g->t0) * g->px_per_us;
}

static inline gint64
_overlap_x_to_time (const OverlapGeometry *g,
                    double                 x)
{
  return g->t0 + (gint64) floor ((x - g->chart_x0) / g->px_per_us + 0.5);
}

/* Painting (overlap-painter.c and the overlap-painter-*.c it calls) */
typedef enum
{
  OVERLAP_ALIGN_LEFT,
  OVERLAP_ALIGN_CENTER,
  OVERLAP_ALIGN_RIGHT,
} OverlapAlign;

/* How a text is drawn: its font and colour, where it stands against the x it
 * is drawn at (left, the zero value, when left out) and its Pango attributes
 * (NULL: none). */
typedef struct
{
  const PangoFontDescription *font;
  const OverlapRgba          *color;
  OverlapAlign                align;
  PangoAttrList              *attrs;
} OverlapTextStyle;

typedef struct _OverlapBatch OverlapBatch;

typedef struct
{
  cairo_t              *cr;
  OverlapGeometry      *g;
  const OverlapPalette *palette;
  double                visible_top; /* content y */
  double                visible_bottom;
  /* what of it this paint covers: all of it, or a band of a chart painted in
   * bands (overlap-paint-bands.c). Only to skip work: what is drawn, and where,
   * depends on the visible range alone, so that the bands add up to one paint. */
  double                cull_top;
  double                cull_bottom;
  OverlapBatch         *batch;       /* NULL: every shape drawn at once */
  gboolean              batching;    /* the bar part being drawn goes to batch */

  /* the run being painted: its lanes' sizes, and whether each has its label */
  double                lane_height;
  double                bar_height;
  gboolean              labels;

  /* small and dim: the legend, the axis' ticks, the gutter's names */
  OverlapTextStyle      caption;
} OverlapPainter;

double _overlap_draw_text     (OverlapPainter             *p,
                               const char                 *text,
                               const OverlapTextStyle     *style,
                               double                      x,
                               double                      cy,
                               double                      max_width);
void   _overlap_paint_lane    (OverlapPainter             *p,
                               OverlapRunGeometry         *rg,
                               guint                       run_index,
                               guint                       lane_index,
                               double                      y);
/* What a paint draws: all of it, or (a chart in bands) what is under the
 * flows and then the rest; START_FLOWS: the flows' mask begins on another
 * CPU (for the bands that follow) */
typedef enum
{
  OVERLAP_PAINT_UNDER       = 1 << 0,  /* the background, the grid, the runs */
  OVERLAP_PAINT_OVER        = 1 << 1,  /* the flows, the notes, the title, legend and axis */
  OVERLAP_PAINT_START_FLOWS = 1 << 2,
  OVERLAP_PAINT_ALL         = OVERLAP_PAINT_UNDER | OVERLAP_PAINT_OVER,
} OverlapPaintParts;

void   _overlap_paint_geometry (cairo_t                   *cr,
                                OverlapGeometry           *g,
                                const double              *rows,
                                OverlapPaintParts          parts);
typedef void (*OverlapBandPainted) (int      end_row,
                                    gpointer data);
void   _overlap_chart_layout_paint_bands (OverlapChartLayout *self,
                                          cairo_t            *cr,
                                          int                 band_rows,
                                          OverlapBandPainted  painted,
                                          gpointer            data);
double _overlap_lane_y        (const OverlapRunGeometry   *rg,
                               guint                       lane);
guint  _overlap_lane_at       (const OverlapRunGeometry   *rg,
                               double                      y);
/* The flows (overlap-painter-flows.c); the mask of a chart in bands is begun
 * once, in a thread, and waited for by the bands' flows */
void   _overlap_paint_flows   (OverlapPainter             *p);
void   _overlap_flows_start   (OverlapPainter             *p);
void   _overlap_flows_wait    (OverlapGeometry            *g);
gboolean _overlap_flows_ready (OverlapGeometry            *g);
/* The notes: their marks and ranges drawn, and the one at a point (overlap-painter-notes.c) */
void   _overlap_paint_notes   (OverlapPainter             *p,
                               double                      bottom);
guint  _overlap_geometry_note_at (OverlapGeometry         *g,
                                  double                   x,
                                  double                   y);

/* A slice's colour by its name (overlap-painter-lanes.c) */
const OverlapPhaseStyle *_overlap_name_style (OverlapPainter *p,
                                              OverlapRun     *run,
                                              guint32         label);

/* The words of the rows (overlap-painter-labels.c) */
const OverlapRgba *_overlap_result_color      (const OverlapPalette *pal,
                                               OverlapResult         result);
OverlapResult      _overlap_mark_result       (OverlapMarkKind       kind);
void               _overlap_paint_lane_label  (OverlapPainter       *p,
                                               OverlapRunGeometry   *rg,
                                               const OverlapLane    *lane,
                                               double                cy,
                                               gboolean              selected);
void               _overlap_paint_lane_end    (OverlapPainter       *p,
                                               OverlapRunGeometry   *rg,
                                               guint                 lane_index,
                                               gint64                lane_end,
                                               double                bar_x1,
                                               double                cy);
void               _overlap_paint_lane_summary (OverlapPainter      *p,
                                               OverlapRunGeometry   *rg);

/* Counter rows (overlap-painter-counters.c) and density bands
 * (overlap-painter-density.c) */
void   _overlap_paint_counter (OverlapPainter             *p,
                               OverlapRunGeometry         *rg,
                               OverlapCounterRow          *row);
void   _overlap_paint_density (OverlapPainter             *p,
                               OverlapRunGeometry         *rg);
/* Batched rectangles (overlap-painter-batch.c), in the order they are drawn */
typedef enum
{
  OVERLAP_BATCH_FILL,
  OVERLAP_BATCH_HATCH,
  OVERLAP_BATCH_OUTLINE,
  OVERLAP_BATCH_BAND,
  OVERLAP_BATCH_HAIRLINE,
  OVERLAP_BATCH_TICK,      /* after the labels */
  OVERLAP_BATCH_N_LAYERS,
} OverlapBatchLayer;

OverlapBatch *_overlap_batch_new        (void);
void          _overlap_batch_free       (OverlapBatch               *batch);
void          _overlap_batch_set_window (OverlapBatch               *batch,
                                         const OverlapPaintRect     *window);
void          _overlap_batch_rect       (OverlapBatch               *batch,
                                         OverlapBatchLayer           layer,
                                         const OverlapRgba          *color,
                                         cairo_pattern_t            *pattern,
                                         const OverlapPaintRect     *rect);
void          _overlap_batch_tile       (OverlapBatch               *batch,
                                         OverlapBatchLayer           layer,
                                         cairo_surface_t            *tile,
                                         const OverlapPaintRect     *rect);
void          _overlap_batch_tick       (OverlapBatch               *batch,
                                         double                      x,
                                         double                      width);
void          _overlap_batch_end_ticks  (OverlapBatch               *batch,
                                         const OverlapRgba          *color,
                                         double                      y,
                                         double                      height);
void          _overlap_batch_set_backdrop (OverlapBatch             *batch,
                                         const OverlapRgba          *background,
                                         const OverlapRgba          *grid,
                                         const int                  *columns,
                                         guint                       n_columns);
void          _overlap_batch_corners    (OverlapBatch               *batch,
                                         const OverlapPaintRect     *bar,
                                         double                      radius,
                                         gboolean                    left,
                                         gboolean                    right);
void          _overlap_batch_label      (OverlapBatch               *batch,
                                         const char                 *text,
                                         const OverlapRgba          *color,
                                         double                      x,
                                         double                      cy);
void          _overlap_batch_flush      (OverlapBatch               *batch,
                                         OverlapPainter             *p);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OverlapBatch, _overlap_batch_free)

/* Shapes, text and numbers (overlap-painter-shapes.c) */
#define _OVERLAP_FONT_FAMILY "Adwaita Sans, Cantarell, Inter, Noto Sans, DejaVu Sans, Sans"

PangoContext *_overlap_create_measure_context (void);
void          _overlap_setup_context          (PangoContext         *context);
void          _overlap_set_color              (cairo_t              *cr,
                                               const OverlapRgba    *color);
void          _overlap_rounded_rect           (cairo_t              *cr,
                                               double                x,
                                               double                y,
                                               double                width,
                                               double                height,
                                               double                radius);
void          _overlap_fill_phase             (OverlapPainter         *p,
                                               guint                   phase,
                                               const OverlapPaintRect *box);
gboolean      _overlap_is_vector_target       (cairo_t              *cr);
cairo_surface_t *_overlap_image_cache_get     (OverlapImageCache    *cache,
                                               gconstpointer         key,
                                               gsize                 key_size,
                                               OverlapImageDraw      draw);
gboolean         _overlap_fill_boxes          (cairo_t              *cr,
                                               const OverlapRgba    *color,
                                               const OverlapPaintRect *rects,
                                               guint                 n);
cairo_surface_t *_overlap_hatch_tile          (const OverlapRgba    *color,
                                               double                spacing,
                                               double                line_width);
cairo_pattern_t *_overlap_hatch_pattern       (cairo_surface_t      *tile,
                                               double                near_y);
void          _overlap_draw_symbol            (cairo_t              *cr,
                                               const OverlapPalette *palette,
                                               OverlapResult         result,
                                               double                cx,
                                               double                cy,
                                               double                radius,
                                               double                scale);
void          _overlap_draw_diamond           (cairo_t              *cr,
                                               const OverlapRgba    *color,
                                               double                cx,
                                               double                cy,
                                               double                radius);
double        _overlap_legend_swatch_width    (double                scale);
void          _overlap_draw_legend_swatch     (OverlapPainter       *p,
                                               gboolean              is_phase,
                                               guint                 what,
                                               double                x,
                                               double                cy);
void          _overlap_draw_style_swatch      (OverlapPainter          *p,
                                               const OverlapPhaseStyle *style,
                                               double                   x,
                                               double                   cy);
const char   *_overlap_mark_get_name          (OverlapMarkKind       kind);
void          _overlap_format_tick            (char                 *buffer,
                                               gsize                 size,
                                               gint64                time,
                                               gint64                step,
                                               gint64                range_end);
void          _overlap_format_duration        (char                 *buffer,
                                               gsize                 size,
                                               gint64                duration);

G_END_DECLS
