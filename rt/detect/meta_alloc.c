/*
 * rt/detect/meta_alloc.c -- the detector's lock-free bump allocator
 * (meta_alloc.h says why).
 *
 * Regions of 1 MiB come from mmap; a request takes its place in the current
 * region with one atomic add.  The thread that finds the region full maps a
 * new one and swaps it in; when two race, the loser unmaps its own and
 * retries in the winner's.  Requests larger than a quarter region get a
 * mapping of their own.
 */
#include "meta_alloc.h"

#include <stdbool.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#define REGION (1u << 20)
#define ALIGN 64

typedef struct region {
  size_t off; /* bytes handed out, the header included */
} region_t;

static region_t *cur;

static void *map_or_die(size_t n) {
  void *p =
      mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) {
    /* async-signal-safe: no stdio */
    static const char msg[] = "racelens: out of memory for the detector\n";
    ssize_t w = write(2, msg, sizeof msg - 1);
    (void)w;
    _exit(2);
  }
  return p;
}

void *rl_meta_alloc_aligned(size_t n) {
  char *p = map_or_die(2 * n);
  uintptr_t a = ((uintptr_t)p + n - 1) & ~(uintptr_t)(n - 1);
  size_t head = a - (uintptr_t)p;
  if (head)
    munmap(p, head);
  munmap((char *)a + n, n - head);
  return (void *)a;
}

void *rl_meta_alloc(size_t n) {
  n = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
  if (n > REGION / 4)
    return map_or_die(n);
  for (;;) {
    region_t *r = __atomic_load_n(&cur, __ATOMIC_ACQUIRE);
    if (r) {
      size_t o = __atomic_fetch_add(&r->off, n, __ATOMIC_RELAXED);
      if (o + n <= REGION)
        return (char *)r + o;
    }
    region_t *fresh = map_or_die(REGION);
    fresh->off = ALIGN; /* the header's line */
    if (!__atomic_compare_exchange_n(&cur, &r, fresh, false, __ATOMIC_ACQ_REL,
                                     __ATOMIC_ACQUIRE))
      munmap(fresh, REGION);
  }
}
