/*
 * 38 -- the dining philosophers, without the deadlock.
 *
 * Number the forks, and let every philosopher take the lower-numbered of
 * the two first.  Four of them still take left then right; the fifth,
 * between fork 5 and fork 1, takes fork 1 first.  Now every fork is taken
 * in one order, fork_1 before fork_2 before ... fork_5, so no cycle can
 * form: whoever holds the highest fork can always get it and finish.  All
 * five eat three times, at the same time as each other, and racelens sees
 * no cycle.
 */
// expect: no race
// expect-stdout: 38_dining_philosophers_ordered.out
#include <racelens/go.h>
#include <stdio.h>

enum { N = 5, MEALS = 3 };

static mutex_t fork_1, fork_2, fork_3, fork_4, fork_5;
static mutex_t *forks[N] = {&fork_1, &fork_2, &fork_3, &fork_4, &fork_5};
static mutex_t count_mu;
static int meals;
static waitgroup_t wg;

static void philosopher(void *arg) {
  int me = (int)(long)arg, other = (me + 1) % N;
  mutex_t *first = forks[me < other ? me : other];
  mutex_t *second = forks[me < other ? other : me];
  for (int i = 0; i < MEALS; i++) {
    mutex_lock(first);
    mutex_lock(second);
    mutex_lock(&count_mu);
    meals++;
    mutex_unlock(&count_mu);
    mutex_unlock(second);
    mutex_unlock(first);
  }
  wg_done(&wg);
}

int main(void) {
  for (long i = 0; i < N; i++) {
    wg_add(&wg, 1);
    go(philosopher, (void *)i);
  }
  wg_wait(&wg);
  printf("%d meals\n", meals);
  return 0;
}
