/* The pictures of real runs: the seed teaching programs of testcases/course
 * compiled with racelens-cc, run, and drawn.  Checks the structure a
 * student sees: lanes, the racing pair and its red edge, the arrows of
 * channels and mutexes, the ownership violation.
 *
 * usage: viz_test_testcases RACELENS-CC COURSE-DIR */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "viz.h"
#include "vt.h"

static const char *cc, *course;

/* Builds and runs course/NAME.c; returns the path of its database. */
static const char *run(const char *name) {
  char cmd[4096], db[700];
  snprintf(db, sizeof db, "%s", vt_path(name));
  strcat(db, ".db");
  snprintf(cmd, sizeof cmd,
           "'%s' -O1 -g '%s/%s.c' -o '%s/%s' && cd '%s' && "
           "RACELENS_DB='%s' './%s' >/dev/null 2>&1; "
           "test -s '%s'",
           cc, course, name, vt_dir(), name, vt_dir(), db, name, db);
  int rc = system(cmd);
  CHECK(rc == 0, "%s: could not build and run (%s)", name, cmd);
  return strdup(db);
}

static Agraph_t *draw(int (*cmd)(int, char **), const char *cmdname,
                      const char *name, const char *db, const char *extra) {
  char out[128];
  snprintf(out, sizeof out, "%s-%s.dot", name, cmdname);
  const char *argv[] = {cmdname, db,           "--format", "dot",
                        "-o",    vt_path(out), extra,      NULL};
  CHECK(vt_run(cmd, argv) == 0, "%s: %s failed", name, cmdname);
  Agraph_t *g = vt_read_dot(vt_path(out));
  CHECK(g, "%s: DOT does not parse", name);
  return g;
}

static int count_lanes(Agraph_t *g) {
  int k = 0;
  for (Agnode_t *n = agfstnode(g); n; n = agnxtnode(g, n))
    k += vt_has_class(n, "lane");
  return k;
}

/* The node of lane GID whose label starts with PREFIX. */
static Agnode_t *in_lane(Agraph_t *g, const char *gid, const char *prefix) {
  for (Agnode_t *n = agfstnode(g); n; n = agnxtnode(g, n))
    if (!strcmp(vt_attr(n, "lane"), gid) && !vt_has_class(n, "lane") &&
        !strncmp(vt_attr(n, "label"), prefix, strlen(prefix)))
      return n;
  return NULL;
}

static int hb_into(Agraph_t *g, Agnode_t *n) {
  int k = 0;
  for (Agedge_t *e = n ? agfstin(g, n) : NULL; e; e = agnxtin(g, e))
    k += vt_has_class(e, "hb");
  return k;
}

static void counter_race(void) {
  Agraph_t *g =
      draw(viz_cmd_diagram, "diagram", "09", run("09_counter_race"), NULL);
  if (!g)
    return;
  CHECK(count_lanes(g) == 3, "09: main and the two racing goroutines, got %d",
        count_lanes(g));
  Agedge_t *race = NULL;
  for (Agnode_t *n = agfstnode(g); n; n = agnxtnode(g, n))
    for (Agedge_t *e = agfstout(g, n); e; e = agnxtout(g, e))
      if (vt_has_class(e, "race"))
        race = e;
  CHECK(race && !strcmp(vt_attr(race, "label"), "counter"),
        "09: a red edge labelled counter");
  if (race) {
    Agnode_t *a = agtail(race), *b = aghead(race);
    CHECK(vt_has_class(a, "race") && vt_has_class(b, "race") &&
              strcmp(vt_attr(a, "lane"), vt_attr(b, "lane")),
          "09: the red edge joins two red accesses in two lanes");
    CHECK(strstr(vt_attr(a, "label"), "RACE: write counter\\n09_counter_race"
                                      ".c:26") &&
              strstr(vt_attr(b, "label"), "09_counter_race.c:26"),
          "09: the accesses at line 26: %s", vt_attr(a, "label"));
    /* Each racing goroutine's start has its go arrow from main. */
    CHECK(hb_into(g, in_lane(g, vt_attr(a, "lane"), "start")) == 1 &&
              hb_into(g, in_lane(g, vt_attr(b, "lane"), "start")) == 1,
          "09: go -> start arrows into both racing lanes");
    /* No arrow reaches the later access from the other lane. */
    CHECK(hb_into(g, b) == 0, "09: nothing orders the later access");
  }
  agclose(g);
}

static void mutex_fix(void) {
  const char *db = run("11_counter_mutex");
  const char *argv[] = {"diagram", db, "-o", vt_path("11.svg"), NULL};
  CHECK(vt_run(viz_cmd_diagram, argv) == 2, "11: no race, no window");
  Agraph_t *g = draw(viz_cmd_diagram, "diagram", "11", db, "--all");
  if (!g)
    return;
  CHECK(count_lanes(g) == 5, "11: main and 4 workers, got %d", count_lanes(g));
  CHECK(vt_count_class(g, "race") == 0, "11: nothing red");
  CHECK(agnnodes(g) < 120, "11: 12,000 events folded to %d nodes", agnnodes(g));
  CHECK(vt_count_class(g, "folded") >= 4, "11: counted arrows between the "
                                          "workers' folded lock/unlock");
  int named = 0;
  for (Agnode_t *n = agfstnode(g); n; n = agnxtnode(g, n))
    named += !strncmp(vt_attr(n, "label"), "lock mu\\n", 8);
  CHECK(named > 0, "11: the mutex is named mu");
  agclose(g);
}

static void ping_pong(void) {
  Agraph_t *g =
      draw(viz_cmd_diagram, "diagram", "15", run("15_chan_ping_pong"), "--all");
  if (!g)
    return;
  int sends = 0, recvs_ordered = 0;
  for (Agnode_t *n = agfstnode(g); n; n = agnxtnode(g, n)) {
    const char *l = vt_attr(n, "label");
    /* labels hold '&' as "&amp;" (Graphviz decodes entities) */
    if (!strncmp(l, "send &amp;ball → ", 17))
      sends++;
    if (!strncmp(l, "recv &amp;ball ← ", 17) && hb_into(g, n) == 1)
      recvs_ordered++;
  }
  CHECK(sends >= 4 && recvs_ordered == sends,
        "15: every receive of the ball has the arrow from its send (%d "
        "sends, %d ordered receives)",
        sends, recvs_ordered);
  CHECK(vt_count_class(g, "race") == 0, "15: nothing red");
  agclose(g);
}

static void ownership_violation(void) {
  const char *db = run("25_ownership_violation");
  Agraph_t *g = draw(viz_cmd_ownership, "ownership", "25", db, NULL);
  if (!g)
    return;
  int red = 0, blocks = 0;
  for (Agnode_t *n = agfstnode(g); n; n = agnxtnode(g, n))
    for (Agedge_t *e = agfstout(g, n); e; e = agnxtout(g, e)) {
      red += vt_has_class(e, "transfer") && vt_has_class(e, "violation");
      blocks +=
          !!strstr(vt_attr(e, "label"), "hands over block of 36 B allocated at "
                                        "25_ownership_violation.c:28");
    }
  CHECK(red == 2, "25: the transfer in red, both legs: %d", red);
  CHECK(blocks == 1, "25: the block handed over is named");
  CHECK(vt_count_class(g, "violation") >= 3, "25: the violation node");
  agclose(g);
}

/* A real program in a file named a"b<script>.c: the pictures name the file
 * and carry no markup from it. */
static void hostile_name(void) {
  char cmd[4096];
  const char *db = vt_path("hostile.db");
  snprintf(cmd, sizeof cmd,
           "cp '%s/09_counter_race.c' '%s/a\"b<script>.c' && cd '%s' && "
           "'%s' -O1 -g 'a\"b<script>.c' -o hostile && RACELENS_DB='%s' "
           "./hostile >/dev/null 2>&1; test -s '%s'",
           course, vt_dir(), vt_dir(), cc, db, db);
  CHECK(system(cmd) == 0, "a\"b<script>.c: could not build and run");
  const char *html[] = {"html", db, "-o", vt_path("hostile.html"), NULL};
  CHECK(vt_run(viz_cmd_html, html) == 0, "html of a\"b<script>.c");
  char *page = vt_read(vt_path("hostile.html"), NULL);
  CHECK(page && !strstr(page, "<script"), "markup from the file name");
  CHECK(page && strstr(page, "a&quot;b&lt;script&gt;.c:26"),
        "the file name, escaped, in the report and the diagram");
  free(page);
  Agraph_t *g = draw(viz_cmd_diagram, "diagram", "hostile", db, NULL);
  int named = 0;
  for (Agnode_t *n = g ? agfstnode(g) : NULL; n; n = agnxtnode(g, n))
    named += !!strstr(vt_attr(n, "label"), "a\"b<script>.c:26");
  CHECK(named == 2, "both racing accesses name a\"b<script>.c:26: %d", named);
  if (g)
    agclose(g);
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: viz_test_testcases RACELENS-CC COURSE-DIR\n");
    return 2;
  }
  cc = argv[1];
  course = argv[2];
  counter_race();
  mutex_fix();
  ping_pong();
  ownership_violation();
  hostile_name();
  return vt_done("test_testcases");
}
