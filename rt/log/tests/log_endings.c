/*
 * rt/log/tests/log_endings.c -- nothing accepted is lost, however the
 * program ends.
 *
 * For each way a program can end (return from main, exit from a thread, a
 * panic or deadlock through rl_log_end, abort, SIGSEGV, a stack overflow,
 * SIGFPE, SIGINT, SIGPIPE, SIGHUP, SIGQUIT, SIGALRM, SIGTERM, SIGKILL) a
 * child process logs from four threads and ends that way; the parent then
 * reads the database: the exit status is the real one, the run row says
 * how it ended, and runs.events_counted equals the number of event rows --
 * and the number logged: abort, the SIGSEGVs (a bad pointer in a thread, a
 * stack overflow in main, handled on the alternate stack) and the other
 * signals come while the workers sit on unflushed buffers, so only the
 * final drain can find their events; SIGTERM and the panic come while the
 * workers are logging flat out.  SIGPIPE is the child's own write to a
 * pipe nobody reads (`prog | head -1`).
 *
 *   log_endings                 every ending, one child each
 *   log_endings concurrent      four processes into one database at once
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "log_test.h"
#include "track.h"

#define N 25000u /* events per worker in the endings that can count */
#define WORKERS 4

/* ---- the child ---------------------------------------------------------- */

static void *exit_from_thread(void *arg) {
  (void)arg;
  for (uint64_t i = 0; i < N; i++) {
    rl_log_event_t e = {.seq = 9000000000u + i, .gid = 9, .kind = RL_EV_SEND};
    rl_log_event(&e);
  }
  exit(3);
}

static void *panic_from_thread(void *arg) {
  (void)arg;
  rl_log_end("panic", 2, 0, 0);
  exit(2);
}

static void *segv_from_thread(void *arg) {
  volatile int *p = arg;
  *p = 1;
  return NULL;
}

/* Not a tail call and not foldable: every level keeps a frame.  The
 * bound is far past any stack limit; it only keeps the compiler from
 * calling the recursion infinite. */
static int recurse(volatile char *up, long depth) {
  volatile char frame[256];
  frame[0] = (char)depth;
  frame[255] = up ? up[0] : 0;
  if (depth > (1L << 40))
    return frame[0];
  return recurse(frame, depth + 1) + frame[255];
}

static void tell_parent_ready(void) {
  fputs("ready\n", stdout);
  fflush(stdout);
  for (;;)
    pause();
}

static int child(const char *how) {
  struct rlimit no_core = {0, 0};
  setrlimit(RLIMIT_CORE, &no_core);
  rl_log_init();
  if (!rl_log_active()) {
    fprintf(stderr, "log not active\n");
    return 100;
  }
  lt_log_sites();
  bool counted = !strcmp(how, "return") || !strcmp(how, "exit_thread") ||
                 !strcmp(how, "deadlock");
  /* These die while the workers hold unflushed events; the others die
   * while the workers are still logging as fast as they can. */
  bool parked = !counted && strcmp(how, "panic") && strcmp(how, "sigterm");
  lt_start_workers(WORKERS, counted || parked ? N : 0, parked);
  pthread_t t;
  if (counted) {
    lt_join_workers();
    if (!strcmp(how, "return"))
      return 0;
    if (!strcmp(how, "deadlock")) {
      rl_log_end("deadlock", 2, 0, 0);
      exit(2);
    }
    pthread_create(&t, NULL, exit_from_thread, NULL);
    pthread_join(t, NULL);
    return 99;
  }
  lt_wait_logged(parked ? N : 2000);
  if (!strcmp(how, "panic")) {
    pthread_create(&t, NULL, panic_from_thread, NULL);
    pthread_join(t, NULL);
  } else if (!strcmp(how, "abort")) {
    abort();
  } else if (!strcmp(how, "fpe")) {
    /* Both volatile: clang turns 1 / x into compares, no division. */
    volatile int num = 7, zero = 0;
    return num / zero;
  } else if (!strcmp(how, "stack_overflow")) {
    /* The handler must run on the alternate stack of the main thread. */
    return recurse(NULL, 0);
  } else if (!strcmp(how, "segv")) {
    pthread_create(&t, NULL, segv_from_thread, NULL);
    pthread_join(t, NULL);
  } else if (!strcmp(how, "sigpipe")) {
    /* What `prog | head -1` does once head is gone. */
    int fd[2];
    if (pipe(fd) == 0 && close(fd[0]) == 0)
      (void)!write(fd[1], "x", 1);
  } else {
    tell_parent_ready();
  }
  return 99;
}

/* ---- the parent --------------------------------------------------------- */

typedef struct ending {
  const char *how;
  int send; /* signal the parent sends once the child is ready */
  int code; /* expected exit code, or -1 */
  int sig;  /* expected terminating signal, or 0 */
  const char *status;
  uint64_t events; /* exact count expected, 0: not known in advance */
} ending_t;

static const ending_t endings[] = {
    {"return", 0, 0, 0, "exited", WORKERS *N + LT_MAIN_EVENTS},
    {"exit_thread", 0, 3, 0, "exited", (WORKERS + 1) * N + LT_MAIN_EVENTS},
    {"deadlock", 0, 2, 0, "deadlock", WORKERS *N + LT_MAIN_EVENTS},
    {"panic", 0, 2, 0, "panic", 0},
    {"abort", 0, -1, SIGABRT, "signal", WORKERS *N + LT_MAIN_EVENTS},
    {"segv", 0, -1, SIGSEGV, "signal", WORKERS *N + LT_MAIN_EVENTS},
    {"fpe", 0, -1, SIGFPE, "signal", WORKERS *N + LT_MAIN_EVENTS},
    {"stack_overflow", 0, -1, SIGSEGV, "signal", WORKERS *N + LT_MAIN_EVENTS},
    {"sigint", SIGINT, -1, SIGINT, "signal", WORKERS *N + LT_MAIN_EVENTS},
    {"sigpipe", 0, -1, SIGPIPE, "signal", WORKERS *N + LT_MAIN_EVENTS},
    {"sighup", SIGHUP, -1, SIGHUP, "signal", WORKERS *N + LT_MAIN_EVENTS},
    {"sigquit", SIGQUIT, -1, SIGQUIT, "signal", WORKERS *N + LT_MAIN_EVENTS},
    {"sigalrm", SIGALRM, -1, SIGALRM, "signal", WORKERS *N + LT_MAIN_EVENTS},
    {"sigterm", SIGTERM, -1, SIGTERM, "signal", 0},
    {"sigkill", SIGKILL, -1, SIGKILL, "running", 0},
};

static void check_run(sqlite3 *db, const ending_t *e, int64_t run) {
  char buf[256];
  const char *how = e->how;
  CHECK(!strcmp(lt_text(db, buf, sizeof buf,
                        "SELECT status FROM runs WHERE run_id=%lld",
                        (long long)run),
                e->status),
        "%s: status '%s', want '%s'", how, buf, e->status);
  int64_t rows = lt_int(db, "SELECT count(*) FROM events WHERE run_id=%lld",
                        (long long)run);
  if (e->sig == SIGKILL) {
    CHECK(!strcmp(lt_text(db, buf, sizeof buf, "PRAGMA integrity_check"), "ok"),
          "%s: integrity_check says %s", how, buf);
    CHECK(lt_int(db, "SELECT complete FROM runs WHERE run_id=%lld",
                 (long long)run) == 0,
          "%s: complete", how);
    CHECK(lt_int(db, "SELECT end_ns FROM runs WHERE run_id=%lld",
                 (long long)run) == -1,
          "%s: end_ns set", how);
    return;
  }
  int64_t counted = lt_int(
      db, "SELECT events_counted FROM runs WHERE run_id=%lld", (long long)run);
  CHECK(counted == rows, "%s: events_counted %lld, event rows %lld", how,
        (long long)counted, (long long)rows);
  CHECK(lt_int(db, "SELECT events_written FROM runs WHERE run_id=%lld",
               (long long)run) == rows,
        "%s: events_written", how);
  if (e->events)
    CHECK(rows == (int64_t)e->events, "%s: %lld event rows, logged %llu", how,
          (long long)rows, (unsigned long long)e->events);
  else
    CHECK(rows >= WORKERS * 2000 + LT_MAIN_EVENTS, "%s: only %lld event rows",
          how, (long long)rows);
  CHECK(lt_int(db, "SELECT complete FROM runs WHERE run_id=%lld",
               (long long)run) == 1,
        "%s: not complete", how);
  if (e->sig)
    CHECK(lt_int(db, "SELECT signal FROM runs WHERE run_id=%lld",
                 (long long)run) == e->sig,
          "%s: signal column", how);
  else
    CHECK(lt_int(db, "SELECT exit_code FROM runs WHERE run_id=%lld",
                 (long long)run) == e->code,
          "%s: exit_code", how);
  CHECK(!strcmp(lt_text(db, buf, sizeof buf,
                        "SELECT start_func FROM goroutines"
                        " WHERE run_id=%lld AND gid=2",
                        (long long)run),
                "worker"),
        "%s: goroutine 2 start_func '%s'", how, buf);
}

static void check_status(const ending_t *e, int status, const char *err) {
  if (e->sig)
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == e->sig,
          "%s: wait status 0x%x, want signal %d; stderr: %s", e->how, status,
          e->sig, err);
  else
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == e->code,
          "%s: wait status 0x%x, want exit %d; stderr: %s", e->how, status,
          e->code, err);
}

static void run_endings(const char *self) {
  const char *dir = lt_tmpdir("log_endings");
  for (size_t i = 0; i < sizeof endings / sizeof *endings; i++) {
    const ending_t *e = &endings[i];
    char db_path[600], err[8192];
    snprintf(db_path, sizeof db_path, "%s/%s.db", dir, e->how);
    const char *args[] = {e->how, NULL};
    int status =
        lt_run_child(self, db_path, NULL, args, e->send, err, sizeof err);
    check_status(e, status, err);
    CHECK(!strstr(err, "racelens:"), "%s: unexpected message: %s", e->how, err);
    sqlite3 *db = lt_open(db_path);
    if (!db)
      continue;
    check_run(db, e, lt_int(db, "SELECT max(run_id) FROM runs"));
    sqlite3_close(db);
    printf("%s: %s\n", lt_failures ? "so far FAIL" : "ok", e->how);
  }
}

/* Several processes at once: each run lands whole. */
static void run_concurrent(const char *self) {
  enum { PROCS = 4 };
  const char *dir = lt_tmpdir("log_concurrent");
  char db_path[600];
  snprintf(db_path, sizeof db_path, "%s/shared.db", dir);
  pid_t pids[PROCS];
  for (int i = 0; i < PROCS; i++) {
    pids[i] = fork();
    if (pids[i] == 0) {
      char err[4096];
      const char *args[] = {"return", NULL};
      int st = lt_run_child(self, db_path, NULL, args, 0, err, sizeof err);
      if (err[0])
        fprintf(stderr, "child %d: %s", i, err);
      _exit(WIFEXITED(st) ? WEXITSTATUS(st) : 100);
    }
  }
  for (int i = 0; i < PROCS; i++) {
    int st;
    waitpid(pids[i], &st, 0);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "process %d: status 0x%x", i,
          st);
  }
  sqlite3 *db = lt_open(db_path);
  CHECK(lt_int(db, "SELECT count(*) FROM runs WHERE status='exited'"
                   " AND complete=1") == PROCS,
        "not every run complete");
  for (int i = 0; i < PROCS; i++) {
    const ending_t *e = &endings[0];
    int64_t run = lt_int(db,
                         "SELECT run_id FROM runs ORDER BY run_id"
                         " LIMIT 1 OFFSET %d",
                         i);
    check_run(db, e, run);
  }
  CHECK(lt_int(db, "SELECT count(DISTINCT pid) FROM runs") == PROCS, "pids");
  sqlite3_close(db);
  /* They all started in a new file: one made it from the template, the
   * others found it there, and none left its private copy behind. */
  lt_check_no_file_like(dir, ".new");
}

int main(int argc, char **argv) {
  if (argc >= 3 && !strcmp(argv[1], "child"))
    return child(argv[2]);
  char self[1024];
  ssize_t k = readlink("/proc/self/exe", self, sizeof self - 1);
  self[k > 0 ? k : 0] = '\0';
  if (argc >= 2 && !strcmp(argv[1], "concurrent"))
    run_concurrent(self);
  else
    run_endings(self);
  if (lt_failures) {
    fprintf(stderr, "%d failures\n", lt_failures);
    return 1;
  }
  puts("all passed");
  return 0;
}
