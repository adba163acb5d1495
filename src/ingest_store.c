/* ingest_store.c — the blocks records, their strings and support-unit vectors live in (see
 * ingest_internal.h). */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "ingest_internal.h"

/* Blocks never move: the first this small (a single small file, the fuzzer), doubling up to
 * the largest. */
#define RD_ARENA_FIRST (64u << 10)
#define RD_ARENA_MAX (32u << 20)
#define RD_HUGE_PAGE (2u << 20)

struct rd_ingest_store {
  GPtrArray *blocks;        /* g_free'd by their owner */
  char *next;               /* free space in the current block */
  gsize left;
  gsize block_size;         /* of the last block: blocks double up to RD_ARENA_MAX */
  GHashTable *interned;     /* texts kept once (units, names, levels…): text -> itself */
  GHashTable *vectors;      /* support-unit vectors handed out, to share equal ones */
};

/* Vectors of units interned in one store: equal texts are equal pointers. */
static guint vector_hash(gconstpointer key)
{
  guint64 h = 0;
  for (const char *const *v = key; *v; v++)
    h = (h ^ (guintptr)*v) * G_GUINT64_CONSTANT(0x9E3779B97F4A7C15);   /* Fibonacci mixing */
  return (guint)(h >> 32);
}

static gboolean vector_equal(gconstpointer a, gconstpointer b)
{
  const char *const *x = a, *const *y = b;
  for (; *x && *x == *y; x++, y++)
    ;
  return *x == *y;
}

rd_store *rd_store_new(GPtrArray *blocks)
{
  rd_store *st = g_new0(rd_store, 1);
  st->blocks = blocks;
  st->interned = g_hash_table_new(g_str_hash, g_str_equal);
  st->vectors = g_hash_table_new(vector_hash, vector_equal);
  return st;
}

void rd_store_free(rd_store *st)
{
  g_hash_table_destroy(st->interned);
  g_hash_table_destroy(st->vectors);
  g_free(st);
}

GPtrArray *rd_store_blocks(rd_store *st)
{
  return st->blocks;
}

/* A new block. Large ones are aligned to, and asked to be backed by, 2 MiB pages: on this
 * kind of virtual machine a page fault per 4 KiB of kept records cost a sixth of the reading
 * time (what the dataset keeps is about the size of the input). */
static char *arena_block(gsize size)
{
  void *block = NULL;
#ifdef MADV_HUGEPAGE
  if (size >= RD_HUGE_PAGE && posix_memalign(&block, RD_HUGE_PAGE, size) == 0)
    madvise(block, size, MADV_HUGEPAGE);   /* only a hint: failure changes nothing */
  else
    block = NULL;
#endif
  return block ? block : g_malloc(size);
}

static gpointer store_alloc(rd_store *st, gsize size, gsize align)
{
  gsize pad = (align - ((guintptr)st->next & (align - 1))) & (align - 1);
  if (!st->next || pad + size > st->left) {
    st->block_size = st->block_size ? MIN(st->block_size * 2, RD_ARENA_MAX) : RD_ARENA_FIRST;
    gsize n = MAX(st->block_size, size);
    st->next = arena_block(n);
    g_ptr_array_add(st->blocks, st->next);
    st->left = n;
    pad = 0;
  }
  char *p = st->next + pad;
  st->next = p + size;
  st->left -= pad + size;
  return p;
}

rd_record *rd_store_record(rd_store *st)
{
  return store_alloc(st, sizeof(rd_record), G_ALIGNOF(rd_record));
}

const char *rd_store_copy(rd_store *st, const char *text)
{
  gsize n = strlen(text) + 1;
  char *copy = store_alloc(st, n, 1);
  memcpy(copy, text, n);
  return copy;
}

const char *rd_store_intern(rd_store *st, const char *text)
{
  if (!*text)
    return "";
  const char *kept = g_hash_table_lookup(st->interned, text);
  if (!kept) {
    kept = rd_store_copy(st, text);
    g_hash_table_add(st->interned, (gpointer)kept);
  }
  return kept;
}

const char **rd_store_vector(rd_store *st, const char *const *units, gsize n)
{
  const char **vector = g_hash_table_lookup(st->vectors, units);
  if (!vector) {
    vector = store_alloc(st, (n + 1) * sizeof(char *), G_ALIGNOF(char *));
    memcpy(vector, units, (n + 1) * sizeof(char *));
    g_hash_table_add(st->vectors, vector);
  }
  return vector;
}
