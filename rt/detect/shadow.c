/*
 * rt/detect/shadow.c -- the shadow table's memory: chunk mapping, the pools
 * of split words and read sets, and resets (rl_shadow_reset).
 */
#include "shadow.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "detect.h"
#include "meta_alloc.h"
#include "thread.h"

rl_chunk_t **rl_shadow_top;
rl_cell_t rl_shadow_empty[RL_SH_CHUNK_CELLS]; /* .bss: the zero page */

#define CHUNK_CELLS RL_SH_CHUNK_CELLS
#define CHUNK_BYTES sizeof(rl_chunk_t)

static void *map_or_die(size_t n) {
  void *p = mmap(NULL, n, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) {
    fprintf(stderr, "racelens: cannot map %zu bytes of shadow memory\n", n);
    _exit(2);
  }
  return p;
}

void rl_shadow_init(void) {
  if (__atomic_load_n(&rl_shadow_top, __ATOMIC_ACQUIRE))
    return;
  rl_chunk_t **top = map_or_die(RL_SH_TOP_SIZE * sizeof *top);
  rl_chunk_t **expected = NULL;
  if (!__atomic_compare_exchange_n(&rl_shadow_top, &expected, top, false,
                                   __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
    munmap(top, RL_SH_TOP_SIZE * sizeof *top);
}

rl_chunk_t *rl_shadow_chunk_new(uint64_t hi) {
  /* Aligned to its size (2 MiB): whole huge pages, for rl_shadow_dense */
  rl_chunk_t *chunk = rl_meta_alloc_aligned(CHUNK_BYTES);
  rl_chunk_t *expected = NULL;
  if (!__atomic_compare_exchange_n(&rl_shadow_top[hi], &expected, chunk, false,
                                   __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
    munmap(chunk, CHUNK_BYTES);
    return expected;
  }
  return chunk;
}

/* Why huge pages, and why only for big heap blocks: a program that walks
 * a big array first-touches 32 bytes of shadow per word, and on 4 KiB
 * pages that is a page fault every 128 words -- a quarter of the time of a
 * stencil over a 8 MiB array went to faults and TLB misses.  A chunk's
 * cells and cold halves are exactly one 2 MiB huge page.  But a huge page
 * costs its 2 MiB however little of it is used, and most chunks are
 * sparse: a goroutine's stack touches a few pages of its chunk, a global
 * or a small block a few words.  A block of at least a chunk's worth of
 * program memory is the sign of dense use; its chunks are advised, the
 * rest keep 4 KiB pages.  (The kernel may refuse or be set to `never`:
 * then this is a no-op.) */
#define DENSE_MIN (CHUNK_CELLS * 8) /* program bytes one chunk covers */

void rl_shadow_dense(const void *addr, size_t n) {
  if (!rl_enabled || n < DENSE_MIN || !rl_shadow_top)
    return;
  uintptr_t b = (uintptr_t)addr, e = b + n;
  for (uintptr_t at = b & ~(uintptr_t)(DENSE_MIN - 1); at < e;
       at += DENSE_MIN) {
    /* A chunk the block covers less than half of stays on small pages:
     * its huge page would be mostly the neighbours' shadow. */
    uintptr_t lo = at > b ? at : b,
              hi = at + DENSE_MIN < e ? at + DENSE_MIN : e;
    uint64_t top = (at >> 3) >> RL_SH_CHUNK_BITS;
    if (2 * (hi - lo) < DENSE_MIN || top >= RL_SH_TOP_SIZE)
      continue;
    rl_chunk_t *chunk = __atomic_load_n(&rl_shadow_top[top], __ATOMIC_ACQUIRE);
    if (!chunk)
      chunk = rl_shadow_chunk_new(top);
    madvise(chunk, CHUNK_BYTES, MADV_HUGEPAGE);
  }
}

/* ---- pools -------------------------------------------------------------- */
static pthread_mutex_t pool_mu = PTHREAD_MUTEX_INITIALIZER;
static rl_split_t *split_free; /* linked through c[0].w */
static rl_readset_t *set_free;

rl_split_t *rl_split_alloc(void) {
  pthread_mutex_lock(&pool_mu);
  rl_split_t *blk = split_free;
  if (blk)
    split_free = (rl_split_t *)(uintptr_t)blk->s[0].c.w;
  pthread_mutex_unlock(&pool_mu);
  if (!blk)
    blk = rl_meta_alloc(sizeof *blk);
  for (int i = 0; i < 8; i++) {
    __atomic_store_n(&blk->s[i].c.w, 0, __ATOMIC_RELAXED);
    __atomic_store_n(&blk->s[i].c.r, 0, __ATOMIC_RELAXED);
  }
  return blk;
}

static void cell_clear(rl_cell_t *c);

void rl_split_recycle(rl_split_t *blk) {
  for (int i = 0; i < 8; i++)
    cell_clear(&blk->s[i].c);
  pthread_mutex_lock(&pool_mu);
  __atomic_store_n(&blk->s[0].c.w, (uint64_t)(uintptr_t)split_free,
                   __ATOMIC_RELAXED);
  split_free = blk;
  pthread_mutex_unlock(&pool_mu);
}

static rl_readset_t *slab_next; /* sets of the current slab not used yet */
static uint32_t slab_left;

rl_readset_t *rl_readset_alloc(void) {
  pthread_mutex_lock(&pool_mu);
  rl_readset_t *s = set_free;
  if (s) {
    set_free = s->next_free;
  } else {
    if (!slab_left) { /* hint planes, then the sets (shadow.h) */
      char *slab = rl_meta_alloc_aligned(RL_RS_SLAB_BYTES);
      slab_next = (rl_readset_t *)(slab + RL_RS_PLANES_BYTES);
      slab_left = RL_RS_SLAB;
    }
    s = slab_next++;
    slab_left--;
  }
  pthread_mutex_unlock(&pool_mu);
  rl_spin_lock(&s->lock);
  s->n = 0;
  rl_readset_forget_recent(s);
  rl_spin_unlock(&s->lock);
  return s;
}

void rl_readset_recycle(rl_readset_t *s) {
  pthread_mutex_lock(&pool_mu);
  s->next_free = set_free;
  set_free = s;
  pthread_mutex_unlock(&pool_mu);
}

void rl_readset_push(rl_readset_t *s, uint64_t ep, uint32_t site,
                     uint32_t stack) {
  if (s->n == s->cap) {
    uint32_t cap = s->cap ? s->cap * 2 : 4;
    rl_rentry_t *v = rl_meta_alloc(cap * sizeof *v);
    if (s->n)
      memcpy(v, s->v, s->n * sizeof *v);
    s->v = v; /* the old array is dropped: doubling bounds the waste */
    s->cap = cap;
  }
  s->v[s->n++] = (rl_rentry_t){ep, site, stack};
}

/* ---- reset -------------------------------------------------------------- */

/* Forgets one cell, recycling what hangs off it. */
static void cell_clear(rl_cell_t *c) {
  uint64_t w = __atomic_exchange_n(&c->w, 0, __ATOMIC_RELAXED);
  uint64_t r = __atomic_exchange_n(&c->r, 0, __ATOMIC_RELAXED);
  if (w & RL_EP_PTR)
    rl_split_recycle((rl_split_t *)(uintptr_t)(w & ~RL_EP_PTR));
  if (r & RL_EP_PTR)
    rl_readset_recycle(rl_readset_of(r));
}

/* Only the cells are cleared: a cold half is read only while its cell
 * holds an epoch, and is written together with it.
 * Pages of shadow wholly inside the range are handed back to the kernel:
 * resetting a goroutine's 8 MiB stack must not cost 16 MiB of writes (and
 * its cold halves' pages go back too).  What hung off their cells is
 * leaked, a bounded price for stacks; heap blocks are small and are
 * cleared exactly. */
#define EXACT_LIMIT (64 * 1024)

/* [b, e) rounded inwards to whole pages; false when that is empty. */
static bool whole_pages(uintptr_t b, uintptr_t e, uintptr_t *pb,
                        uintptr_t *pe) {
  uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
  *pb = (b + page - 1) & ~(page - 1);
  *pe = e & ~(page - 1);
  return *pb < *pe;
}

static void reset_cells(rl_cell_t *c, size_t n) {
  uintptr_t pb, pe, b = (uintptr_t)c, e = (uintptr_t)(c + n);
  if (n * sizeof *c < EXACT_LIMIT || !whole_pages(b, e, &pb, &pe)) {
    for (size_t i = 0; i < n; i++)
      cell_clear(&c[i]);
    return;
  }
  for (rl_cell_t *x = c; (uintptr_t)x < pb; x++)
    cell_clear(x);
  madvise((void *)pb, pe - pb, MADV_DONTNEED);
  for (rl_cell_t *x = (rl_cell_t *)pe; (uintptr_t)x < e; x++)
    cell_clear(x);
  uintptr_t kb = (uintptr_t)rl_shadow_cold(c), ke = kb + n * sizeof *c;
  if (whole_pages(kb, ke, &pb, &pe))
    madvise((void *)pb, pe - pb, MADV_DONTNEED);
}

void rl_shadow_reset(const void *addr, size_t n) {
  if (!rl_enabled || n == 0 || !rl_shadow_top)
    return;
  /* A signal handler's accesses made meanwhile are not checked (thread.h) */
  rl_thread_t *t = rl_tls_thread;
  uint8_t was = t ? t->in_detector : 0;
  if (t)
    t->in_detector = 1;
  /* Words the range only partly covers are forgotten whole: that can lose
   * a neighbour's history (a missed race), never invent one. */
  uint64_t w = (uintptr_t)addr >> 3;
  uint64_t wend = (((uintptr_t)addr + n - 1) >> 3) + 1;
  while (w < wend) {
    uint64_t hi = w >> RL_SH_CHUNK_BITS;
    uint64_t chunk_end = (hi + 1) << RL_SH_CHUNK_BITS;
    uint64_t stop = wend < chunk_end ? wend : chunk_end;
    if (hi >= RL_SH_TOP_SIZE)
      break;
    rl_chunk_t *chunk = __atomic_load_n(&rl_shadow_top[hi], __ATOMIC_ACQUIRE);
    if (chunk) /* an unmapped chunk has no history to forget */
      reset_cells(&chunk->c[w & (CHUNK_CELLS - 1)], stop - w);
    w = stop;
  }
  if (t)
    t->in_detector = was;
}
