/*
 * C11 threads order like pthreads: what the parent wrote before
 * thrd_create is visible to the child, and what the child wrote (before
 * returning or calling thrd_exit) is visible after thrd_join.
 */
// expect: no race
#include <stdio.h>
#include <threads.h>

static int input;
static int output[2];

static int doubler(void *arg) {
  int *out = arg;
  *out = input * 2;
  return 0;
}

static int exiter(void *arg) {
  int *out = arg;
  *out = input * 3;
  thrd_exit(7);
}

int main(void) {
  thrd_t a, b;
  input = 21;
  if (thrd_create(&a, doubler, &output[0]) != thrd_success ||
      thrd_create(&b, exiter, &output[1]) != thrd_success)
    return 1;
  int ra, rb;
  thrd_join(a, &ra);
  thrd_join(b, &rb);
  printf("%d %d (returned %d, exited %d)\n", output[0], output[1], ra, rb);
  return 0;
}
