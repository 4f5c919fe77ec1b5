/*
 * rt/log/log_writer.c -- the background thread that turns chunks of
 * records into rows.
 *
 * It is the only thread that touches the database after rl_log_init, so
 * nothing here needs a lock, and a dying process never has to take a lock
 * the writer might hold: the end of the run (normal or from a signal
 * handler) is a request -- a flag and a sem_post, both async-signal-safe
 * -- that the writer carries out while the requester waits with a
 * timeout.
 *
 * Rows go in through one prepared statement per record type, thousands
 * per transaction.  Rows that can arrive in either order because two
 * threads logged them (a goroutine's row from its parent, its end from
 * itself) are upserts.  When a write fails for lack of space the writer
 * says so once and from then on only counts, so the program runs on and
 * the run's row can still say it is incomplete.
 */
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../track.h"
#include "log_int.h"
#include "log_rec.h"

#define RL_ROWS_PER_COMMIT 20000

enum {
  ST_SITE,
  ST_GOROUTINE,
  ST_GOROUTINE_END,
  ST_OBJECT,
  ST_OBJECT_FREE,
  ST_STACK,
  ST_EVENT,
  ST_RACE,
  ST_COUNTS,
  ST_N
};

static const char *const stmt_sql[ST_N] = {
    [ST_SITE] = "INSERT OR IGNORE INTO sites VALUES"
                "(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)",
    [ST_GOROUTINE] =
        "INSERT INTO goroutines(run_id,gid,parent,kind,start_func,"
        "create_site,create_stack,go_seq,start_ns) VALUES"
        "(?1,?2,?3,?4,?5,?6,?7,?8,?9) ON CONFLICT DO UPDATE SET"
        " parent=excluded.parent, kind=excluded.kind,"
        " start_func=excluded.start_func, create_site=excluded.create_site,"
        " create_stack=excluded.create_stack, go_seq=excluded.go_seq,"
        " start_ns=excluded.start_ns",
    [ST_GOROUTINE_END] =
        "INSERT INTO goroutines(run_id,gid,kind,exit_seq,end_ns) VALUES"
        "(?1,?2,'goroutine',?3,?4) ON CONFLICT DO UPDATE SET"
        " exit_seq=excluded.exit_seq, end_ns=excluded.end_ns",
    [ST_OBJECT] =
        "INSERT INTO objects(run_id,obj_id,kind,addr,name,size,cap,"
        "elem_size,site,gid,stack,seq,file,line) VALUES"
        "(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14)"
        " ON CONFLICT DO UPDATE SET kind=excluded.kind, addr=excluded.addr,"
        " name=excluded.name, size=excluded.size, cap=excluded.cap,"
        " elem_size=excluded.elem_size, site=excluded.site,"
        " gid=excluded.gid, stack=excluded.stack, seq=excluded.seq,"
        " file=excluded.file, line=excluded.line",
    [ST_OBJECT_FREE] = "INSERT INTO objects(run_id,obj_id,kind,free_seq)"
                       " VALUES(?1,?2,'heap',?3) ON CONFLICT DO UPDATE SET"
                       " free_seq=excluded.free_seq",
    [ST_STACK] = "INSERT OR IGNORE INTO stack_nodes VALUES(?1,?2,?3,?4,?5)",
    [ST_EVENT] = "INSERT INTO events VALUES"
                 "(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14)",
    [ST_RACE] = "INSERT OR REPLACE INTO races VALUES(?1,?2,?3,?4,?5,?6,?7,"
                "?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21)",
    [ST_COUNTS] = "INSERT INTO access_counts VALUES(?1,?2,?3,?4,?5,?6)"
                  " ON CONFLICT DO UPDATE SET reads=reads+excluded.reads,"
                  " writes=writes+excluded.writes,"
                  " atomics=atomics+excluded.atomics",
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
static long rows_in_tx;
static uint64_t accepted, written, pending_written;
static _Atomic uint64_t races_first;

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
}

static void commit(void) {
  if (!in_tx)
    return;
  int rc = rl_sql_exec_retry(db, "COMMIT");
  if (rc != SQLITE_OK) {
    fail(rc);
    return;
  }
  in_tx = false;
  rows_in_tx = 0;
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

static void bind_u64(sqlite3_stmt *s, int i, uint64_t v) {
  sqlite3_bind_int64(s, i, (sqlite3_int64)v);
}

/* 0 means "none": stored as NULL so SQL reads it naturally. */
static void bind_opt(sqlite3_stmt *s, int i, uint64_t v) {
  if (v)
    sqlite3_bind_int64(s, i, (sqlite3_int64)v);
}

static void bind_str(sqlite3_stmt *s, int i, const char *str) {
  if (str)
    sqlite3_bind_text(s, i, str, -1, SQLITE_STATIC);
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

static const char *obj_kind_name(unsigned k) {
  switch (k) {
  case RL_OBJ_CHAN:
    return "chan";
  case RL_OBJ_MUTEX:
    return "mutex";
  case RL_OBJ_RWMUTEX:
    return "rwmutex";
  case RL_OBJ_WAITGROUP:
    return "waitgroup";
  case RL_OBJ_ONCE:
    return "once";
  case RL_OBJ_PTHREAD_MUTEX:
    return "pthread_mutex";
  case RL_OBJ_PTHREAD_RWLOCK:
    return "pthread_rwlock";
  case RL_OBJ_PTHREAD_SPIN:
    return "pthread_spin";
  case RL_OBJ_PTHREAD_COND:
    return "pthread_cond";
  case RL_OBJ_PTHREAD_BARRIER:
    return "pthread_barrier";
  case RL_OBJ_PTHREAD_ONCE:
    return "pthread_once";
  case RL_OBJ_SEM:
    return "sem";
  case RL_OBJ_ATOMIC:
    return "atomic";
  case RL_OBJ_HEAP:
    return "heap";
  case RL_OBJ_GLOBAL:
    return "global";
  default:
    return "unknown";
  }
}

static void put_sites(const rl_rec_sites_t *r) {
  sqlite3_stmt *s = st[ST_SITE];
  for (uint32_t i = 0; i < r->n && !failed; i++) {
    const rl_site_t *x = &r->sites[i];
    sqlite3_bind_int64(s, 1, run_id);
    sqlite3_bind_int64(s, 2, x->id);
    bind_str(s, 3, site_kind_name(x->kind));
    if (x->size)
      sqlite3_bind_int(s, 4, x->size);
    if (x->kind >= RL_SITE_ATOMIC_LOAD && x->kind <= RL_SITE_FENCE)
      bind_str(s, 5, order_name(x->order));
    bind_str(s, 6, x->file);
    bind_opt(s, 7, x->line);
    bind_opt(s, 8, x->col);
    bind_str(s, 9, x->func);
    bind_str(s, 10, x->expr);
    bind_str(s, 11, x->callee);
    bind_str(s, 12, x->target);
    step(s);
  }
}

static void put_goroutine(const rl_log_goroutine_t *g) {
  sqlite3_stmt *s = st[ST_GOROUTINE];
  sqlite3_bind_int64(s, 1, run_id);
  bind_u64(s, 2, g->gid);
  bind_u64(s, 3, g->parent);
  bind_str(s, 4, g->kind ? g->kind : "goroutine");
  bind_str(s, 5, g->start_func);
  bind_opt(s, 6, g->create_site);
  bind_opt(s, 7, g->create_stack);
  bind_opt(s, 8, g->go_seq);
  bind_u64(s, 9, g->start_ns);
  step(s);
}

static void put_object(const rl_log_object_t *o) {
  sqlite3_stmt *s = st[ST_OBJECT];
  sqlite3_bind_int64(s, 1, run_id);
  bind_u64(s, 2, o->obj_id);
  bind_str(s, 3, obj_kind_name(o->kind));
  bind_u64(s, 4, o->addr);
  bind_str(s, 5, o->name);
  bind_opt(s, 6, o->size);
  if (o->kind == RL_OBJ_CHAN)
    bind_u64(s, 7, o->cap); /* 0 is a real capacity for channels */
  bind_opt(s, 8, o->elem_size);
  bind_opt(s, 9, o->site);
  bind_opt(s, 10, o->gid);
  bind_opt(s, 11, o->stack);
  bind_opt(s, 12, o->seq);
  bind_str(s, 13, o->file);
  bind_opt(s, 14, o->line);
  step(s);
}

/* Binds NULL for 0 explicitly: the events statement is never cleared. */
static void bind_opt_or_null(sqlite3_stmt *s, int i, uint64_t v) {
  if (v)
    sqlite3_bind_int64(s, i, (sqlite3_int64)v);
  else
    sqlite3_bind_null(s, i);
}

static void put_event(const rl_log_event_t *e) {
  sqlite3_stmt *s = st[ST_EVENT];
  sqlite3_bind_int64(s, 1, run_id);
  bind_u64(s, 2, e->seq);
  bind_u64(s, 3, e->gid);
  sqlite3_bind_int(s, 4, e->kind);
  bind_opt_or_null(s, 5, e->obj);
  bind_opt_or_null(s, 6, e->site);
  bind_opt_or_null(s, 7, e->stack);
  bind_opt_or_null(s, 8, e->peer);
  bind_u64(s, 9, e->value);
  bind_opt_or_null(s, 10, e->ptr_obj);
  bind_u64(s, 11, e->aux);
  bind_u64(s, 12, e->clock);
  bind_u64(s, 13, e->ts_ns);
  bind_u64(s, 14, e->dur_ns);
  if (step_bound(s, true))
    pending_written++;
}

static void put_access(sqlite3_stmt *s, int i, const rl_log_access_t *a,
                       bool with_seq) {
  bind_u64(s, i, a->gid);
  bind_opt(s, i + 1, a->site);
  bind_opt(s, i + 2, a->stack);
  bind_str(s, i + 3, access_kind_name(a->kind));
  bind_u64(s, i + 4, a->size);
  bind_u64(s, i + 5, a->clock);
  if (with_seq)
    bind_opt(s, i + 6, a->seq);
}

static void put_race(const rl_log_race_t *r) {
  sqlite3_stmt *s = st[ST_RACE];
  sqlite3_bind_int64(s, 1, run_id);
  bind_u64(s, 2, r->race_id);
  bind_u64(s, 3, r->addr);
  bind_u64(s, 4, r->size);
  bind_opt(s, 5, r->obj);
  bind_str(s, 6, r->var);
  sqlite3_bind_int(s, 7, r->first);
  put_access(s, 8, &r->cur, true);
  put_access(s, 15, &r->prev, true);
  step(s);
  if (r->first)
    atomic_fetch_add(&races_first, 1);
}

/* Fills the record's string fields back in from the strings after it. */
static const char *next_str(const char **p) {
  const char *s = *p;
  *p += strlen(s) + 1;
  return s;
}

static void put_record(const rl_rec_hdr_t *h) {
  const void *body = h + 1;
  uint32_t plen = 0;
  switch (h->type) {
  case RL_REC_GOROUTINE:
    plen = sizeof(rl_log_goroutine_t);
    break;
  case RL_REC_OBJECT:
    plen = sizeof(rl_log_object_t);
    break;
  case RL_REC_RACE:
    plen = sizeof(rl_log_race_t);
    break;
  }
  const char *strs = (const char *)body + ((plen + 7u) & ~7u);
  sqlite3_stmt *s;
  switch (h->type) {
  case RL_REC_SITES:
    put_sites(body);
    break;
  case RL_REC_GOROUTINE: {
    rl_log_goroutine_t g;
    memcpy(&g, body, sizeof g);
    if (g.start_func)
      g.start_func = next_str(&strs);
    put_goroutine(&g);
    break;
  }
  case RL_REC_GOROUTINE_END: {
    const rl_rec_goroutine_end_t *r = body;
    s = st[ST_GOROUTINE_END];
    sqlite3_bind_int64(s, 1, run_id);
    bind_u64(s, 2, r->gid);
    bind_opt(s, 3, r->exit_seq);
    bind_u64(s, 4, r->end_ns);
    step(s);
    break;
  }
  case RL_REC_OBJECT: {
    rl_log_object_t o;
    memcpy(&o, body, sizeof o);
    if (o.name)
      o.name = next_str(&strs);
    put_object(&o);
    break;
  }
  case RL_REC_OBJECT_FREE: {
    const rl_rec_object_free_t *r = body;
    s = st[ST_OBJECT_FREE];
    sqlite3_bind_int64(s, 1, run_id);
    bind_u64(s, 2, r->obj_id);
    bind_opt(s, 3, r->free_seq);
    step(s);
    break;
  }
  case RL_REC_STACK_NODE: {
    const rl_rec_stack_node_t *r = body;
    s = st[ST_STACK];
    sqlite3_bind_int64(s, 1, run_id);
    bind_u64(s, 2, r->node);
    bind_u64(s, 3, r->parent);
    bind_u64(s, 4, r->fn_site);
    bind_u64(s, 5, r->call_site);
    step(s);
    break;
  }
  case RL_REC_EVENT:
    put_event(body);
    break;
  case RL_REC_RACE: {
    rl_log_race_t r;
    memcpy(&r, body, sizeof r);
    if (r.var)
      r.var = next_str(&strs);
    put_race(&r);
    break;
  }
  case RL_REC_ACCESS_COUNTS: {
    const rl_rec_access_counts_t *r = body;
    s = st[ST_COUNTS];
    sqlite3_bind_int64(s, 1, run_id);
    bind_u64(s, 2, r->gid);
    bind_u64(s, 3, r->site);
    bind_u64(s, 4, r->reads);
    bind_u64(s, 5, r->writes);
    bind_u64(s, 6, r->atomics);
    step(s);
    break;
  }
  }
}

/* Writes what `c` published since the writer last looked at it. */
static void consume(rl_chunk_t *c) {
  uint64_t pub = atomic_load_explicit(&c->pub, memory_order_acquire);
  uint32_t from = RL_PUB_BYTES(c->done), to = RL_PUB_BYTES(pub);
  if (to <= from)
    return;
  accepted += RL_PUB_EVENTS(pub) - RL_PUB_EVENTS(c->done);
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
  for (uint32_t off = from; off < to && !failed;) {
    const rl_rec_hdr_t *h = (const rl_rec_hdr_t *)(c->data + off);
    put_record(h);
    rows_in_tx++;
    off += h->len;
  }
  if (rows_in_tx >= RL_ROWS_PER_COMMIT)
    commit();
}

static void drain_queue(void) {
  rl_chunk_t *c = rl_buf_take_queue();
  while (c) {
    rl_chunk_t *next = c->next;
    consume(c);
    c = next;
  }
}

/* Chunks go back to the free list only after their rows are committed:
 * until then a crash must still find them.  They go back at every COMMIT,
 * not once the whole queue is through, so the producers' next chunks are
 * ones still in cache and the memory held stays near the back-pressure
 * limit. */
static void drain_and_recycle(void) {
  static rl_chunk_t *written_chunks; /* committed; the free list was busy */
  rl_chunk_t *uncommitted = NULL;
  rl_chunk_t *list = rl_buf_take_queue();
  for (;;) {
    if (!in_tx) {
      while (uncommitted) {
        rl_chunk_t *c = uncommitted;
        uncommitted = c->next;
        c->next = written_chunks;
        written_chunks = c;
      }
      rl_buf_recycle(&written_chunks);
    }
    if (!list)
      break;
    rl_chunk_t *c = list;
    list = c->next;
    consume(c);
    c->next = uncommitted;
    uncommitted = c;
    if (!list)
      commit();
  }
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
        "UPDATE races SET prev_seq = (SELECT max(e.seq) FROM events e"
        " WHERE e.run_id = races.run_id AND e.gid = races.prev_gid"
        " AND e.clock < races.prev_clock)"
        " WHERE run_id = ?1 AND prev_seq IS NULL",
        -1, &s, NULL);
  if (rc == SQLITE_OK) {
    sqlite3_bind_int64(s, 1, run_id);
    rc = sqlite3_step(s) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(db);
    sqlite3_finalize(s);
    s = NULL;
  }
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
    bind_u64(s, 7, accepted);
    bind_u64(s, 8, written);
    bind_u64(s, 9, end_req.races);
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

static void *writer_main(void *arg) {
  (void)arg;
  for (;;) {
    while (sem_wait(&wake) == -1)
      ;
    if (atomic_load(&finish_req))
      break;
    drain_and_recycle();
  }
  finish_run();
  atomic_store(&finished, 1);
  return NULL;
}

int rl_writer_start(sqlite3 *d, int64_t id) {
  db = d;
  run_id = id;
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
  struct timespec ts = {0, 1000000};
  for (long waited = 0; !atomic_load(&finished); waited++) {
    if (waited >= timeout_ms)
      return false;
    nanosleep(&ts, NULL);
  }
  return true;
}
