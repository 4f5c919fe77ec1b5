/*
 * sscanf stores what it parses through the pointers it is given, inside
 * libc: a goroutine loading the settings while main already uses the port
 * races on `port`, and no line of the program assigns it.
 */
// expect: race port (lines 17, 25)
#include <racelens/go.h>
#include <stdio.h>

static char host[32];
static int port;
static waitgroup_t wg;

static void load(void *arg) {
  const char *line = arg;
  sleep_ms(20); /* orders nothing */
  if (sscanf(line, "%31[^:]:%d", host, &port) != 2)
    port = -1;
  wg_done(&wg);
}

int main(void) {
  wg_add(&wg, 1);
  go(load, "example.org:8080");
  int p = port; /* too early: wg_wait comes after */
  wg_wait(&wg);
  printf("%s %d\n", host, p == 0 || p == 8080);
  return 0;
}
