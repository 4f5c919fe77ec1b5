/*
 * 16 -- a buffered channel with capacity 3.
 *
 * A buffered channel is a queue: sends do not wait while there is room,
 * so main can put three values in with nobody receiving yet (on an
 * unbuffered channel the first send would wait forever).  A fourth send
 * would block until a receive makes room.  Values come out in the order
 * they went in.  chan_len tells how many are waiting, chan_cap the room.
 */
// expect: no race
// expect-stdout: 16_chan_buffered.out
#include <racelens/go.h>
#include <stdio.h>

int main(void) {
  chan_t *queue = CHAN(int, 3);
  for (int v = 1; v <= 3; v++) {
    chan_send(queue, &v);
    printf("sent %d: len %zu cap %zu\n", v, chan_len(queue), chan_cap(queue));
  }
  int v;
  while (chan_len(queue) > 0) {
    chan_recv(queue, &v);
    printf("received %d: len %zu\n", v, chan_len(queue));
  }
  return 0;
}
