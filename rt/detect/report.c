/*
 * rt/detect/report.c -- race reports on stderr, written for a student:
 * what the variable is, who accessed it where (with the source line and
 * the call stack), who started those goroutines, and why nothing orders
 * the two accesses.  Each pair of source locations is printed once; every
 * occurrence goes to the log.
 *
 * A report is built in memory and written with one call, under one lock,
 * so concurrent reports never interleave.
 */
#include "report.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../log/log.h"
#include "event.h"
#include "heap.h"
#include "options.h"
#include "sites.h"
#include "srcline.h"
#include "stack.h"
#include "syncvar.h"

#define MAX_FRAMES 24

static pthread_mutex_t report_mu = PTHREAD_MUTEX_INITIALIZER;
static uint64_t total, distinct;

/* Location pairs already printed (loc_of below): open addressing on
 * (min << 32 | max). */
static uint64_t *pairs;
static size_t npairs, cappairs;

static bool pair_first(uint32_t a, uint32_t b) {
  uint64_t key = a < b ? ((uint64_t)a << 32 | b) : ((uint64_t)b << 32 | a);
  key++; /* 0 marks an empty slot */
  if (2 * (npairs + 1) > cappairs) {
    size_t cap = cappairs ? cappairs * 2 : 256;
    uint64_t *np = calloc(cap, sizeof *np);
    if (!np)
      abort();
    for (size_t i = 0; i < cappairs; i++)
      if (pairs[i]) {
        size_t j = (pairs[i] * 0x9e3779b97f4a7c15ull) & (cap - 1);
        while (np[j])
          j = (j + 1) & (cap - 1);
        np[j] = pairs[i];
      }
    free(pairs);
    pairs = np;
    cappairs = cap;
  }
  size_t j = (key * 0x9e3779b97f4a7c15ull) & (cappairs - 1);
  while (pairs[j]) {
    if (pairs[j] == key)
      return false;
    j = (j + 1) & (cappairs - 1);
  }
  pairs[j] = key;
  npairs++;
  return true;
}

/* Which source location a site is at: one number per (file, line,
 * column).  Races are printed once per pair of *locations*, not of site
 * ids: the optimiser may copy an access (an unrolled or versioned loop)
 * into several sites of one line, and `counter++` reads and writes at one
 * place; a student sees one race there, not three. */
typedef struct loc {
  const char *file;
  uint32_t line, col, id;
} loc_t;
static loc_t *locs;
static size_t nlocs, caplocs;

static uint64_t loc_hash(const char *file, uint32_t line, uint32_t col) {
  uint64_t h = 1469598103934665603ull;
  for (const char *p = file; p && *p; p++)
    h = (h ^ (unsigned char)*p) * 1099511628211ull;
  return (h ^ line * 0x9e3779b97f4a7c15ull) ^ ((uint64_t)col << 40);
}

static bool loc_same(const loc_t *l, const char *file, uint32_t line,
                     uint32_t col) {
  return l->line == line && l->col == col &&
         (l->file == file || (l->file && file && !strcmp(l->file, file)));
}

static uint32_t loc_of(uint32_t site_id) {
  const rl_site_t *s = rl_site_by_id(site_id);
  if (!s || !s->file || !s->line)
    return site_id ? 0x80000000u | site_id : 0; /* no location: its own */
  if (2 * (nlocs + 1) > caplocs) {
    size_t cap = caplocs ? caplocs * 2 : 256;
    loc_t *nl = calloc(cap, sizeof *nl);
    if (!nl)
      abort();
    for (size_t i = 0; i < caplocs; i++)
      if (locs[i].id) {
        size_t j =
            loc_hash(locs[i].file, locs[i].line, locs[i].col) & (cap - 1);
        while (nl[j].id)
          j = (j + 1) & (cap - 1);
        nl[j] = locs[i];
      }
    free(locs);
    locs = nl;
    caplocs = cap;
  }
  size_t j = loc_hash(s->file, s->line, s->col) & (caplocs - 1);
  for (; locs[j].id; j = (j + 1) & (caplocs - 1))
    if (loc_same(&locs[j], s->file, s->line, s->col))
      return locs[j].id;
  locs[j] = (loc_t){s->file, s->line, s->col, (uint32_t)++nlocs};
  return locs[j].id;
}

uint64_t rl_report_count(uint64_t *d) {
  pthread_mutex_lock(&report_mu);
  uint64_t n = total;
  if (d)
    *d = distinct;
  pthread_mutex_unlock(&report_mu);
  return n;
}

/* ---- pieces of text ----------------------------------------------------- */
static const char *str(const char *s) {
  return s && *s ? s : "<unknown>";
}

static const char *base_name(const char *path) {
  if (!path)
    return NULL;
  const char *s = strrchr(path, '/');
  return s ? s + 1 : path;
}

static void put_loc(FILE *o, const rl_site_t *s) {
  if (!s || !s->file)
    fputs("<unknown location>", o);
  else if (s->line)
    fprintf(o, "%s:%u", base_name(s->file), s->line);
  else
    fputs(base_name(s->file), o);
}

static void put_goroutine(FILE *o, uint32_t gid) {
  rl_thread_t *g = rl_thread_by_gid(gid);
  if (!gid)
    fputs("an unknown goroutine", o);
  else if (g && g->fn_name)
    fprintf(o, "G%u (%s)", gid, g->fn_name);
  else
    fprintf(o, "G%u", gid);
}

static const char *kind_name(uint16_t kind) {
  switch (kind) {
#define RL_EVENT(e, n, name)                                                   \
  case n:                                                                      \
    return name;
#include "../events.def"
  }
  return "event";
}

static bool is_free_site(const rl_site_t *s) {
  return s && s->kind == RL_SITE_CALL && s->callee &&
         (!strcmp(s->callee, "free") || !strcmp(s->callee, "realloc") ||
          !strcmp(s->callee, "reallocarray"));
}

static const char *access_word(const rl_acc_t *a, const rl_site_t *s) {
  if (is_free_site(s))
    return "free";
  if (a->ep & RL_EP_ATOMIC)
    return a->is_write ? "atomic write" : "atomic read";
  return a->is_write ? "write" : "read";
}

static size_t access_size(const rl_acc_t *a, const rl_site_t *s, size_t dflt) {
  if (dflt)
    return dflt;
  if (s && s->size)
    return s->size;
  return (size_t)__builtin_popcountll(a->ep & RL_EP_MASK);
}

/* "#0 fn file:line" frames: the access's own line first, then for each
 * caller the line it made the call from. */
static void put_stack(FILE *o, uint32_t node, const rl_site_t *at) {
  const char *func = at ? at->func : NULL;
  const rl_site_t *line_site = at;
  rl_node_t n;
  int depth = 0;
  bool have = rl_stack_get(node, &n);
  if (have && !func) {
    const rl_site_t *fs = rl_site_by_id(n.fn_site);
    func = fs ? fs->func : NULL;
  }
  fprintf(o, "    #%d %s ", depth++, str(func));
  put_loc(o, line_site);
  fputc('\n', o);
  if (have && func) {
    /* The access was inlined into the function the node names: show that
     * frame too, without the line of the inlined call (not known). */
    const rl_site_t *fs = rl_site_by_id(n.fn_site);
    if (fs && fs->func && strcmp(fs->func, func)) {
      fprintf(o, "    #%d %s %s (inlined call)\n", depth++, fs->func,
              fs->file ? base_name(fs->file) : "<unknown location>");
    }
  }
  while (have) {
    const rl_site_t *call = rl_site_by_id(n.call_site);
    uint32_t parent = n.parent;
    if (!parent || !rl_stack_get(parent, &n))
      break;
    if (depth == MAX_FRAMES) {
      int more = 0;
      do
        more++;
      while (n.parent && rl_stack_get(n.parent, &n) && more < 1000000);
      fprintf(o, "    ... %d more frame%s\n", more, more == 1 ? "" : "s");
      break;
    }
    const rl_site_t *fs = rl_site_by_id(n.fn_site);
    fprintf(o, "    #%d %s ", depth++, str(fs ? fs->func : NULL));
    put_loc(o, call ? call : fs);
    fputc('\n', o);
  }
}

static void put_access(FILE *o, const char *lead, const rl_acc_t *a,
                       uint32_t gid, size_t size, const char *bold,
                       const char *reset) {
  const rl_site_t *s = rl_site_by_id(a->site);
  const char *w = access_word(a, s);
  fprintf(o, "  %s%s%c%s of %zu byte%s by ", bold, lead,
          lead[0] ? w[0] : (char)(w[0] - 32), w + 1, size,
          size == 1 ? "" : "s");
  put_goroutine(o, gid);
  /* The access libc made for the program: "in strcpy". */
  if (s && s->kind == RL_SITE_CALL && s->callee && !is_free_site(s))
    fprintf(o, " in %s", s->callee);
  fputs(" at ", o);
  put_loc(o, s);
  fprintf(o, ":%s\n", reset);
  char line[160];
  if (s && rl_src_line(s->file, s->line, line, sizeof line))
    fprintf(o, "  %6u | %s\n", s->line, line);
  put_stack(o, a->stack, s);
}

static void put_origin(FILE *o, uint32_t gid) {
  rl_thread_t *g = rl_thread_by_gid(gid);
  if (!g)
    return;
  fputs("  ", o);
  put_goroutine(o, gid);
  if (gid == 1) {
    fputs(" is the main goroutine.\n", o);
    return;
  }
  if (!g->parent) {
    fputs(" is a thread started outside racelens' view.\n", o);
    return;
  }
  const rl_site_t *s = rl_site_by_id(g->create_site);
  fprintf(o, " was started by G%u at ", g->parent);
  put_loc(o, s);
  fputs(":\n", o);
  put_stack(o, g->create_stack, s);
}

/* "its start (go at x.c:22)", "a lock at x.c:30" ... */
static void put_last_sync(FILE *o, uint32_t gid, uint64_t clock) {
  rl_thread_t *g = rl_thread_by_gid(gid);
  rl_hist_t h;
  if (!g || !rl_thread_last_sync(g, clock, &h)) {
    fputs(gid == 1 ? "none (it had not synchronised yet)"
                   : "too long before to be remembered",
          o);
    return;
  }
  if (h.kind == RL_EV_START) {
    if (h.site) {
      fputs("its start (go at ", o);
      put_loc(o, h.site);
      fputc(')', o);
    } else {
      fputs("its start", o);
    }
    return;
  }
  const char *name = kind_name(h.kind);
  /* "an fd_read": the article goes by the sound, and "fd" is spelt out. */
  bool vowel = strchr("aeiou", name[0]) || !strncmp(name, "fd_", 3);
  fprintf(o, "%s %s", vowel ? "an" : "a", name);
  if (h.site) {
    fputs(" at ", o);
    put_loc(o, h.site);
  }
}

/* ---- naming the variable ------------------------------------------------ */
static const char *expr_of(const rl_acc_t *cur, const rl_acc_t *prev) {
  const rl_site_t *a = rl_site_by_id(cur->site), *b = rl_site_by_id(prev->site);
  if (a && a->expr && *a->expr)
    return a->expr;
  if (b && b->expr && *b->expr)
    return b->expr;
  return NULL;
}

/* Appends to the n bytes at out from *k on, as snprintf would, and
 * moves *k to the end of what fits. */
__attribute__((format(printf, 4, 5))) static void
append(char *out, size_t n, size_t *k, const char *fmt, ...) {
  if (*k + 1 >= n)
    return;
  va_list ap;
  va_start(ap, fmt);
  int r = vsnprintf(out + *k, n - *k, fmt, ap);
  va_end(ap);
  if (r > 0)
    *k = *k + (size_t)r < n ? *k + (size_t)r : n - 1;
}

/* "prog.c:12 by G1" */
static void append_site_by(char *out, size_t n, size_t *k, uint32_t site,
                           uint32_t gid) {
  const rl_site_t *s = rl_site_by_id(site);
  if (s && s->file)
    append(out, n, k, "%s:%u by G%u", base_name(s->file), s->line, gid);
  else
    append(out, n, k, "<unknown location> by G%u", gid);
}

/* "heap block of 8 bytes allocated at prog.c:31 by G1", and when it was
 * freed ", freed at prog.c:26 by G2", then the expression. */
static void name_block(const rl_heap_freed_t *f, const char *expr, char *out,
                       size_t n, uint64_t *obj) {
  *obj = f->block.obj;
  size_t k = 0;
  out[0] = '\0';
  append(out, n, &k, "heap block of %llu bytes allocated at ",
         (unsigned long long)f->block.size);
  append_site_by(out, n, &k, f->block.site, f->block.gid);
  if (f->free_seq) {
    append(out, n, &k, ", freed at ");
    append_site_by(out, n, &k, f->free_site, f->free_gid);
  }
  if (expr)
    append(out, n, &k, " (`%s`)", expr);
}

static void describe_var(uintptr_t addr, const rl_acc_t *cur, uint32_t cur_gid,
                         const rl_acc_t *prev, uint32_t prev_gid, char *out,
                         size_t n, uint64_t *obj) {
  const char *expr = expr_of(cur, prev);
  const rl_global_t *g = rl_global_at(addr);
  if (g) {
    *obj = rl_syncvar_object(g->addr, RL_OBJ_GLOBAL, 0);
    if (expr && g->name && strcmp(expr, g->name))
      snprintf(out, n, "`%s` in global `%s` (defined at %s:%u)", expr,
               str(g->name), str(base_name(g->file)), g->line);
    else
      snprintf(out, n, "global `%s` (defined at %s:%u)", str(g->name),
               str(base_name(g->file)), g->line);
    return;
  }
  rl_heap_freed_t f = {0};
  if (rl_heap_find((const void *)addr, &f.block)) {
    name_block(&f, expr, out, n, obj);
    return;
  }
  const char *libc = rl_static_name(addr);
  if (libc) {
    snprintf(out, n, "%s", libc);
    return;
  }
  /* Newest first: a pooled thread's stack was every goroutine's that ran
   * on it, and the newest one is the one running there now. */
  for (uint32_t gid = rl_thread_count(); gid >= 1; gid--) {
    rl_thread_t *t = rl_thread_by_gid(gid);
    if (!t || !t->stack_hi || addr < t->stack_lo || addr >= t->stack_hi)
      continue;
    /* Name the local from the access its owner made, if it made one, and
     * place it where it is declared when the plugin knew (-g), else at
     * that access. */
    const rl_site_t *s = NULL;
    if (cur_gid == gid)
      s = rl_site_by_id(cur->site);
    else if (prev_gid == gid)
      s = rl_site_by_id(prev->site);
    if (s && s->expr && s->func)
      snprintf(out, n, "local `%s` of `%s` (%s:%u)", s->expr, s->func,
               str(base_name(s->file)), s->decl_line ? s->decl_line : s->line);
    else
      snprintf(out, n, "a local variable of G%u%s%s%s", gid, expr ? " (`" : "",
               expr ? expr : "", expr ? "`)" : "");
    return;
  }
  /* Last, as memory can be a block freed lately and something else now
   * (a thread's stack where a big block was unmapped). */
  if (rl_heap_find_freed((const void *)addr, &f))
    name_block(&f, expr, out, n, obj);
  else if (expr)
    snprintf(out, n, "`%s`", expr);
  else
    snprintf(out, n, "memory at %p", (void *)addr);
}

/* ---- the report --------------------------------------------------------- */
/* The log calls an access at a call's site a free (docs/schema.md): a
 * call's site that is no free's (strdup, strcpy, printf) is its read or
 * write. */
static uint16_t log_kind(const rl_acc_t *a, const rl_site_t *s) {
  if (s && s->kind && (s->kind != RL_SITE_CALL || is_free_site(s)))
    return s->kind;
  if (a->ep & RL_EP_ATOMIC)
    return a->is_write ? RL_SITE_ATOMIC_STORE : RL_SITE_ATOMIC_LOAD;
  return a->is_write ? RL_SITE_WRITE : RL_SITE_READ;
}

/* A report is written whole into memory, then to stderr at once, so that
 * reports of goroutines that race at the same time never interleave;
 * colour only on a terminal that has not said NO_COLOR. */
typedef struct report_out {
  FILE *o;
  char *buf;
  size_t len;
  const char *red, *bold, *reset;
} report_out_t;

static bool out_open(report_out_t *r) {
  bool colour = isatty(2) && !getenv("NO_COLOR");
  *r = (report_out_t){.red = colour ? "\033[1;31m" : "",
                      .bold = colour ? "\033[1m" : "",
                      .reset = colour ? "\033[0m" : ""};
  r->o = open_memstream(&r->buf, &r->len);
  return r->o != NULL;
}

static void out_close(report_out_t *r) {
  fclose(r->o);
  if (r->buf) {
    fwrite(r->buf, 1, r->len, stderr);
    fflush(stderr);
  }
  free(r->buf);
}

static void print(size_t size, const rl_acc_t *cur, uint32_t cur_gid,
                  const rl_acc_t *prev, uint32_t prev_gid, const char *var) {
  report_out_t out;
  if (!out_open(&out))
    return;
  FILE *o = out.o;
  const char *red = out.red, *bold = out.bold, *reset = out.reset;
  const rl_site_t *cs = rl_site_by_id(cur->site),
                  *ps = rl_site_by_id(prev->site);
  fprintf(o, "==================\n%sWARNING: DATA RACE on %s%s\n", red, var,
          reset);
  put_access(o, "", cur, cur_gid, access_size(cur, cs, size), bold, reset);
  put_access(o, "Previous ", prev, prev_gid, access_size(prev, ps, 0), bold,
             reset);
  put_origin(o, cur_gid);
  if (prev_gid != cur_gid)
    put_origin(o, prev_gid);
  fprintf(o, "  %sWhy this is a race:%s nothing orders these two accesses. ",
          bold, reset);
  fprintf(o, "G%u's last synchronisation before its %s was ", cur_gid,
          access_word(cur, cs));
  put_last_sync(o, cur_gid, rl_ep_clock(cur->ep));
  fprintf(o, "; G%u's last before its %s was ", prev_gid,
          access_word(prev, ps));
  put_last_sync(o, prev_gid, rl_ep_clock(prev->ep));
  fputs(". No channel, lock, WaitGroup, join, atomic or pipe connects them.\n"
        "==================\n",
        o);
  out_close(&out);
}

void rl_report_race(rl_thread_t *t, uintptr_t addr, size_t size,
                    const rl_acc_t *cur, const rl_acc_t *prev) {
  uint32_t prev_gid =
      rl_slot_owner(rl_ep_slot(prev->ep), rl_ep_clock(prev->ep));
  const rl_site_t *cs = rl_site_by_id(cur->site),
                  *ps = rl_site_by_id(prev->site);
  pthread_mutex_lock(&report_mu);
  uint64_t id = ++total;
  bool first = pair_first(loc_of(cur->site), loc_of(prev->site));
  if (first)
    distinct++;
  char var[512];
  uint64_t obj = 0;
  describe_var(addr, cur, t->gid, prev, prev_gid, var, sizeof var, &obj);
  uint64_t seq = rl_log_plain_event(t, RL_EV_RACE, cs, obj, 0, addr, id);
  rl_log_race(&(rl_log_race_t){
      .race_id = id,
      .addr = addr,
      .size = size,
      .obj = obj,
      .var = var,
      .cur = {t->gid, cur->site, cur->stack, log_kind(cur, cs), (uint16_t)size,
              rl_ep_clock(cur->ep), seq},
      .prev = {prev_gid, prev->site, prev->stack, log_kind(prev, ps),
               (uint16_t)access_size(prev, ps, 0), rl_ep_clock(prev->ep), 0},
      .first = first});
  if (first)
    print(size, cur, t->gid, prev, prev_gid, var);
  bool halt = first && rl_opts.halt_on_error;
  pthread_mutex_unlock(&report_mu);
  if (halt) {
    fprintf(stderr, "racelens: stopping at the first data race "
                    "(halt_on_error=1)\n");
    rl_log_end("exited", rl_opts.exitcode, 0, id);
    _exit(rl_opts.exitcode);
  }
}

/* ---- potential deadlocks ------------------------------------------------ */
/* A lock by where it lives: "`a`", "the lock at byte 8 of `accounts`",
 * "the lock in heap block of 40 bytes allocated at prog.c:12 by G1". */
static void lock_name(const void *addr, char *out, size_t n) {
  uintptr_t a = (uintptr_t)addr;
  const rl_global_t *g = addr ? rl_global_at(a) : NULL;
  rl_heap_block_t b;
  size_t k = 0;
  out[0] = '\0';
  uintptr_t base = g ? (uintptr_t)g->addr : 0;
  if (g && a == base) {
    append(out, n, &k, "`%s`", str(g->name));
  } else if (g) {
    append(out, n, &k, "the lock at byte %zu of `%s`", (size_t)(a - base),
           str(g->name));
  } else if (addr && rl_heap_find(addr, &b)) {
    append(out, n, &k, "the lock in heap block of %llu bytes allocated at ",
           (unsigned long long)b.size);
    append_site_by(out, n, &k, b.site, b.gid);
  } else {
    append(out, n, &k, "the lock at %p", addr);
  }
}

static void put_taken(FILE *o, const rl_lock_edge_t *e, const char *bold,
                      const char *reset) {
  char held[256], took[256];
  lock_name(e->held.addr, held, sizeof held);
  lock_name(e->took.addr, took, sizeof took);
  const rl_site_t *s = rl_site_by_id(e->took.site);
  fprintf(o, "  %s", bold);
  put_goroutine(o, e->gid);
  fprintf(o, " took %s at ", took);
  put_loc(o, s);
  fprintf(o, " while holding %s, taken at ", held);
  put_loc(o, rl_site_by_id(e->held.site));
  fprintf(o, ":%s\n", reset);
  char line[160];
  if (s && rl_src_line(s->file, s->line, line, sizeof line))
    fprintf(o, "  %6u | %s\n", s->line, line);
  put_stack(o, e->took.stack, s);
}

static uint64_t lock_cycles;

void rl_report_lock_cycle(rl_thread_t *t, const rl_lock_edge_t *edges, size_t n,
                          size_t len) {
  pthread_mutex_lock(&report_mu);
  lock_cycles++;
  rl_log_plain_event(t, RL_EV_LOCK_ORDER, rl_site_by_id(edges[0].took.site),
                     edges[0].took.obj, 0, edges[0].held.obj, len);
  report_out_t out;
  if (!out_open(&out)) {
    pthread_mutex_unlock(&report_mu);
    return;
  }
  FILE *o = out.o;
  const char *red = out.red, *bold = out.bold, *reset = out.reset;
  char first[256], second[256];
  lock_name(edges[0].held.addr, first, sizeof first);
  lock_name(edges[0].took.addr, second, sizeof second);
  fprintf(o, "==================\n%sWARNING: POTENTIAL DEADLOCK: locks taken ",
          red);
  if (len == 2)
    fprintf(o, "in opposite orders (%s and %s)%s\n", first, second, reset);
  else
    fprintf(o, "round a cycle of %zu (%s, %s, ...)%s\n", len, first, second,
            reset);
  for (size_t i = 0; i < n; i++)
    put_taken(o, &edges[i], bold, reset);
  if (n < len)
    fprintf(o, "  ... and %zu more lock%s of the cycle\n", len - n,
            len - n == 1 ? "" : "s");
  for (size_t i = 0; i < n; i++) {
    bool told = false;
    for (size_t j = 0; j < i; j++)
      told |= edges[j].gid == edges[i].gid;
    if (!told)
      put_origin(o, edges[i].gid);
  }
  fprintf(o, "  %sWhy this can deadlock:%s ", bold, reset);
  bool one = true;
  for (size_t i = 0; i < n; i++) {
    char held[256], took[256];
    lock_name(edges[i].held.addr, held, sizeof held);
    lock_name(edges[i].took.addr, took, sizeof took);
    fputs(i ? "; " : "", o);
    put_goroutine(o, edges[i].gid);
    fprintf(o, " holds %s while it waits for %s", held, took);
    one &= edges[i].gid == edges[0].gid;
  }
  fprintf(o,
          "%s. %s, each can take its first lock and then wait forever "
          "for the next one's; this run escaped only by timing. Take the "
          "locks in one order everywhere.\n==================\n",
          n < len ? ", and so on round the cycle" : "",
          one ? "Run by two goroutines at the same time"
              : "Run at the same "
                "time");
  out_close(&out);
  pthread_mutex_unlock(&report_mu);
}

uint64_t rl_report_lock_cycles(void) {
  pthread_mutex_lock(&report_mu);
  uint64_t n = lock_cycles;
  pthread_mutex_unlock(&report_mu);
  return n;
}
