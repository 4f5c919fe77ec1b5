/*
 * rt/core/panic.c -- Go-style panics for misuse of the runtime.
 *
 * A panic in Go unwinds and runs deferred calls; C has neither, so ours is
 * Go's unrecovered panic: the message, where it happened, exit status 2.
 * Whatever the program printed so far is flushed first so the message comes
 * after it, as it would in Go (whose output is unbuffered).
 */
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

#include "../rt.h"
#include "park.h"

_Noreturn void rt_panic(const struct rl_site *site, const char *fmt, ...) {
  char msg[256], where[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  fflush(stdout);
  fprintf(stderr, "panic: %s\n\tat %s\n\ngoroutine %u [running]\n", msg,
          rt_site_str(site, where, sizeof where), rt_getg()->id);
  rl_fatal(RL_EV_PANIC, msg, 2);
  fflush(NULL);
  _exit(2);
}
