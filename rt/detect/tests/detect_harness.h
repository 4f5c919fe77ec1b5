/*
 * rt/detect/tests/detect_harness.h -- helpers for the detector's unit
 * tests, which call the ABI directly as instrumented code would
 * (hand-instrumented C: __rl_write4(&x, &site)).
 *
 * Each scenario runs in a forked child, so that every verdict starts from a
 * clean detector and is observed the way a user observes it: the child's
 * exit status (66 when racelens found a race, 0 when not) and what it
 * printed on stderr.
 *
 * Threads are started the way the pthread interceptor does it
 * (rl_go_begin in the parent, rl_thread_start/exit in the child, rl_join
 * on join), so these tests depend on rt/detect alone.  When a scenario
 * needs two accesses to happen in a known order *without* telling the
 * detector, it waits on a raw C11 atomic the detector never sees.
 */
#ifndef DETECT_HARNESS_H
#define DETECT_HARNESS_H

#define _GNU_SOURCE
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "abi.h"
#include "track.h"

#include "test_check.h"

/* ---- threads as the interceptor starts them ----------------------------- */
typedef struct th {
  pthread_t pt;
  rl_spawn_t sp;
  void (*fn)(void *);
  void *arg;
} th_t;

static void *th_main(void *p) {
  th_t *t = p;
  rl_thread_start(&t->sp);
  t->fn(t->arg);
  rl_thread_exit();
  return NULL;
}

static inline void th_start(th_t *t, void (*fn)(void *), void *arg,
                            const rl_site_t *site, const char *name) {
  t->fn = fn;
  t->arg = arg;
  rl_go_begin(&t->sp, site, name, "pthread");
  if (pthread_create(&t->pt, NULL, th_main, t) != 0) {
    perror("pthread_create");
    exit(1);
  }
}

/* Joins; with `tell` the detector learns of it (a happens-before edge). */
static inline void th_join(th_t *t, int tell) {
  pthread_join(t->pt, NULL);
  if (tell)
    rl_join(t->sp.gid, NULL);
}

/* ---- raw ordering the detector does not see ----------------------------- */
static inline void flag_set(atomic_int *f) {
  atomic_store_explicit(f, 1, memory_order_release);
}
static inline void flag_wait(atomic_int *f) {
  while (!atomic_load_explicit(f, memory_order_acquire))
    sched_yield();
}

/* ---- scenarios in children ---------------------------------------------- */
typedef struct child {
  int status; /* exit status, or 128 + signal */
  char err[65536];
} child_t;

/* Runs fn in a child with stderr captured; the child ends through exit(0),
 * so the runtime's exit path (rl_finish) decides the status.  `env` is an
 * optional "NAME=value" set in the child first. */
static inline void run_child(void (*fn)(void), const char *env, child_t *out) {
  char path[] = "/tmp/rl_detect_XXXXXX";
  int fd = mkstemp(path);
  CHECK(fd >= 0, "mkstemp failed");
  unlink(path);
  fflush(NULL);
  pid_t pid = fork();
  CHECK(pid >= 0, "fork failed");
  if (pid == 0) {
    dup2(fd, 2);
    if (env)
      putenv((char *)env);
    fn();
    exit(0);
  }
  int st;
  waitpid(pid, &st, 0);
  out->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
  ssize_t n = pread(fd, out->err, sizeof out->err - 1, 0);
  out->err[n > 0 ? n : 0] = 0;
  close(fd);
}

/* Expects a verdict (66: race, 0: none) from scenario fn.  A race verdict
 * must come with racelens' report, and under TSan (whose exit code is also
 * 66 in these tests) no TSan warning may hide behind it. */
#define EXPECT_VERDICT(fn, want)                                               \
  do {                                                                         \
    static child_t c_;                                                         \
    run_child(fn, NULL, &c_);                                                  \
    CHECK(c_.status == (want), "%s: exit status %d, want %d; stderr:\n%s",     \
          #fn, c_.status, (want), c_.err);                                     \
    CHECK(!strstr(c_.err, "ThreadSanitizer"), "%s: TSan warning:\n%s", #fn,    \
          c_.err);                                                             \
    CHECK(((want) == 66) == !!strstr(c_.err, "WARNING: DATA RACE"),            \
          "%s: report and verdict disagree:\n%s", #fn, c_.err);                \
  } while (0)

#endif /* DETECT_HARNESS_H */
