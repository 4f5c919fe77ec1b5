/*
 * rt/track.h -- the seam between the runtime (rt/core: goroutines, channels,
 * sync) and the detector (rt/detect), which in turn feeds the event log
 * (rt/log).
 *
 * Every runtime operation tells the tracking layer "goroutine G did
 * operation K on object O at site S, ordered after event E" through
 * rl_event(), and moves happens-before through vector clocks it owns
 * (rl_clock_t) or that the detector keeps by address (rl_clock_at).  The
 * runtime never sees a vector clock's inside, and the detector never needs
 * to know how a channel works: the Go memory model's rules become "acquire
 * this clock, release into that one" at the right points of rt/core.
 *
 * Cost when detection is off (a program built without the plugin): every
 * function here returns at once; rl_enabled lets hot paths skip the call.
 *
 * All functions are thread-safe and never block on I/O.
 */
#ifndef RL_TRACK_H
#define RL_TRACK_H

#include <stdbool.h>
#include <stdint.h>

#include "abi.h"

#ifdef __cplusplus
extern "C" {
#endif

enum rl_event_kind {
#define RL_EVENT(e, n, name) RL_EV_##e = n,
#include "events.def"
};

/* Kinds of object in the log (table objects). */
enum rl_obj_kind {
  RL_OBJ_CHAN = 1,
  RL_OBJ_MUTEX = 2,
  RL_OBJ_RWMUTEX = 3,
  RL_OBJ_WAITGROUP = 4,
  RL_OBJ_ONCE = 5,
  RL_OBJ_PTHREAD_MUTEX = 10,
  RL_OBJ_PTHREAD_RWLOCK = 11,
  RL_OBJ_PTHREAD_SPIN = 12,
  RL_OBJ_PTHREAD_COND = 13,
  RL_OBJ_PTHREAD_BARRIER = 14,
  RL_OBJ_PTHREAD_ONCE = 15,
  RL_OBJ_SEM = 16,
  RL_OBJ_FD = 17,     /* a pipe, socket pair or other descriptor */
  RL_OBJ_ATOMIC = 20, /* an address used atomically */
  RL_OBJ_HEAP = 30,   /* a heap block */
  RL_OBJ_GLOBAL = 31, /* a global variable */
};

/* Nonzero once an instrumented module registered (detection on).  Read-only
 * outside rt/detect. */
extern int rl_enabled;

/* Idempotent; every entry point may call it.  Sets up the main goroutine
 * (G1), the detector and the log. */
void rl_init(void);

/* ---- goroutines ---------------------------------------------------------
 * Ids are never reused within a run; main is 1.  They exist with detection
 * off too (goroutine_id()). */
uint32_t rl_gid(void); /* the calling goroutine's id */

/* Passed from parent to child.  Opaque to the runtime but for `gid`. */
typedef struct rl_spawn {
  uint32_t gid; /* the child's id, set by rl_go_begin */
  uint32_t parent;
  uint64_t go_seq; /* the parent's `go` event */
  void *state;     /* the child's detector state, prepared by parent */
} rl_spawn_t;

/* In the parent, before the child can run: assigns the child's id, logs the
 * go event (RL_EV_GO at `site`, naming `fn_name` when known) and hands the
 * parent's clock to the child.  `kind` is "goroutine" or "pthread". */
void rl_go_begin(rl_spawn_t *sp, const rl_site_t *site, const char *fn_name,
                 const char *kind);
/* First thing in the child (on whatever OS thread runs it, pooled or not):
 * makes sp's goroutine the current one, gives it clean shadow for its stack,
 * logs RL_EV_START with peer = the go event. */
void rl_thread_start(rl_spawn_t *sp);
/* Last thing in the child: logs RL_EV_EXIT, keeps the final clock for
 * joins, flushes per-goroutine state (access counts, log buffer).  The OS
 * thread may then run another goroutine. */
void rl_thread_exit(void);
/* Orders the calling goroutine after goroutine `gid`'s exit
 * (pthread_join).  Logs RL_EV_JOIN with peer = that exit. */
void rl_join(uint32_t gid, const rl_site_t *site);

/* ---- vector clocks held by sync objects --------------------------------- */
typedef struct rl_clock rl_clock_t;

/* A clock the caller owns (per channel slot, per waiting goroutine ...).
 * rl_clock_new returns NULL when detection is off; every function taking an
 * rl_clock_t * accepts NULL and then does nothing. */
rl_clock_t *rl_clock_new(void);
void rl_clock_free(rl_clock_t *c);
/* The clock the detector keeps for the object at `addr`, created on first
 * use (for mutex_t, waitgroup_t, pthread objects, atomics).  Dropped when
 * the heap block holding addr is freed. */
rl_clock_t *rl_clock_at(const void *addr);

/* The object id for `addr`, registering (and logging) the object on first
 * use.  size/cap/elem_size are as known (0 otherwise).  0 when off. */
uint64_t rl_object(const void *addr, enum rl_obj_kind kind,
                   const rl_site_t *site, uint64_t size, uint64_t cap,
                   uint64_t elem_size);

/* ---- events ------------------------------------------------------------- */
typedef struct rl_evinfo {
  uint16_t kind;         /* enum rl_event_kind */
  uint64_t obj;          /* rl_object() id, 0 for none */
  const rl_site_t *site; /* NULL when called without the plugin */
  rl_clock_t *acquire;   /* joined into the goroutine's clock first */
  rl_clock_t *release;   /* the goroutine's clock joined into it last */
  uint64_t peer;         /* the event that ordered this one; 0: take
                            acquire's last release (see rl_event) */
  uint64_t value;        /* first 8 bytes sent/received, wg delta, ms ... */
  uint64_t aux;          /* select case index, started gid, race id ... */
  uint64_t block_ns;     /* time spent blocked in the operation */
  const void *addr;      /* the object's address (naming it), NULL */
  bool nonblocking;      /* a lock taken by a trylock: held, but taking it
                            could not have waited (lock order) */
} rl_evinfo_t;

/* Records one event and moves happens-before in this order:
 *   1. acquire: goroutine clock := goroutine clock joined with e->acquire;
 *      the event's peer is e->peer, or else the seq of the event that last
 *      released into e->acquire;
 *   2. the event gets the next global sequence number and is logged;
 *   3. release: e->release := e->release joined with the goroutine clock,
 *      its "last release" becomes this event, and the goroutine's own
 *      component is incremented (a new epoch).
 * Returns the event's sequence number (0 when detection is off).
 * Call it where the operation takes effect: for a release, before anyone
 * can observe the operation; for an acquire, after observing it.  An
 * operation that must acquire from several clocks (rwmutex write lock)
 * calls rl_acquire for the others first. */
uint64_t rl_event(const rl_evinfo_t *e);
void rl_acquire(rl_clock_t *c);

/* Goroutine-state hints for deadlock reports in the log (optional). */
uint64_t rl_now_ns(void); /* monotonic, for block_ns */

/* ---- process end --------------------------------------------------------
 * rt/core owns the exit path: rt_init() (rt/core/rt.h, called by rl_init
 * and lazily by every API entry) registers an on_exit handler that lists
 * leaked goroutines and then calls rl_finish exactly once with the exit
 * status (main returned or exit() called); the
 * detector prints its summary, the log is completed, and the status may be
 * replaced (races found: 66, RACELENS_OPTIONS=exitcode=N).  Returns the
 * status the process must exit with. */
int rl_finish(int status);
/* Before an exec replaces the program: the summary, and the run ended as
 * "exec", since nothing after the exec runs this program's handlers.  The
 * detector stays on, and rl_finish still runs if the exec fails and the
 * program goes on (then unlogged: rt/detect/intercept_exec.c says so). */
void rl_finish_exec(void);
/* For abnormal ends the runtime itself diagnoses (panic, deadlock): logs
 * the event and the run's end, then the caller exits with `status`. */
void rl_fatal(uint16_t kind, const char *message, int status);

#ifdef __cplusplus
}
#endif

#endif /* RL_TRACK_H */
