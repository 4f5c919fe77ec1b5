/*
 * A select behaves as the case it ran: a received value orders the
 * sender's earlier writes before the code after the select.
 */
// expect: no race
#include <racelens/go.h>
#include <stdio.h>

static int payload;

static void sender(void *arg) {
  chan_t *c = arg;
  int v = 1;
  payload = 5;
  chan_send(c, &v);
}

int main(void) {
  chan_t *data = CHAN(int, 0), *quit = CHAN(int, 0);
  int v = 0;
  go(sender, data);
  select_case_t cases[] = {RECV(data, &v), RECV(quit, &v)};
  int which = chan_select(2, cases, false);
  printf("case %d payload %d\n", which, payload);
  return 0;
}
