/*
 * rt/core/api.h -- the tracking variants of the teaching API: for every
 * RL_INTERCEPT_API(name) in rt/intercepts.def, the plugin rewrites a call
 * name(args) into __rl_name(args, site).  The plain functions of go.h call
 * these with site NULL, so both paths are one implementation.
 */
#ifndef RT_CORE_API_H
#define RT_CORE_API_H

#include "../abi.h"
#include "racelens/go.h"

void __rl_go(void (*fn)(void *), void *arg, rl_site_t *site);
void __rl_sleep_ms(long ms, rl_site_t *site);
void __rl_sleep_us(long us, rl_site_t *site);
void __rl_go_yield(rl_site_t *site);

chan_t *__rl_chan_make(size_t elem_size, size_t cap, rl_site_t *site);
void __rl_chan_send(chan_t *c, const void *elem, rl_site_t *site);
bool __rl_chan_recv(chan_t *c, void *elem, rl_site_t *site);
void __rl_chan_close(chan_t *c, rl_site_t *site);
void __rl_chan_send_any(chan_t *c, const void *elem, rl_site_t *site);
bool __rl_chan_recv_any(chan_t *c, void *elem, rl_site_t *site);
void __rl_chan_close_any(chan_t *c, rl_site_t *site);
void __rl_chan_send_to(chan_sendonly_t c, const void *elem, rl_site_t *site);
bool __rl_chan_recv_from(chan_recvonly_t c, void *elem, rl_site_t *site);
void __rl_chan_close_send(chan_sendonly_t c, rl_site_t *site);
chan_t *__rl_after_ms(long ms, rl_site_t *site);
int __rl_chan_select(int ncases, select_case_t *cases, bool has_default,
                     rl_site_t *site);

void __rl_wg_add(waitgroup_t *wg, int delta, rl_site_t *site);
void __rl_wg_done(waitgroup_t *wg, rl_site_t *site);
void __rl_wg_wait(waitgroup_t *wg, rl_site_t *site);
void __rl_mutex_lock(mutex_t *m, rl_site_t *site);
void __rl_mutex_unlock(mutex_t *m, rl_site_t *site);
bool __rl_mutex_trylock(mutex_t *m, rl_site_t *site);
void __rl_rwmutex_lock(rwmutex_t *m, rl_site_t *site);
void __rl_rwmutex_unlock(rwmutex_t *m, rl_site_t *site);
void __rl_rwmutex_rlock(rwmutex_t *m, rl_site_t *site);
void __rl_rwmutex_runlock(rwmutex_t *m, rl_site_t *site);
void __rl_once_do(once_t *o, void (*fn)(void), rl_site_t *site);

#endif /* RT_CORE_API_H */
