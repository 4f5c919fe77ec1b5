/*
 * A write after chan_close is not ordered before the receive that saw the
 * close.
 */
// expect: race result (lines 15, 24)
#include <racelens/go.h>
#include <stdio.h>

static int result;
static waitgroup_t finished;

static void worker(void *arg) {
  chan_t *done = arg;
  chan_close(done);
  result = 123;
  wg_done(&finished);
}

int main(void) {
  chan_t *done = CHAN(int, 0);
  wg_add(&finished, 1);
  go(worker, done);
  chan_recv(done, NULL);
  printf("result = %d\n", result);
  wg_wait(&finished);
  return 0;
}
