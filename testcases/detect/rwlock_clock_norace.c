/*
 * Four writers under pthread_rwlock_clockwrlock, two readers under
 * pthread_rwlock_clockrdlock: a write unlock orders the next lock of
 * either kind, a read unlock the next write lock, however the lock was
 * taken.  (The deadlines are far away: every lock succeeds.)
 */
// expect: no race
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <time.h>

static long d;
static long seen;
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;

static struct timespec deadline(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  t.tv_sec += 30;
  return t;
}

static void *writer(void *arg) {
  (void)arg;
  for (int i = 0; i < 50; i++) {
    struct timespec t = deadline();
    if (pthread_rwlock_clockwrlock(&rw, CLOCK_MONOTONIC, &t) != 0)
      return NULL;
    d++;
    pthread_rwlock_unlock(&rw);
  }
  return NULL;
}

static void *reader(void *arg) {
  (void)arg;
  long sum = 0;
  for (int i = 0; i < 50; i++) {
    struct timespec t = deadline();
    if (pthread_rwlock_clockrdlock(&rw, CLOCK_MONOTONIC, &t) != 0)
      return NULL;
    sum += d;
    pthread_rwlock_unlock(&rw);
  }
  /* Reading was enough under a read lock; writing takes the write lock. */
  struct timespec t = deadline();
  if (pthread_rwlock_clockwrlock(&rw, CLOCK_MONOTONIC, &t) == 0) {
    seen += sum > 0;
    pthread_rwlock_unlock(&rw);
  }
  return NULL;
}

int main(void) {
  pthread_t t[6];
  for (int i = 0; i < 4; i++)
    pthread_create(&t[i], NULL, writer, NULL);
  for (int i = 4; i < 6; i++)
    pthread_create(&t[i], NULL, reader, NULL);
  for (int i = 0; i < 6; i++)
    pthread_join(t[i], NULL);
  printf("d = %ld\n", d);
  return 0;
}
