/* The ownership graph and the violation finder the report uses. */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "viz.h"
#include "vt.h"

static void graph(void) {
  const char *db = vt_fixture("ownership");
  const char *argv[] = {"ownership", db, "-o", vt_path("own.dot"), NULL};
  CHECK(vt_run(viz_cmd_ownership, argv) == 0, "ownership failed");
  Agraph_t *g = vt_read_dot(vt_path("own.dot"));
  CHECK(g, "own.dot does not parse");
  if (!g)
    return;
  Agnode_t *ch = agnode(g, "c1", 0), *prod = agnode(g, "g2", 0),
           *cons = agnode(g, "g3", 0);
  CHECK(
      ch && vt_has_class(ch, "chan") &&
          !strcmp(vt_attr(ch, "label"), "chan jobs\\nunbuffered, 8 B elements"),
      "channel node: %s", ch ? vt_attr(ch, "label") : "missing");
  CHECK(prod && !strcmp(vt_attr(prod, "label"), "G2 producer"), "producer");
  CHECK(cons && !strcmp(vt_attr(cons, "label"), "G3 consumer"), "consumer");
  Agedge_t *send = vt_edge_between(g, prod, ch, "transfer");
  CHECK(send && !strcmp(vt_attr(send, "label"),
                        "1 sent\\nhands over block of 40 B allocated at "
                        "owner.c:12"),
        "send edge: %s", send ? vt_attr(send, "label") : "missing");
  CHECK(send && vt_has_class(send, "violation") &&
            !strcmp(vt_attr(send, "color"), "red"),
        "the violating transfer must be red");
  Agedge_t *recv = vt_edge_between(g, ch, cons, "transfer");
  CHECK(recv && !strcmp(vt_attr(recv, "label"), "1 received"),
        "receive edge: %s", recv ? vt_attr(recv, "label") : "missing");
  Agnode_t *v = agnode(g, "v1", 0);
  CHECK(v && vt_has_class(v, "violation") &&
            strstr(vt_attr(v, "label"), "G2 writes buf->n after sending it") &&
            strstr(vt_attr(v, "label"), "owner.c:16"),
        "violation node: %s", v ? vt_attr(v, "label") : "missing");
  agclose(g);

  /* Ping-pong: two channels, counts per direction, nothing red. */
  const char *pp[] = {"ownership", vt_fixture("pingpong"), "--format", "dot",
                      "-o",        vt_path("pp-own.dot"),  NULL};
  CHECK(vt_run(viz_cmd_ownership, pp) == 0, "ownership pingpong failed");
  g = vt_read_dot(vt_path("pp-own.dot"));
  CHECK(g, "pp-own.dot does not parse");
  if (!g)
    return;
  Agedge_t *e =
      vt_edge_between(g, agnode(g, "g1", 0), agnode(g, "c1", 0), "transfer");
  CHECK(e && !strcmp(vt_attr(e, "label"), "2 sent"), "main sent 2 pings: %s",
        e ? vt_attr(e, "label") : "missing");
  e = vt_edge_between(g, agnode(g, "c1", 0), agnode(g, "g2", 0), "transfer");
  CHECK(e && !strcmp(vt_attr(e, "label"), "3 received"),
        "ponger received 3 times (the last on close): %s",
        e ? vt_attr(e, "label") : "missing");
  CHECK(vt_count_class(g, "violation") == 0, "no violation in ping-pong");
  agclose(g);
}

static void finder(void) {
  sqlite3 *db;
  CHECK(sqlite3_open(vt_fixture("ownership"), &db) == SQLITE_OK, "open");
  viz_violation_t v[4];
  int n = viz_ownership_violations(db, 1, v, 4);
  CHECK(n == 1, "one violation expected, got %d", n);
  if (n == 1) {
    CHECK(v[0].race_id == 1 && v[0].sender == 2 && v[0].receiver == 3 &&
              v[0].chan == 1 && v[0].block == 2 && v[0].send_seq == 8 &&
              v[0].access_site == 35 && !strcmp(v[0].access_kind, "write"),
          "violation fields: race %lld sender %lld receiver %lld chan %lld "
          "block %lld",
          (long long)v[0].race_id, (long long)v[0].sender,
          (long long)v[0].receiver, (long long)v[0].chan,
          (long long)v[0].block);
  }
  CHECK(viz_ownership_violations(db, 1, NULL, 0) == 1, "counting only");
  CHECK(viz_ownership_violations(db, 2, v, 4) == 0, "no run 2");
  /* The sender as the earlier side: its access is after the send exactly
   * when its clock is past the send's (the send carries clock 3). */
  CHECK(sqlite3_exec(db,
                     "UPDATE races SET cur_gid = 3, cur_site = 41, "
                     "prev_gid = 2, prev_site = 35, prev_clock = 4, "
                     "prev_seq = 10",
                     NULL, NULL, NULL) == SQLITE_OK,
        "update");
  n = viz_ownership_violations(db, 1, v, 4);
  CHECK(n == 1 && v[0].sender == 2 && v[0].access_site == 35,
        "sender as the earlier side: %d", n);
  CHECK(sqlite3_exec(db, "UPDATE races SET prev_clock = 3, prev_seq = 8", NULL,
                     NULL, NULL) == SQLITE_OK,
        "update");
  CHECK(viz_ownership_violations(db, 1, v, 4) == 0,
        "an access before the send is no violation");
  sqlite3_close(db);
  /* A race that is not about a sent block is no violation. */
  CHECK(sqlite3_open(vt_fixture("counter"), &db) == SQLITE_OK, "open");
  CHECK(viz_ownership_violations(db, 1, v, 4) == 0, "counter: none");
  sqlite3_close(db);
}

int main(void) {
  graph();
  finder();
  return vt_done("test_ownership");
}
