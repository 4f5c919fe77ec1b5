/*
 * rt/log/log_int.h -- what the files of rt/log share: the record buffers
 * between the program's threads and the writer thread, and the writer's
 * state.
 *
 * Why per-thread chunks: a logging call must cost about as much as a
 * memcpy, so each thread appends tagged records to its own 64 KiB chunk
 * with no lock at all, and publishes how far it has written with one
 * atomic store.  A full chunk is pushed on a lock-free stack that the
 * writer drains; the push is the only point where threads meet.
 *
 * Why the published word packs the byte offset and the event count: a
 * fatal signal may stop a thread anywhere.  Whatever a single atomic load
 * of `pub` shows is a consistent "these bytes, holding these many events",
 * so the final drain writes exactly the events it counts, and never a
 * half-written record.
 *
 * Why chunks are recycled and never freed: at the end the writer also
 * reads the current chunk of every thread through pointers that may be a
 * moment stale (a thread stopped between pushing a full chunk and
 * installing the next).  Memory that stays a chunk keeps such pointers
 * harmless, and `done` (what the writer already wrote) makes writing any
 * range twice impossible.
 */
#ifndef RL_LOG_INT_H
#define RL_LOG_INT_H

#include <sqlite3.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "log.h"
#include "log_pack.h"

#define RL_CHUNK_BYTES (64 * 1024)

/* Record types in a chunk. */
enum rl_rec_type {
  RL_REC_SITES = 1,
  RL_REC_GOROUTINE,
  RL_REC_GOROUTINE_END,
  RL_REC_OBJECT,
  RL_REC_OBJECT_FREE,
  RL_REC_STACK_NODE,
  RL_REC_RACE,
  RL_REC_ACCESS_COUNTS,
};

/* Every record but an event (log_pack.h) starts with this, at an offset
 * that is a multiple of 8 (zero bytes pad up to it); `len` (header
 * included) is a multiple of 8 so the payload that follows is aligned.
 * The low byte of `type` is below RL_PK_EVENT, so the first byte of a
 * record says which of the two it is. */
typedef struct rl_rec_hdr {
  uint16_t type;
  uint16_t nstr; /* strings copied after the payload, NUL-terminated */
  uint32_t len;
} rl_rec_hdr_t;

/* The first of the strings after a record's payload of plen bytes (which
 * log_api.c pads to a multiple of 8). */
static inline const char *rl_rec_strings(const rl_rec_hdr_t *h, uint32_t plen) {
  return (const char *)(h + 1) + ((plen + 7u) & ~7u);
}

typedef struct rl_chunk {
  struct rl_chunk *next; /* queue / free list link */
  _Atomic uint64_t pub;  /* events << 32 | bytes, published by the owner */
  uint64_t done;         /* same packing: what the writer consumed */
  /* Records the writer reads in place (sites, races) that the owner has
   * begun, and those the writer has read: it walks a chunk's records only
   * when they differ, which is rare -- walking every event to find them
   * was a tenth of the writer's time. */
  _Atomic uint32_t in_place;
  uint32_t in_place_seen;
  char data[RL_CHUNK_BYTES];
} rl_chunk_t;

#define RL_PUB(events, bytes) (((uint64_t)(events) << 32) | (bytes))
#define RL_PUB_BYTES(p) ((uint32_t)((p)&0xffffffffu))
#define RL_PUB_EVENTS(p) ((uint32_t)((p) >> 32))

/* One per thread that logs; claimed on a thread's first record, released
 * when it flushes at exit, then reused.  Never freed. */
typedef struct rl_tbuf {
  struct rl_tbuf *next_all; /* registry, push-only */
  _Atomic int in_use;
  _Atomic int swapping; /* between pushing a chunk and the next */
  _Atomic(rl_chunk_t *) cur;
  uint32_t off, nev;    /* the owner's copy of cur->pub */
  rl_pack_state_t pack; /* the chunk's last event, reset with the chunk */
} rl_tbuf_t;

/* Binding a record's fields to a statement (writer and unpacking alike):
 * 0 means "none" for rl_bind_opt, stored as NULL so SQL reads it
 * naturally; strings are copied. */
static inline void rl_bind_u64(sqlite3_stmt *s, int i, uint64_t v) {
  sqlite3_bind_int64(s, i, (sqlite3_int64)v);
}
static inline void rl_bind_opt(sqlite3_stmt *s, int i, uint64_t v) {
  if (v)
    sqlite3_bind_int64(s, i, (sqlite3_int64)v);
}
static inline void rl_bind_str(sqlite3_stmt *s, int i, const char *str) {
  if (str)
    sqlite3_bind_text(s, i, str, -1, SQLITE_TRANSIENT);
}

/* ---- log_buf.c ---------------------------------------------------------- */
/* Room for `len` bytes in the calling thread's chunk (what the record may
 * take; rl_buf_commit says what it took), or NULL when the log no longer
 * accepts records. */
void *rl_buf_reserve(uint32_t len, rl_tbuf_t **tb_out);
/* Publishes the record reserved last; `is_event` counts it as an event.
 * Inline: it is on the path of every event. */
static inline void rl_buf_commit(rl_tbuf_t *tb, uint32_t len, bool is_event) {
  rl_chunk_t *c = atomic_load_explicit(&tb->cur, memory_order_relaxed);
  tb->off += len;
  tb->nev += is_event;
  atomic_store_explicit(&c->pub, RL_PUB(tb->nev, tb->off),
                        memory_order_release);
}
/* Before committing a record the writer reads in place: tells it to look. */
void rl_buf_note_in_place(rl_tbuf_t *tb);
/* Queue of full chunks: the writer takes all of them at once, oldest
 * first. */
rl_chunk_t *rl_buf_take_queue(void);
/* Returns the writer's written chunks to the free list (all of *list, or
 * none if the list's lock is busy). */
void rl_buf_recycle(rl_chunk_t **list);
rl_tbuf_t *rl_buf_registry(void);
void rl_buf_thread_flush(void);
/* Stop accepting records and wait (bounded) for threads in the middle of
 * handing over a chunk. */
void rl_buf_close(void);

/* ---- log_schema.c ------------------------------------------------------- */
#define RL_SCHEMA_VERSION 5
/* Opens `path`, sets WAL/busy handling, creates or checks the schema.
 * On failure returns NULL and fills `why` with the reason.  The connection
 * may not sync (see there) until its user sets synchronous=NORMAL. */
sqlite3 *rl_schema_open(const char *path, char *why, size_t whylen);
/* Runs `sql` retrying while another process holds the lock. */
int rl_sql_exec_retry(sqlite3 *db, const char *sql);
int rl_sql_begin(sqlite3 *db);
void rl_sql_sleep_ms(long ms);

/* ---- log_template.c ----------------------------------------------------- */
/* Makes `path`, which does not exist, an empty database of the current
 * schema; false when it did not (the file is then as it was). */
bool rl_schema_from_template(const char *path);

/* ---- log_writer.c ------------------------------------------------------- */
typedef struct rl_run_end {
  const char *status;
  int code;
  int signal;
  uint64_t races;
} rl_run_end_t;

/* Takes over checkpointing `db` (SQLite's own rule would have any commit
 * do it, the program's thread's included); before the run's first write. */
void rl_writer_watch_wal(sqlite3 *db);
/* Starts the writer thread on `db` for run `run_id`. */
int rl_writer_start(sqlite3 *db, int64_t run_id);
/* Asks the writer to drain everything, write the run's end and close the
 * database, and waits at most `timeout_ms` for it.  Async-signal-safe
 * (a semaphore post, atomics, nanosleep). */
bool rl_writer_finish(const rl_run_end_t *end, long timeout_ms);
/* A chunk was queued (sem_post: async-signal-safe). */
void rl_writer_wake(void);
/* Races marked first that went through the log (for signal ends, where the
 * detector cannot tell its count). */
uint64_t rl_writer_races_seen(void);
bool rl_writer_is_self(void);

/* ---- log_clock.c -------------------------------------------------------- */
/* Chooses the log's clock (rl_log_stamp, log.h); rl_log_init calls it. */
void rl_log_clock_init(void);
/* The log's clock and CLOCK_MONOTONIC, read at one instant. */
void rl_log_clock_reading(uint64_t *tick, uint64_t *ns);

/* ---- log_run.c ---------------------------------------------------------- */
extern _Atomic int rl_log_on; /* records accepted */
void rl_log_note_trace_truncated(void);
bool rl_log_trace_truncated(void);

/* rl_log_end with a bound on the wait for the writer (the signal path
 * waits less than a normal exit). */
void rl_log_end_within(const char *status, int code, int signal, uint64_t races,
                       long timeout_ms);

/* ---- log_signal.c ------------------------------------------------------- */
void rl_log_signals_install(void);

#endif /* RL_LOG_INT_H */
