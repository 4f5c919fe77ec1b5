/*
 * rt/core/goroutine.c -- go(), the pool of OS threads that run goroutines,
 * the calling thread's record, and process start/exit.
 *
 * Why a pool: creating an OS thread costs tens of microseconds, a goroutine
 * should cost a few.  A thread whose goroutine returned does not exit; it
 * parks on a futex word as idle, and the next go() hands it the new
 * function directly.  So spawning 100,000 short goroutines creates about as
 * many threads as were ever running at once.  Idle threads are kept for the
 * life of the process, as Go keeps its Ms.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../rt.h"
#include "api.h"
#include "park.h"
#include "pool.h"

typedef struct worker {
  rt_g_t g;             /* first: the record of the goroutine it runs */
  _Atomic uint32_t job; /* futex word: 1 when handed a goroutine */
  void (*fn)(void *);
  void *arg;
  rl_spawn_t sp;
  struct worker *next_idle;
} worker_t;

static rt_lock_t pool_lock;
static worker_t *idle;
static _Atomic(rt_g_t *) all_gs;
static _Atomic unsigned long threads_created;
static _Atomic uint32_t next_own_id = 100000; /* threads not started by go */

static rt_g_t main_g = {.id = 1, .is_main = true};
static __thread rt_g_t *cur_g;
static _Atomic int init_state; /* 0 not yet, 1 in progress, 2 done */
static pid_t init_pid;         /* a forked child's differs */
static __thread int in_init;
static __thread bool adopted; /* counted by rt_thread_adopt */
static pthread_key_t foreign_key;

void rt_pool_lock(void) {
  rt_lock(&pool_lock);
}
void rt_pool_unlock(void) {
  rt_unlock(&pool_lock);
}
unsigned long rt_threads_created(void) {
  return atomic_load(&threads_created);
}

rt_g_t *rt_all_gs(void) {
  return atomic_load(&all_gs);
}

void rt_register_g(rt_g_t *g) {
  rt_g_t *head = atomic_load(&all_gs);
  do
    g->all_next = head;
  while (!atomic_compare_exchange_weak(&all_gs, &head, g));
}

static void at_exit(int status, void *arg);
static void at_quick_exit_end(void);
static void let_running_finish(rt_g_t *self);

/* fork() copies only the calling thread.  The pool's idle threads, and
 * every other goroutine, stayed in the parent: without this, the child's
 * next go() would hand its function to an idle thread that is not there,
 * and a wait for it would hang for ever, unseen by the deadlock detector,
 * which still counted them.  The child starts with its own goroutine as
 * the only one (the pool lock is held across the fork, so the lists are
 * whole), and says so when others were running: their locks stay locked
 * and what they were to send never comes, which the deadlock detector can
 * now report.  Goroutines about to end (after their wg_done, say) are
 * given the moment they need first, as at exit. */
static void fork_prepare(void) {
  let_running_finish(cur_g);
  rt_lock(&pool_lock);
}

static void fork_parent(void) {
  rt_unlock(&pool_lock);
}

static void fork_child(void) {
  idle = NULL;
  unsigned others = 0;
  for (rt_g_t *g = atomic_load(&all_gs); g; g = g->all_next)
    if (g != cur_g && atomic_exchange(&g->alive, false))
      others++;
  rt_unlock(&pool_lock);
  rt_counts_after_fork(cur_g && atomic_load(&cur_g->alive));
  if (others) {
    char msg[200];
    int n = snprintf(msg, sizeof msg,
                     "racelens: fork() with %u other goroutine%s running: "
                     "the child has only the one that called fork\n",
                     others, others == 1 ? "" : "s");
    if (n > 0 && write(2, msg, (size_t)n) < 0)
      return;
  }
}

/* A thread the runtime did not start (a pthread, or the main thread before
 * rt_init saw it) is a goroutine of its own from its first runtime call:
 * it can block, so it must be counted.  The key's destructor uncounts it. */
static void foreign_exit(void *p) {
  rt_g_t *g = p;
  atomic_store(&g->alive, false);
  rt_live_add(-1);
}

void rt_init(void) {
  if (atomic_load_explicit(&init_state, memory_order_acquire) == 2 || in_init)
    return;
  int expect = 0;
  if (!atomic_compare_exchange_strong(&init_state, &expect, 1)) {
    while (atomic_load_explicit(&init_state, memory_order_acquire) != 2)
      sched_yield();
    return;
  }
  in_init = 1;
  init_pid = getpid();
  pthread_key_create(&foreign_key, foreign_exit);
  pthread_atfork(fork_prepare, fork_parent, fork_child);
  atomic_store(&main_g.alive, true);
  rt_register_g(&main_g);
  rt_live_add(1); /* main counts from the start, wherever we are called */
  if (gettid() == getpid())
    cur_g = &main_g;
  on_exit(at_exit, NULL);
  at_quick_exit(at_quick_exit_end);
  rl_init();
  in_init = 0;
  atomic_store_explicit(&init_state, 2, memory_order_release);
}

rt_g_t *rt_getg(void) {
  if (cur_g)
    return cur_g;
  rt_init();
  if (cur_g)
    return cur_g;
  if (gettid() == getpid())
    return cur_g = &main_g;
  rt_g_t *g = calloc(1, sizeof *g);
  if (!g) {
    fprintf(stderr, "racelens: out of memory\n");
    _exit(2);
  }
  uint32_t id = rl_gid();
  g->id = id > 1 ? id : atomic_fetch_add(&next_own_id, 1);
  atomic_store(&g->alive, true);
  rt_register_g(g);
  if (!adopted) { /* an adopted thread was counted by its creator */
    rt_live_add(1);
    pthread_setspecific(foreign_key, g);
  }
  return cur_g = g;
}

void rt_thread_adopt(int delta) {
  rt_init();
  rt_live_add(delta);
}

void rt_thread_enter(void) {
  adopted = true;
}

/* pthread_exit in main lets the process live on until its last thread
 * ends (POSIX; a common ending of pthreads programs).  Here that would be
 * never: the pool's idle threads, the timer thread and the log's writer
 * do not end.  So main stops counting as a goroutine, and the end of the
 * last one exits the process with status 0, as the C library would have
 * when that thread returned.  Goroutines blocked for good then are the
 * deadlock error, as usual. */
void rt_thread_exiting(void) {
  rt_init();
  if (cur_g != &main_g || !atomic_exchange(&main_g.alive, false))
    return;
  rt_live_add(-1);
  rt_exit_with_last();
}

void rt_thread_leave(void) {
  if (!adopted)
    return;
  if (cur_g)
    atomic_store(&cur_g->alive, false);
  cur_g = NULL;
  adopted = false;
  rt_live_add(-1);
}

/* The end of one goroutine on a pooled thread. */
static void goroutine_end(worker_t *w) {
  rl_clock_free(w->g.wait_clock);
  w->g.wait_clock = NULL;
  rl_thread_exit();
  atomic_store(&w->g.alive, false);
  rt_live_add(-1);
}

static void *worker_main(void *p) {
  worker_t *w = p;
  cur_g = &w->g;
  for (;;) {
    rl_thread_start(&w->sp);
    w->fn(w->arg);
    goroutine_end(w);

    rt_lock(&pool_lock);
    w->next_idle = idle;
    idle = w;
    rt_unlock(&pool_lock);
    for (int i = 0; i < 1000; i++) {
      if (atomic_load_explicit(&w->job, memory_order_acquire))
        break;
      rt_cpu_relax();
    }
    while (!atomic_load_explicit(&w->job, memory_order_acquire))
      rt_futex_wait(&w->job, 0);
    atomic_store_explicit(&w->job, 0, memory_order_relaxed);
  }
  return NULL;
}

void __rl_go(void (*fn)(void *), void *arg, rl_site_t *site) {
  rt_init();
  if (!fn)
    rt_panic(site, "go of nil func value");
  const char *name = NULL;
  if (rl_enabled)
    name = site && site->target ? site->target : rt_func_name(fn);

  rt_lock(&pool_lock);
  worker_t *w = idle;
  if (w)
    idle = w->next_idle;
  rt_unlock(&pool_lock);
  bool fresh = !w;
  if (fresh) {
    w = calloc(1, sizeof *w);
    if (!w)
      rt_panic(site, "go: out of memory");
  }
  rl_go_begin(&w->sp, site, name, "goroutine");

  rt_lock(&pool_lock); /* reporters read these fields under it */
  w->g.id = w->sp.gid ? w->sp.gid : atomic_fetch_add(&next_own_id, 1);
  w->g.go_site = site;
  w->g.fn = fn;
  w->fn = fn;
  w->arg = arg;
  atomic_store(&w->g.alive, true);
  rt_unlock(&pool_lock);
  rt_live_add(1);

  if (!fresh) {
    atomic_store_explicit(&w->job, 1, memory_order_release);
    rt_futex_wake(&w->job, 1);
    return;
  }
  rt_register_g(&w->g);
  pthread_attr_t attr;
  pthread_t t;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  int err = pthread_create(&t, &attr, worker_main, w);
  pthread_attr_destroy(&attr);
  if (err) {
    fprintf(stderr, "racelens: cannot start a goroutine: %s\n", strerror(err));
    rl_fatal(RL_EV_PANIC, "cannot start a goroutine", 2);
    fflush(NULL);
    _exit(2);
  }
  atomic_fetch_add(&threads_created, 1);
}

void go(void (*fn)(void *), void *arg) {
  __rl_go(fn, arg, NULL);
}

int num_goroutine(void) {
  rt_init();
  return rt_live_count();
}

int goroutine_id(void) {
  return (int)rt_getg()->id;
}

/* main returned or exit() was called: list what is still running (the
 * classic bug: main returns before `go foo()` printed anything), then let
 * the detector and the log finish. */
static bool leaked(rt_g_t *g, rt_g_t *self) {
  return g != self && g->fn && atomic_load(&g->alive);
}

/* A goroutine that just called wg_done or sent its result is still
 * running until it returns: give running goroutines (not blocked, not
 * sleeping) up to 10ms to finish, so that a correctly joined program is
 * not told of goroutines that are as good as done.  Go lets other
 * goroutines run while main exits too. */
static void let_running_finish(rt_g_t *self) {
  for (int round = 0; round < 50; round++) {
    unsigned running = 0;
    rt_pool_lock();
    for (rt_g_t *g = rt_all_gs(); g; g = g->all_next)
      if (leaked(g, self) && !atomic_load(&g->wait_reason))
        running++;
    rt_pool_unlock();
    if (!running)
      break;
    usleep(200);
  }
}

static void report_leaks(void) {
  rt_g_t *self = cur_g;
  unsigned n = 0;
  let_running_finish(self);
  rt_pool_lock();
  for (rt_g_t *g = rt_all_gs(); g; g = g->all_next)
    if (leaked(g, self))
      n++;
  if (n) {
    fflush(stdout);
    fprintf(stderr, "racelens: %u goroutine%s still running at exit:\n", n,
            n == 1 ? "" : "s");
    /* all_gs is newest first; print oldest first, as they were started. */
    rt_g_t **list = malloc(n * sizeof *list);
    unsigned k = 0;
    for (rt_g_t *g = rt_all_gs(); g && list; g = g->all_next)
      if (leaked(g, self) && k < n)
        list[k++] = g;
    for (unsigned i = k; list && i-- > 0;) {
      rt_g_t *g = list[i];
      const char *name = g->go_site && g->go_site->target ? g->go_site->target
                                                          : rt_func_name(g->fn);
      char where[512];
      if (g->go_site && g->go_site->file)
        snprintf(where, sizeof where, " started at %s:%u", g->go_site->file,
                 g->go_site->line);
      else
        where[0] = 0;
      fprintf(stderr, "  goroutine %u (%s)%s\n", g->id, name ? name : "?",
              where);
    }
    free(list);
  }
  rt_pool_unlock();
}

/* The status the process ends with, after the leak report and the
 * detector's and the log's end. */
static int finish(int status) {
  report_leaks();
  return rl_finish(status);
}

static void at_exit(int status, void *arg) {
  (void)arg;
  int st = finish(status);
  if (st != status) {
    fflush(NULL);
    _exit(st);
  }
}

static _Atomic int quick_status;

void rt_quick_exit_status(int status) {
  atomic_store(&quick_status, status);
}

static void at_quick_exit_end(void) {
  if (getpid() == init_pid)
    at_exit(atomic_load(&quick_status), NULL);
}

bool rt_in_first_process(void) {
  return atomic_load(&init_state) == 2 && getpid() == init_pid;
}

int rt_exit_now(int status) {
  if (!rt_in_first_process())
    return status;
  return finish(status);
}
