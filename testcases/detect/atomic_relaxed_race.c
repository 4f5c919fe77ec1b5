/*
 * The same publication with relaxed atomics orders nothing: the flag is
 * fine (atomic), but the data it guards races.
 */
// expect: race data (lines 15, 23)
#include <racelens/go.h>
#include <stdatomic.h>
#include <stdio.h>

static int data;
static atomic_int ready;

static void publisher(void *arg) {
  (void)arg;
  data = 42;
  atomic_store_explicit(&ready, 1, memory_order_relaxed);
}

int main(void) {
  go(publisher, NULL);
  while (!atomic_load_explicit(&ready, memory_order_relaxed))
    go_yield();
  printf("data = %d\n", data);
  return 0;
}
