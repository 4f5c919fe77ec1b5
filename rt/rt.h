/*
 * rt/rt.h -- what rt/core exports to the rest of rt/ (not to users).
 */
#ifndef RL_RT_H
#define RL_RT_H

#include <stdint.h>

/* Idempotent.  Registers the on_exit handler that reports leaked goroutines
 * and then calls rl_finish() (rt/track.h). */
void rt_init(void);

/* The runtime's panic: prints "panic: <msg>" and the site's location
 * ("\n\tat file:line (func)") on stderr, logs it through rl_fatal and exits
 * with status 2.  site may be NULL. */
struct rl_site;
_Noreturn void rt_panic(const struct rl_site *site, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif /* RL_RT_H */
