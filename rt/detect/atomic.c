/*
 * rt/detect/atomic.c -- C11 atomics: the runtime performs the operation so
 * that the memory operation and its happens-before effect are one step.
 *
 * Every address used atomically with a non-relaxed order has a sync clock
 * (rl_clock_at).  Under that clock's lock: a release (store, or the
 * release half of an RMW/CAS) joins the goroutine's clock into it; an
 * acquire (load, or the acquire half) joins it into the goroutine's clock.
 * Relaxed operations take no lock and order nothing.  A relaxed RMW that
 * continues a release sequence leaves the clock alone, so a later acquire
 * still sees the release (C11 release sequences).  Fences are logged but
 * do not order anything by themselves: a program that synchronises only
 * through relaxed accesses plus fences gets reports (documented limit).
 *
 * Shadow memory records the access as atomic: two atomic accesses never
 * race, an atomic and a plain one do.
 */
#include <stdbool.h>

#include "../log/log.h"
#include "access.h"
#include "event.h"
#include "sites.h"
#include "syncvar.h"

static inline bool is_acquire(int o) {
  return o == RL_ACQUIRE || o == RL_CONSUME || o == RL_ACQ_REL ||
         o == RL_SEQ_CST;
}
static inline bool is_release(int o) {
  return o == RL_RELEASE || o == RL_ACQ_REL || o == RL_SEQ_CST;
}

/* The sync part of an atomic op, after it was performed under c's lock. */
static void sync_locked(rl_thread_t *t, rl_clock_t *c, bool acq, bool rel,
                        uint64_t *peer, uint64_t *seq) {
  if (acq) {
    rl_vc_join(&t->vc, &c->vc);
    *peer = c->last_seq;
  }
  if (rel) {
    *seq = rl_next_seq();
    rl_vc_join(&c->vc, &t->vc);
    c->last_seq = *seq;
  }
}

/* Logs the op's event when it moved happens-before.  An acquire that only
 * re-reads the release it already saw (a spin loop) is not logged again. */
static void after(rl_thread_t *t, uint16_t kind, const rl_site_t *s,
                  volatile void *a, bool acq, bool rel, uint64_t peer,
                  uint64_t seq, uint64_t value) {
  if (rel) {
    rl_log_event(&(rl_log_event_t){.seq = seq,
                                   .gid = t->gid,
                                   .kind = kind,
                                   .site = s ? s->id : 0,
                                   .stack = t->node,
                                   .peer = acq ? peer : 0,
                                   .value = value,
                                   .aux = (uint64_t)(uintptr_t)a,
                                   .clock = rl_vc_get(&t->vc, t->slot),
                                   .ts = rl_log_stamp()});
    rl_thread_note(t, seq, kind, s);
    rl_tick(t);
  } else if (acq && peer && peer != t->last_atomic_peer) {
    t->last_atomic_peer = peer;
    uint64_t q =
        rl_log_plain_event(t, kind, s, 0, peer, value, (uint64_t)(uintptr_t)a);
    rl_thread_note(t, q, kind, s);
    rl_tick(t);
  }
}

static void record(rl_thread_t *t, volatile void *a, size_t n, bool is_write,
                   const rl_site_t *s) {
  if (s)
    rl_count_add(&rl_thread_counts(t, s->id)->atomics);
  rl_check_range(t, (uintptr_t)a, n, is_write, true, s);
}

#define LOCK_IF(c) ((c) ? rl_spin_lock(&(c)->lock) : (void)0)
#define UNLOCK_IF(c) ((c) ? rl_spin_unlock(&(c)->lock) : (void)0)

#define RL_ATOMIC_DEFS(N, T)                                                   \
  T __rl_atomic_load##N(const volatile void *a, int order, rl_site_t *s) {     \
    volatile T *p = (volatile T *)a;                                           \
    if (!rl_enabled)                                                           \
      return __atomic_load_n(p, __ATOMIC_SEQ_CST);                             \
    rl_thread_t *t = rl_cur();                                                 \
    bool acq = is_acquire(order);                                              \
    rl_clock_t *c = acq ? rl_clock_at((const void *)a) : NULL;                 \
    uint64_t peer = 0, seq = 0;                                                \
    LOCK_IF(c);                                                                \
    T v = __atomic_load_n(p, __ATOMIC_SEQ_CST);                                \
    if (c)                                                                     \
      sync_locked(t, c, true, false, &peer, &seq);                             \
    UNLOCK_IF(c);                                                              \
    record(t, p, N, false, s);                                                 \
    after(t, RL_EV_ATOMIC_LOAD, s, p, acq, false, peer, seq, (uint64_t)v);     \
    return v;                                                                  \
  }                                                                            \
  void __rl_atomic_store##N(volatile void *a, T v, int order, rl_site_t *s) {  \
    volatile T *p = (volatile T *)a;                                           \
    if (!rl_enabled) {                                                         \
      __atomic_store_n(p, v, __ATOMIC_SEQ_CST);                                \
      return;                                                                  \
    }                                                                          \
    rl_thread_t *t = rl_cur();                                                 \
    bool rel = is_release(order);                                              \
    record(t, p, N, true, s);                                                  \
    rl_clock_t *c = rel ? rl_clock_at((const void *)a) : NULL;                 \
    uint64_t peer = 0, seq = 0;                                                \
    LOCK_IF(c);                                                                \
    __atomic_store_n(p, v, __ATOMIC_SEQ_CST);                                  \
    if (c)                                                                     \
      sync_locked(t, c, false, true, &peer, &seq);                             \
    UNLOCK_IF(c);                                                              \
    after(t, RL_EV_ATOMIC_STORE, s, p, false, rel, peer, seq, (uint64_t)v);    \
  }                                                                            \
  T __rl_atomic_rmw##N(volatile void *a, int op, T v, int order,               \
                       rl_site_t *s) {                                         \
    volatile T *p = (volatile T *)a;                                           \
    rl_thread_t *t = rl_enabled ? rl_cur() : NULL;                             \
    bool acq = t && is_acquire(order), rel = t && is_release(order);           \
    if (t)                                                                     \
      record(t, p, N, true, s);                                                \
    rl_clock_t *c = acq || rel ? rl_clock_at((const void *)a) : NULL;          \
    uint64_t peer = 0, seq = 0;                                                \
    LOCK_IF(c);                                                                \
    T old;                                                                     \
    switch (op) {                                                              \
    case RL_RMW_XCHG:                                                          \
      old = __atomic_exchange_n(p, v, __ATOMIC_SEQ_CST);                       \
      break;                                                                   \
    case RL_RMW_ADD:                                                           \
      old = __atomic_fetch_add(p, v, __ATOMIC_SEQ_CST);                        \
      break;                                                                   \
    case RL_RMW_SUB:                                                           \
      old = __atomic_fetch_sub(p, v, __ATOMIC_SEQ_CST);                        \
      break;                                                                   \
    case RL_RMW_AND:                                                           \
      old = __atomic_fetch_and(p, v, __ATOMIC_SEQ_CST);                        \
      break;                                                                   \
    case RL_RMW_OR:                                                            \
      old = __atomic_fetch_or(p, v, __ATOMIC_SEQ_CST);                         \
      break;                                                                   \
    case RL_RMW_XOR:                                                           \
      old = __atomic_fetch_xor(p, v, __ATOMIC_SEQ_CST);                        \
      break;                                                                   \
    case RL_RMW_NAND:                                                          \
      old = __atomic_fetch_nand(p, v, __ATOMIC_SEQ_CST);                       \
      break;                                                                   \
    default:                                                                   \
      old = rmw_minmax##N(p, op, v);                                           \
      break;                                                                   \
    }                                                                          \
    if (c)                                                                     \
      sync_locked(t, c, acq, rel, &peer, &seq);                                \
    UNLOCK_IF(c);                                                              \
    if (t)                                                                     \
      after(t, RL_EV_ATOMIC_RMW, s, p, acq, rel, peer, seq, (uint64_t)old);    \
    return old;                                                                \
  }                                                                            \
  T __rl_atomic_cas##N(volatile void *a, T expected, T desired, int succ,      \
                       int fail, rl_site_t *s) {                               \
    volatile T *p = (volatile T *)a;                                           \
    rl_thread_t *t = rl_enabled ? rl_cur() : NULL;                             \
    bool any =                                                                 \
        t && (is_acquire(succ) || is_release(succ) || is_acquire(fail));       \
    rl_clock_t *c = any ? rl_clock_at((const void *)a) : NULL;                 \
    uint64_t peer = 0, seq = 0;                                                \
    LOCK_IF(c);                                                                \
    bool ok = __atomic_compare_exchange_n(p, &expected, desired, false,        \
                                          __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); \
    int o = ok ? succ : fail;                                                  \
    bool acq = t && is_acquire(o), rel = t && ok && is_release(o);             \
    if (c)                                                                     \
      sync_locked(t, c, acq, rel, &peer, &seq);                                \
    UNLOCK_IF(c);                                                              \
    if (t) {                                                                   \
      record(t, p, N, ok, s);                                                  \
      after(t, RL_EV_ATOMIC_CAS, s, p, acq, rel, peer, seq,                    \
            (uint64_t)expected);                                               \
    }                                                                          \
    return expected;                                                           \
  }

/* Signed and unsigned min/max, which the __atomic builtins lack in C. */
#define RL_MINMAX(N, T, S)                                                     \
  static T rmw_minmax##N(volatile T *p, int op, T v) {                         \
    T old = __atomic_load_n(p, __ATOMIC_SEQ_CST), nv;                          \
    do {                                                                       \
      switch (op) {                                                            \
      case RL_RMW_MAX:                                                         \
        nv = (S)old > (S)v ? old : v;                                          \
        break;                                                                 \
      case RL_RMW_MIN:                                                         \
        nv = (S)old < (S)v ? old : v;                                          \
        break;                                                                 \
      case RL_RMW_UMAX:                                                        \
        nv = old > v ? old : v;                                                \
        break;                                                                 \
      case RL_RMW_UMIN:                                                        \
        nv = old < v ? old : v;                                                \
        break;                                                                 \
      default:                                                                 \
        nv = v;                                                                \
        break;                                                                 \
      }                                                                        \
    } while (!__atomic_compare_exchange_n(                                     \
        p, &old, nv, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST));              \
    return old;                                                                \
  }
RL_MINMAX(1, uint8_t, int8_t)
RL_MINMAX(2, uint16_t, int16_t)
RL_MINMAX(4, uint32_t, int32_t)
RL_MINMAX(8, uint64_t, int64_t)

RL_ATOMIC_DEFS(1, uint8_t)
RL_ATOMIC_DEFS(2, uint16_t)
RL_ATOMIC_DEFS(4, uint32_t)
RL_ATOMIC_DEFS(8, uint64_t)

void __rl_atomic_fence(int order, rl_site_t *s) {
  __atomic_thread_fence(__ATOMIC_SEQ_CST);
  if (!rl_enabled)
    return;
  rl_log_plain_event(rl_cur(), RL_EV_FENCE, s, 0, 0, (uint64_t)order, 0);
}
