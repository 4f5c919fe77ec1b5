/*
 * Writing after the send is not ordered before the receiver's read: the
 * receive only sees what happened before the send.
 */
// expect: race message (lines 16, 26)
#include <racelens/go.h>
#include <stdio.h>

static int message;
static waitgroup_t finished;

static void sender(void *arg) {
  chan_t *c = arg;
  int token = 1;
  chan_send(c, &token);
  message = 99;
  wg_done(&finished);
}

int main(void) {
  chan_t *c = CHAN(int, 0);
  int token;
  wg_add(&finished, 1);
  go(sender, c);
  chan_recv(c, &token);
  printf("message = %d\n", message);
  wg_wait(&finished);
  return 0;
}
