/*
 * Opening and validating a racelens database, picking a run, and the
 * lookups every report shares.  See db.h for why it is read-only.
 */
#include "db.h"

#include "log_pack.h"

#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *rl_db_default_path(void) {
  const char *env = getenv("RACELENS_DB");
  if (env && *env && strcmp(env, "off") != 0)
    return env;
  return "racelens.db";
}

void rl_db_error(sqlite3 *db, const char *what, char *err, size_t errlen) {
  snprintf(err, errlen, "%s: %s", what,
           db ? sqlite3_errmsg(db) : "no database");
}

sqlite3_stmt *rl_db_prepare(sqlite3 *db, const char *sql, char *err,
                            size_t errlen) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
    rl_db_error(db, "cannot read the database", err, errlen);
    sqlite3_finalize(st);
    return NULL;
  }
  return st;
}

/* Checks the bytes on disk before SQLite sees them: SQLite happily "opens"
 * any file and only fails at the first query, with a message ("file is not
 * a database") that does not say which file or what to do. */
static int check_file(const char *path, char *err, size_t errlen) {
  struct stat sb;
  if (stat(path, &sb) != 0) {
    if (errno == ENOENT)
      snprintf(err, errlen,
               "%s: no such database (run a program built with racelens-cc "
               "first, or pass the database path)",
               path);
    else
      snprintf(err, errlen, "%s: %s", path, strerror(errno));
    return -1;
  }
  if (S_ISDIR(sb.st_mode)) {
    snprintf(err, errlen, "%s: is a directory, not a racelens database", path);
    return -1;
  }
  if (sb.st_size == 0) {
    snprintf(err, errlen, "%s: empty file, not a racelens database", path);
    return -1;
  }
  FILE *f = fopen(path, "rb");
  if (!f) {
    snprintf(err, errlen, "%s: %s", path, strerror(errno));
    return -1;
  }
  char magic[16] = {0};
  size_t n = fread(magic, 1, sizeof magic, f);
  fclose(f);
  if (n < sizeof magic || memcmp(magic, "SQLite format 3", 16) != 0) {
    snprintf(err, errlen, "%s: not a SQLite database", path);
    return -1;
  }
  return 0;
}

static int table_exists(sqlite3 *db, const char *name) {
  sqlite3_stmt *st = NULL;
  int found = 0;
  if (sqlite3_prepare_v2(db,
                         "SELECT 1 FROM sqlite_master WHERE type IN "
                         "('table','view') AND name = ?1",
                         -1, &st, NULL) == SQLITE_OK) {
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    found = sqlite3_step(st) == SQLITE_ROW;
  }
  sqlite3_finalize(st);
  return found;
}

static int check_schema(sqlite3 *db, const char *path, char *err,
                        size_t errlen) {
  /* Reading sqlite_master is the first real read: a damaged file or one
   * that only looks like SQLite fails here. */
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master", -1, &st,
                         NULL) != SQLITE_OK ||
      sqlite3_step(st) != SQLITE_ROW) {
    snprintf(err, errlen, "%s: cannot read the database: %s", path,
             sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return -1;
  }
  sqlite3_finalize(st);

  if (!table_exists(db, "meta")) {
    snprintf(err, errlen,
             "%s: a SQLite database, but not a racelens one (no meta table)",
             path);
    return -1;
  }
  if (sqlite3_prepare_v2(db,
                         "SELECT value FROM meta WHERE key='schema_version'",
                         -1, &st, NULL) != SQLITE_OK) {
    snprintf(err, errlen, "%s: cannot read the database: %s", path,
             sqlite3_errmsg(db));
    return -1;
  }
  int rc = sqlite3_step(st);
  if (rc != SQLITE_ROW) {
    if (rc == SQLITE_DONE)
      snprintf(err, errlen,
               "%s: a SQLite database, but not a racelens one (no schema "
               "version)",
               path);
    else
      snprintf(err, errlen, "%s: cannot read the database: %s", path,
               sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return -1;
  }
  const char *v = (const char *)sqlite3_column_text(st, 0);
  char *end = NULL;
  long version = v ? strtol(v, &end, 10) : 0;
  if (!v || end == v || *end || version < 1) {
    snprintf(err, errlen, "%s: bad schema version '%s'", path, v ? v : "");
    sqlite3_finalize(st);
    return -1;
  }
  sqlite3_finalize(st);
  if (version > RL_SCHEMA_VERSION) {
    snprintf(err, errlen,
             "%s: written by a newer racelens (schema version %ld; this "
             "racelens reads up to %d): upgrade racelens",
             path, version, RL_SCHEMA_VERSION);
    return -1;
  }

  static const char *const needed[] = {"runs",       "sites",  "goroutines",
                                       "objects",    "events", "races",
                                       "stack_nodes"};
  for (size_t i = 0; i < sizeof needed / sizeof needed[0]; i++) {
    if (!table_exists(db, needed[i])) {
      snprintf(err, errlen, "%s: damaged racelens database (no %s table)", path,
               needed[i]);
      return -1;
    }
  }

  if (sqlite3_prepare_v2(db, "SELECT EXISTS(SELECT 1 FROM runs)", -1, &st,
                         NULL) != SQLITE_OK ||
      sqlite3_step(st) != SQLITE_ROW) {
    snprintf(err, errlen, "%s: cannot read the database: %s", path,
             sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return -1;
  }
  int any = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  if (!any) {
    snprintf(err, errlen,
             "%s: holds no runs yet (run a program built with racelens-cc)",
             path);
    return -1;
  }
  return 0;
}

/* Whether the file holds packs of the run (of any run when run < 0): 1
 * and the events in them, 0, or -1 when it cannot tell. */
static int packed(sqlite3 *db, int64_t run, int64_t *events) {
  *events = 0;
  if (!table_exists(db, "event_packs"))
    return 0;
  sqlite3_stmt *st = NULL;
  int n = -1;
  if (sqlite3_prepare_v2(db,
                         "SELECT count(*), total(events) FROM event_packs"
                         " WHERE ?1 < 0 OR run_id = ?1",
                         -1, &st, NULL) == SQLITE_OK) {
    sqlite3_bind_int64(st, 1, run);
    if (sqlite3_step(st) == SQLITE_ROW) {
      n = sqlite3_column_int64(st, 0) > 0;
      *events = rl_col64(st, 1);
    }
  }
  sqlite3_finalize(st);
  return n;
}

/* Unpacking makes rows at SQLite's pace, about half a million a second:
 * past a second of it, say what the wait is for (once per run). */
#define RL_UNPACK_SAY_EVENTS 500000
static void say_if_long(int64_t run, int64_t events) {
  if (events < RL_UNPACK_SAY_EVENTS)
    return;
  if (run < 0)
    fprintf(stderr,
            "racelens: making the rows of %" PRId64
            " events the runs stored packed (once)\n",
            events);
  else
    fprintf(stderr,
            "racelens: making the rows of %" PRId64 " events run %" PRId64
            " stored packed (once)\n",
            events, run);
}

/* Unpacks the run's packs (all runs' when run < 0) through a connection
 * of its own that may write (0); when the file cannot be written, into a
 * copy of it in memory that replaces *db (1).  -1 and a reason in err
 * when neither works.  One run at a time: a command reads one run, and
 * should neither wait for nor grow the file by the rows of runs nobody
 * asked about (a sync-heavy run's rows take ten times its packs). */
static int unpack(sqlite3 **db, int64_t run, uint64_t *moved, char *err,
                  size_t errlen) {
  uint64_t n = 0;
  bool in_memory = false;
  *moved = 0;
  const char *path = sqlite3_db_filename(*db, "main");
  int64_t events;
  int has = packed(*db, run, &events);
  if (has < 0) {
    rl_db_error(*db, path, err, errlen);
    return -1;
  }
  if (has == 0)
    return 0;
  say_if_long(run, events);
  sqlite3 *rw = NULL;
  int rc = sqlite3_open_v2(path, &rw,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc == SQLITE_OK) {
    sqlite3_busy_timeout(rw, 5000);
    rc = rl_unpack_run(rw, run, &n);
  }
  /* The runs left their bytes in the write-ahead log (log_writer.c), and
   * the rows just made went there too: fold it into the file now, while
   * no program is writing (best effort: one that is keeps it for later). */
  if (rc == SQLITE_OK)
    sqlite3_wal_checkpoint_v2(rw, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
  sqlite3_close(rw);
  if ((rc & 0xff) == SQLITE_READONLY || (rc & 0xff) == SQLITE_CANTOPEN ||
      (rc & 0xff) == SQLITE_PERM) {
    sqlite3 *mem = NULL;
    sqlite3_backup *b = NULL;
    rc = sqlite3_open(":memory:", &mem);
    if (rc == SQLITE_OK && (b = sqlite3_backup_init(mem, "main", *db, "main")))
      sqlite3_backup_step(b, -1);
    rc = b ? sqlite3_backup_finish(b) : SQLITE_NOMEM;
    if (rc == SQLITE_OK)
      rc = rl_unpack_run(mem, run, &n);
    if (rc == SQLITE_OK) {
      sqlite3_close(*db);
      *db = mem;
      in_memory = true;
    } else {
      sqlite3_close(mem);
    }
  }
  if (rc != SQLITE_OK) {
    snprintf(err, errlen, "%s: cannot unpack the run's events: %s", path,
             (rc & 0xff) == SQLITE_CORRUPT ? "a pack of events is damaged"
                                           : sqlite3_errstr(rc));
    return -1;
  }
  *moved = n;
  return in_memory;
}

static void load_kind_names(sqlite3 *db);

/* Opens and checks the file; the rows of packed runs are made later, by
 * whoever picks a run (rl_db_pick_run) or asks for all (unpack). */
static sqlite3 *open_checked(const char *path, char *err, size_t errlen) {
  if (!path || !*path) {
    snprintf(err, errlen, "no database path given");
    return NULL;
  }
  if (check_file(path, err, errlen) != 0)
    return NULL;
  sqlite3 *db = NULL;
  if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
    snprintf(err, errlen, "%s: cannot open: %s", path,
             db ? sqlite3_errmsg(db) : "out of memory");
    sqlite3_close(db);
    return NULL;
  }
  /* A program may be writing this file right now. */
  sqlite3_busy_timeout(db, 5000);
  if (check_schema(db, path, err, errlen) != 0) {
    sqlite3_close(db);
    return NULL;
  }
  load_kind_names(db);
  return db;
}

sqlite3 *rl_db_open(const char *path, char *err, size_t errlen) {
  return open_checked(path, err, errlen);
}

sqlite3 *rl_db_open_unpack(const char *path, uint64_t *moved, int *in_memory,
                           char *err, size_t errlen) {
  sqlite3 *db = open_checked(path, err, errlen);
  int how = db ? unpack(&db, -1, moved, err, errlen) : -1;
  if (how < 0) {
    sqlite3_close(db);
    return NULL;
  }
  *in_memory = how == 1;
  return db;
}

static int64_t find_run(sqlite3 *db, const char *run_arg, char *err,
                        size_t errlen) {
  sqlite3_stmt *st;
  int64_t id;
  if (!run_arg || strcmp(run_arg, "latest") == 0) {
    st = rl_db_prepare(db, "SELECT max(run_id) FROM runs", err, errlen);
    if (!st)
      return -1;
    if (sqlite3_step(st) != SQLITE_ROW ||
        sqlite3_column_type(st, 0) == SQLITE_NULL) {
      snprintf(err, errlen, "the database holds no runs");
      sqlite3_finalize(st);
      return -1;
    }
    id = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return id;
  }
  char *end = NULL;
  errno = 0;
  long long v = strtoll(run_arg, &end, 10);
  if (end == run_arg || *end || errno || v < 1) {
    snprintf(err, errlen, "--run: '%s' is not a run id (see `racelens runs`)",
             run_arg);
    return -1;
  }
  st = rl_db_prepare(db, "SELECT 1 FROM runs WHERE run_id = ?1", err, errlen);
  if (!st)
    return -1;
  sqlite3_bind_int64(st, 1, v);
  int found = sqlite3_step(st) == SQLITE_ROW;
  sqlite3_finalize(st);
  if (!found) {
    snprintf(err, errlen, "no run %lld in this database (see `racelens runs`)",
             v);
    return -1;
  }
  return v;
}

int64_t rl_db_pick_run(sqlite3 **db, const char *run_arg, char *err,
                       size_t errlen) {
  int64_t run = find_run(*db, run_arg, err, errlen);
  uint64_t moved;
  if (run >= 0 && unpack(db, run, &moved, err, errlen) < 0)
    return -1;
  return run;
}

static void col_text(sqlite3_stmt *st, int i, char *dst, size_t len) {
  const unsigned char *t = sqlite3_column_text(st, i);
  snprintf(dst, len, "%s", t ? (const char *)t : "");
}

int rl_db_site(sqlite3 *db, int64_t run, int64_t site, rl_site_row_t *out) {
  memset(out, 0, sizeof *out);
  if (site <= 0)
    return 0;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db,
                         "SELECT kind, file, line, col, func, expr, callee, "
                         "target, size, mem_order FROM sites "
                         "WHERE run_id = ?1 AND site_id = ?2",
                         -1, &st, NULL) != SQLITE_OK) {
    sqlite3_finalize(st);
    return 0;
  }
  sqlite3_bind_int64(st, 1, run);
  sqlite3_bind_int64(st, 2, site);
  if (sqlite3_step(st) == SQLITE_ROW) {
    out->found = 1;
    col_text(st, 0, out->kind, sizeof out->kind);
    col_text(st, 1, out->file, sizeof out->file);
    out->line = sqlite3_column_int(st, 2);
    out->col = sqlite3_column_int(st, 3);
    col_text(st, 4, out->func, sizeof out->func);
    col_text(st, 5, out->expr, sizeof out->expr);
    col_text(st, 6, out->callee, sizeof out->callee);
    col_text(st, 7, out->target, sizeof out->target);
    out->size = sqlite3_column_int(st, 8);
    col_text(st, 9, out->mem_order, sizeof out->mem_order);
  }
  sqlite3_finalize(st);
  return out->found;
}

const char *rl_db_show_path(const char *file) {
  static char cwd[4096];
  static int have_cwd = -1;
  if (!file)
    return "";
  if (have_cwd < 0)
    have_cwd = getcwd(cwd, sizeof cwd) != NULL;
  if (have_cwd && file[0] == '/') {
    size_t n = strlen(cwd);
    if (n > 1 && strncmp(file, cwd, n) == 0 && file[n] == '/')
      return file + n + 1;
  }
  return file;
}

char *rl_db_site_loc(sqlite3 *db, int64_t run, int64_t site, char *buf,
                     size_t len) {
  rl_site_row_t s;
  if (!rl_db_site(db, run, site, &s) || !s.file[0])
    snprintf(buf, len, "?");
  else if (s.line > 0)
    snprintf(buf, len, "%s:%d", rl_db_show_path(s.file), s.line);
  else
    snprintf(buf, len, "%s", rl_db_show_path(s.file));
  return buf;
}

char *rl_db_goroutine_label(sqlite3 *db, int64_t run, int64_t gid, char *buf,
                            size_t len) {
  sqlite3_stmt *st = NULL;
  char fn[128] = "";
  if (sqlite3_prepare_v2(db,
                         "SELECT start_func, kind FROM goroutines "
                         "WHERE run_id = ?1 AND gid = ?2",
                         -1, &st, NULL) == SQLITE_OK) {
    sqlite3_bind_int64(st, 1, run);
    sqlite3_bind_int64(st, 2, gid);
    if (sqlite3_step(st) == SQLITE_ROW) {
      col_text(st, 0, fn, sizeof fn);
      if (!fn[0]) {
        const unsigned char *k = sqlite3_column_text(st, 1);
        if (k && strcmp((const char *)k, "main") == 0)
          snprintf(fn, sizeof fn, "main");
      }
    }
  }
  sqlite3_finalize(st);
  if (fn[0])
    snprintf(buf, len, "G%" PRId64 " (%s)", gid, fn);
  else
    snprintf(buf, len, "G%" PRId64, gid);
  return buf;
}

int rl_db_stack(sqlite3 *db, int64_t run, int64_t stack, int64_t leaf,
                rl_frame_t *frames, int max) {
  if (stack <= 0 || max <= 0)
    return 0;
  /* Walk parents by hand rather than through the recursive stack_frames
   * view: a damaged database may hold a cycle, and MAX bounds the walk. */
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db,
                         "SELECT parent, fn_site, call_site FROM stack_nodes "
                         "WHERE run_id = ?1 AND node = ?2",
                         -1, &st, NULL) != SQLITE_OK) {
    sqlite3_finalize(st);
    return 0;
  }
  int n = 0;
  int64_t node = stack, here = leaf;
  while (node > 0 && n < max) {
    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, run);
    sqlite3_bind_int64(st, 2, node);
    if (sqlite3_step(st) != SQLITE_ROW)
      break;
    int64_t parent = sqlite3_column_int64(st, 0);
    int64_t fn_site = sqlite3_column_int64(st, 1);
    int64_t call_site = sqlite3_column_int64(st, 2);
    rl_frame_t *f = &frames[n++];
    memset(f, 0, sizeof *f);
    f->fn_site = fn_site;
    rl_site_row_t fs, hs;
    rl_db_site(db, run, fn_site, &fs);
    snprintf(f->func, sizeof f->func, "%s", fs.func[0] ? fs.func : "?");
    if (here > 0 && rl_db_site(db, run, here, &hs) && hs.file[0]) {
      snprintf(f->file, sizeof f->file, "%s", hs.file);
      f->line = hs.line;
    } else {
      snprintf(f->file, sizeof f->file, "%s", fs.file);
      f->line = fs.line;
    }
    here = call_site;
    node = parent == node ? 0 : parent;
  }
  sqlite3_finalize(st);
  return n;
}

static const struct {
  int kind;
  const char *name;
} kinds[] = {
#define RL_EVENT(e, n, s) {n, s},
#include "../rt/events.def"
};

/* Kinds this build does not know, as named by the database's event_kinds
 * (a newer runtime adds kinds without changing the schema version). */
static char db_kind_names[256][24];

static void load_kind_names(sqlite3 *db) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, "SELECT kind, name FROM event_kinds", -1, &st,
                         NULL) == SQLITE_OK) {
    while (sqlite3_step(st) == SQLITE_ROW) {
      int k = sqlite3_column_int(st, 0);
      const unsigned char *n = sqlite3_column_text(st, 1);
      if (k >= 0 && k < 256 && n)
        snprintf(db_kind_names[k], sizeof db_kind_names[k], "%s", n);
    }
  }
  sqlite3_finalize(st);
}

const char *rl_event_kind_name(int kind) {
  static char buf[32];
  for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
    if (kinds[i].kind == kind)
      return kinds[i].name;
  if (kind >= 0 && kind < 256 && db_kind_names[kind][0])
    return db_kind_names[kind];
  snprintf(buf, sizeof buf, "kind %d", kind);
  return buf;
}

int rl_event_kind_by_name(const char *name) {
  for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
    if (strcmp(kinds[i].name, name) == 0)
      return kinds[i].kind;
  return -1;
}

static int64_t count_one(sqlite3 *db, const char *sql, int64_t run) {
  sqlite3_stmt *st = NULL;
  int64_t n = 0;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
    sqlite3_bind_int64(st, 1, run);
    if (sqlite3_step(st) == SQLITE_ROW)
      n = sqlite3_column_int64(st, 0);
  }
  sqlite3_finalize(st);
  return n;
}

int rl_db_run_info(sqlite3 *db, int64_t run, rl_run_info_t *out) {
  memset(out, 0, sizeof *out);
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db,
                         "SELECT program, argv, status, complete, exit_code, "
                         "signal, pid, start_ns, end_ns, events_counted, "
                         "races, trace_mode, trace_truncated FROM runs "
                         "WHERE run_id = ?1",
                         -1, &st, NULL) != SQLITE_OK) {
    sqlite3_finalize(st);
    return 0;
  }
  sqlite3_bind_int64(st, 1, run);
  if (sqlite3_step(st) != SQLITE_ROW) {
    sqlite3_finalize(st);
    return 0;
  }
  out->id = run;
  col_text(st, 0, out->program, sizeof out->program);
  col_text(st, 1, out->argv, sizeof out->argv);
  col_text(st, 2, out->status, sizeof out->status);
  out->complete = sqlite3_column_int(st, 3);
  out->has_exit = sqlite3_column_type(st, 4) != SQLITE_NULL;
  out->exit_code = sqlite3_column_int(st, 4);
  out->signal = sqlite3_column_int(st, 5);
  out->pid = sqlite3_column_int64(st, 6);
  out->start_ns = sqlite3_column_int64(st, 7);
  out->end_ns = sqlite3_column_int64(st, 8);
  int have_events = sqlite3_column_type(st, 9) != SQLITE_NULL;
  out->events = sqlite3_column_int64(st, 9);
  int have_races = sqlite3_column_type(st, 10) != SQLITE_NULL;
  out->races = sqlite3_column_int64(st, 10);
  col_text(st, 11, out->trace_mode, sizeof out->trace_mode);
  out->trace_truncated = sqlite3_column_int(st, 12);
  sqlite3_finalize(st);
  if (strcmp(out->status, "running") == 0) {
    /* Still running only if its process exists: a run killed by SIGKILL
     * never got to write its end. */
    out->cut_short =
        out->pid <= 0 || (kill((pid_t)out->pid, 0) != 0 && errno == ESRCH);
  }
  if (!have_events || out->cut_short) /* rows, and what is still packed */
    out->events =
        count_one(db, "SELECT count(*) FROM events WHERE run_id = ?1", run) +
        count_one(db, "SELECT total(events) FROM event_packs WHERE run_id = ?1",
                  run);
  if (!have_races || out->cut_short)
    out->races = count_one(db,
                           "SELECT count(*) FROM (SELECT DISTINCT "
                           "min(cur_site, prev_site), max(cur_site, "
                           "prev_site) FROM races WHERE run_id = ?1)",
                           run);
  return 1;
}

void rl_run_status_text(const rl_run_info_t *r, char *buf, size_t len) {
  if (r->cut_short)
    snprintf(buf, len, "cut short");
  else if (!strcmp(r->status, "signal") && r->signal > 0)
    snprintf(buf, len, "signal %d", r->signal);
  else
    snprintf(buf, len, "%s", r->status[0] ? r->status : "?");
}
