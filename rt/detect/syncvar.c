/*
 * rt/detect/syncvar.c -- sync clocks and object ids kept by address.
 *
 * Mutexes, WaitGroups, pthread objects and atomic variables live in the
 * program's memory, where the detector cannot add fields, so their clocks
 * and log ids live here, in a hash table keyed by (address, kind).  The
 * table is striped: sync operations are not the hot path, but many
 * goroutines locking different mutexes should not queue on one lock.
 * Entries of a heap block go away when it is freed (rl_sync_forget_range),
 * so a new object at a reused address starts unsynchronised.
 */
#include "syncvar.h"

#include <pthread.h>
#include <stdlib.h>

#include "../log/log.h"
#include "detect.h"
#include "sites.h"

#define STRIPES 64

typedef struct entry {
  struct entry *next;
  uintptr_t addr;
  uint16_t kind; /* 0: the clock of rl_clock_at; else an rl_obj_kind */
  uint64_t obj;
  rl_clock_t clock;
} entry_t;

typedef struct stripe {
  pthread_mutex_t mu;
  entry_t **buckets;
  uint32_t nbuckets, n;
} stripe_t;

static stripe_t stripes[STRIPES];
static pthread_once_t stripes_once = PTHREAD_ONCE_INIT;
static uint64_t nentries; /* all stripes, relaxed */
static uint64_t next_obj;

static void stripes_init(void) {
  for (int i = 0; i < STRIPES; i++)
    pthread_mutex_init(&stripes[i].mu, NULL);
}

static uint64_t hash_addr(uintptr_t a) {
  uint64_t h = (uint64_t)a * 0x9e3779b97f4a7c15ull;
  return h ^ (h >> 29);
}

static stripe_t *stripe_of(uintptr_t a) {
  pthread_once(&stripes_once, stripes_init);
  return &stripes[hash_addr(a) % STRIPES];
}

static entry_t **bucket_of(stripe_t *s, uintptr_t a) {
  return &s->buckets[(hash_addr(a) / STRIPES) & (s->nbuckets - 1)];
}

static void stripe_grow(stripe_t *s) {
  uint32_t nb = s->nbuckets ? s->nbuckets * 2 : 64;
  entry_t **nbk = calloc(nb, sizeof *nbk);
  if (!nbk)
    abort();
  entry_t **old = s->buckets;
  uint32_t oldn = s->nbuckets;
  s->buckets = nbk;
  s->nbuckets = nb;
  for (uint32_t i = 0; i < oldn; i++)
    for (entry_t *e = old[i], *next; e; e = next) {
      next = e->next;
      entry_t **b = bucket_of(s, e->addr);
      e->next = *b;
      *b = e;
    }
  free(old);
}

/* The entry for (a, kind), created when missing; stripe lock held. */
static entry_t *lookup(stripe_t *s, uintptr_t a, uint16_t kind) {
  if (s->nbuckets) {
    for (entry_t *e = *bucket_of(s, a); e; e = e->next)
      if (e->addr == a && e->kind == kind)
        return e;
  }
  if (s->n >= s->nbuckets)
    stripe_grow(s);
  entry_t *e = calloc(1, sizeof *e);
  if (!e)
    abort();
  e->addr = a;
  e->kind = kind;
  entry_t **b = bucket_of(s, a);
  e->next = *b;
  *b = e;
  s->n++;
  __atomic_add_fetch(&nentries, 1, __ATOMIC_RELAXED);
  return e;
}

rl_clock_t *rl_clock_at(const void *addr) {
  if (!rl_enabled)
    return NULL;
  stripe_t *s = stripe_of((uintptr_t)addr);
  pthread_mutex_lock(&s->mu);
  entry_t *e = lookup(s, (uintptr_t)addr, 0);
  pthread_mutex_unlock(&s->mu);
  return &e->clock;
}

uint64_t rl_syncvar_object(const void *addr, uint16_t kind, uint64_t new_id) {
  stripe_t *s = stripe_of((uintptr_t)addr);
  pthread_mutex_lock(&s->mu);
  entry_t *e = lookup(s, (uintptr_t)addr, kind);
  uint64_t id = e->obj;
  if (!id)
    e->obj = new_id;
  pthread_mutex_unlock(&s->mu);
  return id;
}

/* What to call an object: the variable the creating call's result went to
 * (`jobs` for chan_t *jobs = CHAN(...)), else the global it lives in, so
 * `static waitgroup_t wg;` shows as `wg` rather than as a number. */
static const char *object_name(const void *addr, const rl_site_t *site) {
  if (site && site->expr)
    return site->expr;
  const rl_global_t *g = rl_global_at((uintptr_t)addr);
  return g ? g->name : NULL;
}

uint64_t rl_object(const void *addr, enum rl_obj_kind kind,
                   const rl_site_t *site, uint64_t size, uint64_t cap,
                   uint64_t elem_size) {
  if (!rl_enabled)
    return 0;
  uint64_t id = __atomic_add_fetch(&next_obj, 1, __ATOMIC_RELAXED);
  uint64_t old = rl_syncvar_object(addr, (uint16_t)kind, id);
  if (old)
    return old; /* the id drawn is skipped: ids need only be unique */
  rl_log_object(&(rl_log_object_t){.obj_id = id,
                                   .kind = (uint16_t)kind,
                                   .addr = (uint64_t)(uintptr_t)addr,
                                   .name = object_name(addr, site),
                                   .size = size,
                                   .cap = cap,
                                   .elem_size = elem_size,
                                   .site = site ? site->id : 0,
                                   .gid = rl_gid(),
                                   .stack = rl_stack_node(),
                                   .seq = rl_last_seq()});
  return id;
}

uint64_t rl_object_new_id(void) {
  return __atomic_add_fetch(&next_obj, 1, __ATOMIC_RELAXED);
}

static void entry_free(entry_t *e) {
  rl_vc_free(&e->clock.vc);
  free(e);
}

/* Removes the entries of stripe s whose address is in [lo, hi). */
static void forget_in_bucket(stripe_t *s, entry_t **b, uintptr_t lo,
                             uintptr_t hi) {
  while (*b) {
    entry_t *e = *b;
    if (e->addr >= lo && e->addr < hi) {
      *b = e->next;
      s->n--;
      __atomic_sub_fetch(&nentries, 1, __ATOMIC_RELAXED);
      entry_free(e);
    } else {
      b = &e->next;
    }
  }
}

void rl_sync_forget_range(const void *addr, size_t n) {
  if (!rl_enabled || n == 0 ||
      __atomic_load_n(&nentries, __ATOMIC_RELAXED) == 0)
    return;
  uintptr_t lo = (uintptr_t)addr, hi = lo + n;
  if (n <= __atomic_load_n(&nentries, __ATOMIC_RELAXED)) {
    /* Fewer addresses than entries: look each address up. */
    for (uintptr_t a = lo; a < hi; a++) {
      stripe_t *s = stripe_of(a);
      pthread_mutex_lock(&s->mu);
      if (s->nbuckets)
        forget_in_bucket(s, bucket_of(s, a), a, a + 1);
      pthread_mutex_unlock(&s->mu);
    }
    return;
  }
  for (int i = 0; i < STRIPES; i++) {
    stripe_t *s = &stripes[i];
    pthread_mutex_lock(&s->mu);
    for (uint32_t b = 0; b < s->nbuckets; b++)
      forget_in_bucket(s, &s->buckets[b], lo, hi);
    pthread_mutex_unlock(&s->mu);
  }
}

rl_clock_t *rl_clock_new(void) {
  if (!rl_enabled)
    return NULL;
  rl_clock_t *c = calloc(1, sizeof *c);
  if (!c)
    abort();
  return c;
}

void rl_clock_free(rl_clock_t *c) {
  if (!c)
    return;
  rl_vc_free(&c->vc);
  free(c);
}
