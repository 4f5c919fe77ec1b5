/*
 * rt/detect/printf_args.h -- the memory a printf-family call reads and
 * writes through its format and its arguments.
 */
#ifndef RL_PRINTF_ARGS_H
#define RL_PRINTF_ARGS_H

#include <stdarg.h>

#include "detect.h"

/* Checks, at site, the format string and what its conversions touch: the
 * strings of %s and %ls (read, as far as a precision lets printf read
 * them) and the integers of %n (written).  ap is not consumed: the caller
 * passes the same list to the real function afterwards. */
void rl_printf_args(const char *fmt, va_list ap, const rl_site_t *site);

#endif /* RL_PRINTF_ARGS_H */
