/*
 * rt/log/tests/log_bad_db.c -- when the database cannot be written the
 * program says so in one line and still runs to completion.
 *
 * Each case runs a child that logs from four threads and then prints
 * "program finished"; the parent checks the exit status, that exactly one
 * racelens line explains the problem, and that the database (if any) was
 * not damaged.  A path that is no file (a device, a FIFO, a directory)
 * gets the same one line.  Also: a file whose tables gain columns while
 * the program runs (a newer racelens upgrading it in place) takes the
 * whole run.
 *
 * The unwritable directory needs a user without root's override: as root
 * the child drops to `nobody` first.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "log/log_int.h"
#include "log_test.h"

#define N 25000u

static int child(void) {
  const char *fsize = getenv("LT_FSIZE");
  if (fsize) {
    struct rlimit r = {strtoul(fsize, NULL, 10), strtoul(fsize, NULL, 10)};
    setrlimit(RLIMIT_FSIZE, &r);
  }
  if (getenv("LT_DROP_ROOT") && geteuid() == 0) {
    if (setgid(65534) != 0 || setuid(65534) != 0) {
      fprintf(stderr, "cannot drop root\n");
      return 77;
    }
  }
  rl_log_init();
  if (getenv("LT_ALTER")) {
    /* A newer racelens upgrading the file in place while we run: every
     * table the writer inserts into gains a column. */
    sqlite3 *d;
    if (sqlite3_open(getenv("RACELENS_DB"), &d) != SQLITE_OK ||
        sqlite3_exec(d,
                     "ALTER TABLE sites ADD COLUMN later1;"
                     "ALTER TABLE races ADD COLUMN later2;"
                     "ALTER TABLE event_packs ADD COLUMN later3;",
                     NULL, NULL, NULL) != SQLITE_OK)
      return 4;
    sqlite3_close(d);
    rl_log_race(&(rl_log_race_t){.race_id = 1, .first = true});
  }
  lt_log_sites();
  lt_start_workers(4, N, false);
  lt_join_workers();
  fprintf(stderr, "program finished\n");
  return 0;
}

static int count_lines(const char *text, const char *needle) {
  int n = 0;
  for (const char *p = text; (p = strstr(p, needle)); p++)
    n++;
  return n;
}

/* The child finished normally and said what went wrong in one line. */
static void check_child(const char *name, int status, const char *err,
                        const char *expect) {
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
        "%s: status 0x%x; stderr: %s", name, status, err);
  CHECK(strstr(err, "program finished"), "%s: did not finish: %s", name, err);
  CHECK(count_lines(err, "racelens:") == 1, "%s: want one message: %s", name,
        err);
  CHECK(strstr(err, expect), "%s: want '%s' in: %s", name, expect, err);
}

static void write_file(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
    perror(path);
    exit(2);
  }
}

int main(int argc, char **argv) {
  if (argc >= 2 && !strcmp(argv[1], "child"))
    return child();
  char self[1024], db[700], err[8192];
  ssize_t k = readlink("/proc/self/exe", self, sizeof self - 1);
  self[k > 0 ? k : 0] = '\0';
  const char *dir = lt_tmpdir("log_bad_db");
  char absdir[600];
  if (!realpath(dir, absdir)) {
    perror(dir);
    return 2;
  }

  /* A directory we may not write to. */
  char ro[700];
  snprintf(ro, sizeof ro, "%s/readonly", absdir);
  mkdir(ro, 0555);
  chmod(ro, 0555);
  chmod(absdir, 0755);
  snprintf(db, sizeof db, "%s/x.db", ro);
  const char *drop[] = {"LT_DROP_ROOT=1", NULL};
  int st = lt_run_child(self, db, drop, NULL, 0, err, sizeof err);
  if (WIFEXITED(st) && WEXITSTATUS(st) == 77) {
    printf("skipped: unwritable directory (cannot drop root)\n");
  } else {
    char want[800];
    snprintf(want, sizeof want, "racelens: cannot open database '%s': ", db);
    check_child("unwritable directory", st, err, want);
    CHECK(strstr(err, "; continuing without the event log\n"),
          "unwritable directory: %s", err);
    CHECK(access(db, F_OK) != 0, "a database appeared in %s", ro);
  }

  /* A file that is not a database: left as it was. */
  snprintf(db, sizeof db, "%s/notes.txt", absdir);
  static char text[8192];
  for (size_t i = 0; i + 40 < sizeof text; i += 39)
    memcpy(text + i, "these are my notes, not a database ... ", 39);
  write_file(db, text);
  st = lt_run_child(self, db, NULL, NULL, 0, err, sizeof err);
  check_child("not a database", st, err, "file is not a database");
  FILE *f = fopen(db, "r");
  char back[sizeof text] = "";
  if (f) {
    size_t n = fread(back, 1, sizeof back - 1, f);
    back[n] = '\0';
    fclose(f);
  }
  CHECK(!strcmp(back, text), "not a database: the file was changed");

  /* Paths that are not files: SQLite would open them and fail later with
   * a message about something else. */
  snprintf(db, sizeof db, "%s/fifo", absdir);
  mkfifo(db, 0644);
  const char *others[] = {"/dev/null", absdir, db};
  for (int i = 0; i < 3; i++) {
    st = lt_run_child(self, others[i], NULL, NULL, 0, err, sizeof err);
    char want[800];
    snprintf(want, sizeof want,
             "racelens: cannot open database '%s': not a regular file;",
             others[i]);
    check_child(others[i], st, err, want);
  }

  /* A database from a newer racelens. */
  snprintf(db, sizeof db, "%s/newer.db", absdir);
  sqlite3 *d;
  sqlite3_open(db, &d);
  sqlite3_exec(d,
               "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
               "INSERT INTO meta VALUES('schema_version', '99');",
               NULL, NULL, NULL);
  sqlite3_close(d);
  st = lt_run_child(self, db, NULL, NULL, 0, err, sizeof err);
  check_child("newer schema", st, err, "schema version 99 is newer");
  d = lt_open(db);
  CHECK(lt_int(d, "SELECT count(*) FROM sqlite_master WHERE name='runs'") == 0,
        "newer schema: tables were added");
  sqlite3_close(d);

  /* The tables gain columns while the program runs. */
  snprintf(db, sizeof db, "%s/altered.db", absdir);
  const char *alter[] = {"LT_ALTER=1", NULL};
  st = lt_run_child(self, db, alter, NULL, 0, err, sizeof err);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0 && !strstr(err, "racelens:"),
        "altered: status 0x%x: %s", st, err);
  d = lt_open(db);
  CHECK(lt_int(d, "SELECT complete FROM runs") == 1 &&
            lt_int(d, "SELECT count(*) FROM sites") == 3 &&
            lt_int(d, "SELECT count(*) FROM races") == 1,
        "altered: the run is not whole");
  sqlite3_close(d);

  /* A file that says it is of this version but lacks the tables. */
  snprintf(db, sizeof db, "%s/hollow.db", absdir);
  char sql[200];
  snprintf(sql, sizeof sql,
           "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
           "INSERT INTO meta VALUES('schema_version', '%d');",
           RL_SCHEMA_VERSION);
  sqlite3_open(db, &d);
  sqlite3_exec(d, sql, NULL, NULL, NULL);
  sqlite3_close(d);
  st = lt_run_child(self, db, NULL, NULL, 0, err, sizeof err);
  check_child("hollow", st, err, "no such table: event_kinds");

  /* A version-1 database (events indexed by object, all rows, no packs)
   * is upgraded in place: its runs stay, the next run lands, the index
   * becomes the partial one. */
  snprintf(db, sizeof db, "%s/v1.db", absdir);
  st = lt_run_child(self, db, NULL, NULL, 0, err, sizeof err);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "v1: first run: %s", err);
  d = lt_open(db); /* unpacks: a version-1 file holds rows */
  sqlite3_exec(d,
               "DROP TABLE event_packs;"
               "DROP INDEX events_by_chan;"
               "CREATE INDEX events_by_obj ON events(run_id, obj, seq);"
               "UPDATE meta SET value = '1' WHERE key = 'schema_version';",
               NULL, NULL, NULL);
  sqlite3_close(d);
  st = lt_run_child(self, db, NULL, NULL, 0, err, sizeof err);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0 && !strstr(err, "racelens:"),
        "v1: upgrade: %s", err);
  d = lt_open(db);
  CHECK(lt_int(d, "SELECT value FROM meta WHERE key='schema_version'") ==
            RL_SCHEMA_VERSION,
        "v1: not upgraded to version %d", RL_SCHEMA_VERSION);
  CHECK(lt_int(d, "SELECT count(*) FROM sqlite_master WHERE name="
                  "'event_packs'") == 1,
        "v1: no event_packs");
  CHECK(lt_int(d, "SELECT count(*) FROM sqlite_master WHERE name="
                  "'events_by_obj'") == 0,
        "v1: events_by_obj still there");
  CHECK(lt_int(d, "SELECT count(*) FROM sqlite_master WHERE name="
                  "'events_by_chan'") == 1,
        "v1: no events_by_chan");
  CHECK(lt_int(d, "SELECT count(*) FROM runs WHERE complete = 1 AND "
                  "events_counted = (SELECT count(*) FROM events e WHERE "
                  "e.run_id = runs.run_id)") == 2,
        "v1: the old run and the new one are not both complete");
  sqlite3_close(d);

  /* No room at all (a file-size limit of 0). */
  snprintf(db, sizeof db, "%s/full.db", absdir);
  const char *nospace[] = {"LT_FSIZE=0", NULL};
  st = lt_run_child(self, db, nospace, NULL, 0, err, sizeof err);
  check_child("disk full", st, err, "racelens: cannot open database");

  /* Room for the schema and the run row, not for the events: a limit of
   * 512 KiB a file, which the new file's 360 KB fit under. */
  snprintf(db, sizeof db, "%s/midrun.db", absdir);
  const char *some[] = {"LT_FSIZE=524288", NULL};
  st = lt_run_child(self, db, some, NULL, 0, err, sizeof err);
  check_child("disk full in mid-run", st, err,
              "racelens: writing the event log failed: ");
  CHECK(strstr(err, "; the rest of run 1 is not logged\n"), "mid-run: %s", err);
  d = lt_open(db);
  char buf[64];
  CHECK(!strcmp(lt_text(d, buf, sizeof buf, "PRAGMA integrity_check"), "ok"),
        "mid-run: integrity_check: %s", buf);
  CHECK(lt_int(d, "SELECT count(*) FROM runs WHERE run_id=1") == 1,
        "mid-run: no run row");
  CHECK(lt_int(d, "SELECT complete FROM runs WHERE run_id=1") == 0,
        "mid-run: run marked complete");
  CHECK(lt_int(d, "SELECT count(*) FROM events") < 4 * N,
        "mid-run: every event fit, the limit did not bite");
  sqlite3_close(d);

  if (lt_failures) {
    fprintf(stderr, "%d failures\n", lt_failures);
    return 1;
  }
  puts("all passed");
  return 0;
}
