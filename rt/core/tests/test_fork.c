/*
 * rt/core/tests/test_fork.c -- a program with goroutines that calls fork():
 * the child, where only the forking thread exists, can start goroutines,
 * wait for them and for a timer made before the fork; and when other
 * goroutines were running, it says so, and waiting for one of them is a
 * deadlock the detector reports instead of a hang.
 *
 * Each case runs in a child process of its own (run_child), which forks
 * again; it waits for that grandchild at most 10 s, kills it when it hangs,
 * and prints "grandchild: <status>".  fork() after threads is beyond
 * ThreadSanitizer ("starting new threads after multi-threaded fork is not
 * supported"): under TSan the cases are skipped.
 */
#include <signal.h>
#include <stdatomic.h>

#include "harness.h"

static waitgroup_t wg;
static atomic_int done_count;

static void count_one(void *p) {
  (void)p;
  atomic_fetch_add(&done_count, 1);
  wg_done(&wg);
}

/* Four goroutines started and waited for: their threads are then idle in
 * the pool. */
static void four_goroutines(void) {
  for (int i = 0; i < 4; i++) {
    wg_add(&wg, 1);
    go(count_one, NULL);
  }
  wg_wait(&wg);
}

static void wait_on(void *p) {
  chan_recv((chan_t *)p, NULL);
}

/* The grandchild's status, or "hung" when it was killed after 10 s. */
static int wait_grandchild(pid_t pid) {
  for (int i = 0; i < 1000; i++) {
    int st;
    if (waitpid(pid, &st, WNOHANG) == pid) {
      printf("grandchild: %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
      return 0;
    }
    usleep(10000);
  }
  kill(pid, SIGKILL);
  waitpid(pid, NULL, 0);
  printf("grandchild: hung\n");
  return 0;
}

static int child(const char *mode) {
  four_goroutines();
  chan_t *timer = NULL, *never = NULL;
  if (!strcmp(mode, "timer"))
    timer = after_ms(50);
  if (!strcmp(mode, "blocked")) {
    never = chan_make(0, 0);
    go(wait_on, never); /* blocked in the parent when it forks */
    usleep(20000);
  }
  fflush(NULL);
  pid_t pid = fork();
  if (pid == 0) {
    if (never) /* only the blocked goroutine would have sent: deadlock */
      chan_recv(chan_make(0, 0), NULL);
    four_goroutines();
    if (timer)
      chan_recv(timer, NULL);
    exit(atomic_load(&done_count) == 8 ? 0 : 3);
  }
  if (never)
    chan_close(never);
  return wait_grandchild(pid);
}

int main(int argc, char **argv) {
  if (argc == 3 && !strcmp(argv[1], "child"))
    return child(argv[2]);
  if (UNDER_TSAN) {
    printf("test_fork: skipped under ThreadSanitizer\n");
    return 0;
  }
  /* Idle pooled threads at the fork: the child's goroutines run. */
  child_t *c = run_child("idle");
  CHECK(strstr(c->out, "grandchild: 0\n") && !strstr(c->err, "racelens:"),
        "idle: %s%s", c->out, c->err);
  /* A timer made before the fork fires in the child. */
  c = run_child("timer");
  CHECK(strstr(c->out, "grandchild: 0\n"), "timer: %s%s", c->out, c->err);
  /* A goroutine blocked at the fork: the child says it is gone, and waiting
   * for what only it could send is the deadlock error. */
  c = run_child("blocked");
  CHECK(strstr(c->out, "grandchild: 2\n") &&
            strstr(c->err, "racelens: fork() with 1 other goroutine running: "
                           "the child has only the one that called fork\n") &&
            strstr(c->err, "all goroutines are asleep - deadlock!"),
        "blocked: %s%s", c->out, c->err);
  printf("test_fork: ok\n");
  return 0;
}
