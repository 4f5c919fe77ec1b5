#include "timeline.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

vev_t *vtl_add(vtl_t *t) {
  if (t->n == t->cap) {
    size_t cap = t->cap ? t->cap * 2 : 64;
    vev_t *ev = realloc(t->ev, cap * sizeof *ev);
    if (!ev)
      return NULL;
    t->ev = ev;
    t->cap = cap;
  }
  vev_t *e = &t->ev[t->n++];
  memset(e, 0, sizeof *e);
  e->count = 1;
  e->mix = -1;
  return e;
}

void vtl_free(vtl_t *t) {
  free(t->ev);
  free(t->lanes);
  free(t->races);
  free(t->mixes);
  free(t->agg);
  memset(t, 0, sizeof *t);
}

static int by_seq(const void *a, const void *b) {
  const vev_t *x = a, *y = b;
  if (x->seq != y->seq)
    return x->seq < y->seq ? -1 : 1;
  return (x->sub > y->sub) - (x->sub < y->sub);
}

static int by_gid(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x > y) - (x < y);
}

long vtl_find(const vtl_t *t, int64_t seq) {
  size_t lo = 0, hi = t->n;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (t->ev[mid].seq < seq)
      lo = mid + 1;
    else
      hi = mid;
  }
  for (size_t i = lo; i < t->n && t->ev[i].seq == seq; i++)
    if (t->ev[i].sub == 0)
      return (long)i;
  return -1;
}

static long lane_index(const vtl_t *t, int64_t gid) {
  int64_t *p = bsearch(&gid, t->lanes, t->nlanes, sizeof gid, by_gid);
  return p ? p - t->lanes : -1;
}

/* Compact rows put an event one row below whatever must precede it: the
 * lane's previous node and the event that ordered it (peer).  Long runs
 * then take as many rows as their longest causal chain, not their length,
 * and every happens-before arrow still points down. */
static int compact(vtl_t *t) {
  int64_t *last = calloc(t->nlanes, sizeof *last);
  if (!last)
    return -1;
  for (size_t i = 0; i < t->n; i++) {
    vev_t *e = &t->ev[i];
    long lane = lane_index(t, e->gid);
    int64_t row = last[lane] + 1;
    if (e->peer) {
      long p = vtl_find(t, e->peer);
      if (p >= 0 && t->ev[p].row + 1 > row)
        row = t->ev[p].row + 1;
    }
    e->row = row;
    last[lane] = row;
  }
  free(last);
  return 0;
}

int vtl_finish(vtl_t *t) {
  qsort(t->ev, t->n, sizeof *t->ev, by_seq);
  /* Selections may pick one event twice (a start that is also a peer); the
   * copy that carries flags (red) wins. */
  size_t m = 0;
  for (size_t i = 0; i < t->n; i++) {
    if (m && t->ev[m - 1].seq == t->ev[i].seq &&
        t->ev[m - 1].sub == t->ev[i].sub) {
      t->ev[m - 1].flags |= t->ev[i].flags;
      if (t->ev[i].race_id)
        t->ev[m - 1].race_id = t->ev[i].race_id;
      continue;
    }
    t->ev[m++] = t->ev[i];
  }
  t->n = m;
  free(t->lanes);
  t->lanes = malloc((t->n ? t->n : 1) * sizeof *t->lanes);
  if (!t->lanes)
    return -1;
  t->nlanes = 0;
  for (size_t i = 0; i < t->n; i++)
    t->lanes[t->nlanes++] = t->ev[i].gid;
  qsort(t->lanes, t->nlanes, sizeof *t->lanes, by_gid);
  size_t k = 0;
  for (size_t i = 0; i < t->nlanes; i++)
    if (!k || t->lanes[k - 1] != t->lanes[i])
      t->lanes[k++] = t->lanes[i];
  t->nlanes = k;
  if (t->compact_rows)
    return compact(t);
  for (size_t i = 0; i < t->n; i++)
    t->ev[i].row = (int64_t)i + 1;
  return 0;
}

void vtl_read_event(sqlite3_stmt *st, vev_t *e) {
  e->seq = sqlite3_column_int64(st, 0);
  e->gid = sqlite3_column_int64(st, 1);
  e->kind = sqlite3_column_int64(st, 2);
  e->obj = sqlite3_column_int64(st, 3);
  e->site = sqlite3_column_int64(st, 4);
  e->peer = sqlite3_column_int64(st, 5);
  e->value = sqlite3_column_int64(st, 6);
  e->ptr_obj = sqlite3_column_int64(st, 7);
  e->aux = sqlite3_column_int64(st, 8);
  e->dur = sqlite3_column_int64(st, 9);
}

static void text_col(sqlite3_stmt *st, int col, char *buf, size_t len) {
  const unsigned char *s = sqlite3_column_text(st, col);
  snprintf(buf, len, "%s", s ? (const char *)s : "");
}

/* The earlier access happened in epoch prev_clock of its goroutine, and
 * the runtime advances a goroutine's clock at every logged event, so the
 * event carrying prev_clock came after the access.  The access therefore
 * follows the last event with a smaller clock; prev_seq (the last with
 * clock <= prev_clock) is kept when it agrees.  The analyzer reads it the
 * same way, so report and picture place the access alike. */
static void place_prev(vdb_t *v, vrace_t *r, int64_t prev_clock) {
  sqlite3_stmt *st = NULL;
  int64_t at_clock = -1;
  if (r->prev_seq &&
      sqlite3_prepare_v2(v->db,
                         "SELECT clock FROM events WHERE run_id=?1 AND seq=?2",
                         -1, &st, NULL) == SQLITE_OK) {
    sqlite3_bind_int64(st, 1, v->run);
    sqlite3_bind_int64(st, 2, r->prev_seq);
    if (sqlite3_step(st) == SQLITE_ROW &&
        sqlite3_column_type(st, 0) != SQLITE_NULL)
      at_clock = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
  }
  if (r->prev_seq && at_clock < prev_clock)
    return;
  st = NULL;
  r->prev_seq = 0;
  if (sqlite3_prepare_v2(v->db,
                         "SELECT max(seq) FROM events WHERE run_id=?1 AND "
                         "gid=?2 AND clock<?3",
                         -1, &st, NULL) != SQLITE_OK)
    return;
  sqlite3_bind_int64(st, 1, v->run);
  sqlite3_bind_int64(st, 2, r->prev_gid);
  sqlite3_bind_int64(st, 3, prev_clock);
  if (sqlite3_step(st) == SQLITE_ROW)
    r->prev_seq = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
}

/* Loads the race row selected by WHERE (?2 = arg). */
static int load_race(vdb_t *v, const char *where, int64_t arg, vrace_t *r) {
  sqlite3_stmt *st = NULL;
  char sql[512];
  memset(r, 0, sizeof *r);
  snprintf(sql, sizeof sql,
           "SELECT race_id, cur_gid, cur_site, cur_seq, prev_gid, prev_site, "
           "prev_seq, var, cur_kind, prev_kind, prev_clock FROM races WHERE "
           "run_id=?1 "
           "%s",
           where);
  if (sqlite3_prepare_v2(v->db, sql, -1, &st, NULL) != SQLITE_OK) {
    fprintf(stderr, "racelens %s: cannot read races: %s\n", v->cmd,
            sqlite3_errmsg(v->db));
    return -1;
  }
  sqlite3_bind_int64(st, 1, v->run);
  sqlite3_bind_int64(st, 2, arg);
  int rc = 1;
  int64_t prev_clock = 0;
  if (sqlite3_step(st) == SQLITE_ROW) {
    r->id = sqlite3_column_int64(st, 0);
    r->cur_gid = sqlite3_column_int64(st, 1);
    r->cur_site = sqlite3_column_int64(st, 2);
    r->cur_seq = sqlite3_column_int64(st, 3);
    r->prev_gid = sqlite3_column_int64(st, 4);
    r->prev_site = sqlite3_column_int64(st, 5);
    r->prev_seq = sqlite3_column_int64(st, 6);
    text_col(st, 7, r->var, sizeof r->var);
    text_col(st, 8, r->cur_kind, sizeof r->cur_kind);
    text_col(st, 9, r->prev_kind, sizeof r->prev_kind);
    prev_clock = sqlite3_column_int64(st, 10);
    rc = 0;
  }
  sqlite3_finalize(st);
  if (!rc && prev_clock > 0)
    place_prev(v, r, prev_clock);
  return rc;
}

int vtl_load_race(vdb_t *v, int64_t k, vrace_t *r) {
  int rc = load_race(v, "ORDER BY race_id LIMIT 1 OFFSET ?2 - 1", k, r);
  if (rc <= 0)
    return rc;
  int64_t n = vdb_int(v, "SELECT count(*) FROM races WHERE run_id=?1", 0, 0);
  if (n)
    fprintf(stderr, "racelens %s: no race %lld in run %lld (it has %lld)\n",
            v->cmd, (long long)k, (long long)v->run, (long long)n);
  else
    fprintf(stderr, "racelens %s: run %lld has no races (use --all)\n", v->cmd,
            (long long)v->run);
  return -1;
}

int vtl_load_race_id(vdb_t *v, int64_t id, vrace_t *r) {
  int rc = load_race(v, "AND race_id=?2", id, r);
  if (rc > 0)
    fprintf(stderr, "racelens %s: no race with id %lld in run %lld\n", v->cmd,
            (long long)id, (long long)v->run);
  return rc ? -1 : 0;
}
