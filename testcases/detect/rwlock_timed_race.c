/*
 * One thread updates under pthread_rwlock_timedwrlock, the other forgets
 * the lock: a lock only orders the threads that take it.
 */
// expect: race d (lines 21, 30)
#include <pthread.h>
#include <stdio.h>
#include <time.h>

static long d;
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;

static void *careful(void *arg) {
  (void)arg;
  for (int i = 0; i < 50; i++) {
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    t.tv_sec += 30;
    if (pthread_rwlock_timedwrlock(&rw, &t) != 0)
      return NULL;
    d++;
    pthread_rwlock_unlock(&rw);
  }
  return NULL;
}

static void *careless(void *arg) {
  (void)arg;
  for (int i = 0; i < 50; i++)
    d++;
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, careful, NULL);
  pthread_create(&b, NULL, careless, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("d = %ld\n", d);
  return 0;
}
