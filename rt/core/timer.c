/*
 * rt/core/timer.c -- after_ms (Go's time.After) and sleeping.
 *
 * One timer thread serves every after_ms: a min-heap of deadlines and a
 * condition variable it sleeps on until the earliest one.  The thread is
 * not a goroutine: it is invisible to num_goroutine and to the exit report,
 * and its send is not tracked (a timer orders nothing in Go either).  Until
 * a timer has fired it counts as pending, which keeps the deadlock detector
 * from declaring "all goroutines are asleep" while a receiver can still be
 * woken by it.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "../rt.h"
#include "api.h"
#include "chan.h"

typedef struct timer {
  uint64_t when;
  chan_t *c;
} timer_t_;

static pthread_mutex_t tlock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t tcond;
static timer_t_ *heap;
static size_t nheap, capheap;
static bool started;

static void fire(chan_t *c) {
  int64_t now = (int64_t)rt_nanotime();
  rt_lock(&c->lock);
  rt_g_t *w = rt_chan_put(c, &now, NULL, 0);
  rt_unlock(&c->lock);
  if (w)
    rt_ready(w);
}

static void heap_push(timer_t_ t) {
  size_t i = nheap++;
  while (i > 0 && heap[(i - 1) / 2].when > t.when) {
    heap[i] = heap[(i - 1) / 2];
    i = (i - 1) / 2;
  }
  heap[i] = t;
}

static timer_t_ heap_pop(void) {
  timer_t_ top = heap[0], last = heap[--nheap];
  size_t i = 0;
  for (;;) {
    size_t k = 2 * i + 1;
    if (k >= nheap)
      break;
    if (k + 1 < nheap && heap[k + 1].when < heap[k].when)
      k++;
    if (heap[k].when >= last.when)
      break;
    heap[i] = heap[k];
    i = k;
  }
  if (nheap)
    heap[i] = last;
  return top;
}

static void *timer_main(void *arg);

/* The timer thread, and the condition variable it sleeps on (new after a
 * fork: the old one may count the parent's thread as waiting); tlock
 * held. */
static bool start_thread(void) {
  pthread_condattr_t ca;
  pthread_condattr_init(&ca);
  pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
  pthread_cond_init(&tcond, &ca);
  pthread_condattr_destroy(&ca);
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_t t;
  bool ok = pthread_create(&t, &attr, timer_main, NULL) == 0;
  pthread_attr_destroy(&attr);
  started = ok;
  return ok;
}

/* fork() leaves the timer thread in the parent.  The child gets the heap
 * whole (the lock is held across the fork) and a thread of its own when a
 * timer is pending: a goroutine may wait on one made before the fork. */
static void fork_prepare(void) {
  pthread_mutex_lock(&tlock);
}

static void fork_parent(void) {
  pthread_mutex_unlock(&tlock);
}

static void fork_child(void) {
  started = false;
  if (nheap > 0 && !start_thread())
    fprintf(stderr, "racelens: cannot restart the timer thread after fork\n");
  pthread_mutex_unlock(&tlock);
}

static pthread_once_t forks_handled = PTHREAD_ONCE_INIT;
static void handle_forks(void) {
  pthread_atfork(fork_prepare, fork_parent, fork_child);
}

static void *timer_main(void *arg) {
  (void)arg;
  pthread_mutex_lock(&tlock);
  for (;;) {
    if (nheap == 0) {
      pthread_cond_wait(&tcond, &tlock);
      continue;
    }
    uint64_t now = rt_nanotime();
    if (heap[0].when > now) {
      struct timespec ts = {.tv_sec = (time_t)(heap[0].when / 1000000000u),
                            .tv_nsec = (long)(heap[0].when % 1000000000u)};
      pthread_cond_timedwait(&tcond, &tlock, &ts);
      continue;
    }
    timer_t_ t = heap_pop();
    pthread_mutex_unlock(&tlock);
    fire(t.c);
    rt_timers_add(-1); /* after the wake-up: see the file comment */
    pthread_mutex_lock(&tlock);
  }
  return NULL;
}

chan_t *__rl_after_ms(long ms, rl_site_t *site) {
  chan_t *c = __rl_chan_make(sizeof(int64_t), 1, site);
  c->is_timer = true;
  if (ms <= 0) {
    fire(c);
    return c;
  }
  rt_timers_add(1);
  pthread_once(&forks_handled, handle_forks);
  pthread_mutex_lock(&tlock);
  if (!started && !start_thread()) {
    pthread_mutex_unlock(&tlock);
    rt_panic(site, "after_ms: cannot start the timer thread");
  }
  if (nheap == capheap) {
    size_t ncap = capheap ? 2 * capheap : 16;
    timer_t_ *more = realloc(heap, ncap * sizeof *heap);
    if (!more) {
      pthread_mutex_unlock(&tlock);
      rt_panic(site, "after_ms: out of memory");
    }
    heap = more;
    capheap = ncap;
  }
  heap_push((timer_t_){rt_nanotime() + (uint64_t)ms * 1000000u, c});
  pthread_cond_signal(&tcond);
  pthread_mutex_unlock(&tlock);
  return c;
}

chan_t *after_ms(long ms) {
  return __rl_after_ms(ms, NULL);
}

static void track_sleep(uint16_t kind, long value, const rl_site_t *site) {
  if (!rl_enabled)
    return;
  rl_evinfo_t e = {.kind = kind, .site = site, .value = (uint64_t)value};
  rl_event(&e);
}

/* Sleeping is not blocking: a sleeper will run again by itself, so it keeps
 * the program from being deadlocked. */
static void sleep_ns(uint64_t ns) {
  struct timespec ts = {.tv_sec = (time_t)(ns / 1000000000u),
                        .tv_nsec = (long)(ns % 1000000000u)};
  while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
    ;
}

/* Marked "sleep" for the exit report, which waits for running goroutines
 * to finish but not for sleepers; not counted as blocked. */
static void sleep_marked(uint64_t ns) {
  rt_g_t *g = rt_getg();
  atomic_store_explicit(&g->wait_reason, "sleep", memory_order_relaxed);
  sleep_ns(ns);
  atomic_store_explicit(&g->wait_reason, NULL, memory_order_relaxed);
}

void __rl_sleep_ms(long ms, rl_site_t *site) {
  rt_init();
  track_sleep(RL_EV_SLEEP, ms, site);
  if (ms > 0)
    sleep_marked((uint64_t)ms * 1000000u);
}

void __rl_sleep_us(long us, rl_site_t *site) {
  rt_init();
  track_sleep(RL_EV_SLEEP, us / 1000, site);
  if (us > 0)
    sleep_marked((uint64_t)us * 1000u);
}

void __rl_go_yield(rl_site_t *site) {
  rt_init();
  track_sleep(RL_EV_YIELD, 0, site);
  sched_yield();
}

void sleep_ms(long ms) {
  __rl_sleep_ms(ms, NULL);
}
void sleep_us(long us) {
  __rl_sleep_us(us, NULL);
}
void go_yield(void) {
  __rl_go_yield(NULL);
}
