/*
 * rt/detect/finish.c -- the end of a run: the race summary, the exit
 * status (66 when races or potential deadlocks were found, as TSan), and
 * completing the log.
 */
#include <stdio.h>

#include "../log/log.h"
#include "event.h"
#include "options.h"
#include "report.h"
#include "thread.h"

static int finished;

/* Final counts and end rows for goroutines that never exited. */
static void close_goroutines(void) {
  uint64_t now = rl_now_ns();
  for (uint32_t gid = 1; gid <= rl_thread_count(); gid++) {
    rl_thread_t *t = rl_thread_by_gid(gid);
    if (!t)
      continue;
    /* Under the lock: a goroutine that is exiting meanwhile frees its
     * count tables only once it has marked itself dead (thread.c). */
    rl_spin_lock(&t->lock);
    bool alive = t->alive;
    if (alive)
      rl_thread_flush_counts(t);
    rl_spin_unlock(&t->lock);
    if (alive)
      rl_log_goroutine_end(gid, 0, now);
  }
}

/* Prints the summary; returns the races found.  *problems: races and
 * potential deadlocks, what turns the exit status into 66. */
static uint64_t summary(uint64_t *problems) {
  uint64_t locations = 0, n = rl_report_count(&locations);
  uint64_t cycles = rl_report_lock_cycles();
  if (n)
    fprintf(stderr, "racelens: %llu data race%s in %llu location%s\n",
            (unsigned long long)n, n == 1 ? "" : "s",
            (unsigned long long)locations, locations == 1 ? "" : "s");
  if (cycles)
    fprintf(stderr,
            "racelens: %llu potential deadlock%s (locks taken in "
            "orders that form a cycle)\n",
            (unsigned long long)cycles, cycles == 1 ? "" : "s");
  if (problems)
    *problems = n + cycles;
  return n;
}

int rl_finish(int status) {
  if (!rl_enabled || __atomic_exchange_n(&finished, 1, __ATOMIC_ACQ_REL))
    return status;
  uint64_t problems;
  uint64_t n = summary(&problems);
  if (problems)
    status = rl_opts.exitcode;
  close_goroutines();
  rl_log_end("exited", status, 0, n);
  return status;
}

void rl_finish_exec(void) {
  if (!rl_enabled || __atomic_load_n(&finished, __ATOMIC_ACQUIRE))
    return;
  uint64_t n = summary(NULL);
  close_goroutines();
  rl_log_end("exec", 0, 0, n);
}

void rl_fatal(uint16_t kind, const char *message, int status) {
  (void)message; /* the runtime printed it; the log keeps the event */
  if (!rl_enabled || __atomic_exchange_n(&finished, 1, __ATOMIC_ACQ_REL))
    return;
  rl_thread_t *t = rl_cur();
  rl_log_plain_event(t, kind, NULL, 0, 0, (uint64_t)status, 0);
  uint64_t n = summary(NULL);
  close_goroutines();
  rl_log_end(kind == RL_EV_PANIC ? "panic" : "deadlock", status, 0, n);
}
