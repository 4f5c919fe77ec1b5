/*
 * free is a write of the whole block: freeing memory another goroutine
 * still uses, with nothing ordering the two, is a race (and, a moment
 * later, a use after free).
 */
// expect: race p->hits (lines 21, 30)
// expect-stderr: heap block of 8 bytes allocated at free_vs_use_race.c:26 by G1
#include <racelens/go.h>
#include <stdio.h>
#include <stdlib.h>

struct session {
  int id;
  int hits;
};

static waitgroup_t wg;

static void touch(void *arg) {
  struct session *p = arg;
  p->hits++;
  wg_done(&wg);
}

int main(void) {
  struct session *s = calloc(1, sizeof *s);
  wg_add(&wg, 1);
  go(touch, s);
  sleep_ms(20);
  free(s);
  wg_wait(&wg);
  printf("freed\n");
  return 0;
}
