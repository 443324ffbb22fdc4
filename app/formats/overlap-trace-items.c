/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-trace"

#include "config.h"

#include <string.h>

#include "overlap-trace-events-private.h"
#include "overlap-trace-members-private.h"

/* The elements of a Chrome trace's events array, parsed: what pass 1 of the
 * reader (overlap-trace-reader.c) gets before it settles each event with its
 * state. Parsing touches nothing but the text, so a large trace is parsed in
 * a thread of its own (the pipe) while the reader's thread settles and
 * collects the events before: the two CPUs of a laptop share the work, and
 * the events still arrive one by one in file order, so the result is the
 * one a single thread gives. Batches of parsed events go round between the
 * two threads, a few at a time: the pipe costs a megabyte or two, whatever
 * the trace's size.
 *
 * OVERLAP_IMPORT_THREADS=1 reads with one thread, =2 with the pipe even for
 * a small trace (the tests compare both). */

#define BATCH_ITEMS 512
#define N_BATCHES 8
/* smaller traces are read at once anyway */
#define PIPE_MIN_SIZE (8 * 1024 * 1024)

/* Parses the event object at @scanner (after its '{'): its members and its
 * phase (its numbers are read by the reader's thread, which has less to do).
 * Returns FALSE on a JSON error (the scanner says which). */
gboolean
_overlap_trace_parse_event (OverlapJsonScanner *scanner,
                            TraceEvent         *event)
{
  OverlapTraceMembers *m = &event->members;

  memset (event, 0, sizeof *event);
  if (!_overlap_trace_members_read (scanner, m))
    return FALSE;

  event->ph = _overlap_trace_members_ph (m);
  if (m->name.type != OVERLAP_JSON_STRING)
    m->name.type = OVERLAP_JSON_NONE;
  if (m->cat.type != OVERLAP_JSON_STRING)
    m->cat.type = OVERLAP_JSON_NONE;
  if (m->args.type != OVERLAP_JSON_OBJECT)
    m->args.type = OVERLAP_JSON_NONE;
  return TRUE;
}

/* The next element of the events array at @scanner. FALSE at the array's
 * end or on a JSON error (the scanner's status tells which); *cut when the
 * error is inside an element. */
gboolean
_overlap_trace_next_item (OverlapJsonScanner *scanner,
                          gboolean           *first,
                          TraceItem          *item,
                          gboolean           *cut)
{
  char c;

  if (!_overlap_json_next_element (scanner, first))
    return FALSE;

  c = _overlap_json_peek (scanner);
  item->offset = scanner->pos;
  if (c == '{')
    {
      item->object = TRUE;
      scanner->pos++;
      if (!_overlap_trace_parse_event (scanner, &item->event))
        {
          *cut = TRUE;
          return FALSE;
        }
      item->event.offset = item->offset;
      return TRUE;
    }
  else
    {
      OverlapJsonValue value;

      item->object = FALSE;
      if (!_overlap_json_read_value (scanner, &value))
        {
          *cut = TRUE;
          return FALSE;
        }
      return TRUE;
    }
}

typedef struct
{
  guint     n;
  gboolean  last;       /* the parser's last batch */
  TraceItem items[BATCH_ITEMS];
} Batch;

struct _TracePipe
{
  GThread            *thread;
  GAsyncQueue        *full;      /* Batch: parsed, for the reader */
  GAsyncQueue        *empty;     /* Batch: read, for the parser */
  Batch              *batches[N_BATCHES];
  gint                stop;      /* atomic: the reader stops early */

  /* the parser's */
  OverlapJsonScanner  scanner;
  gboolean            first;
  gboolean            cut;

  /* the reader's */
  Batch              *current;
  guint               next;
  gboolean            done;      /* it has had the last batch */
  gboolean            joined;
};

gboolean
_overlap_trace_pipe_wanted (gsize size)
{
  const char *threads = g_getenv ("OVERLAP_IMPORT_THREADS");

  if (threads != NULL && g_str_equal (threads, "1"))
    return FALSE;
  if (threads != NULL && g_str_equal (threads, "2"))
    return TRUE;
  return size >= PIPE_MIN_SIZE && g_get_num_processors () > 1;
}

static gpointer
parse_all (gpointer data)
{
  TracePipe *pipe = data;
  gboolean ended = FALSE;

  while (!ended)
    {
      Batch *batch = g_async_queue_pop (pipe->empty);

      batch->n = 0;
      while (batch->n < BATCH_ITEMS &&
             _overlap_trace_next_item (&pipe->scanner, &pipe->first, &batch->items[batch->n], &pipe->cut))
        batch->n++;
      ended = batch->n < BATCH_ITEMS || g_atomic_int_get (&pipe->stop);
      batch->last = ended;
      g_async_queue_push (pipe->full, batch);
    }
  return NULL;
}

/* Starts parsing the events array of @data from @pos (after its '[') */
TracePipe *
_overlap_trace_pipe_new (const char *data,
                         gsize       size,
                         gsize       pos)
{
  TracePipe *pipe = g_new0 (TracePipe, 1);

  _overlap_json_scanner_init (&pipe->scanner, data, size);
  pipe->scanner.pos = pos;
  pipe->first = TRUE;
  pipe->full = g_async_queue_new ();
  pipe->empty = g_async_queue_new ();
  for (guint i = 0; i < N_BATCHES; i++)
    {
      pipe->batches[i] = g_new (Batch, 1);
      g_async_queue_push (pipe->empty, pipe->batches[i]);
    }
  pipe->thread = g_thread_new ("overlap-trace-parse", parse_all, pipe);
  return pipe;
}

/* The next element parsed, in file order; NULL at the end */
TraceItem *
_overlap_trace_pipe_next (TracePipe *pipe)
{
  for (;;)
    {
      if (pipe->current != NULL && pipe->next < pipe->current->n)
        return &pipe->current->items[pipe->next++];
      if (pipe->current != NULL)
        {
          pipe->done = pipe->current->last;
          g_async_queue_push (pipe->empty, pipe->current);
          pipe->current = NULL;
        }
      if (pipe->done)
        return NULL;
      pipe->current = g_async_queue_pop (pipe->full);
      pipe->next = 0;
    }
}

static void
join (TracePipe *pipe)
{
  if (pipe->joined)
    return;
  g_atomic_int_set (&pipe->stop, TRUE);
  while (!pipe->done)
    {
      Batch *batch = pipe->current != NULL ? pipe->current : g_async_queue_pop (pipe->full);

      pipe->current = NULL;
      pipe->done = batch->last;
      g_async_queue_push (pipe->empty, batch);
    }
  g_thread_join (pipe->thread);
  pipe->joined = TRUE;
}

/* Once _overlap_trace_pipe_next() has returned NULL: where the parser
 * stopped, and why, as a scanner of one thread would tell */
void
_overlap_trace_pipe_end (TracePipe          *pipe,
                         OverlapJsonScanner *scanner,
                         gboolean           *cut)
{
  join (pipe);
  *scanner = pipe->scanner;
  *cut = pipe->cut;
}

void
_overlap_trace_pipe_free (TracePipe *pipe)
{
  join (pipe);
  for (guint i = 0; i < N_BATCHES; i++)
    g_free (pipe->batches[i]);
  g_async_queue_unref (pipe->full);
  g_async_queue_unref (pipe->empty);
  g_free (pipe);
}
