/*
 * rt/detect/thread.h -- the detector's per-goroutine state and the registry
 * of every goroutine of the run.
 *
 * A goroutine owns a vector-clock *slot*.  Slots are what epochs in shadow
 * memory name, so a slot must keep meaning "this goroutine" while its
 * accesses can still be compared.  Goroutine ids are never reused; slots
 * are handed out fresh until RL_SLOT_RECYCLE_AT of them exist.  Past that
 * a new goroutine takes over the slot of a dead one, its clock continuing
 * where the dead owner stopped, when its creator has heard of the dead
 * owner's final clock (a WaitGroup wait, a join, a channel): the dead owner
 * happened before the new one anyway, so this is exact.  Otherwise it gets
 * a fresh slot, and only once all RL_SLOT_MAX exist is the longest-dead
 * slot reused unconditionally, at a price: the new owner appears ordered
 * after everything the dead owner did, so a race between the two is
 * missed (never a false one).  That takes 16,384 goroutines whose ends
 * nobody waited for.
 *
 * The state of a goroutine outlives it: joins need its final clock and race
 * reports need its name, creator and history of sync events.  The clock,
 * the counters and the stack are freed at exit; the small rest stays.
 */
#ifndef RL_THREAD_H
#define RL_THREAD_H

#include <stdbool.h>
#include <stdint.h>

#include "detect.h"
#include "spin.h"
#include "vclock.h"

#define RL_SLOT_RECYCLE_AT 1024
#define RL_SLOT_MAX (1u << 14) /* the slot field of an epoch is 14 bits */
#define RL_HIST 16             /* sync events remembered per goroutine */
#define RL_HELD_MAX 8          /* locks held that lock order follows */
#define RL_SEEN_PAIRS 8        /* lock pairs a goroutine remembers */

/* Epoch layout, shared by goroutines and shadow cells: one 64-bit word.
 *   bits 0..7   byte mask of the access within its 8-byte word
 *   bit  8      atomic access
 *   bit  9      (shadow only) the record is going in: its site and stack
 *               are not stored yet (access.c, install)
 *   bits 10..23 slot
 *   bits 24..62 clock
 *   bit  63     (shadow only) the word holds a pointer, not an epoch */
#define RL_EP_MASK 0xffull
#define RL_EP_ATOMIC (1ull << 8)
#define RL_EP_BUSY (1ull << 9)
#define RL_EP_SLOT_SHIFT 10
#define RL_EP_CLOCK_SHIFT 24
#define RL_EP_PTR (1ull << 63)
#define RL_EP_CLOCK_MAX ((1ull << 39) - 1)

static inline uint32_t rl_ep_slot(uint64_t ep) {
  return (uint32_t)(ep >> RL_EP_SLOT_SHIFT) & (RL_SLOT_MAX - 1);
}
static inline uint64_t rl_ep_clock(uint64_t ep) {
  return (ep & ~RL_EP_PTR) >> RL_EP_CLOCK_SHIFT;
}

/* One remembered sync event, for "G3's last synchronisation was ...". */
typedef struct rl_hist {
  uint64_t seq;
  uint64_t clock; /* the goroutine's own clock after the event */
  uint16_t kind;
  const rl_site_t *site;
} rl_hist_t;

/* A lock a goroutine holds, and where it took it (lock_order.c). */
typedef struct rl_held {
  uint64_t obj;
  const void *addr;
  uint32_t site, stack;
} rl_held_t;

/* Accesses of one goroutine at one site. */
typedef struct rl_counts {
  uint64_t reads, writes, atomics;
} rl_counts_t;

struct rl_thread {
  /* hot: the access path reads these, and so does instrumented code (the
   * inline check: their offsets are rt/abi.h's RL_FAST_*, abi_check.c) */
  uint64_t ep;   /* own epoch: clock and slot, mask bits 0 */
  uint32_t node; /* current call-stack node */
  uint32_t slot;
  rl_counts_t *counts; /* indexed by site id */
  uint32_t ncounts;
  /* What the fast paths take as ncounts: 0 while every access must go the
   * slow way (RACELENS_TRACE=all), so the fast paths test one thing. */
  uint32_t fast_ncounts;
  rl_vc_t vc;

  /* identity, fixed at creation */
  uint32_t gid;
  uint32_t parent;
  const char *kind;     /* "main", "goroutine", "pthread" */
  char *fn_name;        /* started function, NULL unknown */
  uint32_t create_site; /* the go/pthread_create call's site id */
  uint32_t create_stack;
  uint64_t go_seq;
  uint64_t exit_seq;
  rl_clock_t *exit_clock; /* released into at exit, for joins */

  /* where its stack lives, for naming locals in reports (0: unknown) */
  uintptr_t stack_lo, stack_hi;

  /* For taking over its slot exactly once it is dead (thread.c): whether
   * an access was recorded since the last tick, and at exit the last clock
   * any record of it in shadow memory can carry. */
  bool stamped;
  uint64_t last_stamp;

  /* Inside the detector's slow path or a shadow reset: an access made by
   * a signal handler that interrupted this thread there is not checked
   * (access.c, check_report), since checking it could wait for what the
   * interrupted code holds. */
  volatile uint8_t in_detector;

  /* The write and the read record this goroutine put in last, and where
   * (access.c, take): an access that widens one knows the site it merges
   * with without loading the cell's cold half. */
  struct rl_last_record {
    const uint64_t *field;
    uint32_t site, stack;
  } last_write, last_read;

  rl_spin_t lock; /* guards hist and alive for other threads' reads */
  bool alive;
  uint32_t nhist;
  rl_hist_t hist[RL_HIST];
  uint64_t last_atomic_peer; /* avoids logging a spin loop's acquires */

  /* The locks it holds, and the (held, taken) pairs of lock objects it
   * has put in the lock-order graph, newest first: its own alone. */
  uint8_t nheld, nseen;
  rl_held_t held[RL_HELD_MAX];
  uint64_t seen[RL_SEEN_PAIRS][2];
};

/* The calling goroutine, or NULL (initial-exec TLS: one load). */
extern __thread rl_thread_t *rl_tls_thread
    __attribute__((tls_model("initial-exec")));

/* Lifecycle helpers for lifecycle.c (thread.c owns the registry). */
uint32_t rl_new_gid(void);
/* `known`: the creator's clock, so a dead goroutine's slot it has heard of
 * can be taken over exactly (NULL: no creator). */
rl_thread_t *rl_thread_new(uint32_t gid, uint32_t parent, const char *kind,
                           const rl_vc_t *known);
void rl_thread_free_live_parts(rl_thread_t *t);
void rl_thread_exit_state(rl_thread_t *t); /* lifecycle.c */
void rl_thread_set_off_gid(uint32_t gid);
/* The calling OS thread's stack, [lo, hi) (0, 0 when unknown). */
void rl_thread_stack_range(uintptr_t *lo, uintptr_t *hi);

/* Sets up G1 on the calling thread (from rl_init). */
void rl_thread_init_main(void);
/* Goroutine by id (NULL unknown); the pointer stays valid for the run. */
rl_thread_t *rl_thread_by_gid(uint32_t gid);
/* The goroutine that owned `slot` when its clock was `clock`. */
uint32_t rl_slot_owner(uint32_t slot, uint64_t clock);
uint32_t rl_thread_count(void); /* highest gid handed out */
/* After changing t->vc[t->slot]: recomputes t->ep. */
void rl_thread_sync_ep(rl_thread_t *t);
/* Remembers a sync event of t for reports. */
void rl_thread_note(rl_thread_t *t, uint64_t seq, uint16_t kind,
                    const rl_site_t *site);
/* The last sync event of goroutine t at or before its clock `clock`; false
 * when it is older than the remembered history. */
bool rl_thread_last_sync(rl_thread_t *t, uint64_t clock, rl_hist_t *out);
/* Sends t's access counts to the log and clears them. */
void rl_thread_flush_counts(rl_thread_t *t);
/* Grows t->counts to cover site id `id` and returns its entry. */
rl_counts_t *rl_thread_counts_slow(rl_thread_t *t, uint32_t id);

/* Whether the goroutine's table reaches id yet (fast paths leave growing
 * it to their slow path); then t->counts[id] is the entry, with no NULL
 * to test. */
static inline bool rl_thread_counts_reach(const rl_thread_t *t, uint32_t id) {
  return __builtin_expect(id < t->fast_ncounts, 1);
}

static inline rl_counts_t *rl_thread_counts(rl_thread_t *t, uint32_t id) {
  if (__builtin_expect(id < t->ncounts, 1))
    return &t->counts[id];
  return rl_thread_counts_slow(t, id);
}

/* Relaxed increments: only the owner writes, rl_finish may read. */
static inline void rl_count_add(uint64_t *c) {
  __atomic_store_n(c, __atomic_load_n(c, __ATOMIC_RELAXED) + 1,
                   __ATOMIC_RELAXED);
}

#endif /* RL_THREAD_H */
