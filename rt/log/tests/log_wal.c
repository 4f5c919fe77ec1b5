/*
 * log_wal: a program run again and again into one file, with nobody
 * reading it in between, does not let the write-ahead log grow without
 * end: once a run starts on 4 MiB of log or more, its writer copies the
 * log into the file (a checkpoint), in the background.  Seen from outside:
 * the main file alone, without its log, holds the earlier runs, and every
 * run is complete.  Nor does a big run's log keep its size once the next
 * run has checkpointed it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "log_test.h"

#define RUNS 10
#define PER_THREAD 25000u /* 4 x 25,000 events: about 1 MB of log a run */

static int child(void) {
  const char *n = getenv("LT_PER_THREAD");
  rl_log_init();
  lt_log_sites();
  lt_start_workers(4, n ? (unsigned)atoi(n) : PER_THREAD, false);
  lt_join_workers();
  return 0;
}

static void copy_file(const char *from, const char *to) {
  FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
  CHECK(in && out, "copying %s to %s", from, to);
  char buf[1 << 16];
  size_t n;
  while (in && out && (n = fread(buf, 1, sizeof buf, in)) > 0)
    fwrite(buf, 1, n, out);
  if (in)
    fclose(in);
  if (out)
    fclose(out);
}

int main(int argc, char **argv) {
  if (argc >= 2 && !strcmp(argv[1], "child"))
    return child();
  char self[4096], db[512], wal[520], alone[512], err[4096];
  ssize_t k = readlink("/proc/self/exe", self, sizeof self - 1);
  self[k > 0 ? k : 0] = '\0';
  const char *dir = lt_tmpdir("log_wal");
  snprintf(db, sizeof db, "%s/runs.db", dir);
  snprintf(wal, sizeof wal, "%s-wal", db);
  snprintf(alone, sizeof alone, "%s/alone.db", dir);

  long biggest = 0;
  for (int i = 0; i < RUNS; i++) {
    int st = lt_run_child(self, db, NULL, NULL, 0, err, sizeof err);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "run %d: %s", i + 1, err);
    struct stat s;
    if (stat(wal, &s) == 0 && s.st_size > biggest)
      biggest = s.st_size;
  }
  /* Without the checkpoints the log would hold all ten runs, 7.5 MB. */
  CHECK(biggest < 6l << 20, "the log grew to %ld bytes", biggest);

  copy_file(db, alone);
  sqlite3 *d;
  CHECK(sqlite3_open(alone, &d) == SQLITE_OK, "open %s", alone);
  int64_t runs = lt_int(d, "SELECT count(*) FROM runs WHERE status = 'exited'");
  CHECK(runs >= 3, "the file without its log holds %lld finished runs",
        (long long)runs);
  sqlite3_close(d);

  d = lt_open(db);
  CHECK(lt_int(d, "SELECT count(*) FROM runs WHERE complete = 1") == RUNS,
        "not every run is complete");
  CHECK(lt_int(d, "SELECT count(*) FROM events") ==
            (int64_t)RUNS * (4 * PER_THREAD + LT_MAIN_EVENTS),
        "events lost");
  sqlite3_close(d);

  /* A big run leaves a big log; the next run, small, checkpoints it and
   * starts it over, cut back to 4 MiB, so the file's log does not keep
   * the biggest run's size for good. */
  snprintf(db, sizeof db, "%s/big.db", dir);
  snprintf(wal, sizeof wal, "%s-wal", db);
  const char *big[] = {"LT_PER_THREAD=300000", NULL};
  int st = lt_run_child(self, db, big, NULL, 0, err, sizeof err);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "big run: %s", err);
  struct stat s;
  CHECK(stat(wal, &s) == 0 && s.st_size > 8l << 20,
        "the big run left a log of %ld bytes, want over 8 MiB",
        (long)s.st_size);
  st = lt_run_child(self, db, NULL, NULL, 0, err, sizeof err);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "small run: %s", err);
  CHECK(stat(wal, &s) == 0 && s.st_size < 6l << 20,
        "after a small run the log is still %ld bytes", (long)s.st_size);
  d = lt_open(db);
  CHECK(lt_int(d, "SELECT count(*) FROM events") ==
            4 * (300000 + PER_THREAD) + 2 * LT_MAIN_EVENTS,
        "big and small run: events lost");
  sqlite3_close(d);

  if (lt_failures == 0)
    puts("log_wal: ok");
  return lt_failures ? 1 : 0;
}
