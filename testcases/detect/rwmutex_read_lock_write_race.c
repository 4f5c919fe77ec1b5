/*
 * A read lock does not order readers among themselves: two goroutines
 * writing under rlock race (read unlock orders only the next write lock).
 *
 * ThreadSanitizer (with the runtime built under it too) misses this race:
 * it takes the runtime's own internal synchronisation -- its locks, and
 * goroutines reusing pooled threads -- for ordering that the Go memory
 * model does not promise.
 */
// expect: race hits (lines 22, 22)
#include <racelens/go.h>
#include <stdio.h>

static int hits;
static rwmutex_t rw;
static waitgroup_t wg;

static void visitor(void *arg) {
  (void)arg;
  for (int i = 0; i < 50; i++) {
    rwmutex_rlock(&rw);
    hits++;
    rwmutex_runlock(&rw);
  }
  wg_done(&wg);
}

int main(void) {
  wg_add(&wg, 2);
  go(visitor, NULL);
  go(visitor, NULL);
  wg_wait(&wg);
  printf("hits = %d\n", hits);
  return 0;
}
