/*
 * rt/detect/intercept_once.c -- pthread_once and C11's call_once.
 *
 * The edge is the one of the runtime's once_do: the call that runs the
 * init function happens before every pthread_once on the same control
 * returns.  The init function is wrapped so that its end releases into the
 * control's clock before the real pthread_once lets the other callers
 * return; every caller acquires the clock when pthread_once returns.
 *
 * pthread_once's init function takes no argument, so the wrapper learns
 * what to call through thread-local variables, read at once on entry (an
 * init function may itself call pthread_once on another control).
 *
 * call_once is the same operation on a once_flag (in glibc, pthread_once
 * on the flag's storage); it is logged as a pthread_once object.
 */
#include <pthread.h>
#include <threads.h>

#include "intercept_common.h"

static __thread void (*pending_fn)(void);
static __thread const void *pending_once;
static __thread const rl_site_t *pending_site;

static void run_init(void) {
  void (*fn)(void) = pending_fn;
  const void *once = pending_once;
  const rl_site_t *site = pending_site;
  fn();
  rl_evinfo_t e = {0};
  e.kind = RL_EV_ONCE;
  e.obj = rl_object(once, RL_OBJ_PTHREAD_ONCE, site, 0, 0, 0);
  e.site = site;
  e.aux = 1; /* this call ran the function */
  e.release = rl_clock_at(once);
  rl_event(&e);
}

int __rl_pthread_once(pthread_once_t *once, void (*fn)(void), rl_site_t *site) {
  if (!rl_enabled)
    return pthread_once(once, fn);
  pending_fn = fn;
  pending_once = once;
  pending_site = site;
  int r = pthread_once(once, run_init);
  if (r == 0)
    rl_icpt_acquire(once, RL_EV_ONCE, RL_OBJ_PTHREAD_ONCE, site, 0);
  return r;
}

void __rl_call_once(once_flag *flag, void (*fn)(void), rl_site_t *site) {
  if (!rl_enabled) {
    call_once(flag, fn);
    return;
  }
  pending_fn = fn;
  pending_once = flag;
  pending_site = site;
  call_once(flag, run_init);
  rl_icpt_acquire(flag, RL_EV_ONCE, RL_OBJ_PTHREAD_ONCE, site, 0);
}

typedef void (*init_fn_t)(void);
RL_FP_TWIN2(int, pthread_once, pthread_once_t *, init_fn_t)

void __rl_fp_call_once(once_flag *flag, init_fn_t fn) {
  __rl_call_once(flag, fn, NULL);
}
