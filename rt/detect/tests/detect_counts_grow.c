/*
 * A goroutine's access counts come out exact when its count table grows
 * under a loop that the plugin checks inline.
 *
 * Such a loop loads the table once, where it is entered, and counts into
 * it to the end.  The table grows only for a site beyond it: a module
 * registered later (dlopen), whose site a signal handler touches while the
 * loop runs.  The loop then goes on counting into the table it loaded.
 * Here the child plays the loop by hand, the way the check does: it takes
 * the table from the goroutine at the ABI's offset, counts into it, lets a
 * handler's access to a new module's site grow the table, and counts on
 * into the old one.  Every one of those reads must reach the database.
 */
#include <signal.h>

#include "detect/detect.h"
#include "detect_harness.h"
#include "log/log_pack.h"

enum { LOOP = 1000, LATE_SITES = 300, AFTER = 5 };

static rl_site_t first_sites[] = {
    {.kind = RL_SITE_READ,
     .size = 4,
     .line = 20,
     .file = "loop.c",
     .func = "main",
     .expr = "table[i]"},
};
static rl_module_t first = {.abi_version = RL_ABI_VERSION,
                            .sites = first_sites,
                            .nsites = 1,
                            .source = "loop.c"};

/* Enough sites that the first one past them is beyond any table sized
 * before: the table must grow for it. */
static rl_site_t late_sites[LATE_SITES];
static rl_module_t late = {.abi_version = RL_ABI_VERSION,
                           .sites = late_sites,
                           .nsites = LATE_SITES,
                           .source = "plugin.c"};

static int table_word, late_word;

static void on_signal(int sig) {
  (void)sig;
  __rl_read4(&late_word, &late_sites[LATE_SITES - 1]);
}

/* The goroutine's fields the inline check reads, at rt/abi.h's offsets. */
static char *field(int off) {
  return (char *)rl_cur() + off;
}
static uint32_t table_size(void) {
  uint32_t n;
  memcpy(&n, field(RL_FAST_NCOUNTS_OFF), sizeof n);
  return n;
}

/* What the inline check does with the count table it loaded. */
static void count_reads(char *table, uint32_t id, int n) {
  uint64_t *reads = (uint64_t *)(table + (size_t)id * RL_FAST_COUNTS_SIZE +
                                 RL_FAST_COUNTS_READS_OFF);
  for (int i = 0; i < n; i++)
    __atomic_store_n(reads, *reads + 1, __ATOMIC_RELAXED);
}

static void grow_under_loop(void) {
  __rl_register_module(&first);
  uint32_t id = first_sites[0].id;
  __rl_read4(&table_word, &first_sites[0]);
  char *loaded;
  memcpy(&loaded, field(RL_FAST_COUNTS_OFF), sizeof loaded);
  uint32_t before = table_size();
  count_reads(loaded, id, LOOP);

  for (int i = 0; i < LATE_SITES; i++)
    late_sites[i] = (rl_site_t){.kind = RL_SITE_READ,
                                .size = 4,
                                .line = 100 + i,
                                .file = "plugin.c",
                                .func = "on_signal",
                                .expr = "late_word"};
  __rl_register_module(&late);
  signal(SIGUSR1, on_signal);
  raise(SIGUSR1);
  if (table_size() <= before) {
    fprintf(stderr, "the table did not grow (%u sites)\n", before);
    exit(3);
  }

  count_reads(loaded, id, LOOP); /* the loop goes on with its table */
  for (int i = 0; i < AFTER; i++)
    __rl_read4(&table_word, &first_sites[0]);
}

static int64_t reads_of(sqlite3 *db, const char *expr) {
  sqlite3_stmt *st;
  CHECK(sqlite3_prepare_v2(db,
                           "SELECT sum(a.reads) FROM access_counts a JOIN sites"
                           " s ON s.run_id = a.run_id AND s.site_id = a.site"
                           " WHERE a.gid = 1 AND s.expr = ?1",
                           -1, &st, NULL) == SQLITE_OK,
        "prepare: %s", sqlite3_errmsg(db));
  sqlite3_bind_text(st, 1, expr, -1, SQLITE_STATIC);
  int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
  sqlite3_finalize(st);
  return n;
}

int main(void) {
  static char path[64], env[80];
  snprintf(path, sizeof path, "/tmp/rl_counts_grow_%d.db", (int)getpid());
  snprintf(env, sizeof env, "RACELENS_DB=%s", path);
  static child_t c;
  run_child(grow_under_loop, env, &c);
  CHECK(c.status == 0, "child exit status %d; stderr:\n%s", c.status, c.err);

  sqlite3 *db;
  CHECK(sqlite3_open(path, &db) == SQLITE_OK, "open %s", path);
  uint64_t moved = 0;
  CHECK(rl_unpack_db(db, &moved) == SQLITE_OK, "unpack: %s",
        sqlite3_errmsg(db));
  int64_t loop = reads_of(db, "table[i]"), handler = reads_of(db, "late_word");
  CHECK(loop == 1 + 2 * LOOP + AFTER,
        "the loop's site has %lld reads in the database, made %d",
        (long long)loop, 1 + 2 * LOOP + AFTER);
  CHECK(handler == 1, "the handler's site has %lld reads", (long long)handler);
  sqlite3_close(db);
  const char *suffixes[] = {"", "-wal", "-shm"};
  for (int i = 0; i < 3; i++) {
    char p[96];
    snprintf(p, sizeof p, "%s%s", path, suffixes[i]);
    unlink(p);
  }
  puts("detect_counts_grow: every read counted");
  return 0;
}
