/*
 * rt/detect/vclock.c -- vector clock arithmetic (see vclock.h).
 */
#include "vclock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void vc_grow(rl_vc_t *v, uint32_t n) {
  if (n <= v->n)
    return;
  uint32_t cap = v->n ? v->n : 4;
  while (cap < n)
    cap *= 2;
  uint64_t *c = realloc(v->c, cap * sizeof *c);
  if (!c) {
    fputs("racelens: out of memory for a vector clock\n", stderr);
    abort();
  }
  memset(c + v->n, 0, (cap - v->n) * sizeof *c);
  v->c = c;
  v->n = cap;
}

void rl_vc_set(rl_vc_t *v, uint32_t slot, uint64_t t) {
  vc_grow(v, slot + 1);
  v->c[slot] = t;
}

void rl_vc_join(rl_vc_t *dst, const rl_vc_t *src) {
  uint32_t n = src->n;
  while (n && src->c[n - 1] == 0)
    n--;
  vc_grow(dst, n);
  for (uint32_t i = 0; i < n; i++)
    if (src->c[i] > dst->c[i])
      dst->c[i] = src->c[i];
}

void rl_vc_copy(rl_vc_t *dst, const rl_vc_t *src) {
  vc_grow(dst, src->n);
  memcpy(dst->c, src->c, src->n * sizeof *dst->c);
  memset(dst->c + src->n, 0, (dst->n - src->n) * sizeof *dst->c);
}

void rl_vc_free(rl_vc_t *v) {
  free(v->c);
  v->c = NULL;
  v->n = 0;
}
