/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-export"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "overlap-export-private.h"

/* A deflate (RFC 1951) encoder for the PNG writer's filtered rows, which are
 * mostly zeros (a chart's rows repeat the one above): each byte is a literal,
 * or a run of the byte before it is one match at distance 1, as zlib's
 * run-length strategy makes them, in blocks with Huffman codes of their own.
 * Runs are found a word at a time, so a row of zeros costs little; zlib at
 * its fastest level takes about ten times as long on the same rows.
 *
 * Several encoders can write the parts of one stream (a part a thread): each
 * part but the last ends on a byte, after an empty stored block, as zlib's
 * Z_SYNC_FLUSH does. */

#define MAX_TOKENS  (1 << 16)   /* a block */
#define MAX_BITS    15          /* the longest code */
#define N_LITLEN    286
#define N_CODELEN   19
#define MAX_RUN     258

struct _OverlapDeflate
{
  GByteArray *out;          /* written up to @used; longer, to write into */
  guint       used;
  guint64     bits;         /* not yet written, from the lowest */
  guint       n_bits;
  int         prev;         /* the byte before, -1 at the start */
  guint       run;          /* repeats of it not yet a token */
  guint16    *tokens;       /* a literal (< 256) or 256 + a run's length */
  guint       n_tokens;
  guint64     adler_a;      /* the Adler-32 of what was given, its sums */
  guint64     adler_b;      /* (reduced every so often) */
  guint8      length_code[MAX_RUN + 1];   /* of a run of 3 to 258: 0 for symbol 257 */
};

static const guint16 length_base[29] = {
  3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
  35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258
};
static const guint8 length_extra[29] = {
  0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
  3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0
};
static const guint8 codelen_order[N_CODELEN] = {
  16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15
};

static inline void
put_bytes (OverlapDeflate *self,
           const guint8   *bytes,
           guint           n)
{
  if (self->used + n > self->out->len)
    g_byte_array_set_size (self->out, self->out->len + MAX (n, 65536));
  memcpy (self->out->data + self->used, bytes, n);
  self->used += n;
}

static inline void
put_bits (OverlapDeflate *self,
          guint32         value,
          guint           n)
{
  self->bits |= (guint64) value << self->n_bits;
  self->n_bits += n;
  if (self->n_bits >= 32)
    {
      guint8 bytes[4] = { self->bits, self->bits >> 8, self->bits >> 16, self->bits >> 24 };

      put_bytes (self, bytes, 4);
      self->bits >>= 32;
      self->n_bits -= 32;
    }
}

/* to a whole byte, with zero bits */
static void
align_bits (OverlapDeflate *self)
{
  while (self->n_bits > 0)
    {
      guint8 byte = self->bits;

      put_bytes (self, &byte, 1);
      self->bits >>= 8;
      self->n_bits = self->n_bits > 8 ? self->n_bits - 8 : 0;
    }
  self->bits = 0;
}

static guint
reverse_bits (guint code,
              guint n)
{
  guint reversed = 0;

  for (guint i = 0; i < n; i++, code >>= 1)
    reversed = (reversed << 1) | (code & 1);
  return reversed;
}

typedef struct
{
  guint32 freq;
  guint16 symbol;
} Leaf;

static int
compare_leaves (gconstpointer a,
                gconstpointer b)
{
  const Leaf *la = a, *lb = b;

  if (la->freq != lb->freq)
    return la->freq < lb->freq ? -1 : 1;
  return la->symbol < lb->symbol ? -1 : la->symbol > lb->symbol;
}

/* Code lengths for @n symbols of frequencies @freq, none over @max_bits
 * (unused symbols get 0), and their canonical codes, bit-reversed as
 * deflate writes them. */
static void
make_code (const guint32 *freq,
           guint          n,
           guint          max_bits,
           guint8        *lengths,
           guint16       *codes)
{
  Leaf leaves[N_LITLEN];
  guint32 weight[2 * N_LITLEN];
  int parent[2 * N_LITLEN];
  guint count[MAX_BITS + 2] = { 0 }, next[MAX_BITS + 2] = { 0 };
  guint n_leaves = 0, depth_of[2 * N_LITLEN];
  guint leaf = 0, node, n_nodes;
  guint32 kraft = 0;

  memset (lengths, 0, n);
  for (guint s = 0; s < n; s++)
    if (freq[s] > 0)
      leaves[n_leaves++] = (Leaf) { freq[s], s };
  if (n_leaves == 0)
    return;
  if (n_leaves == 1)
    {
      /* one code of one bit: what inflate takes for a lone symbol */
      lengths[leaves[0].symbol] = 1;
      codes[leaves[0].symbol] = 0;
      return;
    }
  qsort (leaves, n_leaves, sizeof (Leaf), compare_leaves);

  /* Huffman's tree by two queues: the sorted leaves, then the nodes made,
   * which come out in order of weight */
  n_nodes = n_leaves;
  node = n_leaves;
  for (guint i = 0; i < n_leaves; i++)
    weight[i] = leaves[i].freq;
  for (guint made = n_leaves; made < 2 * n_leaves - 1; made++)
    {
      guint pick[2];

      for (guint k = 0; k < 2; k++)
        {
          if (leaf < n_leaves && (node >= n_nodes || weight[leaf] <= weight[node]))
            pick[k] = leaf++;
          else
            pick[k] = node++;
        }
      weight[made] = weight[pick[0]] + weight[pick[1]];
      parent[pick[0]] = parent[pick[1]] = made;
      n_nodes = made + 1;
    }
  /* depths from the root down: a node's parent was made after it */
  depth_of[n_nodes - 1] = 0;
  for (int i = (int) n_nodes - 2; i >= 0; i--)
    depth_of[i] = depth_of[parent[i]] + 1;
  for (guint i = 0; i < n_leaves; i++)
    count[MIN (depth_of[i], max_bits)]++;

  /* too deep: move leaves up until the code is complete again */
  for (guint bits = 1; bits <= max_bits; bits++)
    kraft += count[bits] << (max_bits - bits);
  while (kraft > (1u << max_bits))
    {
      count[max_bits]--;
      for (guint bits = max_bits - 1; bits > 0; bits--)
        if (count[bits] > 0)
          {
            count[bits]--;
            count[bits + 1] += 2;
            break;
          }
      kraft--;
    }

  /* the rarest leaves get the longest codes */
  for (guint bits = max_bits, i = 0; bits > 0; bits--)
    for (guint k = 0; k < count[bits]; k++)
      lengths[leaves[i++].symbol] = bits;

  /* canonical codes (RFC 1951, 3.2.2) */
  memset (count, 0, sizeof count);
  for (guint s = 0; s < n; s++)
    count[lengths[s]]++;
  count[0] = 0;
  for (guint bits = 1, code = 0; bits <= max_bits; bits++)
    {
      code = (code + count[bits - 1]) << 1;
      next[bits] = code;
    }
  for (guint s = 0; s < n; s++)
    if (lengths[s] > 0)
      codes[s] = reverse_bits (next[lengths[s]]++, lengths[s]);
}

/* The run-length coded code lengths of a dynamic block's header: a code
 * length (0..15), or 16 (the one before, 3-6 times), 17 (zeros, 3-10), 18
 * (zeros, 11-138), with their extra bits' value in the high byte. */
static guint
code_lengths (const guint8 *lengths,
              guint         n,
              guint16      *out)
{
  guint n_out = 0;

  for (guint i = 0; i < n;)
    {
      guint8 length = lengths[i];
      guint same = 1;

      while (i + same < n && lengths[i + same] == length)
        same++;
      if (length == 0 && same >= 3)
        {
          guint take = MIN (same, 138);

          out[n_out++] = take >= 11 ? (guint16) (18 | (take - 11) << 8) : (guint16) (17 | (take - 3) << 8);
          i += take;
          continue;
        }
      out[n_out++] = length;
      i++, same--;
      while (length != 0 && same >= 3)
        {
          guint take = MIN (same, 6);

          out[n_out++] = 16 | (take - 3) << 8;
          i += take, same -= take;
        }
    }
  return n_out;
}

/* Writes the tokens as one block with codes of its own. */
static void
write_block (OverlapDeflate *self,
             gboolean        final)
{
  static const guint8 extra_of[N_CODELEN] = { [16] = 2, [17] = 3, [18] = 7 };
  guint32 freq[N_LITLEN] = { 0 }, codelen_freq[N_CODELEN] = { 0 };
  guint8 lengths[N_LITLEN + 1], codelen_lengths[N_CODELEN];
  guint16 codes[N_LITLEN], codelen_codes[N_CODELEN];
  guint8 all[N_LITLEN + 1];
  guint16 rle[N_LITLEN + 1];
  guint n_lit = 257, n_codelen = 4, n_rle;
  guint8 dist_length = 1;   /* the one distance code, of one bit: 0 */

  for (guint i = 0; i < self->n_tokens; i++)
    {
      guint token = self->tokens[i];

      freq[token < 256 ? token : 257u + self->length_code[token - 256]]++;
    }
  freq[256] = 1;   /* the block's end */
  make_code (freq, N_LITLEN, MAX_BITS, lengths, codes);
  for (guint s = 257; s < N_LITLEN; s++)
    if (lengths[s] > 0)
      n_lit = s + 1;

  memcpy (all, lengths, n_lit);
  all[n_lit] = dist_length;
  n_rle = code_lengths (all, n_lit + 1, rle);
  for (guint i = 0; i < n_rle; i++)
    codelen_freq[rle[i] & 0xff]++;
  make_code (codelen_freq, N_CODELEN, 7, codelen_lengths, codelen_codes);
  for (guint i = 0; i < N_CODELEN; i++)
    if (codelen_lengths[codelen_order[i]] > 0)
      n_codelen = MAX (n_codelen, i + 1);

  put_bits (self, final ? 1 : 0, 1);
  put_bits (self, 2, 2);   /* dynamic codes */
  put_bits (self, n_lit - 257, 5);
  put_bits (self, 0, 5);   /* one distance code */
  put_bits (self, n_codelen - 4, 4);
  for (guint i = 0; i < n_codelen; i++)
    put_bits (self, codelen_lengths[codelen_order[i]], 3);
  for (guint i = 0; i < n_rle; i++)
    {
      guint symbol = rle[i] & 0xff;

      put_bits (self, codelen_codes[symbol], codelen_lengths[symbol]);
      if (extra_of[symbol] > 0)
        put_bits (self, rle[i] >> 8, extra_of[symbol]);
    }

  for (guint i = 0; i < self->n_tokens; i++)
    {
      guint token = self->tokens[i];

      if (token < 256)
        put_bits (self, codes[token], lengths[token]);
      else
        {
          guint length = token - 256, code = self->length_code[length];

          put_bits (self, codes[257 + code], lengths[257 + code]);
          if (length_extra[code] > 0)
            put_bits (self, length - length_base[code], length_extra[code]);
          put_bits (self, 0, dist_length);
        }
    }
  put_bits (self, codes[256], lengths[256]);
  self->n_tokens = 0;
}

static inline void
add_token (OverlapDeflate *self,
           guint           token)
{
  self->tokens[self->n_tokens++] = token;
  if (self->n_tokens == MAX_TOKENS)
    write_block (self, FALSE);
}

/* the repeats of the byte before, as matches (or literals, under 3) */
static void
end_run (OverlapDeflate *self)
{
  while (self->run >= 3)
    {
      guint take = MIN (self->run, MAX_RUN);

      /* leave no run of 1 or 2 behind a match */
      if (self->run > MAX_RUN && self->run - MAX_RUN < 3)
        take = self->run - 3;
      add_token (self, 256 + take);
      self->run -= take;
    }
  for (; self->run > 0; self->run--)
    add_token (self, self->prev);
}

OverlapDeflate *
_overlap_deflate_new (GByteArray *out)
{
  OverlapDeflate *self = g_new0 (OverlapDeflate, 1);

  for (guint code = 0; code < 28; code++)
    for (guint length = length_base[code]; length < length_base[code + 1]; length++)
      self->length_code[length] = code;
  /* 258 has a code of its own, not 227 + 31 */
  self->length_code[MAX_RUN] = 28;
  self->out = out;
  self->used = out->len;
  self->prev = -1;
  self->adler_a = 1;
  self->tokens = g_new (guint16, MAX_TOKENS);
  return self;
}

void
_overlap_deflate_add (OverlapDeflate *self,
                      const guint8   *data,
                      gsize           len)
{
  gsize i = 0;

  while (i < len)
    {
      gsize piece = MIN (len, i + 4096);

      while (i < piece)
        {
          if (data[i] == self->prev)
            {
              /* a run: a word at a time while it lasts */
              guint64 word = 0x0101010101010101ull * (guint8) self->prev;
              gsize start = i, n;

              while (i + 8 <= piece)
                {
                  guint64 next;

                  memcpy (&next, data + i, 8);
                  if (next != word)
                    break;
                  i += 8;
                }
              while (i < piece && data[i] == self->prev)
                i++;
              n = i - start;
              /* the sums of n bytes of one value */
              self->adler_b += n * self->adler_a + (guint64) self->prev * n * (n + 1) / 2;
              self->adler_a += n * (guint64) self->prev;
              self->run += n;
              /* whole matches now: what a run keeps stays short */
              while (self->run >= 2 * MAX_RUN)
                {
                  add_token (self, 256 + MAX_RUN);
                  self->run -= MAX_RUN;
                }
              continue;
            }
          if (self->run > 0)
            end_run (self);
          add_token (self, data[i]);
          self->prev = data[i];
          self->adler_a += data[i];
          self->adler_b += self->adler_a;
          i++;
        }
      self->adler_a %= 65521;
      self->adler_b %= 65521;
    }
}

/* Ends the part: with @last, its final block; else on a whole byte, so
 * that another part's blocks may follow. Frees @self; returns the Adler-32
 * of the bytes it was given (for a zlib stream's end, with
 * adler32_combine() for parts). */
guint32
_overlap_deflate_finish (OverlapDeflate *self,
                         gboolean        last)
{
  guint32 adler = (guint32) (self->adler_b % 65521) << 16 | (guint32) (self->adler_a % 65521);

  end_run (self);
  write_block (self, last);
  if (!last)
    {
      /* an empty stored block: to the byte, then 0000 ffff */
      put_bits (self, 0, 3);
      align_bits (self);
      put_bytes (self, (const guint8[]) { 0, 0, 0xff, 0xff }, 4);
    }
  else
    align_bits (self);
  g_byte_array_set_size (self->out, self->used);
  g_free (self->tokens);
  g_free (self);
  return adler;
}
