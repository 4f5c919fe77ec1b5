/*
 * An atomic access and a plain access to the same variable race: being
 * atomic on one side is not enough.
 *
 * ThreadSanitizer (with the runtime built under it too) misses this race:
 * it takes the runtime's own internal synchronisation -- its locks, and
 * goroutines reusing pooled threads -- for ordering that the Go memory
 * model does not promise.
 */
// expect: race hits (lines 20, 26)
#include <racelens/go.h>
#include <stdio.h>

static long hits;
static waitgroup_t wg;

static void counter(void *arg) {
  (void)arg;
  for (int i = 0; i < 100; i++)
    __atomic_fetch_add(&hits, 1, __ATOMIC_SEQ_CST);
  wg_done(&wg);
}

static void resetter(void *arg) {
  (void)arg;
  hits = 0;
  wg_done(&wg);
}

int main(void) {
  wg_add(&wg, 2);
  go(counter, NULL);
  go(resetter, NULL);
  wg_wait(&wg);
  printf("hits = %ld\n", hits);
  return 0;
}
