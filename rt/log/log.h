/*
 * rt/log/log.h -- the event log: what the detector (rt/detect) and the
 * runtime hand to the SQLite database described in docs/schema.md.
 *
 * Every function copies its record into the calling thread's buffer (an
 * event packed to a few bytes, log_pack.h) and returns; a background
 * writer thread stores the buffers in SQLite, a transaction per megabyte.
 * No caller ever waits on SQLite, and no record
 * accepted here is lost: buffers are drained at exit, on fatal signals and
 * on the runtime's own fatal errors (rl_log_end).
 *
 * Strings passed in are copied, but for the site tables', which live in
 * the program's data and which the writer reads there.
 *
 * With RACELENS_DB=off, or when the database cannot be opened (one line on
 * stderr says why), every function is a cheap no-op and the program runs
 * on with detection and terminal reports intact.
 */
#ifndef RL_LOG_H
#define RL_LOG_H

#include <stdbool.h>
#include <stdint.h>

#include "../abi.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Opens the database (RACELENS_DB, default ./racelens.db), creates or
 * checks the schema, inserts the run row (program, argv, pid, cwd, start),
 * starts the writer and installs the fatal-signal handlers.  Idempotent. */
void rl_log_init(void);
/* True when events are being recorded. */
bool rl_log_active(void);
/* RACELENS_TRACE=all: also log every access (kinds READ/WRITE) until the
 * limit (RACELENS_TRACE_LIMIT, default 10,000,000); the first access over
 * the limit returns false from rl_log_trace_ok() forever after, and the run
 * is marked trace_truncated (and one line on stderr says so). */
bool rl_log_tracing(void);
bool rl_log_trace_ok(void);

/* An event's timestamp (rl_log_event_t.ts), 0 when no events are being
 * recorded: the log's clock, cheaper to read than CLOCK_MONOTONIC where
 * the CPU allows (TSC ticks); the database holds nanoseconds of
 * CLOCK_MONOTONIC (log_clock.c says how). */
uint64_t rl_log_stamp(void);

/* Static tables of a module (strings are static). */
void rl_log_sites(const rl_site_t *sites, uint32_t n);

typedef struct rl_log_goroutine {
  uint32_t gid;
  uint32_t parent;        /* 0 for main */
  const char *start_func; /* copied; NULL unknown */
  const char *kind;       /* "main", "goroutine", "pthread"; copied */
  uint32_t create_site;   /* site id of the go/pthread_create call, 0 */
  uint32_t create_stack;  /* stack node of the creator at that call, 0 */
  uint64_t go_seq;        /* the parent's go event, 0 for main */
  uint64_t start_ns;      /* rl_now_ns() */
} rl_log_goroutine_t;
void rl_log_goroutine(const rl_log_goroutine_t *g);
void rl_log_goroutine_end(uint32_t gid, uint64_t exit_seq, uint64_t end_ns);

typedef struct rl_log_object {
  uint64_t obj_id;
  uint16_t kind; /* enum rl_obj_kind (rt/track.h) */
  uint64_t addr;
  const char *name;   /* copied; variable name when known */
  uint64_t size;      /* heap blocks and globals: bytes */
  uint64_t cap;       /* channels */
  uint64_t elem_size; /* channels */
  uint32_t site;      /* creation / allocation / definition site, 0 */
  uint32_t gid;       /* creator */
  uint32_t stack;     /* creator's stack node */
  uint64_t seq;       /* creation event, 0 */
  const char *file;   /* globals: definition file; copied */
  uint32_t line;      /* globals: definition line */
} rl_log_object_t;
void rl_log_object(const rl_log_object_t *o);
void rl_log_object_free(uint64_t obj_id, uint64_t free_seq);

/* One node of the call-stack trie: a stack is the node of its innermost
 * frame; frames are read by walking parents (view stack_frames). */
void rl_log_stack_node(uint32_t node, uint32_t parent, uint32_t fn_site,
                       uint32_t call_site);

typedef struct rl_log_event {
  uint64_t seq; /* global order, from the detector */
  uint32_t gid;
  uint32_t kind;  /* enum rl_event_kind (32 bits: callers store it just
                     before the log reads it, and a load wider than the
                     store would wait for the store to reach the cache) */
  uint32_t site;  /* 0 unknown */
  uint32_t stack; /* stack node, 0 unknown */
  uint64_t obj;
  uint64_t peer; /* seq of the ordering event, 0 none */
  uint64_t value;
  uint64_t ptr_obj; /* heap block the value points into, 0 */
  uint64_t aux;
  uint64_t clock;  /* the goroutine's own clock component at the event */
  uint64_t ts;     /* rl_log_stamp() when it happened */
  uint64_t dur_ns; /* time blocked */
} rl_log_event_t;
void rl_log_event(const rl_log_event_t *e);

typedef struct rl_log_access {
  uint32_t gid;
  uint32_t site;
  uint32_t stack;
  uint16_t kind; /* enum rl_site_kind of the access */
  uint16_t size;
  uint64_t clock; /* the goroutine's clock component at the access */
  uint64_t seq;   /* an event seq for it, if it has one, else 0 */
} rl_log_access_t;

typedef struct rl_log_race {
  uint64_t race_id; /* 1, 2, ... in order of detection */
  uint64_t addr;
  uint64_t size;       /* bytes overlapping */
  uint64_t obj;        /* heap block / global containing addr, 0 */
  const char *var;     /* copied: "global `counter`", "heap block of 40
                          bytes", "local `x` of main" ... */
  rl_log_access_t cur; /* the access that found the race (seq = its RACE
                          event) */
  rl_log_access_t prev;
  bool first; /* first race on this pair of sites (printed) */
} rl_log_race_t;
void rl_log_race(const rl_log_race_t *r);

/* Per goroutine x site access counts, sent when a goroutine exits and at
 * the end of the run for those still running. */
void rl_log_access_counts(uint32_t gid, uint32_t site, uint64_t reads,
                          uint64_t writes, uint64_t atomics);

/* Gives the calling thread's buffer back, partly filled, for the next
 * thread that logs to go on filling (the writer takes a buffer's chunk
 * when it is full, and every chunk at the end).  The detector calls it
 * from rl_thread_exit, after the thread's last rl_log_* call. */
void rl_log_thread_flush(void);

/* The end of the run: drains every buffer, writes the run row's end
 * (status "exited" | "panic" | "deadlock" | "signal", code, signal number,
 * events counted, races) and closes the database.  Safe to call from a
 * fatal-signal handler's context; idempotent. */
void rl_log_end(const char *status, int code, int signal, uint64_t races);

#ifdef __cplusplus
}
#endif

#endif /* RL_LOG_H */
