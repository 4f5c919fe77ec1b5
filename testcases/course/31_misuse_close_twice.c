/*
 * 31 -- misuse: closing a channel twice.
 *
 * A second close would tell receivers "no more values" again, which means
 * two parts of the program each think they own the channel's end.  The
 * runtime panics at the second close, with its line, exit status 2.
 */
// expect: no race
// expect-exit: 2
// expect-stderr: panic: close of closed channel
// expect-stderr: 31_misuse_close_twice.c:17
#include <racelens/go.h>

int main(void) {
  chan_t *c = CHAN(int, 0);
  chan_close(c);
  chan_close(c);
  return 0;
}
