/*
 * pthread rwlock: a write unlock orders the next read and write locks; a
 * read unlock orders the next write lock.
 */
// expect: no race
#include <pthread.h>
#include <stdio.h>

static int value, seen;
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static pthread_mutex_t seen_mu = PTHREAD_MUTEX_INITIALIZER;

static void *reader(void *arg) {
  (void)arg;
  for (int i = 0; i < 50; i++) {
    pthread_rwlock_rdlock(&rw);
    int v = value;
    pthread_rwlock_unlock(&rw);
    pthread_mutex_lock(&seen_mu);
    seen += v > 0;
    pthread_mutex_unlock(&seen_mu);
  }
  return NULL;
}

static void *writer(void *arg) {
  (void)arg;
  for (int i = 0; i < 50; i++) {
    pthread_rwlock_wrlock(&rw);
    value++;
    pthread_rwlock_unlock(&rw);
  }
  return NULL;
}

int main(void) {
  pthread_t t[3];
  pthread_create(&t[0], NULL, writer, NULL);
  pthread_create(&t[1], NULL, reader, NULL);
  pthread_create(&t[2], NULL, reader, NULL);
  for (int i = 0; i < 3; i++)
    pthread_join(t[i], NULL);
  printf("value = %d\n", value);
  return 0;
}
