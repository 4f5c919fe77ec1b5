/*
 * rt/detect/event.c -- rl_event: the one place where happens-before moves
 * (acquire, global order, release, new epoch) and where sync events reach
 * the log.  See rt/track.h for the contract.
 */
#include "event.h"

#include <time.h>

#include "../log/log.h"
#include "heap.h"
#include "lock_order.h"
#include "options.h"
#include "syncvar.h"

static uint64_t global_seq;

uint64_t rl_next_seq(void) {
  return __atomic_add_fetch(&global_seq, 1, __ATOMIC_RELAXED);
}

uint64_t rl_now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void rl_tick(rl_thread_t *t) {
  t->vc.c[t->slot]++;
  t->stamped = false;
  rl_thread_sync_ep(t);
}

/* A channel value that points into a live heap block is a hand-over of that
 * block: the log names it, so ownership (who sent what to whom) can be read
 * without guessing from addresses later, when the block may be gone. */
static uint64_t pointed_block(uint16_t kind, uint64_t value) {
  rl_heap_block_t b;
  if ((kind != RL_EV_SEND && kind != RL_EV_RECV) || value == 0)
    return 0;
  return rl_heap_find((const void *)(uintptr_t)value, &b) ? b.obj : 0;
}

static uint64_t log_event(rl_thread_t *t, uint16_t kind, const rl_site_t *site,
                          uint64_t obj, uint64_t peer, uint64_t value,
                          uint64_t aux, uint64_t dur) {
  uint64_t seq = rl_next_seq();
  if (!rl_log_active()) /* the rest is the log's: its pointer lookup too */
    return seq;
  rl_log_event(&(rl_log_event_t){.seq = seq,
                                 .gid = t->gid,
                                 .kind = kind,
                                 .site = site ? site->id : 0,
                                 .stack = t->node,
                                 .obj = obj,
                                 .peer = peer,
                                 .value = value,
                                 .ptr_obj = pointed_block(kind, value),
                                 .aux = aux,
                                 .clock = rl_vc_get(&t->vc, t->slot),
                                 .ts = rl_log_stamp(),
                                 .dur_ns = dur});
  return seq;
}

uint64_t rl_log_plain_event(rl_thread_t *t, uint16_t kind,
                            const rl_site_t *site, uint64_t obj, uint64_t peer,
                            uint64_t value, uint64_t aux) {
  return log_event(t, kind, site, obj, peer, value, aux, 0);
}

static uint64_t acquire_from(rl_thread_t *t, rl_clock_t *c) {
  rl_spin_lock(&c->lock);
  rl_vc_join(&t->vc, &c->vc);
  uint64_t last = c->last_seq;
  rl_spin_unlock(&c->lock);
  return last;
}

void rl_acquire(rl_clock_t *c) {
  if (!c || !rl_enabled)
    return;
  acquire_from(rl_cur(), c);
}

uint64_t rl_event(const rl_evinfo_t *e) {
  if (!rl_enabled)
    return 0;
  rl_thread_t *t = rl_cur();
  uint64_t peer = e->peer;
  if (e->acquire) {
    uint64_t last = acquire_from(t, e->acquire);
    if (!peer)
      peer = last;
  }
  uint64_t seq = log_event(t, e->kind, e->site, e->obj, peer, e->value, e->aux,
                           e->block_ns);
  rl_thread_note(t, seq, e->kind, e->site);
  if (rl_lock_order_kind(e->kind) && rl_opts.detect_deadlocks)
    rl_lock_order_event(t, e);
  if (e->release) {
    rl_spin_lock(&e->release->lock);
    rl_vc_join(&e->release->vc, &t->vc);
    e->release->last_seq = seq;
    rl_spin_unlock(&e->release->lock);
  }
  rl_tick(t);
  return seq;
}
