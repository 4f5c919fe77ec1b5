/*
 * rt/detect/intercept_sem.c -- POSIX unnamed semaphores.
 *
 * sem_post releases into the semaphore's clock before the real post makes
 * the count visible; a successful sem_wait, sem_trywait, sem_timedwait or
 * sem_clockwait acquires it.  A semaphore is a counter, not a queue, so a
 * waiter is ordered after every post so far, not only "its" post: the same join
 * ThreadSanitizer makes, and the only one that is sound without knowing
 * which post a wait consumed.
 */
#define _GNU_SOURCE /* sem_clockwait */
#include <errno.h>
#include <semaphore.h>

#include "intercept_common.h"

int __rl_sem_init(sem_t *s, int pshared, unsigned value, rl_site_t *site) {
  if (rl_enabled)
    rl_icpt_new_object(s, sizeof *s, RL_OBJ_SEM, site);
  return sem_init(s, pshared, value);
}

int __rl_sem_destroy(sem_t *s, rl_site_t *site) {
  (void)site;
  int r = sem_destroy(s);
  if (r == 0 && rl_enabled)
    rl_sync_forget_range(s, sizeof *s);
  return r;
}

int __rl_sem_post(sem_t *s, rl_site_t *site) {
  if (rl_enabled)
    rl_icpt_release(s, RL_EV_SEM_POST, RL_OBJ_SEM, site);
  return sem_post(s);
}

int __rl_sem_wait(sem_t *s, rl_site_t *site) {
  if (!rl_enabled)
    return sem_wait(s);
  uint64_t waited = 0;
  int r = sem_trywait(s);
  if (r != 0 && errno == EAGAIN) {
    uint64_t t0 = rl_now_ns();
    r = sem_wait(s);
    waited = rl_now_ns() - t0;
  }
  if (r == 0)
    rl_icpt_acquire(s, RL_EV_SEM_WAIT, RL_OBJ_SEM, site, waited);
  return r;
}

int __rl_sem_trywait(sem_t *s, rl_site_t *site) {
  int r = sem_trywait(s);
  if (r == 0 && rl_enabled)
    rl_icpt_acquire(s, RL_EV_SEM_WAIT, RL_OBJ_SEM, site, 0);
  return r;
}

int __rl_sem_timedwait(sem_t *s, const struct timespec *t, rl_site_t *site) {
  if (!rl_enabled)
    return sem_timedwait(s, t);
  uint64_t t0 = rl_now_ns();
  int r = sem_timedwait(s, t);
  if (r == 0)
    rl_icpt_acquire(s, RL_EV_SEM_WAIT, RL_OBJ_SEM, site, rl_now_ns() - t0);
  return r;
}

int __rl_sem_clockwait(sem_t *s, clockid_t clock, const struct timespec *t,
                       rl_site_t *site) {
  if (!rl_enabled)
    return sem_clockwait(s, clock, t);
  uint64_t t0 = rl_now_ns();
  int r = sem_clockwait(s, clock, t);
  if (r == 0)
    rl_icpt_acquire(s, RL_EV_SEM_WAIT, RL_OBJ_SEM, site, rl_now_ns() - t0);
  return r;
}

RL_FP_TWIN3(int, sem_init, sem_t *, int, unsigned)
RL_FP_TWIN1(int, sem_destroy, sem_t *)
RL_FP_TWIN1(int, sem_post, sem_t *)
RL_FP_TWIN1(int, sem_wait, sem_t *)
RL_FP_TWIN1(int, sem_trywait, sem_t *)
RL_FP_TWIN2(int, sem_timedwait, sem_t *, const struct timespec *)
RL_FP_TWIN3(int, sem_clockwait, sem_t *, clockid_t, const struct timespec *)
