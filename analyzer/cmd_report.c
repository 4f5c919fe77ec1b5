/* `racelens report`: the races of a run, as text, JSON or SARIF. */
#include "cli.h"
#include "commands.h"
#include "report.h"
#include "term.h"

#include <string.h>

const char help_report[] =
    "usage: racelens report [DB] [--run N] [--format text|json|sarif] "
    "[-o FILE]\n\n"
    "Prints the data races of a run (default: the latest) in DB (default:\n"
    "$RACELENS_DB or ./racelens.db), one per pair of source locations with\n"
    "how often it happened: both accesses with their stacks and source\n"
    "lines, where each goroutine was started, why nothing orders the two\n"
    "accesses (each goroutine's last synchronisation before its access),\n"
    "and a fix hint.\n\n"
    "  --format json   the stable JSON report (docs/json-schema.md)\n"
    "  --format sarif  SARIF 2.1.0 for editors and code scanning\n\n"
    "Exit status: 66 if the run had races, 0 if none, 2 on bad input.\n";

int cmd_report(int argc, char **argv) {
  static const char *const formats[] = {"text", "json", "sarif", NULL};
  rl_cli_t cli;
  sqlite3 *db;
  int64_t run;
  int rc = rl_cli_open(argc, argv, NULL, &cli, &db, &run);
  if (rc)
    return rc;
  char err[1024];
  if (rl_cli_check_format(cli.format, formats, err, sizeof err) != 0) {
    sqlite3_close(db);
    return rl_cli_fail(&cli, err);
  }
  rl_report_t rep;
  term_progress_start("reading races");
  rc = rl_report_load(db, run, &rep, err, sizeof err);
  term_progress_end();
  if (rc != 0) {
    rl_report_free(&rep);
    sqlite3_close(db);
    return rl_cli_fail(&cli, err);
  }
  FILE *out = rl_cli_output(&cli);
  if (!out) {
    rl_report_free(&rep);
    sqlite3_close(db);
    return RL_EXIT_USAGE; /* -o FILE cannot be written: bad input */
  }
  term_init(out);
  const char *fmt = cli.format ? cli.format : "text";
  if (!strcmp(fmt, "json"))
    rc = rl_report_json(&rep, out);
  else if (!strcmp(fmt, "sarif"))
    rc = rl_report_sarif(&rep, out);
  else
    rc = rl_report_text(&rep, out);
  if (out != stdout && fclose(out) != 0 && rc == 0)
    rc = -1;
  else if (out == stdout && fflush(out) != 0 && rc == 0)
    rc = -1;
  int status = rep.nraces || rep.ndeadlocks ? RL_EXIT_RACES : RL_EXIT_OK;
  rl_report_free(&rep);
  if (rc == -2) {
    char msg[600];
    rl_db_error(db, "cannot read a race (damaged database?)", msg, sizeof msg);
    sqlite3_close(db);
    return rl_cli_fail(&cli, msg);
  }
  sqlite3_close(db);
  if (rc != 0) {
    fprintf(stderr, "racelens report: cannot write the report\n");
    return RL_EXIT_FAIL;
  }
  return status;
}
