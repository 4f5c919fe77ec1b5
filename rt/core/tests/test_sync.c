/*
 * WaitGroup, Mutex, RWMutex, Once.
 */
#include <stdatomic.h>

#include "harness.h"

/* Mutex: a counter incremented under the lock by many goroutines. */
static mutex_t mu; /* zero value, as in Go */
static long counter;
static waitgroup_t wg;

static void incr(void *p) {
  long n = (long)(intptr_t)p;
  for (long i = 0; i < n; i++) {
    mutex_lock(&mu);
    counter++;
    mutex_unlock(&mu);
  }
  wg_done(&wg);
}

static void test_mutex(void) {
  long n = scaled(20000);
  wg_add(&wg, 8);
  for (int i = 0; i < 8; i++)
    go(incr, (void *)(intptr_t)n);
  wg_wait(&wg);
  CHECK(counter == 8 * n, "counter %ld, want %ld", counter, 8 * n);
  CHECK(mutex_trylock(&mu), "trylock of a free mutex failed");
  CHECK(!mutex_trylock(&mu), "trylock of a held mutex succeeded");
  mutex_unlock(&mu);
  mutex_t local = MUTEX_INIT;
  mutex_lock(&local);
  mutex_unlock(&local);
}

/* A waiter is not starved by goroutines that re-lock at once (Go's
 * starvation mode: after 1 ms of waiting the lock is handed over). */
static mutex_t hot_mu;
static atomic_int hot_stop;
static void hot_locker(void *p) {
  while (!atomic_load(&hot_stop)) {
    mutex_lock(&hot_mu);
    double t = now_s();
    while (now_s() - t < 20e-6)
      ; /* hold it a little */
    mutex_unlock(&hot_mu);
  }
  wg_done(p);
}

static void test_mutex_not_starved(void) {
  waitgroup_t g = WAITGROUP_INIT;
  wg_add(&g, 2);
  go(hot_locker, &g);
  go(hot_locker, &g);
  sleep_ms(10);
  double worst = 0;
  for (int i = 0; i < 20; i++) {
    double t = now_s();
    mutex_lock(&hot_mu);
    double dt = now_s() - t;
    mutex_unlock(&hot_mu);
    worst = dt > worst ? dt : worst;
    sleep_ms(1);
  }
  atomic_store(&hot_stop, 1);
  wg_wait(&g);
  CHECK(worst < 1.0, "a waiter waited %.3fs for a busy mutex", worst);
}

/* WaitGroup: reused for several rounds; wait returns only after all. */
static atomic_int done_count;
static void worker(void *p) {
  waitgroup_t *g = p;
  sleep_ms(1);
  atomic_fetch_add(&done_count, 1);
  wg_done(g);
}

static void test_waitgroup_reuse(void) {
  waitgroup_t g = WAITGROUP_INIT;
  for (int round = 1; round <= 5; round++) {
    wg_add(&g, 20);
    for (int i = 0; i < 20; i++)
      go(worker, &g);
    wg_wait(&g);
    CHECK(atomic_load(&done_count) == 20 * round,
          "round %d: wait returned after %d of %d", round,
          atomic_load(&done_count), 20 * round);
  }
  wg_wait(&g); /* zero counter: returns at once */
}

/* Several goroutines waiting on one group are all released. */
static void waiter(void *p) {
  void **a = p;
  wg_wait(a[0]);
  wg_done(a[1]);
}

static void test_waitgroup_many_waiters(void) {
  waitgroup_t gate = WAITGROUP_INIT, out = WAITGROUP_INIT;
  void *a[2] = {&gate, &out};
  wg_add(&gate, 1);
  wg_add(&out, 5);
  for (int i = 0; i < 5; i++)
    go(waiter, a);
  sleep_ms(20);
  wg_done(&gate);
  wg_wait(&out);
}

/* RWMutex: readers hold it at the same time. */
static rwmutex_t rw;
static atomic_int readers_in, max_readers;

static void reader(void *p) {
  rwmutex_rlock(&rw);
  int n = atomic_fetch_add(&readers_in, 1) + 1;
  int m = atomic_load(&max_readers);
  while (n > m && !atomic_compare_exchange_weak(&max_readers, &m, n))
    ;
  sleep_ms(50);
  atomic_fetch_sub(&readers_in, 1);
  rwmutex_runlock(&rw);
  wg_done(p);
}

static void test_rwmutex_readers_overlap(void) {
  waitgroup_t g = WAITGROUP_INIT;
  wg_add(&g, 4);
  double t = now_s();
  for (int i = 0; i < 4; i++)
    go(reader, &g);
  wg_wait(&g);
  CHECK(atomic_load(&max_readers) >= 2,
        "readers never overlapped (max %d at once)", atomic_load(&max_readers));
  CHECK(now_s() - t < 0.19, "4 readers of 50ms took %.3fs: serialised",
        now_s() - t);
}

/* A writer waiting behind readers gets in although new readers keep
 * coming: once it waits, new readers queue behind it. */
static atomic_int stop, writer_done;
static void busy_reader(void *p) {
  (void)p;
  while (!atomic_load(&stop)) {
    rwmutex_rlock(&rw);
    sleep_us(200);
    rwmutex_runlock(&rw);
  }
}

static void writer(void *p) {
  rwmutex_lock(&rw);
  atomic_store(&writer_done, 1);
  rwmutex_unlock(&rw);
  wg_done(p);
}

static void test_rwmutex_writer_not_starved(void) {
  for (int i = 0; i < 4; i++)
    go(busy_reader, NULL);
  sleep_ms(10);
  waitgroup_t g = WAITGROUP_INIT;
  wg_add(&g, 1);
  double t = now_s();
  go(writer, &g);
  while (!atomic_load(&writer_done) && now_s() - t < 3)
    sleep_ms(1);
  atomic_store(&stop, 1);
  wg_wait(&g);
  CHECK(now_s() - t < 3, "writer starved by readers for 3s");
}

/* RWMutex as a plain exclusive lock too. */
static long shared;
static void rw_incr(void *p) {
  for (int i = 0; i < 1000; i++) {
    rwmutex_lock(&rw);
    shared++;
    rwmutex_unlock(&rw);
    rwmutex_rlock(&rw);
    long s = shared;
    (void)s;
    rwmutex_runlock(&rw);
  }
  wg_done(p);
}

static void test_rwmutex_exclusive(void) {
  waitgroup_t g = WAITGROUP_INIT;
  wg_add(&g, 4);
  for (int i = 0; i < 4; i++)
    go(rw_incr, &g);
  wg_wait(&g);
  CHECK(shared == 4000, "shared %ld, want 4000", shared);
}

/* Once: exactly one call of fn among many concurrent once_do, and every
 * once_do returns only after fn returned. */
static once_t once;
static atomic_int once_calls, once_finished, saw_unfinished;
static void init_fn(void) {
  atomic_fetch_add(&once_calls, 1);
  sleep_ms(30);
  atomic_store(&once_finished, 1);
}

static void once_user(void *p) {
  once_do(&once, init_fn);
  if (!atomic_load(&once_finished))
    atomic_store(&saw_unfinished, 1);
  wg_done(p);
}

static void test_once(void) {
  waitgroup_t g = WAITGROUP_INIT;
  wg_add(&g, 16);
  for (int i = 0; i < 16; i++)
    go(once_user, &g);
  wg_wait(&g);
  once_do(&once, init_fn);
  CHECK(atomic_load(&once_calls) == 1, "fn ran %d times",
        atomic_load(&once_calls));
  CHECK(!atomic_load(&saw_unfinished), "once_do returned before fn finished");
}

int main(void) {
  test_mutex();
  test_mutex_not_starved();
  test_waitgroup_reuse();
  test_waitgroup_many_waiters();
  test_rwmutex_readers_overlap();
  test_rwmutex_writer_not_starved();
  test_rwmutex_exclusive();
  test_once();
  printf("test_sync: ok\n");
  return 0;
}
