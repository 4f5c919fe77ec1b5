/*
 * rt/detect/thread.c -- goroutine states: the registry by id, vector-clock
 * slots (and their recycling, see thread.h), the current goroutine of each
 * OS thread, and the small per-goroutine history that reports quote.
 */
#define _GNU_SOURCE
#include "thread.h"

#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../log/log.h"
#include "event.h"
#include "shadow.h"
#include "sites.h"

__thread rl_thread_t *rl_tls_thread __attribute__((tls_model("initial-exec")));

/* ---- registry: gid -> state, readable without a lock -------------------- */
#define REG_CHUNK 4096
#define REG_CHUNKS 4096
static rl_thread_t **reg[REG_CHUNKS];
static uint32_t next_gid = 2; /* 1 is main */
static pthread_mutex_t reg_mu = PTHREAD_MUTEX_INITIALIZER;

static void reg_put(uint32_t gid, rl_thread_t *t) {
  uint32_t c = gid / REG_CHUNK;
  if (c >= REG_CHUNKS) {
    fputs("racelens: too many goroutines in one run\n", stderr);
    exit(2);
  }
  rl_thread_t **chunk = __atomic_load_n(&reg[c], __ATOMIC_ACQUIRE);
  if (!chunk) {
    pthread_mutex_lock(&reg_mu);
    chunk = reg[c];
    if (!chunk) {
      chunk = calloc(REG_CHUNK, sizeof *chunk);
      if (!chunk)
        abort();
      __atomic_store_n(&reg[c], chunk, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&reg_mu);
  }
  __atomic_store_n(&chunk[gid % REG_CHUNK], t, __ATOMIC_RELEASE);
}

rl_thread_t *rl_thread_by_gid(uint32_t gid) {
  if (gid / REG_CHUNK >= REG_CHUNKS)
    return NULL;
  rl_thread_t **chunk =
      __atomic_load_n(&reg[gid / REG_CHUNK], __ATOMIC_ACQUIRE);
  return chunk ? __atomic_load_n(&chunk[gid % REG_CHUNK], __ATOMIC_ACQUIRE)
               : NULL;
}

uint32_t rl_thread_count(void) {
  return __atomic_load_n(&next_gid, __ATOMIC_RELAXED) - 1;
}

uint32_t rl_new_gid(void) {
  return __atomic_fetch_add(&next_gid, 1, __ATOMIC_RELAXED);
}

/* ---- slots -------------------------------------------------------------- */
typedef struct slot_owner {
  uint32_t gid;
  uint64_t first_clock;
} slot_owner_t;

typedef struct slot {
  uint64_t final_clock; /* valid while dead */
  uint64_t last_stamp;  /* valid while dead: newest clock in shadow memory */
  uint32_t nowners, cap;
  slot_owner_t *owners;
} slot_t;

static slot_t slots[RL_SLOT_MAX];
static uint32_t nslots;
static uint32_t dead_fifo[RL_SLOT_MAX]; /* ring of dead slots, oldest first */
static uint32_t dead_head, dead_len;
static pthread_mutex_t slot_mu = PTHREAD_MUTEX_INITIALIZER;

/* How far into the dead ring (oldest first) a new goroutine looks for a
 * slot it can take over exactly.  Under a WaitGroup or a join the oldest
 * dead are the ones the creator has already heard of, so a short look
 * finds one; a longer one would only cost time under slot_mu. */
#define EXACT_REUSE_LOOK 16

static void dead_take(uint32_t i) {
  uint32_t at = (dead_head + i) % RL_SLOT_MAX;
  dead_fifo[at] = dead_fifo[dead_head]; /* the oldest moves into the gap */
  dead_head = (dead_head + 1) % RL_SLOT_MAX;
  dead_len--;
}

/* Returns the slot for a new goroutine `gid` and its first clock value.
 * `known` is the creator's clock (NULL for a thread with no creator).
 *
 * Past RL_SLOT_RECYCLE_AT slots, a dead goroutine's slot is taken over
 * exactly when the creator has heard of the newest clock its dead owner
 * left in shadow memory (last_stamp): then every recorded access of the
 * dead owner happened before the creator, hence before the new goroutine,
 * and continuing its clock orders nothing that was not ordered.  Otherwise
 * a fresh slot, and only when none is left the oldest dead one, which
 * makes the new goroutine appear ordered after that owner (thread.h). */
static uint32_t slot_alloc(uint32_t gid, const rl_vc_t *known,
                           uint64_t *first_clock) {
  pthread_mutex_lock(&slot_mu);
  uint32_t s = RL_SLOT_MAX;
  if (nslots >= RL_SLOT_RECYCLE_AT && known) {
    uint32_t look = dead_len < EXACT_REUSE_LOOK ? dead_len : EXACT_REUSE_LOOK;
    for (uint32_t i = 0; i < look && s == RL_SLOT_MAX; i++) {
      uint32_t d = dead_fifo[(dead_head + i) % RL_SLOT_MAX];
      if (slots[d].last_stamp <= rl_vc_get(known, d)) {
        s = d;
        dead_take(i);
      }
    }
  }
  if (s != RL_SLOT_MAX) {
    *first_clock = slots[s].final_clock + 1;
  } else if (nslots < RL_SLOT_MAX) {
    s = nslots++;
    *first_clock = 1;
  } else if (dead_len > 0) {
    s = dead_fifo[dead_head];
    dead_take(0);
    *first_clock = slots[s].final_clock + 1;
  } else {
    pthread_mutex_unlock(&slot_mu);
    fprintf(stderr, "racelens: more than %u goroutines alive at once\n",
            RL_SLOT_MAX);
    exit(2);
  }
  slot_t *sl = &slots[s];
  if (sl->nowners == sl->cap) {
    sl->cap = sl->cap ? sl->cap * 2 : 1;
    sl->owners = realloc(sl->owners, sl->cap * sizeof *sl->owners);
    if (!sl->owners)
      abort();
  }
  sl->owners[sl->nowners++] = (slot_owner_t){gid, *first_clock};
  pthread_mutex_unlock(&slot_mu);
  return s;
}

static void slot_release(uint32_t s, uint64_t final_clock,
                         uint64_t last_stamp) {
  pthread_mutex_lock(&slot_mu);
  slots[s].final_clock = final_clock;
  slots[s].last_stamp = last_stamp;
  dead_fifo[(dead_head + dead_len) % RL_SLOT_MAX] = s;
  dead_len++;
  pthread_mutex_unlock(&slot_mu);
}

uint32_t rl_slot_owner(uint32_t s, uint64_t clock) {
  uint32_t gid = 0;
  pthread_mutex_lock(&slot_mu);
  if (s < nslots)
    for (uint32_t i = 0; i < slots[s].nowners; i++)
      if (slots[s].owners[i].first_clock <= clock)
        gid = slots[s].owners[i].gid;
  pthread_mutex_unlock(&slot_mu);
  return gid;
}

/* ---- state -------------------------------------------------------------- */
void rl_thread_sync_ep(rl_thread_t *t) {
  uint64_t c = rl_vc_get(&t->vc, t->slot);
  if (c > RL_EP_CLOCK_MAX) {
    fputs("racelens: a goroutine's clock overflowed\n", stderr);
    exit(2);
  }
  t->ep = (c << RL_EP_CLOCK_SHIFT) | ((uint64_t)t->slot << RL_EP_SLOT_SHIFT);
}

rl_thread_t *rl_thread_new(uint32_t gid, uint32_t parent, const char *kind,
                           const rl_vc_t *known) {
  rl_thread_t *t = calloc(1, sizeof *t);
  if (!t)
    abort();
  t->gid = gid;
  t->parent = parent;
  t->kind = kind;
  t->alive = true;
  t->last_stamp = UINT64_MAX; /* until its exit says otherwise */
  t->exit_clock = rl_clock_new();
  if (rl_sites_numbered())
    rl_thread_counts_slow(t, 0); /* see rl_thread_counts_slow */
  uint64_t first;
  t->slot = slot_alloc(gid, known, &first);
  rl_vc_set(&t->vc, t->slot, first);
  rl_thread_sync_ep(t);
  reg_put(gid, t);
  return t;
}

static void free_counts(rl_thread_t *t);

void rl_thread_free_live_parts(rl_thread_t *t) {
  uint64_t final = rl_vc_get(&t->vc, t->slot);
  rl_vc_free(&t->vc);
  /* Dead first: the end of the run flushes the counts of the goroutines
   * it finds alive, holding the lock (finish.c). */
  rl_spin_lock(&t->lock);
  t->alive = false;
  rl_spin_unlock(&t->lock);
  free_counts(t);
  slot_release(t->slot, final, t->last_stamp);
}

void rl_thread_note(rl_thread_t *t, uint64_t seq, uint16_t kind,
                    const rl_site_t *site) {
  rl_spin_lock(&t->lock);
  rl_hist_t *h = &t->hist[t->nhist++ % RL_HIST];
  h->seq = seq;
  h->clock = rl_vc_get(&t->vc, t->slot) + 1; /* after the coming tick */
  h->kind = kind;
  h->site = site;
  rl_spin_unlock(&t->lock);
}

bool rl_thread_last_sync(rl_thread_t *t, uint64_t clock, rl_hist_t *out) {
  bool found = false;
  rl_spin_lock(&t->lock);
  uint32_t n = t->nhist < RL_HIST ? t->nhist : RL_HIST;
  for (uint32_t i = 0; i < n; i++) {
    const rl_hist_t *h = &t->hist[(t->nhist - 1 - i) % RL_HIST];
    if (h->clock <= clock) {
      *out = *h;
      found = true;
      break;
    }
  }
  rl_spin_unlock(&t->lock);
  return found;
}

/* A count table: the counts of site ids 0..n-1, and the tables it
 * outgrew.  t->counts points at `c`, which is what the inline check and
 * the fast paths index (rt/abi.h). */
typedef struct rl_count_table {
  struct rl_count_table *older;
  uint32_t n;
  rl_counts_t c[];
} rl_count_table_t;

static rl_count_table_t *table_of(rl_counts_t *c) {
  return c ? (rl_count_table_t *)((char *)c - offsetof(rl_count_table_t, c))
           : NULL;
}

/* Sizes the table for every site registered so far, so that it grows
 * (with calloc) only when a module registers later: a goroutine's first
 * access to a site may be in a signal handler that interrupted malloc.
 *
 * Growing moves nothing.  A loop the plugin checks inline loaded the table
 * when it was entered and counts into it to the end; when a signal
 * handler grows the table under it, it goes on counting into the old one.
 * So the new table starts at zero, the old ones stay behind it, counted
 * into, and a flush adds them all up.  Doubling bounds the old ones by the
 * last one's size. */
rl_counts_t *rl_thread_counts_slow(rl_thread_t *t, uint32_t id) {
  uint32_t n = t->ncounts ? t->ncounts : 64;
  while (n <= id || n < rl_sites_numbered())
    n *= 2;
  rl_count_table_t *tab =
      calloc(1, sizeof *tab + (size_t)n * sizeof(rl_counts_t));
  if (!tab)
    abort();
  tab->older = table_of(t->counts);
  tab->n = n;
  /* rl_finish, on another thread, may be flushing: publish whole. */
  __atomic_store_n(&t->counts, tab->c, __ATOMIC_RELEASE);
  __atomic_store_n(&t->ncounts, n, __ATOMIC_RELEASE);
  t->fast_ncounts = rl_trace_all ? 0 : n;
  return &tab->c[id];
}

void rl_thread_flush_counts(rl_thread_t *t) {
  rl_count_table_t *top =
      table_of(__atomic_load_n(&t->counts, __ATOMIC_ACQUIRE));
  for (uint32_t i = 0; top && i < top->n; i++) {
    uint64_t r = 0, w = 0, a = 0;
    for (rl_count_table_t *tab = top; tab && i < tab->n; tab = tab->older) {
      r += __atomic_exchange_n(&tab->c[i].reads, 0, __ATOMIC_RELAXED);
      w += __atomic_exchange_n(&tab->c[i].writes, 0, __ATOMIC_RELAXED);
      a += __atomic_exchange_n(&tab->c[i].atomics, 0, __ATOMIC_RELAXED);
    }
    if (r | w | a)
      rl_log_access_counts(t->gid, i, r, w, a);
  }
}

static void free_counts(rl_thread_t *t) {
  rl_count_table_t *tab = table_of(t->counts);
  t->counts = NULL;
  t->ncounts = 0;
  t->fast_ncounts = 0;
  while (tab) {
    rl_count_table_t *older = tab->older;
    free(tab);
    tab = older;
  }
}

/* ---- the current goroutine ---------------------------------------------- */
static __thread uint32_t off_gid; /* detection off: ids still exist */

void rl_thread_set_off_gid(uint32_t gid) {
  off_gid = gid;
}

static pthread_key_t lazy_key;
static pthread_once_t lazy_once = PTHREAD_ONCE_INIT;

void rl_thread_exit_state(rl_thread_t *t);

/* A thread we adopted ends: close its goroutine as rl_thread_exit would. */
static void lazy_destroy(void *p) {
  rl_thread_t *t = p;
  if (rl_tls_thread == t)
    rl_thread_exit_state(t);
}

static void lazy_key_init(void) {
  pthread_key_create(&lazy_key, lazy_destroy);
}

void rl_thread_stack_range(uintptr_t *lo, uintptr_t *hi);

rl_thread_t *rl_cur(void) {
  rl_thread_t *t = rl_tls_thread;
  if (t || !rl_enabled)
    return t;
  /* A thread nobody told us about: adopt it as a new goroutine. */
  t = rl_thread_new(rl_new_gid(), 0, "pthread", NULL);
  rl_thread_stack_range(&t->stack_lo, &t->stack_hi);
  rl_tls_thread = t;
  pthread_once(&lazy_once, lazy_key_init);
  pthread_setspecific(lazy_key, t);
  rl_log_goroutine(&(rl_log_goroutine_t){
      .gid = t->gid, .kind = "pthread", .start_ns = rl_now_ns()});
  rl_thread_note(t, rl_log_plain_event(t, RL_EV_START, NULL, 0, 0, 0, 0),
                 RL_EV_START, NULL);
  rl_tick(t);
  return t;
}

uint32_t rl_gid(void) {
  rl_thread_t *t = rl_tls_thread;
  if (t)
    return t->gid;
  if (off_gid)
    return off_gid;
  return rl_enabled ? rl_cur()->gid : 1;
}

/* ---- stacks of OS threads ----------------------------------------------- */
static __thread uintptr_t os_stack_lo, os_stack_hi;

void rl_thread_stack_range(uintptr_t *lo, uintptr_t *hi) {
  if (!os_stack_hi) {
    pthread_attr_t attr;
    void *addr;
    size_t size;
    if (pthread_getattr_np(pthread_self(), &attr) == 0) {
      if (pthread_attr_getstack(&attr, &addr, &size) == 0) {
        os_stack_lo = (uintptr_t)addr;
        os_stack_hi = (uintptr_t)addr + size;
      }
      pthread_attr_destroy(&attr);
    }
  }
  *lo = os_stack_lo;
  *hi = os_stack_hi;
}

void rl_thread_init_main(void) {
  rl_thread_t *t = rl_thread_new(1, 0, "main", NULL);
  t->fn_name = strdup("main");
  rl_thread_stack_range(&t->stack_lo, &t->stack_hi);
  rl_tls_thread = t;
}

uint64_t rl_last_seq(void) {
  rl_thread_t *t = rl_tls_thread;
  if (!t)
    return 0;
  rl_spin_lock(&t->lock);
  uint64_t seq = t->nhist ? t->hist[(t->nhist - 1) % RL_HIST].seq : 0;
  rl_spin_unlock(&t->lock);
  return seq;
}
