/*
 * Buffered channel: each send happens before the receive that gets its
 * value, so the producer may fill a slot and hand over its index.
 */
// expect: no race
#include <racelens/go.h>
#include <stdio.h>

static int items[5];

static void producer(void *arg) {
  chan_t *c = arg;
  for (int i = 0; i < 5; i++) {
    items[i] = i * 10;
    chan_send(c, &i);
  }
  chan_close(c);
}

int main(void) {
  chan_t *c = CHAN(int, 3);
  int i, sum = 0;
  go(producer, c);
  while (chan_recv(c, &i))
    sum += items[i];
  printf("sum = %d\n", sum);
  return 0;
}
