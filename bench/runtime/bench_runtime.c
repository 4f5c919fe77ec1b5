/*
 * bench/runtime/bench_runtime.c -- micro-benchmarks of the Go-style
 * runtime, one per run: `bench_runtime NAME N` prints "OPS SECONDS".
 * go/main.go is the same program in Go, for the side-by-side table that
 * bench/runtime/run prints.
 *
 *   spawn      N goroutines started and joined (WaitGroup); ops = N
 *   pingpong   N round trips over two unbuffered channels; ops = 2N sends
 *   buffered1  N ints through a channel of capacity 128, 1 producer
 *   buffered4  the same with 4 producers
 *   mutex      4 goroutines, N lock/unlock pairs in all, one mutex
 */
#include <racelens/go.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static waitgroup_t wg;
static void nop(void *p) {
  (void)p;
  wg_done(&wg);
}

static long n_per;
static chan_t *ping, *pong, *data;
static mutex_t mu;
static long counter;

static void ponger(void *p) {
  (void)p;
  long v;
  while (chan_recv(ping, &v))
    chan_send(pong, &v);
}

static void producer(void *p) {
  (void)p;
  for (long i = 0; i < n_per; i++)
    chan_send(data, &i);
  wg_done(&wg);
}

static void locker(void *p) {
  (void)p;
  for (long i = 0; i < n_per; i++) {
    mutex_lock(&mu);
    counter++;
    mutex_unlock(&mu);
  }
  wg_done(&wg);
}

static long run(const char *name, long n) {
  if (!strcmp(name, "spawn")) {
    wg_add(&wg, (int)n);
    for (long i = 0; i < n; i++)
      go(nop, NULL);
    wg_wait(&wg);
    return n;
  }
  if (!strcmp(name, "pingpong")) {
    ping = CHAN(long, 0);
    pong = CHAN(long, 0);
    go(ponger, NULL);
    for (long i = 0; i < n; i++) {
      long v = i;
      chan_send(ping, &v);
      chan_recv(pong, &v);
    }
    chan_close(ping);
    return 2 * n;
  }
  if (!strcmp(name, "buffered1") || !strcmp(name, "buffered4")) {
    int producers = name[8] - '0';
    data = CHAN(long, 128);
    n_per = n / producers;
    wg_add(&wg, producers);
    for (int i = 0; i < producers; i++)
      go(producer, NULL);
    long v;
    for (long i = 0; i < n_per * producers; i++)
      chan_recv(data, &v);
    wg_wait(&wg);
    return n_per * producers;
  }
  if (!strcmp(name, "mutex")) {
    n_per = n / 4;
    wg_add(&wg, 4);
    for (int i = 0; i < 4; i++)
      go(locker, NULL);
    wg_wait(&wg);
    if (counter != n_per * 4) {
      fprintf(stderr, "bench_runtime: mutex counter %ld, want %ld\n", counter,
              n_per * 4);
      exit(1);
    }
    return n_per * 4;
  }
  return -1;
}

int main(int argc, char **argv) {
  long n = argc == 3 ? atol(argv[2]) : 0;
  if (n <= 0) {
    fprintf(stderr, "usage: bench_runtime spawn|pingpong|buffered1|"
                    "buffered4|mutex N\n");
    return 2;
  }
  double t = now();
  long ops = run(argv[1], n);
  t = now() - t;
  if (ops < 0) {
    fprintf(stderr, "bench_runtime: unknown benchmark '%s'\n", argv[1]);
    return 2;
  }
  printf("%ld %.6f\n", ops, t);
  return 0;
}
