/*
 * rt/detect/heap.c -- the live heap block registry (see heap.h for why it
 * is shaped this way).
 *
 * Small blocks: NSTRIPES independent chained hash tables, each with its own
 * lock, keyed by the page of a block's base.  Consecutive pages land in
 * different stripes, so threads allocating from their own malloc arenas
 * almost never contend.  Nodes are recycled through a per-stripe free list:
 * the registry must not double the cost of every malloc with a malloc of
 * its own.
 *
 * Large blocks (spanning more than RL_HEAP_BACK_PAGES pages): one sorted
 * array under a read-write lock.  They are few (glibc serves them with
 * mmap), so insertion by memmove is fine.
 */
#include "heap.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_SHIFT 12
#define RL_HEAP_BACK_PAGES 16
#define NSTRIPES 64
#define INITIAL_BUCKETS 64

typedef struct node {
  rl_heap_block_t b;
  struct node *next;
} node_t;

typedef struct stripe {
  pthread_mutex_t mu;
  node_t **buckets;
  size_t nbuckets; /* a power of two, or 0 before first use */
  size_t n;
  node_t *spare; /* recycled nodes */
} stripe_t;

static stripe_t stripes[NSTRIPES] = {
    [0 ... NSTRIPES - 1] = {.mu = PTHREAD_MUTEX_INITIALIZER}};

static pthread_rwlock_t big_mu = PTHREAD_RWLOCK_INITIALIZER;
static rl_heap_block_t *big; /* sorted by base */
static size_t nbig, capbig;

static size_t live; /* atomic */

/* Every block ever registered lies in [heap_lo, heap_hi): a value outside
 * (an int sent on a channel) is no heap pointer, found without a lock.
 * The bounds only widen; freed blocks leave them as they are. */
static uintptr_t heap_lo = UINTPTR_MAX, heap_hi; /* atomic */

static void widen_bounds(uintptr_t lo, uintptr_t hi) {
  uintptr_t v = __atomic_load_n(&heap_lo, __ATOMIC_RELAXED);
  while (lo < v &&
         !__atomic_compare_exchange_n(&heap_lo, &v, lo, true, __ATOMIC_RELAXED,
                                      __ATOMIC_RELAXED))
    ;
  v = __atomic_load_n(&heap_hi, __ATOMIC_RELAXED);
  while (hi > v &&
         !__atomic_compare_exchange_n(&heap_hi, &v, hi, true, __ATOMIC_RELAXED,
                                      __ATOMIC_RELAXED))
    ;
}

static uintptr_t page_of(uintptr_t a) {
  return a >> PAGE_SHIFT;
}

static uint64_t page_hash(uintptr_t page) {
  return (uint64_t)page * 0x9E3779B97F4A7C15ull;
}

static stripe_t *stripe_of(uintptr_t page) {
  return &stripes[page_hash(page) >> 58];
}

/* Low bits of a multiplicative hash by an odd constant are a bijection of
 * the page's low bits: consecutive pages fill consecutive buckets. */
static size_t bucket_of(const stripe_t *s, uintptr_t page) {
  return (size_t)(page_hash(page) & (s->nbuckets - 1));
}

static uintptr_t last_byte(const rl_heap_block_t *b) {
  return b->base + (b->size ? b->size - 1 : 0);
}

static bool is_big(const rl_heap_block_t *b) {
  return page_of(last_byte(b)) - page_of(b->base) > RL_HEAP_BACK_PAGES;
}

static bool contains(const rl_heap_block_t *b, uintptr_t a) {
  return a >= b->base && a <= last_byte(b);
}

/* ---- small blocks -------------------------------------------------------
 * All functions below run with s->mu held. */

static bool grow(stripe_t *s) {
  size_t n = s->nbuckets ? s->nbuckets * 2 : INITIAL_BUCKETS;
  node_t **nb = calloc(n, sizeof *nb);
  if (!nb)
    return false;
  for (size_t i = 0; i < s->nbuckets; i++) {
    node_t *next;
    for (node_t *x = s->buckets[i]; x; x = next) {
      next = x->next;
      size_t k = (size_t)(page_hash(page_of(x->b.base)) & (n - 1));
      x->next = nb[k];
      nb[k] = x;
    }
  }
  free(s->buckets);
  s->buckets = nb;
  s->nbuckets = n;
  return true;
}

static node_t **slot_of_base(stripe_t *s, uintptr_t base) {
  if (!s->nbuckets)
    return NULL;
  node_t **pp = &s->buckets[bucket_of(s, page_of(base))];
  for (; *pp; pp = &(*pp)->next)
    if ((*pp)->b.base == base)
      return pp;
  return NULL;
}

static void small_add(const rl_heap_block_t *b) {
  uintptr_t page = page_of(b->base);
  stripe_t *s = stripe_of(page);
  pthread_mutex_lock(&s->mu);
  node_t **pp = slot_of_base(s, b->base);
  if (pp) {
    (*pp)->b = *b;
    pthread_mutex_unlock(&s->mu);
    return;
  }
  if (s->n >= s->nbuckets * 2 && !grow(s) && !s->nbuckets) {
    pthread_mutex_unlock(&s->mu);
    return; /* out of memory: the block goes unnamed in reports */
  }
  node_t *x = s->spare;
  if (x)
    s->spare = x->next;
  else if (!(x = malloc(sizeof *x))) {
    pthread_mutex_unlock(&s->mu);
    return;
  }
  x->b = *b;
  size_t k = bucket_of(s, page);
  x->next = s->buckets[k];
  s->buckets[k] = x;
  s->n++;
  pthread_mutex_unlock(&s->mu);
  __atomic_fetch_add(&live, 1, __ATOMIC_RELAXED);
}

static bool small_remove(uintptr_t base, rl_heap_block_t *out) {
  stripe_t *s = stripe_of(page_of(base));
  pthread_mutex_lock(&s->mu);
  node_t **pp = slot_of_base(s, base);
  if (!pp) {
    pthread_mutex_unlock(&s->mu);
    return false;
  }
  node_t *x = *pp;
  *pp = x->next;
  if (out)
    *out = x->b;
  x->next = s->spare;
  s->spare = x;
  s->n--;
  pthread_mutex_unlock(&s->mu);
  __atomic_fetch_sub(&live, 1, __ATOMIC_RELAXED);
  return true;
}

/* The small block with the greatest base <= a among those based in `page`
 * (at most a). */
static bool small_best_in_page(uintptr_t page, uintptr_t a,
                               rl_heap_block_t *best) {
  stripe_t *s = stripe_of(page);
  bool found = false;
  pthread_mutex_lock(&s->mu);
  if (s->nbuckets) {
    for (node_t *x = s->buckets[bucket_of(s, page)]; x; x = x->next) {
      if (page_of(x->b.base) != page || x->b.base > a)
        continue;
      if (!found || x->b.base > best->base) {
        *best = x->b;
        found = true;
      }
    }
  }
  pthread_mutex_unlock(&s->mu);
  return found;
}

/* ---- large blocks: sorted array ---------------------------------------- */

/* Index of the first block with base > a. */
static size_t big_upper(uintptr_t a) {
  size_t lo = 0, hi = nbig;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (big[mid].base <= a)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

static void big_add(const rl_heap_block_t *b) {
  pthread_rwlock_wrlock(&big_mu);
  size_t i = big_upper(b->base);
  if (i > 0 && big[i - 1].base == b->base) {
    big[i - 1] = *b;
    pthread_rwlock_unlock(&big_mu);
    return;
  }
  if (nbig == capbig) {
    size_t n = capbig ? capbig * 2 : 16;
    rl_heap_block_t *nb = realloc(big, n * sizeof *nb);
    if (!nb) {
      pthread_rwlock_unlock(&big_mu);
      return;
    }
    big = nb;
    capbig = n;
  }
  memmove(&big[i + 1], &big[i], (nbig - i) * sizeof *big);
  big[i] = *b;
  __atomic_store_n(&nbig, nbig + 1, __ATOMIC_RELAXED); /* read unlocked */
  pthread_rwlock_unlock(&big_mu);
  __atomic_fetch_add(&live, 1, __ATOMIC_RELAXED);
}

static bool big_remove(uintptr_t base, rl_heap_block_t *out) {
  pthread_rwlock_wrlock(&big_mu);
  size_t i = big_upper(base);
  if (i == 0 || big[i - 1].base != base) {
    pthread_rwlock_unlock(&big_mu);
    return false;
  }
  if (out)
    *out = big[i - 1];
  memmove(&big[i - 1], &big[i], (nbig - i) * sizeof *big);
  __atomic_store_n(&nbig, nbig - 1, __ATOMIC_RELAXED);
  pthread_rwlock_unlock(&big_mu);
  __atomic_fetch_sub(&live, 1, __ATOMIC_RELAXED);
  return true;
}

static bool big_find(uintptr_t a, rl_heap_block_t *out) {
  bool found = false;
  pthread_rwlock_rdlock(&big_mu);
  size_t i = big_upper(a);
  if (i > 0 && contains(&big[i - 1], a)) {
    *out = big[i - 1];
    found = true;
  }
  pthread_rwlock_unlock(&big_mu);
  return found;
}

/* ---- the interface ----------------------------------------------------- */

void rl_heap_add(const rl_heap_block_t *b) {
  widen_bounds(b->base, last_byte(b) + 1); /* before any lookup can find it */
  if (is_big(b))
    big_add(b);
  else
    small_add(b);
}

bool rl_heap_remove(const void *p, rl_heap_block_t *out) {
  uintptr_t base = (uintptr_t)p;
  return small_remove(base, out) || big_remove(base, out);
}

bool rl_heap_find(const void *p, rl_heap_block_t *out) {
  uintptr_t a = (uintptr_t)p;
  if (a < __atomic_load_n(&heap_lo, __ATOMIC_RELAXED) ||
      a >= __atomic_load_n(&heap_hi, __ATOMIC_RELAXED))
    return false;
  uintptr_t page = page_of(a);
  rl_heap_block_t b;
  /* Live blocks are disjoint, so only the greatest base <= a can contain
   * a; a small block containing a is based at most BACK pages before it. */
  for (uintptr_t k = 0; k <= RL_HEAP_BACK_PAGES && k <= page; k++) {
    if (small_best_in_page(page - k, a, &b)) {
      if (contains(&b, a)) {
        if (out)
          *out = b;
        return true;
      }
      break;
    }
  }
  if (!__atomic_load_n(&nbig, __ATOMIC_RELAXED))
    return false;
  if (!big_find(a, &b))
    return false;
  if (out)
    *out = b;
  return true;
}

size_t rl_heap_count(void) {
  return __atomic_load_n(&live, __ATOMIC_RELAXED);
}
