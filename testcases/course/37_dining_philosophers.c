/*
 * 37 -- a deadlock waiting to happen: the dining philosophers.
 *
 * Five philosophers sit round a table with a fork between each two.  To
 * eat, a philosopher takes the fork on the left, then the one on the
 * right.  If all five take their left fork at the same moment, each waits
 * forever for a right fork that a neighbour holds: a deadlock, Go's "all
 * goroutines are asleep".  Here they eat one at a time (a relaxed turn
 * counter only spaces them out; it orders nothing), so this run finishes.
 * racelens still sees the cycle the forks were taken in -- fork_1 before
 * fork_2, ..., fork_5 before fork_1 -- and reports the deadlock that the
 * next run, without the turns, can hit.  38 breaks the cycle.
 */
// expect: no race
// expect-exit: 66
// expect-stderr: WARNING: POTENTIAL DEADLOCK: locks taken round a cycle of 5 (`fork_5`, `fork_1`, ...)
// expect-stderr: G6 (philosopher) took `fork_1` at 37_dining_philosophers.c:37 while holding `fork_5`, taken at 37_dining_philosophers.c:36:
// expect-stderr: racelens: 1 potential deadlock (locks taken in orders that form a cycle)
// expect-stdout-lines: ^philosopher [1-5] eats$
#include <racelens/go.h>
#include <stdatomic.h>
#include <stdio.h>

enum { N = 5 };

static mutex_t fork_1, fork_2, fork_3, fork_4, fork_5;
static mutex_t *forks[N] = {&fork_1, &fork_2, &fork_3, &fork_4, &fork_5};
static atomic_int turn;
static waitgroup_t wg;

static void philosopher(void *arg) {
  int me = (int)(long)arg;
  mutex_t *left = forks[me], *right = forks[(me + 1) % N];
  while (atomic_load_explicit(&turn, memory_order_relaxed) != me)
    go_yield();
  mutex_lock(left);
  mutex_lock(right);
  printf("philosopher %d eats\n", me + 1);
  mutex_unlock(right);
  mutex_unlock(left);
  atomic_fetch_add_explicit(&turn, 1, memory_order_relaxed);
  wg_done(&wg);
}

int main(void) {
  for (long i = 0; i < N; i++) {
    wg_add(&wg, 1);
    go(philosopher, (void *)i);
  }
  wg_wait(&wg);
  return 0;
}
