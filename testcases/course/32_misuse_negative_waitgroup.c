/*
 * 32 -- misuse: more wg_done calls than wg_add said.
 *
 * The WaitGroup counter must never go below zero: that would mean a
 * goroutine reported finishing work that was never counted, and wg_wait
 * could return too early.  The runtime panics on the extra wg_done.
 */
// expect: no race
// expect-exit: 2
// expect-stderr: panic: sync: negative WaitGroup counter
// expect-stderr: 32_misuse_negative_waitgroup.c:18
#include <racelens/go.h>

int main(void) {
  waitgroup_t wg = WAITGROUP_INIT;
  wg_add(&wg, 1);
  wg_done(&wg);
  wg_done(&wg);
  return 0;
}
