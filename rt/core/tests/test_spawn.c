/*
 * go(): 100,000 short goroutines reuse a few OS threads; goroutine ids,
 * num_goroutine and the runtime information.
 */
#include <stdatomic.h>

#include "core/api.h"
#include "core/pool.h"
#include "harness.h"

static waitgroup_t wg;
static atomic_long sum;

static void tiny(void *p) {
  atomic_fetch_add(&sum, (long)(intptr_t)p);
  wg_done(&wg);
}

static void test_spawn_reuse(void) {
  long n = scaled(100000);
  unsigned long before = rt_threads_created();
  double t = now_s();
  wg_add(&wg, (int)n);
  for (long i = 0; i < n; i++)
    go(tiny, (void *)(intptr_t)1);
  wg_wait(&wg);
  double dt = now_s() - t;
  unsigned long made = rt_threads_created() - before;
  CHECK(atomic_load(&sum) == n, "sum %ld, want %ld", atomic_load(&sum), n);
  CHECK(made < 2000, "%lu OS threads for %ld goroutines: not reused", made, n);
  printf("spawned %ld goroutines in %.3fs on %lu threads\n", n, dt, made);
}

static atomic_int ids[8];
static void record_id(void *p) {
  ids[(intptr_t)p] = goroutine_id();
  wg_done(&wg);
}

static void block_until(void *p) {
  chan_recv((chan_t *)p, NULL);
}

static void test_ids_and_counts(void) {
  CHECK(goroutine_id() == 1, "main is goroutine %d", goroutine_id());
  wg_add(&wg, 8);
  for (intptr_t i = 0; i < 8; i++)
    go(record_id, (void *)i);
  wg_wait(&wg);
  for (int i = 0; i < 8; i++) {
    CHECK(ids[i] > 1, "goroutine id %d", ids[i]);
    for (int j = 0; j < i; j++)
      CHECK(ids[i] != ids[j], "two goroutines with id %d", ids[i]);
  }
  /* Wait for the finished goroutines to be gone, then count. */
  for (int i = 0; i < 2000 && num_goroutine() != 1; i++)
    sleep_ms(1);
  CHECK(num_goroutine() == 1, "num_goroutine %d with only main",
        num_goroutine());
  chan_t *t = after_ms(10000); /* a pending timer is no goroutine */
  CHECK(num_goroutine() == 1, "num_goroutine %d with a timer pending",
        num_goroutine());
  (void)t;
  chan_t *c = chan_make(0, 0);
  for (int i = 0; i < 3; i++)
    go(block_until, c);
  CHECK(num_goroutine() == 4, "num_goroutine %d, want 4", num_goroutine());
  chan_close(c);
}

static void test_info(void) {
  CHECK(num_cpu() >= 1, "num_cpu %d", num_cpu());
  CHECK(!strcmp(go_os(), "linux"), "go_os %s", go_os());
  CHECK(go_arch()[0] && strcmp(go_arch(), "unknown"), "go_arch %s", go_arch());
}

/* Every teaching-API call the plugin rewrites has its tracking variant
 * (this fails to link otherwise). */
static void test_intercepts_exist(void) {
  int n = 0;
#define RL_INTERCEPT_API(name) n += (void *)&__rl_##name != NULL;
#include "intercepts.def"
  CHECK(n > 20, "only %d API intercepts", n);
}

int main(void) {
  test_intercepts_exist();
  test_info();
  test_ids_and_counts();
  test_spawn_reuse();
  printf("test_spawn: ok\n");
  return 0;
}
