/*
 * 30 -- misuse: sending on a closed channel.
 *
 * Close means "no more values"; a send after it is a bug in the program's
 * logic, and the runtime panics rather than lose the value silently.  The
 * panic names the operation and the line, and the exit status is 2.
 * Only the sending side should close, after its last send.
 */
// expect: no race
// expect-exit: 2
// expect-stderr: panic: send on closed channel
// expect-stderr: 30_misuse_send_on_closed.c:19
#include <racelens/go.h>

int main(void) {
  chan_t *c = CHAN(int, 1);
  int v = 1;
  chan_close(c);
  chan_send(c, &v);
  return 0;
}
