/*
 * A flag handed over under a C11 mutex, the waiter in cnd_wait and
 * cnd_timedwait: the wait's return re-locks the mutex, so the producer's
 * writes before its unlock are visible.
 */
// expect: no race
#include <stdio.h>
#include <threads.h>
#include <time.h>

static int ready;
static long payload[2];
static mtx_t mu;
static cnd_t cv;

static int producer(void *arg) {
  (void)arg;
  payload[0] = 1;
  payload[1] = 2;
  mtx_lock(&mu);
  ready = 1;
  cnd_broadcast(&cv);
  mtx_unlock(&mu);
  return 0;
}

static int timed_consumer(void *arg) {
  long *out = arg;
  mtx_lock(&mu);
  while (!ready) {
    struct timespec d;
    timespec_get(&d, TIME_UTC);
    d.tv_sec += 1;
    cnd_timedwait(&cv, &mu, &d);
  }
  mtx_unlock(&mu);
  *out = payload[1];
  return 0;
}

int main(void) {
  thrd_t p, c;
  long seen = 0;
  mtx_init(&mu, mtx_plain);
  cnd_init(&cv);
  thrd_create(&c, timed_consumer, &seen);
  thrd_create(&p, producer, NULL);
  mtx_lock(&mu);
  while (!ready)
    cnd_wait(&cv, &mu);
  mtx_unlock(&mu);
  printf("payload = %ld\n", payload[0]);
  thrd_join(p, NULL);
  thrd_join(c, NULL);
  printf("consumer saw %ld\n", seen);
  cnd_destroy(&cv);
  mtx_destroy(&mu);
  return 0;
}
