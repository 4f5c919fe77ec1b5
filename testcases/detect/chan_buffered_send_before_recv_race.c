/*
 * Filling the slot after sending its index races with the consumer.
 */
// expect: race items[i] (lines 15, 27)
#include <racelens/go.h>
#include <stdio.h>

static int items[5];
static waitgroup_t finished;

static void producer(void *arg) {
  chan_t *c = arg;
  for (int i = 0; i < 5; i++) {
    chan_send(c, &i);
    items[i] = i * 10;
  }
  wg_done(&finished);
}

int main(void) {
  chan_t *c = CHAN(int, 5);
  int i, sum = 0;
  wg_add(&finished, 1);
  go(producer, c);
  for (int k = 0; k < 5; k++) {
    chan_recv(c, &i);
    sum += items[i];
  }
  wg_wait(&finished);
  printf("sum = %d\n", sum);
  return 0;
}
