/*
 * A spinlock held by one thread only protects nothing from the other.
 */
// expect: race counter (lines 15, 24)
#include <pthread.h>
#include <stdio.h>

static int counter;
static pthread_spinlock_t spin;

static void *locked(void *arg) {
  (void)arg;
  for (int i = 0; i < 100; i++) {
    pthread_spin_lock(&spin);
    counter++;
    pthread_spin_unlock(&spin);
  }
  return NULL;
}

static void *unlocked(void *arg) {
  (void)arg;
  for (int i = 0; i < 100; i++)
    counter++;
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_spin_init(&spin, PTHREAD_PROCESS_PRIVATE);
  pthread_create(&a, NULL, locked, NULL);
  pthread_create(&b, NULL, unlocked, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("counter = %d\n", counter);
  return 0;
}
