/*
 * 26 -- stopping a goroutine, way 1: its loop has an end.
 *
 * A goroutine cannot be killed from outside; it stops by returning.  The
 * simplest way is a loop with a clear end condition: this worker handles
 * a fixed number of tasks and returns, and main waits for it.
 */
// expect: no race
// expect-stdout: 26_stop_loop_condition.out
#include <racelens/go.h>
#include <stdio.h>

static void worker(void *arg) {
  waitgroup_t *wg = arg;
  for (int task = 1; task <= 3; task++)
    printf("task %d done\n", task);
  printf("worker: no tasks left, returning\n");
  wg_done(wg);
}

int main(void) {
  waitgroup_t wg = WAITGROUP_INIT;
  wg_add(&wg, 1);
  go(worker, &wg);
  wg_wait(&wg);
  printf("main: worker finished\n");
  return 0;
}
