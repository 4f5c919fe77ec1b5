/*
 * Loading a run's races into the report model (report.h): grouping by site
 * pair, and everything the explanation and the fix hints need.  And its
 * potential deadlocks, from the log's lock_order and lock events.
 */
#include "report.h"
#include "term.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* The event kinds (rt/events.def) that take part in happens-before: the
 * only ones that can be "the last synchronisation before the access".  A
 * list of the ordering kinds rather than of the others, so that kinds
 * added later (block, ...) never pass for synchronisation. */
static int orders_nothing(int kind) {
  switch (kind) {
  case 1:  /* go */
  case 2:  /* start */
  case 3:  /* exit */
  case 4:  /* join */
  case 11: /* send */
  case 12: /* send_done */
  case 13: /* recv */
  case 14: /* recv_closed */
  case 15: /* close */
  case 20: /* lock */
  case 21: /* unlock */
  case 23: /* rlock */
  case 24: /* runlock */
  case 31: /* wg_done */
  case 32: /* wg_wait */
  case 33: /* once */
  case 50: /* cond_wait */
  case 51: /* cond_signal */
  case 52: /* cond_broadcast */
  case 53: /* barrier */
  case 54: /* sem_post */
  case 55: /* sem_wait */
  case 56: /* spin_lock */
  case 57: /* spin_unlock */
  case 60: /* atomic_load */
  case 61: /* atomic_store */
  case 62: /* atomic_rmw */
  case 63: /* atomic_cas */
  case 64: /* fence */
  case 94: /* fd_write */
  case 95: /* fd_read */
    return 0;
  }
  return 1;
}

static void text_col(sqlite3_stmt *st, int i, char *dst, size_t len) {
  const unsigned char *t = sqlite3_column_text(st, i);
  snprintf(dst, len, "%s", t ? (const char *)t : "");
}

/* "mu", "ch", or "mutex #4" when the object has no name. */
static void object_name(sqlite3 *db, int64_t run, int64_t obj, char *buf,
                        size_t len) {
  buf[0] = '\0';
  if (obj <= 0)
    return;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db,
                         "SELECT name, kind FROM objects WHERE run_id = ?1 "
                         "AND obj_id = ?2",
                         -1, &st, NULL) == SQLITE_OK) {
    sqlite3_bind_int64(st, 1, run);
    sqlite3_bind_int64(st, 2, obj);
    if (sqlite3_step(st) == SQLITE_ROW) {
      const unsigned char *name = sqlite3_column_text(st, 0);
      const unsigned char *kind = sqlite3_column_text(st, 1);
      if (name && *name)
        snprintf(buf, len, "%s", name);
      else
        snprintf(buf, len, "%s #%" PRId64, kind ? (const char *)kind : "object",
                 obj);
    }
  }
  sqlite3_finalize(st);
  if (!buf[0])
    snprintf(buf, len, "object #%" PRId64, obj);
}

/* Fills REF with a description of event SEQ as a sentence fragment. */
static void describe_event(sqlite3 *db, int64_t run, int64_t gid,
                           sqlite3_stmt *row, rl_event_ref_t *ref) {
  memset(ref, 0, sizeof *ref);
  ref->seq = rl_col64(row, 0);
  ref->kind = sqlite3_column_int(row, 1);
  int64_t obj = rl_col64(row, 2);
  int64_t site = rl_col64(row, 3);
  int64_t value = rl_col64(row, 5);
  char name[160], loc[600];
  object_name(db, run, obj, name, sizeof name);
  rl_db_site(db, run, site, &ref->site);
  rl_db_site_loc(db, run, site, loc, sizeof loc);

  if (ref->kind == 2) { /* start: say where the go was */
    sqlite3_stmt *st = NULL;
    int64_t csite = 0;
    if (sqlite3_prepare_v2(db,
                           "SELECT create_site FROM goroutines WHERE run_id "
                           "= ?1 AND gid = ?2",
                           -1, &st, NULL) == SQLITE_OK) {
      sqlite3_bind_int64(st, 1, run);
      sqlite3_bind_int64(st, 2, gid);
      if (sqlite3_step(st) == SQLITE_ROW)
        csite = rl_col64(st, 0);
    }
    sqlite3_finalize(st);
    rl_db_site_loc(db, run, csite, loc, sizeof loc);
    rl_db_site(db, run, csite, &ref->site);
    snprintf(ref->what, sizeof ref->what, "its start (go at %s)", loc);
    return;
  }
  const char *k = rl_event_kind_name(ref->kind);
  char at[620] = "";
  if (strcmp(loc, "?") != 0)
    snprintf(at, sizeof at, " at %s", loc);
  if (ref->kind == 1)
    snprintf(ref->what, sizeof ref->what, "its go of G%" PRId64 "%s",
             rl_col64(row, 6), at);
  else if (ref->kind == 3)
    snprintf(ref->what, sizeof ref->what, "its exit");
  else if (ref->kind == 40)
    snprintf(ref->what, sizeof ref->what, "sleep %" PRId64 " ms%s", value, at);
  else if (name[0])
    snprintf(ref->what, sizeof ref->what, "%s on %s%s", k, name, at);
  else
    snprintf(ref->what, sizeof ref->what, "%s%s", k, at);
}

#define EVENT_COLS "seq, kind, obj, site, peer, value, aux"

/* Walks GID's events backwards from BEFORE (exclusive, or inclusive when
 * INCLUSIVE) to its last synchronisation, noting a sleep on the way: a
 * sleep between the last synchronisation and the access is the "sleep as
 * synchronisation" pattern.  The walk stops after a bounded number of
 * events so a trace of millions of accesses cannot make it slow. */
static void last_sync(sqlite3 *db, int64_t run, rl_access_t *a, int64_t before,
                      int inclusive) {
  sqlite3_stmt *st = NULL;
  const char *sql =
      inclusive ? "SELECT " EVENT_COLS " FROM events WHERE run_id = ?1 AND "
                  "gid = ?2 AND seq <= ?3 ORDER BY seq DESC LIMIT 100000"
                : "SELECT " EVENT_COLS " FROM events WHERE run_id = ?1 AND "
                  "gid = ?2 AND seq < ?3 ORDER BY seq DESC LIMIT 100000";
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
    sqlite3_finalize(st);
    return;
  }
  sqlite3_bind_int64(st, 1, run);
  sqlite3_bind_int64(st, 2, a->gid);
  sqlite3_bind_int64(st, 3, before);
  while (sqlite3_step(st) == SQLITE_ROW) {
    int kind = sqlite3_column_int(st, 1);
    if (kind == 40 && !a->sleep.seq) {
      describe_event(db, run, a->gid, st, &a->sleep);
      continue;
    }
    if (orders_nothing(kind))
      continue;
    describe_event(db, run, a->gid, st, &a->last_sync);
    break;
  }
  sqlite3_finalize(st);
}

/* The first synchronisation of GID after AFTER and before BEFORE. */
static void next_sync(sqlite3 *db, int64_t run, int64_t gid, int64_t after,
                      int64_t before, rl_event_ref_t *ref) {
  memset(ref, 0, sizeof *ref);
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db,
                         "SELECT " EVENT_COLS " FROM events WHERE run_id = ?1 "
                         "AND gid = ?2 AND seq > ?3 AND seq < ?4 ORDER BY seq "
                         "LIMIT 100000",
                         -1, &st, NULL) != SQLITE_OK) {
    sqlite3_finalize(st);
    return;
  }
  sqlite3_bind_int64(st, 1, run);
  sqlite3_bind_int64(st, 2, gid);
  sqlite3_bind_int64(st, 3, after);
  sqlite3_bind_int64(st, 4, before);
  while (sqlite3_step(st) == SQLITE_ROW) {
    if (orders_nothing(sqlite3_column_int(st, 1)))
      continue;
    describe_event(db, run, gid, st, ref);
    break;
  }
  sqlite3_finalize(st);
}

static void load_goroutine(sqlite3 *db, int64_t run, rl_access_t *a) {
  rl_db_goroutine_label(db, run, a->gid, a->who, sizeof a->who);
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db,
                         "SELECT parent, kind, start_func, create_site, "
                         "create_stack, go_seq FROM goroutines WHERE run_id = "
                         "?1 AND gid = ?2",
                         -1, &st, NULL) != SQLITE_OK) {
    sqlite3_finalize(st);
    return;
  }
  sqlite3_bind_int64(st, 1, run);
  sqlite3_bind_int64(st, 2, a->gid);
  if (sqlite3_step(st) == SQLITE_ROW) {
    char kind[16];
    a->parent = rl_col64(st, 0);
    text_col(st, 1, kind, sizeof kind);
    a->is_main = strcmp(kind, "main") == 0;
    text_col(st, 2, a->start_func, sizeof a->start_func);
    a->create_site = rl_col64(st, 3);
    int64_t cstack = rl_col64(st, 4);
    a->go_seq = rl_col64(st, 5);
    rl_db_site(db, run, a->create_site, &a->create);
    a->ncframes =
        rl_db_stack(db, run, cstack, a->create_site, a->cframes, RL_MAX_FRAMES);
  }
  sqlite3_finalize(st);
}

static void load_access(sqlite3 *db, int64_t run, rl_access_t *a) {
  rl_db_site(db, run, a->site, &a->s);
  a->nframes =
      rl_db_stack(db, run, a->stack, a->site, a->frames, RL_MAX_FRAMES);
  if (a->nframes == 0 && a->s.found) {
    /* No shadow stack logged: the access's own function is the frame. */
    rl_frame_t *f = &a->frames[a->nframes++];
    memset(f, 0, sizeof *f);
    snprintf(f->func, sizeof f->func, "%s", a->s.func[0] ? a->s.func : "?");
    snprintf(f->file, sizeof f->file, "%s", a->s.file);
    f->line = a->s.line;
  }
  load_goroutine(db, run, a);
}

static void name_memory(sqlite3 *db, int64_t run, rl_race_t *r) {
  sqlite3_stmt *st = NULL;
  if (r->obj > 0 &&
      sqlite3_prepare_v2(db,
                         "SELECT kind, name, size, site, gid, addr FROM "
                         "objects WHERE run_id = ?1 AND obj_id = ?2",
                         -1, &st, NULL) == SQLITE_OK) {
    sqlite3_bind_int64(st, 1, run);
    sqlite3_bind_int64(st, 2, r->obj);
    if (sqlite3_step(st) == SQLITE_ROW) {
      char name[128], loc[600], who[192];
      text_col(st, 0, r->obj_kind, sizeof r->obj_kind);
      text_col(st, 1, name, sizeof name);
      r->obj_size = rl_col64(st, 2);
      r->obj_addr = rl_col64(st, 5);
      if (r->var[0]) {
        /* named by the detector already */
      } else if (name[0]) {
        snprintf(r->var, sizeof r->var, "%s", name);
      } else if (!strcmp(r->obj_kind, "heap")) {
        rl_db_site_loc(db, run, rl_col64(st, 3), loc, sizeof loc);
        rl_db_goroutine_label(db, run, rl_col64(st, 4), who, sizeof who);
        snprintf(r->var, sizeof r->var,
                 "heap block of %" PRId64 " bytes (allocated at %s by %s)",
                 (int64_t)rl_col64(st, 2), loc, who);
      }
    }
  }
  sqlite3_finalize(st);
  if (!r->var[0] && r->cur.s.expr[0])
    snprintf(r->var, sizeof r->var, "%s", r->cur.s.expr);
  if (!r->var[0])
    snprintf(r->var, sizeof r->var, "memory at 0x%" PRIx64, (uint64_t)r->addr);
}

static rl_hint_t *add_hint(rl_race_t *r, enum rl_hint_kind kind,
                           const char *code) {
  if (r->nhints == RL_MAX_HINTS)
    return NULL;
  rl_hint_t *h = &r->hints[r->nhints++];
  h->kind = kind;
  h->code = code;
  return h;
}

/* Where the memory was sent away: a send of a pointer into the racing heap
 * block by one of the two goroutines, with that goroutine's access after
 * the send. */
static void hint_ownership(sqlite3 *db, int64_t run, rl_race_t *r) {
  if (r->obj <= 0 || strcmp(r->obj_kind, "heap") != 0)
    return;
  /* Only the two goroutines' own sends before their accesses matter.  One
   * goroutine per query, so that SQLite walks the (run_id, gid, seq) index
   * instead of the whole log, and only back over the last 50,000 events of
   * the goroutine: a hand-off violated that long ago is not worth seconds
   * of every report. */
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(
          db,
          "SELECT seq, gid, obj, site FROM (SELECT seq, gid, "
          "obj, site, kind, ptr_obj, value FROM events WHERE run_id "
          "= ?1 AND gid = ?3 AND seq <= ?4 ORDER BY seq DESC "
          "LIMIT 50000) WHERE kind = 11 AND (ptr_obj = ?2 OR "
          "(ptr_obj IS NULL AND value >= ?5 AND value < ?5 + "
          "?6)) LIMIT 1",
          -1, &st, NULL) != SQLITE_OK) {
    sqlite3_finalize(st);
    return;
  }
  const rl_access_t *both[2] = {&r->cur, &r->prev};
  for (int k = 0; k < 2; k++) {
    const rl_access_t *a = both[k];
    if (k == 1 && r->prev.gid == r->cur.gid)
      break;
    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, run);
    sqlite3_bind_int64(st, 2, r->obj);
    sqlite3_bind_int64(st, 3, a->gid);
    sqlite3_bind_int64(st, 4, a == &r->cur ? a->seq - 1 : a->seq);
    /* A runtime that did not resolve ptr_obj still logged the pointer. */
    sqlite3_bind_int64(st, 5, r->obj_addr > 0 ? r->obj_addr : -1);
    sqlite3_bind_int64(st, 6, r->obj_size);
    while (sqlite3_step(st) == SQLITE_ROW) {
      int64_t seq = rl_col64(st, 0);
      /* The sender's own access must come after its send: the current
       * access is the race event itself; the previous one comes after
       * prev_seq, the last event before it. */
      int late = a == &r->cur ? seq < a->seq : (a->seq && seq <= a->seq);
      if (!late)
        continue;
      char ch[160], sent_at[600], used_at[600];
      object_name(db, run, rl_col64(st, 2), ch, sizeof ch);
      rl_db_site_loc(db, run, rl_col64(st, 3), sent_at, sizeof sent_at);
      rl_db_site_loc(db, run, a->site, used_at, sizeof used_at);
      rl_hint_t *h = add_hint(r, RL_HINT_OWNERSHIP, "ownership-violation");
      if (h)
        snprintf(h->text, sizeof h->text,
                 "ownership violation: %s sent a pointer to this memory on "
                 "channel %s at %s and then still used it (%s at %s). Once a "
                 "pointer is sent, the receiver owns the memory: the sender "
                 "must stop using it (send a copy if both need the data).",
                 a->who, ch[0] ? ch : "?", sent_at, a->kind, used_at);
      sqlite3_finalize(st);
      return;
    }
  }
  sqlite3_finalize(st);
}

static void hint_sleep(rl_race_t *r) {
  const rl_access_t *a = r->cur.sleep.seq ? &r->cur : &r->prev;
  if (!a->sleep.seq)
    return;
  rl_hint_t *h = add_hint(r, RL_HINT_SLEEP, "sleep-as-sync");
  if (h)
    snprintf(h->text, sizeof h->text,
             "%s slept (%s) before its %s, as if waiting for the other "
             "goroutine: sleeping does not synchronise, however long. Wait "
             "for it instead: receive from a channel it sends on when done, "
             "or use a WaitGroup (wg_add/wg_done/wg_wait).",
             a->who, a->sleep.what, a->kind);
}

/* One goroutine started the other and then touched the memory without
 * waiting for it. */
static void hint_no_wait(rl_race_t *r) {
  const rl_access_t *parent = NULL, *child = NULL;
  if (r->cur.parent == r->prev.gid && r->cur.gid != r->prev.gid) {
    child = &r->cur;
    parent = &r->prev;
  } else if (r->prev.parent == r->cur.gid && r->cur.gid != r->prev.gid) {
    child = &r->prev;
    parent = &r->cur;
  }
  if (!parent || !child->go_seq)
    return;
  /* The parent's access must come after the go (its last synchronisation
   * is at or after it), and it must not have tried to wait. */
  if (parent->last_sync.seq < child->go_seq)
    return;
  int k = parent->last_sync.kind;
  if (k == 4 || k == 32 || k == 13 || k == 20)
    return;
  char go_at[600];
  snprintf(go_at, sizeof go_at, "%s:%d", rl_db_show_path(child->create.file),
           child->create.line);
  int pthread = !strcmp(child->create.callee, "pthread_create");
  rl_hint_t *h = add_hint(r, RL_HINT_NO_WAIT, "no-wait-after-go");
  if (!h)
    return;
  if (pthread)
    snprintf(h->text, sizeof h->text,
             "%s started %s (at %s) and then used the memory without waiting "
             "for the thread to finish: call pthread_join on it first.",
             parent->who, child->who, go_at);
  else
    snprintf(h->text, sizeof h->text,
             "%s started %s (go at %s) and then used the memory without "
             "waiting for it: use a WaitGroup (wg_add before go, wg_done at "
             "the end of the goroutine, wg_wait before the %s), or receive "
             "from a channel the goroutine sends on when done.",
             parent->who, child->who, go_at, parent->kind);
}

static void hint_counter(rl_race_t *r) {
  const rl_site_row_t *a = &r->cur.s, *b = &r->prev.s;
  if (!a->found || !b->found || a->line <= 0 || a->line != b->line ||
      strcmp(a->file, b->file) != 0)
    return;
  if (strstr(r->cur.kind, "atomic") || strstr(r->prev.kind, "atomic"))
    return;
  if (strcmp(r->cur.kind, "write") != 0 && strcmp(r->prev.kind, "write") != 0)
    return;
  const char *e = a->expr[0] ? a->expr : b->expr[0] ? b->expr : "the counter";
  rl_hint_t *h = add_hint(r, RL_HINT_COUNTER, "counter-rmw");
  if (h)
    snprintf(h->text, sizeof h->text,
             "unprotected read-modify-write: line %d reads %s and writes it "
             "back, and several goroutines run it at once, so updates are "
             "lost. Protect it with a mutex (mutex_lock(&mu); ... "
             "mutex_unlock(&mu);) or make it atomic (an _Atomic variable "
             "updated with atomic_fetch_add(&%s, 1)).",
             a->line, e, e);
}

static int load_race(sqlite3 *db, int64_t run, int64_t id, rl_race_t *r) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(
          db,
          "SELECT addr, size, obj, var, cur_gid, cur_site, cur_stack, "
          "cur_kind, cur_size, cur_seq, prev_gid, prev_site, prev_stack, "
          "prev_kind, prev_size, prev_seq, prev_clock FROM races "
          "WHERE run_id = ?1 AND race_id = ?2",
          -1, &st, NULL) != SQLITE_OK) {
    sqlite3_finalize(st);
    return -1;
  }
  sqlite3_bind_int64(st, 1, run);
  sqlite3_bind_int64(st, 2, id);
  if (sqlite3_step(st) != SQLITE_ROW) {
    sqlite3_finalize(st);
    return -1;
  }
  r->race_id = id;
  r->addr = rl_col64(st, 0);
  r->size = sqlite3_column_int(st, 1);
  r->obj = rl_col64(st, 2);
  text_col(st, 3, r->var, sizeof r->var);
  r->cur.gid = rl_col64(st, 4);
  r->cur.site = rl_col64(st, 5);
  r->cur.stack = rl_col64(st, 6);
  text_col(st, 7, r->cur.kind, sizeof r->cur.kind);
  r->cur.size = sqlite3_column_int(st, 8);
  r->cur.seq = rl_col64(st, 9);
  r->prev.gid = rl_col64(st, 10);
  r->prev.site = rl_col64(st, 11);
  r->prev.stack = rl_col64(st, 12);
  text_col(st, 13, r->prev.kind, sizeof r->prev.kind);
  r->prev.size = sqlite3_column_int(st, 14);
  r->prev.seq = rl_col64(st, 15);
  int64_t prev_clock = rl_col64(st, 16);
  int have_prev_seq = sqlite3_column_type(st, 15) != SQLITE_NULL;
  sqlite3_finalize(st);
  if (!r->cur.kind[0])
    snprintf(r->cur.kind, sizeof r->cur.kind, "access");
  if (!r->prev.kind[0])
    snprintf(r->prev.kind, sizeof r->prev.kind, "access");

  /* The previous access happened in epoch prev_clock of its goroutine.
   * The runtime advances a goroutine's clock at every logged event, so the
   * event that carries clock prev_clock came after the access: the last
   * event before it is the last with a smaller clock.  prev_seq is used
   * when it agrees; a run cut short never filled it in. */
  if (prev_clock > 0 && r->prev.gid > 0) {
    int64_t at_clock = -1;
    if (have_prev_seq &&
        sqlite3_prepare_v2(db,
                           "SELECT clock FROM events WHERE run_id = ?1 AND "
                           "seq = ?2",
                           -1, &st, NULL) == SQLITE_OK) {
      sqlite3_bind_int64(st, 1, run);
      sqlite3_bind_int64(st, 2, r->prev.seq);
      if (sqlite3_step(st) == SQLITE_ROW &&
          sqlite3_column_type(st, 0) != SQLITE_NULL)
        at_clock = rl_col64(st, 0);
      sqlite3_finalize(st);
      st = NULL;
    }
    if (!have_prev_seq || at_clock >= prev_clock) {
      r->prev.seq = 0;
      if (sqlite3_prepare_v2(db,
                             "SELECT max(seq) FROM events WHERE run_id = ?1 "
                             "AND gid = ?2 AND clock < ?3",
                             -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, run);
        sqlite3_bind_int64(st, 2, r->prev.gid);
        sqlite3_bind_int64(st, 3, prev_clock);
        if (sqlite3_step(st) == SQLITE_ROW)
          r->prev.seq = rl_col64(st, 0);
      }
      sqlite3_finalize(st);
    }
  }

  load_access(db, run, &r->cur);
  load_access(db, run, &r->prev);
  name_memory(db, run, r);
  if (r->cur.seq > 0)
    last_sync(db, run, &r->cur, r->cur.seq, 0);
  if (r->prev.seq > 0) {
    last_sync(db, run, &r->prev, r->prev.seq, 1);
    next_sync(db, run, r->prev.gid, r->prev.seq,
              r->cur.seq > 0 ? r->cur.seq : INT64_MAX, &r->prev_next_sync);
  }
  hint_ownership(db, run, r);
  hint_sleep(r);
  hint_no_wait(r);
  hint_counter(r);
  return 0;
}

static void run_cwd(sqlite3 *db, int64_t run, char *buf, size_t len) {
  sqlite3_stmt *st = NULL;
  buf[0] = '\0';
  if (sqlite3_prepare_v2(db, "SELECT cwd FROM runs WHERE run_id = ?1", -1, &st,
                         NULL) == SQLITE_OK) {
    sqlite3_bind_int64(st, 1, run);
    if (sqlite3_step(st) == SQLITE_ROW)
      text_col(st, 0, buf, len);
  }
  sqlite3_finalize(st);
}

static int load_deadlock_list(sqlite3 *db, int64_t run, rl_report_t *r,
                              char *err, size_t errlen);

/* arr with room for one more after its n elements of `elem` bytes (*cap
 * grown as needed), or NULL when memory ran out (arr is then as it was). */
static void *grow(void *arr, int n, int *cap, size_t elem) {
  if (n < *cap)
    return arr;
  int c = *cap ? *cap * 2 : 8;
  void *p = realloc(arr, (size_t)c * elem);
  if (p)
    *cap = c;
  return p;
}

int rl_report_load(sqlite3 *db, int64_t run, rl_report_t *r, char *err,
                   size_t errlen) {
  memset(r, 0, sizeof *r);
  r->db = db;
  if (!rl_db_run_info(db, run, &r->run)) {
    rl_db_error(db, "cannot read the run", err, errlen);
    return -1;
  }
  run_cwd(db, run, r->cwd, sizeof r->cwd);
  sqlite3_stmt *st = rl_db_prepare(
      db,
      /* One race per unordered pair of source locations, as the
       * terminal report counts them (rt/detect/report.c): several sites
       * of one line (a read and a write of `counter++`, a loop the
       * optimiser copied) are one place to a student. */
      "WITH k AS (SELECT r.race_id,"
      " CASE WHEN cs.line > 0 THEN cs.file || ':' || cs.line || ':' || cs.col"
      " ELSE '#' || r.cur_site END AS a,"
      " CASE WHEN ps.line > 0 THEN ps.file || ':' || ps.line || ':' || ps.col"
      " ELSE '#' || r.prev_site END AS b FROM races r"
      " LEFT JOIN sites cs ON cs.run_id = r.run_id AND cs.site_id = r.cur_site"
      " LEFT JOIN sites ps ON ps.run_id = r.run_id"
      " AND ps.site_id = r.prev_site WHERE r.run_id = ?1)"
      " SELECT min(race_id), count(*) FROM k GROUP BY min(a, b), max(a, b)"
      " ORDER BY 1",
      err, errlen);
  if (!st)
    return -1;
  sqlite3_bind_int64(st, 1, run);
  int cap = 0, rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    rl_race_group_t *n = grow(r->races, r->nraces, &cap, sizeof *n);
    if (!n) {
      snprintf(err, errlen, "out of memory");
      sqlite3_finalize(st);
      return -1;
    }
    r->races = n;
    rl_race_group_t *g = &r->races[r->nraces++];
    g->race_id = rl_col64(st, 0);
    g->occurrences = rl_col64(st, 1);
    r->total_rows += g->occurrences;
  }
  if (rc != SQLITE_DONE) {
    rl_db_error(db, "cannot read the races", err, errlen);
    sqlite3_finalize(st);
    return -1;
  }
  sqlite3_finalize(st);
  return load_deadlock_list(db, run, r, err, errlen);
}

int rl_report_race(const rl_report_t *r, int i, rl_race_t *out) {
  memset(out, 0, sizeof *out);
  if (i < 0 || i >= r->nraces)
    return -1;
  term_progress(i, r->nraces);
  out->occurrences = r->races[i].occurrences;
  return load_race(r->db, r->run.id, r->races[i].race_id, out);
}

void rl_report_free(rl_report_t *r) {
  free(r->races);
  r->races = NULL;
  r->nraces = 0;
  free(r->deadlocks);
  r->deadlocks = NULL;
  r->ndeadlocks = 0;
}

/* ---- potential deadlocks ------------------------------------------------ */
/* Event kinds (rt/events.def): the locks that take (20 lock, 23 rlock, 56
 * spin_lock) and let go (21, 24, 57); 96 is lock_order. */
#define TAKES "(20, 23, 56)"
#define LOCK_KINDS "(20, 21, 23, 24, 56, 57)"

static int load_deadlock_list(sqlite3 *db, int64_t run, rl_report_t *r,
                              char *err, size_t errlen) {
  sqlite3_stmt *st = rl_db_prepare(
      db, "SELECT seq FROM events WHERE run_id = ?1 AND kind = 96 ORDER BY seq",
      err, errlen);
  if (!st)
    return -1;
  sqlite3_bind_int64(st, 1, run);
  int cap = 0, rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    int64_t *n = grow(r->deadlocks, r->ndeadlocks, &cap, sizeof *n);
    if (!n) {
      snprintf(err, errlen, "out of memory");
      sqlite3_finalize(st);
      return -1;
    }
    r->deadlocks = n;
    r->deadlocks[r->ndeadlocks++] = rl_col64(st, 0);
  }
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE) {
    rl_db_error(db, "cannot read the lock orders", err, errlen);
    return -1;
  }
  return 0;
}

/* The step: goroutine gid took lock `took` at site/stack while holding
 * `held`. */
static void load_step(sqlite3 *db, int64_t run, rl_deadlock_t *d,
                      sqlite3_stmt *st, int64_t took, int64_t held) {
  rl_access_t *a = &d->step[d->nsteps];
  snprintf(a->kind, sizeof a->kind, "lock");
  a->gid = rl_col64(st, 0);
  a->site = rl_col64(st, 1);
  a->stack = rl_col64(st, 2);
  a->seq = rl_col64(st, 3);
  load_access(db, run, a);
  object_name(db, run, took, d->took[d->nsteps], sizeof d->took[0]);
  object_name(db, run, held, d->held[d->nsteps], sizeof d->held[0]);
  d->nsteps++;
}

int rl_report_deadlock(const rl_report_t *r, int i, rl_deadlock_t *out) {
  memset(out, 0, sizeof *out);
  if (i < 0 || i >= r->ndeadlocks)
    return -1;
  sqlite3 *db = r->db;
  int64_t run = r->run.id;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db,
                         "SELECT gid, site, stack, seq, obj, value, aux FROM "
                         "events WHERE run_id = ?1 AND seq = ?2",
                         -1, &st, NULL) != SQLITE_OK) {
    sqlite3_finalize(st);
    return -1;
  }
  sqlite3_bind_int64(st, 1, run);
  sqlite3_bind_int64(st, 2, r->deadlocks[i]);
  if (sqlite3_step(st) != SQLITE_ROW) {
    sqlite3_finalize(st);
    return -1;
  }
  out->seq = r->deadlocks[i];
  int64_t took = rl_col64(st, 4), held = rl_col64(st, 5);
  out->locks = (int)rl_col64(st, 6);
  load_step(db, run, out, st, took, held);
  sqlite3_finalize(st);
  if (out->locks != 2)
    return 0;
  /* The other way round: a take of `held` by a goroutine whose last lock
   * event on `took` before it was a take. */
  if (sqlite3_prepare_v2(
          db,
          "SELECT e.gid, e.site, e.stack, e.seq FROM events e WHERE"
          " e.run_id = ?1 AND e.obj = ?2 AND e.kind IN " TAKES
          " AND e.seq < ?4 AND (SELECT l.kind FROM events l WHERE"
          " l.run_id = ?1 AND l.gid = e.gid AND l.seq < e.seq AND l.obj = ?3"
          " AND l.kind IN " LOCK_KINDS " ORDER BY l.seq DESC LIMIT 1) IN " TAKES
          " ORDER BY e.seq LIMIT 1",
          -1, &st, NULL) != SQLITE_OK) {
    sqlite3_finalize(st);
    return -1;
  }
  sqlite3_bind_int64(st, 1, run);
  sqlite3_bind_int64(st, 2, held);
  sqlite3_bind_int64(st, 3, took);
  sqlite3_bind_int64(st, 4, out->seq);
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW)
    load_step(db, run, out, st, held, took);
  sqlite3_finalize(st);
  return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

int rl_report_each_deadlock(const rl_report_t *r,
                            void (*fn)(void *ctx, const rl_deadlock_t *d,
                                       int i),
                            void *ctx) {
  if (!r->ndeadlocks)
    return 0;
  rl_deadlock_t *d = malloc(sizeof *d);
  if (!d)
    return -1;
  for (int i = 0; i < r->ndeadlocks; i++) {
    if (rl_report_deadlock(r, i, d) != 0) {
      free(d);
      return -2;
    }
    fn(ctx, d, i);
  }
  free(d);
  return 0;
}

void rl_report_deadlock_explain(const rl_deadlock_t *d, char *line,
                                size_t len) {
  size_t k = 0;
  line[0] = '\0';
  for (int i = 0; i < d->nsteps && k < len; i++)
    k +=
        (size_t)snprintf(line + k, len - k,
                         "%s%s holds `%s` while it waits "
                         "for `%s`",
                         i ? "; " : "", d->step[i].who, d->held[i], d->took[i]);
  if (k < len && d->nsteps < d->locks)
    k += (size_t)snprintf(line + k, len - k,
                          "%sround a cycle of %d locks that the program's "
                          "stderr listed in full",
                          d->nsteps ? ", and so on " : "", d->locks);
  if (k < len)
    snprintf(line + k, len - k,
             ". Run at the same time, each can take its first lock and then "
             "wait forever for the next one's; the run escaped only by "
             "timing. Take the locks in one order everywhere.");
}
