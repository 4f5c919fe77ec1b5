/* `racelens stats`: the shape of a run in numbers. */
#include "cli.h"
#include "commands.h"
#include "db.h"
#include "term.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

const char help_stats[] =
    "usage: racelens stats [DB] [--run N]\n\n"
    "Events by kind, goroutines by kind, and the peak number of goroutines\n"
    "alive at once (from their start and end times).\n";

typedef struct edge {
  int64_t t;
  int delta; /* +1 start, -1 end */
} edge_t;

static int by_time(const void *a, const void *b) {
  const edge_t *x = a, *y = b;
  if (x->t != y->t)
    return x->t < y->t ? -1 : 1;
  return x->delta - y->delta; /* an end before a start at the same time */
}

/* The most goroutines alive at once: a sweep over starts and ends. */
static int64_t peak(sqlite3 *db, int64_t run) {
  sqlite3_stmt *st = NULL;
  edge_t *e = NULL;
  size_t n = 0, cap = 0;
  int64_t best = 0, cur = 0;
  if (sqlite3_prepare_v2(db,
                         "SELECT start_ns, end_ns FROM goroutines WHERE "
                         "run_id = ?1 AND start_ns IS NOT NULL",
                         -1, &st, NULL) != SQLITE_OK)
    goto out;
  sqlite3_bind_int64(st, 1, run);
  while (sqlite3_step(st) == SQLITE_ROW) {
    if (n + 2 > cap) {
      cap = cap ? cap * 2 : 64;
      edge_t *ne = realloc(e, cap * sizeof *ne);
      if (!ne)
        goto out;
      e = ne;
    }
    e[n++] = (edge_t){rl_col64(st, 0), 1};
    if (sqlite3_column_type(st, 1) != SQLITE_NULL)
      e[n++] = (edge_t){rl_col64(st, 1), -1};
  }
  qsort(e, n, sizeof *e, by_time);
  for (size_t i = 0; i < n; i++) {
    cur += e[i].delta;
    if (cur > best)
      best = cur;
  }
out:
  sqlite3_finalize(st);
  free(e);
  return best;
}

int cmd_stats(int argc, char **argv) {
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
  rl_run_info_t info;
  rl_db_run_info(db, run, &info);
  char status[32];
  rl_run_status_text(&info, status, sizeof status);
  fprintf(out, "%srun %" PRId64 "%s: %s, %s", term_bold(), run, term_reset(),
          info.program, status);
  if (info.end_ns > info.start_ns && info.start_ns > 0)
    fprintf(out, ", %.3f s", (double)(info.end_ns - info.start_ns) / 1e9);
  fprintf(out, "\n\n");

  term_progress_start("counting events");
  sqlite3_stmt *st = rl_db_prepare(db,
                                   "SELECT kind, count(*) FROM events WHERE "
                                   "run_id = ?1 GROUP BY kind ORDER BY 2 DESC",
                                   err, sizeof err);
  int64_t total = 0;
  if (st) {
    sqlite3_bind_int64(st, 1, run);
    fprintf(out, "%sevents by kind%s\n", term_bold(), term_reset());
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      fprintf(out, "  %-16s %10" PRId64 "\n",
              rl_event_kind_name(sqlite3_column_int(st, 0)), rl_col64(st, 1));
      total += rl_col64(st, 1);
    }
    sqlite3_finalize(st);
    fprintf(out, "  %-16s %10" PRId64 "\n\n", "total", total);
  }
  term_progress_end();

  st = rl_db_prepare(db,
                     "SELECT kind, count(*), sum(end_ns IS NULL) FROM "
                     "goroutines WHERE run_id = ?1 GROUP BY kind ORDER BY 1",
                     err, sizeof err);
  int64_t gs = 0;
  if (st) {
    sqlite3_bind_int64(st, 1, run);
    fprintf(out, "%sgoroutines%s\n", term_bold(), term_reset());
    while (sqlite3_step(st) == SQLITE_ROW) {
      const unsigned char *k = sqlite3_column_text(st, 0);
      fprintf(out, "  %-16s %10" PRId64 "  (%" PRId64 " running at exit)\n",
              k ? (const char *)k : "?", rl_col64(st, 1), rl_col64(st, 2));
      gs += rl_col64(st, 1);
    }
    sqlite3_finalize(st);
    fprintf(out, "  %-16s %10" PRId64 "\n", "total", gs);
  }
  fprintf(out, "  %-16s %10" PRId64 "\n\n", "peak at once", peak(db, run));
  fprintf(out, "%sraces%s\n  %-16s %10" PRId64 "\n", term_bold(), term_reset(),
          "distinct", info.races);
  sqlite3_close(db);
  if (out != stdout)
    fclose(out);
  return RL_EXIT_OK;
}
