/*
 * memcpy and memset are accesses like any other: a goroutine copying into
 * a buffer races with main clearing it.
 */
// expect: race buf (lines 16, 23)
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
  memset(buf, 0, sizeof buf);
  wg_wait(&wg);
  printf("%s\n", buf);
  return 0;
}
