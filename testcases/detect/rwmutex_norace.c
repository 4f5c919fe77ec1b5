/*
 * RWMutex: readers under rlock may read together; the writer's unlock
 * orders its write before every later rlock and lock.
 */
// expect: no race
#include <racelens/go.h>
#include <stdio.h>

static int table[8];
static rwmutex_t rw;
static waitgroup_t wg;

static void writer(void *arg) {
  (void)arg;
  for (int i = 0; i < 8; i++) {
    rwmutex_lock(&rw);
    table[i] = i + 1;
    rwmutex_unlock(&rw);
  }
  wg_done(&wg);
}

static void reader(void *arg) {
  (void)arg;
  int sum = 0;
  for (int round = 0; round < 20; round++) {
    rwmutex_rlock(&rw);
    for (int i = 0; i < 8; i++)
      sum += table[i];
    rwmutex_runlock(&rw);
  }
  printf("sum = %d\n", sum > 0);
  wg_done(&wg);
}

int main(void) {
  wg_add(&wg, 3);
  go(writer, NULL);
  go(reader, NULL);
  go(reader, NULL);
  wg_wait(&wg);
  return 0;
}
