/*
 * rt/detect/intercept_heap.c -- malloc, calloc, realloc, reallocarray,
 * free, aligned_alloc, posix_memalign, memalign, valloc, pvalloc, strdup,
 * strndup, and getline and getdelim, which grow the caller's block.
 *
 * Two duties.  First, no false positives from reuse: the allocator hands
 * out addresses that earlier blocks used, so every new block starts with
 * clean shadow (rl_shadow_reset) and no sync clocks.  Second, free is a
 * write of the whole block, checked before the memory goes back to the
 * allocator: a free racing with a use, in either order, is a race, and
 * the shadow keeps that write so a later unordered use is reported too
 * (until the allocator reuses the address for a new block).
 *
 * Blocks allocated behind our back (by uninstrumented code) are unknown
 * here; freeing one from instrumented code just frees it.
 *
 * pvalloc rounds the size up to whole pages and the program may use all
 * of them, so its block is the rounded size: every byte of it starts
 * clean.
 */
#define _GNU_SOURCE /* memalign, valloc, pvalloc, reallocarray */
#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../log/log.h"
#include "heap.h"
#include "intercept_common.h"

static uint32_t site_id(const rl_site_t *site) {
  return site ? site->id : 0;
}

static void track_alloc(void *p, size_t size, const rl_site_t *site) {
  rl_shadow_reset(p, size);
  rl_shadow_dense(p, size);
  rl_heap_block_t b = {0};
  b.base = (uintptr_t)p;
  b.size = size;
  b.site = site_id(site);
  b.gid = rl_gid();
  b.stack = rl_stack_node();
  b.obj = rl_object(p, RL_OBJ_HEAP, site, size, 0, 0);
  rl_evinfo_t e = {0};
  e.kind = RL_EV_MALLOC;
  e.obj = b.obj;
  e.site = site;
  e.value = size;
  b.seq = rl_event(&e);
  rl_heap_add(&b);
}

/* Takes the block at p out of the registry after its whole-block write,
 * while it is still ours (after the real free another thread may already
 * own the address).  Fills *b; false when p is not a block we know. */
static bool unregister(void *p, const rl_site_t *site, rl_heap_block_t *b) {
  if (!rl_heap_find(p, b) || b->base != (uintptr_t)p)
    return false;
  rl_access_range(p, b->size, true, site);
  rl_sync_forget_range(p, b->size ? b->size : 1);
  return rl_heap_remove(p, b); /* false: a concurrent free of it won */
}

/* The free event, and the block kept for naming memory used after it
 * (heap_freed.c). */
static void note_free(const rl_heap_block_t *b, const rl_site_t *site) {
  rl_evinfo_t e = {0};
  e.kind = RL_EV_FREE;
  e.obj = b->obj;
  e.site = site;
  e.value = b->size;
  rl_heap_freed_t f = {.block = *b,
                       .free_seq = rl_event(&e),
                       .free_site = site_id(site),
                       .free_gid = rl_gid()};
  rl_heap_note_freed(&f);
  rl_log_object_free(b->obj, f.free_seq);
}

void *__rl_malloc(size_t n, rl_site_t *site) {
  void *p = malloc(n);
  if (p && rl_enabled)
    track_alloc(p, n, site);
  return p;
}

void *__rl_calloc(size_t n, size_t size, rl_site_t *site) {
  void *p = calloc(n, size);
  if (p && rl_enabled) {
    /* calloc cannot overflow here: it returned a block. */
    track_alloc(p, n * size, site);
    rl_access_range(p, n * size, true, site); /* the zeroing */
  }
  return p;
}

void *__rl_aligned_alloc(size_t align, size_t n, rl_site_t *site) {
  void *p = aligned_alloc(align, n);
  if (p && rl_enabled)
    track_alloc(p, n, site);
  return p;
}

int __rl_posix_memalign(void **out, size_t align, size_t n, rl_site_t *site) {
  void *p;
  int r = posix_memalign(&p, align, n);
  if (rl_enabled && r == 0) {
    rl_access_range(out, sizeof *out, true, site);
    track_alloc(p, n, site);
  }
  if (r == 0)
    *out = p;
  return r;
}

void *__rl_memalign(size_t align, size_t n, rl_site_t *site) {
  void *p = memalign(align, n);
  if (p && rl_enabled)
    track_alloc(p, n, site);
  return p;
}

void *__rl_valloc(size_t n, rl_site_t *site) {
  void *p = valloc(n);
  if (p && rl_enabled)
    track_alloc(p, n, site);
  return p;
}

void *__rl_pvalloc(size_t n, rl_site_t *site) {
  void *p = pvalloc(n);
  if (p && rl_enabled) {
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size_t rounded = n ? (n + page - 1) / page * page : page;
    track_alloc(p, rounded, site);
  }
  return p;
}

char *__rl_strdup(const char *s, rl_site_t *site) {
  if (!rl_enabled)
    return strdup(s);
  size_t n = strlen(s) + 1;
  rl_access_range(s, n, false, site);
  char *p = malloc(n);
  if (!p) {
    errno = ENOMEM;
    return NULL;
  }
  memcpy(p, s, n);
  track_alloc(p, n, site);
  rl_access_range(p, n, true, site);
  return p;
}

/* Reads the string as far as strndup does: up to n bytes, or through its
 * terminator when that comes first. */
char *__rl_strndup(const char *s, size_t n, rl_site_t *site) {
  if (!rl_enabled)
    return strndup(s, n);
  size_t len = strnlen(s, n);
  rl_access_range(s, len < n ? len + 1 : len, false, site);
  char *p = malloc(len + 1);
  if (!p) {
    errno = ENOMEM;
    return NULL;
  }
  memcpy(p, s, len);
  p[len] = '\0';
  track_alloc(p, len + 1, site);
  rl_access_range(p, len + 1, true, site);
  return p;
}

void __rl_free(void *p, rl_site_t *site) {
  rl_heap_block_t b;
  if (p && rl_enabled && unregister(p, site, &b))
    note_free(&b, site);
  free(p);
}

/* realloc is free + malloc + copy.  The old block is written and
 * unregistered before the real call, for the reason given in unregister;
 * the new block starts clean and then holds the copy, written by this
 * goroutine. */
void *__rl_realloc(void *old, size_t n, rl_site_t *site) {
  if (!rl_enabled)
    return realloc(old, n);
  if (!old)
    return __rl_malloc(n, site);
  rl_heap_block_t b;
  bool known = unregister(old, site, &b);
  void *p = realloc(old, n);
  if (!p && n) {
    if (known)
      rl_heap_add(&b); /* failed: the old block lives on unchanged */
    return NULL;
  }
  if (known)
    note_free(&b, site);
  if (p) {
    track_alloc(p, n, site);
    if (known)
      rl_access_range(p, b.size < n ? b.size : n, true, site);
  }
  return p;
}

/* realloc of nmemb * size bytes, refused (as by libc) when that
 * overflows. */
void *__rl_reallocarray(void *old, size_t nmemb, size_t size, rl_site_t *site) {
  if (!rl_enabled)
    return reallocarray(old, nmemb, size);
  size_t n;
  if (__builtin_mul_overflow(nmemb, size, &n)) {
    errno = ENOMEM;
    return NULL;
  }
  return __rl_realloc(old, n, site);
}

/* getline and getdelim write the line into the caller's block, and grow
 * it with realloc when the line does not fit: inside libc, where the
 * registry would not see the old block go and the new one come, and a
 * later report would name a block that no longer exists.  So libc reads
 * the line into a block of its own, and the caller's is grown here,
 * through __rl_realloc: as if the program had called realloc at this
 * line, the old block's bytes written by its free and the new block
 * allocated here.  The line is then a write of its bytes, and the pointer
 * and the size, which the call updates, are written too.  Growth doubles,
 * from libc's first 120 bytes, as libc's own does. */
ssize_t __rl_getdelim(char **line, size_t *cap, int delim, FILE *f,
                      rl_site_t *site) {
  if (!rl_enabled || !line || !cap) /* libc says EINVAL to the latter */
    return getdelim(line, cap, delim, f);
  char *got = NULL;
  size_t got_cap = 0;
  ssize_t r = getdelim(&got, &got_cap, delim, f);
  rl_access_range(line, sizeof *line, true, site);
  rl_access_range(cap, sizeof *cap, true, site);
  if (r < 0) {
    int e = errno;
    free(got);
    errno = e;
    return r;
  }
  size_t need = (size_t)r + 1; /* the line and its terminator */
  if (!*line || *cap < need) {
    size_t want = *line && *cap > 60 ? 2 * *cap : 120;
    if (want < need)
      want = need;
    char *p = __rl_realloc(*line, want, site);
    if (!p) {
      free(got);
      errno = ENOMEM;
      return -1;
    }
    *line = p;
    *cap = want;
  }
  memcpy(*line, got, need);
  rl_access_range(*line, need, true, site);
  free(got);
  return r;
}

ssize_t __rl_getline(char **line, size_t *cap, FILE *f, rl_site_t *site) {
  return __rl_getdelim(line, cap, '\n', f, site);
}

RL_FP_TWIN1(void *, malloc, size_t)
RL_FP_TWIN2(void *, calloc, size_t, size_t)
RL_FP_TWIN2(void *, realloc, void *, size_t)
RL_FP_TWIN2(void *, aligned_alloc, size_t, size_t)
RL_FP_TWIN3(int, posix_memalign, void **, size_t, size_t)
RL_FP_TWIN1(char *, strdup, const char *)
RL_FP_TWIN2(void *, memalign, size_t, size_t)
RL_FP_TWIN1(void *, valloc, size_t)
RL_FP_TWIN1(void *, pvalloc, size_t)
RL_FP_TWIN3(void *, reallocarray, void *, size_t, size_t)
RL_FP_TWIN2(char *, strndup, const char *, size_t)
RL_FP_TWIN4(ssize_t, getdelim, char **, size_t *, int, FILE *)
RL_FP_TWIN3(ssize_t, getline, char **, size_t *, FILE *)

void __rl_fp_free(void *p) {
  __rl_free(p, NULL);
}
