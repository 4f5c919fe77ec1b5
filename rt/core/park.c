/*
 * rt/core/park.c -- parking, the running/blocked counters and global
 * deadlock detection (see park.h for the protocol that keeps them exact).
 *
 * The live and blocked counts share one 64-bit word (live in the high half)
 * so that "one more goroutine blocked" and "is everyone blocked now?" are a
 * single atomic step: two goroutines blocking at once cannot both miss that
 * they were the last two.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../rt.h"
#include "park.h"
#include "pool.h"

static _Atomic uint64_t counts; /* live << 32 | blocked */
static _Atomic bool exit_with_last;
static _Atomic int timers_pending;
static _Atomic int deadlocked;

#ifndef RT_PARK_SPIN
#define RT_PARK_SPIN 50
#endif

#define LIVE(v) ((uint32_t)((v) >> 32))
#define BLOCKED(v) ((uint32_t)(v))

uint64_t rt_nanotime(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint32_t rt_rand(void) {
  static __thread uint64_t s;
  if (s == 0)
    s = rt_nanotime() ^ (uint64_t)(uintptr_t)&s ^ 0x9e3779b97f4a7c15u;
  /* xorshift64*: fast, and plenty uniform for picking a select case. */
  s ^= s >> 12;
  s ^= s << 25;
  s ^= s >> 27;
  return (uint32_t)((s * 0x2545f4914f6cdd1du) >> 32);
}

const char *rt_site_str(const rl_site_t *site, char *buf, size_t n) {
  if (!site || !site->file)
    snprintf(buf, n, "unknown location (built without the racelens plugin)");
  else if (site->func)
    snprintf(buf, n, "%s:%u (%s)", site->file, site->line, site->func);
  else
    snprintf(buf, n, "%s:%u", site->file, site->line);
  return buf;
}

static int cmp_gid(const void *a, const void *b) {
  const rt_g_t *x = *(rt_g_t *const *)a, *y = *(rt_g_t *const *)b;
  return (x->id > y->id) - (x->id < y->id);
}

/* Go's report: what every goroutine waits on, main first. */
static _Noreturn void deadlock_report(void) {
  if (atomic_exchange(&deadlocked, 1)) {
    for (;;)
      pause(); /* another thread is already reporting and exiting */
  }
  fflush(stdout);
  rt_pool_lock();
  size_t n = 0, cap = 16;
  rt_g_t **gs = malloc(cap * sizeof *gs);
  for (rt_g_t *g = rt_all_gs(); g && gs; g = g->all_next) {
    if (!atomic_load(&g->alive) || !atomic_load(&g->wait_reason))
      continue;
    if (n == cap) {
      cap *= 2;
      rt_g_t **more = realloc(gs, cap * sizeof *gs);
      if (!more)
        break;
      gs = more;
    }
    gs[n++] = g;
  }
  if (gs)
    qsort(gs, n, sizeof *gs, cmp_gid);
  fprintf(stderr, "fatal error: all goroutines are asleep - deadlock!\n");
  char where[512], start[512];
  for (size_t i = 0; gs && i < n; i++) {
    rt_g_t *g = gs[i];
    const rl_site_t *site = atomic_load(&g->wait_site);
    fprintf(stderr, "\ngoroutine %u [%s]:\n", g->id,
            atomic_load(&g->wait_reason));
    if (site && site->file) {
      fprintf(stderr, "\t%s\n", rt_site_str(site, where, sizeof where));
    } else if (g->is_main) {
      fprintf(stderr, "\tin main\n");
    } else {
      const char *name = g->go_site && g->go_site->target ? g->go_site->target
                                                          : rt_func_name(g->fn);
      if (g->go_site && g->go_site->file)
        fprintf(stderr, "\tin %s, started at %s\n", name ? name : "?",
                rt_site_str(g->go_site, start, sizeof start));
      else if (name)
        fprintf(stderr, "\tin %s\n", name);
      else
        fprintf(stderr, "\t(no location: built without the racelens "
                        "plugin)\n");
    }
  }
  rl_fatal(RL_EV_DEADLOCK, "all goroutines are asleep - deadlock!", 2);
  fflush(NULL);
  _exit(2);
}

static void check(uint64_t v) {
  if (LIVE(v) > 0 && BLOCKED(v) >= LIVE(v) && atomic_load(&timers_pending) == 0)
    deadlock_report();
}

void rt_deadlock_check(void) {
  check(atomic_load(&counts));
}

void rt_block(rt_g_t *g, const char *reason, const rl_site_t *site) {
  atomic_store_explicit(&g->wake, 0, memory_order_relaxed);
  atomic_store_explicit(&g->wait_site, site, memory_order_relaxed);
  atomic_store_explicit(&g->wait_reason, reason, memory_order_relaxed);
  check(atomic_fetch_add(&counts, 1) + 1);
}

void rt_ready_count(void) {
  atomic_fetch_sub(&counts, 1);
}

/* The wake word: 0 waiting, 2 asleep in the kernel, 1 readied.  A short
 * spin before sleeping catches a partner that answers within a few hundred
 * nanoseconds, and the waker makes the futex system call only when the
 * parked goroutine really went to sleep. */
enum { WAITING = 0, READY = 1, ASLEEP = 2 };

void rt_park(rt_g_t *g) {
  for (int i = 0; i < RT_PARK_SPIN; i++) {
    if (atomic_load_explicit(&g->wake, memory_order_acquire) == READY)
      goto woken;
    rt_cpu_relax();
  }
  for (;;) {
    uint32_t w = WAITING;
    if (!atomic_compare_exchange_strong_explicit(
            &g->wake, &w, ASLEEP, memory_order_acquire, memory_order_acquire) &&
        w == READY)
      break;
    rt_futex_wait(&g->wake, ASLEEP);
  }
woken:
  atomic_store_explicit(&g->wait_reason, NULL, memory_order_relaxed);
  atomic_store_explicit(&g->wait_site, NULL, memory_order_relaxed);
}

void rt_ready(rt_g_t *g) {
  if (atomic_exchange_explicit(&g->wake, READY, memory_order_release) == ASLEEP)
    rt_futex_wake(&g->wake, 1);
}

_Noreturn void rt_block_forever(const char *reason, const rl_site_t *site) {
  rt_g_t *g = rt_getg();
  rt_block(g, reason, site);
  for (;;)
    rt_futex_wait(&g->wake, WAITING);
}

void rt_live_add(int delta) {
  uint64_t d = (uint64_t)(uint32_t)(delta < 0 ? -delta : delta) << 32;
  if (delta > 0) {
    atomic_fetch_add(&counts, d);
    return;
  }
  uint64_t now = atomic_fetch_sub(&counts, d) - d;
  if (LIVE(now) == 0 && atomic_load(&exit_with_last))
    exit(0);
  check(now);
}

void rt_exit_with_last(void) {
  atomic_store(&exit_with_last, true);
  if (LIVE(atomic_load(&counts)) == 0)
    exit(0);
}

int rt_live_count(void) {
  return (int)LIVE(atomic_load(&counts));
}

void rt_counts_after_fork(bool self_counted) {
  atomic_store(&counts, (uint64_t)self_counted << 32);
}

void rt_timers_add(int delta) {
  atomic_fetch_add(&timers_pending, delta);
  if (delta < 0)
    rt_deadlock_check();
}

rl_clock_t *rt_wait_clock(rt_g_t *g) {
  if (!rl_enabled)
    return NULL;
  if (!g->wait_clock)
    g->wait_clock = rl_clock_new();
  return g->wait_clock;
}
