/*
 * rt/detect/scanf_args.h -- the memory a scanf-family call wrote through
 * its arguments.
 */
#ifndef RL_SCANF_ARGS_H
#define RL_SCANF_ARGS_H

#include <stdarg.h>

#include "detect.h"

/* Checks, at site, the format string (read) and the objects the first
 * `assigned` conversions stored to (written: as many bytes as each one's
 * type, a string's characters and terminator).  ap is not consumed. */
void rl_scanf_args(const char *fmt, va_list ap, int assigned,
                   const rl_site_t *site);

#endif /* RL_SCANF_ARGS_H */
