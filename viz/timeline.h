/*
 * timeline: the nodes of a space-time diagram before they become a graph.
 *
 * Selecting what to draw (a window around one race, or the whole run with
 * plain accesses folded) is kept apart from drawing it, so the selection can
 * be tested on its own and the same drawing code serves both.  Nodes are
 * events of the log, plus three kinds of stand-in: a folded stretch of plain
 * accesses, a gap ("⋮ 37 events" left out of a window), and the earlier
 * racing access, which the log records only as races.prev_* when accesses
 * are not traced.
 */
#ifndef VIZ_TIMELINE_H
#define VIZ_TIMELINE_H

#include <stddef.h>
#include <stdint.h>

#include "vdb.h"

enum {
  VE_RACE = 1, /* the access that completed a race (red) */
  VE_PREV = 2, /* the earlier racing access (red) */
  VE_FOLD = 4, /* `count` plain accesses folded into one node */
  VE_GAP = 8,  /* `count` events of the lane left out */
};

/* Event kinds we draw differently (rt/events.def numbers). */
enum {
  K_GO = 1,
  K_START = 2,
  K_EXIT = 3,
  K_JOIN = 4,
  K_SEND = 11,
  K_SEND_DONE = 12,
  K_RECV = 13,
  K_RECV_CLOSED = 14,
  K_CLOSE = 15,
  K_WG_ADD = 30,
  K_SLEEP = 40,
  K_MALLOC = 70,
  K_FREE = 71,
  K_READ = 80,
  K_WRITE = 81,
  K_RACE = 90,
  K_BLOCK = 93,
};

typedef struct vev {
  int64_t seq, gid, kind, obj, site, peer, value, ptr_obj, aux, dur;
  int sub;   /* order among nodes sharing seq: prev access +1, gap -1 */
  int flags; /* VE_* */
  int64_t count, reads, writes; /* folds and gaps */
  int64_t race_id;              /* VE_RACE / VE_PREV */
  int64_t row;
  int64_t last_seq; /* VE_FOLD of synchronisation: the last event in it */
  int mix;          /* VE_FOLD of synchronisation: index into vtl_t.mixes,
                       else -1 */
} vev_t;

/* What a folded stretch of synchronisation consisted of: its two most
 * frequent (kind, object) pairs and how many events were something else. */
typedef struct vmix {
  int64_t kind[2], obj[2], count[2], other;
} vmix_t;

/* A happens-before arrow between nodes that stand for many events (folds):
 * `count` edges of the log from node `from` to node `to` (indices). */
typedef struct vagg {
  size_t from, to;
  int64_t count;
} vagg_t;

typedef struct vrace {
  int64_t id, cur_gid, cur_site, cur_seq, prev_gid, prev_site, prev_seq;
  char var[128], cur_kind[24], prev_kind[24];
} vrace_t;

typedef struct vtl {
  vev_t *ev;
  size_t n, cap;
  int64_t *lanes; /* gids, ascending */
  size_t nlanes;
  vrace_t *races; /* the races drawn */
  size_t nraces;
  int compact_rows; /* rows by causality, not one per event */
  vmix_t *mixes;
  size_t nmixes;
  vagg_t *agg; /* valid after vtl_fold_busy, for the final node order */
  size_t nagg;
} vtl_t;

vev_t *vtl_add(vtl_t *t);
void vtl_free(vtl_t *t);
/* Sorts nodes by (seq, sub), fills lanes and rows.  -1 on no memory. */
int vtl_finish(vtl_t *t);
/* The index of the node standing for event SEQ, or -1. */
long vtl_find(const vtl_t *t, int64_t seq);

/* Loads race K (1-based) of the run.  0, or -1 after one line. */
int vtl_load_race(vdb_t *v, int64_t k, vrace_t *r);
/* Loads the race with races.race_id ID.  0, or -1 after one line. */
int vtl_load_race_id(vdb_t *v, int64_t id, vrace_t *r);
/* The window around race R.  0, or -1 after one line. */
int vtl_window(vdb_t *v, const vrace_t *r, vtl_t *t);
/* The whole run, plain accesses folded.  0, or -1 after one line. */
int vtl_whole(vdb_t *v, vtl_t *t);

/* Past this many nodes, `--all` folds synchronisation too (fold_busy.c). */
#define VTL_ALL_MAX_NODES 400
/* Folds each lane's runs of ordinary synchronisation into one node per run
 * when the timeline has more than VTL_ALL_MAX_NODES nodes, keeping each
 * lane's first and last events, goroutine lifecycle and the races, and
 * turning the arrows into and out of folds into counted arrows (t->agg).
 * GID_OF[seq] is the goroutine of every event of the run (NSEQ entries).
 * 0, or -1 when out of memory. */
int vtl_fold_busy(vtl_t *t, const int32_t *gid_of, size_t nseq);

/* Reads one events row from a statement whose columns are
 * seq, gid, kind, obj, site, peer, value, ptr_obj, aux, dur_ns. */
#define VTL_EVENT_COLS                                                         \
  "seq, gid, kind, obj, site, peer, value, ptr_obj, aux, dur_ns"
struct sqlite3_stmt;
void vtl_read_event(struct sqlite3_stmt *st, vev_t *e);

#endif
