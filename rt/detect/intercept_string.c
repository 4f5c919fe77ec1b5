/*
 * rt/detect/intercept_string.c -- the <string.h> functions that read or
 * write the caller's memory: strlen, strnlen, strcpy, stpcpy, strncpy,
 * strcat, strncat, strcmp, strncmp, strcasecmp, strncasecmp, strchr,
 * strrchr, strstr, strspn, strcspn, strpbrk, memcmp, memchr, mempcpy,
 * memccpy, bzero, explicit_bzero; and qsort, which moves the elements it
 * sorts (the comparator's reads of them are the program's own, and
 * instrumented).
 *
 * libc is not instrumented, so without these a goroutine that strcpy()s
 * into a buffer while another strlen()s it races unseen, where
 * ThreadSanitizer reports it.  Each wrapper makes the real call, then
 * checks the bytes that call read and wrote as range accesses at the
 * call's site, so a report points at the line with the strcpy.
 *
 * "The bytes it read" is what the function must have looked at to give
 * its answer: a comparison reads up to the first difference, a search up
 * to what it found, as ThreadSanitizer counts them.  memcmp is the
 * exception, checked over all n bytes (TSan's default, strict_memcmp):
 * the C standard lets it read them all.  memcpy, memmove and memset need
 * nothing here: the plugin turns them into range checks wherever they
 * appear, intrinsic or call.
 */
#define _GNU_SOURCE /* stpcpy, mempcpy, qsort_r */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "intercept_common.h"

/* A comparison of a and b reads both through the first difference or the
 * terminator, max bytes at most.  fold: case-insensitively. */
static void compared(const char *a, const char *b, size_t max, bool fold,
                     const rl_site_t *site) {
  size_t i = 0;
  while (i < max) {
    unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
    if (fold) {
      x = (unsigned char)tolower(x);
      y = (unsigned char)tolower(y);
    }
    i++;
    if (x != y || !x)
      break;
  }
  rl_icpt_read(a, i, site);
  rl_icpt_read(b, i, site);
}

/* A string of at most n bytes: its bytes and the terminator if it has one
 * within n. */
static size_t bounded(const char *s, size_t n) {
  size_t m = strnlen(s, n);
  return m < n ? m + 1 : m;
}

size_t __rl_strlen(const char *s, rl_site_t *site) {
  size_t n = strlen(s);
  rl_icpt_read(s, n + 1, site);
  return n;
}

size_t __rl_strnlen(const char *s, size_t max, rl_site_t *site) {
  size_t n = strnlen(s, max);
  rl_icpt_read(s, n < max ? n + 1 : n, site);
  return n;
}

char *__rl_strcpy(char *d, const char *s, rl_site_t *site) {
  size_t n = strlen(s) + 1;
  rl_icpt_read(s, n, site);
  rl_icpt_wrote(d, n, site);
  return strcpy(d, s);
}

char *__rl_stpcpy(char *d, const char *s, rl_site_t *site) {
  size_t n = strlen(s) + 1;
  rl_icpt_read(s, n, site);
  rl_icpt_wrote(d, n, site);
  return stpcpy(d, s);
}

char *__rl_strncpy(char *d, const char *s, size_t n, rl_site_t *site) {
  rl_icpt_read(s, bounded(s, n), site);
  rl_icpt_wrote(d, n, site); /* strncpy pads with NULs to n */
  return strncpy(d, s, n);
}

char *__rl_strcat(char *d, const char *s, rl_site_t *site) {
  size_t dn = strlen(d), sn = strlen(s);
  rl_icpt_read(d, dn + 1, site);
  rl_icpt_read(s, sn + 1, site);
  rl_icpt_wrote(d + dn, sn + 1, site);
  return strcat(d, s);
}

char *__rl_strncat(char *d, const char *s, size_t n, rl_site_t *site) {
  size_t dn = strlen(d), sn = strnlen(s, n);
  rl_icpt_read(d, dn + 1, site);
  rl_icpt_read(s, bounded(s, n), site);
  rl_icpt_wrote(d + dn, sn + 1, site);
  return strncat(d, s, n);
}

int __rl_strcmp(const char *a, const char *b, rl_site_t *site) {
  compared(a, b, SIZE_MAX, false, site);
  return strcmp(a, b);
}

int __rl_strncmp(const char *a, const char *b, size_t max, rl_site_t *site) {
  compared(a, b, max, false, site);
  return strncmp(a, b, max);
}

int __rl_strcasecmp(const char *a, const char *b, rl_site_t *site) {
  compared(a, b, SIZE_MAX, true, site);
  return strcasecmp(a, b);
}

int __rl_strncasecmp(const char *a, const char *b, size_t max,
                     rl_site_t *site) {
  compared(a, b, max, true, site);
  return strncasecmp(a, b, max);
}

char *__rl_strchr(const char *s, int c, rl_site_t *site) {
  char *r = strchr(s, c);
  rl_icpt_read(s, r ? (size_t)(r - s) + 1 : strlen(s) + 1, site);
  return r;
}

char *__rl_strrchr(const char *s, int c, rl_site_t *site) {
  rl_icpt_read(s, strlen(s) + 1, site);
  return strrchr(s, c);
}

char *__rl_strstr(const char *h, const char *needle, rl_site_t *site) {
  char *r = strstr(h, needle);
  size_t nn = strlen(needle);
  rl_icpt_read(needle, nn + 1, site);
  rl_icpt_read(h, r ? (size_t)(r - h) + (nn ? nn : 1) : strlen(h) + 1, site);
  return r;
}

size_t __rl_strspn(const char *s, const char *accept, rl_site_t *site) {
  size_t r = strspn(s, accept);
  rl_icpt_read(accept, strlen(accept) + 1, site);
  rl_icpt_read(s, r + 1, site);
  return r;
}

size_t __rl_strcspn(const char *s, const char *reject, rl_site_t *site) {
  size_t r = strcspn(s, reject);
  rl_icpt_read(reject, strlen(reject) + 1, site);
  rl_icpt_read(s, r + 1, site);
  return r;
}

char *__rl_strpbrk(const char *s, const char *accept, rl_site_t *site) {
  char *r = strpbrk(s, accept);
  rl_icpt_read(accept, strlen(accept) + 1, site);
  rl_icpt_read(s, r ? (size_t)(r - s) + 1 : strlen(s) + 1, site);
  return r;
}

int __rl_memcmp(const void *a, const void *b, size_t n, rl_site_t *site) {
  rl_icpt_read(a, n, site);
  rl_icpt_read(b, n, site);
  return memcmp(a, b, n);
}

void *__rl_memchr(const void *s, int c, size_t n, rl_site_t *site) {
  void *r = memchr(s, c, n);
  rl_icpt_read(s, r ? (size_t)((const char *)r - (const char *)s) + 1 : n,
               site);
  return r;
}

void *__rl_mempcpy(void *d, const void *s, size_t n, rl_site_t *site) {
  rl_icpt_read(s, n, site);
  rl_icpt_wrote(d, n, site);
  return mempcpy(d, s, n);
}

/* Copies up to and including the first c, n bytes at most. */
void *__rl_memccpy(void *d, const void *s, int c, size_t n, rl_site_t *site) {
  const char *hit = memchr(s, c, n);
  size_t k = hit ? (size_t)(hit - (const char *)s) + 1 : n;
  rl_icpt_read(s, k, site);
  rl_icpt_wrote(d, k, site);
  return memccpy(d, s, c, n);
}

void __rl_bzero(void *p, size_t n, rl_site_t *site) {
  rl_icpt_wrote(p, n, site);
  bzero(p, n);
}

void __rl_explicit_bzero(void *p, size_t n, rl_site_t *site) {
  rl_icpt_wrote(p, n, site);
  explicit_bzero(p, n);
}

typedef int cmp_fn(const void *, const void *);
typedef int cmp_r_fn(const void *, const void *, void *);

void __rl_qsort(void *base, size_t n, size_t size, cmp_fn *cmp,
                rl_site_t *site) {
  rl_icpt_wrote(base, n * size, site);
  qsort(base, n, size, cmp);
}

void __rl_qsort_r(void *base, size_t n, size_t size, cmp_r_fn *cmp, void *arg,
                  rl_site_t *site) {
  rl_icpt_wrote(base, n * size, site);
  qsort_r(base, n, size, cmp, arg);
}

RL_FP_TWIN1(size_t, strlen, const char *)
RL_FP_TWIN2(size_t, strnlen, const char *, size_t)
RL_FP_TWIN2(char *, strcpy, char *, const char *)
RL_FP_TWIN2(char *, stpcpy, char *, const char *)
RL_FP_TWIN3(char *, strncpy, char *, const char *, size_t)
RL_FP_TWIN2(char *, strcat, char *, const char *)
RL_FP_TWIN3(char *, strncat, char *, const char *, size_t)
RL_FP_TWIN2(int, strcmp, const char *, const char *)
RL_FP_TWIN3(int, strncmp, const char *, const char *, size_t)
RL_FP_TWIN2(int, strcasecmp, const char *, const char *)
RL_FP_TWIN3(int, strncasecmp, const char *, const char *, size_t)
RL_FP_TWIN2(char *, strchr, const char *, int)
RL_FP_TWIN2(char *, strrchr, const char *, int)
RL_FP_TWIN2(char *, strstr, const char *, const char *)
RL_FP_TWIN2(size_t, strspn, const char *, const char *)
RL_FP_TWIN2(size_t, strcspn, const char *, const char *)
RL_FP_TWIN2(char *, strpbrk, const char *, const char *)
RL_FP_TWIN3(int, memcmp, const void *, const void *, size_t)
RL_FP_TWIN3(void *, memchr, const void *, int, size_t)
RL_FP_TWIN3(void *, mempcpy, void *, const void *, size_t)
RL_FP_TWIN4(void *, memccpy, void *, const void *, int, size_t)
RL_FP_TWIN2(void, bzero, void *, size_t)
RL_FP_TWIN2(void, explicit_bzero, void *, size_t)
RL_FP_TWIN4(void, qsort, void *, size_t, size_t, cmp_fn *)
RL_FP_TWIN5(void, qsort_r, void *, size_t, size_t, cmp_r_fn *, void *)
