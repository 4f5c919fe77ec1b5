/*
 * rt/detect/heap.h -- the registry of live heap blocks.
 *
 * Reports want to say "heap block of 40 bytes allocated at prog.c:12 by
 * G1", and channel sends want to know which block a sent pointer points
 * into (ownership diagrams).  Both need "which live block contains p",
 * which the shadow memory cannot answer: it knows accesses, not blocks.
 *
 * Blocks are registered by the malloc-family interceptors
 * (intercept_heap.c) and removed by free/realloc.  Live blocks never
 * overlap, so the block containing p, if any, is the one with the greatest
 * base <= p; the registry is built around finding that one quickly:
 *
 *   - blocks spanning at most RL_HEAP_BACK_PAGES pages (nearly all) are
 *     hashed by the 4 KiB page of their base into lock-striped tables, so
 *     malloc/free from different threads rarely touch the same lock; a
 *     lookup scans back at most that many pages;
 *   - larger blocks live in one sorted array searched by bisection.
 *
 * Lookups are O(1) for small blocks and O(log n) for large ones.  All
 * functions are thread-safe.
 */
#ifndef RL_HEAP_H
#define RL_HEAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct rl_heap_block {
  uintptr_t base;
  uint64_t size;  /* as requested; 0 for malloc(0) */
  uint32_t site;  /* allocation site id, 0 when unknown */
  uint32_t gid;   /* allocating goroutine */
  uint32_t stack; /* allocating goroutine's stack node, 0 unknown */
  uint64_t obj;   /* rl_object() id, 0 when detection is off */
  uint64_t seq;   /* the RL_EV_MALLOC event, 0 unknown */
} rl_heap_block_t;

/* The live block containing p (a block of size 0 contains only its base).
 * Fills *out (when not NULL) and returns true, or returns false. */
bool rl_heap_find(const void *p, rl_heap_block_t *out);

/* Registers a block.  A block already registered at the same base is
 * replaced (the allocator handed the address out again behind our back). */
void rl_heap_add(const rl_heap_block_t *b);

/* Unregisters the block whose base is exactly p, copying it to *out (when
 * not NULL).  False when no block starts at p (not ours, or freed twice). */
bool rl_heap_remove(const void *p, rl_heap_block_t *out);

/* Number of live blocks, for tests and the exit summary. */
size_t rl_heap_count(void);

/* A block freed, and where and by whom (heap_freed.c). */
typedef struct rl_heap_freed {
  rl_heap_block_t block;
  uint64_t free_seq;  /* the RL_EV_FREE event */
  uint32_t free_site; /* site id of the free (or realloc, getline...) */
  uint32_t free_gid;
} rl_heap_freed_t;

/* Remembers a block just freed, among the last thousand or so. */
void rl_heap_note_freed(const rl_heap_freed_t *f);

/* The block most recently freed of those remembered that contained p.
 * Only for naming memory: a live block at p is what p is now, so look
 * for one (rl_heap_find) first. */
bool rl_heap_find_freed(const void *p, rl_heap_freed_t *out);

#endif /* RL_HEAP_H */
