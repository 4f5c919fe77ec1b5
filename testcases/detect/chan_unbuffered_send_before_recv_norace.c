/*
 * A send happens before the receive that gets it: what the sender wrote
 * before chan_send is visible after chan_recv.
 */
// expect: no race
#include <racelens/go.h>
#include <stdio.h>

static int message;

static void sender(void *arg) {
  chan_t *c = arg;
  int token = 1;
  message = 99;
  chan_send(c, &token);
}

int main(void) {
  chan_t *c = CHAN(int, 0);
  int token;
  go(sender, c);
  chan_recv(c, &token);
  printf("message = %d\n", message);
  return 0;
}
