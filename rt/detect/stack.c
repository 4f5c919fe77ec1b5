/*
 * rt/detect/stack.c -- the shadow call stack: __rl_func_enter/exit and the
 * trie of call paths (see stack.h).
 *
 * func_enter runs on every instrumented call, so interning a node goes
 * through a small per-thread cache first; only a path never seen by this
 * thread takes a striped lock on the global table (and logs the new node
 * when it is new to the run).
 */
#include "stack.h"

#include <pthread.h>
#include <stdlib.h>

#include "../log/log.h"
#include "shadow.h"
#include "thread.h"

__thread rl_site_t *__rl_callsite __attribute__((tls_model("initial-exec")));

/* ---- node storage: id -> node, readable without a lock ------------------ */
#define NODE_CHUNK (1u << 16)
#define NODE_CHUNKS (1u << 12)
static rl_node_t *nodes[NODE_CHUNKS];
static uint32_t next_node = 1;

bool rl_stack_get(uint32_t id, rl_node_t *out) {
  if (id == 0 || id / NODE_CHUNK >= NODE_CHUNKS)
    return false;
  rl_node_t *chunk = __atomic_load_n(&nodes[id / NODE_CHUNK], __ATOMIC_ACQUIRE);
  if (!chunk)
    return false;
  rl_node_t *n = &chunk[id % NODE_CHUNK];
  out->parent = __atomic_load_n(&n->parent, __ATOMIC_RELAXED);
  out->fn_site = __atomic_load_n(&n->fn_site, __ATOMIC_RELAXED);
  out->call_site = __atomic_load_n(&n->call_site, __ATOMIC_RELAXED);
  return out->fn_site != 0 || out->parent != 0;
}

static uint32_t node_parent(uint32_t id) {
  rl_node_t n;
  return rl_stack_get(id, &n) ? n.parent : 0;
}

/* ---- the global intern table: (parent, fn, call) -> id ------------------ */
#define STRIPES 64

typedef struct ientry {
  struct ientry *next;
  uint32_t parent, fn, call, id;
} ientry_t;

typedef struct istripe {
  pthread_mutex_t mu;
  ientry_t **b;
  uint32_t nb, n;
} istripe_t;

static istripe_t istripes[STRIPES];
static pthread_mutex_t alloc_mu = PTHREAD_MUTEX_INITIALIZER;

static uint64_t key_hash(uint32_t parent, uint32_t fn, uint32_t call) {
  uint64_t h = ((uint64_t)parent * 0x9e3779b97f4a7c15ull) ^
               ((uint64_t)fn * 0xc2b2ae3d27d4eb4full) ^
               ((uint64_t)call * 0x165667b19e3779f9ull);
  return h ^ (h >> 31);
}

static uint32_t node_alloc(uint32_t parent, uint32_t fn, uint32_t call) {
  pthread_mutex_lock(&alloc_mu);
  uint32_t id = next_node++;
  if (id / NODE_CHUNK >= NODE_CHUNKS) {
    pthread_mutex_unlock(&alloc_mu);
    return parent; /* out of ids: the stack stops growing, reports stay */
  }
  rl_node_t *chunk = nodes[id / NODE_CHUNK];
  if (!chunk) {
    chunk = calloc(NODE_CHUNK, sizeof *chunk);
    if (!chunk)
      abort();
    __atomic_store_n(&nodes[id / NODE_CHUNK], chunk, __ATOMIC_RELEASE);
  }
  pthread_mutex_unlock(&alloc_mu);
  rl_node_t *n = &chunk[id % NODE_CHUNK];
  __atomic_store_n(&n->parent, parent, __ATOMIC_RELAXED);
  __atomic_store_n(&n->fn_site, fn, __ATOMIC_RELAXED);
  __atomic_store_n(&n->call_site, call, __ATOMIC_RELAXED);
  rl_log_stack_node(id, parent, fn, call);
  return id;
}

static uint32_t intern(uint32_t parent, uint32_t fn, uint32_t call,
                       uint64_t h) {
  istripe_t *s = &istripes[h % STRIPES];
  pthread_mutex_lock(&s->mu);
  if (s->nb) {
    for (ientry_t *e = s->b[(h / STRIPES) & (s->nb - 1)]; e; e = e->next)
      if (e->parent == parent && e->fn == fn && e->call == call) {
        pthread_mutex_unlock(&s->mu);
        return e->id;
      }
  }
  if (s->n >= s->nb) {
    uint32_t nb = s->nb ? s->nb * 2 : 256;
    ientry_t **b = calloc(nb, sizeof *b);
    if (!b)
      abort();
    for (uint32_t i = 0; i < s->nb; i++)
      for (ientry_t *e = s->b[i], *next; e; e = next) {
        next = e->next;
        uint64_t eh = key_hash(e->parent, e->fn, e->call);
        ientry_t **slot = &b[(eh / STRIPES) & (nb - 1)];
        e->next = *slot;
        *slot = e;
      }
    free(s->b);
    s->b = b;
    s->nb = nb;
  }
  ientry_t *e = malloc(sizeof *e);
  if (!e)
    abort();
  *e = (ientry_t){NULL, parent, fn, call, node_alloc(parent, fn, call)};
  ientry_t **slot = &s->b[(h / STRIPES) & (s->nb - 1)];
  e->next = *slot;
  *slot = e;
  s->n++;
  pthread_mutex_unlock(&s->mu);
  return e->id;
}

/* ---- per-thread cache --------------------------------------------------- */
#define CACHE_SIZE 1024

typedef struct centry {
  uint32_t parent, fn, call, id;
} centry_t;

static __thread centry_t *cache;
/* Lowest frame seen on this OS thread: how deep goroutines went, so a new
 * goroutine on it resets only the stack shadow that was used. */
static __thread uintptr_t min_sp;
static __thread bool stack_was_reset;

void __rl_func_enter(rl_site_t *fn_site) {
  rl_site_t *cs = __rl_callsite;
  __rl_callsite = NULL;
  uintptr_t sp = (uintptr_t)__builtin_frame_address(0);
  if (sp < min_sp || !min_sp)
    min_sp = sp;
  rl_thread_t *t = rl_tls_thread;
  if (!t) {
    if (!rl_enabled)
      return;
    t = rl_cur();
  }
  uint32_t parent = t->node, fn = fn_site ? fn_site->id : 0,
           call = cs ? cs->id : 0;
  uint64_t h = key_hash(parent, fn, call);
  if (__builtin_expect(!cache, 0)) {
    cache = calloc(CACHE_SIZE, sizeof *cache);
    if (!cache)
      abort();
  }
  centry_t *e = &cache[h & (CACHE_SIZE - 1)];
  if (e->id && e->parent == parent && e->fn == fn && e->call == call) {
    t->node = e->id;
    return;
  }
  uint32_t id = intern(parent, fn, call, h);
  *e = (centry_t){parent, fn, call, id};
  t->node = id;
}

void __rl_func_exit(void) {
  rl_thread_t *t = rl_tls_thread;
  if (t)
    t->node = node_parent(t->node);
}

uint32_t rl_stack_node(void) {
  rl_thread_t *t = rl_tls_thread;
  return t ? t->node : 0;
}

void rl_stack_reset_shadow(uintptr_t lo, uintptr_t hi) {
  __rl_callsite = NULL;
  if (!hi)
    return;
  uintptr_t from = lo;
  if (stack_was_reset && min_sp) {
    /* Locals live a little below the lowest frame address seen. */
    from = min_sp > lo + 65536 ? min_sp - 65536 : lo;
  }
  rl_shadow_reset((const void *)from, hi - from);
  stack_was_reset = true;
  min_sp = 0;
}

void rl_stack_thread_exit(void) {
  __rl_callsite = NULL;
}
