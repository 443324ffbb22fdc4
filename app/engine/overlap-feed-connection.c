/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-feed"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "overlap-feed-private.h"
#include "overlap-json-scanner-private.h"
#include "overlap-trace-members-private.h"

/* One program on the live feed. Bytes are read in blocks, split into lines
 * and parsed as they arrive into compact events; a timer applies the queue to
 * the run at most every 16 ms. A flood is paced: after 8 ms of parsing,
 * reading waits for the next flush (so input and drawing get their turn), and
 * a backlog pauses it until the queue drains, which bounds the memory a fast
 * sender can take. */

#define READ_SIZE      (64 * 1024)
#define FLUSH_INTERVAL 16            /* ms */
#define FLUSH_BUDGET   (8 * 1000)    /* µs of applying per flush */
#define PARSE_BUDGET   (8 * 1000)    /* µs of parsing between flushes */
#define MAX_BACKLOG    65536         /* queued events before reading pauses */
static void read_more (OverlapFeedConnection *conn);
static void end_program (OverlapFeedConnection *conn, const char *problem);

/* Parsing */

/* The members of a task event's args the feed reads, found in one pass
 * (the first of each name, as _overlap_json_object_lookup () finds it). */
typedef struct
{
  OverlapJsonValue phase;
  OverlapJsonValue detail;
  OverlapJsonValue file;
  OverlapJsonValue line;
  OverlapJsonValue result;
  OverlapJsonValue message;
} TaskArgs;

static void
read_task_args (const OverlapJsonValue *args,
                TaskArgs               *out)
{
  static const char * const names[] = { "phase", "detail", "file", "line", "result", "message" };
  OverlapJsonValue *slots[] = { &out->phase, &out->detail, &out->file, &out->line, &out->result, &out->message };
  OverlapJsonScanner s;
  OverlapJsonValue key, value;
  gboolean first = TRUE;

  memset (out, 0, sizeof *out);
  if (args->type != OVERLAP_JSON_OBJECT)
    return;
  _overlap_json_scanner_init (&s, args->start, args->len);
  if (!_overlap_json_expect (&s, '{'))
    return;
  while (_overlap_json_next_member (&s, &first, &key) && _overlap_json_read_value (&s, &value))
    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      if (slots[i]->type == OVERLAP_JSON_NONE && _overlap_json_string_equal (&key, names[i]))
        {
          *slots[i] = value;
          break;
        }
}

/* A string, decoded into the connection's scratch (not kept): for the
 * words compared and dropped, phases and results. */
static const char *
value_word (OverlapFeedConnection  *conn,
            const OverlapJsonValue *value)
{
  if (value->type != OVERLAP_JSON_STRING)
    return NULL;
  g_string_truncate (conn->scratch, 0);
  _overlap_json_string_append (value, conn->scratch);
  return conn->scratch->str;
}

static guint8
phase_from_string (const char *name)
{
  if (name == NULL)
    return _OVERLAP_FEED_NO_PHASE;
  for (guint p = 0; p < OVERLAP_N_PHASES; p++)
    if (g_ascii_strcasecmp (name, overlap_phase_to_string (p)) == 0)
      return p;
  return _OVERLAP_FEED_NO_PHASE;
}

static guint8
result_from_string (const char *name)
{
  if (name == NULL || g_ascii_strcasecmp (name, "ok") == 0)
    return OVERLAP_RESULT_OK;
  if (g_ascii_strcasecmp (name, "cancelled") == 0 || g_ascii_strcasecmp (name, "canceled") == 0)
    return OVERLAP_RESULT_CANCELLED;
  if (g_ascii_strcasecmp (name, "timed out") == 0 || g_ascii_strcasecmp (name, "timeout") == 0)
    return OVERLAP_RESULT_TIMED_OUT;
  return OVERLAP_RESULT_FAILED;
}

static gint64
value_as_id (const OverlapJsonValue *value)
{
  gint64 id = 0;

  if (value->type == OVERLAP_JSON_NUMBER && _overlap_json_value_int (value, &id) == OVERLAP_NUMBER_OK)
    return id;
  if (value->type == OVERLAP_JSON_STRING)
    {
      guint64 hash = 14695981039346656037u;   /* FNV-1a of the raw text */

      for (gsize i = 0; i < value->len; i++)
        hash = (hash ^ (guint8) value->start[i]) * 1099511628211u;
      return (gint64) (hash >> 1);
    }
  return 0;
}

/* An async task's key, as its b/n/e events name it: category and id. */
static const char *
task_key (OverlapFeedConnection  *conn,
          const OverlapJsonValue *cat,
          const OverlapJsonValue *id)
{
  g_string_truncate (conn->scratch, 0);
  if (cat->type == OVERLAP_JSON_STRING)
    g_string_append_len (conn->scratch, cat->start, cat->len);
  g_string_append_c (conn->scratch, '\x1f');
  if (id->start != NULL)
    g_string_append_len (conn->scratch, id->start, id->len);
  return g_string_chunk_insert (conn->chunk, conn->scratch->str);
}

/* The event's category, in the chunk: a program sends a few, over and
 * over, so the last one is kept by its raw text. */
static const char *
chunk_category (OverlapFeedConnection  *conn,
                const OverlapJsonValue *cat)
{
  if (cat->type != OVERLAP_JSON_STRING)
    return NULL;
  if (conn->last_cat == NULL || conn->last_cat_raw->len != cat->len ||
      memcmp (conn->last_cat_raw->str, cat->start, cat->len) != 0)
    {
      conn->last_cat = _overlap_json_chunk_string (cat, conn->chunk, conn->text);
      g_string_truncate (conn->last_cat_raw, 0);
      g_string_append_len (conn->last_cat_raw, cat->start, cat->len);
    }
  return conn->last_cat;
}

/* Which flow points the event is or carries, read as the importer reads
 * them; a point may name the task it is on by "args": {"cat", "id"} (the
 * category defaults to the event's). */
static void
read_flows (OverlapFeedConnection     *conn,
            const OverlapTraceMembers *m,
            FeedEvent                 *event)
{
  OverlapFlowEvent flow = { event->ph, value_as_id (&m->pid), m };
  OverlapJsonValue id, cat;

  event->n_flows = _overlap_flow_steps (conn->flow_keys, conn->scratch, &flow, event->flows);
  if (event->n_flows == 0 || m->args.type != OVERLAP_JSON_OBJECT ||
      !_overlap_json_object_lookup (&m->args, "id", &id) ||
      (id.type != OVERLAP_JSON_NUMBER && id.type != OVERLAP_JSON_STRING))
    return;
  if (!_overlap_json_object_lookup (&m->args, "cat", &cat) || cat.type != OVERLAP_JSON_STRING)
    cat = m->cat;
  event->flow_task = task_key (conn, &cat, &id);
}

static void
queue_event (OverlapFeedConnection *conn,
             const FeedEvent       *event)
{
  if (conn->n_events >= conn->max_events)
    {
      conn->n_dropped++;
      return;
    }
  conn->n_events++;
  g_array_append_val (conn->queue, *event);
}

/* "C": one event per numeric member of args. */
static void
queue_counter (OverlapFeedConnection  *conn,
               FeedEvent              *event,
               const OverlapJsonValue *args)
{
  OverlapJsonScanner s;
  OverlapJsonValue key, value;
  gboolean first = TRUE;
  guint n = 0;

  _overlap_json_scanner_init (&s, args->start, args->len);
  if (!_overlap_json_expect (&s, '{'))
    return;
  while (_overlap_json_next_member (&s, &first, &key) && _overlap_json_read_value (&s, &value))
    {
      FeedEvent sample = *event;
      g_autofree char *k = NULL;

      if (value.type != OVERLAP_JSON_NUMBER || _overlap_json_value_double (&value, &sample.value) != OVERLAP_NUMBER_OK)
        continue;
      k = _overlap_json_string_dup (&key);
      if (n++ > 0 || !g_str_equal (k, "value"))
        {
          g_autofree char *full = g_strdup_printf ("%s %s", event->name ? event->name : "counter", k);
          sample.name = g_string_chunk_insert (conn->chunk, full);
        }
      queue_event (conn, &sample);
    }
}

/* Returns FALSE when the line is not a trace event. Its members are read by
 * the importer's reader of events; what they mean here is the feed's. */
static gboolean
parse_line (OverlapFeedConnection *conn,
            const char            *line,
            gsize                  len)
{
  OverlapJsonScanner s;
  OverlapJsonValue object;
  OverlapTraceMembers m;
  FeedEvent event = { 0 };
  TaskArgs args;
  char c;

  _overlap_json_scanner_init (&s, line, len);
  c = _overlap_json_peek (&s);
  if (c == 0 || ((c == '[' || c == ']') && len - s.pos <= 2))
    return TRUE;   /* blank lines and a JSON array's brackets are allowed */
  if (c != '{' || !_overlap_json_enter_value (&s, &object))
    return FALSE;
  if (!_overlap_trace_members_read (&s, &m))
    return FALSE;
  c = _overlap_json_peek (&s);
  if (c == ',')
    s.pos++, c = _overlap_json_peek (&s);
  if (c != 0 || _overlap_trace_members_ph (&m) == 0)
    return FALSE;

  conn->bad_in_a_row = 0;
  event.ph = _overlap_trace_members_ph (&m);
  event.phase = _OVERLAP_FEED_NO_PHASE;
  event.tid = value_as_id (&m.tid);
  if (m.args.type != OVERLAP_JSON_OBJECT)
    m.args.type = OVERLAP_JSON_NONE;

  if (event.ph == 'M')
    {
      const char *value = _overlap_json_member_chunk (&m.args, "name", conn->chunk, conn->text);

      if (value == NULL)
        return TRUE;
      if (_overlap_json_string_equal (&m.name, "process_name") && conn->process_name == NULL)
        conn->process_name = g_strdup (value);
      else if (_overlap_json_string_equal (&m.name, "thread_name"))
        g_hash_table_replace (conn->thread_names, g_memdup2 (&event.tid, sizeof event.tid), g_strdup (value));
      return TRUE;
    }

  if (_overlap_json_value_int (&m.ts, &event.ts) != OVERLAP_NUMBER_OK)
    return TRUE;   /* JSON, but of no use: not counted as garbage */
  if (!conn->have_base)
    {
      gint64 now = g_get_monotonic_time ();

      conn->have_base = TRUE;
      conn->base_ts = event.ts;
      /* A program on CLOCK_MONOTONIC (as g_get_monotonic_time (), the
       * probes' time.monotonic_ns and process.hrtime) began at its first
       * timestamp; one on a clock of its own, when it was heard. */
      conn->origin = event.ts <= now + G_USEC_PER_SEC && event.ts >= now - OVERLAP_FEED_CLOCK_SLACK ? event.ts : now;
    }

  /* The limit: past it, events are only counted. */
  if (conn->n_events >= conn->max_events)
    {
      conn->n_dropped++;
      return TRUE;
    }

  event.name = _overlap_json_chunk_string (&m.name, conn->chunk, conn->text);
  switch (event.ph)
    {
    case 'S': event.ph = 'b'; G_GNUC_FALLTHROUGH;
    case 'b':
    case 'e':
    case 'n':
    case 'F':
    case 'T':
    case 'p':
      if (event.ph == 'F')
        event.ph = 'e';
      else if (event.ph == 'T' || event.ph == 'p')
        event.ph = 'n';
      event.key = task_key (conn, &m.cat, m.id.type != OVERLAP_JSON_NONE ? &m.id : &m.id2);
      event.cat = chunk_category (conn, &m.cat);
      read_task_args (&m.args, &args);
      event.phase = phase_from_string (value_word (conn, &args.phase));
      if (event.ph == 'b')
        {
          gint64 number;

          event.text = _overlap_json_chunk_string (&args.detail, conn->chunk, conn->text);
          /* where the program created the task: args.file and args.line */
          event.file = _overlap_json_chunk_string (&args.file, conn->chunk, conn->text);
          if (event.file != NULL && args.line.type == OVERLAP_JSON_NUMBER &&
              _overlap_json_value_int (&args.line, &number) == OVERLAP_NUMBER_OK && number > 0 && number <= G_MAXINT32)
            event.line = number;
          else
            event.file = NULL;
        }
      else if (event.ph == 'e')
        {
          event.result = result_from_string (value_word (conn, &args.result));
          event.text = _overlap_json_chunk_string (&args.message, conn->chunk, conn->text);
        }
      break;
    case 'X':
      if (_overlap_json_value_int (&m.dur, &event.dur) != OVERLAP_NUMBER_OK || event.dur < 0)
        return TRUE;
      break;
    case 's':
    case 't':
    case 'f':
      /* a flow of a task's own category and id is on that task */
      event.key = task_key (conn, &m.cat, m.id.type != OVERLAP_JSON_NONE ? &m.id : &m.id2);
      read_flows (conn, &m, &event);
      queue_event (conn, &event);
      return TRUE;
    case 'C':
      if (m.args.type == OVERLAP_JSON_OBJECT)
        queue_counter (conn, &event, &m.args);
      return TRUE;
    case 'B':
    case 'E':
    case 'i':
    case 'I':
    case 'R':
      break;
    default:
      return TRUE;   /* a phase Overlap does not draw */
    }

  if (m.bind_id.type != OVERLAP_JSON_NONE)
    read_flows (conn, &m, &event);   /* v2 flows, on a slice or a task */
  queue_event (conn, &event);
  return TRUE;
}

/* Applies queued events for at most @budget µs (all when 0). */
static void
apply_queue (OverlapFeedConnection *conn,
             gint64                 budget)
{
  gint64 deadline = budget > 0 ? g_get_monotonic_time () + budget : G_MAXINT64;
  guint done = 0;

  if (conn->queue->len == 0)
    return;
  _overlap_feed_ensure_run (conn);
  while (done < conn->queue->len)
    {
      _overlap_feed_apply_event (conn, &g_array_index (conn->queue, FeedEvent, done++));
      if ((done & 255) == 0 && g_get_monotonic_time () > deadline)
        break;
    }
  g_array_remove_range (conn->queue, 0, done);
  if (conn->queue->len == 0)
    {
      g_string_chunk_clear (conn->chunk);   /* the run interned what it keeps */
      conn->last_cat = NULL;
    }
  if (conn->n_dropped > 0 || conn->n_bad > 0)
    _overlap_feed_update_note (conn, NULL, 0);
  _overlap_feed_server_run_changed (conn->server, conn->run);
}

static gboolean
flush_cb (gpointer data)
{
  OverlapFeedConnection *conn = data;

  apply_queue (conn, FLUSH_BUDGET);
  conn->busy = 0;
  if (conn->eof && conn->queue->len == 0)
    {
      /* the program is gone and all it sent is applied */
      conn->flush_id = 0;
      end_program (conn, NULL);
      return G_SOURCE_REMOVE;
    }
  if (!conn->reading && !conn->eof && conn->queue->len < MAX_BACKLOG / 2)
    read_more (conn);
  if (conn->queue->len > 0 || !conn->reading)
    return G_SOURCE_CONTINUE;
  conn->flush_id = 0;
  return G_SOURCE_REMOVE;
}

/* Ending */

static void
end_program (OverlapFeedConnection *conn,
             const char            *problem)
{
  const char *still = _("still running when the program disconnected");
  OverlapFeedServer *server = conn->server;
  OverlapRun *run;
  GHashTableIter iter;
  gpointer value;
  guint n_open = 0;
  gint64 end;

  g_cancellable_cancel (conn->cancellable);
  g_clear_handle_id (&conn->flush_id, g_source_remove);
  g_clear_handle_id (&conn->token_timeout_id, g_source_remove);

  if (conn->token != NULL)
    {
      g_debug ("program %u rejected: %s", conn->number, problem);
      _overlap_feed_server_closed (server, conn, NULL, TRUE);
      return;
    }

  apply_queue (conn, 0);
  if (conn->run == NULL && conn->n_bytes == 0)
    {
      _overlap_feed_server_closed (server, conn, NULL, FALSE);   /* connected, said nothing */
      return;
    }
  _overlap_feed_ensure_run (conn);
  end = MAX (conn->last_time, g_get_monotonic_time () - conn->origin);
  conn->n_flows_unbound += conn->flow_pending->len;   /* no slice came after them */
  g_array_set_size (conn->flow_pending, 0);

  g_hash_table_iter_init (&iter, conn->async_lanes);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      guint lane = GPOINTER_TO_UINT (value) - 1;

      if (overlap_run_get_lane (conn->run, lane)->result == OVERLAP_RESULT_PENDING)
        {
          overlap_run_lane_finish (conn->run, lane, OVERLAP_RESULT_CANCELLED, still, end);
          n_open++;
        }
    }
  g_hash_table_iter_init (&iter, conn->threads);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      ThreadLane *thread = value;
      const OverlapLane *lane = overlap_run_get_lane (conn->run, thread->lane);
      gboolean open = thread->stack->len > 0;
      OverlapRestoredLane restored = {
        .result = open ? OVERLAP_RESULT_CANCELLED : OVERLAP_RESULT_OK,
        .message = open ? still : NULL,
        .completion = lane->completion,
        .start = MAX (lane->start, 0),
        .end = open ? end : MAX (thread->end, lane->start),
        .bytes = lane->bytes,
        .flags = lane->flags,
      };

      for (guint i = 0; i < thread->stack->len; i++)
        overlap_run_close_span (conn->run, g_array_index (thread->stack, guint, i), end);
      g_array_set_size (thread->stack, 0);
      n_open += open;
      overlap_run_restore_lane (conn->run, thread->lane, &restored);
    }

  _overlap_feed_update_note (conn, problem, n_open);
  overlap_run_finish (conn->run, problem != NULL || n_open > 0 ? OVERLAP_RUN_CANCELLED : OVERLAP_RUN_FINISHED, end);
  run = conn->run;
  _overlap_feed_server_closed (server, conn, run, FALSE);
}

void
_overlap_feed_connection_abort (OverlapFeedConnection *conn,
                                const char            *why)
{
  end_program (conn, why);
}

/* Reading */

static gboolean
token_timeout_cb (gpointer data)
{
  OverlapFeedConnection *conn = data;

  conn->token_timeout_id = 0;
  end_program (conn, "no token in time");
  return G_SOURCE_REMOVE;
}

static gboolean
token_matches (const char *expected,
               const char *line,
               gsize       len)
{
  gsize n = strlen (expected);
  guint8 diff = 0;

  while (len > 0 && (line[len - 1] == '\r' || line[len - 1] == ' '))
    len--;
  if (len != n)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    diff |= (guint8) (expected[i] ^ line[i]);
  return diff == 0;
}

/* Valid UTF-8: most lines are ASCII, checked a word at a time, the others
 * by GLib. */
static gboolean
valid_utf8 (const char *line,
            gsize       len)
{
  gsize i = 0;

  for (; i + 8 <= len; i += 8)
    {
      guint64 word;

      memcpy (&word, line + i, 8);
      if (word & G_GUINT64_CONSTANT (0x8080808080808080))
        return g_utf8_validate_len (line, len, NULL);
    }
  for (; i < len; i++)
    if ((guchar) line[i] >= 0x80)
      return g_utf8_validate_len (line, len, NULL);
  return TRUE;   /* no NUL: take_bytes () ended the program at the first */
}

/* Returns FALSE when the program has been dropped (@conn is freed). @line
 * is NULL for a line longer than OVERLAP_FEED_MAX_LINE. */
static gboolean
take_line (OverlapFeedConnection *conn,
           const char            *line,
           gsize                  len)
{
  if (conn->token != NULL)
    {
      if (line == NULL || !token_matches (conn->token, line, len))
        {
          end_program (conn, "wrong token");
          return FALSE;
        }
      g_clear_pointer (&conn->token, g_free);
      g_clear_handle_id (&conn->token_timeout_id, g_source_remove);
      return TRUE;
    }

  if (line != NULL && valid_utf8 (line, len) && parse_line (conn, line, len))
    return TRUE;

  conn->n_bad++;
  if (++conn->bad_in_a_row >= OVERLAP_FEED_MAX_BAD_LINES)
    {
      g_autofree char *problem = g_strdup_printf (_("dropped: %u lines in a row were not trace events"),
                                                  conn->bad_in_a_row);
      end_program (conn, problem);
      return FALSE;
    }
  return TRUE;
}

/* Splits what arrived into lines. Returns FALSE when @conn is freed. */
static gboolean
take_bytes (OverlapFeedConnection *conn,
            const guint8          *data,
            gsize                  size)
{
  const guint8 *nul = memchr (data, '\0', size);
  const guint8 *end = nul ? nul : data + size;

  conn->n_bytes += size;
  if (nul != NULL)
    {
      /* what came before still counts */
      if (nul > data && !take_bytes (conn, data, nul - data))
        return FALSE;
      end_program (conn, conn->token ? "binary data" : _("dropped: it sent binary data, not JSON lines"));
      return FALSE;
    }

  while (data < end)
    {
      const guint8 *nl = memchr (data, '\n', end - data);
      gsize len = (nl ? nl : end) - data;

      if (conn->skipping)
        {
          if (nl != NULL)
            conn->skipping = FALSE;
        }
      else if (nl == NULL)
        {
          g_byte_array_append (conn->pending, data, len);
          if (conn->pending->len > OVERLAP_FEED_MAX_LINE)
            {
              g_byte_array_set_size (conn->pending, 0);
              conn->skipping = TRUE;
              if (!take_line (conn, NULL, 0))
                return FALSE;
            }
        }
      else if (conn->pending->len > 0)
        {
          gboolean alive;

          g_byte_array_append (conn->pending, data, len);
          if (conn->pending->len > OVERLAP_FEED_MAX_LINE)
            alive = take_line (conn, NULL, 0);
          else
            alive = take_line (conn, (const char *) conn->pending->data, conn->pending->len);
          if (!alive)
            return FALSE;
          g_byte_array_set_size (conn->pending, 0);
        }
      else if (len > OVERLAP_FEED_MAX_LINE ? !take_line (conn, NULL, 0)
                                           : !take_line (conn, (const char *) data, len))
        return FALSE;

      data += len + (nl != NULL);
    }
  return TRUE;
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  OverlapFeedConnection *conn = user_data;
  gsize size;
  const guint8 *data;
  gint64 start;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;   /* @conn may be gone */

  conn->reading = FALSE;
  if (bytes == NULL)
    {
      g_autofree char *problem = g_strdup_printf (_("disconnected: %s"), error->message);
      end_program (conn, problem);
      return;
    }

  data = g_bytes_get_data (bytes, &size);
  if (size == 0)
    {
      conn->eof = TRUE;
      if (conn->pending->len > 0 && !conn->skipping)
        {
          conn->n_bad++;
          end_program (conn, _("disconnected in the middle of a line"));
        }
      else if (conn->queue->len > 0)
        {
          /* what is queued is applied at the flushes' pace, then the run ends */
          if (conn->flush_id == 0)
            conn->flush_id = g_timeout_add (FLUSH_INTERVAL, flush_cb, conn);
        }
      else
        end_program (conn, NULL);
      return;
    }

  start = g_get_monotonic_time ();
  if (!take_bytes (conn, data, size))
    return;
  conn->busy += g_get_monotonic_time () - start;
  if (conn->busy < PARSE_BUDGET && conn->queue->len < MAX_BACKLOG)
    read_more (conn);
  if ((conn->queue->len > 0 || !conn->reading) && conn->flush_id == 0)
    conn->flush_id = g_timeout_add (FLUSH_INTERVAL, flush_cb, conn);   /* it reads on */
}

static void
read_more (OverlapFeedConnection *conn)
{
  GInputStream *input = g_io_stream_get_input_stream (G_IO_STREAM (conn->connection));

  g_assert (!conn->reading);
  conn->reading = TRUE;
  g_input_stream_read_bytes_async (input, READ_SIZE, G_PRIORITY_DEFAULT, conn->cancellable, read_cb, conn);
}

OverlapFeedConnection *
_overlap_feed_connection_new (OverlapFeedServer *server,
                              GSocketConnection *connection,
                              guint              number,
                              const char        *token,
                              guint              max_events)
{
  OverlapFeedConnection *conn = g_new0 (OverlapFeedConnection, 1);

  conn->server = server;
  conn->connection = g_object_ref (connection);
  conn->cancellable = g_cancellable_new ();
  conn->number = number;
  conn->token = g_strdup (token);
  conn->max_events = max_events;
  conn->pending = g_byte_array_new ();
  conn->queue = g_array_new (FALSE, FALSE, sizeof (FeedEvent));
  conn->chunk = g_string_chunk_new (64 * 1024);
  conn->thread_names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  conn->async_lanes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  conn->threads = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, _overlap_feed_thread_lane_free);
  conn->counters = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  conn->flow_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  conn->scratch = g_string_new (NULL);
  conn->text = g_string_new (NULL);
  conn->last_cat_raw = g_string_new (NULL);
  conn->flow_tails = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  conn->flow_pending = g_array_new (FALSE, FALSE, sizeof (PendingFlowPoint));

  if (token != NULL)
    conn->token_timeout_id = g_timeout_add_seconds (OVERLAP_FEED_TOKEN_TIMEOUT, token_timeout_cb, conn);
  read_more (conn);
  return conn;
}

void
_overlap_feed_connection_free (OverlapFeedConnection *conn)
{
  g_cancellable_cancel (conn->cancellable);
  g_clear_handle_id (&conn->flush_id, g_source_remove);
  g_clear_handle_id (&conn->token_timeout_id, g_source_remove);
  g_io_stream_close (G_IO_STREAM (conn->connection), NULL, NULL);
  g_clear_object (&conn->connection);
  g_clear_object (&conn->cancellable);
  g_clear_object (&conn->run);
  g_clear_pointer (&conn->token, g_free);
  g_clear_pointer (&conn->process_name, g_free);
  g_clear_pointer (&conn->pending, g_byte_array_unref);
  g_clear_pointer (&conn->queue, g_array_unref);
  g_clear_pointer (&conn->chunk, g_string_chunk_free);
  g_clear_pointer (&conn->thread_names, g_hash_table_unref);
  g_clear_pointer (&conn->async_lanes, g_hash_table_unref);
  g_clear_pointer (&conn->threads, g_hash_table_unref);
  g_clear_pointer (&conn->counters, g_hash_table_unref);
  g_clear_pointer (&conn->flow_keys, g_hash_table_unref);
  g_clear_pointer (&conn->flow_tails, g_hash_table_unref);
  g_clear_pointer (&conn->flow_pending, g_array_unref);
  if (conn->scratch != NULL)
    g_string_free (conn->scratch, TRUE);
  if (conn->text != NULL)
    g_string_free (conn->text, TRUE);
  if (conn->last_cat_raw != NULL)
    g_string_free (conn->last_cat_raw, TRUE);
  g_free (conn);
}
