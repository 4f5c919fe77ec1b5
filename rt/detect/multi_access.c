/*
 * rt/detect/multi_access.c -- entry points that check several accesses in
 * one call, so that instrumented code makes fewer calls than it has
 * accesses without the reports losing any detail.
 *
 *  - __rl_copy_range: memcpy/memmove read their source and write their
 *    destination; one call checks both, each with its own site, so a race
 *    on either side is reported as the read or the write it is.
 *  - __rl_read_span / __rl_write_span: accesses the plugin found to be
 *    adjacent within one 8-byte word, of one kind, with nothing between
 *    them that could move the clock (`p->lo = a; p->hi = b;`).  The common
 *    case -- this goroutine already did all of them since its last sync --
 *    is the same single shadow load the one-access fast path does
 *    (access.c).  Otherwise each access is checked on its own, with its own
 *    site, exactly as if the plugin had not merged them.
 *
 * A span's sites are consecutive entries of the module's site table, in
 * address order, one per access, each with its size: the table says where
 * one access ends and the next begins.
 */
#include "access.h"
#include "sites.h"

#define LOAD(p) __atomic_load_n(p, __ATOMIC_ACQUIRE)

void __rl_copy_range(void *dst, const void *src, size_t n, rl_site_t *sites) {
  __rl_read_range(src, n, &sites[0]);
  __rl_write_range(dst, n, &sites[1]);
}

/* One access of the span, on its own. */
static void check_one(uintptr_t a, bool is_write, rl_site_t *s) {
  switch (s->size) {
  case 1:
    is_write ? __rl_write1((void *)a, s) : __rl_read1((void *)a, s);
    break;
  case 2:
    is_write ? __rl_write2((void *)a, s) : __rl_read2((void *)a, s);
    break;
  case 4:
    is_write ? __rl_write4((void *)a, s) : __rl_read4((void *)a, s);
    break;
  case 8:
    is_write ? __rl_write8((void *)a, s) : __rl_read8((void *)a, s);
    break;
  default:
    is_write ? __rl_write_range((void *)a, s->size, s)
             : __rl_read_range((void *)a, s->size, s);
  }
}

static void span(uintptr_t a, size_t n, bool is_write, rl_site_t *sites) {
  rl_thread_t *t = rl_tls_thread;
  if (__builtin_expect(t && !rl_trace_all && n && (a & 7) + n <= 8, 1)) {
    rl_cell_t *c = rl_shadow_cell(a);
    uint64_t me = t->ep | (((1ull << n) - 1) << (a & 7));
    bool done = !c || rl_ep_covers(LOAD(&c->w), me) ||
                (!is_write && rl_read_done(c, me));
    if (done) {
      for (size_t off = 0; off < n; off += sites->size, sites++) {
        rl_counts_t *k = rl_thread_counts(t, sites->id);
        rl_count_add(is_write ? &k->writes : &k->reads);
        if (!sites->size)
          break;
      }
      return;
    }
  }
  for (size_t off = 0; off < n; off += sites->size, sites++) {
    check_one(a + off, is_write, sites);
    if (!sites->size)
      break; /* a malformed table must not loop forever */
  }
}

void __rl_read_span(const void *addr, size_t n, rl_site_t *sites) {
  span((uintptr_t)addr, n, false, sites);
}

void __rl_write_span(void *addr, size_t n, rl_site_t *sites) {
  span((uintptr_t)addr, n, true, sites);
}
