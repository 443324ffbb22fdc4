/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-painter"

#include "config.h"

#include <string.h>

#include <pango/pangocairo.h>

#include "overlap-painter-private.h"

/* Laid-out text kept from one paint to the next. A paint draws the same
 * hundred strings as the one before (lane labels, durations, the header, the
 * legend, the axis) and shaping them again was an eighth of a fitted paint
 * (BENCHMARKS.md, figure 3). The layouts live in the chart layout's caches
 * with the Pango context they were made in; the context is brought up to date with
 * each paint's target and everything is dropped when that changes it, or
 * the text scale changes. Two generations bound the memory: a layout not
 * used while the newer one fills up goes. */

#define GENERATION_SIZE 256

typedef struct
{
  char  *text;
  int    width;  /* Pango units, -1 for none */
  guint  font;
} Key;

typedef struct
{
  Key             key;   /* first: the entry is its own key */
  PangoLayout    *layout;
  PangoRectangle  logical;
} Entry;

struct _OverlapTextCache
{
  PangoContext         *context;
  guint                 serial;
  double                scale;
  cairo_matrix_t        matrix;        /* of the last target, without translation */
  cairo_font_options_t *font_options;  /* of the last target */
  GHashTable           *current;
  GHashTable           *previous;
};

static guint
key_hash (gconstpointer data)
{
  const Key *key = data;

  return g_str_hash (key->text) ^ ((guint) key->width * 31u) ^ (key->font * 7919u);
}

static gboolean
key_equal (gconstpointer a,
           gconstpointer b)
{
  const Key *ka = a, *kb = b;

  return ka->width == kb->width && ka->font == kb->font && strcmp (ka->text, kb->text) == 0;
}

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_free (entry->key.text);
  g_clear_object (&entry->layout);
  g_free (entry);
}

static GHashTable *
entries_new (void)
{
  return g_hash_table_new_full (key_hash, key_equal, NULL, entry_free);
}

void
_overlap_text_cache_free (OverlapTextCache *cache)
{
  if (cache == NULL)
    return;
  g_clear_pointer (&cache->current, g_hash_table_unref);
  g_clear_pointer (&cache->previous, g_hash_table_unref);
  g_clear_pointer (&cache->font_options, cairo_font_options_destroy);
  g_clear_object (&cache->context);
  g_free (cache);
}

static void
clear (OverlapTextCache *cache)
{
  g_hash_table_remove_all (cache->current);
  g_hash_table_remove_all (cache->previous);
}

/* The cache in *@slot (made there if NULL), its context set up for painting
 * on @cr at @scale; returns the context to lay text out in. */
PangoContext *
_overlap_text_cache_begin (OverlapTextCache **slot,
                           cairo_t           *cr,
                           double             scale)
{
  OverlapTextCache *cache = *slot;
  cairo_font_options_t *font_options = cairo_font_options_create ();
  cairo_matrix_t matrix;

  /* What of the target the layouts depend on */
  cairo_get_matrix (cr, &matrix);
  matrix.x0 = matrix.y0 = 0;
  cairo_surface_get_font_options (cairo_get_target (cr), font_options);

  if (cache == NULL)
    {
      cache = g_new0 (OverlapTextCache, 1);
      cache->context = pango_cairo_create_context (cr);
      _overlap_setup_context (cache->context);
      cache->serial = pango_context_get_serial (cache->context);
      cache->scale = scale;
      cache->matrix = matrix;
      cache->font_options = g_steal_pointer (&font_options);
      cache->current = entries_new ();
      cache->previous = entries_new ();
      *slot = cache;
    }
  else if (memcmp (&matrix, &cache->matrix, sizeof matrix) != 0 ||
           !cairo_font_options_equal (font_options, cache->font_options))
    {
      /* A new target: the context follows it, and when that changes its
       * serial, every layout would be laid out again */
      pango_cairo_update_context (cr, cache->context);
      cache->matrix = matrix;
      cairo_font_options_destroy (cache->font_options);
      cache->font_options = g_steal_pointer (&font_options);
    }

  if (cache->serial != pango_context_get_serial (cache->context) || cache->scale != scale)
    {
      clear (cache);
      cache->serial = pango_context_get_serial (cache->context);
      cache->scale = scale;
    }

  g_clear_pointer (&font_options, cairo_font_options_destroy);

  return cache->context;
}

/* @text in font number @font (@desc), ellipsized to @width Pango units
 * unless it is -1; sets @logical to its logical extents in pixels. */
PangoLayout *
_overlap_text_cache_lookup (OverlapTextCache           *cache,
                            guint                       font,
                            const PangoFontDescription *desc,
                            const char                 *text,
                            int                         width,
                            PangoRectangle             *logical)
{
  Key key = { (char *) text, width, font };
  Entry *entry;

  entry = g_hash_table_lookup (cache->current, &key);
  if (entry == NULL)
    {
      gpointer stolen = NULL;

      if (g_hash_table_steal_extended (cache->previous, &key, &stolen, NULL))
        entry = stolen;
      else
        {
          entry = g_new0 (Entry, 1);
          entry->key.text = g_strdup (text);
          entry->key.width = width;
          entry->key.font = font;
          entry->layout = pango_layout_new (cache->context);
          pango_layout_set_font_description (entry->layout, desc);
          pango_layout_set_width (entry->layout, width);
          pango_layout_set_ellipsize (entry->layout, width >= 0 ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
          pango_layout_set_text (entry->layout, text, -1);
          pango_layout_get_pixel_extents (entry->layout, NULL, &entry->logical);
        }

      if (g_hash_table_size (cache->current) >= GENERATION_SIZE)
        {
          GHashTable *old = cache->previous;

          cache->previous = cache->current;
          cache->current = old;
          g_hash_table_remove_all (cache->current);
        }
      g_hash_table_add (cache->current, entry);
    }

  *logical = entry->logical;
  return entry->layout;
}
