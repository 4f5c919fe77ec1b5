/*
 * rt/log/tests/log_trace.c -- RACELENS_TRACE=all logs accesses up to
 * RACELENS_TRACE_LIMIT, then says so once and marks the run truncated;
 * without it nothing is traced.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "log_test.h"
#include "track.h"

#define THREADS 4
#define TRIES 500
#define LIMIT 1000

static _Atomic uint64_t next_seq = 1;
static _Atomic int granted;

static void *access_loop(void *arg) {
  uint32_t gid = (uint32_t)(intptr_t)arg;
  for (int i = 0; i < TRIES; i++) {
    if (!rl_log_trace_ok())
      continue;
    atomic_fetch_add(&granted, 1);
    rl_log_event_t e = {.seq = atomic_fetch_add(&next_seq, 1),
                        .gid = gid,
                        .kind = RL_EV_READ,
                        .site = 2,
                        .value = 0x1000 + (uint64_t)i};
    rl_log_event(&e);
  }
  return NULL;
}

static int child(void) {
  rl_log_init();
  lt_log_sites();
  atomic_store(&next_seq, 100);
  pthread_t t[THREADS];
  for (int i = 0; i < THREADS; i++)
    pthread_create(&t[i], NULL, access_loop, (void *)(intptr_t)(i + 2));
  for (int i = 0; i < THREADS; i++)
    pthread_join(t[i], NULL);
  printf("tracing=%d granted=%d\n", rl_log_tracing(), atomic_load(&granted));
  fprintf(stderr, "granted %d\n", atomic_load(&granted));
  return 0;
}

int main(int argc, char **argv) {
  if (argc >= 2 && !strcmp(argv[1], "child"))
    return child();
  char self[1024], db[700], err[4096], buf[64];
  ssize_t k = readlink("/proc/self/exe", self, sizeof self - 1);
  self[k > 0 ? k : 0] = '\0';
  const char *dir = lt_tmpdir("log_trace");
  snprintf(db, sizeof db, "%s/trace.db", dir);

  const char *all[] = {"RACELENS_TRACE=all", "RACELENS_TRACE_LIMIT=1000", NULL};
  int st = lt_run_child(self, db, all, NULL, 0, err, sizeof err);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "status 0x%x: %s", st, err);
  CHECK(strstr(err, "granted 1000\n"), "limit not kept: %s", err);
  CHECK(strstr(err, "racelens: trace limit of 1000 accesses reached"),
        "message: %s", err);
  const char *first = strstr(err, "racelens:");
  CHECK(first && !strstr(first + 1, "racelens:"), "one message only: %s", err);
  sqlite3 *d = lt_open(db);
  CHECK(!strcmp(lt_text(d, buf, sizeof buf,
                        "SELECT trace_mode FROM runs WHERE run_id=1"),
                "all"),
        "trace_mode %s", buf);
  CHECK(lt_int(d, "SELECT trace_limit FROM runs WHERE run_id=1") == LIMIT,
        "trace_limit");
  CHECK(lt_int(d, "SELECT trace_truncated FROM runs WHERE run_id=1") == 1,
        "trace_truncated");
  CHECK(lt_int(d, "SELECT count(*) FROM events WHERE run_id=1 AND kind=80") ==
            LIMIT,
        "read events");

  /* Default mode: no tracing, nothing truncated. */
  st = lt_run_child(self, db, NULL, NULL, 0, err, sizeof err);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "status 0x%x: %s", st, err);
  CHECK(strstr(err, "granted 0\n") && !strstr(err, "racelens:"),
        "default mode: %s", err);
  CHECK(!strcmp(lt_text(d, buf, sizeof buf,
                        "SELECT trace_mode FROM runs WHERE run_id=2"),
                "sync"),
        "trace_mode %s", buf);
  CHECK(lt_int(d, "SELECT trace_truncated FROM runs WHERE run_id=2") == 0,
        "trace_truncated");
  CHECK(lt_int(d, "SELECT count(*) FROM events WHERE run_id=2 AND kind=80") ==
            0,
        "read events");
  sqlite3_close(d);
  if (lt_failures) {
    fprintf(stderr, "%d failures\n", lt_failures);
    return 1;
  }
  puts("all passed");
  return 0;
}
