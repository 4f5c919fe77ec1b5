/*
 * Folding synchronisation for `diagram --all` (timeline.h).  A run that
 * locks a mutex 6,000 times is 12,000 boxes, which no one can read and dot
 * cannot lay out quickly.  What a student needs from the whole run is its
 * shape: who started whom, who synchronised with whom and how often, where
 * the race is.  So, past VTL_ALL_MAX_NODES, each lane keeps its first and
 * last few events, its goroutine lifecycle (go, start, exit, join) and the
 * racing accesses, and each run of other events between them becomes one
 * box ("… 3,000 events: 1,500 lock mu, 1,500 unlock mu").  The arrows of
 * the events inside a box become one arrow per pair of boxes, with a count.
 */
#include <stdlib.h>
#include <string.h>

#include "timeline.h"

#define KEEP_ENDS 3

static int important(const vev_t *e) {
  return (e->flags & (VE_RACE | VE_PREV)) || e->kind == K_GO ||
         e->kind == K_START || e->kind == K_EXIT || e->kind == K_JOIN;
}

static void tally(vmix_t *m, const vev_t *e) {
  int64_t n = e->flags & VE_FOLD ? e->count : 1;
  int64_t kind = e->flags & VE_FOLD ? (e->writes ? K_WRITE : K_READ) : e->kind;
  for (int i = 0; i < 2; i++) {
    if (m->count[i] && m->kind[i] == kind && m->obj[i] == e->obj) {
      m->count[i] += n;
      return;
    }
    if (!m->count[i]) {
      m->kind[i] = kind;
      m->obj[i] = e->obj;
      m->count[i] = n;
      return;
    }
  }
  m->other += n;
}

typedef struct span {
  int64_t first, last; /* seqs a node stands for */
  size_t node;         /* its index in the folded timeline */
} span_t;

typedef struct lane {
  int64_t gid;
  size_t total, seen;
  long open; /* index of the lane's open fold in the new array, or -1 */
  span_t *spans;
  size_t nspans;
} lane_t;

static lane_t *lane_of(lane_t *lanes, size_t n, int64_t gid) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (lanes[mid].gid < gid)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < n && lanes[lo].gid == gid ? &lanes[lo] : NULL;
}

/* The node of LANE that stands for event SEQ, or -1. */
static long node_at(const lane_t *l, int64_t seq) {
  size_t lo = 0, hi = l->nspans;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (l->spans[mid].last < seq)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo < l->nspans && l->spans[lo].first <= seq)
    return (long)l->spans[lo].node;
  return -1;
}

static int by_edge(const void *a, const void *b) {
  const vagg_t *x = a, *y = b;
  if (x->from != y->from)
    return x->from < y->from ? -1 : 1;
  return (x->to > y->to) - (x->to < y->to);
}

/* Counted arrows for every log edge that has a fold at either end. */
static int aggregate(vtl_t *t, const vev_t *old, size_t nold,
                     const size_t *new_of, lane_t *lanes, size_t nlanes,
                     const int32_t *gid_of, size_t nseq) {
  size_t cap = 0;
  for (size_t i = 0; i < nold; i++) {
    int64_t p = old[i].peer;
    if (p <= 0 || (size_t)p >= nseq || (old[i].flags & VE_FOLD))
      continue;
    lane_t *from_lane = lane_of(lanes, nlanes, gid_of[p]);
    long from = from_lane ? node_at(from_lane, p) : -1;
    size_t to = new_of[i];
    if (from < 0 || (size_t)from == to || gid_of[p] == old[i].gid)
      continue;
    /* Between two kept events the ordinary arrow is drawn already. */
    if (!(t->ev[from].flags & VE_FOLD) && !(t->ev[to].flags & VE_FOLD))
      continue;
    if (t->nagg == cap) {
      cap = cap ? cap * 2 : 256;
      vagg_t *a = realloc(t->agg, cap * sizeof *a);
      if (!a)
        return -1;
      t->agg = a;
    }
    t->agg[t->nagg++] = (vagg_t){(size_t)from, to, 1};
  }
  qsort(t->agg, t->nagg, sizeof *t->agg, by_edge);
  size_t k = 0;
  for (size_t i = 0; i < t->nagg; i++) {
    if (k && t->agg[k - 1].from == t->agg[i].from &&
        t->agg[k - 1].to == t->agg[i].to)
      t->agg[k - 1].count++;
    else
      t->agg[k++] = t->agg[i];
  }
  t->nagg = k;
  return 0;
}

static int fold(vtl_t *t, lane_t *lanes, size_t nlanes, const int32_t *gid_of,
                size_t nseq) {
  vev_t *old = t->ev;
  size_t nold = t->n;
  size_t *new_of = malloc((nold ? nold : 1) * sizeof *new_of);
  vev_t *ev = malloc((nold ? nold : 1) * sizeof *ev);
  size_t *first_of = malloc((nold ? nold : 1) * sizeof *first_of);
  if (!new_of || !ev || !first_of) {
    free(new_of);
    free(ev);
    free(first_of);
    return -1;
  }
  size_t n = 0;
  for (size_t i = 0; i < nold; i++) {
    const vev_t *e = &old[i];
    lane_t *l = lane_of(lanes, nlanes, e->gid);
    size_t pos = l->seen++;
    int keep = important(e) || pos < KEEP_ENDS || pos + KEEP_ENDS >= l->total;
    span_t *sp = NULL;
    if (!keep && l->open >= 0) {
      vev_t *f = &ev[l->open];
      f->count += e->flags & VE_FOLD ? e->count : 1;
      f->last_seq = e->seq;
      tally(&t->mixes[f->mix], e);
      l->spans[l->nspans - 1].last = e->seq;
      new_of[i] = (size_t)l->open;
      continue;
    }
    ev[n] = *e;
    first_of[n] = i;
    sp = &l->spans[l->nspans++];
    sp->first = sp->last = e->seq;
    sp->node = n;
    new_of[i] = n;
    if (keep) {
      l->open = -1;
    } else {
      vev_t *f = &ev[n];
      if (t->nmixes % 64 == 0) {
        vmix_t *m = realloc(t->mixes, (t->nmixes + 64) * sizeof *m);
        if (!m) {
          free(new_of);
          free(ev);
          free(first_of);
          return -1;
        }
        t->mixes = m;
      }
      f->mix = (int)t->nmixes++;
      memset(&t->mixes[f->mix], 0, sizeof(vmix_t));
      tally(&t->mixes[f->mix], e);
      f->count = e->flags & VE_FOLD ? e->count : 1;
      f->flags = VE_FOLD;
      f->last_seq = e->seq;
      f->peer = 0;
      f->site = 0;
      l->open = (long)n;
    }
    n++;
  }
  /* A "fold" of one event is just that event. */
  for (size_t k = 0; k < n; k++)
    if (ev[k].mix >= 0 && ev[k].count == 1)
      ev[k] = old[first_of[k]];
  free(first_of);
  t->ev = ev;
  t->n = n;
  t->cap = nold ? nold : 1;
  int rc = aggregate(t, old, nold, new_of, lanes, nlanes, gid_of, nseq);
  free(old);
  free(new_of);
  return rc;
}

int vtl_fold_busy(vtl_t *t, const int32_t *gid_of, size_t nseq) {
  if (t->n <= VTL_ALL_MAX_NODES)
    return 0;
  /* t->ev is sorted and t->lanes filled (vtl_finish ran). */
  lane_t *lanes = calloc(t->nlanes ? t->nlanes : 1, sizeof *lanes);
  if (!lanes)
    return -1;
  for (size_t i = 0; i < t->nlanes; i++) {
    lanes[i].gid = t->lanes[i];
    lanes[i].open = -1;
  }
  for (size_t i = 0; i < t->n; i++)
    lane_of(lanes, t->nlanes, t->ev[i].gid)->total++;
  int rc = 0;
  for (size_t i = 0; i < t->nlanes && !rc; i++) {
    lanes[i].spans = malloc((lanes[i].total + 1) * sizeof(span_t));
    rc = lanes[i].spans ? 0 : -1;
  }
  if (!rc)
    rc = fold(t, lanes, t->nlanes, gid_of, nseq);
  for (size_t i = 0; i < t->nlanes; i++)
    free(lanes[i].spans);
  free(lanes);
  return rc;
}
