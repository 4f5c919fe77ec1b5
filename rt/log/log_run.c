/*
 * rt/log/log_run.c -- the run's beginning and end: reading the
 * environment, opening the database, the "runs" row, trace limits, and
 * rl_log_end.
 *
 * The run row is written at init, before the program runs, with status
 * 'running', so a process killed outright (SIGKILL) still leaves a run the
 * analyzer can show as cut short.  Every later end (main returns, exit()
 * from any thread, a fatal signal, a panic or deadlock through rl_fatal)
 * goes through rl_log_end, which only flips flags and asks the writer to
 * finish: that is what makes it usable from a signal handler.
 *
 * If nothing in the runtime calls rl_log_end (a program that uses the log
 * directly), the exit status is caught by on_exit and a destructor ends
 * the run; destructors run after every exit handler, so this never
 * pre-empts the runtime's own end.
 */
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log_int.h"

#define RL_TRACE_LIMIT_DEFAULT 10000000ull
#define RL_END_TIMEOUT_MS 120000

/* Read by every logging call on every thread: alone on its cache line, so
 * the writer's counters (in .bss nearby) never bounce it between cores. */
_Alignas(64) _Atomic int rl_log_on;
static char rl_log_on_pad[60] __attribute__((unused));

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static bool started_run;
static _Atomic int ended;
static bool tracing;
static uint64_t trace_limit = RL_TRACE_LIMIT_DEFAULT;
static _Atomic uint64_t traced;
static _Atomic int truncated;
static int exit_status;

bool rl_log_active(void) {
  return atomic_load_explicit(&rl_log_on, memory_order_relaxed);
}

bool rl_log_tracing(void) {
  return tracing && rl_log_active();
}

bool rl_log_trace_ok(void) {
  if (!rl_log_tracing())
    return false;
  if (atomic_fetch_add_explicit(&traced, 1, memory_order_relaxed) < trace_limit)
    return true;
  if (!atomic_exchange(&truncated, 1))
    fprintf(stderr,
            "racelens: trace limit of %llu accesses reached; later accesses"
            " are not logged (RACELENS_TRACE_LIMIT raises it)\n",
            (unsigned long long)trace_limit);
  return false;
}

bool rl_log_trace_truncated(void) {
  return atomic_load(&truncated);
}

/* ---- the run row -------------------------------------------------------- */

/* Appends `s` as a JSON string. */
static void json_str(char *out, size_t cap, size_t *n, const char *s,
                     size_t len) {
  if (*n + 1 < cap)
    out[(*n)++] = '"';
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    char esc[8];
    int k;
    if (c == '"' || c == '\\')
      k = snprintf(esc, sizeof esc, "\\%c", c);
    else if (c < 0x20)
      k = snprintf(esc, sizeof esc, "\\u%04x", c);
    else
      k = snprintf(esc, sizeof esc, "%c", c);
    if (*n + (size_t)k + 3 >= cap)
      break;
    memcpy(out + *n, esc, (size_t)k);
    *n += (size_t)k;
  }
  if (*n + 1 < cap)
    out[(*n)++] = '"';
}

/* argv as a JSON array, from /proc/self/cmdline (we are not given argv). */
static char *argv_json(void) {
  static char cmd[16384];
  size_t len = 0;
  FILE *f = fopen("/proc/self/cmdline", "r");
  if (f) {
    len = fread(cmd, 1, sizeof cmd - 1, f);
    fclose(f);
  }
  size_t cap = len * 6 + 64, n = 0;
  char *out = malloc(cap);
  if (!out)
    return NULL;
  out[n++] = '[';
  for (size_t i = 0; i < len;) {
    size_t l = strnlen(cmd + i, len - i);
    if (n > 1)
      out[n++] = ',';
    json_str(out, cap, &n, cmd + i, l);
    i += l + 1;
  }
  out[n++] = ']';
  out[n] = '\0';
  return out;
}

static uint64_t wall_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_REALTIME, &t);
  return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

/* The run's row; -1 and why not in `why` when it cannot be written (the
 * reason is taken before the rollback, which would clear it). */
static int64_t insert_run(sqlite3 *db, char *why, size_t whylen) {
  char exe[PATH_MAX], cwd[PATH_MAX];
  ssize_t k = readlink("/proc/self/exe", exe, sizeof exe - 1);
  exe[k > 0 ? k : 0] = '\0';
  char *argv = argv_json();
  sqlite3_stmt *st;
  int64_t id = -1;
  if (rl_sql_begin(db) != SQLITE_OK) {
    snprintf(why, whylen, "%s", sqlite3_errmsg(db));
    goto out;
  }
  if (sqlite3_prepare_v2(db,
                         "INSERT INTO runs(program, argv, cwd, pid, start_ns,"
                         " status, trace_mode, trace_limit, clock_tick,"
                         " clock_ns) VALUES(?1,?2,?3,?4,?5,'running',?6,?7,"
                         " ?8,?9)",
                         -1, &st, NULL) != SQLITE_OK)
    goto rollback;
  sqlite3_bind_text(st, 1, exe, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, argv ? argv : "[]", -1, SQLITE_STATIC);
  if (getcwd(cwd, sizeof cwd))
    sqlite3_bind_text(st, 3, cwd, -1, SQLITE_STATIC);
  sqlite3_bind_int(st, 4, (int)getpid());
  sqlite3_bind_int64(st, 5, (sqlite3_int64)wall_ns());
  sqlite3_bind_text(st, 6, tracing ? "all" : "sync", -1, SQLITE_STATIC);
  if (tracing)
    sqlite3_bind_int64(st, 7, (sqlite3_int64)trace_limit);
  uint64_t tick, ns;
  rl_log_clock_reading(&tick, &ns);
  rl_bind_u64(st, 8, tick);
  rl_bind_u64(st, 9, ns);
  int rc = sqlite3_step(st);
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE)
    goto rollback;
  id = sqlite3_last_insert_rowid(db);
  if (rl_sql_exec_retry(db, "COMMIT") == SQLITE_OK)
    goto out;
  id = -1;
rollback:
  snprintf(why, whylen, "%s", sqlite3_errmsg(db));
  sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
out:
  free(argv);
  return id;
}

/* ---- init and end ------------------------------------------------------- */

static void record_exit_status(int status, void *arg) {
  (void)arg;
  exit_status = status;
}

static void forget_in_child(void) {
  /* A forked child has no writer thread and must not write the parent's
   * run: it simply does not log. */
  atomic_store(&rl_log_on, 0);
  atomic_store(&ended, 1);
  started_run = false;
}

static void read_trace_env(void) {
  const char *t = getenv("RACELENS_TRACE");
  tracing = t && strcmp(t, "all") == 0;
  const char *lim = getenv("RACELENS_TRACE_LIMIT");
  if (lim && *lim) {
    char *end;
    unsigned long long v = strtoull(lim, &end, 10);
    if (*end || lim[0] == '-')
      fprintf(stderr,
              "racelens: RACELENS_TRACE_LIMIT='%s' is not a number; using"
              " %llu\n",
              lim, (unsigned long long)RL_TRACE_LIMIT_DEFAULT);
    else
      trace_limit = v;
  }
}

static void do_init(void) {
  const char *path = getenv("RACELENS_DB");
  if (path && strcmp(path, "off") == 0)
    return;
  if (!path || !*path)
    path = "racelens.db";
  read_trace_env();
  rl_log_clock_init();

  /* A file-size limit must make write() fail (EFBIG), which SQLite
   * reports, instead of killing the program with SIGXFSZ. */
  struct sigaction sa;
  if (sigaction(SIGXFSZ, NULL, &sa) == 0 && sa.sa_handler == SIG_DFL)
    signal(SIGXFSZ, SIG_IGN);

  char why[512] = "";
  sqlite3 *db = rl_schema_open(path, why, sizeof why);
  int64_t id = -1;
  if (db) {
    rl_writer_watch_wal(db);
    id = insert_run(db, why, sizeof why);
    if (id < 0) {
      sqlite3_close(db);
      db = NULL;
    }
  }
  if (db && rl_writer_start(db, id) != SQLITE_OK) {
    snprintf(why, sizeof why, "cannot start the writer thread");
    sqlite3_close(db);
    db = NULL;
  }
  if (!db) {
    fprintf(stderr,
            "racelens: cannot open database '%s': %s; continuing without the"
            " event log\n",
            path, why);
    return;
  }
  started_run = true;
  atomic_store(&rl_log_on, 1);
  pthread_atfork(NULL, NULL, forget_in_child);
  on_exit(record_exit_status, NULL);
  rl_log_signals_install();
}

void rl_log_init(void) {
  pthread_once(&init_once, do_init);
}

void rl_log_end_within(const char *status, int code, int signal, uint64_t races,
                       long timeout_ms) {
  if (!started_run)
    return;
  if (!atomic_exchange(&ended, 1))
    rl_buf_close();
  rl_run_end_t end = {status ? status : "exited", code, signal, races};
  if (!rl_writer_finish(&end, timeout_ms) && !rl_writer_is_self()) {
    static const char msg[] = "racelens: the event log did not finish"
                              " writing in time; the run stays marked as"
                              " cut short\n";
    /* write(2), not stdio: this may run in a signal handler */
    if (write(2, msg, sizeof msg - 1) < 0)
      return;
  }
}

void rl_log_end(const char *status, int code, int signal, uint64_t races) {
  rl_log_end_within(status, code, signal, races, RL_END_TIMEOUT_MS);
}

__attribute__((destructor)) static void end_if_nobody_did(void) {
  if (started_run && !atomic_load(&ended))
    rl_log_end("exited", exit_status, 0, rl_writer_races_seen());
}
