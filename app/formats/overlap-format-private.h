/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "overlap-recording.h"

G_BEGIN_DECLS

/* Helpers shared by the writers of app/formats: text is built in a GString
 * and handed to the stream in blocks, so that a recording of millions of
 * events is written in constant memory. */

#define _OVERLAP_WRITER_BLOCK (64 * 1024)

typedef struct
{
  GOutputStream *stream;
  GCancellable  *cancellable;
  GString       *buffer;
} OverlapWriter;

/* overlap_trace_export(), overlap_csv_export() and the like */
typedef gboolean (*OverlapWriteFunc) (OverlapRecording *recording,
                                      GOutputStream    *stream,
                                      GCancellable     *cancellable,
                                      GError          **error);

void      _overlap_writer_init          (OverlapWriter    *writer,
                                         GOutputStream    *stream,
                                         GCancellable     *cancellable);
void      _overlap_writer_clear         (OverlapWriter    *writer);
gboolean  _overlap_writer_flush         (OverlapWriter    *writer,
                                         GError          **error);

/* Flushes once the buffer holds a block. */
static inline gboolean
_overlap_writer_maybe_flush (OverlapWriter  *writer,
                             GError        **error)
{
  if (writer->buffer->len < _OVERLAP_WRITER_BLOCK)
    return TRUE;
  return _overlap_writer_flush (writer, error);
}

void      _overlap_json_append_string   (GString          *string,
                                         const char       *text);
void      _overlap_json_append_double   (GString          *string,
                                         double            value);
void      _overlap_append_int           (GString          *string,
                                         gint64            value);
void      _overlap_append_ms            (GString          *string,
                                         gint64            usec);

gboolean  _overlap_write_to_path        (OverlapRecording *recording,
                                         const char       *path,
                                         OverlapWriteFunc  func,
                                         GError          **error);
char     *_overlap_display_name         (const char       *path);

typedef enum
{
  OVERLAP_NUMBER_OK,
  OVERLAP_NUMBER_MISSING,
  OVERLAP_NUMBER_INVALID,
} OverlapNumberStatus;

/* Reading JSON members: NULL or a status when absent or of another type. */
gboolean             _overlap_json_node_to_double (JsonNode   *node,
                                                   double     *value);
OverlapNumberStatus  _overlap_json_get_int        (JsonObject *object,
                                                   const char *member,
                                                   gint64     *value);
gint64               _overlap_json_get_int_or     (JsonObject *object,
                                                   const char *member,
                                                   gint64      fallback);
const char          *_overlap_json_get_string     (JsonObject *object,
                                                   const char *member);
JsonObject          *_overlap_json_get_object     (JsonObject *object,
                                                   const char *member);

G_END_DECLS
