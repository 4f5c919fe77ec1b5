/*
 * select: uniform choice among ready cases, default, timeouts, mixing
 * sends and receives, closed channels.
 */
#include <math.h>

#include "harness.h"

/* Three always-ready receive cases: each should win about a third of the
 * time.  Chi-square with 2 degrees of freedom: 13.8 is the 0.1% point, so
 * a fair select fails this test once in a thousand runs at most; a select
 * that always polls in order fails it every time. */
static void test_fairness(void) {
  enum { K = 3 };
  long n = scaled(30000);
  chan_t *c[K];
  for (int i = 0; i < K; i++) {
    c[i] = CHAN(int, 1);
    chan_send(c[i], &i);
  }
  long hits[K] = {0};
  for (long it = 0; it < n; it++) {
    int v;
    select_case_t cs[K] = {RECV(c[0], &v), RECV(c[1], &v), RECV(c[2], &v)};
    int k = chan_select(K, cs, false);
    CHECK(k >= 0 && k < K && v == k, "select returned %d with value %d", k, v);
    hits[k]++;
    chan_send(c[k], &k); /* make it ready again */
  }
  double chi = 0, e = (double)n / K;
  for (int i = 0; i < K; i++)
    chi += (hits[i] - e) * (hits[i] - e) / e;
  CHECK(chi < 13.8, "unfair select: %ld/%ld/%ld of %ld (chi2 %.1f)", hits[0],
        hits[1], hits[2], n, chi);
}

/* Default never blocks, whatever the cases. */
static void test_default(void) {
  chan_t *unbuf = CHAN(int, 0), *full = CHAN(int, 1);
  int v = 1;
  chan_send(full, &v);
  double t = now_s();
  for (int i = 0; i < 1000; i++) {
    select_case_t cs[] = {RECV(unbuf, &v), SEND(unbuf, &v), SEND(full, &v),
                          RECV(NULL, &v)};
    CHECK(chan_select(4, cs, true) == -1, "default not taken");
  }
  CHECK(now_s() - t < 2.0, "select with default blocked");
  CHECK(chan_select(0, NULL, true) == -1, "empty select with default");
  /* and a ready case beats default */
  select_case_t cs[] = {RECV(full, &v)};
  CHECK(chan_select(1, cs, true) == 0 && v == 1, "ready case not taken");
}

/* after_ms fires in a select; a ready channel wins over a later timer. */
static void test_timeout(void) {
  chan_t *never = CHAN(int, 0);
  int v;
  int64_t when = 0;
  double t = now_s();
  select_case_t cs[] = {RECV(never, &v), RECV(after_ms(50), &when)};
  int k = chan_select(2, cs, false);
  double dt = now_s() - t;
  CHECK(k == 1, "timeout case not chosen (%d)", k);
  CHECK(dt >= 0.045 && dt < 5, "timer fired after %.3fs, want 0.05", dt);
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  int64_t mono = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
  CHECK(when > 0 && when <= mono && mono - when < 5000000000LL,
        "after_ms delivered %lld, now %lld", (long long)when, (long long)mono);

  chan_t *ready = CHAN(int, 1);
  int x = 5;
  chan_send(ready, &x);
  select_case_t cs2[] = {RECV(after_ms(1000), &when), RECV(ready, &v)};
  CHECK(chan_select(2, cs2, false) == 1 && v == 5, "ready case lost to timer");

  /* plain receive from after_ms */
  t = now_s();
  CHECK(chan_recv(after_ms(20), &when), "after_ms channel receive");
  CHECK(now_s() - t >= 0.015, "after_ms(20) returned early");
}

/* A producer select-sends until told to quit (Go's fibonacci example). */
typedef struct {
  chan_t *out, *quit;
} fib_t;

static void fib_consumer(void *p) {
  fib_t *f = p;
  int v;
  for (int i = 0; i < 10; i++)
    chan_recv(f->out, &v);
  int q = 0;
  chan_send(f->quit, &q);
}

static void test_send_recv_mix(void) {
  fib_t f = {CHAN(int, 0), CHAN(int, 0)};
  go(fib_consumer, &f);
  int x = 0, y = 1, q, sent = 0;
  for (;;) {
    select_case_t cs[] = {SEND(f.out, &x), RECV(f.quit, &q)};
    int k = chan_select(2, cs, false);
    if (k == 1)
      break;
    int t = x;
    x = y;
    y = t + y;
    sent++;
  }
  CHECK(sent == 10, "sent %d values before quit, want 10", sent);
  CHECK(x == 55, "fib: x=%d, want 55", x);
}

/* Two selects ping-pong over the same pair of unbuffered channels. */
static void ponger(void *p) {
  chan_t **c = p;
  for (int i = 0; i < 2000; i++) {
    int v;
    select_case_t r[] = {RECV(c[0], &v)};
    chan_select(1, r, false);
    v++;
    select_case_t s[] = {SEND(c[1], &v)};
    chan_select(1, s, false);
  }
}

static void test_select_pingpong(void) {
  chan_t *c[2] = {CHAN(int, 0), CHAN(int, 0)};
  go(ponger, c);
  int v = 0;
  for (int i = 0; i < 2000; i++) {
    select_case_t s[] = {SEND(c[0], &v)};
    chan_select(1, s, false);
    select_case_t r[] = {RECV(c[1], &v)};
    chan_select(1, r, false);
  }
  CHECK(v == 2000, "ping-pong count %d", v);
}

/* A closed channel is always ready for receive, with ok = false. */
static void test_closed(void) {
  chan_t *c = CHAN(int, 0), *never = CHAN(int, 0);
  chan_close(c);
  int v = 7;
  bool ok = true;
  select_case_t cs[] = {RECV(never, &v), RECV_OK(c, &v, &ok)};
  CHECK(chan_select(2, cs, false) == 1 && !ok && v == 0,
        "closed receive case: ok=%d v=%d", ok, v);
}

/* A select blocked on a buffered channel and a woken one that takes
 * another case pass their wake-ups on: no waiter is stranded. */
static void waiter(void *p) {
  chan_t **c = p;
  int v;
  chan_recv(c[0], &v);
  chan_send(c[1], &v);
}

static void test_no_stranding(void) {
  for (int round = 0; round < 50; round++) {
    chan_t *data = CHAN(int, 4), *other = CHAN(int, 4), *done = CHAN(int, 1);
    chan_t *args[2] = {data, done};
    go(waiter, args);
    int v = 1, w;
    /* this select may be woken for `data` but take `other` */
    chan_send(other, &v);
    chan_send(data, &v);
    select_case_t cs[] = {RECV(data, &w), RECV(other, &w)};
    int k = chan_select(2, cs, false);
    if (k == 0) /* we took the waiter's value: give it another */
      chan_send(data, &v);
    CHECK(chan_recv(done, &w), "waiter finished");
  }
}

int main(void) {
  test_default();
  test_fairness();
  test_timeout();
  test_send_recv_mix();
  test_select_pingpong();
  test_closed();
  test_no_stranding();
  printf("test_select: ok\n");
  return 0;
}
