/*
 * A channel of capacity C is a counting semaphore: the k-th receive
 * happens before the (k+C)-th send completes.  With C = 1 it is a lock:
 * send to enter, receive to leave.
 */
// expect: no race
#include <racelens/go.h>
#include <stdio.h>

static int counter;
static chan_t *sem;
static waitgroup_t wg;

static void worker(void *arg) {
  (void)arg;
  int token = 0;
  for (int i = 0; i < 20; i++) {
    chan_send(sem, &token);
    counter++;
    chan_recv(sem, &token);
  }
  wg_done(&wg);
}

int main(void) {
  sem = CHAN(int, 1);
  for (int i = 0; i < 3; i++) {
    wg_add(&wg, 1);
    go(worker, NULL);
  }
  wg_wait(&wg);
  printf("counter = %d\n", counter);
  return 0;
}
