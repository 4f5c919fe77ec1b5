#include "tgraph.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "label.h"

#define LABEL_MAX 1024

static void set(void *obj, const char *name, const char *value) {
  agsafeset(obj, (char *)name, (char *)value, "");
}

static void set_label(void *obj, const char *text) {
  char esc[LABEL_MAX * 2];
  viz_dot_label(text, esc, sizeof esc);
  set(obj, "label", esc);
}

static void set_int(void *obj, const char *name, int64_t value) {
  char buf[32];
  snprintf(buf, sizeof buf, "%lld", (long long)value);
  set(obj, name, buf);
}

static const vrace_t *race_of(const vtl_t *t, int64_t id) {
  for (size_t i = 0; i < t->nraces; i++)
    if (t->races[i].id == id)
      return &t->races[i];
  return NULL;
}

static int cmp_gid(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x > y) - (x < y);
}

static size_t lane_of(const vtl_t *t, int64_t gid) {
  const int64_t *p = bsearch(&gid, t->lanes, t->nlanes, sizeof gid, cmp_gid);
  return p ? (size_t)(p - t->lanes) : 0;
}

static const char *fill_for(int64_t kind) {
  if (kind >= 1 && kind <= 5)
    return "#e8f0fe"; /* goroutine lifecycle */
  if (kind >= 10 && kind <= 16)
    return "#e6f4ea"; /* channels */
  if (kind >= 20 && kind <= 57)
    return "#fef7e0"; /* locks, WaitGroups, once, pthread sync */
  return "#f5f5f5";
}

static void style_event(Agnode_t *n, const vev_t *e) {
  if (e->flags & (VE_RACE | VE_PREV)) {
    set(n, "color", "red");
    set(n, "fontcolor", "red");
    set(n, "penwidth", "2");
    set(n, "fillcolor", "#fde8e8");
    set(n, "class", "event race");
  } else if (e->flags & VE_GAP) {
    set(n, "shape", "plaintext");
    set(n, "style", "");
    set(n, "fontcolor", "gray40");
    set(n, "class", "gap");
  } else if (e->flags & VE_FOLD) {
    set(n, "style", "rounded,dashed,filled");
    set(n, "fillcolor", "#f5f5f5");
    set(n, "class", "fold");
  } else {
    set(n, "fillcolor", fill_for(e->kind));
    set(n, "class", "event");
  }
}

/* Widest line of a label, in characters, for the explicit layout. */
static size_t widest_line(const char *s) {
  size_t best = 0, cur = 0;
  for (; *s; s++) {
    if (*s == '\n') {
      cur = 0;
      continue;
    }
    if (((unsigned char)*s & 0xC0) != 0x80 && ++cur > best)
      best = cur;
  }
  return best;
}

static void header_label(vdb_t *v, int64_t gid, char *buf, size_t len) {
  vgor_t g;
  char title[200], where[300];
  vdb_gor_title(v, gid, title, sizeof title);
  vdb_goroutine(v, gid, &g);
  vdb_site_where(v, g.create_site, where, sizeof where);
  if (where[0])
    snprintf(buf, len, "%s\nstarted at %s", title, where);
  else
    snprintf(buf, len, "%s", title);
}

static void graph_defaults(Agraph_t *g, const char *title, int explicit_pos,
                           size_t n_nodes) {
  set(g, "rankdir", "TB");
  set(g, "fontname", "Helvetica");
  set(g, "labelloc", "t");
  set(g, "nodesep", "0.35");
  set(g, "ranksep", "0.18");
  if (explicit_pos)
    set(g, "splines", n_nodes > VIZ_DOT_MAX_NODES ? "line" : "true");
  set_label(g, title);
  agattr(g, AGNODE, "shape", "box");
  agattr(g, AGNODE, "style", "rounded,filled");
  agattr(g, AGNODE, "fontname", "Helvetica");
  agattr(g, AGNODE, "fontsize", "10");
  agattr(g, AGNODE, "height", "0.3");
  agattr(g, AGNODE, "margin", "0.08,0.03");
  agattr(g, AGNODE, "fillcolor", "#f5f5f5");
  agattr(g, AGNODE, "lane", "");
  agattr(g, AGNODE, "seq", "");
  agattr(g, AGNODE, "class", "");
  agattr(g, AGEDGE, "fontname", "Helvetica");
  agattr(g, AGEDGE, "fontsize", "9");
  agattr(g, AGEDGE, "class", "");
}

/* Happens-before arrows (peer -> event, across lanes) and, for each race,
 * the red dashed line where an arrow is missing. */
static void add_arrows(vdb_t *v, const vtl_t *t, Agraph_t *g,
                       Agnode_t **nodes) {
  for (size_t i = 0; i < t->n; i++) {
    const vev_t *e = &t->ev[i];
    if (!e->peer || (e->flags & (VE_GAP | VE_FOLD)))
      continue;
    long p = vtl_find(t, e->peer);
    if (p < 0 || t->ev[p].gid == e->gid)
      continue;
    Agedge_t *h = agedge(g, nodes[p], nodes[i], NULL, 1);
    set(h, "color", "#1a73e8");
    set(h, "penwidth", "1.4");
    set(h, "constraint", "false");
    set(h, "class", "hb");
    set(h, "tooltip", "happens-before");
  }
  /* Arrows into and out of folded synchronisation, one per pair of nodes,
   * as thick as they are many. */
  for (size_t k = 0; k < t->nagg; k++) {
    const vagg_t *a = &t->agg[k];
    if (a->from >= t->n || a->to >= t->n)
      continue;
    Agedge_t *h = agedge(g, nodes[a->from], nodes[a->to], NULL, 1);
    char count[48], width[16];
    viz_thousands(a->count, count + 1, sizeof count - 1);
    count[0] = 'x';
    snprintf(width, sizeof width, "%.1f",
             a->count > 1000 ? 4.0
             : a->count > 10 ? 2.5
                             : 1.4);
    set(h, "color", "#1a73e8");
    set(h, "fontcolor", "#1a73e8");
    set(h, "penwidth", width);
    set(h, "constraint", "false");
    set(h, "class", "hb folded");
    if (a->count > 1)
      set(h, "label", count);
  }
  for (size_t k = 0; k < t->nraces; k++) {
    long cur = -1, prev = -1;
    for (size_t i = 0; i < t->n; i++) {
      if (t->ev[i].race_id != t->races[k].id)
        continue;
      if (t->ev[i].flags & VE_RACE)
        cur = (long)i;
      if (t->ev[i].flags & VE_PREV)
        prev = (long)i;
    }
    if (cur < 0 || prev < 0)
      continue;
    char var[256];
    vsite_t s;
    vdb_site(v, t->races[k].cur_site, &s);
    snprintf(var, sizeof var, "%s",
             s.expr[0]            ? s.expr
             : t->races[k].var[0] ? t->races[k].var
                                  : "?");
    Agedge_t *r = agedge(g, nodes[prev], nodes[cur], NULL, 1);
    set_label(r, var);
    set(r, "color", "red");
    set(r, "fontcolor", "red");
    set(r, "style", "dashed");
    set(r, "penwidth", "2");
    set(r, "dir", "none");
    set(r, "constraint", "false");
    set(r, "class", "race");
    set(r, "tooltip", "no happens-before between these accesses");
  }
}

/* The explicit grid: lane columns as wide as their widest label, one row
 * per timeline row.  Coordinates are points; "!" pins them for nop. */
static void place(const vtl_t *t, Agraph_t *g, Agnode_t **nodes,
                  const double *lane_w) {
  double *x = calloc(t->nlanes ? t->nlanes : 1, sizeof *x);
  if (!x)
    return;
  double at = 0;
  for (size_t i = 0; i < t->nlanes; i++) {
    double w = lane_w[i] * 6.2 + 30;
    x[i] = at + w / 2;
    at += w + 20;
  }
  char pos[64], name[64];
  for (size_t i = 0; i < t->nlanes; i++) {
    snprintf(name, sizeof name, "g%lld", (long long)t->lanes[i]);
    Agnode_t *h = agnode(g, name, 0);
    snprintf(pos, sizeof pos, "%.1f,0!", x[i]);
    set(h, "pos", pos);
  }
  for (size_t i = 0; i < t->n; i++) {
    snprintf(pos, sizeof pos, "%.1f,%.1f!", x[lane_of(t, t->ev[i].gid)],
             -42.0 * (double)t->ev[i].row);
    set(nodes[i], "pos", pos);
  }
  free(x);
}

Agraph_t *viz_timeline_graph(vdb_t *v, const vtl_t *t, const char *title,
                             const char **engine) {
  /* Whole runs put several events in a row, and an arrow within a row is
   * a "flat" edge that dot orders left to right, against the lanes; they
   * get the explicit grid, as do graphs too big for dot. */
  int explicit_pos = t->n > VIZ_DOT_MAX_NODES || t->compact_rows;
  *engine = explicit_pos ? "nop" : "dot";
  Agraph_t *g = agopen("timeline", Agdirected, NULL);
  Agnode_t **nodes = calloc(t->n ? t->n : 1, sizeof *nodes);
  Agnode_t **last = calloc(t->nlanes ? t->nlanes : 1, sizeof *last);
  double *lane_w = calloc(t->nlanes ? t->nlanes : 1, sizeof *lane_w);
  if (!g || !nodes || !last || !lane_w) {
    fprintf(stderr, "racelens %s: out of memory\n", v->cmd);
    free(nodes);
    free(last);
    free(lane_w);
    if (g)
      agclose(g);
    return NULL;
  }
  graph_defaults(g, title, explicit_pos, t->n);
  char text[LABEL_MAX], name[64];

  /* Headers, one per lane, chained left to right in gid order. */
  Agraph_t *head_row = explicit_pos ? NULL : agsubg(g, "row0", 1);
  Agnode_t *spine = NULL;
  if (head_row) {
    set(head_row, "rank", "same");
    spine = agnode(head_row, "t0", 1);
    set(spine, "style", "invis");
    set(spine, "shape", "point");
    set(spine, "width", "0");
  }
  for (size_t i = 0; i < t->nlanes; i++) {
    snprintf(name, sizeof name, "g%lld", (long long)t->lanes[i]);
    Agnode_t *h = agnode(head_row ? head_row : g, name, 1);
    header_label(v, t->lanes[i], text, sizeof text);
    set_label(h, text);
    set(h, "style", "filled,bold");
    set(h, "fillcolor", "#dddddd");
    set(h, "fontsize", "11");
    set(h, "class", "lane");
    set_int(h, "lane", t->lanes[i]);
    lane_w[i] = widest_line(text);
    if (i > 0) {
      Agedge_t *o = agedge(g, last[i - 1], h, NULL, 1);
      set(o, "style", "invis");
    } else if (spine) {
      Agedge_t *o = agedge(g, spine, h, NULL, 1);
      set(o, "style", "invis");
    }
    last[i] = h;
  }

  /* Events, row by row. */
  Agraph_t *row_g = NULL;
  int64_t row_no = 0;
  for (size_t i = 0; i < t->n; i++) {
    const vev_t *e = &t->ev[i];
    if (!explicit_pos && e->row != row_no) {
      row_no = e->row;
      snprintf(name, sizeof name, "row%lld", (long long)row_no);
      row_g = agsubg(g, name, 1);
      set(row_g, "rank", "same");
      snprintf(name, sizeof name, "t%lld", (long long)row_no);
      Agnode_t *s = agnode(row_g, name, 1);
      set(s, "style", "invis");
      set(s, "shape", "point");
      set(s, "width", "0");
      Agedge_t *se = agedge(g, spine, s, NULL, 1);
      set(se, "style", "invis");
      spine = s;
    }
    snprintf(name, sizeof name, "n%zu", i);
    Agnode_t *n = agnode(row_g ? row_g : g, name, 1);
    nodes[i] = n;
    const vrace_t *r = race_of(t, e->race_id);
    if (e->mix >= 0 && (size_t)e->mix < t->nmixes)
      viz_mix_label(v, e, &t->mixes[e->mix], text, sizeof text);
    else
      viz_event_label(v, e, r, text, sizeof text);
    set_label(n, text);
    set_int(n, "lane", e->gid);
    /* Only logged events carry their seq; stand-ins (gaps, folds, an
     * unlogged earlier access) are not events. */
    if (!(e->flags & (VE_GAP | VE_FOLD)) && e->sub == 0)
      set_int(n, "seq", e->seq);
    style_event(n, e);
    size_t lane = lane_of(t, e->gid);
    Agedge_t *le = agedge(g, last[lane], n, NULL, 1);
    set(le, "arrowhead", "none");
    set(le, "color", "gray60");
    set(le, "weight", "1000");
    set(le, "class", "lane");
    last[lane] = n;
    size_t w = widest_line(text);
    if (w > lane_w[lane])
      lane_w[lane] = w;
  }
  add_arrows(v, t, g, nodes);
  if (explicit_pos)
    place(t, g, nodes, lane_w);
  free(last);
  free(lane_w);
  free(nodes);
  return g;
}
