/*
 * libFuzzer target over the database reader: the input bytes become a file
 * that `racelens report` opens, validates and reports on (text, JSON and
 * SARIF).  Whatever the bytes, the reader must answer with a one-line error
 * or a report -- never crash, hang or read out of bounds.
 *
 * Raw bytes mostly exercise SQLite's own checks.  To reach the analyzer's
 * logic with well-formed but hostile contents (stack cycles, NULLs,
 * negative ids, huge or invalid strings), an input that starts with "SQL:"
 * is instead run as SQL on a copy of a fixture database, which is then
 * reported on.
 */
#include "db.h"
#include "report.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char path[64];
static FILE *sink;

static void cleanup(void) {
  unlink(path);
}

static void setup(void) {
  snprintf(path, sizeof path, "/tmp/racelens-fuzz-%d.db", (int)getpid());
  sink = fopen("/dev/null", "w");
  atexit(cleanup);
}

#ifndef RL_FUZZ_BASE_DB
#define RL_FUZZ_BASE_DB "corpus/fixture-counter.db"
#endif

/* Writes the base database, altered by the SQL in DATA, to path. */
static void write_from_sql(const uint8_t *data, size_t size) {
  sqlite3 *base = NULL, *db = NULL;
  if (sqlite3_open_v2(RL_FUZZ_BASE_DB, &base, SQLITE_OPEN_READONLY, NULL) !=
          SQLITE_OK ||
      sqlite3_open(path, &db) != SQLITE_OK) {
    sqlite3_close(base);
    sqlite3_close(db);
    return;
  }
  sqlite3_backup *b = sqlite3_backup_init(db, "main", base, "main");
  if (b) {
    sqlite3_backup_step(b, -1);
    sqlite3_backup_finish(b);
  }
  char *sql = malloc(size + 1);
  if (sql) {
    memcpy(sql, data, size);
    sql[size] = '\0';
    /* Errors are expected: the point is whatever got through. */
    sqlite3_exec(db, sql, NULL, NULL, NULL);
    free(sql);
  }
  sqlite3_close(db);
  sqlite3_close(base);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!sink)
    setup();
  /* A WAL or journal file from the previous input must not be replayed. */
  char side[80];
  snprintf(side, sizeof side, "%s-wal", path);
  unlink(side);
  snprintf(side, sizeof side, "%s-journal", path);
  unlink(side);
  if (size >= 4 && memcmp(data, "SQL:", 4) == 0) {
    unlink(path);
    write_from_sql(data + 4, size - 4);
  } else {
    FILE *f = fopen(path, "wb");
    if (!f)
      return 0;
    fwrite(data, 1, size, f);
    fclose(f);
  }

  char err[1024];
  sqlite3 *db = rl_db_open(path, err, sizeof err);
  if (!db)
    return 0;
  int64_t run = rl_db_pick_run(&db, NULL, err, sizeof err);
  if (run > 0) {
    rl_report_t rep;
    if (rl_report_load(db, run, &rep, err, sizeof err) == 0) {
      rl_report_text(&rep, sink);
      rl_report_json(&rep, sink);
      rl_report_sarif(&rep, sink);
    }
    rl_report_free(&rep);
  }
  sqlite3_close(db);
  return 0;
}
