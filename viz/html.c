/*
 * `racelens html`: one self-contained page about a run, for students who
 * would rather look than read: the run, each race with its report, its
 * explanation and its diagram, the ownership graph, the goroutines.
 *
 * Self-contained means it opens from a mail attachment or a course site
 * with no network: CSS inline, diagrams inline as SVG, no scripts at all.
 * Everything from the database is escaped (escape.h); the SVG comes from
 * Graphviz, which escapes label text itself, and whose node and graph names
 * are ours ("n3", "timeline"), never the program's.
 */
#include <graphviz/cgraph.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "args.h"
#include "escape.h"
#include "label.h"
#include "ownership.h"
#include "render.h"
#include "tgraph.h"
#include "timeline.h"
#include "viz.h"
#ifdef VIZ_HAVE_REPORT
#include "report.h"
#endif

#define MAX_DIAGRAMS 20
#define MAX_VIOLATIONS 64

static const char css[] =
    "body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:"
    "1100px;padding:0 1em;color:#222}"
    "h1{font-size:1.5em}h2{border-bottom:1px solid #ddd;padding-bottom:.2em}"
    "table{border-collapse:collapse}td,th{padding:.2em .8em;text-align:left;"
    "border-bottom:1px solid #eee}"
    "pre{background:#f6f6f6;padding:.8em;overflow:auto}"
    ".race{border-left:4px solid #d33;padding-left:1em;margin:1.5em 0}"
    ".race h3{color:#b00}.diagram{overflow:auto;border:1px solid #eee;"
    "padding:.5em;margin:.5em 0}.diagram svg{max-width:100%;height:auto}"
    ".ok{color:#080}.violation{color:#b00;font-weight:bold}";

/* Writes Graphviz's SVG without its XML prolog and DOCTYPE, which do not
 * belong inside an HTML document. */
static void inline_svg(FILE *out, const char *svg) {
  const char *start = strstr(svg, "<svg");
  fputs(start ? start : "", out);
}

static void text_col(sqlite3_stmt *st, int col, char *buf, size_t len) {
  const unsigned char *s = sqlite3_column_text(st, col);
  snprintf(buf, len, "%s", s ? (const char *)s : "");
}

static void run_section(vdb_t *v, FILE *out) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(v->db,
                         "SELECT program, argv, status, exit_code, start_ns, "
                         "end_ns, events_counted, races, trace_mode FROM runs "
                         "WHERE run_id=?1",
                         -1, &st, NULL) != SQLITE_OK)
    return;
  sqlite3_bind_int64(st, 1, v->run);
  if (sqlite3_step(st) == SQLITE_ROW) {
    char program[1024], argv[1024], status[32], mode[16], when[64] = "";
    text_col(st, 0, program, sizeof program);
    text_col(st, 1, argv, sizeof argv);
    text_col(st, 2, status, sizeof status);
    text_col(st, 8, mode, sizeof mode);
    time_t t = (time_t)(sqlite3_column_int64(st, 4) / 1000000000);
    struct tm tm;
    if (gmtime_r(&t, &tm))
      strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S UTC", &tm);
    fputs("<h1>racelens: ", out);
    viz_html(out, program);
    fprintf(out,
            "</h1>\n<table class=\"run\">\n<tr><th>run</th><td>%lld</td>"
            "</tr>\n<tr><th>command</th><td>",
            (long long)v->run);
    viz_html(out, argv);
    fputs("</td></tr>\n<tr><th>status</th><td>", out);
    viz_html(out, status);
    if (sqlite3_column_type(st, 3) != SQLITE_NULL)
      fprintf(out, " (exit code %d)", sqlite3_column_int(st, 3));
    fputs("</td></tr>\n<tr><th>started</th><td>", out);
    viz_html(out, when);
    if (sqlite3_column_type(st, 5) != SQLITE_NULL)
      fprintf(
          out, ", ran %.3f s",
          (double)(sqlite3_column_int64(st, 5) - sqlite3_column_int64(st, 4)) /
              1e9);
    fprintf(out, "</td></tr>\n<tr><th>events</th><td>%lld (tracing: ",
            (long long)sqlite3_column_int64(st, 6));
    viz_html(out, mode);
    fputs(")</td></tr>\n</table>\n", out);
  }
  sqlite3_finalize(st);
}

static void access_line(vdb_t *v, FILE *out, const char *lead, const char *kind,
                        int64_t gid, int64_t site) {
  char who[256], where[300];
  vsite_t s;
  vdb_gor_title(v, gid, who, sizeof who);
  vdb_site_where(v, site, where, sizeof where);
  vdb_site(v, site, &s);
  fprintf(out, "  %s", lead);
  viz_html(out, kind[0] ? kind : "access");
  fputs(" by ", out);
  viz_html(out, who);
  fputs(" at ", out);
  viz_html(out, where[0] ? where : "?");
  if (s.func[0]) {
    fputs(" in ", out);
    viz_html(out, s.func);
    fputs("()", out);
  }
  fputc('\n', out);
  vgor_t g;
  vdb_goroutine(v, gid, &g);
  vdb_site_where(v, g.create_site, where, sizeof where);
  if (where[0]) {
    fputs("    ", out);
    viz_html(out, who);
    fputs(" was started at ", out);
    viz_html(out, where);
    fputc('\n', out);
  }
}

/* Without the analyzer's report library: the two accesses and why they
 * race, from the database. */
static void own_report(vdb_t *v, FILE *out, const vrace_t *r, const char *var,
                       int64_t occurrences) {
  fputs("<pre class=\"report\">WARNING: DATA RACE on ", out);
  viz_html(out, var);
  fputc('\n', out);
  access_line(v, out, "", r->cur_kind, r->cur_gid, r->cur_site);
  access_line(v, out, "previous ", r->prev_kind, r->prev_gid, r->prev_site);
  if (occurrences > 1)
    fprintf(out, "  (this pair of lines raced %lld times)\n",
            (long long)occurrences);
  fputs("</pre>\n<p class=\"explanation\">", out);
  char a[256], b[256];
  vdb_gor_title(v, r->prev_gid, a, sizeof a);
  vdb_gor_title(v, r->cur_gid, b, sizeof b);
  fputs("Nothing orders these two accesses: no channel operation, lock, "
        "WaitGroup wait or join leads from ",
        out);
  viz_html(out, a);
  fputs("'s access to ", out);
  viz_html(out, b);
  fputs("'s, so they can happen in either order, or at the same time, and "
        "at least one of them writes. In the diagram, no path of blue "
        "arrows leads from one red access to the other: the dashed red line "
        "is the missing arrow.</p>\n",
        out);
}

static const viz_violation_t *violation_of(const viz_violation_t *vs, int n,
                                           int64_t race) {
  for (int i = 0; i < n && i < MAX_VIOLATIONS; i++)
    if (vs[i].race_id == race)
      return &vs[i];
  return NULL;
}

/* One race: the report (the analyzer's text when given, else a short one
 * of our own), the ownership violation if it is one, the diagram. */
static void race_section(vdb_t *v, FILE *out, int64_t k, const vrace_t *r,
                         int64_t occurrences, const viz_violation_t *viol,
                         const char *report) {
  char var[300];
  snprintf(var, sizeof var, "%s", r->var[0] ? r->var : "?");
  fprintf(out, "<section class=\"race\" id=\"race-%lld\">\n<h3>Race %lld: ",
          (long long)k, (long long)k);
  viz_html(out, var);
  fputs("</h3>\n", out);
  if (report) {
    fputs("<pre class=\"report\">", out);
    viz_html(out, report);
    fputs("</pre>\n", out);
  } else {
    own_report(v, out, r, var, occurrences);
  }
  if (viol) {
    char chan[160];
    vdb_object_name(v, viol->chan, chan, sizeof chan);
    fprintf(out,
            "<p class=\"violation\">Ownership violation: G%lld sent "
            "this block over channel ",
            (long long)viol->sender);
    viz_html(out, chan);
    fputs(" and then used it again. After sending a pointer, the sender "
          "must stop using what it points to: the receiver owns it now."
          "</p>\n",
          out);
  }
  vtl_t t = {0};
  if (!vtl_window(v, r, &t) && !vtl_finish(&t)) {
    const char *engine;
    char title[512];
    snprintf(title, sizeof title, "race %lld on %s", (long long)k, var);
    Agraph_t *g = viz_timeline_graph(v, &t, title, &engine);
    char *svg = g ? viz_svg(g, engine, v->cmd) : NULL;
    if (svg) {
      fputs("<div class=\"diagram timeline\">\n", out);
      inline_svg(out, svg);
      fputs("</div>\n", out);
    }
    free(svg);
    if (g)
      agclose(g);
  }
  vtl_free(&t);
  fputs("</section>\n", out);
}

#ifdef VIZ_HAVE_REPORT
/* The analyzer's text report, cut into one block per race: each begins with
 * "WARNING: DATA RACE" and ends before the next "=====" rule.  NULL when
 * the text does not have exactly N blocks. */
static char **report_blocks(const rl_report_t *rep, int n) {
  char *text = NULL;
  size_t len = 0;
  FILE *mem = open_memstream(&text, &len);
  if (!mem)
    return NULL;
  rl_report_text(rep, mem);
  fclose(mem);
  char **blocks = calloc((size_t)n + 1, sizeof *blocks);
  int k = 0;
  for (char *p = text; blocks && p && (p = strstr(p, "WARNING: DATA RACE"));) {
    char *end = strstr(p, "\n=====");
    size_t l = end ? (size_t)(end - p) : strlen(p);
    if (k < n && (blocks[k] = malloc(l + 1))) {
      memcpy(blocks[k], p, l);
      blocks[k][l] = 0;
    }
    k++;
    p = end;
  }
  free(text);
  if (blocks && k != n) {
    for (int i = 0; i < n; i++)
      free(blocks[i]);
    free(blocks);
    blocks = NULL;
  }
  return blocks;
}

/* The races as `racelens report` groups and words them.  0, or -1 when the
 * report cannot be loaded (the caller falls back to its own). */
static int report_races(vdb_t *v, FILE *out, const viz_violation_t *vs,
                        int nv) {
  rl_report_t rep;
  char err[512];
  if (rl_report_load(v->db, v->run, &rep, err, sizeof err))
    return -1;
  char **blocks = report_blocks(&rep, rep.nraces);
  fputs("<h2 id=\"races\">Races</h2>\n", out);
  for (int i = 0; i < rep.nraces && i < MAX_DIAGRAMS; i++) {
    vrace_t r;
    if (vtl_load_race_id(v, rep.races[i].race_id, &r))
      continue;
    race_section(v, out, i + 1, &r, rep.races[i].occurrences,
                 violation_of(vs, nv, r.id), blocks ? blocks[i] : NULL);
  }
  if (!rep.nraces)
    fputs("<p class=\"ok\">No data races in this run.</p>\n", out);
  for (int i = 0; blocks && i < rep.nraces; i++)
    free(blocks[i]);
  free(blocks);
  rl_report_free(&rep);
  return 0;
}
#endif

static int races_section(vdb_t *v, FILE *out) {
  viz_violation_t vs[MAX_VIOLATIONS];
  int nv = viz_ownership_violations(v->db, v->run, vs, MAX_VIOLATIONS);
#ifdef VIZ_HAVE_REPORT
  if (!report_races(v, out, vs, nv))
    return 0;
#endif
  sqlite3_stmt *st = NULL;
  /* One section per pair of sites, as the terminal report groups them. */
  if (sqlite3_prepare_v2(
          v->db,
          "SELECT race_id, (SELECT count(*) FROM races q WHERE q.run_id = "
          "r.run_id AND min(q.cur_site, q.prev_site) = min(r.cur_site, "
          "r.prev_site) AND max(q.cur_site, q.prev_site) = max(r.cur_site, "
          "r.prev_site)) FROM races r WHERE run_id=?1 ORDER BY race_id",
          -1, &st, NULL) != SQLITE_OK)
    return -1;
  sqlite3_bind_int64(st, 1, v->run);
  int64_t k = 0, shown = 0;
  int64_t seen[MAX_DIAGRAMS][2];
  fputs("<h2 id=\"races\">Races</h2>\n", out);
  while (sqlite3_step(st) == SQLITE_ROW && shown < MAX_DIAGRAMS) {
    k++;
    vrace_t r;
    if (vtl_load_race(v, k, &r))
      break;
    int64_t lo = r.cur_site < r.prev_site ? r.cur_site : r.prev_site;
    int64_t hi = r.cur_site ^ r.prev_site ^ lo;
    int dup = 0;
    for (int64_t i = 0; i < shown; i++)
      dup |= seen[i][0] == lo && seen[i][1] == hi;
    if (dup)
      continue;
    seen[shown][0] = lo;
    seen[shown][1] = hi;
    shown++;
    race_section(v, out, shown, &r, sqlite3_column_int64(st, 1),
                 violation_of(vs, nv, r.id), NULL);
  }
  sqlite3_finalize(st);
  if (!shown)
    fputs("<p class=\"ok\">No data races in this run.</p>\n", out);
  return 0;
}

static void ownership_section(vdb_t *v, FILE *out) {
  int nchans = 0;
  Agraph_t *g = viz_ownership_graph(v, &nchans);
  if (!g)
    return;
  if (nchans) {
    char *svg = viz_svg(g, "dot", v->cmd);
    if (svg) {
      fputs("<h2 id=\"ownership\">Channels: who handed what to whom</h2>\n"
            "<div class=\"diagram ownership\">\n",
            out);
      inline_svg(out, svg);
      fputs("</div>\n", out);
      free(svg);
    }
  }
  agclose(g);
}

static void goroutines_section(vdb_t *v, FILE *out) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(v->db,
                         "SELECT gid, parent, kind, create_site, end_ns FROM "
                         "goroutines WHERE run_id=?1 ORDER BY gid",
                         -1, &st, NULL) != SQLITE_OK)
    return;
  sqlite3_bind_int64(st, 1, v->run);
  fputs("<h2 id=\"goroutines\">Goroutines</h2>\n<table class=\"goroutines\">"
        "\n<tr><th>goroutine</th><th>kind</th><th>started by</th>"
        "<th>at</th><th>end</th></tr>\n",
        out);
  while (sqlite3_step(st) == SQLITE_ROW) {
    char title[256], kind[32], where[300];
    vdb_gor_title(v, sqlite3_column_int64(st, 0), title, sizeof title);
    text_col(st, 2, kind, sizeof kind);
    vdb_site_where(v, sqlite3_column_int64(st, 3), where, sizeof where);
    fputs("<tr><td>", out);
    viz_html(out, title);
    fputs("</td><td>", out);
    viz_html(out, kind);
    int64_t parent = sqlite3_column_int64(st, 1);
    if (parent)
      fprintf(out, "</td><td>G%lld</td><td>", (long long)parent);
    else
      fputs("</td><td></td><td>", out);
    viz_html(out, where);
    fprintf(out, "</td><td>%s</td></tr>\n",
            sqlite3_column_type(st, 4) == SQLITE_NULL ? "still running at exit"
                                                      : "exited");
  }
  fputs("</table>\n", out);
  sqlite3_finalize(st);
}

static int write_page(vdb_t *v, FILE *out) {
  fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">"
        "\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
        "'none'; style-src 'unsafe-inline'; img-src data:\">\n<title>racelens "
        "report</title>\n<style>",
        out);
  fputs(css, out);
  fputs("</style>\n</head>\n<body>\n", out);
  run_section(v, out);
  if (races_section(v, out))
    return -1;
  ownership_section(v, out);
  goroutines_section(v, out);
  fputs("</body>\n</html>\n", out);
  return 0;
}

int viz_cmd_html(int argc, char **argv) {
  viz_args_t a;
  sqlite3 *db;
  int rc = viz_start(argc, argv, 0, &a, &db);
  if (rc || a.help)
    return rc;
  vdb_t v;
  if (vdb_init(&v, db, a.run, a.cmd)) {
    sqlite3_close(db);
    return 1;
  }
  FILE *out = viz_open_out(a.cmd, a.out);
  if (!out) {
    rc = 2;
  } else if (write_page(&v, out)) {
    fprintf(stderr, "racelens %s: cannot read the races: %s\n", a.cmd,
            sqlite3_errmsg(db));
    if (out != stdout)
      fclose(out);
    rc = 1;
  } else {
    rc = viz_close_out(a.cmd, a.out, out, 0);
  }
  vdb_fini(&v);
  sqlite3_close(db);
  return rc;
}
