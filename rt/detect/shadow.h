/*
 * rt/detect/shadow.h -- shadow memory: one cell per 8-byte word of
 * the program, found in O(1) through a two-level table.
 *
 * Why two levels: a 47-bit address space cannot be mirrored directly at 4
 * shadow bytes per byte, and a hash table would put a probe and a lock on
 * every access.  The top level is one big MAP_NORESERVE array of chunk
 * pointers (the kernel backs only the pages touched); a chunk of shadow
 * for 512 KiB of program memory is mapped the first time that memory is
 * accessed and installed with a CAS, so the lookup is two loads and no
 * lock, ever.
 *
 * A cell (16 bytes, plus 16 cold ones, see rl_cold_t) holds the word's
 * last write and its reads since, each record carrying the byte mask of
 * the bytes it covers: a goroutine's accesses to several fields of one
 * word in one epoch merge into one record, reads of different bytes live
 * side by side in a read set, and a write that leaves bytes of an
 * unordered earlier write untouched *splits* the word: its `w` then points
 * to 8 cells, one per byte, and every later access checks the bytes it
 * touches.  Adjacent chars, struct fields and sub-word unions thus never
 * race with each other, and int arrays cost one cell per word.
 *
 * Cell fields are read and written with relaxed atomics and no lock:
 * accesses racing on one cell can lose an update, which can only lose a
 * race report in a program that already races on that word, never invent
 * one.  A read set (several concurrent readers) has its own tiny lock.
 */
#ifndef RL_SHADOW_H
#define RL_SHADOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spin.h"
#include "thread.h" /* RL_EP_PTR */

typedef struct rl_cell {
  uint64_t w; /* last write: epoch | mask | atomic; or RL_EP_PTR | split */
  uint64_t r; /* last read: epoch | mask | atomic; or RL_EP_PTR | read set */
} rl_cell_t;

/* Where the last write and read of a cell were made: needed only by the
 * slow path and by reports, never by the same-epoch fast path. */
typedef struct rl_cold {
  uint32_t wsite, wstack;
  union {
    struct {
      uint32_t rsite, rstack; /* the read record's, while r is an epoch */
    };
    /* While r is a read set: the entry its last reader pushed, with bit 63
     * set (so the sites left from the epoch days never look like one), or
     * 0.  rl_read_done's hint after the set's own. */
    uint64_t rhint;
  };
} rl_cold_t;

/* The whole shadow of one word (32 bytes), as a split word keeps it per
 * byte.  A chunk of the table keeps its cells and its cold halves in two
 * arrays instead (rl_chunk_t). */
typedef struct rl_slot {
  rl_cell_t c;
  rl_cold_t k;
} rl_slot_t;

/* A split word: a slot per byte. */
typedef struct rl_split {
  rl_slot_t s[8];
} rl_split_t;

/* One reader in a read set. */
typedef struct rl_rentry {
  uint64_t ep;
  uint32_t site, stack;
} rl_rentry_t;

/* The readers of a word since its last write, when they are concurrent.
 * `recent` is the lock-free same-epoch check of goroutines reading it over
 * and over (four goroutines sharing a matrix): the entry a reader pushed,
 * copied at recent[slot % RL_RS_RECENT].  A hint only: cleared whenever
 * entries leave the set, overwritten when two slots share a place, and a
 * miss just means the locked path.
 *
 * The hints are all the fast path reads of a set, so they are kept apart
 * from the rest, and by reader: sets come in slabs of RL_RS_SLAB (64 KiB,
 * aligned to their size), whose first half is RL_RS_RECENT planes of one
 * hint per set and whose second half holds the rest of the sets.  A
 * column walk down a shared matrix reads sets made one after the other,
 * and each reader finds its hints for them side by side in its plane,
 * eight to a cache line.  A cell's r points to its set's hint in plane 0;
 * plane k is k * RL_RS_SLAB hints further (rl_readset_ref, rl_readset_of,
 * rl_readset_hint). */
#define RL_RS_RECENT 4
#define RL_RS_SLAB 1024
typedef struct rl_readset {
  rl_spin_t lock;
  uint32_t n, cap;
  rl_rentry_t *v;
  struct rl_readset *next_free;
} rl_readset_t;
#define RL_RS_SLAB_BYTES (2 * RL_RS_SLAB * sizeof(rl_readset_t))
#define RL_RS_PLANES_BYTES (RL_RS_RECENT * RL_RS_SLAB * sizeof(uint64_t))
_Static_assert(RL_RS_PLANES_BYTES == RL_RS_SLAB_BYTES / 2 &&
                   (RL_RS_SLAB_BYTES & (RL_RS_SLAB_BYTES - 1)) == 0,
               "a slab: the hint planes, then the sets, a power of two");

static inline uintptr_t rl_readset_slab(const void *p) {
  return (uintptr_t)p & ~(uintptr_t)(RL_RS_SLAB_BYTES - 1);
}
/* Set s's hint for readers of slot % RL_RS_RECENT == k. */
static inline uint64_t *rl_readset_hint(rl_readset_t *s, unsigned k) {
  uintptr_t base = rl_readset_slab(s);
  size_t i = ((uintptr_t)s - base - RL_RS_PLANES_BYTES) / sizeof *s;
  return (uint64_t *)base + (size_t)k * RL_RS_SLAB + i;
}
/* What a cell's r holds for set s, and the set it names. */
static inline uint64_t rl_readset_ref(rl_readset_t *s) {
  return RL_EP_PTR | (uint64_t)(uintptr_t)rl_readset_hint(s, 0);
}
/* The hint for readers of slot k of the set r names (the fast path). */
static inline uint64_t *rl_readset_hint_of(uint64_t r, unsigned k) {
  return (uint64_t *)(uintptr_t)(r & ~RL_EP_PTR) + (size_t)k * RL_RS_SLAB;
}
static inline rl_readset_t *rl_readset_of(uint64_t r) {
  uint64_t *h = rl_readset_hint_of(r, 0);
  uintptr_t base = rl_readset_slab(h);
  size_t i = (size_t)(h - (uint64_t *)base);
  return (rl_readset_t *)(base + RL_RS_PLANES_BYTES) + i;
}

#define RL_SH_CHUNK_BITS 16 /* words per chunk: 64 Ki (512 KiB of memory) */
#define RL_SH_ADDR_BITS 47
#define RL_SH_TOP_SIZE (1ull << (RL_SH_ADDR_BITS - 3 - RL_SH_CHUNK_BITS))
#define RL_SH_CHUNK_CELLS (1ull << RL_SH_CHUNK_BITS)

/* A chunk: the cells of its words, then their cold halves.  Why apart:
 * the fast paths read only cells, so a loop over an array streams 16
 * bytes of shadow per word rather than 32, and a column walk down a
 * matrix finds four words' cells per cache line rather than two.  The
 * price is a second shadow page for a word touched once. */
typedef struct rl_chunk {
  rl_cell_t c[RL_SH_CHUNK_CELLS];
  rl_cold_t k[RL_SH_CHUNK_CELLS];
} rl_chunk_t;
_Static_assert(sizeof(rl_cell_t) == sizeof(rl_cold_t),
               "rl_shadow_cold: a cold half is a chunk's cells away");

/* Instrumented code reads it too (rt/abi.h, the inline check), so it is
 * exported even from the shared runtime. */
extern rl_chunk_t **rl_shadow_top;
/* A chunk's worth of cells that are never written: where the inline check
 * looks when there is no chunk (or nothing it may check), so that it needs
 * no branch for that; every test against a zero record fails, and the
 * runtime's miss entry points know the address. */
extern rl_cell_t rl_shadow_empty[RL_SH_CHUNK_CELLS];

rl_chunk_t *rl_shadow_chunk_new(uint64_t top_index);
void rl_shadow_init(void);

/* The cell of the word holding `a`, NULL when the chunk does not exist yet
 * as well as for addresses the table does not cover (above the 47-bit user
 * space) or before rl_shadow_init.  For the access fast paths, which stay
 * leaf functions (no registers to save) by leaving everything rare to
 * their slow path. */
static inline rl_cell_t *rl_shadow_cell_fast(uintptr_t a) {
  uint64_t word = a >> 3;
  uint64_t hi = word >> RL_SH_CHUNK_BITS;
  rl_chunk_t **top = rl_shadow_top;
  if (__builtin_expect(hi >= RL_SH_TOP_SIZE, 0) ||
      __builtin_expect(!top, 0)) /* two branches, no flag juggling */
    return NULL;
  rl_chunk_t *chunk = __atomic_load_n(&top[hi], __ATOMIC_ACQUIRE);
  return chunk ? &chunk->c[word & (RL_SH_CHUNK_CELLS - 1)] : NULL;
}

/* The same, making the chunk when it does not exist: NULL only for
 * addresses the table does not cover or before rl_shadow_init. */
static inline rl_cell_t *rl_shadow_cell(uintptr_t a) {
  rl_cell_t *c = rl_shadow_cell_fast(a);
  uint64_t word = a >> 3, hi = word >> RL_SH_CHUNK_BITS;
  if (__builtin_expect(c != NULL, 1) || hi >= RL_SH_TOP_SIZE || !rl_shadow_top)
    return c;
  return &rl_shadow_chunk_new(hi)->c[word & (RL_SH_CHUNK_CELLS - 1)];
}

/* The cold half of a cell of the table (a split word's cells have theirs
 * in their rl_slot_t). */
static inline rl_cold_t *rl_shadow_cold(rl_cell_t *c) {
  return (rl_cold_t *)(c + RL_SH_CHUNK_CELLS);
}

/* The cell of the next word, within one chunk. */
static inline rl_cell_t *rl_shadow_next(rl_cell_t *c) {
  return c + 1;
}

/* Out-of-line parts, recycled rather than freed: a racing access may
 * still hold a pointer to one, and must find valid memory there. */
rl_split_t *rl_split_alloc(void);
void rl_split_recycle(rl_split_t *blk);
rl_readset_t *rl_readset_alloc(void);
void rl_readset_recycle(rl_readset_t *s);
/* Under the set's lock, whenever entries leave it. */
static inline void rl_readset_forget_recent(rl_readset_t *s) {
  for (int i = 0; i < RL_RS_RECENT; i++)
    __atomic_store_n(rl_readset_hint(s, (unsigned)i), 0, __ATOMIC_RELAXED);
}
/* Appends a reader; the set's lock is held. */
void rl_readset_push(rl_readset_t *s, uint64_t ep, uint32_t site,
                     uint32_t stack);

#endif /* RL_SHADOW_H */
