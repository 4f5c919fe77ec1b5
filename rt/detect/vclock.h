/*
 * rt/detect/vclock.h -- vector clocks: one logical clock per goroutine slot.
 *
 * A vector clock V orders events: an access at epoch (slot s, clock c)
 * happened before everything whose clock has V[s] >= c.  Clocks grow on
 * demand (a missing component is 0), so a clock only costs as many words
 * as the highest slot it has heard of.
 *
 * Not thread-safe by itself: a goroutine's own clock is touched only by
 * that goroutine, and a sync object's clock only under its lock.
 */
#ifndef RL_VCLOCK_H
#define RL_VCLOCK_H

#include <stdint.h>

typedef struct rl_vc {
  uint64_t *c;
  uint32_t n;
} rl_vc_t;

static inline uint64_t rl_vc_get(const rl_vc_t *v, uint32_t slot) {
  return slot < v->n ? v->c[slot] : 0;
}

void rl_vc_set(rl_vc_t *v, uint32_t slot, uint64_t t);
void rl_vc_join(rl_vc_t *dst, const rl_vc_t *src);
void rl_vc_copy(rl_vc_t *dst, const rl_vc_t *src);
void rl_vc_free(rl_vc_t *v);

#endif /* RL_VCLOCK_H */
