/*
 * 35 -- "not thread-safe": a function that keeps its result in one place
 * for the whole program.
 *
 * localtime returns a pointer to a struct tm that lives inside libc, and
 * every call, from any goroutine, overwrites that same struct.  Two
 * goroutines turning their own times into hours both write it: one may
 * copy out the other's hour.  No line of this program writes the struct; the
 * race is in the call, and racelens reports it on libc's struct, naming
 * the function to use instead (36 uses it).  Its man page says the same
 * in one line: "not thread-safe".
 */
// expect: race localtime (lines 26, 26)
// expect-stderr: the struct tm that `localtime` and `gmtime` return
// expect-stdout-lines: ^hours: [0-9]+ [0-9]+$
#include <racelens/go.h>
#include <stdio.h>
#include <time.h>

static int hours[2];
static waitgroup_t wg;

static void hour_of(void *arg) {
  long id = (long)arg;
  time_t t = 1700000000 + id * 3 * 3600; /* three hours apart */
  struct tm now = *localtime(&t); /* a copy of libc's one struct tm */
  hours[id] = now.tm_hour;
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
