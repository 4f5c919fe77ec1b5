/*
 * rt/detect/intercept_thread.c -- pthread_create, pthread_join (and its
 * non-blocking and timed variants), pthread_detach, pthread_exit.
 *
 * A pthread is a goroutine to the detector: the creator's clock flows to
 * the new thread (rl_go_begin before the thread exists, rl_thread_start as
 * its first act) and the thread's final clock flows to whoever joins it
 * (rl_thread_exit, rl_join).  The thread runs on a trampoline so that both
 * ends are seen whether the user's function returns or calls pthread_exit:
 * the exit is a cleanup handler, which pthread_exit also runs.
 *
 * Joins name threads by pthread_t, the detector by goroutine id, so a
 * small table maps one to the other from creation to join or detach.
 * Creation and joining are not hot paths; one lock guards it.  C11
 * threads (intercept_thrd.c) share the table and the thread's end: a
 * thrd_t is a pthread_t in glibc.
 *
 * pthread_tryjoin_np and the timed joins order the caller after the
 * thread only when they joined it: a join that found the thread still
 * running (EBUSY, ETIMEDOUT) learned nothing about what it did.
 */
#define _GNU_SOURCE /* pthread_tryjoin_np and the timed joins */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>

#include "intercept_common.h"
#include "rt.h"

typedef void *(*start_fn_t)(void *);

typedef struct start {
  start_fn_t fn;
  void *arg;
  rl_spawn_t sp;
} start_t;

/* ---- pthread_t -> goroutine id ------------------------------------------ */

typedef struct tid_entry {
  pthread_t th;
  uint32_t gid;
  struct tid_entry *next;
} tid_entry_t;

#define TID_BUCKETS 256
static pthread_mutex_t tid_mu = PTHREAD_MUTEX_INITIALIZER;
static tid_entry_t *tid_table[TID_BUCKETS];

static size_t tid_bucket(pthread_t th) {
  return (size_t)(((uint64_t)th * 0x9E3779B97F4A7C15ull) >> 56);
}

void rl_icpt_tid_put(pthread_t th, uint32_t gid) {
  tid_entry_t *e = malloc(sizeof *e);
  if (!e)
    return; /* the join will simply order nothing */
  e->th = th;
  e->gid = gid;
  pthread_mutex_lock(&tid_mu);
  tid_entry_t **pp = &tid_table[tid_bucket(th)];
  e->next = *pp;
  *pp = e;
  pthread_mutex_unlock(&tid_mu);
}

uint32_t rl_icpt_tid_take(pthread_t th) {
  uint32_t gid = 0;
  pthread_mutex_lock(&tid_mu);
  for (tid_entry_t **pp = &tid_table[tid_bucket(th)]; *pp; pp = &(*pp)->next) {
    if (pthread_equal((*pp)->th, th)) {
      tid_entry_t *e = *pp;
      *pp = e->next;
      gid = e->gid;
      free(e);
      break;
    }
  }
  pthread_mutex_unlock(&tid_mu);
  return gid;
}

/* ---- the new thread's life ---------------------------------------------- */

void rl_icpt_thread_end(void *unused) {
  (void)unused;
  rl_thread_exit();
  rt_thread_leave();
}

static void *trampoline(void *p) {
  start_t s = *(start_t *)p; /* the detector may keep &s.sp: it lives on */
  free(p);
  rt_thread_enter();
  rl_thread_start(&s.sp);
  void *ret;
  pthread_cleanup_push(rl_icpt_thread_end, NULL);
  ret = s.fn(s.arg);
  pthread_cleanup_pop(1);
  return ret;
}

int __rl_pthread_create(pthread_t *th, const pthread_attr_t *attr,
                        void *(*fn)(void *), void *arg, rl_site_t *site) {
  if (!rl_enabled)
    return pthread_create(th, attr, fn, arg);
  start_t *s = malloc(sizeof *s);
  if (!s)
    return EAGAIN;
  s->fn = fn;
  s->arg = arg;
  rl_go_begin(&s->sp, site, site ? site->target : NULL, "pthread");
  uint32_t gid = s->sp.gid;
  int detached = PTHREAD_CREATE_JOINABLE;
  if (attr)
    pthread_attr_getdetachstate(attr, &detached);
  pthread_t t;
  /* Counted as running before it can run, so that a goroutine waiting on a
   * channel for this thread is never taken for a deadlock. */
  rt_thread_adopt(+1);
  int r = pthread_create(&t, attr, trampoline, s);
  if (r != 0) {
    rt_thread_adopt(-1);
    free(s);
    return r;
  }
  if (detached != PTHREAD_CREATE_DETACHED)
    rl_icpt_tid_put(t, gid);
  *th = t;
  return 0;
}

void rl_icpt_joined(pthread_t th, const rl_site_t *site) {
  if (!rl_enabled)
    return;
  uint32_t gid = rl_icpt_tid_take(th);
  if (gid)
    rl_join(gid, site);
}

int __rl_pthread_join(pthread_t th, void **ret, rl_site_t *site) {
  int r = pthread_join(th, ret);
  if (r == 0)
    rl_icpt_joined(th, site);
  return r;
}

int __rl_pthread_tryjoin_np(pthread_t th, void **ret, rl_site_t *site) {
  int r = pthread_tryjoin_np(th, ret);
  if (r == 0)
    rl_icpt_joined(th, site);
  return r;
}

int __rl_pthread_timedjoin_np(pthread_t th, void **ret,
                              const struct timespec *t, rl_site_t *site) {
  int r = pthread_timedjoin_np(th, ret, t);
  if (r == 0)
    rl_icpt_joined(th, site);
  return r;
}

int __rl_pthread_clockjoin_np(pthread_t th, void **ret, clockid_t clock,
                              const struct timespec *t, rl_site_t *site) {
  int r = pthread_clockjoin_np(th, ret, clock, t);
  if (r == 0)
    rl_icpt_joined(th, site);
  return r;
}

int __rl_pthread_detach(pthread_t th, rl_site_t *site) {
  int r = pthread_detach(th);
  if (r == 0 && rl_enabled) {
    uint32_t gid = rl_icpt_tid_take(th);
    rl_icpt_note(NULL, RL_EV_DETACH, RL_OBJ_PTHREAD_MUTEX, site, gid);
  }
  return r;
}

/* The trampoline's cleanup handler ends the goroutine; a thread we did not
 * start (main, or one created by uninstrumented code) just exits. */
_Noreturn void __rl_pthread_exit(void *ret, rl_site_t *site) {
  (void)site;
  rt_thread_exiting();
  pthread_exit(ret);
}

RL_FP_TWIN4(int, pthread_create, pthread_t *, const pthread_attr_t *,
            start_fn_t, void *)
RL_FP_TWIN2(int, pthread_join, pthread_t, void **)
RL_FP_TWIN2(int, pthread_tryjoin_np, pthread_t, void **)
RL_FP_TWIN3(int, pthread_timedjoin_np, pthread_t, void **,
            const struct timespec *)
RL_FP_TWIN4(int, pthread_clockjoin_np, pthread_t, void **, clockid_t,
            const struct timespec *)
RL_FP_TWIN1(int, pthread_detach, pthread_t)

_Noreturn void __rl_fp_pthread_exit(void *ret) {
  __rl_pthread_exit(ret, NULL);
}
