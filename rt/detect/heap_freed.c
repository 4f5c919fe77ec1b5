/*
 * rt/detect/heap_freed.c -- the heap blocks freed last, for naming memory
 * that a race touched after its block was freed.
 *
 * A goroutine that reads a block another one has already freed races
 * with the free (free is a write of the whole block), and the report
 * should say what the memory was: "heap block of 8 bytes allocated at
 * prog.c:12 by G1, freed at prog.c:20 by G2".  The registry (heap.c)
 * forgets a block when it is freed, so the last RL_FREED_KEPT frees are
 * kept here, in a ring, until newer frees push them out.
 *
 * Every free writes a slot, from any thread, so the ring takes no lock:
 * a slot is a sequence lock (odd while written), and a reader that finds
 * a slot changing under it skips it.  Reports, the only readers, are
 * rare; frees are not.
 */
#include <stdatomic.h>

#include "heap.h"

#define RL_FREED_KEPT 1024 /* a power of two */

typedef struct slot {
  _Atomic uint64_t version; /* 0 never written, odd being written */
  _Atomic uint64_t base, size, obj, alloc_seq, free_seq;
  _Atomic uint32_t site, gid, stack, free_site, free_gid;
} slot_t;

static slot_t ring[RL_FREED_KEPT];
static _Atomic uint64_t next;

#define PUT(field, v)                                                          \
  atomic_store_explicit(&s->field, (v), memory_order_relaxed)
#define GET(field) atomic_load_explicit(&s->field, memory_order_relaxed)

void rl_heap_note_freed(const rl_heap_freed_t *f) {
  uint64_t i = atomic_fetch_add_explicit(&next, 1, memory_order_relaxed);
  slot_t *s = &ring[i & (RL_FREED_KEPT - 1)];
  PUT(version, 2 * i + 1);
  atomic_thread_fence(memory_order_release);
  PUT(base, f->block.base);
  PUT(size, f->block.size);
  PUT(obj, f->block.obj);
  PUT(alloc_seq, f->block.seq);
  PUT(free_seq, f->free_seq);
  PUT(site, f->block.site);
  PUT(gid, f->block.gid);
  PUT(stack, f->block.stack);
  PUT(free_site, f->free_site);
  PUT(free_gid, f->free_gid);
  atomic_store_explicit(&s->version, 2 * i + 2, memory_order_release);
}

/* Copies slot s to *f and returns its version (the higher, the newer the
 * free); 0 when it was never written or changed while read. */
static uint64_t read_slot(slot_t *s, rl_heap_freed_t *f) {
  uint64_t v = atomic_load_explicit(&s->version, memory_order_acquire);
  if (v == 0 || (v & 1))
    return 0;
  *f = (rl_heap_freed_t){.block = {.base = GET(base),
                                   .size = GET(size),
                                   .site = GET(site),
                                   .gid = GET(gid),
                                   .stack = GET(stack),
                                   .obj = GET(obj),
                                   .seq = GET(alloc_seq)},
                         .free_seq = GET(free_seq),
                         .free_site = GET(free_site),
                         .free_gid = GET(free_gid)};
  atomic_thread_fence(memory_order_acquire);
  return atomic_load_explicit(&s->version, memory_order_relaxed) == v ? v : 0;
}

bool rl_heap_find_freed(const void *p, rl_heap_freed_t *out) {
  uintptr_t a = (uintptr_t)p;
  uint64_t newest = 0;
  for (size_t i = 0; i < RL_FREED_KEPT; i++) {
    rl_heap_freed_t f;
    uint64_t v = read_slot(&ring[i], &f);
    if (v <= newest) /* unwritten, changing, or older than one found */
      continue;
    uint64_t size = f.block.size ? f.block.size : 1;
    if (a < f.block.base || a - f.block.base >= size)
      continue;
    *out = f;
    newest = v;
  }
  return newest != 0;
}
