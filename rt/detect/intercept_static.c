/*
 * rt/detect/intercept_static.c -- the libc functions that keep their
 * result or their place in memory of their own, one copy for the whole
 * program: localtime and gmtime (one struct tm), ctime and asctime (one
 * string), strtok (its position in the string).  And their reentrant
 * siblings, which use the caller's memory instead: localtime_r, gmtime_r,
 * ctime_r, asctime_r, strtok_r.
 *
 * "Not thread-safe" in a man page means exactly this: two goroutines
 * calling localtime write the same struct tm, and one may read the other's
 * hour.  Each call here is checked as the write of that memory it is, so
 * the race is reported like any other, on a block named for what it is
 * and for what to use instead.  (ThreadSanitizer checks the struct tm and
 * the strings too; strtok's hidden position it does not.)
 *
 * strtok's position is a pointer the program cannot see (`position`
 * below).  Every strtok call reads and writes it, reads the string up to
 * the token's end and writes the terminator it puts there.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include "intercept_common.h"

/* ---- naming libc's memory ----------------------------------------------
 * A handful of blocks, found on the first call of each function: an array
 * that only grows, its length published after its entry. */
enum { MAX_STATICS = 8 };
static struct {
  uintptr_t addr;
  size_t size;
  const char *name;
} statics[MAX_STATICS];
static _Atomic int nstatics;
static pthread_mutex_t statics_mu = PTHREAD_MUTEX_INITIALIZER;

void rl_static_note(const void *addr, size_t n, const char *name) {
  if (rl_static_name((uintptr_t)addr))
    return;
  pthread_mutex_lock(&statics_mu);
  int k = atomic_load_explicit(&nstatics, memory_order_relaxed);
  if (k < MAX_STATICS && !rl_static_name((uintptr_t)addr)) {
    statics[k].addr = (uintptr_t)addr;
    statics[k].size = n;
    statics[k].name = name;
    atomic_store_explicit(&nstatics, k + 1, memory_order_release);
  }
  pthread_mutex_unlock(&statics_mu);
}

const char *rl_static_name(uintptr_t addr) {
  int k = atomic_load_explicit(&nstatics, memory_order_acquire);
  for (int i = 0; i < k; i++)
    if (addr >= statics[i].addr && addr < statics[i].addr + statics[i].size)
      return statics[i].name;
  return NULL;
}

static const char TM_NAME[] =
    "the struct tm that `localtime` and `gmtime` return (one for the whole "
    "program: `localtime_r` and `gmtime_r` take yours)";
static const char STR_NAME[] =
    "the string that `ctime` and `asctime` return (one for the whole program: "
    "`ctime_r` and `asctime_r` take yours)";
static const char POS_NAME[] =
    "`strtok`'s hidden position (one for the whole program: `strtok_r` takes "
    "yours)";

/* A result in libc's memory: named, then written by this call. */
static void wrote_static(const void *p, size_t n, const char *name,
                         const rl_site_t *site) {
  if (!p || !rl_enabled)
    return;
  rl_static_note(p, n, name);
  rl_icpt_wrote(p, n, site);
}

/* ---- time ---------------------------------------------------------------- */
/* localtime and gmtime: their struct tm is libc's */
static struct tm *static_tm(struct tm *(*fn)(const time_t *), const time_t *t,
                            const rl_site_t *site) {
  rl_icpt_read(t, sizeof *t, site);
  struct tm *r = fn(t);
  wrote_static(r, sizeof *r, TM_NAME, site);
  return r;
}

/* localtime_r and gmtime_r: the caller's */
static struct tm *own_tm(struct tm *(*fn)(const time_t *, struct tm *),
                         const time_t *t, struct tm *out,
                         const rl_site_t *site) {
  rl_icpt_read(t, sizeof *t, site);
  struct tm *r = fn(t, out);
  if (r)
    rl_icpt_wrote(out, sizeof *out, site);
  return r;
}

struct tm *__rl_localtime(const time_t *t, rl_site_t *site) {
  return static_tm(localtime, t, site);
}

struct tm *__rl_gmtime(const time_t *t, rl_site_t *site) {
  return static_tm(gmtime, t, site);
}

struct tm *__rl_localtime_r(const time_t *t, struct tm *out, rl_site_t *site) {
  return own_tm(localtime_r, t, out, site);
}

struct tm *__rl_gmtime_r(const time_t *t, struct tm *out, rl_site_t *site) {
  return own_tm(gmtime_r, t, out, site);
}

char *__rl_ctime(const time_t *t, rl_site_t *site) {
  rl_icpt_read(t, sizeof *t, site);
  char *r = ctime(t);
  wrote_static(r, r ? strlen(r) + 1 : 0, STR_NAME, site);
  return r;
}

char *__rl_asctime(const struct tm *tm, rl_site_t *site) {
  rl_icpt_read(tm, sizeof *tm, site);
  char *r = asctime(tm);
  wrote_static(r, r ? strlen(r) + 1 : 0, STR_NAME, site);
  return r;
}

char *__rl_ctime_r(const time_t *t, char *buf, rl_site_t *site) {
  rl_icpt_read(t, sizeof *t, site);
  char *r = ctime_r(t, buf);
  if (r)
    rl_icpt_wrote(buf, strlen(buf) + 1, site);
  return r;
}

char *__rl_asctime_r(const struct tm *tm, char *buf, rl_site_t *site) {
  rl_icpt_read(tm, sizeof *tm, site);
  char *r = asctime_r(tm, buf);
  if (r)
    rl_icpt_wrote(buf, strlen(buf) + 1, site);
  return r;
}

/* ---- strtok -------------------------------------------------------------
 * strtok is strtok_r with a position of libc's own; here it is this one,
 * which lets the checks see where each token ended.  A program whose
 * goroutines share it unordered gets what libc's gives it, and a report. */
static char *position;

/* What strtok_r does to the string from where it starts: reads up to the
 * end of the token and its delimiter, and writes the NUL it puts there. */
static void tokenized(const char *from, const char *delim, const char *tok,
                      const char *next, const rl_site_t *site) {
  rl_icpt_read(delim, strlen(delim) + 1, site);
  if (!from)
    return;
  if (!tok) { /* only delimiters were left */
    rl_icpt_read(from, strlen(from) + 1, site);
    return;
  }
  size_t len = strlen(tok);
  rl_icpt_read(from, (size_t)(tok - from) + len + 1, site);
  if (next && next > tok + len) /* the delimiter became a NUL */
    rl_icpt_wrote(tok + len, 1, site);
}

char *__rl_strtok_r(char *s, const char *delim, char **save, rl_site_t *site) {
  rl_icpt_read(save, sizeof *save, site);
  char *from = s ? s : *save;
  char *tok = strtok_r(s, delim, save);
  tokenized(from, delim, tok, *save, site);
  rl_icpt_wrote(save, sizeof *save, site);
  return tok;
}

char *__rl_strtok(char *s, const char *delim, rl_site_t *site) {
  if (rl_enabled) {
    rl_static_note(&position, sizeof position, POS_NAME);
    rl_icpt_read(&position, sizeof position, site);
  }
  char *from = s ? s : position;
  char *tok = strtok_r(s, delim, &position);
  tokenized(from, delim, tok, position, site);
  rl_icpt_wrote(&position, sizeof position, site);
  return tok;
}

RL_FP_TWIN1(struct tm *, localtime, const time_t *)
RL_FP_TWIN1(struct tm *, gmtime, const time_t *)
RL_FP_TWIN2(struct tm *, localtime_r, const time_t *, struct tm *)
RL_FP_TWIN2(struct tm *, gmtime_r, const time_t *, struct tm *)
RL_FP_TWIN1(char *, ctime, const time_t *)
RL_FP_TWIN1(char *, asctime, const struct tm *)
RL_FP_TWIN2(char *, ctime_r, const time_t *, char *)
RL_FP_TWIN2(char *, asctime_r, const struct tm *, char *)
RL_FP_TWIN3(char *, strtok_r, char *, const char *, char **)
RL_FP_TWIN2(char *, strtok, char *, const char *)
