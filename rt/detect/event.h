/*
 * rt/detect/event.h -- logging an event without moving happens-before, for
 * the detector's own events (race, trace, fence, start) that must get a
 * place in the global order but order nothing.
 */
#ifndef RL_EVENT_H
#define RL_EVENT_H

#include <stdint.h>

#include "thread.h"

uint64_t rl_next_seq(void);
/* Logs event `kind` of t with the next sequence number and returns it. */
uint64_t rl_log_plain_event(rl_thread_t *t, uint16_t kind,
                            const rl_site_t *site, uint64_t obj, uint64_t peer,
                            uint64_t value, uint64_t aux);
/* Increments t's own clock component: t enters a new epoch. */
void rl_tick(rl_thread_t *t);

#endif /* RL_EVENT_H */
