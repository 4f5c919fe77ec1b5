/* pthreads + C11 atomics: a CAS-based counter, a spin lock built on
 * atomic_flag, release/acquire publication, a mutex and a barrier. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NTHREADS 4
#define ITERS 2000

static _Atomic long cas_counter;
static atomic_flag spin = ATOMIC_FLAG_INIT;
static long spin_counter;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static long mutex_counter;
static pthread_barrier_t barrier;
static _Atomic(int *) published;
static _Atomic uint8_t small;
static _Atomic uint16_t medium;

static void *work(void *arg) {
  long id = (long)arg;
  for (int i = 0; i < ITERS; i++) {
    long old = atomic_load_explicit(&cas_counter, memory_order_relaxed);
    while (!atomic_compare_exchange_weak(&cas_counter, &old, old + 1))
      ;
    while (atomic_flag_test_and_set_explicit(&spin, memory_order_acquire))
      ;
    spin_counter++;
    atomic_flag_clear_explicit(&spin, memory_order_release);
    pthread_mutex_lock(&mu);
    mutex_counter += id;
    pthread_mutex_unlock(&mu);
    atomic_fetch_add(&small, 1);
    atomic_fetch_add(&medium, 3);
  }
  pthread_barrier_wait(&barrier);
  if (id == 0) {
    int *p = malloc(sizeof *p);
    *p = 42;
    atomic_store_explicit(&published, p, memory_order_release);
  }
  return NULL;
}

int main(void) {
  pthread_t t[NTHREADS];
  pthread_barrier_init(&barrier, NULL, NTHREADS);
  for (long i = 0; i < NTHREADS; i++)
    pthread_create(&t[i], NULL, work, (void *)i);
  for (int i = 0; i < NTHREADS; i++)
    pthread_join(t[i], NULL);
  int *p = atomic_load_explicit(&published, memory_order_acquire);
  char buf[64];
  memset(buf, 0, sizeof buf);
  snprintf(buf, sizeof buf, "%ld/%ld/%ld", (long)cas_counter, spin_counter,
           mutex_counter);
  char copy[64];
  memcpy(copy, buf, sizeof buf);
  printf("counters %s published %d small %u medium %u\n", copy, *p,
         (unsigned)small, (unsigned)medium);
  free(p);
  pthread_barrier_destroy(&barrier);
  return 0;
}
