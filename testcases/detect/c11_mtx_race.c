/*
 * One thread increments under the C11 mutex, the other without it: a lock
 * only orders the threads that take it.
 */
// expect: race counter (lines 16, 25)
#include <stdio.h>
#include <threads.h>

static long counter;
static mtx_t mu;

static int careful(void *arg) {
  (void)arg;
  for (int i = 0; i < 100; i++) {
    mtx_lock(&mu);
    counter++;
    mtx_unlock(&mu);
  }
  return 0;
}

static int careless(void *arg) {
  (void)arg;
  for (int i = 0; i < 100; i++)
    counter++;
  return 0;
}

int main(void) {
  thrd_t a, b;
  mtx_init(&mu, mtx_plain);
  thrd_create(&a, careful, NULL);
  thrd_create(&b, careless, NULL);
  thrd_join(a, NULL);
  thrd_join(b, NULL);
  mtx_destroy(&mu);
  printf("counter = %ld\n", counter);
  return 0;
}
