/*
 * rt/detect/intercept_thrd.c -- C11 <threads.h> threads: thrd_create,
 * thrd_join, thrd_detach, thrd_exit.
 *
 * glibc's thrd_create calls its own pthread_create internally, where no
 * interceptor sees it; without these a C11-threads program would have no
 * start or join edges at all, and every hand-over from parent to child
 * would look like a race.  So a C11 thread gets exactly what a pthread
 * gets in intercept_thread.c: the creator's clock flows to it through a
 * trampoline, its end (return or thrd_exit, which is pthread_exit in
 * glibc and runs the same cleanup handler) flows to whoever joins it.
 * A thrd_t is a pthread_t in glibc, so both kinds of thread share one
 * table from thread to goroutine, and a C11 thread is a "pthread" in the
 * log.
 */
#include <stdlib.h>
#include <threads.h>

#include "intercept_common.h"
#include "rt.h"

typedef struct thrd_start {
  thrd_start_t fn;
  void *arg;
  rl_spawn_t sp;
} thrd_start_info_t;

static int trampoline(void *p) {
  thrd_start_info_t s = *(thrd_start_info_t *)p; /* &s.sp lives on */
  free(p);
  rt_thread_enter();
  rl_thread_start(&s.sp);
  int ret;
  pthread_cleanup_push(rl_icpt_thread_end, NULL);
  ret = s.fn(s.arg);
  pthread_cleanup_pop(1);
  return ret;
}

int __rl_thrd_create(thrd_t *th, thrd_start_t fn, void *arg, rl_site_t *site) {
  if (!rl_enabled)
    return thrd_create(th, fn, arg);
  thrd_start_info_t *s = malloc(sizeof *s);
  if (!s)
    return thrd_nomem;
  s->fn = fn;
  s->arg = arg;
  rl_go_begin(&s->sp, site, site ? site->target : NULL, "pthread");
  uint32_t gid = s->sp.gid;
  thrd_t t;
  rt_thread_adopt(+1); /* see __rl_pthread_create */
  int r = thrd_create(&t, trampoline, s);
  if (r != thrd_success) {
    rt_thread_adopt(-1);
    free(s);
    return r;
  }
  rl_icpt_tid_put(t, gid);
  *th = t;
  return thrd_success;
}

int __rl_thrd_join(thrd_t th, int *res, rl_site_t *site) {
  int r = thrd_join(th, res);
  if (r == thrd_success)
    rl_icpt_joined(th, site);
  return r;
}

int __rl_thrd_detach(thrd_t th, rl_site_t *site) {
  int r = thrd_detach(th);
  if (r == thrd_success && rl_enabled) {
    uint32_t gid = rl_icpt_tid_take(th);
    rl_icpt_note(NULL, RL_EV_DETACH, RL_OBJ_PTHREAD_MUTEX, site, gid);
  }
  return r;
}

/* The trampoline's cleanup handler ends the goroutine, as for
 * pthread_exit. */
_Noreturn void __rl_thrd_exit(int res, rl_site_t *site) {
  (void)site;
  rt_thread_exiting();
  thrd_exit(res);
}

RL_FP_TWIN3(int, thrd_create, thrd_t *, thrd_start_t, void *)
RL_FP_TWIN2(int, thrd_join, thrd_t, int *)
RL_FP_TWIN1(int, thrd_detach, thrd_t)

_Noreturn void __rl_fp_thrd_exit(int res) {
  __rl_thrd_exit(res, NULL);
}
