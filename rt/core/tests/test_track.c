/*
 * The runtime's happens-before edges, checked end to end against the real
 * detector: each child turns detection on (as an instrumented module
 * would), reports its shared-memory accesses the way plugin-instrumented
 * code does, and synchronises through one runtime primitive.  A correct
 * edge makes the program race-free (exit 0); a missing edge, or one the
 * Go memory model does not promise, shows as a race (exit 66).
 */
#include "core/api.h"
#include "harness.h"

static rl_site_t sites[] = {
    {.kind = RL_SITE_WRITE,
     .size = 8,
     .line = 10,
     .file = "track.c",
     .func = "writer",
     .expr = "x"},
    {.kind = RL_SITE_READ,
     .size = 8,
     .line = 20,
     .file = "track.c",
     .func = "reader",
     .expr = "x"},
};
static rl_module_t module = {.abi_version = RL_ABI_VERSION,
                             .llvm_major = 19,
                             .sites = sites,
                             .nsites = 2,
                             .source = "track.c"};

static long x;
static void wr(void) {
  __rl_write8(&x, &sites[0]);
  x++;
}
static long rd(void) {
  __rl_read8(&x, &sites[1]);
  return x;
}

static chan_t *c;
static mutex_t mu;
static rwmutex_t rw;
static waitgroup_t wg;
static once_t once;

static void write_then_send(void *p) {
  (void)p;
  wr();
  int v = 1;
  chan_send(c, &v);
}
static void write_then_recv(void *p) {
  (void)p;
  wr();
  chan_recv(c, NULL);
}
static void write_then_close(void *p) {
  (void)p;
  wr();
  chan_close(c);
}
static void sem_worker(void *p) {
  (void)p;
  int v = 1;
  chan_send(c, &v); /* cap 1: a semaphore */
  wr();
  chan_recv(c, NULL);
  wg_done(&wg);
}
static void locked_writer(void *p) {
  (void)p;
  mutex_lock(&mu);
  wr();
  mutex_unlock(&mu);
  wg_done(&wg);
}
static void rw_writer(void *p) {
  (void)p;
  rwmutex_lock(&rw);
  wr();
  rwmutex_unlock(&rw);
  wg_done(&wg);
}
static void rw_reader(void *p) {
  (void)p;
  rwmutex_rlock(&rw);
  rd();
  rwmutex_runlock(&rw);
  wg_done(&wg);
}
static void rw_reader_writes(void *p) {
  (void)p;
  rwmutex_rlock(&rw);
  wr(); /* a write under a read lock: readers are not ordered */
  sleep_ms(20);
  rwmutex_runlock(&rw);
  wg_done(&wg);
}
static void plain_writer(void *p) {
  (void)p;
  wr();
  wg_done(&wg);
}
static void init_x(void) {
  wr();
}
static void once_reader(void *p) {
  (void)p;
  once_do(&once, init_x);
  rd();
  wg_done(&wg);
}
static void select_sender(void *p) {
  (void)p;
  wr();
  int v = 1;
  chan_t *never = CHAN(int, 0);
  select_case_t cs[] = {RECV(never, NULL), SEND(c, &v)};
  chan_select(2, cs, false);
}
static void recv_then_read(void *p) {
  (void)p;
  chan_recv(c, NULL);
  rd();
  wg_done(&wg);
}

static int child(const char *mode) {
  __rl_register_module(&module);
  int v = 1;
  if (!strcmp(mode, "unbuffered_sender_first")) {
    c = CHAN(int, 0);
    go(write_then_send, NULL);
    sleep_ms(30); /* the sender parks first */
    chan_recv(c, NULL);
    rd();
  } else if (!strcmp(mode, "unbuffered_receiver_first")) {
    /* the receive is ordered before the send completes */
    c = CHAN(int, 0);
    go(write_then_recv, NULL);
    sleep_ms(30); /* the receiver parks first */
    chan_send(c, &v);
    rd();
  } else if (!strcmp(mode, "unbuffered_sender_parked")) {
    c = CHAN(int, 0);
    go(write_then_recv, NULL);
    chan_send(c, &v); /* parks until the goroutine wrote and received */
    rd();
  } else if (!strcmp(mode, "buffered_send_recv")) {
    c = CHAN(int, 4);
    go(write_then_send, NULL);
    chan_recv(c, NULL);
    rd();
  } else if (!strcmp(mode, "buffered_semaphore")) {
    c = CHAN(int, 1);
    wg_add(&wg, 4);
    for (int i = 0; i < 4; i++)
      go(sem_worker, NULL);
    wg_wait(&wg);
  } else if (!strcmp(mode, "close")) {
    c = CHAN(int, 0);
    go(write_then_close, NULL);
    CHECK(!chan_recv(c, NULL), "receive after close");
    rd();
  } else if (!strcmp(mode, "mutex")) {
    wg_add(&wg, 4);
    for (int i = 0; i < 4; i++)
      go(locked_writer, NULL);
    wg_wait(&wg);
    rd();
  } else if (!strcmp(mode, "rwmutex")) {
    wg_add(&wg, 6);
    for (int i = 0; i < 3; i++) {
      go(rw_writer, NULL);
      go(rw_reader, NULL);
    }
    wg_wait(&wg);
  } else if (!strcmp(mode, "once")) {
    wg_add(&wg, 4);
    for (int i = 0; i < 4; i++)
      go(once_reader, NULL);
    wg_wait(&wg);
  } else if (!strcmp(mode, "select")) {
    c = CHAN(int, 0);
    go(select_sender, NULL);
    sleep_ms(30);
    select_case_t cs[] = {RECV(c, NULL)};
    chan_select(1, cs, false);
    rd();
  } else if (!strcmp(mode, "race_no_sync")) {
    wg_add(&wg, 2);
    go(plain_writer, NULL);
    go(plain_writer, NULL);
    wg_wait(&wg);
  } else if (!strcmp(mode, "race_buffered_no_wait")) {
    /* a buffered send does not wait for its receive */
    c = CHAN(int, 1);
    wg_add(&wg, 1);
    go(recv_then_read, NULL);
    chan_send(c, &v);
    wr();
    wg_wait(&wg);
  } else if (!strcmp(mode, "race_readers")) {
    wg_add(&wg, 2);
    go(rw_reader_writes, NULL);
    go(rw_reader_writes, NULL);
    wg_wait(&wg);
  } else if (!strcmp(mode, "race_sleep")) {
    wg_add(&wg, 1);
    go(plain_writer, NULL);
    sleep_ms(50);
    rd(); /* sleeping orders nothing */
    wg_wait(&wg);
  } else {
    return 3;
  }
  /* Let finished goroutines leave before exit: this test is about the
   * edges, not about goroutines exiting while the process ends. */
  for (int i = 0; i < 1000 && num_goroutine() > 1; i++)
    sleep_ms(1);
  return 0;
}

static void expect(const char *mode, int status) {
  child_t *r = run_child(mode);
  CHECK(r->status == status, "%s: exit status %d, want %d (%s)\nstderr:\n%s",
        mode, r->status, status, status ? "a race" : "race-free", r->err);
}

int main(int argc, char **argv) {
  if (argc == 3 && !strcmp(argv[1], "child"))
    return child(argv[2]);
  const char *clean[] = {"unbuffered_sender_first",
                         "unbuffered_receiver_first",
                         "unbuffered_sender_parked",
                         "buffered_send_recv",
                         "buffered_semaphore",
                         "close",
                         "mutex",
                         "rwmutex",
                         "once",
                         "select"};
  for (size_t i = 0; i < sizeof clean / sizeof *clean; i++)
    expect(clean[i], 0);
  const char *racy[] = {"race_no_sync", "race_buffered_no_wait", "race_readers",
                        "race_sleep"};
  for (size_t i = 0; i < sizeof racy / sizeof *racy; i++)
    expect(racy[i], 66);
  printf("test_track: ok\n");
  return 0;
}
