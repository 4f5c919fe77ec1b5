/*
 * Updating under a read lock: readers are not ordered among themselves.
 */
// expect: race value (lines 15, 15)
#include <pthread.h>
#include <stdio.h>

static int value;
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;

static void *updater(void *arg) {
  (void)arg;
  for (int i = 0; i < 50; i++) {
    pthread_rwlock_rdlock(&rw);
    value++;
    pthread_rwlock_unlock(&rw);
  }
  return NULL;
}

int main(void) {
  pthread_t t[2];
  for (int i = 0; i < 2; i++)
    pthread_create(&t[i], NULL, updater, NULL);
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], NULL);
  printf("value = %d\n", value);
  return 0;
}
