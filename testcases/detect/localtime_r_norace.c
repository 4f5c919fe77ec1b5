/*
 * localtime_r writes the struct tm it is given: each goroutine passes its
 * own, and nothing is shared (compare localtime_race.c).
 */
// expect: no race
// expect-stdout-lines: ^1$
#include <racelens/go.h>
#include <stdio.h>
#include <time.h>

static int hours[2];
static waitgroup_t wg;

static void stamp(void *arg) {
  long id = (long)arg;
  time_t t = 1700000000 + id * 3600;
  struct tm mine;
  localtime_r(&t, &mine);
  hours[id] = mine.tm_hour;
  wg_done(&wg);
}

int main(void) {
  wg_add(&wg, 2);
  go(stamp, (void *)0);
  go(stamp, (void *)1);
  wg_wait(&wg);
  printf("%d\n", (hours[1] - hours[0] + 24) % 24);
  return 0;
}
