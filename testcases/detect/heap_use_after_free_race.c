/*
 * A goroutine frees a block while main still holds a pointer to it, and
 * main reads through the pointer later.  Nothing orders the free before
 * the read, so the two race -- and the read is a use after free.  The
 * block is gone by the time the race is found; the report still says
 * which block it was, where it was allocated and where it was freed.
 * (The relaxed flag only makes main read after the free; it orders
 * nothing.)
 */
// expect: race s->hits (lines 26, 37)
// expect-stderr: heap block of 8 bytes allocated at heap_use_after_free_race.c:31 by G1, freed at heap_use_after_free_race.c:26 by G2 (`s->hits`)
#include <racelens/go.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

struct session {
  int id;
  int hits;
};

static atomic_int closed;

static void close_session(void *arg) {
  struct session *s = arg;
  free(s);
  atomic_store_explicit(&closed, 1, memory_order_relaxed);
}

int main(void) {
  struct session *s = calloc(1, sizeof *s);
  if (!s)
    return 1;
  go(close_session, s);
  while (!atomic_load_explicit(&closed, memory_order_relaxed))
    go_yield();
  s->hits++; /* too late: the session is gone */
  printf("closed\n");
  return 0;
}
