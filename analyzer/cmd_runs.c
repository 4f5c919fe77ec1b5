/* `racelens runs`: one line per run in the database, newest last. */
#include "cli.h"
#include "commands.h"
#include "db.h"
#include "term.h"

#include <inttypes.h>
#include <string.h>
#include <time.h>

const char help_runs[] =
    "usage: racelens runs [DB]\n\n"
    "Lists the runs recorded in DB (default: $RACELENS_DB or ./racelens.db):\n"
    "id, program, start time, status, exit code, races and events.  A run\n"
    "whose process died without finishing its log (killed by SIGKILL, say)\n"
    "shows as \"cut short\".\n";

int cmd_runs(int argc, char **argv) {
  rl_cli_t cli;
  sqlite3 *db;
  int rc = rl_cli_open(argc, argv, NULL, &cli, &db, NULL);
  if (rc)
    return rc;
  if (cli.nrest) {
    char msg[128];
    snprintf(msg, sizeof msg, "unknown option '%s'", cli.rest[0].name);
    sqlite3_close(db);
    return rl_cli_fail(&cli, msg);
  }
  FILE *out = rl_cli_output(&cli);
  if (!out) {
    sqlite3_close(db);
    return RL_EXIT_USAGE; /* -o FILE cannot be written: bad input */
  }
  term_init(out);
  char err[512];
  sqlite3_stmt *st = rl_db_prepare(
      db, "SELECT run_id FROM runs ORDER BY run_id", err, sizeof err);
  if (!st) {
    sqlite3_close(db);
    return rl_cli_fail(&cli, err);
  }
  fprintf(out, "%s%5s  %-24s %-19s  %-10s %5s %6s %9s%s\n", term_bold(), "RUN",
          "PROGRAM", "STARTED", "STATUS", "EXIT", "RACES", "EVENTS",
          term_reset());
  while (sqlite3_step(st) == SQLITE_ROW) {
    rl_run_info_t r;
    if (!rl_db_run_info(db, rl_col64(st, 0), &r))
      continue;
    char when[32] = "?";
    time_t t = (time_t)(r.start_ns / 1000000000);
    struct tm tm;
    if (r.start_ns > 0 && localtime_r(&t, &tm))
      strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
    char status[32], code[16] = "-";
    rl_run_status_text(&r, status, sizeof status);
    if (r.has_exit && !r.cut_short)
      snprintf(code, sizeof code, "%d", r.exit_code);
    const char *prog = strrchr(r.program, '/');
    prog = prog ? prog + 1 : r.program;
    fprintf(out,
            "%5" PRId64 "  %-24.24s %-19s  %s%-10s%s %5s %s%6" PRId64
            "%s %9" PRId64 "\n",
            r.id, prog, when, r.cut_short ? term_yellow() : "", status,
            r.cut_short ? term_reset() : "", code, r.races ? term_red() : "",
            r.races, r.races ? term_reset() : "", r.events);
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  if (out != stdout)
    fclose(out);
  return RL_EXIT_OK;
}
