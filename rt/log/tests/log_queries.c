/*
 * rt/log/tests/log_queries.c -- the example queries of docs/schema.md work.
 *
 * Logs the run of a small racy channel program through log.h, then reads
 * docs/schema.md's "Example queries" section: every ```sql block is run
 * against the database and its rows, printed as the sqlite3 shell prints
 * them (columns joined by '|'), must equal the ``` block that follows it.
 * The documentation and the test cannot drift apart.
 *
 *   log_queries path/to/docs/schema.md
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log_test.h"
#include "track.h"

static rl_site_t sites[] = {
    {.kind = RL_SITE_CALL,
     .line = 10,
     .file = "prog.c",
     .func = "main",
     .callee = "chan_send",
     .expr = "ch"},
    {.kind = RL_SITE_WRITE,
     .size = 4,
     .line = 20,
     .file = "prog.c",
     .func = "worker",
     .expr = "counter"},
    {.kind = RL_SITE_READ,
     .size = 4,
     .line = 25,
     .file = "prog.c",
     .func = "main",
     .expr = "counter"},
    {.kind = RL_SITE_CALL,
     .line = 8,
     .file = "prog.c",
     .func = "main",
     .callee = "go",
     .target = "worker"},
    {.kind = RL_SITE_CALL,
     .line = 18,
     .file = "prog.c",
     .func = "worker",
     .callee = "chan_recv",
     .expr = "ch"},
};

/* main starts worker, sends it a pointer to a heap block over ch, and
 * reads `counter`, which worker writes with no ordering in between. */
static void log_program(void) {
  for (uint32_t i = 0; i < 5; i++)
    sites[i].id = i + 1;
  rl_log_sites(sites, 5);
  rl_log_goroutine_t g1 = {.gid = 1, .kind = "main", .start_func = "main"};
  rl_log_goroutine(&g1);
  rl_log_goroutine_t g2 = {.gid = 2,
                           .parent = 1,
                           .kind = "goroutine",
                           .start_func = "worker",
                           .create_site = 4,
                           .go_seq = 3};
  rl_log_goroutine(&g2);
  rl_log_object_t ch = {
      .obj_id = 1, .kind = RL_OBJ_CHAN, .name = "ch", .elem_size = 8, .seq = 1};
  rl_log_object(&ch);
  rl_log_object_t blk = {
      .obj_id = 2, .kind = RL_OBJ_HEAP, .size = 40, .gid = 1, .seq = 2};
  rl_log_object(&blk);
  const rl_log_event_t ev[] = {
      {.seq = 1, .gid = 1, .kind = RL_EV_CHAN_MAKE, .obj = 1, .clock = 1},
      {.seq = 2, .gid = 1, .kind = RL_EV_MALLOC, .obj = 2, .clock = 1},
      {.seq = 3, .gid = 1, .kind = RL_EV_GO, .site = 4, .aux = 2, .clock = 1},
      {.seq = 4, .gid = 2, .kind = RL_EV_START, .peer = 3, .clock = 1},
      {.seq = 5,
       .gid = 1,
       .kind = RL_EV_SEND,
       .obj = 1,
       .site = 1,
       .value = 4096,
       .ptr_obj = 2,
       .clock = 2},
      {.seq = 6,
       .gid = 2,
       .kind = RL_EV_RECV,
       .obj = 1,
       .site = 5,
       .peer = 5,
       .value = 4096,
       .ptr_obj = 2,
       .clock = 2},
      {.seq = 7, .gid = 1, .kind = RL_EV_RACE, .site = 3, .aux = 1, .clock = 3},
      {.seq = 8, .gid = 2, .kind = RL_EV_EXIT, .clock = 3},
  };
  for (size_t i = 0; i < sizeof ev / sizeof *ev; i++)
    rl_log_event(&ev[i]);
  rl_log_race_t r = {
      .race_id = 1,
      .addr = 0x601040,
      .size = 4,
      .var = "global `counter`",
      .first = true,
      .cur = {.gid = 1,
              .site = 3,
              .kind = RL_SITE_READ,
              .size = 4,
              .clock = 3,
              .seq = 7},
      .prev =
          {.gid = 2, .site = 2, .kind = RL_SITE_WRITE, .size = 4, .clock = 2},
  };
  rl_log_race(&r);
  rl_log_goroutine_end(2, 8, 100);
  rl_log_access_counts(2, 2, 0, 1, 0);
  rl_log_access_counts(1, 3, 1, 0, 0);
  rl_log_end("exited", 66, 0, 1);
}

static char *read_all(const char *path) {
  FILE *f = fopen(path, "r");
  if (!f) {
    perror(path);
    exit(2);
  }
  static char text[1 << 17];
  size_t n = fread(text, 1, sizeof text - 1, f);
  text[n] = '\0';
  fclose(f);
  return text;
}

/* The query's rows as the sqlite3 shell prints them. */
static void rows_of(sqlite3 *db, const char *sql, char *out, size_t cap) {
  sqlite3_stmt *st;
  out[0] = '\0';
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
    CHECK(0, "%s: %s", sql, sqlite3_errmsg(db));
    return;
  }
  size_t n = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    for (int c = 0; c < sqlite3_column_count(st); c++) {
      const unsigned char *v = sqlite3_column_text(st, c);
      n += (size_t)snprintf(out + n, cap - n, "%s%s", c ? "|" : "",
                            v ? (const char *)v : "");
      if (n >= cap)
        break;
    }
    if (n < cap)
      n += (size_t)snprintf(out + n, cap - n, "\n");
  }
  sqlite3_finalize(st);
}

/* Copies the body of the next ``` block (after `from`) into out. */
static const char *next_block(const char *from, const char *lang, char *out,
                              size_t cap) {
  char fence[32];
  snprintf(fence, sizeof fence, "```%s\n", lang);
  const char *b = strstr(from, fence);
  if (!b)
    return NULL;
  b += strlen(fence);
  const char *e = strstr(b, "```");
  if (!e)
    return NULL;
  size_t n = (size_t)(e - b) < cap - 1 ? (size_t)(e - b) : cap - 1;
  memcpy(out, b, n);
  out[n] = '\0';
  return e + 3;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: log_queries docs/schema.md\n");
    return 2;
  }
  const char *dir = lt_tmpdir("log_queries");
  char db_path[600];
  snprintf(db_path, sizeof db_path, "%s/example.db", dir);
  setenv("RACELENS_DB", db_path, 1);
  rl_log_init();
  CHECK(rl_log_active(), "log not active");
  log_program();

  sqlite3 *db = lt_open(db_path);
  const char *doc = strstr(read_all(argv[1]), "## Example queries");
  CHECK(doc, "no Example queries section in %s", argv[1]);
  int queries = 0;
  char sql[4096], want[4096], got[4096];
  while (doc && (doc = next_block(doc, "sql", sql, sizeof sql))) {
    doc = next_block(doc, "", want, sizeof want);
    CHECK(doc, "query %d has no output block", queries + 1);
    if (!doc)
      break;
    rows_of(db, sql, got, sizeof got);
    CHECK(!strcmp(got, want), "query %d:\n%s\nprinted:\n%s\ndocumented:\n%s",
          queries + 1, sql, got, want);
    queries++;
  }
  CHECK(queries == 3, "%d example queries, want 3", queries);
  sqlite3_close(db);
  if (lt_failures) {
    fprintf(stderr, "%d failures\n", lt_failures);
    return 1;
  }
  printf("%d example queries: all passed\n", queries);
  return 0;
}
