/*
 * The whole run (`diagram --all`).  Traced runs log every access, so a loop
 * writing an array is thousands of events; a lane's unbroken stretch of
 * plain accesses becomes one node ("… 1,000 writes to arr[i]") and the
 * synchronisation, which is what the picture is about, stays.  The racing
 * accesses are never folded away.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "timeline.h"

#define FOLD_MIN 3 /* shorter stretches are drawn event by event */
#define MAX_RACES 200

/* A lane's current stretch of plain accesses.  Its first event is in the
 * timeline already; the next few wait in `pending` until we know whether
 * the stretch is long enough to fold (nodes are sorted by seq at the end,
 * so adding them late is fine). */
typedef struct stretch {
  int64_t gid;
  size_t first;
  int64_t count, reads, writes, site;
  int mixed_sites;
  vev_t pending[FOLD_MIN - 1];
} stretch_t;

static int close_stretch(vtl_t *t, stretch_t *s) {
  if (s->count >= FOLD_MIN) {
    vev_t *f = &t->ev[s->first];
    f->flags = VE_FOLD;
    f->count = s->count;
    f->reads = s->reads;
    f->writes = s->writes;
    f->site = s->mixed_sites ? 0 : s->site;
    f->kind = s->writes ? K_WRITE : K_READ;
  } else {
    for (int64_t i = 1; i < s->count; i++) {
      vev_t *e = vtl_add(t);
      if (!e)
        return -1;
      *e = s->pending[i - 1];
    }
  }
  s->count = 0;
  return 0;
}

/* Stretches are indexed by gid: gids are small and dense within a run. */
static stretch_t *stretch_of(stretch_t **v, size_t *n, int64_t gid) {
  if (gid < 0 || gid > 10000000)
    return NULL;
  if ((size_t)gid >= *n) {
    size_t want = (size_t)gid + 1 > *n * 2 ? (size_t)gid + 1 : *n * 2;
    stretch_t *g = realloc(*v, want * sizeof **v);
    if (!g)
      return NULL;
    memset(g + *n, 0, (want - *n) * sizeof *g);
    for (size_t i = *n; i < want; i++)
      g[i].gid = (int64_t)i;
    *v = g;
    *n = want;
  }
  return &(*v)[gid];
}

static int cmp_i64(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x > y) - (x < y);
}

/* Loads the races and, for traced runs, the seqs of their logged earlier
 * accesses, which must stay visible. */
static int load_races(vdb_t *v, vtl_t *t, int64_t **keep, size_t *nkeep) {
  int64_t n = vdb_int(v, "SELECT count(*) FROM races WHERE run_id=?1", 0, 0);
  if (n > MAX_RACES)
    n = MAX_RACES;
  t->races = calloc(n ? n : 1, sizeof *t->races);
  *keep = calloc(n ? n : 1, sizeof **keep);
  if (!t->races || !*keep)
    return -1;
  for (int64_t k = 0; k < n; k++) {
    vrace_t *r = &t->races[t->nraces];
    if (vtl_load_race(v, k + 1, r))
      return -1;
    t->nraces++;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(v->db,
                           "SELECT seq FROM events WHERE run_id=?1 AND gid=?2 "
                           "AND seq>=?3 AND seq<?4 AND site=?5 AND kind IN "
                           "(80, 81) ORDER BY seq LIMIT 1",
                           -1, &st, NULL) != SQLITE_OK)
      return -1;
    sqlite3_bind_int64(st, 1, v->run);
    sqlite3_bind_int64(st, 2, r->prev_gid);
    sqlite3_bind_int64(st, 3, r->prev_seq);
    sqlite3_bind_int64(st, 4, r->cur_seq);
    sqlite3_bind_int64(st, 5, r->prev_site);
    if (r->prev_seq && sqlite3_step(st) == SQLITE_ROW)
      (*keep)[(*nkeep)++] = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
  }
  qsort(*keep, *nkeep, sizeof **keep, cmp_i64);
  return 0;
}

/* Marks the race events red and adds the earlier accesses that the log
 * only knows from the races table. */
static int mark_races(vtl_t *t, const int64_t *keep, size_t nkeep) {
  for (size_t k = 0; k < t->nraces; k++) {
    const vrace_t *r = &t->races[k];
    long cur = vtl_find(t, r->cur_seq);
    if (cur >= 0) {
      t->ev[cur].flags |= VE_RACE;
      t->ev[cur].race_id = r->id;
    }
    long prev = -1;
    for (size_t i = 0; i < nkeep && prev < 0; i++) {
      long j = vtl_find(t, keep[i]);
      if (j >= 0 && t->ev[j].gid == r->prev_gid &&
          t->ev[j].site == r->prev_site && keep[i] >= r->prev_seq &&
          keep[i] < r->cur_seq)
        prev = j;
    }
    if (prev >= 0) {
      t->ev[prev].flags |= VE_PREV;
      t->ev[prev].race_id = r->id;
      continue;
    }
    vev_t *e = vtl_add(t);
    if (!e)
      return -1;
    e->gid = r->prev_gid;
    e->seq = r->prev_seq;
    e->sub = 1 + (int)k; /* several races may follow one event */
    e->site = r->prev_site;
    e->kind = strstr(r->prev_kind, "write") ? K_WRITE : K_READ;
    e->flags = VE_PREV;
    e->race_id = r->id;
  }
  return vtl_finish(t);
}

int vtl_whole(vdb_t *v, vtl_t *t) {
  int64_t *keep = NULL;
  size_t nkeep = 0;
  stretch_t *open = NULL;
  size_t nopen = 0;
  int rc = -1;
  sqlite3_stmt *st = NULL;
  int32_t *gid_of = NULL;
  size_t nseq = 0;
  t->compact_rows = 1;
  if (load_races(v, t, &keep, &nkeep))
    goto out;
  /* Every event's goroutine, for the arrows of folded synchronisation
   * (a run's seqs are dense, 1..N). */
  int64_t max_seq =
      vdb_int(v, "SELECT max(seq) FROM events WHERE run_id=?1", 0, 0);
  if (max_seq > 0 && max_seq < 100000000) {
    nseq = (size_t)max_seq + 1;
    gid_of = calloc(nseq, sizeof *gid_of);
    if (!gid_of)
      nseq = 0;
  }
  if (sqlite3_prepare_v2(v->db,
                         "SELECT " VTL_EVENT_COLS
                         " FROM events WHERE run_id=?1 ORDER BY seq",
                         -1, &st, NULL) != SQLITE_OK) {
    fprintf(stderr, "racelens %s: cannot read events: %s\n", v->cmd,
            sqlite3_errmsg(v->db));
    goto out;
  }
  sqlite3_bind_int64(st, 1, v->run);
  while (sqlite3_step(st) == SQLITE_ROW) {
    vev_t ev;
    memset(&ev, 0, sizeof ev);
    ev.mix = -1;
    ev.count = 1;
    vtl_read_event(st, &ev);
    if (ev.seq > 0 && (size_t)ev.seq < nseq)
      gid_of[ev.seq] = (int32_t)ev.gid;
    stretch_t *s = stretch_of(&open, &nopen, ev.gid);
    if (!s)
      goto out;
    int plain = (ev.kind == K_READ || ev.kind == K_WRITE) &&
                !bsearch(&ev.seq, keep, nkeep, sizeof *keep, cmp_i64);
    if (plain && s->count > 0) {
      if (s->count < FOLD_MIN)
        s->pending[s->count - 1] = ev;
      s->count++;
      s->reads += ev.kind == K_READ;
      s->writes += ev.kind == K_WRITE;
      s->mixed_sites |= ev.site != s->site;
      continue;
    }
    if (!plain && close_stretch(t, s))
      goto out;
    if (plain) {
      s->first = t->n;
      s->count = 1;
      s->reads = ev.kind == K_READ;
      s->writes = ev.kind == K_WRITE;
      s->site = ev.site;
      s->mixed_sites = 0;
    }
    vev_t *e = vtl_add(t);
    if (!e)
      goto out;
    *e = ev;
  }
  for (size_t i = 0; i < nopen; i++)
    if (close_stretch(t, &open[i]))
      goto out;
  if (vtl_finish(t) || mark_races(t, keep, nkeep) ||
      vtl_fold_busy(t, gid_of, nseq) || vtl_finish(t))
    goto out;
  rc = 0;
out:
  free(gid_of);
  sqlite3_finalize(st);
  free(keep);
  free(open);
  return rc;
}
