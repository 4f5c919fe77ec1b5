/*
 * rt/core/chan.h -- the channel (Go's hchan) and the steps of a channel
 * operation that chan.c and select.c share.
 *
 * Structure follows Go's runtime/chan.go: one lock per channel, a ring
 * buffer, and queues of waiting senders and receivers.  An unbuffered
 * channel hands a value directly from one goroutine to the other (the
 * goroutine that arrives second does the copy and wakes the first).  On a
 * buffered channel every value goes through the buffer and a woken waiter
 * retries its operation: that keeps each buffer slot's happens-before clock
 * exact (the goroutine that moves a value through a slot is the one that
 * acquires and releases the slot's clock), at the price of an occasional
 * extra lap when another goroutine took the slot first.
 */
#ifndef RT_CORE_CHAN_H
#define RT_CORE_CHAN_H

#include <stddef.h>

#include "racelens/go.h"
#include "waitq.h"

struct chan {
  rt_lock_t lock;
  bool closed;
  bool is_timer; /* after_ms: filled by the timer thread, untracked send */
  size_t elem_size, cap;
  size_t qcount, sendx, recvx;
  char *buf;
  rt_waitq_t recvq, sendq;
  uint64_t obj;            /* rl_object id, 0 when detection is off */
  rl_clock_t **slot_clock; /* one per buffer slot, made on first use */
  rl_clock_t *close_clock;
};

/* Each step runs with c->lock held and does not unlock; when it took a
 * waiter out of a queue it returns the goroutine to rt_ready() after the
 * caller unlocked.  `aux` is the select case index (0 for plain ops). */
rt_g_t *rt_chan_give(chan_t *c, rt_sudog_t *receiver, const void *elem,
                     const rl_site_t *site, uint64_t aux);
rt_g_t *rt_chan_take(chan_t *c, rt_sudog_t *sender, void *elem,
                     const rl_site_t *site, uint64_t aux);
rt_g_t *rt_chan_put(chan_t *c, const void *elem, const rl_site_t *site,
                    uint64_t aux);
rt_g_t *rt_chan_get(chan_t *c, void *elem, const rl_site_t *site, uint64_t aux);
void rt_chan_got_closed(chan_t *c, void *elem, const rl_site_t *site,
                        uint64_t aux);
/* After a woken select did not use the wake-up it got from c, pass it on
 * to another waiter so none is stranded. */
void rt_chan_pass_on(chan_t *c, int dir);

uint64_t rt_chan_value(const void *elem, size_t size);

#endif /* RT_CORE_CHAN_H */
