/*
 * rt/log/tests/log_threads.c -- many threads log every kind of record at
 * once; afterwards every record is in the database with its values and
 * strings intact.
 *
 * Built against the whole runtime library and against its TSan flavour
 * (rl_add_rt_test), so it also shows the buffers' hand-off is race-free.
 * Threads come and go in two waves, so the second wave reuses the first
 * wave's buffers after rl_log_thread_flush.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log/log.h"
#include "log/log_pack.h"
#include "track.h"
#include <sqlite3.h>

#define THREADS 6
#define EVENTS 10000
#define OBJECTS 300

static void *work(void *arg) {
  uint32_t gid = (uint32_t)(uintptr_t)arg;
  rl_log_goroutine_t g = {.gid = gid,
                          .parent = 1,
                          .kind = "goroutine",
                          .start_func = gid % 2 ? "odd_worker" : "even_worker",
                          .go_seq = gid};
  rl_log_goroutine(&g);
  for (uint32_t i = 0; i < EVENTS; i++) {
    rl_log_event_t e = {.seq = (uint64_t)gid << 32 | i,
                        .gid = gid,
                        .kind = RL_EV_SEND,
                        .obj = gid,
                        .value = (uint64_t)i * 3,
                        .clock = i};
    rl_log_event(&e);
    if (i < OBJECTS) {
      char name[64];
      /* names of varying length, some long, exercise the string copy */
      snprintf(name, sizeof name, "obj-%u-%u-%.*s", gid, i, (int)(i % 40),
               "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
      rl_log_object_t o = {.obj_id = (uint64_t)gid * 1000 + i,
                           .kind = RL_OBJ_HEAP,
                           .name = name,
                           .size = i};
      rl_log_object(&o);
      rl_log_stack_node(gid * 1000 + i, i ? gid * 1000 + i - 1 : 0, 1, 2);
    }
  }
  char var[64];
  snprintf(var, sizeof var, "global `counter%u`", gid);
  rl_log_race_t r = {.race_id = gid,
                     .var = var,
                     .first = true,
                     .cur = {.gid = gid, .kind = RL_SITE_WRITE, .size = 4},
                     .prev = {.gid = 1, .kind = RL_SITE_READ, .size = 4}};
  rl_log_race(&r);
  rl_log_access_counts(gid, 7, gid, 2 * gid, 3);
  rl_log_goroutine_end(gid, (uint64_t)gid << 32 | EVENTS, 42);
  rl_log_thread_flush();
  return NULL;
}

static int failures;
#define CHECK(cond, ...)                                                       \
  do {                                                                         \
    if (!(cond)) {                                                             \
      failures++;                                                              \
      fprintf(stderr, "FAIL line %d: ", __LINE__);                             \
      fprintf(stderr, __VA_ARGS__);                                            \
      fputc('\n', stderr);                                                     \
    }                                                                          \
  } while (0)

static long long q(sqlite3 *db, const char *sql) {
  sqlite3_stmt *st;
  long long v = -1;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
    CHECK(0, "%s: %s", sql, sqlite3_errmsg(db));
    return -2;
  }
  if (sqlite3_step(st) == SQLITE_ROW)
    v = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return v;
}

int main(int argc, char **argv) {
  /* Named after the executable: the plain and the TSan build run side by
   * side under ctest -j and must not share (and delete) one database. */
  const char *self = argc > 0 ? strrchr(argv[0], '/') : NULL;
  self = self ? self + 1 : argc > 0 ? argv[0] : "log_threads";
  char path[256], side[270];
  snprintf(path, sizeof path, "%s.db", self);
  remove(path);
  snprintf(side, sizeof side, "%s-wal", path);
  remove(side);
  snprintf(side, sizeof side, "%s-shm", path);
  remove(side);
  setenv("RACELENS_DB", path, 1);
  rl_log_init();
  CHECK(rl_log_active(), "log not active");
  for (int wave = 0; wave < 2; wave++) {
    pthread_t t[THREADS];
    for (uint32_t i = 0; i < THREADS; i++)
      pthread_create(&t[i], NULL, work,
                     (void *)(uintptr_t)(2 + wave * THREADS + i));
    for (int i = 0; i < THREADS; i++)
      pthread_join(t[i], NULL);
  }
  rl_log_end("exited", 66, 0, 2 * THREADS);
  rl_log_end("exited", 1, 0, 0); /* idempotent: the first end stands */
  CHECK(!rl_log_active(), "still active after the end");

  sqlite3 *db;
  uint64_t moved = 0;
  if (sqlite3_open(path, &db) != SQLITE_OK ||
      rl_unpack_db(db, &moved) != SQLITE_OK) {
    fprintf(stderr, "cannot open and unpack %s\n", path);
    return 1;
  }
  CHECK(moved == 2 * THREADS * EVENTS, "unpacked %llu events",
        (unsigned long long)moved);
  const long long n = 2 * THREADS;
  CHECK(q(db, "SELECT count(*) FROM events") == n * EVENTS, "events");
  CHECK(q(db, "SELECT events_counted FROM runs") == n * EVENTS, "counted");
  CHECK(q(db, "SELECT complete FROM runs") == 1, "complete");
  CHECK(q(db, "SELECT exit_code FROM runs") == 66, "exit code");
  CHECK(q(db, "SELECT races FROM runs") == n, "races");
  CHECK(q(db, "SELECT count(*) FROM events WHERE value != (seq & 4294967295)"
              " * 3 OR obj != gid OR clock != (seq & 4294967295)") == 0,
        "event values");
  CHECK(q(db, "SELECT count(*) FROM objects") == n * OBJECTS, "objects");
  CHECK(q(db, "SELECT count(*) FROM objects WHERE name != 'obj-' ||"
              " (obj_id / 1000) || '-' || (obj_id % 1000) || '-' ||"
              " substr('xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 1,"
              " (obj_id % 1000) % 40)") == 0,
        "object names");
  CHECK(q(db, "SELECT count(*) FROM stack_nodes") == n * OBJECTS, "stacks");
  CHECK(q(db, "SELECT count(*) FROM stack_frames WHERE stack_id = 2299") ==
            OBJECTS,
        "stack depth");
  CHECK(q(db, "SELECT count(*) FROM races WHERE var = 'global `counter' ||"
              " race_id || '`' AND cur_kind = 'write'"
              " AND prev_kind = 'read'") == n,
        "races");
  CHECK(q(db, "SELECT count(*) FROM goroutines WHERE end_ns = 42 AND"
              " exit_seq = (gid << 32) + 10000 AND start_func ="
              " CASE gid % 2 WHEN 1 THEN 'odd_worker' ELSE 'even_worker'"
              " END") == n,
        "goroutines");
  CHECK(q(db, "SELECT sum(reads) FROM access_counts") == (n + 3) * n / 2,
        "access counts");
  CHECK(q(db, "SELECT count(*) FROM event_kinds") > 40, "event kinds");
  sqlite3_close(db);
  if (failures)
    return 1;
  puts("all passed");
  return 0;
}
