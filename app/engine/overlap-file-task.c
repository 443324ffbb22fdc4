/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-file-task"

#include "config.h"

#include <glib/gi18n.h>

#include "overlap-error.h"
#include "overlap-file-task.h"

/* File I/O with GIO: g_file_read_async, then g_input_stream_read_bytes_async chunk
 * by chunk (a mark per chunk) until the end or `size` bytes; or, with `write`,
 * g_file_replace_async and `size` bytes written chunk by chunk. Only regular files
 * and character devices are read: a FIFO or a socket could block forever. */

#define DEFAULT_CHUNK 65536
#define MAX_CHUNK     (16 * 1024 * 1024)
/* what check_readable_type() looks at */
#define READ_ATTRIBUTES G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_UNIX_MODE

struct _OverlapFileTask
{
  OverlapTask parent_instance;
};

G_DEFINE_FINAL_TYPE (OverlapFileTask, overlap_file_task, OVERLAP_TYPE_TASK)

/* The steps of the I/O, each begun when the one before is done: reading
 * queries the file's type, opens it and reads chunk after chunk; writing
 * replaces the file, writes chunk after chunk and closes it. */
typedef enum
{
  STEP_QUERY,
  STEP_OPEN,
  STEP_READ,
  STEP_REPLACE,
  STEP_WRITE,
  STEP_CLOSE,
} Step;

typedef struct
{
  GFile         *file;
  GInputStream  *input;
  GOutputStream *output;
  GBytes        *pattern;   /* the chunk written again and again */
  guint64        limit;     /* bytes to read (0: to the end) or to write */
  guint64        done;
  gsize          chunk;
  Step           step;      /* the one under way */
  gboolean       at_end;    /* the last read got nothing */
} FileIO;

static void
file_io_free (FileIO *io)
{
  g_clear_object (&io->file);
  g_clear_object (&io->input);
  g_clear_object (&io->output);
  g_clear_pointer (&io->pattern, g_bytes_unref);
  g_free (io);
}

static GFile *
file_for_task (OverlapTask *task)
{
  const OverlapTaskSpec *spec = overlap_task_get_spec (task);
  const OverlapTaskContext *context = overlap_task_get_context (task);
  g_autofree char *name = NULL;

  if (spec->path != NULL)
    return g_file_new_for_commandline_arg (spec->path);

  name = g_strdup_printf ("%s-%p.bin", spec->write ? "write" : "read", task);
  g_strdelimit (name, "/\\ ", '-');
  if (context != NULL && context->work_dir != NULL)
    return g_file_get_child (context->work_dir, name);
  return g_file_new_build_filename (g_get_tmp_dir (), name, NULL);
}

static void
prefix_error (GError **error,
              GFile   *file)
{
  g_autofree char *name = g_file_get_parse_name (file);

  if (error != NULL && *error != NULL && !g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_prefix_error (error, "%s: ", name);
}

static gsize
chunk_size (const OverlapTaskSpec *spec)
{
  /* Bounded like the scenario's "chunk-size": a buffer of that size is allocated. */
  return spec->chunk_size > 0 ? MIN (spec->chunk_size, MAX_CHUNK) : DEFAULT_CHUNK;
}

static GBytes *
make_pattern (gsize size)
{
  guint8 *data = g_malloc (size);

  for (gsize i = 0; i < size; i++)
    data[i] = (guint8) ('a' + i % 26);
  return g_bytes_new_take (data, size);
}

static void
fail (GTask  *gtask,
      GError *error)
{
  FileIO *io = g_task_get_task_data (gtask);

  prefix_error (&error, io->file);
  g_task_return_error (gtask, error);
}

static gboolean
check_readable_type (GFileInfo  *info,
                     guint64     limit,
                     GError    **error)
{
  switch (g_file_info_get_file_type (info))
    {
    case G_FILE_TYPE_REGULAR:
      return TRUE;
    case G_FILE_TYPE_DIRECTORY:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY, _("It is a folder, not a file"));
      return FALSE;
    case G_FILE_TYPE_SPECIAL:
      {
        guint32 mode = g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_UNIX_MODE);

        /* Character devices such as /dev/zero are fine, bounded by the task's size:
         * without one, /dev/zero or /dev/urandom would be read forever. */
        if ((mode & 0170000) == 0020000 && limit > 0)
          return TRUE;
        if ((mode & 0170000) == 0020000)
          {
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                         _("A device may never end: give the task a “size” to read"));
            return FALSE;
          }
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                     _("Not a regular file (a pipe, socket or device): reading it could block forever"));
        return FALSE;
      }
    case G_FILE_TYPE_UNKNOWN:
    case G_FILE_TYPE_SYMBOLIC_LINK:
    case G_FILE_TYPE_SHORTCUT:
    case G_FILE_TYPE_MOUNTABLE:
    default:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE, _("Not a regular file"));
      return FALSE;
    }
}

static void step_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data);

/* Finishes @io's step; FALSE with @error set when it failed */
static gboolean
finish_step (FileIO        *io,
             OverlapTask   *task,
             GAsyncResult  *result,
             GError       **error)
{
  switch (io->step)
    {
    case STEP_QUERY:
      {
        g_autoptr(GFileInfo) info = g_file_query_info_finish (io->file, result, error);

        return info != NULL && check_readable_type (info, io->limit, error);
      }

    case STEP_OPEN:
      io->input = G_INPUT_STREAM (g_file_read_finish (io->file, result, error));
      return io->input != NULL;

    case STEP_READ:
      {
        g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (io->input, result, error);
        gsize n;

        if (bytes == NULL)
          return FALSE;
        n = g_bytes_get_size (bytes);
        io->at_end = n == 0;
        if (n > 0)
          {
            io->done += n;
            overlap_task_record_chunk (task, n);
          }
        return TRUE;
      }

    case STEP_REPLACE:
      io->output = G_OUTPUT_STREAM (g_file_replace_finish (io->file, result, error));
      return io->output != NULL;

    case STEP_WRITE:
      {
        gssize n = g_output_stream_write_bytes_finish (io->output, result, error);

        if (n < 0)
          return FALSE;
        io->done += n;
        overlap_task_record_chunk (task, n);
        return TRUE;
      }

    case STEP_CLOSE:
      return g_output_stream_close_finish (io->output, result, error);

    default:
      g_assert_not_reached ();
    }
}

/* Begins the step after @io's, or returns @gtask's result when there is none:
 * a read asks for no more than is left of `size`. */
static void
next_step (GTask *gtask)
{
  FileIO *io = g_task_get_task_data (gtask);
  GCancellable *cancellable = g_task_get_cancellable (gtask);

  switch (io->step)
    {
    case STEP_QUERY:
      io->step = STEP_OPEN;
      g_file_read_async (io->file, G_PRIORITY_DEFAULT, cancellable, step_cb, g_object_ref (gtask));
      break;

    case STEP_OPEN:
    case STEP_READ:
      if (io->at_end || (io->limit > 0 && io->done >= io->limit))
        {
          g_input_stream_close_async (io->input, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
          g_task_return_boolean (gtask, TRUE);
          break;
        }
      io->step = STEP_READ;
      g_input_stream_read_bytes_async (io->input,
                                       io->limit > 0 ? MIN (io->chunk, io->limit - io->done) : io->chunk,
                                       G_PRIORITY_DEFAULT, cancellable, step_cb, g_object_ref (gtask));
      break;

    case STEP_REPLACE:
    case STEP_WRITE:
      if (io->done >= io->limit)
        {
          io->step = STEP_CLOSE;
          g_output_stream_close_async (io->output, G_PRIORITY_DEFAULT, cancellable,
                                       step_cb, g_object_ref (gtask));
        }
      else
        {
          g_autoptr(GBytes) piece = g_bytes_new_from_bytes (io->pattern, 0,
                                                            MIN (io->chunk, io->limit - io->done));

          io->step = STEP_WRITE;
          g_output_stream_write_bytes_async (io->output, piece, G_PRIORITY_DEFAULT, cancellable,
                                             step_cb, g_object_ref (gtask));
        }
      break;

    case STEP_CLOSE:
      g_task_return_boolean (gtask, TRUE);
      break;

    default:
      g_assert_not_reached ();
    }
}

/* Every step's callback */
static void
step_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) gtask = user_data;
  GError *error = NULL;

  if (finish_step (g_task_get_task_data (gtask), g_task_get_source_object (gtask), result, &error))
    next_step (gtask);
  else
    fail (gtask, error);
}

static void
overlap_file_task_run_async (OverlapTask         *task,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  const OverlapTaskSpec *spec = overlap_task_get_spec (task);
  g_autoptr(GTask) gtask = g_task_new (task, cancellable, callback, user_data);
  FileIO *io = g_new0 (FileIO, 1);

  g_task_set_source_tag (gtask, overlap_file_task_run_async);
  g_task_set_task_data (gtask, io, (GDestroyNotify) file_io_free);

  io->file = file_for_task (task);
  io->limit = spec->size;
  io->chunk = chunk_size (spec);

  if (spec->write)
    {
      overlap_task_record_phase (task, OVERLAP_PHASE_WRITING);
      io->pattern = make_pattern (io->chunk);
      io->step = STEP_REPLACE;
      g_file_replace_async (io->file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                            G_PRIORITY_DEFAULT, cancellable, step_cb, g_steal_pointer (&gtask));
    }
  else
    {
      overlap_task_record_phase (task, OVERLAP_PHASE_READING);
      io->step = STEP_QUERY;
      g_file_query_info_async (io->file, READ_ATTRIBUTES, G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT,
                               cancellable, step_cb, g_steal_pointer (&gtask));
    }
}

static gboolean
run_sync_inner (OverlapTask   *task,
                GFile         *file,
                GCancellable  *cancellable,
                GError       **error)
{
  const OverlapTaskSpec *spec = overlap_task_get_spec (task);
  gsize chunk = chunk_size (spec);
  guint64 done = 0;

  if (spec->write)
    {
      g_autoptr(GFileOutputStream) out = NULL;
      g_autoptr(GBytes) pattern = make_pattern (chunk);

      out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, cancellable, error);
      if (out == NULL)
        return FALSE;
      while (done < spec->size)
        {
          gsize n = MIN (chunk, spec->size - done);

          if (!g_output_stream_write_all (G_OUTPUT_STREAM (out), g_bytes_get_data (pattern, NULL), n,
                                          NULL, cancellable, error))
            return FALSE;
          done += n;
        }
      return g_output_stream_close (G_OUTPUT_STREAM (out), cancellable, error);
    }
  else
    {
      g_autoptr(GFileInfo) info = NULL;
      g_autoptr(GFileInputStream) in = NULL;
      g_autofree char *buffer = g_malloc (chunk);

      info = g_file_query_info (file, READ_ATTRIBUTES, G_FILE_QUERY_INFO_NONE, cancellable, error);
      if (info == NULL || !check_readable_type (info, spec->size, error))
        return FALSE;
      in = g_file_read (file, cancellable, error);
      if (in == NULL)
        return FALSE;
      for (;;)
        {
          gsize want = spec->size > 0 ? MIN (chunk, spec->size - done) : chunk;
          gssize n;

          if (want == 0)
            break;
          n = g_input_stream_read (G_INPUT_STREAM (in), buffer, want, cancellable, error);
          if (n < 0)
            return FALSE;
          if (n == 0)
            break;
          done += n;
        }
      return TRUE;
    }
}

static gboolean
overlap_file_task_run_sync (OverlapTask   *task,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr(GFile) file = file_for_task (task);

  if (!run_sync_inner (task, file, cancellable, error))
    {
      prefix_error (error, file);
      return FALSE;
    }
  return TRUE;
}

static void
overlap_file_task_class_init (OverlapFileTaskClass *klass)
{
  OverlapTaskClass *task_class = OVERLAP_TASK_CLASS (klass);

  task_class->run_async = overlap_file_task_run_async;
  task_class->run_sync = overlap_file_task_run_sync;
}

static void
overlap_file_task_init (OverlapFileTask *self)
{
}
