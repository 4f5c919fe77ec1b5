/*
 * rt/detect/intercept_exit.c -- _exit, _Exit and quick_exit.
 *
 * They end the process without its exit handlers, where racelens prints
 * its summary, turns the status into 66 when races were found and ends
 * the run in the database: a program that leaves by _exit lost its whole
 * log (the run stayed "cut short") and its races' status.  So the
 * rewritten calls do that work first, as ThreadSanitizer's interceptor
 * does (rt_exit_now; nothing in a forked child).
 *
 * quick_exit does run handlers, the at_quick_exit ones: the runtime has
 * one that ends the run after the program's, and only needs the status.
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

_Noreturn void __rl_quick_exit(int status, rl_site_t *site) {
  (void)site;
  rt_quick_exit_status(status);
  quick_exit(status);
}

_Noreturn void __rl_fp__exit(int status) {
  __rl__exit(status, NULL);
}

_Noreturn void __rl_fp__Exit(int status) {
  __rl__Exit(status, NULL);
}

_Noreturn void __rl_fp_quick_exit(int status) {
  __rl_quick_exit(status, NULL);
}
