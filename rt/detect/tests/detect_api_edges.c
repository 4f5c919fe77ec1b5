/*
 * Happens-before edges made by the runtime's teaching API (rt/core calling
 * rl_event with its clocks), seen through hand-instrumented accesses:
 * mutex unlock -> lock, channel send -> receive, receive -> unbuffered
 * send's completion, WaitGroup done -> wait.  Each race-free scenario has
 * a twin without the edge (ordered in time by a raw atomic the detector
 * does not see) that must be reported.
 */
#include "detect_harness.h"
#include "racelens/go.h"

static rl_site_t sites[] = {
    {.kind = RL_SITE_WRITE,
     .size = 4,
     .line = 1,
     .file = "e.c",
     .func = "worker",
     .expr = "x"},
    {.kind = RL_SITE_WRITE,
     .size = 4,
     .line = 2,
     .file = "e.c",
     .func = "main",
     .expr = "x"},
};
static rl_module_t mod = {.abi_version = RL_ABI_VERSION,
                          .sites = sites,
                          .nsites = 2,
                          .source = "e.c"};

static int x;
static mutex_t mu;
static atomic_int done;
static chan_t *ch;
static waitgroup_t wg;

static void wait_done(void) {
  while (!atomic_load(&done))
    sched_yield();
}

/* ---- mutex -------------------------------------------------------------- */
static void locked_write(void *arg) {
  (void)arg;
  mutex_lock(&mu);
  __rl_write4(&x, &sites[0]);
  mutex_unlock(&mu);
  atomic_store(&done, 1);
}
static void unlocked_write(void *arg) {
  (void)arg;
  __rl_write4(&x, &sites[0]);
  atomic_store(&done, 1);
}
static void mutex_edge(void) {
  go(locked_write, NULL);
  wait_done();
  mutex_lock(&mu);
  __rl_write4(&x, &sites[1]);
  mutex_unlock(&mu);
}
static void mutex_missing(void) {
  go(unlocked_write, NULL);
  wait_done();
  mutex_lock(&mu);
  __rl_write4(&x, &sites[1]);
  mutex_unlock(&mu);
}

/* ---- channels ----------------------------------------------------------- */
static void write_then_send(void *arg) {
  (void)arg;
  __rl_write4(&x, &sites[0]);
  int v = 1;
  chan_send(ch, &v);
}
static void send_recv_edge(void) {
  ch = chan_make(sizeof(int), 1);
  go(write_then_send, NULL);
  int v;
  chan_recv(ch, &v);
  __rl_write4(&x, &sites[1]);
}
static void send_recv_missing(void) {
  go(unlocked_write, NULL);
  wait_done();
  __rl_write4(&x, &sites[1]);
}

static void write_then_recv(void *arg) {
  (void)arg;
  __rl_write4(&x, &sites[0]);
  int v;
  chan_recv(ch, &v);
  atomic_store(&done, 1);
}
static void reverse_edge(size_t cap) {
  ch = chan_make(sizeof(int), cap);
  go(write_then_recv, NULL);
  int v = 1;
  chan_send(ch, &v);
  wait_done();
  __rl_write4(&x, &sites[1]);
}
/* Go memory model: a receive from an unbuffered channel happens before the
 * send on it completes, so the receiver's write before its receive is
 * ordered before main's write after its send. */
static void unbuffered_recv_before_send_done(void) {
  reverse_edge(0);
}
/* With a buffer the send completes without the receive: no such edge. */
static void buffered_no_reverse_edge(void) {
  reverse_edge(1);
}

/* ---- WaitGroup ---------------------------------------------------------- */
static void write_done(void *arg) {
  (void)arg;
  __rl_write4(&x, &sites[0]);
  wg_done(&wg);
}
static void wg_edge(void) {
  wg_add(&wg, 1);
  go(write_done, NULL);
  wg_wait(&wg);
  __rl_write4(&x, &sites[1]);
}

int main(void) {
  __rl_register_module(&mod);
  EXPECT_VERDICT(mutex_edge, 0);
  EXPECT_VERDICT(mutex_missing, 66);
  EXPECT_VERDICT(send_recv_edge, 0);
  EXPECT_VERDICT(send_recv_missing, 66);
  EXPECT_VERDICT(unbuffered_recv_before_send_done, 0);
  EXPECT_VERDICT(buffered_no_reverse_edge, 66);
  EXPECT_VERDICT(wg_edge, 0);
  puts("detect_api_edges: all verdicts as expected");
  return 0;
}
