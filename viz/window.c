/*
 * The window around one race: what a student needs to see why nothing
 * orders the two accesses.  For each of the two goroutines: where it
 * started (and the go that started it), the last synchronisation before its
 * access, and the access; for the earlier goroutine also what it did next,
 * up to the later access (often the wg_done or unlock that "should" have
 * helped).  Events that ordered those (peers) are pulled in so their arrows
 * show, and whatever a lane skips becomes one "⋮ N events" node.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "timeline.h"

#define NOT_PLAIN "kind NOT IN (80, 81, 90)"
#define AFTER_PREV_MAX "6"

/* Appends the events matched by WHERE (?1 = run, ?2.. = args); returns how
 * many, or -1. */
static long add_events(vdb_t *v, vtl_t *t, const char *where, int nargs,
                       const int64_t *args) {
  char sql[512];
  snprintf(sql, sizeof sql,
           "SELECT " VTL_EVENT_COLS " FROM events WHERE run_id=?1 AND %s",
           where);
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(v->db, sql, -1, &st, NULL) != SQLITE_OK) {
    fprintf(stderr, "racelens %s: cannot read events: %s\n", v->cmd,
            sqlite3_errmsg(v->db));
    return -1;
  }
  sqlite3_bind_int64(st, 1, v->run);
  for (int i = 0; i < nargs; i++)
    sqlite3_bind_int64(st, i + 2, args[i]);
  long n = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    vev_t *e = vtl_add(t);
    if (!e) {
      n = -1;
      break;
    }
    vtl_read_event(st, e);
    n++;
  }
  sqlite3_finalize(st);
  return n;
}

static long add_seq(vdb_t *v, vtl_t *t, int64_t seq) {
  if (seq <= 0)
    return 0;
  int64_t a[1] = {seq};
  return add_events(v, t, "seq=?2", 1, a);
}

/* The goroutine's start event and the go event before it. */
static int add_start(vdb_t *v, vtl_t *t, int64_t gid) {
  vgor_t g;
  vdb_goroutine(v, gid, &g);
  int64_t a[2] = {g.go_seq, gid};
  if (add_events(v, t, "seq>?2 AND gid=?3 AND kind=2 ORDER BY seq LIMIT 1", 2,
                 a) < 0)
    return -1;
  return add_seq(v, t, g.go_seq) < 0 ? -1 : 0;
}

static int add_prev_access(vdb_t *v, const vrace_t *r, vtl_t *t) {
  int64_t a[4] = {r->prev_gid, r->prev_seq, r->cur_seq, r->prev_site};
  size_t before = t->n;
  /* Traced runs logged the access itself. */
  if (r->prev_seq &&
      add_events(v, t,
                 "gid=?2 AND seq>=?3 AND seq<?4 AND site=?5 AND kind IN "
                 "(80, 81) ORDER BY seq LIMIT 1",
                 4, a) < 0)
    return -1;
  vev_t *e;
  if (t->n > before) {
    e = &t->ev[before];
  } else {
    if (!(e = vtl_add(t)))
      return -1;
    e->gid = r->prev_gid;
    e->site = r->prev_site;
    e->kind = strstr(r->prev_kind, "write") || !strcmp(r->prev_kind, "free")
                  ? K_WRITE
                  : K_READ;
    if (!strcmp(r->prev_kind, "free"))
      e->kind = K_FREE;
    e->seq = r->prev_seq;
    e->sub = 1;
    if (!r->prev_seq) {
      /* Nothing known before it: right after the goroutine started. */
      e->seq = vdb_int(v,
                       "SELECT min(seq) FROM events WHERE run_id=?1 AND "
                       "gid=?2",
                       r->prev_gid, r->cur_seq - 1);
    }
  }
  e->flags |= VE_PREV;
  e->race_id = r->id;
  return 0;
}

/* Pulls in the events that ordered the window's events, one level deep and
 * no earlier than the window, so that each arrow into the window shows. */
static int add_peers(vdb_t *v, vtl_t *t, int64_t lo) {
  size_t n = t->n, k = 0;
  int64_t *want = malloc((n ? n : 1) * sizeof *want);
  if (!want)
    return -1;
  for (size_t i = 0; i < n; i++) {
    int64_t p = t->ev[i].peer;
    if (p >= lo && p > 0 && vtl_find(t, p) < 0)
      want[k++] = p;
  }
  int rc = 0;
  for (size_t i = 0; i < k && !rc; i++)
    rc = add_seq(v, t, want[i]) < 0 ? -1 : 0;
  free(want);
  return rc ? rc : vtl_finish(t);
}

/* Between two neighbours in a lane, the events the window leaves out. */
static int add_gaps(vdb_t *v, vtl_t *t) {
  size_t n = t->n;
  for (size_t i = 0; i < n; i++) {
    const vev_t *a = &t->ev[i];
    const vev_t *b = NULL;
    for (size_t j = i + 1; j < n && !b; j++)
      if (t->ev[j].gid == a->gid)
        b = &t->ev[j];
    if (!b || b->seq <= a->seq)
      continue;
    int64_t args[3] = {a->gid, a->seq, b->seq};
    const char *sql = "SELECT count(*) FROM events WHERE run_id=?1 AND "
                      "gid=?2 AND seq>?3 AND seq<?4";
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(v->db, sql, -1, &st, NULL) != SQLITE_OK)
      return -1;
    sqlite3_bind_int64(st, 1, v->run);
    for (int k = 0; k < 3; k++)
      sqlite3_bind_int64(st, k + 2, args[k]);
    int64_t count = 0;
    if (sqlite3_step(st) == SQLITE_ROW)
      count = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (count <= 0)
      continue;
    int64_t gid = a->gid, seq = b->seq;
    vev_t *g = vtl_add(t);
    if (!g)
      return -1;
    g->gid = gid;
    g->seq = seq;
    g->sub = -1;
    g->flags = VE_GAP;
    g->count = count;
  }
  return vtl_finish(t);
}

int vtl_window(vdb_t *v, const vrace_t *r, vtl_t *t) {
  int64_t a[2] = {r->cur_gid, r->cur_seq};
  /* The later access and the last synchronisation before it. */
  if (add_events(
          v, t, "gid=?2 AND seq<?3 AND " NOT_PLAIN " ORDER BY seq DESC LIMIT 1",
          2, a) < 0 ||
      add_seq(v, t, r->cur_seq) < 0)
    return -1;
  if (vtl_finish(t))
    return -1;
  long cur = vtl_find(t, r->cur_seq);
  if (cur < 0) {
    vev_t *e = vtl_add(t); /* a race row without its event: draw it anyway */
    if (!e)
      return -1;
    e->seq = r->cur_seq;
    e->gid = r->cur_gid;
    e->kind = K_RACE;
    e->site = r->cur_site;
    if (vtl_finish(t))
      return -1;
    cur = vtl_find(t, r->cur_seq);
  }
  t->ev[cur].flags |= VE_RACE;
  t->ev[cur].race_id = r->id;

  /* The earlier access, what came before it and what its goroutine did
   * next, up to the later access. */
  int64_t b[3] = {r->prev_gid, r->prev_seq, r->cur_seq};
  /* prev_seq is the earlier goroutine's own event; a damaged row naming
   * another goroutine's event must not add a lane. */
  if (add_events(v, t, "seq=?3 AND gid=?2", 2, b) < 0 ||
      add_prev_access(v, r, t) ||
      add_events(v, t,
                 "gid=?2 AND seq>?3 AND seq<?4 AND " NOT_PLAIN
                 " ORDER BY seq LIMIT " AFTER_PREV_MAX,
                 3, b) < 0)
    return -1;
  if (add_start(v, t, r->cur_gid) || add_start(v, t, r->prev_gid))
    return -1;
  if (vtl_finish(t))
    return -1;
  int64_t lo = t->n ? t->ev[0].seq : 0;
  if (add_peers(v, t, lo) || add_gaps(v, t))
    return -1;
  t->races = calloc(1, sizeof *t->races);
  if (!t->races)
    return -1;
  t->races[0] = *r;
  t->nraces = 1;
  return 0;
}
