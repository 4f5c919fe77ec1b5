/*
 * Two fields in one machine word, written one after the other, are checked
 * by one call (the plugin merges adjacent accesses); a race on the second
 * must still be reported on that field and its line, and the first field,
 * which nobody else touches, must not race.
 */
// expect: race pr.hi (lines 21, 28)
#include <racelens/go.h>
#include <stdio.h>

struct pair {
  int lo;
  int hi;
};

static struct pair pr;
static waitgroup_t wg;

static void other(void *arg) {
  (void)arg;
  pr.hi = 7;
  wg_done(&wg);
}

int main(void) {
  wg_add(&wg, 1);
  go(other, NULL);
  pr.hi = 2;
  pr.lo = 1;
  wg_wait(&wg);
  printf("%d %d\n", pr.lo, pr.hi);
  return 0;
}
