/*
 * A counter under a C11 mutex: mtx_unlock orders the next mtx_lock,
 * mtx_trylock and mtx_timedlock that get the lock.
 */
// expect: no race
#include <stdio.h>
#include <threads.h>
#include <time.h>

static long counter;
static mtx_t mu;

static int worker(void *arg) {
  int how = *(int *)arg;
  for (int i = 0; i < 100; i++) {
    if (how == 0) {
      mtx_lock(&mu);
    } else if (how == 1) {
      while (mtx_trylock(&mu) != thrd_success)
        thrd_yield();
    } else {
      struct timespec d;
      timespec_get(&d, TIME_UTC);
      d.tv_sec += 30;
      if (mtx_timedlock(&mu, &d) != thrd_success)
        return 1;
    }
    counter++;
    mtx_unlock(&mu);
  }
  return 0;
}

int main(void) {
  static int how[4] = {0, 0, 1, 2};
  thrd_t t[4];
  if (mtx_init(&mu, mtx_timed) != thrd_success)
    return 1;
  for (int i = 0; i < 4; i++)
    thrd_create(&t[i], worker, &how[i]);
  for (int i = 0; i < 4; i++)
    thrd_join(t[i], NULL);
  mtx_destroy(&mu);
  printf("counter = %ld\n", counter);
  return 0;
}
