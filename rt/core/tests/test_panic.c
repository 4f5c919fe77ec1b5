/*
 * What a misbehaving program sees: Go's panic texts with the caller's
 * location, the deadlock report, the leaked-goroutine report, and the exit
 * statuses.  Each case runs as a child process (this binary, re-executed
 * with "child <mode>").
 */
#include <pthread.h>

#include "core/api.h"
#include "harness.h"
#include "rt.h"

/* Sites as the plugin would pass them. */
static rl_site_t site_close = {.kind = RL_SITE_CALL,
                               .line = 14,
                               .file = "prog.c",
                               .func = "main",
                               .callee = "chan_close"};
static rl_site_t site_recv = {.kind = RL_SITE_CALL,
                              .line = 20,
                              .file = "prog.c",
                              .func = "worker",
                              .callee = "chan_recv"};
static rl_site_t site_go = {.kind = RL_SITE_CALL,
                            .line = 31,
                            .file = "prog.c",
                            .func = "main",
                            .callee = "go",
                            .target = "worker"};

static chan_t *ch;
static mutex_t mu;
static waitgroup_t wg;

static void send_one(void *p) {
  (void)p;
  int v = 1;
  chan_send(ch, &v);
}
static void recv_one(void *p) {
  (void)p;
  int v;
  __rl_chan_recv_any(ch, &v, &site_recv);
}
static void lock_mu(void *p) {
  (void)p;
  mutex_lock(&mu);
}
static void wait_wg(void *p) {
  (void)p;
  wg_wait(&wg);
}
static void sleeper(void *p) {
  sleep_ms((long)(intptr_t)p);
}
static void sleep_then_send(void *p) {
  (void)p;
  sleep_ms(100);
  int v = 3;
  chan_send(ch, &v);
}
static void nothing(void *p) {
  (void)p;
}

static void close_later(void *p) {
  (void)p;
  sleep_ms(50);
  chan_close(ch);
}

/* A pthread announced the way rt/detect's pthread_create interceptor does
 * (rt/rt.h): it works outside the runtime for a while, then sends or not. */
static void *pthread_body(void *send) {
  rt_thread_enter();
  usleep(100000);
  if (send) {
    int v = 9;
    chan_send(ch, &v);
  }
  rt_thread_leave();
  return NULL;
}

static void start_adopted(bool send) {
  pthread_t t;
  rt_thread_adopt(1);
  if (pthread_create(&t, NULL, pthread_body, send ? (void *)1 : NULL)) {
    rt_thread_adopt(-1);
    exit(3);
  }
  pthread_detach(t);
}

static int child(const char *mode) {
  int v = 0;
  if (!strcmp(mode, "send_closed")) {
    ch = CHAN(int, 1);
    chan_close(ch);
    chan_send(ch, &v);
  } else if (!strcmp(mode, "close_closed")) {
    ch = CHAN(int, 0);
    chan_close(ch);
    __rl_chan_close_any(ch, &site_close);
  } else if (!strcmp(mode, "close_nil")) {
    chan_close(NULL);
  } else if (!strcmp(mode, "wg_negative")) {
    wg_add(&wg, 1);
    wg_done(&wg);
    wg_done(&wg);
  } else if (!strcmp(mode, "unlock_unlocked")) {
    mutex_lock(&mu);
    mutex_unlock(&mu);
    mutex_unlock(&mu);
  } else if (!strcmp(mode, "runlock_unlocked")) {
    rwmutex_t rw = RWMUTEX_INIT;
    rwmutex_runlock(&rw);
  } else if (!strcmp(mode, "blocked_sender_close")) {
    ch = CHAN(int, 0);
    go(send_one, NULL);
    sleep_ms(50);
    chan_close(ch);
    sleep_ms(3000); /* the sender's panic ends the program first */
  } else if (!strcmp(mode, "deadlock_main")) {
    ch = CHAN(int, 0);
    chan_recv(ch, &v);
  } else if (!strcmp(mode, "deadlock_all")) {
    ch = CHAN(int, 0);
    mutex_lock(&mu);
    wg_add(&wg, 1);
    __rl_go(recv_one, NULL, &site_go);
    go(lock_mu, NULL);
    go(wait_wg, NULL);
    sleep_ms(50);
    chan_t *other = CHAN(int, 0);
    select_case_t cs[] = {RECV(other, &v), SEND(other, &v)};
    chan_select(2, cs, false);
  } else if (!strcmp(mode, "deadlock_after_exit")) {
    ch = CHAN(int, 0);
    go(nothing, NULL);
    chan_send(ch, &v); /* nobody will ever receive */
  } else if (!strcmp(mode, "no_deadlock_sleep")) {
    ch = CHAN(int, 0);
    go(sleep_then_send, NULL);
    chan_recv(ch, &v);
    printf("got %d\n", v);
  } else if (!strcmp(mode, "no_deadlock_timer")) {
    int64_t t;
    chan_recv(after_ms(50), &t);
    printf("timer\n");
  } else if (!strcmp(mode, "leak")) {
    __rl_go(sleeper, (void *)(intptr_t)5000, &site_go);
    go(sleeper, (void *)(intptr_t)5000);
    printf("main done\n");
  } else if (!strcmp(mode, "select_send_closed")) {
    ch = CHAN(int, 0);
    go(close_later, NULL);
    chan_t *never = CHAN(int, 0);
    select_case_t cs[] = {RECV(never, &v), SEND(ch, &v)};
    chan_select(2, cs, false);
  } else if (!strcmp(mode, "pthread_sends")) {
    ch = CHAN(int, 0);
    start_adopted(true);
    chan_recv(ch, &v);
    printf("got %d\n", v);
  } else if (!strcmp(mode, "pthread_leaves")) {
    ch = CHAN(int, 0);
    start_adopted(false);
    chan_recv(ch, &v);
  } else if (!strcmp(mode, "nil_chan")) {
    chan_send(NULL, &v);
  } else {
    fprintf(stderr, "unknown mode %s\n", mode);
    return 3;
  }
  return 0;
}

int main(int argc, char **argv) {
  if (argc == 3 && !strcmp(argv[1], "child"))
    return child(argv[2]);

  CHECK_CHILD("send_closed", 2,
              "panic: send on closed channel\n"
              "\tat unknown location (built without the racelens plugin)\n");
  CHECK_CHILD("close_closed", 2,
              "panic: close of closed channel\n\tat prog.c:14 (main)\n");
  CHECK_CHILD("close_nil", 2, "panic: close of nil channel\n");
  CHECK_CHILD("wg_negative", 2, "panic: sync: negative WaitGroup counter\n");
  CHECK_CHILD("unlock_unlocked", 2, "panic: sync: unlock of unlocked mutex\n");
  CHECK_CHILD("runlock_unlocked", 2,
              "panic: sync: RUnlock of unlocked RWMutex\n");
  CHECK_CHILD("blocked_sender_close", 2, "panic: send on closed channel\n");
  CHECK_CHILD("select_send_closed", 2, "panic: send on closed channel\n");

  CHECK_CHILD("deadlock_main", 2,
              "fatal error: all goroutines are asleep - deadlock!\n\n"
              "goroutine 1 [chan receive]:\n");
  CHECK_CHILD("deadlock_after_exit", 2, "goroutine 1 [chan send]:\n");
  CHECK_CHILD("nil_chan", 2, "goroutine 1 [chan send (nil chan)]:\n");
  child_t *c = run_child("deadlock_all");
  CHECK(c->status == 2, "deadlock_all: status %d\n%s", c->status, c->err);
  const char *want[] = {
      "fatal error: all goroutines are asleep - deadlock!\n",
      "goroutine 1 [select]:\n",
      "[chan receive]:\n\tprog.c:20 (worker)\n",
      "[sync.Mutex.Lock]:\n\tin lock_mu\n",
      "[semacquire]:\n\tin wait_wg\n",
  };
  for (size_t i = 0; i < sizeof want / sizeof *want; i++)
    CHECK(strstr(c->err, want[i]), "deadlock_all: missing \"%s\" in:\n%s",
          want[i], c->err);

  c = run_child("no_deadlock_sleep");
  CHECK(c->status == 0 && strstr(c->out, "got 3") && !strstr(c->err, "fatal"),
        "a sleeping goroutine is not blocked: status %d\n%s", c->status,
        c->err);
  c = run_child("pthread_sends");
  CHECK(c->status == 0 && strstr(c->out, "got 9") && !strstr(c->err, "fatal"),
        "a pthread outside the runtime is not blocked: status %d\n%s",
        c->status, c->err);
  CHECK_CHILD("pthread_leaves", 2, "goroutine 1 [chan receive]:\n");
  c = run_child("no_deadlock_timer");
  CHECK(c->status == 0 && strstr(c->out, "timer") && !strstr(c->err, "fatal"),
        "a pending timer is not a deadlock: status %d\n%s", c->status, c->err);

  c = run_child("leak");
  CHECK(c->status == 0 && strstr(c->out, "main done"),
        "leak: status %d, stdout %s", c->status, c->out);
  CHECK(strstr(c->err, "racelens: 2 goroutines still running at exit:\n") &&
            strstr(c->err, "(worker) started at prog.c:31\n") &&
            strstr(c->err, "(sleeper)\n"),
        "leak report:\n%s", c->err);
  printf("test_panic: ok\n");
  return 0;
}
