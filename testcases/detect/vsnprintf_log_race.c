/*
 * A helper that keeps the last message in one shared buffer is fine with
 * one goroutine and a race with two: both vsnprintf into `last` through
 * the va_list they were handed, and nothing orders the two writes.  main
 * reads it after wg_wait, which orders that read after both.
 */
// expect: race last (lines 19, 19)
#include <racelens/go.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static char last[128];
static waitgroup_t wg;

static void note(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(last, sizeof last, fmt, ap);
  va_end(ap);
}

static void worker(void *arg) {
  long id = (long)arg;
  for (int i = 0; i < 3; i++)
    note("worker %ld: item %d", id, i);
  wg_done(&wg);
}

int main(void) {
  wg_add(&wg, 2);
  go(worker, (void *)1);
  go(worker, (void *)2);
  wg_wait(&wg);
  printf("%s\n", strncmp(last, "worker ", 7) == 0 ? "ok" : last);
  return 0;
}
