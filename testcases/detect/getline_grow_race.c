/*
 * getline grows the caller's buffer when a line does not fit, and a grown
 * buffer may move: libc frees the old block and hands back a new one.  A
 * goroutine reading a long line into a small buffer frees the block that
 * main still reads through the pointer it kept.  The race is on the old
 * block, freed at the getline line; the new one was allocated there.
 * (The relaxed flag only makes main read after the free, so that the
 * report has to name a block that is gone; it orders nothing.)
 */
// expect: race *old (lines 27, 44)
// expect-stderr: heap block of 8 bytes allocated at getline_grow_race.c:36 by G1, freed at getline_grow_race.c:27 by G2 (`*old`)
// expect-stderr: Previous write of 8 bytes by G2 (reader) in getline at getline_grow_race.c:27:
#include <racelens/go.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

static char *line;
static size_t cap = 8;
static FILE *in;
static atomic_int grown;
static waitgroup_t wg;

static void reader(void *arg) {
  (void)arg;
  ssize_t n;
  n = getline(&line, &cap, in);
  (void)n;
  atomic_store_explicit(&grown, 1, memory_order_relaxed);
  wg_done(&wg);
}

int main(void) {
  static char text[] = "a line longer than eight bytes\n";
  in = fmemopen(text, sizeof text - 1, "r");
  line = calloc(1, cap);
  if (!in || !line)
    return 1;
  char *old = line; /* kept: getline may move the buffer */
  wg_add(&wg, 1);
  go(reader, NULL);
  while (!atomic_load_explicit(&grown, memory_order_relaxed))
    go_yield();
  char first = old[0]; /* after the free inside getline: a race with it */
  wg_wait(&wg);
  printf("%d %s", first != 0, line);
  free(line);
  fclose(in);
  return 0;
}
