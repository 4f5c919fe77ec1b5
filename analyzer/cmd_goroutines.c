/* `racelens goroutines`: who ran in a run, who started whom, how it ended. */
#include "cli.h"
#include "commands.h"
#include "db.h"
#include "term.h"

#include <inttypes.h>
#include <string.h>

const char help_goroutines[] =
    "usage: racelens goroutines [DB] [--run N]\n\n"
    "Lists the goroutines and threads of a run: id, parent, kind, start\n"
    "function, where it was created, start and end time (ms since the run\n"
    "began) and its state when the program exited (\"running\" for a\n"
    "goroutine main did not wait for).\n";

static void ms(char *buf, size_t len, sqlite3_stmt *st, int col, int64_t t0) {
  if (sqlite3_column_type(st, col) == SQLITE_NULL)
    snprintf(buf, len, "-");
  else
    snprintf(buf, len, "%.3f", (double)(rl_col64(st, col) - t0) / 1e6);
}

int cmd_goroutines(int argc, char **argv) {
  rl_cli_t cli;
  sqlite3 *db;
  int64_t run;
  int rc = rl_cli_open(argc, argv, NULL, &cli, &db, &run);
  if (rc)
    return rc;
  char err[1024];
  FILE *out = rl_cli_output(&cli);
  if (!out) {
    sqlite3_close(db);
    return RL_EXIT_USAGE; /* -o FILE cannot be written: bad input */
  }
  term_init(out);
  term_progress_start("reading goroutines");
  rl_run_info_t info;
  rl_db_run_info(db, run, &info);
  sqlite3_stmt *st = rl_db_prepare(
      db,
      "SELECT gid, parent, kind, start_func, create_site, start_ns, end_ns, "
      "(SELECT min(start_ns) FROM goroutines WHERE run_id = ?1) "
      "FROM goroutines WHERE run_id = ?1 ORDER BY gid",
      err, sizeof err);
  if (!st) {
    sqlite3_close(db);
    return rl_cli_fail(&cli, err);
  }
  sqlite3_bind_int64(st, 1, run);
  fprintf(out, "%s%5s %6s  %-9s %-20s %-22s %10s %10s  %s%s\n", term_bold(),
          "ID", "PARENT", "KIND", "FUNCTION", "CREATED AT", "START ms",
          "END ms", "AT EXIT", term_reset());
  int n = 0;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    int64_t t0 = rl_col64(st, 7);
    const unsigned char *kind = sqlite3_column_text(st, 2);
    const unsigned char *fn = sqlite3_column_text(st, 3);
    char parent[24] = "-", created[600], start[32], end[32];
    if (rl_col64(st, 1) > 0)
      snprintf(parent, sizeof parent, "G%" PRId64, rl_col64(st, 1));
    rl_db_site_loc(db, run, rl_col64(st, 4), created, sizeof created);
    if (kind && !strcmp((const char *)kind, "main"))
      snprintf(created, sizeof created, "-");
    ms(start, sizeof start, st, 5, t0);
    ms(end, sizeof end, st, 6, t0);
    const char *state = "exited";
    if (sqlite3_column_type(st, 6) == SQLITE_NULL)
      state = info.cut_short ? "unknown (run cut short)" : "running";
    char gid[24];
    snprintf(gid, sizeof gid, "G%" PRId64, rl_col64(st, 0));
    fprintf(out, "%5s %6s  %-9s %-20s %-22s %10s %10s  %s%s%s\n", gid, parent,
            kind ? (const char *)kind : "?", fn ? (const char *)fn : "?",
            created, start, end, !strcmp(state, "running") ? term_yellow() : "",
            state, !strcmp(state, "running") ? term_reset() : "");
    n++;
  }
  sqlite3_finalize(st);
  term_progress_end();
  sqlite3_close(db);
  if (out != stdout)
    fclose(out);
  if (rc != SQLITE_DONE)
    return rl_cli_fail(&cli, "cannot read the goroutines (damaged database)");
  if (n == 0)
    fprintf(stderr,
            "racelens goroutines: run %" PRId64 " logged no goroutines\n", run);
  return RL_EXIT_OK;
}
