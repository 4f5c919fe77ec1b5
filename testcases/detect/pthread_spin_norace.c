/*
 * pthread_spin_unlock -> the next pthread_spin_lock, like a mutex.
 */
// expect: no race
#include <pthread.h>
#include <stdio.h>

static int counter;
static pthread_spinlock_t spin;

static void *worker(void *arg) {
  (void)arg;
  for (int i = 0; i < 100; i++) {
    pthread_spin_lock(&spin);
    counter++;
    pthread_spin_unlock(&spin);
  }
  return NULL;
}

int main(void) {
  pthread_t t[2];
  pthread_spin_init(&spin, PTHREAD_PROCESS_PRIVATE);
  for (int i = 0; i < 2; i++)
    pthread_create(&t[i], NULL, worker, NULL);
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], NULL);
  pthread_spin_destroy(&spin);
  printf("counter = %d\n", counter);
  return 0;
}
