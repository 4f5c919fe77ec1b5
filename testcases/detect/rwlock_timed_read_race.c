/*
 * Updating under pthread_rwlock_clockrdlock and pthread_rwlock_timedrdlock:
 * read locks do not order the readers among themselves, however they were
 * taken.
 */
// expect: race value (lines 24, 24)
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <time.h>

static int value;
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;

static void *updater(void *arg) {
  for (int i = 0; i < 50; i++) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    t.tv_sec += 30;
    int r = arg ? pthread_rwlock_clockrdlock(&rw, CLOCK_MONOTONIC, &t)
                : pthread_rwlock_rdlock(&rw);
    if (r != 0)
      return NULL;
    value++;
    pthread_rwlock_unlock(&rw);
  }
  return NULL;
}

int main(void) {
  pthread_t t[2];
  pthread_create(&t[0], NULL, updater, NULL);
  pthread_create(&t[1], NULL, updater, &rw);
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], NULL);
  printf("value = %d\n", value);
  return 0;
}
