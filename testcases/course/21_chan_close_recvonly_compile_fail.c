/*
 * 21 -- closing a receive-only view does not compile.
 *
 * Closing is the sender's way to say "no more values".  A receiver that
 * closed the channel would make the sender's next send panic, so Go
 * rejects close on a receive-only channel at compile time, and so does
 * racelens: chan_close accepts a chan_t * or a chan_sendonly_t, never a
 * chan_recvonly_t.  This test passes when the compiler refuses it.
 */
// expect-compile-fail: passing 'chan_recvonly_t'
#include <racelens/go.h>

static void drain(chan_recvonly_t in) {
  int v;
  while (chan_recv(in, &v))
    ;
  chan_close(in); /* error: a receiver must not close */
}

int main(void) {
  chan_t *c = CHAN(int, 1);
  chan_close(c);
  drain(chan_recvonly(c));
  return 0;
}
