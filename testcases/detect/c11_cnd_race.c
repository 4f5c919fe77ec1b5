/*
 * The producer signals under the C11 mutex but writes the payload after
 * unlocking: cnd_wait's return is ordered after the unlock, not after what
 * comes later.
 */
// expect: race payload (lines 21, 34)
#include <stdio.h>
#include <threads.h>

static int ready;
static long payload;
static mtx_t mu;
static cnd_t cv;

static int producer(void *arg) {
  (void)arg;
  mtx_lock(&mu);
  ready = 1;
  cnd_signal(&cv);
  mtx_unlock(&mu);
  payload = 4242;
  return 0;
}

int main(void) {
  thrd_t p;
  mtx_init(&mu, mtx_plain);
  cnd_init(&cv);
  thrd_create(&p, producer, NULL);
  mtx_lock(&mu);
  while (!ready)
    cnd_wait(&cv, &mu);
  mtx_unlock(&mu);
  printf("payload = %ld\n", payload);
  thrd_join(p, NULL);
  cnd_destroy(&cv);
  mtx_destroy(&mu);
  return 0;
}
