/*
 * rt/core/park.h -- goroutines as rt/core sees them: the per-goroutine
 * record, parking, and the running/blocked accounting that global deadlock
 * detection rests on.
 *
 * A goroutine is an OS thread.  When it must wait for another goroutine (a
 * channel partner, a mutex, a WaitGroup) it "parks": it publishes what it is
 * waiting for, and sleeps on a futex word in its record until the goroutine
 * that satisfies it "readies" it.  The rule that makes deadlock detection
 * exact: a goroutine is counted as blocked while it sits in a wait queue,
 * and the goroutine that takes it out of the queue (under the same lock)
 * counts it as running again *before* waking it.  So at any instant the
 * counters agree with the wait queues, and when the last running goroutine
 * is about to park, nobody is left who could ever wake anyone: deadlock.
 *
 * Sleeping goroutines, goroutines in system calls or in pthread calls
 * outside the runtime are running as far as this is concerned, and so is a
 * pending after_ms timer (it will wake its receiver).
 */
#ifndef RT_CORE_PARK_H
#define RT_CORE_PARK_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "../track.h"
#include "futex.h"

typedef struct rt_g rt_g_t;
typedef struct rt_sudog rt_sudog_t;

struct rt_g {
  uint32_t id;
  _Atomic uint32_t wake; /* futex word: 1 once readied */
  _Atomic bool alive;    /* counted in num_goroutine, listed at exit */
  bool is_main;
  /* What it is blocked in, for the deadlock report; NULL when running. */
  _Atomic(const char *) wait_reason;
  _Atomic(const rl_site_t *) wait_site;
  /* Where and what it was started with, for reports. */
  const rl_site_t *go_site;
  void (*fn)(void *);
  /* select: the first waker to flip this from 0 owns the select. */
  _Atomic uint32_t select_done;
  rt_sudog_t *fired; /* the sudog whose operation woke it */
  /* Clock the goroutine publishes before parking and its waker acquires
   * (unbuffered rendezvous); lazily made, freed when the goroutine ends so
   * a pooled thread's next goroutine starts with no history. */
  rl_clock_t *wait_clock;
  rt_g_t *all_next; /* every record ever made, never unlinked */
};

/* A goroutine waiting on a channel (Go's sudog): one per channel it waits
 * on, so a select has one per case.  Lives on the waiter's stack. */
struct rt_sudog {
  rt_g_t *g;
  rt_sudog_t *next, *prev;
  struct chan *c;
  void *elem;     /* send: the value; receive: where it goes (or NULL) */
  int case_index; /* select case, -1 for a plain send/receive */
  bool is_select;
  bool queued;    /* still linked in a wait queue */
  bool done;      /* the partner completed the transfer (unbuffered) */
  uint64_t value; /* first 8 bytes transferred, for the event log */
};

/* The calling thread's record (made on first use: main is goroutine 1, any
 * other thread that was not started by go() gets a record of its own). */
rt_g_t *rt_getg(void);

/* Park protocol.  Under the lock that guards the wait queue the caller just
 * joined: rt_block(g, reason, site) (may report a deadlock and exit).  Then
 * unlock and rt_park().  The waker, under that lock, dequeues and calls
 * rt_ready_count(); after unlocking (or before), rt_ready(g). */
void rt_block(rt_g_t *g, const char *reason, const rl_site_t *site);
void rt_park(rt_g_t *g);
void rt_ready_count(void);
void rt_ready(rt_g_t *g);
/* Parks forever (nil channel, empty select). */
_Noreturn void rt_block_forever(const char *reason, const rl_site_t *site);

/* Live and blocked counts (live includes main). */
void rt_live_add(int delta);
int rt_live_count(void);
/* In a forked child: the one thread there, live (when it is counted) and
 * running. */
void rt_counts_after_fork(bool self_counted);
/* Main has ended its thread: the last goroutine to end exits the
 * process (when none is left, now). */
void rt_exit_with_last(void);
/* after_ms timers not yet fired keep the program from being deadlocked. */
void rt_timers_add(int delta);
/* Checks after a change that may leave everything blocked. */
void rt_deadlock_check(void);

/* Every record, for the reports. */
rt_g_t *rt_all_gs(void);
void rt_register_g(rt_g_t *g);

/* The goroutine's wait clock (NULL when detection is off). */
rl_clock_t *rt_wait_clock(rt_g_t *g);

uint64_t rt_nanotime(void);
uint32_t rt_rand(void); /* per-thread, for select */

/* "file:line in func" for reports, into buf. */
const char *rt_site_str(const rl_site_t *site, char *buf, size_t n);
/* Name of a function from its address, or NULL. */
const char *rt_func_name(void (*fn)(void *));

#endif /* RT_CORE_PARK_H */
