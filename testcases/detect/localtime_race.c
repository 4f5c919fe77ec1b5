/*
 * "localtime is not thread-safe" means this: every call returns the same
 * struct tm inside libc and overwrites it.  Two goroutines formatting
 * their own times both write it, and each may copy out the other's hours.
 * The fix is localtime_r with a struct tm of your own
 * (localtime_r_norace.c).
 */
// expect: race localtime (lines 20, 20)
#include <racelens/go.h>
#include <stdio.h>
#include <time.h>

static int hours[2];
static waitgroup_t wg;

static void stamp(void *arg) {
  long id = (long)arg;
  time_t t = 1700000000 + id * 3600;
  struct tm copy;
  copy = *localtime(&t);
  hours[id] = copy.tm_hour;
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
