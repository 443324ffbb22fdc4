/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-feed"

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <gio/gunixsocketaddress.h>
#include <string.h>
#include <sys/stat.h>

#include "overlap-demo-server.h"
#include "overlap-feed-server.h"

/* The live feed: the tutorials' Python examples under the probe, and what
 * a program may do wrong (garbage, half a line, a flood, a wrong token). */

#define PYTHON "/usr/bin/python3"

typedef struct
{
  char              *dir;
  char              *socket_path;
  OverlapRecording  *recording;
  OverlapFeedServer *server;
  GPtrArray         *ended;      /* OverlapRun */
} Fixture;

static void
run_ended_cb (OverlapFeedServer *server,
              OverlapRun        *run,
              Fixture           *fixture)
{
  g_assert_false (overlap_run_is_live (run));
  g_ptr_array_add (fixture->ended, g_object_ref (run));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("overlap-feed-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->socket_path = g_build_filename (fixture->dir, "sub", "feed.sock", NULL);
  fixture->recording = overlap_recording_new ("feed");
  fixture->server = overlap_feed_server_new (fixture->recording);
  fixture->ended = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect (fixture->server, "run-ended", G_CALLBACK (run_ended_cb), fixture);
  overlap_feed_server_set_socket_path (fixture->server, fixture->socket_path);
  g_assert_true (overlap_feed_server_start (fixture->server, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *sub = g_path_get_dirname (fixture->socket_path);

  overlap_feed_server_stop (fixture->server);
  g_assert_false (g_file_test (fixture->socket_path, G_FILE_TEST_EXISTS));
  g_assert_finalize_object (fixture->server);
  g_clear_pointer (&fixture->ended, g_ptr_array_unref);
  g_assert_finalize_object (fixture->recording);
  g_rmdir (sub);
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->socket_path);
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the main loop until @n runs have ended. */
static void
wait_for_runs (Fixture *fixture,
               guint    n,
               guint    seconds)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (seconds, timeout_cb, &timed_out);

  while (fixture->ended->len < n && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  g_assert_false (timed_out);
}

static const OverlapLane *
find_lane (OverlapRun *run,
           const char *label,
           guint       nth)
{
  const OverlapLane *lanes;
  guint n;

  lanes = overlap_run_get_lanes (run, &n);
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (overlap_run_string (run, lanes[i].label), label) == 0 && nth-- == 0)
      return &lanes[i];
  g_test_message ("no lane “%s” among:", label);
  for (guint i = 0; i < n; i++)
    g_test_message ("  %s", overlap_run_string (run, lanes[i].label));
  g_assert_not_reached ();
}

static gint64
duration (const OverlapLane *lane)
{
  g_assert_cmpint (lane->result, ==, OVERLAP_RESULT_OK);
  g_assert_cmpint (lane->end, >, lane->start);
  return lane->end - lane->start;
}

static gboolean
overlap (const OverlapLane *a,
         const OverlapLane *b)
{
  return a->start < b->end && b->start < a->end;
}

static void
assert_ratio (gint64 a,
              gint64 b,
              double low,
              double high)
{
  double ratio = (double) a / (double) b;

  g_test_message ("%" G_GINT64_FORMAT " / %" G_GINT64_FORMAT " µs = %.2f", a, b, ratio);
  g_assert_cmpfloat (ratio, >=, low);
  g_assert_cmpfloat (ratio, <=, high);
}

static void
exited_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  *(gboolean *) data = TRUE;
}

/* Runs data/python/examples/@name under the probe; returns its run. */
static OverlapRun *
run_example (Fixture    *fixture,
             const char *name)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *python_dir = g_test_build_filename (G_TEST_DIST, "..", "data", "python", NULL);
  g_autofree char *script = g_build_filename (python_dir, "examples", name, NULL);
  gboolean exited = FALSE, timed_out = FALSE;
  OverlapRun *run;
  guint id;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_subprocess_launcher_setenv (launcher, "OVERLAP_FEED", fixture->socket_path, TRUE);
  g_subprocess_launcher_setenv (launcher, "PYTHONPATH", python_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "PYTHONDONTWRITEBYTECODE", "1", TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, PYTHON, "-m", "overlap_probe",
                                         "--time-scale", "0.05", script, NULL);
  g_assert_no_error (error);

  g_subprocess_wait_async (process, NULL, exited_cb, &exited);
  id = g_timeout_add_seconds (60, timeout_cb, &timed_out);
  while ((fixture->ended->len == 0 || !exited) && !timed_out &&
         !(exited && !g_subprocess_get_successful (process)))
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  g_assert_true (g_subprocess_get_successful (process));
  g_assert_false (timed_out);
  g_assert_cmpuint (fixture->ended->len, ==, 1);

  run = g_ptr_array_index (fixture->ended, 0);
  g_assert_cmpstr (overlap_run_get_title (run), ==, name);
  g_assert_cmpint (overlap_run_get_state (run), ==, OVERLAP_RUN_FINISHED);
  g_assert_null (overlap_run_get_note (run));
  g_assert_cmpuint (overlap_recording_get_n_runs (fixture->recording), ==, 1);
  return run;
}

static gboolean
skip_without_python (void)
{
  if (g_file_test (PYTHON, G_FILE_TEST_IS_EXECUTABLE))
    return FALSE;
  g_test_skip (PYTHON " is missing");
  return TRUE;
}

/* The lane @lane of @run says it was created at a line of the example
 * @name (its absolute path) that holds @text */
static void
assert_source (OverlapRun        *run,
               const OverlapLane *lane,
               const char        *name,
               const char        *text)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  const OverlapLane *lanes;
  const char *file;
  guint index, line = 0;
  g_autoptr(GError) error = NULL;

  lanes = overlap_run_get_lanes (run, NULL);
  index = lane - lanes;
  file = overlap_run_get_task_source (run, index, &line);
  g_assert_nonnull (file);
  g_assert_true (g_path_is_absolute (file));
  g_assert_true (g_str_has_suffix (file, name));
  g_file_get_contents (file, &contents, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", -1);
  g_assert_cmpuint (line, >, 0);
  g_assert_cmpuint (line, <=, g_strv_length (lines));
  if (strstr (lines[line - 1], text) == NULL)
    g_error ("%s:%u is “%s”, not a line with “%s”", file, line, lines[line - 1], text);
}

static void
test_abc_gather (Fixture       *fixture,
                 gconstpointer  data)
{
  OverlapRun *run;
  const OverlapLane *a, *b, *c, *main_lane;

  if (skip_without_python ())
    return;
  run = run_example (fixture, "abc_gather.py");
  main_lane = find_lane (run, "main()", 0);
  a = find_lane (run, "task('A', 2)", 0);
  b = find_lane (run, "task('B', 1)", 0);
  c = find_lane (run, "task('C', 3)", 0);

  g_assert_true (overlap (a, b) && overlap (b, c) && overlap (a, c));
  assert_ratio (duration (c), duration (b), 1.8, 4.5);
  assert_ratio (duration (a), duration (b), 1.3, 3.0);
  /* gathered: all done in about the longest, far less than the sum */
  g_assert_cmpint (duration (main_lane), <, (duration (a) + duration (b) + duration (c)) * 3 / 4);
  g_assert_cmpint (b->end, <, a->end);
  g_assert_cmpint (a->end, <, c->end);
  /* where each was created: main() by asyncio.run(), the others by the gather */
  assert_source (run, main_lane, "abc_gather.py", "asyncio.run(main())");
  assert_source (run, a, "abc_gather.py", "asyncio.gather(");
  assert_source (run, c, "abc_gather.py", "asyncio.gather(");
}

static void
test_two_tasks (Fixture       *fixture,
                gconstpointer  data)
{
  OverlapRun *run;
  const OverlapLane *one, *two, *main_lane;

  if (skip_without_python ())
    return;
  run = run_example (fixture, "two_tasks.py");
  main_lane = find_lane (run, "main()", 0);
  one = find_lane (run, "long_running_task_1()", 0);
  two = find_lane (run, "long_running_task_2()", 0);

  g_assert_true (overlap (one, two));
  assert_ratio (duration (two), duration (one), 1.15, 2.2);
  /* "less than 3 seconds", scaled: about the longer task, not the sum */
  g_assert_cmpint (duration (main_lane), <, (duration (one) + duration (two)) * 3 / 4);
  assert_ratio (duration (main_lane), duration (two), 0.9, 1.6);
}

static void
test_hello_world (Fixture       *fixture,
                  gconstpointer  data)
{
  OverlapRun *run;
  const OverlapLane *hello, *world;

  if (skip_without_python ())
    return;
  run = run_example (fixture, "hello_world.py");
  hello = find_lane (run, "say_hello()", 0);
  world = find_lane (run, "say_world()", 0);

  g_assert_true (overlap (hello, world));
  assert_ratio (duration (hello), duration (world), 0.6, 1.6);
  g_assert_cmpint (duration (find_lane (run, "main()", 0)), <, duration (hello) + duration (world));
}

static void
test_sequential_vs_gather (Fixture       *fixture,
                           gconstpointer  data)
{
  OverlapRun *run;
  const OverlapLane *a1, *b1, *a2, *b2;

  if (skip_without_python ())
    return;
  run = run_example (fixture, "sequential_vs_gather.py");
  a1 = find_lane (run, "task('Task A', 2)", 0);
  b1 = find_lane (run, "task('Task B', 1)", 0);
  a2 = find_lane (run, "task('Task A', 2)", 1);
  b2 = find_lane (run, "task('Task B', 1)", 1);

  /* one by one: B starts when A is done */
  g_assert_false (overlap (a1, b1));
  g_assert_cmpint (b1->start, >=, a1->end);
  /* gathered: together, and B finishes first while A is still waiting */
  g_assert_true (overlap (a2, b2));
  g_assert_cmpint (b2->end, <, a2->end);
  g_assert_cmpint (a2->start, >=, b1->end);
  assert_ratio (duration (a1), duration (b1), 1.3, 3.0);
  assert_ratio (duration (a2), duration (b2), 1.3, 3.0);
}

/* A raw client, writing from a thread so that the server (on this thread's
 * main loop) can read while it blocks. */

typedef struct
{
  GSocketConnection *connection;
  GBytes            *data;
  gboolean           close_after;
} Sender;

static gpointer
sender_thread (gpointer data)
{
  Sender *sender = data;
  GOutputStream *output = g_io_stream_get_output_stream (G_IO_STREAM (sender->connection));
  gsize size;
  const char *bytes = g_bytes_get_data (sender->data, &size);

  g_output_stream_write_all (output, bytes, size, NULL, NULL, NULL);
  if (sender->close_after)
    g_io_stream_close (G_IO_STREAM (sender->connection), NULL, NULL);
  g_bytes_unref (sender->data);
  g_free (sender);
  return NULL;
}

static GSocketConnection *
connect_to (GSocketAddress *address)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  GSocketConnection *connection;

  connection = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (address), NULL, &error);
  g_assert_no_error (error);
  return connection;
}

static GThread *
send_text (GSocketConnection *connection,
           GString           *text,
           gboolean           close_after)
{
  Sender *sender = g_new0 (Sender, 1);

  sender->connection = connection;
  sender->data = g_bytes_new (text->str, text->len);
  sender->close_after = close_after;
  return g_thread_new ("sender", sender_thread, sender);
}

static void
join_sender (GThread *thread)
{
  g_thread_join (thread);
}

static void
unix_send (Fixture    *fixture,
           GString    *text)
{
  g_autoptr(GSocketAddress) address = g_unix_socket_address_new (fixture->socket_path);
  g_autoptr(GSocketConnection) connection = connect_to (address);
  GThread *thread = send_text (connection, text, TRUE);

  wait_for_runs (fixture, 1, 30);
  join_sender (thread);
}

static void
append_task (GString    *text,
             const char *ph,
             guint       id,
             gint64      ts,
             const char *args)
{
  g_string_append_printf (text, "{\"ph\":\"%s\",\"cat\":\"t\",\"id\":%u,\"name\":\"task %u\",\"pid\":1,"
                          "\"tid\":1,\"ts\":%" G_GINT64_FORMAT ",\"args\":%s}\n", ph, id, id, ts, args);
}

static void
test_garbage (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new ("{\"ph\":\"M\",\"name\":\"process_name\",\"args\":{\"name\":\"noisy\"}}\n");
  OverlapRun *run;

  append_task (text, "b", 1, 1000, "{\"phase\":\"running\"}");
  append_task (text, "e", 1, 3000, "{\"result\":\"ok\"}");
  for (guint i = 0; i < 150; i++)
    g_string_append (text, i % 2 ? "hello, world\n" : "[1, 2, 3]\n");
  append_task (text, "b", 2, 4000, "{}");

  unix_send (fixture, text);
  run = g_ptr_array_index (fixture->ended, 0);
  g_assert_cmpstr (overlap_run_get_title (run), ==, "noisy");
  g_assert_cmpint (overlap_run_get_state (run), ==, OVERLAP_RUN_CANCELLED);
  g_assert_nonnull (strstr (overlap_run_get_note (run), "100 lines in a row were not trace events"));
  g_assert_cmpint (find_lane (run, "task 1", 0)->result, ==, OVERLAP_RESULT_OK);
  g_assert_cmpint (find_lane (run, "task 1", 0)->end, ==, 2000);
}

/* A task-begin's args.file and args.line: the run's source table has them;
 * one without, or with a line that is no positive number, has none */
static void
test_task_source (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new (NULL);
  OverlapRun *run;
  guint line = 99;

  append_task (text, "b", 1, 1000, "{\"file\":\"/home/me/demo \\\"v2\\\".py\",\"line\":7}");
  append_task (text, "b", 2, 1100, "{\"detail\":\"no source\"}");
  append_task (text, "b", 3, 1200, "{\"file\":\"/x.py\",\"line\":\"seven\"}");
  append_task (text, "b", 4, 1300, "{\"file\":\"/x.py\",\"line\":-3}");
  append_task (text, "b", 5, 1400, "{\"file\":\"/x.py\",\"line\":30,\"phase\":\"waiting\"}");
  for (guint i = 1; i <= 5; i++)
    append_task (text, "e", i, 2000 + i, "{}");

  unix_send (fixture, text);
  run = g_ptr_array_index (fixture->ended, 0);
  g_assert_true (overlap_run_has_task_sources (run));
  g_assert_cmpstr (overlap_run_get_task_source (run, 0, &line), ==, "/home/me/demo \"v2\".py");
  g_assert_cmpuint (line, ==, 7);
  g_assert_null (overlap_run_get_task_source (run, 1, &line));
  g_assert_cmpuint (line, ==, 0);
  g_assert_null (overlap_run_get_task_source (run, 2, NULL));
  g_assert_null (overlap_run_get_task_source (run, 3, NULL));
  g_assert_cmpstr (overlap_run_get_task_source (run, 4, &line), ==, "/x.py");
  g_assert_cmpuint (line, ==, 30);
  g_assert_cmpint (find_lane (run, "task 5", 0)->result, ==, OVERLAP_RESULT_OK);
}

static void
test_binary (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new (NULL);
  OverlapRun *run;

  append_task (text, "b", 1, 1000, "{}");
  g_string_append_len (text, "\x7f" "ELF\0\1\2\3", 8);

  unix_send (fixture, text);
  run = g_ptr_array_index (fixture->ended, 0);
  g_assert_cmpint (overlap_run_get_state (run), ==, OVERLAP_RUN_CANCELLED);
  g_assert_nonnull (strstr (overlap_run_get_note (run), "binary data"));
  g_assert_cmpint (find_lane (run, "task 1", 0)->result, ==, OVERLAP_RESULT_CANCELLED);
}

static void
test_half_line (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new (NULL);
  OverlapRun *run;
  const OverlapLane *lane;

  append_task (text, "b", 1, 5000, "{\"phase\":\"queued\"}");
  append_task (text, "n", 1, 6000, "{\"phase\":\"waiting\"}");
  append_task (text, "b", 2, 7000, "{\"phase\":\"running\"}");
  append_task (text, "e", 2, 8000, "{\"result\":\"failed\",\"message\":\"boom\"}");
  append_task (text, "b", 3, 9000, "{}");
  g_string_append (text, "{\"ph\":\"e\",\"cat\":\"t\",\"id\":1,\"ts\":9500,\"args\":{\"res");

  unix_send (fixture, text);
  run = g_ptr_array_index (fixture->ended, 0);
  g_assert_cmpstr (overlap_run_get_title (run), ==, "program 1");
  g_assert_cmpint (overlap_run_get_state (run), ==, OVERLAP_RUN_CANCELLED);
  g_assert_nonnull (strstr (overlap_run_get_note (run), "in the middle of a line"));
  g_assert_nonnull (strstr (overlap_run_get_note (run), "disconnected with 2 tasks still running"));

  lane = find_lane (run, "task 1", 0);
  g_assert_cmpint (lane->start, ==, 0);
  g_assert_cmpint (lane->n_spans, ==, 2);   /* queued, then waiting */
  g_assert_cmpint (lane->result, ==, OVERLAP_RESULT_CANCELLED);
  g_assert_cmpstr (overlap_run_string (run, lane->message), ==, "still running when the program disconnected");
  lane = find_lane (run, "task 2", 0);
  g_assert_cmpint (lane->result, ==, OVERLAP_RESULT_FAILED);
  g_assert_cmpstr (overlap_run_string (run, lane->message), ==, "boom");
  g_assert_cmpint (lane->end, ==, 3000);
}

/* Spans, instants and counters from threads, past the limit */

typedef struct
{
  gint64 last;
  gint64 longest;
} Gap;

static gboolean
gap_cb (gpointer data)
{
  Gap *gap = data;
  gint64 now = g_get_monotonic_time ();

  gap->longest = MAX (gap->longest, now - gap->last);
  gap->last = now;
  return G_SOURCE_CONTINUE;
}

static void
test_flood (Fixture       *fixture,
            gconstpointer  data)
{
  const guint n_lines = 200000, limit = 150000;
  g_autoptr(GString) text = g_string_new ("{\"ph\":\"M\",\"name\":\"thread_name\",\"tid\":3,\"args\":{\"name\":\"worker\"}}\n");
  Gap gap = { 0 };
  gint64 start, elapsed;
  guint gap_id, n_spans, n_marks, n_counters;
  OverlapRun *run;
  g_autofree char *note = NULL;

  for (guint i = 0; i < n_lines; i++)
    {
      switch (i % 4)
        {
        case 0:
        case 1:
          g_string_append_printf (text, "{\"ph\":\"X\",\"name\":\"work %u\",\"pid\":1,\"tid\":%u,\"ts\":%u,\"dur\":5}\n",
                                  i, i % 8, i * 10);
          break;
        case 2:
          g_string_append_printf (text, "{\"ph\":\"i\",\"name\":\"tick\",\"pid\":1,\"tid\":3,\"ts\":%u}\n", i * 10);
          break;
        default:
          g_string_append_printf (text, "{\"ph\":\"C\",\"name\":\"queue\",\"pid\":1,\"ts\":%u,\"args\":{\"value\":%u}}\n",
                                  i * 10, i % 100);
        }
    }
  overlap_feed_server_set_max_events (fixture->server, limit);

  gap.last = start = g_get_monotonic_time ();
  gap_id = g_timeout_add (1, gap_cb, &gap);
  unix_send (fixture, text);
  elapsed = g_get_monotonic_time () - start;
  g_source_remove (gap_id);

  run = g_ptr_array_index (fixture->ended, 0);
  overlap_run_get_spans (run, &n_spans);
  overlap_run_get_marks (run, &n_marks);
  overlap_run_get_counters (run, &n_counters);
  g_assert_cmpuint (n_counters, ==, 2);   /* "in flight" and "queue" */
  g_assert_cmpuint (n_spans + n_marks + overlap_run_get_counters (run, NULL)[1].samples->len, ==, limit);
  g_assert_cmpint (find_lane (run, "worker", 0)->result, ==, OVERLAP_RESULT_OK);
  note = g_strdup (overlap_run_get_note (run));
  g_assert_cmpstr (note, ==, "50,000 events dropped past the limit");
  g_assert_cmpint (overlap_run_get_state (run), ==, OVERLAP_RUN_FINISHED);

  g_test_message ("flood: %u lines (%.1f MB) in %.0f ms: %.0f lines/s; longest main loop gap %.1f ms",
                  n_lines, text->len / 1e6, elapsed / 1e3, n_lines / (elapsed / 1e6), gap.longest / 1e3);
  if (g_getenv ("OVERLAP_FEED_FIGURES"))
    g_printerr ("# flood: %u lines (%.1f MB) in %.0f ms: %.0f lines/s; longest main loop gap %.1f ms\n",
                n_lines, text->len / 1e6, elapsed / 1e3, n_lines / (elapsed / 1e6), gap.longest / 1e3);
  g_assert_cmpint (gap.longest, <, 250 * 1000);
}

static void
test_tcp_token (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketConnection) wrong = NULL;
  g_autoptr(GSocketConnection) right = NULL;
  g_autoptr(GString) text = g_string_new ("not-the-token\n");
  g_autoptr(GString) good = NULL;
  gboolean timed_out = FALSE;
  guint id;
  GThread *thread;
  OverlapRun *run;

  g_assert_true (overlap_feed_server_listen_tcp (fixture->server, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (overlap_feed_server_get_tcp_port (fixture->server), >, 0);
  g_assert_cmpuint (strlen (overlap_feed_server_get_token (fixture->server)), ==, 36);
  address = g_inet_socket_address_new (loopback, overlap_feed_server_get_tcp_port (fixture->server));

  append_task (text, "b", 1, 0, "{}");
  wrong = connect_to (address);
  thread = send_text (wrong, text, FALSE);
  id = g_timeout_add_seconds (10, timeout_cb, &timed_out);
  while (overlap_feed_server_get_n_rejected (fixture->server) == 0 && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (id);
  join_sender (thread);
  g_assert_cmpuint (overlap_feed_server_get_n_rejected (fixture->server), ==, 1);
  g_assert_cmpuint (overlap_recording_get_n_runs (fixture->recording), ==, 0);

  good = g_string_new (overlap_feed_server_get_token (fixture->server));
  g_string_append_c (good, '\n');
  append_task (good, "b", 1, 0, "{}");
  append_task (good, "e", 1, 2000, "{}");
  right = connect_to (address);
  thread = send_text (right, good, TRUE);
  wait_for_runs (fixture, 1, 30);
  join_sender (thread);
  run = g_ptr_array_index (fixture->ended, 0);
  g_assert_cmpint (overlap_run_get_state (run), ==, OVERLAP_RUN_FINISHED);
  g_assert_cmpint (find_lane (run, "task 1", 0)->end, ==, 2000);
}

static void
test_socket_in_use (Fixture       *fixture,
                    gconstpointer  data)
{
  OverlapFeedServer *other = overlap_feed_server_new (fixture->recording);
  g_autoptr(GError) error = NULL;
  struct stat info;

  g_assert_cmpint (g_stat (fixture->socket_path, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0600);
  overlap_feed_server_set_socket_path (other, fixture->socket_path);
  g_assert_false (overlap_feed_server_start (other, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE);
  g_assert_true (g_file_test (fixture->socket_path, G_FILE_TEST_EXISTS));

  g_assert_finalize_object (other);
}

static void
test_default_path (void)
{
  g_autofree char *path = NULL;

  g_setenv ("FLATPAK_ID", "io.github.overlap.Overlap", TRUE);
  path = overlap_feed_default_socket_path ();
  g_assert_true (g_str_has_suffix (path, "/app/io.github.overlap.Overlap/overlap-feed.sock"));
  g_unsetenv ("FLATPAK_ID");
  g_free (path);
  path = overlap_feed_default_socket_path ();
  g_assert_true (g_str_has_suffix (path, "/overlap/feed.sock"));
}

/* Programs of the tests' own, beyond the tutorials' examples: what real
 * programs do that the examples do not (issue 15). */

typedef struct
{
  int          status;     /* exit status, or 128 + the signal that ended it */
  char        *out;
  char        *err;
  GSubprocess *process;    /* while it runs */
  guint        n_ended;    /* runs ended before it started */
  gboolean     listened;   /* under the probe, sending to the fixture's server */
} Outcome;

static void
outcome_clear (Outcome *outcome)
{
  g_clear_pointer (&outcome->out, g_free);
  g_clear_pointer (&outcome->err, g_free);
}

static void
communicated_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      data)
{
  Outcome *outcome = data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result, &outcome->out, &outcome->err, &error);
  g_assert_no_error (error);
  if (outcome->out == NULL)
    outcome->out = g_strdup ("");
  if (outcome->err == NULL)
    outcome->err = g_strdup ("");
}

/* Starts the Python program @script with /usr/bin/python3: under the probe
 * when @probe, OVERLAP_FEED pointing at @feed (NULL: at nothing). @input
 * goes to its stdin. */
static void
spawn_program (Fixture    *fixture,
               const char *script,
               gboolean    probe,
               const char *feed,
               const char *input,
               Outcome    *outcome)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *python_dir = g_test_build_filename (G_TEST_DIST, "..", "data", "python", NULL);
  g_autofree char *nowhere = g_build_filename (fixture->dir, "nobody-listens.sock", NULL);

  memset (outcome, 0, sizeof *outcome);
  outcome->n_ended = fixture->ended->len;
  outcome->listened = probe && feed == fixture->socket_path;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_cwd (launcher, fixture->dir);
  g_subprocess_launcher_setenv (launcher, "OVERLAP_FEED", feed ? feed : nowhere, TRUE);
  g_subprocess_launcher_setenv (launcher, "PYTHONPATH", python_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "PYTHONDONTWRITEBYTECODE", "1", TRUE);
  g_ptr_array_add (argv, (char *) PYTHON);
  if (probe)
    {
      g_ptr_array_add (argv, (char *) "-m");
      g_ptr_array_add (argv, (char *) "overlap_probe");
    }
  g_ptr_array_add (argv, (char *) script);
  g_ptr_array_add (argv, NULL);
  outcome->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (outcome->process, input ? input : "", NULL, communicated_cb, outcome);
}

/* Waits for the program to exit and, if it sent to the fixture's server
 * under the probe, for its run to end. */
static void
wait_program (Fixture *fixture,
              Outcome *outcome)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (90, timeout_cb, &timed_out);

  while ((outcome->out == NULL || (outcome->listened && fixture->ended->len == outcome->n_ended)) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  g_assert_false (timed_out);

  g_subprocess_wait (outcome->process, NULL, NULL);
  if (g_subprocess_get_if_signaled (outcome->process))
    outcome->status = 128 + g_subprocess_get_term_sig (outcome->process);
  else
    outcome->status = g_subprocess_get_exit_status (outcome->process);
  g_clear_object (&outcome->process);
  if (outcome->status != 0 || *outcome->err)
    g_test_message ("exited with %d; stderr:\n%s", outcome->status, outcome->err);
}

/* Saves @source as @name in the fixture's directory; returns its path. */
static char *
write_program (Fixture    *fixture,
               const char *name,
               const char *source)
{
  g_autoptr(GError) error = NULL;
  char *script = g_build_filename (fixture->dir, name, NULL);

  g_file_set_contents (script, source, -1, &error);
  g_assert_no_error (error);
  return script;
}

/* Runs @source, saved as @name, to its end (see spawn_program()). */
static void
run_program (Fixture    *fixture,
             const char *name,
             const char *source,
             gboolean    probe,
             const char *feed,
             const char *input,
             Outcome    *outcome)
{
  g_autofree char *script = write_program (fixture, name, source);

  spawn_program (fixture, script, probe, feed, input, outcome);
  wait_program (fixture, outcome);
  g_unlink (script);
}

/* The run the last program under the probe sent. */
static OverlapRun *
last_run (Fixture *fixture)
{
  g_assert_cmpuint (fixture->ended->len, >, 0);
  return g_ptr_array_index (fixture->ended, fixture->ended->len - 1);
}

static const char gather_then_one_by_one[] =
  "import asyncio\n"
  "\n"
  "async def f(i):\n"
  "    await asyncio.sleep(0.02 + 0.01 * i)\n"
  "    return i\n"
  "\n"
  "async def main():\n"
  "    await asyncio.gather(f(0), f(1), f(2))\n"
  "    await f(3)\n"
  "    await f(4)\n"
  "    await f(5)\n"
  "\n"
  "asyncio.run(main())\n";

/* Coroutines awaited one by one after a gather have their bars: a finished
 * task's frame, its address taken by a new coroutine, does not hide it. */
static void
test_gather_then_one_by_one (Fixture       *fixture,
                             gconstpointer  data)
{
  Outcome outcome;
  OverlapRun *run;
  const OverlapLane *f[6];

  if (skip_without_python ())
    return;
  run_program (fixture, "gather_then_one_by_one.py", gather_then_one_by_one, TRUE, fixture->socket_path, NULL, &outcome);
  g_assert_cmpint (outcome.status, ==, 0);
  g_assert_cmpstr (outcome.err, ==, "");
  run = last_run (fixture);
  g_assert_cmpint (overlap_run_get_state (run), ==, OVERLAP_RUN_FINISHED);
  for (guint i = 0; i < G_N_ELEMENTS (f); i++)
    {
      g_autofree char *label = g_strdup_printf ("f(%u)", i);

      f[i] = find_lane (run, label, 0);
      g_assert_cmpint (duration (f[i]), >=, 15 * 1000);
    }
  g_assert_true (overlap (f[0], f[1]) && overlap (f[1], f[2]));
  for (guint i = 3; i < G_N_ELEMENTS (f); i++)
    g_assert_cmpint (f[i]->start, >=, f[i - 1]->end);
  outcome_clear (&outcome);
}

/* Runs @source plainly, then under the probe with Overlap listening: the
 * program cannot tell (same exit status, output and errors). */
static void
assert_same_as_plain (Fixture    *fixture,
                      const char *name,
                      const char *source,
                      const char *input,
                      int         status)
{
  Outcome plain, probed;

  run_program (fixture, name, source, FALSE, NULL, input, &plain);
  run_program (fixture, name, source, TRUE, fixture->socket_path, input, &probed);
  g_assert_cmpint (plain.status, ==, status);
  g_assert_cmpint (probed.status, ==, plain.status);
  g_assert_cmpstr (probed.out, ==, plain.out);
  g_assert_cmpstr (probed.err, ==, plain.err);
  outcome_clear (&plain);
  outcome_clear (&probed);
}

/* The first lane whose label begins with @prefix. */
static const OverlapLane *
find_lane_prefix (OverlapRun *run,
                  const char *prefix)
{
  const OverlapLane *lanes;
  guint n;

  lanes = overlap_run_get_lanes (run, &n);
  for (guint i = 0; i < n; i++)
    if (g_str_has_prefix (overlap_run_string (run, lanes[i].label), prefix))
      return &lanes[i];
  g_test_message ("no lane beginning “%s”", prefix);
  g_assert_not_reached ();
}

static const char task_factory_py[] =
  "import asyncio\n"
  "\n"
  "\n"
  "class MyTask(asyncio.Task):\n"
  "    pass\n"
  "\n"
  "\n"
  "def factory(loop, coro, **kwargs):\n"
  "    return MyTask(coro, loop=loop, **kwargs)\n"
  "\n"
  "\n"
  "class Policy(asyncio.DefaultEventLoopPolicy):\n"
  "    def new_event_loop(self):\n"
  "        loop = super().new_event_loop()\n"
  "        loop.set_task_factory(factory)\n"
  "        return loop\n"
  "\n"
  "\n"
  "async def child(n):\n"
  "    await asyncio.sleep(0.02)\n"
  "    return n\n"
  "\n"
  "\n"
  "async def main():\n"
  "    loop = asyncio.get_running_loop()\n"
  "    task = asyncio.create_task(child(1))\n"
  "    print(loop.get_task_factory() is factory, type(asyncio.current_task()).__name__,\n"
  "          type(task).__name__, await task)\n"
  "\n"
  "\n"
  "asyncio.set_event_loop_policy(Policy())\n"
  "asyncio.run(main())\n";


/* A policy's task factory and its Task class stay: the probe chains to
 * them, and their tasks have bars. */
static void
test_task_factory (Fixture       *fixture,
                   gconstpointer  data)
{
  OverlapRun *run;

  if (skip_without_python ())
    return;
  assert_same_as_plain (fixture, "task_factory.py", task_factory_py, NULL, 0);
  run = last_run (fixture);
  g_assert_cmpint (overlap_run_get_state (run), ==, OVERLAP_RUN_FINISHED);
  g_assert_cmpint (duration (find_lane (run, "child(1)", 0)), >=, 15 * 1000);
  g_assert_cmpint (find_lane (run, "main()", 0)->result, ==, OVERLAP_RESULT_OK);
}

static const char runners_py[] =
  "import asyncio\n"
  "import threading\n"
  "\n"
  "\n"
  "class Loop(asyncio.SelectorEventLoop):\n"
  "    pass\n"
  "\n"
  "\n"
  "async def job(name):\n"
  "    await asyncio.sleep(0.02)\n"
  "    return name\n"
  "\n"
  "\n"
  "results = {}\n"
  "\n"
  "\n"
  "def in_thread(name):\n"
  "    results[name] = asyncio.run(job(name))\n"
  "\n"
  "\n"
  "print(asyncio.run(job(\"run 1\")))\n"
  "print(asyncio.run(job(\"run 2\")))\n"
  "with asyncio.Runner(loop_factory=Loop) as runner:\n"
  "    print(runner.run(job(\"runner\")), type(runner.get_loop()).__name__)\n"
  "threads = [threading.Thread(target=in_thread, args=(\"thread %d\" % i,)) for i in range(2)]\n"
  "for thread in threads:\n"
  "    thread.start()\n"
  "for thread in threads:\n"
  "    thread.join()\n"
  "print(sorted(results.values()))\n";


/* asyncio.run twice, Runner(loop_factory=…), loops in two threads: all watched. */
static void
test_runners (Fixture       *fixture,
              gconstpointer  data)
{
  const char *names[] = { "job('run 1')", "job('run 2')", "job('runner')", "job('thread 0')", "job('thread 1')" };
  OverlapRun *run;

  if (skip_without_python ())
    return;
  assert_same_as_plain (fixture, "runners.py", runners_py, NULL, 0);
  run = last_run (fixture);
  g_assert_cmpint (overlap_run_get_state (run), ==, OVERLAP_RUN_FINISHED);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const OverlapLane *lane = find_lane (run, names[i], 0);

      g_assert_cmpint (duration (lane), >=, 15 * 1000);
      g_assert_true (g_str_has_suffix (overlap_run_string (run, lane->detail), " · job"));   /* a task's */
    }
}

static const char reprs_py[] =
  "import asyncio\n"
  "import time\n"
  "\n"
  "\n"
  "class Unprintable:\n"
  "    def __repr__(self):\n"
  "        raise RuntimeError(\"no repr\")\n"
  "\n"
  "\n"
  "async def f(value):\n"
  "    await asyncio.sleep(0)\n"
  "\n"
  "\n"
  "async def main():\n"
  "    big = list(range(1_000_000))\n"
  "    start = time.perf_counter()\n"
  "    await asyncio.gather(*(f(big) for _ in range(100)))\n"
  "    elapsed = time.perf_counter() - start\n"
  "    await asyncio.create_task(f(Unprintable()))\n"
  "    await asyncio.create_task(f(\"x\" * 100_000))\n"
  "    await asyncio.create_task(f(10 ** 10_000))\n"
  "    print(\"fast\" if elapsed < 1.5 else \"slow: %.2f s\" % elapsed)\n"
  "\n"
  "\n"
  "asyncio.run(main())\n";


/* Arguments are shown through a bounded repr: a huge one costs little, one
 * whose __repr__ raises does not break create_task. */
static void
test_reprs (Fixture       *fixture,
            gconstpointer  data)
{
  OverlapRun *run;

  if (skip_without_python ())
    return;
  assert_same_as_plain (fixture, "reprs.py", reprs_py, NULL, 0);
  run = last_run (fixture);
  g_assert_cmpint (find_lane (run, "f([0, 1, 2, 3, 4, 5, ...])", 99)->result, ==, OVERLAP_RESULT_OK);
  g_assert_cmpint (find_lane_prefix (run, "f(<Unprintable instance")->result, ==, OVERLAP_RESULT_OK);
  g_assert_cmpint (find_lane (run, "f('xxxxxxxxxxxxxxxxxxxxxx…)", 0)->result, ==, OVERLAP_RESULT_OK);
  g_assert_cmpint (find_lane (run, "f(<int of 33220 bits>)", 0)->result, ==, OVERLAP_RESULT_OK);
}

static const char flood_py[] =
  "import asyncio\n"
  "\n"
  "\n"
  "async def work():\n"
  "    for _ in range(10):\n"
  "        await asyncio.sleep(0)\n"
  "\n"
  "\n"
  "async def main():\n"
  "    await asyncio.gather(*(work() for _ in range(5000)))\n"
  "    print(\"done\")\n"
  "\n"
  "\n"
  "asyncio.run(main())\n";


/* A listener that accepts but never reads: the program runs to its end
 * anyway, and says on stderr how many events could not be sent. */
static void
test_deaf_listener (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "deaf.sock", NULL);
  g_autoptr(GSocketAddress) address = g_unix_socket_address_new (path);
  g_autoptr(GSocket) deaf = NULL;
  g_autoptr(GError) error = NULL;
  Outcome outcome;
  gint64 start;

  if (skip_without_python ())
    return;
  deaf = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, 0, &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_bind (deaf, address, TRUE, &error));
  g_assert_true (g_socket_listen (deaf, &error));   /* and never accepts */

  start = g_get_monotonic_time ();
  run_program (fixture, "flood.py", flood_py, TRUE, path, NULL, &outcome);
  g_test_message ("with a deaf listener: %.1f s", (g_get_monotonic_time () - start) / 1e6);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 45 * G_USEC_PER_SEC);
  g_assert_cmpint (outcome.status, ==, 0);
  g_assert_cmpstr (outcome.out, ==, "done\n");
  g_assert_true (g_regex_match_simple ("^overlap_probe: [0-9]+ events were dropped: Overlap did not read them in time\n$",
                                       outcome.err, 0, 0));
  outcome_clear (&outcome);
  g_socket_close (deaf, NULL);
  g_unlink (path);
}

static const char exit_clean_py[] =
  "import asyncio\n"
  "import logging\n"
  "import threading\n"
  "import time\n"
  "\n"
  "try:\n"
  "    import aiohttp\n"
  "except ImportError:\n"
  "    aiohttp = None\n"
  "\n"
  "\n"
  "async def main():\n"
  "    if aiohttp is not None:\n"
  "        async with aiohttp.ClientSession():\n"
  "            pass\n"
  "    await asyncio.sleep(0.01)\n"
  "\n"
  "\n"
  "def forever():\n"
  "    async def tick():\n"
  "        while True:\n"
  "            await asyncio.sleep(0.001)\n"
  "    asyncio.run(tick())\n"
  "\n"
  "\n"
  "logging.basicConfig()\n"
  "asyncio.run(main())\n"
  "threading.Thread(target=forever, daemon=True).start()\n"
  "time.sleep(0.1)\n";


/* Nothing of the probe's at interpreter exit (aiohttp imported, a loop
 * still running in a daemon thread): stderr stays empty. */
static void
test_exit_clean (Fixture       *fixture,
                 gconstpointer  data)
{
  if (skip_without_python ())
    return;
  assert_same_as_plain (fixture, "exit_clean.py", exit_clean_py, NULL, 0);
  g_assert_cmpint (find_lane (last_run (fixture), "main()", 0)->result, ==, OVERLAP_RESULT_OK);
}

static const char failing_py[] =
  "import asyncio\n"
  "\n"
  "\n"
  "async def inner():\n"
  "    await asyncio.sleep(0.01)\n"
  "    raise ValueError(\"boom\")\n"
  "\n"
  "\n"
  "async def main():\n"
  "    await asyncio.create_task(inner())\n"
  "\n"
  "\n"
  "asyncio.run(main())\n";

static const char interrupted_py[] =
  "import asyncio\n"
  "\n"
  "\n"
  "def interrupt():\n"
  "    raise KeyboardInterrupt\n"
  "\n"
  "\n"
  "async def main():\n"
  "    asyncio.get_running_loop().call_soon(interrupt)\n"
  "    await asyncio.sleep(1)\n"
  "\n"
  "\n"
  "asyncio.run(main())\n";

static const char exits_py[] =
  "import asyncio\n"
  "import sys\n"
  "\n"
  "\n"
  "async def main(text):\n"
  "    await asyncio.sleep(0.01)\n"
  "    return text.upper()\n"
  "\n"
  "\n"
  "print(asyncio.run(main(sys.stdin.read())), end=\"\")\n"
  "sys.exit(3)\n";


/* Tracebacks as without the probe (none of its frames), exit statuses,
 * KeyboardInterrupt, sys.exit, stdin and stdout. */
static void
test_tracebacks (Fixture       *fixture,
                 gconstpointer  data)
{
  OverlapRun *run;

  if (skip_without_python ())
    return;
  assert_same_as_plain (fixture, "failing.py", failing_py, NULL, 1);
  run = last_run (fixture);
  g_assert_cmpint (find_lane (run, "inner()", 0)->result, ==, OVERLAP_RESULT_FAILED);
  g_assert_cmpstr (overlap_run_string (run, find_lane (run, "inner()", 0)->message), ==, "ValueError: boom");
  g_assert_cmpint (find_lane (run, "main()", 0)->result, ==, OVERLAP_RESULT_FAILED);
  assert_same_as_plain (fixture, "interrupted.py", interrupted_py, NULL, 128 + SIGINT);
  assert_same_as_plain (fixture, "exits.py", exits_py, "from stdin\n", 3);
}

/* CPython's own asyncio tests (libpython3.11-testsuite), a subset that takes
 * well under a minute: each test's outcome, printed sorted. */
static const char asyncio_subset_py[] =
  "import logging\n"
  "import sys\n"
  "import unittest\n"
  "\n"
  "try:\n"
  "    import test.test_asyncio.utils  # noqa: F401 — libpython3.11-testsuite\n"
  "except ImportError:\n"
  "    print(\"no CPython test suite\")\n"
  "    sys.exit(77)\n"
  "\n"
  "SUBSET = [\n"
  "    \"test.test_asyncio.test_tasks.CTask_CFuture_Tests\",\n"
  "    \"test.test_asyncio.test_tasks.PyTask_PyFuture_Tests\",\n"
  "    \"test.test_asyncio.test_tasks.CTask_Future_Tests\",\n"
  "    \"test.test_asyncio.test_tasks.CoroutineGatherTests\",\n"
  "    \"test.test_asyncio.test_tasks.FutureGatherTests\",\n"
  "    \"test.test_asyncio.test_tasks.RunCoroutineThreadsafeTests\",\n"
  "    \"test.test_asyncio.test_tasks.CIntrospectionTests\",\n"
  "    \"test.test_asyncio.test_tasks.CCurrentLoopTests\",\n"
  "    \"test.test_asyncio.test_tasks.GenericTaskTests\",\n"
  "    \"test.test_asyncio.test_tasks.SleepTests\",\n"
  "    \"test.test_asyncio.test_taskgroups\",\n"
  "    \"test.test_asyncio.test_timeouts\",\n"
  "    \"test.test_asyncio.test_runners\",\n"
  "    \"test.test_asyncio.test_locks\",\n"
  "    \"test.test_asyncio.test_queues\",\n"
  "]\n"
  "# slow and covered by a sibling of theirs\n"
  "LEFT_OUT = {\n"
  "    \"test.test_asyncio.test_tasks.PyTask_PyFuture_Tests.test_task_del_collect\",\n"
  "    \"test.test_asyncio.test_tasks.PyTask_PyFuture_Tests.test_cancel_gather_2\",\n"
  "    \"test.test_asyncio.test_taskgroups.TestTaskGroup.test_taskgroup_23\",\n"
  "}\n"
  "\n"
  "\n"
  "def tests(suite):\n"
  "    for test in suite:\n"
  "        if isinstance(test, unittest.TestSuite):\n"
  "            yield from tests(test)\n"
  "        elif test.id() not in LEFT_OUT:\n"
  "            yield test\n"
  "\n"
  "\n"
  "# asyncio's debug mode warns of slow callbacks (\"Executing … took 0.2 seconds\"):\n"
  "# a matter of the machine's load, not of the probe\n"
  "logging.getLogger(\"asyncio\").addFilter(lambda record: not str(record.msg).startswith(\"Executing \"))\n"
  "\n"
  "\n"
  "class Outcomes(unittest.TestResult):\n"
  "    def __init__(self):\n"
  "        super().__init__()\n"
  "        self.lines = []\n"
  "\n"
  "    def addSuccess(self, test):\n"
  "        self.lines.append(\"%s ok\" % test.id())\n"
  "\n"
  "    def addFailure(self, test, err):\n"
  "        super().addFailure(test, err)\n"
  "        self.lines.append(\"%s FAIL\" % test.id())\n"
  "\n"
  "    def addError(self, test, err):\n"
  "        super().addError(test, err)\n"
  "        self.lines.append(\"%s ERROR\" % test.id())\n"
  "\n"
  "    def addSkip(self, test, reason):\n"
  "        self.lines.append(\"%s skipped: %s\" % (test.id(), reason))\n"
  "\n"
  "    def addExpectedFailure(self, test, err):\n"
  "        self.lines.append(\"%s expected failure\" % test.id())\n"
  "\n"
  "    def addUnexpectedSuccess(self, test):\n"
  "        self.lines.append(\"%s unexpected success\" % test.id())\n"
  "\n"
  "\n"
  "result = Outcomes()\n"
  "unittest.TestSuite(tests(unittest.defaultTestLoader.loadTestsFromNames(SUBSET))).run(result)\n"
  "print(\"\\n\".join(sorted(result.lines)))\n"
  "for test, trace in result.failures + result.errors:\n"
  "    print(trace, file=sys.stderr)\n"
  "print(\"%d tests\" % result.testsRun)\n"
  "sys.exit(0 if result.wasSuccessful() else 1)\n";

/* The subset passes under the probe exactly as without it, with Overlap
 * listening and with nothing listening: the three run side by side (the
 * tests mostly wait). */
static void
test_asyncio_suite (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *script = NULL;
  g_autofree char *warning = NULL;
  Outcome plain, listened, alone;
  const char *rest;
  guint n_lanes;

  if (skip_without_python ())
    return;
  script = write_program (fixture, "asyncio_subset.py", asyncio_subset_py);
  spawn_program (fixture, script, FALSE, NULL, NULL, &plain);
  spawn_program (fixture, script, TRUE, fixture->socket_path, NULL, &listened);
  spawn_program (fixture, script, TRUE, NULL, NULL, &alone);
  wait_program (fixture, &plain);
  wait_program (fixture, &listened);
  wait_program (fixture, &alone);
  g_unlink (script);

  if (plain.status == 77)
    g_test_skip ("CPython's test suite is not installed (libpython3.11-testsuite)");
  else
    {
      g_assert_cmpint (plain.status, ==, 0);
      g_assert_true (g_str_has_suffix (plain.out, " tests\n"));
      g_assert_cmpint (listened.status, ==, plain.status);
      g_assert_cmpstr (listened.out, ==, plain.out);
      g_assert_cmpstr (listened.err, ==, plain.err);
      g_assert_cmpint (alone.status, ==, plain.status);
      g_assert_cmpstr (alone.out, ==, plain.out);
      /* its one warning, then the same */
      rest = strchr (alone.err, '\n');
      g_assert_nonnull (rest);
      warning = g_strndup (alone.err, rest - alone.err);
      g_assert_true (g_str_has_prefix (warning, "overlap_probe: no Overlap is listening"));
      g_assert_cmpstr (rest + 1, ==, plain.err);
      overlap_run_get_lanes (last_run (fixture), &n_lanes);
      g_assert_cmpuint (n_lanes, >, 400);
    }
  outcome_clear (&plain);
  outcome_clear (&listened);
  outcome_clear (&alone);
}

/* The Node.js probe: programs under `node --import overlap-probe.mjs`, each
 * through the same socket as the Python examples. */

typedef struct
{
  char    *stdout_text;
  char    *stderr_text;
  int      status;        /* the exit status */
} NodeOutcome;

static void
node_outcome_clear (NodeOutcome *outcome)
{
  g_clear_pointer (&outcome->stdout_text, g_free);
  g_clear_pointer (&outcome->stderr_text, g_free);
}

static void
node_communicated_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      data)
{
  NodeOutcome *outcome = data;
  g_autoptr(GError) error = NULL;
  GSubprocess *process = G_SUBPROCESS (object);

  g_subprocess_communicate_utf8_finish (process, result, &outcome->stdout_text, &outcome->stderr_text, &error);
  g_assert_no_error (error);
  outcome->status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
}

static char *
node_path (void)
{
  return g_find_program_in_path ("node");
}

static char *
probe_path (void)
{
  return g_test_build_filename (G_TEST_DIST, "..", "data", "node", "overlap-probe.mjs", NULL);
}

/* Node.js 18 or later, with --import. */
static gboolean
skip_without_node (void)
{
  static int usable = -1;

  if (usable < 0)
    {
      g_autofree char *node = node_path ();
      g_autofree char *probe = probe_path ();
      int status = -1;

      usable = node != NULL;
      if (usable)
        {
          const char *argv[] = { node, "--import", probe, "-e", "0", NULL };
          const char *envp[] = { "OVERLAP_FEED=/nonexistent/overlap/feed.sock", NULL };

          usable = g_spawn_sync (NULL, (char **) argv, (char **) envp, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                                 NULL, NULL, NULL, NULL, &status, NULL) &&
                   g_spawn_check_wait_status (status, NULL);
        }
    }
  if (!usable)
    g_test_skip ("no Node.js 18 or later (node, with --import) on PATH");
  return !usable;
}

/* Runs @script (a path) under the probe (or without it, when @plain) with
 * @arg, its timers scaled by @time_scale (NULL: not), and waits for it to
 * exit and, when @feed is TRUE, for its run to end; @feed_path, when not
 * NULL, replaces the fixture's socket. */
static void
run_node_full (Fixture     *fixture,
               const char  *script,
               const char  *arg,
               const char  *time_scale,
               const char  *feed_path,
               gboolean     feed,
               gboolean     plain,
               NodeOutcome *outcome)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *node = node_path ();
  g_autofree char *probe = probe_path ();
  gboolean timed_out = FALSE;
  guint id;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "OVERLAP_FEED", feed_path ? feed_path : fixture->socket_path, TRUE);
  if (time_scale != NULL)
    g_subprocess_launcher_setenv (launcher, "OVERLAP_TIME_SCALE", time_scale, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "NODE_OPTIONS");
  if (plain)
    process = g_subprocess_launcher_spawn (launcher, &error, node, script, arg, NULL);
  else
    process = g_subprocess_launcher_spawn (launcher, &error, node, "--import", probe, script, arg, NULL);
  g_assert_no_error (error);

  outcome->status = G_MININT;
  g_subprocess_communicate_utf8_async (process, NULL, NULL, node_communicated_cb, outcome);
  id = g_timeout_add_seconds (60, timeout_cb, &timed_out);
  while ((outcome->status == G_MININT || (feed && fixture->ended->len == 0)) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  if (outcome->stderr_text != NULL && *outcome->stderr_text != '\0')
    g_test_message ("%s said: %s", script, outcome->stderr_text);
  g_assert_false (timed_out);
}

/* Runs data/node/examples/@name (or @name itself, a path) with @arg and
 * returns its run, which must have ended well, alone. */
static OverlapRun *
run_node (Fixture    *fixture,
          const char *name,
          const char *arg,
          const char *time_scale)
{
  g_autofree char *example = g_test_build_filename (G_TEST_DIST, "..", "data", "node", "examples", name, NULL);
  g_autofree char *title = g_path_get_basename (name);
  NodeOutcome outcome = { 0 };
  OverlapRun *run;

  run_node_full (fixture, g_path_is_absolute (name) ? name : example, arg, time_scale, NULL, TRUE, FALSE, &outcome);
  g_assert_cmpint (outcome.status, ==, 0);
  node_outcome_clear (&outcome);
  g_assert_cmpuint (fixture->ended->len, ==, 1);
  run = g_ptr_array_index (fixture->ended, 0);
  g_assert_cmpstr (overlap_run_get_title (run), ==, title);
  g_assert_cmpint (overlap_run_get_state (run), ==, OVERLAP_RUN_FINISHED);
  g_assert_cmpstr (overlap_run_get_note (run), ==, NULL);
  return run;
}

/* A program of the test's own, in the fixture's directory while it runs. */
static char *
write_script (Fixture    *fixture,
              const char *name,
              const char *text)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fixture->dir, name, NULL);

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return path;
}

/* The lanes' labels in order, "|"-separated. */
static char *
lane_labels (OverlapRun *run)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) labels = NULL;
  const OverlapLane *lanes;
  guint n;

  lanes = overlap_run_get_lanes (run, &n);
  for (guint i = 0; i < n; i++)
    g_strv_builder_add (builder, overlap_run_string (run, lanes[i].label));
  labels = g_strv_builder_end (builder);
  return g_strjoinv ("|", labels);
}

/* The longest span of @phase on @lane, 0 if none. */
static gint64
longest_phase (OverlapRun        *run,
               const OverlapLane *lane,
               OverlapPhase       phase)
{
  guint index = lane - overlap_run_get_lanes (run, NULL);
  const OverlapSpan *spans;
  gint64 longest = 0;
  guint n;

  spans = overlap_run_get_spans (run, &n);
  for (guint i = 0; i < n; i++)
    if (spans[i].lane == index && spans[i].phase == phase && spans[i].end > spans[i].start)
      longest = MAX (longest, spans[i].end - spans[i].start);
  return longest;
}

static const OverlapCounter *
find_counter (OverlapRun *run,
              const char *name)
{
  const OverlapCounter *counters;
  guint n;

  counters = overlap_run_get_counters (run, &n);
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (counters[i].name, name) == 0)
      return &counters[i];
  return NULL;
}

static void
test_node_promise_all (Fixture       *fixture,
                       gconstpointer  data)
{
  OverlapRun *run;
  const OverlapLane *a, *b, *c, *all, *main_lane;
  g_autofree char *labels = NULL;

  if (skip_without_node ())
    return;
  run = run_node (fixture, "abc_all.mjs", NULL, "0.1");
  labels = lane_labels (run);
  /* the call awaiting first, then the Promise.all it awaits, then its elements */
  g_assert_cmpstr (labels, ==, "main()|Promise.all|task('A', 2)|task('B', 1)|task('C', 3)");
  main_lane = find_lane (run, "main()", 0);
  all = find_lane (run, "Promise.all", 0);
  a = find_lane (run, "task('A', 2)", 0);
  b = find_lane (run, "task('B', 1)", 0);
  c = find_lane (run, "task('C', 3)", 0);

  g_assert_true (overlap (a, b) && overlap (b, c) && overlap (a, c));
  assert_ratio (duration (c), duration (b), 1.8, 4.5);
  assert_ratio (duration (a), duration (b), 1.3, 3.0);
  g_assert_cmpint (b->end, <, a->end);
  g_assert_cmpint (a->end, <, c->end);
  /* Promise.all: from its elements' start to the last one's end, about C */
  g_assert_cmpint (all->start, >=, c->start);
  g_assert_cmpint (all->end, >=, c->end);
  assert_ratio (duration (all), duration (c), 0.9, 1.3);
  g_assert_cmpint (duration (main_lane), <, (duration (a) + duration (b) + duration (c)) * 3 / 4);
  g_assert_nonnull (find_counter (run, "loop lag"));
  /* where each was made: the call's own line */
  assert_source (run, main_lane, "abc_all.mjs", "main();");
  assert_source (run, all, "abc_all.mjs", "Promise.all([");
  assert_source (run, a, "abc_all.mjs", "task('A', 2)");
  assert_source (run, b, "abc_all.mjs", "task('B', 1)");
  assert_source (run, c, "abc_all.mjs", "task('C', 3)");
}

static void
test_node_timers (Fixture       *fixture,
                  gconstpointer  data)
{
  OverlapRun *run;
  const OverlapLane *a1, *b1, *a2, *b2, *sequential, *concurrent;
  g_autofree char *labels = NULL;

  if (skip_without_node ())
    return;
  run = run_node (fixture, "sequential_vs_all.mjs", NULL, "0.2");
  labels = lane_labels (run);
  g_assert_cmpstr (labels, ==, "main()|sequential()|task('Task A', 2)|task('Task B', 1)|"
                               "concurrent()|Promise.all|task('Task A', 2)|task('Task B', 1)");
  sequential = find_lane (run, "sequential()", 0);
  concurrent = find_lane (run, "concurrent()", 0);
  a1 = find_lane (run, "task('Task A', 2)", 0);
  b1 = find_lane (run, "task('Task B', 1)", 0);
  a2 = find_lane (run, "task('Task A', 2)", 1);
  b2 = find_lane (run, "task('Task B', 1)", 1);

  /* one after another: B starts when A is done; together: B ends first */
  g_assert_false (overlap (a1, b1));
  g_assert_cmpint (b1->start, >=, a1->end);
  g_assert_true (overlap (a2, b2));
  g_assert_cmpint (b2->end, <, a2->end);
  g_assert_cmpint (concurrent->start, >=, sequential->end);
  assert_ratio (duration (a1), duration (b1), 1.3, 3.0);
  assert_ratio (duration (sequential), duration (concurrent), 1.2, 2.0);
  /* the awaits are waits (a step that a loaded machine held up may pass for blocking) */
  g_assert_cmpint (longest_phase (run, a1, OVERLAP_PHASE_BLOCKING), <, duration (a1) / 10);
  g_assert_cmpint (longest_phase (run, a1, OVERLAP_PHASE_WAITING), >, duration (a1) * 8 / 10);
}

static void
test_node_failure (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *script = write_script (fixture, "failure.mjs",
    "import { setTimeout as sleep } from 'node:timers/promises';\n"
    "async function fetchUser(id) {\n"
    "  await sleep(20);\n"
    "  if (id === 2)\n"
    "    throw new TypeError(`no user ${id}`);\n"
    "  return id;\n"
    "}\n"
    "async function main() {\n"
    "  await Promise.allSettled([fetchUser(1), fetchUser(2)]);\n"
    "  try {\n"
    "    await Promise.all([fetchUser(2), fetchUser(3)]);\n"
    "  } catch (error) {\n"
    "    console.log('caught', error.message);\n"
    "  }\n"
    "}\n"
    "main();\n");
  OverlapRun *run;
  const OverlapLane *lane;
  g_autofree char *labels = NULL;

  if (skip_without_node ())
    return;
  run = run_node (fixture, script, NULL, "0.5");
  g_unlink (script);
  labels = lane_labels (run);
  g_assert_cmpstr (labels, ==, "main()|Promise.allSettled|fetchUser(1)|fetchUser(2)|Promise.all|fetchUser(2)|fetchUser(3)");

  g_assert_cmpint (find_lane (run, "fetchUser(1)", 0)->result, ==, OVERLAP_RESULT_OK);
  g_assert_cmpint (find_lane (run, "fetchUser(3)", 0)->result, ==, OVERLAP_RESULT_OK);
  g_assert_cmpint (find_lane (run, "Promise.allSettled", 0)->result, ==, OVERLAP_RESULT_OK);
  g_assert_cmpint (find_lane (run, "main()", 0)->result, ==, OVERLAP_RESULT_OK);
  for (guint i = 0; i < 2; i++)
    {
      lane = find_lane (run, "fetchUser(2)", i);
      g_assert_cmpint (lane->result, ==, OVERLAP_RESULT_FAILED);
      g_assert_cmpstr (overlap_run_string (run, lane->message), ==, "TypeError: no user 2");
    }
  lane = find_lane (run, "Promise.all", 0);
  g_assert_cmpint (lane->result, ==, OVERLAP_RESULT_FAILED);
  g_assert_cmpstr (overlap_run_string (run, lane->message), ==, "TypeError: no user 2");
}

/* An exception no one catches ends the program as it would without the
 * probe: its message on stderr, exit status 1; its call failed. */
static void
test_node_uncaught (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *script = write_script (fixture, "uncaught.mjs",
    "async function boom() {\n"
    "  await null;\n"
    "  throw new RangeError('out of range');\n"
    "}\n"
    "console.log('before');\n"
    "boom();\n");
  NodeOutcome outcome = { 0 }, plain = { 0 };
  OverlapRun *run;
  const OverlapLane *lane;

  if (skip_without_node ())
    return;
  run_node_full (fixture, script, NULL, NULL, NULL, FALSE, TRUE, &plain);
  run_node_full (fixture, script, NULL, NULL, NULL, TRUE, FALSE, &outcome);
  g_unlink (script);
  g_assert_cmpint (plain.status, ==, 1);
  g_assert_cmpint (outcome.status, ==, 1);
  g_assert_cmpstr (outcome.stdout_text, ==, "before\n");
  /* the same words, the same place of the throw: the probe read nothing of the error's own */
  g_assert_cmpstr (outcome.stderr_text, ==, plain.stderr_text);
  g_assert_nonnull (strstr (outcome.stderr_text, "uncaught.mjs:3\n  throw new RangeError('out of range');"));
  node_outcome_clear (&outcome);
  node_outcome_clear (&plain);

  run = g_ptr_array_index (fixture->ended, 0);
  lane = find_lane (run, "boom()", 0);
  g_assert_cmpint (lane->result, ==, OVERLAP_RESULT_FAILED);
  g_assert_cmpstr (overlap_run_string (run, lane->message), ==, "RangeError: out of range");
}

static void
test_node_stall (Fixture       *fixture,
                 gconstpointer  data)
{
  OverlapRun *run;
  const OverlapLane *compute1, *compute2, *timer;
  const OverlapCounter *lag;
  const OverlapSample *samples;
  double longest = 0;
  OverlapRunStats stats;

  if (skip_without_node ())
    return;
  /* the computations are real work, not scaled: 1 s each, on the loop */
  run = run_node (fixture, "cpu_pitfall.mjs", NULL, "0.5");
  compute1 = find_lane (run, "compute('compute 1', 1)", 0);
  compute2 = find_lane (run, "compute('compute 2', 1)", 0);
  timer = find_lane (run, "timer('timer 0.5 s', 0.5)", 0);

  g_assert_cmpint (longest_phase (run, compute1, OVERLAP_PHASE_BLOCKING), >=, 1000 * 1000);
  g_assert_cmpint (longest_phase (run, compute1, OVERLAP_PHASE_BLOCKING), <, 1300 * 1000);
  g_assert_cmpint (longest_phase (run, compute2, OVERLAP_PHASE_BLOCKING), >=, 1000 * 1000);
  /* the timer of 0.25 s (scaled) could only fire when both were done */
  g_assert_cmpint (timer->end, >=, compute2->end);
  g_assert_cmpint (longest_phase (run, timer, OVERLAP_PHASE_BLOCKING), <, 100 * 1000);   /* its own step: a print */

  /* the loop-lag lane: one stall of both computations, as Overlap's own runs record it */
  lag = find_counter (run, "loop lag");
  g_assert_nonnull (lag);
  samples = (const OverlapSample *) (gpointer) lag->samples->data;
  for (guint i = 0; i < lag->samples->len; i++)
    longest = MAX (longest, samples[i].value);
  g_test_message ("longest stall %.1f ms", longest);
  g_assert_cmpfloat (longest, >=, 2000);
  g_assert_cmpfloat (longest, <, 2600);
  /* and the run's summary (the headless table's "longest stall") says the same */
  overlap_run_get_stats (run, &stats);
  g_assert_cmpint (stats.longest_stall, ==, (gint64) (longest * 1000.0));
}

/* The CPU pitfall's computations in worker threads: each on a thread's lane
 * of its own ("Worker 1", "Worker 2", kind "thread"), side by side, while
 * the loop stays free and the timers fire on time. */
static void
test_node_worker (Fixture       *fixture,
                  gconstpointer  data)
{
  OverlapRun *run;
  const OverlapLane *worker1, *worker2, *compute1, *timer;

  if (skip_without_node ())
    return;
  run = run_node (fixture, "cpu_worker.mjs", NULL, "0.5");
  worker1 = find_lane (run, "Worker 1", 0);
  worker2 = find_lane (run, "Worker 2", 0);
  compute1 = find_lane (run, "compute('compute 1', 1)", 0);
  timer = find_lane (run, "timer('timer 0.5 s', 0.5)", 0);

  g_assert_cmpstr (overlap_run_string (run, worker1->kind), ==, "thread");
  g_assert_cmpstr (overlap_run_string (run, worker2->kind), ==, "thread");
  /* 1 s of work each (not scaled), at the same time; the lane opens when the
   * main thread hears the thread is online, which may be a little after its
   * work began */
  g_assert_cmpint (duration (worker1), >=, 950 * 1000);
  g_assert_cmpint (duration (worker2), >=, 950 * 1000);
  g_assert_cmpint (worker2->start, <, worker1->end);
  /* the call that made the thread awaited it, and it was never the loop's work */
  g_assert_cmpint (compute1->end, >=, worker1->end);
  g_assert_cmpint (longest_phase (run, compute1, OVERLAP_PHASE_BLOCKING), <, 200 * 1000);
  /* the timer of 0.25 s (scaled) fired long before the threads were done */
  g_assert_cmpint (timer->end, <, worker1->end - 300 * 1000);
}

static void
test_node_http (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(OverlapDemoServer) server = NULL;
  g_autoptr(GError) error = NULL;
  OverlapRun *run;
  const OverlapLane *lanes;
  guint n, n_http = 0, n_calls = 0, n_before_first_end = 0;
  gint64 first_end = G_MAXINT64;

  if (skip_without_node ())
    return;
  server = overlap_demo_server_new ();
  g_assert_true (overlap_demo_server_start (server, 0, &error));
  g_assert_no_error (error);
  run = run_node (fixture, "scraper.mjs", overlap_demo_server_get_uri (server), NULL);
  g_assert_cmpuint (overlap_demo_server_get_n_requests (server), ==, 100);
  overlap_demo_server_stop (server);

  lanes = overlap_run_get_lanes (run, &n);
  g_assert_cmpstr (overlap_run_string (run, lanes[0].label), ==, "main()");
  for (guint i = 0; i < n; i++)
    {
      const char *label = overlap_run_string (run, lanes[i].label);

      if (g_strcmp0 (overlap_run_string (run, lanes[i].kind), "http") == 0)
        {
          n_http++;
          g_assert_cmpstr (label, ==, "GET /data?size=64k&delay=200ms");
          g_assert_cmpint (lanes[i].result, ==, OVERLAP_RESULT_OK);
          /* the server answers after 200 ms: the request waited that long at least */
          g_assert_cmpint (lanes[i].end - lanes[i].start, >=, 200 * 1000);
          g_assert_cmpint (longest_phase (run, &lanes[i], OVERLAP_PHASE_QUEUED) +
                           longest_phase (run, &lanes[i], OVERLAP_PHASE_WAITING), >, 0);
          g_assert_cmpint (longest_phase (run, &lanes[i], OVERLAP_PHASE_RECEIVING), >, 0);
          first_end = MIN (first_end, lanes[i].end);
        }
      else if (g_strcmp0 (label, "fetchPage(url)") == 0)
        {
          n_calls++;
          g_assert_cmpint (lanes[i].result, ==, OVERLAP_RESULT_OK);
        }
    }
  g_assert_cmpuint (n_http, ==, 100);
  g_assert_cmpuint (n_calls, ==, 100);
  /* all at once: many began before the first was answered (one after another, one would have) */
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (overlap_run_string (run, lanes[i].kind), "http") == 0 && lanes[i].start < first_end)
      n_before_first_end++;
  g_test_message ("%u requests began before the first answer", n_before_first_end);
  g_assert_cmpuint (n_before_first_end, >=, 25);
  g_assert_cmpint (find_lane (run, "Promise.all", 0)->result, ==, OVERLAP_RESULT_OK);
}

/* With no Overlap listening the program runs as it would without the
 * probe; with one that takes nothing, it is not held up either. */
static void
test_node_nobody (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *example = g_test_build_filename (G_TEST_DIST, "..", "data", "node", "examples", "hello_world.mjs", NULL);
  g_autofree char *nowhere = g_build_filename (fixture->dir, "nobody.sock", NULL);
  NodeOutcome outcome = { 0 };

  if (skip_without_node ())
    return;
  run_node_full (fixture, example, NULL, "0.05", nowhere, FALSE, FALSE, &outcome);
  g_assert_cmpint (outcome.status, ==, 0);
  g_assert_cmpstr (outcome.stdout_text, ==, "Hello\nWorld\n");
  g_assert_cmpstr (outcome.stderr_text, ==, "");
  node_outcome_clear (&outcome);
  g_assert_cmpuint (fixture->ended->len, ==, 0);
}

static void
test_node_deaf (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *script = write_script (fixture, "busy.mjs",
    "import { setImmediate as tick } from 'node:timers/promises';\n"
    "async function worker() {\n"
    "  for (let i = 0; i < 10; i++)\n"
    "    await tick();\n"
    "}\n"
    "const calls = [];\n"
    "for (let i = 0; i < 20000; i++)\n"
    "  calls.push(worker());\n"
    "await Promise.all(calls);\n"
    "console.log('done');\n");
  g_autofree char *deaf_path = g_build_filename (fixture->dir, "deaf.sock", NULL);
  g_autoptr(GSocketAddress) address = g_unix_socket_address_new (deaf_path);
  g_autoptr(GSocket) deaf = NULL;
  g_autoptr(GError) error = NULL;
  NodeOutcome outcome = { 0 };
  gint64 start;

  if (skip_without_node ())
    return;
  /* a listener that never accepts: the kernel takes a connection and a
   * little data for it, then nothing */
  deaf = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_bind (deaf, address, TRUE, &error));
  g_assert_true (g_socket_listen (deaf, &error));

  start = g_get_monotonic_time ();
  run_node_full (fixture, script, NULL, NULL, deaf_path, FALSE, FALSE, &outcome);
  g_test_message ("20,000 calls with a deaf listener: %.1f s", (g_get_monotonic_time () - start) / 1e6);
  g_assert_cmpint (outcome.status, ==, 0);
  g_assert_cmpstr (outcome.stdout_text, ==, "done\n");
  g_assert_cmpstr (outcome.stderr_text, ==, "");
  node_outcome_clear (&outcome);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 30 * G_USEC_PER_SEC);
  g_socket_close (deaf, NULL);
  g_unlink (deaf_path);
  g_unlink (script);
}

static const char late_listener_py[] =
  "import asyncio\n"
  "\n"
  "\n"
  "async def job(i):\n"
  "    await asyncio.sleep(0.05)\n"
  "\n"
  "\n"
  "async def main():\n"
  "    for i in range(60):\n"
  "        await asyncio.create_task(job(i))\n"
  "\n"
  "\n"
  "asyncio.run(main())\n"
  "print('done')\n";

static gboolean
start_server_cb (gpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (overlap_feed_server_start (data, &error));
  g_assert_no_error (error);
  return G_SOURCE_REMOVE;
}

/* With nothing listening the program runs untouched; once Overlap listens
 * the probe attaches (within a second) and what follows has its bars. */
static void
test_late_listener (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *script = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "later", "feed.sock", NULL);
  g_autofree char *later_dir = g_path_get_dirname (path);
  g_autoptr(OverlapFeedServer) later = overlap_feed_server_new (fixture->recording);
  Outcome outcome;
  OverlapRun *run;

  if (skip_without_python ())
    return;
  g_signal_connect (later, "run-ended", G_CALLBACK (run_ended_cb), fixture);
  overlap_feed_server_set_socket_path (later, path);
  script = write_program (fixture, "late_listener.py", late_listener_py);
  spawn_program (fixture, script, TRUE, path, NULL, &outcome);
  g_timeout_add (500, start_server_cb, later);
  wait_program (fixture, &outcome);
  g_unlink (script);
  g_assert_cmpint (outcome.status, ==, 0);
  g_assert_cmpstr (outcome.out, ==, "done\n");
  g_assert_true (g_str_has_prefix (outcome.err, "overlap_probe: no Overlap is listening"));

  wait_for_runs (fixture, 1, 30);
  run = last_run (fixture);
  g_assert_cmpint (overlap_run_get_state (run), ==, OVERLAP_RUN_FINISHED);
  g_assert_cmpint (duration (find_lane (run, "job(59)", 0)), >=, 40 * 1000);
  g_assert_cmpint (find_lane (run, "main()", 0)->result, ==, OVERLAP_RESULT_OK);   /* in flight when it attached */
  outcome_clear (&outcome);
  overlap_feed_server_stop (later);
  g_rmdir (later_dir);
}

static const char stalls_py[] =
  "import asyncio\n"
  "import time\n"
  "\n"
  "\n"
  "def compute(seconds):\n"
  "    end = time.perf_counter() + seconds\n"
  "    while time.perf_counter() < end:\n"
  "        pass\n"
  "\n"
  "\n"
  "async def crunch(n):\n"
  "    await asyncio.sleep(0.01)\n"
  "    compute(0.06)\n"
  "\n"
  "\n"
  "async def timer():\n"
  "    await asyncio.sleep(0.03)\n"
  "\n"
  "\n"
  "async def main():\n"
  "    await asyncio.gather(crunch(1), crunch(2), timer())\n"
  "    asyncio.get_running_loop().call_soon(compute, 0.03)\n"
  "    await asyncio.sleep(0.05)\n"
  "\n"
  "\n"
  "asyncio.run(main())\n";

/* The CPU pitfall in plain Python: steps that hold the loop are stalls, in
 * the run's loop-lag lane as Overlap's own runs have them, each at the end
 * of the step that held it; the timer beside them fires late. */
static void
test_stalls (Fixture       *fixture,
             gconstpointer  data)
{
  Outcome outcome;
  OverlapRun *run;
  const OverlapCounter *counters, *lag = NULL;
  const OverlapSample *samples;
  const OverlapLane *one, *two;
  guint n, held = 0;

  if (skip_without_python ())
    return;
  run_program (fixture, "stalls.py", stalls_py, TRUE, fixture->socket_path, NULL, &outcome);
  g_assert_cmpint (outcome.status, ==, 0);
  run = last_run (fixture);
  counters = overlap_run_get_counters (run, &n);
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (counters[i].name, "loop lag") == 0)
      lag = &counters[i];
  g_assert_nonnull (lag);
  samples = (const OverlapSample *) (gpointer) lag->samples->data;
  one = find_lane (run, "crunch(1)", 0);
  two = find_lane (run, "crunch(2)", 0);
  /* a stall as long as each crunch where it ended, then the callback's (a
   * loaded machine may add stalls of its own) */
  for (guint i = 0; i < lag->samples->len; i++)
    {
      g_test_message ("stall of %.1f ms at %" G_GINT64_FORMAT " µs", samples[i].value, samples[i].time);
      if (samples[i].value >= 55 && ABS (samples[i].time - one->end) < 1000)
        held |= 1;
      else if (samples[i].value >= 55 && ABS (samples[i].time - two->end) < 1000)
        held |= 2;
      else if (samples[i].value >= 25 && samples[i].time > two->end)
        held |= 4;
    }
  g_assert_cmpuint (held, ==, 7);
  g_assert_cmpint (two->end - one->end, >=, 55 * 1000);   /* one after the other */
  g_assert_cmpint (duration (find_lane (run, "timer()", 0)), >=, 100 * 1000);   /* 30 ms asked */
  outcome_clear (&outcome);
}

/* data/python/examples/cpu_pitfall.py: the two computations one after the
 * other, each a stall of the loop of its length, the timers late. */
static void
test_cpu_pitfall (Fixture       *fixture,
                  gconstpointer  data)
{
  OverlapRun *run;
  const OverlapCounter *counters;
  const OverlapLane *one, *two;
  guint n, stalls = 0;

  if (skip_without_python ())
    return;
  run = run_example (fixture, "cpu_pitfall.py");
  one = find_lane (run, "crunch('compute 1', 1)", 0);
  two = find_lane (run, "crunch('compute 2', 1)", 0);
  g_assert_cmpint (two->end - one->end, >=, 900 * 1000);
  g_assert_cmpint (find_lane (run, "timer('timer 0.5 s', 0.5)", 0)->end, >=, two->end - 5000);
  counters = overlap_run_get_counters (run, &n);
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (counters[i].name, "loop lag") == 0)
      for (guint j = 0; j < counters[i].samples->len; j++)
        stalls += g_array_index (counters[i].samples, OverlapSample, j).value >= 900;
  g_assert_cmpuint (stalls, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add ("/feed/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("examples/abc-gather", test_abc_gather);
  ADD ("examples/two-tasks", test_two_tasks);
  ADD ("examples/hello-world", test_hello_world);
  ADD ("examples/sequential-vs-gather", test_sequential_vs_gather);
  ADD ("protocol/garbage", test_garbage);
  ADD ("protocol/binary", test_binary);
  ADD ("protocol/task-source", test_task_source);
  ADD ("protocol/half-line", test_half_line);
  ADD ("protocol/flood", test_flood);
  ADD ("protocol/tcp-token", test_tcp_token);
  ADD ("protocol/socket-in-use", test_socket_in_use);
  ADD ("probe/gather-then-one-by-one", test_gather_then_one_by_one);
  ADD ("probe/task-factory", test_task_factory);
  ADD ("probe/runners", test_runners);
  ADD ("probe/reprs", test_reprs);
  ADD ("probe/deaf-listener", test_deaf_listener);
  ADD ("probe/exit-clean", test_exit_clean);
  ADD ("probe/tracebacks", test_tracebacks);
  ADD ("probe/asyncio-suite", test_asyncio_suite);
  ADD ("node/promise-all", test_node_promise_all);
  ADD ("node/timers", test_node_timers);
  ADD ("node/failure", test_node_failure);
  ADD ("node/uncaught", test_node_uncaught);
  ADD ("node/stall", test_node_stall);
  ADD ("node/worker", test_node_worker);
  ADD ("node/http", test_node_http);
  ADD ("node/nobody", test_node_nobody);
  ADD ("node/deaf", test_node_deaf);
  ADD ("probe/late-listener", test_late_listener);
  ADD ("probe/stalls", test_stalls);
  ADD ("examples/cpu-pitfall", test_cpu_pitfall);
#undef ADD
  g_test_add_func ("/feed/default-path", test_default_path);

  return g_test_run ();
}
