/*
 * rt/detect/access.c -- FastTrack over shadow cells, and the plain-access
 * entry points the plugin calls (__rl_readN, __rl_writeN, ranges).
 *
 * The rules (Flanagan & Freund's FastTrack, with byte masks and atomics;
 * a record only conflicts with an access to bytes it covers):
 *  - a write races with the last write and with every read since, unless
 *    each is ordered before it (its clock <= ours for its slot);
 *  - a read races with the last write unless that is ordered before it;
 *    reads are kept as one epoch while each is ordered after the previous
 *    one, and as a read set when they are concurrent;
 *  - two atomic accesses never race; atomic against plain does.
 * The same-epoch fast paths (this goroutine already did this very access
 * since its last sync) return after one load and write nothing.
 */
#include "access.h"

#include "../log/log.h"
#include "event.h"
#include "merged_sites.h"
#include "sites.h"

#define LOAD(p) __atomic_load_n(p, __ATOMIC_ACQUIRE) /* x86: a plain load */
#define STORE(p, v) __atomic_store_n(p, v, __ATOMIC_RELAXED)

static inline bool ordered(const rl_thread_t *t, uint64_t ep) {
  return rl_ep_clock(ep) <= rl_vc_get(&t->vc, rl_ep_slot(ep));
}

static inline bool conflicts(const rl_thread_t *t, uint64_t prev, uint64_t me) {
  if (prev & me & RL_EP_ATOMIC)
    return false;
  return !ordered(t, prev);
}

/* Whether the read `me` makes the earlier read `old` redundant. */
static inline bool subsumes(const rl_thread_t *t, uint64_t old, uint64_t me) {
  return ordered(t, old) && ((old & RL_EP_ATOMIC) || !(me & RL_EP_ATOMIC));
}

static inline uint64_t with_mask(uint64_t ep, uint64_t mask) {
  return (ep & ~RL_EP_MASK) | mask;
}

/* Each record (the write, the read, each entry of a read set) carries the
 * bytes it covers.  `rec` is this goroutine's access of the same kind in
 * the current epoch: */
static inline bool same_epoch(uint64_t rec, uint64_t me) {
  return rec && ((rec ^ me) & ~RL_EP_MASK) == 0;
}
/* ... and it covers every byte of `me`: rl_ep_covers (access.h). */
static inline bool overlaps(uint64_t rec, uint64_t me) {
  return (rec & me & RL_EP_MASK) != 0;
}
/* rec's bytes are all among me's. */
static inline bool within(uint64_t rec, uint64_t me) {
  return (rec & ~me & RL_EP_MASK) == 0;
}

/* Two goroutines can reach a cell at the same instant: two writers, or a
 * writer and a reader, each checking the other's record before either has
 * stored its own.  So a record goes in by compare-and-swap (a lost swap
 * means another access got in first: check against it and try again), and
 * each side looks at the other's field again after storing its own,
 * sequentially consistent: of two simultaneous accesses at least one then
 * sees the other.  Without this a `counter++` in two goroutines at the
 * same moment lost the update and the race with it.
 *
 * A record and where it was made (site, stack) are separate words, and a
 * report must not pair one goroutine's access with another's line.  So a
 * record goes in marked RL_EP_BUSY, its site and stack follow, and the
 * mark goes; nobody replaces a marked record, and whoever needs a record's
 * site waits for the mark to go (a few instructions: nothing waits while
 * holding a mark).
 *
 * cell_write and cell_read return whether the access races (filling
 * *prev), and set *retry when the word was split into per-byte cells
 * meanwhile (check_word starts over). */
#define SEQ_LOAD(p) __atomic_load_n(p, __ATOMIC_SEQ_CST)
#define SWAP(p, old, new)                                                      \
  __atomic_compare_exchange_n(p, old, new, false, __ATOMIC_SEQ_CST,            \
                              __ATOMIC_RELAXED)

/* The field's record once nobody is putting one in (bit 9 of a pointer
 * is an address bit, not the mark). */
static uint64_t settled(uint64_t *field) {
  unsigned spins = 0;
  uint64_t v;
  while (((v = SEQ_LOAD(field)) & (RL_EP_BUSY | RL_EP_PTR)) == RL_EP_BUSY)
    rl_backoff(&spins);
  return v;
}

/* Replaces *old by rec with its site and stack; false (and *old updated)
 * when the field no longer held *old. */
static bool install(uint64_t *field, uint32_t *site_f, uint32_t *stack_f,
                    uint64_t *old, uint64_t rec, uint32_t site,
                    uint32_t stack) {
  if (!SWAP(field, old, rec | RL_EP_BUSY))
    return false;
  STORE(site_f, site);
  STORE(stack_f, stack);
  __atomic_store_n(field, rec, __ATOMIC_RELEASE);
  return true;
}

/* Whether two sites are on one line of one file. */
static bool same_line(uint32_t a, uint32_t b) {
  const rl_site_t *x = rl_site_by_id(a), *y = rl_site_by_id(b);
  return x && y && x->line == y->line && x->file == y->file;
}

/* Puts goroutine t's access `me` in the field in place of *old; one
 * record with *old when that is t's own of this epoch (its bytes and
 * ours, our site).  When the bytes it so takes were made on another line,
 * they are noted for reports (merged_sites.h).  The site they were made
 * at is usually t's previous record of the kind (the next int of an
 * array, the next field of a struct), known without loading the cold
 * half, which in a loop over an array missed the cache on every word
 * (array_sum 30 % slower); and one line is left alone, as a stencil's
 * `a[i - 1] + a[i] + a[i + 1]` reads each word at two sites of one line
 * (a note per word made array_sum 50 % slower). */
static inline __attribute__((always_inline)) bool
take(rl_thread_t *t, uint64_t *field, uint32_t *site_f, uint32_t *stack_f,
     uint64_t *old, uint64_t me, uint32_t site, bool is_write) {
  struct rl_last_record *last = is_write ? &t->last_write : &t->last_read;
  uint64_t rec = me;
  if (same_epoch(*old, me)) {
    rec |= *old & RL_EP_MASK;
    if (!within(*old, me)) {
      bool known = last->field == field;
      uint32_t old_site = known ? last->site : LOAD(site_f);
      if (old_site != site && !same_line(old_site, site))
        rl_merged_note(field, *old, old_site,
                       known ? last->stack : LOAD(stack_f), me, site, t->node);
    }
  }
  if (!install(field, site_f, stack_f, old, rec, site, t->node))
    return false;
  *last = (struct rl_last_record){field, site, t->node};
  return true;
}

/* rec, read from field, with the site and stack that belong to it; false
 * when another record replaced it meanwhile. */
static bool record_of(uint64_t *field, uint32_t *site_f, uint32_t *stack_f,
                      uint64_t rec, bool is_write, rl_acc_t *out) {
  if (settled(field) != rec)
    return false;
  uint32_t site = LOAD(site_f), stack = LOAD(stack_f);
  if (LOAD(field) != rec)
    return false;
  *out = (rl_acc_t){rec, site, stack, is_write};
  return true;
}

/* The record rec of field that the access `me` races with, as record_of,
 * named by the site that made the racing bytes when it merged several. */
static bool racing(uint64_t *field, uint32_t *site_f, uint32_t *stack_f,
                   uint64_t rec, bool is_write, uint64_t me, rl_acc_t *out) {
  if (!record_of(field, site_f, stack_f, rec, is_write, out))
    return false;
  uint32_t site[8], stack[8];
  if (rl_merged_sites(field, rec, site, stack))
    for (int b = 0; b < 8; b++)
      if ((rec & me) >> b & 1 && site[b]) {
        out->site = site[b];
        out->stack = stack[b];
        break;
      }
  return true;
}

/* Under the set's lock, after pushing ep: rl_read_done's hints. */
static inline void note_recent(rl_readset_t *s, rl_cold_t *k, uint64_t ep) {
  __atomic_store_n(rl_readset_hint(s, rl_ep_slot(ep) % RL_RS_RECENT), ep,
                   __ATOMIC_RELAXED);
  __atomic_store_n(&k->rhint, ep | RL_EP_PTR, __ATOMIC_RELAXED);
}

/* Under the set's lock, when entries leave it. */
static inline void forget_recent(rl_readset_t *s, rl_cold_t *k) {
  rl_readset_forget_recent(s);
  __atomic_store_n(&k->rhint, 0, __ATOMIC_RELAXED);
}

/* After a write `me`, this goroutine's own read `r` of this epoch: nothing
 * in it to check, and it stays -- bytes the write does not cover, or the
 * whole word read and then written (a read-modify-write of a long or a
 * pointer: every access that conflicts with that read conflicts with the
 * write, which covers the word too, so keeping it changes no verdict and
 * saves a swap; kept under a write of part of the word, it would make a
 * concurrent reader of the other bytes build a read set). */
static inline bool own_read_stays(uint64_t r, uint64_t me) {
  return same_epoch(r, me) && (!within(r, me) || (r & RL_EP_MASK) == 0xff);
}

/* The reads a write must check, once the write is in: a reader that
 * recorded itself before is found here; one after it sees the write. */
static bool write_vs_reads(rl_thread_t *t, rl_cell_t *c, rl_cold_t *k,
                           uint64_t me, bool race, rl_acc_t *prev) {
  uint64_t r = settled(&c->r);
  if (r & RL_EP_PTR) {
    rl_readset_t *s = rl_readset_of(r);
    rl_spin_lock(&s->lock);
    uint32_t n = 0;
    for (uint32_t i = 0; i < s->n; i++) {
      uint64_t e = s->v[i].ep;
      if (!race && overlaps(e, me) && conflicts(t, e, me)) {
        *prev = (rl_acc_t){e, s->v[i].site, s->v[i].stack, false};
        race = true;
      }
      if (!within(e, me)) /* bytes the write does not supersede */
        s->v[n++] = s->v[i];
    }
    if (n < s->n)
      forget_recent(s, k);
    s->n = n; /* the memory is kept for the next readers */
    rl_spin_unlock(&s->lock);
  } else if (r) {
    /* A reader that replaced r meanwhile sees our write itself. */
    if (!race && overlaps(r, me) && conflicts(t, r, me))
      race = racing(&c->r, &k->rsite, &k->rstack, r, false, me, prev);
    if (within(r, me) && !own_read_stays(r, me)) /* superseded */
      SWAP(&c->r, &r, 0); /* lost: a new reader, which will see us */
  }
  return race;
}

static bool cell_write(rl_thread_t *t, rl_cell_t *c, rl_cold_t *k, uint64_t me,
                       uint32_t site, rl_acc_t *prev, bool *retry) {
  bool race = false;
  for (;;) {
    uint64_t w = settled(&c->w);
    if (w & RL_EP_PTR) {
      *retry = true;
      return race;
    }
    if (rl_ep_covers(w, me))
      return race;
    if (!race && w && overlaps(w, me) && conflicts(t, w, me)) {
      if (!racing(&c->w, &k->wsite, &k->wstack, w, true, me, prev))
        continue;
      race = true;
    }
    /* Our own write this epoch to other bytes of the word: one record. */
    if (take(t, &c->w, &k->wsite, &k->wstack, &w, me, site, true))
      return write_vs_reads(t, c, k, me, race, prev);
    /* another access got in first */
  }
}

/* A read that went in checks the write record again (w, loaded after the
 * read was in): a writer that stored its record before ours was in may
 * not have seen us (one that replaced that record since has). */
static bool read_recheck(rl_thread_t *t, rl_cell_t *c, rl_cold_t *k,
                         uint64_t me, uint64_t w_seen, uint64_t w, bool race,
                         rl_acc_t *prev) {
  if (w & RL_EP_PTR)
    return race;
  w &= ~RL_EP_BUSY;
  if (!race && w != w_seen && w && overlaps(w, me) && conflicts(t, w, me))
    race = racing(&c->w, &k->wsite, &k->wstack, w, true, me, prev);
  return race;
}

static bool cell_read(rl_thread_t *t, rl_cell_t *c, rl_cold_t *k, uint64_t me,
                      uint32_t site, rl_acc_t *prev, bool *retry) {
  bool race = false;
  for (;;) {
    uint64_t r = settled(&c->r);
    if (rl_ep_covers(r, me))
      return race;
    uint64_t w = settled(&c->w);
    if (w & RL_EP_PTR) {
      *retry = true;
      return race;
    }
    if (rl_ep_covers(w, me)) /* our own write this epoch covers the read */
      return race;
    if (!race && w && overlaps(w, me) && conflicts(t, w, me)) {
      if (!racing(&c->w, &k->wsite, &k->wstack, w, true, me, prev))
        continue;
      race = true;
    }
    if (r & RL_EP_PTR) {
      rl_readset_t *s = rl_readset_of(r);
      rl_spin_lock(&s->lock);
      /* Drop readers we subsume (ordered before us, on bytes we read):
       * any write after us is after them, any write racing with them
       * races with us -- unless they were plain and we are atomic. */
      uint32_t n = 0;
      for (uint32_t i = 0; i < s->n; i++)
        if (!(subsumes(t, s->v[i].ep, me) && within(s->v[i].ep, me)))
          s->v[n++] = s->v[i];
      if (n < s->n)
        forget_recent(s, k);
      s->n = n;
      rl_readset_push(s, me, site, t->node);
      note_recent(s, k, me);
      /* No fence needed: a writer installs its record before it takes
       * this lock, so either it finds our entry or we see its record. */
      uint64_t w_now = LOAD(&c->w);
      rl_spin_unlock(&s->lock);
      return read_recheck(t, c, k, me, w, w_now, race, prev);
    }
    if (!r || same_epoch(r, me) || (subsumes(t, r, me) && within(r, me))) {
      if (take(t, &c->r, &k->rsite, &k->rstack, &r, me, site, false))
        return read_recheck(t, c, k, me, w, SEQ_LOAD(&c->w), race, prev);
      continue; /* another reader got in first */
    }
    /* Concurrent readers, readers of other bytes, or an atomic read a
     * plain one must not hide: inflate to a read set. */
    rl_acc_t old;
    if (!record_of(&c->r, &k->rsite, &k->rstack, r, false, &old))
      continue;
    rl_readset_t *s = rl_readset_alloc();
    rl_spin_lock(&s->lock);
    rl_readset_push(s, r, old.site, old.stack);
    rl_readset_push(s, me, site, t->node);
    rl_spin_unlock(&s->lock);
    uint64_t expect = r;
    if (SWAP(&c->r, &expect, rl_readset_ref(s))) {
      /* r's site is in the set now: the cold half may hold the hints --
       * of the entries a writer has not taken out meanwhile */
      rl_spin_lock(&s->lock);
      for (uint32_t i = 0; i < s->n; i++)
        if (s->v[i].ep == r || s->v[i].ep == me)
          note_recent(s, k, s->v[i].ep);
      rl_spin_unlock(&s->lock);
      return read_recheck(t, c, k, me, w, SEQ_LOAD(&c->w), race, prev);
    }
    rl_readset_recycle(s); /* someone else changed the reads: start over */
  }
}

/* Splits the word of c into per-byte cells, each record going to the bytes
 * it covers.  Returns false when the cell changed under us. */
static bool cell_split(rl_cell_t *c, rl_cold_t *k, uint64_t w) {
  uint64_t r = settled(&c->r);
  rl_acc_t wrec, rrec = {0};
  if (!record_of(&c->w, &k->wsite, &k->wstack, w, true, &wrec) ||
      (r && !(r & RL_EP_PTR) &&
       !record_of(&c->r, &k->rsite, &k->rstack, r, false, &rrec)))
    return false;
  /* A merged record's bytes go each to the site that made it. */
  uint32_t wsites[8], wstacks[8], rsites[8], rstacks[8];
  bool wknown = rl_merged_sites(&c->w, w, wsites, wstacks);
  bool rknown =
      r && !(r & RL_EP_PTR) && rl_merged_sites(&c->r, r, rsites, rstacks);
  rl_split_t *blk = rl_split_alloc();
  rl_readset_t *rs = (r & RL_EP_PTR) ? rl_readset_of(r) : NULL;
  if (rs)
    rl_spin_lock(&rs->lock);
  for (int b = 0; b < 8; b++) {
    uint64_t bit = 1u << b;
    rl_cell_t *x = &blk->s[b].c;
    rl_cold_t *xk = &blk->s[b].k;
    if (w & bit) {
      bool own = wknown && wsites[b];
      STORE(&x->w, with_mask(w, 1));
      STORE(&xk->wsite, own ? wsites[b] : wrec.site);
      STORE(&xk->wstack, own ? wstacks[b] : wrec.stack);
    }
    if (rs) {
      rl_readset_t *copy = NULL;
      for (uint32_t i = 0; i < rs->n; i++) {
        if (!(rs->v[i].ep & bit))
          continue;
        if (!copy) {
          copy = rl_readset_alloc();
          rl_spin_lock(&copy->lock);
        }
        rl_readset_push(copy, with_mask(rs->v[i].ep, 1), rs->v[i].site,
                        rs->v[i].stack);
      }
      if (copy) {
        rl_spin_unlock(&copy->lock);
        STORE(&x->r, rl_readset_ref(copy));
      }
    } else if (r & bit) {
      bool own = rknown && rsites[b];
      STORE(&x->r, with_mask(r, 1));
      STORE(&xk->rsite, own ? rsites[b] : rrec.site);
      STORE(&xk->rstack, own ? rstacks[b] : rrec.stack);
    }
  }
  if (rs)
    rl_spin_unlock(&rs->lock);
  uint64_t expect = w;
  if (__atomic_compare_exchange_n(&c->w, &expect,
                                  RL_EP_PTR | (uint64_t)(uintptr_t)blk, false,
                                  __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
    return true;
  rl_split_recycle(blk);
  return false;
}

/* Checks and records the access `me` (t's epoch | byte mask | atomic flag)
 * to the word of cell c (cold half k).  Returns true and fills *prev when it
 * races.  Reached only through check_report. */
static bool __attribute__((noinline))
check_word(rl_thread_t *t, rl_cell_t *c, rl_cold_t *k, uint64_t me,
           bool is_write, uint32_t site, rl_acc_t *prev) {
  uint64_t mask = me & RL_EP_MASK;
  t->stamped = true; /* every record of t's epoch is written from here */
  for (;;) {
    uint64_t w = settled(&c->w);
    if (w & RL_EP_PTR) {
      rl_split_t *blk = (rl_split_t *)(uintptr_t)(w & ~RL_EP_PTR);
      bool race = false;
      rl_acc_t p;
      for (int b = 0; b < 8; b++) {
        if (!(mask & (1u << b)))
          continue;
        uint64_t bme = with_mask(me, 1);
        bool again = false; /* byte cells are never split further */
        bool r = is_write ? cell_write(t, &blk->s[b].c, &blk->s[b].k, bme, site,
                                       &p, &again)
                          : cell_read(t, &blk->s[b].c, &blk->s[b].k, bme, site,
                                      &p, &again);
        if (r && !race) {
          *prev = p;
          prev->ep = with_mask(p.ep, 1u << b);
          race = true;
        }
      }
      return race;
    }
    /* One write record per word.  A write that leaves bytes of an
     * unordered earlier write untouched needs a record per byte.  When the
     * earlier write is ordered before this one, its record is replaced
     * instead (no allocation: int arrays written by main and then by
     * workers stay one cell per word).  The price: its other bytes forget
     * it, so a later access to them that races with *that* write, and not
     * with this one, goes unreported -- a missed race, never a false one. */
    if (is_write && w && !same_epoch(w, me) && !within(w, me) &&
        !ordered(t, w)) {
      cell_split(c, k, w);
      continue;
    }
    bool again = false;
    bool race = is_write ? cell_write(t, c, k, me, site, prev, &again)
                         : cell_read(t, c, k, me, site, prev, &again);
    if (race || !again)
      return race; /* a race found before a split is reported as is */
  }
}

static void trace(rl_thread_t *t, uintptr_t a, bool is_write,
                  const rl_site_t *site) {
  if (rl_log_trace_ok())
    rl_log_plain_event(t, is_write ? RL_EV_WRITE : RL_EV_READ, site, 0, 0, a,
                       0);
}

/* check_word's common cases, in the caller: the word is not split, nobody
 * is putting a record in, and the access neither races with the write nor
 * needs a read set -- the first access of an epoch to a word whose records
 * are ordered before it, or one that widens this goroutine's own record
 * of this epoch to more bytes.  The record goes in exactly as check_word
 * would put it (install), then the same after-checks run.  Returns -1,
 * having recorded nothing, when check_word must take the access; else
 * whether it races (*prev filled). */
static inline __attribute__((always_inline)) int
quick_word(rl_thread_t *t, rl_cell_t *c, rl_cold_t *k, uint64_t me,
           bool is_write, uint32_t site, rl_acc_t *prev) {
  uint64_t w = LOAD(&c->w);
  if (w & (RL_EP_PTR | RL_EP_BUSY))
    return -1;
  if (rl_ep_covers(w, me)) /* our write of this epoch covers it */
    return 0;
  uint64_t *field = &c->w, old = w;
  uint32_t *site_f = &k->wsite, *stack_f = &k->wstack;
  if (is_write) {
    /* an unordered earlier write: a race or a split */
    if (w && !same_epoch(w, me) && !ordered(t, w))
      return -1;
  } else {
    if (w && overlaps(w, me) && conflicts(t, w, me))
      return -1;
    old = LOAD(&c->r);
    if ((old & (RL_EP_PTR | RL_EP_BUSY)) ||
        (old && !same_epoch(old, me) &&
         !(subsumes(t, old, me) && within(old, me))))
      return -1; /* a read set, or one to make */
    field = &c->r, site_f = &k->rsite, stack_f = &k->rstack;
  }
  t->stamped = true;
  if (!take(t, field, site_f, stack_f, &old, me, site, is_write))
    return -1;
  if (!is_write) {
    uint64_t w_now = SEQ_LOAD(&c->w);
    return w_now != w && read_recheck(t, c, k, me, w, w_now, false, prev);
  }
  uint64_t r = SEQ_LOAD(&c->r);
  return r && !own_read_stays(r, me) &&
         write_vs_reads(t, c, k, me, false, prev);
}

/* One word's check and, when it races and `report` says so, the report:
 * the only way from an access into check_word.  A signal handler that
 * interrupts its own thread in here (a read set's lock held, a record half
 * put in, the report lock taken) cannot wait for that thread, which goes
 * on only when the handler returns: its accesses are not checked then. */
static inline __attribute__((always_inline)) bool
check_report(rl_thread_t *t, rl_cell_t *c, uintptr_t a, size_t n, uint64_t me,
             bool is_write, uint32_t sid, bool report) {
  if (t->in_detector)
    return false;
  t->in_detector = 1;
  rl_acc_t prev;
  rl_cold_t *k = rl_shadow_cold(c);
  int quick = quick_word(t, c, k, me, is_write, sid, &prev);
  bool race =
      quick >= 0 ? quick : check_word(t, c, k, me, is_write, sid, &prev);
  if (race && report) {
    rl_acc_t cur = {me, sid, t->node, is_write};
    rl_report_race(t, a, n, &cur, &prev);
  }
  t->in_detector = 0;
  return race;
}

void rl_check_range(rl_thread_t *t, uintptr_t a, size_t n, bool is_write,
                    bool atomic, const rl_site_t *site) {
  uint32_t sid = site ? site->id : 0;
  bool reported = false;
  uint64_t base = t->ep | (atomic ? RL_EP_ATOMIC : 0);
  uintptr_t stop = a + n;
  rl_cell_t *c = NULL;
  for (uintptr_t p = a; p < stop;) {
    uintptr_t word = p & ~(uintptr_t)7;
    uintptr_t end = word + 8 < stop ? word + 8 : stop;
    uint64_t mask = 0xff;
    if (p != word || end != word + 8)
      mask = ((1u << (end - word)) - 1) & ~((1u << (p - word)) - 1);
    /* Walk the cells of a chunk in order; look the table up again only
     * when the range enters a new chunk. */
    if (c && ((word >> 3) & (RL_SH_CHUNK_CELLS - 1)) != 0)
      c = rl_shadow_next(c);
    else if (!(c = rl_shadow_cell(word)))
      return;
    uint64_t me = base | mask;
    if (rl_ep_covers(LOAD(&c->w), me) || (!is_write && rl_read_done(c, me))) {
      p = end; /* same epoch */
      continue;
    }
    if (check_report(t, c, a, n, me, is_write, sid, !reported))
      reported = true;
    p = end;
  }
}

/* Everything but the fast path: unknown thread, tracing, unaligned, a
 * shadow chunk not made yet. */
static void __attribute__((noinline))
access_slow(uintptr_t a, size_t n, bool is_write, const rl_site_t *site) {
  if (!rl_enabled || n == 0)
    return;
  rl_thread_t *t = rl_tls_thread;
  if (!t)
    t = rl_cur();
  if (site) {
    rl_counts_t *k = rl_thread_counts(t, site->id);
    rl_count_add(is_write ? &k->writes : &k->reads);
  }
  if (rl_trace_all)
    trace(t, a, is_write, site);
  rl_check_range(t, a, n, is_write, false, site);
}

void rl_access_range(const void *addr, size_t n, bool is_write,
                     const rl_site_t *site) {
  access_slow((uintptr_t)addr, n, is_write, site);
}

/* A word-contained access whose same-epoch check failed.  Six arguments,
 * all in registers, so the fast paths reach it by a tail call. */
static void __attribute__((noinline))
word_slow(rl_cell_t *c, uintptr_t a, uint64_t me, size_t n, bool is_write,
          rl_site_t *site) {
  check_report(rl_tls_thread, c, a, n, me, is_write, site->id, true);
}

#define RL_PLAIN(N, MASK)                                                      \
  void __rl_read##N(const void *addr, rl_site_t *site) {                       \
    rl_thread_t *t = rl_tls_thread;                                            \
    uintptr_t a = (uintptr_t)addr;                                             \
    rl_cell_t *c;                                                              \
    if (__builtin_expect(!t || (a & 7) + N > 8 ||                              \
                             !rl_thread_counts_reach(t, site->id) ||           \
                             !(c = rl_shadow_cell_fast(a)),                    \
                         0)) {                                                 \
      access_slow(a, N, false, site);                                          \
      return;                                                                  \
    }                                                                          \
    rl_count_add(&t->counts[site->id].reads);                                  \
    uint64_t me = t->ep | ((uint64_t)(MASK) << (a & 7));                       \
    if (rl_read_done(c, me))                                                   \
      return;                                                                  \
    word_slow(c, a, me, N, false, site);                                       \
  }                                                                            \
  void __rl_write##N(void *addr, rl_site_t *site) {                            \
    rl_thread_t *t = rl_tls_thread;                                            \
    uintptr_t a = (uintptr_t)addr;                                             \
    rl_cell_t *c;                                                              \
    if (__builtin_expect(!t || (a & 7) + N > 8 ||                              \
                             !rl_thread_counts_reach(t, site->id) ||           \
                             !(c = rl_shadow_cell_fast(a)),                    \
                         0)) {                                                 \
      access_slow(a, N, true, site);                                           \
      return;                                                                  \
    }                                                                          \
    rl_count_add(&t->counts[site->id].writes);                                 \
    uint64_t me = t->ep | ((uint64_t)(MASK) << (a & 7));                       \
    if (rl_ep_covers(LOAD(&c->w), me))                                         \
      return;                                                                  \
    word_slow(c, a, me, N, true, site);                                        \
  }
RL_PLAIN(1, 0x1)
RL_PLAIN(2, 0x3)
RL_PLAIN(4, 0xf)
RL_PLAIN(8, 0xff)

/* The inline check's misses (rt/abi.h).  A cell in rl_shadow_empty means
 * the check had nothing to look at (no goroutine or count table, tracing,
 * a module not numbered yet, a chunk not made yet): the whole entry point.
 * So does an address above the table, which the check folds into it.
 * Otherwise the check found the cell and the site within the goroutine's
 * table; the epoch is taken afresh (the check's may predate a signal
 * handler's sync), and a read looks at the cold half's hint, which the
 * check does not, before the slow path. */
static inline bool miss_whole(const void *cell, uintptr_t a) {
  return (uintptr_t)cell - (uintptr_t)rl_shadow_empty <
             sizeof rl_shadow_empty ||
         (a >> RL_SH_ADDR_BITS) != 0;
}

static inline void miss(void *cell, uintptr_t a, uint32_t n, rl_site_t *site,
                        bool is_write) {
  if (__builtin_expect(miss_whole(cell, a), 0)) {
    access_slow(a, n, is_write, site);
    return;
  }
  rl_thread_t *t = rl_tls_thread;
  rl_cell_t *c = cell;
  rl_counts_t *k = &t->counts[site->id];
  rl_count_add(is_write ? &k->writes : &k->reads);
  uint64_t me = t->ep | ((((uint64_t)1 << n) - 1) << (a & 7));
  if (is_write ? !rl_ep_covers(LOAD(&c->w), me) : !rl_read_done(c, me))
    check_report(t, c, a, n, me, is_write, site->id, true);
}

void __rl_read_miss(void *cell, const void *addr, uint32_t n, rl_site_t *site) {
  miss(cell, (uintptr_t)addr, n, site, false);
}

void __rl_write_miss(void *cell, void *addr, uint32_t n, rl_site_t *site) {
  miss(cell, (uintptr_t)addr, n, site, true);
}

/* 16 bytes (vectorised loops): two whole words, each with its own
 * same-epoch fast path. */
#define RL_PLAIN16(NAME, CONST, IS_WRITE, FIELD)                               \
  void NAME(CONST void *addr, rl_site_t *site) {                               \
    rl_thread_t *t = rl_tls_thread;                                            \
    uintptr_t a = (uintptr_t)addr;                                             \
    if (__builtin_expect(!t || rl_trace_all || (a & 7), 0)) {                  \
      access_slow(a, 16, IS_WRITE, site);                                      \
      return;                                                                  \
    }                                                                          \
    rl_count_add(&rl_thread_counts(t, site->id)->FIELD);                       \
    uint64_t me = t->ep | 0xff;                                                \
    bool reported = false;                                                     \
    for (int i = 0; i < 2; i++) {                                              \
      rl_cell_t *c = rl_shadow_cell(a + 8 * i);                                \
      if (__builtin_expect(!c, 0))                                             \
        return;                                                                \
      if (rl_ep_covers(LOAD(&c->w), me) || (!IS_WRITE && rl_read_done(c, me))) \
        continue;                                                              \
      if (check_report(t, c, a, 16, me, IS_WRITE, site->id, !reported))        \
        reported = true;                                                       \
    }                                                                          \
  }
RL_PLAIN16(__rl_read16, const, false, reads)
RL_PLAIN16(__rl_write16, , true, writes)
/* Ranges: the plugin passes a vector access it cannot prove aligned as
 * one (an int array's 8 or 16 bytes); when it is aligned after all, the
 * word fast paths take it. */
static void range(uintptr_t a, size_t n, bool is_write, rl_site_t *site) {
  if (site && !(a & 7) && n == 8)
    is_write ? __rl_write8((void *)a, site) : __rl_read8((void *)a, site);
  else if (site && !(a & 7) && n == 16)
    is_write ? __rl_write16((void *)a, site) : __rl_read16((void *)a, site);
  else
    access_slow(a, n, is_write, site);
}
void __rl_read_range(const void *addr, size_t n, rl_site_t *site) {
  range((uintptr_t)addr, n, false, site);
}
void __rl_write_range(void *addr, size_t n, rl_site_t *site) {
  range((uintptr_t)addr, n, true, site);
}
