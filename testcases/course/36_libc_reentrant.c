/*
 * 36 -- the fix for 35: the reentrant variant, which writes where you say.
 *
 * localtime_r takes the struct tm to fill: each goroutine passes one of
 * its own, so nothing is shared and nothing needs a lock.  The same holds
 * for gmtime_r, ctime_r, asctime_r and strtok_r: the _r functions keep
 * their state in memory the caller owns.
 */
// expect: no race
// expect-stdout: 36_libc_reentrant.out
#include <racelens/go.h>
#include <stdio.h>
#include <time.h>

static int hours[2];
static waitgroup_t wg;

static void hour_of(void *arg) {
  long id = (long)arg;
  time_t t = 1700000000 + id * 3 * 3600; /* three hours apart */
  struct tm mine;
  gmtime_r(&t, &mine); /* our own struct tm */
  hours[id] = mine.tm_hour;
  wg_done(&wg);
}

int main(void) {
  wg_add(&wg, 2);
  go(hour_of, (void *)0);
  go(hour_of, (void *)1);
  wg_wait(&wg);
  printf("hours: %d %d\n", hours[0], hours[1]);
  return 0;
}
