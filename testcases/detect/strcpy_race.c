/*
 * strcpy reads its source and writes its destination inside libc, where
 * no instrumentation reaches: a goroutine copying a name in while main
 * copies it out is still a race on the name, reported at the two strcpy
 * lines.
 */
// expect: race name (lines 19, 26)
// expect-stderr: in strcpy at strcpy_race.c:19:
// expect-stderr: in strcpy at strcpy_race.c:26:
#include <racelens/go.h>
#include <stdio.h>
#include <string.h>

static char name[32];
static char copy[32];
static waitgroup_t wg;

static void namer(void *arg) {
  strcpy(name, (const char *)arg);
  wg_done(&wg);
}

int main(int argc, char **argv) {
  wg_add(&wg, 1);
  go(namer, argc > 1 ? argv[1] : "gopher");
  strcpy(copy, name); /* too early: wg_wait comes after */
  wg_wait(&wg);
  printf("%zu\n", strlen(copy) <= strlen(name) ? (size_t)1 : (size_t)0);
  return 0;
}
