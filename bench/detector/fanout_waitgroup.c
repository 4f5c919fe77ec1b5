/*
 * Fan-out / fan-in with WaitGroups: rounds of many short-lived goroutines,
 * each filling its own heap buffer and adding its result to a shared
 * total under a mutex; main waits for each round.  Measures goroutine
 * start/exit (clean stack shadow, clock hand-over), malloc/free tracking
 * and WaitGroup edges.
 */
#include <racelens/go.h>
#include <stdio.h>
#include <stdlib.h>

enum { ROUNDS = 40, FANOUT = 50, WORK = 2000 };

static long total;
static mutex_t mu;

typedef struct task {
  waitgroup_t *wg;
  int seed;
} task_t;

static void worker(void *arg) {
  task_t *t = arg;
  int *buf = malloc(WORK * sizeof *buf);
  long sum = 0;
  for (int i = 0; i < WORK; i++) {
    buf[i] = (t->seed * 31 + i) % 97;
    sum += buf[i];
  }
  free(buf);
  mutex_lock(&mu);
  total += sum;
  mutex_unlock(&mu);
  wg_done(t->wg);
}

int main(void) {
  static task_t tasks[FANOUT];
  for (int r = 0; r < ROUNDS; r++) {
    waitgroup_t wg = WAITGROUP_INIT;
    for (int i = 0; i < FANOUT; i++) {
      tasks[i].wg = &wg;
      tasks[i].seed = r * FANOUT + i;
      wg_add(&wg, 1);
      go(worker, &tasks[i]);
    }
    wg_wait(&wg);
  }
  printf("total = %ld\n", total);
  return 0;
}
