/*
 * Closing a channel happens before a receive that sees it closed.
 */
// expect: no race
#include <racelens/go.h>
#include <stdio.h>

static int result;

static void worker(void *arg) {
  chan_t *done = arg;
  result = 123;
  chan_close(done);
}

int main(void) {
  chan_t *done = CHAN(int, 0);
  go(worker, done);
  bool got = chan_recv(done, NULL);
  printf("got=%d result=%d\n", got, result);
  return 0;
}
