/*
 * rt/log/tests/log_test.c -- helpers for the event-log tests (log_test.h).
 */
#include "log_test.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "log/log_int.h"
#include "log/log_pack.h"
#include "track.h"

int lt_failures;

sqlite3 *lt_open(const char *path) {
  sqlite3 *db = NULL;
  if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
    CHECK(0, "cannot open %s: %s", path, db ? sqlite3_errmsg(db) : "?");
    sqlite3_close(db);
    return NULL;
  }
  sqlite3_busy_timeout(db, 10000);
  /* What the run packed becomes rows, as `racelens` would do first. */
  uint64_t moved;
  int rc = rl_unpack_db(db, &moved);
  CHECK(rc == SQLITE_OK, "cannot unpack %s: %s", path, sqlite3_errstr(rc));
  return db;
}

static sqlite3_stmt *run_query(sqlite3 *db, const char *fmt, va_list ap) {
  char sql[2048];
  vsnprintf(sql, sizeof sql, fmt, ap);
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
    CHECK(0, "%s: %s", sql, sqlite3_errmsg(db));
    return NULL;
  }
  return st;
}

int64_t lt_int(sqlite3 *db, const char *fmt, ...) {
  if (!db)
    return -2;
  va_list ap;
  va_start(ap, fmt);
  sqlite3_stmt *st = run_query(db, fmt, ap);
  va_end(ap);
  if (!st)
    return -2;
  int64_t v = -1;
  if (sqlite3_step(st) == SQLITE_ROW &&
      sqlite3_column_type(st, 0) != SQLITE_NULL)
    v = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return v;
}

const char *lt_text(sqlite3 *db, char *buf, size_t cap, const char *fmt, ...) {
  buf[0] = '\0';
  if (!db)
    return buf;
  va_list ap;
  va_start(ap, fmt);
  sqlite3_stmt *st = run_query(db, fmt, ap);
  va_end(ap);
  if (!st)
    return buf;
  if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
    snprintf(buf, cap, "%s", (const char *)sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  return buf;
}

bool lt_put_pack(sqlite3 *db, int64_t run, int64_t events, const void *data,
                 size_t n, int format) {
  sqlite3_stmt *st;
  sqlite3_prepare_v2(db,
                     "INSERT INTO event_packs(run_id, pack_id, events, data,"
                     " format) VALUES(?1, 1, ?2, ?3, ?4)",
                     -1, &st, NULL);
  sqlite3_bind_int64(st, 1, run);
  sqlite3_bind_int64(st, 2, events);
  sqlite3_bind_blob(st, 3, data, (int)n, SQLITE_TRANSIENT);
  sqlite3_bind_int(st, 4, format);
  bool ok = sqlite3_step(st) == SQLITE_DONE;
  CHECK(ok, "storing a pack: %s", sqlite3_errmsg(db));
  sqlite3_finalize(st);
  return ok;
}

const char *lt_tmpdir(const char *name) {
  static char path[512];
  snprintf(path, sizeof path, "%s.tmp", name);
  char cmd[600];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", path);
  if (system(cmd) != 0 || mkdir(path, 0777) != 0) {
    fprintf(stderr, "cannot make %s: %s\n", path, strerror(errno));
    exit(2);
  }
  return path;
}

void lt_check_no_file_like(const char *dir, const char *part) {
  DIR *d = opendir(dir);
  CHECK(d != NULL, "cannot read %s", dir);
  for (struct dirent *e; d && (e = readdir(d));)
    CHECK(!strstr(e->d_name, part), "%s/%s is there", dir, e->d_name);
  if (d)
    closedir(d);
}

sqlite3 *lt_schema_db(const char *name, const char *file) {
  char path[700], why[256];
  snprintf(path, sizeof path, "%s/%s", lt_tmpdir(name), file);
  unlink(path);
  sqlite3 *db = rl_schema_open(path, why, sizeof why);
  CHECK(db != NULL, "%s: %s", path, why);
  return db;
}

int lt_run_child(const char *self, const char *db, const char *const *env,
                 const char *const *args, int ready_sig, char *err,
                 size_t errcap) {
  int out[2], errp[2];
  if (pipe(out) != 0 || pipe(errp) != 0) {
    perror("pipe");
    exit(2);
  }
  pid_t pid = fork();
  if (pid == 0) {
    dup2(out[1], 1);
    dup2(errp[1], 2);
    close(out[0]);
    close(errp[0]);
    setenv("RACELENS_DB", db, 1);
    for (int i = 0; env && env[i]; i++)
      putenv((char *)env[i]);
    const char *argv[16] = {self, "child"};
    int n = 2;
    for (int i = 0; args && args[i] && n < 15; i++)
      argv[n++] = args[i];
    argv[n] = NULL;
    execv(self, (char *const *)argv);
    _exit(127);
  }
  close(out[1]);
  close(errp[1]);
  if (ready_sig) {
    char c;
    if (read(out[0], &c, 1) == 1)
      kill(pid, ready_sig);
  }
  size_t n = 0;
  for (;;) {
    char tmp[4096];
    ssize_t k = read(errp[0], tmp, sizeof tmp);
    if (k <= 0)
      break;
    if (err && n + 1 < errcap) {
      size_t take = (size_t)k < errcap - 1 - n ? (size_t)k : errcap - 1 - n;
      memcpy(err + n, tmp, take);
      n += take;
    }
  }
  if (err)
    err[n] = '\0';
  close(out[0]);
  close(errp[0]);
  int status;
  while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
    ;
  return status;
}

/* ---- the workload ------------------------------------------------------- */

static rl_site_t sites[] = {
    {.kind = RL_SITE_CALL,
     .line = 10,
     .col = 3,
     .file = "prog.c",
     .func = "main",
     .callee = "chan_send",
     .expr = "ch"},
    {.kind = RL_SITE_WRITE,
     .size = 4,
     .line = 20,
     .col = 5,
     .file = "prog.c",
     .func = "worker",
     .expr = "counter"},
    {.kind = RL_SITE_ATOMIC_RMW,
     .size = 8,
     .order = RL_SEQ_CST,
     .line = 30,
     .file = "prog.c",
     .func = "worker",
     .expr = "hits"},
};

void lt_log_sites(void) {
  for (uint32_t i = 0; i < 3; i++)
    sites[i].id = i + 1;
  rl_log_sites(sites, 3);
  rl_log_goroutine_t g = {.gid = 1, .kind = "main", .start_func = "main"};
  rl_log_goroutine(&g);
  for (uint64_t i = 1; i <= LT_MAIN_EVENTS; i++) {
    rl_log_event_t e = {.seq = i, .gid = 1, .kind = RL_EV_SLEEP, .value = i};
    rl_log_event(&e);
  }
}

enum { MAX_WORKERS = 16 };
static pthread_t workers[MAX_WORKERS];
static int nworkers;
static uint64_t per_thread_n;
static bool park;
static _Atomic uint64_t logged[MAX_WORKERS];

static void *worker(void *arg) {
  int idx = (int)(intptr_t)arg;
  uint32_t gid = (uint32_t)idx + 2;
  rl_log_goroutine_t g = {.gid = gid,
                          .parent = 1,
                          .kind = "goroutine",
                          .start_func = "worker",
                          .create_site = 1};
  rl_log_goroutine(&g);
  uint64_t limit = per_thread_n ? per_thread_n : 50000000;
  for (uint64_t i = 0; i < limit; i++) {
    rl_log_event_t e = {.seq = (uint64_t)gid * 100000000u + i,
                        .gid = gid,
                        .kind = RL_EV_MUTEX_LOCK,
                        .site = 2,
                        .obj = 7,
                        .value = i,
                        .clock = i + 1};
    rl_log_event(&e);
    atomic_store_explicit(&logged[idx], i + 1, memory_order_relaxed);
  }
  if (park) {
    /* Stay alive with a partly filled, never flushed buffer: only the
     * final drain can find these events. */
    struct timespec ts = {1, 0};
    for (;;)
      nanosleep(&ts, NULL);
  }
  rl_log_goroutine_end(gid, (uint64_t)gid * 100000000u + limit, 1);
  rl_log_thread_flush();
  return NULL;
}

void lt_start_workers(int threads, uint64_t per_thread, bool park_after) {
  per_thread_n = per_thread;
  park = park_after;
  nworkers = threads < MAX_WORKERS ? threads : MAX_WORKERS;
  for (int i = 0; i < nworkers; i++)
    pthread_create(&workers[i], NULL, worker, (void *)(intptr_t)i);
}

void lt_join_workers(void) {
  for (int i = 0; i < nworkers; i++)
    pthread_join(workers[i], NULL);
}

void lt_wait_logged(uint64_t n) {
  struct timespec ts = {0, 1000000};
  for (int i = 0; i < nworkers; i++)
    while (atomic_load(&logged[i]) < n)
      nanosleep(&ts, NULL);
}
