/*
 * rt/log/tests/log_template.c -- a new file written from the build's image
 * of an empty database (rt/log/log_template.c) is the database the schema
 * SQL makes: the same objects with the same SQL, the same rows, the same
 * page size; writing one never touches a file that is there; a
 * program killed while writing one leaves nothing of it behind; and a
 * database made before an event kind existed gets its name when opened.
 */
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "log/log_int.h"
#include "log_test.h"

/* Every row of `sql` in `db`, its columns joined, rows one a line. */
static void dump(sqlite3 *db, const char *sql, char *out, size_t cap) {
  sqlite3_stmt *st;
  size_t n = 0;
  out[0] = '\0';
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
    CHECK(0, "%s: %s", sql, sqlite3_errmsg(db));
    return;
  }
  while (sqlite3_step(st) == SQLITE_ROW && n < cap)
    for (int i = 0; i < sqlite3_column_count(st) && n < cap; i++) {
      const char *v = (const char *)sqlite3_column_text(st, i);
      n += (size_t)snprintf(out + n, cap - n, "%s%c", v ? v : "NULL",
                            i + 1 < sqlite3_column_count(st) ? '|' : '\n');
    }
  sqlite3_finalize(st);
}

static const char *const contents[] = {
    "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name",
    "SELECT * FROM meta ORDER BY key",
    "SELECT * FROM event_kinds ORDER BY kind",
    "PRAGMA page_size",
    "PRAGMA journal_mode",
    "PRAGMA integrity_check",
};

/* The image against the SQL, as the two end up in files. */
static void same_as_sql(const char *dir) {
  char from_image[600], from_sql[600];
  snprintf(from_image, sizeof from_image, "%s/image.db", dir);
  snprintf(from_sql, sizeof from_sql, "%s/sql.db", dir);
  CHECK(rl_schema_from_template(from_image), "no file from the image");
  /* An empty file is new to rl_schema_open, but the image's link() cannot
   * replace it: the schema comes from the SQL. */
  FILE *f = fopen(from_sql, "w");
  CHECK(f && fclose(f) == 0, "cannot make %s", from_sql);
  char why[256];
  sqlite3 *sql = rl_schema_open(from_sql, why, sizeof why);
  CHECK(sql != NULL, "%s: %s", from_sql, why);
  sqlite3 *image;
  CHECK(sqlite3_open(from_image, &image) == SQLITE_OK, "open %s", from_image);
  if (!sql || !image)
    return;
  static char a[65536], b[65536];
  for (size_t i = 0; i < sizeof contents / sizeof *contents; i++) {
    dump(image, contents[i], a, sizeof a);
    dump(sql, contents[i], b, sizeof b);
    CHECK(a[0] && strcmp(a, b) == 0,
          "%s differs:\n-- from the image --\n%s-- from the SQL --\n%s",
          contents[i], a, b);
  }
  CHECK(lt_int(image, "SELECT value FROM meta WHERE key='schema_version'") ==
            RL_SCHEMA_VERSION,
        "the image is not the current version");
  sqlite3_close(image);
  sqlite3_close(sql);
}

/* A file that is there stays as it is; a directory that cannot be written
 * gets nothing.  Either way nothing is left behind. */
static void leaves_others_alone(const char *dir) {
  char path[600];
  snprintf(path, sizeof path, "%s/there.db", dir);
  FILE *f = fopen(path, "w");
  CHECK(f && fputs("not a database", f) >= 0 && fclose(f) == 0, "%s", path);
  CHECK(!rl_schema_from_template(path), "replaced a file that was there");
  struct stat st;
  CHECK(stat(path, &st) == 0 && st.st_size == 14, "the file changed");
  snprintf(path, sizeof path, "%s/no/such/dir/x.db", dir);
  CHECK(!rl_schema_from_template(path), "made a file in no directory");
  lt_check_no_file_like(dir, ".new");
}

/* A program killed while it makes its file (SIGKILL, which nothing can
 * catch) leaves no file of its own behind, and any database it did make
 * is whole.  A child makes new files one after another, each in a fresh
 * directory, until it is killed at some point in the middle of one. */
static void killed_while_making(const char *dir) {
  char sub[600], path[700];
  snprintf(sub, sizeof sub, "%s/killed", dir);
  mkdir(sub, 0755);
  for (int round = 0; round < 5; round++) {
    pid_t pid = fork();
    if (pid == 0) {
      for (int i = 0; i < 2000; i++) {
        snprintf(path, sizeof path, "%s/%d.%d.db", sub, round, i);
        rl_schema_from_template(path);
      }
      _exit(0);
    }
    usleep(20000);
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
  }
  DIR *d = opendir(sub);
  int dbs = 0;
  for (struct dirent *e; d && (e = readdir(d));) {
    if (e->d_name[0] == '.')
      continue;
    size_t n = strlen(e->d_name);
    CHECK(n > 3 && strcmp(e->d_name + n - 3, ".db") == 0, "%s/%s was left", sub,
          e->d_name);
    snprintf(path, sizeof path, "%s/%s", sub, e->d_name);
    sqlite3 *db;
    char ok[16] = "";
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK)
      lt_text(db, ok, sizeof ok, "PRAGMA quick_check");
    sqlite3_close(db);
    CHECK(strcmp(ok, "ok") == 0, "%s is not whole: %s", path, ok);
    dbs++;
  }
  if (d)
    closedir(d);
  CHECK(dbs > 0, "the children made no file");
}

/* A file from a racelens that knew fewer event kinds: opening it adds the
 * missing names, so views that join event_kinds keep the new events. */
static void old_kinds_completed(const char *dir) {
  char path[600], why[256];
  snprintf(path, sizeof path, "%s/old_kinds.db", dir);
  sqlite3 *db = rl_schema_open(path, why, sizeof why);
  CHECK(db != NULL, "%s: %s", path, why);
  if (!db)
    return;
  int64_t all = lt_int(db, "SELECT count(*) FROM event_kinds");
  CHECK(sqlite3_exec(db, "DELETE FROM event_kinds WHERE name LIKE 'fd_%'", NULL,
                     NULL, NULL) == SQLITE_OK &&
            sqlite3_changes(db) == 2,
        "no fd_ kinds to delete");
  sqlite3_close(db);
  db = rl_schema_open(path, why, sizeof why);
  CHECK(db != NULL, "reopen %s: %s", path, why);
  if (!db)
    return;
  CHECK(lt_int(db, "SELECT count(*) FROM event_kinds") == all,
        "event kinds not completed");
  CHECK(lt_int(db, "SELECT kind FROM event_kinds WHERE name = 'fd_read'") == 95,
        "fd_read");
  sqlite3_close(db);
}

int main(void) {
  const char *dir = lt_tmpdir("log_template");
  old_kinds_completed(dir);
  same_as_sql(dir);
  leaves_others_alone(dir);
  killed_while_making(dir);
  if (lt_failures) {
    fprintf(stderr, "%d failures\n", lt_failures);
    return 1;
  }
  printf("ok\n");
  return 0;
}
