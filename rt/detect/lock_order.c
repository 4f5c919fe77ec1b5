/*
 * rt/detect/lock_order.c -- potential deadlocks: locks taken in orders
 * that form a cycle.
 *
 * A goroutine that takes lock B while it holds lock A puts the edge
 * A -> B in a graph of lock objects.  An edge that closes a cycle (B
 * already leads to A) means that goroutines can each hold one lock of the
 * cycle and wait for the next one's forever: a deadlock this run escaped
 * by timing, and another run may not.  ThreadSanitizer reports these as
 * lock-order inversions; racelens reports each cycle once, when its last
 * edge appears, with where every lock of it was taken.
 *
 * What counts is a blocking acquisition of any lock type (mutex_t and
 * rwmutex_t, pthread mutexes, read-write locks and spinlocks, C11 mtx), a
 * read lock too.  A lock a trylock got is held -- what is taken after it
 * orders after it -- but taking it adds no edge: a trylock does not wait.
 * A goroutine's first RL_HELD_MAX held locks are followed.  A mutex that
 * another goroutine unlocked (Go allows it) stays in its locker's list
 * until the locker takes it again.
 *
 * The graph only grows -- object ids are never reused, so an edge stays
 * true -- under one lock.  A goroutine remembers the last pairs it put in,
 * so a loop that nests the same two locks takes that lock once.
 */
#include "lock_order.h"

#include <stdio.h>

#include "report.h"
#include "spin.h"

#define MAX_NODES 4096
#define MAX_EDGES 16384
#define MAX_CYCLE RL_LOCK_CYCLE_SHOWN

typedef struct node {
  uint64_t obj;
  int32_t first; /* its first edge out, -1 none */
  int32_t via;   /* the search: the edge it was reached by */
  uint32_t mark; /* the search: visited when equal to `search` */
} node_t;

typedef struct edge {
  int32_t from, to, next; /* next: from's following edge out */
  rl_lock_edge_t info;
} edge_t;

static rl_spin_t graph_lock;
static node_t nodes[MAX_NODES];
static int32_t nnodes;
static int32_t node_slot[2 * MAX_NODES]; /* obj -> node + 1, open addressing */
static edge_t edges[MAX_EDGES];
static int32_t nedges;
static int32_t edge_slot[2 * MAX_EDGES]; /* (from, to) -> edge + 1 */
static uint32_t search;
static int32_t todo[MAX_NODES];
static bool full_told;

static uint64_t mix(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  return x;
}

/* The node of obj, made when `make`; -1 when there is none (or no room). */
static int32_t node_of(uint64_t obj, bool make) {
  size_t n = 2 * MAX_NODES;
  for (size_t i = mix(obj) % n;; i = (i + 1) % n) {
    int32_t k = node_slot[i] - 1;
    if (k >= 0 && nodes[k].obj == obj)
      return k;
    if (k < 0) {
      if (!make || nnodes == MAX_NODES)
        return -1;
      nodes[nnodes] = (node_t){.obj = obj, .first = -1, .via = -1};
      node_slot[i] = nnodes + 1;
      return nnodes++;
    }
  }
}

/* The slot of edge from -> to: where it is, or where it would go. */
static size_t edge_at(int32_t from, int32_t to) {
  size_t n = 2 * MAX_EDGES;
  for (size_t i = mix(((uint64_t)(uint32_t)from << 32) | (uint32_t)to) % n;;
       i = (i + 1) % n) {
    int32_t k = edge_slot[i] - 1;
    if (k < 0 || (edges[k].from == from && edges[k].to == to))
      return i;
  }
}

/* Whether `to` leads to `from` through the graph; the path is left in the
 * nodes' `via`. */
static bool leads_to(int32_t to, int32_t from) {
  search++;
  int32_t n = 0;
  todo[n++] = to;
  nodes[to].mark = search;
  nodes[to].via = -1;
  while (n > 0) {
    int32_t x = todo[--n];
    if (x == from)
      return true;
    for (int32_t e = nodes[x].first; e >= 0; e = edges[e].next) {
      int32_t y = edges[e].to;
      if (nodes[y].mark == search)
        continue;
      nodes[y].mark = search;
      nodes[y].via = e;
      todo[n++] = y;
    }
  }
  return false;
}

/* Puts held -> took in the graph.  When it closes a cycle, copies the
 * cycle's edges to out, this one first, then in order round the cycle
 * (at most MAX_CYCLE), and returns the cycle's length; else 0. */
static size_t add_edge(const rl_lock_edge_t *info, rl_lock_edge_t *out) {
  static int32_t path[MAX_NODES];
  rl_spin_lock(&graph_lock);
  size_t len = 0;
  int32_t a = node_of(info->held.obj, true), b = node_of(info->took.obj, true);
  bool room = a >= 0 && b >= 0 && nedges < MAX_EDGES;
  size_t at = room ? edge_at(a, b) : 0;
  if (room && edge_slot[at] == 0) {
    if (leads_to(b, a)) {
      size_t k = 0; /* the path from b to a, read backwards from a */
      for (int32_t x = a; nodes[x].via >= 0; x = edges[nodes[x].via].from)
        path[k++] = nodes[x].via;
      out[0] = *info;
      len = 1 + k;
      for (size_t i = 1; i < len && i < MAX_CYCLE; i++)
        out[i] = edges[path[k - i]].info;
    }
    edges[nedges] =
        (edge_t){.from = a, .to = b, .next = nodes[a].first, .info = *info};
    nodes[a].first = nedges;
    edge_slot[at] = ++nedges;
  }
  bool tell = !room && !full_told;
  if (tell)
    full_told = true;
  rl_spin_unlock(&graph_lock);
  if (tell)
    fprintf(stderr, "racelens: too many locks to follow their order; "
                    "lock orders from here on are not checked\n");
  return len;
}

/* Whether t put held -> took in the graph lately, remembering it if not. */
static bool seen(rl_thread_t *t, uint64_t held, uint64_t took) {
  for (unsigned i = 0; i < t->nseen; i++)
    if (t->seen[i][0] == held && t->seen[i][1] == took)
      return true;
  unsigned n = t->nseen < RL_SEEN_PAIRS ? t->nseen++ : RL_SEEN_PAIRS - 1;
  for (unsigned i = n; i > 0; i--) {
    t->seen[i][0] = t->seen[i - 1][0];
    t->seen[i][1] = t->seen[i - 1][1];
  }
  t->seen[0][0] = held;
  t->seen[0][1] = took;
  return false;
}

static void drop(rl_thread_t *t, uint64_t obj) {
  for (unsigned i = t->nheld; i-- > 0;)
    if (t->held[i].obj == obj) {
      for (unsigned j = i + 1; j < t->nheld; j++)
        t->held[j - 1] = t->held[j];
      t->nheld--;
      return;
    }
}

static void taken(rl_thread_t *t, const rl_evinfo_t *e) {
  rl_held_t took = {.obj = e->obj,
                    .addr = e->addr,
                    .site = e->site ? e->site->id : 0,
                    .stack = t->node};
  drop(t, e->obj); /* still listed: another goroutine unlocked it */
  for (unsigned i = 0; i < t->nheld && !e->nonblocking; i++) {
    if (seen(t, t->held[i].obj, e->obj))
      continue;
    rl_lock_edge_t cycle[MAX_CYCLE];
    rl_lock_edge_t info = {.gid = t->gid, .held = t->held[i], .took = took};
    size_t n = add_edge(&info, cycle);
    if (n)
      rl_report_lock_cycle(t, cycle, n < MAX_CYCLE ? n : MAX_CYCLE, n);
  }
  if (t->nheld < RL_HELD_MAX)
    t->held[t->nheld++] = took;
}

void rl_lock_order_event(rl_thread_t *t, const rl_evinfo_t *e) {
  if (!e->obj)
    return;
  switch (e->kind) {
  case RL_EV_MUTEX_LOCK:
  case RL_EV_RLOCK:
  case RL_EV_SPIN_LOCK:
    taken(t, e);
    break;
  default:
    drop(t, e->obj);
  }
}
