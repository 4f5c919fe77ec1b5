/*
 * rt/detect/syncvar.h -- the inside of rl_clock_t (rt/track.h) and the
 * address-keyed table behind rl_clock_at and rl_object.
 *
 * A sync clock is what a lock, a channel slot or an atomic variable
 * carries between goroutines: a release joins the releaser's vector clock
 * into it, an acquire joins it into the acquirer's.  It also remembers
 * which event released into it last, so the log can draw the arrow.
 */
#ifndef RL_SYNCVAR_H
#define RL_SYNCVAR_H

#include <stddef.h>
#include <stdint.h>

#include "spin.h"
#include "vclock.h"

struct rl_clock {
  rl_spin_t lock;
  uint64_t last_seq; /* the event that last released into it, 0 none */
  rl_vc_t vc;
};

/* Object id registered for (addr, kind), 0 when none yet. */
uint64_t rl_syncvar_object(const void *addr, uint16_t kind, uint64_t new_id);

/* A fresh object id (for objects logged without an address entry). */
uint64_t rl_object_new_id(void);

#endif /* RL_SYNCVAR_H */
