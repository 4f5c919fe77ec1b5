/*
 * rt/log/tests/log_test.h -- what the event-log tests share: checks that
 * count failures, reading the database back, running a copy of the test
 * binary as a child with its stderr captured, and a workload that logs a
 * known number of events from several threads.
 */
#ifndef RL_LOG_TEST_H
#define RL_LOG_TEST_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "log/log.h"

extern int lt_failures;

#define CHECK(cond, ...)                                                       \
  do {                                                                         \
    if (!(cond)) {                                                             \
      lt_failures++;                                                           \
      fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);          \
      fprintf(stderr, __VA_ARGS__);                                            \
      fputc('\n', stderr);                                                     \
    }                                                                          \
  } while (0)

/* Opens `path` and unpacks what its runs packed, as `racelens` would
 * (NULL on failure, reported as a failure). */
sqlite3 *lt_open(const char *path);
/* First column of the first row of the formatted query; -1 for NULL or no
 * row, -2 on error (reported). */
int64_t lt_int(sqlite3 *db, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Same for text, into buf ("" for NULL/no row). */
const char *lt_text(sqlite3 *db, char *buf, size_t cap, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* A fresh directory for one test's databases (under the current one). */
const char *lt_tmpdir(const char *name);
/* A failed check for each file in `dir` whose name contains `part`. */
void lt_check_no_file_like(const char *dir, const char *part);
/* A new database `file` in test `name`'s directory, with the log's schema
 * (rl_schema_open); NULL, and a failed check, when it cannot be made. */
sqlite3 *lt_schema_db(const char *name, const char *file);

/* Stores n bytes as pack 1 of `run` holding `events` events, in event
 * format `format` (log_pack.h), as the writer does; false (and a failed
 * check) when the insert fails. */
bool lt_put_pack(sqlite3 *db, int64_t run, int64_t events, const void *data,
                 size_t n, int format);

/* Runs this binary again as `self child ARGS...` with RACELENS_DB=db and the
 * extra environment `env` (NULL-terminated "K=V" list, may be NULL).
 * Returns the wait status; the child's stderr goes to `err` (NUL-ended,
 * may be NULL).  If `ready_sig` is nonzero, sends it once the child writes
 * a line to stdout. */
int lt_run_child(const char *self, const char *db, const char *const *env,
                 const char *const *args, int ready_sig, char *err,
                 size_t errcap);

/* The workload: sites, goroutine rows and `per_thread` events from each of
 * `threads` threads (gids 2..threads+1), with seqs gid * 10^8 + i.  With
 * per_thread 0 the threads log until the process ends; with `park` they
 * stop after their events and wait, alive, without flushing. */
void lt_log_sites(void);
void lt_start_workers(int threads, uint64_t per_thread, bool park);
void lt_join_workers(void);
/* Blocks until every worker logged at least `n` events. */
void lt_wait_logged(uint64_t n);
/* Events main logs itself in lt_log_sites. */
#define LT_MAIN_EVENTS 3

#endif /* RL_LOG_TEST_H */
