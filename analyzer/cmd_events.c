/* `racelens events`: the event log of a run, filtered and paged. */
#include "cli.h"
#include "commands.h"
#include "db.h"
#include "term.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

const char help_events[] =
    "usage: racelens events [DB] [--run N] [--goroutine G] [--kind K]\n"
    "                       [--object O] [--site S] [--limit N] "
    "[--offset N]\n\n"
    "Prints the events of a run in their global order: seq, time (ms since\n"
    "the run's first event), goroutine, kind, object, source location, the\n"
    "event that ordered it (peer) and its value.\n\n"
    "  --goroutine G  only goroutine G (3 or G3)\n"
    "  --kind K       only events of kind K (send, recv, lock, wg_wait, ...)\n"
    "  --object O     only object O (its id, or its name: ch, mu)\n"
    "  --site S       only site S (its id, or FILE:LINE)\n"
    "  --limit N      at most N events (default 100; 0: all)\n"
    "  --offset N     skip the first N matching events\n";

static int parse_count(const char *s, int64_t *v) {
  char *end;
  errno = 0;
  long long x = strtoll(s, &end, 10);
  if (end == s || *end || errno || x < 0)
    return -1;
  *v = x;
  return 0;
}

/* WHERE clauses with numbered parameters ?1.. (the query's own are
 * ?1001..), so the clauses can be combined in any order. */
typedef struct filter {
  char sql[2048];
  int64_t ints[16];
  const char *texts[16];
  int textlen[16];
  int n;
} filter_t;

/* Appends CLAUSE, whose "%d" placeholders are replaced by the next
 * parameter numbers; the parameters follow as (text, textlen, int) with
 * text NULL for an integer. */
static void add(filter_t *f, const char *clause, int nparams, ...) {
  int nums[4] = {0};
  va_list ap;
  va_start(ap, nparams);
  for (int i = 0; i < nparams && i < 4 && f->n < 16; i++) {
    f->texts[f->n] = va_arg(ap, const char *);
    f->textlen[f->n] = va_arg(ap, int);
    f->ints[f->n] = va_arg(ap, int64_t);
    nums[i] = ++f->n;
  }
  va_end(ap);
  size_t used = strlen(f->sql);
  snprintf(f->sql + used, sizeof f->sql - used, clause, nums[0], nums[1],
           nums[2], nums[3]);
}

/* Turns the options into WHERE clauses; -1 and a reason on a bad value. */
static int build_filter(const rl_cli_t *cli, filter_t *f, int64_t *limit,
                        int64_t *offset, char *err, size_t errlen) {
  for (int i = 0; i < cli->nrest; i++) {
    const char *name = cli->rest[i].name, *v = cli->rest[i].value;
    int64_t x;
    if (!v) {
      snprintf(err, errlen, "unknown option '%s'", name);
      return -1;
    }
    if (!strcmp(name, "--goroutine")) {
      if (parse_count(v[0] == 'G' || v[0] == 'g' ? v + 1 : v, &x) != 0) {
        snprintf(err, errlen, "--goroutine: '%s' is not a goroutine id", v);
        return -1;
      }
      add(f, " AND e.gid = ?%d", 1, NULL, 0, x);
    } else if (!strcmp(name, "--kind")) {
      int k = rl_event_kind_by_name(v);
      if (k < 0 && parse_count(v, &x) == 0)
        k = (int)x;
      if (k < 0) {
        snprintf(err, errlen,
                 "--kind: no event kind '%s' (e.g. go, send, recv, lock, "
                 "unlock, wg_wait, race)",
                 v);
        return -1;
      }
      add(f, " AND e.kind = ?%d", 1, NULL, 0, (int64_t)k);
    } else if (!strcmp(name, "--object")) {
      if (parse_count(v, &x) == 0)
        add(f, " AND e.obj = ?%d", 1, NULL, 0, x);
      else
        add(f,
            " AND e.obj IN (SELECT obj_id FROM objects WHERE run_id = e.run_id"
            " AND name = ?%d)",
            1, v, -1, (int64_t)0);
    } else if (!strcmp(name, "--site")) {
      const char *colon = strrchr(v, ':');
      if (parse_count(v, &x) == 0) {
        add(f, " AND e.site = ?%d", 1, NULL, 0, x);
      } else if (colon && parse_count(colon + 1, &x) == 0) {
        add(f,
            " AND e.site IN (SELECT site_id FROM sites WHERE run_id = "
            "e.run_id AND (file = ?%1$d OR substr(file, -length(?%1$d) - 1) "
            "= '/' || ?%1$d) AND line = ?%2$d)",
            2, v, (int)(colon - v), (int64_t)0, NULL, 0, x);
      } else {
        snprintf(err, errlen, "--site: '%s' is not a site id or FILE:LINE", v);
        return -1;
      }
    } else if (!strcmp(name, "--limit")) {
      if (parse_count(v, limit) != 0) {
        snprintf(err, errlen, "--limit: '%s' is not a count", v);
        return -1;
      }
    } else if (!strcmp(name, "--offset")) {
      if (parse_count(v, offset) != 0) {
        snprintf(err, errlen, "--offset: '%s' is not a count", v);
        return -1;
      }
    } else {
      snprintf(err, errlen, "unknown option '%s'", name);
      return -1;
    }
  }
  return 0;
}

int cmd_events(int argc, char **argv) {
  static const char *const valued[] = {"--goroutine", "--kind",  "--object",
                                       "--site",      "--limit", "--offset",
                                       NULL};
  rl_cli_t cli;
  sqlite3 *db;
  int64_t run;
  int rc = rl_cli_open(argc, argv, valued, &cli, &db, &run);
  if (rc)
    return rc;
  char err[1024];
  filter_t f;
  memset(&f, 0, sizeof f);
  int64_t limit = 100, offset = 0;
  if (build_filter(&cli, &f, &limit, &offset, err, sizeof err) != 0) {
    sqlite3_close(db);
    return rl_cli_fail(&cli, err);
  }
  char sql[2048];
  snprintf(sql, sizeof sql,
           "SELECT e.seq, e.ts_ns, e.gid, e.kind, e.obj, e.site, e.peer, "
           "e.value, (SELECT ts_ns FROM events WHERE run_id = ?1001 ORDER BY "
           "seq LIMIT 1), "
           "(SELECT name FROM objects o WHERE o.run_id = e.run_id AND "
           "o.obj_id = e.obj) FROM events e WHERE e.run_id = ?1001%s "
           "ORDER BY e.seq LIMIT ?1002 OFFSET ?1003",
           f.sql);
  sqlite3_stmt *st = rl_db_prepare(db, sql, err, sizeof err);
  if (!st) {
    sqlite3_close(db);
    return rl_cli_fail(&cli, err);
  }
  for (int i = 0; i < f.n; i++) {
    if (f.texts[i])
      sqlite3_bind_text(st, i + 1, f.texts[i], f.textlen[i], SQLITE_TRANSIENT);
    else
      sqlite3_bind_int64(st, i + 1, f.ints[i]);
  }
  sqlite3_bind_int64(st, 1001, run);
  sqlite3_bind_int64(st, 1002, limit ? limit + 1 : -1);
  sqlite3_bind_int64(st, 1003, offset);

  FILE *out = rl_cli_output(&cli);
  if (!out) {
    sqlite3_finalize(st);
    sqlite3_close(db);
    return RL_EXIT_USAGE; /* -o FILE cannot be written: bad input */
  }
  term_init(out);
  term_progress_start("reading events");
  fprintf(out, "%s%9s %10s %5s  %-14s %-14s %-22s %8s  %s%s\n", term_bold(),
          "SEQ", "TIME ms", "G", "KIND", "OBJECT", "AT", "PEER", "VALUE",
          term_reset());
  int64_t shown = 0;
  int more = 0;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (limit && shown == limit) {
      more = 1;
      break;
    }
    int64_t t0 = rl_col64(st, 8);
    char t[32] = "-", obj[64] = "-", loc[600], peer[24] = "-", value[32] = "";
    if (sqlite3_column_type(st, 1) != SQLITE_NULL)
      snprintf(t, sizeof t, "%.3f", (double)(rl_col64(st, 1) - t0) / 1e6);
    if (rl_col64(st, 4) > 0) {
      const unsigned char *name = sqlite3_column_text(st, 9);
      if (name && *name)
        snprintf(obj, sizeof obj, "%s", name);
      else
        snprintf(obj, sizeof obj, "#%" PRId64, rl_col64(st, 4));
    }
    rl_db_site_loc(db, run, rl_col64(st, 5), loc, sizeof loc);
    if (rl_col64(st, 6) > 0)
      snprintf(peer, sizeof peer, "%" PRId64, rl_col64(st, 6));
    if (sqlite3_column_type(st, 7) != SQLITE_NULL)
      snprintf(value, sizeof value, "%" PRId64, rl_col64(st, 7));
    int kind = sqlite3_column_int(st, 3);
    char gid[24];
    snprintf(gid, sizeof gid, "G%" PRId64, rl_col64(st, 2));
    fprintf(out, "%9" PRId64 " %10s %5s  %s%-14s%s %-14s %-22s %8s  %s\n",
            rl_col64(st, 0), t, gid, kind == 90 ? term_red() : "",
            rl_event_kind_name(kind), kind == 90 ? term_reset() : "", obj, loc,
            peer, value);
    shown++;
  }
  sqlite3_finalize(st);
  term_progress_end();
  sqlite3_close(db);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
    if (out != stdout)
      fclose(out);
    return rl_cli_fail(&cli, "cannot read the events (damaged database)");
  }
  if (more)
    fprintf(out, "-- more: --offset %" PRId64 " for the next page\n",
            offset + shown);
  else if (shown == 0)
    fprintf(out, "(no matching events)\n");
  if (out != stdout)
    fclose(out);
  return RL_EXIT_OK;
}
