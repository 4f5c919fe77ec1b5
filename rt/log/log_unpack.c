/*
 * rt/log/log_unpack.c -- turning what a run stored packed (log_pack.h)
 * into the rows of docs/schema.md: events, goroutines, objects, stack
 * nodes and access counts.
 *
 * One transaction does it all: either every pack of the moment (of one
 * run, or of all) becomes rows and goes, or nothing changes.  A program
 * still writing the same database waits for the lock meanwhile (its
 * writer retries), and the packs it adds after are unpacked by the next
 * call.  Rows that can come in either order because two threads logged
 * them (a goroutine's row from its parent, its end from itself) are
 * upserts; an event that is already there is left alone.
 *
 * Packs come from a file, which may be damaged: every length is checked
 * against what is there, and a pack that does not read whole makes the
 * whole unpack fail with SQLITE_CORRUPT rather than half-write a run.
 * Unpacking one run at a time keeps a damaged run from blocking the
 * others.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../track.h"
#include "log_int.h"
#include "log_pack.h"
#include "log_rec.h"

/* The layout of the records that schema version 3 stores as structs, and
 * version 4 too for sites and races (log_pack.h). */
_Static_assert(sizeof(rl_rec_hdr_t) == 8 && sizeof(rl_log_goroutine_t) == 48 &&
                   sizeof(rl_log_object_t) == 96 &&
                   sizeof(rl_log_race_t) == 112 &&
                   sizeof(rl_rec_goroutine_end_t) == 24 &&
                   sizeof(rl_rec_object_free_t) == 16 &&
                   sizeof(rl_rec_stack_node_t) == 16 &&
                   sizeof(rl_rec_access_counts_t) == 32,
               "a record's layout changed: that is a new schema version");

enum {
  ST_EVENT,
  ST_GOROUTINE,
  ST_GOROUTINE_END,
  ST_OBJECT,
  ST_OBJECT_FREE,
  ST_STACK,
  ST_COUNTS,
  ST_N
};

/* Columns named, as in the writer's statements (log_writer.c): a column
 * that a later version adds to one of these tables leaves them valid. */
static const char *const stmt_sql[ST_N] = {
    [ST_EVENT] = "INSERT OR IGNORE INTO events(run_id,seq,gid,kind,obj,site,"
                 "stack,peer,value,ptr_obj,aux,clock,ts_ns,dur_ns) VALUES"
                 "(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14)",
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
    [ST_STACK] = "INSERT OR IGNORE INTO stack_nodes(run_id,node,parent,"
                 "fn_site,call_site) VALUES(?1,?2,?3,?4,?5)",
    [ST_COUNTS] = "INSERT INTO access_counts(run_id,gid,site,reads,writes,"
                  "atomics) VALUES(?1,?2,?3,?4,?5,?6)"
                  " ON CONFLICT DO UPDATE SET reads=reads+excluded.reads,"
                  " writes=writes+excluded.writes,"
                  " atomics=atomics+excluded.atomics",
};

typedef struct unpack {
  sqlite3 *db;
  sqlite3_stmt *st[ST_N];
  int64_t run_id;
  uint64_t events;
  int rc; /* the first error */
  /* The run's line from the log's clock to CLOCK_MONOTONIC (log_clock.c):
   * ns = ns0 + (tick - tick0) * slope. */
  uint64_t tick0, ns0;
  double slope;
  char *rec; /* a record copied out: aligned, and followed by a NUL */
} unpack_t;

static void step(unpack_t *u, sqlite3_stmt *s) {
  int rc = sqlite3_step(s);
  if (rc != SQLITE_DONE && u->rc == SQLITE_OK)
    u->rc = rc;
  sqlite3_reset(s);
  sqlite3_clear_bindings(s);
}

static uint64_t to_ns(const unpack_t *u, uint64_t tick) {
  double d = ((double)tick - (double)u->tick0) * u->slope;
  return u->ns0 + (uint64_t)(int64_t)(d < 0 ? d - 0.5 : d + 0.5);
}

/* The line through the run's first reading of both clocks and the last,
 * which came with its newest pack.  Without two readings (a file that
 * does not hold them), ticks are taken for nanoseconds. */
static void clock_line(unpack_t *u) {
  u->tick0 = u->ns0 = 0;
  u->slope = 1;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(u->db,
                         "SELECT r.clock_tick, r.clock_ns, p.tick, p.ns"
                         " FROM runs r JOIN event_packs p"
                         " ON p.run_id = r.run_id WHERE r.run_id = ?1"
                         " AND r.clock_tick IS NOT NULL AND p.tick IS NOT NULL"
                         " ORDER BY p.tick DESC LIMIT 1",
                         -1, &st, NULL) == SQLITE_OK) {
    sqlite3_bind_int64(st, 1, u->run_id);
    if (sqlite3_step(st) == SQLITE_ROW) {
      uint64_t t0 = (uint64_t)sqlite3_column_int64(st, 0);
      uint64_t n0 = (uint64_t)sqlite3_column_int64(st, 1);
      uint64_t t1 = (uint64_t)sqlite3_column_int64(st, 2);
      uint64_t n1 = (uint64_t)sqlite3_column_int64(st, 3);
      if (t1 > t0 && n1 >= n0) {
        u->tick0 = t0;
        u->ns0 = n0;
        u->slope = (double)(n1 - n0) / (double)(t1 - t0);
      }
    }
  }
  sqlite3_finalize(st);
}

static void put_event(unpack_t *u, const rl_log_event_t *e) {
  sqlite3_stmt *s = u->st[ST_EVENT];
  sqlite3_bind_int64(s, 1, u->run_id);
  rl_bind_u64(s, 2, e->seq);
  rl_bind_u64(s, 3, e->gid);
  sqlite3_bind_int(s, 4, e->kind);
  rl_bind_opt(s, 5, e->obj);
  rl_bind_opt(s, 6, e->site);
  rl_bind_opt(s, 7, e->stack);
  rl_bind_opt(s, 8, e->peer);
  rl_bind_u64(s, 9, e->value);
  rl_bind_opt(s, 10, e->ptr_obj);
  rl_bind_u64(s, 11, e->aux);
  rl_bind_u64(s, 12, e->clock);
  rl_bind_u64(s, 13, to_ns(u, e->ts));
  rl_bind_u64(s, 14, e->dur_ns);
  step(u, s);
  u->events++;
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
  case RL_OBJ_FD:
    return "fd";
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

static void put_goroutine(unpack_t *u, const rl_log_goroutine_t *g) {
  sqlite3_stmt *s = u->st[ST_GOROUTINE];
  sqlite3_bind_int64(s, 1, u->run_id);
  rl_bind_u64(s, 2, g->gid);
  rl_bind_u64(s, 3, g->parent);
  rl_bind_str(s, 4, g->kind ? g->kind : "goroutine");
  rl_bind_str(s, 5, g->start_func);
  rl_bind_opt(s, 6, g->create_site);
  rl_bind_opt(s, 7, g->create_stack);
  rl_bind_opt(s, 8, g->go_seq);
  rl_bind_u64(s, 9, g->start_ns);
  step(u, s);
}

static void put_object(unpack_t *u, const rl_log_object_t *o) {
  sqlite3_stmt *s = u->st[ST_OBJECT];
  sqlite3_bind_int64(s, 1, u->run_id);
  rl_bind_u64(s, 2, o->obj_id);
  rl_bind_str(s, 3, obj_kind_name(o->kind));
  rl_bind_u64(s, 4, o->addr);
  rl_bind_str(s, 5, o->name);
  rl_bind_opt(s, 6, o->size);
  if (o->kind == RL_OBJ_CHAN)
    rl_bind_u64(s, 7, o->cap); /* 0 is a real capacity for channels */
  rl_bind_opt(s, 8, o->elem_size);
  rl_bind_opt(s, 9, o->site);
  rl_bind_opt(s, 10, o->gid);
  rl_bind_opt(s, 11, o->stack);
  rl_bind_opt(s, 12, o->seq);
  rl_bind_str(s, 13, o->file);
  rl_bind_opt(s, 14, o->line);
  step(u, s);
}

/* Fills the record's string fields back in from the strings after it
 * (the record is followed by a NUL: a damaged one reads as short
 * strings, never past its end). */
static const char *next_str(const char **p, const char *end) {
  const char *s = *p;
  if (s >= end)
    return "";
  *p += strlen(s) + 1;
  return s;
}

/* Run id, then the record's numbers in their order as ?2, ?3, ...; the
 * numbers whose bit is in `opt` as NULL when 0. */
static void put_numbers(unpack_t *u, int st, const rl_pk_record_t *r,
                        unsigned opt) {
  sqlite3_stmt *s = u->st[st];
  sqlite3_bind_int64(s, 1, u->run_id);
  for (unsigned i = 0; i < r->nv; i++) {
    if (opt >> i & 1)
      rl_bind_opt(s, 2 + (int)i, r->v[i]);
    else
      rl_bind_u64(s, 2 + (int)i, r->v[i]);
  }
  step(u, s);
}

/* The struct of type T at a, from small record r (log_rec.h's order). */
#define GET(a, f) (a)->f = (__typeof__((a)->f))r->v[i++];
#define GET_STRING(a, f) (a)->f = r->s[j++];
#define TO_STRUCT(T, a)                                                        \
  do {                                                                         \
    unsigned i = 0, j = 0;                                                     \
    RL_REC_##T##_FIELDS(GET, a);                                               \
    RL_REC_##T##_STRINGS(GET_STRING, a);                                       \
    (void)j;                                                                   \
  } while (0)

/* One record of either version, as its numbers and strings. */
static void put_record(unpack_t *u, const rl_pk_record_t *r) {
  switch (r->type) {
  case RL_REC_GOROUTINE: {
    rl_log_goroutine_t g = {0}; /* a field the list misses stays 0 */
    TO_STRUCT(GOROUTINE, &g);
    put_goroutine(u, &g);
    break;
  }
  case RL_REC_OBJECT: {
    rl_log_object_t o = {0};
    TO_STRUCT(OBJECT, &o);
    put_object(u, &o);
    break;
  }
  case RL_REC_GOROUTINE_END: /* exit_seq, the second, may be none */
    put_numbers(u, ST_GOROUTINE_END, r, 1u << 1);
    break;
  case RL_REC_OBJECT_FREE: /* free_seq, the second, may be none */
    put_numbers(u, ST_OBJECT_FREE, r, 1u << 1);
    break;
  case RL_REC_STACK_NODE:
    put_numbers(u, ST_STACK, r, 0);
    break;
  case RL_REC_ACCESS_COUNTS:
    put_numbers(u, ST_COUNTS, r, 0);
    break;
  }
}

/* A record as schema version 3 stored it: the struct, then its strings. */
static void put_struct_record(unpack_t *u, const rl_rec_hdr_t *h,
                              const char *end) {
  const void *body = h + 1;
  rl_pk_record_t r;
  switch (h->type) {
  case RL_REC_GOROUTINE: {
    rl_log_goroutine_t g;
    memcpy(&g, body, sizeof g);
    const char *strs = rl_rec_strings(h, sizeof g);
    if (g.start_func)
      g.start_func = next_str(&strs, end);
    if (g.kind)
      g.kind = next_str(&strs, end);
    RL_REC_FROM_STRUCT(GOROUTINE, &g, &r);
    break;
  }
  case RL_REC_OBJECT: {
    rl_log_object_t o;
    memcpy(&o, body, sizeof o);
    const char *strs = rl_rec_strings(h, sizeof o);
    if (o.name)
      o.name = next_str(&strs, end);
    if (o.file)
      o.file = next_str(&strs, end);
    RL_REC_FROM_STRUCT(OBJECT, &o, &r);
    break;
  }
  case RL_REC_GOROUTINE_END:
    RL_REC_FROM_STRUCT(GOROUTINE_END, (const rl_rec_goroutine_end_t *)body, &r);
    break;
  case RL_REC_OBJECT_FREE:
    RL_REC_FROM_STRUCT(OBJECT_FREE, (const rl_rec_object_free_t *)body, &r);
    break;
  case RL_REC_STACK_NODE:
    RL_REC_FROM_STRUCT(STACK_NODE, (const rl_rec_stack_node_t *)body, &r);
    break;
  case RL_REC_ACCESS_COUNTS:
    RL_REC_FROM_STRUCT(ACCESS_COUNTS, (const rl_rec_access_counts_t *)body, &r);
    break;
  default:
    return;
  }
  put_record(u, &r);
}

/* A small record (schema version 4) of n bytes at p; false when it does
 * not read whole. */
#define SHAPE(T)                                                               \
  case RL_REC_##T:                                                             \
    r.nv = RL_REC_COUNT(T, FIELDS);                                            \
    r.ns = RL_REC_COUNT(T, STRINGS);                                           \
    break;
static bool put_small(unpack_t *u, const uint8_t *p, size_t n) {
  rl_pk_record_t r;
  switch (p[0] & ~RL_PK_RECORD) {
    SHAPE(GOROUTINE)
    SHAPE(GOROUTINE_END)
    SHAPE(OBJECT)
    SHAPE(OBJECT_FREE)
    SHAPE(STACK_NODE)
    SHAPE(ACCESS_COUNTS)
  default:
    return false;
  }
  if (!rl_unpack_record(p, n, &r))
    return false;
  put_record(u, &r);
  return true;
}

/* The least a record of each type holds after its header. */
static uint32_t payload_min(uint16_t type) {
  switch (type) {
  case RL_REC_GOROUTINE:
    return sizeof(rl_log_goroutine_t);
  case RL_REC_GOROUTINE_END:
    return sizeof(rl_rec_goroutine_end_t);
  case RL_REC_OBJECT:
    return sizeof(rl_log_object_t);
  case RL_REC_OBJECT_FREE:
    return sizeof(rl_rec_object_free_t);
  case RL_REC_STACK_NODE:
    return sizeof(rl_rec_stack_node_t);
  case RL_REC_ACCESS_COUNTS:
    return sizeof(rl_rec_access_counts_t);
  default:
    return 0;
  }
}

/* One segment: a chunk's records from its start or from where the last
 * segment of it ended; those before `skip` bytes only set the base of the
 * events after them.  Returns false when it does not read whole. */
static bool put_segment(unpack_t *u, const uint8_t *p, size_t n, size_t skip,
                        unsigned format) {
  rl_pack_state_t state = {0};
  for (size_t off = 0; off < n && u->rc == SQLITE_OK;) {
    uint8_t b = p[off];
    if (b == 0) {
      off++;
      continue;
    }
    if (b & RL_PK_EVENT) {
      rl_log_event_t e;
      size_t len = rl_unpack_event(&state, p + off, n - off, format, &e);
      if (!len)
        return false;
      if (off >= skip)
        put_event(u, &e);
      off += len;
      continue;
    }
    if (b & RL_PK_RECORD) {
      size_t len = n - off < 4 ? 0 : (size_t)(p[off + 1] | p[off + 2] << 8);
      if (len < 4 || len > n - off ||
          (off >= skip && !put_small(u, p + off, len)))
        return false;
      off += len;
      continue;
    }
    rl_rec_hdr_t h;
    if (n - off < sizeof h)
      return false;
    memcpy(&h, p + off, sizeof h);
    if (h.len < sizeof h || h.len > n - off || h.len > RL_CHUNK_BYTES ||
        h.len - sizeof h < payload_min(h.type))
      return false;
    /* Sites and races the writer has made rows already. */
    if (off >= skip && h.type != RL_REC_SITES && h.type != RL_REC_RACE) {
      memcpy(u->rec, p + off, h.len);
      u->rec[h.len] = '\0';
      put_struct_record(u, (const rl_rec_hdr_t *)u->rec, u->rec + h.len);
    }
    off += h.len;
  }
  return true;
}

static bool put_pack(unpack_t *u, const uint8_t *p, size_t n, unsigned format) {
  if (format != RL_PACK_FORMAT_4 && format != RL_PACK_FORMAT)
    return false;
  while (n > 0) {
    uint32_t skip, bytes;
    size_t used = rl_pack_segment_read(p, n, &skip, &bytes);
    if (!used || bytes > n - used || skip > bytes ||
        !put_segment(u, p + used, bytes, skip, format))
      return false;
    p += used + bytes;
    n -= used + bytes;
  }
  return true;
}

/* True when `sql` yields a row (false too when it cannot run). */
static bool any_row(sqlite3 *db, const char *sql) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
    return false;
  bool found = sqlite3_step(st) == SQLITE_ROW;
  sqlite3_finalize(st);
  return found;
}

static bool has_packs_table(sqlite3 *db) {
  return any_row(db, "SELECT 1 FROM sqlite_master WHERE type='table'"
                     " AND name='event_packs'");
}

/* The format of packs a file holds: a column since schema version 5,
 * format 4 before (a file the analyzer reads is not upgraded). */
static bool packs_have_format(sqlite3 *db) {
  return any_row(db, "SELECT 1 FROM pragma_table_info('event_packs')"
                     " WHERE name = 'format'");
}

/* `which` is the packs' filter: "1" for all, "run_id = N" for one run. */
static int move_packs(unpack_t *u, const char *which) {
  sqlite3_stmt *sel = NULL;
  char sql[256];
  snprintf(sql, sizeof sql,
           "SELECT run_id, data, %s FROM event_packs WHERE %s"
           " ORDER BY run_id, pack_id",
           packs_have_format(u->db) ? "format" : "4", which);
  int rc = sqlite3_prepare_v2(u->db, sql, -1, &sel, NULL);
  for (int i = 0; i < ST_N && rc == SQLITE_OK; i++)
    rc = sqlite3_prepare_v2(u->db, stmt_sql[i], -1, &u->st[i], NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step(sel)) == SQLITE_ROW) {
    int64_t run = sqlite3_column_int64(sel, 0);
    if (run != u->run_id) {
      u->run_id = run;
      clock_line(u);
    }
    const uint8_t *blob = sqlite3_column_blob(sel, 1);
    int n = sqlite3_column_bytes(sel, 1);
    unsigned format = (unsigned)sqlite3_column_int(sel, 2);
    if (n > 0 && !put_pack(u, blob, (size_t)n, format) && u->rc == SQLITE_OK)
      u->rc = SQLITE_CORRUPT;
    rc = u->rc;
  }
  if (rc == SQLITE_DONE)
    rc = SQLITE_OK;
  sqlite3_finalize(sel);
  for (int i = 0; i < ST_N; i++)
    sqlite3_finalize(u->st[i]);
  return rc;
}

/* Once the rows are in: a race's earlier access has no event of its own,
 * so the last event of its goroutine before it (by clock) is where it sits
 * in the global order; then the packs go. */
static const char after_rows_fmt[] =
    "UPDATE races SET prev_seq = (SELECT max(e.seq) FROM events e"
    " WHERE e.run_id = races.run_id AND e.gid = races.prev_gid"
    " AND e.clock < races.prev_clock)"
    " WHERE prev_seq IS NULL"
    " AND run_id IN (SELECT DISTINCT run_id FROM event_packs WHERE %s);"
    "DELETE FROM event_packs WHERE %s;";

int rl_unpack_db(sqlite3 *db, uint64_t *moved) {
  return rl_unpack_run(db, -1, moved);
}

int rl_unpack_run(sqlite3 *db, int64_t run, uint64_t *moved) {
  unpack_t u = {.db = db, .rc = SQLITE_OK, .run_id = -1, .slope = 1};
  char which[48], after[sizeof after_rows_fmt + 2 * sizeof which];
  if (run < 0)
    snprintf(which, sizeof which, "1");
  else
    snprintf(which, sizeof which, "run_id = %lld", (long long)run);
  snprintf(after, sizeof after, after_rows_fmt, which, which);
  *moved = 0;
  if (!(u.rec = malloc(RL_CHUNK_BYTES + 8)))
    return SQLITE_NOMEM;
  /* A run's rows fill more B-tree pages than SQLite's default cache
   * (2 MB) holds: without room they are spilled and read back. */
  sqlite3_exec(db, "PRAGMA cache_size=-65536", NULL, NULL, NULL);
  int rc = rl_sql_begin(db);
  if (rc != SQLITE_OK) {
    free(u.rec);
    return rc;
  }
  if (has_packs_table(db)) {
    rc = move_packs(&u, which);
    if (rc == SQLITE_OK)
      rc = sqlite3_exec(db, after, NULL, NULL, NULL);
  }
  if (rc == SQLITE_OK)
    rc = rl_sql_exec_retry(db, "COMMIT");
  free(u.rec);
  if (rc != SQLITE_OK) {
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
  }
  *moved = u.events;
  return SQLITE_OK;
}
