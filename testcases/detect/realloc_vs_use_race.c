/*
 * realloc may move the block: it reads the old block, frees it and writes
 * a new one.  A goroutine still reading the old block races with it.
 */
// expect: race *buf (lines 14, 23)
#include <racelens/go.h>
#include <stdio.h>
#include <stdlib.h>

static waitgroup_t wg;

static void reader(void *arg) {
  int *buf = arg;
  printf("first = %d\n", buf[0]);
  wg_done(&wg);
}

int main(void) {
  int *buf = calloc(4, sizeof *buf);
  wg_add(&wg, 1);
  go(reader, buf);
  sleep_ms(20);
  int *bigger = realloc(buf, 1 << 20);
  wg_wait(&wg);
  printf("grown: %d\n", bigger != NULL);
  free(bigger);
  return 0;
}
