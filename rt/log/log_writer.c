/*
 * rt/log/log_writer.c -- the background thread that stores the threads'
 * chunks of records in the database, as packs (log_pack.h).
 *
 * It is the only thread that touches the database after rl_log_init, so
 * nothing here needs a lock, and a dying process never has to take a lock
 * the writer might hold: the end of the run (normal or from a signal
 * handler) is a request -- a flag and a sem_post, both async-signal-safe
 * -- that the writer carries out while the requester waits with a
 * timeout.
 *
 * A pack is a row of up to a chunk's bytes, written in the transaction
 * of the chunks it holds; a chunk goes back to the threads once its bytes
 * are copied into the pack.  The rows of the schema are made from the packs
 * later, by `racelens` (log_unpack.c): the program pays for writing bytes,
 * not for SQLite's B-trees.  The writer makes only the rows that cannot
 * wait: the run's own, the sites (their table is in the program's memory)
 * and the races (see look_at).
 * When a write fails for lack of space the writer says so once and from
 * then on only counts, so the program runs on and the run's row can still
 * say it is incomplete.
 */
#define _GNU_SOURCE /* pthread_setname_np */
#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "../track.h"
#include "log_int.h"
#include "log_rec.h"

enum { ST_SITE, ST_RACE, ST_PACK, ST_N };

/* Columns named: a program that runs while a newer racelens adds a column
 * to a table of the same file (schema upgrades do, in place) goes on
 * writing rows, where a bare VALUES list would stop matching. */
static const char *const stmt_sql[ST_N] = {
    [ST_SITE] = ("INSERT OR IGNORE INTO sites(run_id, site_id, kind, size,"
                 " mem_order, file, line, col, func, expr, callee, target)"
                 " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)"),
    [ST_RACE] = ("INSERT OR REPLACE INTO races(run_id, race_id, addr, size,"
                 " obj, var, first, cur_gid, cur_site, cur_stack, cur_kind,"
                 " cur_size, cur_clock, cur_seq, prev_gid, prev_site,"
                 " prev_stack, prev_kind, prev_size, prev_clock, prev_seq)"
                 " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,"
                 "?16,?17,?18,?19,?20,?21)"),
    [ST_PACK] = ("INSERT INTO event_packs(run_id, pack_id, events, data, tick,"
                 " ns, format) VALUES(?1,?2,?3,?4,?5,?6,?7)"),
};

static sqlite3 *db;
static int64_t run_id;
static sqlite3_stmt *st[ST_N];
static pthread_t writer;
static sem_t wake;
static _Atomic int end_claimed, finish_req, finished, started;
static rl_run_end_t end_req;
static char end_status[16];

static bool in_tx, failed;
static uint64_t accepted, written, pending_written;
static _Atomic uint64_t races_first;

/* The pack being filled: segments of the chunks consumed since the last
 * one went in (log_pack.h).  A pack is one row, and SQLite builds a row in
 * memory it allocates for the insert and frees after: at a megabyte a
 * row, that memory came from mmap and went back with munmap, every pack,
 * and its page faults were a fifth of the writer's time.  Under glibc's
 * threshold for mapping (128 KiB) the same heap memory serves every
 * insert.  So a pack holds at most a chunk's worth: a full chunk is one
 * pack. */
#define RL_PACK_BYTES (RL_CHUNK_BYTES + RL_PACK_SEGMENT_HEADER)
static uint8_t *pack;
static size_t pack_len, pack_cap;
static uint64_t pack_events, pack_id;
static size_t tx_bytes; /* bytes consumed since the last commit */

void rl_writer_wake(void) {
  if (atomic_load_explicit(&started, memory_order_relaxed))
    sem_post(&wake);
}

uint64_t rl_writer_races_seen(void) {
  return atomic_load(&races_first);
}

bool rl_writer_is_self(void) {
  return atomic_load(&started) && pthread_equal(pthread_self(), writer);
}

/* Disk full, I/O error, read-only: stop writing, say so once. */
static void fail(int rc) {
  if (failed)
    return;
  failed = true;
  int e = sqlite3_system_errno(db);
  fprintf(stderr,
          "racelens: writing the event log failed: %s%s%s%s; the rest of run"
          " %lld is not logged\n",
          sqlite3_errstr(rc), e ? " (" : "", e ? strerror(e) : "", e ? ")" : "",
          (long long)run_id);
  if (in_tx)
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
  in_tx = false;
  pending_written = 0;
  pack_len = 0;
  pack_events = 0;
}

static void put_pack(void);

static void commit(void) {
  if (!in_tx)
    return;
  put_pack();
  if (failed)
    return;
  int rc = rl_sql_exec_retry(db, "COMMIT");
  if (rc != SQLITE_OK) {
    fail(rc);
    return;
  }
  in_tx = false;
  written += pending_written;
  pending_written = 0;
}

/* Statements whose every parameter is bound on each row (events, the hot
 * one) skip clearing the bindings. */
static bool step_bound(sqlite3_stmt *s, bool all_bound) {
  int rc = sqlite3_step(s);
  bool ok = rc == SQLITE_DONE;
  if ((rc & 0xff) == SQLITE_CONSTRAINT) {
    static bool told;
    if (!told)
      fprintf(stderr, "racelens: event log: %s (row skipped)\n",
              sqlite3_errmsg(db));
    told = true;
  } else if (!ok) {
    fail(rc); /* before the reset: it clears the system errno */
  }
  sqlite3_reset(s);
  if (!all_bound)
    sqlite3_clear_bindings(s);
  return ok;
}

static bool step(sqlite3_stmt *s) {
  return step_bound(s, false);
}

static const char *site_kind_name(unsigned k) {
  static const char *const names[] = {
      NULL,          "read",         "write",      "read_range", "write_range",
      "atomic_load", "atomic_store", "atomic_rmw", "atomic_cas", "fence",
      "call",        "func",         "callsite"};
  return k < sizeof names / sizeof *names && names[k] ? names[k] : "unknown";
}

static const char *order_name(unsigned o) {
  static const char *const names[] = {"relaxed", "consume", "acquire",
                                      "release", "acq_rel", "seq_cst"};
  return o < 6 ? names[o] : NULL;
}

/* How a racing access reads in a report (docs/schema.md, races). */
static const char *access_kind_name(unsigned k) {
  switch (k) {
  case RL_SITE_READ:
  case RL_SITE_READ_RANGE:
    return "read";
  case RL_SITE_WRITE:
  case RL_SITE_WRITE_RANGE:
    return "write";
  case RL_SITE_ATOMIC_LOAD:
    return "atomic read";
  case RL_SITE_ATOMIC_STORE:
  case RL_SITE_ATOMIC_RMW:
  case RL_SITE_ATOMIC_CAS:
    return "atomic write";
  case RL_SITE_CALL:
    return "free";
  default:
    return NULL;
  }
}

static void put_sites(const rl_rec_sites_t *r) {
  sqlite3_stmt *s = st[ST_SITE];
  for (uint32_t i = 0; i < r->n && !failed; i++) {
    const rl_site_t *x = &r->sites[i];
    sqlite3_bind_int64(s, 1, run_id);
    sqlite3_bind_int64(s, 2, x->id);
    rl_bind_str(s, 3, site_kind_name(x->kind));
    if (x->size)
      sqlite3_bind_int(s, 4, x->size);
    if (x->kind >= RL_SITE_ATOMIC_LOAD && x->kind <= RL_SITE_FENCE)
      rl_bind_str(s, 5, order_name(x->order));
    rl_bind_str(s, 6, x->file);
    rl_bind_opt(s, 7, x->line);
    rl_bind_opt(s, 8, x->col);
    rl_bind_str(s, 9, x->func);
    rl_bind_str(s, 10, x->expr);
    rl_bind_str(s, 11, x->callee);
    rl_bind_str(s, 12, x->target);
    step(s);
  }
}

/* The pack so far becomes a row of event_packs. */
static void put_pack(void) {
  if (pack_len == 0 || failed)
    return;
  sqlite3_stmt *s = st[ST_PACK];
  sqlite3_bind_int64(s, 1, run_id);
  rl_bind_u64(s, 2, ++pack_id);
  rl_bind_u64(s, 3, pack_events);
  sqlite3_bind_blob(s, 4, pack, (int)pack_len, SQLITE_STATIC);
  uint64_t tick, ns; /* for turning the events' ticks into time */
  rl_log_clock_reading(&tick, &ns);
  rl_bind_u64(s, 5, tick);
  rl_bind_u64(s, 6, ns);
  sqlite3_bind_int(s, 7, RL_PACK_FORMAT);
  if (step_bound(s, true))
    pending_written += pack_events;
  pack_len = 0;
  pack_events = 0;
}

/* Room for n more bytes in the pack; false when memory ran out (the
 * events are then counted and not written: the run says incomplete). */
static bool pack_room(size_t n) {
  if (pack_len + n <= pack_cap)
    return true;
  size_t cap = pack_cap ? pack_cap : RL_PACK_BYTES;
  while (cap < pack_len + n)
    cap *= 2;
  uint8_t *p = realloc(pack, cap);
  if (!p)
    return false;
  pack = p;
  pack_cap = cap;
  return true;
}

static void put_access(sqlite3_stmt *s, int i, const rl_log_access_t *a,
                       bool with_seq) {
  rl_bind_u64(s, i, a->gid);
  rl_bind_opt(s, i + 1, a->site);
  rl_bind_opt(s, i + 2, a->stack);
  rl_bind_str(s, i + 3, access_kind_name(a->kind));
  rl_bind_u64(s, i + 4, a->size);
  rl_bind_u64(s, i + 5, a->clock);
  if (with_seq)
    rl_bind_opt(s, i + 6, a->seq);
}

static void put_race(const rl_log_race_t *r) {
  sqlite3_stmt *s = st[ST_RACE];
  sqlite3_bind_int64(s, 1, run_id);
  rl_bind_u64(s, 2, r->race_id);
  rl_bind_u64(s, 3, r->addr);
  rl_bind_u64(s, 4, r->size);
  rl_bind_opt(s, 5, r->obj);
  rl_bind_str(s, 6, r->var);
  sqlite3_bind_int(s, 7, r->first);
  put_access(s, 8, &r->cur, true);
  put_access(s, 15, &r->prev, true);
  step(s);
  if (r->first)
    atomic_fetch_add(&races_first, 1);
}

/* The records that become rows at once: the module's site table, which
 * lives in the program's memory (a pack could not hold it), and races,
 * which few runs have many of and every user looks for first (view
 * race_list works on a database fresh from a run). */
static void look_at(const rl_rec_hdr_t *h) {
  if (h->type == RL_REC_SITES) {
    rl_rec_sites_t r;
    memcpy(&r, h + 1, sizeof r);
    put_sites(&r);
  } else if (h->type == RL_REC_RACE) {
    rl_log_race_t r;
    memcpy(&r, h + 1, sizeof r);
    if (r.var)
      r.var = rl_rec_strings(h, sizeof r);
    put_race(&r);
  }
}

/* Stores what `c` published since the writer last looked at it as one
 * segment of the pack (log_pack.h).  Events are differences from the
 * chunk's earlier ones, so a segment that continues a chunk starts at the
 * chunk's start, skipping what an earlier segment holds (only at the very
 * end of a run does the writer come back to a chunk it has read part
 * of). */
static void consume(rl_chunk_t *c) {
  uint64_t pub = atomic_load_explicit(&c->pub, memory_order_acquire);
  uint32_t from = RL_PUB_BYTES(c->done), to = RL_PUB_BYTES(pub);
  if (to <= from)
    return;
  uint32_t before = RL_PUB_EVENTS(c->done); /* events an earlier one has */
  uint32_t fresh = RL_PUB_EVENTS(pub) - before;
  accepted += fresh;
  c->done = pub;
  if (failed)
    return;
  if (!in_tx) {
    int rc = rl_sql_begin(db);
    if (rc != SQLITE_OK) {
      fail(rc);
      return;
    }
    in_tx = true;
  }
  uint32_t in_place = atomic_load_explicit(&c->in_place, memory_order_relaxed);
  for (uint32_t off = from;
       off < to && in_place != c->in_place_seen && !failed;) {
    const uint8_t *b = (const uint8_t *)c->data + off;
    if (*b == 0) {
      off++;
    } else if (*b & RL_PK_EVENT) {
      size_t len = rl_pack_event_length(b, to - off);
      off = len ? off + (uint32_t)len : to; /* never cut: it was published */
    } else if (*b & RL_PK_RECORD) {
      off += (uint32_t)(b[1] | b[2] << 8);
    } else {
      look_at((const rl_rec_hdr_t *)b);
      c->in_place_seen++;
      off += ((const rl_rec_hdr_t *)b)->len;
    }
  }
  uint32_t start = before ? 0 : from;
  if (pack_len + RL_PACK_SEGMENT_HEADER + (to - start) > RL_PACK_BYTES)
    put_pack();
  if (failed || !pack_room(RL_PACK_SEGMENT_HEADER + to - start))
    return; /* counted, not written: the run says it is incomplete */
  rl_pack_segment_header(pack + pack_len, from - start, to - start);
  pack_len += RL_PACK_SEGMENT_HEADER;
  memcpy(pack + pack_len, c->data + start, to - start);
  pack_len += to - start;
  tx_bytes += to - start;
  pack_events += fresh;
}

static void drain_queue(void) {
  rl_chunk_t *c = rl_buf_take_queue();
  while (c) {
    rl_chunk_t *next = c->next;
    consume(c);
    c = next;
  }
}

/* A transaction holds about a megabyte, sixteen packs: committing per
 * chunk cost a commit every few thousand events (a third of the writer's
 * time on a channel-heavy program). */
#define RL_TX_BYTES (1024 * 1024)

static void commit_tx(void) {
  commit();
  tx_bytes = 0;
}

/* A chunk goes back to the free list as soon as its bytes are in the pack:
 * from then on the pack is what the end of the run (a crash's included)
 * commits.  Keeping chunks until their COMMIT held up to 8 MiB of them,
 * and a program that logs hard paid a page fault for every 4 KiB of
 * that.  What the free list's lock keeps back waits here for the next
 * try. */
static rl_chunk_t *consumed;

static void drain_and_recycle(void) {
  rl_chunk_t *list = rl_buf_take_queue();
  while (list) {
    rl_chunk_t *c = list;
    list = c->next;
    consume(c);
    c->next = consumed;
    consumed = c;
    if (tx_bytes >= RL_TX_BYTES || failed)
      commit_tx();
  }
  rl_buf_recycle(&consumed);
}

static void finish_run(void) {
  /* Chunks queued before the close, then what every thread published in
   * the chunk it was still filling, then anything pushed meanwhile. */
  drain_queue();
  for (rl_tbuf_t *t = rl_buf_registry(); t; t = t->next_all) {
    rl_chunk_t *c = atomic_load_explicit(&t->cur, memory_order_acquire);
    if (c)
      consume(c);
  }
  drain_queue();
  commit();

  struct timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  sqlite3_stmt *s = NULL;
  int rc = rl_sql_begin(db);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2(
        db,
        "UPDATE runs SET end_ns=?2, status=?3, exit_code=?4, signal=?5,"
        " complete=?6, events_counted=?7, events_written=?8, races=?9,"
        " trace_truncated=?10 WHERE run_id=?1",
        -1, &s, NULL);
  if (rc == SQLITE_OK) {
    sqlite3_bind_int64(s, 1, run_id);
    sqlite3_bind_int64(s, 2,
                       (sqlite3_int64)now.tv_sec * 1000000000 + now.tv_nsec);
    sqlite3_bind_text(s, 3, end_status, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 4, end_req.code);
    if (end_req.signal)
      sqlite3_bind_int(s, 5, end_req.signal);
    sqlite3_bind_int(s, 6, !failed && written == accepted);
    rl_bind_u64(s, 7, accepted);
    rl_bind_u64(s, 8, written);
    rl_bind_u64(s, 9, end_req.races);
    sqlite3_bind_int(s, 10, rl_log_trace_truncated());
    rc = sqlite3_step(s) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(db);
    sqlite3_finalize(s);
  }
  if (rc == SQLITE_OK)
    rc = rl_sql_exec_retry(db, "COMMIT");
  if (rc != SQLITE_OK) {
    if (!failed)
      fprintf(stderr, "racelens: cannot record the end of run %lld: %s\n",
              (long long)run_id, sqlite3_errmsg(db));
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
  }
  for (int i = 0; i < ST_N; i++)
    sqlite3_finalize(st[i]);
  sqlite3_close(db);
  db = NULL;
}

/* Waits for chunks; with a transaction open, only so long: what is in it
 * then goes in (a reader of a run in progress sees it, a SIGKILL does
 * not lose it). */
static void wait_for_chunks(void) {
  if (!in_tx) {
    while (sem_wait(&wake) == -1)
      ;
    return;
  }
  struct timespec until;
  clock_gettime(CLOCK_REALTIME, &until);
  until.tv_nsec += 20 * 1000000L;
  if (until.tv_nsec >= 1000000000L) {
    until.tv_sec++;
    until.tv_nsec -= 1000000000L;
  }
  int r;
  while ((r = sem_timedwait(&wake, &until)) == -1 && errno == EINTR)
    ;
  if (r == -1)
    commit_tx();
}

/* A run only appends to the write-ahead log: copying it into the main
 * file (a checkpoint) writes every byte a second time, and syncs, which a
 * program that logs hard would feel.  So a run leaves it to whoever next
 * writes the file -- `racelens` unpacking the run, whose connection
 * checkpoints when it is done -- and the log grows from run to run while
 * nobody reads them.  It must not grow without end, and the first
 * connection to open a file reads all of it (about 0.4 ms a megabyte
 * here, in rl_log_init, before the program runs).  So when a run starts
 * on a log of RL_WAL_START_PAGES or more, the writer checkpoints it in
 * the background while the program runs -- a small threshold, as every
 * byte is copied once whatever it is, and only the read is in the
 * program's way -- and a run that alone grows it past RL_WAL_RUN_PAGES
 * checkpoints then.  Never in the program's thread: with SQLite's own
 * rule (any commit past 1,000 pages), the run row's commit in
 * rl_log_init did it, and every third run of a program logging 6 MB
 * started 30-40 ms late. */
#define RL_WAL_START_PAGES 256       /* 4 MiB of 16 KiB pages */
#define RL_WAL_START_BYTES (4 << 20) /* a log that starts over is cut to it */
#define RL_WAL_RUN_PAGES 4096        /* 64 MiB */

static _Atomic int wal_pages; /* in the log after the last commit */

static int watch_wal(void *arg, sqlite3 *d, const char *name, int pages) {
  (void)arg;
  atomic_store(&wal_pages, pages);
  if (pages >= RL_WAL_RUN_PAGES && rl_writer_is_self())
    sqlite3_wal_checkpoint_v2(d, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
  return SQLITE_OK;
}

void rl_writer_watch_wal(sqlite3 *d) {
  sqlite3_wal_hook(d, watch_wal, NULL);
}

static void *writer_main(void *arg) {
  (void)arg;
  /* Named for top, gdb and perf: not one of the program's threads. */
  pthread_setname_np(pthread_self(), "racelens-log");
  if (atomic_load(&wal_pages) >= RL_WAL_START_PAGES)
    sqlite3_wal_checkpoint_v2(db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
  for (;;) {
    wait_for_chunks();
    if (atomic_load(&finish_req))
      break;
    drain_and_recycle();
  }
  finish_run();
  atomic_store(&finished, 1);
  syscall(SYS_futex, (int *)&finished, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL,
          0);
  return NULL;
}

int rl_writer_start(sqlite3 *d, int64_t id) {
  db = d;
  run_id = id;
  /* The writer only appends: packs, whose pages pass through the
   * cache once and are never read again, and a few rows of sites and
   * races.  SQLite's default cache (2 MB) would only cost a page fault
   * for each of its pages; a small one spills a long transaction's pages
   * to the write-ahead log as it goes, where they were going anyway. */
  rl_sql_exec_retry(d, "PRAGMA cache_size=-256"); /* KiB */
  /* A log that was checkpointed starts over from its first byte, but its
   * file keeps the biggest size it ever had: after a run of a hundred
   * megabytes, for good, unless `racelens` read the file.  Starting over
   * cuts it back to the size at which a run checkpoints it anyway. */
  char limit[64];
  snprintf(limit, sizeof limit, "PRAGMA journal_size_limit=%d",
           RL_WAL_START_BYTES);
  rl_sql_exec_retry(d, limit);
  /* The run's row is in: from here on the log's header is synced when
   * the log starts again (rl_schema_open says why not before). */
  rl_sql_exec_retry(d, "PRAGMA synchronous=NORMAL");
  sqlite3_db_config(d, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
  for (int i = 0; i < ST_N; i++) {
    int rc = sqlite3_prepare_v3(d, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT,
                                &st[i], NULL);
    if (rc != SQLITE_OK)
      return rc;
  }
  sem_init(&wake, 0, 0);
  /* Signals the program handles go to its own threads, not to this one:
   * the writer must stay free to finish the run for them. */
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, &old);
  pthread_attr_t at;
  pthread_attr_init(&at);
  pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
  int rc = pthread_create(&writer, &at, writer_main, NULL);
  pthread_attr_destroy(&at);
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  if (rc != 0)
    return SQLITE_ERROR;
  atomic_store(&started, 1);
  return SQLITE_OK;
}

bool rl_writer_finish(const rl_run_end_t *end, long timeout_ms) {
  if (!atomic_load(&started))
    return true;
  if (!atomic_exchange(&end_claimed, 1)) {
    end_req = *end;
    size_t i = 0;
    for (; end->status && end->status[i] && i < sizeof end_status - 1; i++)
      end_status[i] = end->status[i];
    end_status[i] = '\0';
    atomic_store(&finish_req, 1);
    sem_post(&wake);
  }
  if (rl_writer_is_self())
    return false;
  /* A futex wait on `finished`: a system call, so async-signal-safe as
   * nothing else that waits is, and woken the moment the writer is done
   * (polling with nanosleep overslept by 60 us a run on average).  In
   * slices, so that the timeout holds whatever wakes us. */
  struct timespec start, now, slice = {0, 1000000};
  clock_gettime(CLOCK_MONOTONIC, &start);
  while (!atomic_load(&finished)) {
    clock_gettime(CLOCK_MONOTONIC, &now);
    long ms = (now.tv_sec - start.tv_sec) * 1000 +
              (now.tv_nsec - start.tv_nsec) / 1000000;
    if (ms >= timeout_ms)
      return false;
    syscall(SYS_futex, (int *)&finished, FUTEX_WAIT_PRIVATE, 0, &slice, NULL,
            0);
  }
  return true;
}
