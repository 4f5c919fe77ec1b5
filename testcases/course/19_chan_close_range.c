/*
 * 19 -- close, and receive until the channel is closed.
 *
 * Closing a channel tells receivers "no more values will come".  They
 * still get every value that was sent before the close; after that,
 * chan_recv returns false (and a zero value) at once, forever.  A loop
 * `while (chan_recv(c, &v))` is C's version of Go's `for v := range c`.
 * Only the sender should close: a send on a closed channel panics (30).
 */
// expect: no race
// expect-stdout: 19_chan_close_range.out
#include <racelens/go.h>
#include <stdio.h>

static void producer(void *arg) {
  chan_t *out = arg;
  for (int v = 1; v <= 5; v++)
    chan_send(out, &v);
  chan_close(out);
}

int main(void) {
  chan_t *values = CHAN(int, 2);
  go(producer, values);
  int v, count = 0;
  while (chan_recv(values, &v)) {
    printf("got %d\n", v);
    count++;
  }
  bool ok = chan_recv(values, &v);
  printf("closed after %d values; another receive: ok=%d value=%d\n", count, ok,
         v);
  return 0;
}
