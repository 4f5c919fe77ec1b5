/* `racelens chans`: each channel of a run and the traffic through it. */
#include "cli.h"
#include "commands.h"
#include "db.h"
#include "term.h"

#include <inttypes.h>
#include <string.h>

const char help_chans[] =
    "usage: racelens chans [DB] [--run N]\n\n"
    "For each channel of a run: its name, capacity and element size, where\n"
    "it was made, how many sends and receives it saw, who sent to whom (with\n"
    "counts), whether it was closed, and the pointers that went through it\n"
    "with the heap block each pointed into.\n";

static int64_t one_int(sqlite3 *db, const char *sql, int64_t run, int64_t obj) {
  sqlite3_stmt *st = NULL;
  int64_t v = 0;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
    sqlite3_bind_int64(st, 1, run);
    sqlite3_bind_int64(st, 2, obj);
    if (sqlite3_step(st) == SQLITE_ROW)
      v = rl_col64(st, 0);
  }
  sqlite3_finalize(st);
  return v;
}

static void print_flows(FILE *out, sqlite3 *db, int64_t run, int64_t chan) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db,
                         "SELECT s.gid, r.gid, count(*) FROM events r JOIN "
                         "events s ON s.run_id = r.run_id AND s.seq = r.peer "
                         "WHERE r.run_id = ?1 AND r.obj = ?2 AND r.kind = 13 "
                         "GROUP BY s.gid, r.gid ORDER BY 3 DESC, 1, 2",
                         -1, &st, NULL) != SQLITE_OK) {
    sqlite3_finalize(st);
    return;
  }
  sqlite3_bind_int64(st, 1, run);
  sqlite3_bind_int64(st, 2, chan);
  while (sqlite3_step(st) == SQLITE_ROW) {
    char a[192], b[192];
    rl_db_goroutine_label(db, run, rl_col64(st, 0), a, sizeof a);
    rl_db_goroutine_label(db, run, rl_col64(st, 1), b, sizeof b);
    fprintf(out, "    %s -> %s: %" PRId64 "\n", a, b, rl_col64(st, 2));
  }
  sqlite3_finalize(st);
}

static void print_pointers(FILE *out, sqlite3 *db, int64_t run, int64_t chan) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(
          db,
          "SELECT s.seq, s.gid, s.ptr_obj, o.size, o.site, "
          "(SELECT r.gid FROM events r WHERE r.run_id = s.run_id AND r.kind = "
          "13 AND r.peer = s.seq AND r.obj = s.obj) FROM events s LEFT JOIN "
          "objects o ON o.run_id = s.run_id AND o.obj_id = s.ptr_obj WHERE "
          "s.run_id = ?1 AND s.obj = ?2 AND s.kind = 11 AND s.ptr_obj > 0 "
          "ORDER BY s.seq LIMIT 50",
          -1, &st, NULL) != SQLITE_OK) {
    sqlite3_finalize(st);
    return;
  }
  sqlite3_bind_int64(st, 1, run);
  sqlite3_bind_int64(st, 2, chan);
  int first = 1;
  while (sqlite3_step(st) == SQLITE_ROW) {
    if (first)
      fprintf(out, "  pointers sent:\n");
    first = 0;
    char from[192], to[192] = "(not received)", at[600];
    rl_db_goroutine_label(db, run, rl_col64(st, 1), from, sizeof from);
    if (sqlite3_column_type(st, 5) != SQLITE_NULL)
      rl_db_goroutine_label(db, run, rl_col64(st, 5), to, sizeof to);
    rl_db_site_loc(db, run, rl_col64(st, 4), at, sizeof at);
    fprintf(out,
            "    seq %" PRId64 ": %s -> %s: heap block #%" PRId64 " (%" PRId64
            " bytes, allocated at %s)\n",
            rl_col64(st, 0), from, to, rl_col64(st, 2), rl_col64(st, 3), at);
  }
  sqlite3_finalize(st);
}

int cmd_chans(int argc, char **argv) {
  rl_cli_t cli;
  sqlite3 *db;
  int64_t run;
  int rc = rl_cli_open(argc, argv, NULL, &cli, &db, &run);
  if (rc)
    return rc;
  char err[1024];
  if (cli.nrest) {
    snprintf(err, sizeof err, "unknown option '%s'", cli.rest[0].name);
    sqlite3_close(db);
    return rl_cli_fail(&cli, err);
  }
  sqlite3_stmt *st = rl_db_prepare(
      db,
      "SELECT obj_id, name, cap, elem_size, site, gid FROM objects WHERE "
      "run_id = ?1 AND kind = 'chan' ORDER BY obj_id",
      err, sizeof err);
  if (!st) {
    sqlite3_close(db);
    return rl_cli_fail(&cli, err);
  }
  FILE *out = rl_cli_output(&cli);
  if (!out) {
    sqlite3_finalize(st);
    sqlite3_close(db);
    return RL_EXIT_USAGE; /* -o FILE cannot be written: bad input */
  }
  term_init(out);
  term_progress_start("reading channels");
  sqlite3_bind_int64(st, 1, run);
  int n = 0;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    int64_t id = rl_col64(st, 0);
    const unsigned char *name = sqlite3_column_text(st, 1);
    char at[600], who[192];
    rl_db_site_loc(db, run, rl_col64(st, 4), at, sizeof at);
    rl_db_goroutine_label(db, run, rl_col64(st, 5), who, sizeof who);
    int64_t cap = rl_col64(st, 2);
    char kind[64] = "unbuffered";
    if (cap)
      snprintf(kind, sizeof kind, "buffered, capacity %" PRId64, cap);
    fprintf(out,
            "%schannel %s%s (#%" PRId64 "): %s, element %" PRId64
            " bytes, made at %s by %s\n",
            term_bold(), name && *name ? (const char *)name : "?", term_reset(),
            id, kind, rl_col64(st, 3), at, who);
    int64_t sends = one_int(db,
                            "SELECT count(*) FROM events WHERE run_id = ?1 "
                            "AND obj = ?2 AND kind = 11",
                            run, id);
    int64_t recvs = one_int(db,
                            "SELECT count(*) FROM events WHERE run_id = ?1 "
                            "AND obj = ?2 AND kind IN (13, 14)",
                            run, id);
    int64_t closes = one_int(db,
                             "SELECT count(*) FROM events WHERE run_id = ?1 "
                             "AND obj = ?2 AND kind = 15",
                             run, id);
    fprintf(out, "  %" PRId64 " sends, %" PRId64 " receives%s\n", sends, recvs,
            closes ? ", closed" : "");
    print_flows(out, db, run, id);
    print_pointers(out, db, run, id);
    n++;
  }
  sqlite3_finalize(st);
  term_progress_end();
  sqlite3_close(db);
  if (n == 0 && rc == SQLITE_DONE)
    fprintf(out, "no channels in run %" PRId64 "\n", run);
  if (out != stdout)
    fclose(out);
  if (rc != SQLITE_DONE)
    return rl_cli_fail(&cli, "cannot read the channels (damaged database)");
  return RL_EXIT_OK;
}
