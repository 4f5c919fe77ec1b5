/*
 * The same program with a buffered channel races: a buffered send
 * completes without waiting for the receive, so the receiver's earlier
 * write is not ordered before the sender's read.
 */
// expect: race reply (lines 16, 27)
#include <racelens/go.h>
#include <stdio.h>

static int reply;
static waitgroup_t finished;

static void receiver(void *arg) {
  chan_t *c = arg;
  int token;
  reply = 7;
  chan_recv(c, &token);
  wg_done(&finished);
}

int main(void) {
  chan_t *c = CHAN(int, 1);
  int token = 1;
  wg_add(&finished, 1);
  go(receiver, c);
  chan_send(c, &token);
  printf("reply = %d\n", reply);
  wg_wait(&finished);
  return 0;
}
