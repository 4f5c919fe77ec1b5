#include "ownership.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "label.h"
#include "render.h"
#include "viz.h"

#define MAX_VIOLATIONS 64

static void set(void *obj, const char *name, const char *value) {
  agsafeset(obj, (char *)name, (char *)value, "");
}

static void set_label(void *obj, const char *text) {
  char esc[2048];
  viz_dot_label(text, esc, sizeof esc);
  set(obj, "label", esc);
}

static Agnode_t *gor_node(vdb_t *v, Agraph_t *g, int64_t gid) {
  char name[32], title[256];
  snprintf(name, sizeof name, "g%lld", (long long)gid);
  Agnode_t *n = agnode(g, name, 0);
  if (n)
    return n;
  n = agnode(g, name, 1);
  vdb_gor_title(v, gid, title, sizeof title);
  set_label(n, title);
  set(n, "shape", "ellipse");
  set(n, "fillcolor", "#e8f0fe");
  set(n, "class", "goroutine");
  return n;
}

static Agnode_t *chan_node(vdb_t *v, Agraph_t *g, int64_t id, int *nchans) {
  char name[32], text[512], cname[160];
  snprintf(name, sizeof name, "c%lld", (long long)id);
  Agnode_t *n = agnode(g, name, 0);
  if (n)
    return n;
  n = agnode(g, name, 1);
  vobj_t o;
  vdb_object(v, id, &o);
  vdb_object_name(v, id, cname, sizeof cname);
  char cap[64];
  if (o.cap > 0)
    snprintf(cap, sizeof cap, "cap %lld", (long long)o.cap);
  else
    snprintf(cap, sizeof cap, "unbuffered");
  snprintf(text, sizeof text, "chan %s\n%s, %lld B elements", cname, cap,
           (long long)o.elem_size);
  set_label(n, text);
  set(n, "shape", "box");
  set(n, "style", "filled");
  set(n, "fillcolor", "#e6f4ea");
  set(n, "class", "chan");
  (*nchans)++;
  return n;
}

/* Appends a line to an edge's label (labels are stored escaped). */
static void add_line(Agedge_t *e, const char *text) {
  char esc[1024], buf[4096];
  viz_dot_label(text, esc, sizeof esc);
  const char *old = agget(e, "label");
  if (old && *old)
    snprintf(buf, sizeof buf, "%s\\n%s", old, esc);
  else
    snprintf(buf, sizeof buf, "%s", esc);
  set(e, "label", buf);
}

static Agedge_t *edge(Agraph_t *g, Agnode_t *a, Agnode_t *b, char prefix) {
  char name[80];
  snprintf(name, sizeof name, "%c_%s_%s", prefix, agnameof(a), agnameof(b));
  Agedge_t *e = agedge(g, a, b, name, 0);
  if (!e) {
    e = agedge(g, a, b, name, 1);
    set(e, "class", "transfer");
  }
  return e;
}

static int counts(vdb_t *v, Agraph_t *g, int kind, int *nchans) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(v->db,
                         "SELECT gid, obj, count(*) FROM events WHERE "
                         "run_id=?1 AND kind=?2 AND obj > 0 GROUP BY gid, obj "
                         "ORDER BY gid, obj",
                         -1, &st, NULL) != SQLITE_OK)
    return -1;
  sqlite3_bind_int64(st, 1, v->run);
  sqlite3_bind_int64(st, 2, kind);
  while (sqlite3_step(st) == SQLITE_ROW) {
    int64_t gid = sqlite3_column_int64(st, 0);
    int64_t ch = sqlite3_column_int64(st, 1);
    int64_t n = sqlite3_column_int64(st, 2);
    Agnode_t *gn = gor_node(v, g, gid), *cn = chan_node(v, g, ch, nchans);
    char text[64], num[32];
    viz_thousands(n, num, sizeof num);
    snprintf(text, sizeof text, "%s %s%s", num,
             kind == 11 ? "sent" : "received", "");
    add_line(kind == 11 ? edge(g, gn, cn, 's') : edge(g, cn, gn, 'r'), text);
  }
  sqlite3_finalize(st);
  return 0;
}

/* "hands over 3 blocks of 40 B allocated at prog.c:12" on sender edges. */
static int blocks(vdb_t *v, Agraph_t *g, int *nchans) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(
          v->db,
          "WITH sends AS (SELECT e.run_id, e.gid, e.obj, " VDB_BLOCK_SQL(
              "e") " AS block FROM events e WHERE e.run_id=?1 AND e.kind=11 "
                   "AND e.obj > 0) "
                   "SELECT s.gid, s.obj, b.size, b.site, count(*) FROM sends s "
                   "JOIN objects b ON b.run_id = s.run_id AND b.obj_id = "
                   "s.block GROUP BY s.gid, s.obj, b.size, b.site ORDER BY 1, "
                   "2, 4",
          -1, &st, NULL) != SQLITE_OK)
    return -1;
  sqlite3_bind_int64(st, 1, v->run);
  while (sqlite3_step(st) == SQLITE_ROW) {
    Agnode_t *gn = gor_node(v, g, sqlite3_column_int64(st, 0));
    Agnode_t *cn = chan_node(v, g, sqlite3_column_int64(st, 1), nchans);
    int64_t size = sqlite3_column_int64(st, 2);
    int64_t n = sqlite3_column_int64(st, 4);
    char where[300], text[512];
    vdb_site_where(v, sqlite3_column_int64(st, 3), where, sizeof where);
    if (n == 1)
      snprintf(text, sizeof text, "hands over block of %lld B%s%s",
               (long long)size, where[0] ? " allocated at " : "", where);
    else
      snprintf(text, sizeof text, "hands over %lld blocks of %lld B%s%s",
               (long long)n, (long long)size, where[0] ? " allocated at " : "",
               where);
    add_line(edge(g, gn, cn, 's'), text);
  }
  sqlite3_finalize(st);
  return 0;
}

static void violations(vdb_t *v, Agraph_t *g, int *nchans) {
  viz_violation_t vs[MAX_VIOLATIONS];
  int n = viz_ownership_violations(v->db, v->run, vs, MAX_VIOLATIONS);
  for (int i = 0; i < n && i < MAX_VIOLATIONS; i++) {
    Agnode_t *s = gor_node(v, g, vs[i].sender);
    Agnode_t *c = chan_node(v, g, vs[i].chan, nchans);
    Agedge_t *e = edge(g, s, c, 's');
    set(e, "color", "red");
    set(e, "fontcolor", "red");
    set(e, "penwidth", "2");
    set(e, "class", "transfer violation");
    if (vs[i].receiver) {
      Agedge_t *r = edge(g, c, gor_node(v, g, vs[i].receiver), 'r');
      set(r, "color", "red");
      set(r, "penwidth", "2");
      set(r, "class", "transfer violation");
    }
    char name[32], where[300], what[160], text[800];
    snprintf(name, sizeof name, "v%lld", (long long)vs[i].race_id);
    Agnode_t *a = agnode(g, name, 1);
    vdb_site_where(v, vs[i].access_site, where, sizeof where);
    vsite_t site;
    vdb_site(v, vs[i].access_site, &site);
    snprintf(what, sizeof what, "%s", site.expr[0] ? site.expr : "the block");
    const char *k = vs[i].access_kind;
    const char *verb = !strcmp(k, "write")  ? "writes"
                       : !strcmp(k, "read") ? "reads"
                       : !strcmp(k, "free") ? "frees"
                                            : "uses";
    snprintf(text, sizeof text,
             "ownership violation (race %lld):\nG%lld %s %s after sending "
             "it\n%s",
             (long long)vs[i].race_id, (long long)vs[i].sender, verb, what,
             where);
    set_label(a, text);
    set(a, "shape", "box");
    set(a, "style", "filled,bold");
    set(a, "color", "red");
    set(a, "fontcolor", "red");
    set(a, "fillcolor", "#fde8e8");
    set(a, "class", "violation");
    Agedge_t *x = agedge(g, s, a, NULL, 1);
    set(x, "color", "red");
    set(x, "style", "dashed");
    set(x, "class", "violation");
  }
}

Agraph_t *viz_ownership_graph(vdb_t *v, int *nchans) {
  *nchans = 0;
  Agraph_t *g = agopen("ownership", Agdirected, NULL);
  if (!g)
    return NULL;
  set(g, "rankdir", "LR");
  set(g, "fontname", "Helvetica");
  set(g, "labelloc", "t");
  set(g, "nodesep", "0.3");
  agattr(g, AGNODE, "fontname", "Helvetica");
  agattr(g, AGNODE, "fontsize", "10");
  agattr(g, AGNODE, "style", "filled");
  agattr(g, AGNODE, "class", "");
  agattr(g, AGEDGE, "fontname", "Helvetica");
  agattr(g, AGEDGE, "fontsize", "9");
  agattr(g, AGEDGE, "class", "");
  set_label(g, "who handed what to whom (channels)");
  /* Every channel of the run, used or not: an unused one is a finding. */
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(v->db,
                         "SELECT obj_id FROM objects WHERE run_id=?1 AND "
                         "kind='chan' ORDER BY obj_id",
                         -1, &st, NULL) == SQLITE_OK) {
    sqlite3_bind_int64(st, 1, v->run);
    while (sqlite3_step(st) == SQLITE_ROW)
      chan_node(v, g, sqlite3_column_int64(st, 0), nchans);
    sqlite3_finalize(st);
  }
  if (counts(v, g, 11, nchans) || counts(v, g, 13, nchans) ||
      blocks(v, g, nchans)) {
    fprintf(stderr, "racelens %s: cannot read channel events: %s\n", v->cmd,
            sqlite3_errmsg(v->db));
    agclose(g);
    return NULL;
  }
  violations(v, g, nchans);
  return g;
}

int viz_cmd_ownership(int argc, char **argv) {
  viz_args_t a;
  sqlite3 *db;
  int rc = viz_start(argc, argv, VA_FORMAT, &a, &db);
  if (rc || a.help)
    return rc;
  const char *format = viz_pick_format(&a, viz_graph_formats);
  vdb_t v;
  if (!format || vdb_init(&v, db, a.run, a.cmd)) {
    sqlite3_close(db);
    return format ? 1 : 2;
  }
  int nchans = 0;
  Agraph_t *g = viz_ownership_graph(&v, &nchans);
  rc = 1;
  if (g) {
    if (!nchans)
      fprintf(stderr,
              "racelens %s: run %lld uses no channels; the graph "
              "is empty\n",
              a.cmd, (long long)a.run);
    rc = viz_write(g, "dot", format, a.out, a.cmd);
    agclose(g);
  }
  vdb_fini(&v);
  sqlite3_close(db);
  return rc;
}
