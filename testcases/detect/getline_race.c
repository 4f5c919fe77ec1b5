/*
 * getline writes the line it reads into the caller's buffer, inside libc.
 * A goroutine reading a line into the buffer while main looks at it races
 * on the buffer, though no line of the program stores into it.
 */
// expect: race *buf (lines 21, 35)
// expect-stderr: heap block of 64 bytes allocated at getline_race.c:29 by G1
// expect-stderr: in getline at getline_race.c:21:
#include <racelens/go.h>
#include <stdio.h>
#include <stdlib.h>

static char *line;
static size_t cap = 64;
static FILE *in;
static waitgroup_t wg;

static void reader(void *arg) {
  (void)arg;
  ssize_t n;
  n = getline(&line, &cap, in);
  (void)n;
  wg_done(&wg);
}

int main(void) {
  static char text[] = "hello, gopher\n";
  in = fmemopen(text, sizeof text - 1, "r");
  line = calloc(1, cap);
  if (!in || !line)
    return 1;
  char *buf = line; /* main's own copy of the pointer: the block races */
  wg_add(&wg, 1);
  go(reader, NULL);
  char first = buf[0]; /* too early: wg_wait comes after */
  wg_wait(&wg);
  printf("%s", first ? "early\n" : line);
  free(line);
  fclose(in);
  return 0;
}
