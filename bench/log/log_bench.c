/*
 * bench/log/log_bench.c -- how fast events get into the database.
 *
 *   log_bench loop DB N       a plain SQLite loop: one prepared INSERT into
 *                             the same events table, WAL, synchronous=NORMAL,
 *                             20,000 rows per COMMIT -- the yardstick
 *   log_bench loop_index_after DB N
 *                             the same without the two events indexes,
 *                             created after the inserts (is deferring them
 *                             worth it?)
 *   log_bench log DB N T      the event log: T threads call rl_log_event
 *                             N/T times each, then rl_log_end
 *
 * Both print one line of key=value figures.  The log's figure that counts
 * is events per second from the first event to the end of rl_log_end (all
 * packs committed); it also reports what the program's threads paid per
 * call (their CPU time), how long rl_log_end took to finish flushing, and
 * what unpacking the run into rows then takes (rl_unpack_db, what the
 * first `racelens` command on the file does).
 * On a shared machine wall time mostly measures the neighbours, so both
 * modes also report events per CPU second of the whole process.
 */
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "log/log.h"
#include "log/log_pack.h"
#include "track.h"

static double now_s(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* The machine is shared: CPU time says more than wall time about cost. */
static double thread_cpu_s(void) {
  struct timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double process_cpu_s(void) {
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static long long file_size(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 ? (long long)st.st_size : 0;
}

static int die(sqlite3 *db, const char *what) {
  fprintf(stderr, "log_bench: %s: %s\n", what, sqlite3_errmsg(db));
  return 1;
}

/* The event a program would log: a mutex lock with a peer and a site, and
 * one in four a channel send (those also go into the channel index). */
static void fill(rl_log_event_t *e, uint64_t seq, uint32_t gid) {
  memset(e, 0, sizeof *e);
  e->seq = seq;
  e->gid = gid;
  e->kind = seq % 4 ? RL_EV_MUTEX_LOCK : RL_EV_SEND;
  e->site = (uint32_t)(seq % 97) + 1;
  e->stack = (uint32_t)(seq % 13) + 1;
  e->obj = seq % 31 + 1;
  e->peer = seq > 2 ? seq - 2 : 0;
  e->clock = seq / 4 + 1;
  e->ts = 1000000000u + seq * 37;
}

static int run_loop(const char *path, uint64_t n, bool index_after) {
  /* The same schema the log creates: let the log create it, empty. */
  setenv("RACELENS_DB", path, 1);
  rl_log_init();
  rl_log_end("exited", 0, 0, 0);
  sqlite3 *db;
  /* The same connection flags as the log's writer: a single-threaded loop
   * needs no per-call mutex either. */
  if (sqlite3_open_v2(path, &db,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                          SQLITE_OPEN_NOMUTEX,
                      NULL) != SQLITE_OK)
    return die(db, "open");
  sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL", NULL,
               NULL, NULL);
  if (index_after &&
      sqlite3_exec(db, "DROP INDEX events_by_gid; DROP INDEX events_by_chan",
                   NULL, NULL, NULL) != SQLITE_OK)
    return die(db, "drop index");
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(db,
                         "INSERT INTO events VALUES"
                         "(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14)",
                         -1, &st, NULL) != SQLITE_OK)
    return die(db, "prepare");
  double t0 = now_s(), c0 = process_cpu_s();
  sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
  for (uint64_t i = 1; i <= n; i++) {
    rl_log_event_t e;
    fill(&e, i, (uint32_t)(i % 4) + 1);
    sqlite3_bind_int64(st, 1, 1);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)e.seq);
    sqlite3_bind_int64(st, 3, e.gid);
    sqlite3_bind_int(st, 4, e.kind);
    sqlite3_bind_int64(st, 5, (sqlite3_int64)e.obj);
    sqlite3_bind_int64(st, 6, e.site);
    sqlite3_bind_int64(st, 7, e.stack);
    sqlite3_bind_int64(st, 8, (sqlite3_int64)e.peer);
    sqlite3_bind_int64(st, 9, (sqlite3_int64)e.value);
    sqlite3_bind_null(st, 10);
    sqlite3_bind_int64(st, 11, (sqlite3_int64)e.aux);
    sqlite3_bind_int64(st, 12, (sqlite3_int64)e.clock);
    sqlite3_bind_int64(st, 13, (sqlite3_int64)e.ts);
    sqlite3_bind_int64(st, 14, (sqlite3_int64)e.dur_ns);
    if (sqlite3_step(st) != SQLITE_DONE)
      return die(db, "insert");
    sqlite3_reset(st);
    if (i % 20000 == 0) {
      sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
      sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    }
  }
  if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    return die(db, "commit");
  sqlite3_finalize(st);
  double t_ins = now_s() - t0;
  if (index_after &&
      sqlite3_exec(db,
                   "CREATE INDEX events_by_gid ON events(run_id, gid, seq);"
                   "CREATE INDEX events_by_chan ON events(run_id, obj, seq)"
                   " WHERE kind BETWEEN 10 AND 19",
                   NULL, NULL, NULL) != SQLITE_OK)
    return die(db, "create index");
  double t = now_s() - t0, cpu = process_cpu_s() - c0;
  sqlite3_close(db);
  printf("mode=%s events=%llu seconds=%.3f insert_s=%.3f events_per_s=%.0f"
         " cpu_s=%.3f events_per_cpu_s=%.0f\n",
         index_after ? "loop_index_after" : "loop", (unsigned long long)n, t,
         t_ins, (double)n / t, cpu, (double)n / cpu);
  return 0;
}

typedef struct producer {
  uint32_t gid;
  uint64_t first, count;
  double seconds;
} producer_t;

static void *produce(void *arg) {
  producer_t *p = arg;
  double t0 = thread_cpu_s();
  for (uint64_t i = 0; i < p->count; i++) {
    rl_log_event_t e;
    fill(&e, p->first + i, p->gid);
    rl_log_event(&e);
  }
  p->seconds = thread_cpu_s() - t0;
  rl_log_thread_flush();
  return NULL;
}

static int run_log(const char *path, uint64_t n, int threads) {
  setenv("RACELENS_DB", path, 1);
  rl_log_init();
  if (!rl_log_active())
    return 1;
  producer_t p[64];
  pthread_t t[64];
  if (threads < 1 || threads > 64)
    threads = 1;
  uint64_t per = n / (uint64_t)threads;
  double t0 = now_s(), c0 = process_cpu_s();
  for (int i = 0; i < threads; i++) {
    p[i] = (producer_t){(uint32_t)i + 1, 1 + per * (uint64_t)i, per, 0};
    pthread_create(&t[i], NULL, produce, &p[i]);
  }
  double call_s = 0;
  for (int i = 0; i < threads; i++) {
    pthread_join(t[i], NULL);
    call_s += p[i].seconds;
  }
  double t1 = now_s();
  rl_log_end("exited", 0, 0, 0);
  double t2 = now_s(), cpu = process_cpu_s() - c0;
  uint64_t total = per * (uint64_t)threads;
  char wal[600];
  snprintf(wal, sizeof wal, "%s-wal", path);
  long long bytes = file_size(path) + file_size(wal);

  /* What the run stored: its packs.  The files on disk are more: the
   * write-ahead log keeps the size it grew to (64 MiB between in-run
   * checkpoints) after its pages went into the main file. */
  sqlite3 *db = NULL;
  sqlite3_stmt *st = NULL;
  if (sqlite3_open(path, &db) != SQLITE_OK ||
      sqlite3_prepare_v2(db, "SELECT total(length(data)) FROM event_packs", -1,
                         &st, NULL) != SQLITE_OK ||
      sqlite3_step(st) != SQLITE_ROW)
    return die(db, "pack size");
  double packed = sqlite3_column_double(st, 0);
  sqlite3_finalize(st);

  /* What the first `racelens` command then pays: the rows, once. */
  uint64_t moved = 0;
  double u0 = now_s();
  if (rl_unpack_db(db, &moved) != SQLITE_OK)
    return die(db, "unpack");
  sqlite3_wal_checkpoint_v2(db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
  sqlite3_close(db);
  double u1 = now_s();
  long long rows_bytes = file_size(path) + file_size(wal);
  printf("mode=log events=%llu threads=%d seconds=%.3f events_per_s=%.0f"
         " cpu_s=%.3f events_per_cpu_s=%.0f cpu_ns_per_call=%.1f"
         " flush_at_end_s=%.3f db_bytes=%lld bytes_per_event=%.1f"
         " packed_bytes_per_event=%.2f"
         " unpack_s=%.3f unpacked=%llu rows_bytes_per_event=%.1f\n",
         (unsigned long long)total, threads, t2 - t0, (double)total / (t2 - t0),
         cpu, (double)total / cpu, call_s / (double)total * 1e9, t2 - t1, bytes,
         (double)bytes / (double)total, packed / (double)total, u1 - u0,
         (unsigned long long)moved, (double)rows_bytes / (double)total);
  return 0;
}

int main(int argc, char **argv) {
  if (argc >= 4 && !strcmp(argv[1], "loop"))
    return run_loop(argv[2], strtoull(argv[3], NULL, 10), false);
  if (argc >= 4 && !strcmp(argv[1], "loop_index_after"))
    return run_loop(argv[2], strtoull(argv[3], NULL, 10), true);
  if (argc >= 4 && !strcmp(argv[1], "log"))
    return run_log(argv[2], strtoull(argv[3], NULL, 10),
                   argc >= 5 ? atoi(argv[4]) : 1);
  fprintf(stderr, "usage: log_bench loop|loop_index_after DB N | log DB N"
                  " [THREADS]\n");
  return 2;
}
