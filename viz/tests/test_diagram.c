/* The space-time diagram: lanes, events, happens-before arrows and the red
 * racing pair, read back from the DOT output; the other formats exist. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "viz.h"
#include "vt.h"

static Agraph_t *diagram(const char *db, const char *out, const char *extra) {
  const char *argv[] = {"diagram", db,           "--format", "dot",
                        "-o",      vt_path(out), extra,      NULL};
  int rc = vt_run(viz_cmd_diagram, argv);
  CHECK(rc == 0, "diagram %s -> %s: exit %d", db, out, rc);
  Agraph_t *g = vt_read_dot(vt_path(out));
  CHECK(g, "%s does not parse as DOT", out);
  return g;
}

static Agnode_t *header(Agraph_t *g, int gid) {
  char name[16];
  snprintf(name, sizeof name, "g%d", gid);
  return agnode(g, name, 0);
}

/* Every node of a lane sits at its header's x, and time runs down. */
static void check_lanes_straight(Agraph_t *g) {
  for (Agnode_t *n = agfstnode(g); n; n = agnxtnode(g, n)) {
    const char *lane = vt_attr(n, "lane");
    if (!*lane || vt_has_class(n, "lane"))
      continue;
    Agnode_t *h = header(g, atoi(lane));
    CHECK(h, "no header for lane %s", lane);
    if (h)
      CHECK(vt_x(n) > vt_x(h) - 0.5 && vt_x(n) < vt_x(h) + 0.5,
            "node %s (%s) at x=%.1f, its lane G%s at x=%.1f", agnameof(n),
            vt_attr(n, "label"), vt_x(n), lane, vt_x(h));
    for (Agedge_t *e = agfstout(g, n); e; e = agnxtout(g, e))
      if (vt_has_class(e, "lane"))
        CHECK(vt_y(aghead(e)) < vt_y(n), "lane edge %s -> %s goes up",
              agnameof(n), agnameof(aghead(e)));
  }
}

static void check_hb(Agraph_t *g, long from, long to) {
  Agedge_t *e =
      vt_edge_between(g, vt_node_by_seq(g, from), vt_node_by_seq(g, to), "hb");
  CHECK(e, "no happens-before arrow from seq %ld to seq %ld", from, to);
}

static void counter_window(void) {
  Agraph_t *g = diagram(vt_fixture("counter"), "counter.dot", NULL);
  if (!g)
    return;
  /* Lanes: main (the go events), and the two incrementors, in order. */
  Agnode_t *g1 = header(g, 1), *g2 = header(g, 2), *g3 = header(g, 3);
  CHECK(g1 && g2 && g3, "lanes G1, G2, G3 expected");
  CHECK(vt_count_class(g, "lane") >= 3, "lane headers");
  if (g1 && g2 && g3) {
    CHECK(vt_x(g1) < vt_x(g2) && vt_x(g2) < vt_x(g3), "lanes out of order");
    CHECK(!strcmp(vt_attr(g2, "label"),
                  "G2 incrementor\\nstarted at counter.c:15"),
          "G2 header: %s", vt_attr(g2, "label"));
  }
  check_lanes_straight(g);
  /* The two red accesses, joined by the red dashed edge named counter. */
  CHECK(vt_count_class(g, "race") == 3, "2 race nodes + 1 race edge, got %d",
        vt_count_class(g, "race"));
  Agnode_t *cur = vt_node_by_seq(g, 9);
  CHECK(cur && vt_has_class(cur, "race") &&
            !strcmp(vt_attr(cur, "lane"), "3") &&
            !strcmp(vt_attr(cur, "label"), "RACE: write counter\\ncounter.c:8"),
        "race event seq 9: %s", cur ? vt_attr(cur, "label") : "missing");
  Agedge_t *race = NULL;
  for (Agnode_t *n = agfstnode(g); n; n = agnxtnode(g, n))
    for (Agedge_t *e = agfstout(g, n); e; e = agnxtout(g, e))
      if (vt_has_class(e, "race"))
        race = e;
  CHECK(race, "no race edge");
  if (race) {
    CHECK(aghead(race) == cur, "race edge does not end at the race event");
    CHECK(!strcmp(vt_attr(agtail(race), "lane"), "2") &&
              vt_has_class(agtail(race), "race"),
          "race edge does not start at G2's access");
    CHECK(!strcmp(vt_attr(race, "label"), "counter"), "race edge label %s",
          vt_attr(race, "label"));
    CHECK(!strcmp(vt_attr(race, "color"), "red") &&
              !strcmp(vt_attr(race, "style"), "dashed"),
          "race edge must be red and dashed");
    /* G2's access comes after its start (prev_seq 4) and before wg_done. */
    CHECK(vt_y(agtail(race)) < vt_y(vt_node_by_seq(g, 4)) &&
              vt_y(agtail(race)) > vt_y(vt_node_by_seq(g, 7)),
          "G2's access is not between its start and its wg_done");
  }
  /* go -> start arrows; the window stops at the race, so no wg_wait. */
  check_hb(g, 3, 4);
  check_hb(g, 5, 6);
  CHECK(!vt_node_by_seq(g, 12), "wg_wait (after the race) in the window");
  CHECK(vt_node_by_seq(g, 7) && !strcmp(vt_attr(vt_node_by_seq(g, 7), "label"),
                                        "wg_done wg\\ncounter.c:9"),
        "G2's wg_done after its access should show");
  agclose(g);
}

static void counter_all(void) {
  Agraph_t *g = diagram(vt_fixture("counter"), "counter-all.dot", "--all");
  if (!g)
    return;
  for (long s = 1; s <= 13; s++)
    CHECK(vt_node_by_seq(g, s), "--all lacks event seq %ld", s);
  check_hb(g, 10, 12); /* the last wg_done -> wg_wait */
  check_lanes_straight(g);
  CHECK(vt_count_class(g, "race") == 3, "--all: the racing pair");
  agclose(g);
}

static void pingpong_all(void) {
  Agraph_t *g = diagram(vt_fixture("pingpong"), "pingpong.dot", "--all");
  if (!g)
    return;
  long hb[][2] = {{2, 3},   {4, 5},   {5, 6},   {7, 8},  {8, 9},
                  {10, 11}, {11, 12}, {13, 14}, {14, 15}};
  for (size_t i = 0; i < sizeof hb / sizeof hb[0]; i++)
    check_hb(g, hb[i][0], hb[i][1]);
  Agnode_t *send = vt_node_by_seq(g, 4);
  CHECK(send &&
            !strcmp(vt_attr(send, "label"), "send 1 → ping\\npingpong.c:22"),
        "send label: %s", send ? vt_attr(send, "label") : "missing");
  CHECK(vt_count_class(g, "race") == 0, "no race in ping-pong");
  check_lanes_straight(g);
  agclose(g);
  /* Without races, the default window has nothing to show. */
  const char *argv[] = {"diagram", vt_fixture("pingpong"), "-o",
                        vt_path("none.svg"), NULL};
  CHECK(vt_run(viz_cmd_diagram, argv) == 2, "no race: exit 2");
}

/* 3,000 traced writes: the racing first stays red, the other 2,999 fold
 * into one node. */
static void folding(void) {
  Agraph_t *g = diagram(vt_fixture("traced"), "traced.dot", "--all");
  if (!g)
    return;
  int folds = 0, found = 0;
  for (Agnode_t *n = agfstnode(g); n; n = agnxtnode(g, n))
    if (vt_has_class(n, "fold")) {
      folds++;
      found |=
          !strcmp(vt_attr(n, "label"), "… 2,999 writes to arr[i]\\ntraced.c:9");
    }
  CHECK(found, "no '… 2,999 writes to arr[i]' node (%d folds)", folds);
  CHECK(agnnodes(g) < 40, "folded graph has %d nodes", agnnodes(g));
  CHECK(vt_count_class(g, "race") == 3, "the racing pair survives folding");
  agclose(g);
}

/* 2,000 lock/unlock events: folded per lane between the kept ends, with
 * counted arrows between the folds, and the race still red. */
static void busy(void) {
  Agraph_t *g = diagram(vt_fixture("busy"), "busy.dot", "--all");
  if (!g)
    return;
  CHECK(agnnodes(g) < 70, "busy run drawn with %d nodes", agnnodes(g));
  int folds = 0, named = 0, counted = 0;
  for (Agnode_t *n = agfstnode(g); n; n = agnxtnode(g, n)) {
    if (!vt_has_class(n, "fold"))
      continue;
    folds++;
    named += strstr(vt_attr(n, "label"), "events\\n") &&
             strstr(vt_attr(n, "label"), "lock mu");
    for (Agedge_t *e = agfstout(g, n); e; e = agnxtout(g, e))
      counted += vt_has_class(e, "folded") && vt_attr(e, "label")[0] == 'x';
  }
  CHECK(folds == 4 && named == 4, "one fold per worker naming mu: %d, %d",
        folds, named);
  CHECK(counted >= 4, "counted arrows between folds: %d", counted);
  CHECK(vt_count_class(g, "race") == 3, "the race survives folding");
  check_hb(g, 1, 5); /* go -> start are kept */
  check_lanes_straight(g);
  agclose(g);
}

static void formats(void) {
  const char *db = vt_fixture("counter");
  const char *names[] = {"c.svg", "c.png", "c.pdf"};
  const char *magic[] = {"<?xml", "\x89PNG", "%PDF"};
  for (int i = 0; i < 3; i++) {
    const char *argv[] = {"diagram", db, "-o", vt_path(names[i]), NULL};
    CHECK(vt_run(viz_cmd_diagram, argv) == 0, "%s: failed", names[i]);
    size_t len = 0;
    char *data = vt_read(vt_path(names[i]), &len);
    CHECK(data && len > 500 && !memcmp(data, magic[i], strlen(magic[i])),
          "%s: empty or not the format (%zu bytes)", names[i], len);
    if (i == 0 && data)
      CHECK(strstr(data, "RACE: write counter") &&
                strstr(data, "class=\"edge race\""),
            "SVG lacks the race");
    free(data);
  }
}

static void bad_input(void) {
  const char *db = vt_fixture("counter");
  const char *missing[] = {"diagram", vt_path("nope.db"), "-o",
                           vt_path("x.svg"), NULL};
  CHECK(vt_run(viz_cmd_diagram, missing) == 2, "missing database: exit 2");
  const char *race9[] = {"diagram",        db,  "--race", "9", "-o",
                         vt_path("x.svg"), NULL};
  CHECK(vt_run(viz_cmd_diagram, race9) == 2, "race 9 of 1: exit 2");
  const char *badrace[] = {"diagram",        db,  "--race", "x", "-o",
                           vt_path("x.svg"), NULL};
  CHECK(vt_run(viz_cmd_diagram, badrace) == 2, "--race x: exit 2");
  const char *fmt[] = {"diagram",        db,  "--format", "gif", "-o",
                       vt_path("x.gif"), NULL};
  CHECK(vt_run(viz_cmd_diagram, fmt) == 2, "gif: exit 2");
  const char *both[] = {"diagram", db, "--all", "--race", "1", NULL};
  CHECK(vt_run(viz_cmd_diagram, both) == 2, "--all with --race: exit 2");
  const char *dir[] = {"diagram", db, "-o", vt_path("no/such/dir.svg"), NULL};
  CHECK(vt_run(viz_cmd_diagram, dir) == 2, "unwritable output: exit 2");
  const char *notdb[] = {"diagram", VT_FIXTURES "/counter.sql", "-o",
                         vt_path("x.svg"), NULL};
  CHECK(vt_run(viz_cmd_diagram, notdb) == 2, "not a database: exit 2");
  const char *run[] = {"diagram",        db,  "--run", "7", "-o",
                       vt_path("x.svg"), NULL};
  CHECK(vt_run(viz_cmd_diagram, run) == 2, "run 7: exit 2");
  /* A full disk is an error, not a crash or a silent exit. */
  const char *full[] = {"diagram", db, "-o", "/dev/full", NULL};
  CHECK(vt_run(viz_cmd_diagram, full) == 1, "diagram to a full disk: exit 1");
  const char *hfull[] = {"html", db, "-o", "/dev/full", NULL};
  CHECK(vt_run(viz_cmd_html, hfull) == 1, "html to a full disk: exit 1");
  const char *efull[] = {"export", "--perfetto", db, "-o", "/dev/full", NULL};
  CHECK(vt_run(viz_cmd_export, efull) == 1, "export to a full disk: exit 1");
  CHECK(viz_cmd_help("diagram") && strstr(viz_cmd_help("diagram"), "--all"),
        "help diagram");
  CHECK(!viz_cmd_help("report"), "help for a command not ours");
}

int main(void) {
  counter_window();
  counter_all();
  pingpong_all();
  folding();
  busy();
  formats();
  bad_input();
  return vt_done("test_diagram");
}
