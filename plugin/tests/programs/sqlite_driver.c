/* A workload for the SQLite amalgamation: tables, indexes, inserts in a
 * transaction, joins, aggregates, string functions, a recursive CTE and a
 * prepared-statement loop.  Prints every result so plain and instrumented
 * builds can be compared line by line. */
#include "sqlite3.h"

#include <stdio.h>
#include <stdlib.h>

static int print_row(void *ctx, int n, char **vals, char **names) {
  (void)ctx;
  for (int i = 0; i < n; i++)
    printf("%s%s=%s", i ? " " : "", names[i], vals[i] ? vals[i] : "NULL");
  printf("\n");
  return 0;
}

static void exec(sqlite3 *db, const char *sql) {
  char *err = NULL;
  if (sqlite3_exec(db, sql, print_row, NULL, &err) != SQLITE_OK) {
    fprintf(stderr, "sqlite_driver: %s\n", err);
    sqlite3_free(err);
    exit(1);
  }
}

int main(void) {
  sqlite3 *db;
  if (sqlite3_open(":memory:", &db) != SQLITE_OK)
    return 1;
  exec(db, "CREATE TABLE student(id INTEGER PRIMARY KEY, name TEXT, year INT);"
           "CREATE TABLE grade(student INT, course TEXT, score REAL);"
           "CREATE INDEX grade_course ON grade(course);");
  exec(db, "BEGIN");
  sqlite3_stmt *ins;
  sqlite3_prepare_v2(db, "INSERT INTO student(name, year) VALUES (?, ?)", -1,
                     &ins, NULL);
  for (int i = 0; i < 300; i++) {
    char name[32];
    snprintf(name, sizeof name, "student%03d", (i * 37) % 300);
    sqlite3_bind_text(ins, 1, name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(ins, 2, 2020 + i % 5);
    sqlite3_step(ins);
    sqlite3_reset(ins);
  }
  sqlite3_finalize(ins);
  exec(db, "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n "
           "WHERE x < 900) INSERT INTO grade SELECT (x % 300) + 1, "
           "CASE x % 3 WHEN 0 THEN 'os' WHEN 1 THEN 'db' ELSE 'pl' END, "
           "(x * 7919) % 101 FROM n;");
  exec(db, "COMMIT");
  exec(db, "SELECT course, count(*) AS n, round(avg(score), 3) AS avg, "
           "max(score) AS best FROM grade GROUP BY course ORDER BY course;");
  exec(db, "SELECT s.year, count(DISTINCT s.id) AS students, "
           "sum(g.score) AS total FROM student s JOIN grade g ON "
           "g.student = s.id GROUP BY s.year ORDER BY s.year;");
  exec(db, "SELECT name, upper(substr(name, 1, 3)) || length(name) AS tag "
           "FROM student WHERE id IN (1, 50, 299) ORDER BY id;");
  exec(db, "SELECT group_concat(course, ',') AS cs FROM (SELECT DISTINCT "
           "course FROM grade ORDER BY course);");
  exec(db, "UPDATE grade SET score = score + 1 WHERE course = 'db';"
           "DELETE FROM grade WHERE score > 99;"
           "SELECT count(*) AS left_rows, total(score) AS sum FROM grade;");
  exec(db, "SELECT printf('%.2f', 1.0 * sum(score) / count(*)) AS mean, "
           "hex(zeroblob(2)) AS zeros FROM grade;");
  sqlite3_close(db);
  return 0;
}
