/*
 * A select that sends on an unbuffered channel: the receive happens
 * before the send completes, so main's read before its receive is
 * ordered before the write below -- but main's read after the receive
 * is not.
 */
// expect: race payload (lines 19, 29)
#include <racelens/go.h>
#include <stdio.h>

static int payload;
static waitgroup_t finished;

static void sender(void *arg) {
  chan_t *c = arg;
  int v = 1;
  select_case_t cases[] = {SEND(c, &v)};
  chan_select(1, cases, false);
  payload = 5;
  wg_done(&finished);
}

int main(void) {
  chan_t *c = CHAN(int, 0);
  int v;
  wg_add(&finished, 1);
  go(sender, c);
  chan_recv(c, &v);
  printf("payload = %d\n", payload);
  wg_wait(&finished);
  return 0;
}
