/*
 * Channels: many senders, FIFO, rendezvous, close, len/cap, views.
 */
#include <stdatomic.h>

#include "harness.h"

/* 1,000 goroutines each send 1,000 values over one channel; main sums. */
typedef struct {
  chan_t *c;
  long n;
  long base;
} sender_arg_t;

static void sender(void *p) {
  sender_arg_t a = *(sender_arg_t *)p; /* main frees it once all arrived */
  for (long i = 0; i < a.n; i++) {
    long v = a.base + i;
    chan_send(a.c, &v);
  }
}

static void test_many_senders(size_t cap, long n) {
  long g = UNDER_TSAN ? 100 : 1000;
  n = scaled(n);
  chan_t *c = chan_make(sizeof(long), cap);
  sender_arg_t *args = calloc((size_t)g, sizeof *args);
  long want = 0;
  for (long i = 0; i < g; i++) {
    args[i] = (sender_arg_t){c, n, i * n};
    want += n * (i * n) + n * (n - 1) / 2;
    go(sender, &args[i]);
  }
  long sum = 0, v;
  for (long k = 0; k < g * n; k++) {
    CHECK(chan_recv(c, &v), "receive %ld of %ld failed", k, g * n);
    sum += v;
  }
  CHECK(sum == want, "cap %zu: sum %ld, want %ld", cap, sum, want);
  CHECK(chan_len(c) == 0, "len %zu after draining", chan_len(c));
  free(args);
}

static void test_fifo(void) {
  chan_t *c = CHAN(int, 100);
  CHECK(chan_cap(c) == 100, "cap %zu", chan_cap(c));
  for (int i = 0; i < 100; i++)
    chan_send(c, &i);
  CHECK(chan_len(c) == 100, "len %zu, want 100", chan_len(c));
  for (int i = 0; i < 100; i++) {
    int v = -1;
    chan_recv(c, &v);
    CHECK(v == i, "FIFO: got %d at position %d", v, i);
  }
  /* Wrap-around: the ring buffer keeps order across its end. */
  for (int round = 0; round < 5; round++) {
    for (int i = 0; i < 70; i++)
      chan_send(c, &i);
    for (int i = 0; i < 70; i++) {
      int v = -1;
      chan_recv(c, &v);
      CHECK(v == i, "FIFO round %d: got %d at %d", round, v, i);
    }
  }
}

/* FIFO across a blocking producer: a small buffer and a slow consumer. */
static void producer(void *p) {
  chan_t *c = p;
  for (int i = 0; i < 2000; i++)
    chan_send(c, &i);
  chan_close(c);
}

static void test_fifo_blocking(void) {
  chan_t *c = CHAN(int, 3);
  go(producer, c);
  int v, want = 0;
  while (chan_recv(c, &v)) {
    CHECK(v == want, "got %d, want %d", v, want);
    want++;
  }
  CHECK(want == 2000, "received %d values, want 2000", want);
  CHECK(v == 0, "value after close should be zeroed, got %d", v);
}

/* Unbuffered: the send completes only once a receiver took it. */
static atomic_int received;
static void late_receiver(void *p) {
  sleep_ms(50);
  int v;
  chan_recv((chan_t *)p, &v);
  atomic_store(&received, v);
}

static void test_rendezvous(void) {
  chan_t *c = CHAN(int, 0);
  go(late_receiver, c);
  double t = now_s();
  int v = 42;
  chan_send(c, &v);
  CHECK(now_s() - t >= 0.04, "unbuffered send returned before a receiver");
  CHECK(chan_len(c) == 0 && chan_cap(c) == 0, "unbuffered len/cap not 0");
}

/* Close wakes every blocked receiver; they get false and zero. */
typedef struct {
  chan_t *c;
  atomic_int *falses;
  waitgroup_t *wg;
} closer_arg_t;

static void blocked_receiver(void *p) {
  closer_arg_t *a = p;
  long v = 99;
  bool ok = chan_recv(a->c, &v);
  if (!ok && v == 0)
    atomic_fetch_add(a->falses, 1);
  wg_done(a->wg);
}

static void test_close_wakes_receivers(size_t cap) {
  chan_t *c = chan_make(sizeof(long), cap);
  atomic_int falses = 0;
  waitgroup_t wg = WAITGROUP_INIT;
  closer_arg_t a = {c, &falses, &wg};
  wg_add(&wg, 10);
  for (int i = 0; i < 10; i++)
    go(blocked_receiver, &a);
  sleep_ms(30);
  chan_close(c);
  wg_wait(&wg);
  CHECK(falses == 10, "cap %zu: %d of 10 receivers saw close", cap,
        atomic_load(&falses));
}

/* Buffered values survive close: receivers drain, then get false. */
static void test_drain_after_close(void) {
  chan_t *c = CHAN(int, 4);
  for (int i = 1; i <= 3; i++)
    chan_send(c, &i);
  chan_close(c);
  int v;
  for (int i = 1; i <= 3; i++) {
    CHECK(chan_recv(c, &v) && v == i, "drain %d got %d", i, v);
  }
  CHECK(!chan_recv(c, &v) && v == 0, "after drain: want false/0, got %d", v);
  CHECK(!chan_recv(c, NULL), "receive into NULL after close");
}

/* Directional views work like the channel they view. */
static void view_producer(void *p) {
  chan_sendonly_t out = *(chan_sendonly_t *)p;
  for (int i = 0; i < 5; i++)
    chan_send(out, &i);
  chan_close(out);
}

static void test_views(void) {
  chan_t *c = CHAN(int, 2);
  chan_sendonly_t out = chan_sendonly(c);
  chan_recvonly_t in = chan_recvonly(c);
  CHECK(chan_cap(out) == 2 && chan_cap(in) == 2, "view cap");
  go(view_producer, &out);
  int v, sum = 0;
  while (chan_recv(in, &v))
    sum += v;
  CHECK(sum == 10, "sum over views %d, want 10", sum);
  CHECK(chan_len(in) == 0 && chan_len(out) == 0, "view len");
  /* the plain functions behind the macros */
  chan_t *d = CHAN(int, 1);
  int x = 7;
  (chan_send)(d, &x);
  CHECK((chan_len)(d) == 1 && (chan_cap)(d) == 1, "plain len/cap");
  CHECK((chan_recv)(d, &v) && v == 7, "plain recv got %d", v);
  (chan_close)(d);
}

/* Elements larger than 8 bytes and zero-size elements. */
typedef struct {
  char name[40];
  double x;
} big_t;

static void test_elem_sizes(void) {
  chan_t *c = CHAN(big_t, 1);
  big_t b = {"gopher", 2.5}, r = {{0}, 0};
  chan_send(c, &b);
  chan_recv(c, &r);
  CHECK(strcmp(r.name, "gopher") == 0 && r.x == 2.5, "big element copy");
  chan_t *z = chan_make(0, 2);
  chan_send(z, NULL);
  CHECK(chan_len(z) == 1 && chan_recv(z, NULL), "zero-size element");
}

int main(int argc, char **argv) {
  if (argc > 1) { /* timing one part by hand */
    double t = now_s();
    test_many_senders((size_t)atol(argv[1]), 1000);
    printf("%.3fs\n", now_s() - t);
    return 0;
  }
  test_fifo();
  test_fifo_blocking();
  test_rendezvous();
  /* Every message wakes a blocked OS thread: 1M of them take seconds, so
   * the buffered variant sends fewer. */
  test_many_senders(0, 1000);
  test_many_senders(16, 100);
  test_close_wakes_receivers(0);
  test_close_wakes_receivers(5);
  test_drain_after_close();
  test_views();
  test_elem_sizes();
  printf("test_chan: ok\n");
  return 0;
}
