/*
 * The shared memory is main's local struct, reachable from the goroutine
 * only through the pointer passed to `go`: main's later update of the
 * struct races with the goroutine's read through the pointer.
 *
 * ThreadSanitizer (with the runtime built under it too) misses this race:
 * it takes the runtime's own internal synchronisation -- its locks, and
 * goroutines reusing pooled threads -- for ordering that the Go memory
 * model does not promise.
 */
// expect: race p->count (lines 25, 33)
// expect-stderr: local `j.count` of `main` (pointer_to_goroutine_race.c:30)
#include <racelens/go.h>
#include <stdio.h>

struct job {
  int id;
  int count;
};

static waitgroup_t wg;

static void report(void *arg) {
  struct job *p = arg;
  printf("job %d: count %d\n", p->id, p->count);
  wg_done(&wg);
}

int main(void) {
  struct job j = {.id = 7, .count = 1};
  wg_add(&wg, 1);
  go(report, &j);
  j.count = 2;
  wg_wait(&wg);
  return 0;
}
