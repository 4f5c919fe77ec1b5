/*
 * A block from memalign is a heap block like any other: freeing it while
 * a thread may still use it, with no join in between, is a race (free is
 * a write of the whole block), reported with the memalign line.
 */
// expect: race p->hits (lines 23, 35)
// expect-stderr: heap block of 64 bytes allocated at
// expect-stderr: allocated at heap_memalign_free_race.c:28 by G1
#include <malloc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

struct session {
  long id;
  long hits;
  char pad[48];
};

static void *touch(void *arg) {
  struct session *p = arg;
  p->hits++;
  return NULL;
}

int main(void) {
  struct session *s = memalign(64, sizeof *s);
  if (!s)
    return 1;
  s->hits = 0;
  pthread_t t;
  pthread_create(&t, NULL, touch, s);
  usleep(20000);
  free(s);
  pthread_join(t, NULL);
  printf("freed\n");
  return 0;
}
