/*
 * rt/detect/intercept_exit.c -- _exit and _Exit.
 *
 * They end the process without its exit handlers, where racelens prints
 * its summary, turns the status into 66 when races were found and ends
 * the run in the database: a program that leaves by _exit lost its whole
 * log (the run stayed "cut short") and its races' status.  So the
 * rewritten calls do that work first, as ThreadSanitizer's interceptor
 * does (rt_exit_now; nothing in a forked child).
 */
#include <stdlib.h>
#include <unistd.h>

#include "intercept_common.h"
#include "rt.h"

_Noreturn void __rl__exit(int status, rl_site_t *site) {
  (void)site;
  _exit(rt_exit_now(status));
}

_Noreturn void __rl__Exit(int status, rl_site_t *site) {
  (void)site;
  _Exit(rt_exit_now(status));
}

_Noreturn void __rl_fp__exit(int status) {
  __rl__exit(status, NULL);
}

_Noreturn void __rl_fp__Exit(int status) {
  __rl__Exit(status, NULL);
}
