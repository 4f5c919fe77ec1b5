/*
 * rt/detect/scanf_args.c -- walks a scanf format after the call, to check
 * the objects it stored to.  Every argument of scanf is a pointer, so the
 * walk cannot misread one; what it must know is how many bytes each
 * conversion stored, and which conversions stored at all: the call's
 * result counts the assignments made, in order, and the walk stops there.
 * A %n stores without being counted; it is checked only when an
 * assignment after it shows that the input got that far, so an input
 * that ended early is never taken for a store.
 */
#include "scanf_args.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <wchar.h>

static size_t int_size(int len) {
  switch (len) {
  case 'H': /* hh */
    return 1;
  case 'h':
    return sizeof(short);
  case 0:
    return sizeof(int);
  default: /* l, ll, q, L, j, z, t */
    return 8;
  }
}

static size_t float_size(int len) {
  return len == 'L'   ? sizeof(long double)
         : len == 'l' ? sizeof(double)
                      : sizeof(float);
}

void rl_scanf_args(const char *fmt, va_list ap, int assigned,
                   const rl_site_t *site) {
  if (!rl_enabled || !fmt)
    return;
  rl_access_range(fmt, strlen(fmt) + 1, false, site);
  va_list aq;
  va_copy(aq, ap);
  void *pending_n = NULL; /* a %n waiting for a later assignment */
  size_t pending_n_size = 0;
  for (const char *p = fmt; *p && assigned > 0; p++) {
    if (*p != '%')
      continue;
    p++;
    if (*p == '%')
      continue;
    bool skip = *p == '*';
    if (skip)
      p++;
    int width = 0;
    while (*p >= '0' && *p <= '9')
      width = width * 10 + (*p++ - '0');
    if (*p == '$')
      break; /* positional: not followed */
    bool alloc = *p == 'm';
    if (alloc)
      p++;
    int len = 0;
    if (*p == 'h' || *p == 'l') {
      len = *p++;
      if (*p == len) { /* hh, ll */
        len = len == 'h' ? 'H' : 'q';
        p++;
      }
    } else if (*p && strchr("qLjzt", *p)) {
      len = *p++;
    }
    char conv = *p;
    if (conv == '[') { /* the set: a ']' first is part of it */
      p++;
      if (*p == '^')
        p++;
      if (*p == ']')
        p++;
      while (*p && *p != ']')
        p++;
      if (!*p)
        break;
    }
    if (!conv || !strchr("diouxXneEfFgGaAscp[SC", conv))
      break; /* not understood: stop before guessing */
    if (skip)
      continue;
    void *arg = va_arg(aq, void *);
    size_t n;
    bool wide = len == 'l' || conv == 'S' || conv == 'C';
    if (conv == 'n') {
      pending_n = arg;
      pending_n_size = int_size(len);
      continue;
    }
    if (alloc && strchr("sc[S", conv))
      n = sizeof(void *); /* libc allocated the string; arg is its pointer */
    else if (conv == 's' || conv == '[' || conv == 'S')
      n = wide ? (wcslen(arg) + 1) * sizeof(wchar_t) : strlen(arg) + 1;
    else if (conv == 'c' || conv == 'C')
      n = (size_t)(width ? width : 1) * (wide ? sizeof(wchar_t) : 1);
    else if (conv == 'p')
      n = sizeof(void *);
    else if (strchr("eEfFgGaA", conv))
      n = float_size(len);
    else
      n = int_size(len);
    if (pending_n) {
      rl_access_range(pending_n, pending_n_size, true, site);
      pending_n = NULL;
    }
    if (arg)
      rl_access_range(arg, n, true, site);
    assigned--;
  }
  va_end(aq);
}
