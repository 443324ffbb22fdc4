/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-trace"

#include "config.h"

#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "overlap-trace-events-private.h"

/* What the Chrome trace reader keeps between its two passes, so that pass 2
 * need not read the file again: a record per event to replay, in file
 * order. A thread's slice or instant (most of a trace) is replayed from its
 * record alone: phase, times, thread and name, the name as an id among the
 * trace's distinct names, told by a hash of its bytes (no string decoded nor
 * allocated per event). Any other event (counters, async events, Overlap's
 * own processes) is read again at its offset.
 *
 * The records are kept in blocks, freed as pass 2 goes, so that they cost
 * about 40 bytes an event at most, never a copy of a growing array. */

#define BLOCK_RECORDS 8192

static guint
name_hash (gconstpointer key)
{
  return ((const TraceName *) key)->hash;
}

static gboolean
name_equal (gconstpointer a,
            gconstpointer b)
{
  const TraceName *na = a, *nb = b;

  return na->hash == nb->hash && na->value.len == nb->value.len &&
         na->value.escaped == nb->value.escaped &&
         memcmp (na->value.start, nb->value.start, na->value.len) == 0;
}

void
_overlap_trace_records_init (TraceReader *reader)
{
  reader->records = g_ptr_array_new_with_free_func (g_free);
  reader->name_ids = g_hash_table_new (name_hash, name_equal);
  reader->names = g_ptr_array_new_with_free_func (g_free);
}

void
_overlap_trace_records_clear (TraceReader *reader)
{
  g_clear_pointer (&reader->records, g_ptr_array_unref);
  g_clear_pointer (&reader->name_ids, g_hash_table_unref);
  g_clear_pointer (&reader->names, g_ptr_array_unref);
}

/* The id of a string @name among the names seen (1, 2, …), 0 when it is none */
guint32
_overlap_trace_name_id (TraceReader            *reader,
                        const OverlapJsonValue *name)
{
  TraceName key = { *name, 5381 };
  TraceName *copy;
  gpointer id;

  if (name->type != OVERLAP_JSON_STRING || name->start == NULL)
    return 0;
  for (gsize i = 0; i < name->len; i++)
    key.hash = key.hash * 33 + (guchar) name->start[i];
  if (g_hash_table_lookup_extended (reader->name_ids, &key, NULL, &id))
    return GPOINTER_TO_UINT (id);

  /* the bytes are copied: the file's pages are given back as it is read */
  copy = g_new (TraceName, 1);
  *copy = key;
  copy->value.start = g_string_chunk_insert_len (reader->chunk, name->start, name->len);
  g_ptr_array_add (reader->names, copy);
  g_hash_table_insert (reader->name_ids, copy, GUINT_TO_POINTER (reader->names->len));
  return reader->names->len;
}

/* Pass 1: @event (its phase aliased) is to be replayed; @thread is its
 * thread when it is a slice or an instant on one, else NULL. */
void
_overlap_trace_record (TraceReader      *reader,
                       const TraceEvent *event,
                       ThreadInfo       *thread,
                       guint             index)
{
  TraceRecord *block;
  TraceRecord *record;

  if (reader->n_records % BLOCK_RECORDS == 0)
    g_ptr_array_add (reader->records, g_new (TraceRecord, BLOCK_RECORDS));
  block = g_ptr_array_index (reader->records, reader->records->len - 1);
  record = &block[reader->n_records++ % BLOCK_RECORDS];

  record->ts = event->ts;
  record->dur = event->dur;
  record->thread = thread;
  record->offset = event->offset;
  record->ph = (guchar) event->ph;
  record->index = index;
  record->name_id = thread != NULL ? _overlap_trace_name_id (reader, &event->members.name) : 0;
}

/* Pass 2, from the records, in file order */
gboolean
_overlap_trace_replay (TraceReader  *reader,
                       GError      **error)
{
  static const OverlapJsonValue no_name = { 0 };
  TraceEvent event = { 0 };

  reader->dropped = 0;
  for (guint i = 0; i < reader->n_records; i++)
    {
      TraceRecord *block = g_ptr_array_index (reader->records, i / BLOCK_RECORDS);
      const TraceRecord *record = &block[i % BLOCK_RECORDS];
      ThreadInfo *thread = record->thread;

      if ((i & 0xFFFF) == 0 && g_cancellable_set_error_if_cancelled (reader->cancellable, error))
        return FALSE;

      if (thread != NULL && !IS_OVERLAP_PROCESS (thread->process))
        {
          /* the fields a record has; the others stay as none */
          event.ph = record->ph;
          event.ts = record->ts;
          event.dur = record->dur;
          event.offset = record->offset;
          event.name_id = record->name_id;
          event.members.name = record->name_id != 0 ?
                       ((TraceName *) g_ptr_array_index (reader->names, record->name_id - 1))->value :
                       no_name;
          _overlap_trace_layout_event (reader, thread->process, thread, &event, record->index);
        }
      else
        {
          _overlap_trace_drop_pages (reader, record->offset);
          _overlap_trace_replay_at (reader, record->offset, record->index);
        }

      /* a block replayed is given back */
      if (i % BLOCK_RECORDS == BLOCK_RECORDS - 1)
        g_clear_pointer (&g_ptr_array_index (reader->records, i / BLOCK_RECORDS), g_free);
    }
  _overlap_trace_drop_pages (reader, reader->size);
  return TRUE;
}

/* Gives back the mapped file's pages before @pos, read already: they are
 * the page cache's, and would stay in the process's RSS until the end (a
 * 100 MB trace would cost 100 MB more than its spans). A read-only mapping
 * reads the same bytes again if they are needed (flows, a tooltip). Only
 * for a mapping: dropping a heap buffer's pages would lose them. */
void
_overlap_trace_drop_pages (TraceReader *reader,
                           gsize        pos)
{
#if defined(MADV_DONTNEED)
  static gsize page;
  guintptr base = (guintptr) reader->data;
  guintptr from, to;

  if (!reader->mapped)
    return;
  if (page == 0)
    page = (gsize) sysconf (_SC_PAGESIZE);
  from = (base + reader->dropped + page - 1) & ~(guintptr) (page - 1);
  to = (base + pos) & ~(guintptr) (page - 1);
  if (to >= from + 4 * 1024 * 1024)
    {
      madvise ((void *) from, to - from, MADV_DONTNEED);
      reader->dropped = to - base;
    }
#else
  (void) reader;
  (void) pos;
#endif
}
