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

/* Sends, receives and closes of channel CHAN, in one pass over its
 * events.  Every query by object here repeats the channel-kind range of
 * the partial index events_by_chan (docs/schema.md): SQLite uses a partial
 * index only when the query states its condition. */
static void count_ops(sqlite3 *db, int64_t run, int64_t chan, int64_t *sends,
                      int64_t *recvs, int64_t *closes) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(
          db,
          "SELECT kind, count(*) FROM events WHERE run_id = ?1 "
          "AND obj = ?2 AND kind BETWEEN 10 AND 19 GROUP BY kind",
          -1, &st, NULL) == SQLITE_OK) {
    sqlite3_bind_int64(st, 1, run);
    sqlite3_bind_int64(st, 2, chan);
    while (sqlite3_step(st) == SQLITE_ROW) {
      int kind = sqlite3_column_int(st, 0);
      int64_t n = rl_col64(st, 1);
      if (kind == 11)
        *sends += n;
      else if (kind == 13 || kind == 14)
        *recvs += n;
      else if (kind == 15)
        *closes += n;
    }
  }
  sqlite3_finalize(st);
}

static void print_flows(FILE *out, sqlite3 *db, int64_t run, int64_t chan) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db,
                         "SELECT s.gid, r.gid, count(*) FROM events r JOIN "
                         "events s ON s.run_id = r.run_id AND s.seq = r.peer "
                         "WHERE r.run_id = ?1 AND r.obj = ?2 AND r.kind = 13 "
                         "AND r.kind BETWEEN 10 AND 19 "
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

/* Who received the send at SEND_SEQ: the recv whose peer it is.  There is
 * no index on peer, so walk the channel's events forward from the send
 * (the receive is close behind it) for a bounded stretch. */
static int64_t receiver_of(sqlite3 *db, sqlite3_stmt **st, int64_t run,
                           int64_t chan, int64_t send_seq) {
  if (!*st &&
      sqlite3_prepare_v2(db,
                         "SELECT gid FROM (SELECT gid, kind, peer FROM events "
                         "WHERE run_id = ?1 AND obj = ?2 AND seq > ?3 AND "
                         "kind BETWEEN 10 AND 19 ORDER "
                         "BY seq LIMIT 10000) WHERE kind = 13 AND peer = ?3 "
                         "LIMIT 1",
                         -1, st, NULL) != SQLITE_OK)
    return -1;
  sqlite3_reset(*st);
  sqlite3_bind_int64(*st, 1, run);
  sqlite3_bind_int64(*st, 2, chan);
  sqlite3_bind_int64(*st, 3, send_seq);
  return sqlite3_step(*st) == SQLITE_ROW ? rl_col64(*st, 0) : -1;
}

static void print_pointers(FILE *out, sqlite3 *db, int64_t run, int64_t chan) {
  sqlite3_stmt *st = NULL, *recv = NULL;
  if (sqlite3_prepare_v2(
          db,
          "SELECT s.seq, s.gid, s.ptr_obj, o.size, o.site FROM events s "
          "LEFT JOIN objects o ON o.run_id = s.run_id AND o.obj_id = "
          "s.ptr_obj WHERE s.run_id = ?1 AND s.obj = ?2 AND s.kind = 11 AND "
          "s.kind BETWEEN 10 AND 19 AND "
          "s.ptr_obj > 0 ORDER BY s.seq LIMIT 50",
          -1, &st, NULL) != SQLITE_OK) {
    sqlite3_finalize(st);
    return;
  }
  sqlite3_bind_int64(st, 1, run);
  sqlite3_bind_int64(st, 2, chan);
  int first = 1;
  while (sqlite3_step(st) == SQLITE_ROW) {
    if (first)
      fprintf(out, "  pointers sent (the first 50 at most):\n");
    first = 0;
    char from[192], to[192] = "(not received)", at[600];
    rl_db_goroutine_label(db, run, rl_col64(st, 1), from, sizeof from);
    int64_t to_gid = receiver_of(db, &recv, run, chan, rl_col64(st, 0));
    if (to_gid >= 0)
      rl_db_goroutine_label(db, run, to_gid, to, sizeof to);
    rl_db_site_loc(db, run, rl_col64(st, 4), at, sizeof at);
    fprintf(out,
            "    seq %" PRId64 ": %s -> %s: heap block #%" PRId64 " (%" PRId64
            " bytes, allocated at %s)\n",
            rl_col64(st, 0), from, to, rl_col64(st, 2), rl_col64(st, 3), at);
  }
  sqlite3_finalize(recv);
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
    int64_t sends = 0, recvs = 0, closes = 0;
    count_ops(db, run, id, &sends, &recvs, &closes);
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
