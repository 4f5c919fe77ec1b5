/*
 * rt/detect/intercept_mtx.c -- C11 <threads.h> mutexes and condition
 * variables: mtx_* and cnd_*.
 *
 * They are pthread mutexes and condition variables under another name
 * (glibc's mtx_t and cnd_t wrap them), and they get the same edges as in
 * intercept_mutex.c and intercept_cond.c: unlock -> next successful lock
 * through the clock kept at the mtx_t's address; a wait unlocks on entry
 * and locks on return; signal and broadcast release into the cnd_t's clock
 * and a woken waiter acquires it.  The calls are intercepted as C11 calls,
 * not at the pthread layer below them, because that layer is inside libc
 * where the plugin never reaches.  In the log they are objects of the
 * pthread kinds (pthread_mutex, pthread_cond): the database has no
 * separate kinds for them, and a student reads them the same way.
 *
 * C11 reports failures as thrd_busy / thrd_timedout rather than errno
 * values; a failed trylock or timed lock orders nothing.
 */
#include <threads.h>

#include "intercept_common.h"

int __rl_mtx_init(mtx_t *m, int type, rl_site_t *site) {
  if (rl_enabled)
    rl_icpt_new_object(m, sizeof *m, RL_OBJ_PTHREAD_MUTEX, site);
  return mtx_init(m, type);
}

void __rl_mtx_destroy(mtx_t *m, rl_site_t *site) {
  (void)site;
  mtx_destroy(m);
  if (rl_enabled)
    rl_sync_forget_range(m, sizeof *m);
}

int __rl_mtx_lock(mtx_t *m, rl_site_t *site) {
  if (!rl_enabled)
    return mtx_lock(m);
  uint64_t waited = 0;
  int r = mtx_trylock(m);
  if (r == thrd_busy) {
    uint64_t t0 = rl_now_ns();
    r = mtx_lock(m);
    waited = rl_now_ns() - t0;
  }
  if (r == thrd_success)
    rl_icpt_acquire(m, RL_EV_MUTEX_LOCK, RL_OBJ_PTHREAD_MUTEX, site, waited);
  return r;
}

int __rl_mtx_trylock(mtx_t *m, rl_site_t *site) {
  int r = mtx_trylock(m);
  if (!rl_enabled)
    return r;
  if (r == thrd_success)
    rl_icpt_try_acquired(m, RL_EV_MUTEX_LOCK, RL_OBJ_PTHREAD_MUTEX, site);
  else
    rl_icpt_note(m, RL_EV_MUTEX_TRYLOCK_FAIL, RL_OBJ_PTHREAD_MUTEX, site, 0);
  return r;
}

int __rl_mtx_timedlock(mtx_t *restrict m, const struct timespec *restrict t,
                       rl_site_t *site) {
  if (!rl_enabled)
    return mtx_timedlock(m, t);
  uint64_t t0 = rl_now_ns();
  int r = mtx_timedlock(m, t);
  if (r == thrd_success)
    rl_icpt_acquire(m, RL_EV_MUTEX_LOCK, RL_OBJ_PTHREAD_MUTEX, site,
                    rl_now_ns() - t0);
  else
    rl_icpt_note(m, RL_EV_MUTEX_TRYLOCK_FAIL, RL_OBJ_PTHREAD_MUTEX, site, 0);
  return r;
}

int __rl_mtx_unlock(mtx_t *m, rl_site_t *site) {
  if (rl_enabled)
    rl_icpt_release(m, RL_EV_MUTEX_UNLOCK, RL_OBJ_PTHREAD_MUTEX, site);
  return mtx_unlock(m);
}

/* ---- condition variables ------------------------------------------------ */

int __rl_cnd_init(cnd_t *c, rl_site_t *site) {
  if (rl_enabled)
    rl_icpt_new_object(c, sizeof *c, RL_OBJ_PTHREAD_COND, site);
  return cnd_init(c);
}

void __rl_cnd_destroy(cnd_t *c, rl_site_t *site) {
  (void)site;
  cnd_destroy(c);
  if (rl_enabled)
    rl_sync_forget_range(c, sizeof *c);
}

int __rl_cnd_signal(cnd_t *c, rl_site_t *site) {
  if (rl_enabled)
    rl_icpt_release(c, RL_EV_COND_SIGNAL, RL_OBJ_PTHREAD_COND, site);
  return cnd_signal(c);
}

int __rl_cnd_broadcast(cnd_t *c, rl_site_t *site) {
  if (rl_enabled)
    rl_icpt_release(c, RL_EV_COND_BROADCAST, RL_OBJ_PTHREAD_COND, site);
  return cnd_broadcast(c);
}

static void wait_ends(cnd_t *c, mtx_t *m, int r, const rl_site_t *site,
                      uint64_t waited) {
  if (r == thrd_success)
    rl_icpt_acquire(c, RL_EV_COND_WAIT, RL_OBJ_PTHREAD_COND, site, waited);
  else
    rl_icpt_note(c, RL_EV_COND_WAIT, RL_OBJ_PTHREAD_COND, site, r);
  /* Every return but thrd_error holds the mutex again. */
  if (r != thrd_error)
    rl_icpt_acquire(m, RL_EV_MUTEX_LOCK, RL_OBJ_PTHREAD_MUTEX, site, 0);
}

int __rl_cnd_wait(cnd_t *c, mtx_t *m, rl_site_t *site) {
  if (!rl_enabled)
    return cnd_wait(c, m);
  rl_icpt_release(m, RL_EV_MUTEX_UNLOCK, RL_OBJ_PTHREAD_MUTEX, site);
  uint64_t t0 = rl_now_ns();
  int r = cnd_wait(c, m);
  wait_ends(c, m, r, site, rl_now_ns() - t0);
  return r;
}

int __rl_cnd_timedwait(cnd_t *restrict c, mtx_t *restrict m,
                       const struct timespec *restrict t, rl_site_t *site) {
  if (!rl_enabled)
    return cnd_timedwait(c, m, t);
  rl_icpt_release(m, RL_EV_MUTEX_UNLOCK, RL_OBJ_PTHREAD_MUTEX, site);
  uint64_t t0 = rl_now_ns();
  int r = cnd_timedwait(c, m, t);
  wait_ends(c, m, r, site, rl_now_ns() - t0);
  return r;
}

RL_FP_TWIN2(int, mtx_init, mtx_t *, int)
RL_FP_TWIN1(int, mtx_lock, mtx_t *)
RL_FP_TWIN1(int, mtx_trylock, mtx_t *)
RL_FP_TWIN2(int, mtx_timedlock, mtx_t *restrict,
            const struct timespec *restrict)
RL_FP_TWIN1(int, mtx_unlock, mtx_t *)
RL_FP_TWIN1(int, cnd_init, cnd_t *)
RL_FP_TWIN1(int, cnd_signal, cnd_t *)
RL_FP_TWIN1(int, cnd_broadcast, cnd_t *)
RL_FP_TWIN2(int, cnd_wait, cnd_t *, mtx_t *)
RL_FP_TWIN3(int, cnd_timedwait, cnd_t *restrict, mtx_t *restrict,
            const struct timespec *restrict)

void __rl_fp_mtx_destroy(mtx_t *m) {
  __rl_mtx_destroy(m, NULL);
}

void __rl_fp_cnd_destroy(cnd_t *c) {
  __rl_cnd_destroy(c, NULL);
}
