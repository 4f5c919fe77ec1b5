/*
 * rt/core/chan.c -- channels: make, send, receive, close, len, cap, and the
 * directional views.  See chan.h for the structure.
 *
 * Happens-before, per the Go memory model, as rl_event acquire/release:
 *  - unbuffered, sender first: the sender logs SEND releasing into its wait
 *    clock and parks; the receiver's RECV acquires and releases that clock;
 *    the sender's SEND_DONE acquires it.  Receiver first: it logs BLOCK
 *    releasing into its wait clock; the sender's SEND acquires and releases
 *    it; the receiver's RECV acquires it.  Either way each side ends up
 *    ordered after the other, and RECV's peer is the SEND.
 *  - buffered: every send and receive acquires and releases its slot's
 *    clock, which yields "send → the receive that gets it" and "k-th
 *    receive → (k+cap)-th send" exactly.
 *  - close releases into the close clock; a receive that sees the close
 *    acquires it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../rt.h"
#include "api.h"
#include "chan.h"

uint64_t rt_chan_value(const void *elem, size_t size) {
  uint64_t v = 0;
  if (elem && size)
    memcpy(&v, elem, size < 8 ? size : 8);
  return v;
}

static void track(uint16_t kind, chan_t *c, const rl_site_t *site,
                  rl_clock_t *acq, rl_clock_t *rel, uint64_t value,
                  uint64_t aux, uint64_t block_ns) {
  rl_evinfo_t e = {.kind = kind,
                   .obj = c->obj,
                   .site = site,
                   .acquire = acq,
                   .release = rel,
                   .value = value,
                   .aux = aux,
                   .block_ns = block_ns};
  rl_event(&e);
}

static rl_clock_t *slot_clock(chan_t *c, size_t i) {
  if (!c->slot_clock)
    return NULL;
  if (!c->slot_clock[i])
    c->slot_clock[i] = rl_clock_new();
  return c->slot_clock[i];
}

rt_g_t *rt_chan_give(chan_t *c, rt_sudog_t *r, const void *elem,
                     const rl_site_t *site, uint64_t aux) {
  if (r->elem && c->elem_size)
    memcpy(r->elem, elem, c->elem_size);
  r->value = rt_chan_value(elem, c->elem_size);
  r->done = true;
  if (rl_enabled)
    track(RL_EV_SEND, c, site, r->g->wait_clock, r->g->wait_clock, r->value,
          aux, 0);
  return rt_waitq_claim(r);
}

rt_g_t *rt_chan_take(chan_t *c, rt_sudog_t *s, void *elem,
                     const rl_site_t *site, uint64_t aux) {
  if (elem && c->elem_size)
    memcpy(elem, s->elem, c->elem_size);
  s->value = rt_chan_value(s->elem, c->elem_size);
  s->done = true;
  if (rl_enabled)
    track(RL_EV_RECV, c, site, s->g->wait_clock, s->g->wait_clock, s->value,
          aux, 0);
  return rt_waitq_claim(s);
}

rt_g_t *rt_chan_put(chan_t *c, const void *elem, const rl_site_t *site,
                    uint64_t aux) {
  char *slot = c->buf + c->sendx * c->elem_size;
  if (c->elem_size)
    memcpy(slot, elem, c->elem_size);
  if (rl_enabled && !c->is_timer) {
    rl_clock_t *k = slot_clock(c, c->sendx);
    track(RL_EV_SEND, c, site, k, k, rt_chan_value(elem, c->elem_size), aux, 0);
  }
  if (++c->sendx == c->cap)
    c->sendx = 0;
  c->qcount++;
  rt_sudog_t *r = rt_waitq_pop(&c->recvq);
  return r ? rt_waitq_claim(r) : NULL;
}

rt_g_t *rt_chan_get(chan_t *c, void *elem, const rl_site_t *site,
                    uint64_t aux) {
  char *slot = c->buf + c->recvx * c->elem_size;
  if (elem && c->elem_size)
    memcpy(elem, slot, c->elem_size);
  if (rl_enabled) {
    rl_clock_t *k = slot_clock(c, c->recvx);
    track(RL_EV_RECV, c, site, k, k, rt_chan_value(slot, c->elem_size), aux, 0);
  }
  if (++c->recvx == c->cap)
    c->recvx = 0;
  c->qcount--;
  rt_sudog_t *s = rt_waitq_pop(&c->sendq);
  return s ? rt_waitq_claim(s) : NULL;
}

void rt_chan_got_closed(chan_t *c, void *elem, const rl_site_t *site,
                        uint64_t aux) {
  if (elem && c->elem_size)
    memset(elem, 0, c->elem_size);
  if (rl_enabled)
    track(RL_EV_RECV_CLOSED, c, site, c->close_clock, NULL, 0, aux, 0);
}

void rt_chan_pass_on(chan_t *c, int dir) {
  if (!c || c->cap == 0)
    return;
  rt_lock(&c->lock);
  rt_sudog_t *sg = NULL;
  if (dir == SELECT_RECV && c->qcount > 0)
    sg = rt_waitq_pop(&c->recvq);
  else if (dir == SELECT_SEND && c->qcount < c->cap)
    sg = rt_waitq_pop(&c->sendq);
  rt_g_t *g = sg ? rt_waitq_claim(sg) : NULL;
  rt_unlock(&c->lock);
  if (g)
    rt_ready(g);
}

chan_t *__rl_chan_make(size_t elem_size, size_t cap, rl_site_t *site) {
  rt_init();
  if (elem_size > 65536)
    rt_panic(site, "makechan: invalid channel element type");
  if (cap > ((size_t)1 << 40) || (elem_size && cap > SIZE_MAX / elem_size))
    rt_panic(site, "makechan: size out of range");
  chan_t *c = calloc(1, sizeof *c);
  if (c)
    c->buf = calloc(cap ? cap : 1, elem_size ? elem_size : 1);
  if (!c || !c->buf)
    rt_panic(site, "makechan: out of memory");
  c->elem_size = elem_size;
  c->cap = cap;
  if (rl_enabled) {
    c->slot_clock = cap ? calloc(cap, sizeof *c->slot_clock) : NULL;
    c->close_clock = rl_clock_new();
    c->obj = rl_object(c, RL_OBJ_CHAN, site, 0, cap, elem_size);
    track(RL_EV_CHAN_MAKE, c, site, NULL, NULL, 0, 0, 0);
  }
  return c;
}

static void send(chan_t *c, const void *elem, const rl_site_t *site) {
  if (!c)
    rt_block_forever("chan send (nil chan)", site);
  rt_g_t *g = rt_getg();
  uint64_t t0 = 0;
  for (;;) {
    rt_lock(&c->lock);
    if (c->closed) {
      rt_unlock(&c->lock);
      rt_panic(site, "send on closed channel");
    }
    rt_g_t *w = NULL;
    bool sent = false;
    if (c->cap == 0) {
      rt_sudog_t *r = rt_waitq_pop(&c->recvq);
      if (r) {
        w = rt_chan_give(c, r, elem, site, 0);
        sent = true;
      }
    } else if (c->qcount < c->cap) {
      w = rt_chan_put(c, elem, site, 0);
      sent = true;
    }
    if (sent) {
      rt_unlock(&c->lock);
      if (w)
        rt_ready(w);
      return;
    }
    rt_sudog_t sg = {.g = g, .c = c, .elem = (void *)elem, .case_index = -1};
    if (rl_enabled) {
      if (!t0)
        t0 = rt_nanotime();
      if (c->cap == 0)
        track(RL_EV_SEND, c, site, NULL, rt_wait_clock(g),
              rt_chan_value(elem, c->elem_size), 0, 0);
    }
    rt_waitq_push(&c->sendq, &sg);
    rt_block(g, "chan send", site);
    rt_unlock(&c->lock);
    rt_park(g);
    if (sg.done) {
      if (rl_enabled)
        track(RL_EV_SEND_DONE, c, site, g->wait_clock, NULL, sg.value, 0,
              rt_nanotime() - t0);
      return;
    }
    /* Woken by a close (we panic on the next lap) or by buffer space. */
  }
}

static bool recv(chan_t *c, void *elem, const rl_site_t *site) {
  if (!c)
    rt_block_forever("chan receive (nil chan)", site);
  rt_g_t *g = rt_getg();
  uint64_t t0 = 0;
  for (;;) {
    rt_lock(&c->lock);
    rt_g_t *w = NULL;
    bool got = false;
    if (c->cap == 0) {
      rt_sudog_t *s = rt_waitq_pop(&c->sendq);
      if (s) {
        w = rt_chan_take(c, s, elem, site, 0);
        got = true;
      }
    } else if (c->qcount > 0) {
      w = rt_chan_get(c, elem, site, 0);
      got = true;
    }
    if (got) {
      rt_unlock(&c->lock);
      if (w)
        rt_ready(w);
      return true;
    }
    if (c->closed) {
      rt_chan_got_closed(c, elem, site, 0);
      rt_unlock(&c->lock);
      return false;
    }
    rt_sudog_t sg = {.g = g, .c = c, .elem = elem, .case_index = -1};
    if (rl_enabled) {
      if (!t0)
        t0 = rt_nanotime();
      if (c->cap == 0)
        track(RL_EV_BLOCK, c, site, NULL, rt_wait_clock(g), 0, 0, 0);
    }
    rt_waitq_push(&c->recvq, &sg);
    rt_block(g, "chan receive", site);
    rt_unlock(&c->lock);
    rt_park(g);
    if (sg.done) {
      if (rl_enabled)
        track(RL_EV_RECV, c, site, g->wait_clock, NULL, sg.value, 0,
              rt_nanotime() - t0);
      return true;
    }
  }
}

static void close_chan(chan_t *c, const rl_site_t *site) {
  if (!c)
    rt_panic(site, "close of nil channel");
  rt_lock(&c->lock);
  if (c->closed) {
    rt_unlock(&c->lock);
    rt_panic(site, "close of closed channel");
  }
  c->closed = true;
  if (rl_enabled)
    track(RL_EV_CLOSE, c, site, NULL, c->close_clock, 0, 0, 0);
  /* Everyone waiting wakes and retries: receivers find the channel closed
   * (and drained, or they would not have been waiting), senders panic. */
  rt_sudog_t *woken = NULL, *sg;
  while ((sg = rt_waitq_pop(&c->recvq)) || (sg = rt_waitq_pop(&c->sendq))) {
    rt_waitq_claim(sg);
    sg->next = woken;
    woken = sg;
  }
  rt_unlock(&c->lock);
  while (woken) {
    rt_sudog_t *next = woken->next;
    rt_ready(woken->g);
    woken = next;
  }
}

static size_t len_of(chan_t *c) {
  if (!c)
    return 0;
  rt_lock(&c->lock);
  size_t n = c->qcount;
  rt_unlock(&c->lock);
  return n;
}

static size_t cap_of(chan_t *c) {
  return c ? c->cap : 0;
}

/* The plugin's entry points and the plain functions of go.h. */
void __rl_chan_send_any(chan_t *c, const void *e, rl_site_t *s) {
  send(c, e, s);
}
bool __rl_chan_recv_any(chan_t *c, void *e, rl_site_t *s) {
  return recv(c, e, s);
}
void __rl_chan_close_any(chan_t *c, rl_site_t *s) {
  close_chan(c, s);
}
void __rl_chan_send(chan_t *c, const void *e, rl_site_t *s) {
  send(c, e, s);
}
bool __rl_chan_recv(chan_t *c, void *e, rl_site_t *s) {
  return recv(c, e, s);
}
void __rl_chan_close(chan_t *c, rl_site_t *s) {
  close_chan(c, s);
}
void __rl_chan_send_to(chan_sendonly_t c, const void *e, rl_site_t *s) {
  send(c.ch, e, s);
}
bool __rl_chan_recv_from(chan_recvonly_t c, void *e, rl_site_t *s) {
  return recv(c.ch, e, s);
}
void __rl_chan_close_send(chan_sendonly_t c, rl_site_t *s) {
  close_chan(c.ch, s);
}

chan_t *chan_make(size_t elem_size, size_t cap) {
  return __rl_chan_make(elem_size, cap, NULL);
}
void chan_send_any(chan_t *c, const void *e) {
  send(c, e, NULL);
}
bool chan_recv_any(chan_t *c, void *e) {
  return recv(c, e, NULL);
}
void chan_close_any(chan_t *c) {
  close_chan(c, NULL);
}
size_t chan_len_any(chan_t *c) {
  return len_of(c);
}
size_t chan_cap_any(chan_t *c) {
  return cap_of(c);
}
void chan_send_to(chan_sendonly_t c, const void *e) {
  send(c.ch, e, NULL);
}
bool chan_recv_from(chan_recvonly_t c, void *e) {
  return recv(c.ch, e, NULL);
}
void chan_close_send(chan_sendonly_t c) {
  close_chan(c.ch, NULL);
}
size_t chan_len_send(chan_sendonly_t c) {
  return len_of(c.ch);
}
size_t chan_len_recv(chan_recvonly_t c) {
  return len_of(c.ch);
}
size_t chan_cap_send(chan_sendonly_t c) {
  return cap_of(c.ch);
}
size_t chan_cap_recv(chan_recvonly_t c) {
  return cap_of(c.ch);
}
void(chan_send)(chan_t *c, const void *e) {
  send(c, e, NULL);
}
bool(chan_recv)(chan_t *c, void *e) {
  return recv(c, e, NULL);
}
void(chan_close)(chan_t *c) {
  close_chan(c, NULL);
}
size_t(chan_len)(chan_t *c) {
  return len_of(c);
}
size_t(chan_cap)(chan_t *c) {
  return cap_of(c);
}
