/*
 * The same copy ordered by a WaitGroup: memcpy's writes happen before
 * wg_wait returns, so clearing the buffer afterwards is fine.
 */
// expect: no race
#include <racelens/go.h>
#include <stdio.h>
#include <string.h>

static char buf[64];
static const char greeting[64] = "hello from a goroutine";
static waitgroup_t wg;

static void writer(void *arg) {
  (void)arg;
  memcpy(buf, greeting, sizeof buf);
  wg_done(&wg);
}

int main(void) {
  wg_add(&wg, 1);
  go(writer, NULL);
  wg_wait(&wg);
  printf("%s\n", buf);
  memset(buf, 0, sizeof buf);
  return 0;
}
