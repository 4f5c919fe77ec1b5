/*
 * memcpy reads its source: a goroutine filling a buffer while main copies
 * out of it is a race on the source, reported as the copy's read.
 */
// expect: race src (lines 16, 23)
#include <racelens/go.h>
#include <stdio.h>
#include <string.h>

static char src[32];
static char dst[32];
static waitgroup_t wg;

static void filler(void *arg) {
  (void)arg;
  memset(src, 'x', sizeof src - 1);
  wg_done(&wg);
}

int main(void) {
  wg_add(&wg, 1);
  go(filler, NULL);
  memcpy(dst, src, sizeof dst);
  wg_wait(&wg);
  printf("%zu\n", strlen(dst) <= 31 ? (size_t)1 : (size_t)0);
  return 0;
}
