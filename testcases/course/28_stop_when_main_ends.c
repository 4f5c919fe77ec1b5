/*
 * 28 -- stopping a goroutine, way 3: let it run until main ends.
 *
 * A background goroutine with an endless loop is fine if it may be cut
 * off at any point: when main returns, the program ends.  The danger is
 * that it stops silently, mid-step; racelens lists it at exit as still
 * running so that this is a choice, not a surprise.  The heartbeat count
 * is atomic because main reads it while the goroutine is still running.
 */
// expect: no race
// expect-stdout-lines: ^main: done after [0-9]+ heartbeats$
// expect-stderr: still running at exit
// expect-stderr: (heartbeat)
#include <racelens/go.h>
#include <stdatomic.h>
#include <stdio.h>

static atomic_int beats;

static void heartbeat(void *arg) {
  (void)arg;
  for (;;) {
    atomic_fetch_add(&beats, 1);
    sleep_ms(1);
  }
}

int main(void) {
  go(heartbeat, NULL);
  sleep_ms(10);
  printf("main: done after %d heartbeats\n", atomic_load(&beats));
  return 0;
}
