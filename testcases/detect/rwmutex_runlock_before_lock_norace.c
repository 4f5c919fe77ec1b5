/*
 * runlock -> the next write lock: a writer sees everything readers did
 * under their read lock, and readers see the writer's earlier writes.
 */
// expect: no race
#include <racelens/go.h>
#include <stdio.h>

static int seen[2];
static int value;
static rwmutex_t rw;
static waitgroup_t wg;

static void reader(void *arg) {
  int me = (int)(intptr_t)arg;
  rwmutex_rlock(&rw);
  seen[me] = value;
  rwmutex_runlock(&rw);
  wg_done(&wg);
}

int main(void) {
  value = 1;
  wg_add(&wg, 2);
  go(reader, (void *)0);
  go(reader, (void *)1);
  sleep_ms(20); /* orders nothing: only the lock below does */
  rwmutex_lock(&rw);
  value = 2;
  rwmutex_unlock(&rw);
  wg_wait(&wg);
  printf("%d %d\n", seen[0], seen[1]);
  return 0;
}
