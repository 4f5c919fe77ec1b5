/*
 * Why nothing orders the two accesses, in sentences built from the logged
 * happens-before edges: the last synchronisation each goroutine did before
 * its access, and what (if anything) the earlier goroutine did afterwards
 * that the later one never acquired.
 */
#include "report.h"

#include <stdio.h>

/* Explanations name goroutines by id only ("G3"): the full label has
 * already been printed with the accesses. */
static void since(const rl_access_t *a, char *buf, size_t len) {
  char who[24];
  snprintf(who, sizeof who, "G%lld", (long long)a->gid);
  if (a->last_sync.seq)
    snprintf(buf, len, "%s's %s comes after %s", who, a->kind,
             a->last_sync.what);
  else if (a->is_main)
    snprintf(buf, len,
             "%s's %s comes before any synchronisation of the program", who,
             a->kind);
  else
    snprintf(buf, len, "%s's %s comes after no logged synchronisation", who,
             a->kind);
}

int rl_report_explain(const rl_race_t *r, char lines[][512], int max) {
  int n = 0;
  if (max < 3)
    return 0;
  char a[512], b[512], pw[24], cw[24];
  snprintf(pw, sizeof pw, "G%lld", (long long)r->prev.gid);
  snprintf(cw, sizeof cw, "G%lld", (long long)r->cur.gid);
  since(&r->prev, a, sizeof a);
  since(&r->cur, b, sizeof b);
  snprintf(lines[n++], 512, "%s;", a);
  snprintf(lines[n++], 512, "%s.", b);
  if (r->prev_next_sync.seq && r->prev_next_sync.kind == 3)
    snprintf(lines[n++], 512,
             "After its %s, %s exited, but %s did not wait for that (join, "
             "wg_wait or a channel receive) before its %s, so nothing orders "
             "the two accesses.",
             r->prev.kind, pw, cw, r->cur.kind);
  else if (r->prev_next_sync.seq)
    snprintf(lines[n++], 512,
             "After its %s, %s did %s, but %s did not synchronise with that "
             "before its %s, so nothing orders the two accesses.",
             r->prev.kind, pw, r->prev_next_sync.what, cw, r->cur.kind);
  else
    snprintf(lines[n++], 512,
             "Nothing %s did after its %s reaches %s before the %s: no "
             "channel send/receive, unlock/lock, wg_done/wg_wait, join or "
             "atomic between them, so the two accesses can happen in either "
             "order.",
             pw, r->prev.kind, cw, r->cur.kind);
  return n;
}
