/*
 * 29 -- misuse: a send that nobody will ever receive.
 *
 * On an unbuffered channel a send waits for a receiver.  Here main is the
 * only goroutine and it is the one sending, so it waits forever.  When
 * every goroutine is blocked on a channel, lock or WaitGroup, the runtime
 * knows nothing can ever wake them and stops the program with Go's
 * message, saying what each goroutine waits on, and exit status 2.
 * Fix: receive in another goroutine, or give the channel a buffer.
 */
// expect: no race
// expect-exit: 2
// expect-stderr: fatal error: all goroutines are asleep - deadlock!
#include <racelens/go.h>
#include <stdio.h>

int main(void) {
  chan_t *c = CHAN(int, 0);
  int v = 1;
  printf("sending with no receiver...\n");
  fflush(stdout);
  chan_send(c, &v);
  printf("never printed\n");
  return 0;
}
