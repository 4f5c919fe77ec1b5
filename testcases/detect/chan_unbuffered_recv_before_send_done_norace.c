/*
 * Unbuffered channels order the other way too: the receive happens before
 * the send completes.  The receiver's write before chan_recv is visible
 * to the sender after chan_send returns.
 */
// expect: no race
#include <racelens/go.h>
#include <stdio.h>

static int reply;

static void receiver(void *arg) {
  chan_t *c = arg;
  int token;
  reply = 7;
  chan_recv(c, &token);
}

int main(void) {
  chan_t *c = CHAN(int, 0);
  int token = 1;
  go(receiver, c);
  chan_send(c, &token);
  printf("reply = %d\n", reply);
  return 0;
}
