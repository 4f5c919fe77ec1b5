/*
 * rt/detect/lifecycle.c -- a goroutine's life as the detector sees it: the
 * parent's `go` hands its clock to the child, the child starts on clean
 * stack shadow, its exit clock waits for joins.
 */
#include <stdlib.h>
#include <string.h>

#include "../log/log.h"
#include "event.h"
#include "shadow.h"
#include "sites.h"
#include "stack.h"
#include "thread.h"

void rl_go_begin(rl_spawn_t *sp, const rl_site_t *site, const char *fn_name,
                 const char *kind) {
  if (!rl_enabled) {
    sp->parent = rl_gid();
    sp->gid = rl_new_gid();
    sp->go_seq = 0;
    sp->state = NULL;
    return;
  }
  rl_thread_t *p = rl_cur();
  rl_thread_t *c =
      rl_thread_new(rl_new_gid(), p->gid, kind ? kind : "goroutine", &p->vc);
  if (!fn_name && site)
    fn_name = site->target;
  c->fn_name = fn_name ? strdup(fn_name) : NULL;
  c->create_site = site ? site->id : 0;
  c->create_stack = p->node;
  /* The child sees everything the parent did before `go`; the parent's
   * own component of the child's clock is below the child's first clock
   * (slots continue monotonically), so the join keeps the child's own. */
  rl_vc_join(&c->vc, &p->vc);
  uint64_t seq = rl_log_plain_event(p, RL_EV_GO, site, 0, 0, 0, c->gid);
  rl_thread_note(p, seq, RL_EV_GO, site);
  rl_tick(p);
  c->go_seq = seq;
  sp->gid = c->gid;
  sp->parent = p->gid;
  sp->go_seq = seq;
  sp->state = c;
}

void rl_thread_start(rl_spawn_t *sp) {
  if (!sp->state) {
    rl_thread_set_off_gid(sp->gid);
    return;
  }
  rl_thread_t *t = sp->state;
  rl_tls_thread = t;
  rl_thread_stack_range(&t->stack_lo, &t->stack_hi);
  rl_stack_reset_shadow(t->stack_lo, t->stack_hi);
  const rl_site_t *go_site = rl_site_by_id(t->create_site);
  uint64_t seq =
      rl_log_plain_event(t, RL_EV_START, go_site, 0, t->go_seq, 0, 0);
  rl_thread_note(t, seq, RL_EV_START, go_site);
  rl_tick(t);
  rl_log_goroutine(&(rl_log_goroutine_t){.gid = t->gid,
                                         .parent = t->parent,
                                         .start_func = t->fn_name,
                                         .kind = t->kind,
                                         .create_site = t->create_site,
                                         .create_stack = t->create_stack,
                                         .go_seq = t->go_seq,
                                         .start_ns = rl_now_ns()});
}

void rl_thread_exit_state(rl_thread_t *t) {
  /* Only threads can be joined: a goroutine's exit clock would be a whole
   * vector clock kept for the rest of the run, for 10,000s of goroutines. */
  if (t->exit_clock && !strcmp(t->kind, "goroutine")) {
    rl_clock_free(t->exit_clock);
    t->exit_clock = NULL;
  }
  /* No instrumented access comes after this point: the last clock shadow
   * memory can hold for this goroutine is now known. */
  uint64_t now = rl_vc_get(&t->vc, t->slot);
  t->last_stamp = t->stamped ? now : now - 1;
  rl_evinfo_t e = {.kind = RL_EV_EXIT, .release = t->exit_clock};
  t->exit_seq = rl_event(&e);
  rl_thread_flush_counts(t);
  rl_log_goroutine_end(t->gid, t->exit_seq, rl_now_ns());
  rl_log_thread_flush();
  rl_thread_free_live_parts(t);
  rl_stack_thread_exit();
  rl_tls_thread = NULL;
}

void rl_thread_exit(void) {
  rl_thread_t *t = rl_tls_thread;
  rl_thread_set_off_gid(0);
  if (t)
    rl_thread_exit_state(t);
}

void rl_join(uint32_t gid, const rl_site_t *site) {
  if (!rl_enabled)
    return;
  rl_thread_t *g = rl_thread_by_gid(gid);
  rl_evinfo_t e = {.kind = RL_EV_JOIN,
                   .site = site,
                   .acquire = g ? g->exit_clock : NULL,
                   .aux = gid};
  rl_event(&e);
}
