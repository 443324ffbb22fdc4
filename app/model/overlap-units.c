/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-units"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>

#include "overlap-units.h"

/* Numbers with units, read the same way wherever a person writes one (a scenario,
 * a demo-server query, a strategy's deadline):
 *
 * - the number: 3, 1.5, .5 or 2e3, white space allowed around it and before its
 *   unit; a whole number is read exactly, one with a fraction rounded to the
 *   nearest µs or byte;
 * - durations: µs (or us), ms, s (or sec), min; a number alone counts the caller's
 *   bare unit (seconds in a scenario, milliseconds in a demo-server query);
 * - sizes: B; kB, MB, GB, TB are powers of 1000 (10 MB = 10,000,000 bytes); KiB,
 *   MiB, GiB, TiB are powers of 1024, and so are the short k, M, G, T (10M = 10 MiB
 *   = 10,485,760 bytes, as in curl and dd); a number alone is bytes;
 * - a rate is a size a second, and may say so: "512 KiB/s";
 * - units in any case: "ms" or "MS", "KiB" or "kib".
 */

typedef struct
{
  const char *name;
  guint64     factor;     /* µs or bytes */
} Unit;

#define KIB G_GUINT64_CONSTANT (1024)

static const Unit time_units[] = {
  { "us", 1 }, { "µs", 1 }, { "μs", 1 },
  { "ms", 1000 },
  { "s", G_USEC_PER_SEC }, { "sec", G_USEC_PER_SEC },
  { "min", 60 * G_USEC_PER_SEC },
};

static const Unit size_units[] = {
  { "b", 1 },
  { "kb", 1000 },
  { "mb", 1000 * 1000 },
  { "gb", 1000 * 1000 * 1000 },
  { "tb", G_GUINT64_CONSTANT (1000) * 1000 * 1000 * 1000 },
  { "kib", KIB }, { "k", KIB },
  { "mib", KIB * KIB }, { "m", KIB * KIB },
  { "gib", KIB * KIB * KIB }, { "g", KIB * KIB * KIB },
  { "tib", KIB * KIB * KIB * KIB }, { "t", KIB * KIB * KIB * KIB },
};

/* A number as written: exact when whole, else as a double. */
typedef struct
{
  double   value;
  guint64  whole;
  gboolean is_whole;
} Number;

G_DEFINE_QUARK (overlap-units-error-quark, overlap_units_error)

/* Reads the number at the start of @text (white space first allowed) into @number;
 * returns where its unit starts, white space skipped, or NULL when there is no number. */
static const char *
scan_number (const char *text,
             Number     *number)
{
  const char *p = text;
  const char *start;
  gboolean digits = FALSE;
  gboolean fraction = FALSE;
  g_autofree char *copy = NULL;

  while (g_ascii_isspace (*p))
    p++;
  start = p;
  if (*p == '+' || *p == '-')
    p++;
  for (; g_ascii_isdigit (*p); p++)
    digits = TRUE;
  if (*p == '.')
    for (p++, fraction = TRUE; g_ascii_isdigit (*p); p++)
      digits = TRUE;
  if (!digits)
    return NULL;
  if ((p[0] == 'e' || p[0] == 'E') &&
      (g_ascii_isdigit (p[1]) || ((p[1] == '+' || p[1] == '-') && g_ascii_isdigit (p[2]))))
    for (p += 2, fraction = TRUE; g_ascii_isdigit (*p); p++)
      ;

  copy = g_strndup (start, p - start);
  number->value = g_ascii_strtod (copy, NULL);
  number->is_whole = !fraction && *start != '-';
  if (number->is_whole)
    {
      errno = 0;
      number->whole = g_ascii_strtoull (copy, NULL, 10);
      if (errno == ERANGE)
        number->is_whole = FALSE;   /* past 64 bits: the double says how far */
    }

  while (g_ascii_isspace (*p))
    p++;
  return p;
}

/* @number × @factor, rounded, if it is at most @max (G_MAXINT64 or G_MAXUINT64). */
static gboolean
scale (const Number *number,
       guint64       factor,
       guint64       max,
       guint64      *out)
{
  double scaled;

  if (number->is_whole)
    {
      if (number->whole > max / factor)
        return FALSE;
      *out = number->whole * factor;
      return TRUE;
    }

  scaled = number->value * (double) factor + 0.5;
  /* (double) max rounds up to 2⁶³ or 2⁶⁴: below it, the cast is defined and at most max */
  if (!(scaled < (double) max))
    return FALSE;
  *out = (guint64) scaled;
  return TRUE;
}

static const Unit *
find_unit (const Unit *units,
           guint       n_units,
           const char *name)
{
  for (guint i = 0; i < n_units; i++)
    if (g_ascii_strcasecmp (units[i].name, name) == 0)
      return &units[i];
  return NULL;
}

typedef enum
{
  READ_DURATION,
  READ_SIZE,
  READ_RATE,
} ReadKind;

static gboolean
read_amount (ReadKind     kind,
             const char  *name,
             const char  *text,
             guint64      bare_unit,
             guint64      max,
             guint64     *out,
             GError     **error)
{
  g_autofree char *unit_name = NULL;
  const char *rest;
  guint64 factor = bare_unit;
  Number number = { 0, 0, FALSE };
  gsize len;

  rest = scan_number (text, &number);
  if (rest == NULL)
    {
      if (kind == READ_DURATION)
        g_set_error (error, OVERLAP_UNITS_ERROR, OVERLAP_UNITS_ERROR_INVALID,
                     _("“%s” must be a duration such as \"200 ms\", \"1.5 s\" or \"2 min\", not “%s”"),
                     name, text);
      else
        g_set_error (error, OVERLAP_UNITS_ERROR, OVERLAP_UNITS_ERROR_INVALID,
                     _("“%s” must be a size such as 65536 or \"64 KiB\", not “%s”"), name, text);
      return FALSE;
    }

  unit_name = g_strchomp (g_strdup (rest));
  len = strlen (unit_name);
  if (kind == READ_RATE && len >= 2 && unit_name[len - 2] == '/' &&
      g_ascii_tolower (unit_name[len - 1]) == 's')
    {
      unit_name[len - 2] = '\0';
      g_strchomp (unit_name);
    }
  if (*unit_name != '\0')
    {
      const Unit *unit = kind == READ_DURATION
                         ? find_unit (time_units, G_N_ELEMENTS (time_units), unit_name)
                         : find_unit (size_units, G_N_ELEMENTS (size_units), unit_name);

      if (unit == NULL && kind == READ_DURATION)
        g_set_error (error, OVERLAP_UNITS_ERROR, OVERLAP_UNITS_ERROR_INVALID,
                     _("“%s”: unknown time unit “%s” (use s, ms, µs or min)"), name, unit_name);
      else if (unit == NULL)
        g_set_error (error, OVERLAP_UNITS_ERROR, OVERLAP_UNITS_ERROR_INVALID,
                     _("“%s”: unknown size unit “%s” (use B; kB, MB, GB, TB for powers of 1000; "
                       "KiB, MiB, GiB, TiB or k, M, G, T for powers of 1024)"), name, unit_name);
      if (unit == NULL)
        return FALSE;
      factor = unit->factor;
    }

  if (number.value < 0)
    {
      g_set_error (error, OVERLAP_UNITS_ERROR, OVERLAP_UNITS_ERROR_NEGATIVE,
                   _("“%s” must not be negative"), name);
      return FALSE;
    }
  if (!scale (&number, factor, max, out))
    {
      g_set_error (error, OVERLAP_UNITS_ERROR, OVERLAP_UNITS_ERROR_TOO_LARGE,
                   _("“%s” is too large: “%s”"), name, text);
      return FALSE;
    }
  return TRUE;
}

/**
 * overlap_parse_duration:
 * @name: what the duration is, for the error message ("duration", "delay")
 * @text: "200 ms", "1.5 s", "2min", "1500us", or a number alone
 * @bare_unit: what a number alone counts, in µs: %OVERLAP_UNITS_SECONDS or
 *   %OVERLAP_UNITS_MILLISECONDS
 * @usec: (out): the duration in µs
 *
 * Returns: %TRUE, or %FALSE with @error set in %OVERLAP_UNITS_ERROR, its message
 * naming @name and what is wrong. The caller checks the range it allows.
 */
gboolean
overlap_parse_duration (const char  *name,
                        const char  *text,
                        gint64       bare_unit,
                        gint64      *usec,
                        GError     **error)
{
  guint64 value;

  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (bare_unit > 0, FALSE);
  g_return_val_if_fail (usec != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!read_amount (READ_DURATION, name, text, (guint64) bare_unit, G_MAXINT64, &value, error))
    return FALSE;
  *usec = (gint64) value;
  return TRUE;
}

/**
 * overlap_parse_size:
 * @name: what the size is, for the error message
 * @text: "65536", "64 KiB", "1.5 MB", "10M"
 * @bytes: (out): the size in bytes
 *
 * Returns: %TRUE, or %FALSE with @error set in %OVERLAP_UNITS_ERROR.
 */
gboolean
overlap_parse_size (const char  *name,
                    const char  *text,
                    guint64     *bytes,
                    GError     **error)
{
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return read_amount (READ_SIZE, name, text, 1, G_MAXUINT64, bytes, error);
}

/**
 * overlap_parse_rate:
 * @name: what the rate is, for the error message
 * @text: a size, "512 KiB", or the same a second, "512 KiB/s"
 * @bytes_per_second: (out): the rate
 *
 * Returns: %TRUE, or %FALSE with @error set in %OVERLAP_UNITS_ERROR.
 */
gboolean
overlap_parse_rate (const char  *name,
                    const char  *text,
                    guint64     *bytes_per_second,
                    GError     **error)
{
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (bytes_per_second != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return read_amount (READ_RATE, name, text, 1, G_MAXUINT64, bytes_per_second, error);
}
