/*
 * One goroutine writes both halves of a word at two lines with no
 * synchronisation in between, then reads both halves of another the same
 * way; a second goroutine writes the first half of each.  The races are on
 * the halves written and read first, and the report must name those
 * lines, not the later ones that touched the other halves of the words.
 */
// expect: race wp.hi (lines 25, 33)
// expect: race rp.hi (lines 26, 36)
#include <racelens/go.h>
#include <stdio.h>
#include <unistd.h>

struct pair {
  int lo;
  int hi;
};

struct pair wp, rp; /* global: the calls between may touch them */
static waitgroup_t wg;

static void other(void *arg) {
  (void)arg;
  sleep_ms(20);
  wp.hi = 7;
  rp.hi = 8;
  wg_done(&wg);
}

int main(void) {
  wg_add(&wg, 1);
  go(other, NULL);
  wp.hi = 2;
  int k = getpid() & 1;
  wp.lo = k;
  int a = rp.hi;
  int b = getpid() & 1;
  int c = rp.lo;
  wg_wait(&wg);
  printf("%d %d %d\n", wp.lo + wp.hi, a + b + c, rp.hi);
  return 0;
}
