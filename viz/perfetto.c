/*
 * `racelens export --perfetto`: the run as Chrome trace-event JSON, which
 * Perfetto (ui.perfetto.dev) and chrome://tracing open.  Each goroutine is
 * a thread (tid = gid), an operation that blocked is a slice as long as it
 * blocked, everything else an instant, each happens-before edge a flow
 * arrow from the event that ordered to the event it ordered, and each race
 * a red instant on the goroutine that completed it.
 *
 * Timestamps in the format are microseconds; we write them relative to the
 * run's first event so the numbers stay readable.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "escape.h"
#include "label.h"
#include "timeline.h"
#include "vdb.h"
#include "viz.h"

static double us(int64_t ns, int64_t base) {
  return (double)(ns - base) / 1000.0;
}

static void metadata(vdb_t *v, FILE *out) {
  sqlite3_stmt *st = NULL;
  char title[256];
  if (sqlite3_prepare_v2(v->db, "SELECT program FROM runs WHERE run_id=?1", -1,
                         &st, NULL) == SQLITE_OK) {
    sqlite3_bind_int64(st, 1, v->run);
    if (sqlite3_step(st) == SQLITE_ROW) {
      fputs("{\"ph\":\"M\",\"name\":\"process_name\",\"pid\":1,\"tid\":0,"
            "\"args\":{\"name\":",
            out);
      viz_json(out, (const char *)sqlite3_column_text(st, 0));
      fputs("}},\n", out);
    }
    sqlite3_finalize(st);
  }
  if (sqlite3_prepare_v2(v->db,
                         "SELECT gid FROM goroutines WHERE run_id=?1 "
                         "UNION SELECT DISTINCT gid FROM events WHERE "
                         "run_id=?1 ORDER BY 1",
                         -1, &st, NULL) != SQLITE_OK)
    return;
  sqlite3_bind_int64(st, 1, v->run);
  while (sqlite3_step(st) == SQLITE_ROW) {
    int64_t gid = sqlite3_column_int64(st, 0);
    vdb_gor_title(v, gid, title, sizeof title);
    fprintf(out,
            "{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":1,\"tid\":%lld,"
            "\"args\":{\"name\":",
            (long long)gid);
    viz_json(out, title);
    fprintf(out,
            "}},\n{\"ph\":\"M\",\"name\":\"thread_sort_index\",\"pid\":1,"
            "\"tid\":%lld,\"args\":{\"sort_index\":%lld}},\n",
            (long long)gid, (long long)gid);
  }
  sqlite3_finalize(st);
}

/* One event: a slice when it blocked, else an instant; a red instant more
 * when it completed a race; the flow arrow from its peer. */
static void event(vdb_t *v, FILE *out, sqlite3_stmt *st, int64_t base) {
  vev_t e;
  memset(&e, 0, sizeof e);
  vtl_read_event(st, &e);
  int64_t ts = sqlite3_column_int64(st, 10);
  int has_peer = sqlite3_column_type(st, 11) != SQLITE_NULL;
  int64_t peer_gid = sqlite3_column_int64(st, 11);
  int64_t peer_ts = sqlite3_column_int64(st, 12);
  char label[1024], where[300];
  viz_event_label(v, &e, NULL, label, sizeof label);
  char *nl = strchr(label, '\n');
  if (nl)
    *nl = 0; /* the site goes into args */
  vdb_site_where(v, e.site, where, sizeof where);
  if (e.dur > 0) /* ts is when it unblocked: the slice ends there */
    fprintf(out,
            "{\"ph\":\"X\",\"pid\":1,\"tid\":%lld,\"ts\":%.3f,\"dur\":%.3f,",
            (long long)e.gid, us(ts - e.dur, base), (double)e.dur / 1000.0);
  else
    fprintf(out,
            "{\"ph\":\"i\",\"s\":\"t\",\"pid\":1,\"tid\":%lld,\"ts\":%.3f,",
            (long long)e.gid, us(ts, base));
  fputs("\"cat\":\"event\",\"name\":", out);
  viz_json(out, label);
  fprintf(out, ",\"args\":{\"seq\":%lld,\"where\":", (long long)e.seq);
  viz_json(out, where);
  fputs("}},\n", out);
  if (e.kind == K_RACE) {
    fprintf(out,
            "{\"ph\":\"i\",\"s\":\"t\",\"pid\":1,\"tid\":%lld,\"ts\":%.3f,"
            "\"cat\":\"race\",\"cname\":\"terrible\",\"name\":",
            (long long)e.gid, us(ts, base));
    char name[300];
    vsite_t s;
    vdb_site(v, e.site, &s);
    snprintf(name, sizeof name, "DATA RACE on %s", s.expr[0] ? s.expr : "?");
    viz_json(out, name);
    fprintf(out, ",\"args\":{\"race\":%lld,\"where\":", (long long)e.aux);
    viz_json(out, where);
    fputs("}},\n", out);
  }
  if (has_peer && e.peer && peer_gid != e.gid) {
    fprintf(out,
            "{\"ph\":\"s\",\"id\":%lld,\"pid\":1,\"tid\":%lld,\"ts\":%.3f,"
            "\"cat\":\"hb\",\"name\":\"happens-before\"},\n"
            "{\"ph\":\"f\",\"bp\":\"e\",\"id\":%lld,\"pid\":1,\"tid\":%lld,"
            "\"ts\":%.3f,\"cat\":\"hb\",\"name\":\"happens-before\"},\n",
            (long long)e.seq, (long long)peer_gid, us(peer_ts, base),
            (long long)e.seq, (long long)e.gid, us(ts, base));
  }
}

static int export_perfetto(vdb_t *v, FILE *out) {
  int64_t base = vdb_int(
      v, "SELECT min(ts_ns) FROM events WHERE run_id=?1 AND ts_ns > 0", 0, 0);
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(
          v->db,
          "SELECT e.seq, e.gid, e.kind, e.obj, e.site, e.peer, e.value, "
          "e.ptr_obj, e.aux, e.dur_ns, e.ts_ns, p.gid, p.ts_ns "
          "FROM events e LEFT JOIN events p ON p.run_id = e.run_id AND "
          "p.seq = e.peer WHERE e.run_id=?1 ORDER BY e.seq",
          -1, &st, NULL) != SQLITE_OK) {
    fprintf(stderr, "racelens %s: cannot read events: %s\n", v->cmd,
            sqlite3_errmsg(v->db));
    return 1;
  }
  sqlite3_bind_int64(st, 1, v->run);
  fputs("{\"displayTimeUnit\":\"ns\",\"traceEvents\":[\n", out);
  metadata(v, out);
  while (sqlite3_step(st) == SQLITE_ROW)
    event(v, out, st, base);
  sqlite3_finalize(st);
  /* A last entry without a trailing comma keeps the array valid. */
  fputs("{\"ph\":\"M\",\"name\":\"process_labels\",\"pid\":1,\"tid\":0,"
        "\"args\":{\"labels\":\"racelens\"}}\n]}\n",
        out);
  return 0;
}

int viz_cmd_export(int argc, char **argv) {
  viz_args_t a;
  sqlite3 *db;
  int rc = viz_start(argc, argv, VA_PERFETTO, &a, &db);
  if (rc || a.help)
    return rc;
  if (!a.perfetto) {
    fprintf(stderr, "racelens %s: say what to export: --perfetto\n", a.cmd);
    sqlite3_close(db);
    return 2;
  }
  vdb_t v;
  if (vdb_init(&v, db, a.run, a.cmd)) {
    sqlite3_close(db);
    return 1;
  }
  FILE *out = viz_open_out(a.cmd, a.out);
  if (!out) {
    rc = 2;
  } else if ((rc = export_perfetto(&v, out)) != 0) {
    if (out != stdout)
      fclose(out);
  } else {
    rc = viz_close_out(a.cmd, a.out, out, 0);
  }
  vdb_fini(&v);
  sqlite3_close(db);
  return rc;
}
