/*
 * rt/log/log_schema.c -- opening the database and making sure it holds
 * the current schema version (docs/schema.md is the contract; keep the two
 * equal).  A new file is written from the image of an empty one
 * (log_template.c) when this build has it.
 *
 * Several racelens processes may open the same database at the same
 * moment, so everything that changes it runs inside BEGIN IMMEDIATE with
 * retries: the first creates the tables, the others then find them.  WAL
 * mode lets readers (the analyzer) and one writer at a time work without
 * blocking each other, and synchronous=NORMAL is safe in WAL (a crash can
 * lose the last commits, never corrupt the file).
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "../track.h"
#include "log_int.h"

#define STRINGIFY(x) #x
#define VERSION_OF(x) STRINGIFY(x)
#define VERSION VERSION_OF(RL_SCHEMA_VERSION)

/* Only channel events (kinds 10-19) are looked up by object: the
 * analyzer's channel views.  Indexing every event by object made each
 * mutex, WaitGroup or atomic event pay a third B-tree insert that nothing
 * read (version 1 did; opening a version-1 file drops that index). */
#define CHAN_INDEX_SQL                                                         \
  "CREATE INDEX IF NOT EXISTS events_by_chan ON events(run_id, obj, seq)"      \
  " WHERE kind BETWEEN 10 AND 19;"

/* Events as the program's run wrote them (rt/log/log_pack.h); `racelens`
 * turns them into rows of events the first time it reads the file. */
#define PACKS_SQL                                                              \
  "CREATE TABLE IF NOT EXISTS event_packs(run_id INTEGER NOT NULL,"            \
  " pack_id INTEGER NOT NULL, events INTEGER NOT NULL, data BLOB NOT NULL,"    \
  " tick INTEGER, ns INTEGER, format INTEGER NOT NULL DEFAULT 4,"              \
  " PRIMARY KEY(run_id, pack_id));"

static const char schema_sql[] =
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY,"
    " value TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS event_kinds(kind INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS runs(run_id INTEGER PRIMARY KEY,"
    " program TEXT NOT NULL, argv TEXT NOT NULL, cwd TEXT, pid INTEGER,"
    " start_ns INTEGER NOT NULL, end_ns INTEGER, status TEXT NOT NULL,"
    " exit_code INTEGER, signal INTEGER,"
    " complete INTEGER NOT NULL DEFAULT 0, events_counted INTEGER,"
    " races INTEGER, trace_mode TEXT NOT NULL DEFAULT 'sync',"
    " trace_limit INTEGER, trace_truncated INTEGER NOT NULL DEFAULT 0,"
    " events_written INTEGER, clock_tick INTEGER, clock_ns INTEGER);"
    "CREATE TABLE IF NOT EXISTS sites(run_id INTEGER NOT NULL,"
    " site_id INTEGER NOT NULL, kind TEXT NOT NULL, size INTEGER,"
    " mem_order TEXT, file TEXT, line INTEGER, col INTEGER, func TEXT,"
    " expr TEXT, callee TEXT, target TEXT, PRIMARY KEY(run_id, site_id));"
    "CREATE TABLE IF NOT EXISTS goroutines(run_id INTEGER NOT NULL,"
    " gid INTEGER NOT NULL, parent INTEGER, kind TEXT NOT NULL,"
    " start_func TEXT, create_site INTEGER, create_stack INTEGER,"
    " go_seq INTEGER, start_ns INTEGER, end_ns INTEGER, exit_seq INTEGER,"
    " PRIMARY KEY(run_id, gid));"
    "CREATE TABLE IF NOT EXISTS objects(run_id INTEGER NOT NULL,"
    " obj_id INTEGER NOT NULL, kind TEXT NOT NULL, addr INTEGER, name TEXT,"
    " size INTEGER, cap INTEGER, elem_size INTEGER, site INTEGER,"
    " gid INTEGER, stack INTEGER, seq INTEGER, free_seq INTEGER, file TEXT,"
    " line INTEGER, PRIMARY KEY(run_id, obj_id));"
    "CREATE TABLE IF NOT EXISTS stack_nodes(run_id INTEGER NOT NULL,"
    " node INTEGER NOT NULL, parent INTEGER NOT NULL,"
    " fn_site INTEGER NOT NULL, call_site INTEGER NOT NULL,"
    " PRIMARY KEY(run_id, node));"
    "CREATE TABLE IF NOT EXISTS events(run_id INTEGER NOT NULL,"
    " seq INTEGER NOT NULL, gid INTEGER NOT NULL, kind INTEGER NOT NULL,"
    " obj INTEGER, site INTEGER, stack INTEGER, peer INTEGER, value INTEGER,"
    " ptr_obj INTEGER, aux INTEGER, clock INTEGER, ts_ns INTEGER,"
    " dur_ns INTEGER, PRIMARY KEY(run_id, seq)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS races(run_id INTEGER NOT NULL,"
    " race_id INTEGER NOT NULL, addr INTEGER, size INTEGER, obj INTEGER,"
    " var TEXT, first INTEGER NOT NULL, cur_gid INTEGER, cur_site INTEGER,"
    " cur_stack INTEGER, cur_kind TEXT, cur_size INTEGER, cur_clock INTEGER,"
    " cur_seq INTEGER, prev_gid INTEGER, prev_site INTEGER,"
    " prev_stack INTEGER, prev_kind TEXT, prev_size INTEGER,"
    " prev_clock INTEGER, prev_seq INTEGER, PRIMARY KEY(run_id, race_id));"
    "CREATE TABLE IF NOT EXISTS access_counts(run_id INTEGER NOT NULL,"
    " gid INTEGER NOT NULL, site INTEGER NOT NULL, reads INTEGER NOT NULL,"
    " writes INTEGER NOT NULL, atomics INTEGER NOT NULL,"
    " PRIMARY KEY(run_id, gid, site));"
    "CREATE INDEX IF NOT EXISTS events_by_gid ON events(run_id, gid, "
    "seq);" CHAN_INDEX_SQL PACKS_SQL
    "CREATE VIEW IF NOT EXISTS events_named AS SELECT e.*,"
    " k.name AS kind_name FROM events e JOIN event_kinds k ON k.kind = e.kind;"
    "CREATE VIEW IF NOT EXISTS stack_frames AS WITH RECURSIVE f(run_id,"
    " stack_id, depth, node, fn_site, call_site, parent) AS ("
    " SELECT run_id, node, 0, node, fn_site, call_site, parent"
    " FROM stack_nodes UNION ALL SELECT f.run_id, f.stack_id, f.depth + 1,"
    " n.node, n.fn_site, n.call_site, n.parent FROM f JOIN stack_nodes n"
    " ON n.run_id = f.run_id AND n.node = f.parent) SELECT * FROM f;"
    "CREATE VIEW IF NOT EXISTS race_list AS SELECT r.run_id, r.race_id,"
    " r.var, r.first, r.cur_gid, r.cur_kind, cs.file AS cur_file,"
    " cs.line AS cur_line, r.prev_gid, r.prev_kind, ps.file AS prev_file,"
    " ps.line AS prev_line FROM races r"
    " LEFT JOIN sites cs ON cs.run_id = r.run_id AND cs.site_id = r.cur_site"
    " LEFT JOIN sites ps ON ps.run_id = r.run_id"
    " AND ps.site_id = r.prev_site;"
    "CREATE VIEW IF NOT EXISTS chan_transfers AS SELECT r.run_id,"
    " r.obj AS chan, s.seq AS send_seq, s.gid AS sender, r.seq AS recv_seq,"
    " r.gid AS receiver, s.value, s.ptr_obj FROM events r JOIN events s"
    " ON s.run_id = r.run_id AND s.seq = r.peer"
    " WHERE r.kind = 13 AND s.kind = 11;"
    "INSERT OR IGNORE INTO meta VALUES('schema_version', '" VERSION "');"
    "INSERT OR IGNORE INTO meta VALUES('producer', 'racelens');";

/* Version 2 differs from 1 only in the index on events by object, 3 from
 * 2 only in the packs, 4 from 3 only in what packs may hold (small
 * records, log_pack.h), and 5 from 4 in the packs' event format (their
 * column `format`): an older file is brought up to date in place, its
 * runs untouched (racelens still unpacks the packs an older run left). */
static const char upgrade_from_1_sql[] =
    "DROP INDEX IF EXISTS events_by_obj;" CHAN_INDEX_SQL;
static const char upgrade_from_2_sql[] = PACKS_SQL;
static const char set_version_sql[] =
    "UPDATE meta SET value = '" VERSION "' WHERE key = 'schema_version';";

/* Adds a column an older version did not have, unless the table has it
 * already (a table an upgrade just created has every column). */
static int add_column(sqlite3 *db, const char *table, const char *column,
                      const char *decl) {
  sqlite3_stmt *st;
  int rc = sqlite3_prepare_v2(db,
                              "SELECT count(*) FROM pragma_table_info(?1)"
                              " WHERE name = ?2",
                              -1, &st, NULL);
  if (rc != SQLITE_OK)
    return rc;
  sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, column, -1, SQLITE_STATIC);
  bool has = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  if (has)
    return SQLITE_OK;
  char *sql =
      sqlite3_mprintf("ALTER TABLE %s ADD COLUMN %s %s", table, column, decl);
  if (!sql)
    return SQLITE_NOMEM;
  rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
  sqlite3_free(sql);
  return rc;
}

/* The columns versions 3 and 5 added to tables that were there before:
 * the log's clock readings in `runs` (log_clock.c) and the packs' event
 * format (log_pack.h). */
static int add_columns(sqlite3 *db) {
  int rc = add_column(db, "runs", "clock_tick", "INTEGER");
  if (rc == SQLITE_OK)
    rc = add_column(db, "runs", "clock_ns", "INTEGER");
  if (rc == SQLITE_OK)
    rc = add_column(db, "event_packs", "format", "INTEGER NOT NULL DEFAULT 4");
  return rc;
}

void rl_sql_sleep_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
    ;
}

/* The busy handler already waits up to its timeout; this loop covers what
 * it does not (SQLITE_BUSY from BEGIN IMMEDIATE under WAL recovery, or a
 * deadlock-avoiding BUSY), backing off up to about a minute. */
int rl_sql_exec_retry(sqlite3 *db, const char *sql) {
  long wait = 1, waited = 0;
  for (;;) {
    int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
    if ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED)
      return rc;
    if (waited > 60000)
      return rc;
    rl_sql_sleep_ms(wait);
    waited += wait;
    if (wait < 64)
      wait *= 2;
  }
}

int rl_sql_begin(sqlite3 *db) {
  return rl_sql_exec_retry(db, "BEGIN IMMEDIATE");
}

static int fill_event_kinds(sqlite3 *db) {
  sqlite3_stmt *st;
  int rc = sqlite3_prepare_v2(
      db, "INSERT OR IGNORE INTO event_kinds VALUES(?1, ?2)", -1, &st, NULL);
  if (rc != SQLITE_OK)
    return rc;
#define RL_EVENT(e, n, name)                                                   \
  sqlite3_bind_int(st, 1, n);                                                  \
  sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);                           \
  if ((rc = sqlite3_step(st)) != SQLITE_DONE)                                  \
    goto out;                                                                  \
  sqlite3_reset(st);
#include "../events.def"
  rc = SQLITE_OK;
out:
  sqlite3_finalize(st);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* A database made before this racelens knew an event kind gets its name
 * now: views join events to event_kinds, and a kind without its row would
 * drop its events from them.  Counting first keeps opening a database
 * that has them all one query. */
static int complete_event_kinds(sqlite3 *db) {
  int known = 0;
#define RL_EVENT(e, n, name) known++;
#include "../events.def"
  sqlite3_stmt *st;
  int rc =
      sqlite3_prepare_v2(db, "SELECT count(*) FROM event_kinds", -1, &st, NULL);
  if (rc != SQLITE_OK)
    return rc;
  int have = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
  sqlite3_finalize(st);
  return have < known ? fill_event_kinds(db) : SQLITE_OK;
}

/* The schema version found, 0 when the database is empty, -1 on error. */
static int found_version(sqlite3 *db) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(db,
                         "SELECT count(*) FROM sqlite_master"
                         " WHERE type='table' AND name='meta'",
                         -1, &st, NULL) != SQLITE_OK)
    return -1;
  int has_meta = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  if (!has_meta)
    return 0;
  if (sqlite3_prepare_v2(db,
                         "SELECT value FROM meta WHERE key='schema_version'",
                         -1, &st, NULL) != SQLITE_OK)
    return -1;
  int v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
  sqlite3_finalize(st);
  return v;
}

static void reason(sqlite3 *db, char *why, size_t whylen) {
  int e = db ? sqlite3_system_errno(db) : 0;
  const char *msg = db ? sqlite3_errmsg(db) : "out of memory";
  if (e)
    snprintf(why, whylen, "%s (%s)", msg, strerror(e));
  else
    snprintf(why, whylen, "%s", msg);
}

/* A file that does not exist yet, or is empty. */
static bool is_new(const char *path) {
  struct stat st;
  return stat(path, &st) != 0 ? errno == ENOENT : st.st_size == 0;
}

/* Whether the next commit starts the write-ahead log from nothing: there
 * is none, or it is empty (racelens truncates it once it has unpacked the
 * runs in it). */
static bool wal_is_new(const char *path) {
  char wal[PATH_MAX];
  return snprintf(wal, sizeof wal, "%s-wal", path) < (int)sizeof wal &&
         is_new(wal);
}

/* SQLite opens a device or a FIFO and fails later with a message about
 * something else ("no such table", "disk I/O error"). */
static bool is_other_than_file(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && !S_ISREG(st.st_mode);
}

sqlite3 *rl_schema_open(const char *path, char *why, size_t whylen) {
  sqlite3 *db = NULL;
  if (is_other_than_file(path)) {
    snprintf(why, whylen, "not a regular file");
    return NULL;
  }
  bool fresh = is_new(path);
  if (fresh && strcmp(path, ":memory:") != 0 && rl_schema_from_template(path))
    fresh = false;
  bool wal_new = fresh || wal_is_new(path);
  int rc = sqlite3_open_v2(
      path, &db,
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    goto fail;
  sqlite3_busy_timeout(db, 5000);
  /* No syncs up to the run's first commit when that commit starts a new
   * write-ahead log (the caller turns synchronous=NORMAL on after it).
   * NORMAL syncs a log's header, and a new log file's directory, when the
   * log starts (0.6 ms of every run here): so that a power cut cannot
   * leave a new header unwritten over an old log's frames, which would
   * then come back.  A new log has no old frames, and a new file nothing
   * to lose.  A log that holds frames keeps its syncs. */
  if ((rc = rl_sql_exec_retry(db, wal_new ? "PRAGMA synchronous=OFF"
                                          : "PRAGMA synchronous=NORMAL")) !=
      SQLITE_OK)
    goto fail;
  /* 16 KiB pages: a run's packs are blobs of many pages (fewer pages,
   * frames and writes per byte in 16 KiB ones: SQLite wrote megabyte
   * packs a third faster than in the default 4 KiB); set before the file
   * has any. */
  if (fresh &&
      (rc = rl_sql_exec_retry(db, "PRAGMA page_size=16384")) != SQLITE_OK)
    goto fail;
  if ((rc = rl_sql_exec_retry(db, "PRAGMA journal_mode=WAL")) != SQLITE_OK)
    goto fail;
  if ((rc = rl_sql_begin(db)) != SQLITE_OK)
    goto fail;
  int v = found_version(db);
  if (v < 0) {
    rc = SQLITE_ERROR;
    goto fail_tx;
  }
  if (v > RL_SCHEMA_VERSION) {
    snprintf(why, whylen,
             "its schema version %d is newer than this racelens (%d)", v,
             RL_SCHEMA_VERSION);
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(db);
    return NULL;
  }
  if (v == 0) {
    if ((rc = sqlite3_exec(db, schema_sql, NULL, NULL, NULL)) != SQLITE_OK ||
        (rc = fill_event_kinds(db)) != SQLITE_OK)
      goto fail_tx;
  } else {
    if (v == 1 && (rc = sqlite3_exec(db, upgrade_from_1_sql, NULL, NULL,
                                     NULL)) != SQLITE_OK)
      goto fail_tx;
    if (v <= 2 && (rc = sqlite3_exec(db, upgrade_from_2_sql, NULL, NULL,
                                     NULL)) != SQLITE_OK)
      goto fail_tx;
    if (v < RL_SCHEMA_VERSION && ((rc = add_columns(db)) != SQLITE_OK ||
                                  (rc = sqlite3_exec(db, set_version_sql, NULL,
                                                     NULL, NULL)) != SQLITE_OK))
      goto fail_tx;
    if ((rc = complete_event_kinds(db)) != SQLITE_OK)
      goto fail_tx;
  }
  if ((rc = rl_sql_exec_retry(db, "COMMIT")) != SQLITE_OK)
    goto fail_tx;
  return db;
fail_tx:
  reason(db, why, whylen);
  sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close(db);
  return NULL;
fail:
  reason(db, why, whylen);
  sqlite3_close(db);
  return NULL;
}
