/*
 * A release store read by an acquire load orders everything before the
 * store before everything after the load: the classic publication.
 */
// expect: no race
#include <racelens/go.h>
#include <stdatomic.h>
#include <stdio.h>

static int data;
static atomic_int ready;

static void publisher(void *arg) {
  (void)arg;
  data = 42;
  atomic_store_explicit(&ready, 1, memory_order_release);
}

int main(void) {
  go(publisher, NULL);
  while (!atomic_load_explicit(&ready, memory_order_acquire))
    go_yield();
  printf("data = %d\n", data);
  return 0;
}
