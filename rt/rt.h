/*
 * rt/rt.h -- what rt/core exports to the rest of rt/ (not to users).
 */
#ifndef RL_RT_H
#define RL_RT_H

#include <stdbool.h>
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

/* Threads the runtime did not start (pthread_create, intercepted by
 * rt/detect) are counted as running goroutines, so that a goroutine waiting
 * on a channel for a pthread is not mistaken for a deadlock:
 * rt_thread_adopt(+1) in the creating thread before the new one can run
 * (rt_thread_adopt(-1) if creating it failed), rt_thread_enter() first
 * thing in the new thread, rt_thread_leave() last thing in it.  Threads
 * not announced this way are counted from their first runtime call. */
void rt_thread_adopt(int delta);
void rt_thread_enter(void);
void rt_thread_leave(void);

/* Called by pthread_exit and thrd_exit before the calling thread ends;
 * matters only in main (see goroutine.c). */
void rt_thread_exiting(void);

/* _exit and _Exit skip the exit handlers, and with them the leak report,
 * the race summary, the exit status 66 and the log's end: their
 * interceptors call this first and exit with what it returns.  In a
 * forked child it does nothing (_exit(127) after a failed exec keeps its
 * status, and the child does not log). */
int rt_exit_now(int status);

/* quick_exit runs the at_quick_exit handlers instead of the exit ones:
 * its interceptor tells the runtime the status first, and the runtime's
 * own at_quick_exit handler, registered before any of the program's and
 * so run after them all, ends the run as at_exit does. */
void rt_quick_exit_status(int status);

/* True in the process the runtime started in (not in a forked child, which
 * does not log): where an exec ends the run. */
bool rt_in_first_process(void);

#endif /* RL_RT_H */
